//! Every lesson's claims and every walkthrough's acceptance checks, through the engine:
//! a change in engine semantics that breaks a lesson breaks the build.

use std::collections::BTreeMap;
use std::path::PathBuf;
use wirelab_engine::{evaluate, measure, CheckResult, Recorder, Run};
use wirelab_model::{
    decode, decode_index, decode_lesson, Criterion, Incident, Lesson, LessonKind, Measure,
    NodeKind, Predict, Scenario, WireKind,
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

/// A finished run and its recorder, for checks and measures.
struct Done {
    run: Run,
    rec: Recorder,
}

impl Done {
    fn new(s: &Scenario, duration_ms: u64, criteria: &[Criterion], measures: &[Measure]) -> Done {
        let mut run = Run::new(s, s.seed).expect("design runs");
        let mut rec = Recorder::new(&run, criteria, measures);
        rec.run_to(&mut run, duration_ms * 1000);
        assert!(run.accounting().ok, "{}: accounting", s.name);
        Done { run, rec }
    }

    fn check(&self, criteria: &[Criterion]) -> Vec<CheckResult> {
        evaluate(&self.run, &self.rec, criteria)
    }

    fn value(&self, m: &str) -> f64 {
        measure(&self.run, &self.rec, &Measure::parse(m).unwrap()).unwrap()
    }
}

fn failing(results: &[CheckResult]) -> Vec<String> {
    results
        .iter()
        .filter(|r| !r.pass)
        .map(|r| {
            format!(
                "{} (measured {:?}, threshold {:?}) {}",
                r.check, r.measured, r.threshold, r.note
            )
        })
        .collect()
}

/// Runs every lesson step that claims or asks something; returns the runs by (id, step).
fn lesson_runs(all: &[Lesson]) -> BTreeMap<(String, usize), Done> {
    let mut out = BTreeMap::new();
    for l in all.iter().filter(|l| l.kind == LessonKind::Lesson) {
        assert!((3..=6).contains(&l.steps.len()), "{}: 3 to 6 steps", l.id);
        for (i, (step, d)) in l.steps.iter().zip(l.designs()).enumerate() {
            let Some(load) = &d.load else { continue };
            let mut s = design(load);
            for h in &step.highlight {
                assert!(
                    s.node_by_name(h).is_some(),
                    "{} step {}: no node {h}",
                    l.id,
                    i + 1
                );
            }
            if step.claims.is_empty() && step.predict.is_none() {
                continue;
            }
            if let Some(inc) = &d.incidents {
                s.incidents = inc.clone();
            }
            let duration = d.run_until_s.map_or(s.duration_ms, |t| t * 1000);
            let (choices, measures): (Vec<Criterion>, Vec<Measure>) = match &step.predict {
                Some(Predict::Choice { choices, .. }) => (
                    choices
                        .iter()
                        .map(|c| Criterion {
                            check: c.when.clone(),
                            hint: String::new(),
                        })
                        .collect(),
                    vec![],
                ),
                Some(Predict::Number { measure, .. }) => (vec![], vec![measure.clone()]),
                None => (vec![], vec![]),
            };
            let all_checks: Vec<Criterion> = step.claims.iter().chain(&choices).cloned().collect();
            let done = Done::new(&s, duration, &all_checks, &measures);
            let where_ = format!("{} step {}", l.id, i + 1);
            assert_eq!(
                failing(&done.check(&step.claims)),
                Vec::<String>::new(),
                "{where_}"
            );
            if !choices.is_empty() {
                let right = done.check(&choices).iter().filter(|r| r.pass).count();
                assert_eq!(right, 1, "{where_}: exactly one choice must be right");
            }
            for m in &measures {
                measure(&done.run, &done.rec, m).unwrap_or_else(|e| panic!("{where_}: {m}: {e}"));
            }
            out.insert((l.id.clone(), i + 1), done);
        }
    }
    out
}

#[test]
fn every_lesson_claim_holds_and_the_seeds_claims_compare_across_designs() {
    let all = lessons();
    let lesson_count = all.iter().filter(|l| l.kind == LessonKind::Lesson).count();
    assert!(lesson_count >= 13, "the thirteen lessons of the issue");
    let runs = lesson_runs(&all);
    let v = |id: &str, step: usize, m: &str| runs[&(id.to_string(), step)].value(m);

    // 6: request/reply over a broker is slower than a direct call, and fails with it.
    assert!(v("request-reply", 2, "wait_p50 during 0s..20s") > v("request-reply", 1, "wait_p50"));
    assert!(v("request-reply", 3, "failed during 20s..30s") > 0.0);
    assert_eq!(
        v("request-reply", 1, "failed"),
        0.0,
        "a direct call has no broker to lose"
    );

    // 8: without an outbox events are lost; with it none are.
    assert!(v("transactional-outbox", 1, "lost") > 0.0);
    assert_eq!(v("transactional-outbox", 4, "lost"), 0.0);

    // 9: duplicates without idempotency, none with it (consumer and call).
    assert!(v("idempotency", 1, "duplicates") > 0.0);
    assert_eq!(v("idempotency", 2, "duplicates"), 0.0);
    assert!(v("idempotency", 3, "duplicates(Payment)") > 0.0);
    assert_eq!(v("idempotency", 4, "duplicates(Payment)"), 0.0);

    // 10: measured availability ≈ the product of the chain's availabilities.
    let (a, p) = (
        v("distributed-monolith", 1, "success_rate"),
        v("distributed-monolith", 1, "dependency_product"),
    );
    assert!((a - p).abs() < 0.02, "measured {a} vs product {p}");

    // 11: a sixth call adds its latency to every request; a sixth subscriber adds none.
    let sync = v("fan-out", 2, "wait_p50") - v("fan-out", 1, "wait_p50");
    let events = v("fan-out", 4, "wait_p50") - v("fan-out", 3, "wait_p50");
    assert!(
        sync > 15.0 && events.abs() < 5.0,
        "sync +{sync} ms, events +{events} ms"
    );
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

fn walkthrough_results(w: &wirelab_model::Walkthrough, s: &Scenario) -> Vec<CheckResult> {
    let mut s = s.clone();
    s.incidents = w.incidents.clone();
    Done::new(&s, w.duration_s * 1000, &w.checks, &[]).check(&w.checks)
}

#[test]
fn every_walkthrough_start_fails_and_reference_passes() {
    let all = lessons();
    let walks: Vec<_> = all
        .iter()
        .filter_map(|l| l.walkthrough.as_ref().map(|w| (l, w)))
        .collect();
    assert!(walks.len() >= 5);
    for (l, w) in walks {
        let start = walkthrough_results(w, &design(&w.start));
        assert!(
            !failing(&start).is_empty(),
            "{}: the starting design must fail",
            l.id
        );
        let reference = walkthrough_results(w, &design(&w.reference));
        assert_eq!(
            failing(&reference),
            Vec::<String>::new(),
            "{}: reference",
            l.id
        );
    }
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
    assert_eq!(
        failing(&walkthrough_results(&w, &flipped)),
        Vec::<String>::new()
    );
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
