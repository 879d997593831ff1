//! Pending answers and compensation: a service that answers "accepted, pending" before
//! its work is done, the request's outcome settling later (confirmed, or failed later),
//! and a compensating event that undoes the earlier effect.

mod common;
use common::*;
use wirelab_engine::{Run, StepResult};
use wirelab_model::*;

/// Checkout stores the order as PendingPayment, publishes PaymentRequested and answers
/// "accepted, pending"; Payment charges the card. `declined` of the cards fail on every
/// try (poison for Payment). With `compensate`, Payment publishes PaymentFailed when it
/// gives an order up, and Orders cancels the order (a handler of its own: a service's
/// handler does all its steps, so Checkout's would ask for payment again).
fn checkout(declined: f64, compensate: bool) -> Scenario {
    let pending = ServiceConfig {
        latency: fixed(5.0),
        workers: 16,
        queue: 200,
        answer_pending: true,
        ..ServiceConfig::default()
    };
    let charge = SubscribeConfig {
        poison_rate: declined,
        max_deliveries: 2,
        ..sub()
    };
    let mut b = B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service_with("Checkout", pending)
        .service("Payment", fixed(30.0), 16, 500)
        .topic("PaymentRequested")
        .call("Users", "Checkout", call(1_000.0))
        .publish(
            "Checkout",
            "PaymentRequested",
            publish(BrokerDownPolicy::Fail),
        )
        .subscribe("PaymentRequested", "Payment", charge);
    if compensate {
        b = b
            .topic("PaymentFailed")
            .publish(
                "Payment",
                "PaymentFailed",
                PublishConfig {
                    compensate: true,
                    ..publish(BrokerDownPolicy::Fail)
                },
            )
            .service("Orders", fixed(5.0), 8, 500)
            .subscribe("PaymentFailed", "Orders", sub());
    }
    b.incidents("20s load Users 0/s").build()
}

#[test]
fn every_answer_is_pending_and_settles() {
    for seed in 1..=20 {
        let r = report(&checkout(0.0, false), seed, 30_000);
        let p = r.pending;
        assert!(p.answered > 300, "seed {seed}: {p:?}");
        assert_eq!(
            p.answered, r.users.succeeded,
            "seed {seed}: every answer pending"
        );
        assert_eq!(p.confirmed, p.answered, "seed {seed}: all confirmed: {p:?}");
        assert_eq!((p.failed_later, p.unsettled), (0, 0), "seed {seed}");
        // The answer comes after Checkout's own 5 ms, the confirmation after Payment's 30.
        assert!(p.answer_p95_ms < 15.0, "seed {seed}: {p:?}");
        assert!(
            p.confirm_p50_ms > p.answer_p95_ms + 30.0,
            "seed {seed}: confirmed before paid? {p:?}"
        );
    }
}

#[test]
fn a_declined_payment_fails_later_and_without_compensation_stays_pending() {
    for seed in 1..=20 {
        let r = report(&checkout(0.05, false), seed, 30_000);
        let p = r.pending;
        assert!(p.failed_later > 5, "seed {seed}: {p:?}");
        assert_eq!(p.compensated, 0, "seed {seed}");
        assert_eq!(
            p.confirmed + p.failed_later,
            p.answered,
            "seed {seed}: {p:?}"
        );
        let dead = r.subscriptions[0].dead_lettered;
        assert_eq!(
            p.failed_later, dead,
            "seed {seed}: one dead letter per failed order"
        );
    }
}

#[test]
fn a_compensating_event_undoes_every_declined_order() {
    for seed in 1..=20 {
        let r = report(&checkout(0.05, true), seed, 30_000);
        let p = r.pending;
        assert!(p.failed_later > 5, "seed {seed}: {p:?}");
        assert_eq!(p.compensated, p.failed_later, "seed {seed}: {p:?}");
        let s = |name: &str| r.subscriptions.iter().find(|s| s.consumer == name).unwrap();
        // The compensation deals with the declined payment: acknowledged, not dead.
        assert_eq!(s("Payment").dead_lettered, 0, "seed {seed}");
        assert_eq!(s("Orders").processed, p.compensated, "seed {seed}");
        assert_eq!(r.events.lost, 0, "seed {seed}");
    }
}

/// Order answers "accepted, pending" and then calls Payment itself; when the call fails
/// it publishes OrderCancelled, which Email handles (tells the customer).
fn early_call(error_rate: f64) -> Scenario {
    let order = ServiceConfig {
        latency: fixed(5.0),
        workers: 32,
        queue: 200,
        answer_pending: true,
        ..ServiceConfig::default()
    };
    let payment = ServiceConfig {
        latency: fixed(20.0),
        workers: 32,
        queue: 200,
        error_rate,
        ..ServiceConfig::default()
    };
    B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service_with("Order", order)
        .service_with("Payment", payment)
        .service("Email", fixed(5.0), 8, 500)
        .topic("OrderCancelled")
        .call("Users", "Order", call(1_000.0))
        .call("Order", "Payment", call(500.0))
        .publish(
            "Order",
            "OrderCancelled",
            PublishConfig {
                compensate: true,
                ..publish(BrokerDownPolicy::Fail)
            },
        )
        .subscribe("OrderCancelled", "Email", sub())
        .build()
}

