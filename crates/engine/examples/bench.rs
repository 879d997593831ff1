//! Engine throughput on a large scenario, next to a bare binary-heap event loop measured
//! in the same process. Not part of the test suite; run with
//!
//! ```text
//! cargo run --profile perf -p wirelab-engine --example bench [-- RUNS]
//! ```
//!
//! Scenario: 51 services (a gateway, 4 domain services in parallel, 12 backends, 34
//! event consumers on 4 topics), 1,000 users/s (Poisson), 2 simulated minutes (at this
//! load a run keeps its 150 MB of records for about two and a half).
//! Prints events/s as the median of RUNS runs (default 3) and the ratio to the bare loop.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;
use wirelab_engine::{Rng, Run};
use wirelab_model::*;

const SIM_US: u64 = 120_000_000;

fn scenario() -> Scenario {
    let mut s = Scenario::new("bench");
    s.max_in_flight = wirelab_model::MAX_WORK_CAP;
    let lat = |base_ms, jitter_ms| Latency {
        base_ms,
        jitter_ms,
        shape: Shape::Exponential,
    };
    let svc = |mode| {
        NodeKind::Service(ServiceConfig {
            latency: lat(1.0, 2.0),
            workers: 256,
            queue: 1024,
            error_rate: 0.001,
            calls: mode,
            answer_pending: false,
        })
    };
    let call = || {
        WireKind::Call(CallConfig {
            network: lat(0.3, 0.4),
            timeout_ms: 2_000.0,
            max_attempts: 2,
            ..CallConfig::default()
        })
    };
    let users = s.add_node(
        "Users",
        Pos::default(),
        NodeKind::Users(UsersConfig {
            arrival: Arrival::Poisson {
                rate_per_s: 1_000.0,
            },
            patience_ms: 10_000.0,
            keys: 0,
        }),
    );
    let gateway = s.add_node("Gateway", Pos::default(), svc(CallMode::Parallel));
    s.add_wire(users, gateway, call());
    let mut count = 1;
    for d in 0..4 {
        let domain = s.add_node(
            &format!("Domain{d}"),
            Pos::default(),
            svc(CallMode::Sequential),
        );
        count += 1;
        s.add_wire(gateway, domain, call());
        for b in 0..3 {
            let backend = s.add_node(
                &format!("Backend{d}.{b}"),
                Pos::default(),
                svc(CallMode::Sequential),
            );
            count += 1;
            s.add_wire(domain, backend, call());
        }
        let topic = s.add_node(
            &format!("Topic{d}"),
            Pos::default(),
            NodeKind::Topic(TopicConfig::default()),
        );
        s.add_wire(
            domain,
            topic,
            WireKind::Publish(PublishConfig {
                network: lat(0.3, 0.4),
                ..PublishConfig::default()
            }),
        );
        let consumers = if d < 2 { 8 } else { 9 };
        for c in 0..consumers {
            let consumer = s.add_node(
                &format!("Consumer{d}.{c}"),
                Pos::default(),
                svc(CallMode::Sequential),
            );
            count += 1;
            let sub = SubscribeConfig {
                network: lat(0.3, 0.4),
                max_in_flight: 64,
                ..SubscribeConfig::default()
            };
            s.add_wire(topic, consumer, WireKind::Subscribe(sub));
        }
    }
    assert!(count >= 50, "{count} services");
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    s
}

/// Events per second of the engine on one full run, and the events processed.
fn engine_run(s: &Scenario) -> (f64, u64, u64) {
    let start = Instant::now();
    let mut run = Run::new(s, 1).expect("valid");
    while run.step_until(SIM_US, 1_000_000) == wirelab_engine::StepResult::Budget {}
    let secs = start.elapsed().as_secs_f64();
    let r = run.report();
    assert_eq!(r.accounting_ok, Some(true));
    assert!(
        r.stopped.is_none(),
        "the benchmark run stopped early: {:?}",
        r.stopped
    );
    (
        run.events_processed() as f64 / secs,
        run.events_processed(),
        r.users.succeeded,
    )
}

/// The same number of events through a bare BinaryHeap loop: pop the earliest
/// (time, seq) and push one successor at a random later time, with `pending` events
/// queued throughout. Returns events/s and a checksum so nothing is optimised away.
fn bare_run(events: u64, pending: u64) -> (f64, u64) {
    let mut rng = Rng::stream(1, 0, 0);
    let mut heap = BinaryHeap::with_capacity(pending as usize);
    let mut seq = 0u64;
    for _ in 0..pending {
        seq += 1;
        heap.push(Reverse((rng.upto(10_000), seq, seq as u32)));
    }
    let start = Instant::now();
    let mut sum = 0u64;
    for _ in 0..events {
        let Reverse((t, _, payload)) = heap.pop().expect("never empty");
        sum = sum.wrapping_add(u64::from(payload));
        seq += 1;
        heap.push(Reverse((t + 1 + rng.upto(20_000), seq, payload ^ 1)));
    }
    (events as f64 / start.elapsed().as_secs_f64(), sum)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    let s = scenario();
    let services = s
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Service(_)))
        .count();
    println!(
        "scenario: {services} services, 1000 users/s, {} simulated s, {runs} runs",
        SIM_US / 1_000_000
    );
    let mut engine = Vec::new();
    let mut bare = Vec::new();
    let mut events = 0;
    for i in 0..runs {
        let (rate, n, ok) = engine_run(&s);
        events = n;
        let (b, sum) = bare_run(n, 4_096);
        println!("run {}: engine {:.2} M events/s ({n} events, {ok} checkouts ok), bare heap {:.2} M events/s (checksum {sum})", i + 1, rate / 1e6, b / 1e6);
        engine.push(rate);
        bare.push(b);
    }
    let (e, b) = (median(engine), median(bare));
    println!(
        "median: engine {:.2} M events/s, bare binary-heap loop {:.2} M events/s, ratio {:.0}%",
        e / 1e6,
        b / 1e6,
        100.0 * e / b
    );
    println!("events per run: {events}");
}
