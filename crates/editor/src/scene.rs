//! What the canvas draws this frame, computed once from the editor (document, session,
//! previews) so the UI maps plain values to SVG and never recomputes geometry per node.
//! Everything is in world coordinates; the UI applies the viewport as one transform.

use crate::editor::Editor;
use crate::geometry::{Rect, Vec2};
use crate::layout::{handles, node_size};
use crate::rules::Style;
use crate::session::{Preview, Target};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use wirelab_model::{Arrival, Kind, NodeId, NodeKind, WireId, WireKind};

/// Arrow head length and half-width, in world units.
const ARROW_LEN: f64 = 10.0;
const ARROW_HALF: f64 = 5.0;
/// Room a node's text loses to its icon (left) and its handle (right).
const TEXT_INSET: f64 = 44.0;
/// Average glyph widths of the node's name and detail at the largest size the text floor
/// draws them (16 px semibold, 14 px; style/editor.css) in the widest common UI fonts,
/// measured on mixed-case names like "OrderCreated".
const NAME_CHAR_PX: f64 = 9.1;
const DETAIL_CHAR_PX: f64 = 7.2;

#[derive(Clone, Debug, PartialEq)]
pub struct NodeDraw {
    pub id: NodeId,
    pub name: String,
    /// The name as drawn: shortened with an ellipsis when it would overflow the node.
    pub shown: String,
    /// Users, service or topic (`Kind::noun` is its CSS class and `data-kind`).
    pub kind: Kind,
    /// A topic configured as a command queue, drawn as a box of slots rather than a channel
    /// (the label says so too, which keeps [`NodeDraw::key`] honest).
    pub queue: bool,
    pub rect: Rect,
    /// One short line under the name ("8 workers · 20 ms").
    pub detail: String,
    pub handles: Vec<(Style, Vec2)>,
    /// The accessible name.
    pub label: String,
}

impl NodeDraw {
    /// Changes whenever anything drawn changes: the UI keeps a node's DOM while it stays.
    pub fn key(&self) -> u64 {
        let mut h = DefaultHasher::new();
        (self.id, &self.name, self.kind, &self.detail, &self.label).hash(&mut h);
        rect_bits(&self.rect).hash(&mut h);
        h.finish()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct WireDraw {
    pub id: WireId,
    pub from: String,
    pub to: String,
    /// `call`, `request-reply`, `publish` or `subscribe` (CSS class and `data-kind`).
    pub kind: &'static str,
    pub style: Style,
    /// SVG path data.
    pub d: String,
    /// Where the flip glyph sits.
    pub mid: Vec2,
    /// The arrow head's polygon `points`.
    pub arrow: String,
    pub label: String,
    /// A compensating publish, made only when the handler gives its work up.
    pub compensate: bool,
}

impl WireDraw {
    /// Changes whenever anything drawn changes (see [`NodeDraw::key`]).
    pub fn key(&self) -> u64 {
        let mut h = DefaultHasher::new();
        (
            self.id,
            &self.from,
            &self.to,
            self.kind,
            &self.d,
            &self.label,
        )
            .hash(&mut h);
        h.finish()
    }
}

/// What a node is, in words: a topic configured as a queue is a "command queue".
fn noun(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Topic(t) if t.queue => "command queue",
        k => k.tag().noun(),
    }
}

fn rect_bits(r: &Rect) -> [u64; 4] {
    [r.x.to_bits(), r.y.to_bits(), r.w.to_bits(), r.h.to_bits()]
}

/// The drawable parts of a gesture in progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// The wire being drawn: path data, style and whether the target refuses it.
    pub wire: Option<(String, Style, bool)>,
    pub select_box: Option<Rect>,
    /// The ghost of a palette item being dragged over the canvas.
    pub ghost: Option<Rect>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub nodes: Vec<NodeDraw>,
    pub wires: Vec<WireDraw>,
}

