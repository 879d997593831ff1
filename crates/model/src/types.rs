//! The element types of a scenario: nodes, wires and their parameters.
//!
//! Every optional field has a serde default, so a hand-written file may omit it; the
//! defaults are the values documented in `docs/scenario-format.md`.

use serde::{Deserialize, Serialize};

/// Stable identifier of a node; allocated from `Scenario::next_id`, never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u32);

/// Stable identifier of a wire; allocated from `Scenario::next_id`, never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WireId(pub u32);

/// A layout position in world coordinates (used by the editor only).
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Pos {
    /// Horizontal world coordinate.
    pub x: f64,
    /// Vertical world coordinate.
    pub y: f64,
}

/// A node on the canvas: a load source, a service or a topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id.
    pub id: NodeId,
    /// Display name, unique in the scenario; incident scripts refer to it.
    pub name: String,
    /// Layout position.
    #[serde(default)]
    pub pos: Pos,
    /// What the node is, with its parameters.
    pub kind: NodeKind,
}

/// The three kinds of node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NodeKind {
    /// People who call one entry service synchronously and wait.
    Users(UsersConfig),
    /// A service with workers, a bounded queue and a handler.
    Service(ServiceConfig),
    /// A broker topic: a durable log with one queue per subscription.
    Topic(TopicConfig),
}

/// The kind of a node without its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Users,
    Service,
    Topic,
}

impl Kind {
    /// The word for it in messages, labels and CSS classes: `users`, `service`, `topic`.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Users => "users",
            Kind::Service => "service",
            Kind::Topic => "topic",
        }
    }
}

impl NodeKind {
    /// Which kind of node this is.
    pub fn tag(&self) -> Kind {
        match self {
            NodeKind::Users(_) => Kind::Users,
            NodeKind::Service(_) => Kind::Service,
            NodeKind::Topic(_) => Kind::Topic,
        }
    }
}

/// How a latency is distributed around its base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Exactly `base_ms` (jitter ignored).
    Fixed,
    /// `base_ms` plus a uniform draw in `[0, jitter_ms]`.
    #[default]
    Uniform,
    /// `base_ms` plus an exponential draw with mean `jitter_ms` (a long tail).
    Exponential,
}

/// A duration distribution in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Latency {
    /// The minimum, in ms.
    pub base_ms: f64,
    /// The spread above the minimum, in ms.
    pub jitter_ms: f64,
    /// How the spread is distributed.
    pub shape: Shape,
}

impl Default for Latency {
    fn default() -> Self {
        Latency {
            base_ms: 1.0,
            jitter_ms: 1.0,
            shape: Shape::Uniform,
        }
    }
}

impl Latency {
    /// A latency of `base_ms` plus uniform jitter.
    pub fn uniform(base_ms: f64, jitter_ms: f64) -> Self {
        Latency {
            base_ms,
            jitter_ms,
            shape: Shape::Uniform,
        }
    }
}

/// How users arrive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Arrival {
    /// Only when asked ("send one request").
    Manual,
    /// Evenly spaced, `rate_per_s` per second.
    Constant {
        /// Arrivals per second.
        rate_per_s: f64,
    },
    /// Independent arrivals, `rate_per_s` per second on average.
    Poisson {
        /// Mean arrivals per second.
        rate_per_s: f64,
    },
    /// `size` people at once, every `every_ms`.
    Bursts {
        /// People per burst.
        size: u32,
        /// Milliseconds between bursts.
        every_ms: f64,
    },
}

/// Parameters of a users node; its entry service is the target of its one call wire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UsersConfig {
    /// Arrival mode and rate.
    pub arrival: Arrival,
    /// How long a person waits before giving up, in ms.
    pub patience_ms: f64,
    /// The entities people act on ("orders of 200 customers"): each person's request,
    /// and every event it publishes, carries one of this many keys. 0: every person a
    /// key of their own.
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub keys: u32,
}

impl Default for UsersConfig {
    fn default() -> Self {
        UsersConfig {
            arrival: Arrival::Poisson {
                rate_per_s: crate::DEFAULT_RATE_PER_S,
            },
            patience_ms: 10_000.0,
            keys: 0,
        }
    }
}

