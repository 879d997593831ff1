//! Proving an exercise (a lesson or a walkthrough) on many seeds: every claim of every
//! step holds, exactly one choice of each prediction holds and the same one on every
//! seed, every number asked for can be measured, every claim across steps holds; a
//! walkthrough's starting design fails its checks and its reference passes them. A
//! claim that holds only by the luck of one seed is wrong, so every finding names its
//! seed and what was measured there.
//!
//! [`Prover::at`] proves one seed (callers spread seeds over threads natively, or
//! slices between frames in the browser); [`Prover::finish`] adds the rules across
//! seeds.

use std::collections::BTreeMap;

use wirelab_model::{Criterion, Lesson, Measure, Predict, Scenario};

use crate::check::{evaluate, evaluate_across, measure, CheckResult, Recorder};
use crate::run::Run;

/// A finished run and its recorder, for checks and measures.
struct Done {
    run: Run,
    rec: Recorder,
}

impl Done {
    fn new(
        s: &Scenario,
        seed: u64,
        duration_ms: u64,
        criteria: &[Criterion],
        measures: &[Measure],
    ) -> Result<Done, String> {
        let mut run = Run::new(s, seed).map_err(|p| format!("{} does not run: {p:?}", s.name))?;
        let mut rec = Recorder::new(&run, criteria, measures);
        rec.run_to(&mut run, duration_ms.saturating_mul(1000));
        if !run.accounting().ok {
            return Err(format!("{}: the accounting check fails", s.name));
        }
        Ok(Done { run, rec })
    }
}

/// The criteria that fail, each with what was measured.
pub fn failing(results: &[CheckResult]) -> Vec<String> {
    results
        .iter()
        .filter(|r| !r.pass)
        .map(|r| {
            format!(
                "`{}` fails (measured {}) {}",
                r.check,
                r.measured_text(),
                r.note
            )
            .trim_end()
            .to_string()
        })
        .collect()
}

/// A lesson step that claims or asks something, ready to run at any seed.
struct StepPlan {
    /// `step N`, as the lesson shows it.
    step: usize,
    design: Scenario,
    duration_ms: u64,
    claims: Vec<Criterion>,
    /// The lesson's claims across steps that measure this step's run (recorded only).
    across: Vec<Criterion>,
    /// The choices of a choice prediction: label and check.
    choices: Vec<(String, Criterion)>,
    measures: Vec<Measure>,
}

/// What one seed's runs found.
#[derive(Clone, Debug, Default)]
pub struct SeedFindings {
    pub seed: u64,
    pub problems: Vec<String>,
    /// For each step with a choice prediction, the labels of the choices that held.
    held: BTreeMap<usize, Vec<String>>,
}

/// An exercise ready to be proven seed by seed.
pub struct Prover {
    lesson: Lesson,
    plans: Vec<StepPlan>,
    /// A walkthrough's starting and reference designs, with its script.
    walk: Option<(Scenario, Scenario)>,
}

