//! The design review: each finding triggers on a minimal design with its measured
//! evidence and is gone once its own fix is applied, on every seed tried; the blast
//! radius says what the sync and the event checkout lose when each part is down.

mod common;

use common::*;
use wirelab_engine::review::{advise, anti_patterns, blast_radius, Finding, Fix};
use wirelab_model::*;

const SEEDS: [u64; 4] = [1, 2, 3, 11];

fn users() -> Arrival {
    Arrival::Poisson { rate_per_s: 20.0 }
}

fn with(s: &Scenario, id: &str, seed: u64) -> Vec<Finding> {
    let all = advise(s, seed).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    eprintln!(
        "seed {seed}: {:?}",
        all.iter().map(|f| (&f.id, &f.said)).collect::<Vec<_>>()
    );
    for f in &all {
        assert!(
            anti_patterns().any(|a| a.id == f.id && a.question == f.question),
            "{} is not in review::anti_patterns()",
            f.id
        );
    }
    all.into_iter().filter(|f| f.id == id).collect()
}

/// Triggers on `s` on every seed, with evidence; gone after its fix on every seed.
fn falsifiable(s: &Scenario, id: &str, evidence: &str) {
    for seed in SEEDS {
        let found = with(s, id, seed);
        assert_eq!(found.len(), 1, "seed {seed}: {id} should show once");
        let f = &found[0];
        assert!(f.evidence[evidence] > 0.0, "seed {seed}: {f:?}");
        let fix = f.fix.as_ref().expect("this finding has a fix");
        let after = with_fix(s, fix);
        assert!(
            with(&after, id, seed).is_empty(),
            "seed {seed}: {id} after `{}`",
            fix.label()
        );
    }
}

fn shop() -> B {
    B::new()
        .users("Users", users(), 10_000.0)
        .service("Order", fixed(5.0), 8, 64)
        .service("Email", fixed(20.0), 8, 64)
        .call("Users", "Order", call(10_000.0))
}

#[test]
fn a_sync_call_that_fails_the_customer_is_asked_about() {
    let s = shop().call("Order", "Email", call(1_000.0)).build();
    falsifiable(&s, "sync-side-effect", "failed_share");
    // Saying the answer is needed is the other way to close the question.
    let mut needed = s.clone();
    for w in &mut needed.wires {
        if let WireKind::Call(c) = &mut w.kind {
            c.answer_needed = true;
        }
    }
    assert!(with(&needed, "sync-side-effect", 1).is_empty());
    // Degrading instead of failing is not this finding either.
    let mut degrade = s.clone();
    for w in &mut degrade.wires {
        if let WireKind::Call(c) = &mut w.kind {
            c.on_failure = FailurePolicy::Degrade;
        }
    }
    assert!(with(&degrade, "sync-side-effect", 1).is_empty());
}

#[test]
fn the_bundled_checkouts_sync_side_effects() {
    let sync = load("checkout-sync.json");
    let events = load("checkout-events.json");
    for seed in SEEDS {
        let found = with(&sync, "sync-side-effect", seed);
        let callees: Vec<&str> = found.iter().map(|f| f.elements[1].as_str()).collect();
        assert_eq!(callees, ["Email", "Analytics", "CRM"], "seed {seed}");
        for f in &found {
            assert!(f.evidence["failed_share"] >= 0.9, "seed {seed}: {f:?}");
        }
        assert!(
            with(&events, "sync-side-effect", seed).is_empty(),
            "seed {seed}"
        );
    }
}

/// Order publishes Placed (with this policy when the broker is down); Email subscribes.
fn placed(policy: BrokerDownPolicy) -> Scenario {
    shop()
        .topic("Placed")
        .publish("Order", "Placed", publish(policy))
        .subscribe("Placed", "Email", sub())
        .build()
}

#[test]
fn a_publish_that_drops_events_when_the_broker_is_down() {
    falsifiable(
        &placed(BrokerDownPolicy::Drop),
        "lost-on-broker-down",
        "lost",
    );
}

