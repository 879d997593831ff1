//! One test per mechanism of SIMULATION.md, each showing its effect in numbers.

mod common;
use common::*;
use wirelab_engine::{Intervention, Run};
use wirelab_model::*;

#[test]
fn sequential_calls_make_the_user_wait_for_the_sum() {
    let r = report(&chain(CallMode::Sequential), 1, 20_000);
    // 1 + 5 + 3 × (1 + 20 + 1) + 1 = 73 ms.
    assert!((72.0..=74.0).contains(&r.wait_ms.p50), "{:?}", r.wait_ms);
    let p = report(&chain(CallMode::Parallel), 1, 20_000);
    // In parallel the user waits for the slowest: 1 + 5 + 22 + 1 = 29 ms.
    assert!((28.0..=30.0).contains(&p.wait_ms.p50), "{:?}", p.wait_ms);
}

#[test]
fn poisson_and_constant_arrivals_have_the_configured_rate() {
    for arrival in [
        poisson(50.0),
        Arrival::Constant { rate_per_s: 50.0 },
        Arrival::Bursts {
            size: 10,
            every_ms: 200.0,
        },
    ] {
        let s = B::new()
            .users("Users", arrival.clone(), 10_000.0)
            .service("A", fixed(1.0), 10, 10)
            .call("Users", "A", call(1000.0))
            .build();
        let r = report(&s, 3, 100_000);
        assert!(
            (4_700..=5_300).contains(&r.users.arrived),
            "{arrival:?}: {}",
            r.users.arrived
        );
    }
}

#[test]
fn manual_users_arrive_only_when_sent() {
    let s = B::new()
        .users("Users", Arrival::Manual, 10_000.0)
        .service("A", fixed(1.0), 1, 1)
        .call("Users", "A", call(1000.0))
        .build();
    let mut run = Run::new(&s, 1).unwrap();
    drive(&mut run, 5_000);
    assert_eq!(run.report().users.arrived, 0);
    let users = s.node_by_name("Users").unwrap().id;
    run.apply(Intervention::Send {
        node: users,
        count: 3,
    })
    .unwrap();
    drive(&mut run, 6_000);
    let r = run.report();
    assert_eq!(
        (r.users.arrived, r.users.succeeded),
        (3, 2),
        "one worker, one queue slot: the third is overloaded"
    );
    assert_eq!(r.users.failed, 1);
}

#[test]
fn killed_dependency_fails_the_caller_at_once() {
    let s = B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("A", fixed(5.0), 20, 20)
        .service("B", fixed(5.0), 20, 20)
        .call("Users", "A", call(5_000.0))
        .call("A", "B", call(1_000.0))
        .incidents("at 0s kill B")
        .build();
    let r = report(&s, 1, 10_000);
    assert_eq!(r.users.succeeded, 0);
    assert!(r.users.failed > 150);
    // Refused connections come back in a round trip, not after the timeout.
    assert!(r.wait_ms.max < 15.0, "{:?}", r.wait_ms);
}

fn hung_b(breaker: Option<BreakerConfig>) -> Scenario {
    B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("A", fixed(5.0), 200, 200)
        .service("B", fixed(5.0), 200, 1000)
        .call("Users", "A", call(5_000.0))
        .call(
            "A",
            "B",
            CallConfig {
                breaker,
                ..call(500.0)
            },
        )
        .incidents("at 0s hang B")
        .build()
}

#[test]
fn hung_service_makes_callers_wait_for_their_timeout() {
    let r = report(&hung_b(None), 1, 10_000);
    assert_eq!(r.users.succeeded, 0);
    assert_eq!(
        service(&r, "A").failures.get("timeout").copied(),
        Some(r.users.failed)
    );
    // Each failure took the 500 ms timeout.
    assert!((505.0..=510.0).contains(&r.wait_ms.p50), "{:?}", r.wait_ms);
}

