//! The palette: User, Service, Topic and named service presets. Click (or Enter) places
//! at the view's centre; dragging onto the canvas places where dropped, with the editor's
//! ghost preview while over the canvas. Dragging uses pointer events rather than HTML5
//! drag-and-drop, so the preview follows the grid and works the same with touch and pen.

use leptos::ev;
use leptos::prelude::*;
use wirelab_editor::{Input, Preset, Vec2};

use super::canvas::mods_of;
use super::{CanvasEl, EditorCtx};

/// Pointer travel before a press on a palette item becomes a drag.
const DRAG_START_PX: f64 = 4.0;

#[derive(Clone, Copy, Debug, PartialEq)]
struct PaletteDrag {
    preset: Preset,
    start: Vec2,
    /// The editor has been told (`Input::PaletteDrag`): the press is a drag, not a click.
    started: bool,
}

/// The test id suffix and DOM-friendly name of a preset ("user", "crm").
pub fn slug(p: Preset) -> String {
    p.label().to_lowercase()
}

#[component]
pub fn Palette() -> impl IntoView {
    let ctx = super::use_editor();
    let area = expect_context::<CanvasEl>();
    let drag = RwSignal::new(None::<PaletteDrag>);
    // Where the pointer is while dragging outside the canvas (a floating label).
    let float_at = RwSignal::new(None::<Vec2>);
    // The click that ends a drag must not also place at the centre.
    let swallow_click = StoredValue::new(false);

    let on_move = window_event_listener(ev::pointermove, move |e| {
        let Some(mut d) = drag.get_untracked() else {
            return;
        };
        let client = Vec2::new(f64::from(e.client_x()), f64::from(e.client_y()));
        if !d.started {
            if client.distance(d.start) < DRAG_START_PX {
                return;
            }
            d.started = true;
            drag.set(Some(d));
            ctx.handle(Input::PaletteDrag(d.preset));
        }
        move_over_canvas(ctx, area, &e, client, float_at);
    });
    let on_up = window_event_listener(ev::pointerup, move |e| {
        let Some(d) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        float_at.set(None);
        if !d.started {
            return;
        }
        swallow_click.set_value(true);
        match area.locate(&ctx, e.client_x(), e.client_y()) {
            Some((p, true)) => {
                let ptr = ctx.with_untracked(|ed| {
                    ed.pointer(p, wirelab_editor::Button::Primary, mods_of(&e, false))
                });
                ctx.handle(Input::PointerMove(ptr));
                ctx.handle(Input::PointerUp(ptr));
            }
            _ => {
                ctx.handle(Input::Cancel);
            }
        }
    });
    on_cleanup(move || {
        on_move.remove();
        on_up.remove();
    });

    let items = Preset::ALL
        .iter()
        .map(|&preset| {
            let kind = preset.kind().tag().noun();
            view! {
                <li>
                    <button class=format!("palette-item palette-{kind}")
                        data-testid=format!("palette-item-{}", slug(preset))
                        title=preset.hint()
                        aria-label=format!("Add {}: {}", preset.label(), preset.hint())
                        on:pointerdown=move |e: web_sys::PointerEvent| {
                            swallow_click.set_value(false);
                            area.refresh(&ctx);
                            if e.button() == 0 {
                                let start = Vec2::new(f64::from(e.client_x()), f64::from(e.client_y()));
                                drag.set(Some(PaletteDrag { preset, start, started: false }));
                            }
                        }
                        on:click=move |e: web_sys::MouseEvent| {
                            // detail 0: Enter or Space, never the end of a drag.
                            if e.detail() != 0 && swallow_click.get_value() {
                                swallow_click.set_value(false);
                            } else {
                                ctx.handle(Input::PaletteClick(preset));
                            }
                        }>
                        <span class="palette-swatch" aria-hidden="true"></span>
                        {preset.label()}
                    </button>
                </li>
            }
        })
        .collect_view();

    let floating = move || {
        let (at, d) = (float_at.get()?, drag.get()?);
        let style = format!("left:{}px;top:{}px", at.x + 8.0, at.y + 8.0);
        Some(view! { <div class="palette-float" style=style>{d.preset.label()}</div> })
    };

    view! {
        <aside class="palette panel" data-testid="palette" aria-label="Palette">
            <h2 class="panel-title">"Palette"</h2>
            <p class="palette-help muted">"Drag onto the canvas, or click to add in the middle."</p>
            <ul class="palette-list" class:dragging=move || drag.with(|d| d.is_some_and(|d| d.started))>
                {items}
            </ul>
            {floating}
        </aside>
    }
}

/// Feeds the drag to the editor while over the canvas; elsewhere shows a floating label
/// and withdraws the ghost.
fn move_over_canvas(
    ctx: EditorCtx,
    area: CanvasEl,
    e: &web_sys::PointerEvent,
    client: Vec2,
    float_at: RwSignal<Option<Vec2>>,
) {
    match area.locate(&ctx, e.client_x(), e.client_y()) {
        Some((p, true)) => {
            float_at.set(None);
            let ptr = ctx.with_untracked(|ed| {
                ed.pointer(p, wirelab_editor::Button::Primary, mods_of(e, false))
            });
            ctx.handle(Input::PointerMove(ptr));
        }
        _ => {
            float_at.set(Some(client));
            ctx.update(|ed| ed.session_mut().preview = Default::default());
        }
    }
}