#[test]
fn a_consumer_that_is_not_idempotent() {
    let s = placed(BrokerDownPolicy::Outbox);
    falsifiable(&s, "non-idempotent-consumer", "duplicates");
}

#[test]
fn a_retried_call_without_an_idempotency_key() {
    let mut c = call(200.0);
    c.max_attempts = 3;
    c.answer_needed = true;
    let s = shop().call("Order", "Email", c).build();
    falsifiable(&s, "retry-without-key", "double_effects");
}

#[test]
fn a_call_that_waits_longer_than_the_customer() {
    let s = B::new()
        .users("Users", users(), 2_000.0)
        .service("Order", fixed(5.0), 8, 64)
        .service("Stock", fixed(20.0), 8, 64)
        .call("Users", "Order", call(10_000.0))
        .call(
            "Order",
            "Stock",
            CallConfig {
                answer_needed: true,
                ..call(5_000.0)
            },
        )
        .build();
    falsifiable(&s, "no-timeout", "failed_share_hung");
}

/// Order asks Stock through the topic Requests (a command queue when `queue`).
fn asks_through_broker(queue: bool) -> Scenario {
    asks_through_broker_with(queue, fixed(1.0), 1_000.0, FailurePolicy::Fail)
}

fn asks_through_broker_with(
    queue: bool,
    network: Latency,
    timeout_ms: f64,
    on_failure: FailurePolicy,
) -> Scenario {
    let mut s = shop()
        .service("Stock", fixed(10.0), 8, 64)
        .topic("Requests")
        .build();
    let (o, st, t) = (
        s.node_by_name("Order").unwrap().id,
        s.node_by_name("Stock").unwrap().id,
        s.node_by_name("Requests").unwrap().id,
    );
    if let Some(n) = s.nodes.iter_mut().find(|n| n.id == t) {
        n.kind = NodeKind::Topic(TopicConfig {
            queue,
            ..TopicConfig::default()
        });
    }
    s.add_wire(
        o,
        st,
        WireKind::RequestReply(RequestReplyConfig {
            via: t,
            network,
            timeout_ms,
            on_failure,
        }),
    );
    s
}

/// The same structure, measured below both thresholds: a broker that adds no network
/// time (extra wait under 1 ms) and a caller that gives up on the reply soon and goes
/// on without it (fewer than a tenth fail with the responder down). The review says
/// only what it measured.
#[test]
fn a_cheap_detour_through_a_broker_is_no_finding() {
    for queue in [false, true] {
        let s = asks_through_broker_with(queue, fixed(0.0), 50.0, FailurePolicy::Degrade);
        for seed in SEEDS {
            let all = advise(&s, seed).unwrap();
            assert!(
                !all.iter()
                    .any(|f| f.id == "query-over-broker" || f.id == "sync-behind-queue"),
                "queue {queue}, seed {seed}: {all:?}"
            );
        }
    }
}

#[test]
fn a_query_over_a_broker() {
    let s = asks_through_broker(false);
    falsifiable(&s, "query-over-broker", "failed_share_responder_down");
    let f = &with(&s, "query-over-broker", 1)[0];
    assert!(f.evidence["extra_wait_p95_ms"] > 0.0, "{f:?}");
}

#[test]
fn an_access_check_that_fails_open() {
    let check = CallConfig {
        answer_needed: true,
        on_failure: FailurePolicy::Degrade,
        ..call(500.0)
    };
    let s = B::new()
        .users("Users", users(), 10_000.0)
        .service("Documents", fixed(5.0), 8, 64)
        .service("Authorizer", fixed(5.0), 8, 64)
        .call("Users", "Documents", call(10_000.0))
        .call("Documents", "Authorizer", check)
        .build();
    falsifiable(&s, "fail-open-access", "let_through");
    // The lesson's two designs: open has it, closed does not.
    let lesson = lesson_design;
    for seed in SEEDS {
        assert_eq!(
            with(&lesson("access-fail-open.json"), "fail-open-access", seed).len(),
            1
        );
        assert!(with(&lesson("access-fail-closed.json"), "fail-open-access", seed).is_empty());
    }
}

