//! What every part of the app shares at the browser's edge: the canvas element and the
//! DOM ids of what it draws, and a JavaScript error in words.

use crate::editor::EditorCtx;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wirelab_editor::{Input, Target, Vec2};

/// Where the canvas element is on the page, for turning client coordinates into canvas
/// coordinates. Shared with the palette, whose drags end over the canvas. The box is
/// measured when a gesture starts (and on resize), not on every move: measuring forces
/// the browser to lay out the page mid-frame.
#[derive(Clone, Copy)]
pub struct CanvasEl(
    pub NodeRef<html::Main>,
    /// left, top, width, height in client pixels.
    StoredValue<Option<(f64, f64, f64, f64)>>,
);

impl CanvasEl {
    pub fn new() -> Self {
        CanvasEl(NodeRef::new(), StoredValue::new(None))
    }

    /// Measures the canvas again and tells the editor its size if it changed.
    pub fn refresh(&self, ctx: &EditorCtx) {
        let Some(el) = self.0.get_untracked() else {
            return;
        };
        let r = el.get_bounding_client_rect();
        self.1
            .set_value(Some((r.left(), r.top(), r.width(), r.height())));
        let size = Vec2::new(r.width(), r.height());
        if ctx.with_untracked(|e| e.session().screen) != size {
            ctx.handle(Input::Resize(size));
        }
    }

    /// Client coordinates relative to the canvas, and whether they are inside it.
    pub fn locate(&self, ctx: &EditorCtx, client_x: i32, client_y: i32) -> Option<(Vec2, bool)> {
        if self.1.get_value().is_none() {
            self.refresh(ctx);
        }
        let (left, top, w, h) = self.1.get_value()?;
        let p = Vec2::new(f64::from(client_x) - left, f64::from(client_y) - top);
        let inside = p.x >= 0.0 && p.y >= 0.0 && p.x <= w && p.y <= h;
        Some((p, inside))
    }
}

/// The DOM id of a node's or wire's element on a canvas; `prefix` tells the canvases
/// apart (`wl` the page's, `wlb` compare mode's design B).
pub fn element_id(prefix: &str, t: Target) -> String {
    match t {
        Target::Node(id) => format!("{prefix}-node-{}", id.0),
        Target::Wire(id) => format!("{prefix}-wire-{}", id.0),
    }
}

/// A thrown value as a sentence part: an `Error`'s message (`QuotaExceededError: …`),
/// a thrown string, or that the browser refused.
pub fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()).trim_end_matches('.').to_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}
