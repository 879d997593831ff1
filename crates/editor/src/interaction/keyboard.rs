//! Keyboard handling: shortcuts, focus cycling for keyboard-only use, and keyboard
//! wiring (focus a node, press C or E, pick a target with Tab or arrows, Enter).

use super::{
    connect_or_refuse, fit_view, Ctx, Interaction, Output, State, DUPLICATE_OFFSET, KEY_PAN_PX,
    NUDGE, ZOOM_STEP,
};
use crate::command::{self, Command};
use crate::geometry::Vec2;
use crate::history::Join;
use crate::input::{Key, Modifiers};
use crate::rules::{plan_connect, Style};
use crate::session::{Preview, Selection, Target, WirePreview};
use wirelab_model::{NodeId, NodeKind, Pos, Scenario, WireId, WireKind};

impl Interaction {
    pub(super) fn key(&mut self, cx: &mut Ctx, key: Key, mods: Modifiers) {
        match self.state {
            State::Idle => idle_key(self, cx, key, mods),
            State::Wiring { keyboard: true, .. } => self.wiring_key(cx, key),
            _ if key == Key::Escape => {
                // Cancel the gesture; nothing was committed, so nothing to undo.
                self.state = State::Idle;
                cx.clear_preview();
            }
            _ => {}
        }
    }

    fn wiring_key(&mut self, cx: &mut Ctx, key: Key) {
        let State::Wiring {
            from,
            style,
            target,
            ..
        } = self.state
        else {
            return;
        };
        let step: isize = match key {
            Key::Tab | Key::Right | Key::Down => 1,
            Key::Left | Key::Up => -1,
            Key::Escape => {
                self.state = State::Idle;
                cx.clear_preview();
                cx.emit(Output::Announce("Wiring cancelled".into()));
                return;
            }
            Key::Char(c @ ('c' | 'e')) => {
                let style = if c == 'c' { Style::Call } else { Style::Event };
                self.state = State::Wiring {
                    from,
                    style,
                    target,
                    keyboard: true,
                };
                show_key_target(cx, from, style, target);
                return;
            }
            Key::Enter => {
                match target {
                    None => cx.emit(Output::Announce(
                        "Choose a target with Tab or the arrow keys first".into(),
                    )),
                    Some(to) => {
                        let at =
                            cx.s.viewport
                                .to_screen(cx.centre_of(to).unwrap_or_default());
                        if connect_or_refuse(cx, from, to, style, at) {
                            self.state = State::Idle;
                            cx.clear_preview();
                        }
                    }
                }
                return;
            }
            _ => return,
        };
        // Nearest first, so the likely target is one or two presses away.
        let origin = cx.centre_of(from).unwrap_or_default();
        let layout = cx.s.layout(cx.doc);
        let mut candidates: Vec<(f64, NodeId)> = layout
            .node_rects()
            .filter(|(id, _)| *id != from)
            .map(|(id, r)| (r.center().distance(origin), id))
            .collect();
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
        if candidates.is_empty() {
            cx.emit(Output::Announce(
                "There is nothing else to connect to".into(),
            ));
            return;
        }
        let n = candidates.len() as isize;
        let next = match target.and_then(|t| candidates.iter().position(|(_, id)| *id == t)) {
            Some(i) => (i as isize + step).rem_euclid(n),
            None if step > 0 => 0,
            None => n - 1,
        };
        let target = Some(candidates[next as usize].1);
        self.state = State::Wiring {
            from,
            style,
            target,
            keyboard: true,
        };
        show_key_target(cx, from, style, target);
    }
}