impl Scene {
    /// Nodes and wires with their geometry (drag previews included).
    pub fn build(editor: &Editor) -> Scene {
        let doc = editor.doc();
        let layout = editor.layout();
        let names: HashMap<NodeId, &str> =
            doc.nodes.iter().map(|n| (n.id, n.name.as_str())).collect();
        let mut degree: HashMap<NodeId, (usize, usize)> = HashMap::new();
        for w in &doc.wires {
            degree.entry(w.from).or_default().0 += 1;
            degree.entry(w.to).or_default().1 += 1;
        }
        let nodes = doc
            .nodes
            .iter()
            .filter_map(|n| {
                let rect = layout.rect(n.id)?;
                let (outs, ins) = degree.get(&n.id).copied().unwrap_or_default();
                let kind = n.kind.tag();
                let detail = match &n.kind {
                    NodeKind::Users(u) => arrival_text(&u.arrival),
                    NodeKind::Service(s) if s.answer_pending => "answers pending".to_string(),
                    NodeKind::Service(s) => {
                        format!("{} workers · {} ms", s.workers, round(s.latency.base_ms))
                    }
                    // The body's shape tells a queue from a topic when partitions take the line.
                    NodeKind::Topic(t) if t.partitions > 1 => {
                        format!("{} partitions", t.partitions)
                    }
                    NodeKind::Topic(_) => noun(&n.kind).to_string(),
                };
                Some(NodeDraw {
                    id: n.id,
                    shown: fit_text(&n.name, rect.w - TEXT_INSET, NAME_CHAR_PX),
                    name: n.name.clone(),
                    kind,
                    queue: matches!(&n.kind, NodeKind::Topic(t) if t.queue),
                    rect,
                    detail: fit_text(&detail, rect.w - TEXT_INSET, DETAIL_CHAR_PX),
                    handles: handles(n, &rect),
                    label: format!("{}, {}, {outs} wires out, {ins} in", n.name, noun(&n.kind)),
                })
            })
            .collect();
        let wires = doc
            .wires
            .iter()
            .filter_map(|w| {
                let path = layout.wire_path(w)?;
                let kind = match w.kind {
                    WireKind::Call(_) => "call",
                    WireKind::RequestReply(_) => "request-reply",
                    WireKind::Publish(_) => "publish",
                    WireKind::Subscribe(_) => "subscribe",
                };
                Some(WireDraw {
                    id: w.id,
                    from: names.get(&w.from).copied().unwrap_or("?").to_string(),
                    to: names.get(&w.to).copied().unwrap_or("?").to_string(),
                    kind,
                    style: Style::of(&w.kind),
                    d: path.svg_d(),
                    mid: path.midpoint(),
                    arrow: arrow_points(path.to, path.end_direction()),
                    label: wire_label(&w.kind, &names, w.from, w.to),
                    compensate: matches!(&w.kind, WireKind::Publish(p) if p.compensate),
                })
            })
            .collect();
        Scene { nodes, wires }
    }
}

impl Overlay {
    pub fn build(editor: &Editor) -> Overlay {
        let layout = editor.layout();
        match &editor.session().preview {
            Preview::Wire(p) => {
                let Some(from) = layout.rect(p.from) else {
                    return Overlay::default();
                };
                let start = match handles_of(editor, p.from).find(|(s, _)| *s == p.style) {
                    Some((_, at)) => at,
                    None => from.center(),
                };
                let end = p
                    .target
                    .and_then(|t| layout.rect(t))
                    .map_or(p.to, |r| r.center());
                let d = format!(
                    "M{} {} L{} {}",
                    round(start.x),
                    round(start.y),
                    round(end.x),
                    round(end.y)
                );
                Overlay {
                    wire: Some((d, p.style, p.refusal.is_some())),
                    ..Overlay::default()
                }
            }
            Preview::Box(r) => Overlay {
                select_box: Some(*r),
                ..Overlay::default()
            },
            Preview::Place { preset, at } => {
                let size = node_size(&preset.kind());
                Overlay {
                    ghost: Some(Rect::new(at.x, at.y, size.x, size.y)),
                    ..Overlay::default()
                }
            }
            Preview::Drag { .. } | Preview::None => Overlay::default(),
        }
    }
}

fn handles_of(editor: &Editor, id: NodeId) -> impl Iterator<Item = (Style, Vec2)> {
    let doc = editor.doc();
    let found = doc
        .node(id)
        .zip(editor.layout().rect(id))
        .map(|(n, r)| handles(n, &r))
        .unwrap_or_default();
    found.into_iter()
}

/// The same words as [`describe_target`], with names from a map: O(1) per wire.
fn wire_label(kind: &WireKind, names: &HashMap<NodeId, &str>, from: NodeId, to: NodeId) -> String {
    let name = |id| names.get(&id).copied().unwrap_or("?");
    let via = match kind {
        WireKind::RequestReply(r) => name(r.via),
        _ => "",
    };
    wire_words(kind, name(from), name(to), via)
}

