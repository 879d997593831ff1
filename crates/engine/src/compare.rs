//! Two designs under one clock, the rule behind `wirelab compare` and the app's compare
//! mode. Both run with the same seed, so the same customers arrive: each users node
//! draws its arrivals from its own stream, keyed by the seed and the node's id and used
//! for nothing else, so what the rest of a design does cannot move an arrival. Both run
//! A's incident script, and an intervention aimed at A reaches B by name; what B lacks is
//! said, never guessed.

use serde::Serialize;
use wirelab_model::{Problem, Scenario};

use crate::{Intervention, Report, Run, StepResult};

/// Which design of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::A => "A",
            Side::B => "B",
        })
    }
}

impl Run {
    /// A hash of every arrival (users node, time): equal in two runs exactly when the
    /// same customers arrived at the same times.
    pub fn arrivals_hash(&self) -> u64 {
        self.trace.arrivals.value()
    }
}

/// B with A's incident script: the lines that name something B lacks (or of a kind B's
/// element cannot take) are left out and returned in words.
pub fn share_script(a: &Scenario, b: &Scenario) -> (Scenario, Vec<String>) {
    let mut shared = b.clone();
    shared.incidents.clear();
    let mut skipped = Vec::new();
    for inc in &a.incidents {
        match Intervention::resolve(b, &inc.action).and_then(|iv| iv.check(b)) {
            Ok(()) => shared.incidents.push(inc.clone()),
            Err(why) => skipped.push(format!("`{inc}` is not applied to B: {why}")),
        }
    }
    (shared, skipped)
}

/// The intervention aimed at A (by id) as B's (by name), or why B has no such target.
pub fn mirror(iv: &Intervention, a: &Scenario, b: &Scenario) -> Result<Intervention, String> {
    let action = iv
        .to_action(a)
        .ok_or("its target is no longer in A".to_string())?;
    let ivb = Intervention::resolve(b, &action)?;
    ivb.check(b)?;
    Ok(ivb)
}

/// Two runs stepped to the same times.
pub struct Compare {
    pub a: Run,
    pub b: Run,
    /// Lines of A's incident script B cannot take, in words.
    pub skipped: Vec<String>,
}

impl Compare {
    /// Runs A, and B under A's incident script, both with `seed`.
    pub fn new(a: &Scenario, b: &Scenario, seed: u64) -> Result<Compare, (Side, Vec<Problem>)> {
        let (b_shared, skipped) = share_script(a, b);
        let ra = Run::new(a, seed).map_err(|p| (Side::A, p))?;
        let rb = Run::new(&b_shared, seed).map_err(|p| (Side::B, p))?;
        Ok(Compare {
            a: ra,
            b: rb,
            skipped,
        })
    }

    /// Steps both runs to `t_us`, each with its own budget of `max_events`: `Budget`
    /// while either has more to do, `Halted` when one stopped early and the other is done.
    pub fn step_until(&mut self, t_us: u64, max_events: u64) -> StepResult {
        let ra = self.a.step_until(t_us, max_events);
        let rb = self.b.step_until(t_us, max_events);
        if ra == StepResult::Budget || rb == StepResult::Budget {
            StepResult::Budget
        } else if ra == StepResult::Halted || rb == StepResult::Halted {
            StepResult::Halted
        } else {
            StepResult::Reached
        }
    }

    /// Applies an intervention aimed at A to A, and to B by name.
    pub fn apply(&mut self, iv: Intervention) -> (Result<(), String>, Result<(), String>) {
        let b = mirror(&iv, self.a.scenario(), self.b.scenario()).and_then(|ivb| self.b.apply(ivb));
        (self.a.apply(iv), b)
    }

    /// The same customers arrived in both, at the same times.
    pub fn same_arrivals(&self) -> bool {
        self.a.arrivals_hash() == self.b.arrivals_hash()
    }
}

/// Which way a figure improves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
    /// Neither: a fact both sides share (the customers), or a trade (delayed but safe is
    /// better than failed and worse than unaffected).
    Neither,
}

/// What a row's figures are, so each is shown in its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowUnit {
    /// Customers, events, effects.
    Count,
    /// Milliseconds.
    Ms,
    /// Percentage points (0–100), as the label's "(%)" says.
    Percent,
}

/// One line of the side-by-side table: a figure in A and in B, and which side is better.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// Stable key (`wait_p95`), for tests and JSON.
    pub key: &'static str,
    /// Plain words (`wait, 95th percentile (ms)`).
    pub label: &'static str,
    pub a: f64,
    pub b: f64,
    pub better: Better,
    pub unit: RowUnit,
}

impl Row {
    /// B minus A.
    pub fn delta(&self) -> f64 {
        self.b - self.a
    }

    /// The better side, when they differ and the figure has a better direction.
    pub fn winner(&self) -> Option<Side> {
        let (a, b) = (self.a, self.b);
        match self.better {
            _ if a == b || a.is_nan() || b.is_nan() => None,
            Better::Neither => None,
            Better::Higher => Some(if a > b { Side::A } else { Side::B }),
            Better::Lower => Some(if a < b { Side::A } else { Side::B }),
        }
    }
}

