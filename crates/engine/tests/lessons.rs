//! Every lesson's claims and predictions and every walkthrough's acceptance checks,
//! through the engine, on many seeds: a change in engine semantics that breaks a lesson
//! breaks the build.
//!
//! The browser checks a step at whatever seed the canvas has ("New seed" draws a fresh
//! one), so nothing here may hold by the luck of one seed. Every run is repeated at
//! seeds `0..WIRELAB_LESSON_SEEDS` (default 100) and at its design's own seed, two seeds
//! at a time, and every failure names its seed:
//!
//! ```sh
//! WIRELAB_LESSON_SEEDS=200 cargo test -p wirelab-engine --test lessons   # a longer sweep
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use wirelab_engine::{evaluate, measure, CheckResult, Recorder, Run};
use wirelab_model::{
    decode, decode_index, decode_lesson, Action, Criterion, Incident, Lesson, LessonKind, Measure,
    NodeKind, Predict, Scenario, StepDesign, Walkthrough, WireKind,
};

fn public(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../public")
        .join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(public(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn design(path: &str) -> Scenario {
    decode(&read(path)).unwrap_or_else(|p| panic!("{path}: {p:?}"))
}

fn lessons() -> Vec<Lesson> {
    let ix = decode_index(&read("lessons/index.json")).expect("index decodes");
    ix.lessons
        .iter()
        .map(|e| {
            let l = decode_lesson(&read(&e.file)).unwrap_or_else(|p| panic!("{}: {p:?}", e.file));
            assert_eq!(
                (&l.id, &l.title, &l.summary, l.kind),
                (&e.id, &e.title, &e.summary, e.kind)
            );
            l
        })
        .collect()
}

/// How many seeds (`0..n`) every run is repeated at, besides its design's own seed.
fn seed_count() -> u64 {
    std::env::var("WIRELAB_LESSON_SEEDS")
        .ok()
        .map(|v| v.parse().expect("WIRELAB_LESSON_SEEDS is a whole number"))
        .unwrap_or(100)
}

/// The seeds of the sweep: `0..seed_count()` and the given designs' own seeds.
fn sweep<'a>(designs: impl IntoIterator<Item = &'a Scenario>) -> Vec<u64> {
    let mut seeds: BTreeSet<u64> = (0..seed_count()).collect();
    seeds.extend(designs.into_iter().map(|s| s.seed));
    seeds.into_iter().collect()
}

/// The sweep in a few words: `0..100 and 7`.
fn describe(seeds: &[u64]) -> String {
    let n = seed_count();
    let own: Vec<String> = seeds
        .iter()
        .filter(|&&s| s >= n)
        .map(u64::to_string)
        .collect();
    if own.is_empty() {
        format!("0..{n}")
    } else {
        format!("0..{n} and {}", own.join(", "))
    }
}

/// `f` at every seed, on two threads; the results in seed order.
fn across<T: Send>(seeds: &[u64], f: impl Fn(u64) -> T + Sync) -> Vec<(u64, T)> {
    const THREADS: usize = 2;
    let f = &f;
    let mut out: Vec<(u64, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|k| {
                scope.spawn(move || {
                    seeds
                        .iter()
                        .skip(k)
                        .step_by(THREADS)
                        .map(|&seed| (seed, f(seed)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    out.sort_by_key(|(seed, _)| *seed);
    out
}

/// Fails listing every problem, one a line.
fn assert_none(problems: &[String], what: &str) {
    assert!(
        problems.is_empty(),
        "{} problem(s) {what}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

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
        let mut run = Run::new(s, seed).map_err(|p| format!("{}: does not run: {p:?}", s.name))?;
        let mut rec = Recorder::new(&run, criteria, measures);
        rec.run_to(&mut run, duration_ms * 1000);
        if !run.accounting().ok {
            return Err(format!("{}: the accounting check fails", s.name));
        }
        Ok(Done { run, rec })
    }

    fn check(&self, criteria: &[Criterion]) -> Vec<CheckResult> {
        evaluate(&self.run, &self.rec, criteria)
    }
}

fn failing(results: &[CheckResult]) -> Vec<String> {
    results
        .iter()
        .filter(|r| !r.pass)
        .map(|r| {
            format!(
                "`{}` fails (measured {:?}, threshold {:?}) {}",
                r.check, r.measured, r.threshold, r.note
            )
        })
        .collect()
}

/// A lesson step that claims or asks something, ready to run at any seed.
struct StepPlan {
    /// `lesson-id step N`.
    at: String,
    key: (String, usize),
    design: Scenario,
    duration_ms: u64,
    claims: Vec<Criterion>,
    /// The lesson's claims across steps that measure this step's run (recorded only).
    across: Vec<Criterion>,
    /// The choices of a choice prediction: label and check.
    choices: Vec<(String, Criterion)>,
    measures: Vec<Measure>,
}

/// Every lesson step that claims or asks something, after the checks that do not
/// depend on a run (step counts, highlighted nodes).
fn plans(all: &[Lesson]) -> Vec<StepPlan> {
    let mut out = Vec::new();
    for l in all.iter().filter(|l| l.kind == LessonKind::Lesson) {
        assert!((3..=6).contains(&l.steps.len()), "{}: 3 to 6 steps", l.id);
        for (i, (step, d)) in l.steps.iter().zip(l.designs()).enumerate() {
            let at = format!("{} step {}", l.id, i + 1);
            let Some(load) = &d.load else {
                assert!(
                    step.claims.is_empty() && step.predict.is_none(),
                    "{at}: claims and predictions need a design"
                );
                continue;
            };
            let mut s = design(load);
            for h in &step.highlight {
                assert!(s.node_by_name(h).is_some(), "{at}: no node {h}");
            }
            let across: Vec<Criterion> = l
                .across
                .iter()
                .filter(|a| a.at == i + 1 || a.against == i + 1)
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
            out.push(StepPlan {
                at,
                key: (l.id.clone(), i + 1),
                duration_ms: d.run_until_s.map_or(s.duration_ms, |t| t * 1000),
                design: s,
                claims: step.claims.clone(),
                across,
                choices,
                measures,
            });
        }
    }
    out
}

/// What one seed's runs of every lesson step found.
#[derive(Default)]
struct SeedReport {
    problems: Vec<String>,
    /// For each step with a choice prediction, the labels of the choices that held.
    held: BTreeMap<String, Vec<String>>,
}

/// Runs every planned step at `seed`: its claims must hold, exactly one choice of its
/// prediction must hold, its number prediction must be measurable, and the lessons'
/// comparisons across steps must hold.
fn lessons_at(all: &[Lesson], plans: &[StepPlan], seed: u64) -> SeedReport {
    let mut report = SeedReport::default();
    let mut runs: BTreeMap<(String, usize), Done> = BTreeMap::new();
    for p in plans {
        let at = format!("{}, seed {seed}", p.at);
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
                report.problems.push(format!("{at}: {e}"));
                continue;
            }
        };
        for f in failing(&done.check(&p.claims)) {
            report.problems.push(format!("{at}: claim {f}"));
        }
        if !whens.is_empty() {
            let results = done.check(&whens);
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
                    .map(|r| format!("`{}` measured {:?}", r.check, r.measured))
                    .collect();
                report.problems.push(format!(
                    "{at}: exactly one choice must hold, but {} did: {held:?} ({})",
                    held.len(),
                    measured.join("; ")
                ));
            }
            report.held.insert(p.at.clone(), held);
        }
        for m in &p.measures {
            if let Err(e) = measure(&done.run, &done.rec, m) {
                report.problems.push(format!(
                    "{at}: the prediction's `{m}` cannot be measured: {e}"
                ));
            }
        }
        runs.insert(p.key.clone(), done);
    }
    across_steps(all, &runs, seed, &mut report.problems);
    report
}

/// The lessons' claims across steps (their `across`, in the lesson files), at one seed.
fn across_steps(
    all: &[Lesson],
    runs: &BTreeMap<(String, usize), Done>,
    seed: u64,
    problems: &mut Vec<String>,
) {
    for l in all {
        for a in &l.across {
            let run = |step: usize| runs.get(&(l.id.clone(), step)).map(|d| (&d.run, &d.rec));
            let at = format!(
                "{} across steps {} and {}, seed {seed}",
                l.id, a.at, a.against
            );
            match (run(a.at), run(a.against)) {
                (Some(x), Some(y)) => {
                    for f in failing(&[wirelab_engine::evaluate_across(x, y, a)]) {
                        problems.push(format!("{at}: {f}"));
                    }
                }
                _ => problems.push(format!("{at}: a step has no run")),
            }
        }
    }
}

#[test]
fn every_lesson_claim_and_prediction_holds_on_every_seed() {
    let all = lessons();
    let lesson_count = all.iter().filter(|l| l.kind == LessonKind::Lesson).count();
    assert!(lesson_count >= 13, "the thirteen lessons of the issue");
    let plans = plans(&all);
    let seeds = sweep(plans.iter().map(|p| &p.design));
    assert!(seeds.len() >= 20, "sweep at least 20 seeds: {seeds:?}");
    let reports = across(&seeds, |seed| lessons_at(&all, &plans, seed));

    let mut problems: Vec<String> = reports
        .iter()
        .flat_map(|(_, r)| r.problems.iter().cloned())
        .collect();
    // The answer to a choice must not depend on the seed: the next caption tells it.
    for p in plans.iter().filter(|p| !p.choices.is_empty()) {
        let mut answers: BTreeMap<&[String], Vec<u64>> = BTreeMap::new();
        for (seed, r) in &reports {
            if let Some(held) = r.held.get(&p.at) {
                answers.entry(held).or_default().push(*seed);
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
                "{}: the answer depends on the seed: {}",
                p.at,
                by.join("; ")
            ));
        }
    }
    assert_none(&problems, &format!("across seeds {}", describe(&seeds)));
}

/// Structure the lessons' comparisons rely on, independent of any run.
#[test]
fn compared_designs_differ_only_where_the_lessons_say() {
    // 11: a sixth subscriber leaves the producer untouched.
    let producer = |f: &str| {
        let s = design(f);
        let order = s.node_by_name("Order").unwrap().id;
        s.outgoing(order)
            .iter()
            .map(|w| (s.node(w.to).unwrap().name.clone(), w.kind.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        producer("lessons/scenarios/fanout-events-5.json"),
        producer("lessons/scenarios/fanout-events-6.json"),
        "the producer is untouched"
    );

    // 12: a command has one handler; an event many.
    let s = design("lessons/scenarios/commands-events.json");
    let subscribers = |topic: &str| {
        let id = s.node_by_name(topic).unwrap().id;
        s.wires
            .iter()
            .filter(|w| w.from == id && matches!(w.kind, WireKind::Subscribe(_)))
            .count()
    };
    assert_eq!(subscribers("ReserveInventory"), 1);
    assert!(subscribers("OrderCreated") >= 2);
}

fn walkthrough_results(
    w: &Walkthrough,
    s: &Scenario,
    seed: u64,
) -> Result<Vec<CheckResult>, String> {
    let mut s = s.clone();
    s.incidents = w.incidents.clone();
    Ok(Done::new(&s, seed, w.duration_s * 1000, &w.checks, &[])?.check(&w.checks))
}

#[test]
fn every_walkthrough_start_fails_and_reference_passes_on_every_seed() {
    let all = lessons();
    let walks: Vec<_> = all
        .iter()
        .filter_map(|l| l.walkthrough.as_ref().map(|w| (l, w)))
        .collect();
    assert!(walks.len() >= 5);
    let mut problems = Vec::new();
    for (l, w) in walks {
        let (start, reference) = (design(&w.start), design(&w.reference));
        let seeds = sweep([&start, &reference]);
        assert!(seeds.len() >= 20);
        for (seed, found) in across(&seeds, |seed| {
            let mut found = Vec::new();
            match walkthrough_results(w, &start, seed) {
                Ok(r) if failing(&r).is_empty() => found.push(format!(
                    "the starting design {} passes every check",
                    w.start
                )),
                Ok(_) => {}
                Err(e) => found.push(format!("start: {e}")),
            }
            match walkthrough_results(w, &reference, seed) {
                Ok(r) => found.extend(failing(&r).into_iter().map(|f| format!("reference: {f}"))),
                Err(e) => found.push(format!("reference: {e}")),
            }
            found
        }) {
            problems.extend(
                found
                    .into_iter()
                    .map(|f| format!("{}, seed {seed}: {f}", l.id)),
            );
        }
    }
    assert_none(
        &problems,
        &format!("in the walkthroughs across seeds {}", describe(&sweep([]))),
    );
}

/// The UI test flips one wire in the editor: the same command must make it pass.
#[test]
fn registration_passes_after_flipping_accounts_to_crm_into_an_event() {
    let l = decode_lesson(&read("lessons/w1-registration-never-blocks.json")).unwrap();
    let w = l.walkthrough.unwrap();
    let mut doc = design(&w.start);
    let r = wirelab_model::WireRef {
        from: "Accounts".into(),
        to: "CRM".into(),
    };
    let id = doc.wire_by_ref(&r).expect("Accounts -> CRM").id;
    wirelab_editor::command::apply(&mut doc, wirelab_editor::Command::FlipWire(id)).expect("flips");
    assert!(doc.wire_by_ref(&r).is_none(), "the call is gone");
    assert!(doc
        .nodes
        .iter()
        .any(|n| matches!(n.kind, NodeKind::Topic(_))));
    let flipped = decode(&wirelab_model::encode(&doc)).expect("still valid");
    let problems: Vec<String> = across(&sweep([&flipped]), |seed| {
        walkthrough_results(&w, &flipped, seed)
            .map_or_else(|e| vec![e], |r| failing(&r))
            .into_iter()
            .map(|f| format!("seed {seed}: {f}"))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flat_map(|(_, f)| f)
    .collect();
    assert_none(&problems, "after the flip");
}

#[test]
fn every_lesson_file_is_listed_and_loads() {
    let listed: Vec<String> = decode_index(&read("lessons/index.json"))
        .unwrap()
        .lessons
        .into_iter()
        .map(|e| e.file)
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(public("lessons"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".json") && f != "index.json")
        .map(|f| format!("lessons/{f}"))
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, files);
    for entry in std::fs::read_dir(public("lessons/scenarios")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let s = design(&format!("lessons/scenarios/{name}"));
        let _: Vec<Incident> = s.incidents;
    }
}

/// The elements a script breaks: killed, hung, slowed or given an error rate.
fn broken(s: &Scenario) -> BTreeSet<String> {
    s.incidents
        .iter()
        .filter_map(|i| match &i.action {
            Action::Kill { target } | Action::Hang { target } => Some(target.clone()),
            Action::Slow { target, factor } if *factor > 1 => Some(target.clone()),
            Action::ErrorRate { target, rate } if *rate > 0.0 => Some(target.clone()),
            _ => None,
        })
        .collect()
}

/// `name` occurs in `text` as a whole word.
fn names(text: &str, name: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    text.match_indices(name).any(|(at, _)| {
        !word(text[..at].chars().last()) && !word(text[at + name.len()..].chars().next())
    })
}

/// The description says `name` fails: "kill Analytics", "Analytics is down", "Payment
/// hangs", …
fn says_it_breaks(text: &str, name: &str) -> bool {
    let said = [
        format!("kill {name}"),
        format!("kills {name}"),
        format!("{name} is down"),
        format!("{name} goes down"),
        format!("{name} is killed"),
        format!("{name} hangs"),
        format!("{name} is slow"),
    ];
    said.iter().any(|s| names(text, s))
}

/// A design's description ("What it teaches", beside the canvas) must tell the story the
/// step's incident script plays: it names every element the script breaks, and says no
/// other element goes down. Lesson 2 once loaded a design that said "kill Analytics"
/// while its script killed Email.
#[test]
fn every_design_description_names_what_its_script_breaks() {
    let mut problems = Vec::new();
    for l in lessons() {
        let mut designs: Vec<(String, StepDesign)> = l
            .designs()
            .into_iter()
            .enumerate()
            .map(|(i, d)| (format!("{} step {}", l.id, i + 1), d))
            .collect();
        if let Some(w) = &l.walkthrough {
            for (what, path) in [("start", &w.start), ("reference", &w.reference)] {
                let d = StepDesign {
                    load: Some(path.clone()),
                    incidents: Some(w.incidents.clone()),
                    run_until_s: None,
                };
                designs.push((format!("{} {what}", l.id), d));
            }
        }
        for (at, d) in designs {
            let Some(load) = &d.load else { continue };
            let mut s = design(load);
            if let Some(incidents) = d.incidents {
                s.incidents = incidents;
            }
            let broken = broken(&s);
            if broken.is_empty() {
                continue;
            }
            let text = &s.description;
            for name in &broken {
                if !names(text, name) {
                    problems.push(format!("{at} ({load}): the script breaks {name}; the description does not say so: {text:?}"));
                }
            }
            for n in s.nodes.iter().filter(|n| !broken.contains(&n.name)) {
                if says_it_breaks(text, &n.name) {
                    problems.push(format!("{at} ({load}): the description says {} goes down; the script breaks {broken:?}: {text:?}", n.name));
                }
            }
        }
    }
    assert_none(&problems, "in what the lessons' designs say they teach");
}

/// The numbers a caption or prompt states, each as the design it plays must have it.
#[derive(Debug, PartialEq)]
enum Stated {
    /// "from 10 seconds to 30 seconds", "from 10 to 40 seconds": the script acts at both.
    Window(u64, u64),
    /// "a fifth of Email's acks are lost", "30% of Payment's answers": a lose-responses
    /// line at this rate.
    Lost(f64),
    /// "3 in 100 cards are declined": an error rate of this share.
    Declined(f64),
    /// "OrderChanged's 4 partitions".
    Partitions(u32),
    /// "for up to 2 seconds": a request/reply timeout.
    UpTo(u64),
}

/// Reads what a text states, word by word (lower case, punctuation dropped).
fn stated(text: &str) -> Vec<Stated> {
    let lower = text.to_lowercase();
    let w: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '(' | ')' | ';' | ':'))
        .filter(|w| !w.is_empty())
        .collect();
    let num = |i: usize| w.get(i).and_then(|s| s.parse::<u64>().ok());
    let share = |s: &str| match s {
        "half" => Some(0.5),
        "third" => Some(1.0 / 3.0),
        "quarter" => Some(0.25),
        "fifth" => Some(0.2),
        "tenth" => Some(0.1),
        _ => s.strip_suffix('%')?.parse::<f64>().ok().map(|p| p / 100.0),
    };
    let mut out = Vec::new();
    for i in 0..w.len() {
        let at = |k: usize, s: &str| w.get(i + k) == Some(&s);
        if at(0, "from") {
            // from A (seconds) to B seconds
            let a = num(i + 1);
            let k = if at(2, "seconds") { 3 } else { 2 };
            if let (Some(a), true, Some(b), true) =
                (a, at(k, "to"), num(i + k + 1), at(k + 2, "seconds"))
            {
                out.push(Stated::Window(a, b));
            }
        }
        if at(2, "of") && at(4, "are") && at(5, "lost") {
            // (a fifth | 30%) of X's acks are lost
            if let Some(r) = share(w[i + 1]).or_else(|| share(w[i])) {
                out.push(Stated::Lost(r));
            }
        } else if at(1, "of") && at(4, "are") && at(5, "lost") {
            if let Some(r) = share(w[i]) {
                out.push(Stated::Lost(r));
            }
        }
        if let (Some(n), true, Some(m)) = (num(i), at(1, "in"), num(i + 2)) {
            if w[i + 3..].iter().take(4).any(|x| *x == "declined") {
                out.push(Stated::Declined(n as f64 / m as f64));
            }
        }
        if let (Some(n), true) = (num(i), at(1, "partitions")) {
            out.push(Stated::Partitions(n as u32));
        }
        if at(0, "up") && at(1, "to") && at(3, "seconds") {
            if let Some(n) = num(i + 2) {
                out.push(Stated::UpTo(n));
            }
        }
    }
    out
}

/// Whether design `s` (with the script it plays) has what `st` states.
fn holds(s: &Scenario, st: &Stated) -> bool {
    let at = |sec: u64| s.incidents.iter().filter(move |i| i.at_ms == sec * 1000);
    match *st {
        Stated::Window(a, b) => at(a).next().is_some() && at(b).next().is_some(),
        Stated::Lost(r) => s.incidents.iter().any(
            |i| matches!(&i.action, Action::LoseResponses { rate, .. } if (rate - r).abs() < 1e-9),
        ),
        Stated::Declined(r) => {
            let scripted = s.incidents.iter().any(
                |i| matches!(&i.action, Action::ErrorRate { rate, .. } if (rate - r).abs() < 1e-9),
            );
            scripted
                || s.nodes.iter().any(
                    |n| matches!(&n.kind, NodeKind::Service(c) if (c.error_rate - r).abs() < 1e-9),
                )
                || s.wires.iter().any(|w| {
                    matches!(&w.kind, WireKind::Subscribe(c) if (c.poison_rate - r).abs() < 1e-9)
                })
        }
        Stated::Partitions(n) => s
            .nodes
            .iter()
            .any(|x| matches!(&x.kind, NodeKind::Topic(t) if t.partitions == n)),
        Stated::UpTo(sec) => s.wires.iter().any(
            |w| matches!(&w.kind, WireKind::RequestReply(r) if r.timeout_ms == (sec * 1000) as f64),
        ),
    }
}

#[test]
fn stated_numbers_are_read() {
    assert_eq!(
        stated("Now Analytics goes down from 10 seconds to 30 seconds."),
        [Stated::Window(10, 30)]
    );
    assert_eq!(
        stated("Payment hangs from 10 to 40 seconds"),
        [Stated::Window(10, 40)]
    );
    assert_eq!(
        stated("From 10 to 30 seconds a fifth of Email's acks are lost, so"),
        [Stated::Window(10, 30), Stated::Lost(0.2)]
    );
    assert_eq!(
        stated("From 10 to 40 seconds, 30% of Payment's answers are lost after"),
        [Stated::Window(10, 40), Stated::Lost(0.3)]
    );
    assert_eq!(
        stated("but 3 in 100 cards are declined"),
        [Stated::Declined(0.03)]
    );
    assert_eq!(
        stated("one of OrderChanged's 4 partitions"),
        [Stated::Partitions(4)]
    );
    assert_eq!(stated("for up to 2 seconds."), [Stated::UpTo(2)]);
}

/// Every number a caption, a walkthrough's prompt or a design's description states —
/// when something breaks, how much is lost or declined, partitions, timeouts — is the
/// one the design it plays has: a lesson cannot say "from 10 to 30 seconds" over a
/// script that acts at 15 s.
#[test]
fn every_number_a_lesson_states_is_the_designs() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for l in lessons() {
        let mut texts: Vec<(String, String, StepDesign)> = l
            .steps
            .iter()
            .zip(l.designs())
            .enumerate()
            .map(|(i, (st, d))| (format!("{} step {}", l.id, i + 1), st.caption.clone(), d))
            .collect();
        if let Some(w) = &l.walkthrough {
            let d = StepDesign {
                load: Some(w.start.clone()),
                incidents: Some(w.incidents.clone()),
                run_until_s: None,
            };
            texts.push((format!("{} prompt", l.id), w.prompt.clone(), d));
        }
        for (at, text, d) in texts {
            let Some(load) = &d.load else { continue };
            let mut s = design(load);
            if let Some(incidents) = d.incidents {
                s.incidents = incidents;
            }
            for (what, text) in [("says", &text), ("'s design says", &s.description)] {
                for st in stated(text) {
                    checked += 1;
                    if !holds(&s, &st) {
                        problems.push(format!("{at} {what} {st:?}, which {load} with its script does not have: {text:?}"));
                    }
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} stated numbers found");
    assert_none(&problems, "in the numbers the lessons state");
}
