//! Pending answers: requests answered "accepted, pending" before their work was done,
//! and how each settled — confirmed when all of it succeeded, failed later when some of
//! it failed for good (a dead letter, a lost event, a handler that gave up), and
//! compensated when a compensating event of it was handled. One home for the counts the
//! report, the checks and the UI show.

use crate::state::{Journey, Outcome};
use serde::Serialize;

/// How the requests answered "accepted, pending" settled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct PendingReport {
    /// Answered "accepted, pending".
    pub answered: u64,
    /// 95th percentile wait for that answer, ms.
    pub answer_p95_ms: f64,
    /// All their work succeeded.
    pub confirmed: u64,
    /// Median time from arrival to confirmation, ms.
    pub confirm_p50_ms: f64,
    /// 95th percentile time from arrival to confirmation, ms.
    pub confirm_p95_ms: f64,
    /// Some of their work failed for good after the answer.
    pub failed_later: u64,
    /// Of those failed later, the ones whose compensating event was handled.
    pub compensated: u64,
    /// Not settled yet: work still under way, nothing failed so far.
    pub unsettled: u64,
}

/// What became of one pending answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Settles {
    Unsettled,
    Confirmed,
    FailedLater,
    Compensated,
}

impl Journey {
    /// Its answer was "accepted, pending" (and reached the customer).
    pub(crate) fn answered_pending(&self) -> bool {
        self.pending_answer && self.outcome == Outcome::Succeeded
    }

    /// How its pending answer settled, if it had one.
    pub(crate) fn settles(&self) -> Option<Settles> {
        if !self.answered_pending() {
            return None;
        }
        Some(
            match (self.failed_later, self.compensated, self.pending == 0) {
                (true, true, _) => Settles::Compensated,
                (true, false, _) => Settles::FailedLater,
                (false, _, true) => Settles::Confirmed,
                (false, _, false) => Settles::Unsettled,
            },
        )
    }
}

impl Settles {
    /// The words for it: `confirmed`, `failed later`, `failed later, compensated`.
    pub fn label(self) -> &'static str {
        match self {
            Settles::Unsettled => "pending",
            Settles::Confirmed => "confirmed",
            Settles::FailedLater => "failed later",
            Settles::Compensated => "failed later, compensated",
        }
    }
}

/// Nearest-rank percentile of µs values, in ms (0 for none).
fn percentile_ms(mut v: Vec<u64>, q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    let (_, x, _) = v.select_nth_unstable(rank - 1);
    *x as f64 / 1000.0
}

/// The pending answers among these journeys.
pub(crate) fn pending(journeys: impl Iterator<Item = Journey>) -> PendingReport {
    let mut r = PendingReport::default();
    let (mut waits, mut confirms) = (Vec::new(), Vec::new());
    for j in journeys {
        let Some(s) = j.settles() else { continue };
        r.answered += 1;
        waits.push(j.waited);
        match s {
            Settles::Unsettled => r.unsettled += 1,
            Settles::Confirmed => {
                r.confirmed += 1;
                confirms.push(u64::from(j.settled_ms) * 1000);
            }
            Settles::FailedLater => r.failed_later += 1,
            Settles::Compensated => {
                r.failed_later += 1;
                r.compensated += 1;
            }
        }
    }
    r.answer_p95_ms = percentile_ms(waits, 0.95);
    r.confirm_p50_ms = percentile_ms(confirms.clone(), 0.50);
    r.confirm_p95_ms = percentile_ms(confirms, 0.95);
    r
}

impl PendingReport {
    /// One line for people: "1191 answered "accepted, pending" in 13 ms (p95); 1151
    /// confirmed in 73 ms (p95); 37 (3.1%) failed later, 37 of them compensated; 3 still
    /// pending". Empty when nothing was answered pending.
    pub fn sentence(&self) -> String {
        if self.answered == 0 {
            return String::new();
        }
        let mut s = format!(
            "{} answered \"accepted, pending\" in {} (p95); {} confirmed in {} (p95)",
            self.answered,
            wirelab_model::figures::time_ms(self.answer_p95_ms),
            self.confirmed,
            wirelab_model::figures::time_ms(self.confirm_p95_ms)
        );
        if self.failed_later > 0 {
            let share = self.failed_later as f64 * 100.0 / self.answered as f64;
            s += &format!(
                "; {} ({share:.1}%) failed later, {} of them compensated",
                self.failed_later, self.compensated
            );
        }
        if self.unsettled > 0 {
            s += &format!("; {} still pending", self.unsettled);
        }
        s
    }
}