#[test]
fn a_call_after_the_answer_fails_later_and_is_compensated() {
    for seed in 1..=20 {
        let r = report(&early_call(0.1), seed, 20_000);
        let p = r.pending;
        let failures = wire(&r, "Order", "Payment").failures;
        assert!(failures > 10, "seed {seed}");
        assert_eq!(p.failed_later, failures, "seed {seed}: {p:?}");
        assert_eq!(p.compensated, p.failed_later, "seed {seed}: {p:?}");
        // The customer never saw Payment's failure: every one was answered.
        assert_eq!(r.users.failed, 0, "seed {seed}");
        assert!(p.answer_p95_ms < 10.0, "seed {seed}: {p:?}");
        // Nor does the availability product wait on Payment.
        let a = &r.availability[0];
        assert!(
            (a.dependency_product - a.measured).abs() < 0.01,
            "seed {seed}: {a:?}"
        );
    }
}

#[test]
fn checks_measure_pending_answers_in_a_window() {
    let s = checkout(0.05, true);
    for seed in 1..=5 {
        let mut run = Run::new(&s, seed).unwrap();
        while run.step_until(30_000_000, 1_000_000) == StepResult::Budget {}
        let m = |c: &str| {
            let q = wirelab_model::Measure::parse(c).unwrap();
            let rec = wirelab_engine::Recorder::new(&run, &[], std::slice::from_ref(&q));
            wirelab_engine::measure(&run, &rec, &q).unwrap()
        };
        let r = run.report().pending;
        assert_eq!(m("pending_answers"), r.answered as f64);
        assert_eq!(m("compensated"), r.compensated as f64);
        assert_eq!(m("failed_later"), r.failed_later as f64);
        assert_eq!(m("confirm_p95"), r.confirm_p95_ms);
        let early = m("pending_answers during 0s..10s");
        assert!(early > 0.0 && early < r.answered as f64, "seed {seed}");
    }
}

#[test]
fn a_followed_journey_says_how_its_pending_answer_settled() {
    let s = checkout(0.05, true);
    let t = wirelab_engine::trace_journey(&s, 3, 30_000, wirelab_engine::Pick::Id(0))
        .unwrap()
        .unwrap();
    let answer = t.steps.iter().find_map(|s| match s {
        wirelab_engine::JStep::Answer { outcome, .. } => Some(outcome.clone()),
        _ => None,
    });
    assert_eq!(answer.as_deref(), Some("accepted, pending"));
    let settled = t.steps.iter().find_map(|s| match s {
        wirelab_engine::JStep::Settled { outcome, .. } => outcome.clone(),
        _ => None,
    });
    assert!(
        matches!(
            settled.as_deref(),
            Some("confirmed" | "failed later, compensated")
        ),
        "{settled:?}"
    );
}

#[test]
fn pending_runs_are_deterministic() {
    let s = checkout(0.05, true);
    let hash = |seed| {
        let mut run = Run::new(&s, seed).unwrap();
        while run.step_until(20_000_000, 1_000_000) == StepResult::Budget {}
        (run.trace_hash(), run.report().pending)
    };
    assert_eq!(hash(9), hash(9));
}

#[test]
fn a_comparison_shows_pending_rows_only_where_a_side_answers_pending() {
    let plain = |s: &Scenario| {
        let mut s = s.clone();
        for n in &mut s.nodes {
            if let NodeKind::Service(c) = &mut n.kind {
                c.answer_pending = false;
            }
        }
        s
    };
    let (stuck, undone) = (checkout(0.05, false), checkout(0.05, true));
    for seed in 1..=5 {
        let (a, b) = (report(&stuck, seed, 30_000), report(&undone, seed, 30_000));
        let rows = wirelab_engine::rows(&a, &b);
        let row = |k: &str| rows.iter().find(|r| r.key == k).unwrap().clone();
        assert_eq!(row("stuck").a, a.pending.failed_later as f64, "seed {seed}");
        assert_eq!(row("stuck").b, 0.0, "seed {seed}");
        assert_eq!(row("stuck").winner(), Some(wirelab_engine::Side::B));
        assert_eq!(row("pending_answers").a, row("pending_answers").b);
        let none = wirelab_engine::rows(
            &report(&plain(&stuck), seed, 30_000),
            &report(&plain(&undone), seed, 30_000),
        );
        assert!(
            none.iter().all(|r| r.key != "pending_answers"),
            "seed {seed}"
        );
    }
}

#[test]
fn a_pending_answer_that_fails_later_is_a_failed_customer() {
    for seed in 1..=10 {
        let r = report(&checkout(0.05, true), seed, 30_000);
        assert!(r.pending.failed_later > 0, "seed {seed}");
        // Nobody got an error at the time; each order that failed later is a failure.
        assert_eq!(r.users.failed, 0, "seed {seed}");
        assert_eq!(r.outcomes.failed, r.pending.failed_later, "seed {seed}");
    }
}

#[test]
fn following_the_first_failure_finds_a_pending_answer_that_failed_later() {
    let s = checkout(0.05, true);
    for seed in 1..=5 {
        let t = wirelab_engine::trace_journey(&s, seed, 30_000, wirelab_engine::Pick::Failed)
            .unwrap()
            .expect("a customer whose order failed later");
        let settled = t.steps.iter().find_map(|s| match s {
            wirelab_engine::JStep::Settled { outcome, .. } => outcome.clone(),
            _ => None,
        });
        assert_eq!(
            settled.as_deref(),
            Some("failed later, compensated"),
            "seed {seed}"
        );
    }
}
