use wirelab_model::*;

fn svc() -> NodeKind {
    NodeKind::Service(ServiceConfig::default())
}

/// Users → Order → Payment, Order publishes OrderCreated, Email subscribes.
fn small() -> Scenario {
    let mut s = Scenario::new("small");
    let users = s.add_node(
        "Users",
        Pos { x: 0.0, y: 0.0 },
        NodeKind::Users(UsersConfig::default()),
    );
    let order = s.add_node("Order", Pos { x: 100.0, y: 0.0 }, svc());
    let pay = s.add_node("Payment", Pos { x: 200.0, y: 0.0 }, svc());
    let topic = s.add_node(
        "OrderCreated",
        Pos { x: 200.0, y: 100.0 },
        NodeKind::Topic(TopicConfig::default()),
    );
    let email = s.add_node("Email", Pos { x: 300.0, y: 100.0 }, svc());
    s.add_wire(users, order, WireKind::Call(CallConfig::default()));
    s.add_wire(order, pay, WireKind::Call(CallConfig::default()));
    s.add_wire(order, topic, WireKind::Publish(PublishConfig::default()));
    s.add_wire(
        topic,
        email,
        WireKind::Subscribe(SubscribeConfig::default()),
    );
    s
}

fn problems(s: &Scenario) -> Vec<String> {
    validate(s).iter().map(|p| p.to_string()).collect()
}

#[test]
fn valid_scenario_round_trips_through_json() {
    let s = small();
    assert!(validate(&s).is_empty(), "{:?}", problems(&s));
    let json = encode(&s);
    assert_eq!(decode(&json).unwrap(), s);
}

#[test]
fn ids_are_never_reused() {
    let mut s = small();
    let before = s.next_id;
    let id = s.add_node("X", Pos::default(), svc());
    s.nodes.retain(|n| n.id != id);
    let again = s.add_node("Y", Pos::default(), svc());
    assert_eq!(id.0, before);
    assert_eq!(again.0, before + 1);
}

#[test]
fn missing_optional_fields_get_defaults() {
    let json = r#"{
      "format": "wirelab-scenario", "version": 1, "next_id": 4,
      "nodes": [
        {"id": 1, "name": "Users", "kind": {"type": "users"}},
        {"id": 2, "name": "Order", "kind": {"type": "service", "workers": 2}}
      ],
      "wires": [{"id": 3, "from": 1, "to": 2, "kind": {"type": "call", "timeout_ms": 500}}]
    }"#;
    let s = decode(json).unwrap();
    assert_eq!(s.seed, 1);
    assert_eq!(s.duration_ms, 120_000);
    let NodeKind::Service(c) = &s.nodes[1].kind else {
        panic!()
    };
    assert_eq!(c.workers, 2);
    assert_eq!(c.queue, ServiceConfig::default().queue);
    let WireKind::Call(c) = &s.wires[0].kind else {
        panic!()
    };
    assert_eq!(c.timeout_ms, 500.0);
    assert_eq!(c.max_attempts, 1);
}

