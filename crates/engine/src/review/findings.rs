//! The anti-patterns a design can have, each with the question the articles ask, the
//! evidence measured in headless runs of *this* design, and a fix where one exists. No
//! rule looks at names: each reads the design's structure to pick what to break, and
//! reports only what the measurement shows.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use wirelab_model::{
    BrokerDownPolicy, CallConfig, FailurePolicy, Kind, NodeId, Scenario, WireId, WireKind,
};

use super::impact::impact_from;
use super::reviewer::{Need, Reviewer};
use super::Measured;

/// A problem of this design, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Stable: `sync-side-effect`, `lost-on-broker-down`, …
    pub id: &'static str,
    /// The elements involved, by name.
    pub elements: Vec<String>,
    /// What is wrong, in plain words.
    pub title: String,
    /// The question the learner should ask themselves.
    pub question: &'static str,
    /// The measurements, by name.
    pub evidence: BTreeMap<&'static str, f64>,
    /// The measurements in words.
    pub said: String,
    pub fix: Option<Fix>,
}

/// A one-click fix: one edit of one wire.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fix {
    /// Turn the call into an event: the caller publishes, the callee subscribes.
    Event { wire: WireId, label: String },
    /// Give the wire these settings.
    Set {
        wire: WireId,
        settings: WireKind,
        label: String,
    },
}

impl Fix {
    /// "Turn Order → Analytics into an event".
    pub fn label(&self) -> &str {
        match self {
            Fix::Event { label, .. } | Fix::Set { label, .. } => label,
        }
    }
}

/// Every finding's id, in the order the review asks its questions (the CLI's help and
/// the docs list these; a test checks that every finding given is here).
pub const IDS: [&str; 12] = [
    "sync-side-effect",
    "query-over-broker",
    "sync-behind-queue",
    "lost-on-broker-down",
    "non-idempotent-consumer",
    "retry-without-key",
    "no-timeout",
    "fail-open-access",
    "callback-consumer",
    "retry-amplification",
    "long-sync-chain",
    "pending-never-settled",
];

/// A broken part's effect is worth a finding from this share of failed requests up.
const FAILS: f64 = 0.10;
/// A detour through a broker is worth a finding from this much extra wait (p95, ms)
/// over the same call made directly.
const DETOUR_MS: f64 = 1.0;
/// Services in one synchronous chain from which it is a finding.
const LONG_CHAIN: usize = 4;
/// Answers and acks lost while measuring duplicates.
pub(super) const LOSE_RATE: f64 = 0.2;

/// One question the review asks of the design.
#[derive(Clone, Copy, Debug)]
pub(super) enum Task {
    Impact(NodeId),
    SyncSideEffect(WireId),
    QueryOverBroker(WireId),
    LostOnBrokerDown(WireId),
    NonIdempotent(WireId),
    RetryWithoutKey(WireId),
    NoTimeout(WireId),
    FailOpen(WireId),
    Callback {
        sub: WireId,
        producer: NodeId,
    },
    /// Retries on a call and on the callee's own call: attempts multiply.
    Amplification {
        outer: WireId,
        inner: WireId,
    },
    /// The longest chain of synchronous calls from this users node.
    LongChain(NodeId),
    /// A service that answers "accepted, pending": does every failure after the answer
    /// get undone?
    StuckPending(NodeId),
}

/// The questions the review asks of `s`, in the order its findings are listed.
pub(super) fn questions(s: &Scenario) -> VecDeque<Task> {
    let mut tasks: VecDeque<Task> = s
        .nodes
        .iter()
        .filter(|n| n.kind.tag() != Kind::Users)
        .map(|n| Task::Impact(n.id))
        .collect();
    let rules: [fn(WireId) -> Task; 7] = [
        Task::SyncSideEffect,
        Task::QueryOverBroker,
        Task::LostOnBrokerDown,
        Task::NonIdempotent,
        Task::RetryWithoutKey,
        Task::NoTimeout,
        Task::FailOpen,
    ];
    for rule in rules {
        tasks.extend(s.wires.iter().map(|w| rule(w.id)));
    }
    for sub in s
        .wires
        .iter()
        .filter(|w| matches!(w.kind, WireKind::Subscribe(_)))
    {
        let producers = s
            .wires
            .iter()
            .filter(|p| p.to == sub.from && matches!(p.kind, WireKind::Publish(_)));
        tasks.extend(producers.map(|p| Task::Callback {
            sub: sub.id,
            producer: p.from,
        }));
    }
    let retried =
        |w: &&wirelab_model::Wire| matches!(&w.kind, WireKind::Call(c) if c.max_attempts > 1);
    for outer in s.wires.iter().filter(retried) {
        let inner = s
            .wires
            .iter()
            .filter(retried)
            .filter(|w| w.from == outer.to);
        tasks.extend(inner.map(|inner| Task::Amplification {
            outer: outer.id,
            inner: inner.id,
        }));
    }
    tasks.extend(
        s.nodes
            .iter()
            .filter(|n| n.kind.tag() == Kind::Users)
            .map(|n| Task::LongChain(n.id)),
    );
    tasks.extend(
        s.nodes
            .iter()
            .filter(|n| matches!(&n.kind, wirelab_model::NodeKind::Service(c) if c.answer_pending))
            .map(|n| Task::StuckPending(n.id)),
    );
    tasks
}

