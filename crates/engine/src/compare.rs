//! Two designs under one clock, the rule behind `wirelab compare` and the app's compare
//! mode. Both run with the same seed, so the same customers arrive: each users node
//! draws its arrivals from its own stream, keyed by the seed and the node's id and used
//! for nothing else, so what the rest of a design does cannot move an arrival. Both run
//! A's incident script, and an intervention aimed at A reaches B by name; what B lacks is
//! said, never guessed.

use serde::Serialize;
use wirelab_model::{Problem, Scenario};

use crate::state::{Journey, Outcome};
use crate::{Intervention, Report, Run, StepResult};

/// A request's side effects are *late* when its last piece of work finished (or is still
/// unfinished) more than this long after the user got the answer.
pub const LATE_US: u64 = 1_000_000;

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

impl Run {
    /// A hash of every arrival (users node, time): equal in two runs exactly when the
    /// same customers arrived at the same times.
    pub fn arrivals_hash(&self) -> u64 {
        self.arrivals.value()
    }

    /// Every customer so far classified as failed, delayed but safe, unaffected or
    /// waiting. Journeys whose work is all done were counted as they finished; the rest
    /// are classified now.
    pub fn outcomes(&self) -> Outcomes {
        self.outcomes_of(&Live::kept(self))
    }

    pub(crate) fn outcomes_of(&self, live: &Live) -> Outcomes {
        let mut o = self.settled;
        o.failed += self.shed;
        for &j in &live.unsettled {
            o.count(&self.journeys.at(j), self.now);
        }
        o
    }
}

/// What the outcomes count besides the journeys already settled: the unsettled ones
/// and the shed requests per users node. Kept as the run goes ([`Live::kept`]), or
/// recounted from every record ([`Live::recounted`], the oracle the tests hold it to).
pub(crate) struct Live {
    pub unsettled: Vec<u32>,
    pub shed_at: Vec<u64>,
}

impl Live {
    pub(crate) fn kept(run: &Run) -> Live {
        // Shed at a users node is shed on arrival (a service sheds a retry at itself).
        let shed_at = (0..run.topo.nodes.len() as u32)
            .map(|u| match run.topo.nodes[u as usize].role {
                crate::topo::Role::Users(_) => run
                    .user_failures
                    .get(&(u, crate::state::Reason::Shed))
                    .copied()
                    .unwrap_or(0),
                _ => 0,
            })
            .collect();
        Live {
            unsettled: run.unsettled.clone(),
            shed_at,
        }
    }

    pub(crate) fn recounted(run: &Run) -> Live {
        let mut shed_at = vec![0; run.topo.nodes.len()];
        for b in &run.shed_log {
            shed_at[b.users as usize] += b.count;
        }
        let unsettled = (0..run.journeys.len() as u32)
            .filter(|&j| run.journeys.at(j).pending > 0)
            .collect();
        Live { unsettled, shed_at }
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

/// What became of the requests whose messages crossed one wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireOutcomes {
    pub id: wirelab_model::WireId,
    #[serde(flatten)]
    pub outcomes: Outcomes,
}

/// What became of the requests whose work reached one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeOutcomes {
    pub id: wirelab_model::NodeId,
    pub name: String,
    #[serde(flatten)]
    pub outcomes: Outcomes,
}

impl Run {
    /// Per node, what became of the customers whose requests reached it (its own work,
    /// or a message to it), classified as in [`Run::outcomes`]. Only the first 64 nodes
    /// are followed; a bigger design gets an empty list.
    pub fn node_outcomes(&self) -> Vec<NodeOutcomes> {
        self.node_outcomes_of(&Live::kept(self))
    }

    pub(crate) fn node_outcomes_of(&self, live: &Live) -> Vec<NodeOutcomes> {
        if self.topo.nodes.len() > 64 {
            return Vec::new();
        }
        let mut per = self.settled_at_node.clone();
        for &j in &live.unsettled {
            let j = &self.journeys.at(j);
            for node in bits(j.touched) {
                per[node].count(j, self.now);
            }
        }
        for (u, &shed) in live.shed_at.iter().enumerate() {
            per[u].failed += shed;
        }
        self.topo
            .nodes
            .iter()
            .zip(per)
            .map(|(t, outcomes)| NodeOutcomes {
                id: t.id,
                name: t.name.clone(),
                outcomes,
            })
            .collect()
    }