#[test]
fn unknown_format_and_version_are_reported() {
    let e = decode(r#"{"format": "other", "version": 1, "next_id": 1}"#).unwrap_err();
    assert_eq!(e[0].field, "format");
    let e = decode(r#"{"format": "wirelab-scenario", "version": 7, "next_id": 1}"#).unwrap_err();
    assert_eq!(e[0].field, "version");
    assert!(e[0].message.contains("version 7"), "{}", e[0].message);
    let e = decode("{ nope").unwrap_err();
    assert!(e[0].message.contains("not valid JSON"));
    // What is wrong with the text, in words and with where, never serde's own terms.
    for (text, words) in [
        (
            "{\n  \"format\": tru\n}",
            "at the end of line 2: a word that is not true, false or null",
        ),
        ("{\"format\": \"x\",}", "a comma before a closing bracket"),
        (
            "{\"format\": \"wirelab-scenario\"",
            "the text ends before the JSON does",
        ),
        ("{format: 1}", "a key not in double quotes"),
        (
            "{\"a\": 1 \"b\": 2}",
            "a comma is missing between two entries",
        ),
    ] {
        let m = &decode(text).unwrap_err()[0].message;
        assert!(m.starts_with("not valid JSON at "), "{text}: {m}");
        assert!(m.contains(words), "{text}: {m}");
        assert!(!m.contains("ident") && !m.contains("EOF"), "{text}: {m}");
    }
}

#[test]
fn type_errors_name_the_path() {
    let json = r#"{"format": "wirelab-scenario", "version": 1, "next_id": 3,
      "nodes": [{"id": 1, "name": "A", "kind": {"type": "service", "workers": "many"}}]}"#;
    let e = decode(json).unwrap_err();
    assert!(e[0].field.starts_with("nodes[0]"), "{:?}", e[0]);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let mut s = small();
    // Out-of-range values on two nodes, a dangling wire, a user wired to a topic.
    for n in &mut s.nodes {
        if let NodeKind::Service(c) = &mut n.kind {
            c.workers = 0;
            c.error_rate = 2.0;
        }
    }
    let id = WireId(s.alloc_id());
    s.wires.push(Wire {
        id,
        from: NodeId(2),
        to: NodeId(99),
        order: 5,
        kind: WireKind::Call(CallConfig::default()),
    });
    let topic = s.node_by_name("OrderCreated").unwrap().id;
    let users = s.node_by_name("Users").unwrap().id;
    s.add_wire(users, topic, WireKind::Call(CallConfig::default()));
    let p = validate(&s);
    let workers = p.iter().filter(|p| p.field == "kind.workers").count();
    assert_eq!(workers, 3, "{p:#?}");
    assert_eq!(p.iter().filter(|p| p.field == "kind.error_rate").count(), 3);
    assert!(p
        .iter()
        .any(|p| p.field == "to" && p.message.contains("dangling")));
    assert!(p.iter().any(|p| p.message.contains("topic gives none")));
    assert!(p
        .iter()
        .any(|p| p.field == "wires" && p.message.contains("exactly one")));
}

#[test]
fn sync_cycle_is_reported_with_its_path() {
    let mut s = small();
    let pay = s.node_by_name("Payment").unwrap().id;
    let order = s.node_by_name("Order").unwrap().id;
    s.add_wire(pay, order, WireKind::Call(CallConfig::default()));
    let p = problems(&s);
    assert!(
        p.iter()
            .any(|m| m.contains("cycle Order → Payment → Order")),
        "{p:?}"
    );
}

#[test]
fn event_loops_are_not_sync_cycles() {
    let mut s = small();
    let email = s.node_by_name("Email").unwrap().id;
    let topic = s.node_by_name("OrderCreated").unwrap().id;
    s.add_wire(email, topic, WireKind::Publish(PublishConfig::default()));
    assert!(validate(&s).is_empty(), "{:?}", problems(&s));
}

#[test]
fn incidents_parse_print_and_round_trip() {
    let text = "at 10s kill Analytics\nat 40s revive Analytics; at 1500ms slow Payment x4\n\
                at 2m error Payment 30%\nat 5s cut Order -> Payment # partition\n\
                at 6s heal Order -> Payment\nat 7s lose-responses Order -> Payment 50%\n\
                at 8s load Users 200/s\nat 9s send Users 3\nat 11s hang Payment";
    let parsed = parse_script(text).unwrap();
    assert_eq!(parsed.len(), 10);
    assert_eq!(
        parsed[0],
        Incident {
            at_ms: 10_000,
            action: Action::Kill {
                target: "Analytics".into()
            }
        }
    );
    assert_eq!(parsed[2].at_ms, 1_500);
    assert_eq!(parsed[3].at_ms, 120_000);
    let printed = format_script(&parsed);
    assert!(printed.starts_with("at 10s kill Analytics\nat 40s revive Analytics\nat 1500ms slow Payment x4\nat 2m error Payment 30%\n"), "{printed}");
    assert_eq!(parse_script(&printed).unwrap(), parsed);
    // And through the structured JSON form.
    let json = serde_json::to_string(&parsed).unwrap();
    assert_eq!(
        serde_json::from_str::<Vec<Incident>>(&json).unwrap(),
        parsed
    );
}

#[test]
fn names_with_spaces_parse() {
    let i = Incident::parse("at 1s slow Order Service x2").unwrap();
    assert_eq!(
        i.action,
        Action::Slow {
            target: "Order Service".into(),
            factor: 2
        }
    );
    assert_eq!(Incident::parse(&i.to_string()).unwrap(), i);
}

#[test]
fn bad_incidents_report_every_clause() {
    let e = parse_script("at 10 kill A; at 1s explode A; at 2s slow A fast").unwrap_err();
    assert_eq!(e.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert!(e[1].message.contains("unknown action `explode`"));
}

#[test]
fn incidents_are_validated_against_names() {
    let mut s = small();
    s.incidents =
        parse_script("at 1s kill Nobody; at 2s hang OrderCreated; at 3s cut Order -> Email")
            .unwrap();
    let p = validate(&s);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p[0].message.contains("no node is named `Nobody`"));
    assert!(p[1].message.contains("is a topic, not a service"));
    assert!(p[2]
        .message
        .contains("no wire goes from `Order` to `Email`"));
    assert_eq!(p[2].element, Element::Incident(2));
}

#[test]
fn durations_parse_exactly() {
    assert_eq!(parse_duration_ms("1.5s"), Ok(1500));
    assert_eq!(parse_duration_ms("250ms"), Ok(250));
    assert_eq!(parse_duration_ms("2m"), Ok(120_000));
    assert!(parse_duration_ms("10").is_err());
    assert!(parse_duration_ms("1.0005s").is_err());
    assert_eq!(format_duration_ms(90_000), "90s");
    assert_eq!(format_duration_ms(120_000), "2m");
}

#[test]
fn docs_example_is_valid() {
    let doc = include_str!("../../../docs/scenario-format.md");
    let json = doc
        .split("```json")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a json block");
    let s = decode(json).unwrap_or_else(|p| panic!("{p:#?}"));
    assert_eq!(s.nodes.len(), 6);
    assert_eq!(s.wires.len(), 5);
    assert_eq!(
        format_script(&s.incidents),
        "at 10s kill Email\nat 20s lose-responses Order -> Payment 20%\nat 40s revive Email\n"
    );
}

#[test]
fn bundled_scenarios_are_valid() {
    for f in ["checkout-sync.json", "checkout-events.json"] {
        let path = format!("{}/../../public/scenarios/{f}", env!("CARGO_MANIFEST_DIR"));
        let s = decode(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|p| panic!("{f}: {p:#?}"));
        assert_eq!(decode(&encode(&s)).unwrap(), s, "{f}");
    }
}

#[test]
fn the_simulated_part_ignores_titles_and_positions_only() {
    let s = small();
    let mut t = s.clone();
    t.name = "another title".into();
    t.description = "another text".into();
    t.nodes[0].pos = Pos { x: 999.0, y: -5.0 };
    assert_eq!(s.sim_part(), t.sim_part());
    let mut seed = s.clone();
    seed.seed += 1;
    assert_ne!(s.sim_part(), seed.sim_part());
    let mut work = s.clone();
    if let NodeKind::Service(c) = &mut work.nodes[1].kind {
        c.workers += 1;
    }
    assert_ne!(s.sim_part(), work.sim_part());
}

#[test]
fn checks_read_in_plain_words() {
    let plain = |c: &str| Check::parse(c).unwrap().plain();
    assert_eq!(plain("wait_p50 <= 150ms"), "median wait ≤ 150 ms");
    assert_eq!(
        plain("success_rate during 10s..40s >= 99%"),
        "share of people answered, for people arriving 10 s–40 s ≥ 99%"
    );
    assert_eq!(
        plain("handled(CRM) >= 0.99 * succeeded"),
        "requests handled by CRM ≥ 0.99 × people answered"
    );
    assert_eq!(
        plain("backlog(OrderCreated -> Analytics) == 0 at end"),
        "events waiting for Analytics (from OrderCreated) at the end = 0"
    );
    assert_eq!(plain("lost == 0"), "events lost = 0");
    // Every check in every bundled lesson reads without a metric's code name in it.
    for m in Metric::ALL {
        assert!(!m.words().contains('_'), "{m:?}");
    }
}

#[test]
fn problems_read_in_plain_words_for_the_canvas() {
    let mut s = small();
    let users = s.node_by_name("Users").unwrap().id;
    s.wires.retain(|w| w.from != users);
    if let NodeKind::Service(c) = &mut s.nodes[1].kind {
        c.workers = 0;
    }
    let plain: Vec<String> = validate(&s).iter().map(|p| p.plain()).collect();
    assert!(plain.iter().any(|p| p == "Users: users need exactly one call wire to their entry service, found 0: drag from their right handle to the service they call"), "{plain:?}");
    assert!(
        plain
            .iter()
            .any(|p| p.ends_with("(workers): 0 is out of range; must be between 1 and 10000")),
        "{plain:?}"
    );
}

/// Format v2: every bundled design saved as version 1 opens through the migration as the
/// same design; a newer version is refused in words; v1 share links open too.
#[test]
fn version_1_files_migrate_and_newer_ones_are_refused() {
    let root = format!("{}/../../public", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for dir in ["scenarios", "lessons/scenarios"] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let v2 = decode(&text).unwrap_or_else(|p| panic!("{path:?}: {p:?}"));
            assert_eq!(v2.version, FORMAT_VERSION);
            let v1 = text.replacen("\"version\": 2", "\"version\": 1", 1);
            assert_ne!(v1, text, "{path:?} is not version 2");
            assert_eq!(decode(&v1).unwrap(), v2, "{path:?}");
            seen += 1;
        }
    }
    assert!(seen > 30, "{seen}");
    let v3 = r#"{"format": "wirelab-scenario", "version": 3, "next_id": 1}"#;
    let e = decode(v3).unwrap_err();
    assert!(e[0].message.contains("made by a newer Wirelab"), "{e:?}");
    // An encoded design is written as the current version.
    assert!(encode(&small()).contains("\"version\": 2"));
}

/// `sends-2000x100k.json`: 2,000 lines of `send Users 100000` made 200 M arrivals, and a
/// page would freeze on them. A script has at most 1,000 lines, and its `send` lines
/// together send at most 1,000,000 people; the error names the line that goes over.
#[test]
fn an_incident_script_cannot_make_a_runs_work_by_itself() {
    let path = format!(
        "{}/../../tests/repros/sends-2000x100k.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let p = decode(&std::fs::read_to_string(path).unwrap()).unwrap_err();
    assert_eq!(p[0].field, "incidents", "{p:?}");
    assert!(p[0].message.contains("at most 1000"), "{p:?}");
    let mut s = small();
    let script: String = (0..11)
        .map(|i| format!("at {i}s send Users 100000\n"))
        .collect();
    s.incidents = parse_script(&script).unwrap();
    let p = validate(&s);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        (p[0].element.clone(), p[0].field.as_str()),
        (Element::Incident(10), "action.count")
    );
    assert!(p[0].message.contains("1100000 people"), "{p:?}");
    s.incidents.pop();
    assert_eq!(validate(&s), vec![]);
}