/// Whether a handler makes its sync calls one after another or all at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallMode {
    /// Each step waits for the previous one.
    #[default]
    Sequential,
    /// All calls start together; publishes follow when all have answered.
    Parallel,
}

/// Parameters of a service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceConfig {
    /// Processing time of the handler's own work.
    pub latency: Latency,
    /// Concurrent handlers (a worker is held until the handler answers).
    pub workers: u32,
    /// Waiting requests beyond the workers; more are rejected as overloaded.
    pub queue: u32,
    /// Probability in [0, 1] that the handler's own work fails.
    pub error_rate: f64,
    /// Sequential or parallel calls.
    pub calls: CallMode,
    /// Answers its caller "accepted, pending" as soon as its own work is done, before its
    /// calls and publishes; the request's outcome settles later (confirmed, or failed
    /// later and perhaps compensated).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub answer_pending: bool,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            latency: Latency::uniform(20.0, 10.0),
            workers: 8,
            queue: 64,
            error_rate: 0.0,
            calls: CallMode::Sequential,
            answer_pending: false,
        }
    }
}

/// Parameters of a topic (a broker); delivery settings live on subscription wires.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicConfig {
    /// A command queue instead of a topic: point to point, exactly one logical handler
    /// (its workers compete for the commands; each is handled once). A topic gives every
    /// subscriber its own copy of each event.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub queue: bool,
    /// Partitions of the log: an event goes to partition key mod this, and a subscription
    /// that keeps order consumes each partition in order.
    #[serde(skip_serializing_if = "is_one", default = "one")]
    pub partitions: u32,
}

impl Default for TopicConfig {
    fn default() -> Self {
        TopicConfig {
            queue: false,
            partitions: 1,
        }
    }
}

/// A directed wire between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wire {
    /// Stable id.
    pub id: WireId,
    /// Source node.
    pub from: NodeId,
    /// Target node.
    pub to: NodeId,
    /// Position among the source's outgoing steps (ties broken by id).
    #[serde(default)]
    pub order: u32,
    /// What travels on the wire, with its parameters.
    pub kind: WireKind,
}

/// The four kinds of wire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WireKind {
    /// A synchronous call: users or service → service.
    Call(CallConfig),
    /// A publish: service → topic.
    Publish(PublishConfig),
    /// A subscription: topic → service.
    Subscribe(SubscribeConfig),
    /// A request and a correlated reply over a broker: service → service via a topic.
    RequestReply(RequestReplyConfig),
}

/// Fixed or exponential backoff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackoffKind {
    /// Always `base_ms`.
    Fixed,
    /// `base_ms × 2^(n-1)`, capped at `max_ms`.
    #[default]
    Exponential,
}

/// Delay before a retry or redelivery.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Backoff {
    /// Fixed or exponential.
    pub kind: BackoffKind,
    /// First delay, in ms.
    pub base_ms: f64,
    /// Largest delay, in ms.
    pub max_ms: f64,
    /// Fraction in [0, 1] of the delay that is randomised away (0 = none).
    pub jitter: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            kind: BackoffKind::Exponential,
            base_ms: 100.0,
            max_ms: 5_000.0,
            jitter: 0.5,
        }
    }
}

/// What a caller does when a call has finally failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailurePolicy {
    /// Fail the caller's own request.
    #[default]
    Fail,
    /// Carry on without the answer (a degraded result).
    Degrade,
    /// Deny (an access check that fails closed).
    FailClosed,
}

/// Circuit breaker settings of a call wire.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker.
    pub failure_threshold: u32,
    /// How long it stays open before letting one probe through, in ms.
    pub open_ms: f64,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            failure_threshold: 5,
            open_ms: 5_000.0,
        }
    }
}

/// Parameters of a synchronous call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallConfig {
    /// One-way network latency.
    pub network: Latency,
    /// Per-attempt timeout, in ms (ignored on a users wire: patience applies).
    pub timeout_ms: f64,
    /// Attempts including the first (1 = no retries).
    pub max_attempts: u32,
    /// Delay between attempts.
    pub backoff: Backoff,
    /// What the caller does when the call finally fails.
    pub on_failure: FailurePolicy,
    /// The callee applies a retried request once.
    pub idempotency_key: bool,
    /// Optional circuit breaker.
    pub breaker: Option<BreakerConfig>,
    /// The caller needs this answer to answer its own caller (a price, a stock check):
    /// the design review then does not ask whether the call could be an event.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub answer_needed: bool,
}

