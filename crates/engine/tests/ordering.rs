//! Ordering per key: a topic's partitions, keys drawn per person, and a subscription that
//! either blocks a partition until a failed event succeeds (order kept, throughput lost)
//! or retries it later behind the others (throughput kept, order broken).

mod common;
use common::*;
use wirelab_model::*;

/// 200 customers' orders through a 4-partition topic to Billing, whose handler fails a
/// fifth of the time, so events are redelivered.
fn orders(in_order: bool) -> Scenario {
    let billing = SubscribeConfig {
        in_order,
        max_deliveries: 20,
        max_in_flight: 4,
        backoff: Backoff {
            base_ms: 20.0,
            max_ms: 20.0,
            jitter: 0.0,
            kind: BackoffKind::Fixed,
        },
        ..sub()
    };
    let mut s = B::new()
        .users("Users", Arrival::Poisson { rate_per_s: 50.0 }, 10_000.0)
        .service("Order", fixed(1.0), 64, 1_000)
        .service_with(
            "Billing",
            ServiceConfig {
                latency: fixed(5.0),
                workers: 8,
                queue: 1_000,
                error_rate: 0.2,
                ..ServiceConfig::default()
            },
        )
        .topic("OrderPlaced")
        .call("Users", "Order", call(1_000.0))
        .publish("Order", "OrderPlaced", publish(BrokerDownPolicy::Fail))
        .subscribe("OrderPlaced", "Billing", billing)
        .incidents("20s load Users 0/s")
        .build();
    for n in &mut s.nodes {
        match &mut n.kind {
            NodeKind::Users(u) => u.keys = 200,
            NodeKind::Topic(t) => t.partitions = 4,
            _ => {}
        }
    }
    s
}

#[test]
fn blocking_the_partition_keeps_each_keys_order() {
    for seed in 1..=10 {
        let r = report(&orders(true), seed, 40_000);
        let b = &r.subscriptions[0];
        assert!(
            b.redeliveries > 50,
            "seed {seed}: {} redeliveries",
            b.redeliveries
        );
        assert_eq!(b.out_of_order, 0, "seed {seed}");
        assert_eq!(
            b.processed, r.events.published,
            "seed {seed}: every event handled"
        );
    }
}

#[test]
fn retrying_later_breaks_the_order() {
    for seed in 1..=10 {
        let r = report(&orders(false), seed, 40_000);
        let b = &r.subscriptions[0];
        assert!(b.out_of_order > 0, "seed {seed}: no event out of order");
        assert_eq!(b.processed, r.events.published, "seed {seed}");
    }
}

#[test]
fn keys_do_not_change_a_design_that_has_none() {
    // Keys come from their own stream: the bundled designs' golden hashes hold (see
    // acceptance.rs), and a keyless design reports nothing out of order.
    let r = report(&load("checkout-events.json"), 7, 30_000);
    assert!(r.subscriptions.iter().all(|s| s.out_of_order == 0));
}

/// Each partition's lag: four of them, the oldest of which is the subscription's lag.
/// Blocking partitions lag one by one (one waits behind a failed event while another
/// is caught up), which a single lag figure hides.
#[test]
fn each_partition_has_its_own_lag() {
    for seed in 1..=10 {
        let s = orders(true);
        let mut run = wirelab_engine::Run::new(&s, seed).unwrap();
        let mut uneven = 0;
        for t in 1..=40 {
            drive(&mut run, t * 500);
            let v = &run.snapshot().subscriptions[0];
            assert_eq!(v.partition_lag_us.len(), 4, "seed {seed}");
            assert_eq!(
                v.partition_lag_us.iter().max(),
                Some(&v.lag_us),
                "seed {seed}"
            );
            let (lo, hi) = (
                *v.partition_lag_us.iter().min().unwrap(),
                *v.partition_lag_us.iter().max().unwrap(),
            );
            if hi > 0 && lo == 0 {
                uneven += 1;
            }
        }
        assert!(uneven > 0, "seed {seed}: partitions never lagged apart");
    }
    // One partition: no per-partition figures.
    let mut one = orders(true);
    for n in &mut one.nodes {
        if let NodeKind::Topic(t) = &mut n.kind {
            t.partitions = 1;
        }
    }
    let mut run = wirelab_engine::Run::new(&one, 1).unwrap();
    drive(&mut run, 5_000);
    assert!(run.snapshot().subscriptions[0].partition_lag_us.is_empty());
}

