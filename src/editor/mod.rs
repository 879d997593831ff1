//! The canvas editor in the browser: the thin edge around the pure `wirelab-editor`
//! crate. Components draw what `Scene` says and turn DOM events into `Input` values; they
//! never edit the document themselves.
pub mod active;
pub mod announce;
mod area;
pub mod canvas;
pub mod highlight;
pub mod keyboard;
mod node_view;
pub mod palette;
pub mod probe;
pub mod shortcuts;
pub mod state;
pub mod toolbar;
mod wire_view;

use leptos::prelude::*;
use wirelab_editor::Input;
use wirelab_model::Scenario;

pub use active::{use_active_editor, ActiveEditor};
use area::element_id;
pub use area::CanvasEl;
pub use state::{use_editor, EditorCtx, Refusal};

/// Creates the editor state and the browser edge (keyboard, canvas size) and provides
/// them to every component. Call once, in `App`.
pub fn provide_editor(doc: Scenario) -> EditorCtx {
    let (ctx, area) = provide_canvas_editor(doc, "wl");
    active::provide_active(ctx);
    if let Some(n) = probe::requested() {
        Effect::new(move |_| {
            if area.0.get().is_some() {
                ctx.load(probe::design(n));
                ctx.handle(Input::FitView);
            }
        });
    }
    ctx
}

/// An editor with its own canvas element, provided to the components below the caller:
/// the page's own, or compare mode's design B.
pub fn provide_canvas_editor(doc: Scenario, id_prefix: &'static str) -> (EditorCtx, CanvasEl) {
    let ctx = EditorCtx::new(doc, id_prefix);
    let area = CanvasEl::new();
    let space = keyboard::SpaceHeld(RwSignal::new(false));
    provide_context(ctx);
    provide_context(area);
    provide_context(space);
    canvas::watch_size(ctx, area);
    (ctx, area)
}
