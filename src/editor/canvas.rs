//! The canvas: one SVG whose world group carries the viewport as a single transform, so
//! panning and zooming touch one attribute whatever the design's size. Pointer, wheel and
//! double-click events become `Input` values for the pure editor, which hit-tests in
//! world coordinates itself; the DOM target of an event never matters.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wirelab_editor::{
    Button, Input, Modifiers, Overlay, Preview, Scene, Style, Target, Touch, Touches, Vec2,
};

use super::keyboard::SpaceHeld;
use super::node_view::NodeView;
use super::wire_view::WireView;
use super::{element_id, CanvasEl, EditorCtx};

/// `WheelEvent.deltaMode` 1 counts lines; a line is about this many pixels.
const LINE_PX: f64 = 16.0;
/// The grid's spacing in world units (matches the editor's snapping grid).
const GRID: f64 = 20.0;
/// Below these zooms, small details and then names are not drawn: they would be a few
/// pixels tall, and painting them is most of the cost of a frame in a big design.
const LOD_DETAILS: f64 = 0.6;
const LOD_NAMES: f64 = 0.35;
/// In designs this big, text is also left out while the view moves (until it has been
/// still for `SETTLE_MS`): re-rasterising hundreds of labels at every zoom step is what
/// makes a big design stutter.
const BIG_DESIGN: usize = 150;
const SETTLE_MS: u32 = 160;

pub fn mods_of(e: &web_sys::MouseEvent, space: bool) -> Modifiers {
    Modifiers {
        shift: e.shift_key(),
        ctrl: e.ctrl_key() || e.meta_key(),
        alt: e.alt_key(),
        space,
    }
}

