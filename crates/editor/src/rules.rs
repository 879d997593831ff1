//! Wiring rules: which connections make sense, and a human reason when one does not.
//! The same checks serve `apply` (refusing the edit) and the live wiring preview (the
//! reason shown at the pointer before the user lets go).

use crate::palette::event_name;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use wirelab_model::{NodeId, NodeKind, Scenario, WireKind};

/// The one decision Wirelab is about: call and wait, or publish a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    Call,
    Event,
}

impl Style {
    pub fn of(kind: &WireKind) -> Style {
        match kind {
            WireKind::Call(_) | WireKind::RequestReply(_) => Style::Call,
            WireKind::Publish(_) | WireKind::Subscribe(_) => Style::Event,
        }
    }
}

/// What a connect gesture turns into.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// One call wire.
    Call,
    /// A service publishes to a topic.
    Publish,
    /// A service subscribes to a topic.
    Subscribe,
    /// Service to service by event: through the topic named for the event, reusing it
    /// when it exists (`topic`) or creating one called `name`.
    ViaTopic { topic: Option<NodeId>, name: String },
}

fn name(doc: &Scenario, id: NodeId) -> String {
    doc.node(id)
        .map_or_else(|| format!("node {}", id.0), |n| n.name.clone())
}

fn has_wire(doc: &Scenario, from: NodeId, to: NodeId) -> bool {
    doc.wires.iter().any(|w| w.from == from && w.to == to)
}

/// Checks a connection and says what it becomes, or why it is refused.
pub fn plan_connect(
    doc: &Scenario,
    from: NodeId,
    to: NodeId,
    style: Style,
) -> Result<Plan, String> {
    let (Some(a), Some(b)) = (doc.node(from), doc.node(to)) else {
        return Err("that node no longer exists".into());
    };
    if from == to {
        return Err(format!("{} cannot be wired to itself", a.name));
    }
    if matches!(b.kind, NodeKind::Users(_)) {
        return Err("nothing can be wired into users: they only make requests".into());
    }
    match (style, &a.kind, &b.kind) {
        (Style::Call, NodeKind::Topic(_), _) => {
            Err(format!("a topic cannot call: {} only delivers events to its subscribers", a.name))
        }
        (Style::Call, NodeKind::Users(_), NodeKind::Topic(_)) => Err(
            "users wait for an answer, and a topic gives none: wire users to a service".into(),
        ),
        (Style::Call, _, NodeKind::Topic(_)) => Err(format!(
            "a call waits for an answer, and a topic gives none: publish to {} with an event wire instead",
            b.name
        )),
        (Style::Call, NodeKind::Users(_), _) => {
            if let Some(w) = doc.wires.iter().find(|w| w.from == from) {
                return Err(format!(
                    "{} already call {}: users have exactly one entry service",
                    a.name,
                    name(doc, w.to)
                ));
            }
            Ok(Plan::Call)
        }
        (Style::Call, _, _) => {
            if has_wire(doc, from, to) {
                return Err(format!("{} is already wired to {}", a.name, b.name));
            }
            check_no_cycle(doc, &[(from, to)])?;
            Ok(Plan::Call)
        }
        (Style::Event, NodeKind::Users(_), _) => Err(
            "users can only call services: a person waits for an answer instead of publishing".into(),
        ),
        (Style::Event, NodeKind::Topic(_), NodeKind::Topic(_)) => Err(format!(
            "a topic cannot feed another topic: add a service that subscribes to {} and publishes to {}",
            a.name, b.name
        )),
        (Style::Event, NodeKind::Topic(t), _) => {
            if has_wire(doc, from, to) {
                return Err(format!("{} already subscribes to {}", b.name, a.name));
            }
            if let Some(h) = doc.wires.iter().find(|w| w.from == from).filter(|_| t.queue) {
                return Err(wirelab_model::second_handler(&a.name, &name(doc, h.to)));
            }
            Ok(Plan::Subscribe)
        }
        (Style::Event, _, NodeKind::Topic(_)) => {
            if has_wire(doc, from, to) {
                return Err(format!("{} already publishes to {}", a.name, b.name));
            }
            Ok(Plan::Publish)
        }
        (Style::Event, _, _) => {
            let event = event_name(&a.name);
            let topic = doc
                .node_by_name(&event)
                .filter(|t| matches!(t.kind, NodeKind::Topic(_)))
                .map(|t| t.id);
            if let Some(t) = topic {
                if has_wire(doc, from, t) && has_wire(doc, t, to) {
                    return Err(format!(
                        "{} already publishes {event} and {} already subscribes to it",
                        a.name, b.name
                    ));
                }
                // A command queue with its handler takes no second one (the same rule as
                // subscribing to it directly).
                if !has_wire(doc, t, to) {
                    plan_connect(doc, t, to, Style::Event)?;
                }
            }
            Ok(Plan::ViaTopic { topic, name: event })
        }
    }
}

