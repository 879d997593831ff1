//! Pointer and keyboard handling as an explicit state machine. It reads the document and
//! the session, never changes them, and returns [`Output`]s for the caller to execute
//! (the [`crate::editor::Editor`] does). A gesture's preview lives in the session; the
//! edit is committed once, when the gesture ends, so a whole drag is one undo step.

use crate::command::Command;
use crate::geometry::{snap_point, Rect, Vec2, Viewport};
use crate::history::Join;
use crate::input::{Button, Input, Modifiers, Pointer};
use crate::layout::{node_size, Hit};
use crate::palette::Preset;
use crate::rules::{plan_connect, Style};
use crate::session::{Preview, Selection, Session, Target, WirePreview};
use std::collections::BTreeSet;
use wirelab_model::{NodeId, Pos, Scenario};

mod keyboard;

pub use keyboard::describe_target;

/// Screen pixels a press must travel before it counts as a drag rather than a click.
const DRAG_THRESHOLD_PX: f64 = 3.0;
const NUDGE: f64 = 4.0;
/// Duplicates land down and right of their originals, one grid step away.
const DUPLICATE_OFFSET: f64 = 40.0;
const ZOOM_STEP: f64 = 1.25;
/// Keyboard panning (arrows with nothing selected), in screen pixels.
const KEY_PAN_PX: f64 = 60.0;

#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Idle,
    /// Moving the view; a press on empty canvas that never moves is a click that clears
    /// the selection.
    Panning {
        start: Vec2,
        last: Vec2,
        moved: bool,
        click_clears: bool,
    },
    /// Pressed on a node; becomes a move once past the threshold.
    DraggingNodes {
        start: Vec2,
        start_screen: Vec2,
        ids: BTreeSet<NodeId>,
        /// The node under the pointer; it is the one that snaps to the grid.
        grab: NodeId,
        moved: bool,
        /// Selection to apply if the press turns out to be a click.
        on_click: Option<Selection>,
    },
    BoxSelecting {
        start: Vec2,
        base: Selection,
    },
    /// Drawing a wire; `keyboard` when driven by C/E, Tab and Enter.
    Wiring {
        from: NodeId,
        style: Style,
        target: Option<NodeId>,
        keyboard: bool,
    },
    /// A palette item is being dragged over the canvas.
    Placing {
        preset: Preset,
    },
}

/// What the caller should do. Executed in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// Apply as one undoable edit.
    Edit(Command),
    /// Apply, joining the last undo step when it has the same key (see `History`).
    EditJoining(Command, Join),
    Undo,
    Redo,
    Select(Selection),
    Focus(Option<Target>),
    Hover(Option<Target>),
    Viewport(Viewport),
    Preview(Preview),
    /// Show why something was refused, at a screen point.
    Refuse {
        reason: String,
        at: Vec2,
    },
    /// Tell screen-reader users what happened (an aria-live region).
    Announce(String),
    OpenInspector(Target),
    ShowShortcuts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Interaction {
    state: State,
}

impl Default for Interaction {
    fn default() -> Self {
        Interaction { state: State::Idle }
    }
}

/// The read-only world the machine looks at.
struct Ctx<'a> {
    doc: &'a Scenario,
    s: &'a Session,
    out: Vec<Output>,
}

impl Ctx<'_> {
    fn emit(&mut self, o: Output) {
        self.out.push(o);
    }

    fn centre_of(&self, id: NodeId) -> Option<Vec2> {
        self.s.layout(self.doc).rect(id).map(|r| r.center())
    }

    fn name(&self, id: NodeId) -> String {
        self.doc
            .node(id)
            .map_or_else(String::new, |n| n.name.clone())
    }

    fn snap(&self, p: Vec2, mods: Modifiers) -> Vec2 {
        // Alt is the usual "don't snap" modifier.
        if mods.alt {
            p
        } else {
            snap_point(p, self.s.grid)
        }
    }

    fn zoom_view(&mut self, factor: f64, at: Vec2) {
        let mut vp = self.s.viewport;
        vp.zoom_by(factor, at);
        self.emit(Output::Viewport(vp));
    }

    fn clear_preview(&mut self) {
        if self.s.preview != Preview::None {
            self.emit(Output::Preview(Preview::None));
        }
    }
}