impl Prover {
    /// Reads every design the exercise names through `load` (a path as the lesson
    /// writes it); every design that cannot be read or named node that is not there is
    /// a problem, all of them at once.
    pub fn new(
        lesson: &Lesson,
        load: &dyn Fn(&str) -> Result<Scenario, String>,
    ) -> Result<Prover, Vec<String>> {
        let mut problems = Vec::new();
        let mut plans = Vec::new();
        for (i, (step, d)) in lesson.steps.iter().zip(lesson.designs()).enumerate() {
            let n = i + 1;
            let Some(path) = &d.load else { continue };
            let mut s = match load(path) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(format!("step {n}: {path}: {e}"));
                    continue;
                }
            };
            for h in &step.highlight {
                if s.node_by_name(h).is_none() {
                    problems.push(format!(
                        "step {n}: highlights {h}, which {path} does not have"
                    ));
                }
            }
            let across: Vec<Criterion> = lesson
                .across
                .iter()
                .filter(|a| a.at == n || a.against == n)
                .map(|a| a.criterion())
                .collect();
            if step.claims.is_empty() && step.predict.is_none() && across.is_empty() {
                continue;
            }
            if let Some(inc) = &d.incidents {
                s.incidents = inc.clone();
            }
            let (choices, measures) = match &step.predict {
                Some(Predict::Choice { choices, .. }) => (
                    choices
                        .iter()
                        .map(|c| {
                            let when = Criterion {
                                check: c.when.clone(),
                                hint: String::new(),
                            };
                            (c.label.clone(), when)
                        })
                        .collect(),
                    vec![],
                ),
                Some(Predict::Number { measure, .. }) => (vec![], vec![measure.clone()]),
                None => (vec![], vec![]),
            };
            plans.push(StepPlan {
                step: n,
                duration_ms: d.run_until_s.map_or(s.duration_ms, |t| t * 1000),
                design: s,
                claims: step.claims.clone(),
                across,
                choices,
                measures,
            });
        }
        let walk = lesson.walkthrough.as_ref().map(|w| {
            let mut read = |path: &str| {
                load(path)
                    .map(|mut s| {
                        s.incidents = w.incidents.clone();
                        s
                    })
                    .map_err(|e| problems.push(format!("{path}: {e}")))
                    .ok()
            };
            (read(&w.start), read(&w.reference))
        });
        let walk = match walk {
            Some((Some(a), Some(b))) => Some((a, b)),
            _ => None,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Prover {
            lesson: lesson.clone(),
            plans,
            walk,
        })
    }

    /// The designs the exercise runs (their own seeds belong in a sweep).
    pub fn designs(&self) -> impl Iterator<Item = &Scenario> {
        self.plans
            .iter()
            .map(|p| &p.design)
            .chain(self.walk.iter().flat_map(|(a, b)| [a, b]))
    }

    /// Everything the exercise claims, at one seed.
    pub fn at(&self, seed: u64) -> SeedFindings {
        let mut f = SeedFindings {
            seed,
            ..SeedFindings::default()
        };
        let mut runs: BTreeMap<usize, Done> = BTreeMap::new();
        for p in &self.plans {
            let at = format!("step {}, seed {seed}", p.step);
            let whens: Vec<Criterion> = p.choices.iter().map(|(_, c)| c.clone()).collect();
            let recorded: Vec<Criterion> = p
                .claims
                .iter()
                .chain(&whens)
                .chain(&p.across)
                .cloned()
                .collect();
            let done = match Done::new(&p.design, seed, p.duration_ms, &recorded, &p.measures) {
                Ok(done) => done,
                Err(e) => {
                    f.problems.push(format!("{at}: {e}"));
                    continue;
                }
            };
            for m in failing(&evaluate(&done.run, &done.rec, &p.claims)) {
                f.problems.push(format!("{at}: claim {m}"));
            }
            if !whens.is_empty() {
                let results = evaluate(&done.run, &done.rec, &whens);
                let held: Vec<String> = p
                    .choices
                    .iter()
                    .zip(&results)
                    .filter(|(_, r)| r.pass)
                    .map(|((label, _), _)| label.clone())
                    .collect();
                if held.len() != 1 {
                    let measured: Vec<String> = results
                        .iter()
                        .map(|r| format!("`{}` measured {}", r.check, r.measured_text()))
                        .collect();
                    f.problems.push(format!(
                        "{at}: exactly one choice must hold, but {} did: {held:?} ({})",
                        held.len(),
                        measured.join("; ")
                    ));
                }
                f.held.insert(p.step, held);
            }
            for m in &p.measures {
                if let Err(e) = measure(&done.run, &done.rec, m) {
                    f.problems.push(format!(
                        "{at}: the prediction's `{m}` cannot be measured: {e}"
                    ));
                }
            }
            runs.insert(p.step, done);
        }
        for a in &self.lesson.across {
            let at = format!("steps {} against {}, seed {seed}", a.at, a.against);
            let run = |step: usize| runs.get(&step).map(|d| (&d.run, &d.rec));
            match (run(a.at), run(a.against)) {
                (Some(x), Some(y)) => {
                    for m in failing(&[evaluate_across(x, y, a)]) {
                        f.problems.push(format!("{at}: {m}"));
                    }
                }
                _ => f.problems.push(format!("{at}: a step has no run")),
            }
        }
        if let (Some((start, reference)), Some(w)) = (&self.walk, &self.lesson.walkthrough) {
            let run = |s: &Scenario| {
                Done::new(s, seed, w.duration_s * 1000, &w.checks, &[])
                    .map(|d| evaluate(&d.run, &d.rec, &w.checks))
            };
            match run(start) {
                Ok(r) if failing(&r).is_empty() => f.problems.push(format!(
                    "seed {seed}: the starting design {} passes every check",
                    w.start
                )),
                Ok(_) => {}
                Err(e) => f.problems.push(format!("seed {seed}: start: {e}")),
            }
            match run(reference) {
                Ok(r) => f.problems.extend(
                    failing(&r)
                        .into_iter()
                        .map(|m| format!("seed {seed}: reference: {m}")),
                ),
                Err(e) => f.problems.push(format!("seed {seed}: reference: {e}")),
            }
        }
        f
    }

    /// Every problem over all the seeds proven: each seed's, and a choice whose answer
    /// depends on the seed (the next caption tells the answer, so it may not).
    pub fn finish(&self, found: &[SeedFindings]) -> Vec<String> {
        let mut problems: Vec<String> = found.iter().flat_map(|f| f.problems.clone()).collect();
        for p in self.plans.iter().filter(|p| !p.choices.is_empty()) {
            let mut answers: BTreeMap<&[String], Vec<u64>> = BTreeMap::new();
            for f in found {
                if let Some(held) = f.held.get(&p.step) {
                    answers.entry(held).or_default().push(f.seed);
                }
            }
            if answers.len() > 1 {
                let by: Vec<String> = answers
                    .iter()
                    .map(|(held, seeds)| match seeds.len() {
                        n @ 11.. => format!("{held:?} held on {n} seeds ({:?}, …)", &seeds[..10]),
                        _ => format!("{held:?} held on seeds {seeds:?}"),
                    })
                    .collect();
                problems.push(format!(
                    "step {}: the answer depends on the seed: {}",
                    p.step,
                    by.join("; ")
                ));
            }
        }
        problems
    }
}