/// The sync-call graph: calls and request/reply wires (both hold the caller waiting).
fn call_edges(doc: &Scenario) -> BTreeMap<NodeId, BTreeSet<NodeId>> {
    let mut edges: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
    for w in doc
        .wires
        .iter()
        .filter(|w| Style::of(&w.kind) == Style::Call)
    {
        edges.entry(w.from).or_default().insert(w.to);
    }
    edges
}

/// Refuses new call edges that would close a cycle of waiting callers.
pub fn check_no_cycle(doc: &Scenario, new_edges: &[(NodeId, NodeId)]) -> Result<(), String> {
    let mut edges = call_edges(doc);
    for &(from, to) in new_edges {
        if let Some(path) = find_path(&edges, to, from) {
            let mut names: Vec<String> = std::iter::once(from)
                .chain(path)
                .map(|id| name(doc, id))
                .collect();
            names.push(name(doc, to));
            return Err(format!(
                "a call {} → {} would close the cycle {}: each would hold a worker waiting on the next, a deadlock",
                name(doc, from),
                name(doc, to),
                names.join(" → ")
            ));
        }
        edges.entry(from).or_default().insert(to);
    }
    Ok(())
}

/// Breadth-first path `start … goal` (inclusive), shortest first so the message is short.
fn find_path(
    edges: &BTreeMap<NodeId, BTreeSet<NodeId>>,
    start: NodeId,
    goal: NodeId,
) -> Option<Vec<NodeId>> {
    let mut parent: BTreeMap<NodeId, NodeId> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    let mut seen = BTreeSet::from([start]);
    while let Some(n) = queue.pop_front() {
        if n == goal {
            let mut path = vec![n];
            let mut cur = n;
            while let Some(&p) = parent.get(&cur) {
                path.push(p);
                cur = p;
            }
            path.reverse();
            return Some(path);
        }
        for &m in edges.get(&n).into_iter().flatten() {
            if seen.insert(m) {
                parent.insert(m, n);
                queue.push_back(m);
            }
        }
    }
    None
}

/// Whether a wire kind fits its endpoints (used when the inspector changes a kind).
pub fn check_kind(doc: &Scenario, from: NodeId, to: NodeId, kind: &WireKind) -> Result<(), String> {
    let (Some(a), Some(b)) = (doc.node(from), doc.node(to)) else {
        return Err("that node no longer exists".into());
    };
    let ok = match kind {
        WireKind::Call(_) => {
            matches!(a.kind, NodeKind::Users(_) | NodeKind::Service(_))
                && matches!(b.kind, NodeKind::Service(_))
        }
        WireKind::Publish(_) => {
            matches!(a.kind, NodeKind::Service(_)) && matches!(b.kind, NodeKind::Topic(_))
        }
        WireKind::Subscribe(_) => {
            matches!(a.kind, NodeKind::Topic(_)) && matches!(b.kind, NodeKind::Service(_))
        }
        WireKind::RequestReply(r) => {
            if !matches!(doc.node(r.via).map(|n| &n.kind), Some(NodeKind::Topic(_))) {
                return Err("request/reply must travel through a topic".into());
            }
            matches!(a.kind, NodeKind::Service(_)) && matches!(b.kind, NodeKind::Service(_))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "that kind of wire cannot go from {} to {}",
            a.name, b.name
        ))
    }
}

