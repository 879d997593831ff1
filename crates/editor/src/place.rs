//! Where things go: a free spot for a new node (never on another node or the labels run
//! mode draws under it), the room a node takes with those labels (for Fit), and Arrange,
//! which lays a design out left to right by who calls or feeds whom.

use crate::geometry::Rect;
use crate::layout::node_size;
use std::collections::{BTreeMap, BTreeSet};
use wirelab_model::{NodeId, NodeKind, Pos, Scenario};

/// Below a node, run mode draws its busy line, a topic its backlog bars, users their
/// waiting count and stopwatches: this much room, in world units.
pub fn labels_below(kind: &NodeKind) -> f64 {
    match kind {
        // Its stopwatch panel, which grows by up to 1.25 when zoomed out (style/run.css).
        NodeKind::Users(_) => 170.0,
        NodeKind::Service(_) => 28.0,
        NodeKind::Topic(_) => 64.0,
    }
}

/// The room a node takes on the canvas: its box, the labels under it, and a margin.
pub fn footprint(pos: Pos, kind: &NodeKind) -> Rect {
    const MARGIN: f64 = 16.0;
    let size = node_size(kind);
    Rect::new(
        pos.x - MARGIN,
        pos.y - MARGIN,
        size.x + 2.0 * MARGIN,
        size.y + labels_below(kind) + 2.0 * MARGIN,
    )
}

/// Every node's box with its labels: what Fit must show.
pub fn drawn_bounds(doc: &Scenario) -> Option<Rect> {
    let rects: Vec<Rect> = doc
        .nodes
        .iter()
        .map(|n| {
            let s = node_size(&n.kind);
            Rect::new(n.pos.x, n.pos.y, s.x, s.y + labels_below(&n.kind))
        })
        .collect();
    Rect::bounds(&rects)
}

/// Grid step of the search for free room.
const STEP: f64 = 40.0;

/// The free spot nearest `want` for a node of `kind`: its footprint overlaps no other
/// node's. Rings of candidates around `want`, nearest first, so the result is the same
/// every time.
pub fn free_spot(doc: &Scenario, want: Pos, kind: &NodeKind) -> Pos {
    free_spot_within(doc, want, kind, None)
}

/// The same, kept whole inside `view` (the part of the world on screen) where it can be:
/// a node dropped near the canvas's edge lands where the person can see it, not below the
/// visible canvas. With no free spot inside, the nearest anywhere.
pub fn free_spot_within(doc: &Scenario, want: Pos, kind: &NodeKind, view: Option<Rect>) -> Pos {
    let size = node_size(kind);
    let shown = |p: Pos| {
        view.is_none_or(|v| {
            p.x >= v.x
                && p.y >= v.y
                && p.x + size.x <= v.right()
                && p.y + size.y + labels_below(kind) <= v.bottom()
        })
    };
    let inside = spot(doc, want, kind, shown);
    inside.unwrap_or_else(|| spot(doc, want, kind, |_| true).unwrap_or(want))
}

/// The free spot nearest `want` that `ok` accepts, if one is within reach.
fn spot(doc: &Scenario, want: Pos, kind: &NodeKind, ok: impl Fn(Pos) -> bool) -> Option<Pos> {
    let taken: Vec<Rect> = doc
        .nodes
        .iter()
        .map(|n| footprint(n.pos, &n.kind))
        .collect();
    let free = |p: Pos| {
        let f = footprint(p, kind);
        !taken.iter().any(|t| t.intersects(&f))
    };
    for ring in 0..60i32 {
        let mut ring_spots: Vec<(i32, i32)> = (-ring..=ring)
            .flat_map(|dx| (-ring..=ring).map(move |dy| (dx, dy)))
            .filter(|(dx, dy)| dx.abs().max(dy.abs()) == ring)
            .collect();
        // Nearest first; ties prefer below, then right (where new steps usually go).
        ring_spots.sort_by_key(|&(dx, dy)| (dx * dx + dy * dy, -dy, -dx));
        for (dx, dy) in ring_spots {
            let p = Pos {
                x: want.x + f64::from(dx) * STEP,
                y: want.y + f64::from(dy) * STEP,
            };
            if ok(p) && free(p) {
                return Some(p);
            }
        }
    }
    None
}

