//! A service waits for a call whose answer it does not need, and fails its customer
//! when the callee fails: a side effect made synchronous.

use std::collections::BTreeMap;

use wirelab_model::{FailurePolicy, Kind};

use super::{About, AntiPattern, Finding, Fix, Hurt, Rule, FAILS};
use crate::review::impact::impact_from;
use crate::review::reviewer::{Need, Reviewer};

const SYNC_SIDE_EFFECT: AntiPattern = AntiPattern {
    id: "sync-side-effect",
    question: "Do I need an answer now, or am I announcing that something happened?",
    what: "a service's call whose answer is not needed, yet whose failure fails the request; from a tenth of the requests failed with the callee down",
    hurts: &[Hurt::Failures, Hurt::Wait],
};

pub(super) const RULE: Rule = Rule {
    gives: &[SYNC_SIDE_EFFECT],
    asks: super::every_wire,
    needs,
    judge,
};

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let (_, from, to, c) = r.call(about)?;
    (r.is(from, Kind::Service) && !c.answer_needed && c.on_failure == FailurePolicy::Fail)
        .then(|| vec![Need::Down(to)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let About::Wire(id) = about else { return None };
    let (from, to, _) = r.wire(id)?;
    let imp = impact_from(&r.s, to, r.got(Need::Down(to))?)?;
    let failed = 1.0 - imp.success_rate;
    if failed < FAILS {
        return None;
    }
    let (a, b) = (r.name(from), r.name(to));
    Some(SYNC_SIDE_EFFECT.found(
        vec![a.clone(), b.clone()],
        format!("{a} waits for {b}, and fails its customer when {b} fails"),
        BTreeMap::from([
            ("failed_share", failed),
            ("customers", imp.customers as f64),
        ]),
        format!(
            "With {b} down for {}, {} of the {} requests that arrived meanwhile failed.",
            crate::review::window::outage(),
            super::pct(failed),
            imp.customers
        ),
        Some(Fix::Event {
            wire: id,
            label: format!("Turn {a} → {b} into an event"),
        }),
    ))
}
