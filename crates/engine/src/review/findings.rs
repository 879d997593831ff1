//! The anti-patterns a design can have, each with the question the articles ask, the
//! evidence measured in headless runs of *this* design, and a fix where one exists. No
//! rule looks at names: each reads the design's structure to pick what to break, and
//! reports only what the measurement shows.

use std::collections::BTreeMap;

use serde::Serialize;
use wirelab_model::{
    BrokerDownPolicy, CallConfig, FailurePolicy, Kind, NodeId, Scenario, WireId, WireKind,
};

use super::{impact_of, measure, Impact, Measured};
use crate::Intervention;

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

/// A broken part's effect is worth a finding from this share of failed requests up.
const FAILS: f64 = 0.10;
/// Answers and acks lost while measuring duplicates.
const LOSE_RATE: f64 = 0.2;

/// Every finding of `s` at `seed`, in the order of the rules below.
pub fn advise(s: &Scenario, seed: u64) -> Result<Vec<Finding>, String> {
    let mut r = Reviewer::new(s.clone(), seed);
    while r.step()? {}
    Ok(r.findings)
}

/// One measurement of the review.
#[derive(Clone, Copy, Debug)]
enum Task {
    Impact(NodeId),
    SyncSideEffect(WireId),
    QueryOverBroker(WireId),
    LostOnBrokerDown(WireId),
    NonIdempotent(WireId),
    RetryWithoutKey(WireId),
    NoTimeout(WireId),
    Callback { sub: WireId, producer: NodeId },
}

/// The whole review (blast radius, then findings) one measurement at a time, so a page
/// can do it in slices between frames.
#[derive(Clone, Debug)]
pub struct Reviewer {
    s: Scenario,
    seed: u64,
    tasks: std::collections::VecDeque<Task>,
    total: usize,
    impacts: BTreeMap<NodeId, Impact>,
    baseline: Option<Measured>,
    findings: Vec<Finding>,
}

impl Reviewer {
    pub fn new(s: Scenario, seed: u64) -> Reviewer {
        let mut tasks: std::collections::VecDeque<Task> = s
            .nodes
            .iter()
            .filter(|n| n.kind.tag() != Kind::Users)
            .map(|n| Task::Impact(n.id))
            .collect();
        let rules: [fn(WireId) -> Task; 6] = [
            Task::SyncSideEffect,
            Task::QueryOverBroker,
            Task::LostOnBrokerDown,
            Task::NonIdempotent,
            Task::RetryWithoutKey,
            Task::NoTimeout,
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
        let total = tasks.len();
        Reviewer {
            s,
            seed,
            tasks,
            total,
            impacts: BTreeMap::new(),
            baseline: None,
            findings: Vec::new(),
        }
    }

    /// Does the next measurement (a task whose rule does not apply costs nothing);
    /// false when the review is complete.
    pub fn step(&mut self) -> Result<bool, String> {
        let Some(task) = self.tasks.pop_front() else {
            return Ok(false);
        };
        let found = match task {
            Task::Impact(id) => self.impact(id).map(|_| None),
            Task::SyncSideEffect(w) => self.sync_side_effect(w),
            Task::QueryOverBroker(w) => self.query_over_broker(w),
            Task::LostOnBrokerDown(w) => self.lost_on_broker_down(w),
            Task::NonIdempotent(w) => self.non_idempotent_consumer(w),
            Task::RetryWithoutKey(w) => self.retry_without_key(w),
            Task::NoTimeout(w) => self.no_timeout(w),
            Task::Callback { sub, producer } => self.callback_consumer(sub, producer),
        }?;
        self.findings.extend(found);
        Ok(!self.tasks.is_empty())
    }

    /// Measurements done and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.total - self.tasks.len(), self.total)
    }

    /// The blast radius so far, worst (fewest answered) first.
    pub fn rows(&self) -> Vec<Impact> {
        let mut rows: Vec<Impact> = self
            .s
            .nodes
            .iter()
            .filter_map(|n| self.impacts.get(&n.id).cloned())
            .collect();
        rows.sort_by(|a, b| a.success_rate.total_cmp(&b.success_rate));
        rows
    }

