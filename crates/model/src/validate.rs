//! Validation: every problem in a scenario, each naming the element, the field and why.

use crate::{
    Action, Arrival, Backoff, CallConfig, Latency, NodeId, NodeKind, Scenario, WireId, WireKind,
    WireRef, FORMAT_NAME, FORMAT_VERSION,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Which part of the document a problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Element {
    /// The document itself (envelope, settings, syntax).
    Document,
    /// A node.
    Node(NodeId),
    /// A wire.
    Wire(WireId),
    /// An incident, by index in the script.
    Incident(usize),
}

/// One validation problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The element at fault.
    pub element: Element,
    /// Its display name (node name, `From -> To`, the incident text), or empty.
    pub name: String,
    /// The field at fault, as a path (`kind.workers`), or empty.
    pub field: String,
    /// Why it is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.element {
            Element::Document => write!(f, "scenario")?,
            Element::Node(id) => write!(f, "node {} `{}`", id.0, self.name)?,
            Element::Wire(id) => write!(f, "wire {} `{}`", id.0, self.name)?,
            Element::Incident(i) => write!(f, "incident {} `{}`", i + 1, self.name)?,
        }
        if !self.field.is_empty() {
            write!(f, " field `{}`", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Largest duration any field accepts: one day, in ms.
const MAX_MS: f64 = 86_400_000.0;

struct Checker<'a> {
    s: &'a Scenario,
    out: Vec<Problem>,
}

impl Checker<'_> {
    fn push(&mut self, element: Element, field: &str, message: String) {
        let name = match element {
            Element::Document => String::new(),
            Element::Node(id) => self.s.node(id).map(|n| n.name.clone()).unwrap_or_default(),
            Element::Wire(id) => self
                .s
                .wire_ref(id)
                .map(|r| format!("{} -> {}", r.from, r.to))
                .unwrap_or_default(),
            Element::Incident(i) => self.s.incidents[i].to_string(),
        };
        self.out.push(Problem {
            element,
            name,
            field: field.to_string(),
            message,
        });
    }

    fn range(&mut self, el: Element, field: &str, v: f64, lo: f64, hi: f64) {
        if !(v.is_finite() && v >= lo && v <= hi) {
            self.push(
                el,
                field,
                format!("{v} is out of range; must be between {lo} and {hi}"),
            );
        }
    }

    fn positive(&mut self, el: Element, field: &str, v: f64) {
        if !(v.is_finite() && v > 0.0 && v <= MAX_MS) {
            self.push(
                el,
                field,
                format!("{v} must be greater than 0 and at most {MAX_MS}"),
            );
        }
    }

    fn count(&mut self, el: Element, field: &str, v: u32, lo: u32, hi: u32) {
        if v < lo || v > hi {
            self.push(
                el,
                field,
                format!("{v} is out of range; must be between {lo} and {hi}"),
            );
        }
    }

    fn latency(&mut self, el: Element, field: &str, l: &Latency) {
        self.range(el, &format!("{field}.base_ms"), l.base_ms, 0.0, MAX_MS);
        self.range(el, &format!("{field}.jitter_ms"), l.jitter_ms, 0.0, MAX_MS);
    }

    fn backoff(&mut self, el: Element, field: &str, b: &Backoff) {
        self.range(el, &format!("{field}.base_ms"), b.base_ms, 0.0, MAX_MS);
        self.range(el, &format!("{field}.max_ms"), b.max_ms, 0.0, MAX_MS);
        self.range(el, &format!("{field}.jitter"), b.jitter, 0.0, 1.0);
        if b.max_ms < b.base_ms {
            self.push(
                el,
                &format!("{field}.max_ms"),
                "must not be below base_ms".into(),
            );
        }
    }

    fn call(&mut self, el: Element, c: &CallConfig) {
        self.latency(el, "kind.network", &c.network);
        self.positive(el, "kind.timeout_ms", c.timeout_ms);
        self.count(el, "kind.max_attempts", c.max_attempts, 1, 20);
        self.backoff(el, "kind.backoff", &c.backoff);
        if let Some(b) = &c.breaker {
            self.count(
                el,
                "kind.breaker.failure_threshold",
                b.failure_threshold,
                1,
                1_000,
            );
            self.positive(el, "kind.breaker.open_ms", b.open_ms);
        }
    }
}

