//! Regression tests for inputs that once crashed, amplified or stalled the model: each
//! reproducer lives in `tests/repros/` (see its README) or is built here.

use wirelab_model::*;

fn repro(name: &str) -> String {
    let p = format!("{}/../../tests/repros/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn text(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("{p}\n")).collect()
}

const SPACES: [char; 7] = [
    '\u{a0}', '\u{2003}', '\u{3000}', '\u{1680}', '\u{85}', '\u{2028}', '\t',
];

#[test]
fn every_unicode_space_separates_incident_words() {
    for sp in SPACES {
        let script = format!(
            "at{sp}10s{sp}slow Payment{sp}x4\n10s error Payment{sp}30%\n10s send Users{sp}5\n\
             10s lose-responses Order -> Payment{sp}50%\n10s load Users{sp}20/s"
        );
        let parsed = parse_script(&script).unwrap_or_else(|e| panic!("{sp:?}: {e:?}"));
        assert_eq!(
            parsed[0].action,
            Action::Slow {
                target: "Payment".into(),
                factor: 4
            },
            "{sp:?}"
        );
        assert_eq!(
            parsed[2].action,
            Action::Send {
                target: "Users".into(),
                count: 5
            }
        );
    }
    assert!(parse_script(&repro("incident-nbsp.txt")).is_ok());
}

#[test]
fn a_lesson_with_a_no_break_space_decodes() {
    let lesson = decode_lesson(&repro("lesson-w1-nbsp.json"));
    assert!(lesson.is_ok(), "{:?}", lesson.err());
}

#[test]
fn a_no_break_space_inside_a_name_is_shown_as_its_code() {
    let mut s = decode(&repro("bom-checkout.json")).expect("valid");
    s.incidents = parse_script("10s kill Pay\u{a0}ment").unwrap();
    let p = text(&validate(&s));
    assert!(p.contains("Pay\\u{a0}ment"), "{p}");
}

#[test]
fn next_id_near_the_top_is_refused() {
    let e = decode(&repro("next-id-max.json")).unwrap_err();
    assert_eq!(e[0].field, "next_id", "{e:?}");
    assert!(e[0].message.contains("too large"), "{e:?}");
}

#[test]
fn a_long_name_is_refused_and_cut_short_in_messages() {
    let mut s = decode(&repro("bom-checkout.json")).expect("valid");
    s.nodes[1].name = "x".repeat(MAX_NAME_CHARS + 1);
    let p = validate(&s);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("at most 80"), "{p:?}");
    assert!(
        p[0].name.chars().count() <= MAX_NAME_CHARS + 1,
        "{}",
        p[0].name.len()
    );
    let ok = "y".repeat(MAX_NAME_CHARS);
    s.nodes[1].name = ok;
    assert!(validate(&s).is_empty());
}

/// One service with a 100,000-character name and 2,000 duplicate wires from it: once
/// 200 MB of problem text, now a short list and a count.
#[test]
fn problem_text_does_not_amplify() {
    let mut s = Scenario::new("amplify");
    let big = s.add_node(
        "n".repeat(100_000).as_str(),
        Pos::default(),
        NodeKind::Service(ServiceConfig::default()),
    );
    let other = s.add_node(
        "Other",
        Pos::default(),
        NodeKind::Service(ServiceConfig::default()),
    );
    for _ in 0..2_000 {
        s.add_wire(big, other, WireKind::Call(CallConfig::default()));
    }
    let json = encode(&s);
    let p = decode(&json).unwrap_err();
    assert_eq!(p.len(), MAX_LISTED + 1, "{}", p.len());
    let all = text(&p);
    assert!(all.len() < 60_000, "{} bytes of problems", all.len());
    let last = &p.last().unwrap().message;
    assert!(
        last.starts_with("and 19") && last.contains("more problems"),
        "{last}"
    );
}

/// Users, then S0 → S1 → … → S(n−1) by calls, and every S(i ≥ 1) also calls S0: n − 1
/// cycles. Validation was cubic; it is one DFS now.
fn cycle_chain(n: usize) -> Scenario {
    let mut s = Scenario::new("cycles");
    let users = s.add_node(
        "Users",
        Pos::default(),
        NodeKind::Users(UsersConfig::default()),
    );
    let ids: Vec<NodeId> = (0..n)
        .map(|i| {
            s.add_node(
                &format!("S{i}"),
                Pos::default(),
                NodeKind::Service(ServiceConfig::default()),
            )
        })
        .collect();
    s.add_wire(users, ids[0], WireKind::Call(CallConfig::default()));
    for i in 1..n {
        s.add_wire(ids[i - 1], ids[i], WireKind::Call(CallConfig::default()));
        s.add_wire(ids[i], ids[0], WireKind::Call(CallConfig::default()));
    }
    s
}