/// Request/reply through a command queue: the caller still waits for the result.
#[test]
fn a_caller_waiting_behind_a_queue() {
    let s = asks_through_broker(true);
    falsifiable(&s, "sync-behind-queue", "failed_share_responder_down");
    assert!(with(&s, "query-over-broker", 1).is_empty());
}

#[test]
fn a_consumer_that_calls_the_producer_back() {
    let s = shop()
        .topic("Placed")
        .publish("Order", "Placed", publish(BrokerDownPolicy::Outbox))
        .subscribe(
            "Placed",
            "Email",
            SubscribeConfig {
                idempotent: true,
                ..sub()
            },
        )
        .call(
            "Email",
            "Order",
            CallConfig {
                answer_needed: true,
                ..call(500.0)
            },
        )
        .build();
    for seed in SEEDS {
        let f = with(&s, "callback-consumer", seed);
        assert_eq!(f.len(), 1, "seed {seed}");
        assert!(
            f[0].evidence["consumer_failures_producer_down"] > 0.0,
            "seed {seed}"
        );
    }
    // The event carries what Email needs: no call back, no finding.
    let mut carried = s.clone();
    let (e, o) = (
        s.node_by_name("Email").unwrap().id,
        s.node_by_name("Order").unwrap().id,
    );
    carried.wires.retain(|w| !(w.from == e && w.to == o));
    assert!(with(&carried, "callback-consumer", 1).is_empty());
    // Still calling back, but its handling goes on without the answer: nothing failed
    // while Order was down, so there is nothing to say.
    let mut tolerant = s.clone();
    for w in &mut tolerant.wires {
        if let (true, WireKind::Call(c)) = (w.from == e && w.to == o, &mut w.kind) {
            c.on_failure = FailurePolicy::Degrade;
        }
    }
    for seed in SEEDS {
        assert!(
            with(&tolerant, "callback-consumer", seed).is_empty(),
            "seed {seed}"
        );
    }
}

#[test]
fn retries_that_multiply_along_a_chain() {
    let retried = |timeout| CallConfig {
        max_attempts: 3,
        answer_needed: true,
        idempotency_key: true,
        ..call(timeout)
    };
    let s = B::new()
        .users("Users", users(), 10_000.0)
        .service("Order", fixed(5.0), 64, 256)
        .service("Stock", fixed(5.0), 64, 256)
        .service("Ledger", fixed(5.0), 64, 256)
        .call("Users", "Order", call(10_000.0))
        .call("Order", "Stock", retried(400.0))
        .call("Stock", "Ledger", retried(100.0))
        .build();
    falsifiable(&s, "retry-amplification", "attempts_per_customer");
    let f = &with(&s, "retry-amplification", 1)[0];
    assert_eq!(f.elements, ["Order", "Stock", "Ledger"]);
    assert!(f.evidence["attempts_per_customer"] >= 3.0, "{f:?}");
}

#[test]
fn a_long_synchronous_chain() {
    let needed = CallConfig {
        answer_needed: true,
        ..call(2_000.0)
    };
    let s = B::new()
        .users("Users", users(), 10_000.0)
        .service("A", fixed(2.0), 16, 64)
        .service("B", fixed(2.0), 16, 64)
        .service("C", fixed(2.0), 16, 64)
        .service("D", fixed(2.0), 16, 64)
        .call("Users", "A", call(10_000.0))
        .call("A", "B", needed.clone())
        .call("B", "C", needed.clone())
        .call("C", "D", needed)
        .build();
    for seed in SEEDS {
        let f = with(&s, "long-sync-chain", seed);
        assert_eq!(f.len(), 1, "seed {seed}");
        assert_eq!(f[0].elements, ["A", "B", "C", "D"]);
        assert!(
            f[0].evidence["least_failed_share"] >= 0.9,
            "seed {seed}: {:?}",
            f[0]
        );
    }
    // D told by an event instead: three in the chain, no finding.
    let last = s.wires.last().unwrap().id;
    let shorter = with_fix(
        &s,
        &Fix::Event {
            wire: last,
            label: String::new(),
        },
    );
    assert!(with(&shorter, "long-sync-chain", 1).is_empty());
}