fn idle_key(m: &mut Interaction, cx: &mut Ctx, key: Key, mods: Modifiers) {
    let session = cx.s;
    let sel = &session.selection;
    match key {
        Key::Char('z') if mods.ctrl => cx.emit(if mods.shift {
            Output::Redo
        } else {
            Output::Undo
        }),
        Key::Char('y') if mods.ctrl => cx.emit(Output::Redo),
        Key::Char('a') if mods.ctrl => cx.emit(Output::Select(Selection::all(cx.doc))),
        Key::Char('d') if mods.ctrl && !sel.nodes.is_empty() => {
            let offset = Pos {
                x: DUPLICATE_OFFSET,
                y: DUPLICATE_OFFSET,
            };
            cx.emit(Output::Edit(Command::Duplicate {
                ids: sel.nodes.iter().copied().collect(),
                offset,
            }));
        }
        _ if mods.ctrl => {}
        Key::Escape if !sel.is_empty() => cx.emit(Output::Select(Selection::default())),
        Key::Escape if cx.s.focus.is_some() => cx.emit(Output::Focus(None)),
        Key::Delete | Key::Backspace if !sel.is_empty() => {
            let nodes: Vec<NodeId> = sel.nodes.iter().copied().collect();
            let wires: Vec<WireId> = sel.wires.iter().copied().collect();
            cx.emit(Output::Edit(command::remove(cx.doc, &nodes, &wires)));
        }
        Key::Left | Key::Right | Key::Up | Key::Down => {
            let (dx, dy) = match key {
                Key::Left => (-1.0, 0.0),
                Key::Right => (1.0, 0.0),
                Key::Up => (0.0, -1.0),
                _ => (0.0, 1.0),
            };
            if sel.nodes.is_empty() {
                let mut vp = cx.s.viewport;
                vp.pan_by(Vec2::new(-dx, -dy) * KEY_PAN_PX);
                cx.emit(Output::Viewport(vp));
            } else {
                let step = if mods.shift {
                    cx.s.grid.max(NUDGE)
                } else {
                    NUDGE
                };
                let delta = Pos {
                    x: dx * step,
                    y: dy * step,
                };
                let ids: Vec<NodeId> = sel.nodes.iter().copied().collect();
                cx.emit(Output::EditJoining(
                    Command::MoveNodes {
                        ids: ids.clone(),
                        delta,
                    },
                    Join::Nudge(ids),
                ));
            }
        }
        Key::Tab => cycle_focus(cx, if mods.shift { -1 } else { 1 }),
        Key::Enter => {
            if let Some(t) = cx.s.focus.or(sel.single()) {
                cx.emit(Output::OpenInspector(t));
            }
        }
        Key::Char(c @ ('c' | 'e')) => {
            let style = if c == 'c' { Style::Call } else { Style::Event };
            let from = match cx.s.focus.or(sel.single()) {
                Some(Target::Node(n)) => n,
                _ => {
                    cx.emit(Output::Announce(
                        "Focus a node with Tab first, then press C or E".into(),
                    ));
                    return;
                }
            };
            if let Some(reason) = cannot_start(cx.doc, from, style) {
                let at =
                    cx.s.viewport
                        .to_screen(cx.centre_of(from).unwrap_or_default());
                cx.emit(Output::Refuse { reason, at });
                return;
            }
            m.state = State::Wiring {
                from,
                style,
                target: None,
                keyboard: true,
            };
            let what = if style == Style::Call {
                "a call"
            } else {
                "an event"
            };
            cx.emit(Output::Announce(format!(
                "Wiring {what} from {}. Tab or arrows choose the target, Enter connects, Escape cancels",
                cx.name(from)
            )));
            let to = cx.centre_of(from).unwrap_or_default();
            cx.emit(Output::Preview(Preview::Wire(WirePreview {
                from,
                style,
                to,
                target: None,
                refusal: None,
            })));
        }
        // T toggles the kind; F belongs to presenter mode (run mode's key).
        Key::Char('t') => {
            let wire = match cx.s.focus.or(sel.single()) {
                Some(Target::Wire(w)) => w,
                _ => return,
            };
            cx.emit(Output::Edit(Command::FlipWire(wire)));
        }
        Key::Char('?') => cx.emit(Output::ShowShortcuts),
        Key::Char('+' | '=') => cx.zoom_view(ZOOM_STEP, cx.s.screen * 0.5),
        Key::Char('-') => cx.zoom_view(1.0 / ZOOM_STEP, cx.s.screen * 0.5),
        Key::Char('0') => {
            let mut vp = cx.s.viewport;
            vp.zoom_to(1.0, cx.s.screen * 0.5);
            cx.emit(Output::Viewport(vp));
        }
        Key::Char('1') => fit_view(cx),
        _ => {}
    }
}

