//! Validation: every problem in a scenario, each naming the element, the field and why.
//!
//! Over 600 lines on purpose: one checker per part of the document, in the order a file is
//! read, so every rule a problem can name is in this one place.

use crate::{
    Action, Arrival, Backoff, CallConfig, Latency, Node, NodeId, NodeKind, Scenario, TopicConfig,
    Wire, WireId, WireKind, WireRef, FORMAT_NAME, FORMAT_VERSION,
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

impl Problem {
    /// The problem for the person at the canvas: the element by its name and kind, the
    /// setting in words, then what is wrong. (`Display` keeps the ids and field paths a
    /// file's author needs.)
    pub fn plain(&self) -> String {
        let setting = self
            .field
            .strip_prefix("kind.")
            .or_else(|| self.field.strip_prefix("action."))
            .unwrap_or(&self.field)
            .replace(['.', '_'], " ");
        let setting = match self.field.as_str() {
            "" | "to" | "from" | "id" | "kind" | "wires" | "name" => String::new(),
            _ => format!(" ({setting})"),
        };
        let who = match self.element {
            Element::Document => "The design".to_string(),
            Element::Node(_) => self.name.clone(),
            Element::Wire(_) => format!("The wire {}", self.name.replace(" -> ", " → ")),
            Element::Incident(_) => format!("The incident “{}”", self.name),
        };
        format!("{who}{setting}: {}", self.message)
    }
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
/// Longest node name, in characters: a name is a label on a canvas, and every message
/// about the node repeats it.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest design title and description, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Largest `next_id`: leaves the editor two billion ids of room, so allocation never
/// overflows a u32.
pub const MAX_NEXT_ID: u32 = 1 << 31;
/// People per second a users node may bring (a rate, or bursts' size over their period).
/// Every arrival is kept for the run's report and checks, so this bounds a run's memory:
/// a minute at this rate is 1.2 million people.
pub const MAX_ARRIVALS_PER_S: f64 = 20_000.0;
/// Largest cap on work in flight: each piece is a message, a task or a queued event.
pub const MAX_WORK_CAP: u32 = 1_000_000;
/// Problems listed in full; past this only a count, so a crafted file cannot turn a few
/// kilobytes into gigabytes of messages.
pub const MAX_LISTED: usize = 50;
/// Lines an incident script may have: far more than any lesson tells, few enough that a
/// script cannot make a run's work by itself.
pub const MAX_INCIDENTS: usize = 1_000;
/// People all the `send` lines of one script may send together (one line may send up
/// to 100,000): a script of thousands of large sends made hundreds of millions.
pub const MAX_SCRIPT_SENDS: u64 = 1_000_000;

/// Positive durations (timeouts, patience, periods) start at one microsecond, the engine's
/// time step.
const POSITIVE_MS: f64 = 0.001;

/// The range of every bounded number in a scenario, by its field path (as problems name
/// it). Validation checks against it and the inspector's inputs read it, so they cannot
/// disagree.
#[rustfmt::skip]
pub const LIMITS: &[(&str, f64, f64)] = &[
    ("duration_ms", 1.0, MAX_MS),
    ("max_in_flight", 100.0, MAX_WORK_CAP as f64),
    ("kind.arrival.rate_per_s", 0.0, MAX_ARRIVALS_PER_S),
    ("kind.arrival.size", 1.0, 100_000.0),
    ("kind.arrival.every_ms", POSITIVE_MS, MAX_MS),
    ("kind.patience_ms", POSITIVE_MS, MAX_MS),
    ("kind.latency.base_ms", 0.0, MAX_MS),
    ("kind.latency.jitter_ms", 0.0, MAX_MS),
    ("kind.workers", 1.0, 10_000.0),
    ("kind.queue", 0.0, 1_000_000.0),
    ("kind.error_rate", 0.0, 1.0),
    ("kind.network.base_ms", 0.0, MAX_MS),
    ("kind.network.jitter_ms", 0.0, MAX_MS),
    ("kind.timeout_ms", POSITIVE_MS, MAX_MS),
    ("kind.max_attempts", 1.0, 20.0),
    ("kind.backoff.base_ms", 0.0, MAX_MS),
    ("kind.backoff.max_ms", 0.0, MAX_MS),
    ("kind.backoff.jitter", 0.0, 1.0),
    ("kind.breaker.failure_threshold", 1.0, 1_000.0),
    ("kind.breaker.open_ms", POSITIVE_MS, MAX_MS),
    // A relay polling faster than once a millisecond models nothing real and turns a run
    // into polls.
    ("kind.outbox_poll_ms", 1.0, MAX_MS),
    ("kind.max_deliveries", 1.0, 100.0),
    ("kind.ack_timeout_ms", POSITIVE_MS, MAX_MS),
    ("kind.max_in_flight", 1.0, 10_000.0),
    ("kind.poison_rate", 0.0, 1.0),
    ("kind.keys", 0.0, 1_000_000.0),
    ("kind.partitions", 1.0, 64.0),
    ("action.factor", 1.0, 1_000.0),
    ("action.rate", 0.0, 1.0),
    ("action.rate_per_s", 0.0, MAX_ARRIVALS_PER_S),
    ("action.count", 1.0, 100_000.0),
];

/// The range (inclusive) of the number at `field`, if it is bounded.
pub fn limit(field: &str) -> Option<(f64, f64)> {
    LIMITS
        .iter()
        .find(|(f, ..)| *f == field)
        .map(|&(_, lo, hi)| (lo, hi))
}

/// Why a command queue refuses a second handler, in words (the editor says it when the
/// wire is drawn, validation when a file has one): a command is done once.
pub fn second_handler(queue: &str, handler: &str) -> String {
    format!(
        "{queue} is a command queue and {handler} already handles its commands: a command \
         is an order to one handler, done once. To let several services react, publish an \
         event to a topic instead"
    )
}

/// A name as messages show it: cut to [`MAX_NAME_CHARS`] characters, and any space or
/// control character other than a plain space written as its code (`Pay\u{a0}ment`), so a
/// no-break space that looks like a space is visible.
pub fn shown(name: &str) -> String {
    let mut out = String::new();
    for (i, ch) in name.chars().enumerate() {
        if i == MAX_NAME_CHARS {
            out.push('…');
            break;
        }
        if ch != ' ' && (ch.is_whitespace() || ch.is_control()) {
            out.push_str(&format!("\\u{{{:x}}}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out
}

/// Where a problem is: an element, or one wire by itself (named by its own ends, since
/// two wires may share an id).
#[derive(Clone, Copy)]
enum At<'w> {
    Element(Element),
    Wire(&'w Wire),
}

impl From<Element> for At<'_> {
    fn from(e: Element) -> Self {
        At::Element(e)
    }
}

impl<'w> From<&'w Wire> for At<'w> {
    fn from(w: &'w Wire) -> Self {
        At::Wire(w)
    }
}

struct Checker<'a> {
    s: &'a Scenario,
    /// Each node by id (the first, when an id is used twice).
    nodes: BTreeMap<NodeId, &'a Node>,
    out: Vec<Problem>,
    /// Problems found past [`MAX_LISTED`].
    more: usize,
}

impl<'a> Checker<'a> {
    fn node(&self, id: NodeId) -> Option<&'a Node> {
        self.nodes.get(&id).copied()
    }

    fn node_name(&self, id: NodeId) -> String {
        self.node(id)
            .map_or_else(|| format!("#{}", id.0), |n| shown(&n.name))
    }

    fn full(&self) -> bool {
        self.out.len() >= MAX_LISTED
    }

    fn push<'w>(&mut self, at: impl Into<At<'w>>, field: &str, message: String) {
        if self.full() {
            self.more += 1;
            return;
        }
        let (element, wire) = match at.into() {
            At::Element(e) => (e, None),
            At::Wire(w) => (Element::Wire(w.id), Some(w)),
        };
        let name = match element {
            Element::Document => String::new(),
            Element::Node(id) => self.node(id).map(|n| shown(&n.name)).unwrap_or_default(),
            Element::Wire(id) => {
                let w = wire.or_else(|| self.s.wire(id));
                w.map(|w| format!("{} -> {}", self.node_name(w.from), self.node_name(w.to)))
                    .unwrap_or_default()
            }
            Element::Incident(i) => shown(&self.s.incidents[i].to_string()),
        };
        self.out.push(Problem {
            element,
            name,
            field: field.to_string(),
            message,
        });
    }

    /// Checks a number against its field's range in [`LIMITS`].
    fn num<'w>(&mut self, el: impl Into<At<'w>> + Copy, field: &str, v: f64) {
        let Some((lo, hi)) = limit(field) else {
            debug_assert!(false, "no limit for {field}");
            return;
        };
        if !(v.is_finite() && v >= lo && v <= hi) {
            self.push(
                el,
                field,
                format!("{v} is out of range; must be between {lo} and {hi}"),
            );
        }
    }

    fn latency<'w>(&mut self, el: impl Into<At<'w>> + Copy, field: &str, l: &Latency) {
        self.num(el, &format!("{field}.base_ms"), l.base_ms);
        self.num(el, &format!("{field}.jitter_ms"), l.jitter_ms);
    }

    fn backoff<'w>(&mut self, el: impl Into<At<'w>> + Copy, field: &str, b: &Backoff) {
        self.num(el, &format!("{field}.base_ms"), b.base_ms);
        self.num(el, &format!("{field}.max_ms"), b.max_ms);
        self.num(el, &format!("{field}.jitter"), b.jitter);
        if b.max_ms < b.base_ms {
            self.push(
                el,
                &format!("{field}.max_ms"),
                "must not be below base_ms".into(),
            );
        }
    }

    fn call<'w>(&mut self, el: impl Into<At<'w>> + Copy, c: &CallConfig) {
        self.latency(el, "kind.network", &c.network);
        self.num(el, "kind.timeout_ms", c.timeout_ms);
        self.num(el, "kind.max_attempts", f64::from(c.max_attempts));
        self.backoff(el, "kind.backoff", &c.backoff);
        if let Some(b) = &c.breaker {
            self.num(
                el,
                "kind.breaker.failure_threshold",
                f64::from(b.failure_threshold),
            );
            self.num(el, "kind.breaker.open_ms", b.open_ms);
        }
    }
}

