//! The availability product shown next to measured availability: the entry point and
//! everything a request waits on, each counted once. Equal within noise for a plain
//! chain, a fail-closed access check, request/reply over a broker and a publish whose
//! broker's refusal fails the request.

mod common;
use common::*;
use wirelab_model::*;

fn service(error_rate: f64) -> ServiceConfig {
    ServiceConfig {
        latency: fixed(2.0),
        workers: 64,
        queue: 1_000,
        error_rate,
        ..ServiceConfig::default()
    }
}

fn users() -> Arrival {
    Arrival::Poisson { rate_per_s: 200.0 }
}

/// (measured, product) after 30 s, over 5 seeds.
fn both(s: &Scenario) -> Vec<(f64, f64)> {
    (1..=5)
        .map(|seed| {
            let r = report(s, seed, 30_000);
            let a = &r.availability[0];
            (a.measured, a.dependency_product)
        })
        .collect()
}

fn assert_close(name: &str, s: &Scenario, expect: f64) {
    for (seed, (measured, product)) in both(s).into_iter().enumerate() {
        assert!(
            (measured - product).abs() < 0.03,
            "{name}, seed {}: measured {measured:.3}, product {product:.3}",
            seed + 1
        );
        assert!(
            (measured - expect).abs() < 0.05,
            "{name}: measured {measured:.3}, expected about {expect}"
        );
    }
}

#[test]
fn a_plain_chain() {
    let s = B::new()
        .users("Users", users(), 10_000.0)
        .service_with("A", service(0.0))
        .service_with("B", service(0.3))
        .call("Users", "A", call(1_000.0))
        .call("A", "B", call(1_000.0))
        .build();
    assert_close("plain", &s, 0.7);
}

#[test]
fn a_fail_closed_access_check_counts_once() {
    let deny = CallConfig {
        on_failure: FailurePolicy::FailClosed,
        ..call(1_000.0)
    };
    let s = B::new()
        .users("Users", users(), 10_000.0)
        .service_with("A", service(0.0))
        .service_with("Auth", service(0.4))
        .call("Users", "A", call(1_000.0))
        .call("A", "Auth", deny)
        .build();
    // It used to count Auth's failures and A's denials: 0.6 × 0.6.
    assert_close("fail closed", &s, 0.6);
}

#[test]
fn request_reply_counts_the_broker_and_the_responder() {
    let mut s = B::new()
        .users("Users", users(), 10_000.0)
        .service_with("A", service(0.0))
        .service_with("B", service(0.2))
        .topic("T")
        .call("Users", "A", call(1_000.0))
        .incidents("10s kill T\n20s revive T")
        .build();
    let (a, b, t) = (
        s.node_by_name("A").unwrap().id,
        s.node_by_name("B").unwrap().id,
        s.node_by_name("T").unwrap().id,
    );
    s.add_wire(
        a,
        b,
        WireKind::RequestReply(RequestReplyConfig {
            via: t,
            network: fixed(1.0),
            timeout_ms: 1_000.0,
            on_failure: FailurePolicy::Fail,
        }),
    );
    // It used to leave both out and show 100%.
    assert_close("request/reply", &s, 0.8 * 2.0 / 3.0);
}

#[test]
fn a_publish_that_fails_the_request_counts_the_broker() {
    let s = B::new()
        .users("Users", users(), 10_000.0)
        .service_with("A", service(0.0))
        .topic("T")
        .call("Users", "A", call(1_000.0))
        .publish("A", "T", publish(BrokerDownPolicy::Fail))
        .incidents("10s kill T\n20s revive T")
        .build();
    // It used to leave the broker out and show 100%.
    assert_close("publish, fail on broker down", &s, 2.0 / 3.0);
    // An outbox keeps the request whole: the broker is not on its path.
    let outbox = B::new()
        .users("Users", users(), 10_000.0)
        .service_with("A", service(0.0))
        .topic("T")
        .call("Users", "A", call(1_000.0))
        .publish("A", "T", publish(BrokerDownPolicy::Outbox))
        .incidents("10s kill T\n20s revive T")
        .build();
    assert_close("publish, outbox", &outbox, 1.0);
}