fn kind_name(k: &NodeKind) -> &'static str {
    match k {
        NodeKind::Users(_) => "users",
        NodeKind::Service(_) => "service",
        NodeKind::Topic(_) => "topic",
    }
}

/// Checks a scenario and returns every problem found (empty when it is valid).
pub fn validate(s: &Scenario) -> Vec<Problem> {
    let mut c = Checker { s, out: Vec::new() };
    let doc = Element::Document;
    if s.format != FORMAT_NAME {
        c.push(
            doc,
            "format",
            format!("`{}` is not `{FORMAT_NAME}`", s.format),
        );
    }
    if s.version != FORMAT_VERSION {
        c.push(
            doc,
            "version",
            format!(
                "version {} is not supported (this build reads {FORMAT_VERSION})",
                s.version
            ),
        );
    }
    if s.duration_ms == 0 || s.duration_ms > MAX_MS as u64 {
        c.push(
            doc,
            "duration_ms",
            format!("{} must be between 1 and {MAX_MS}", s.duration_ms),
        );
    }
    c.count(doc, "max_in_flight", s.max_in_flight, 100, 10_000_000);

    let mut ids = BTreeSet::new();
    let mut names: BTreeMap<&str, NodeId> = BTreeMap::new();
    for n in &s.nodes {
        let el = Element::Node(n.id);
        if !ids.insert(n.id.0) {
            c.push(el, "id", format!("id {} is used twice", n.id.0));
        }
        if n.id.0 >= s.next_id {
            c.push(
                el,
                "id",
                format!("id {} is not below next_id {}", n.id.0, s.next_id),
            );
        }
        let name = n.name.trim();
        if name.is_empty() {
            c.push(el, "name", "must not be empty".into());
        } else if name != n.name || n.name.contains("->") || n.name.contains([';', '\n', '#']) {
            c.push(
                el,
                "name",
                "must not have outer spaces, `->`, `;`, `#` or line breaks".into(),
            );
        } else if let Some(other) = names.insert(&n.name, n.id) {
            c.push(
                el,
                "name",
                format!("`{}` is also the name of node {}", n.name, other.0),
            );
        }
        if !(n.pos.x.is_finite() && n.pos.y.is_finite()) {
            c.push(el, "pos", "must be finite numbers".into());
        }
        match &n.kind {
            NodeKind::Users(u) => {
                match &u.arrival {
                    Arrival::Manual => {}
                    Arrival::Constant { rate_per_s } | Arrival::Poisson { rate_per_s } => {
                        c.range(el, "kind.arrival.rate_per_s", *rate_per_s, 0.0, 100_000.0)
                    }
                    Arrival::Bursts { size, every_ms } => {
                        c.count(el, "kind.arrival.size", *size, 1, 100_000);
                        c.positive(el, "kind.arrival.every_ms", *every_ms);
                    }
                }
                c.positive(el, "kind.patience_ms", u.patience_ms);
                let out: Vec<_> = s.wires.iter().filter(|w| w.from == n.id).collect();
                if out.len() != 1 {
                    c.push(
                        el,
                        "wires",
                        format!(
                            "users need exactly one call wire to their entry service, found {}",
                            out.len()
                        ),
                    );
                }
            }
            NodeKind::Service(v) => {
                c.latency(el, "kind.latency", &v.latency);
                c.count(el, "kind.workers", v.workers, 1, 10_000);
                c.count(el, "kind.queue", v.queue, 0, 1_000_000);
                c.range(el, "kind.error_rate", v.error_rate, 0.0, 1.0);
            }
            NodeKind::Topic(_) => {}
        }
    }

    let mut pairs = BTreeSet::new();
    for w in &s.wires {
        let el = Element::Wire(w.id);
        if !ids.insert(w.id.0) {
            c.push(el, "id", format!("id {} is used twice", w.id.0));
        }
        if w.id.0 >= s.next_id {
            c.push(
                el,
                "id",
                format!("id {} is not below next_id {}", w.id.0, s.next_id),
            );
        }
        let from = s.node(w.from);
        let to = s.node(w.to);
        if from.is_none() {
            c.push(
                el,
                "from",
                format!("node {} does not exist (dangling wire)", w.from.0),
            );
        }
        if to.is_none() {
            c.push(
                el,
                "to",
                format!("node {} does not exist (dangling wire)", w.to.0),
            );
        }
        if w.from == w.to {
            c.push(el, "to", "a wire cannot connect a node to itself".into());
        }
        if !pairs.insert((w.from, w.to)) {
            c.push(
                el,
                "to",
                "another wire already connects these two nodes".into(),
            );
        }
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let (fk, tk) = (&from.kind, &to.kind);
        let wrong = |what: &str| {
            format!(
                "a {what} wire cannot go from a {} to a {}",
                kind_name(fk),
                kind_name(tk)
            )
        };
        match &w.kind {
            WireKind::Call(cc) => {
                if matches!(fk, NodeKind::Users(_)) && matches!(tk, NodeKind::Topic(_)) {
                    c.push(
                        el,
                        "to",
                        "users wait for an answer, and a topic gives none: wire users to a service"
                            .into(),
                    );
                } else if !matches!(fk, NodeKind::Users(_) | NodeKind::Service(_))
                    || !matches!(tk, NodeKind::Service(_))
                {
                    c.push(el, "kind", wrong("call"));
                }
                c.call(el, cc);
            }
            WireKind::Publish(p) => {
                if !matches!(fk, NodeKind::Service(_)) || !matches!(tk, NodeKind::Topic(_)) {
                    c.push(el, "kind", wrong("publish"));
                }
                c.latency(el, "kind.network", &p.network);
                c.positive(el, "kind.outbox_poll_ms", p.outbox_poll_ms);
                c.positive(el, "kind.timeout_ms", p.timeout_ms);
            }
            WireKind::Subscribe(sc) => {
                if !matches!(fk, NodeKind::Topic(_)) || !matches!(tk, NodeKind::Service(_)) {
                    c.push(el, "kind", wrong("subscribe"));
                }
                c.latency(el, "kind.network", &sc.network);
                c.count(el, "kind.max_deliveries", sc.max_deliveries, 1, 100);
                c.backoff(el, "kind.backoff", &sc.backoff);
                c.positive(el, "kind.ack_timeout_ms", sc.ack_timeout_ms);
                c.count(el, "kind.max_in_flight", sc.max_in_flight, 1, 10_000);
            }
            WireKind::RequestReply(r) => {
                if !matches!(fk, NodeKind::Service(_)) || !matches!(tk, NodeKind::Service(_)) {
                    c.push(el, "kind", wrong("request/reply"));
                }
                if !matches!(s.node(r.via).map(|n| &n.kind), Some(NodeKind::Topic(_))) {
                    c.push(el, "kind.via", format!("node {} is not a topic", r.via.0));
                }
                c.latency(el, "kind.network", &r.network);
                c.positive(el, "kind.timeout_ms", r.timeout_ms);
            }
        }
        if matches!(tk, NodeKind::Users(_)) {
            c.push(el, "to", "nothing can be wired into users".into());
        }
    }

    check_cycles(&mut c);
    check_incidents(&mut c);
    c.out
}

