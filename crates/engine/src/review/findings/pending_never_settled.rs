//! A service that answers "accepted, pending", and some of those requests fail later
//! without anything undoing them: the customer is never told otherwise.

use std::collections::BTreeMap;

use wirelab_model::{NodeKind, Scenario};

use super::{About, AntiPattern, Finding, Hurt, Rule};
use crate::review::reviewer::{Need, Reviewer};
use crate::review::Measured;

const PENDING_NEVER_SETTLED: AntiPattern = AntiPattern {
    id: "pending-never-settled",
    question: "If the work fails after the answer, what undoes it, and who tells the customer?",
    what: "a service answering \"accepted, pending\" whose requests fail later and are never undone, in a plain run or with a consumer of its events down",
    hurts: &[Hurt::Consistency],
};

pub(super) const RULE: Rule = Rule {
    gives: &[PENDING_NEVER_SETTLED],
    asks,
    needs,
    judge,
};

/// Each service that answers "accepted, pending".
fn asks(s: &Scenario) -> Vec<About> {
    s.nodes
        .iter()
        .filter(|n| matches!(&n.kind, NodeKind::Service(c) if c.answer_pending))
        .map(|n| About::Node(n.id))
        .collect()
}

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let About::Node(svc) = about else {
        return None;
    };
    let mut needs = vec![Need::Baseline];
    needs.extend(r.consumers_of(svc).into_iter().map(Need::Down));
    Some(needs)
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let About::Node(svc) = about else {
        return None;
    };
    // The worst of a plain run and each consumer down over the window.
    let outage = crate::review::window::outage();
    let mut cases = vec![(
        r.got(Need::Baseline)?,
        "In a run with nothing broken".to_string(),
    )];
    for c in r.consumers_of(svc) {
        cases.push((
            r.got(Need::Down(c))?,
            format!("With {} down for {outage}", r.name(c)),
        ));
    }
    let stuck = |x: &Measured| x.report.pending.failed_later - x.report.pending.compensated;
    let (worst, when) = cases.into_iter().max_by_key(|(x, _)| stuck(x))?;
    let (n, p) = (stuck(worst), worst.report.pending);
    if n == 0 {
        return None;
    }
    let name = r.name(svc);
    Some(PENDING_NEVER_SETTLED.found(
        vec![name.clone()],
        format!("{name} tells customers \"accepted, pending\", and some are never told otherwise"),
        BTreeMap::from([
            ("pending_answers", p.answered as f64),
            ("failed_later", p.failed_later as f64),
            ("never_undone", n as f64),
        ]),
        format!(
            "{when}, {} of {} pending answers failed later and {n} were never undone: those orders stay pending. A compensating event (published only on failure) lets another service cancel them.",
            p.failed_later, p.answered
        ),
        None,
    ))
}
