//! The anti-patterns a design can have. Each is one rule in one module: the question
//! the articles ask, which parts of a design it asks about, what it needs measured in
//! headless runs of *this* design, how it judges them, its words and its fix. [`RULES`]
//! lists them in the order the review asks; the CLI's help and the docs list them from
//! there. No rule looks at names: each reads the design's structure to pick what to
//! break, and reports only what the measurement shows.

mod callback_consumer;
mod fail_open_access;
mod long_sync_chain;
mod lost_on_broker_down;
mod no_timeout;
mod non_idempotent_consumer;
mod pending_never_settled;
mod query_over_broker;
mod retry_amplification;
mod retry_without_key;
mod sync_side_effect;

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use wirelab_model::{CallConfig, Kind, NodeId, Scenario, WireId, WireKind};

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
    /// What the anti-pattern makes worse.
    #[serde(skip)]
    pub hurts: &'static [Hurt],
}

/// What an anti-pattern makes worse, and so which failing criterion it may explain: one
/// on the customers' wait is not explained by a consumer that is not idempotent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hurt {
    /// How long the customers wait.
    Wait,
    /// Whether they get an answer: failed, timed out, let through wrongly.
    Failures,
    /// Whether the work after the answer is done once, in order, at all.
    Consistency,
    /// How much work the services are given.
    Load,
}

impl Hurt {
    /// What a criterion on `metric` is about.
    pub fn of(metric: wirelab_model::Metric) -> Hurt {
        use wirelab_model::Metric::*;
        match metric {
            WaitP50 | WaitP95 | WaitP99 | WaitMax => Hurt::Wait,
            SuccessRate | Succeeded | Failed | TimedOut | Abandoned | DependencyProduct
            | Failures | Degraded | Rejected | BreakerOpens => Hurt::Failures,
            PendingAnswers | Confirmed | FailedLater | Compensated | ConfirmP50 | ConfirmP95
            | ConsistencyP50 | ConsistencyP95 | ConsistencyMax | Published | Processed
            | Backlog | Lag | DeadLettered | Redeliveries | OutOfOrder | Duplicates | Lost => {
                Hurt::Consistency
            }
            Arrived | Calls | Retries | Utilisation | Handled => Hurt::Load,
        }
    }
}

pub use wirelab_model::Fix;

/// A finding the review can give, as its help and docs list it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AntiPattern {
    /// The finding's stable id.
    pub id: &'static str,
    /// The question the learner should ask themselves.
    pub question: &'static str,
    /// What is measured, and from when it is a finding, in a line (for the docs).
    pub what: &'static str,
    /// What it makes worse.
    pub hurts: &'static [Hurt],
}

impl AntiPattern {
    /// A finding of this anti-pattern.
    fn found(
        &self,
        elements: Vec<String>,
        title: String,
        evidence: BTreeMap<&'static str, f64>,
        said: String,
        fix: Option<Fix>,
    ) -> Finding {
        Finding {
            id: self.id,
            elements,
            title,
            question: self.question,
            evidence,
            said,
            fix,
            hurts: self.hurts,
        }
    }
}

/// What one question is about.
#[derive(Clone, Copy, Debug)]
pub(super) enum About {
    Node(NodeId),
    Wire(WireId),
    /// A subscription and a producer of its topic.
    Subscription {
        sub: WireId,
        producer: NodeId,
    },
    /// A retried call and a retried call of its callee.
    Nested {
        outer: WireId,
        inner: WireId,
    },
}

/// One anti-pattern's rule: what it asks about, needs and finds.
#[derive(Debug)]
pub(super) struct Rule {
    /// The findings it gives: one, or one of two by the design's shape.
    pub gives: &'static [AntiPattern],
    /// The parts of a design it asks about, in order.
    pub asks: fn(&Scenario) -> Vec<About>,
    /// What a question needs measured, or `None` when it does not apply to the design
    /// (its structure rules it out before anything is run).
    pub needs: fn(&Reviewer, About) -> Option<Vec<Need>>,
    /// The finding its measurements show, if any.
    pub judge: fn(&Reviewer, About) -> Option<Finding>,
}

