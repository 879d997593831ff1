//! Random designs for property tests: topologies, incident scripts and live
//! interventions, each generated from a seed.

use wirelab_engine::Rng;
use wirelab_model::*;

fn pick<'a, T>(r: &mut Rng, v: &'a [T]) -> &'a T {
    &v[r.upto(v.len() as u64 - 1) as usize]
}

fn ms(r: &mut Rng, lo: u64, hi: u64) -> f64 {
    (lo + r.upto(hi - lo)) as f64
}

fn latency(r: &mut Rng, hi: u64) -> Latency {
    let shape = *pick(r, &[Shape::Fixed, Shape::Uniform, Shape::Exponential]);
    Latency {
        base_ms: ms(r, 0, hi),
        jitter_ms: ms(r, 0, hi),
        shape,
    }
}

fn backoff(r: &mut Rng) -> Backoff {
    Backoff {
        kind: *pick(r, &[BackoffKind::Fixed, BackoffKind::Exponential]),
        base_ms: ms(r, 0, 100),
        max_ms: ms(r, 100, 1_000),
        jitter: r.upto(100) as f64 / 100.0,
    }
}

/// A random valid scenario: sync calls only go from lower to higher service index (no
/// cycles); publishes and subscriptions may form event loops, which the cap bounds.
pub fn scenario(seed: u64) -> Scenario {
    let r = &mut Rng::stream(seed, 99, 0);
    let mut s = Scenario::new(&format!("case {seed}"));
    s.max_in_flight = 100 + r.upto(3_000) as u32;
    let n_users = 1 + r.upto(1);
    let n_svc = 1 + r.upto(6) as usize;
    let n_topics = r.upto(2) as usize;
    let mut users = Vec::new();
    for i in 0..n_users {
        let arrival = match r.upto(3) {
            0 => Arrival::Manual,
            1 => Arrival::Constant {
                rate_per_s: ms(r, 1, 200),
            },
            2 => Arrival::Poisson {
                rate_per_s: ms(r, 1, 200),
            },
            _ => Arrival::Bursts {
                size: 1 + r.upto(20) as u32,
                every_ms: ms(r, 50, 2_000),
            },
        };
        let patience_ms = ms(r, 50, 5_000);
        users.push(s.add_node(
            &format!("U{i}"),
            Pos::default(),
            NodeKind::Users(UsersConfig {
                arrival,
                patience_ms,
                keys: 0,
            }),
        ));
    }
    let mut svcs = Vec::new();
    for i in 0..n_svc {
        let c = ServiceConfig {
            latency: latency(r, 50),
            workers: 1 + r.upto(8) as u32,
            queue: r.upto(20) as u32,
            error_rate: if r.upto(2) == 0 {
                r.upto(30) as f64 / 100.0
            } else {
                0.0
            },
            calls: *pick(r, &[CallMode::Sequential, CallMode::Parallel]),
            answer_pending: r.upto(3) == 0,
        };
        svcs.push(s.add_node(&format!("S{i}"), Pos::default(), NodeKind::Service(c)));
    }
    let topics: Vec<NodeId> = (0..n_topics)
        .map(|i| {
            s.add_node(
                &format!("T{i}"),
                Pos::default(),
                NodeKind::Topic(TopicConfig::default()),
            )
        })
        .collect();
    let call = |r: &mut Rng| CallConfig {
        network: latency(r, 5),
        timeout_ms: ms(r, 10, 1_000),
        max_attempts: 1 + r.upto(3) as u32,
        backoff: backoff(r),
        on_failure: *pick(
            r,
            &[
                FailurePolicy::Fail,
                FailurePolicy::Degrade,
                FailurePolicy::FailClosed,
            ],
        ),
        idempotency_key: r.upto(1) == 1,
        breaker: if r.upto(2) == 0 {
            Some(BreakerConfig {
                failure_threshold: 1 + r.upto(5) as u32,
                open_ms: ms(r, 10, 2_000),
            })
        } else {
            None
        },
        answer_needed: r.upto(1) == 1,
    };
    for &u in &users {
        let to = *pick(r, &svcs);
        let c = call(r);
        s.add_wire(u, to, WireKind::Call(c));
    }
    for i in 0..n_svc {
        for j in i + 1..n_svc {
            match r.upto(5) {
                0 => {
                    let c = call(r);
                    s.add_wire(svcs[i], svcs[j], WireKind::Call(c));
                }
                1 if !topics.is_empty() => {
                    let via = *pick(r, &topics);
                    let rr = RequestReplyConfig {
                        via,
                        network: latency(r, 5),
                        timeout_ms: ms(r, 10, 1_000),
                        on_failure: FailurePolicy::Fail,
                    };
                    s.add_wire(svcs[i], svcs[j], WireKind::RequestReply(rr));
                }
                _ => {}
            }
        }
    }
    for &t in &topics {
        for &sv in &svcs {
            if r.upto(2) == 0 {
                let p = PublishConfig {
                    network: latency(r, 5),
                    on_broker_down: *pick(
                        r,
                        &[
                            BrokerDownPolicy::Fail,
                            BrokerDownPolicy::Drop,
                            BrokerDownPolicy::Outbox,
                        ],
                    ),
                    outbox_poll_ms: ms(r, 10, 500),
                    timeout_ms: ms(r, 10, 1_000),
                    compensate: r.upto(3) == 0,
                };
                s.add_wire(sv, t, WireKind::Publish(p));
            }
            if r.upto(2) == 0 {
                let c = SubscribeConfig {
                    network: latency(r, 5),
                    max_deliveries: 1 + r.upto(5) as u32,
                    backoff: backoff(r),
                    ack_timeout_ms: ms(r, 10, 1_000),
                    max_in_flight: 1 + r.upto(8) as u32,
                    idempotent: r.upto(1) == 1,
                    poison_rate: if r.upto(3) == 0 {
                        r.upto(30) as f64 / 100.0
                    } else {
                        0.0
                    },
                    in_order: r.upto(1) == 1,
                };
                s.add_wire(t, sv, WireKind::Subscribe(c));
            }
        }
    }
    for _ in 0..r.upto(6) {
        if let Some(action) = action(r, &s) {
            s.incidents.push(Incident {
                at_ms: r.upto(4_000),
                action,
            });
        }
    }
    s
}