/// A wire in words, for screen readers and tooltips (`via`: request/reply's topic).
pub(crate) fn wire_words(kind: &WireKind, a: &str, b: &str, via: &str) -> String {
    match kind {
        WireKind::Call(_) => format!("call from {a} to {b}, {a} waits"),
        WireKind::Publish(p) if p.compensate => {
            format!("compensating event: {a} publishes to {b} only when it gives its work up")
        }
        WireKind::Publish(_) => format!("event: {a} publishes to {b}"),
        WireKind::Subscribe(_) => format!("event: {b} subscribes to {a}"),
        WireKind::RequestReply(_) => format!("request/reply from {a} to {b} via {via}"),
    }
}

/// A triangle whose tip touches `tip`, pointing along `dir` (a unit vector).
fn arrow_points(tip: Vec2, dir: Vec2) -> String {
    let back = tip - dir * ARROW_LEN;
    let normal = Vec2::new(-dir.y, dir.x) * ARROW_HALF;
    let (a, b) = (back + normal, back - normal);
    format!(
        "{},{} {},{} {},{}",
        round(tip.x),
        round(tip.y),
        round(a.x),
        round(a.y),
        round(b.x),
        round(b.y)
    )
}

fn arrival_text(a: &Arrival) -> String {
    match a {
        Arrival::Manual => "on demand".into(),
        Arrival::Constant { rate_per_s } | Arrival::Poisson { rate_per_s } => {
            format!("{} req/s", round(*rate_per_s))
        }
        Arrival::Bursts { size, every_ms } => format!("{size} every {} ms", round(*every_ms)),
    }
}

