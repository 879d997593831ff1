//! Commands vs events: a command queue's commands are each handled once by its one
//! handler, whose instances (workers) compete for them; a topic gives every subscriber
//! its own copy of each event.

mod common;
use common::*;
use wirelab_model::*;

fn design(queue: bool, subscribers: &[&str]) -> Scenario {
    let mut b = B::new()
        .users("Users", Arrival::Poisson { rate_per_s: 100.0 }, 10_000.0)
        .service("Order", fixed(1.0), 64, 1_000)
        .topic("Work")
        .call("Users", "Order", call(1_000.0))
        .publish("Order", "Work", publish(BrokerDownPolicy::Fail));
    for s in subscribers {
        // Three instances of the handler compete for the commands.
        b = b
            .service(s, fixed(5.0), 3, 1_000)
            .subscribe("Work", s, sub());
    }
    let mut s = b.incidents("15s load Users 0/s").build();
    for n in &mut s.nodes {
        if let NodeKind::Topic(t) = &mut n.kind {
            t.queue = queue;
        }
    }
    s
}

#[test]
fn a_command_is_handled_exactly_once_by_competing_instances() {
    for seed in 1..=5 {
        let r = report(&design(true, &["Billing"]), seed, 20_000);
        let billing = service(&r, "Billing");
        assert!(r.events.published > 1_000);
        assert_eq!(billing.handled, r.events.published, "seed {seed}");
        assert_eq!(billing.duplicates, 0);
        assert!(billing.utilisation > 0.01);
    }
}

#[test]
fn an_event_reaches_each_of_three_subscribers() {
    let r = report(
        &design(false, &["Billing", "Email", "Analytics"]),
        3,
        20_000,
    );
    for s in ["Billing", "Email", "Analytics"] {
        assert_eq!(service(&r, s).handled, r.events.published, "{s}");
    }
}

#[test]
fn a_second_handler_on_a_command_queue_is_refused() {
    let e = wirelab_engine::Run::new(&design(true, &["Billing", "Email"]), 1)
        .err()
        .unwrap();
    assert!(
        e.iter().any(|p| p.message.contains("command queue")),
        "{e:?}"
    );
}
