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
    let mut r = Review {
        s,
        seed,
        impacts: BTreeMap::new(),
        baseline: None,
        out: Vec::new(),
    };
    r.sync_side_effects()?;
    r.query_over_broker()?;
    r.lost_on_broker_down()?;
    r.non_idempotent_consumers()?;
    r.retries_without_key()?;
    r.no_timeout()?;
    r.callback_consumers()?;
    Ok(r.out)
}

struct Review<'a> {
    s: &'a Scenario,
    seed: u64,
    impacts: BTreeMap<NodeId, Impact>,
    baseline: Option<Measured>,
    out: Vec<Finding>,
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

impl Review<'_> {
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
        let i = impact_of(self.s, self.seed, id)?;
        self.impacts.insert(id, i.clone());
        Ok(i)
    }

    fn baseline(&mut self) -> Result<Measured, String> {
        if self.baseline.is_none() {
            self.baseline = Some(measure(self.s, self.seed, &[], &[])?);
        }
        Ok(self.baseline.clone().expect("just set"))
    }

    fn wires(&self) -> Vec<(WireId, NodeId, NodeId, WireKind)> {
        self.s
            .wires
            .iter()
            .map(|w| (w.id, w.from, w.to, w.kind.clone()))
            .collect()
    }

    /// A service calls another and fails its own request when that call fails, though
    /// it was not marked as needing the answer: killing the callee fails the customers.
    fn sync_side_effects(&mut self) -> Result<(), String> {
        for (id, from, to, kind) in self.wires() {
            let WireKind::Call(c) = kind else { continue };
            if !self.is(from, Kind::Service)
                || c.answer_needed
                || c.on_failure != FailurePolicy::Fail
            {
                continue;
            }
            let imp = self.impact(to)?;
            let failed = 1.0 - imp.success_rate;
            if failed < FAILS {
                continue;
            }
            let (a, b) = (self.name(from), self.name(to));
            self.out.push(Finding {
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
            });
        }
        Ok(())
    }

    /// A question asked over a broker (request/reply): more hops, more latency, and a
    /// timeout instead of an answer when the responder is down.
    fn query_over_broker(&mut self) -> Result<(), String> {
        for (id, from, to, kind) in self.wires() {
            let WireKind::RequestReply(rr) = kind else {
                continue;
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
            self.out.push(Finding {
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
            });
        }
        Ok(())
    }

    /// A publish that carries on without its event when the broker refuses it.
    fn lost_on_broker_down(&mut self) -> Result<(), String> {
        for (id, from, to, kind) in self.wires() {
            let WireKind::Publish(p) = kind else { continue };
            if p.on_broker_down != BrokerDownPolicy::Drop {
                continue;
            }
            let base = self.baseline()?.report.events.lost;
            let imp = self.impact(to)?;
            let lost = imp.lost.saturating_sub(base);
            if lost == 0 {
                continue;
            }
            let (a, t) = (self.name(from), self.name(to));
            self.out.push(Finding {
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
            });
        }
        Ok(())
    }

    /// A consumer that handles a redelivered event again: at-least-once delivery brings
    /// duplicates when acks are lost.
    fn non_idempotent_consumers(&mut self) -> Result<(), String> {
        for (id, from, to, kind) in self.wires() {
            let WireKind::Subscribe(sub) = kind else {
                continue;
            };
            if sub.idempotent || sub.max_deliveries < 2 {
                continue;
            }
            let m = measure(
                self.s,
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
                continue;
            }
            self.out.push(Finding {
                id: "non-idempotent-consumer",
                elements: vec![t.clone(), c.clone()],
                title: format!("{c} handles a redelivered {t} event again"),
                question:
                    "Delivery is at least once: what happens when the same event arrives twice?",
                evidence: BTreeMap::from([("duplicates", dup as f64)]),
                said: format!(
                    "With {} of {c}'s acks lost for 20 s, it handled {dup} events twice.",
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
            });
        }
        Ok(())
    }

    /// A retried call whose callee applies a retry again: a lost answer doubles the
    /// side effect (a second charge).
    fn retries_without_key(&mut self) -> Result<(), String> {
        for (id, from, to, kind) in self.wires() {
            let WireKind::Call(c) = kind else { continue };
            if c.max_attempts < 2 || c.idempotency_key || !self.is(to, Kind::Service) {
                continue;
            }
            let m = measure(
                self.s,
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
                continue;
            }
            self.out.push(Finding {
                id: "retry-without-key",
                elements: vec![a.clone(), b.clone()],
                title: format!("{a} retries {b} without an idempotency key"),
                question: "If the answer is lost and I ask again, does it happen twice?",
                evidence: BTreeMap::from([("double_effects", dup as f64)]),
                said: format!(
                    "With {} of {b}'s answers lost for 20 s, {b} did the work twice {dup} times.",
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
            });
        }
        Ok(())
    }

    /// A call that waits longer than the customer will: a hung callee holds the
    /// caller's workers until everyone has given up.
    fn no_timeout(&mut self) -> Result<(), String> {
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
            return Ok(());
        }
        for (id, from, to, kind) in self.wires() {
            let WireKind::Call(c) = kind else { continue };
            if !self.is(from, Kind::Service) || c.timeout_ms < patience {
                continue;
            }
            let m = measure(
                self.s,
                self.seed,
                &[Intervention::Hang { node: to }],
                &[Intervention::Revive { node: to }],
            )?;
            let failed = 1.0 - m.success_rate();
            if failed < FAILS {
                continue;
            }
            let (a, b) = (self.name(from), self.name(to));
            let timeout = (patience / 4.0).clamp(50.0, 2_000.0).round();
            self.out.push(Finding {
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
            });
        }
        Ok(())
    }

    /// A consumer that calls the producer back for what the event should have carried:
    /// synchronous communication cosplaying as async.
    fn callback_consumers(&mut self) -> Result<(), String> {
        let wires = self.wires();
        for (_, topic, consumer, kind) in &wires {
            if !matches!(kind, WireKind::Subscribe(_)) {
                continue;
            }
            let producers = wires.iter().filter_map(|(_, p, t, k)| {
                (t == topic && matches!(k, WireKind::Publish(_))).then_some(*p)
            });
            for producer in producers.collect::<Vec<_>>() {
                let calls_back = wires.iter().any(|(_, f, t, k)| {
                    *f == *consumer && *t == producer && matches!(k, WireKind::Call(_))
                });
                if !calls_back {
                    continue;
                }
                let m = measure(
                    self.s,
                    self.seed,
                    &[Intervention::Kill { node: producer }],
                    &[Intervention::Revive { node: producer }],
                )?;
                let (p, t, c) = (self.name(producer), self.name(*topic), self.name(*consumer));
                let failed = m
                    .report
                    .services
                    .iter()
                    .find(|r| r.name == c)
                    .map_or(0, |r| r.failed);
                self.out.push(Finding {
                    id: "callback-consumer",
                    elements: vec![p.clone(), t.clone(), c.clone()],
                    title: format!("{c} calls {p} back for what the {t} event should carry"),
                    question: "Does the event carry what its consumers need, or are they still coupled to the producer?",
                    evidence: BTreeMap::from([("consumer_failures_producer_down", failed as f64)]),
                    said: format!(
                        "With {p} down for 20 s, {c}'s handling failed {failed} times: the event arrived, the data did not."
                    ),
                    fix: None,
                });
            }
        }
        Ok(())
    }
}