/// `text`, or its start and an ellipsis, so that it fits `width` at `char_px` per char.
pub fn fit_text(text: &str, width: f64, char_px: f64) -> String {
    let room = (width / char_px).floor().max(1.0) as usize;
    if text.chars().count() <= room {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(room.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// One decimal at most: enough for drawing, short in the DOM.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Whether Tab (or Shift+Tab) from `focus` should leave the canvas instead of cycling:
/// at the last (first) element, so keyboard users are never trapped inside it.
pub fn tab_leaves(editor: &Editor, backwards: bool) -> bool {
    let doc = editor.doc();
    let order: Vec<Target> = doc
        .nodes
        .iter()
        .map(|n| Target::Node(n.id))
        .chain(doc.wires.iter().map(|w| Target::Wire(w.id)))
        .collect();
    let edge = if backwards {
        order.first()
    } else {
        order.last()
    };
    match (editor.session().focus, edge) {
        (_, None) => true,
        (Some(f), Some(e)) => f == *e,
        (None, Some(_)) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::Command;
    use crate::palette::Preset;
    use wirelab_model::{Pos, Scenario};

    fn checkout() -> (Editor, NodeId, NodeId, NodeId) {
        let mut e = Editor::new(Scenario::new("t"));
        let mut add = |preset, x| {
            e.apply(Command::AddNode {
                preset,
                pos: Pos { x, y: 0.0 },
            })
            .unwrap();
            e.doc().nodes.last().unwrap().id
        };
        let (u, o, p) = (
            add(Preset::Users, 0.0),
            add(Preset::Order, 300.0),
            add(Preset::Email, 600.0),
        );
        e.apply(Command::Connect {
            from: u,
            to: o,
            style: Style::Call,
        })
        .unwrap();
        e.apply(Command::Connect {
            from: o,
            to: p,
            style: Style::Event,
        })
        .unwrap();
        (e, u, o, p)
    }

    #[test]
    fn scene_names_kinds_and_geometry() {
        let (e, _, o, _) = checkout();
        let s = Scene::build(&e);
        let kinds: Vec<_> = s
            .nodes
            .iter()
            .map(|n| (n.name.as_str(), n.kind.noun()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("User", "users"),
                ("Order", "service"),
                ("Email", "service"),
                ("OrderCreated", "topic")
            ]
        );
        let wires: Vec<_> = s
            .wires
            .iter()
            .map(|w| (w.from.as_str(), w.to.as_str(), w.kind))
            .collect();
        assert_eq!(
            wires,
            [
                ("User", "Order", "call"),
                ("Order", "OrderCreated", "publish"),
                ("OrderCreated", "Email", "subscribe")
            ]
        );
        let order = &s.nodes[1];
        assert_eq!(order.id, o);
        assert_eq!(order.rect, e.layout().rect(o).unwrap());
        assert_eq!(order.handles.len(), 2);
        assert!(
            order.label.starts_with("Order, service, 1 wires out, 1 in"),
            "{}",
            order.label
        );
        let call = &s.wires[0];
        assert!(call.d.starts_with("M120 28 C"), "{}", call.d);
        assert!(call.arrow.starts_with("300,32 "), "{}", call.arrow);
        assert_eq!(call.label, "call from User to Order, User waits");
    }

    #[test]
    fn labels_match_describe_target_and_keys_follow_changes() {
        let (mut e, u, ..) = checkout();
        let before = Scene::build(&e);
        for w in &before.wires {
            let said = crate::interaction::describe_target(e.doc(), Target::Wire(w.id));
            assert_eq!(w.label, said);
        }
        for n in &before.nodes {
            let said = crate::interaction::describe_target(e.doc(), Target::Node(n.id));
            assert_eq!(n.label, said);
        }
        e.apply(Command::MoveNodes {
            ids: vec![u],
            delta: Pos { x: 20.0, y: 0.0 },
        })
        .unwrap();
        let after = Scene::build(&e);
        assert_ne!(before.nodes[0].key(), after.nodes[0].key());
        assert_eq!(before.nodes[1].key(), after.nodes[1].key());
        assert_ne!(before.wires[0].key(), after.wires[0].key());
        assert_eq!(before.wires[1].key(), after.wires[1].key());
    }

    #[test]
    fn long_names_are_shortened_for_drawing_only() {
        assert_eq!(fit_text("Order", 110.0, 8.4), "Order");
        assert_eq!(fit_text("Recommendation", 110.0, 8.4), "Recommendati…");
        assert_eq!(fit_text("Recommendation", 100.0, 8.4).chars().count(), 11);
        let mut e = Editor::new(Scenario::new("t"));
        let mut add = |preset, name: &str| {
            e.apply(Command::AddNode {
                preset,
                pos: Pos::default(),
            })
            .unwrap();
            let id = e.doc().nodes.last().unwrap().id;
            e.apply(Command::Rename {
                id,
                name: name.into(),
            })
            .unwrap();
        };
        add(Preset::Service, "PaymentAuthorisationService");
        add(Preset::Topic, "OrderCreated");
        add(Preset::Recommendation, "Recommendation");
        let s = Scene::build(&e);
        let shown: Vec<_> = s.nodes.iter().map(|n| n.shown.as_str()).collect();
        assert_eq!(shown, ["PaymentAuthor…", "OrderCreated", "Recommendation"]);
        assert!(s.nodes[0].label.starts_with("PaymentAuthorisationService,"));
    }

    #[test]
    fn arrow_points_back_along_the_wire() {
        assert_eq!(
            arrow_points(Vec2::new(100.0, 50.0), Vec2::new(1.0, 0.0)),
            "100,50 90,55 90,45"
        );
    }

    #[test]
    fn overlay_follows_the_preview() {
        let (mut e, u, ..) = checkout();
        assert_eq!(Overlay::build(&e), Overlay::default());
        e.session_mut().preview = Preview::Box(Rect::new(0.0, 0.0, 5.0, 5.0));
        assert_eq!(
            Overlay::build(&e).select_box,
            Some(Rect::new(0.0, 0.0, 5.0, 5.0))
        );
        e.session_mut().preview = Preview::Wire(crate::session::WirePreview {
            from: u,
            style: Style::Call,
            to: Vec2::new(50.0, 60.0),
            target: None,
            refusal: Some("no".into()),
        });
        assert_eq!(
            Overlay::build(&e).wire,
            Some(("M120 28 L50 60".into(), Style::Call, true))
        );
        e.session_mut().preview = Preview::Place {
            preset: Preset::Topic,
            at: Vec2::new(1.0, 2.0),
        };
        assert_eq!(
            Overlay::build(&e).ghost,
            Some(Rect::new(1.0, 2.0, 160.0, 44.0))
        );
    }

    #[test]
    fn tab_leaves_only_at_the_ends() {
        let (mut e, u, o, _) = checkout();
        assert!(!tab_leaves(&e, false));
        e.session_mut().focus = Some(Target::Node(u));
        assert!(tab_leaves(&e, true));
        assert!(!tab_leaves(&e, false));
        e.session_mut().focus = Some(Target::Node(o));
        assert!(!tab_leaves(&e, true));
        let last = e.doc().wires.last().unwrap().id;
        e.session_mut().focus = Some(Target::Wire(last));
        assert!(tab_leaves(&e, false));
        assert!(tab_leaves(&Editor::new(Scenario::new("empty")), false));
    }
}
