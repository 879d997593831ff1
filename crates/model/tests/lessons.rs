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
    "lag(OrderChanged -> Billing, partition 3) during 5s..30s <= 2s",
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

/// One partition's lag: `lag(From -> To, partition N)`; nothing else takes a partition.
#[test]
fn a_partition_is_written_after_its_wire() {
    let c = Check::parse("lag(OrderChanged -> Billing, partition 2) == 0ms").unwrap();
    assert_eq!(
        c.measure.target,
        Some(Target::Partition {
            wire: WireRef {
                from: "OrderChanged".into(),
                to: "Billing".into()
            },
            partition: 2
        })
    );
    let plain = c.measure.plain();
    assert!(
        plain.ends_with("for Billing (from OrderChanged, partition 2)"),
        "{plain}"
    );
    for (text, says) in [
        (
            "backlog(T -> C, partition 2) == 0",
            "only lag is measured per partition",
        ),
        ("lag(T -> C, part 2) == 0ms", "write `, partition 2`"),
        ("lag(T -> C, partition x) == 0ms", "write `, partition 2`"),
        (
            "lag(C, partition 2) == 0ms",
            "a partition belongs to a wire",
        ),
    ] {
        let e = Check::parse(text).unwrap_err();
        assert!(e.message.contains(says), "{text}: {e}");
    }
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

/// Numbers in what a teacher reads aloud must be the design's numbers: "redelivered up
/// to three times" on a subscription with `max_deliveries: 3` (two redeliveries) is wrong,
/// and a caption must not drift from its design when either is edited.
mod stated_numbers {
    use wirelab_model::*;

    /// What a number in a text counts.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Counted {
        /// Attempts of a call, the first included: `max_attempts`.
        Attempts,
        /// Retries of a call: `max_attempts - 1`.
        Retries,
        /// Deliveries of an event, the first included: `max_deliveries`.
        Deliveries,
        /// Redeliveries of an event: `max_deliveries - 1`.
        Redeliveries,
        /// A timeout, in ms: a wire's `timeout_ms` (or a subscription's `ack_timeout_ms`).
        TimeoutMs,
    }

    fn number(word: &str) -> Option<f64> {
        const WORDS: [&str; 20] = [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ];
        if let Some(i) = WORDS.iter().position(|w| *w == word) {
            return Some(i as f64 + 1.0);
        }
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            return word.parse().ok();
        }
        None
    }

    /// The sentences of a text (a `.` ends one only before a space or the end, so
    /// `1.5 s` stays whole).
    fn sentences(text: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let end = matches!(c, ';' | '?' | '!')
                || (c == '.' && chars.peek().is_none_or(|n| n.is_whitespace()));
            if end {
                out.push(String::new());
            } else {
                out.last_mut().unwrap().push(c);
            }
        }
        out.retain(|s| !s.trim().is_empty());
        out
    }

    fn words(sentence: &str) -> Vec<String> {
        sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '.'))
            .map(|w| w.trim_matches('.').to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// Every counted number in a sentence: `five attempts`, `one retry`, `up to three
    /// times` (after a verb that says what is repeated: retries, (re)delivered, tried),
    /// `400 ms timeout`, `30 second timeout`.
    fn stated(sentence: &str) -> Vec<(f64, Counted)> {
        let w = words(sentence);
        let mut out = Vec::new();
        for i in 0..w.len() {
            let Some(n) = number(&w[i]) else { continue };
            let mut j = i + 1;
            if w.get(j).map(String::as_str) == Some("more") {
                j += 1;
            }
            let Some(next) = w.get(j).map(String::as_str) else {
                continue;
            };
            let counted = match next {
                "attempt" | "attempts" | "try" | "tries" => Some(Counted::Attempts),
                "retry" | "retries" => Some(Counted::Retries),
                "delivery" | "deliveries" => Some(Counted::Deliveries),
                "redelivery" | "redeliveries" => Some(Counted::Redeliveries),
                "times" => w[..i].iter().rev().find_map(|v| {
                    if v.starts_with("redeliver") {
                        Some(Counted::Redeliveries)
                    } else if v.starts_with("retr") {
                        Some(Counted::Retries)
                    } else if v.starts_with("deliver") {
                        Some(Counted::Deliveries)
                    } else if v.starts_with("attempt") || v == "tried" || v == "try" {
                        Some(Counted::Attempts)
                    } else {
                        None
                    }
                }),
                _ => None,
            };
            if let Some(c) = counted {
                out.push((n, c));
                continue;
            }
            let scale = match next {
                "ms" | "millisecond" | "milliseconds" => 1.0,
                "s" | "second" | "seconds" => 1000.0,
                _ => continue,
            };
            if w.get(j + 1).map(String::as_str) == Some("timeout") {
                out.push((n * scale, Counted::TimeoutMs));
            }
        }
        out
    }

    /// The values a counted number may take in this design, from the wires the sentence
    /// names (both ends named, else the target named, else every wire of the kind).
    fn allowed(s: &Scenario, sentence: &str, counted: Counted) -> Vec<f64> {
        let said = words(sentence);
        let named = |id| {
            s.node(id)
                .is_some_and(|n| said.contains(&n.name.to_lowercase()))
        };
        let value = |k: &WireKind| -> Option<f64> {
            match (counted, k) {
                (Counted::Attempts, WireKind::Call(c)) => Some(f64::from(c.max_attempts)),
                (Counted::Retries, WireKind::Call(c)) => Some(f64::from(c.max_attempts) - 1.0),
                (Counted::Deliveries, WireKind::Subscribe(c)) => Some(f64::from(c.max_deliveries)),
                (Counted::Redeliveries, WireKind::Subscribe(c)) => {
                    Some(f64::from(c.max_deliveries) - 1.0)
                }
                (Counted::TimeoutMs, WireKind::Call(c)) => Some(c.timeout_ms),
                (Counted::TimeoutMs, WireKind::Publish(c)) => Some(c.timeout_ms),
                (Counted::TimeoutMs, WireKind::Subscribe(c)) => Some(c.ack_timeout_ms),
                (Counted::TimeoutMs, WireKind::RequestReply(c)) => Some(c.timeout_ms),
                _ => None,
            }
        };
        let wires: Vec<&Wire> = s
            .wires
            .iter()
            .filter(|w| value(&w.kind).is_some())
            .collect();
        let both: Vec<&Wire> = wires
            .iter()
            .copied()
            .filter(|w| named(w.from) && named(w.to))
            .collect();
        let target: Vec<&Wire> = wires.iter().copied().filter(|w| named(w.to)).collect();
        let pick = [both, target, wires]
            .into_iter()
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        pick.iter().filter_map(|w| value(&w.kind)).collect()
    }

    /// What is wrong with the numbers of `text`, against any of `designs`.
    fn problems(text: &str, designs: &[&Scenario]) -> Vec<String> {
        let mut out = Vec::new();
        for sentence in sentences(text) {
            for (n, counted) in stated(&sentence) {
                let ok: Vec<f64> = designs
                    .iter()
                    .flat_map(|s| allowed(s, &sentence, counted))
                    .collect();
                if !ok.contains(&n) {
                    out.push(format!(
                        "`{}` says {n} ({counted:?}); the design says {ok:?}",
                        sentence.trim()
                    ));
                }
            }
        }
        out
    }

    fn public(path: &str) -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../public")
            .join(path)
    }

    fn read(path: &str) -> String {
        std::fs::read_to_string(public(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn design(path: &str) -> Scenario {
        decode(&read(path)).unwrap_or_else(|p| panic!("{path}: {p:?}"))
    }

    #[test]
    fn the_scanner_reads_counts_and_timeouts() {
        let said = |t: &str| -> Vec<(f64, Counted)> {
            sentences(t).iter().flat_map(|s| stated(s)).collect()
        };
        use Counted::*;
        assert_eq!(
            said("Each is redelivered up to three times, then parked."),
            [(3.0, Redeliveries)]
        );
        assert_eq!(
            said("Retries on calls: Checkout retries Payment up to five times."),
            [(5.0, Retries)]
        );
        assert_eq!(
            said("A 30 second timeout and five attempts."),
            [(30_000.0, TimeoutMs), (5.0, Attempts)]
        );
        assert_eq!(
            said("A 400 ms timeout and one retry"),
            [(400.0, TimeoutMs), (1.0, Retries)]
        );
        assert_eq!(
            said("Delivered up to 3 times; 2 more redeliveries"),
            [(3.0, Deliveries), (2.0, Redeliveries)]
        );
        assert_eq!(said("98% five times is about 90%. Charged twice."), []);
        assert_eq!(sentences("Wait 1.5 s. Then go"), ["Wait 1.5 s", " Then go"]);
    }

    /// The sentences this test was written for: they contradicted their designs.
    #[test]
    fn the_wrong_counts_of_lesson_13_are_caught() {
        let poison = design("lessons/scenarios/poison-messages.json");
        let storm = design("scenarios/retry-storm.json");
        let wrong = [
            (
                "Each is redelivered up to three times, then parked in the dead-letter queue.",
                &poison,
            ),
            (
                "Retries on calls: Checkout retries Payment up to five times.",
                &storm,
            ),
            ("Invoicing gets five deliveries.", &poison),
            ("Checkout calls Payment with a 300 ms timeout.", &storm),
        ];
        for (text, s) in wrong {
            assert_eq!(problems(text, &[s]).len(), 1, "{text}");
        }
        let right = [
            (
                "Each is delivered up to three times, then parked in the dead-letter queue.",
                &poison,
            ),
            (
                "Each is redelivered up to twice; two redeliveries at most.",
                &poison,
            ),
            (
                "Checkout retries Payment up to four times, five attempts in all.",
                &storm,
            ),
            ("Email gets five deliveries, Invoicing three.", &poison),
            ("Checkout calls Payment with a 1000 ms timeout.", &storm),
        ];
        for (text, s) in right {
            assert_eq!(problems(text, &[s]), Vec::<String>::new(), "{text}");
        }
    }

    /// Every caption, question, choice, hint, summary and prompt of every lesson and
    /// walkthrough, and the description of every lesson design, against its design.
    #[test]
    fn lesson_texts_state_the_counts_and_timeouts_of_their_designs() {
        let ix = decode_index(&read("lessons/index.json")).expect("index decodes");
        let mut found = Vec::new();
        let mut scanned = 0;
        for e in &ix.lessons {
            let l = decode_lesson(&read(&e.file)).unwrap_or_else(|p| panic!("{}: {p:?}", e.file));
            let mut check = |at: String, text: &str, designs: &[&Scenario]| {
                scanned += 1;
                found.extend(
                    problems(text, designs)
                        .into_iter()
                        .map(|p| format!("{at}: {p}")),
                );
            };
            let steps: Vec<Option<Scenario>> = l
                .designs()
                .iter()
                .map(|d| d.load.as_deref().map(design))
                .collect();
            let mut every: Vec<&Scenario> = steps.iter().flatten().collect();
            let walk = l
                .walkthrough
                .as_ref()
                .map(|w| (w, design(&w.start), design(&w.reference)));
            if let Some((_, start, reference)) = &walk {
                every.extend([start, reference]);
            }
            check(format!("{} title", l.id), &l.title, &every);
            check(format!("{} summary", l.id), &l.summary, &every);
            for (i, (step, s)) in l.steps.iter().zip(&steps).enumerate() {
                let at = format!("{} step {}", l.id, i + 1);
                let here: Vec<&Scenario> = s.iter().collect();
                check(format!("{at} caption"), &step.caption, &here);
                match &step.predict {
                    Some(Predict::Choice { question, choices }) => {
                        check(format!("{at} question"), question, &here);
                        for c in choices {
                            check(format!("{at} choice"), &c.label, &here);
                        }
                    }
                    Some(Predict::Number { question, .. }) => {
                        check(format!("{at} question"), question, &here)
                    }
                    None => {}
                }
                for c in &step.claims {
                    check(format!("{at} hint"), &c.hint, &here);
                }
            }
            if let Some((w, start, reference)) = &walk {
                let both = [start, reference];
                check(format!("{} prompt", l.id), &w.prompt, &both);
                for c in &w.checks {
                    check(format!("{} hint", l.id), &c.hint, &both);
                }
            }
        }
        for dir in ["lessons/scenarios", "scenarios"] {
            for entry in std::fs::read_dir(public(dir)).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                let s = design(&format!("{dir}/{name}"));
                scanned += 1;
                found.extend(
                    problems(&s.description, &[&s])
                        .into_iter()
                        .map(|p| format!("{dir}/{name} description: {p}")),
                );
            }
        }
        assert!(scanned > 100, "scanned only {scanned} texts");
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}

/// Finding where a type error is takes out keys one at a time and list items by halves,
/// so a huge file is refused quickly, naming the field.
#[test]
fn a_huge_broken_lesson_is_refused_quickly() {
    let mut doc: serde_json::Value = serde_json::from_str(LESSON).unwrap();
    let step = doc["steps"][0].clone();
    let steps = doc["steps"].as_array_mut().unwrap();
    steps.extend(std::iter::repeat_n(step, 3_000));
    let mut bad = steps[0].clone();
    bad["speed"] = serde_json::json!("fast");
    steps.push(bad);
    let text = doc.to_string();
    let started = std::time::Instant::now();
    let e = decode_lesson(&text).unwrap_err();
    eprintln!(
        "{} KB lesson, error at `{}` in {:?}",
        text.len() / 1024,
        e[0].field,
        started.elapsed()
    );
    assert_eq!(e[0].field, "steps[3003].speed");
    assert!(e[0].message.contains("invalid type"), "{}", e[0]);
}

/// Lesson 1's wait prediction lists each service the customer waits on, in call order.
#[test]
fn a_wait_prediction_lists_the_work_times_waited_on() {
    let path = format!(
        "{}/../../public/lessons/scenarios/checkout-all-sync.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let s = wirelab_model::decode(&std::fs::read_to_string(path).unwrap()).unwrap();
    let got = wirelab_model::waited_on(&s);
    let names: Vec<&str> = got.iter().map(|(n, ..)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Order",
            "Payment",
            "Inventory",
            "Email",
            "Analytics",
            "CRM",
            "Recommendation"
        ]
    );
    assert_eq!(wirelab_model::work_time_words(&got[1].1), "40–60 ms");
    // Events are not waited on: the event checkout waits on Order, Payment and Inventory.
    let path = format!(
        "{}/../../public/scenarios/checkout-events.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let s = wirelab_model::decode(&std::fs::read_to_string(path).unwrap()).unwrap();
    let names: Vec<String> = wirelab_model::waited_on(&s)
        .into_iter()
        .map(|(n, ..)| n)
        .collect();
    assert!(
        !names.iter().any(|n| n == "Email" || n == "Analytics"),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "Payment"), "{names:?}");
}

/// A claim across steps is data: read, written back the same, and refused with the reason
/// when a step it names has no design or its right side is no metric.
#[test]
fn claims_across_steps_are_data() {
    let with = |across: &str| {
        LESSON.replacen(
            "\"steps\": [",
            &format!("\"across\": [{across}],\n  \"steps\": ["),
            1,
        )
    };
    let l = decode_lesson(&with(r#"{ "check": "wait_p50 >= 1.1 * wait_p50", "at": 3, "against": 1, "hint": "one more call" }"#)).unwrap();
    assert_eq!(l.across.len(), 1);
    assert_eq!((l.across[0].at, l.across[0].against), (3, 1));
    assert_eq!(l.across[0].criterion().hint, "one more call");
    assert_eq!(decode_lesson(&encode_lesson(&l)).unwrap(), l);
    let problems = |text: &str| {
        validate_lesson(&serde_json::from_str(text).unwrap())
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let p = problems(&with(
        r#"{ "check": "wait_p50 >= 1.1 * wait_p50", "at": 4, "against": 1 }"#,
    ));
    assert!(
        p.contains("across[0]") && p.contains("step 4 is not a step"),
        "{p}"
    );
    let p = problems(&with(
        r#"{ "check": "wait_p50 >= 100ms", "at": 2, "against": 1 }"#,
    ));
    assert!(p.contains("its right side is a metric"), "{p}");
    assert_eq!(problems(LESSON), "");
}