/// The figures a comparison puts side by side, from the two runs' reports at the same
/// moment.
pub fn rows(ra: &Report, rb: &Report) -> Vec<Row> {
    let (oa, ob) = (ra.outcomes, rb.outcomes);
    let side_effects = |r: &Report| {
        r.services
            .iter()
            .map(|s| s.side_effects_of_failed)
            .sum::<u64>()
    };
    let pct = |n: u64, d: u64| {
        if d == 0 {
            0.0
        } else {
            n as f64 * 100.0 / d as f64
        }
    };
    let answered = |r: &Report| pct(r.users.succeeded, r.users.arrived);
    let failed = |r: &Report| r.users.failed + r.users.timed_out;
    use Better::*;
    let row = |key, label, a: f64, b: f64, better, unit| Row {
        key,
        label,
        a,
        b,
        better,
        unit,
    };
    let mut out = vec![
        row(
            "customers",
            "customers",
            ra.users.arrived as f64,
            rb.users.arrived as f64,
            Neither,
            RowUnit::Count,
        ),
        row(
            "answered_pct",
            "answered (%)",
            answered(ra),
            answered(rb),
            Higher,
            RowUnit::Percent,
        ),
        row(
            "failed",
            "failed: error or timeout",
            failed(ra) as f64,
            failed(rb) as f64,
            Lower,
            RowUnit::Count,
        ),
        row(
            "gave_up",
            "gave up waiting",
            ra.users.abandoned as f64,
            rb.users.abandoned as f64,
            Lower,
            RowUnit::Count,
        ),
        row(
            "wait_p50",
            "wait of everyone, median (ms)",
            ra.wait_ms.p50,
            rb.wait_ms.p50,
            Lower,
            RowUnit::Ms,
        ),
        row(
            "wait_p95",
            "wait of everyone, 95th percentile (ms)",
            ra.wait_ms.p95,
            rb.wait_ms.p95,
            Lower,
            RowUnit::Ms,
        ),
        row(
            "wait_p99",
            "wait of everyone, 99th percentile (ms)",
            ra.wait_ms.p99,
            rb.wait_ms.p99,
            Lower,
            RowUnit::Ms,
        ),
        row(
            "consistency_p95",
            "time to consistency, p95 (ms)",
            ra.consistency_ms.p95,
            rb.consistency_ms.p95,
            Lower,
            RowUnit::Ms,
        ),
        row(
            "worst_backlog",
            "worst backlog (events)",
            ra.worst_backlog as f64,
            rb.worst_backlog as f64,
            Lower,
            RowUnit::Count,
        ),
        row(
            "lost",
            "lost events",
            ra.events.lost as f64,
            rb.events.lost as f64,
            Lower,
            RowUnit::Count,
        ),
        row(
            "duplicates",
            "duplicates processed",
            ra.events.duplicates as f64,
            rb.events.duplicates as f64,
            Lower,
            RowUnit::Count,
        ),
        row(
            "side_effects_of_failed",
            "side effects of failed requests",
            side_effects(ra) as f64,
            side_effects(rb) as f64,
            Lower,
            RowUnit::Count,
        ),
        row(
            "outcome_failed",
            "customers failed",
            oa.failed as f64,
            ob.failed as f64,
            Lower,
            RowUnit::Count,
        ),
        row(
            "outcome_delayed",
            "delayed but safe",
            oa.delayed as f64,
            ob.delayed as f64,
            Neither,
            RowUnit::Count,
        ),
        row(
            "outcome_unaffected",
            "unaffected",
            oa.unaffected as f64,
            ob.unaffected as f64,
            Higher,
            RowUnit::Count,
        ),
    ];
    // Pending answers, only where a side gives them: how many were told "pending", how
    // soon they were confirmed, and how many failed later without being undone.
    let (pa, pb) = (ra.pending, rb.pending);
    if pa.answered + pb.answered > 0 {
        let stuck = |p: &crate::PendingReport| (p.failed_later - p.compensated) as f64;
        out.extend([
            row(
                "pending_answers",
                "told \"accepted, pending\"",
                pa.answered as f64,
                pb.answered as f64,
                Neither,
                RowUnit::Count,
            ),
            row(
                "confirm_p95",
                "confirmed, 95th percentile (ms)",
                pa.confirm_p95_ms,
                pb.confirm_p95_ms,
                Lower,
                RowUnit::Ms,
            ),
            row(
                "failed_later",
                "failed after a pending answer",
                pa.failed_later as f64,
                pb.failed_later as f64,
                Lower,
                RowUnit::Count,
            ),
            row(
                "stuck",
                "failed later, never undone",
                stuck(&pa),
                stuck(&pb),
                Lower,
                RowUnit::Count,
            ),
        ]);
    }
    // A wait counts everyone, and a fast failure is a short wait: the side that fails
    // more can wait less for the wrong reason, so no side is better on waits then.
    let flattered = |waits_less: Side| {
        let (lower, other) = match waits_less {
            Side::A => (answered(ra), answered(rb)),
            Side::B => (answered(rb), answered(ra)),
        };
        lower < other
    };
    for r in out.iter_mut().filter(|r| r.key.starts_with("wait_")) {
        if r.winner().is_some_and(flattered) {
            r.better = Neither;
        }
    }
    out
}
