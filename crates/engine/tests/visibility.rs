//! What the run shows people: faults on the snapshot, the incident script as it
//! happens, and which callee a caller's failures came from.

mod common;
use common::*;
use wirelab_engine::{Intervention, Reason, Run};
use wirelab_model::*;

#[test]
fn snapshot_shows_injected_faults() {
    let s = chain(CallMode::Sequential);
    let mut run = Run::new(&s, 1).unwrap();
    let b = s.node_by_name("B").unwrap().id;
    let ab = s
        .wire_by_ref(&WireRef {
            from: "A".into(),
            to: "B".into(),
        })
        .unwrap()
        .id;
    run.apply(Intervention::ErrorRate {
        node: b,
        rate: 0.25,
    })
    .unwrap();
    run.apply(Intervention::LoseResponses {
        wire: ab,
        rate: 0.5,
    })
    .unwrap();
    run.apply(Intervention::Slow { node: b, factor: 3 })
        .unwrap();
    run.apply(Intervention::Cut { wire: ab }).unwrap();
    let snap = run.snapshot();
    let node = snap.nodes.iter().find(|n| n.id == b).unwrap();
    assert_eq!((node.error_rate, node.slow), (0.25, 3));
    let wire = snap.wires.iter().find(|w| w.id == ab).unwrap();
    assert_eq!((wire.lose_rate, wire.cut), (0.5, true));
    assert_eq!(run.intervention_log().len(), 4);
    assert!(run
        .apply(Intervention::ErrorRate { node: b, rate: 2.0 })
        .is_err());
    assert_eq!(
        run.intervention_log().len(),
        4,
        "a refused intervention is not logged"
    );
}

#[test]
fn applied_incidents_list_the_script_lines_that_have_happened() {
    let s = B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("A", fixed(5.0), 20, 20)
        .service("B", fixed(5.0), 20, 20)
        .call("Users", "A", call(5_000.0))
        .call("A", "B", call(1_000.0))
        .incidents("at 4s revive B; at 1s kill B; at 4s slow A x2")
        .build();
    let (a, b) = (
        s.node_by_name("A").unwrap().id,
        s.node_by_name("B").unwrap().id,
    );
    let mut run = Run::new(&s, 1).unwrap();
    assert!(run.applied_incidents().is_empty());
    drive(&mut run, 1_000);
    // Reaching 1 s applies the incident due at 1 s; nothing later.
    assert_eq!(
        run.applied_incidents(),
        &[(1_000_000, Intervention::Kill { node: b })]
    );
    run.apply(Intervention::Hang { node: a }).unwrap();
    drive(&mut run, 5_000);
    // In time order, lines due at the same time in script order; live ones stay apart.
    assert_eq!(
        run.applied_incidents(),
        &[
            (1_000_000, Intervention::Kill { node: b }),
            (4_000_000, Intervention::Revive { node: b }),
            (4_000_000, Intervention::Slow { node: a, factor: 2 }),
        ]
    );
    assert_eq!(run.intervention_log().len(), 1);
    let replay = Run::replay(&s, 1, run.intervention_log(), 5_000_000).unwrap();
    assert_eq!(replay.applied_incidents(), run.applied_incidents());
}

#[test]
fn a_callers_failures_name_the_callee_where_they_arose() {
    let s = B::new()
        .users("Users", poisson(20.0), 10_000.0)
        .service("A", fixed(5.0), 20, 20)
        .service("B", fixed(5.0), 20, 20)
        .call("Users", "A", call(5_000.0))
        .call("A", "B", call(1_000.0))
        .incidents("at 0s kill B")
        .build();
    let run = run_checked(&s, 1, 5_000);
    let snap = run.snapshot();
    let (a, b) = (
        s.node_by_name("A").unwrap().id,
        s.node_by_name("B").unwrap().id,
    );
    let node = |id| snap.nodes.iter().find(|n| n.id == id).unwrap();
    let refused = |id| {
        node(id)
            .failures
            .iter()
            .map(|f| (f.reason, f.at, f.count))
            .collect::<Vec<_>>()
    };
    let [(reason, at, n)] = refused(a)[..] else {
        panic!("A fails for one reason: {:?}", refused(a));
    };
    // A's handlers failed because B refused them; B refused the same calls itself.
    assert_eq!((reason, at), (Reason::Refused, b));
    assert!(n > 50, "{n}");
    assert_eq!(refused(b), vec![(Reason::Refused, b, n)]);
    // The report keeps its figures by reason alone.
    assert_eq!(service(&run.report(), "A").failures["refused"], n);
}

