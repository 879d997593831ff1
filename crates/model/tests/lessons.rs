use wirelab_model::*;

const CHECKS: &[&str] = &[
    "success_rate during 10s..40s >= 99%",
    "wait_p95 <= 500ms",
    "lost == 0",
    "dead_lettered(OrderCreated -> Analytics) == 0",
    "backlog(OrderCreated -> Analytics) == 0 at end",
    "processed(OrderCreated -> CRM) >= 0.99 * published(OrderCreated)",
    "success_rate >= 0.9 * dependency_product",
    "duplicates(Payment) > 0",
    "processed(UserRegistered -> CRM) == published(UserRegistered)",
    "lag(OrderCreated -> Reporting) during 1m..90s > 1500ms",
    "failed during 1500ms..2s != 3",
];

#[test]
fn checks_round_trip_through_text_and_structure() {
    for text in CHECKS {
        let c = Check::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let printed = c.to_string();
        assert_eq!(
            Check::parse(&printed).unwrap(),
            c,
            "{text} printed as {printed}"
        );
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Check>(&json).unwrap(), c, "{json}");
    }
    // A window may stand after the measure or close the check.
    assert_eq!(
        Check::parse("backlog(OrderCreated -> Analytics) at end == 0").unwrap(),
        Check::parse("backlog(OrderCreated -> Analytics) == 0 at end").unwrap()
    );
    assert_eq!(
        Check::parse("success_rate >= 99% during 10s..40s")
            .unwrap()
            .to_string(),
        "success_rate during 10s..40s >= 99%"
    );
}

#[test]
fn parsed_structure_is_as_written() {
    let c = Check::parse("success_rate during 10s..40s >= 99%").unwrap();
    assert_eq!(c.measure.metric, Metric::SuccessRate);
    assert_eq!(
        c.measure.scope,
        Scope::During {
            from_ms: 10_000,
            to_ms: 40_000
        }
    );
    assert_eq!((c.op, c.value, c.of), (Op::Ge, 0.99, None));
    let c =
        Check::parse("processed(OrderCreated -> CRM) >= 0.99 * published(OrderCreated)").unwrap();
    assert_eq!(
        c.measure.target,
        Some(Target::Wire {
            wire: WireRef {
                from: "OrderCreated".into(),
                to: "CRM".into()
            }
        })
    );
    assert_eq!(
        c.of,
        Some(Quantity {
            metric: Metric::Published,
            target: Some(Target::Node {
                name: "OrderCreated".into()
            })
        })
    );
    assert_eq!(Check::parse("wait_p95 <= 2s").unwrap().value, 2000.0);
    assert_eq!(
        Measure::parse("backlog(T -> C) at end").unwrap().scope,
        Scope::AtEnd
    );
}

#[test]
fn parse_errors_name_the_column() {
    let cases = [
        ("succes_rate >= 99%", 1, "unknown metric `succes_rate`"),
        ("wait_p95 <= 500", 13, "a time needs a unit"),
        ("lost = 0", 6, "expected a comparison"),
        ("success_rate >= 99", 17, "needs `%`"),
        ("lost(Order) == 0", 1, "write `lost`"),
        ("lag == 0", 1, "write `lag(From -> To)`"),
        (
            "wait_p95 during 40s..10s <= 1s",
            22,
            "must end after it starts",
        ),
        (
            "utilisation(Order) during 1s..2s < 50%",
            20,
            "whole run only",
        ),
        ("processed >= 0.5 * wait_p95", 20, "not in the same unit"),
        ("lost == 0 and more", 11, "unexpected `and more`"),
        ("backlog(A -> ) == 0", 9, "`From -> To`"),
        ("wait_p95 <= 5%", 13, "not a percentage"),
    ];
    for (text, column, msg) in cases {
        let e = Check::parse(text).expect_err(text);
        assert!(e.message.contains(msg), "{text}: {e}");
        assert_eq!(e.column, column, "{text}: {e}");
    }
}

#[test]
fn ops_compare_with_a_tolerance_for_equality() {
    assert!(Op::Eq.holds(1.0, 1.0 + 1e-12));
    assert!(Op::Ge.holds(0.99, 0.99));
    assert!(!Op::Lt.holds(0.5, 0.5));
    assert!(Op::Gt.holds(3.0, 2.0) && !Op::Gt.holds(2.0, 2.0));
    assert!(Op::Ne.holds(1.0, 2.0));
}