#[test]
fn circuit_breaker_fails_fast_once_open() {
    let breaker = BreakerConfig {
        failure_threshold: 5,
        open_ms: 2_000.0,
    };
    let r = report(&hung_b(Some(breaker)), 1, 10_000);
    let w = wire(&r, "A", "B");
    // Most calls never reach B: the breaker answers at once.
    assert!(r.wait_ms.p50 < 20.0, "{:?}", r.wait_ms);
    assert!(
        w.breaker_opens >= 4,
        "re-opened after each failed probe: {w:?}"
    );
    assert_eq!(
        service(&r, "A")
            .failures
            .get("circuit open")
            .copied()
            .unwrap_or(0)
            + service(&r, "A")
                .failures
                .get("timeout")
                .copied()
                .unwrap_or(0),
        r.users.failed
    );
    assert!(service(&r, "A").failures["circuit open"] > 150);
}

#[test]
fn breaker_closes_again_after_recovery() {
    let breaker = BreakerConfig {
        failure_threshold: 3,
        open_ms: 1_000.0,
    };
    let mut s = hung_b(Some(breaker));
    s.incidents = parse_script("at 0s hang B; at 5s revive B").unwrap();
    let run = run_checked(&s, 1, 20_000);
    let late: u32 = run.per_second()[8..20].iter().map(|s| s.failed).sum();
    assert_eq!(late, 0, "after a successful probe the breaker closes");
    assert!(matches!(
        run.snapshot().wires[1].breaker,
        wirelab_engine::BreakerView::Closed
    ));
}

#[test]
fn slow_service_raises_the_wait_by_its_factor() {
    let mut s = chain(CallMode::Sequential);
    s.incidents = parse_script("at 0s slow B x5").unwrap();
    let r = report(&s, 1, 20_000);
    // B now takes 100 ms instead of 20: 73 + 80 = 153 ms.
    assert!((152.0..=154.0).contains(&r.wait_ms.p50), "{:?}", r.wait_ms);
}

#[test]
fn bounded_queue_rejects_overload() {
    // Capacity 2 workers / 100 ms = 20 per second; offered 40 per second.
    let s = B::new()
        .users("Users", Arrival::Constant { rate_per_s: 40.0 }, 60_000.0)
        .service("A", fixed(100.0), 2, 10)
        .call("Users", "A", call(60_000.0))
        .build();
    let r = report(&s, 1, 30_000);
    let a = service(&r, "A");
    assert!((550..=620).contains(&a.handled), "{a:?}");
    assert!(a.failures["overloaded"] > 550, "{a:?}");
    assert!(a.utilisation > 0.95, "{a:?}");
}

#[test]
fn error_rate_fails_that_fraction_and_retries_mask_it() {
    let svc = ServiceConfig {
        latency: fixed(5.0),
        workers: 50,
        queue: 50,
        error_rate: 0.2,
        ..ServiceConfig::default()
    };
    let build = |attempts| {
        B::new()
            .users("Users", poisson(100.0), 10_000.0)
            .service("A", fixed(1.0), 50, 50)
            .service_with("B", svc.clone())
            .call("Users", "A", call(5_000.0))
            .call(
                "A",
                "B",
                CallConfig {
                    max_attempts: attempts,
                    ..call(1_000.0)
                },
            )
            .build()
    };
    let one = report(&build(1), 5, 60_000);
    let frac = one.users.failed as f64 / one.users.arrived as f64;
    assert!((0.18..=0.22).contains(&frac), "{frac}");
    let three = report(&build(3), 5, 60_000);
    let frac3 = three.users.failed as f64 / three.users.arrived as f64;
    // 0.2³ = 0.008
    assert!(frac3 < 0.015, "{frac3}");
    let w = wire(&three, "A", "B");
    assert!(
        (w.retries as f64 / w.calls as f64 - 0.24).abs() < 0.03,
        "0.2 + 0.04 retries per call: {w:?}"
    );
}

#[test]
fn degrade_policy_carries_on_and_fail_closed_denies() {
    let build = |policy| {
        B::new()
            .users("Users", poisson(20.0), 10_000.0)
            .service("A", fixed(1.0), 20, 20)
            .service("Recs", fixed(1.0), 20, 20)
            .call("Users", "A", call(5_000.0))
            .call(
                "A",
                "Recs",
                CallConfig {
                    on_failure: policy,
                    ..call(1_000.0)
                },
            )
            .incidents("at 0s kill Recs")
            .build()
    };
    let d = report(&build(FailurePolicy::Degrade), 1, 10_000);
    assert_eq!(d.users.failed, 0);
    assert_eq!(wire(&d, "A", "Recs").degraded, d.users.succeeded);
    let c = report(&build(FailurePolicy::FailClosed), 1, 10_000);
    assert_eq!(c.users.succeeded, 0);
    assert_eq!(service(&c, "A").failures["denied"], c.users.failed);
}