fn kind_name(k: &NodeKind) -> &'static str {
    k.tag().noun()
}

/// Checks a scenario and returns every problem found (empty when it is valid): the first
/// [`MAX_LISTED`] in full, then one line counting the rest. Near-linear in the size of
/// the document, so a pasted design of thousands of elements validates at once.
pub fn validate(s: &Scenario) -> Vec<Problem> {
    let mut nodes = BTreeMap::new();
    for n in &s.nodes {
        nodes.entry(n.id).or_insert(n);
    }
    let mut c = Checker {
        s,
        nodes,
        out: Vec::new(),
        more: 0,
    };
    check_document(&mut c);
    check_nodes(&mut c);
    check_wires(&mut c);
    check_cycles(&mut c);
    check_incidents(&mut c);
    if c.more > 0 {
        let more = c.more;
        c.out.push(Problem {
            element: Element::Document,
            name: String::new(),
            field: String::new(),
            message: format!(
                "and {more} more problem{} (fix these first)",
                if more == 1 { "" } else { "s" }
            ),
        });
    }
    c.out
}

fn check_document(c: &mut Checker<'_>) {
    let s = c.s;
    let doc = Element::Document;
    if s.format != FORMAT_NAME {
        c.push(
            doc,
            "format",
            format!("`{}` is not `{FORMAT_NAME}`", shown(&s.format)),
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
    c.num(doc, "duration_ms", s.duration_ms as f64);
    c.num(doc, "max_in_flight", f64::from(s.max_in_flight));
    for (field, text, max) in [
        ("name", &s.name, MAX_TITLE_CHARS),
        ("description", &s.description, MAX_DESCRIPTION_CHARS),
    ] {
        let chars = text.chars().count();
        if chars > max {
            c.push(
                doc,
                field,
                format!("is {chars} characters long; at most {max}"),
            );
        }
    }
    if s.next_id > MAX_NEXT_ID {
        c.push(
            doc,
            "next_id",
            format!("{} is too large; at most {MAX_NEXT_ID}", s.next_id),
        );
    }
}

/// People per second that bursts of `size` every `every_ms` bring.
pub fn burst_rate_per_s(size: u32, every_ms: f64) -> f64 {
    f64::from(size) * 1_000.0 / every_ms
}

fn check_nodes(c: &mut Checker<'_>) {
    let s = c.s;
    let mut out_degree: BTreeMap<NodeId, usize> = BTreeMap::new();
    for w in &s.wires {
        *out_degree.entry(w.from).or_default() += 1;
    }
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
        let chars = n.name.chars().count();
        if name.is_empty() {
            c.push(el, "name", "must not be empty".into());
        } else if chars > MAX_NAME_CHARS {
            c.push(
                el,
                "name",
                format!("is {chars} characters long; a name has at most {MAX_NAME_CHARS}"),
            );
        } else if name != n.name
            || n.name.contains("->")
            || n.name.contains([';', '#'])
            || n.name.chars().any(char::is_control)
        {
            c.push(
                el,
                "name",
                "must not have outer spaces, `->`, `;`, `#`, tabs or line breaks".into(),
            );
        } else if let Some(other) = names.insert(&n.name, n.id) {
            c.push(
                el,
                "name",
                format!("`{}` is also the name of node {}", shown(&n.name), other.0),
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
                        c.num(el, "kind.arrival.rate_per_s", *rate_per_s)
                    }
                    Arrival::Bursts { size, every_ms } => {
                        c.num(el, "kind.arrival.size", f64::from(*size));
                        c.num(el, "kind.arrival.every_ms", *every_ms);
                        let rate = burst_rate_per_s(*size, *every_ms);
                        if every_ms.is_finite() && *every_ms > 0.0 && rate > MAX_ARRIVALS_PER_S {
                            c.push(
                                el,
                                "kind.arrival.every_ms",
                                format!(
                                    "bursts of {size} every {every_ms} ms bring {rate:.0} people \
                                     per second; at most {MAX_ARRIVALS_PER_S} (make the bursts \
                                     smaller or further apart)"
                                ),
                            );
                        }
                    }
                }
                c.num(el, "kind.patience_ms", u.patience_ms);
                c.num(el, "kind.keys", f64::from(u.keys));
                let out = out_degree.get(&n.id).copied().unwrap_or(0);
                if out != 1 {
                    let fix = if out == 0 {
                        "drag from their right handle to the service they call"
                    } else {
                        "delete all but one"
                    };
                    c.push(
                        el,
                        "wires",
                        format!(
                            "users need exactly one call wire to their entry service, found {out}: {fix}"
                        ),
                    );
                }
            }
            NodeKind::Service(v) => {
                c.latency(el, "kind.latency", &v.latency);
                c.num(el, "kind.workers", f64::from(v.workers));
                c.num(el, "kind.queue", f64::from(v.queue));
                c.num(el, "kind.error_rate", v.error_rate);
            }
            NodeKind::Topic(t) => c.num(el, "kind.partitions", f64::from(t.partitions)),
        }
    }
}