/// The five designs of the issue, each with the dependency a fault aims at and the wire
/// to it: (name, scenario, dependency, wire from, wire to).
fn designs() -> Vec<(
    &'static str,
    Scenario,
    &'static str,
    &'static str,
    &'static str,
)> {
    let base = || {
        B::new()
            .users("Users", users(), 10_000.0)
            .service_with("A", service(0.0))
            .call("Users", "A", call(1_000.0))
    };
    let plain = base()
        .service_with("B", service(0.0))
        .call("A", "B", call(1_000.0))
        .build();
    let closed = base()
        .service_with("Auth", service(0.0))
        .call(
            "A",
            "Auth",
            CallConfig {
                on_failure: FailurePolicy::FailClosed,
                ..call(1_000.0)
            },
        )
        .build();
    let mut rr = base().service_with("B", service(0.0)).topic("T").build();
    let (a, b, t) = (
        rr.node_by_name("A").unwrap().id,
        rr.node_by_name("B").unwrap().id,
        rr.node_by_name("T").unwrap().id,
    );
    rr.add_wire(
        a,
        b,
        WireKind::RequestReply(RequestReplyConfig {
            via: t,
            network: fixed(1.0),
            timeout_ms: 1_000.0,
            on_failure: FailurePolicy::Fail,
        }),
    );
    let publish_fail = base()
        .topic("T")
        .publish("A", "T", publish(BrokerDownPolicy::Fail))
        .build();
    let outbox = base()
        .topic("T")
        .publish("A", "T", publish(BrokerDownPolicy::Outbox))
        .build();
    // A caller that goes on without the answer does not depend on it.
    let degrade = base()
        .service_with("B", service(0.0))
        .call(
            "A",
            "B",
            CallConfig {
                on_failure: FailurePolicy::Degrade,
                ..call(1_000.0)
            },
        )
        .build();
    vec![
        ("plain", plain, "B", "A", "B"),
        ("fail closed", closed, "Auth", "A", "Auth"),
        ("request/reply (responder)", rr.clone(), "B", "A", "B"),
        ("request/reply (broker)", rr, "T", "A", "B"),
        ("publish, fail on broker down", publish_fail, "T", "A", "T"),
        ("publish, outbox", outbox, "T", "A", "T"),
        ("degrade", degrade, "B", "A", "B"),
    ]
}

/// Whatever breaks a hard dependency — kill, hang, an error rate, a cut wire, the broker
/// down — the product agrees with measured availability within 0.03, on 5 seeds.
#[test]
fn the_product_agrees_with_measured_whatever_breaks_the_dependency() {
    let mut bad = Vec::new();
    for (name, s, dep, from, to) in designs() {
        let service = matches!(s.node_by_name(dep).unwrap().kind, NodeKind::Service(_));
        let mut faults = vec![
            format!("10s kill {dep}\n20s revive {dep}"),
            format!("10s cut {from} -> {to}\n20s heal {from} -> {to}"),
        ];
        if service {
            faults.push(format!("10s hang {dep}\n20s revive {dep}"));
            // Still hung at the end: the requests it holds have failed already.
            faults.push(format!("10s hang {dep}"));
            faults.push(format!("10s error {dep} 50%\n20s revive {dep}"));
        }
        for script in faults {
            let mut s = s.clone();
            s.incidents = parse_script(&script).expect("script");
            for (seed, (measured, product)) in both(&s).into_iter().enumerate() {
                let line = format!(
                    "{name}, `{}`, seed {}: measured {measured:.3}, product {product:.3}",
                    script.replace('\n', "; "),
                    seed + 1
                );
                eprintln!("{line}");
                if (measured - product).abs() >= 0.03 {
                    bad.push(line);
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
