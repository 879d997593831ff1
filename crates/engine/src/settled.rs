//! The outcome classes, counted as journeys settle: each journey is classified once,
//! when its last piece of work is done, in all and per node and wire it reached; the
//! ones not settled yet are listed, so the live report classifies only those.

use serde::Serialize;

use crate::state::{Journey, Outcome};

/// A request's side effects are *late* when its last piece of work finished (or is still
/// unfinished) more than this long after the user got the answer.
pub const LATE_US: u64 = 1_000_000;

/// What became of the customers: each arrival in exactly one class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Got an error, timed out or gave up; or was told "accepted, pending" and the work
    /// then failed.
    pub failed: u64,
    /// Answered, but some of the work the request started finished more than
    /// [`LATE_US`] after the answer, or has not finished yet.
    pub delayed: u64,
    /// Answered, and everything it started finished on time (or is on its way).
    pub unaffected: u64,
    /// Still waiting for an answer.
    pub waiting: u64,
}

impl Outcomes {
    /// Counts one journey as of `now`.
    pub(crate) fn count(&mut self, j: &Journey, now: u64) {
        match j.outcome {
            Outcome::InFlight => self.waiting += 1,
            Outcome::Failed(_) | Outcome::TimedOut | Outcome::Abandoned => self.failed += 1,
            Outcome::Succeeded if j.answered_pending() && j.failed_later => self.failed += 1,
            Outcome::Succeeded if now.saturating_sub(j.arrived + j.waited) > LATE_US => {
                self.delayed += 1
            }
            Outcome::Succeeded => self.unaffected += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.failed + self.delayed + self.unaffected + self.waiting
    }
}

/// Journeys whose last piece of work is done, by outcome, in all and per node and wire
/// they reached; and the journeys with live work, in no particular order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Settled {
    pub all: Outcomes,
    pub at_node: Vec<Outcomes>,
    pub at_wire: Vec<Outcomes>,
    pub open: Vec<u32>,
}

impl Settled {
    pub(crate) fn new(nodes: usize, wires: usize) -> Settled {
        Settled {
            at_node: vec![Outcomes::default(); nodes],
            at_wire: vec![Outcomes::default(); wires],
            ..Settled::default()
        }
    }

    /// Counts a journey that has just settled.
    pub(crate) fn count(&mut self, j: &Journey, now: u64) {
        self.all.count(j, now);
        for node in bits(j.touched) {
            self.at_node[node].count(j, now);
        }
        for wire in bits(j.crossed) {
            self.at_wire[wire].count(j, now);
        }
    }
}

/// The indexes set in a journey's `touched` (nodes) or `crossed` (wires) bits.
pub(crate) fn bits(mut touched: u64) -> impl Iterator<Item = usize> {
    // One step per set bit: this runs once per finished journey.
    std::iter::from_fn(move || {
        (touched != 0).then(|| {
            let i = touched.trailing_zeros() as usize;
            touched &= touched - 1;
            i
        })
    })
}
