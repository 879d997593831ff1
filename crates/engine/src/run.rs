//! The run: owns time, the event queue, the random streams and all state; dispatches
//! each event to the mechanism that handles it.
//!
//! Over 600 lines on purpose: the one dispatch, the step budget and the journey
//! bookkeeping every mechanism shares (`send`, `jinc`/`jdec`, `resolve_user`) read as one
//! loop; each mechanism's handlers live in their own file (README: "Why the engine is one
//! `Run`").

use crate::intervention::{Intervention, Interventions};
use crate::journeys::Journeys;
use crate::metrics::Kept;
use crate::observe::Observers;
use crate::queue::{Ev, EventQueue};
use crate::rng::Streams;
use crate::settled::Settled;
use crate::state::*;
use crate::topo::{Role, Topo, WireT};
use crate::trace::Hashes;
use std::collections::{BTreeMap, VecDeque};
use wirelab_model::{validate, Problem, Scenario};

/// People one event brings at most; a larger crowd continues in an event at the same
/// time, so `step_until`'s event budget also bounds the arrivals one step creates.
const PEOPLE_PER_EVENT: u64 = 1_000;
/// Events one simulated second may take. Far above any design a person can follow (the
/// busiest bundled one needs about 200,000), and low enough that a 60 s run ends in
/// seconds: a loop of events with little or no delay stops here with a reason instead
/// of crawling or freezing the tab.
pub const MAX_EVENTS_PER_SIM_S: u64 = 2_000_000;
/// Bytes of records a run may keep: one per person, published event, subscription
/// copy, shed bucket and live intervention, which the report and the checks read.
/// Counted with fixed sizes (their size on a 64-bit build) so a run stops at the same
/// point natively and in the browser. With the work cap's live messages this keeps a run
/// near 200 MB.
pub const MAX_RECORD_BYTES: u64 = 150_000_000;
/// Bytes of one published event and of one subscription copy (journeys count their own).
const RECORD_BYTES: (u64, u64) = (28, 24);
/// Bytes of one shed bucket and of one live intervention (counted like the records
/// above).
const SHED_BUCKET_BYTES: u64 = 24;
const LOGGED_BYTES: u64 = 48;

/// How a bounded `step_until` call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepResult {
    /// Every event up to the target time was processed; the clock is at the target.
    Reached,
    /// The event budget ran out first; the clock is at the last processed event.
    Budget,
    /// The run has stopped for good: see [`Run::halted`].
    Halted,
}

/// Why a run stopped before its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Halt {
    /// Simulated time of the stop, µs.
    pub at_us: u64,
    /// What happened, in words for the person running it.
    pub reason: String,
}

/// What stops a run that would grow without bound.
#[derive(Clone)]
pub(crate) struct Guard {
    /// Work in flight from which arrivals are shed.
    pub cap: u32,
    /// Start (µs) and events done at the start of the current simulated second, for
    /// [`MAX_EVENTS_PER_SIM_S`].
    pub window: (u64, u64),
    /// Set when the run stopped early; no event is processed after it.
    pub halt: Option<Halt>,
}

/// A simulation run of one scenario with one seed. Cloning forks it: both continue
/// identically until they receive different interventions.
#[derive(Clone)]
pub struct Run {
    pub(crate) scenario: Scenario,
    pub(crate) topo: Topo,
    pub(crate) now: u64,
    pub(crate) q: EventQueue,
    pub(crate) events_done: u64,
    pub(crate) trace: Hashes,
    pub(crate) rng: Streams,
    pub(crate) nodes: Vec<NodeRt>,
    pub(crate) wires: Vec<WireRt>,
    pub(crate) subs: Vec<SubRt>,
    pub(crate) work: Work,
    pub(crate) journeys: Journeys,
    pub(crate) waiting: Waiting,
    /// Published events, with who waits for their ack.
    pub(crate) events: Vec<EventRec>,
    pub(crate) kept: Kept,
    /// Journeys by outcome class as they settle, and those not settled yet: what the
    /// outcomes count without a pass over every journey.
    pub(crate) settled: Settled,
    pub(crate) interventions: Interventions,
    pub(crate) guard: Guard,
    /// Whoever watches the run as it goes (see `observe.rs`).
    pub(crate) observers: Observers,
}

