//! Every editable parameter of nodes and wires, as data: a key (the scenario format's
//! field path below `kind.`, which is also how validation names it), a label, a unit and
//! a getter/setter pair. A field applies to an element when its getter returns a value, so
//! one list serves single and multi-selections: a multi-selection shows the fields that
//! apply to all of its elements.

use wirelab_model::*;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val {
    Num(f64),
    Int(u32),
    Flag(bool),
    Pick(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    /// A float shown as `value × scale` with a unit (`error_rate` 0..1 shown as %). Its
    /// range is the model's, by the field's path (`wirelab_model::limit`).
    Num {
        unit: &'static str,
        scale: f64,
    },
    Int {
        unit: &'static str,
    },
    Flag,
    /// (value, label) choices.
    Pick(&'static [(&'static str, &'static str)]),
}

pub struct Field<K: 'static> {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub input: Input,
    pub get: fn(&K) -> Option<Val>,
    pub set: fn(&mut K, Val),
}

const MS: Input = Input::Num {
    unit: "ms",
    scale: 1.0,
};
const PERCENT: Input = Input::Num {
    unit: "%",
    scale: 100.0,
};
// The choices' values are the model's names (`Shape::name`…), so a picked value is
// always one the model knows; `parse` refuses any other.
const SHAPES: &[(&str, &str)] = &[
    (Shape::Fixed.name(), "fixed"),
    (Shape::Uniform.name(), "uniform"),
    (Shape::Exponential.name(), "exponential (long tail)"),
];
const BACKOFFS: &[(&str, &str)] = &[
    (BackoffKind::Fixed.name(), "fixed"),
    (BackoffKind::Exponential.name(), "exponential"),
];
const ON_FAILURE: &[(&str, &str)] = &[
    (FailurePolicy::Fail.name(), "fail request"),
    (FailurePolicy::Degrade.name(), "degrade"),
    (FailurePolicy::FailClosed.name(), "deny (closed)"),
];
const ON_BROKER_DOWN: &[(&str, &str)] = &[
    (BrokerDownPolicy::Fail.name(), "fail request"),
    (BrokerDownPolicy::Drop.name(), "drop event"),
    (BrokerDownPolicy::Outbox.name(), "outbox"),
];
const ARRIVALS: &[(&str, &str)] = &[
    (ArrivalMode::Manual.name(), "manual (send by hand)"),
    (ArrivalMode::Constant.name(), "constant"),
    (ArrivalMode::Poisson.name(), "Poisson (random)"),
    (ArrivalMode::Bursts.name(), "bursts"),
];
const CALL_MODES: &[(&str, &str)] = &[
    (CallMode::Sequential.name(), "sequential"),
    (CallMode::Parallel.name(), "parallel"),
];

fn num(v: Val) -> f64 {
    match v {
        Val::Num(x) => x,
        Val::Int(n) => f64::from(n),
        _ => 0.0,
    }
}
fn int(v: Val) -> u32 {
    match v {
        Val::Int(n) => n,
        _ => 0,
    }
}
fn flag(v: Val) -> bool {
    matches!(v, Val::Flag(true))
}
/// The choice a pick field was set to. Its value passed `parse`, so it is one of the
/// field's table, which holds only the model's names: `named` knows it.
fn pick<T>(v: Val, named: fn(&str) -> Result<T, UnknownName>) -> Option<T> {
    match v {
        Val::Pick(s) => named(s).ok(),
        _ => None,
    }
}

// ---- Nodes ----

fn service(k: &NodeKind) -> Option<&ServiceConfig> {
    match k {
        NodeKind::Service(s) => Some(s),
        _ => None,
    }
}
fn service_mut(k: &mut NodeKind) -> Option<&mut ServiceConfig> {
    match k {
        NodeKind::Service(s) => Some(s),
        _ => None,
    }
}
fn users(k: &NodeKind) -> Option<&UsersConfig> {
    match k {
        NodeKind::Users(u) => Some(u),
        _ => None,
    }
}
fn users_mut(k: &mut NodeKind) -> Option<&mut UsersConfig> {
    match k {
        NodeKind::Users(u) => Some(u),
        _ => None,
    }
}

// A table, one field per entry: kept as laid out, not spread over a screen per field.
#[rustfmt::skip]
pub const NODE_FIELDS: &[Field<NodeKind>] = &[
    Field { key: "arrival.mode", label: "Arrivals", help: "How people arrive", input: Input::Pick(ARRIVALS),
        get: |k| users(k).map(|u| Val::Pick(u.arrival.mode().name())),
        set: |k, v| if let (Some(u), Some(mode)) = (users_mut(k), pick(v, ArrivalMode::named)) { u.arrival = u.arrival.in_mode(mode) } },
    Field { key: "arrival.rate_per_s", label: "Rate", help: "People arriving per second",
        input: Input::Num { unit: "/s", scale: 1.0 },
        get: |k| match users(k)?.arrival {
            Arrival::Constant { rate_per_s } | Arrival::Poisson { rate_per_s } => Some(Val::Num(rate_per_s)),
            _ => None,
        },
        set: |k, v| if let Some(u) = users_mut(k) {
            if let Arrival::Constant { rate_per_s } | Arrival::Poisson { rate_per_s } = &mut u.arrival { *rate_per_s = num(v) }
        } },
    Field { key: "arrival.size", label: "Burst size", help: "People in each burst",
        input: Input::Int { unit: "people" },
        get: |k| match users(k)?.arrival { Arrival::Bursts { size, .. } => Some(Val::Int(size)), _ => None },
        set: |k, v| if let Some(UsersConfig { arrival: Arrival::Bursts { size, .. }, .. }) = users_mut(k) { *size = int(v) } },
    Field { key: "arrival.every_ms", label: "Burst every", help: "Time between bursts", input: MS,
        get: |k| match users(k)?.arrival { Arrival::Bursts { every_ms, .. } => Some(Val::Num(every_ms)), _ => None },
        set: |k, v| if let Some(UsersConfig { arrival: Arrival::Bursts { every_ms, .. }, .. }) = users_mut(k) { *every_ms = num(v) } },
    Field { key: "patience_ms", label: "Patience", help: "How long a person waits before giving up", input: MS,
        get: |k| users(k).map(|u| Val::Num(u.patience_ms)),
        set: |k, v| if let Some(u) = users_mut(k) { u.patience_ms = num(v) } },
    Field { key: "keys", label: "Keys", help: "The entities people act on (e.g. 200 customers); 0: everyone their own",
        input: Input::Int { unit: "" },
        get: |k| users(k).map(|u| Val::Int(u.keys)), set: |k, v| if let Some(u) = users_mut(k) { u.keys = int(v) } },
    Field { key: "latency.base_ms", label: "Work time", help: "Minimum processing time of the handler's own work", input: MS,
        get: |k| service(k).map(|s| Val::Num(s.latency.base_ms)),
        set: |k, v| if let Some(s) = service_mut(k) { s.latency.base_ms = num(v) } },
    Field { key: "latency.jitter_ms", label: "Work jitter", help: "Spread above the minimum", input: MS,
        get: |k| service(k).map(|s| Val::Num(s.latency.jitter_ms)),
        set: |k, v| if let Some(s) = service_mut(k) { s.latency.jitter_ms = num(v) } },
    Field { key: "latency.shape", label: "Jitter shape", help: "How the spread is distributed", input: Input::Pick(SHAPES),
        get: |k| service(k).map(|s| Val::Pick(s.latency.shape.name())),
        set: |k, v| if let (Some(s), Some(shape)) = (service_mut(k), pick(v, Shape::named)) { s.latency.shape = shape } },
    Field { key: "workers", label: "Workers", help: "Requests handled at once; a worker is held until the handler answers",
        input: Input::Int { unit: "" },
        get: |k| service(k).map(|s| Val::Int(s.workers)),
        set: |k, v| if let Some(s) = service_mut(k) { s.workers = int(v) } },
    Field { key: "queue", label: "Queue", help: "Waiting requests beyond the workers; more are rejected",
        input: Input::Int { unit: "" },
        get: |k| service(k).map(|s| Val::Int(s.queue)),
        set: |k, v| if let Some(s) = service_mut(k) { s.queue = int(v) } },
    Field { key: "error_rate", label: "Error rate", help: "Share of requests whose own work fails", input: PERCENT,
        get: |k| service(k).map(|s| Val::Num(s.error_rate)),
        set: |k, v| if let Some(s) = service_mut(k) { s.error_rate = num(v) } },
    Field { key: "calls", label: "Calls", help: "Sync calls one after another, or all at once", input: Input::Pick(CALL_MODES),
        get: |k| service(k).map(|s| Val::Pick(s.calls.name())),
        set: |k, v| if let (Some(s), Some(mode)) = (service_mut(k), pick(v, CallMode::named)) { s.calls = mode } },
    Field { key: "answer_pending", label: "Answer \"pending\" at once", help: "Tell the caller \"accepted, pending\" as soon as its own work is done, before its calls and publishes; the request is confirmed later, or fails later", input: Input::Flag,
        get: |k| service(k).map(|s| Val::Flag(s.answer_pending)),
        set: |k, v| if let Some(s) = service_mut(k) { s.answer_pending = flag(v) } },
    Field { key: "partitions", label: "Partitions", help: "The log is split by key: an event goes to partition key mod this",
        input: Input::Int { unit: "" },
        get: |k| match k { NodeKind::Topic(t) => Some(Val::Int(t.partitions)), _ => None },
        set: |k, v| if let NodeKind::Topic(t) = k { t.partitions = int(v) } },
    Field { key: "queue", label: "Command queue", help: "One handler, each command done once; off: a topic, and every subscriber gets each event",
        input: Input::Flag,
        get: |k| match k { NodeKind::Topic(t) => Some(Val::Flag(t.queue)), _ => None },
        set: |k, v| if let NodeKind::Topic(t) = k { t.queue = flag(v) } },
];

// ---- Wires ----

fn network(k: &WireKind) -> &Latency {
    match k {
        WireKind::Call(c) => &c.network,
        WireKind::Publish(p) => &p.network,
        WireKind::Subscribe(s) => &s.network,
        WireKind::RequestReply(r) => &r.network,
    }
}
fn network_mut(k: &mut WireKind) -> &mut Latency {
    match k {
        WireKind::Call(c) => &mut c.network,
        WireKind::Publish(p) => &mut p.network,
        WireKind::Subscribe(s) => &mut s.network,
        WireKind::RequestReply(r) => &mut r.network,
    }
}
fn backoff(k: &WireKind) -> Option<&Backoff> {
    match k {
        WireKind::Call(c) => Some(&c.backoff),
        WireKind::Subscribe(s) => Some(&s.backoff),
        _ => None,
    }
}
fn backoff_mut(k: &mut WireKind) -> Option<&mut Backoff> {
    match k {
        WireKind::Call(c) => Some(&mut c.backoff),
        WireKind::Subscribe(s) => Some(&mut s.backoff),
        _ => None,
    }
}
fn call(k: &WireKind) -> Option<&CallConfig> {
    match k {
        WireKind::Call(c) => Some(c),
        _ => None,
    }
}
fn call_mut(k: &mut WireKind) -> Option<&mut CallConfig> {
    match k {
        WireKind::Call(c) => Some(c),
        _ => None,
    }
}
fn publish(k: &WireKind) -> Option<&PublishConfig> {
    match k {
        WireKind::Publish(p) => Some(p),
        _ => None,
    }
}
fn publish_mut(k: &mut WireKind) -> Option<&mut PublishConfig> {
    match k {
        WireKind::Publish(p) => Some(p),
        _ => None,
    }
}
fn sub(k: &WireKind) -> Option<&SubscribeConfig> {
    match k {
        WireKind::Subscribe(s) => Some(s),
        _ => None,
    }
}
fn sub_mut(k: &mut WireKind) -> Option<&mut SubscribeConfig> {
    match k {
        WireKind::Subscribe(s) => Some(s),
        _ => None,
    }
}
fn timeout(k: &WireKind) -> Option<f64> {
    match k {
        WireKind::Call(c) => Some(c.timeout_ms),
        WireKind::Publish(p) => Some(p.timeout_ms),
        WireKind::RequestReply(r) => Some(r.timeout_ms),
        WireKind::Subscribe(_) => None,
    }
}
fn on_failure(k: &WireKind) -> Option<FailurePolicy> {
    match k {
        WireKind::Call(c) => Some(c.on_failure),
        WireKind::RequestReply(r) => Some(r.on_failure),
        _ => None,
    }
}

// A table, one field per entry: kept as laid out, not spread over a screen per field.
#[rustfmt::skip]
pub const WIRE_FIELDS: &[Field<WireKind>] = &[
    Field { key: "network.base_ms", label: "Network latency", help: "One-way network time, minimum", input: MS,
        get: |k| Some(Val::Num(network(k).base_ms)), set: |k, v| network_mut(k).base_ms = num(v) },
    Field { key: "network.jitter_ms", label: "Network jitter", help: "Spread above the minimum", input: MS,
        get: |k| Some(Val::Num(network(k).jitter_ms)), set: |k, v| network_mut(k).jitter_ms = num(v) },
    Field { key: "network.shape", label: "Jitter shape", help: "How the spread is distributed", input: Input::Pick(SHAPES),
        get: |k| Some(Val::Pick(network(k).shape.name())),
        set: |k, v| if let Some(shape) = pick(v, Shape::named) { network_mut(k).shape = shape } },
    Field { key: "timeout_ms", label: "Timeout", help: "How long the caller waits for an answer (per attempt)", input: MS,
        get: |k| timeout(k).map(Val::Num),
        set: |k, v| match k {
            WireKind::Call(c) => c.timeout_ms = num(v),
            WireKind::Publish(p) => p.timeout_ms = num(v),
            WireKind::RequestReply(r) => r.timeout_ms = num(v),
            WireKind::Subscribe(_) => {}
        } },
    Field { key: "max_attempts", label: "Attempts", help: "Tries including the first (1 = no retries)",
        input: Input::Int { unit: "" },
        get: |k| call(k).map(|c| Val::Int(c.max_attempts)),
        set: |k, v| if let Some(c) = call_mut(k) { c.max_attempts = int(v) } },
    Field { key: "max_deliveries", label: "Max deliveries", help: "Deliveries before an event goes to the dead-letter queue",
        input: Input::Int { unit: "" },
        get: |k| sub(k).map(|s| Val::Int(s.max_deliveries)),
        set: |k, v| if let Some(s) = sub_mut(k) { s.max_deliveries = int(v) } },
    Field { key: "backoff.kind", label: "Backoff", help: "Delay between tries: fixed, or doubling", input: Input::Pick(BACKOFFS),
        get: |k| backoff(k).map(|b| Val::Pick(b.kind.name())),
        set: |k, v| if let (Some(b), Some(kind)) = (backoff_mut(k), pick(v, BackoffKind::named)) { b.kind = kind } },
    Field { key: "backoff.base_ms", label: "Backoff base", help: "First delay", input: MS,
        get: |k| backoff(k).map(|b| Val::Num(b.base_ms)), set: |k, v| if let Some(b) = backoff_mut(k) { b.base_ms = num(v) } },
    Field { key: "backoff.max_ms", label: "Backoff max", help: "Largest delay", input: MS,
        get: |k| backoff(k).map(|b| Val::Num(b.max_ms)), set: |k, v| if let Some(b) = backoff_mut(k) { b.max_ms = num(v) } },
    Field { key: "backoff.jitter", label: "Backoff jitter", help: "Share of each delay randomised away", input: PERCENT,
        get: |k| backoff(k).map(|b| Val::Num(b.jitter)), set: |k, v| if let Some(b) = backoff_mut(k) { b.jitter = num(v) } },
    Field { key: "on_failure", label: "On failure", help: "What the caller does when the call finally fails", input: Input::Pick(ON_FAILURE),
        get: |k| on_failure(k).map(|p| Val::Pick(p.name())),
        set: |k, v| match (k, pick(v, FailurePolicy::named)) {
            (WireKind::Call(c), Some(p)) => c.on_failure = p,
            (WireKind::RequestReply(r), Some(p)) => r.on_failure = p,
            _ => {}
        } },
    Field { key: "idempotency_key", label: "Idempotency key", help: "The callee applies a retried request only once", input: Input::Flag,
        get: |k| call(k).map(|c| Val::Flag(c.idempotency_key)),
        set: |k, v| if let Some(c) = call_mut(k) { c.idempotency_key = flag(v) } },
    Field { key: "answer_needed", label: "Answer needed now", help: "The caller needs this answer to answer its own caller (a price, a stock check); the design review stops asking whether it could be an event", input: Input::Flag,
        get: |k| call(k).map(|c| Val::Flag(c.answer_needed)),
        set: |k, v| if let Some(c) = call_mut(k) { c.answer_needed = flag(v) } },
    Field { key: "breaker", label: "Circuit breaker", help: "Stop calling for a while after repeated failures", input: Input::Flag,
        get: |k| call(k).map(|c| Val::Flag(c.breaker.is_some())),
        set: |k, v| if let Some(c) = call_mut(k) {
            c.breaker = flag(v).then(|| c.breaker.unwrap_or_default())
        } },
    Field { key: "breaker.failure_threshold", label: "Breaker threshold", help: "Consecutive failures that open the breaker",
        input: Input::Int { unit: "failures" },
        get: |k| call(k)?.breaker.map(|b| Val::Int(b.failure_threshold)),
        set: |k, v| if let Some(b) = call_mut(k).and_then(|c| c.breaker.as_mut()) { b.failure_threshold = int(v) } },
    Field { key: "breaker.open_ms", label: "Breaker open for", help: "How long it stays open before one probe", input: MS,
        get: |k| call(k)?.breaker.map(|b| Val::Num(b.open_ms)),
        set: |k, v| if let Some(b) = call_mut(k).and_then(|c| c.breaker.as_mut()) { b.open_ms = num(v) } },
    Field { key: "on_broker_down", label: "Broker down", help: "What the publisher does when the broker refuses", input: Input::Pick(ON_BROKER_DOWN),
        get: |k| publish(k).map(|p| Val::Pick(p.on_broker_down.name())),
        set: |k, v| if let (Some(p), Some(policy)) = (publish_mut(k), pick(v, BrokerDownPolicy::named)) { p.on_broker_down = policy } },
    Field { key: "compensate", label: "Only on failure (compensate)", help: "A compensating event such as PaymentFailed: published only when the handler gives its work up, so a subscriber can undo what was done", input: Input::Flag,
        get: |k| publish(k).map(|p| Val::Flag(p.compensate)),
        set: |k, v| if let Some(p) = publish_mut(k) { p.compensate = flag(v) } },
    Field { key: "outbox_poll_ms", label: "Outbox relay every", help: "How often the outbox relay retries", input: MS,
        get: |k| publish(k).filter(|p| p.on_broker_down == BrokerDownPolicy::Outbox).map(|p| Val::Num(p.outbox_poll_ms)),
        set: |k, v| if let Some(p) = publish_mut(k) { p.outbox_poll_ms = num(v) } },
    Field { key: "ack_timeout_ms", label: "Ack timeout", help: "Without an ack within this time the broker redelivers", input: MS,
        get: |k| sub(k).map(|s| Val::Num(s.ack_timeout_ms)), set: |k, v| if let Some(s) = sub_mut(k) { s.ack_timeout_ms = num(v) } },
    Field { key: "max_in_flight", label: "Max in flight", help: "Unacknowledged deliveries the broker allows at once",
        input: Input::Int { unit: "" },
        get: |k| sub(k).map(|s| Val::Int(s.max_in_flight)), set: |k, v| if let Some(s) = sub_mut(k) { s.max_in_flight = int(v) } },
    Field { key: "idempotent", label: "Idempotent consumer", help: "The consumer skips events it has already processed", input: Input::Flag,
        get: |k| sub(k).map(|s| Val::Flag(s.idempotent)), set: |k, v| if let Some(s) = sub_mut(k) { s.idempotent = flag(v) } },
    Field { key: "in_order", label: "Keep order", help: "A failed event blocks its partition until it succeeds (order kept); off: it is retried later (order broken)", input: Input::Flag,
        get: |k| sub(k).map(|s| Val::Flag(s.in_order)), set: |k, v| if let Some(s) = sub_mut(k) { s.in_order = flag(v) } },
    Field { key: "poison_rate", label: "Poison events", help: "Share of events this consumer fails on every delivery (they end as dead letters)", input: PERCENT,
        get: |k| sub(k).map(|s| Val::Num(s.poison_rate)), set: |k, v| if let Some(s) = sub_mut(k) { s.poison_rate = num(v) } },
];

/// The value all `kinds` share for a field: `None` if it does not apply to every one,
/// `Some(None)` if it applies but the values differ ("mixed").
pub fn shared<K>(field: &Field<K>, kinds: &[&K]) -> Option<Option<Val>> {
    let mut values = kinds.iter().map(|k| (field.get)(k));
    let first = values.next()??;
    let mut same = true;
    for v in values {
        same &= v? == first;
    }
    Some(same.then_some(first))
}

/// A value as shown in its input: scaled, without float noise (0.1 × 100 = 10, not 10.000000000000002).
pub fn display(input: Input, v: Val) -> String {
    match (input, v) {
        (Input::Num { scale, .. }, Val::Num(x)) => {
            let s = format!("{:.6}", x * scale);
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".into()
            } else {
                s.to_string()
            }
        }
        (_, Val::Int(n)) => n.to_string(),
        (_, Val::Pick(p)) => p.to_string(),
        (_, Val::Flag(b)) => b.to_string(),
        (_, Val::Num(x)) => x.to_string(),
    }
}

/// Reads typed text back into a value, or says why it is not one.
pub fn parse(input: Input, text: &str) -> Result<Val, String> {
    let t = text.trim();
    match input {
        Input::Num { scale, .. } => {
            let x = wirelab_model::figures::read_number(t)?;
            Ok(Val::Num(x / scale))
        }
        Input::Int { .. } => {
            if t.is_empty() {
                return Err("enter a whole number".into());
            }
            match t.parse::<u32>() {
                Ok(n) => Ok(Val::Int(n)),
                Err(_) if t.starts_with('-') => Err(format!("{t} is negative; enter 0 or more")),
                Err(_) if t.parse::<f64>().is_ok() => Err(format!("{t} is not a whole number")),
                Err(_) => Err(format!("`{t}` is not a whole number")),
            }
        }
        Input::Flag => Ok(Val::Flag(t == "true")),
        Input::Pick(choices) => choices
            .iter()
            .find(|(v, _)| *v == t)
            .map(|(v, _)| Val::Pick(v))
            .ok_or_else(|| format!("`{t}` is not one of the choices")),
    }
}
