//! The compiled topology: the scenario turned into dense indices and integer
//! microseconds once, so the event loop never looks anything up by id or converts floats.

use crate::rng::Rng;
use std::collections::BTreeMap;
use wirelab_model as m;

/// Milliseconds (document) to whole microseconds (engine).
pub(crate) fn us(ms: f64) -> u64 {
    (ms * 1000.0).round().max(0.0) as u64
}

/// A probability as parts per million.
pub(crate) fn ppm(p: f64) -> u32 {
    (p * 1e6).round().clamp(0.0, 1e6) as u32
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Lat {
    pub base: u64,
    pub jitter: u64,
    pub shape: m::Shape,
}

impl Lat {
    fn new(l: &m::Latency) -> Lat {
        Lat {
            base: us(l.base_ms),
            jitter: us(l.jitter_ms),
            shape: l.shape,
        }
    }

    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> u64 {
        match self.shape {
            m::Shape::Fixed => self.base,
            m::Shape::Uniform => self.base + rng.upto(self.jitter),
            m::Shape::Exponential => self.base + rng.exp(self.jitter),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Backoff {
    pub exponential: bool,
    pub base: u64,
    pub max: u64,
    pub jitter_ppm: u32,
}

impl Backoff {
    fn new(b: &m::Backoff) -> Backoff {
        Backoff {
            exponential: b.kind == m::BackoffKind::Exponential,
            base: us(b.base_ms),
            max: us(b.max_ms),
            jitter_ppm: ppm(b.jitter),
        }
    }

    /// Delay after the `n`th failure (1-based): integer doubling, capped, minus jitter.
    pub fn delay(&self, n: u32, rng: &mut Rng) -> u64 {
        let d = if self.exponential {
            self.base
                .saturating_mul(1u64 << (n.saturating_sub(1)).min(40))
                .min(self.max)
        } else {
            self.base
        };
        let spread = (u128::from(d) * u128::from(self.jitter_ppm) / 1_000_000) as u64;
        d - rng.upto(spread)
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct CallT {
    pub net: Lat,
    pub timeout: u64,
    pub max_attempts: u32,
    pub backoff: Backoff,
    pub policy: m::FailurePolicy,
    pub idempotent: bool,
    pub breaker: Option<(u32, u64)>,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct PubT {
    pub net: Lat,
    pub policy: m::BrokerDownPolicy,
    pub poll: u64,
    pub timeout: u64,
    /// Published only when the handler gives its work up.
    pub compensate: bool,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct SubT {
    pub topic: u32,
    pub consumer: u32,
    pub net: Lat,
    pub max_deliveries: u32,
    pub backoff: Backoff,
    pub ack_timeout: u64,
    pub max_in_flight: u32,
    pub idempotent: bool,
    pub poison_ppm: u32,
    /// The topic's partitions, and whether this subscription keeps each in order.
    pub partitions: u32,
    pub in_order: bool,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct RrT {
    pub via: u32,
    pub net: Lat,
    pub timeout: u64,
    pub policy: m::FailurePolicy,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum WireT {
    Call(CallT),
    Publish(PubT),
    /// Index into `Topo::subs`.
    Sub(u32),
    Rr(RrT),
}

#[derive(Clone, Debug)]
pub(crate) struct Wire {
    pub id: m::WireId,
    pub from: u32,
    pub to: u32,
    pub kind: WireT,
}

/// Arrival mode with its gap in µs (0 = paused at rate zero).
#[derive(Clone, Debug)]
pub(crate) enum Arrival {
    Manual,
    Constant(u64),
    Poisson(u64),
    Bursts(u32, u64),
}

impl Arrival {
    /// Microseconds between arrivals for a rate; 0 (paused) for a zero rate, so the mode
    /// survives being turned down to nothing and back up.
    pub fn gap(rate_per_s: f64) -> u64 {
        if rate_per_s <= 0.0 {
            0
        } else {
            (1e6 / rate_per_s).round().max(1.0) as u64
        }
    }

    /// The same mode at another rate of people per second (bursts keep their size and
    /// come often enough to bring that many); manual stays manual.
    pub fn with_rate(&self, rate_per_s: f64) -> Arrival {
        let gap = Arrival::gap(rate_per_s);
        match *self {
            Arrival::Manual => Arrival::Manual,
            Arrival::Constant(_) => Arrival::Constant(gap),
            Arrival::Poisson(_) => Arrival::Poisson(gap),
            Arrival::Bursts(size, _) => {
                Arrival::Bursts(size, Arrival::gap(rate_per_s / f64::from(size)))
            }
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct UsersT {
    pub arrival: Arrival,
    pub patience: u64,
    pub entry_wire: u32,
    /// Key space (0: every person their own key).
    pub keys: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct ServiceT {
    pub latency: Lat,
    pub workers: u32,
    pub queue: u32,
    pub error_ppm: u32,
    /// Steps grouped into phases: all steps of a phase start together, the next phase
    /// starts when every one has finished. Calls come before publishes.
    pub phases: Vec<Vec<u32>>,
    /// Compensating publishes, made together when the handler gives its work up.
    pub compensate: Vec<u32>,
    /// Answers "accepted, pending" before its steps.
    pub answer_pending: bool,
}

#[derive(Clone, Debug)]
pub(crate) enum Role {
    Users(UsersT),
    Service(ServiceT),
    Topic { subs: Vec<u32> },
}

#[derive(Clone, Debug)]
pub(crate) struct NodeT {
    pub id: m::NodeId,
    pub name: String,
    pub role: Role,
}

/// The scenario in engine form.
#[derive(Clone, Debug)]
pub(crate) struct Topo {
    pub nodes: Vec<NodeT>,
    pub wires: Vec<Wire>,
    pub subs: Vec<SubT>,
    /// Subscription index → wire index.
    pub sub_wire: Vec<u32>,
    pub node_index: BTreeMap<m::NodeId, u32>,
    pub wire_index: BTreeMap<m::WireId, u32>,
    /// Some users node gives its people keys: consumers track order per key.
    pub keyed: bool,
}

impl Topo {
    /// Compiles a scenario that has passed validation.
    pub fn compile(s: &m::Scenario) -> Topo {
        let node_index: BTreeMap<m::NodeId, u32> = s
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, i as u32))
            .collect();
        let wire_index: BTreeMap<m::WireId, u32> = s
            .wires
            .iter()
            .enumerate()
            .map(|(i, w)| (w.id, i as u32))
            .collect();
        let mut subs = Vec::new();
        let mut sub_wire = Vec::new();
        let wires: Vec<Wire> = s
            .wires
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let kind = match &w.kind {
                    m::WireKind::Call(c) => WireT::Call(CallT {
                        net: Lat::new(&c.network),
                        timeout: us(c.timeout_ms),
                        max_attempts: c.max_attempts.max(1),
                        backoff: Backoff::new(&c.backoff),
                        policy: c.on_failure,
                        idempotent: c.idempotency_key,
                        breaker: c
                            .breaker
                            .map(|b| (b.failure_threshold.max(1), us(b.open_ms))),
                    }),
                    m::WireKind::Publish(p) => WireT::Publish(PubT {
                        net: Lat::new(&p.network),
                        policy: p.on_broker_down,
                        poll: us(p.outbox_poll_ms).max(1),
                        timeout: us(p.timeout_ms).max(1),
                        compensate: p.compensate,
                    }),
                    m::WireKind::Subscribe(c) => {
                        subs.push(SubT {
                            topic: node_index[&w.from],
                            consumer: node_index[&w.to],
                            net: Lat::new(&c.network),
                            max_deliveries: c.max_deliveries.max(1),
                            backoff: Backoff::new(&c.backoff),
                            ack_timeout: us(c.ack_timeout_ms).max(1),
                            max_in_flight: c.max_in_flight.max(1),
                            idempotent: c.idempotent,
                            poison_ppm: ppm(c.poison_rate),
                            partitions: match &s.nodes[node_index[&w.from] as usize].kind {
                                m::NodeKind::Topic(t) => t.partitions.max(1),
                                _ => 1,
                            },
                            in_order: c.in_order,
                        });
                        sub_wire.push(i as u32);
                        WireT::Sub(subs.len() as u32 - 1)
                    }
                    m::WireKind::RequestReply(r) => WireT::Rr(RrT {
                        via: node_index[&r.via],
                        net: Lat::new(&r.network),
                        timeout: us(r.timeout_ms).max(1),
                        policy: r.on_failure,
                    }),
                };
                Wire {
                    id: w.id,
                    from: node_index[&w.from],
                    to: node_index[&w.to],
                    kind,
                }
            })
            .collect();
        let nodes = s
            .nodes
            .iter()
            .enumerate()
            .map(|(ni, n)| {
                let ni = ni as u32;
                let role = match &n.kind {
                    m::NodeKind::Users(u) => UsersT {
                        arrival: match &u.arrival {
                            m::Arrival::Manual => Arrival::Manual,
                            m::Arrival::Constant { rate_per_s } => {
                                Arrival::Constant(Arrival::gap(*rate_per_s))
                            }
                            m::Arrival::Poisson { rate_per_s } => {
                                Arrival::Poisson(Arrival::gap(*rate_per_s))
                            }
                            m::Arrival::Bursts { size, every_ms } => {
                                Arrival::Bursts(*size, us(*every_ms).max(1))
                            }
                        },
                        patience: us(u.patience_ms).max(1),
                        entry_wire: wires.iter().position(|w| w.from == ni).unwrap_or(0) as u32,
                        keys: u.keys,
                    }
                    .into(),
                    m::NodeKind::Service(c) => {
                        let out = s.outgoing(n.id);
                        let idx = |w: &&m::Wire| wire_index[&w.id];
                        let is_pub = |w: &&&m::Wire| matches!(w.kind, m::WireKind::Publish(_));
                        let is_comp = |w: &&&m::Wire| {
                            matches!(&w.kind, m::WireKind::Publish(p) if p.compensate)
                        };
                        let calls: Vec<u32> = out.iter().filter(|w| !is_pub(w)).map(idx).collect();
                        let pubs: Vec<u32> = out
                            .iter()
                            .filter(|w| is_pub(w) && !is_comp(w))
                            .map(idx)
                            .collect();
                        let compensate: Vec<u32> = out.iter().filter(is_comp).map(idx).collect();
                        let phases = match c.calls {
                            m::CallMode::Sequential => {
                                calls.iter().chain(&pubs).map(|&w| vec![w]).collect()
                            }
                            m::CallMode::Parallel => [calls, pubs]
                                .into_iter()
                                .filter(|p| !p.is_empty())
                                .collect(),
                        };
                        Role::Service(ServiceT {
                            latency: Lat::new(&c.latency),
                            workers: c.workers.max(1),
                            queue: c.queue,
                            error_ppm: ppm(c.error_rate),
                            phases,
                            compensate,
                            answer_pending: c.answer_pending,
                        })
                    }
                    m::NodeKind::Topic(_) => Role::Topic {
                        subs: (0..subs.len() as u32)
                            .filter(|&k| subs[k as usize].topic == ni)
                            .collect(),
                    },
                };
                NodeT {
                    id: n.id,
                    name: n.name.clone(),
                    role,
                }
            })
            .collect();
        let keyed = s
            .nodes
            .iter()
            .any(|n| matches!(&n.kind, m::NodeKind::Users(u) if u.keys > 0));
        Topo {
            nodes,
            wires,
            subs,
            sub_wire,
            node_index,
            wire_index,
            keyed,
        }
    }

    /// The subscriptions of a topic (empty for other nodes).
    pub fn topic_subs(&self, node: u32) -> &[u32] {
        match &self.nodes[node as usize].role {
            Role::Topic { subs } => subs,
            _ => &[],
        }
    }

    pub fn service(&self, node: u32) -> Option<&ServiceT> {
        match &self.nodes[node as usize].role {
            Role::Service(s) => Some(s),
            _ => None,
        }
    }
}

impl From<UsersT> for Role {
    fn from(u: UsersT) -> Role {
        Role::Users(u)
    }
}
