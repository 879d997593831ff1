//! The document's geometry: node rectangles by kind, the wiring handles, wire paths and
//! hit testing. A node's `pos` is its top-left corner in world units.

use crate::geometry::{
    box_select, hit_topmost, hit_wire, in_port, out_port, Rect, Vec2, WirePath, HANDLE_RADIUS_PX,
    WIRE_HIT_PX,
};
use crate::rules::Style;
use crate::session::{Selection, Target};
use std::collections::{BTreeSet, HashMap};
use wirelab_model::{Node, NodeId, NodeKind, Scenario, Wire, WireId, WireKind};

/// Node sizes in world units: services are the stars, topics are slimmer "pipes".
pub fn node_size(kind: &NodeKind) -> Vec2 {
    match kind {
        NodeKind::Users(_) => Vec2::new(120.0, 56.0),
        // Wide enough for "16 workers · 120 ms" at the size a zoomed-out view still keeps
        // readable (the text floor in style/editor.css).
        NodeKind::Service(_) => Vec2::new(176.0, 64.0),
        NodeKind::Topic(_) => Vec2::new(160.0, 44.0),
    }
}

/// The wiring handles a node offers. Two handles on a service make the kind part of the
/// gesture: drag from the right (solid) handle to call, from the bottom (⚡) handle to
/// publish. Users can only call; a topic's only handle adds subscribers.
pub fn handles(node: &Node, rect: &Rect) -> Vec<(Style, Vec2)> {
    let bottom = Vec2::new(rect.x + rect.w / 2.0, rect.bottom());
    match node.kind {
        NodeKind::Users(_) => vec![(Style::Call, out_port(rect))],
        NodeKind::Service(_) => vec![(Style::Call, out_port(rect)), (Style::Event, bottom)],
        NodeKind::Topic(_) => vec![(Style::Event, out_port(rect))],
    }
}

/// What is under the pointer, in priority order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// A wiring handle: starts a wire of that style.
    Handle(NodeId, Style),
    /// The kind glyph at a wire's middle: one click flips call ⇄ event.
    Toggle(WireId),
    Node(NodeId),
    Wire(WireId),
    Canvas,
}

impl Hit {
    pub fn target(self) -> Option<Target> {
        match self {
            Hit::Node(id) => Some(Target::Node(id)),
            Hit::Wire(id) | Hit::Toggle(id) => Some(Target::Wire(id)),
            Hit::Handle(..) | Hit::Canvas => None,
        }
    }
}

/// Geometry of a document as drawn, optionally with some nodes shifted by a drag preview.
/// Rectangles are computed once and indexed by id, so drawing or hit-testing every wire
/// costs O(wires), not O(wires × nodes): make one per frame and reuse it.
pub struct Layout<'a> {
    doc: &'a Scenario,
    /// In paint order (later ones are on top).
    rects: Vec<(NodeId, Rect)>,
    index: HashMap<NodeId, usize>,
}

impl<'a> Layout<'a> {
    pub fn new(doc: &'a Scenario) -> Self {
        Layout::build(doc, None)
    }

    pub fn with_offset(doc: &'a Scenario, ids: &BTreeSet<NodeId>, offset: Vec2) -> Self {
        Layout::build(doc, Some((ids, offset)))
    }

    fn build(doc: &'a Scenario, shifted: Option<(&BTreeSet<NodeId>, Vec2)>) -> Self {
        let rects: Vec<(NodeId, Rect)> = doc
            .nodes
            .iter()
            .map(|n| {
                let mut p = Vec2::new(n.pos.x, n.pos.y);
                if let Some((ids, offset)) = shifted {
                    if ids.contains(&n.id) {
                        p = p + offset;
                    }
                }
                let size = node_size(&n.kind);
                (n.id, Rect::new(p.x, p.y, size.x, size.y))
            })
            .collect();
        let index = rects
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        Layout { doc, rects, index }
    }

    pub fn rect(&self, id: NodeId) -> Option<Rect> {
        self.index.get(&id).map(|&i| self.rects[i].1)
    }