impl Interaction {
    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn handle(&mut self, input: &Input, doc: &Scenario, session: &Session) -> Vec<Output> {
        let mut cx = Ctx {
            doc,
            s: session,
            out: Vec::new(),
        };
        match input {
            Input::PointerDown(p) => self.pointer_down(&mut cx, p),
            Input::PointerMove(p) => self.pointer_move(&mut cx, p),
            Input::PointerUp(p) => self.pointer_up(&mut cx, p),
            Input::Cancel => {
                self.state = State::Idle;
                cx.clear_preview();
            }
            Input::Key { key, mods } => self.key(&mut cx, *key, *mods),
            Input::Wheel {
                delta,
                screen,
                mods,
            } => {
                if mods.ctrl {
                    cx.zoom_view(Viewport::wheel_factor(delta.y), *screen);
                } else {
                    // Shift+wheel scrolls sideways on mice that only have a vertical wheel.
                    let d = if mods.shift && delta.x == 0.0 {
                        Vec2::new(delta.y, 0.0)
                    } else {
                        *delta
                    };
                    let mut vp = session.viewport;
                    vp.pan_by(d * -1.0);
                    cx.emit(Output::Viewport(vp));
                }
            }
            Input::Pinch { from, to } => {
                let mut vp = session.viewport;
                vp.pinch(*from, *to);
                cx.emit(Output::Viewport(vp));
            }
            Input::PaletteClick(preset) => place_at_centre(&mut cx, *preset),
            Input::PaletteDrag(preset) => self.state = State::Placing { preset: *preset },
            Input::Resize(_) => {}
            Input::ZoomIn => cx.zoom_view(ZOOM_STEP, session.screen * 0.5),
            Input::ZoomOut => cx.zoom_view(1.0 / ZOOM_STEP, session.screen * 0.5),
            Input::ZoomReset => {
                let mut vp = session.viewport;
                vp.zoom_to(1.0, session.screen * 0.5);
                cx.emit(Output::Viewport(vp));
            }
            Input::FitView => fit_view(&mut cx),
        }
        cx.out
    }

    fn pointer_down(&mut self, cx: &mut Ctx, p: &Pointer) {
        match self.state {
            State::Idle => {}
            // A click during keyboard wiring abandons it and is handled as usual.
            State::Wiring { keyboard: true, .. } => {
                self.state = State::Idle;
                cx.clear_preview();
            }
            _ => return,
        }
        if p.button == Button::Middle || p.mods.space {
            self.state = State::Panning {
                start: p.screen,
                last: p.screen,
                moved: false,
                click_clears: false,
            };
            return;
        }
        if p.button != Button::Primary {
            return;
        }
        let session = cx.s;
        let sel = &session.selection;
        match cx.s.layout(cx.doc).hit(p.world, cx.s.viewport.zoom) {
            Hit::Handle(from, style) => {
                self.state = State::Wiring {
                    from,
                    style,
                    target: None,
                    keyboard: false,
                };
                let preview = WirePreview {
                    from,
                    style,
                    to: p.world,
                    target: None,
                    refusal: None,
                };
                cx.emit(Output::Preview(Preview::Wire(preview)));
            }
            // The flip glyph flips only a wire already selected alone: a click on a
            // wire's middle selects it, and selecting never changes the design.
            Hit::Toggle(w) if !p.mods.shift && *sel == Selection::only(Target::Wire(w)) => {
                cx.emit(Output::Focus(Some(Target::Wire(w))));
                cx.emit(Output::Edit(Command::FlipWire(w)));
            }
            Hit::Node(n) => {
                let t = Target::Node(n);
                let mut now = sel.clone();
                let mut on_click = None;
                if p.mods.shift {
                    if sel.contains(t) {
                        let mut without = sel.clone();
                        without.remove(t);
                        on_click = Some(without);
                    } else {
                        now.insert(t);
                    }
                } else if sel.contains(t) {
                    // Keep the group for a drag; a plain click narrows to this node.
                    on_click = Some(Selection::only(t));
                } else {
                    now = Selection::only(t);
                }
                if now != *sel {
                    cx.emit(Output::Select(now.clone()));
                }
                cx.emit(Output::Focus(Some(t)));
                self.state = State::DraggingNodes {
                    start: p.world,
                    start_screen: p.screen,
                    ids: now.nodes,
                    grab: n,
                    moved: false,
                    on_click,
                };
            }
            Hit::Wire(w) | Hit::Toggle(w) => {
                let t = Target::Wire(w);
                let next = if p.mods.shift {
                    let mut s = sel.clone();
                    s.toggle(t);
                    s
                } else {
                    Selection::only(t)
                };
                cx.emit(Output::Select(next));
                cx.emit(Output::Focus(Some(t)));
            }
            Hit::Canvas if p.mods.shift => {
                self.state = State::BoxSelecting {
                    start: p.world,
                    base: sel.clone(),
                };
            }
            Hit::Canvas => {
                self.state = State::Panning {
                    start: p.screen,
                    last: p.screen,
                    moved: false,
                    click_clears: true,
                };
            }
        }
    }