/// Columns apart and rows apart in an arranged design.
const COLUMN: f64 = 240.0;
const ROW: f64 = 40.0;

/// New positions laying the design out left to right: each node one column right of the
/// furthest node that calls it, publishes to it or feeds it (cycles are cut where the
/// walk first meets them); within a column, nodes keep their top-to-bottom order and
/// stack with room for their labels.
pub fn arrange(doc: &Scenario) -> Vec<(NodeId, Pos)> {
    let mut next: BTreeMap<NodeId, Vec<NodeId>> = BTreeMap::new();
    let mut has_in: BTreeSet<NodeId> = BTreeSet::new();
    for w in &doc.wires {
        next.entry(w.from).or_default().push(w.to);
        has_in.insert(w.to);
    }
    // Longest path from a source, walking depth first; a node met on the current path
    // is a cycle and adds nothing.
    let mut column: BTreeMap<NodeId, usize> = BTreeMap::new();
    fn walk(
        n: NodeId,
        depth: usize,
        next: &BTreeMap<NodeId, Vec<NodeId>>,
        column: &mut BTreeMap<NodeId, usize>,
        path: &mut BTreeSet<NodeId>,
    ) {
        if path.contains(&n) || column.get(&n).is_some_and(|&c| c >= depth) {
            return;
        }
        column.insert(n, depth);
        path.insert(n);
        for &m in next.get(&n).map_or(&[][..], Vec::as_slice) {
            walk(m, depth + 1, next, column, path);
        }
        path.remove(&n);
    }
    let sources: Vec<NodeId> = doc
        .nodes
        .iter()
        .map(|n| n.id)
        .filter(|id| !has_in.contains(id))
        .collect();
    for s in sources {
        walk(s, 0, &next, &mut column, &mut BTreeSet::new());
    }
    // Whatever a cycle left unreached starts its own walk.
    for n in &doc.nodes {
        if !column.contains_key(&n.id) {
            walk(n.id, 0, &next, &mut column, &mut BTreeSet::new());
        }
    }
    let (x0, y0) = doc.nodes.iter().fold((f64::MAX, f64::MAX), |(x, y), n| {
        (x.min(n.pos.x), y.min(n.pos.y))
    });
    let (x0, y0) = if x0 == f64::MAX { (0.0, 0.0) } else { (x0, y0) };
    let mut by_column: BTreeMap<usize, Vec<&wirelab_model::Node>> = BTreeMap::new();
    for n in &doc.nodes {
        by_column.entry(column[&n.id]).or_default().push(n);
    }
    let mut out = Vec::new();
    for (c, mut nodes) in by_column {
        nodes.sort_by(|a, b| a.pos.y.total_cmp(&b.pos.y).then(a.id.cmp(&b.id)));
        let mut y = y0;
        for n in nodes {
            out.push((
                n.id,
                Pos {
                    x: x0 + c as f64 * COLUMN,
                    y,
                },
            ));
            y += node_size(&n.kind).y + labels_below(&n.kind) + ROW;
        }
    }
    out.sort_by_key(|(id, _)| *id);
    out
}

/// Whether any two nodes' footprints (boxes with their labels) overlap.
pub fn overlapping(doc: &Scenario) -> Option<(NodeId, NodeId)> {
    let rects: Vec<(NodeId, Rect)> = doc
        .nodes
        .iter()
        .map(|n| (n.id, footprint(n.pos, &n.kind).inflate(-1.0)))
        .collect();
    for (i, (a, ra)) in rects.iter().enumerate() {
        for (b, rb) in &rects[i + 1..] {
            if ra.intersects(rb) {
                return Some((*a, *b));
            }
        }
    }
    None
}
