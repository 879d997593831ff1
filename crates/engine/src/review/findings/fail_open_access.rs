//! A service needs a call's answer, yet carries on without it: an access check that
//! lets everyone through while it is down.

use std::collections::BTreeMap;

use wirelab_model::{CallConfig, FailurePolicy, Kind, WireKind};

use super::{About, AntiPattern, Finding, Fix, Hurt, Rule};
use crate::review::reviewer::{Need, Reviewer};

const FAIL_OPEN_ACCESS: AntiPattern = AntiPattern {
    id: "fail-open-access",
    question: "If this is a check (may this person do this?), what is the safe answer when it cannot be asked? The safe answer is no.",
    what: "a service's call whose answer is needed, degraded on failure; from one request let through with the callee down",
    hurts: &[Hurt::Failures],
};

pub(super) const RULE: Rule = Rule {
    gives: &[FAIL_OPEN_ACCESS],
    asks: super::every_wire,
    needs,
    judge,
};

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let (_, from, to, c) = r.call(about)?;
    (r.is(from, Kind::Service) && c.answer_needed && c.on_failure == FailurePolicy::Degrade)
        .then(|| vec![Need::Down(to)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let (id, from, to, c) = r.call(about)?;
    let (a, b) = (r.name(from), r.name(to));
    let through = r
        .got(Need::Down(to))?
        .report
        .wires
        .iter()
        .find(|w| w.from == a && w.to == b)
        .map_or(0, |w| w.degraded);
    if through == 0 {
        return None;
    }
    Some(FAIL_OPEN_ACCESS.found(
        vec![a.clone(), b.clone()],
        format!("{a} needs {b}'s answer, yet carries on without it"),
        BTreeMap::from([("let_through", through as f64)]),
        format!(
            "With {b} down for {}, {a} answered {through} requests without its answer: let through unchecked.",
            crate::review::window::outage()
        ),
        Some(Fix::Set {
            wire: id,
            settings: WireKind::Call(CallConfig {
                on_failure: FailurePolicy::FailClosed,
                ..c
            }),
            label: format!("Deny when {b} cannot answer (fail closed)"),
        }),
    ))
}
