//! Applying an intervention to the run at the current time: a live one is checked and
//! logged for replay first; a scripted incident comes straight to `apply_now`; those
//! kept ahead by a rewind (`timeline.rs`) at their places.

use crate::intervention::{Intervention, Logged};
use crate::run::Run;
use crate::state::Health;
use crate::topo::ppm;
use wirelab_model::{NodeId, WireId};

impl Run {
    /// Applies a live intervention at the current time and records it in the log.
    pub fn apply(&mut self, iv: Intervention) -> Result<(), String> {
        iv.check(&self.scenario)?;
        self.interventions.log.push(Logged {
            at_us: self.now,
            after_events: self.events_done,
            intervention: iv.clone(),
        });
        // Live interventions are part of the trace: their time and position in the log.
        self.trace.events.word(self.now);
        self.trace
            .events
            .word(u64::MAX - self.interventions.log.len() as u64);
        self.apply_now(&iv);
        Ok(())
    }

    /// Applies the interventions ahead whose place has come: after exactly the events
    /// they followed, at their time, if that is no later than `until`.
    pub(crate) fn apply_ahead(&mut self, until: u64) {
        while let Some(l) = self.interventions.ahead.front() {
            if l.after_events != self.events_done || l.at_us > until {
                return;
            }
            let l = self.interventions.ahead.pop_front().expect("front");
            self.now = self.now.max(l.at_us);
            // It was valid when first applied, to this same run.
            let _ = self.apply(l.intervention);
        }
    }

    /// The live interventions applied so far, for replay.
    pub fn intervention_log(&self) -> &[Logged] {
        &self.interventions.log
    }

    /// The incident script's actions applied so far, with their times (µs), in the order
    /// applied. Not in the log: the scenario schedules them again in any replay.
    pub fn applied_incidents(&self) -> &[(u64, Intervention)] {
        &self.interventions.script[..self.interventions.applied]
    }

    /// Applies a checked intervention (scripted incidents come straight here).
    pub(crate) fn apply_now(&mut self, iv: &Intervention) {
        let node_ix = |run: &Run, id: NodeId| run.topo.node_index[&id];
        let wire_ix = |run: &Run, id: WireId| run.topo.wire_index[&id] as usize;
        match *iv {
            Intervention::Kill { node } => {
                let n = node_ix(self, node);
                self.nodes[n as usize].health = Health::Down;
                if self.topo.service(n).is_some() {
                    self.abort_all(n);
                }
            }
            Intervention::Revive { node } => {
                let n = node_ix(self, node);
                let was = self.nodes[n as usize].health;
                let rt = &mut self.nodes[n as usize];
                rt.health = Health::Up;
                rt.slow = 1;
                rt.error_ppm = self.topo.service(n).map_or(0, |s| s.error_ppm);
                if was == Health::Hung {
                    self.abort_all(n);
                }
                self.reconnect(n);
            }
            Intervention::Hang { node } => {
                let n = node_ix(self, node);
                self.nodes[n as usize].health = Health::Hung;
            }
            Intervention::Slow { node, factor } => {
                let n = node_ix(self, node);
                self.nodes[n as usize].slow = factor.max(1);
            }
            Intervention::ErrorRate { node, rate } => {
                let n = node_ix(self, node);
                self.nodes[n as usize].error_ppm = ppm(rate);
            }
            Intervention::Cut { wire } => {
                let w = wire_ix(self, wire);
                self.wires[w].cut = true;
            }
            Intervention::Heal { wire } => {
                let w = wire_ix(self, wire);
                self.wires[w].cut = false;
            }
            Intervention::LoseResponses { wire, rate } => {
                let w = wire_ix(self, wire);
                self.wires[w].lose_ppm = ppm(rate);
            }
            Intervention::Load { node, rate_per_s } => {
                let n = node_ix(self, node);
                let rt = &mut self.nodes[n as usize];
                rt.arrival = rt.arrival.with_rate(rate_per_s);
                self.restart_arrivals(n);
            }
            Intervention::Send { node, count } => {
                let n = node_ix(self, node);
                self.people(n, u64::from(count));
            }
        }
    }

    /// After a revive: resume deliveries, outbox relays and held requests that involve
    /// the node.
    fn reconnect(&mut self, n: u32) {
        for sub in 0..self.topo.subs.len() as u32 {
            let st = self.topo.subs[sub as usize];
            if st.topic == n || st.consumer == n {
                self.pump(sub);
            }
        }
        for w in 0..self.topo.wires.len() as u32 {
            let wt = &self.topo.wires[w as usize];
            match wt.kind {
                crate::topo::WireT::Publish(_) if wt.from == n => self.kick_relay(w),
                crate::topo::WireT::Rr(rr) if wt.to == n || rr.via == n => self.flush_parked(w),
                _ => {}
            }
        }
    }
}