fn check_wires(c: &mut Checker<'_>) {
    let s = c.s;
    let mut ids: BTreeSet<u32> = s.nodes.iter().map(|n| n.id.0).collect();
    let mut pairs = BTreeSet::new();
    // A command queue's handler, by queue: a second, different one is refused.
    let mut handler: BTreeMap<NodeId, NodeId> = BTreeMap::new();
    for w in &s.wires {
        if !ids.insert(w.id.0) {
            c.push(w, "id", format!("id {} is used twice", w.id.0));
        }
        if w.id.0 >= s.next_id {
            c.push(
                w,
                "id",
                format!("id {} is not below next_id {}", w.id.0, s.next_id),
            );
        }
        let from = c.node(w.from);
        let to = c.node(w.to);
        if from.is_none() {
            c.push(
                w,
                "from",
                format!("node {} does not exist (dangling wire)", w.from.0),
            );
        }
        if to.is_none() {
            c.push(
                w,
                "to",
                format!("node {} does not exist (dangling wire)", w.to.0),
            );
        }
        if w.from == w.to {
            c.push(w, "to", "a wire cannot connect a node to itself".into());
        }
        if !pairs.insert((w.from, w.to)) {
            c.push(
                w,
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
                        w,
                        "to",
                        "users wait for an answer, and a topic gives none: wire users to a service"
                            .into(),
                    );
                } else if !matches!(fk, NodeKind::Users(_) | NodeKind::Service(_))
                    || !matches!(tk, NodeKind::Service(_))
                {
                    c.push(w, "kind", wrong("call"));
                }
                c.call(w, cc);
            }
            WireKind::Publish(p) => {
                if !matches!(fk, NodeKind::Service(_)) || !matches!(tk, NodeKind::Topic(_)) {
                    c.push(w, "kind", wrong("publish"));
                }
                c.latency(w, "kind.network", &p.network);
                c.num(w, "kind.outbox_poll_ms", p.outbox_poll_ms);
                c.num(w, "kind.timeout_ms", p.timeout_ms);
            }
            WireKind::Subscribe(sc) => {
                if !matches!(fk, NodeKind::Topic(_)) || !matches!(tk, NodeKind::Service(_)) {
                    c.push(w, "kind", wrong("subscribe"));
                }
                if let NodeKind::Topic(TopicConfig { queue: true, .. }) = fk {
                    match handler.get(&w.from) {
                        Some(&first) if first != w.to => c.push(
                            w,
                            "to",
                            second_handler(
                                &format!("`{}`", shown(&from.name)),
                                &format!("`{}`", c.node_name(first)),
                            ),
                        ),
                        Some(_) => {}
                        None => {
                            handler.insert(w.from, w.to);
                        }
                    }
                }
                c.latency(w, "kind.network", &sc.network);
                c.num(w, "kind.max_deliveries", f64::from(sc.max_deliveries));
                c.backoff(w, "kind.backoff", &sc.backoff);
                c.num(w, "kind.ack_timeout_ms", sc.ack_timeout_ms);
                c.num(w, "kind.max_in_flight", f64::from(sc.max_in_flight));
                c.num(w, "kind.poison_rate", sc.poison_rate);
            }
            WireKind::RequestReply(r) => {
                if !matches!(fk, NodeKind::Service(_)) || !matches!(tk, NodeKind::Service(_)) {
                    c.push(w, "kind", wrong("request/reply"));
                }
                if !matches!(c.node(r.via).map(|n| &n.kind), Some(NodeKind::Topic(_))) {
                    c.push(w, "kind.via", format!("node {} is not a topic", r.via.0));
                }
                c.latency(w, "kind.network", &r.network);
                c.num(w, "kind.timeout_ms", r.timeout_ms);
            }
        }
        if matches!(tk, NodeKind::Users(_)) {
            c.push(w, "to", "nothing can be wired into users".into());
        }
    }
}

