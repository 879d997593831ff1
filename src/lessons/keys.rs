//! ← / → step through the open lesson. The editor also uses the arrows (pan the view,
//! nudge the selection), so the lesson takes them only where they cannot mean that:
//! focus in the lesson panel, or on the page with nothing selected. Never from a form
//! field, with a modifier, under a dialog or mid-gesture. Listens in the capture phase
//! so a key it takes is marked handled before the editor's listener sees it.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wirelab_editor::State;

use crate::editor::EditorCtx;

/// Calls `step(-1 | 1)` for the arrows while `active` is true.
pub fn listen(ed: EditorCtx, active: Signal<bool>, step: impl Fn(isize) + 'static) {
    let on_key =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
            let delta = match e.key().as_str() {
                "ArrowLeft" => -1,
                "ArrowRight" => 1,
                _ => return,
            };
            if active.get_untracked() && ours(&e, ed) {
                e.prevent_default();
                e.stop_propagation();
                step(delta);
            }
        });
    let Some(window) = web_sys::window() else {
        return;
    };
    let f = on_key.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let _ = window.add_event_listener_with_callback_and_bool("keydown", &f, true);
    // The closure must outlive the listener; the page keeps both for its lifetime.
    on_key.forget();
    on_cleanup(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback_and_bool("keydown", &f, true);
        }
    });
}

fn ours(e: &web_sys::KeyboardEvent, ed: EditorCtx) -> bool {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.shift_key() || e.is_composing() {
        return false;
    }
    if ed.shortcuts_open.get_untracked() || !ed.with_untracked(|e| matches!(e.state(), State::Idle))
    {
        return false;
    }
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return true;
    };
    if matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || target
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(|h| h.is_content_editable())
    {
        return false;
    }
    if target
        .closest("[data-lesson-keys]")
        .ok()
        .flatten()
        .is_some()
    {
        return true;
    }
    target.tag_name() == "BODY" && ed.with_untracked(|e| e.session().selection.is_empty())
}