fn ambiguous(idempotency_key: bool) -> Scenario {
    B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("Order", fixed(1.0), 50, 50)
        .service("Payment", fixed(10.0), 50, 50)
        .call("Users", "Order", call(10_000.0))
        .call(
            "Order",
            "Payment",
            CallConfig {
                max_attempts: 3,
                idempotency_key,
                ..call(200.0)
            },
        )
        .incidents("at 0s lose-responses Order -> Payment 50%")
        .build()
}

#[test]
fn lost_responses_after_commit_double_charge_without_an_idempotency_key() {
    let r = report(&ambiguous(false), 2, 30_000);
    let p = service(&r, "Payment");
    // Half the answers vanish after Payment committed: the retry charges again.
    let dup = p.duplicates as f64 / r.users.arrived as f64;
    assert!(
        (0.6..=0.8).contains(&dup),
        "0.5 + 0.25 duplicate charges per order: {dup}"
    );
    let k = report(&ambiguous(true), 2, 30_000);
    assert_eq!(service(&k, "Payment").duplicates, 0);
    // Either way an order fails only when all three answers are lost: 0.5³.
    for x in [&r, &k] {
        assert!(
            (x.users.failed as f64 / x.users.arrived as f64 - 0.125).abs() < 0.04,
            "{:?}",
            x.users
        );
    }
}

#[test]
fn cut_wire_times_out_and_heals() {
    let s = B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("A", fixed(1.0), 50, 50)
        .service("B", fixed(1.0), 50, 50)
        .call("Users", "A", call(10_000.0))
        .call("A", "B", call(300.0))
        .incidents("at 5s cut A -> B; at 10s heal A -> B")
        .build();
    let run = run_checked(&s, 1, 20_000);
    let r = run.report();
    assert_eq!(service(&r, "A").failures["timeout"], r.users.failed);
    let failed: Vec<u32> = run.per_second().iter().map(|s| s.failed).collect();
    assert_eq!(failed[..5].iter().sum::<u32>(), 0);
    assert!(failed[6..10].iter().all(|&f| f > 5), "{failed:?}");
    assert_eq!(failed[11..].iter().sum::<u32>(), 0);
}

#[test]
fn patience_separates_timed_out_from_abandoned() {
    // One worker taking 400 ms against 5 arrivals per second: the queue grows.
    let s = B::new()
        .users("Users", Arrival::Constant { rate_per_s: 5.0 }, 1_000.0)
        .service("A", fixed(400.0), 1, 1000)
        .call("Users", "A", call(60_000.0))
        .build();
    let r = report(&s, 1, 20_000);
    // Congestion collapse: those still queued at 1 s abandon; those who reach a worker
    // late give up during processing, so A works on requests nobody waits for.
    assert!(
        r.users.abandoned > 30 && r.users.timed_out > 30,
        "{:?}",
        r.users
    );
    assert!(r.users.succeeded < 10, "{:?}", r.users);
    assert!(r.wait_ms.max <= 1_000.5);
    assert!(
        service(&r, "A").handled >= 45,
        "abandoned requests are skipped, so A stays busy"
    );
}

fn events(policy: BrokerDownPolicy, script: &str) -> Scenario {
    B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("Order", fixed(2.0), 50, 50)
        .topic("OrderCreated")
        .service("Email", fixed(5.0), 8, 50)
        .call("Users", "Order", call(10_000.0))
        .publish("Order", "OrderCreated", publish(policy))
        .subscribe("OrderCreated", "Email", sub())
        .incidents(script)
        .build()
}