    /// Every node's rectangle in paint order (later ones are on top).
    pub fn node_rects(&self) -> impl Iterator<Item = (NodeId, Rect)> + '_ {
        self.rects.iter().copied()
    }

    /// The path of a wire: out of its source's right side, into its target's left side.
    /// A publish to a topic below its publisher leaves from the bottom (where the ⚡
    /// handle is) and enters the topic from the top, so it never doubles back across the
    /// publisher.
    pub fn wire_path(&self, wire: &Wire) -> Option<WirePath> {
        let (a, b) = (self.rect(wire.from)?, self.rect(wire.to)?);
        if matches!(wire.kind, WireKind::Publish(_)) && b.y > a.bottom() {
            return Some(WirePath::downward(
                Vec2::new(a.x + a.w / 2.0, a.bottom()),
                Vec2::new(b.x + b.w / 2.0, b.y),
            ));
        }
        Some(WirePath::between(out_port(&a), in_port(&b)))
    }

    pub fn wire_paths(&self) -> impl Iterator<Item = (WireId, WirePath)> + '_ {
        self.doc
            .wires
            .iter()
            .filter_map(|w| Some((w.id, self.wire_path(w)?)))
    }

    /// What is at world point `p`; tolerances are in screen pixels so targets feel the
    /// same size at every zoom. Nodes are painted above wires (and the wires' glyphs), so
    /// they are tested first, topmost first, each node's handles before its body.
    pub fn hit(&self, p: Vec2, zoom: f64) -> Hit {
        let handle_r = HANDLE_RADIUS_PX / zoom;
        for (n, &(_, r)) in self.doc.nodes.iter().zip(&self.rects).rev() {
            if let Some((style, _)) = handles(n, &r)
                .into_iter()
                .find(|(_, h)| h.distance(p) <= handle_r)
            {
                return Hit::Handle(n.id, style);
            }
            if r.contains(p) {
                return Hit::Node(n.id);
            }
        }
        let toggle = self
            .wire_paths()
            .filter(|(_, path)| path.midpoint().distance(p) <= handle_r)
            .last();
        if let Some((id, _)) = toggle {
            return Hit::Toggle(id);
        }
        match hit_wire(self.wire_paths(), p, WIRE_HIT_PX / zoom) {
            Some(id) => Hit::Wire(id),
            None => Hit::Canvas,
        }
    }

    /// The topmost node under `p` other than `except` (the drop target of a wire drag).
    pub fn node_at(&self, p: Vec2, except: NodeId) -> Option<NodeId> {
        hit_topmost(self.node_rects().filter(|(id, _)| *id != except), p)
    }

    /// Nodes touched by the box, plus the wires whose both ends are selected.
    pub fn box_select(&self, area: &Rect) -> Selection {
        let nodes: BTreeSet<NodeId> = box_select(self.node_rects(), area).into_iter().collect();
        let wires = self
            .doc
            .wires
            .iter()
            .filter(|w| nodes.contains(&w.from) && nodes.contains(&w.to))
            .map(|w| w.id)
            .collect();
        Selection { nodes, wires }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::Preset;
    use wirelab_model::{CallConfig, Pos, WireKind};

    fn doc() -> (Scenario, NodeId, NodeId, WireId) {
        let mut d = Scenario::new("t");
        let a = d.add_node("A", Pos { x: 0.0, y: 0.0 }, Preset::Service.kind());
        let b = d.add_node("B", Pos { x: 400.0, y: 0.0 }, Preset::Service.kind());
        let w = d.add_wire(a, b, WireKind::Call(CallConfig::default()));
        (d, a, b, w)
    }

    #[test]
    fn rects_and_wire_paths() {
        let (d, a, b, w) = doc();
        let l = Layout::new(&d);
        assert_eq!(l.rect(a), Some(Rect::new(0.0, 0.0, 176.0, 64.0)));
        let path = l.wire_path(d.wire(w).unwrap()).unwrap();
        assert_eq!(path.from, Vec2::new(176.0, 32.0));
        assert_eq!(path.to, Vec2::new(400.0, 32.0));
        let ids = BTreeSet::from([b]);
        let shifted = Layout::with_offset(&d, &ids, Vec2::new(0.0, 100.0));
        assert_eq!(
            shifted.wire_path(d.wire(w).unwrap()).unwrap().to,
            Vec2::new(400.0, 132.0)
        );
        assert_eq!(shifted.rect(a), l.rect(a));
    }

    #[test]
    fn hit_priorities() {
        let (d, a, b, w) = doc();
        let l = Layout::new(&d);
        assert_eq!(
            l.hit(Vec2::new(177.0, 32.0), 1.0),
            Hit::Handle(a, Style::Call)
        );
        assert_eq!(
            l.hit(Vec2::new(88.0, 63.0), 1.0),
            Hit::Handle(a, Style::Event)
        );
        assert_eq!(l.hit(Vec2::new(288.0, 32.0), 1.0), Hit::Toggle(w));
        assert_eq!(l.hit(Vec2::new(216.0, 33.0), 1.0), Hit::Wire(w));
        assert_eq!(l.hit(Vec2::new(216.0, 45.0), 1.0), Hit::Canvas);
        // Zoomed out, the same screen tolerance covers more world.
        assert_eq!(l.hit(Vec2::new(216.0, 45.0), 0.25), Hit::Wire(w));
        assert_eq!(l.hit(Vec2::new(500.0, 20.0), 1.0), Hit::Node(b));
        assert_eq!(l.node_at(Vec2::new(10.0, 10.0), a), None);
        assert_eq!(Hit::Toggle(w).target(), Some(Target::Wire(w)));
    }

    #[test]
    fn a_node_over_a_wire_glyph_wins() {
        let (mut d, _, _, w) = doc();
        let c = d.add_node("C", Pos { x: 240.0, y: 10.0 }, Preset::Service.kind());
        let l = Layout::new(&d);
        let mid = l.wire_path(d.wire(w).unwrap()).unwrap().midpoint();
        assert_eq!(l.hit(mid, 1.0), Hit::Node(c));
        // The topmost node's body also beats a handle of a node beneath it.
        let mut d2 = d.clone();
        d2.add_node("D", Pos { x: 150.0, y: 20.0 }, Preset::Service.kind());
        let d_id = d2.node_by_name("D").unwrap().id;
        assert_eq!(
            Layout::new(&d2).hit(Vec2::new(161.0, 32.0), 1.0),
            Hit::Node(d_id)
        );
    }

    #[test]
    fn box_selection_takes_inner_wires() {
        let (d, a, b, w) = doc();
        let l = Layout::new(&d);
        let one = l.box_select(&Rect::new(-10.0, -10.0, 50.0, 50.0));
        assert_eq!(one, Selection::only(Target::Node(a)));
        let both = l.box_select(&Rect::new(-10.0, -10.0, 500.0, 50.0));
        assert_eq!(both.nodes, BTreeSet::from([a, b]));
        assert_eq!(both.wires, BTreeSet::from([w]));
    }
}
