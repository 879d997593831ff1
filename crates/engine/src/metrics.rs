//! Metrics gathered while the run goes: user wait and time to consistency histograms
//! (hdrhistogram), outcome counts per simulated second, events published and lost.

use crate::state::{LostReason, Outcome, Reason, ShedBucket};
use hdrhistogram::Histogram;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the report reads, kept as the run goes, so a refresh needs no pass over every
/// person or event.
#[derive(Clone)]
pub(crate) struct Kept {
    pub metrics: Metrics,
    /// Failed user requests by (node, reason), shed ones included.
    pub user_failures: BTreeMap<(u32, Reason), u64>,
    /// Per users node: (succeeded, finished) user requests, shed ones included.
    pub finished_by_users: Vec<(u64, u64)>,
    /// Journeys answered "accepted, pending", in the order answered.
    pub pending_answers: Vec<u32>,
    /// The largest backlog so far.
    pub worst_backlog: u64,
    pub shed: u64,
    /// Shed arrivals, counted per users node and millisecond instead of kept as journeys,
    /// so memory grows with time and work, not with arrivals the cap turned away.
    pub shed_log: Vec<ShedBucket>,
}

impl Kept {
    pub(crate) fn new(nodes: usize) -> Kept {
        Kept {
            metrics: Metrics::new(),
            user_failures: BTreeMap::new(),
            finished_by_users: vec![(0, 0); nodes],
            pending_answers: Vec::new(),
            worst_backlog: 0,
            shed: 0,
            shed_log: Vec::new(),
        }
    }
}

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

/// Outcomes per second over a run of seconds, for a chart of at most a fixed number of
/// bars: each bar is `seconds` wide and holds the mean per second over them, so a chart
/// of a 40-minute run draws as many bars as one of 2 minutes, at the same scale.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Column {
    pub succeeded: f64,
    pub failed: f64,
    /// Timed out or abandoned.
    pub gave_up: f64,
}

/// Seconds per column when `seconds` seconds go in at most `max` columns.
pub fn columns_width(seconds: usize, max: usize) -> usize {
    seconds.div_ceil(max.max(1)).max(1)
}

/// The seconds in at most `max` columns: (seconds per column, the columns).
pub fn columns(seconds: &[Second], max: usize) -> (usize, Vec<Column>) {
    let width = columns_width(seconds.len(), max);
    let columns = seconds
        .chunks(width)
        .map(|c| {
            let n = c.len() as f64;
            let sum = |f: fn(&Second) -> u32| c.iter().map(|s| f64::from(f(s))).sum::<f64>() / n;
            Column {
                succeeded: sum(|s| s.succeeded),
                failed: sum(|s| s.failed),
                gave_up: sum(|s| s.timed_out + s.abandoned),
            }
        })
        .collect();
    (width, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_draws_as_many_columns_as_a_short_one() {
        let second = |i: u32| Second {
            succeeded: i % 7,
            failed: i % 3,
            timed_out: 1,
            abandoned: i % 2,
            ..Second::default()
        };
        let short: Vec<Second> = (0..90).map(second).collect();
        assert_eq!(columns(&short, 120).0, 1);
        assert_eq!(columns(&short, 120).1[4].succeeded, 4.0);
        let long: Vec<Second> = (0..2_400).map(second).collect();
        let (width, cols) = columns(&long, 120);
        assert_eq!((width, cols.len()), (20, 120));
        // Each column is the mean per second of its 20 seconds.
        let want: f64 = (20..40).map(|i| f64::from(i % 7)).sum::<f64>() / 20.0;
        assert_eq!(cols[1].succeeded, want);
        let total: f64 = cols.iter().map(|c| c.failed * width as f64).sum();
        assert_eq!(total, long.iter().map(|s| f64::from(s.failed)).sum::<f64>());
        assert_eq!(columns(&[], 120), (1, vec![]));
    }
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