impl Reviewer {
    fn name(&self, id: NodeId) -> String {
        self.s.node(id).map_or_else(String::new, |n| n.name.clone())
    }

    fn is(&self, id: NodeId, kind: Kind) -> bool {
        self.s.node(id).is_some_and(|n| n.kind.tag() == kind)
    }

    fn wire(&self, id: WireId) -> Option<(NodeId, NodeId, WireKind)> {
        self.s.wire(id).map(|w| (w.from, w.to, w.kind.clone()))
    }

    /// The services of the longest path of synchronous calls from `users` (each node's
    /// longest path is worked out once; a call back into the path so far is not followed).
    fn longest_chain(&self, users: NodeId) -> Vec<NodeId> {
        type Memo = BTreeMap<NodeId, Vec<NodeId>>;
        fn walk(s: &Scenario, at: NodeId, stack: &mut Vec<NodeId>, memo: &mut Memo) -> Vec<NodeId> {
            if let Some(p) = memo.get(&at) {
                return p.clone();
            }
            stack.push(at);
            let mut best = Vec::new();
            for w in s.wires.iter().filter(|w| w.from == at) {
                if !matches!(w.kind, WireKind::Call(_)) || stack.contains(&w.to) {
                    continue;
                }
                let mut path = vec![w.to];
                path.extend(walk(s, w.to, stack, memo));
                if path.len() > best.len() {
                    best = path;
                }
            }
            stack.pop();
            memo.insert(at, best.clone());
            best
        }
        walk(&self.s, users, &mut Vec::new(), &mut Memo::new())
    }