impl Run {
    /// Creates a run; the scenario must validate. The incident script is scheduled.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Run, Vec<Problem>> {
        let problems = validate(scenario);
        if !problems.is_empty() {
            return Err(problems);
        }
        let topo = Topo::compile(scenario);
        let n = topo.nodes.len();
        let node_ids: Vec<u32> = topo.nodes.iter().map(|n| n.id.0).collect();
        let wire_ids: Vec<u32> = topo.wires.iter().map(|w| w.id.0).collect();
        let nodes = topo
            .nodes
            .iter()
            .map(|t| NodeRt {
                health: Health::Up,
                slow: 1,
                error_ppm: topo_error(&t.role),
                busy: 0,
                queue: VecDeque::new(),
                busy_area: 0,
                busy_since: 0,
                arrival: match &t.role {
                    Role::Users(u) => u.arrival.clone(),
                    _ => crate::topo::Arrival::Manual,
                },
                arrival_gen: 0,
                stored: 0,
                handled: 0,
                failed: 0,
                rejected: 0,
                duplicates: 0,
                effects_of_failed: 0,
                asked: 0,
                failed_here: 0,
                failures: BTreeMap::new(),
            })
            .collect();
        let wires = topo
            .wires
            .iter()
            .map(|_| WireRt {
                cut: false,
                lose_ppm: 0,
                breaker: Breaker::Closed { fails: 0 },
                breaker_opens: 0,
                calls: 0,
                retries: 0,
                failures: 0,
                degraded: 0,
                outbox: VecDeque::new(),
                relay_inflight: Vec::new(),
                poll_scheduled: false,
                parked: VecDeque::new(),
            })
            .collect();
        let mut incidents: Vec<(u64, Intervention)> = scenario
            .incidents
            .iter()
            .map(|i| {
                let iv = Intervention::resolve(scenario, &i.action).expect("validated incident");
                (i.at_ms * 1000, iv)
            })
            .collect();
        incidents.sort_by_key(|(t, _)| *t);
        let mut run = Run {
            topo: topo.clone(),
            scenario: scenario.clone(),
            now: 0,
            q: EventQueue::with_lanes(topo.wires.len() + topo.subs.len() + n),
            events_done: 0,
            trace: Hashes::default(),
            rng: Streams::new(seed, &node_ids, &wire_ids),
            nodes,
            wires,
            subs: vec![SubRt::default(); topo.subs.len()],
            work: Work::default(),
            journeys: Journeys::default(),
            waiting: Waiting::default(),
            events: Vec::new(),
            kept: Kept::new(n),
            settled: Settled::new(n, topo.wires.len()),
            interventions: Interventions {
                script: incidents,
                ..Interventions::default()
            },
            guard: Guard {
                cap: scenario.max_in_flight,
                window: (0, 0),
                halt: None,
            },
            observers: Observers::default(),
        };
        run.trace.events.word(seed);
        for (i, (t, _)) in run.interventions.script.iter().enumerate() {
            run.q.push(*t, Ev::Incident { index: i as u32 });
        }
        for u in 0..n as u32 {
            run.schedule_arrival(u, 0);
        }
        Ok(run)
    }

    /// Current simulated time in µs.
    pub fn now_us(&self) -> u64 {
        self.now
    }

    /// The seed of this run.
    pub fn seed(&self) -> u64 {
        self.rng.seed
    }

    /// The scenario this run was created from.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Events processed so far.
    pub fn events_processed(&self) -> u64 {
        self.events_done
    }

    /// The trace hash so far (FNV-1a over every processed event; see `trace.rs`).
    pub fn trace_hash(&self) -> u64 {
        self.trace.events.value()
    }

    /// Processes events with time ≤ `t_us`, at most `max_events` of them. When all are
    /// done the clock moves to `t_us`; otherwise it stays at the last processed event.
    pub fn step_until(&mut self, t_us: u64, max_events: u64) -> StepResult {
        let mut budget = max_events;
        loop {
            if self.guard.halt.is_some() {
                return StepResult::Halted;
            }
            // A replayed intervention due before the next event (or before the target,
            // when no event is) goes first: the events it makes may lie before the
            // target too, and are processed here like any other.
            let next = self.q.peek_time();
            self.apply_ahead(next.map_or(t_us, |n| n.min(t_us)));
            match self.q.peek_time() {
                Some(time) if time <= t_us => {
                    if budget == 0 {
                        return StepResult::Budget;
                    }
                    budget -= 1;
                    self.step_one();
                }
                _ => break,
            }
        }
        self.now = self.now.max(t_us);
        StepResult::Reached
    }

    /// Why the run stopped early, if it did.
    pub fn halted(&self) -> Option<&Halt> {
        self.guard.halt.as_ref()
    }

    /// Processes exactly one event, if any; returns false when the queue is empty or the
    /// run has halted.
    pub fn step_one(&mut self) -> bool {
        if self.guard.halt.is_some() {
            return false;
        }
        if !self.interventions.ahead.is_empty() {
            if let Some(next) = self.q.peek_time() {
                self.apply_ahead(next);
            }
        }
        let Some((time, seq, ev, lane)) = self.q.pop() else {
            return false;
        };
        if let Some(lane) = lane {
            self.rearm(lane);
        }
        self.now = time;
        self.events_done += 1;
        let (code, fields) = ev.trace_words();
        self.trace.events.word(time);
        self.trace.events.word(seq);
        self.trace.events.word(code);
        self.trace.events.word(fields);
        self.dispatch(ev);
        self.watch_runaway();
        true
    }

    /// Customers whose journeys have settled and are kept folded (see `journeys.rs`).
    pub fn journeys_folded(&self) -> u64 {
        self.journeys.folded() as u64
    }

    /// The part of [`Run::record_bytes`] that a copy of this run shares with it instead
    /// of copying (the folded journeys), so checkpoints count it once.
    pub fn shared_record_bytes(&self) -> u64 {
        self.journeys.folded_bytes()
    }

    /// Bytes of the records this run keeps (see [`MAX_RECORD_BYTES`]).
    pub fn record_bytes(&self) -> u64 {
        let copies: usize = self.subs.iter().map(|s| s.copies.len()).sum();
        let (e, c) = RECORD_BYTES;
        self.journeys.bytes()
            + self.events.len() as u64 * e
            + copies as u64 * c
            + self.kept.shed_log.len() as u64 * SHED_BUCKET_BYTES
            + (self.interventions.log.len() + self.interventions.ahead.len()) as u64 * LOGGED_BYTES
    }

    /// Halts a run that does more than [`MAX_EVENTS_PER_SIM_S`] events in one simulated
    /// second, or keeps more than [`MAX_RECORD_BYTES`] of records.
    fn watch_runaway(&mut self) {
        if self.events_done.is_multiple_of(4096) && self.record_bytes() > MAX_RECORD_BYTES {
            self.guard.halt = Some(Halt {
                at_us: self.now,
                reason: format!(
                    "stopped at {:.3} s: the run keeps a record of every person and event for \
                     its report, and these reached the memory one run may use ({} MB). \
                     Shorten the run or lower the load.",
                    self.now as f64 / 1e6,
                    MAX_RECORD_BYTES / 1_000_000
                ),
            });
            return;
        }
        let (start, events) = self.guard.window;
        if self.now >= start + 1_000_000 {
            self.guard.window = (self.now, self.events_done);
        } else if self.events_done - events > MAX_EVENTS_PER_SIM_S {
            self.guard.halt = Some(Halt {
                at_us: self.now,
                reason: format!(
                    "stopped at {:.3} s: more than {} events within one simulated second. \
                     The design makes more work than can be simulated; most often an event \
                     loop with little or no delay (a service that reacts to its own topic), \
                     or far too much load. Give the loop some latency, or lower the load.",
                    self.now as f64 / 1e6,
                    MAX_EVENTS_PER_SIM_S
                ),
            });
        }
    }

    /// Timer lanes: one per wire (call, request/reply and publish timeouts), one per
    /// subscription (ack timeouts), one per node (users' patience).
    pub(crate) fn lane_sub(&self, sub: u32) -> u32 {
        self.topo.wires.len() as u32 + sub
    }

    pub(crate) fn lane_node(&self, node: u32) -> u32 {
        (self.topo.wires.len() + self.topo.subs.len()) as u32 + node
    }

    /// Arms a lane's next live timer, dropping cancelled ones (a cancelled timer never
    /// becomes live again, so dropping it early changes nothing).
    fn rearm(&mut self, lane: u32) {
        while let Some(ev) = self.q.lane_front(lane) {
            if self.timer_is_stale(ev) {
                self.q.lane_drop(lane);
            } else {
                self.q.lane_arm(lane);
                return;
            }
        }
    }

    fn timer_is_stale(&self, ev: Ev) -> bool {
        match ev {
            Ev::CallTimeout { call, gen, attempt } => !matches!(
                self.work.calls.get(H { slot: call, gen }),
                Some(c) if c.state == CallState::InFlight && c.attempt == attempt
            ),
            Ev::Patience { journey } => self.journeys.at(journey).outcome != Outcome::InFlight,
            Ev::PubTimeout { event } => self.events[event as usize].waiter.is_none(),
            Ev::AckTimeout { sub, copy, n } => {
                let c = &self.subs[sub as usize].copies[copy as usize];
                !(c.state == CopyState::Processing && c.deliveries == n)
            }
            _ => false,
        }
    }

    fn dispatch(&mut self, ev: Ev) {
        match ev {
            Ev::Arrival { users, gen } => {
                if self.nodes[users as usize].arrival_gen == gen {
                    self.on_arrival(users);
                }
            }
            Ev::People { users, left } => self.people(users, u64::from(left)),
            Ev::Arrive { msg } => self.on_arrive(msg),
            Ev::ProcDone { task, gen } => self.on_proc_done(H { slot: task, gen }),
            Ev::CallTimeout { call, gen, attempt } => {
                self.on_call_timeout(H { slot: call, gen }, attempt)
            }
            Ev::Retry { call, gen } => self.on_retry(H { slot: call, gen }),
            Ev::Patience { journey } => self.on_patience(journey),
            Ev::PubTimeout { event } => self.on_pub_timeout(event),
            Ev::AckTimeout { sub, copy, n } => self.on_ack_timeout(sub, copy, n),
            Ev::Redeliver { sub, copy } => self.on_redeliver(sub, copy),
            Ev::OutboxPoll { wire } => self.on_outbox_poll(wire),
            Ev::Incident { index } => {
                let iv = self.interventions.script[index as usize].1.clone();
                self.apply_now(&iv);
                self.interventions.applied = index as usize + 1;
            }
        }
    }

    /// Sends a message on `wire`; its arrival time is sampled now. A cut wire drops it;
    /// a lose-responses fault drops answers and acks.
    pub(crate) fn send(
        &mut self,
        wire: u32,
        from: u32,
        to: u32,
        body: Body,
        attempt: u32,
        journey: u32,
    ) {
        let w = &self.topo.wires[wire as usize];
        let lat = match w.kind {
            WireT::Call(c) => c.net,
            WireT::Publish(p) => p.net,
            WireT::Sub(s) => self.topo.subs[s as usize].net,
            WireT::Rr(r) => r.net,
        };
        let rng = &mut self.rng.net[wire as usize];
        let d = lat.sample(rng);
        let wr = &self.wires[wire as usize];
        let lost = wr.cut || (body.is_response() && rng.chance(wr.lose_ppm));
        let arrives_at = self.now + d;
        let jr = self.journeys.get_mut(journey);
        if let Some(bit) = 1u64.checked_shl(to) {
            jr.touched |= bit;
        }
        if let Some(bit) = 1u64.checked_shl(wire) {
            jr.crossed |= bit;
        }
        jr.retried |= attempt > 1;
        let msg = Msg {
            from,
            to,
            wire,
            sent_at: self.now,
            arrives_at,
            attempt,
            journey,
            lost,
            body,
        };
        self.observers
            .tell(&self.topo, self.now, |o, at| o.on_message(at, &msg));
        let h = self.work.msgs.insert(msg);
        self.q.push(arrives_at, Ev::Arrive { msg: h.slot });
        self.jinc(journey);
    }

    fn on_arrive(&mut self, slot: u32) {
        let h = self.work.msgs.handle(slot).expect("message slot");
        let m = self.work.msgs.remove(h).expect("message");
        if m.lost {
            self.on_lost(&m);
        } else {
            match m.body {
                Body::Request { call } => self.on_request(&m, call),
                Body::Response { call, result } => self.on_response(call, m.attempt, result),
                Body::Publish { event, relay } => self.on_publish(&m, event, relay),
                Body::PubAck { event, ok, relay } => self.on_pub_ack(m.wire, event, ok, relay),
                Body::Delivery { sub, copy, n } => self.on_delivery(&m, sub, copy, n),
                Body::Ack { sub, copy, n, ok } => self.on_ack(sub, copy, n, ok),
                Body::RrRequest { call } => self.on_rr_request(&m, call),
                Body::RrForward { call } => self.on_rr_forward(&m, call),
                Body::RrReply { call, result } => self.on_rr_reply(&m, call, result),
                Body::RrReplyForward { call, result } => self.on_response(call, m.attempt, result),
            }
        }
        self.jdec(m.journey);
    }

    /// A message dropped by a cut wire or a lost response vanishes here; what waited
    /// for it finds out by its own timeout.
    fn on_lost(&mut self, m: &Msg) {
        match m.body {
            Body::Request { call } | Body::RrRequest { call } | Body::RrForward { call } => {
                self.call_release(call)
            }
            Body::Publish {
                event,
                relay: false,
            } => self.lose_event(event, LostReason::Cut),
            _ => {}
        }
    }

    /// Work in flight, for the cap: messages, tasks and queued events.
    pub(crate) fn work_in_flight(&self) -> u64 {
        u64::from(self.work.msgs.live()) + u64::from(self.work.tasks.live()) + self.work.backlog
    }

    pub(crate) fn over_cap(&self) -> bool {
        self.work_in_flight() >= u64::from(self.guard.cap)
    }

    pub(crate) fn jinc(&mut self, j: u32) {
        let jr = self.journeys.get_mut(j);
        jr.pending += 1;
        if jr.pending == 1 {
            jr.unsettled_ix = self.settled.open.len() as u32;
            self.settled.open.push(j);
            self.journeys.reopened(j);
        }
    }

    /// One piece of a journey is done; the last one fixes its time to consistency.
    pub(crate) fn jdec(&mut self, j: u32) {
        let jr = self.journeys.get_mut(j);
        jr.pending -= 1;
        if jr.pending == 0 {
            let ix = jr.unsettled_ix as usize;
            self.settled.open.swap_remove(ix);
            if let Some(&moved) = self.settled.open.get(ix) {
                self.journeys.get_mut(moved).unsettled_ix = ix as u32;
            }
            let jr = self.journeys.get_mut(j);
            let t = self.now - jr.arrived;
            jr.settled_ms = u32::try_from(t.div_ceil(1000)).unwrap_or(u32::MAX - 1);
            self.kept.metrics.consistency(t);
            let jr = *jr;
            self.journeys.settled(j);
            self.settled.count(&jr, self.now);
            self.observers
                .tell(&self.topo, self.now, |o, at| o.on_settle(at, j, &jr));
        }
    }

    fn schedule_arrival(&mut self, users: u32, after: u64) {
        use crate::topo::Arrival as A;
        let node = &self.nodes[users as usize];
        let gen = node.arrival_gen;
        let gap = match node.arrival {
            A::Manual | A::Constant(0) | A::Poisson(0) | A::Bursts(_, 0) => return,
            A::Constant(g) => g,
            A::Poisson(mean) => self.rng.users[users as usize].exp(mean).max(1),
            A::Bursts(_, every) => every,
        };
        let at = if after == 0 && !matches!(node.arrival, A::Poisson(_)) {
            self.now
        } else {
            self.now + gap
        };
        self.q.push(at, Ev::Arrival { users, gen });
    }

    fn on_arrival(&mut self, users: u32) {
        let count = match self.nodes[users as usize].arrival {
            crate::topo::Arrival::Bursts(size, _) => size,
            _ => 1,
        };
        self.people(users, u64::from(count));
        self.schedule_arrival(users, 1);
    }

    /// `count` people arrive now: one slice at once, the rest in a later event at the
    /// same time (which a change of load does not cancel: they have arrived).
    pub(crate) fn people(&mut self, users: u32, count: u64) {
        for _ in 0..count.min(PEOPLE_PER_EVENT) {
            self.new_journey(users);
        }
        if count > PEOPLE_PER_EVENT {
            let left = (count - PEOPLE_PER_EVENT) as u32;
            self.q.push(self.now, Ev::People { users, left });
        }
    }

    /// Restarts a users node's arrivals after its load changed.
    pub(crate) fn restart_arrivals(&mut self, users: u32) {
        self.nodes[users as usize].arrival_gen += 1;
        self.schedule_arrival(users, 1);
    }

    /// One person arrives and calls the entry service.
    pub(crate) fn new_journey(&mut self, users: u32) {
        let Role::Users(u) = &self.topo.nodes[users as usize].role else {
            return;
        };
        let (wire, patience, keys) = (u.entry_wire, u.patience, u.keys);
        self.kept.metrics.arrived(self.now);
        self.trace.arrivals.word(u64::from(users));
        self.trace.arrivals.word(self.now);
        if self.over_cap() {
            self.kept.shed += 1;
            // One bucket per users node and millisecond: this millisecond's buckets are
            // the last ones, whichever users node shed last.
            let ms = self.now / 1000;
            let bucket = self
                .kept
                .shed_log
                .iter_mut()
                .rev()
                .take_while(|b| b.ms == ms)
                .find(|b| b.users == users);
            match bucket {
                Some(b) => b.count += 1,
                None => self.kept.shed_log.push(ShedBucket {
                    ms,
                    users,
                    count: 1,
                }),
            }
            let outcome = Outcome::Failed(Failure {
                reason: Reason::Shed,
                at: users,
            });
            *self
                .kept
                .user_failures
                .entry((users, Reason::Shed))
                .or_insert(0) += 1;
            self.kept.finished_by_users[users as usize].1 += 1;
            self.kept.metrics.resolved(self.now, 0, &outcome);
            self.kept.metrics.consistency(0);
            return;
        }
        let j = self.journeys.len() as u32;
        // Keys come from their own stream, drawn only in keyed designs, so a design
        // without keys runs exactly as before.
        let key = match keys {
            0 => j,
            n => self.rng.keys[users as usize].upto(u64::from(n - 1)) as u32,
        };
        self.journeys.push(Journey {
            users,
            arrived: self.now,
            outcome: Outcome::InFlight,
            waited: 0,
            pending: 1,
            started: false,
            call: None,
            waiting_ix: self.waiting.journeys.len() as u32,
            unsettled_ix: self.settled.open.len() as u32,
            key,
            touched: 1u64.checked_shl(users).unwrap_or(0),
            crossed: 0,
            retried: false,
            pending_answer: false,
            failed_later: false,
            compensated: false,
            settled_ms: u32::MAX,
        });
        self.waiting.journeys.push(j);
        self.settled.open.push(j);
        let to = self.topo.wires[wire as usize].to;
        let call = self.work.calls.insert(Call {
            wire,
            caller: Caller::User(j),
            journey: j,
            attempt: 1,
            state: CallState::InFlight,
            committed: false,
            outstanding: 1,
            probe: false,
        });
        self.journeys.get_mut(j).call = Some(call);
        self.wires[wire as usize].calls += 1;
        self.send(wire, users, to, Body::Request { call }, 1, j);
        let lane = self.lane_node(users);
        self.q
            .push_timer(lane, self.now + patience, Ev::Patience { journey: j });
    }

    /// Settles a user request in its final state (only once) and drops the request's
    /// own piece of the journey.
    pub(crate) fn resolve_user(&mut self, j: u32, outcome: Outcome) {
        let jr = self.journeys.get_mut(j);
        if jr.outcome != Outcome::InFlight {
            return;
        }
        jr.outcome = outcome;
        let ix = jr.waiting_ix as usize;
        let wait = self.now - jr.arrived;
        jr.waited = wait;
        let users = jr.users;
        self.waiting.journeys.swap_remove(ix);
        if let Some(&moved) = self.waiting.journeys.get(ix) {
            self.journeys.get_mut(moved).waiting_ix = ix as u32;
        }
        self.kept.metrics.resolved(self.now, wait, &outcome);
        let done = &mut self.kept.finished_by_users[users as usize];
        done.1 += 1;
        match outcome {
            Outcome::Succeeded => {
                done.0 += 1;
                if self.journeys.at(j).pending_answer {
                    self.kept.pending_answers.push(j);
                }
            }
            Outcome::Failed(f) => {
                *self.kept.user_failures.entry((f.at, f.reason)).or_insert(0) += 1
            }
            _ => {}
        }
        if let Role::Users(u) = &self.topo.nodes[users as usize].role {
            let entry = self.topo.wires[u.entry_wire as usize].to;
            let here = match outcome {
                Outcome::Failed(f) => f.at == entry && !f.reason.from_dependency(),
                Outcome::TimedOut | Outcome::Abandoned => true,
                Outcome::Succeeded | Outcome::InFlight => false,
            };
            self.nodes[entry as usize].answered(here);
        }
        self.observers.tell(&self.topo, self.now, |o, at| {
            o.on_answer(at, j, &self.journeys.at(j))
        });
        if let Some(nodes) = self.waiting.effects.remove(&j) {
            if outcome != Outcome::Succeeded {
                for n in nodes {
                    self.nodes[n as usize].effects_of_failed += 1;
                }
            }
        }
        self.jdec(j);
    }

    fn on_patience(&mut self, j: u32) {
        let jr = self.journeys.at(j);
        if jr.outcome == Outcome::InFlight {
            let o = if jr.started {
                Outcome::TimedOut
            } else {
                Outcome::Abandoned
            };
            let call = jr.call;
            self.resolve_user(j, o);
            if let Some(c) = call {
                self.call_finish(c);
            }
        }
    }
}

fn topo_error(role: &Role) -> u32 {
    match role {
        Role::Service(s) => s.error_ppm,
        _ => 0,
    }
}
