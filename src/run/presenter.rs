//! Presenter mode (F, or the toolbar button): large type, high contrast, editing chrome
//! hidden. An attribute on the root element; `style/run.css` does the rest.

use leptos::prelude::*;
use wirelab_editor::Input;

use super::state::RunCtx;
use crate::editor::{CanvasEl, EditorCtx};

pub fn follow(rc: RunCtx, ed: EditorCtx, area: CanvasEl) {
    Effect::new(move |prev: Option<bool>| {
        let on = rc.presenter.get();
        if let Some(root) = document().document_element() {
            let _ = if on {
                root.set_attribute("data-presenter", "")
            } else {
                root.remove_attribute("data-presenter")
            };
        }
        // The canvas changed shape (no palette or inspector, a taller dock): show the
        // whole design in it, since the zoom buttons are hidden in this mode.
        if prev.is_some_and(|p| p != on) {
            area.refresh(&ed);
            ed.handle(Input::FitView);
        }
        on
    });
}