/// Reports each sync-call cycle once (it would deadlock: every caller holds a worker
/// while waiting on the next).
fn check_cycles(c: &mut Checker<'_>) {
    let s = c.s;
    let mut edges: BTreeMap<NodeId, Vec<(NodeId, WireId)>> = BTreeMap::new();
    for w in &s.wires {
        if matches!(w.kind, WireKind::Call(_) | WireKind::RequestReply(_)) {
            edges.entry(w.from).or_default().push((w.to, w.id));
        }
    }
    // Iterative DFS with colours: 0 = unseen, 1 = on the stack, 2 = done.
    let mut colour: BTreeMap<NodeId, u8> = BTreeMap::new();
    for &start in edges.keys() {
        if colour.get(&start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut stack: Vec<(NodeId, usize)> = vec![(start, 0)];
        colour.insert(start, 1);
        while let Some(&mut (node, ref mut i)) = stack.last_mut() {
            let next = edges.get(&node).and_then(|v| v.get(*i)).copied();
            *i += 1;
            match next {
                None => {
                    colour.insert(node, 2);
                    stack.pop();
                }
                Some((to, wire)) => match colour.get(&to).copied().unwrap_or(0) {
                    0 => {
                        colour.insert(to, 1);
                        stack.push((to, 0));
                    }
                    1 => {
                        let pos = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let path: Vec<String> = stack[pos..]
                            .iter()
                            .chain(std::iter::once(&(to, 0)))
                            .map(|(n, _)| s.node(*n).map(|n| n.name.clone()).unwrap_or_default())
                            .collect();
                        c.push(
                            Element::Wire(wire),
                            "to",
                            format!("sync-call cycle {} would deadlock", path.join(" → ")),
                        );
                    }
                    _ => {}
                },
            }
        }
    }
}

fn check_incidents(c: &mut Checker<'_>) {
    let s = c.s;
    for (i, inc) in s.incidents.iter().enumerate() {
        let el = Element::Incident(i);
        if inc.at_ms > MAX_MS as u64 {
            c.push(el, "at_ms", format!("{} is later than one day", inc.at_ms));
        }
        let node = |name: &str| s.node_by_name(name).map(|n| &n.kind);
        let mut want = |name: &str, ok: &dyn Fn(&NodeKind) -> bool, what: &str| match node(name) {
            None => c.push(el, "action.target", format!("no node is named `{name}`")),
            Some(k) if !ok(k) => c.push(
                el,
                "action.target",
                format!("`{name}` is a {}, not a {what}", kind_name(k)),
            ),
            Some(_) => {}
        };
        let svc = |k: &NodeKind| matches!(k, NodeKind::Service(_));
        let svc_or_topic = |k: &NodeKind| matches!(k, NodeKind::Service(_) | NodeKind::Topic(_));
        let users = |k: &NodeKind| matches!(k, NodeKind::Users(_));
        let wire = |c: &mut Checker<'_>, w: &WireRef| {
            if s.wire_by_ref(w).is_none() {
                c.push(
                    el,
                    "action.wire",
                    format!("no wire goes from `{}` to `{}`", w.from, w.to),
                );
            }
        };
        match &inc.action {
            Action::Kill { target } | Action::Revive { target } => {
                want(target, &svc_or_topic, "service or topic")
            }
            Action::Hang { target } => want(target, &svc, "service"),
            Action::Slow { target, factor } => {
                want(target, &svc, "service");
                c.count(el, "action.factor", *factor, 1, 1_000);
            }
            Action::ErrorRate { target, rate } => {
                want(target, &svc, "service");
                c.range(el, "action.rate", *rate, 0.0, 1.0);
            }
            Action::Load { target, rate_per_s } => {
                want(target, &users, "users node");
                c.range(el, "action.rate_per_s", *rate_per_s, 0.0, 100_000.0);
            }
            Action::Send { target, count } => {
                want(target, &users, "users node");
                c.count(el, "action.count", *count, 1, 100_000);
            }
            Action::Cut { wire: w } | Action::Heal { wire: w } => wire(c, w),
            Action::LoseResponses { wire: w, rate } => {
                wire(c, w);
                c.range(el, "action.rate", *rate, 0.0, 1.0);
            }
        }
    }
}