/// "Charged, then the checkout failed": in the all-sync checkout with Analytics down,
/// Payment has charged people whose checkout then failed; in the hybrid one nobody's
/// checkout fails, so no side effect belongs to a failed request.
#[test]
fn side_effects_of_failed_requests_are_counted_per_service() {
    let outage = |f: &str| {
        let mut s = load(f);
        s.incidents = parse_script("10s kill Analytics\n40s revive Analytics").unwrap();
        s
    };
    let sync = report(&outage("checkout-sync.json"), 7, 60_000);
    let payment = service(&sync, "Payment");
    let failed = sync.users.failed + sync.users.timed_out + sync.users.abandoned;
    assert!(
        payment.side_effects_of_failed > 100,
        "{}",
        payment.side_effects_of_failed
    );
    assert!(payment.side_effects_of_failed <= failed);
    // Analytics refused: it committed nothing for those requests.
    assert_eq!(service(&sync, "Analytics").side_effects_of_failed, 0);
    let hybrid = report(&outage("checkout-events.json"), 7, 60_000);
    for s in &hybrid.services {
        assert_eq!(s.side_effects_of_failed, 0, "{}", s.name);
    }
}

/// Poison messages: a share of events fails every delivery at one consumer and ends as a
/// dead letter after exactly max deliveries, while the healthy ones flow; the same events
/// reach a sibling consumer, which has no dead letters.
#[test]
fn poison_events_end_as_dead_letters_after_exactly_max_deliveries() {
    let poisoned = SubscribeConfig {
        poison_rate: 0.1,
        max_deliveries: 4,
        backoff: Backoff {
            base_ms: 10.0,
            max_ms: 10.0,
            jitter: 0.0,
            kind: BackoffKind::Fixed,
        },
        ..sub()
    };
    let s = B::new()
        .users("Users", Arrival::Poisson { rate_per_s: 100.0 }, 10_000.0)
        .service("Order", fixed(1.0), 64, 1_000)
        .service("Billing", fixed(1.0), 64, 1_000)
        .service("Email", fixed(1.0), 64, 1_000)
        .topic("OrderCreated")
        .call("Users", "Order", call(1_000.0))
        .publish("Order", "OrderCreated", publish(BrokerDownPolicy::Fail))
        .subscribe("OrderCreated", "Billing", poisoned)
        .subscribe("OrderCreated", "Email", sub())
        // Arrivals stop at 15 s, so by 20 s every event has settled.
        .incidents("15s load Users 0/s")
        .build();
    for seed in 1..=10 {
        let r = report(&s, seed, 20_000);
        let billing = r
            .subscriptions
            .iter()
            .find(|x| x.consumer == "Billing")
            .unwrap();
        let email = r
            .subscriptions
            .iter()
            .find(|x| x.consumer == "Email")
            .unwrap();
        let share = billing.dead_lettered as f64 / r.events.published as f64;
        assert!(
            (0.07..0.13).contains(&share),
            "seed {seed}: {share:.3} poison"
        );
        // Every poison event was delivered exactly 4 times: 3 redeliveries each.
        assert_eq!(
            billing.redeliveries,
            3 * billing.dead_lettered,
            "seed {seed}"
        );
        assert!(billing.processed > 0);
        assert_eq!(email.dead_lettered, 0, "seed {seed}");
        assert_eq!(email.redeliveries, 0, "seed {seed}");
        let poison = service(&r, "Billing")
            .failures
            .get("poison")
            .copied()
            .unwrap_or(0);
        assert_eq!(poison, 4 * billing.dead_lettered, "seed {seed}");
    }
}