/// Why a node offers no handle of this style (mirrors [`crate::layout::handles`]).
fn cannot_start(doc: &Scenario, from: NodeId, style: Style) -> Option<String> {
    let node = doc.node(from)?;
    match (&node.kind, style) {
        (NodeKind::Users(_), Style::Event) => Some(
            "users can only call services: a person waits for an answer instead of publishing"
                .into(),
        ),
        (NodeKind::Topic(_), Style::Call) => Some(format!(
            "a topic cannot call: press E to subscribe a service to {}",
            node.name
        )),
        _ => None,
    }
}

/// Previews and announces the keyboard-wiring candidate.
fn show_key_target(cx: &mut Ctx, from: NodeId, style: Style, target: Option<NodeId>) {
    let to = target
        .or(Some(from))
        .and_then(|t| cx.centre_of(t))
        .unwrap_or_default();
    let refusal = target.and_then(|t| plan_connect(cx.doc, from, t, style).err());
    if let Some(t) = target {
        reveal(cx, Target::Node(t));
    }
    let (what, a_what) = match style {
        Style::Call => ("call", "a call"),
        Style::Event => ("event", "an event"),
    };
    let text = match (target, &refusal) {
        (None, _) => format!("Wiring {a_what} from {}", cx.name(from)),
        (Some(t), None) => format!("{}: press Enter to connect ({what})", cx.name(t)),
        (Some(t), Some(why)) => format!("{}: cannot connect, {why}", cx.name(t)),
    };
    cx.emit(Output::Preview(Preview::Wire(WirePreview {
        from,
        style,
        to,
        target,
        refusal,
    })));
    cx.emit(Output::Announce(text));
}

/// Tab order: nodes in document order, then wires.
fn cycle_focus(cx: &mut Ctx, step: isize) {
    let order: Vec<Target> = cx
        .doc
        .nodes
        .iter()
        .map(|n| Target::Node(n.id))
        .chain(cx.doc.wires.iter().map(|w| Target::Wire(w.id)))
        .collect();
    if order.is_empty() {
        return;
    }
    let n = order.len() as isize;
    let next = match cx.s.focus.and_then(|f| order.iter().position(|t| *t == f)) {
        Some(i) => (i as isize + step).rem_euclid(n),
        None if step > 0 => 0,
        None => n - 1,
    };
    let t = order[next as usize];
    cx.emit(Output::Focus(Some(t)));
    cx.emit(Output::Select(Selection::only(t)));
    reveal(cx, t);
    cx.emit(Output::Announce(describe_target(cx.doc, t)));
}

/// Screen pixels kept between a revealed element and the canvas edge.
const REVEAL_MARGIN_PX: f64 = 40.0;

/// Pans an element reached by keyboard into view, so the focus is never off screen.
fn reveal(cx: &mut Ctx, t: Target) {
    let layout = cx.s.layout(cx.doc);
    let bounds = match t {
        Target::Node(id) => layout.rect(id),
        Target::Wire(id) => cx
            .doc
            .wire(id)
            .and_then(|w| layout.wire_path(w))
            .map(|p| p.bounds()),
    };
    let Some(bounds) = bounds else { return };
    let vp = cx.s.viewport.reveal(bounds, cx.s.screen, REVEAL_MARGIN_PX);
    if vp != cx.s.viewport {
        cx.emit(Output::Viewport(vp));
    }
}

/// A spoken description of a node or wire, for focus announcements and ARIA labels.
pub fn describe_target(doc: &Scenario, t: Target) -> String {
    let name = |id: NodeId| {
        doc.node(id)
            .map_or_else(|| "?".to_string(), |n| n.name.clone())
    };
    match t {
        Target::Node(id) => {
            let Some(n) = doc.node(id) else {
                return String::new();
            };
            let kind = n.kind.tag().noun();
            let outs = doc.wires.iter().filter(|w| w.from == id).count();
            let ins = doc.wires.iter().filter(|w| w.to == id).count();
            format!("{}, {kind}, {outs} wires out, {ins} in", n.name)
        }
        Target::Wire(id) => {
            let Some(w) = doc.wire(id) else {
                return String::new();
            };
            let via = match &w.kind {
                WireKind::RequestReply(r) => name(r.via),
                _ => String::new(),
            };
            crate::scene::wire_words(&w.kind, &name(w.from), &name(w.to), &via)
        }
    }
}