/// Reports each sync-call cycle once (it would deadlock: every caller holds a worker
/// while waiting on the next). One DFS with colours: linear in nodes and wires, plus the
/// listed cycles' paths.
fn check_cycles(c: &mut Checker<'_>) {
    let s = c.s;
    let mut edges: BTreeMap<NodeId, Vec<&Wire>> = BTreeMap::new();
    for w in &s.wires {
        if matches!(w.kind, WireKind::Call(_) | WireKind::RequestReply(_)) {
            edges.entry(w.from).or_default().push(w);
        }
    }
    // 0 = unseen, 1 = on the stack, 2 = done.
    let mut colour: BTreeMap<NodeId, u8> = BTreeMap::new();
    for &start in edges.keys() {
        if colour.get(&start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut stack: Vec<(NodeId, usize)> = vec![(start, 0)];
        // Where each node on the stack sits, so a cycle's start is found at once.
        let mut depth: BTreeMap<NodeId, usize> = BTreeMap::from([(start, 0)]);
        colour.insert(start, 1);
        while let Some(&mut (node, ref mut i)) = stack.last_mut() {
            let next = edges.get(&node).and_then(|v| v.get(*i)).copied();
            *i += 1;
            match next {
                None => {
                    colour.insert(node, 2);
                    depth.remove(&node);
                    stack.pop();
                }
                Some(w) => match colour.get(&w.to).copied().unwrap_or(0) {
                    0 => {
                        colour.insert(w.to, 1);
                        depth.insert(w.to, stack.len());
                        stack.push((w.to, 0));
                    }
                    1 if c.full() => c.more += 1,
                    1 => {
                        let pos = depth.get(&w.to).copied().unwrap_or(0);
                        let path: Vec<String> = stack[pos..]
                            .iter()
                            .map(|(n, _)| *n)
                            .chain(std::iter::once(w.to))
                            .map(|n| c.node_name(n))
                            .collect();
                        let path = if path.len() > 12 {
                            format!(
                                "{} → … {} more … → {}",
                                path[..5].join(" → "),
                                path.len() - 10,
                                path[path.len() - 5..].join(" → ")
                            )
                        } else {
                            path.join(" → ")
                        };
                        c.push(w, "to", format!("sync-call cycle {path} would deadlock"));
                    }
                    _ => {}
                },
            }
        }
    }
}

fn check_incidents(c: &mut Checker<'_>) {
    let s = c.s;
    if s.incidents.len() > MAX_INCIDENTS {
        c.push(
            Element::Document,
            "incidents",
            format!(
                "the incident script has {} lines; a script may have at most {MAX_INCIDENTS}",
                s.incidents.len()
            ),
        );
        return;
    }
    let mut sent = 0u64;
    let by_name: BTreeMap<&str, &Node> = s.nodes.iter().map(|n| (n.name.as_str(), n)).collect();
    let pairs: BTreeSet<(NodeId, NodeId)> = s.wires.iter().map(|w| (w.from, w.to)).collect();
    for (i, inc) in s.incidents.iter().enumerate() {
        if c.full() {
            c.more += s.incidents.len() - i;
            break;
        }
        let el = Element::Incident(i);
        if inc.at_ms > MAX_MS as u64 {
            c.push(el, "at_ms", format!("{} is later than one day", inc.at_ms));
        }
        let node = |name: &str| by_name.get(name).copied();
        let mut want = |name: &str, ok: &dyn Fn(&NodeKind) -> bool, what: &str| match node(name) {
            None => c.push(
                el,
                "action.target",
                format!("no node is named `{}`", shown(name)),
            ),
            Some(n) if !ok(&n.kind) => c.push(
                el,
                "action.target",
                format!(
                    "`{}` is a {}, not a {what}",
                    shown(name),
                    kind_name(&n.kind)
                ),
            ),
            Some(_) => {}
        };
        let svc = |k: &NodeKind| matches!(k, NodeKind::Service(_));
        let svc_or_topic = |k: &NodeKind| matches!(k, NodeKind::Service(_) | NodeKind::Topic(_));
        let users = |k: &NodeKind| matches!(k, NodeKind::Users(_));
        let wire = |c: &mut Checker<'_>, w: &WireRef| {
            let found = match (node(&w.from), node(&w.to)) {
                (Some(a), Some(b)) => pairs.contains(&(a.id, b.id)),
                _ => false,
            };
            if !found {
                c.push(
                    el,
                    "action.wire",
                    format!(
                        "no wire goes from `{}` to `{}`",
                        shown(&w.from),
                        shown(&w.to)
                    ),
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
                c.num(el, "action.factor", f64::from(*factor));
            }
            Action::ErrorRate { target, rate } => {
                want(target, &svc, "service");
                c.num(el, "action.rate", *rate);
            }
            Action::Load { target, rate_per_s } => {
                want(target, &users, "users node");
                c.num(el, "action.rate_per_s", *rate_per_s);
            }
            Action::Send { target, count } => {
                want(target, &users, "users node");
                c.num(el, "action.count", f64::from(*count));
                let before = sent;
                sent += u64::from(*count);
                if before <= MAX_SCRIPT_SENDS && sent > MAX_SCRIPT_SENDS {
                    c.push(
                        el,
                        "action.count",
                        format!(
                            "the script's `send` lines send {sent} people by here; together \
                             they may send at most {MAX_SCRIPT_SENDS} (use `load` for a \
                             steady crowd)"
                        ),
                    );
                }
            }
            Action::Cut { wire: w } | Action::Heal { wire: w } => wire(c, w),
            Action::LoseResponses { wire: w, rate } => {
                wire(c, w);
                c.num(el, "action.rate", *rate);
            }
        }
    }
}
