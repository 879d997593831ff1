//! Over 600 lines on purpose: every command and its exact inverse sit in one `apply`, so
//! undo can be checked in one reading.
//!
//! Edits as values. Every change to the document is a [`Command`] applied by [`apply`],
//! which returns the exact inverse. Compound edits (connect by event, flip) are built from
//! a few primitive steps whose inverses are collected into a batch, so undo is exact by
//! construction. Ids come from the document's counter, which only ever grows: undo never
//! hands an id back, so an id never names two different things.

use crate::palette::{unique_name, Preset};
use crate::rules::{check_kind, check_name, check_no_cycle, plan_connect, Plan, Style};
use std::collections::BTreeSet;
use std::fmt;
use wirelab_model::{
    validate, CallConfig, CallMode, Element, Incident, Node, NodeId, NodeKind, Pos, Problem,
    PublishConfig, Scenario, Subject, SubscribeConfig, TopicConfig, Wire, WireId, WireKind,
    WireRef,
};

/// The design's own settings: everything the document holds beside its elements, its
/// script and its seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub name: String,
    pub description: String,
    pub duration_ms: u64,
    pub max_in_flight: u32,
}

impl Settings {
    pub fn of(doc: &Scenario) -> Settings {
        Settings {
            name: doc.name.clone(),
            description: doc.description.clone(),
            duration_ms: doc.duration_ms,
            max_in_flight: doc.max_in_flight,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A node from a palette preset, named uniquely, at `pos` (top-left corner).
    AddNode {
        preset: Preset,
        pos: Pos,
    },
    /// Copies of nodes (and the wires among them), shifted by `offset`.
    Duplicate {
        ids: Vec<NodeId>,
        offset: Pos,
    },
    /// Deletes nodes and wires; wires attached to a deleted node go too.
    Delete {
        nodes: Vec<NodeId>,
        wires: Vec<WireId>,
    },
    /// Puts deleted elements back at their indices, with their ids (undo of a delete).
    Restore {
        nodes: Vec<(usize, Node)>,
        wires: Vec<(usize, Wire)>,
    },
    MoveNodes {
        ids: Vec<NodeId>,
        delta: Pos,
    },
    /// Absolute positions; the exact inverse of a move (adding back a float delta is not).
    SetPositions(Vec<(NodeId, Pos)>),
    Rename {
        id: NodeId,
        name: String,
    },
    /// Replaces a node's parameters; the node cannot change between users/service/topic.
    SetNodeKind {
        id: NodeId,
        kind: NodeKind,
    },
    SetCallMode {
        id: NodeId,
        mode: CallMode,
    },
    /// Wires two nodes as a call or an event (through a topic, created when needed).
    Connect {
        from: NodeId,
        to: NodeId,
        style: Style,
    },
    /// Turns a call into an event path or an event path into calls.
    FlipWire(WireId),
    /// Replaces a wire's kind and parameters (e.g. call ⇄ request/reply, a new timeout).
    SetWireKind {
        id: WireId,
        kind: WireKind,
    },
    /// Handler step positions (`Wire::order`); see [`reorder_steps`].
    SetWireOrders(Vec<(WireId, u32)>),
    /// The design's own settings (title, description, run length, work cap).
    SetSettings(Settings),
    SetIncidents(Vec<Incident>),
    /// The seed of the design's random streams: the run on screen, a saved file and a
    /// share link all use the document's seed, so each reproduces the same run.
    SetSeed(u64),
    /// The whole document (new, clear, import); the id counter keeps its high mark.
    Replace(Box<Scenario>),
    /// Several edits as one undo step; all or nothing.
    Batch(Vec<Command>),
}

impl Command {
    /// The edit a review fix makes, as the app applies it (one undo step).
    pub fn from_fix(fix: &wirelab_model::Fix) -> Command {
        match fix {
            wirelab_model::Fix::Event { wire, .. } => Command::FlipWire(*wire),
            wirelab_model::Fix::Set { wire, settings, .. } => Command::SetWireKind {
                id: *wire,
                kind: settings.clone(),
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The edit names an element that is not in the document.
    NotFound(String),
    /// The edit breaks a rule; the message says which and why.
    Refused(String),
    /// The edit would change nothing (an empty selection, say).
    NothingToDo,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NotFound(m) | EditError::Refused(m) => f.write_str(m),
            EditError::NothingToDo => f.write_str("nothing to change"),
        }
    }
}

impl std::error::Error for EditError {}

type Result<T> = std::result::Result<T, EditError>;

fn refused(msg: impl Into<String>) -> EditError {
    EditError::Refused(msg.into())
}

fn node_index(doc: &Scenario, id: NodeId) -> Result<usize> {
    doc.nodes
        .iter()
        .position(|n| n.id == id)
        .ok_or_else(|| EditError::NotFound(format!("node {} does not exist", id.0)))
}

fn wire_index(doc: &Scenario, id: WireId) -> Result<usize> {
    doc.wires
        .iter()
        .position(|w| w.id == id)
        .ok_or_else(|| EditError::NotFound(format!("wire {} does not exist", id.0)))
}

/// The validation problems `cmd` would add to `doc` about the elements `owns` accepts;
/// problems already there do not count. The inspector refuses an edit that adds one, so a
/// wrong value never lands in the design; `Err` when the command itself fails.
pub fn problems_added(
    doc: &Scenario,
    cmd: &Command,
    owns: impl Fn(Element) -> bool,
) -> Result<Vec<Problem>> {
    let mut trial = doc.clone();
    apply(&mut trial, cmd.clone())?;
    let before = validate(doc);
    Ok(validate(&trial)
        .into_iter()
        .filter(|p| owns(p.element) && !before.contains(p))
        .collect())
}

/// Applies one edit and returns its inverse. On error the document is unchanged.
pub fn apply(doc: &mut Scenario, cmd: Command) -> Result<Command> {
    match cmd {
        Command::AddNode { preset, pos } => {
            let name = unique_name(doc, preset.label());
            let kind = preset.kind();
            let pos = crate::place::free_spot(doc, pos, &kind);
            let id = doc.add_node(&name, pos, kind);
            Ok(Command::Delete {
                nodes: vec![id],
                wires: vec![],
            })
        }
        Command::Duplicate { ids, offset } => duplicate(doc, &ids, offset),
        Command::Delete { nodes, wires } => delete(doc, &nodes, &wires),
        Command::Restore { nodes, wires } => restore(doc, nodes, wires),
        Command::MoveNodes { ids, delta } => {
            let moves = ids
                .iter()
                .map(|&id| {
                    let p = doc.nodes[node_index(doc, id)?].pos;
                    Ok((
                        id,
                        Pos {
                            x: p.x + delta.x,
                            y: p.y + delta.y,
                        },
                    ))
                })
                .collect::<Result<Vec<_>>>()?;
            set_positions(doc, moves)
        }
        Command::SetPositions(moves) => set_positions(doc, moves),
        Command::Rename { id, name } => {
            let i = node_index(doc, id)?;
            check_name(doc, id, &name).map_err(refused)?;
            let old = std::mem::replace(&mut doc.nodes[i].name, name);
            Ok(Command::Rename { id, name: old })
        }
        Command::SetNodeKind { id, kind } => {
            let i = node_index(doc, id)?;
            if std::mem::discriminant(&doc.nodes[i].kind) != std::mem::discriminant(&kind) {
                return Err(refused(
                    "a node keeps its kind: delete it and add another instead",
                ));
            }
            let old = std::mem::replace(&mut doc.nodes[i].kind, kind);
            Ok(Command::SetNodeKind { id, kind: old })
        }
        Command::SetCallMode { id, mode } => {
            let i = node_index(doc, id)?;
            let NodeKind::Service(cfg) = &mut doc.nodes[i].kind else {
                return Err(refused("only services make calls"));
            };
            let old = std::mem::replace(&mut cfg.calls, mode);
            Ok(Command::SetCallMode { id, mode: old })
        }
        Command::Connect { from, to, style } => connect(doc, from, to, style),
        Command::FlipWire(id) => flip(doc, id),
        Command::SetWireKind { id, kind } => {
            let i = wire_index(doc, id)?;
            let w = &doc.wires[i];
            check_kind(doc, w.from, w.to, &kind).map_err(refused)?;
            if Style::of(&kind) == Style::Call && Style::of(&w.kind) != Style::Call {
                check_no_cycle(doc, &[(w.from, w.to)]).map_err(refused)?;
            }
            let old = std::mem::replace(&mut doc.wires[i].kind, kind);
            Ok(Command::SetWireKind { id, kind: old })
        }
        Command::SetWireOrders(orders) => {
            if orders.is_empty() {
                return Err(EditError::NothingToDo);
            }
            let idx = orders
                .iter()
                .map(|(id, _)| wire_index(doc, *id))
                .collect::<Result<Vec<_>>>()?;
            let old = orders
                .iter()
                .zip(idx)
                .map(|(&(id, order), i)| (id, std::mem::replace(&mut doc.wires[i].order, order)))
                .collect();
            Ok(Command::SetWireOrders(old))
        }
        Command::SetSettings(new) => {
            let old = Settings::of(doc);
            doc.name = new.name;
            doc.description = new.description;
            doc.duration_ms = new.duration_ms;
            doc.max_in_flight = new.max_in_flight;
            Ok(Command::SetSettings(old))
        }
        Command::SetIncidents(incidents) => Ok(Command::SetIncidents(std::mem::replace(
            &mut doc.incidents,
            incidents,
        ))),
        Command::SetSeed(seed) => Ok(Command::SetSeed(std::mem::replace(&mut doc.seed, seed))),
        Command::Replace(new) => {
            let high = doc.next_id.max(new.next_id);
            let mut old = std::mem::replace(doc, *new);
            doc.next_id = high;
            old.next_id = old.next_id.max(high);
            Ok(Command::Replace(Box::new(old)))
        }
        Command::Batch(cmds) => batch(doc, cmds),
    }
}

/// Applies edits in order, undoing the applied ones if any fails.
fn batch(doc: &mut Scenario, cmds: Vec<Command>) -> Result<Command> {
    if cmds.is_empty() {
        return Err(EditError::NothingToDo);
    }
    let mut steps = Steps::new(doc);
    for cmd in cmds {
        let r = apply(doc, cmd);
        steps.record(doc, r)?;
    }
    Ok(steps.inverse())
}

/// Inverses of the steps applied so far, for rollback on error and the final inverse.
struct Steps {
    inverses: Vec<Command>,
    /// The id counter before the first step: ids taken by a rolled-back edit were never
    /// seen by anyone, so handing them back keeps a refused edit a true no-op.
    next_id: u32,
}

impl Steps {
    fn new(doc: &Scenario) -> Self {
        Steps {
            inverses: Vec::new(),
            next_id: doc.next_id,
        }
    }

    fn push(&mut self, inverse: Command) {
        self.inverses.push(inverse);
    }

    fn record(&mut self, doc: &mut Scenario, r: Result<Command>) -> Result<()> {
        match r {
            Ok(inv) => {
                self.inverses.push(inv);
                Ok(())
            }
            Err(e) => {
                for inv in self.inverses.drain(..).rev() {
                    apply(doc, inv).expect("an inverse applies to the state it was made from");
                }
                doc.next_id = self.next_id;
                Err(e)
            }
        }
    }

    fn inverse(mut self) -> Command {
        self.inverses.reverse();
        if self.inverses.len() == 1 {
            self.inverses.pop().expect("one step")
        } else {
            Command::Batch(self.inverses)
        }
    }
}

fn set_positions(doc: &mut Scenario, moves: Vec<(NodeId, Pos)>) -> Result<Command> {
    if moves.is_empty() {
        return Err(EditError::NothingToDo);
    }
    let idx = moves
        .iter()
        .map(|(id, _)| node_index(doc, *id))
        .collect::<Result<Vec<_>>>()?;
    let old = moves
        .into_iter()
        .zip(idx)
        .map(|((id, pos), i)| (id, std::mem::replace(&mut doc.nodes[i].pos, pos)))
        .collect();
    Ok(Command::SetPositions(old))
}

fn delete(doc: &mut Scenario, nodes: &[NodeId], wires: &[WireId]) -> Result<Command> {
    if nodes.is_empty() && wires.is_empty() {
        return Err(EditError::NothingToDo);
    }
    for &id in nodes {
        node_index(doc, id)?;
    }
    for &id in wires {
        wire_index(doc, id)?;
    }
    let gone: BTreeSet<NodeId> = nodes.iter().copied().collect();
    let wire_set: BTreeSet<WireId> = wires.iter().copied().collect();
    let touches = |w: &Wire| {
        let via = match &w.kind {
            WireKind::RequestReply(r) => Some(r.via),
            _ => None,
        };
        gone.contains(&w.from) || gone.contains(&w.to) || via.is_some_and(|v| gone.contains(&v))
    };
    let mut removed_wires = Vec::new();
    let mut kept = Vec::new();
    for (i, w) in std::mem::take(&mut doc.wires).into_iter().enumerate() {
        if wire_set.contains(&w.id) || touches(&w) {
            removed_wires.push((i, w));
        } else {
            kept.push(w);
        }
    }
    doc.wires = kept;
    let mut removed_nodes = Vec::new();
    let mut kept = Vec::new();
    for (i, n) in std::mem::take(&mut doc.nodes).into_iter().enumerate() {
        if gone.contains(&n.id) {
            removed_nodes.push((i, n));
        } else {
            kept.push(n);
        }
    }
    doc.nodes = kept;
    Ok(Command::Restore {
        nodes: removed_nodes,
        wires: removed_wires,
    })
}

fn restore(
    doc: &mut Scenario,
    nodes: Vec<(usize, Node)>,
    wires: Vec<(usize, Wire)>,
) -> Result<Command> {
    let used = |doc: &Scenario, id: u32| {
        doc.nodes.iter().any(|n| n.id.0 == id) || doc.wires.iter().any(|w| w.id.0 == id)
    };
    if let Some(id) = nodes
        .iter()
        .map(|(_, n)| n.id.0)
        .chain(wires.iter().map(|(_, w)| w.id.0))
        .find(|&id| used(doc, id))
    {
        return Err(refused(format!("id {id} is already in use")));
    }
    let inverse = Command::Delete {
        nodes: nodes.iter().map(|(_, n)| n.id).collect(),
        wires: wires.iter().map(|(_, w)| w.id).collect(),
    };
    // Ascending indices: each element goes back where it was once those before it are.
    for (i, n) in nodes {
        doc.next_id = doc.next_id.max(n.id.0 + 1);
        doc.nodes.insert(i.min(doc.nodes.len()), n);
    }
    for (i, w) in wires {
        doc.next_id = doc.next_id.max(w.id.0 + 1);
        doc.wires.insert(i.min(doc.wires.len()), w);
    }
    Ok(inverse)
}

fn duplicate(doc: &mut Scenario, ids: &[NodeId], offset: Pos) -> Result<Command> {
    if ids.is_empty() {
        return Err(EditError::NothingToDo);
    }
    for &id in ids {
        node_index(doc, id)?;
    }
    let chosen: BTreeSet<NodeId> = ids.iter().copied().collect();
    let originals: Vec<Node> = doc
        .nodes
        .iter()
        .filter(|n| chosen.contains(&n.id))
        .cloned()
        .collect();
    let mut map = std::collections::BTreeMap::new();
    let mut new_nodes = Vec::new();
    for n in originals {
        let name = unique_name(doc, copy_base(&n.name));
        let pos = Pos {
            x: n.pos.x + offset.x,
            y: n.pos.y + offset.y,
        };
        let id = doc.add_node(&name, pos, n.kind);
        map.insert(n.id, id);
        new_nodes.push(id);
    }
    let inner: Vec<Wire> = doc
        .wires
        .iter()
        .filter(|w| chosen.contains(&w.from) && chosen.contains(&w.to))
        .cloned()
        .collect();
    let mut new_wires = Vec::new();
    for mut w in inner {
        w.id = WireId(doc.alloc_id());
        w.from = map[&w.from];
        w.to = map[&w.to];
        if let WireKind::RequestReply(r) = &mut w.kind {
            r.via = map.get(&r.via).copied().unwrap_or(r.via);
        }
        new_wires.push(w.id);
        doc.wires.push(w);
    }
    Ok(Command::Delete {
        nodes: new_nodes,
        wires: new_wires,
    })
}

/// "Order 3" → "Order", so a copy of a copy is "Order 4", not "Order 3 2".
fn copy_base(name: &str) -> &str {
    match name.rsplit_once(' ') {
        Some((base, n)) if !base.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => base,
        _ => name,
    }
}

/// The position after a source's last handler step.
fn next_order(doc: &Scenario, from: NodeId) -> u32 {
    doc.wires
        .iter()
        .filter(|w| w.from == from)
        .map(|w| w.order + 1)
        .max()
        .unwrap_or(0)
}

fn push_wire(doc: &mut Scenario, from: NodeId, to: NodeId, order: u32, kind: WireKind) -> Command {
    let id = WireId(doc.alloc_id());
    doc.wires.push(Wire {
        id,
        from,
        to,
        order,
        kind,
    });
    Command::Delete {
        nodes: vec![],
        wires: vec![id],
    }
}

/// A new call to `to`: marked as one whose answer is needed when `to` is a service of that
/// kind in the palette (Payment, Inventory, Auth).
fn call_kind(doc: &Scenario, to: NodeId) -> WireKind {
    let needed = doc
        .node(to)
        .and_then(|n| crate::palette::Preset::of_name(&n.name))
        .is_some_and(crate::palette::Preset::answer_needed);
    WireKind::Call(CallConfig {
        answer_needed: needed,
        ..CallConfig::default()
    })
}

fn connect(doc: &mut Scenario, from: NodeId, to: NodeId, style: Style) -> Result<Command> {
    let plan = plan_connect(doc, from, to, style).map_err(refused)?;
    let order = next_order(doc, from);
    let mut steps = Steps::new(doc);
    match plan {
        Plan::Call => {
            let kind = call_kind(doc, to);
            steps.push(push_wire(doc, from, to, order, kind))
        }
        Plan::Publish => steps.push(push_wire(
            doc,
            from,
            to,
            order,
            WireKind::Publish(PublishConfig::default()),
        )),
        Plan::Subscribe => steps.push(push_wire(
            doc,
            from,
            to,
            order,
            WireKind::Subscribe(SubscribeConfig::default()),
        )),
        Plan::ViaTopic { topic, name } => {
            via_topic(doc, &mut steps, from, &[to], topic, &name, order);
        }
    }
    Ok(steps.inverse())
}

/// `from` publishes to the topic (existing or new) and each of `subscribers` subscribes,
/// skipping wires that already exist.
fn via_topic(
    doc: &mut Scenario,
    steps: &mut Steps,
    from: NodeId,
    subscribers: &[NodeId],
    topic: Option<NodeId>,
    name: &str,
    order: u32,
) {
    let topic = topic.unwrap_or_else(|| {
        let pos = topic_spot(doc, from, subscribers[0]);
        let name = unique_name(doc, name);
        let id = doc.add_node(&name, pos, NodeKind::Topic(TopicConfig::default()));
        steps.push(Command::Delete {
            nodes: vec![id],
            wires: vec![],
        });
        id
    });
    if !doc.wires.iter().any(|w| w.from == from && w.to == topic) {
        steps.push(push_wire(
            doc,
            from,
            topic,
            order,
            WireKind::Publish(PublishConfig::default()),
        ));
    }
    for &s in subscribers {
        if !doc.wires.iter().any(|w| w.from == topic && w.to == s) {
            let sub = WireKind::Subscribe(SubscribeConfig::default());
            let o = next_order(doc, topic);
            steps.push(push_wire(doc, topic, s, o, sub));
        }
    }
}

/// Halfway between publisher and subscriber and below the lower of them, clear of the
/// nodes, their run-mode labels and the straight line a call would take.
fn topic_spot(doc: &Scenario, a: NodeId, b: NodeId) -> Pos {
    let (pa, pb) = (doc.node(a).map(|n| n.pos), doc.node(b).map(|n| n.pos));
    let (pa, pb) = (pa.unwrap_or_default(), pb.unwrap_or(pa.unwrap_or_default()));
    let want = Pos {
        x: (pa.x + pb.x) / 2.0,
        y: pa.y.max(pb.y) + 130.0,
    };
    crate::place::free_spot(doc, want, &NodeKind::Topic(TopicConfig::default()))
}

fn flip(doc: &mut Scenario, id: WireId) -> Result<Command> {
    let w = doc.wires[wire_index(doc, id)?].clone();
    let kind_of = |doc: &Scenario, n: NodeId| doc.node(n).map(|n| n.kind.clone());
    let mut steps = Steps::new(doc);
    match &w.kind {
        WireKind::Call(_) => {
            if matches!(kind_of(doc, w.from), Some(NodeKind::Users(_))) {
                return Err(refused(
                    "users wait for an answer: their wire is always a call",
                ));
            }
            // Plan as if the call were already gone, so it is not counted as a duplicate.
            let mut probe = doc.clone();
            probe.wires.retain(|x| x.id != id);
            let Plan::ViaTopic { topic, name } =
                plan_connect(&probe, w.from, w.to, Style::Event).map_err(refused)?
            else {
                return Err(refused(
                    "only a call between two services can become an event",
                ));
            };
            let r = apply(doc, remove(doc, &[], &[id]));
            steps.record(doc, r)?;
            via_topic(doc, &mut steps, w.from, &[w.to], topic, &name, w.order);
        }
        WireKind::Publish(_) => {
            let subs: Vec<Wire> = doc
                .wires
                .iter()
                .filter(|s| s.from == w.to)
                .cloned()
                .collect();
            if subs.is_empty() {
                return Err(refused(format!(
                    "nobody subscribes to {}, so there is no one to call",
                    name(doc, w.to)
                )));
            }
            let callees: Vec<NodeId> = subs.iter().map(|s| s.to).collect();
            calls_instead(doc, &mut steps, w.from, &callees, w.order)?;
            let mut gone: Vec<WireId> = subs.iter().map(|s| s.id).collect();
            gone.push(id);
            let r = apply(doc, remove(doc, &[], &gone));
            steps.record(doc, r)?;
            drop_if_unwired(doc, &mut steps, w.to)?;
        }
        WireKind::Subscribe(_) => {
            let pubs: Vec<Wire> = doc
                .wires
                .iter()
                .filter(|p| p.to == w.from)
                .cloned()
                .collect();
            let [publish] = pubs.as_slice() else {
                return Err(refused(format!(
                    "{} has {} publishers; a call needs exactly one caller",
                    name(doc, w.from),
                    pubs.len()
                )));
            };
            calls_instead(doc, &mut steps, publish.from, &[w.to], publish.order)?;
            let last_subscriber = !doc.wires.iter().any(|s| s.from == w.from && s.id != id);
            let gone = if last_subscriber {
                vec![id, publish.id]
            } else {
                vec![id]
            };
            let r = apply(doc, remove(doc, &[], &gone));
            steps.record(doc, r)?;
            drop_if_unwired(doc, &mut steps, w.from)?;
        }
        WireKind::RequestReply(_) => {
            return Err(refused(
                "request/reply is already a call over a broker: change it in the inspector",
            ));
        }
    }
    Ok(steps.inverse())
}

fn name(doc: &Scenario, id: NodeId) -> String {
    doc.node(id)
        .map_or_else(|| format!("node {}", id.0), |n| n.name.clone())
}

/// Adds calls `caller → callee` for each callee, refusing duplicates and deadlocks.
fn calls_instead(
    doc: &mut Scenario,
    steps: &mut Steps,
    caller: NodeId,
    callees: &[NodeId],
    order: u32,
) -> Result<()> {
    if let Some(&c) = callees
        .iter()
        .find(|&&c| doc.wires.iter().any(|x| x.from == caller && x.to == c))
    {
        return Err(refused(format!(
            "{} is already wired to {}",
            name(doc, caller),
            name(doc, c)
        )));
    }
    if callees.contains(&caller) {
        return Err(refused(format!("{} would call itself", name(doc, caller))));
    }
    let edges: Vec<_> = callees.iter().map(|&c| (caller, c)).collect();
    check_no_cycle(doc, &edges).map_err(refused)?;
    for &c in callees {
        let kind = call_kind(doc, c);
        steps.push(push_wire(doc, caller, c, order, kind));
    }
    Ok(())
}

/// A topic left with no wires after a flip goes too: it only existed for that event.
fn drop_if_unwired(doc: &mut Scenario, steps: &mut Steps, topic: NodeId) -> Result<()> {
    let used = doc.wires.iter().any(|w| {
        w.from == topic
            || w.to == topic
            || matches!(&w.kind, WireKind::RequestReply(r) if r.via == topic)
    });
    if !used {
        let r = apply(doc, remove(doc, &[topic], &[]));
        steps.record(doc, r)?;
    }
    Ok(())
}

/// Deletes nodes and wires, and the incident script's lines about them, as one edit: a
/// script that names a service no longer on the canvas would stop the run.
pub fn remove(doc: &Scenario, nodes: &[NodeId], wires: &[WireId]) -> Command {
    let delete = Command::Delete {
        nodes: nodes.to_vec(),
        wires: wires.to_vec(),
    };
    let names: Vec<&str> = nodes
        .iter()
        .filter_map(|id| doc.node(*id).map(|n| n.name.as_str()))
        .collect();
    let cut: Vec<WireRef> = wires.iter().filter_map(|id| doc.wire_ref(*id)).collect();
    let gone = |inc: &Incident| match inc.action.clone().subject_mut() {
        Subject::Node(name) => names.contains(&name.as_str()),
        Subject::Wire(wire) => {
            cut.contains(wire)
                || names.contains(&wire.from.as_str())
                || names.contains(&wire.to.as_str())
        }
    };
    if !doc.incidents.iter().any(gone) {
        return delete;
    }
    let kept = doc.incidents.iter().filter(|i| !gone(i)).cloned().collect();
    Command::Batch(vec![delete, Command::SetIncidents(kept)])
}

/// Renames a node and the incident script's references to it, as one edit.
pub fn rename(doc: &Scenario, id: NodeId, new_name: &str) -> Command {
    let new_name = new_name.trim().to_string();
    let rename = Command::Rename {
        id,
        name: new_name.clone(),
    };
    let Some(old) = doc.node(id).map(|n| n.name.as_str()) else {
        return rename;
    };
    let fix = |s: &mut String| {
        if s == old {
            *s = new_name.clone();
        }
    };
    let mut incidents = doc.incidents.clone();
    for inc in &mut incidents {
        match inc.action.subject_mut() {
            Subject::Node(name) => fix(name),
            Subject::Wire(wire) => {
                fix(&mut wire.from);
                fix(&mut wire.to);
            }
        }
    }
    if incidents == doc.incidents {
        rename
    } else {
        Command::Batch(vec![rename, Command::SetIncidents(incidents)])
    }
}

/// Handler steps of `service` in the given order (ids must be its outgoing wires).
pub fn reorder_steps(steps: &[WireId]) -> Command {
    Command::SetWireOrders(
        steps
            .iter()
            .enumerate()
            .map(|(i, &id)| (id, i as u32))
            .collect(),
    )
}