    /// The findings so far.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn scenario(&self) -> &Scenario {
        &self.s
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

impl Reviewer {
    fn name(&self, id: NodeId) -> String {
        self.s.node(id).map_or_else(String::new, |n| n.name.clone())
    }

    fn is(&self, id: NodeId, kind: Kind) -> bool {
        self.s.node(id).is_some_and(|n| n.kind.tag() == kind)
    }

    fn impact(&mut self, id: NodeId) -> Result<Impact, String> {
        if let Some(i) = self.impacts.get(&id) {
            return Ok(i.clone());
        }
        let i = impact_of(&self.s, self.seed, id)?;
        self.impacts.insert(id, i.clone());
        Ok(i)
    }

    fn baseline(&mut self) -> Result<Measured, String> {
        if self.baseline.is_none() {
            self.baseline = Some(measure(&self.s, self.seed, &[], &[])?);
        }
        Ok(self.baseline.clone().expect("just set"))
    }

    fn wire(&self, id: WireId) -> Option<(NodeId, NodeId, WireKind)> {
        self.s.wire(id).map(|w| (w.from, w.to, w.kind.clone()))
    }

    /// A service calls another and fails its own request when that call fails, though
    /// it was not marked as needing the answer: killing the callee fails the customers.
    fn sync_side_effect(&mut self, id: WireId) -> Result<Option<Finding>, String> {
        let Some((from, to, kind)) = self.wire(id) else {
            return Ok(None);
        };
        {
            let WireKind::Call(c) = kind else {
                return Ok(None);
            };
            if !self.is(from, Kind::Service)
                || c.answer_needed
                || c.on_failure != FailurePolicy::Fail
            {
                return Ok(None);
            }
            let imp = self.impact(to)?;
            let failed = 1.0 - imp.success_rate;
            if failed < FAILS {
                return Ok(None);
            }
            let (a, b) = (self.name(from), self.name(to));
            return Ok(Some(Finding {
                id: "sync-side-effect",
                elements: vec![a.clone(), b.clone()],
                title: format!("{a} waits for {b}, and fails its customer when {b} fails"),
                question: "Do I need an answer now, or am I announcing that something happened?",
                evidence: BTreeMap::from([
                    ("failed_share", failed),
                    ("customers", imp.customers as f64),
                ]),
                said: format!(
                    "With {b} down for 20 s, {} of the {} requests that arrived meanwhile failed.",
                    pct(failed),
                    imp.customers
                ),
                fix: Some(Fix::Event {
                    wire: id,
                    label: format!("Turn {a} → {b} into an event"),
                }),
            }));
        }
    }

    /// A question asked over a broker (request/reply): more hops, more latency, and a
    /// timeout instead of an answer when the responder is down.
    fn query_over_broker(&mut self, id: WireId) -> Result<Option<Finding>, String> {
        let Some((from, to, kind)) = self.wire(id) else {
            return Ok(None);
        };
        {
            let WireKind::RequestReply(rr) = kind else {
                return Ok(None);
            };
            let base = self.baseline()?;
            let direct = CallConfig {
                network: rr.network,
                timeout_ms: rr.timeout_ms,
                on_failure: rr.on_failure,
                answer_needed: true,
                ..CallConfig::default()
            };
            let mut fixed = self.s.clone();
            if let Some(w) = fixed.wires.iter_mut().find(|w| w.id == id) {
                w.kind = WireKind::Call(direct.clone());
            }
            let called = measure(&fixed, self.seed, &[], &[])?;
            let extra = match (base.wait_p95_us, called.wait_p95_us) {
                (Some(a), Some(b)) => (a as f64 - b as f64) / 1000.0,
                _ => 0.0,
            };
            let down = self.impact(to)?;
            let failed = 1.0 - down.success_rate;
            let (a, b, t) = (self.name(from), self.name(to), self.name(rr.via));
            return Ok(Some(Finding {
                id: "query-over-broker",
                elements: vec![a.clone(), t.clone(), b.clone()],
                title: format!("{a} asks {b} a question through the broker {t}"),
                question: "More hops, more latency, more failure modes: is the broker buying anything here?",
                evidence: BTreeMap::from([("extra_wait_p95_ms", extra), ("failed_share_responder_down", failed)]),
                said: format!(
                    "The wait's 95th percentile is {extra:.1} ms longer than with a direct call, and with {b} down {} of the requests failed (they waited for a reply that never came).",
                    pct(failed)
                ),
                fix: Some(Fix::Set {
                    wire: id,
                    settings: WireKind::Call(direct),
                    label: format!("Make {a} → {b} a direct call"),
                }),
            }));
        }
    }