#[test]
fn broker_down_policies_fail_drop_or_keep_in_an_outbox() {
    let script = "at 5s kill OrderCreated; at 15s revive OrderCreated";
    let fail = report(&events(BrokerDownPolicy::Fail, script), 1, 30_000);
    assert!(fail.users.failed > 150, "{:?}", fail.users);
    assert_eq!(fail.users.failed, fail.events.lost);

    let drop = report(&events(BrokerDownPolicy::Drop, script), 1, 30_000);
    assert_eq!(drop.users.failed, 0);
    assert!(drop.events.lost > 150, "{:?}", drop.events);
    assert_eq!(drop.lost_by_reason["brokerdown"], drop.events.lost);

    let outbox = report(&events(BrokerDownPolicy::Outbox, script), 1, 30_000);
    assert_eq!((outbox.users.failed, outbox.events.lost), (0, 0));
    assert!(
        outbox.events.published - outbox.events.processed <= 3,
        "{:?}",
        outbox.events
    );
    // The outbox makes consistency wait for the broker, not the user.
    assert!(
        outbox.consistency_ms.max > 9_000.0,
        "{:?}",
        outbox.consistency_ms
    );
    assert!(outbox.wait_ms.max < 20.0, "{:?}", outbox.wait_ms);
}

#[test]
fn dead_consumer_builds_a_backlog_that_drains_on_revival() {
    let s = events(
        BrokerDownPolicy::Fail,
        "at 5s kill Email; at 25s revive Email",
    );
    let mut run = Run::new(&s, 1).unwrap();
    drive(&mut run, 24_900);
    let during = run.snapshot().subscriptions[0].clone();
    assert!(during.backlog > 350, "{during:?}");
    assert!(during.lag_us > 19_000_000);
    drive(&mut run, 40_000);
    let r = run.report();
    assert_eq!(r.subscriptions[0].backlog, 0);
    assert_eq!(r.subscriptions[0].dead_lettered, 0);
    assert_eq!(r.users.failed, 0);
}

fn flaky_consumer(idempotent: bool, error_rate: f64, script: &str) -> Scenario {
    let email = ServiceConfig {
        latency: fixed(5.0),
        workers: 8,
        queue: 50,
        error_rate,
        ..ServiceConfig::default()
    };
    let s = SubscribeConfig {
        idempotent,
        max_deliveries: 3,
        ack_timeout_ms: 300.0,
        ..sub()
    };
    B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("Order", fixed(2.0), 50, 50)
        .topic("OrderCreated")
        .service_with("Email", email)
        .call("Users", "Order", call(10_000.0))
        .publish("Order", "OrderCreated", publish(BrokerDownPolicy::Fail))
        .subscribe("OrderCreated", "Email", s)
        .incidents(script)
        .build()
}

#[test]
fn failing_consumer_is_redelivered_then_dead_lettered() {
    let r = report(&flaky_consumer(false, 0.5, ""), 4, 60_000);
    let s = &r.subscriptions[0];
    let n = r.events.published as f64;
    // Three deliveries at 50 %: an eighth end in the dead-letter queue.
    assert!((s.dead_lettered as f64 / n - 0.125).abs() < 0.03, "{s:?}");
    // Redeliveries per event: 0.5 + 0.25 = 0.75.
    assert!((s.redeliveries as f64 / n - 0.75).abs() < 0.05, "{s:?}");
}

#[test]
fn lost_acks_cause_duplicates_unless_the_consumer_is_idempotent() {
    let script = "at 0s lose-responses OrderCreated -> Email 30%";
    let plain = report(&flaky_consumer(false, 0.0, script), 4, 60_000);
    let s = &plain.subscriptions[0];
    let n = plain.events.published as f64;
    // A lost ack means a redelivery, processed again: 0.3 + 0.3² extra per event, and
    // 0.3³ lose all three acks and are dead-lettered after being processed three times.
    assert!(
        (s.duplicates as f64 / n - 0.39).abs() < 0.05,
        "{s:?} (\"2 welcome emails\")"
    );
    assert!((s.dead_lettered as f64 / n - 0.027).abs() < 0.015, "{s:?}");
    let idem = report(&flaky_consumer(true, 0.0, script), 4, 60_000);
    assert_eq!(idem.subscriptions[0].duplicates, 0);
    assert!(idem.subscriptions[0].redeliveries > 200);
}

