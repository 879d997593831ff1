//! A service's call that waits longer than the customers do: a hung callee holds the
//! caller's workers until the customers give up.

use std::collections::BTreeMap;

use wirelab_model::{CallConfig, Kind, WireKind};

use super::{About, AntiPattern, Finding, Fix, Hurt, Rule, FAILS};
use crate::review::reviewer::{Need, Reviewer};

const NO_TIMEOUT: AntiPattern = AntiPattern {
    id: "no-timeout",
    question: "How long am I willing to wait, and what do I do then?",
    what: "a service's call timing out at or past the customers' patience; from a tenth of the requests failed with the callee hung",
    hurts: &[Hurt::Wait, Hurt::Failures],
};

pub(super) const RULE: Rule = Rule {
    gives: &[NO_TIMEOUT],
    asks: super::every_wire,
    needs,
    judge,
};

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let (_, from, to, c) = r.call(about)?;
    (r.is(from, Kind::Service) && r.patience().is_some_and(|p| c.timeout_ms >= p))
        .then(|| vec![Need::Hung(to)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let (id, from, to, c) = r.call(about)?;
    let failed = 1.0 - r.got(Need::Hung(to))?.success_rate();
    if failed < FAILS {
        return None;
    }
    let patience = r.patience()?;
    let (a, b) = (r.name(from), r.name(to));
    let timeout = (patience / 4.0).clamp(50.0, 2_000.0).round();
    Some(NO_TIMEOUT.found(
        vec![a.clone(), b.clone()],
        format!(
            "{a} waits {:.0} ms for {b}, longer than a customer waits ({patience:.0} ms)",
            c.timeout_ms
        ),
        BTreeMap::from([
            ("failed_share_hung", failed),
            ("timeout_ms", c.timeout_ms),
        ]),
        format!(
            "With {b} hung for {}, {} of the requests failed: {a}'s workers were held until the customers gave up.",
            crate::review::window::outage(),
            super::pct(failed)
        ),
        Some(Fix::Set {
            wire: id,
            settings: WireKind::Call(CallConfig {
                timeout_ms: timeout,
                ..c
            }),
            label: format!("Time {a} → {b} out after {timeout:.0} ms"),
        }),
    ))
}
