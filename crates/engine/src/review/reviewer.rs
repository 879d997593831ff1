//! The review stepped a bounded number of events at a time, so a page can do it in
//! slices between frames: each question's measurements (headless runs of the design
//! with something broken), then its judgement by the rules in `findings.rs`.

use std::collections::{BTreeMap, VecDeque};

use wirelab_model::{NodeId, Scenario, WireId, WireKind};

use super::findings::{questions, Finding, Task, LOSE_RATE};
use super::impact::impact_from;
use super::{Impact, Job, Measured};
use crate::Intervention;

/// Every finding of `s` at `seed`, in the order of the rules in `findings.rs`.
pub fn advise(s: &Scenario, seed: u64) -> Result<Vec<Finding>, String> {
    let mut r = Reviewer::new(s.clone(), seed);
    while r.step()? {}
    Ok(r.findings)
}

/// Events a step may process: a few milliseconds, so a page can slice the review
/// between frames however heavy the design.
const STEP_EVENTS: u64 = 20_000;

/// A measurement the review needs: the design run with this broken over the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Need {
    /// Nothing broken.
    Baseline,
    Down(NodeId),
    Hung(NodeId),
    /// A share of the answers or acks on this wire lost.
    LoseAnswers(WireId),
    /// The design with this request/reply wire made a direct call, nothing broken.
    Direct(WireId),
}

/// The whole review (blast radius, then findings) a bounded number of events at a time,
/// so a page can do it in slices between frames.
#[derive(Clone)]
pub struct Reviewer {
    pub(super) s: Scenario,
    seed: u64,
    tasks: VecDeque<Task>,
    total: usize,
    /// Each measurement done (`None`: it could not be made).
    pub(super) measured: BTreeMap<Need, Option<Measured>>,
    /// The measurement under way.
    job: Option<(Need, Job)>,
    findings: Vec<Finding>,
}

impl Reviewer {
    pub fn new(s: Scenario, seed: u64) -> Reviewer {
        let tasks = questions(&s);
        let total = tasks.len();
        Reviewer {
            s,
            seed,
            tasks,
            total,
            measured: BTreeMap::new(),
            job: None,
            findings: Vec::new(),
        }
    }

    /// Does a bounded piece of the review: part of a measurement, or the judgement of
    /// a question whose measurements are all done. False when the review is complete.
    pub fn step(&mut self) -> Result<bool, String> {
        if let Some((need, job)) = &mut self.job {
            let need = *need;
            match job.advance(STEP_EVENTS) {
                Ok(false) => return Ok(true),
                Ok(true) => {
                    let (_, job) = self.job.take().expect("a job");
                    self.measured.insert(need, Some(job.finish()));
                }
                // What cannot be measured answers no question (the design is valid, so
                // this is an intervention its element refuses).
                Err(_) => {
                    self.job = None;
                    self.measured.insert(need, None);
                }
            }
            return Ok(true);
        }
        let Some(&task) = self.tasks.front() else {
            return Ok(false);
        };
        let needs = self.needs(task).unwrap_or_default();
        if let Some(&need) = needs.iter().find(|n| !self.measured.contains_key(n)) {
            self.job = Some((need, self.job_for(need)?));
            return Ok(true);
        }
        self.tasks.pop_front();
        if !needs.is_empty() {
            if let Some(f) = self.judge(task) {
                self.findings.push(f);
            }
        }
        Ok(!self.tasks.is_empty())
    }

    /// Questions answered and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.total - self.tasks.len(), self.total)
    }

    /// The blast radius so far, worst (fewest answered) first.
    pub fn rows(&self) -> Vec<Impact> {
        let mut rows: Vec<Impact> = self
            .s
            .nodes
            .iter()
            .filter_map(|n| {
                let m = self.measured.get(&Need::Down(n.id))?.as_ref()?;
                impact_from(&self.s, n.id, m)
            })
            .collect();
        rows.sort_by(|a, b| a.success_rate.total_cmp(&b.success_rate));
        rows
    }

    /// The findings so far.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn scenario(&self) -> &Scenario {
        &self.s
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    fn job_for(&self, need: Need) -> Result<Job, String> {
        let (s, seed) = (&self.s, self.seed);
        match need {
            Need::Baseline => Job::new(s, seed, vec![], vec![]),
            Need::Down(node) => Job::new(
                s,
                seed,
                vec![Intervention::Kill { node }],
                vec![Intervention::Revive { node }],
            ),
            Need::Hung(node) => Job::new(
                s,
                seed,
                vec![Intervention::Hang { node }],
                vec![Intervention::Revive { node }],
            ),
            Need::LoseAnswers(wire) => Job::new(
                s,
                seed,
                vec![Intervention::LoseResponses {
                    wire,
                    rate: LOSE_RATE,
                }],
                vec![Intervention::LoseResponses { wire, rate: 0.0 }],
            ),
            Need::Direct(wire) => {
                let mut direct = s.clone();
                if let (Some(w), Some(c)) = (
                    direct.wires.iter_mut().find(|w| w.id == wire),
                    self.direct_call(wire),
                ) {
                    w.kind = WireKind::Call(c);
                }
                Job::new(&direct, seed, vec![], vec![])
            }
        }
    }
}
