//! Where an editor's canvas is on the page (provided with each editor, so lessons,
//! compare mode and presenter mode measure the one they show), and the DOM ids of what it
//! draws.

use super::EditorCtx;
use leptos::html;
use leptos::prelude::*;
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