    /// Per wire, what became of the customers whose messages crossed it, classified as
    /// in [`Run::outcomes`]. Only the first 64 wires are followed; a design with more
    /// gets an empty list.
    pub fn wire_outcomes(&self) -> Vec<WireOutcomes> {
        self.wire_outcomes_of(&Live::kept(self))
    }

    pub(crate) fn wire_outcomes_of(&self, live: &Live) -> Vec<WireOutcomes> {
        if self.topo.wires.len() > 64 {
            return Vec::new();
        }
        let mut per = self.settled_at_wire.clone();
        for &j in &live.unsettled {
            let j = &self.journeys.at(j);
            for wire in bits(j.crossed) {
                per[wire].count(j, self.now);
            }
        }
        self.topo
            .wires
            .iter()
            .zip(per)
            .map(|(w, outcomes)| WireOutcomes { id: w.id, outcomes })
            .collect()
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
    let row = |key, label, a: f64, b: f64, better| Row {
        key,
        label,
        a,
        b,
        better,
    };
    let mut out = vec![
        row(
            "customers",
            "customers",
            ra.users.arrived as f64,
            rb.users.arrived as f64,
            Neither,
        ),
        row(
            "answered_pct",
            "answered (%)",
            answered(ra),
            answered(rb),
            Higher,
        ),
        row(
            "failed",
            "failed: error or timeout",
            failed(ra) as f64,
            failed(rb) as f64,
            Lower,
        ),
        row(
            "gave_up",
            "gave up waiting",
            ra.users.abandoned as f64,
            rb.users.abandoned as f64,
            Lower,
        ),
        row(
            "wait_p50",
            "wait, median (ms)",
            ra.wait_ms.p50,
            rb.wait_ms.p50,
            Lower,
        ),
        row(
            "wait_p95",
            "wait, 95th percentile (ms)",
            ra.wait_ms.p95,
            rb.wait_ms.p95,
            Lower,
        ),
        row(
            "wait_p99",
            "wait, 99th percentile (ms)",
            ra.wait_ms.p99,
            rb.wait_ms.p99,
            Lower,
        ),
        row(
            "consistency_p95",
            "time to consistency, p95 (ms)",
            ra.consistency_ms.p95,
            rb.consistency_ms.p95,
            Lower,
        ),
        row(
            "worst_backlog",
            "worst backlog (events)",
            ra.worst_backlog as f64,
            rb.worst_backlog as f64,
            Lower,
        ),
        row(
            "lost",
            "lost events",
            ra.events.lost as f64,
            rb.events.lost as f64,
            Lower,
        ),
        row(
            "duplicates",
            "duplicates processed",
            ra.events.duplicates as f64,
            rb.events.duplicates as f64,
            Lower,
        ),
        row(
            "side_effects_of_failed",
            "side effects of failed requests",
            side_effects(ra) as f64,
            side_effects(rb) as f64,
            Lower,
        ),
        row(
            "outcome_failed",
            "customers failed",
            oa.failed as f64,
            ob.failed as f64,
            Lower,
        ),
        row(
            "outcome_delayed",
            "delayed but safe",
            oa.delayed as f64,
            ob.delayed as f64,
            Neither,
        ),
        row(
            "outcome_unaffected",
            "unaffected",
            oa.unaffected as f64,
            ob.unaffected as f64,
            Higher,
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
            ),
            row(
                "confirm_p95",
                "confirmed, 95th percentile (ms)",
                pa.confirm_p95_ms,
                pb.confirm_p95_ms,
                Lower,
            ),
            row(
                "failed_later",
                "failed after a pending answer",
                pa.failed_later as f64,
                pb.failed_later as f64,
                Lower,
            ),
            row(
                "stuck",
                "failed later, never undone",
                stuck(&pa),
                stuck(&pb),
                Lower,
            ),
        ]);
    }
    out
}
