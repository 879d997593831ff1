//! Presenter mode (P, or the toolbar button): large type, high contrast, editing chrome
//! hidden. An attribute on the root element; `style/run.css` does the rest.

use leptos::prelude::*;

use super::state::RunCtx;

pub fn follow(rc: RunCtx) {
    Effect::new(move |_| {
        let on = rc.presenter.get();
        if let Some(root) = document().document_element() {
            let _ = if on {
                root.set_attribute("data-presenter", "")
            } else {
                root.remove_attribute("data-presenter")
            };
        }
    });
}
