//! A question asked through a broker (request/reply): more hops, more latency, more
//! failure modes than a direct call; through a command queue, a synchronous dependency
//! disguised behind a queue.

use std::collections::BTreeMap;

use wirelab_model::{NodeKind, WireKind};

use super::{About, AntiPattern, Finding, Fix, Hurt, Rule, FAILS};
use crate::review::reviewer::{Need, Reviewer};

/// A detour through a broker is worth a finding from this much extra wait (p95, ms)
/// over the same call made directly.
const DETOUR_MS: f64 = 1.0;

const QUERY_OVER_BROKER: AntiPattern = AntiPattern {
    id: "query-over-broker",
    question: "More hops, more latency, more failure modes: is the broker buying anything here?",
    what: "request/reply through a topic; from 1 ms of extra wait p95 over a direct call, or a tenth of the requests failed with the responder down",
    hurts: &[Hurt::Wait, Hurt::Failures],
};

const SYNC_BEHIND_QUEUE: AntiPattern = AntiPattern {
    id: "sync-behind-queue",
    question: "Is this asynchronous, or a synchronous dependency disguised behind a queue?",
    what: "request/reply through a command queue, measured as `query-over-broker`",
    hurts: &[Hurt::Wait, Hurt::Failures],
};

pub(super) const RULE: Rule = Rule {
    gives: &[QUERY_OVER_BROKER, SYNC_BEHIND_QUEUE],
    asks: super::every_wire,
    needs,
    judge,
};

fn needs(r: &Reviewer, about: About) -> Option<Vec<Need>> {
    let About::Wire(id) = about else { return None };
    let (_, to, WireKind::RequestReply(_)) = r.wire(id)? else {
        return None;
    };
    Some(vec![Need::Baseline, Need::Direct(id), Need::Down(to)])
}

fn judge(r: &Reviewer, about: About) -> Option<Finding> {
    let About::Wire(id) = about else { return None };
    let (from, to, WireKind::RequestReply(rr)) = r.wire(id)? else {
        return None;
    };
    let (base, direct) = (r.got(Need::Baseline)?, r.got(Need::Direct(id))?);
    // Measured only when both designs answered someone.
    let extra = match (base.wait_p95_us, direct.wait_p95_us) {
        (Some(a), Some(b)) => Some((a as f64 - b as f64) / 1000.0),
        _ => None,
    };
    let failed = 1.0 - r.got(Need::Down(to))?.success_rate();
    let slower = extra.filter(|&x| x >= DETOUR_MS);
    let fails = (failed >= FAILS).then_some(failed);
    if slower.is_none() && fails.is_none() {
        return None;
    }
    let (a, b, t) = (r.name(from), r.name(to), r.name(rr.via));
    // Through a command queue the caller still waits.
    let queue = matches!(
        r.s.node(rr.via).map(|n| &n.kind),
        Some(NodeKind::Topic(tc)) if tc.queue
    );
    let (finding, title) = if queue {
        (
            SYNC_BEHIND_QUEUE,
            format!("{a} waits behind the queue {t} for {b}'s result"),
        )
    } else {
        (
            QUERY_OVER_BROKER,
            format!("{a} asks {b} a question through the broker {t}"),
        )
    };
    let outage = crate::review::window::outage();
    Some(finding.found(
        vec![a.clone(), t.clone(), b.clone()],
        title,
        BTreeMap::from([
            ("extra_wait_p95_ms", extra.unwrap_or(0.0)),
            ("failed_share_responder_down", failed),
        ]),
        [
            slower.map(|x| {
                format!("The wait's 95th percentile is {x:.1} ms longer than with a direct call.")
            }),
            fails.map(|f| {
                format!(
                    "With {b} down for {outage}, {} of the requests failed (they waited for a reply that never came).",
                    super::pct(f)
                )
            }),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" "),
        Some(Fix::Set {
            wire: id,
            settings: WireKind::Call(r.direct_call(id)?),
            label: format!("Make {a} → {b} a direct call"),
        }),
    ))
}