    fn pointer_move(&mut self, cx: &mut Ctx, p: &Pointer) {
        match &mut self.state {
            State::Idle => {
                let hover =
                    cx.s.layout(cx.doc)
                        .hit(p.world, cx.s.viewport.zoom)
                        .target();
                if hover != cx.s.hover {
                    cx.emit(Output::Hover(hover));
                }
            }
            State::Panning {
                start, last, moved, ..
            } => {
                *moved |= p.screen.distance(*start) > DRAG_THRESHOLD_PX;
                if *moved {
                    let mut vp = cx.s.viewport;
                    vp.pan_by(p.screen - *last);
                    *last = p.screen;
                    cx.emit(Output::Viewport(vp));
                }
            }
            State::DraggingNodes {
                start,
                start_screen,
                ids,
                grab,
                moved,
                ..
            } => {
                *moved |= p.screen.distance(*start_screen) > DRAG_THRESHOLD_PX;
                if *moved {
                    let offset = drag_offset(cx, *grab, p.world - *start, p.mods);
                    cx.emit(Output::Preview(Preview::Drag {
                        ids: ids.clone(),
                        offset,
                    }));
                }
            }
            State::BoxSelecting { start, base } => {
                let area = Rect::from_corners(*start, p.world);
                let mut sel = base.clone();
                let inside = cx.s.layout(cx.doc).box_select(&area);
                sel.nodes.extend(inside.nodes);
                sel.wires.extend(inside.wires);
                cx.emit(Output::Preview(Preview::Box(area)));
                if sel != cx.s.selection {
                    cx.emit(Output::Select(sel));
                }
            }
            State::Wiring {
                from,
                style,
                target,
                keyboard: false,
            } => {
                *target = cx.s.layout(cx.doc).node_at(p.world, *from);
                let refusal = target.and_then(|t| plan_connect(cx.doc, *from, t, *style).err());
                let preview = WirePreview {
                    from: *from,
                    style: *style,
                    to: p.world,
                    target: *target,
                    refusal,
                };
                cx.emit(Output::Preview(Preview::Wire(preview)));
            }
            State::Wiring { keyboard: true, .. } => {}
            State::Placing { preset } => {
                let at = place_spot(cx, *preset, p.world, p.mods);
                cx.emit(Output::Preview(Preview::Place {
                    preset: *preset,
                    at,
                }));
            }
        }
    }

