//! Over 600 lines with its tests; the stacks themselves are about 300.
//!
//! Undo/redo as two stacks of inverse commands, each with a human label. Live steps of a
//! run (kill Analytics at 10 s) sit in the same stacks as markers, so one undo history
//! takes back whichever came last; the run owns what a marker means.

use crate::command::{apply, Command, EditError, Settings};
use crate::rules::Style;
use wirelab_model::{CallMode, NodeId, NodeKind, Scenario, WireId};

/// Steps kept by default; older ones fall off the bottom.
pub const DEFAULT_DEPTH: usize = 200;

#[derive(Clone, Debug, PartialEq)]
struct Entry {
    label: String,
    step: Step,
    /// Edits with the same key right after this one join it instead of adding a step.
    join: Option<Join>,
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// What to apply to step through the history in this entry's direction.
    Edit(Command),
    /// A live step of the run, by the run's id: the document does not change.
    Live(u64),
}

/// One step taken through the history: its label, the run's live step if it was one,
/// and whether it put another design in place (a `Replace` undone or redone).
#[derive(Clone, Debug, PartialEq)]
pub struct Stepped {
    pub label: String,
    pub live: Option<u64>,
    pub replaced: bool,
}

/// What makes consecutive edits one undo step.
#[derive(Clone, Debug, PartialEq)]
pub enum Join {
    /// Arrow-key nudges of this selection: ten presses are one "move", not ten.
    Nudge(Vec<NodeId>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    depth: usize,
}

impl Default for History {
    fn default() -> Self {
        History::with_depth(DEFAULT_DEPTH)
    }
}

impl History {
    pub fn with_depth(depth: usize) -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            depth: depth.max(1),
        }
    }

    /// Applies an edit as one undo step and forgets the redo branch. Returns the label.
    pub fn apply(&mut self, doc: &mut Scenario, cmd: Command) -> Result<String, EditError> {
        self.apply_joining(doc, cmd, None)
    }

    /// Like `apply`, but when the last step carries the same `join` key (and nothing was
    /// undone since) this edit extends that step: its inverse already restores the
    /// document as it was before the first of them, since inverses are absolute.
    pub fn apply_joining(
        &mut self,
        doc: &mut Scenario,
        cmd: Command,
        join: Option<Join>,
    ) -> Result<String, EditError> {
        let label = describe(doc, &cmd);
        let inverse = apply(doc, cmd)?;
        let joins = join.is_some()
            && self.redo.is_empty()
            && self.undo.last().is_some_and(|e| e.join == join);
        if joins {
            return Ok(label);
        }
        self.push(Entry {
            label: label.clone(),
            step: Step::Edit(inverse),
            join,
        });
        Ok(label)
    }

    /// Files a live step of the run (`id` is the run's) as the latest undo step, after
    /// every design edit made so far, and forgets the redo branch.
    pub fn mark_live(&mut self, id: u64, label: String) {
        self.push(Entry {
            label,
            step: Step::Live(id),
            join: None,
        });
    }

    fn push(&mut self, entry: Entry) {
        self.undo.push(entry);
        if self.undo.len() > self.depth {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Undoes the last step; returns it, or `None` when there is nothing to undo.
    pub fn undo(&mut self, doc: &mut Scenario) -> Option<Result<Stepped, EditError>> {
        Some(step(doc, self.undo.pop()?, &mut self.redo, &mut self.undo))
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, doc: &mut Scenario) -> Option<Result<Stepped, EditError>> {
        Some(step(doc, self.redo.pop()?, &mut self.undo, &mut self.redo))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// "Undo move 3 services", for the toolbar button's label and tooltip.
    pub fn undo_label(&self) -> Option<String> {
        self.undo.last().map(|e| format!("Undo {}", e.label))
    }

    /// "Redo connect Order → Payment".
    pub fn redo_label(&self) -> Option<String> {
        self.redo.last().map(|e| format!("Redo {}", e.label))
    }

    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

/// Applies one entry and files its inverse on the other stack. Inverses are exact, so a
/// failure means the document was changed behind the history's back: both stacks are
/// then meaningless and are dropped rather than left to do more damage.
fn step(
    doc: &mut Scenario,
    entry: Entry,
    other: &mut Vec<Entry>,
    same: &mut Vec<Entry>,
) -> Result<Stepped, EditError> {
    let replaced = matches!(entry.step, Step::Edit(Command::Replace(_)));
    let (step, live) = match entry.step {
        Step::Live(id) => (Step::Live(id), Some(id)),
        Step::Edit(cmd) => match apply(doc, cmd) {
            Ok(inverse) => (Step::Edit(inverse), None),
            Err(e) => {
                other.clear();
                same.clear();
                return Err(e);
            }
        },
    };
    other.push(Entry {
        label: entry.label.clone(),
        step,
        join: None,
    });
    Ok(Stepped {
        label: entry.label,
        live,
        replaced,
    })
}

/// A short human description for history labels ("move 3 services").
pub fn describe(doc: &Scenario, cmd: &Command) -> String {
    let n = |id: &NodeId| {
        doc.node(*id)
            .map_or_else(|| format!("node {}", id.0), |x| x.name.clone())
    };
    let wire = |id: &WireId| {
        doc.wire_ref(*id).map_or_else(
            || "a wire".to_string(),
            |r| format!("{} → {}", r.from, r.to),
        )
    };
    let nodes = |ids: &[NodeId]| match ids {
        [one] => n(one),
        _ => {
            let all_services = ids
                .iter()
                .all(|id| matches!(doc.node(*id).map(|x| &x.kind), Some(NodeKind::Service(_))));
            format!(
                "{} {}",
                ids.len(),
                if all_services { "services" } else { "nodes" }
            )
        }
    };
    match cmd {
        Command::AddNode { preset, .. } => format!("add {}", preset.label()),
        Command::Duplicate { ids, .. } => format!("duplicate {}", nodes(ids)),
        Command::Delete { nodes: ns, wires } => match (ns.as_slice(), wires.as_slice()) {
            ([], [w]) => format!("delete {}", wire(w)),
            ([], ws) => format!("delete {} wires", ws.len()),
            (ns, []) => format!("delete {}", nodes(ns)),
            (ns, ws) => format!(
                "delete {} and {} wire{}",
                nodes(ns),
                ws.len(),
                if ws.len() == 1 { "" } else { "s" }
            ),
        },
        Command::Restore { nodes: ns, wires } => {
            format!("restore {} nodes and {} wires", ns.len(), wires.len())
        }
        Command::MoveNodes { ids, .. } => format!("move {}", nodes(ids)),
        Command::SetPositions(moves) => {
            format!(
                "move {}",
                nodes(&moves.iter().map(|(id, _)| *id).collect::<Vec<_>>())
            )
        }
        Command::Rename { id, name } => format!("rename {} to {name}", n(id)),
        Command::SetNodeKind { id, .. } => format!("edit {}", n(id)),
        Command::SetCallMode { id, mode } => format!(
            "make {}'s calls {}",
            n(id),
            if *mode == CallMode::Parallel {
                "parallel"
            } else {
                "sequential"
            }
        ),
        Command::Connect {
            from,
            to,
            style: Style::Call,
        } => format!("connect {} → {}", n(from), n(to)),
        Command::Connect {
            from,
            to,
            style: Style::Event,
        } => {
            format!("connect {} → {} by event", n(from), n(to))
        }
        Command::FlipWire(id) => match doc.wire(*id).map(|w| Style::of(&w.kind)) {
            Some(Style::Call) => format!("turn {} into an event", wire(id)),
            _ => format!("turn {} into a call", wire(id)),
        },
        Command::SetWireKind { id, .. } => format!("edit {}", wire(id)),
        Command::SetWireOrders(orders) => match orders.first().and_then(|(id, _)| doc.wire(*id)) {
            Some(w) => format!("reorder {}'s steps", n(&w.from)),
            None => "reorder steps".into(),
        },
        Command::SetSettings(new) => {
            let old = Settings::of(doc);
            let changed: Vec<&str> = [
                (old.name != new.name, "title"),
                (old.description != new.description, "description"),
                (old.duration_ms != new.duration_ms, "run length"),
                (old.max_in_flight != new.max_in_flight, "work cap"),
            ]
            .into_iter()
            .filter_map(|(c, what)| c.then_some(what))
            .collect();
            match changed.as_slice() {
                [one] => format!("change the design's {one}"),
                _ => "change the design's settings".into(),
            }
        }
        Command::SetIncidents(_) => "edit the incident script".into(),
        Command::SetSeed(seed) => format!("use seed {seed}"),
        Command::Replace(s) if s.nodes.is_empty() => "clear the canvas".into(),
        Command::Replace(s) => format!(
            "load {}",
            if s.name.is_empty() {
                "a scenario"
            } else {
                &s.name
            }
        ),
        Command::Batch(cmds)
            if cmds.len() > 1
                && cmds
                    .iter()
                    .all(|c| matches!(c, Command::SetNodeKind { .. })) =>
        {
            format!("edit {} nodes", cmds.len())
        }
        Command::Batch(cmds) => cmds
            .first()
            .map_or_else(|| "nothing".into(), |c| describe(doc, c)),
    }
}

/// A label as the start of a sentence: "move 3 services" → "Move 3 services".
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::Preset;
    use wirelab_model::Pos;

    fn pos(x: f64, y: f64) -> Pos {
        Pos { x, y }
    }

    #[test]
    fn consecutive_nudges_of_one_selection_are_one_step() {
        let mut doc = Scenario::new("t");
        let mut h = History::default();
        for x in [0.0, 300.0] {
            h.apply(
                &mut doc,
                Command::AddNode {
                    preset: Preset::Order,
                    pos: pos(x, 0.0),
                },
            )
            .unwrap();
        }
        let (a, b) = (doc.nodes[0].id, doc.nodes[1].id);
        let nudge = |h: &mut History, doc: &mut Scenario, ids: Vec<NodeId>| {
            let cmd = Command::MoveNodes {
                ids: ids.clone(),
                delta: pos(1.0, 0.0),
            };
            h.apply_joining(doc, cmd, Some(Join::Nudge(ids))).unwrap();
        };
        for _ in 0..5 {
            nudge(&mut h, &mut doc, vec![a]);
        }
        assert_eq!(doc.nodes[0].pos, pos(5.0, 0.0));
        assert_eq!(h.undo.len(), 3);
        // Another selection starts its own step.
        nudge(&mut h, &mut doc, vec![b]);
        nudge(&mut h, &mut doc, vec![b]);
        assert_eq!(h.undo.len(), 4);
        h.undo(&mut doc).unwrap().unwrap();
        assert_eq!(doc.nodes[1].pos, pos(300.0, 0.0));
        assert_eq!(h.undo_label().as_deref(), Some("Undo move Order"));
        h.undo(&mut doc).unwrap().unwrap();
        assert_eq!(doc.nodes[0].pos, pos(0.0, 0.0));
        // Redo brings back all five; a nudge after it is a step of its own.
        h.redo(&mut doc).unwrap().unwrap();
        assert_eq!(doc.nodes[0].pos, pos(5.0, 0.0));
        nudge(&mut h, &mut doc, vec![a]);
        assert_eq!(h.undo.len(), 4);
        // Any other edit between two nudges ends the run.
        h.apply(
            &mut doc,
            Command::Rename {
                id: b,
                name: "Checkout".into(),
            },
        )
        .unwrap();
        nudge(&mut h, &mut doc, vec![a]);
        assert_eq!(h.undo.len(), 6);
    }

    #[test]
    fn live_steps_interleave_with_edits_in_the_order_they_were_made() {
        let mut doc = Scenario::new("t");
        let mut h = History::default();
        let add = |h: &mut History, doc: &mut Scenario, x: f64| {
            let cmd = Command::AddNode {
                preset: Preset::Order,
                pos: pos(x, 0.0),
            };
            h.apply(doc, cmd).unwrap();
        };
        add(&mut h, &mut doc, 0.0);
        h.mark_live(7, "kill Order at 10.0 s".into());
        add(&mut h, &mut doc, 300.0);
        assert_eq!(h.undo(&mut doc).unwrap().unwrap().live, None);
        assert_eq!(doc.nodes.len(), 1);
        assert_eq!(h.undo_label().as_deref(), Some("Undo kill Order at 10.0 s"));
        let live = h.undo(&mut doc).unwrap().unwrap();
        assert_eq!(
            (live.live, doc.nodes.len()),
            (Some(7), 1),
            "a marker leaves the design"
        );
        // Redo walks forward in the same order: the live step, then the edit.
        assert_eq!(h.redo(&mut doc).unwrap().unwrap().live, Some(7));
        assert_eq!(h.redo(&mut doc).unwrap().unwrap().live, None);
        assert_eq!(doc.nodes.len(), 2);
        // A nudge does not join a step made before a live one.
        h.mark_live(8, "kill Order at 12.0 s".into());
        assert!(!h.can_redo(), "a live step forgets the redo branch");
    }

    #[test]
    fn undo_redo_with_labels() {
        let mut doc = Scenario::new("t");
        let mut h = History::default();
        assert!(!h.can_undo() && !h.can_redo());
        h.apply(
            &mut doc,
            Command::AddNode {
                preset: Preset::Order,
                pos: pos(0.0, 0.0),
            },
        )
        .unwrap();
        h.apply(
            &mut doc,
            Command::AddNode {
                preset: Preset::Payment,
                pos: pos(200.0, 0.0),
            },
        )
        .unwrap();
        let (o, p) = (doc.nodes[0].id, doc.nodes[1].id);
        let label = h
            .apply(
                &mut doc,
                Command::Connect {
                    from: o,
                    to: p,
                    style: Style::Call,
                },
            )
            .unwrap();
        assert_eq!(label, "connect Order → Payment");
        let moved = h.apply(
            &mut doc,
            Command::MoveNodes {
                ids: vec![o, p],
                delta: pos(5.0, 5.0),
            },
        );
        assert_eq!(moved.unwrap(), "move 2 services");
        assert_eq!(h.undo_label().as_deref(), Some("Undo move 2 services"));
        assert_eq!(h.undo(&mut doc).unwrap().unwrap().label, "move 2 services");
        assert_eq!(
            h.undo(&mut doc).unwrap().unwrap().label,
            "connect Order → Payment"
        );
        assert!(doc.wires.is_empty());
        assert_eq!(
            h.redo_label().as_deref(),
            Some("Redo connect Order → Payment")
        );
        h.redo(&mut doc).unwrap().unwrap();
        assert_eq!(doc.wires.len(), 1);
        assert!(h.can_redo());
        h.apply(
            &mut doc,
            Command::Rename {
                id: o,
                name: "Orders".into(),
            },
        )
        .unwrap();
        assert!(!h.can_redo(), "a new edit clears the redo branch");
    }

    #[test]
    fn refused_edit_leaves_history_alone() {
        let mut doc = Scenario::new("t");
        let mut h = History::default();
        h.apply(
            &mut doc,
            Command::AddNode {
                preset: Preset::Order,
                pos: pos(0.0, 0.0),
            },
        )
        .unwrap();
        let o = doc.nodes[0].id;
        let before = h.clone();
        let err = h.apply(
            &mut doc,
            Command::Connect {
                from: o,
                to: o,
                style: Style::Call,
            },
        );
        assert!(matches!(err, Err(EditError::Refused(_))));
        assert_eq!(h, before);
    }

    #[test]
    fn depth_is_bounded() {
        let mut doc = Scenario::new("t");
        let mut h = History::with_depth(3);
        for i in 0..5 {
            h.apply(
                &mut doc,
                Command::AddNode {
                    preset: Preset::Service,
                    pos: pos(i as f64, 0.0),
                },
            )
            .unwrap();
        }
        let mut undone = 0;
        while let Some(r) = h.undo(&mut doc) {
            r.unwrap();
            undone += 1;
        }
        assert_eq!(undone, 3);
        assert_eq!(doc.nodes.len(), 2);
        assert!(!h.can_undo());
    }

    #[test]
    fn labels_name_what_changed() {
        let mut doc = Scenario::new("t");
        let mut h = History::default();
        for (preset, x) in [
            (Preset::Users, 0.0),
            (Preset::Order, 200.0),
            (Preset::Email, 400.0),
        ] {
            h.apply(
                &mut doc,
                Command::AddNode {
                    preset,
                    pos: pos(x, 0.0),
                },
            )
            .unwrap();
        }
        let [u, o, e] = [doc.nodes[0].id, doc.nodes[1].id, doc.nodes[2].id];
        let mut label = |doc: &mut Scenario, cmd| h.apply(doc, cmd).unwrap();
        assert_eq!(
            label(
                &mut doc,
                Command::Connect {
                    from: o,
                    to: e,
                    style: Style::Event
                }
            ),
            "connect Order → Email by event"
        );
        let publish = doc.wires[0].id;
        assert_eq!(
            label(&mut doc, Command::FlipWire(publish)),
            "turn Order → OrderCreated into a call"
        );
        let call = doc.wires[0].id;
        assert_eq!(
            label(&mut doc, Command::FlipWire(call)),
            "turn Order → Email into an event"
        );
        assert_eq!(
            label(
                &mut doc,
                Command::MoveNodes {
                    ids: vec![u, o],
                    delta: pos(1.0, 0.0)
                }
            ),
            "move 2 nodes"
        );
        assert_eq!(
            label(
                &mut doc,
                Command::MoveNodes {
                    ids: vec![o],
                    delta: pos(1.0, 0.0)
                }
            ),
            "move Order"
        );
        assert_eq!(
            label(
                &mut doc,
                Command::SetCallMode {
                    id: o,
                    mode: CallMode::Parallel
                }
            ),
            "make Order's calls parallel"
        );
        let w = doc.wires[0].id;
        assert_eq!(
            label(
                &mut doc,
                Command::Delete {
                    nodes: vec![],
                    wires: vec![w]
                }
            ),
            "delete Order → OrderCreated"
        );
        assert_eq!(
            label(
                &mut doc,
                Command::Delete {
                    nodes: vec![u, e],
                    wires: vec![]
                }
            ),
            "delete 2 nodes"
        );
        assert_eq!(
            label(
                &mut doc,
                Command::Rename {
                    id: o,
                    name: "Shop".into()
                }
            ),
            "rename Order to Shop"
        );
        let kinds = vec![
            Command::SetNodeKind {
                id: o,
                kind: Preset::Order.kind(),
            },
            Command::SetNodeKind {
                id: o,
                kind: Preset::Payment.kind(),
            },
        ];
        assert_eq!(label(&mut doc, Command::Batch(kinds)), "edit 2 nodes");
        assert_eq!(
            label(&mut doc, Command::Replace(Box::new(Scenario::new("x")))),
            "clear the canvas"
        );
    }

    #[test]
    fn nothing_to_undo() {
        let mut doc = Scenario::new("t");
        let mut h = History::default();
        assert!(h.undo(&mut doc).is_none());
        assert!(h.redo(&mut doc).is_none());
        assert_eq!(h.undo_label(), None);
    }
}