const LESSON: &str = r#"{
  "format": "wirelab-lesson", "version": 1,
  "id": "sync-core", "title": "Sync core, async side effects",
  "summary": "Call what the customer waits for; publish the rest.",
  "kind": "lesson", "tags": ["events"],
  "steps": [
    { "caption": "Order calls Payment and Inventory.", "load": "scenarios/checkout-events.json",
      "speed": 2, "highlight": ["Order"], "run_until_s": 20,
      "predict": { "type": "number", "question": "How long will most customers wait?", "measure": "wait_p50" } },
    { "caption": "Now Email goes down.", "incidents": "at 10s kill Email; at 40s revive Email",
      "predict": { "type": "choice", "question": "What happens to checkouts?", "choices": [
        { "label": "They keep working", "when": "success_rate during 10s..40s >= 99%" },
        { "label": "They fail", "when": "success_rate during 10s..40s < 99%" } ] },
      "claims": [ { "check": "success_rate during 10s..40s >= 99%", "hint": "Does the customer need the email now?" },
                  { "check": "backlog(OrderCreated -> Email) == 0 at end" } ] },
    { "caption": "Back to the start.", "load": "scenarios/checkout-sync.json" }
  ]
}"#;

#[test]
fn lesson_decodes_round_trips_and_carries_designs_forward() {
    let l = decode_lesson(LESSON).unwrap();
    assert_eq!(decode_lesson(&encode_lesson(&l)).unwrap(), l);
    let d = l.designs();
    assert_eq!(d[1].load.as_deref(), Some("scenarios/checkout-events.json"));
    assert_eq!(d[1].incidents.as_ref().unwrap().len(), 2);
    assert_eq!(d[2].load.as_deref(), Some("scenarios/checkout-sync.json"));
    assert_eq!(d[2].incidents, None, "a new load resets the incidents");
    let Some(Predict::Number { measure, .. }) = &l.steps[0].predict else {
        panic!()
    };
    assert_eq!(measure.metric, Metric::WaitP50);
    assert_eq!(
        l.steps[1].claims[0].hint,
        "Does the customer need the email now?"
    );
}

#[test]
fn lesson_problems_are_precise() {
    let bad_check = LESSON.replace(
        "backlog(OrderCreated -> Email) == 0 at end",
        "backlog == zero",
    );
    let e = decode_lesson(&bad_check).unwrap_err();
    assert_eq!(e[0].field, "steps[1].claims[1].check");
    assert!(e[0].message.contains("column"), "{}", e[0]);

    let bad_script = LESSON.replace("at 40s revive Email", "at 40s resurrect Email");
    let e = decode_lesson(&bad_script).unwrap_err();
    assert_eq!(e[0].field, "steps[1].incidents");
    assert!(e[0].message.contains("unknown action"), "{}", e[0]);

    let many = LESSON
        .replace("\"sync-core\"", "\"Sync Core\"")
        .replace("scenarios/checkout-sync.json", "../etc/passwd")
        .replace("\"speed\": 2", "\"speed\": 0")
        .replace("Back to the start.", "**Back**");
    let fields: Vec<String> = decode_lesson(&many)
        .unwrap_err()
        .into_iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(
        fields,
        ["id", "steps[0].speed", "steps[2].caption", "steps[2].load"]
    );

    let e = decode_lesson(&LESSON.replace("wirelab-lesson", "wirelab-scenario")).unwrap_err();
    assert_eq!(e[0].field, "format");
    let e = decode_lesson(&LESSON.replace("\"version\": 1", "\"version\": 9")).unwrap_err();
    assert_eq!(e[0].field, "version");
}

#[test]
fn walkthrough_and_index_decode() {
    let w = r#"{ "format": "wirelab-lesson", "version": 1, "id": "w1", "title": "Registration",
      "summary": "Never block sign-ups on CRM.", "kind": "walkthrough",
      "walkthrough": { "prompt": "Design registration.", "start": "lessons/scenarios/reg-sync.json",
        "incidents": "at 10s kill CRM; at 40s revive CRM", "duration_s": 60,
        "checks": [ { "check": "success_rate during 10s..40s >= 99%" } ],
        "reference": "lessons/scenarios/reg-events.json" } }"#;
    let l = decode_lesson(w).unwrap();
    assert_eq!(decode_lesson(&encode_lesson(&l)).unwrap(), l);
    assert_eq!(l.walkthrough.as_ref().unwrap().incidents[1].at_ms, 40_000);
    let e =
        decode_lesson(&w.replace("\"kind\": \"walkthrough\"", "\"kind\": \"lesson\"")).unwrap_err();
    assert_eq!(e[0].field, "walkthrough");

    let ix = r#"{ "format": "wirelab-lessons", "version": 1, "lessons": [
      { "id": "w1", "file": "lessons/w1.json", "title": "Registration", "summary": "s", "kind": "walkthrough" },
      { "id": "w1", "file": "lessons/w1.json", "title": "Again", "summary": "s", "kind": "walkthrough" } ] }"#;
    let e = decode_index(ix).unwrap_err();
    assert_eq!(e[0].field, "lessons[1].id");
}