#[test]
fn request_reply_over_a_broker_costs_more_than_a_direct_call() {
    let build = |rr: bool, script: &str| {
        let b = B::new()
            .users("Users", poisson(20.0), 10_000.0)
            .service("A", fixed(2.0), 50, 50)
            .service("B", fixed(10.0), 50, 50)
            .topic("Requests")
            .call("Users", "A", call(10_000.0));
        let b = if rr {
            let via = b.0.node_by_name("Requests").unwrap().id;
            b.wire(
                "A",
                "B",
                WireKind::RequestReply(RequestReplyConfig {
                    via,
                    network: fixed(1.0),
                    timeout_ms: 1_000.0,
                    on_failure: FailurePolicy::Fail,
                }),
            )
        } else {
            b.call("A", "B", call(1_000.0))
        };
        b.incidents(script).build()
    };
    let direct = report(&build(false, ""), 1, 20_000);
    let rr = report(&build(true, ""), 1, 20_000);
    // Two extra hops through the broker.
    assert!(
        (rr.wait_ms.p50 - direct.wait_ms.p50 - 2.0).abs() < 0.5,
        "{:?} vs {:?}",
        rr.wait_ms,
        direct.wait_ms
    );
    // And the broker is one more thing that can fail.
    let down = report(
        &build(true, "at 5s kill Requests; at 10s revive Requests"),
        1,
        20_000,
    );
    assert!(down.users.failed > 80, "{:?}", down.users);
    let a = &service(&down, "A").failures;
    assert!(a["refused"] > 80, "refused by the dead broker: {a:?}");
    // A reply that reached the broker just after it died is lost: that caller times out.
    assert_eq!(
        a["refused"] + a.get("timeout").copied().unwrap_or(0),
        down.users.failed
    );
}

#[test]
fn request_reply_waits_for_a_dead_callee_until_the_caller_times_out() {
    let mut s = B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("A", fixed(2.0), 100, 100)
        .service("B", fixed(10.0), 50, 50)
        .topic("Requests")
        .call("Users", "A", call(10_000.0))
        .build();
    let (a, b, via) = (
        s.node_by_name("A").unwrap().id,
        s.node_by_name("B").unwrap().id,
        s.node_by_name("Requests").unwrap().id,
    );
    s.add_wire(
        a,
        b,
        WireKind::RequestReply(RequestReplyConfig {
            via,
            network: fixed(1.0),
            timeout_ms: 800.0,
            on_failure: FailurePolicy::Fail,
        }),
    );
    s.incidents = parse_script("at 5s kill B; at 6s revive B").unwrap();
    let r = report(&s, 1, 20_000);
    assert!(r.users.failed > 5, "{:?}", r.users);
    assert!(
        r.wait_ms.max >= 800.0 && r.wait_ms.max < 900.0,
        "{:?}",
        r.wait_ms
    );
}

#[test]
fn load_change_takes_effect_at_once() {
    for arrival in [
        Arrival::Constant { rate_per_s: 10.0 },
        Arrival::Poisson { rate_per_s: 10.0 },
    ] {
        let s = B::new()
            .users("Users", arrival.clone(), 10_000.0)
            .service("A", fixed(1.0), 50, 50)
            .call("Users", "A", call(1_000.0))
            .incidents("at 10s load Users 100/s; at 20s load Users 0/s; at 30s load Users 50/s")
            .build();
        let run = run_checked(&s, 1, 40_000);
        let per: Vec<u32> = run.per_second().iter().map(|s| s.arrived).collect();
        let sum = |a: usize, b: usize| per[a..b].iter().sum::<u32>();
        assert!((80..=120).contains(&sum(0, 10)), "{arrival:?} {per:?}");
        assert!((900..=1_100).contains(&sum(10, 20)), "{arrival:?} {per:?}");
        assert_eq!(sum(20, 30), 0, "paused at zero");
        assert!(
            (420..=580).contains(&sum(30, 40)),
            "and back, in the same mode: {per:?}"
        );
    }
}

#[test]
fn retry_storm_is_bounded_by_the_work_cap_and_shed_visibly() {
    let mut s = B::new()
        .users("Users", poisson(2_000.0), 60_000.0)
        .service("A", fixed(1.0), 10_000, 100_000)
        .service("B", fixed(1.0), 10_000, 100_000)
        .call("Users", "A", call(60_000.0))
        .call(
            "A",
            "B",
            CallConfig {
                max_attempts: 10,
                backoff: Backoff {
                    base_ms: 10.0,
                    max_ms: 50.0,
                    ..Backoff::default()
                },
                ..call(5_000.0)
            },
        )
        .incidents("at 1s hang B")
        .build();
    s.max_in_flight = 5_000;
    let mut run = Run::new(&s, 1).unwrap();
    let mut peak = 0;
    while run.step_until(20_000_000, 2_000) == wirelab_engine::StepResult::Budget
        || run.now_us() < 20_000_000
    {
        peak = peak.max(run.snapshot().work_in_flight);
        assert!(run.accounting().ok);
    }
    let r = run.report();
    assert!(r.shed > 1_000, "shed visibly: {}", r.shed);
    assert!(
        peak <= 5_000 + 100,
        "work in flight stays near the cap: {peak}"
    );
    assert_eq!(
        r.users.failed
            + r.users.timed_out
            + r.users.in_flight
            + r.users.succeeded
            + r.users.abandoned,
        r.users.arrived
    );
}