/// Display-name rules shared with the model's validation (incident scripts parse names).
pub fn check_name(doc: &Scenario, id: NodeId, name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a name cannot be empty".into());
    }
    if name.trim() != name {
        return Err("a name cannot start or end with a space".into());
    }
    if name.contains("->") || name.contains([';', '#', '\n', '\r']) {
        return Err("a name cannot contain `->`, `;`, `#` or line breaks".into());
    }
    if doc.nodes.iter().any(|n| n.name == name && n.id != id) {
        return Err(format!("another node is already called {name}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::Preset;
    use wirelab_model::{CallConfig, Pos};

    fn doc() -> (Scenario, [NodeId; 5]) {
        let mut d = Scenario::new("t");
        let p = Pos::default();
        let u = d.add_node("Users", p, Preset::Users.kind());
        let o = d.add_node("Order", p, Preset::Order.kind());
        let pay = d.add_node("Payment", p, Preset::Payment.kind());
        let t = d.add_node("Topic", p, Preset::Topic.kind());
        let e = d.add_node("Email", p, Preset::Email.kind());
        (d, [u, o, pay, t, e])
    }

    #[test]
    fn refusals_have_reasons() {
        let (mut d, [u, o, pay, t, e]) = doc();
        let refuse = |d: &Scenario, a, b, s| plan_connect(d, a, b, s).unwrap_err();
        assert!(refuse(&d, o, o, Style::Call).contains("itself"));
        assert!(refuse(&d, o, u, Style::Call).contains("into users"));
        assert!(refuse(&d, u, t, Style::Call).contains("users wait for an answer"));
        assert!(refuse(&d, u, o, Style::Event).contains("users can only call"));
        assert!(refuse(&d, t, o, Style::Call).contains("a topic cannot call"));
        assert!(refuse(&d, o, t, Style::Call).contains("publish"));
        d.add_node("T2", Pos::default(), Preset::Topic.kind());
        let t2 = d.node_by_name("T2").unwrap().id;
        assert!(refuse(&d, t, t2, Style::Event).contains("cannot feed another topic"));
        d.add_wire(u, o, WireKind::Call(CallConfig::default()));
        assert!(refuse(&d, u, pay, Style::Call).contains("exactly one entry service"));
        d.add_wire(o, pay, WireKind::Call(CallConfig::default()));
        assert!(refuse(&d, o, pay, Style::Call).contains("already wired"));
        let cycle = refuse(&d, pay, o, Style::Call);
        assert!(cycle.contains("Payment → Order → Payment"), "{cycle}");
        assert!(cycle.contains("deadlock"));
        assert_eq!(plan_connect(&d, pay, e, Style::Call), Ok(Plan::Call));
    }

    #[test]
    fn event_plans() {
        let (d, [_, o, _, t, e]) = doc();
        assert_eq!(plan_connect(&d, o, t, Style::Event), Ok(Plan::Publish));
        assert_eq!(plan_connect(&d, t, e, Style::Event), Ok(Plan::Subscribe));
        assert_eq!(
            plan_connect(&d, o, e, Style::Event),
            Ok(Plan::ViaTopic {
                topic: None,
                name: "OrderCreated".into()
            })
        );
    }

    #[test]
    fn longer_cycles_are_named_in_full() {
        let (mut d, [_, o, pay, _, e]) = doc();
        d.add_wire(o, pay, WireKind::Call(CallConfig::default()));
        d.add_wire(pay, e, WireKind::Call(CallConfig::default()));
        let msg = plan_connect(&d, e, o, Style::Call).unwrap_err();
        assert!(msg.contains("Email → Order → Payment → Email"), "{msg}");
        assert!(check_no_cycle(&d, &[(e, o)]).is_err());
        assert!(check_no_cycle(&d, &[(o, e)]).is_ok());
    }

    #[test]
    fn names() {
        let (d, [_, o, ..]) = doc();
        assert!(check_name(&d, o, "Orders").is_ok());
        assert!(check_name(&d, o, "Order").is_ok());
        assert!(check_name(&d, o, "Payment")
            .unwrap_err()
            .contains("already"));
        assert!(check_name(&d, o, " x").is_err());
        assert!(check_name(&d, o, "a->b").is_err());
        assert!(check_name(&d, o, "").is_err());
    }
}
