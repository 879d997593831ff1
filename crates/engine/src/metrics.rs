//! Metrics gathered while the run goes: user wait and time to consistency histograms
//! (hdrhistogram), outcome counts per simulated second, events published and lost.

use crate::state::{LostReason, Outcome};
use hdrhistogram::Histogram;
use serde::Serialize;
use std::collections::BTreeMap;

/// Outcome counts in one simulated second, for charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Second {
    /// Users who arrived.
    pub arrived: u32,
    /// User requests that succeeded.
    pub succeeded: u32,
    /// User requests that failed.
    pub failed: u32,
    /// Users who gave up after processing began.
    pub timed_out: u32,
    /// Users who gave up while still queued.
    pub abandoned: u32,
    /// Event copies processed by subscribers.
    pub processed: u32,
}

/// Running metrics of a run.
#[derive(Clone, Debug)]
pub(crate) struct Metrics {
    /// User wait, µs.
    pub wait: Histogram<u64>,
    /// Time to consistency per journey, µs.
    pub consistency: Histogram<u64>,
    pub seconds: Vec<Second>,
    pub arrived: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub timed_out: u64,
    pub abandoned: u64,
    pub published: u64,
    pub processed: u64,
    pub lost: BTreeMap<LostReason, u64>,
}

fn histogram() -> Histogram<u64> {
    // 1 µs to one day at 3 significant figures.
    Histogram::new_with_bounds(1, 86_400_000_000, 3).expect("valid histogram bounds")
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics {
            wait: histogram(),
            consistency: histogram(),
            seconds: Vec::new(),
            arrived: 0,
            succeeded: 0,
            failed: 0,
            timed_out: 0,
            abandoned: 0,
            published: 0,
            processed: 0,
            lost: BTreeMap::new(),
        }
    }

    fn second(&mut self, now: u64) -> &mut Second {
        let i = (now / 1_000_000) as usize;
        if self.seconds.len() <= i {
            self.seconds.resize(i + 1, Second::default());
        }
        &mut self.seconds[i]
    }

    pub fn arrived(&mut self, now: u64) {
        self.arrived += 1;
        self.second(now).arrived += 1;
    }

    pub fn resolved(&mut self, now: u64, wait: u64, outcome: &Outcome) {
        self.wait.saturating_record(wait.max(1));
        let s = self.second(now);
        match outcome {
            Outcome::Succeeded => s.succeeded += 1,
            Outcome::Failed(_) => s.failed += 1,
            Outcome::TimedOut => s.timed_out += 1,
            Outcome::Abandoned => s.abandoned += 1,
            Outcome::InFlight => {}
        }
        match outcome {
            Outcome::Succeeded => self.succeeded += 1,
            Outcome::Failed(_) => self.failed += 1,
            Outcome::TimedOut => self.timed_out += 1,
            Outcome::Abandoned => self.abandoned += 1,
            Outcome::InFlight => {}
        }
    }

    pub fn consistency(&mut self, t: u64) {
        self.consistency.saturating_record(t.max(1));
    }

    pub fn processed(&mut self, now: u64) {
        self.processed += 1;
        self.second(now).processed += 1;
    }

    pub fn lost_total(&self) -> u64 {
        self.lost.values().sum()
    }
}
