//! Accounting: every user request and every event is in exactly one state. The check
//! recounts the states from the records and compares them with the running counters,
//! and checks that every live piece of work belongs to a journey that knows about it.

use crate::run::Run;
use crate::state::*;
use serde::Serialize;

/// User requests by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UserCounts {
    /// People who arrived.
    pub arrived: u64,
    /// Still waiting.
    pub in_flight: u64,
    /// Got a successful answer.
    pub succeeded: u64,
    /// Got an error (including shed by the work cap).
    pub failed: u64,
    /// Gave up after their request started processing.
    pub timed_out: u64,
    /// Gave up while their request was still queued.
    pub abandoned: u64,
}

/// Events by state (copies per subscription are summed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EventCounts {
    /// Publish attempts (each creates one event).
    pub published: u64,
    /// On the way to the broker or waiting in an outbox.
    pub to_broker: u64,
    /// Stored by the broker.
    pub stored: u64,
    /// Lost at publish.
    pub lost: u64,
    /// Copies waiting in subscription backlogs (including redelivery backoff).
    pub backlog: u64,
    /// Copies delivered and not yet acknowledged.
    pub processing: u64,
    /// Copies processed.
    pub processed: u64,
    /// Copies dead-lettered.
    pub dead_lettered: u64,
}

/// The result of an accounting check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Accounting {
    /// True when every check holds.
    pub ok: bool,
    /// What failed, in words (empty when `ok`).
    pub problems: Vec<String>,
    /// User requests by state.
    pub users: UserCounts,
    /// Events by state.
    pub events: EventCounts,
}