/// The canvas. The app composes what else it shows: `world` is drawn in world
/// coordinates above nodes and wires (the run's badges), `above` over the whole canvas
/// (the run's moving dots), so the editor knows nothing of the run.
#[component]
pub fn Canvas(#[prop(into)] world: ViewFn, #[prop(into)] above: ViewFn) -> impl IntoView {
    let ctx = super::use_editor();
    let area = expect_context::<CanvasEl>();
    let space = expect_context::<SpaceHeld>().0;
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();

    // One layout per change, shared by every node and wire view. It depends on the
    // document and a node drag only: hover and selection restyle, they do not rebuild.
    let drag = Memo::new(move |_| {
        ctx.with(|e| match &e.session().preview {
            Preview::Drag { ids, offset } => Some((ids.clone(), *offset)),
            _ => None,
        })
    });
    let scene = Memo::new(move |_| {
        ctx.track_doc();
        drag.track();
        ctx.with_untracked(Scene::build)
    });
    let overlay = Memo::new(move |_| {
        ctx.track_doc();
        ctx.track_session();
        ctx.with_untracked(Overlay::build)
    });
    let empty = Memo::new(move |_| ctx.with_doc(|e| e.doc().nodes.is_empty()));
    let panning = Memo::new(move |_| {
        ctx.track_session();
        ctx.with_untracked(|e| matches!(e.state(), wirelab_editor::State::Panning { .. }))
    });

    let hide_details = Memo::new(move |_| ctx.viewport().zoom < LOD_DETAILS);
    let hide_names = Memo::new(move |_| ctx.viewport().zoom < LOD_NAMES);
    let moving = moving_view(ctx);

    let pointer = move |ev: &web_sys::PointerEvent| {
        let (p, _) = area.locate(&ctx, ev.client_x(), ev.client_y())?;
        let button = Button::from_dom(ev.button());
        let mods = mods_of(ev, space.get_untracked());
        Some(ctx.with_untracked(|e| e.pointer(p, button, mods)))
    };
    let touches = StoredValue::new(Touches::default());
    let active = super::use_active_editor();
    let on_down = move |ev: web_sys::PointerEvent| {
        active.choose(ctx);
        // Middle-button autoscroll and text selection would fight the gesture.
        if ev.button() == 1 {
            ev.prevent_default();
        }
        if let Some(svg) = svg_ref.get_untracked() {
            let _ = svg.set_pointer_capture(ev.pointer_id());
        }
        area.refresh(&ctx);
        if ev.pointer_type() == "touch" {
            let Some((p, _)) = area.locate(&ctx, ev.client_x(), ev.client_y()) else {
                return;
            };
            match touches.try_update_value(|t| t.down(ev.pointer_id(), p)) {
                Some(Touch::Single) => {}
                Some(Touch::PinchStarts) => {
                    ctx.handle(Input::Cancel);
                    return;
                }
                _ => return,
            }
        }
        if let Some(p) = pointer(&ev) {
            ctx.handle(Input::PointerDown(p));
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if ev.pointer_type() == "touch" {
            let Some((p, _)) = area.locate(&ctx, ev.client_x(), ev.client_y()) else {
                return;
            };
            match touches.try_update_value(|t| t.moved(ev.pointer_id(), p)) {
                Some(Touch::Single) => {}
                Some(Touch::Pinch { from, to }) => {
                    ctx.handle(Input::Pinch { from, to });
                    return;
                }
                _ => return,
            }
        }
        if let Some(p) = pointer(&ev) {
            ctx.handle(Input::PointerMove(p));
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        if ev.pointer_type() == "touch"
            && touches.try_update_value(|t| t.up(ev.pointer_id())) != Some(Touch::Single)
        {
            return;
        }
        if let Some(p) = pointer(&ev) {
            ctx.handle(Input::PointerUp(p));
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        // Ctrl+wheel (and trackpad pinch) would zoom the whole page otherwise. This works
        // because the listener sits on the SVG itself (Leptos delegates no events here):
        // browsers make wheel listeners on the document passive and ignore this.
        ev.prevent_default();
        let Some((p, _)) = area.locate(&ctx, ev.client_x(), ev.client_y()) else {
            return;
        };
        let scale = if ev.delta_mode() == 1 { LINE_PX } else { 1.0 };
        ctx.handle(Input::Wheel {
            delta: Vec2::new(ev.delta_x(), ev.delta_y()) * scale,
            screen: p,
            mods: mods_of(&ev, false),
        });
    };
    let on_dblclick = move |ev: web_sys::MouseEvent| {
        let Some((p, _)) = area.locate(&ctx, ev.client_x(), ev.client_y()) else {
            return;
        };
        let hit = ctx.with_untracked(|e| {
            let world = e.session().viewport.to_world(p);
            e.layout().hit(world, e.session().viewport.zoom).target()
        });
        if let Some(t) = hit {
            ctx.open_inspector.set(Some(t));
        }
    };

    // Keyboard focus follows the editor's focus (Tab cycling, clicks, new nodes), so screen
    // readers read what the editor acts on. A focused element redrawn or deleted would
    // drop focus to the page; it is put back (or onto the canvas) so keys keep working.
    Effect::new(move |prev: Option<Option<Target>>| {
        let focus = ctx.with(|e| e.session().focus);
        let lost = active_is_body();
        match focus {
            Some(t) if prev != Some(focus) || lost => focus_element(&element_id(ctx.id_prefix, t)),
            None if lost && prev.flatten().is_some() => {
                if let Some(svg) = svg_ref.get_untracked() {
                    focus_svg(&svg);
                }
            }
            _ => {}
        }
        focus
    });
    // Tabbing into the canvas starts from its first element, not a stale focus.
    let on_focus = move |ev: web_sys::FocusEvent| {
        let on_svg = ev
            .target()
            .zip(svg_ref.get_untracked())
            .is_some_and(|(t, svg)| {
                let svg: &web_sys::EventTarget = svg.as_ref();
                t == *svg
            });
        if on_svg && ctx.with_untracked(|e| e.session().focus.is_some()) {
            ctx.update(|e| e.session_mut().focus = None);
        }
    };

    let world_transform = move || {
        let vp = ctx.viewport();
        format!("translate({} {}) scale({})", vp.pan.x, vp.pan.y, vp.zoom)
    };
    let grid_transform = world_transform;
    // The zoom as a CSS variable: presenter mode keeps names at a size a room can read
    // whatever the zoom (a pan leaves it alone, so it costs no style work).
    let zoom_var = Memo::new(move |_| ctx.viewport().zoom);
    let zoom_style = move || format!("--zoom:{}", zoom_var.get());
    let refusal = move || {
        ctx.refusal.get().map(|r| {
            let style = format!("left:{}px;top:{}px", r.at.x + 14.0, r.at.y + 14.0);
            view! { <div class="refusal" data-testid="refusal" style=style>{r.reason}</div> }
        })
    };
    // The reason a wire would be refused, live while the wire is drawn.
    let live_refusal = move || {
        ctx.with(|e| match &e.session().preview {
            Preview::Wire(w) => w.refusal.clone().map(|why| {
                let at = e.session().viewport.to_screen(w.to);
                (why, at)
            }),
            _ => None,
        })
        .map(|(why, at)| {
            let style = format!("left:{}px;top:{}px", at.x + 14.0, at.y + 14.0);
            view! { <div class="refusal refusal-live" data-testid="refusal-preview" style=style>{why}</div> }
        })
    };

    view! {
        <main class="canvas-area" class:space-held=move || space.get() class:panning=panning
            class:lod-details=hide_details class:lod-names=hide_names class:lod-moving=moving
            data-testid="canvas" node_ref=area.0>
            <svg class="canvas-svg" node_ref=svg_ref role="application" tabindex="0"
                aria-roledescription="design canvas"
                aria-label="Design canvas. Tab moves between services and wires; press question mark for shortcuts"
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up
                on:pointercancel=move |ev: web_sys::PointerEvent| {
                    touches.update_value(|t| { t.up(ev.pointer_id()); });
                    ctx.handle(Input::Cancel);
                }
                on:lostpointercapture=move |_| {
                    if !matches!(ctx.with_untracked(|e| e.state().clone()), wirelab_editor::State::Idle) {
                        ctx.handle(Input::Cancel);
                    }
                }
                on:pointerenter=move |_| area.refresh(&ctx)
                on:wheel=on_wheel on:dblclick=on_dblclick on:focus=on_focus
                on:contextmenu=|ev: web_sys::MouseEvent| ev.prevent_default()>
                <defs>
                    <pattern id=format!("{}-grid", ctx.id_prefix) width=GRID height=GRID patternUnits="userSpaceOnUse"
                        patternTransform=grid_transform>
                        <circle cx="1" cy="1" r="1" class="grid-dot"/>
                    </pattern>
                </defs>
                <rect class="grid-bg" width="100%" height="100%" fill=format!("url(#{}-grid)", ctx.id_prefix)/>
                <g class="world" transform=world_transform style=zoom_style>
                    <g class="wires">
                        <For each=move || scene.get().wires key=|w| w.key()
                            children=move |w| view! { <WireView wire=w/> }/>
                    </g>
                    <g class="nodes">
                        <For each=move || scene.get().nodes key=|n| n.key()
                            children=move |n| view! { <NodeView node=n/> }/>
                    </g>
                    <OverlayView overlay=overlay/>
                    {world.run()}
                </g>
            </svg>
            {above.run()}
            <Show when=move || empty.get()>
                <p class="canvas-empty">
                    "Drag a User and some services here from the palette, then drag from a node's "
                    "right handle to wire a call (the caller waits), or from its bottom handle to wire an event."
                </p>
            </Show>
            {live_refusal}
            {refusal}
            <ZoomLevel/>
        </main>
    }
}

/// The gesture in progress: the wire being drawn, the selection box, a palette ghost.
#[component]
fn OverlayView(overlay: Memo<Overlay>) -> impl IntoView {
    let wire = move || {
        overlay.with(|o| o.wire.clone()).map(|(d, style, refused)| {
            let class = match (style, refused) {
                (_, true) => "preview-wire refused",
                (Style::Call, _) => "preview-wire call",
                (Style::Event, _) => "preview-wire event",
            };
            view! { <path class=class d=d/> }
        })
    };
    let select_box = move || {
        overlay.with(|o| o.select_box).map(|r| {
            view! { <rect class="select-box" x=r.x y=r.y width=r.w height=r.h/> }
        })
    };
    let ghost = move || {
        overlay.with(|o| o.ghost).map(|r| {
            view! { <rect class="place-ghost" x=r.x y=r.y width=r.w height=r.h rx="8"/> }
        })
    };
    view! { <g class="overlay">{wire}{select_box}{ghost}</g> }
}

/// The zoom level in a corner, so a class knows why things look small.
#[component]
fn ZoomLevel() -> impl IntoView {
    let ctx = super::use_editor();
    view! {
        <div class="zoom-level" aria-hidden="true">
            {move || format!("{:.0}%", ctx.viewport().zoom * 100.0)}
        </div>
    }
}

/// True while the view of a big design is moving, and `SETTLE_MS` after.
fn moving_view(ctx: EditorCtx) -> RwSignal<bool> {
    let moving = RwSignal::new(false);
    let settle = crate::timer::Debounce::default();
    Effect::new(move |prev: Option<()>| {
        let _ = ctx.viewport();
        let big = ctx.with_untracked(|e| e.doc().nodes.len() > BIG_DESIGN);
        if prev.is_none() || !big {
            return;
        }
        if !moving.get_untracked() {
            moving.set(true);
        }
        settle.set(SETTLE_MS, move || moving.set(false));
    });
    moving
}

fn focus_element(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(svg) = el.dyn_into::<web_sys::SvgElement>() {
            focus_svg(&svg);
        }
    }
}

fn focus_svg(el: &web_sys::SvgElement) {
    // The canvas clips; scrolling it to reveal the element would shift the design.
    let opts = web_sys::FocusOptions::new();
    opts.set_prevent_scroll(true);
    let _ = el.focus_with_options(&opts);
}

fn active_is_body() -> bool {
    document()
        .active_element()
        .is_none_or(|a| a.tag_name() == "BODY")
}

/// Keeps the editor's idea of the canvas size current: a ResizeObserver sees every layout
/// change (presenter mode, the lesson column, the window), the window's resize event the
/// moves that keep the size.
pub fn watch_size(ctx: EditorCtx, area: CanvasEl) {
    let on_resize = Closure::<dyn FnMut()>::new(move || area.refresh(&ctx));
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
    // Browser objects stay on this thread: kept in local storage, reached by handle.
    let observer = StoredValue::new_local((observer, on_resize));
    Effect::new(move |_| {
        if let Some(el) = area.0.get() {
            observer.with_value(|(o, _)| o.as_ref().map(|o| o.observe(&el)));
            area.refresh(&ctx);
        }
    });
    let handle = window_event_listener(ev::resize, move |_| area.refresh(&ctx));
    on_cleanup(move || {
        handle.remove();
        observer.with_value(|(o, _)| o.as_ref().map(|o| o.disconnect()));
    });
}