#[test]
fn step_until_respects_its_event_budget() {
    let s = chain(CallMode::Sequential);
    let mut run = Run::new(&s, 1).unwrap();
    let before = run.events_processed();
    assert_eq!(
        run.step_until(60_000_000, 100),
        wirelab_engine::StepResult::Budget
    );
    assert_eq!(run.events_processed() - before, 100);
    assert!(run.now_us() < 60_000_000);
}

#[test]
fn snapshot_shows_messages_in_flight_with_times() {
    let s = chain(CallMode::Parallel);
    let mut run = Run::new(&s, 1).unwrap();
    let mut snap = run.snapshot();
    while snap.messages.len() < 3 {
        run.step_until(run.now_us() + 1_000, u64::MAX);
        snap = run.snapshot();
    }
    for m in &snap.messages {
        assert!(
            m.sent_at_us <= snap.now_us && snap.now_us <= m.arrives_at_us,
            "{m:?}"
        );
        assert!(m.attempt >= 1);
    }
    assert!(snap.nodes.iter().any(|n| n.busy > 0));
    // Everyone still waiting has a stopwatch running from their arrival.
    assert_eq!(snap.waiting.len() as u64, snap.users.in_flight);
    assert!(snap.waiting.iter().all(|w| w.arrived_at_us <= snap.now_us));
}

#[test]
fn live_interventions_replay_exactly() {
    let s = events(BrokerDownPolicy::Outbox, "");
    let mut live = Run::new(&s, 9).unwrap();
    let email = s.node_by_name("Email").unwrap().id;
    let broker = s.node_by_name("OrderCreated").unwrap().id;
    live.step_until(3_000_000, 777); // stops mid-way on the budget
    live.apply(Intervention::Kill { node: email }).unwrap();
    live.step_until(7_500_000, u64::MAX);
    live.apply(Intervention::Kill { node: broker }).unwrap();
    live.step_until(9_000_000, u64::MAX);
    live.apply(Intervention::Revive { node: broker }).unwrap();
    live.apply(Intervention::Revive { node: email }).unwrap();
    live.step_until(20_000_000, u64::MAX);
    assert!(
        live.apply(Intervention::Hang { node: broker }).is_err(),
        "a topic cannot hang"
    );
    let replay = Run::replay(&s, 9, live.intervention_log(), 20_000_000).unwrap();
    assert_eq!(replay.trace_hash(), live.trace_hash());
    assert_eq!(replay.report(), live.report());
}

#[test]
fn outbox_relay_drains_a_burst_quickly_after_the_broker_returns() {
    let mut s = events(
        BrokerDownPolicy::Outbox,
        "at 2s kill OrderCreated; at 4s revive OrderCreated",
    );
    s.nodes.iter_mut().for_each(|n| {
        if let NodeKind::Users(u) = &mut n.kind {
            u.arrival = Arrival::Poisson {
                rate_per_s: 1_000.0,
            };
        }
        if let NodeKind::Service(c) = &mut n.kind {
            c.workers = 200;
            c.queue = 1_000;
        }
    });
    let mut run = Run::new(&s, 1).unwrap();
    drive(&mut run, 3_990);
    let order = |run: &Run| {
        run.snapshot()
            .nodes
            .iter()
            .find(|n| n.name == "Order")
            .unwrap()
            .outbox
    };
    assert!(
        order(&run) > 1_500,
        "two seconds of orders wait in the outbox: {}",
        order(&run)
    );
    // The relay keeps a window of publishes in flight, so the burst drains in well
    // under a second once the broker is back.
    drive(&mut run, 4_500);
    assert!(order(&run) < 20, "{}", order(&run));
    assert_eq!(run.report().events.lost, 0);
}
