//! A consumer that handles a redelivered event again: delivery is at least once.

use std::collections::BTreeMap;

use wirelab_model::{SubscribeConfig, WireKind};

use super::{About, AntiPattern, Finding, Fix, Hurt, Rule, LOSE_RATE};
use crate::review::reviewer::{Need, Reviewer};

const NON_IDEMPOTENT_CONSUMER: AntiPattern = AntiPattern {
    id: "non-idempotent-consumer",
    question: "Delivery is at least once: what happens when the same event arrives twice?",
    what: "a subscription that redelivers to a consumer that is not idempotent; from one duplicate handled with 20 % of its acks lost",
    hurts: &[Hurt::Consistency],
};

pub(super) const RULE: Rule = Rule {
    gives: &[NON_IDEMPOTENT_CONSUMER],
    asks: super::every_wire,
    needs,
    judge,
};

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let About::Wire(id) = about else { return None };
    let (_, _, WireKind::Subscribe(sub)) = r.wire(id)? else {
        return None;
    };
    (!sub.idempotent && sub.max_deliveries > 1).then(|| vec![Need::LoseAnswers(id)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let About::Wire(id) = about else { return None };
    let (from, to, WireKind::Subscribe(sub)) = r.wire(id)? else {
        return None;
    };
    let (t, c) = (r.name(from), r.name(to));
    let dup = r
        .got(Need::LoseAnswers(id))?
        .report
        .subscriptions
        .iter()
        .find(|s| s.topic == t && s.consumer == c)
        .map_or(0, |s| s.duplicates);
    if dup == 0 {
        return None;
    }
    Some(NON_IDEMPOTENT_CONSUMER.found(
        vec![t.clone(), c.clone()],
        format!("{c} handles a redelivered {t} event again"),
        BTreeMap::from([("duplicates", dup as f64)]),
        format!(
            "With {} of the acks from {c} lost for {}, {c} handled {dup} events twice.",
            super::pct(LOSE_RATE),
            crate::review::window::outage()
        ),
        Some(Fix::Set {
            wire: id,
            settings: WireKind::Subscribe(SubscribeConfig {
                idempotent: true,
                ..sub
            }),
            label: format!("Make {c} idempotent for {t}"),
        }),
    ))
}