    /// A publish that carries on without its event when the broker refuses it.
    fn lost_on_broker_down(&mut self, id: WireId) -> Result<Option<Finding>, String> {
        let Some((from, to, kind)) = self.wire(id) else {
            return Ok(None);
        };
        {
            let WireKind::Publish(p) = kind else {
                return Ok(None);
            };
            if p.on_broker_down != BrokerDownPolicy::Drop {
                return Ok(None);
            }
            let base = self.baseline()?.report.events.lost;
            let imp = self.impact(to)?;
            let lost = imp.lost.saturating_sub(base);
            if lost == 0 {
                return Ok(None);
            }
            let (a, t) = (self.name(from), self.name(to));
            return Ok(Some(Finding {
                id: "lost-on-broker-down",
                elements: vec![a.clone(), t.clone()],
                title: format!("{a} drops its event when the broker {t} is down"),
                question:
                    "If the broker is down, does the fact disappear while the state change stays?",
                evidence: BTreeMap::from([("lost", lost as f64)]),
                said: format!("With {t} down for 20 s, {lost} events were lost for good."),
                fix: Some(Fix::Set {
                    wire: id,
                    settings: WireKind::Publish(wirelab_model::PublishConfig {
                        on_broker_down: BrokerDownPolicy::Outbox,
                        ..p
                    }),
                    label: format!("Give {a} an outbox for {t}"),
                }),
            }));
        }
    }

