//! Retries on a call and on the callee's own call: the attempts multiply, just when the
//! service at the end can least take them.

use std::collections::BTreeMap;

use wirelab_model::{CallConfig, Scenario, Wire, WireKind};

use super::{About, AntiPattern, Finding, Fix, Hurt, Rule};
use crate::review::reviewer::{Need, Reviewer};
use crate::review::Measured;

/// Attempts per customer at the inner callee from which it is a finding.
const AMPLIFIED: f64 = 3.0;

const RETRY_AMPLIFICATION: AntiPattern = AntiPattern {
    id: "retry-amplification",
    question: "When the slow service struggles, how many times does one customer's request hit it?",
    what: "a retried call whose callee retries its own call; from 3 attempts per customer at the inner callee while it is hung",
    hurts: &[Hurt::Load, Hurt::Wait, Hurt::Failures],
};

pub(super) const RULE: Rule = Rule {
    gives: &[RETRY_AMPLIFICATION],
    asks,
    needs,
    judge,
};

/// Each retried call with each retried call of its callee.
fn asks(s: &Scenario) -> Vec<About> {
    let retried = |w: &&Wire| matches!(&w.kind, WireKind::Call(c) if c.max_attempts > 1);
    s.wires
        .iter()
        .filter(retried)
        .flat_map(|outer| {
            s.wires
                .iter()
                .filter(retried)
                .filter(move |w| w.from == outer.to)
                .map(|inner| About::Nested {
                    outer: outer.id,
                    inner: inner.id,
                })
        })
        .collect()
}

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let About::Nested { inner, .. } = about else {
        return None;
    };
    Some(vec![Need::Baseline, Need::Hung(r.wire(inner)?.1)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let About::Nested { outer, inner } = about else {
        return None;
    };
    let (a, b, _) = r.wire(outer)?;
    let (_, c, WireKind::Call(ci)) = r.wire(inner)? else {
        return None;
    };
    let (an, bn, cn) = (r.name(a), r.name(b), r.name(c));
    let attempts = |m: &Measured| {
        m.report
            .wires
            .iter()
            .find(|w| w.from == bn && w.to == cn)
            .map_or(0, |w| w.calls + w.retries)
    };
    let hung = r.got(Need::Hung(c))?;
    let extra = attempts(hung).saturating_sub(attempts(r.got(Need::Baseline)?));
    let customers = hung.outcomes.total().max(1);
    let per = 1.0 + extra as f64 / customers as f64;
    if per < AMPLIFIED {
        return None;
    }
    Some(RETRY_AMPLIFICATION.found(
        vec![an.clone(), bn.clone(), cn.clone()],
        format!("{an} retries {bn}, which retries {cn}: the attempts multiply"),
        BTreeMap::from([
            ("attempts_per_customer", per),
            ("customers", customers as f64),
        ]),
        format!(
            "With {cn} hung for {}, it received {per:.1} attempts per customer who arrived meanwhile, just when it could least take them.",
            crate::review::window::outage()
        ),
        Some(Fix::Set {
            wire: inner,
            settings: WireKind::Call(CallConfig {
                max_attempts: 1,
                ..ci
            }),
            label: format!("Retry at one level only: {bn} → {cn} tries once"),
        }),
    ))
}