/// The blast radius: the sync checkout loses nearly every customer with any part down;
/// the event checkout only with the parts it waits for, and the rest comes late.
#[test]
fn blast_radius_of_the_two_checkouts() {
    for seed in SEEDS {
        let sync = blast_radius(&load("checkout-sync.json"), seed).unwrap();
        assert_eq!(sync.len(), 6);
        for r in &sync {
            assert!(r.success_rate < 0.05, "seed {seed}: {r:?}");
            assert!(r.customers > 300, "seed {seed}: {r:?}");
        }
        // Its own incident script is left out of what the review measures.
        let mut design = load("checkout-events.json");
        design.incidents = vec![Incident::parse("2s kill Payment").unwrap()];
        let events = blast_radius(&design, seed).unwrap();
        for r in &events {
            let waited_for = ["Order", "Payment", "Inventory"].contains(&r.element.as_str());
            if waited_for {
                assert!(r.success_rate < 0.05, "seed {seed}: {r:?}");
            } else {
                assert_eq!(r.success_rate, 1.0, "seed {seed}: {r:?}");
                assert!(r.late * 10 > r.customers * 9, "seed {seed}: {r:?}");
                assert_eq!(r.lost, 0, "seed {seed}: {r:?}");
            }
        }
    }
}

/// The notes: the design in words, every finding with its numbers, the table and a
/// journey in Mermaid.
#[test]
fn explain_my_design() {
    let s = load("checkout-sync.json");
    let mut r = wirelab_engine::review::Reviewer::new(s, 7);
    while r.step().unwrap() {}
    let md = wirelab_engine::review::explain(&r);
    assert!(md.starts_with("# Checkout, all synchronous\n"), "{md}");
    assert!(
        md.contains("- Order calls Analytics and waits for the answer\n"),
        "{md}"
    );
    for f in r.findings() {
        assert!(md.contains(&format!("### {}\n", f.title)), "{md}");
        assert!(md.contains(&f.said), "{md}");
    }
    assert_eq!(md.matches("| Analytics (service) |").count(), 1, "{md}");
    assert!(md.contains("```mermaid\nsequenceDiagram\n"), "{md}");
    assert!(md.contains("run with nothing broken (customer #"), "{md}");
    // A design with an incident script has its journey traced with it, and says so
    // (the notes said "nothing broken" with the scripted outage in the run).
    let mut s = load("checkout-sync.json");
    s.incidents = parse_script("at 10s kill Analytics\nat 40s revive Analytics").unwrap();
    let mut r = wirelab_engine::review::Reviewer::new(s, 7);
    while r.step().unwrap() {}
    let md = wirelab_engine::review::explain(&r);
    assert!(
        md.contains("run with its incident script (at 10s kill Analytics; at 40s revive Analytics) (customer #"),
        "{md}"
    );
}

/// Under a failing criterion, the findings on what it measures or what the script breaks.
#[test]
fn the_findings_that_explain_a_failing_criterion() {
    let s = load("checkout-sync.json");
    let found = advise(&s, 1).unwrap();
    let kill = [Incident::parse("10s kill Analytics").unwrap()];
    let users = Check::parse("success_rate during 10s..30s >= 99%").unwrap();
    let picked = wirelab_engine::review::explaining(&found, &[&users], &kill);
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].elements, ["Order", "Analytics"]);
    // A criterion on CRM picks CRM's finding too; nothing named picks nothing.
    let crm = Check::parse("failed(CRM) <= 0").unwrap();
    assert_eq!(
        wirelab_engine::review::explaining(&found, &[&crm], &kill).len(),
        2
    );
    assert!(wirelab_engine::review::explaining(&found, &[&users], &[]).is_empty());
    // A failing wait is explained by what makes people wait, not by a duplicate: the
    // checkout walkthrough pointed at idempotency under a failing p95.
    let wait = Check::parse("wait_p95 <= 100ms").unwrap();
    let mut dup = found[0].clone();
    dup.id = "non-idempotent-consumer";
    dup.elements = vec!["Analytics".into()];
    dup.hurts = &[wirelab_engine::review::Hurt::Consistency];
    let with_dup: Vec<_> = found.iter().cloned().chain([dup]).collect();
    let picked = wirelab_engine::review::explaining(&with_dup, &[&wait], &kill);
    assert_eq!(
        picked.iter().map(|f| f.id).collect::<Vec<_>>(),
        ["sync-side-effect"]
    );
    let lost = Check::parse("duplicates <= 0").unwrap();
    let picked = wirelab_engine::review::explaining(&with_dup, &[&lost], &kill);
    assert_eq!(
        picked.iter().map(|f| f.id).collect::<Vec<_>>(),
        ["non-idempotent-consumer"]
    );
}