impl Run {
    /// Recounts every user request and event and checks nothing vanished or doubled.
    /// O(records); cheap enough to call every frame and after every step in tests.
    pub fn accounting(&self) -> Accounting {
        let mut p = Vec::new();
        let mut check = |ok: bool, what: String| {
            if !ok {
                p.push(what)
            }
        };
        let shed: u64 = self.kept.shed_log.iter().map(|b| b.count).sum();
        let mut u = UserCounts {
            arrived: self.journeys.len() as u64 + shed,
            failed: shed,
            ..UserCounts::default()
        };
        check(
            shed == self.kept.shed,
            format!("{shed} shed in the log, {} counted", self.kept.shed),
        );
        // A pending answer settles once: compensated only after failing, settled exactly
        // when no piece of its work is left.
        let (mut uncompensated, mut unsettled) = (0u64, 0u64);
        for j in self.journeys.iter() {
            uncompensated += u64::from(j.compensated && !j.failed_later);
            unsettled += u64::from((j.settled_ms != u32::MAX) != (j.pending == 0));
            match j.outcome {
                Outcome::InFlight => u.in_flight += 1,
                Outcome::Succeeded => u.succeeded += 1,
                Outcome::Failed(_) => u.failed += 1,
                Outcome::TimedOut => u.timed_out += 1,
                Outcome::Abandoned => u.abandoned += 1,
            }
        }
        check(
            uncompensated == 0,
            format!("{uncompensated} requests compensated without failing"),
        );
        check(
            unsettled == 0,
            format!("{unsettled} requests whose settling disagrees with their work left"),
        );
        check(
            self.waiting.journeys.len() as u64 == u.in_flight,
            format!(
                "{} waiting users listed, {} in flight",
                self.waiting.journeys.len(),
                u.in_flight
            ),
        );
        let m = &self.kept.metrics;
        let counted = (m.arrived, m.succeeded, m.failed, m.timed_out, m.abandoned);
        check(
            counted == (u.arrived, u.succeeded, u.failed, u.timed_out, u.abandoned),
            format!("user counters {counted:?} differ from the recount {u:?}"),
        );

        let mut e = EventCounts {
            published: self.events.len() as u64,
            ..EventCounts::default()
        };
        let mut outbox_pieces = 0u64;
        for ev in &self.events {
            match ev.state {
                EventState::ToBroker => e.to_broker += 1,
                EventState::Stored => e.stored += 1,
                EventState::Lost(_) => e.lost += 1,
            }
        }
        for w in &self.wires {
            outbox_pieces += (w.outbox.len() + w.relay_inflight.len()) as u64;
        }
        check(
            m.published == e.published,
            format!(
                "{} published but {} events recorded",
                m.published, e.published
            ),
        );
        check(
            m.lost_total() == e.lost,
            format!("{} lost counted but {} recounted", m.lost_total(), e.lost),
        );

        let mut copy_pieces = 0u64;
        for (i, s) in self.subs.iter().enumerate() {
            let st = self.topo.subs[i];
            let (mut b, mut w, mut pr, mut done, mut dead) = (0u64, 0u64, 0u64, 0u64, 0u64);
            for c in &s.copies {
                match c.state {
                    CopyState::Backlog => b += 1,
                    CopyState::Waiting => w += 1,
                    CopyState::Processing => pr += 1,
                    CopyState::Processed => done += 1,
                    CopyState::Dead => dead += 1,
                }
            }
            let name = self.sub_name(i as u32);
            check(
                s.copies.len() as u64 == self.nodes[st.topic as usize].stored,
                format!(
                    "{name}: {} copies for {} stored events",
                    s.copies.len(),
                    self.nodes[st.topic as usize].stored
                ),
            );
            check(
                (b + w, pr, done, dead) == (s.n_backlog, s.n_processing, s.n_processed, s.n_dead),
                format!("{name}: counters differ from the recount"),
            );
            check(
                s.backlog.len() as u64 == b,
                format!(
                    "{name}: backlog queue holds {} but {b} copies are in backlog",
                    s.backlog.len()
                ),
            );
            check(
                s.backlog.unhandled() as u64 == b + w,
                format!(
                    "{name}: {} copies counted for the lag but {} are waiting",
                    s.backlog.unhandled(),
                    b + w
                ),
            );
            check(
                u64::from(s.in_flight) == pr,
                format!("{name}: {} in flight but {pr} processing", s.in_flight),
            );
            e.backlog += b + w;
            e.processing += pr;
            e.processed += done;
            e.dead_lettered += dead;
            copy_pieces += b + w + pr;
        }
        check(
            m.processed == e.processed,
            format!(
                "{} processed counted but {} recounted",
                m.processed, e.processed
            ),
        );
        check(
            self.work.backlog == e.backlog,
            format!(
                "backlog total {} but {} recounted",
                self.work.backlog, e.backlog
            ),
        );

        // Every live piece of work is a pending piece of exactly one journey.
        let parked: u64 = self.wires.iter().map(|w| w.parked.len() as u64).sum();
        let pieces = u.in_flight
            + u64::from(self.work.msgs.live())
            + u64::from(self.work.tasks.live())
            + outbox_pieces
            + copy_pieces
            + parked;
        let pending: u64 = self.journeys.iter().map(|j| u64::from(j.pending)).sum();
        check(
            self.journeys.unfolds == 0,
            format!(
                "{} settled requests got work again after they were folded",
                self.journeys.unfolds
            ),
        );
        check(
            pieces == pending,
            format!("{pieces} live pieces of work but journeys expect {pending}"),
        );
        let queued: usize = self.nodes.iter().map(|n| n.queue.len()).sum();
        let busy: u64 = self.nodes.iter().map(|n| u64::from(n.busy)).sum();
        check(
            queued as u64 + busy == u64::from(self.work.tasks.live()),
            format!(
                "{} tasks but {busy} busy workers and {queued} queued",
                self.work.tasks.live()
            ),
        );

        Accounting {
            ok: p.is_empty(),
            problems: p,
            users: u,
            events: e,
        }
    }

    /// `Topic -> Consumer` for messages.
    pub(crate) fn sub_name(&self, sub: u32) -> String {
        let st = self.topo.subs[sub as usize];
        format!(
            "{} -> {}",
            self.topo.nodes[st.topic as usize].name, self.topo.nodes[st.consumer as usize].name
        )
    }
}
