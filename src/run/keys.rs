//! Run keys: Space, "." and PageDown play/pause (the last two for presenter remotes);
//! K / R / H / S kill, revive, hang and slow the selection; F toggles presenter mode
//! (T is the editor's "flip wire"). Never taken from a form field, with a modifier held,
//! or while the editor is mid-gesture.
//!
//! Space also means "hold to pan" on the canvas, so play/pause acts on its release, and
//! only if no pointer went down while it was held.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wirelab_editor::State;

use super::interventions::{act, Act};
use super::state::RunCtx;
use crate::editor::canvas::CanvasEl;
use crate::editor::EditorCtx;

pub fn listen(rc: RunCtx, ed: EditorCtx, area: CanvasEl) {
    let space_used = StoredValue::new(false);
    let down = window_event_listener(ev::keydown, move |e| {
        if !free(&e, ed) {
            return;
        }
        match e.key().as_str() {
            " " => {
                if !e.repeat() {
                    space_used.set_value(false);
                }
            }
            "." | "PageDown" => {
                e.prevent_default();
                rc.playing.update(|p| *p = !*p);
            }
            k => {
                let a = match k {
                    "k" | "K" => Act::Kill,
                    "r" | "R" => Act::Revive,
                    "h" | "H" => Act::Hang,
                    "s" | "S" => Act::Slow,
                    "f" | "F" => {
                        rc.presenter.update(|p| *p = !*p);
                        return;
                    }
                    _ => return,
                };
                act(rc, ed, a);
            }
        }
    });
    let pointer = window_event_listener(ev::pointerdown, move |_| space_used.set_value(true));
    let up = window_event_listener(ev::keyup, move |e| {
        if e.key() != " " || !free(&e, ed) || space_used.get_value() {
            return;
        }
        // A focused button handles Space itself; only the page and the canvas are ours.
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let ours = match (&target, area.0.get_untracked()) {
            (None, _) => true,
            (Some(t), Some(c)) => t.tag_name() == "BODY" || c.contains(Some(t)),
            (Some(t), None) => t.tag_name() == "BODY",
        };
        if ours {
            rc.playing.update(|p| *p = !*p);
        }
    });
    on_cleanup(move || {
        down.remove();
        pointer.remove();
        up.remove();
    });
}

/// The key is for the run: no modifier, no text field, no dialog, no gesture.
fn free(e: &web_sys::KeyboardEvent, ed: EditorCtx) -> bool {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.is_composing() {
        return false;
    }
    if ed.shortcuts_open.get_untracked() {
        return false;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    if target.as_ref().is_some_and(|t| {
        matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || t.dyn_ref::<web_sys::HtmlElement>()
                .is_some_and(|h| h.is_content_editable())
    }) {
        return false;
    }
    ed.with_untracked(|e| matches!(e.state(), State::Idle))
}