/// A lesson's design from `public/lessons/scenarios`.
fn lesson_design(name: &str) -> Scenario {
    let p = format!(
        "{}/../../public/lessons/scenarios/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    decode(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Lesson 4's pending checkout: declined cards dead-letter and nothing tells Checkout;
/// with PaymentFailed and Orders, every one is undone.
#[test]
fn pending_answers_that_are_never_undone() {
    let (stuck, undone) = (
        lesson_design("payment-declined.json"),
        lesson_design("payment-compensated.json"),
    );
    for seed in SEEDS {
        let found = with(&stuck, "pending-never-settled", seed);
        assert_eq!(found.len(), 1, "seed {seed}");
        let f = &found[0];
        assert_eq!(f.elements, ["Checkout"]);
        assert!(f.evidence["never_undone"] > 0.0, "seed {seed}: {f:?}");
        assert!(
            with(&undone, "pending-never-settled", seed).is_empty(),
            "seed {seed}"
        );
    }
}

/// `fix-flip-leaves-script-line.json`: "Turn A → B into an event" left the incident
/// script's `cut A -> B`, which then named no wire, and the design stopped validating.
/// The flip removes the call as a delete does, with the lines about it.
#[test]
fn a_flip_fix_leaves_a_design_that_validates() {
    let s = repro("fix-flip-leaves-script-line.json");
    let found = advise(&s, s.seed).unwrap();
    let flips: Vec<&Fix> = found
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| matches!(f, Fix::Event { .. }))
        .collect();
    assert!(!flips.is_empty(), "{found:?}");
    for fix in flips {
        let fixed = with_fix(&s, fix);
        assert_eq!(validate(&fixed), vec![], "{}", fix.label());
    }
}

/// The review never tells a learner to turn into an event a call whose answer the
/// lessons teach is needed now (issue 27, item 11: in the checkout walkthrough it offered
/// "Turn Order → Payment into an event", against lesson 4 and the hint beside it). Every
/// bundled lesson design marks such calls `answer_needed`, so no finding flips them.
#[test]
fn no_lesson_design_is_told_to_make_a_needed_answer_an_event() {
    let needed = [
        ("Order", "Payment"),
        ("Order", "Inventory"),
        ("Checkout", "Payment"),
    ];
    let dir = format!(
        "{}/../../public/lessons/scenarios",
        env!("CARGO_MANIFEST_DIR")
    );
    for entry in std::fs::read_dir(dir).unwrap() {
        let file = entry.unwrap().file_name().into_string().unwrap();
        let s = lesson_design(&file);
        let name = |id: NodeId| s.node(id).map_or("", |n| n.name.as_str());
        for w in &s.wires {
            if let WireKind::Call(c) = &w.kind {
                if needed.contains(&(name(w.from), name(w.to))) {
                    assert!(
                        c.answer_needed,
                        "{file}: {} → {} is not marked answer_needed",
                        name(w.from),
                        name(w.to)
                    );
                }
            }
        }
        for f in advise(&s, s.seed).unwrap() {
            if let Some(Fix::Event { wire, label }) = &f.fix {
                let w = s.wire(*wire).unwrap();
                assert!(
                    !needed.contains(&(name(w.from), name(w.to))),
                    "{file}: {label}"
                );
            }
        }
    }
}