    /// The services that handle the events `svc` publishes (not its compensations).
    fn consumers_of(&self, svc: NodeId) -> Vec<NodeId> {
        let topics =
            self.s.wires.iter().filter(|w| {
                w.from == svc && matches!(&w.kind, WireKind::Publish(p) if !p.compensate)
            });
        let mut out: Vec<NodeId> = topics
            .flat_map(|t| {
                self.s
                    .wires
                    .iter()
                    .filter(move |w| w.from == t.to && matches!(w.kind, WireKind::Subscribe(_)))
                    .map(|w| w.to)
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The least patience of the design's customers, ms.
    fn patience(&self) -> Option<f64> {
        self.s
            .nodes
            .iter()
            .filter_map(|n| match &n.kind {
                wirelab_model::NodeKind::Users(u) => Some(u.patience_ms),
                _ => None,
            })
            .reduce(f64::min)
    }

    /// A request/reply wire as a direct call with its timeout and failure policy.
    pub(super) fn direct_call(&self, wire: WireId) -> Option<CallConfig> {
        match self.wire(wire)?.2 {
            WireKind::RequestReply(rr) => Some(CallConfig {
                network: rr.network,
                timeout_ms: rr.timeout_ms,
                on_failure: rr.on_failure,
                answer_needed: true,
                ..CallConfig::default()
            }),
            _ => None,
        }
    }

    /// What a question needs measured, or `None` when it does not apply to the design
    /// (its structure rules it out before anything is run).
    pub(super) fn needs(&self, task: Task) -> Option<Vec<Need>> {
        if let Task::Impact(n) = task {
            return Some(vec![Need::Down(n)]);
        }
        if let Task::Amplification { inner, .. } = task {
            return Some(vec![Need::Baseline, Need::Hung(self.wire(inner)?.1)]);
        }
        if let Task::LongChain(users) = task {
            let chain = self.longest_chain(users);
            return (chain.len() >= LONG_CHAIN)
                .then(|| chain.into_iter().map(Need::Down).collect());
        }
        if let Task::StuckPending(svc) = task {
            let mut needs = vec![Need::Baseline];
            needs.extend(self.consumers_of(svc).into_iter().map(Need::Down));
            return Some(needs);
        }
        if let Task::Callback { sub, producer } = task {
            let (_, consumer, _) = self.wire(sub)?;
            let calls_back = self.s.wires.iter().any(|w| {
                w.from == consumer && w.to == producer && matches!(w.kind, WireKind::Call(_))
            });
            return calls_back.then(|| vec![Need::Down(producer)]);
        }
        let (Task::SyncSideEffect(id)
        | Task::QueryOverBroker(id)
        | Task::LostOnBrokerDown(id)
        | Task::NonIdempotent(id)
        | Task::RetryWithoutKey(id)
        | Task::NoTimeout(id)
        | Task::FailOpen(id)) = task
        else {
            return None;
        };
        let (from, to, kind) = self.wire(id)?;
        match (task, kind) {
            (Task::SyncSideEffect(_), WireKind::Call(c)) => (self.is(from, Kind::Service)
                && !c.answer_needed
                && c.on_failure == FailurePolicy::Fail)
                .then(|| vec![Need::Down(to)]),
            (Task::QueryOverBroker(_), WireKind::RequestReply(_)) => {
                Some(vec![Need::Baseline, Need::Direct(id), Need::Down(to)])
            }
            (Task::LostOnBrokerDown(_), WireKind::Publish(p)) => (p.on_broker_down
                == BrokerDownPolicy::Drop)
                .then(|| vec![Need::Baseline, Need::Down(to)]),
            (Task::NonIdempotent(_), WireKind::Subscribe(sub)) => {
                (!sub.idempotent && sub.max_deliveries > 1).then(|| vec![Need::LoseAnswers(id)])
            }
            (Task::RetryWithoutKey(_), WireKind::Call(c)) => {
                (c.max_attempts > 1 && !c.idempotency_key && self.is(to, Kind::Service))
                    .then(|| vec![Need::LoseAnswers(id)])
            }
            // The caller needs the answer, yet carries on without it: an access check
            // that lets everyone through while it is down.
            (Task::FailOpen(_), WireKind::Call(c)) => (self.is(from, Kind::Service)
                && c.answer_needed
                && c.on_failure == FailurePolicy::Degrade)
                .then(|| vec![Need::Down(to)]),
            (Task::NoTimeout(_), WireKind::Call(c)) => (self.is(from, Kind::Service)
                && self.patience().is_some_and(|p| c.timeout_ms >= p))
            .then(|| vec![Need::Hung(to)]),
            _ => None,
        }
    }

    /// The finding a question's measurements show, if any.
    pub(super) fn judge(&self, task: Task) -> Option<Finding> {
        let m = |n: Need| self.measured.get(&n).and_then(Option::as_ref);
        let outage = super::window::outage();
        match task {
            Task::Impact(_) => None,
            Task::SyncSideEffect(id) => {
                let (from, to, _) = self.wire(id)?;
                let imp = impact_from(&self.s, to, m(Need::Down(to))?)?;
                let failed = 1.0 - imp.success_rate;
                if failed < FAILS {
                    return None;
                }
                let (a, b) = (self.name(from), self.name(to));
                Some(Finding {
                    id: "sync-side-effect",
                    elements: vec![a.clone(), b.clone()],
                    title: format!("{a} waits for {b}, and fails its customer when {b} fails"),
                    question: "Do I need an answer now, or am I announcing that something happened?",
                    evidence: BTreeMap::from([
                        ("failed_share", failed),
                        ("customers", imp.customers as f64),
                    ]),
                    said: format!(
                        "With {b} down for {outage}, {} of the {} requests that arrived meanwhile failed.",
                        pct(failed),
                        imp.customers
                    ),
                    fix: Some(Fix::Event {
                        wire: id,
                        label: format!("Turn {a} → {b} into an event"),
                    }),
                })
            }
            Task::QueryOverBroker(id) => {
                let (from, to, kind) = self.wire(id)?;
                let WireKind::RequestReply(rr) = kind else {
                    return None;
                };
                let (base, direct) = (m(Need::Baseline)?, m(Need::Direct(id))?);
                // Measured only when both designs answered someone.
                let extra = match (base.wait_p95_us, direct.wait_p95_us) {
                    (Some(a), Some(b)) => Some((a as f64 - b as f64) / 1000.0),
                    _ => None,
                };
                let failed = 1.0 - m(Need::Down(to))?.success_rate();
                let slower = extra.filter(|&x| x >= DETOUR_MS);
                let fails = (failed >= FAILS).then_some(failed);
                if slower.is_none() && fails.is_none() {
                    return None;
                }
                let (a, b, t) = (self.name(from), self.name(to), self.name(rr.via));
                // Through a command queue the caller still waits: a synchronous
                // dependency disguised behind a queue.
                let queue = matches!(
                    self.s.node(rr.via).map(|n| &n.kind),
                    Some(wirelab_model::NodeKind::Topic(tc)) if tc.queue
                );
                let (finding, title, question) = if queue {
                    (
                        "sync-behind-queue",
                        format!("{a} waits behind the queue {t} for {b}'s result"),
                        "Is this asynchronous, or a synchronous dependency disguised behind a queue?",
                    )
                } else {
                    (
                        "query-over-broker",
                        format!("{a} asks {b} a question through the broker {t}"),
                        "More hops, more latency, more failure modes: is the broker buying anything here?",
                    )
                };
                Some(Finding {
                    id: finding,
                    elements: vec![a.clone(), t.clone(), b.clone()],
                    title,
                    question,
                    evidence: BTreeMap::from([
                        ("extra_wait_p95_ms", extra.unwrap_or(0.0)),
                        ("failed_share_responder_down", failed),
                    ]),
                    said: [
                        slower.map(|x| format!(
                            "The wait's 95th percentile is {x:.1} ms longer than with a direct call."
                        )),
                        fails.map(|f| format!(
                            "With {b} down for {outage}, {} of the requests failed (they waited for a reply that never came).",
                            pct(f)
                        )),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                    fix: Some(Fix::Set {
                        wire: id,
                        settings: WireKind::Call(self.direct_call(id)?),
                        label: format!("Make {a} → {b} a direct call"),
                    }),
                })
            }
            Task::LostOnBrokerDown(id) => {
                let (from, to, kind) = self.wire(id)?;
                let WireKind::Publish(p) = kind else {
                    return None;
                };
                let base = m(Need::Baseline)?.report.events.lost;
                let lost = m(Need::Down(to))?.report.events.lost.saturating_sub(base);
                if lost == 0 {
                    return None;
                }
                let (a, t) = (self.name(from), self.name(to));
                Some(Finding {
                    id: "lost-on-broker-down",
                    elements: vec![a.clone(), t.clone()],
                    title: format!("{a} drops its event when the broker {t} is down"),
                    question: "If the broker is down, does the fact disappear while the state change stays?",
                    evidence: BTreeMap::from([("lost", lost as f64)]),
                    said: format!("With {t} down for {outage}, {lost} events were lost for good."),
                    fix: Some(Fix::Set {
                        wire: id,
                        settings: WireKind::Publish(wirelab_model::PublishConfig {
                            on_broker_down: BrokerDownPolicy::Outbox,
                            ..p
                        }),
                        label: format!("Give {a} an outbox for {t}"),
                    }),
                })
            }
            Task::NonIdempotent(id) => {
                let (from, to, kind) = self.wire(id)?;
                let WireKind::Subscribe(sub) = kind else {
                    return None;
                };
                let (t, c) = (self.name(from), self.name(to));
                let dup = m(Need::LoseAnswers(id))?
                    .report
                    .subscriptions
                    .iter()
                    .find(|r| r.topic == t && r.consumer == c)
                    .map_or(0, |r| r.duplicates);
                if dup == 0 {
                    return None;
                }
                Some(Finding {
                    id: "non-idempotent-consumer",
                    elements: vec![t.clone(), c.clone()],
                    title: format!("{c} handles a redelivered {t} event again"),
                    question: "Delivery is at least once: what happens when the same event arrives twice?",
                    evidence: BTreeMap::from([("duplicates", dup as f64)]),
                    said: format!(
                        "With {} of the acks from {c} lost for {outage}, {c} handled {dup} events twice.",
                        pct(LOSE_RATE)
                    ),
                    fix: Some(Fix::Set {
                        wire: id,
                        settings: WireKind::Subscribe(wirelab_model::SubscribeConfig {
                            idempotent: true,
                            ..sub
                        }),
                        label: format!("Make {c} idempotent for {t}"),
                    }),
                })
            }
            Task::RetryWithoutKey(id) => {
                let (from, to, kind) = self.wire(id)?;
                let WireKind::Call(c) = kind else {
                    return None;
                };
                let (a, b) = (self.name(from), self.name(to));
                let dup = m(Need::LoseAnswers(id))?
                    .report
                    .services
                    .iter()
                    .find(|r| r.name == b)
                    .map_or(0, |r| r.duplicates);
                if dup == 0 {
                    return None;
                }
                Some(Finding {
                    id: "retry-without-key",
                    elements: vec![a.clone(), b.clone()],
                    title: format!("{a} retries {b} without an idempotency key"),
                    question: "If the answer is lost and I ask again, does it happen twice?",
                    evidence: BTreeMap::from([("double_effects", dup as f64)]),
                    said: format!(
                        "With {} of the answers from {b} lost for {outage}, {b} did the work twice {dup} times.",
                        pct(LOSE_RATE)
                    ),
                    fix: Some(Fix::Set {
                        wire: id,
                        settings: WireKind::Call(CallConfig {
                            idempotency_key: true,
                            ..c
                        }),
                        label: format!("Send an idempotency key on {a} → {b}"),
                    }),
                })
            }
            Task::NoTimeout(id) => {
                let (from, to, kind) = self.wire(id)?;
                let WireKind::Call(c) = kind else {
                    return None;
                };
                let failed = 1.0 - m(Need::Hung(to))?.success_rate();
                if failed < FAILS {
                    return None;
                }
                let patience = self.patience()?;
                let (a, b) = (self.name(from), self.name(to));
                let timeout = (patience / 4.0).clamp(50.0, 2_000.0).round();
                Some(Finding {
                    id: "no-timeout",
                    elements: vec![a.clone(), b.clone()],
                    title: format!(
                        "{a} waits {:.0} ms for {b}, longer than a customer waits ({patience:.0} ms)",
                        c.timeout_ms
                    ),
                    question: "How long am I willing to wait, and what do I do then?",
                    evidence: BTreeMap::from([
                        ("failed_share_hung", failed),
                        ("timeout_ms", c.timeout_ms),
                    ]),
                    said: format!(
                        "With {b} hung for {outage}, {} of the requests failed: {a}'s workers were held until the customers gave up.",
                        pct(failed)
                    ),
                    fix: Some(Fix::Set {
                        wire: id,
                        settings: WireKind::Call(CallConfig {
                            timeout_ms: timeout,
                            ..c
                        }),
                        label: format!("Time {a} → {b} out after {timeout:.0} ms"),
                    }),
                })
            }
            Task::FailOpen(id) => {
                let (from, to, kind) = self.wire(id)?;
                let WireKind::Call(c) = kind else {
                    return None;
                };
                let (a, b) = (self.name(from), self.name(to));
                let through = m(Need::Down(to))?
                    .report
                    .wires
                    .iter()
                    .find(|w| w.from == a && w.to == b)
                    .map_or(0, |w| w.degraded);
                if through == 0 {
                    return None;
                }
                Some(Finding {
                    id: "fail-open-access",
                    elements: vec![a.clone(), b.clone()],
                    title: format!("{a} needs {b}'s answer, yet carries on without it"),
                    question: "If this is a check (may this person do this?), what is the safe answer when it cannot be asked? The safe answer is no.",
                    evidence: BTreeMap::from([("let_through", through as f64)]),
                    said: format!(
                        "With {b} down for {outage}, {a} answered {through} requests without its answer: let through unchecked."
                    ),
                    fix: Some(Fix::Set {
                        wire: id,
                        settings: WireKind::Call(CallConfig {
                            on_failure: FailurePolicy::FailClosed,
                            ..c
                        }),
                        label: format!("Deny when {b} cannot answer (fail closed)"),
                    }),
                })
            }
            Task::Amplification { outer, inner } => {
                let (a, b, _) = self.wire(outer)?;
                let (_, c, kind) = self.wire(inner)?;
                let WireKind::Call(ci) = kind else {
                    return None;
                };
                let (an, bn, cn) = (self.name(a), self.name(b), self.name(c));
                let attempts = |m: &Measured| {
                    m.report
                        .wires
                        .iter()
                        .find(|w| w.from == bn && w.to == cn)
                        .map_or(0, |w| w.calls + w.retries)
                };
                let hung = m(Need::Hung(c))?;
                let extra = attempts(hung).saturating_sub(attempts(m(Need::Baseline)?));
                let customers = hung.outcomes.total().max(1);
                let per = 1.0 + extra as f64 / customers as f64;
                if per < 3.0 {
                    return None;
                }
                Some(Finding {
                    id: "retry-amplification",
                    elements: vec![an.clone(), bn.clone(), cn.clone()],
                    title: format!("{an} retries {bn}, which retries {cn}: the attempts multiply"),
                    question: "When the slow service struggles, how many times does one customer's request hit it?",
                    evidence: BTreeMap::from([("attempts_per_customer", per), ("customers", customers as f64)]),
                    said: format!(
                        "With {cn} hung for {outage}, it received {per:.1} attempts per customer who arrived meanwhile, just when it could least take them."
                    ),
                    fix: Some(Fix::Set {
                        wire: inner,
                        settings: WireKind::Call(CallConfig { max_attempts: 1, ..ci }),
                        label: format!("Retry at one level only: {bn} → {cn} tries once"),
                    }),
                })
            }
            Task::LongChain(users) => {
                let chain = self.longest_chain(users);
                let shares: Vec<f64> = chain
                    .iter()
                    .map(|n| m(Need::Down(*n)).map(|x| 1.0 - x.success_rate()))
                    .collect::<Option<_>>()?;
                let least = shares.iter().copied().fold(1.0, f64::min);
                if least < 0.5 {
                    return None;
                }
                let names: Vec<String> = chain.iter().map(|n| self.name(*n)).collect();
                Some(Finding {
                    id: "long-sync-chain",
                    elements: names.clone(),
                    title: format!("{} services in one synchronous chain: {}", names.len(), names.join(" → ")),
                    question: "Is this a distributed monolith? Every service in the chain must be up for a customer to be answered.",
                    evidence: BTreeMap::from([("services", names.len() as f64), ("least_failed_share", least)]),
                    said: format!(
                        "Taking down any one of the {} failed at least {} of the requests that arrived meanwhile: availability is about the product of theirs.",
                        names.len(),
                        pct(least)
                    ),
                    fix: None,
                })
            }
            Task::StuckPending(svc) => {
                // The worst of a plain run and each consumer down over the window.
                let mut cases = vec![(
                    m(Need::Baseline)?,
                    "In a run with nothing broken".to_string(),
                )];
                for c in self.consumers_of(svc) {
                    cases.push((
                        m(Need::Down(c))?,
                        format!("With {} down for {outage}", self.name(c)),
                    ));
                }
                let stuck =
                    |x: &Measured| x.report.pending.failed_later - x.report.pending.compensated;
                let (worst, when) = cases.into_iter().max_by_key(|(x, _)| stuck(x))?;
                let (n, p) = (stuck(worst), worst.report.pending);
                if n == 0 {
                    return None;
                }
                let name = self.name(svc);
                Some(Finding {
                    id: "pending-never-settled",
                    elements: vec![name.clone()],
                    title: format!("{name} tells customers \"accepted, pending\", and some are never told otherwise"),
                    question: "If the work fails after the answer, what undoes it, and who tells the customer?",
                    evidence: BTreeMap::from([
                        ("pending_answers", p.answered as f64),
                        ("failed_later", p.failed_later as f64),
                        ("never_undone", n as f64),
                    ]),
                    said: format!(
                        "{when}, {} of {} pending answers failed later and {n} were never undone: those orders stay pending. A compensating event (published only on failure) lets another service cancel them.",
                        p.failed_later, p.answered
                    ),
                    fix: None,
                })
            }
            Task::Callback { sub, producer } => {
                let (topic, consumer, _) = self.wire(sub)?;
                let (p, t, c) = (self.name(producer), self.name(topic), self.name(consumer));
                let (failed, handled) = m(Need::Down(producer))?
                    .report
                    .services
                    .iter()
                    .find(|r| r.name == c)
                    .map_or((0, 0), |r| (r.failed, r.handled));
                // Coupled in the numbers, not only in the drawing: the callback failed a
                // share of the consumer's work while the producer was down.
                let share = failed as f64 / (failed + handled).max(1) as f64;
                if share < FAILS {
                    return None;
                }
                Some(Finding {
                    id: "callback-consumer",
                    elements: vec![p.clone(), t.clone(), c.clone()],
                    title: format!("{c} calls {p} back for what the {t} event should carry"),
                    question: "Does the event carry what its consumers need, or are they still coupled to the producer?",
                    evidence: BTreeMap::from([
                        ("consumer_failures_producer_down", failed as f64),
                        ("consumer_failed_share_producer_down", share),
                    ]),
                    said: format!(
                        "With {p} down for {outage}, {c}'s handling failed {failed} times: the event arrived, the data did not."
                    ),
                    fix: None,
                })
            }
        }
    }
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}