    /// A consumer that handles a redelivered event again: at-least-once delivery brings
    /// duplicates when acks are lost.
    fn non_idempotent_consumer(&mut self, id: WireId) -> Result<Option<Finding>, String> {
        let Some((from, to, kind)) = self.wire(id) else {
            return Ok(None);
        };
        {
            let WireKind::Subscribe(sub) = kind else {
                return Ok(None);
            };
            if sub.idempotent || sub.max_deliveries < 2 {
                return Ok(None);
            }
            let m = measure(
                &self.s,
                self.seed,
                &[Intervention::LoseResponses {
                    wire: id,
                    rate: LOSE_RATE,
                }],
                &[Intervention::LoseResponses {
                    wire: id,
                    rate: 0.0,
                }],
            )?;
            let (t, c) = (self.name(from), self.name(to));
            let dup = m
                .report
                .subscriptions
                .iter()
                .find(|r| r.topic == t && r.consumer == c)
                .map_or(0, |r| r.duplicates);
            if dup == 0 {
                return Ok(None);
            }
            return Ok(Some(Finding {
                id: "non-idempotent-consumer",
                elements: vec![t.clone(), c.clone()],
                title: format!("{c} handles a redelivered {t} event again"),
                question:
                    "Delivery is at least once: what happens when the same event arrives twice?",
                evidence: BTreeMap::from([("duplicates", dup as f64)]),
                said: format!(
                    "With {} of the acks from {c} lost for 20 s, {c} handled {dup} events twice.",
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
            }));
        }
    }

    /// A retried call whose callee applies a retry again: a lost answer doubles the
    /// side effect (a second charge).
    fn retry_without_key(&mut self, id: WireId) -> Result<Option<Finding>, String> {
        let Some((from, to, kind)) = self.wire(id) else {
            return Ok(None);
        };
        {
            let WireKind::Call(c) = kind else {
                return Ok(None);
            };
            if c.max_attempts < 2 || c.idempotency_key || !self.is(to, Kind::Service) {
                return Ok(None);
            }
            let m = measure(
                &self.s,
                self.seed,
                &[Intervention::LoseResponses {
                    wire: id,
                    rate: LOSE_RATE,
                }],
                &[Intervention::LoseResponses {
                    wire: id,
                    rate: 0.0,
                }],
            )?;
            let (a, b) = (self.name(from), self.name(to));
            let dup = m
                .report
                .services
                .iter()
                .find(|r| r.name == b)
                .map_or(0, |r| r.duplicates);
            if dup == 0 {
                return Ok(None);
            }
            return Ok(Some(Finding {
                id: "retry-without-key",
                elements: vec![a.clone(), b.clone()],
                title: format!("{a} retries {b} without an idempotency key"),
                question: "If the answer is lost and I ask again, does it happen twice?",
                evidence: BTreeMap::from([("double_effects", dup as f64)]),
                said: format!(
                    "With {} of the answers from {b} lost for 20 s, {b} did the work twice {dup} times.",
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
            }));
        }
    }

    /// A call that waits longer than the customer will: a hung callee holds the
    /// caller's workers until everyone has given up.
    fn no_timeout(&mut self, id: WireId) -> Result<Option<Finding>, String> {
        let patience = self
            .s
            .nodes
            .iter()
            .filter_map(|n| match &n.kind {
                wirelab_model::NodeKind::Users(u) => Some(u.patience_ms),
                _ => None,
            })
            .fold(f64::INFINITY, f64::min);
        if !patience.is_finite() {
            return Ok(None);
        }
        let Some((from, to, kind)) = self.wire(id) else {
            return Ok(None);
        };
        {
            let WireKind::Call(c) = kind else {
                return Ok(None);
            };
            if !self.is(from, Kind::Service) || c.timeout_ms < patience {
                return Ok(None);
            }
            let m = measure(
                &self.s,
                self.seed,
                &[Intervention::Hang { node: to }],
                &[Intervention::Revive { node: to }],
            )?;
            let failed = 1.0 - m.success_rate();
            if failed < FAILS {
                return Ok(None);
            }
            let (a, b) = (self.name(from), self.name(to));
            let timeout = (patience / 4.0).clamp(50.0, 2_000.0).round();
            return Ok(Some(Finding {
                id: "no-timeout",
                elements: vec![a.clone(), b.clone()],
                title: format!(
                    "{a} waits {:.0} ms for {b}, longer than a customer waits ({patience:.0} ms)",
                    c.timeout_ms
                ),
                question: "How long am I willing to wait, and what do I do then?",
                evidence: BTreeMap::from([("failed_share_hung", failed), ("timeout_ms", c.timeout_ms)]),
                said: format!(
                    "With {b} hung for 20 s, {} of the requests failed: {a}'s workers were held until the customers gave up.",
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
            }));
        }
    }

    /// A consumer that calls the producer back for what the event should have carried:
    /// synchronous communication cosplaying as async.
    fn callback_consumer(
        &mut self,
        sub: WireId,
        producer: NodeId,
    ) -> Result<Option<Finding>, String> {
        let Some((topic, consumer, _)) = self.wire(sub) else {
            return Ok(None);
        };
        let calls_back =
            self.s.wires.iter().any(|w| {
                w.from == consumer && w.to == producer && matches!(w.kind, WireKind::Call(_))
            });
        if !calls_back {
            return Ok(None);
        }
        let m = measure(
            &self.s,
            self.seed,
            &[Intervention::Kill { node: producer }],
            &[Intervention::Revive { node: producer }],
        )?;
        let (p, t, c) = (self.name(producer), self.name(topic), self.name(consumer));
        let failed = m
            .report
            .services
            .iter()
            .find(|r| r.name == c)
            .map_or(0, |r| r.failed);
        Ok(Some(Finding {
            id: "callback-consumer",
            elements: vec![p.clone(), t.clone(), c.clone()],
            title: format!("{c} calls {p} back for what the {t} event should carry"),
            question: "Does the event carry what its consumers need, or are they still coupled to the producer?",
            evidence: BTreeMap::from([("consumer_failures_producer_down", failed as f64)]),
            said: format!(
                "With {p} down for 20 s, {c}'s handling failed {failed} times: the event arrived, the data did not."
            ),
            fix: None,
        }))
    }
}
