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

use std::collections::BTreeSet;
use std::path::PathBuf;
use wirelab_engine::proof::Prover;
use wirelab_model::{
    decode, decode_index, decode_lesson, Action, Incident, Lesson, LessonKind, NodeKind, Scenario,
    StepDesign, WireKind,
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

/// Proves `l` on every seed of the sweep (two seeds at a time): every problem, each
/// naming its step and seed.
fn prove(l: &Lesson, load: &dyn Fn(&str) -> Result<Scenario, String>) -> Vec<String> {
    let prover = Prover::new(l, load).unwrap_or_else(|p| panic!("{}: {p:?}", l.id));
    let seeds = sweep(prover.designs());
    assert!(seeds.len() >= 20, "sweep at least 20 seeds: {seeds:?}");
    let found: Vec<_> = across(&seeds, |seed| prover.at(seed))
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    prover
        .finish(&found)
        .into_iter()
        .map(|p| format!("{}: {p}", l.id))
        .collect()
}

fn from_public(path: &str) -> Result<Scenario, String> {
    decode(&read(path)).map_err(|p| format!("{p:?}"))
}

#[test]
fn every_lesson_claim_and_prediction_holds_on_every_seed() {
    let all = lessons();
    let taught: Vec<&Lesson> = all
        .iter()
        .filter(|l| l.kind == LessonKind::Lesson)
        .collect();
    assert!(taught.len() >= 13, "the thirteen lessons of the issue");
    let mut problems = Vec::new();
    for l in taught {
        assert!((3..=6).contains(&l.steps.len()), "{}: 3 to 6 steps", l.id);
        problems.extend(prove(l, &from_public));
    }
    assert_none(&problems, &format!("across seeds {}", describe(&sweep([]))));
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

#[test]
fn every_walkthrough_start_fails_and_reference_passes_on_every_seed() {
    let all = lessons();
    let walks: Vec<&Lesson> = all.iter().filter(|l| l.walkthrough.is_some()).collect();
    assert!(walks.len() >= 5);
    let problems: Vec<String> = walks.iter().flat_map(|l| prove(l, &from_public)).collect();
    assert_none(
        &problems,
        &format!("in the walkthroughs across seeds {}", describe(&sweep([]))),
    );
}

/// The UI test flips one wire in the editor: the same command must make it pass.
#[test]
fn registration_passes_after_flipping_accounts_to_crm_into_an_event() {
    let mut l = decode_lesson(&read("lessons/w1-registration-never-blocks.json")).unwrap();
    let w = l.walkthrough.as_mut().unwrap();
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
    // The flipped design as the walkthrough's reference: it must pass on every seed.
    w.reference = "flipped".into();
    let load = |path: &str| match path {
        "flipped" => Ok(flipped.clone()),
        other => from_public(other),
    };
    assert_none(&prove(&l, &load), "after the flip");
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
