//! A consumer that calls the producer back for what the event should have carried:
//! still coupled to the producer, in the numbers and not only in the drawing.

use std::collections::BTreeMap;

use wirelab_model::{Scenario, WireKind};

use super::{About, AntiPattern, Finding, Hurt, Rule, FAILS};
use crate::review::reviewer::{Need, Reviewer};

const CALLBACK_CONSUMER: AntiPattern = AntiPattern {
    id: "callback-consumer",
    question: "Does the event carry what its consumers need, or are they still coupled to the producer?",
    what: "a consumer calling its producer back; from a tenth of its handling failed with the producer down",
    hurts: &[Hurt::Consistency],
};

pub(super) const RULE: Rule = Rule {
    gives: &[CALLBACK_CONSUMER],
    asks,
    needs,
    judge,
};

/// Each subscription with each producer of its topic.
fn asks(s: &Scenario) -> Vec<About> {
    let subs = s
        .wires
        .iter()
        .filter(|w| matches!(w.kind, WireKind::Subscribe(_)));
    subs.flat_map(|sub| {
        s.wires
            .iter()
            .filter(|p| p.to == sub.from && matches!(p.kind, WireKind::Publish(_)))
            .map(|p| About::Subscription {
                sub: sub.id,
                producer: p.from,
            })
    })
    .collect()
}

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let About::Subscription { sub, producer } = about else {
        return None;
    };
    let (_, consumer, _) = r.wire(sub)?;
    let calls_back =
        r.s.wires
            .iter()
            .any(|w| w.from == consumer && w.to == producer && matches!(w.kind, WireKind::Call(_)));
    calls_back.then(|| vec![Need::Down(producer)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let About::Subscription { sub, producer } = about else {
        return None;
    };
    let (topic, consumer, _) = r.wire(sub)?;
    let (p, t, c) = (r.name(producer), r.name(topic), r.name(consumer));
    let (failed, handled) = r
        .got(Need::Down(producer))?
        .report
        .services
        .iter()
        .find(|s| s.name == c)
        .map_or((0, 0), |s| (s.failed, s.handled));
    // The callback failed a share of the consumer's work while the producer was down.
    let share = failed as f64 / (failed + handled).max(1) as f64;
    if share < FAILS {
        return None;
    }
    Some(CALLBACK_CONSUMER.found(
        vec![p.clone(), t.clone(), c.clone()],
        format!("{c} calls {p} back for what the {t} event should carry"),
        BTreeMap::from([
            ("consumer_failures_producer_down", failed as f64),
            ("consumer_failed_share_producer_down", share),
        ]),
        format!(
            "With {p} down for {}, {c}'s handling failed {failed} times: the event arrived, the data did not.",
            crate::review::window::outage()
        ),
        None,
    ))
}
