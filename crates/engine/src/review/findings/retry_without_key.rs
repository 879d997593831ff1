//! A retried call without an idempotency key: a lost answer and a retry do the work
//! twice.

use std::collections::BTreeMap;

use wirelab_model::{CallConfig, Kind, WireKind};

use super::{About, AntiPattern, Finding, Fix, Hurt, Rule, LOSE_RATE};
use crate::review::reviewer::{Need, Reviewer};

const RETRY_WITHOUT_KEY: AntiPattern = AntiPattern {
    id: "retry-without-key",
    question: "If the answer is lost and I ask again, does it happen twice?",
    what: "a retried call to a service without an idempotency key; from one double effect with 20 % of its answers lost",
    hurts: &[Hurt::Consistency],
};

pub(super) const RULE: Rule = Rule {
    gives: &[RETRY_WITHOUT_KEY],
    asks: super::every_wire,
    needs,
    judge,
};

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let (id, _, to, c) = r.call(about)?;
    (c.max_attempts > 1 && !c.idempotency_key && r.is(to, Kind::Service))
        .then(|| vec![Need::LoseAnswers(id)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let (id, from, to, c) = r.call(about)?;
    let (a, b) = (r.name(from), r.name(to));
    let dup = r
        .got(Need::LoseAnswers(id))?
        .report
        .services
        .iter()
        .find(|s| s.name == b)
        .map_or(0, |s| s.duplicates);
    if dup == 0 {
        return None;
    }
    Some(RETRY_WITHOUT_KEY.found(
        vec![a.clone(), b.clone()],
        format!("{a} retries {b} without an idempotency key"),
        BTreeMap::from([("double_effects", dup as f64)]),
        format!(
            "With {} of the answers from {b} lost for {}, {b} did the work twice {dup} times.",
            super::pct(LOSE_RATE),
            crate::review::window::outage()
        ),
        Some(Fix::Set {
            wire: id,
            settings: WireKind::Call(CallConfig {
                idempotency_key: true,
                ..c
            }),
            label: format!("Send an idempotency key on {a} → {b}"),
        }),
    ))
}