impl Default for CallConfig {
    fn default() -> Self {
        CallConfig {
            network: Latency::default(),
            timeout_ms: 1_000.0,
            max_attempts: 1,
            backoff: Backoff::default(),
            on_failure: FailurePolicy::Fail,
            idempotency_key: false,
            breaker: None,
            answer_needed: false,
        }
    }
}

/// What a publisher does when the broker refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrokerDownPolicy {
    /// Fail the publisher's request.
    #[default]
    Fail,
    /// Carry on; the event is lost.
    Drop,
    /// Commit the event to an outbox with the state; a relay publishes it later.
    Outbox,
}

/// Parameters of a publish.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishConfig {
    /// One-way network latency to the broker.
    pub network: Latency,
    /// What happens when the broker refuses.
    pub on_broker_down: BrokerDownPolicy,
    /// How often the outbox relay retries, in ms.
    pub outbox_poll_ms: f64,
    /// How long the publisher waits for the broker's ack, in ms.
    pub timeout_ms: f64,
    /// A compensating event (such as PaymentFailed): published only when the handler
    /// gives its work up (a request it fails, an event's last delivery failing), so a
    /// subscriber can undo what was done before.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub compensate: bool,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            network: Latency::default(),
            on_broker_down: BrokerDownPolicy::Fail,
            outbox_poll_ms: 500.0,
            timeout_ms: 1_000.0,
            compensate: false,
        }
    }
}

/// Parameters of a subscription (one queue at the broker per subscription).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeConfig {
    /// One-way network latency between broker and consumer.
    pub network: Latency,
    /// Deliveries before an event goes to the dead-letter queue.
    pub max_deliveries: u32,
    /// Delay before a failed delivery is retried.
    pub backoff: Backoff,
    /// Without an ack within this time the broker redelivers, in ms.
    pub ack_timeout_ms: f64,
    /// Unacknowledged deliveries the broker allows at once.
    pub max_in_flight: u32,
    /// The consumer skips events it has already processed.
    pub idempotent: bool,
    /// Share in [0, 1] of events that are poison for this consumer: chosen per event,
    /// the same on every delivery, each fails every time and ends as a dead letter while
    /// the healthy ones flow. Separate from the service's random error rate.
    #[serde(skip_serializing_if = "is_zero")]
    pub poison_rate: f64,
    /// Keep each key's events in order: a failed event blocks its partition until it
    /// succeeds or is dead-lettered (order kept, throughput lost). Off: a failed event is
    /// retried later, behind the others (throughput kept, order broken).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_order: bool,
}

impl Default for SubscribeConfig {
    fn default() -> Self {
        SubscribeConfig {
            network: Latency::default(),
            max_deliveries: 5,
            backoff: Backoff {
                base_ms: 200.0,
                max_ms: 10_000.0,
                ..Backoff::default()
            },
            ack_timeout_ms: 5_000.0,
            max_in_flight: 8,
            idempotent: false,
            poison_rate: 0.0,
            in_order: false,
        }
    }
}

/// Parameters of request/reply over a broker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestReplyConfig {
    /// The topic node the request and the reply travel through.
    pub via: NodeId,
    /// One-way latency of each hop (caller → broker → callee and back).
    #[serde(default)]
    pub network: Latency,
    /// How long the caller waits for the correlated reply, in ms.
    #[serde(default = "default_reply_timeout")]
    pub timeout_ms: f64,
    /// What the caller does without a reply.
    #[serde(default)]
    pub on_failure: FailurePolicy,
}

fn default_reply_timeout() -> f64 {
    2_000.0
}

/// Fields added after a file format was published are left out of a file while they hold
/// their default, so a design that does not use them is written as before.
fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}

fn is_one(v: &u32) -> bool {
    *v == 1
}

fn one() -> u32 {
    1
}