pub fn action(r: &mut Rng, s: &Scenario) -> Option<Action> {
    let name = |k: fn(&NodeKind) -> bool, r: &mut Rng| {
        let v: Vec<&Node> = s.nodes.iter().filter(|n| k(&n.kind)).collect();
        (!v.is_empty()).then(|| pick(r, &v).name.clone())
    };
    let svc = |k: &NodeKind| matches!(k, NodeKind::Service(_));
    let broker_or_svc = |k: &NodeKind| !matches!(k, NodeKind::Users(_));
    let users = |k: &NodeKind| matches!(k, NodeKind::Users(_));
    let wire = |r: &mut Rng| s.wire_ref(pick(r, &s.wires).id);
    Some(match r.upto(9) {
        0 => Action::Kill {
            target: name(broker_or_svc, r)?,
        },
        1 => Action::Revive {
            target: name(broker_or_svc, r)?,
        },
        2 => Action::Hang {
            target: name(svc, r)?,
        },
        3 => Action::Slow {
            target: name(svc, r)?,
            factor: 1 + r.upto(9) as u32,
        },
        4 => Action::ErrorRate {
            target: name(svc, r)?,
            rate: r.upto(100) as f64 / 100.0,
        },
        5 => Action::Cut { wire: wire(r)? },
        6 => Action::Heal { wire: wire(r)? },
        7 => Action::LoseResponses {
            wire: wire(r)?,
            rate: r.upto(100) as f64 / 100.0,
        },
        8 => Action::Load {
            target: name(users, r)?,
            rate_per_s: ms(r, 0, 300),
        },
        _ => Action::Send {
            target: name(users, r)?,
            count: 1 + r.upto(50) as u32,
        },
    })
}

/// Runs `case` for seeds `0..$count_var` (default `default`), or only for
/// `WIRELAB_PROPTEST_SEED`; a failure names its seed and how to run it again.
pub fn each_case(count_var: &str, default: u64, case: impl Fn(u64) + std::panic::RefUnwindSafe) {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let seeds: Vec<u64> = match env("WIRELAB_PROPTEST_SEED") {
        Some(seed) => vec![seed],
        None => (0..env(count_var).unwrap_or(default)).collect(),
    };
    for seed in seeds {
        if let Err(e) = std::panic::catch_unwind(|| case(seed)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            panic!(
                "property failed for seed {seed} (rerun: WIRELAB_PROPTEST_SEED={seed}): {}",
                msg.unwrap_or_default()
            );
        }
    }
}