#[test]
fn cycle_validation_is_near_linear() {
    let s = cycle_chain(5_000); // 5,001 nodes and 9,999 wires
    let t = std::time::Instant::now();
    let p = validate(&s);
    // Printed, not asserted: a timing on a shared machine is a measurement.
    eprintln!(
        "validate: 15,000 elements with 4,999 cycles in {:?}",
        t.elapsed()
    );
    assert_eq!(p.len(), MAX_LISTED + 1);
    assert!(p[0].message.contains("sync-call cycle"), "{:?}", p[0]);
    assert!(p[0].message.contains("would deadlock"));
    assert!(
        p[MAX_LISTED].message.contains("and 4949 more"),
        "{:?}",
        p[MAX_LISTED]
    );
    // A long cycle's path is shortened in the middle.
    let last_cycle = validate(&cycle_chain(40));
    assert!(
        last_cycle.iter().any(|p| p.message.contains("more …")),
        "{last_cycle:?}"
    );
}

#[test]
fn arrival_rates_are_bounded() {
    let e = decode(&repro("burst-flood.json")).unwrap_err();
    assert!(
        e.iter()
            .any(|p| p.field == "kind.arrival.every_ms" && p.message.contains("people per second")),
        "{e:?}"
    );
    let e = decode(&repro("max-rate-24h.json")).unwrap_err();
    assert!(
        e.iter().any(|p| p.field == "kind.arrival.rate_per_s"),
        "{e:?}"
    );
    assert!(e.iter().any(|p| p.field == "max_in_flight"), "{e:?}");
    // A load on a bursts node is people per second, bounded like any rate.
    let e = decode(&repro("bursts-load.json")).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "action.rate_per_s", "{e:?}");
    let mut s = Scenario::new("bursts");
    let users = s.add_node(
        "Users",
        Pos::default(),
        NodeKind::Users(UsersConfig {
            arrival: Arrival::Bursts {
                size: 100_000,
                every_ms: 86_400_000.0,
            },
            ..UsersConfig::default()
        }),
    );
    let order = s.add_node(
        "Order",
        Pos::default(),
        NodeKind::Service(ServiceConfig::default()),
    );
    s.add_wire(users, order, WireKind::Call(CallConfig::default()));
    s.incidents = parse_script("0s load Users 20000/s").unwrap();
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
}

#[test]
fn type_errors_inside_kind_name_the_field_in_words() {
    let e = decode(&repro("workers-string.json")).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "nodes[1].kind.workers");
    assert!(e[0].message.contains("expected a whole number"), "{e:?}");
}

#[test]
fn every_type_error_is_reported() {
    let e = decode(&repro("two-type-errors.json")).unwrap_err();
    let fields: Vec<&str> = e.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "nodes[0].kind.patience_ms",
            "nodes[1].kind.workers",
            "wires[0].kind.timeout_ms"
        ],
        "{e:?}"
    );
    assert!(e[0].message.contains("expected a number"), "{e:?}");
    // Two bad fields in one element, and one in an incident's action.
    let json = r#"{"format": "wirelab-scenario", "version": 1, "next_id": 9,
      "nodes": [{"id": 1, "name": "A", "kind": {"type": "service", "workers": "many", "queue": -1}}],
      "incidents": [{"at_ms": 5, "action": {"type": "slow", "target": "A", "factor": "x4"}}]}"#;
    let e = decode(json).unwrap_err();
    let fields: Vec<&str> = e.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "nodes[0].kind.queue",
            "nodes[0].kind.workers",
            "incidents[0].action.factor"
        ],
        "{e:?}"
    );
    let e = decode(r#"{"format": "wirelab-scenario", "version": 1}"#).unwrap_err();
    assert_eq!(
        (e[0].field.as_str(), e[0].message.as_str()),
        ("next_id", "is missing")
    );
}

#[test]
fn a_duplicate_wire_id_is_reported_on_its_own_wire() {
    let e = decode(&repro("dup-wire-id.json")).unwrap_err();
    let all = text(&e);
    assert!(
        all.contains("wire 5 `Order -> #99` field `id`: id 5 is used twice"),
        "{all}"
    );
    assert!(
        all.contains("wire 5 `Order -> #99` field `to`: node 99 does not exist"),
        "{all}"
    );
    assert!(!all.contains("`Users -> Order` field `to`"), "{all}");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let s = decode(&repro("bom-checkout.json"));
    assert!(s.is_ok(), "{:?}", s.err());
}

#[test]
fn titles_and_descriptions_are_bounded() {
    let mut s = decode(&repro("bom-checkout.json")).unwrap();
    s.name = "t".repeat(MAX_TITLE_CHARS + 1);
    s.description = "d".repeat(MAX_DESCRIPTION_CHARS + 1);
    let fields: Vec<String> = validate(&s).into_iter().map(|p| p.field).collect();
    assert_eq!(fields, ["name", "description"]);
}
