//! Session state: everything about *this* editing session that is not the scenario.
//! Selection, focus, hover, viewport and previews are never saved and never undone
//! (tldraw's document/session split), so undo only ever changes the design.

use crate::geometry::{Rect, Vec2, Viewport};

/// Screen pixels left around a design fitted to the view: small, so that at a projector's
/// 1280×720 the checkout is drawn large enough to read (text ≥ 11 px on screen).
pub const FIT_PADDING: f64 = 12.0;
/// The band along the canvas's top that the design's title and run notice cover.
pub const FIT_TOP: f64 = 36.0;
use crate::layout::Layout;
use crate::palette::Preset;
use crate::rules::Style;
use std::collections::BTreeSet;
use wirelab_model::{NodeId, Scenario, WireId};

/// Something on the canvas a user can select or focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Node(NodeId),
    Wire(WireId),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub nodes: BTreeSet<NodeId>,
    pub wires: BTreeSet<WireId>,
}

impl Selection {
    pub fn only(t: Target) -> Self {
        let mut s = Selection::default();
        s.insert(t);
        s
    }

    /// Every node and wire of the document.
    pub fn all(doc: &Scenario) -> Self {
        Selection {
            nodes: doc.nodes.iter().map(|n| n.id).collect(),
            wires: doc.wires.iter().map(|w| w.id).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.wires.is_empty()
    }

    pub fn len(&self) -> usize {
        self.nodes.len() + self.wires.len()
    }

    pub fn contains(&self, t: Target) -> bool {
        match t {
            Target::Node(id) => self.nodes.contains(&id),
            Target::Wire(id) => self.wires.contains(&id),
        }
    }

    pub fn insert(&mut self, t: Target) {
        match t {
            Target::Node(id) => self.nodes.insert(id),
            Target::Wire(id) => self.wires.insert(id),
        };
    }

    pub fn remove(&mut self, t: Target) {
        match t {
            Target::Node(id) => self.nodes.remove(&id),
            Target::Wire(id) => self.wires.remove(&id),
        };
    }

    /// Shift-click: add if absent, remove if present.
    pub fn toggle(&mut self, t: Target) {
        if self.contains(t) {
            self.remove(t)
        } else {
            self.insert(t)
        }
    }

    /// The single selected element, if exactly one is selected.
    pub fn single(&self) -> Option<Target> {
        match (self.nodes.len(), self.wires.len()) {
            (1, 0) => self.nodes.first().copied().map(Target::Node),
            (0, 1) => self.wires.first().copied().map(Target::Wire),
            _ => None,
        }
    }
}

/// A wire being drawn, by pointer or keyboard.
#[derive(Clone, Debug, PartialEq)]
pub struct WirePreview {
    pub from: NodeId,
    pub style: Style,
    /// World point the loose end follows (the pointer, or the target's centre).
    pub to: Vec2,
    /// The node that would be connected on release / Enter.
    pub target: Option<NodeId>,
    /// Why connecting to `target` would be refused, shown at the pointer.
    pub refusal: Option<String>,
}

/// What the canvas draws on top of the document while a gesture is in progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Preview {
    #[default]
    None,
    /// Nodes drawn shifted by `offset` (world units) until the drag is committed.
    Drag {
        ids: BTreeSet<NodeId>,
        offset: Vec2,
    },
    /// The selection rectangle, in world units.
    Box(Rect),
    Wire(WirePreview),
    /// A ghost of the node a palette drag would place, top-left at `at`.
    Place {
        preset: Preset,
        at: Vec2,
    },
}

/// Grid spacing in world units; drags and placements snap to it.
pub const GRID: f64 = 20.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub selection: Selection,
    /// The keyboard focus (Tab order); focusing an element also selects it.
    pub focus: Option<Target>,
    pub hover: Option<Target>,
    pub viewport: Viewport,
    /// Canvas size in CSS pixels, for centring, fitting and placing at the centre.
    pub screen: Vec2,
    pub preview: Preview,
    /// Snapping grid; 0 turns snapping off.
    pub grid: f64,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            selection: Selection::default(),
            focus: None,
            hover: None,
            viewport: Viewport::default(),
            screen: Vec2::new(1024.0, 768.0),
            preview: Preview::None,
            grid: GRID,
        }
    }
}

impl Session {
    /// Forgets elements that no longer exist (after a delete, undo or load).
    pub fn prune(&mut self, doc: &Scenario) {
        let live = |t: &Target| match t {
            Target::Node(id) => doc.node(*id).is_some(),
            Target::Wire(id) => doc.wire(*id).is_some(),
        };
        self.selection.nodes.retain(|id| doc.node(*id).is_some());
        self.selection.wires.retain(|id| doc.wire(*id).is_some());
        self.focus = self.focus.filter(live);
        self.hover = self.hover.filter(live);
    }

    /// The viewport that shows the whole document, `FIT_PADDING` screen pixels from the
    /// edges; `None` until the canvas has a size to fit into.
    pub fn fit_content(&self, doc: &Scenario) -> Option<Viewport> {
        if self.screen.x <= 0.0 || self.screen.y <= 0.0 {
            return None;
        }
        // The labels run mode draws under the nodes are part of the picture.
        let Some(bounds) = crate::place::drawn_bounds(doc) else {
            return Some(Viewport::default());
        };
        let band = Vec2::new(0.0, FIT_TOP);
        let mut vp = Viewport::fit(bounds, self.screen - band, FIT_PADDING);
        vp.pan = vp.pan + band;
        Some(vp)
    }

    /// The document's geometry as currently drawn (a drag preview shifts its nodes).
    pub fn layout<'a>(&'a self, doc: &'a Scenario) -> Layout<'a> {
        match &self.preview {
            Preview::Drag { ids, offset } => Layout::with_offset(doc, ids, *offset),
            _ => Layout::new(doc),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::Preset;
    use wirelab_model::{CallConfig, Pos, WireKind};

    #[test]
    fn selection_ops() {
        let mut s = Selection::only(Target::Node(NodeId(1)));
        assert_eq!(s.single(), Some(Target::Node(NodeId(1))));
        s.toggle(Target::Wire(WireId(2)));
        assert_eq!(s.len(), 2);
        assert_eq!(s.single(), None);
        s.toggle(Target::Node(NodeId(1)));
        assert_eq!(s.single(), Some(Target::Wire(WireId(2))));
        s.remove(Target::Wire(WireId(2)));
        assert!(s.is_empty());
    }

    #[test]
    fn prune_forgets_deleted_elements_and_nothing_else() {
        let mut doc = Scenario::new("t");
        let a = doc.add_node("A", Pos::default(), Preset::Service.kind());
        let b = doc.add_node("B", Pos::default(), Preset::Service.kind());
        let w = doc.add_wire(a, b, WireKind::Call(CallConfig::default()));
        let mut s = Session {
            selection: Selection::all(&doc),
            focus: Some(Target::Wire(w)),
            hover: Some(Target::Node(b)),
            ..Session::default()
        };
        doc.wires.clear();
        doc.nodes.retain(|n| n.id != b);
        let viewport = s.viewport;
        s.prune(&doc);
        assert_eq!(s.selection, Selection::only(Target::Node(a)));
        assert_eq!((s.focus, s.hover), (None, None));
        assert_eq!(s.viewport, viewport);
    }
}