/// Every rule, in the order the review asks its questions and lists its findings.
pub(super) const RULES: [&Rule; 11] = [
    &sync_side_effect::RULE,
    &query_over_broker::RULE,
    &lost_on_broker_down::RULE,
    &non_idempotent_consumer::RULE,
    &retry_without_key::RULE,
    &no_timeout::RULE,
    &fail_open_access::RULE,
    &callback_consumer::RULE,
    &retry_amplification::RULE,
    &long_sync_chain::RULE,
    &pending_never_settled::RULE,
];

/// Every finding the review can give, in the order it asks (the CLI's help and the docs
/// list these).
pub fn anti_patterns() -> impl Iterator<Item = &'static AntiPattern> {
    RULES.into_iter().flat_map(|r| r.gives)
}

/// A broken part's effect is worth a finding from this share of failed requests up.
const FAILS: f64 = 0.10;
/// Answers and acks lost while measuring duplicates.
pub(super) const LOSE_RATE: f64 = 0.2;

/// One question the review asks of the design.
#[derive(Clone, Copy, Debug)]
pub(super) enum Task {
    /// The blast radius of a service or topic: no finding, a row of the table.
    Impact(NodeId),
    Ask(&'static Rule, About),
}

/// The questions the review asks of `s`, in the order its findings are listed.
pub(super) fn questions(s: &Scenario) -> VecDeque<Task> {
    let impacts = s
        .nodes
        .iter()
        .filter(|n| n.kind.tag() != Kind::Users)
        .map(|n| Task::Impact(n.id));
    let asks = RULES
        .into_iter()
        .flat_map(|rule| (rule.asks)(s).into_iter().map(move |a| Task::Ask(rule, a)));
    impacts.chain(asks).collect()
}

/// Every wire of the design.
fn every_wire(s: &Scenario) -> Vec<About> {
    s.wires.iter().map(|w| About::Wire(w.id)).collect()
}

impl Reviewer {
    /// What a question needs measured (see [`Rule::needs`]).
    pub(super) fn needs(&self, task: Task) -> Option<Vec<Need>> {
        match task {
            Task::Impact(n) => Some(vec![Need::Down(n)]),
            Task::Ask(rule, about) => (rule.needs)(self, about),
        }
    }

    /// The finding a question's measurements show, if any.
    pub(super) fn judge(&self, task: Task) -> Option<Finding> {
        match task {
            Task::Impact(_) => None,
            Task::Ask(rule, about) => (rule.judge)(self, about),
        }
    }

    /// The measurement `need`, if it was made.
    fn got(&self, need: Need) -> Option<&Measured> {
        self.measured.get(&need).and_then(Option::as_ref)
    }

    fn name(&self, id: NodeId) -> String {
        self.s.node(id).map_or_else(String::new, |n| n.name.clone())
    }

    fn is(&self, id: NodeId, kind: Kind) -> bool {
        self.s.node(id).is_some_and(|n| n.kind.tag() == kind)
    }

    fn wire(&self, id: WireId) -> Option<(NodeId, NodeId, WireKind)> {
        self.s.wire(id).map(|w| (w.from, w.to, w.kind.clone()))
    }

    /// The call a question is about: the wire, its caller, its callee and its settings
    /// (`None` when the question is about something else).
    fn call(&self, about: About) -> Option<(WireId, NodeId, NodeId, CallConfig)> {
        let About::Wire(id) = about else { return None };
        match self.wire(id)? {
            (from, to, WireKind::Call(c)) => Some((id, from, to, c)),
            _ => None,
        }
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
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_finding_has_its_own_id() {
        let mut ids: Vec<&str> = anti_patterns().map(|a| a.id).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{ids:?}");
    }

    /// The lines the docs list state the shared thresholds the rules judge by.
    #[test]
    fn the_words_state_the_thresholds() {
        let what = |id: &str| anti_patterns().find(|a| a.id == id).map_or("", |a| a.what);
        for id in ["non-idempotent-consumer", "retry-without-key"] {
            assert!(what(id).contains(&pct(LOSE_RATE)), "{id}: {}", what(id));
        }
        assert_eq!(FAILS, 0.10, "the docs say \"a tenth\"");
        for id in [
            "sync-side-effect",
            "query-over-broker",
            "no-timeout",
            "callback-consumer",
        ] {
            assert!(what(id).contains("a tenth"), "{id}: {}", what(id));
        }
    }
}
