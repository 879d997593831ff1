//! Many services in one chain of synchronous calls: a distributed monolith, whose
//! availability is about the product of theirs.

use std::collections::BTreeMap;

use wirelab_model::{Kind, Scenario};

use super::{About, AntiPattern, Finding, Hurt, Rule};
use crate::review::reviewer::{Need, Reviewer};

/// Services in one synchronous chain from which it is a finding.
const LONG_CHAIN: usize = 4;

const LONG_SYNC_CHAIN: AntiPattern = AntiPattern {
    id: "long-sync-chain",
    question: "Is this a distributed monolith? Every service in the chain must be up for a customer to be answered.",
    what: "4 or more services in one chain of calls from the customers, each of which, down, fails at least half of the requests",
    hurts: &[Hurt::Failures, Hurt::Wait],
};

pub(super) const RULE: Rule = Rule {
    gives: &[LONG_SYNC_CHAIN],
    asks,
    needs,
    judge,
};

/// The longest chain from each users node.
fn asks(s: &Scenario) -> Vec<About> {
    s.nodes
        .iter()
        .filter(|n| n.kind.tag() == Kind::Users)
        .map(|n| About::Node(n.id))
        .collect()
}

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let About::Node(users) = about else {
        return None;
    };
    let chain = r.longest_chain(users);
    (chain.len() >= LONG_CHAIN).then(|| chain.into_iter().map(Need::Down).collect())
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let About::Node(users) = about else {
        return None;
    };
    let chain = r.longest_chain(users);
    let shares: Vec<f64> = chain
        .iter()
        .map(|n| r.got(Need::Down(*n)).map(|x| 1.0 - x.success_rate()))
        .collect::<Option<_>>()?;
    let least = shares.iter().copied().fold(1.0, f64::min);
    if least < 0.5 {
        return None;
    }
    let names: Vec<String> = chain.iter().map(|n| r.name(*n)).collect();
    Some(LONG_SYNC_CHAIN.found(
        names.clone(),
        format!(
            "{} services in one synchronous chain: {}",
            names.len(),
            names.join(" → ")
        ),
        BTreeMap::from([
            ("services", names.len() as f64),
            ("least_failed_share", least),
        ]),
        format!(
            "Taking down any one of the {} failed at least {} of the requests that arrived meanwhile: availability is about the product of theirs.",
            names.len(),
            super::pct(least)
        ),
        None,
    ))
}