    fn pointer_up(&mut self, cx: &mut Ctx, p: &Pointer) {
        match std::mem::replace(&mut self.state, State::Idle) {
            State::Idle => {}
            State::Panning {
                moved,
                click_clears,
                ..
            } => {
                if !moved && click_clears && !cx.s.selection.is_empty() {
                    cx.emit(Output::Select(Selection::default()));
                }
            }
            State::DraggingNodes {
                start,
                grab,
                ids,
                moved,
                on_click,
                ..
            } => {
                cx.clear_preview();
                let offset = drag_offset(cx, grab, p.world - start, p.mods);
                if moved && offset != Vec2::ZERO {
                    let delta = Pos {
                        x: offset.x,
                        y: offset.y,
                    };
                    cx.emit(Output::Edit(Command::MoveNodes {
                        ids: ids.into_iter().collect(),
                        delta,
                    }));
                } else if let Some(sel) = on_click {
                    cx.emit(Output::Select(sel));
                }
            }
            State::BoxSelecting { .. } => cx.clear_preview(),
            State::Wiring { keyboard: true, .. } => {}
            State::Wiring { from, style, .. } => {
                cx.clear_preview();
                if let Some(to) = cx.s.layout(cx.doc).node_at(p.world, from) {
                    connect_or_refuse(cx, from, to, style, p.screen);
                }
            }
            State::Placing { preset } => {
                cx.clear_preview();
                let at = place_spot(cx, preset, p.world, p.mods);
                cx.emit(Output::Edit(Command::AddNode {
                    preset,
                    pos: Pos { x: at.x, y: at.y },
                }));
            }
        }
    }
}

/// Emits the connect edit, or the refusal at `at`. Returns whether it connected.
fn connect_or_refuse(cx: &mut Ctx, from: NodeId, to: NodeId, style: Style, at: Vec2) -> bool {
    match plan_connect(cx.doc, from, to, style) {
        Ok(_) => {
            cx.emit(Output::Edit(Command::Connect { from, to, style }));
            true
        }
        Err(reason) => {
            cx.emit(Output::Refuse { reason, at });
            false
        }
    }
}

/// The offset that puts the grabbed node on the grid (the others keep their spacing).
fn drag_offset(cx: &Ctx, grab: NodeId, raw: Vec2, mods: Modifiers) -> Vec2 {
    let Some(node) = cx.doc.node(grab) else {
        return raw;
    };
    let origin = Vec2::new(node.pos.x, node.pos.y);
    cx.snap(origin + raw, mods) - origin
}

/// Top-left of a node of `preset` centred on `p`, snapped.
/// Where a node of `preset` put at `p` lands: centred on it, snapped, then the nearest
/// free room on screen, so the ghost shows exactly where the drop will put it.
fn place_spot(cx: &Ctx, preset: Preset, p: Vec2, mods: Modifiers) -> Vec2 {
    let kind = preset.kind();
    let want = centred(cx, preset, p, mods);
    let vp = cx.s.viewport;
    let (top_left, bottom_right) = (vp.to_world(Vec2::new(0.0, 0.0)), vp.to_world(cx.s.screen));
    let view = Rect::new(
        top_left.x,
        top_left.y,
        bottom_right.x - top_left.x,
        bottom_right.y - top_left.y,
    );
    let at = crate::place::free_spot_within(
        cx.doc,
        Pos {
            x: want.x,
            y: want.y,
        },
        &kind,
        Some(view),
    );
    Vec2::new(at.x, at.y)
}

/// A node of `preset` centred on `p`, snapped to the grid.
fn centred(cx: &Ctx, preset: Preset, p: Vec2, mods: Modifiers) -> Vec2 {
    cx.snap(p - node_size(&preset.kind()) * 0.5, mods)
}

fn place_at_centre(cx: &mut Ctx, preset: Preset) {
    let centre = cx.s.viewport.to_world(cx.s.screen * 0.5);
    let mut at = centred(cx, preset, centre, Modifiers::NONE);
    // Clicking the same preset twice should not stack nodes exactly on top of each other.
    let step = cx.s.grid.max(NUDGE) * 2.0;
    let occupied = |at: Vec2| {
        cx.doc
            .nodes
            .iter()
            .any(|n| Vec2::new(n.pos.x, n.pos.y).distance(at) < 1.0)
    };
    for _ in 0..50 {
        if !occupied(at) {
            break;
        }
        at = at + Vec2::new(step, step);
    }
    cx.emit(Output::Edit(Command::AddNode {
        preset,
        pos: Pos { x: at.x, y: at.y },
    }));
}

fn fit_view(cx: &mut Ctx) {
    if let Some(v) = cx.s.fit_content(cx.doc) {
        cx.emit(Output::Viewport(v));
    }
}