/// Lag counts every event not yet handled, those waiting out a redelivery backoff
/// included: with the line empty and failed events waiting to be redelivered, the lag is
/// their age, not 0 ms. On 10 seeds, for keeping order and for retrying later.
#[test]
fn lag_counts_events_waiting_for_their_redelivery() {
    for in_order in [true, false] {
        for seed in 1..=10 {
            let mut s = orders(in_order);
            // Slow redeliveries: a failed event waits 300 ms before it is in line again.
            for w in &mut s.wires {
                if let WireKind::Subscribe(c) = &mut w.kind {
                    c.backoff.base_ms = 300.0;
                    c.backoff.max_ms = 300.0;
                }
            }
            let mut run = wirelab_engine::Run::new(&s, seed).unwrap();
            let (mut waiting, mut hidden) = (0, 0);
            for t in 1..=400 {
                drive(&mut run, t * 50);
                let v = &run.snapshot().subscriptions[0];
                if v.backlog > 0 {
                    waiting += 1;
                    // Nothing stored this very microsecond waits for 300 ms.
                    if v.lag_us == 0 {
                        hidden += 1;
                    }
                }
                assert!(v.partition_lag_us.iter().all(|&l| l <= v.lag_us));
            }
            assert!(
                waiting > 50,
                "seed {seed}: only {waiting} moments with a backlog"
            );
            assert_eq!(
                hidden, 0,
                "seed {seed}, in order {in_order}: a backlog with no lag"
            );
            let r = run.report();
            let sub = &r.subscriptions[0];
            assert_eq!(sub.partition_lag_ms.len(), 4);
            assert_eq!(
                sub.lag_ms,
                run.snapshot().subscriptions[0].lag_us as f64 / 1000.0
            );
        }
    }
}

/// Checks read one partition's lag: `lag(OrderPlaced -> Billing, partition 2)`, the
/// same figure the canvas and the report show, at the end and over a window; a partition
/// the topic lacks is said in words.
#[test]
fn a_check_reads_one_partitions_lag() {
    for seed in [1, 2, 3] {
        let s = orders(true);
        let criteria: Vec<Criterion> = (0..4)
            .map(|p| Criterion {
                check: Check::parse(&format!(
                    "lag(OrderPlaced -> Billing, partition {p}) >= 0ms"
                ))
                .unwrap(),
                hint: String::new(),
            })
            .chain([
                Criterion {
                    check: Check::parse(
                        "lag(OrderPlaced -> Billing, partition 3) during 0s..20s > 0ms",
                    )
                    .unwrap(),
                    hint: String::new(),
                },
                Criterion {
                    check: Check::parse("lag(OrderPlaced -> Billing, partition 4) >= 0ms").unwrap(),
                    hint: String::new(),
                },
            ])
            .collect();
        let done = wirelab_engine::run_checks(&s, seed, 12_345, &criteria).unwrap();
        let lags = &done.run.snapshot().subscriptions[0].partition_lag_us;
        for p in 0..4 {
            assert_eq!(
                done.results[p].measured,
                Some(lags[p] as f64 / 1000.0),
                "seed {seed}, partition {p}"
            );
        }
        assert!(done.results[4].pass, "seed {seed}: {:?}", done.results[4]);
        assert_eq!(
            done.results[5].note,
            "`OrderPlaced` has 4 partitions (numbered from 0), so there is no partition 4"
        );
    }
}
