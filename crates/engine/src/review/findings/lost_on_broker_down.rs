//! A publish that drops its event while the broker is down: the state change stays,
//! the fact is gone.

use std::collections::BTreeMap;

use wirelab_model::{BrokerDownPolicy, PublishConfig, WireKind};

use super::{About, AntiPattern, Finding, Fix, Hurt, Rule};
use crate::review::reviewer::{Need, Reviewer};

const LOST_ON_BROKER_DOWN: AntiPattern = AntiPattern {
    id: "lost-on-broker-down",
    question: "If the broker is down, does the fact disappear while the state change stays?",
    what: "a publish that drops its event when the broker is down; from one event lost with the broker down",
    hurts: &[Hurt::Consistency],
};

pub(super) const RULE: Rule = Rule {
    gives: &[LOST_ON_BROKER_DOWN],
    asks: super::every_wire,
    needs,
    judge,
};

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let About::Wire(id) = about else { return None };
    let (_, to, WireKind::Publish(p)) = r.wire(id)? else {
        return None;
    };
    (p.on_broker_down == BrokerDownPolicy::Drop).then(|| vec![Need::Baseline, Need::Down(to)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let About::Wire(id) = about else { return None };
    let (from, to, WireKind::Publish(p)) = r.wire(id)? else {
        return None;
    };
    let base = r.got(Need::Baseline)?.report.events.lost;
    let lost = r
        .got(Need::Down(to))?
        .report
        .events
        .lost
        .saturating_sub(base);
    if lost == 0 {
        return None;
    }
    let (a, t) = (r.name(from), r.name(to));
    Some(LOST_ON_BROKER_DOWN.found(
        vec![a.clone(), t.clone()],
        format!("{a} drops its event when the broker {t} is down"),
        BTreeMap::from([("lost", lost as f64)]),
        format!(
            "With {t} down for {}, {lost} events were lost for good.",
            crate::review::window::outage()
        ),
        Some(Fix::Set {
            wire: id,
            settings: WireKind::Publish(PublishConfig {
                on_broker_down: BrokerDownPolicy::Outbox,
                ..p
            }),
            label: format!("Give {a} an outbox for {t}"),
        }),
    ))
}
