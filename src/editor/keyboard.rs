//! The keyboard edge: window-level key listeners that turn key presses into editor
//! inputs. Keys typed into form fields (the inspector) are never taken; keys aimed at
//! other controls (toolbar buttons, palette items) keep their native meaning except for
//! the global shortcuts. Tab cycles through the design only while focus is in the canvas,
//! and leaves it at either end so keyboard users are never trapped.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wirelab_editor::scene::tab_leaves;
use wirelab_editor::{Input, Key, Modifiers, State};

use super::canvas::CanvasEl;
use super::EditorCtx;

/// Whether the space bar is held (space+drag pans). Provided by `App`.
#[derive(Clone, Copy)]
pub struct SpaceHeld(pub RwSignal<bool>);

/// Installs the listeners for the page's lifetime.
pub fn listen(ctx: EditorCtx, area: CanvasEl, space: SpaceHeld) {
    let down = window_event_listener(ev::keydown, move |e| on_key_down(ctx, area, space, &e));
    let up = window_event_listener(ev::keyup, move |e| {
        if e.key() == " " {
            space.0.set(false);
        }
    });
    // A key released in another window never arrives: forget held keys and gestures.
    let blur = window_event_listener(ev::blur, move |_| {
        space.0.set(false);
        if !matches!(ctx.with_untracked(|ed| ed.state().clone()), State::Idle) {
            ctx.handle(Input::Cancel);
        }
    });
    on_cleanup(move || {
        down.remove();
        up.remove();
        blur.remove();
    });
}

fn on_key_down(ctx: EditorCtx, area: CanvasEl, space: SpaceHeld, e: &web_sys::KeyboardEvent) {
    if e.default_prevented() || e.is_composing() || ctx.shortcuts_open.get_untracked() {
        return;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    if target.as_ref().is_some_and(is_form_field) {
        return;
    }
    // A modal dialog owns the keyboard: no undo or shortcut sheet behind it.
    if target
        .as_ref()
        .is_some_and(|t| t.closest("[aria-modal='true']").ok().flatten().is_some())
    {
        return;
    }
    let in_canvas = match (&target, area.0.get_untracked()) {
        (Some(t), Some(canvas)) => canvas.contains(Some(t)),
        _ => false,
    };
    let on_page = target.as_ref().is_none_or(|t| t.tag_name() == "BODY");
    let mods = Modifiers {
        shift: e.shift_key(),
        ctrl: e.ctrl_key() || e.meta_key(),
        alt: e.alt_key(),
        space: space.0.get_untracked(),
    };
    let key = Key::from_dom(&e.key());
    let ours = in_canvas || on_page;
    if key == Key::Char(' ') {
        // Held space turns drags into pans; on a button it must still press the button.
        if ours {
            e.prevent_default();
            space.0.set(true);
        }
        return;
    }
    let wanted = match key {
        Key::Tab => {
            in_canvas
                && !(matches!(ctx.with_untracked(|ed| ed.state().clone()), State::Idle)
                    && ctx.with_untracked(|ed| tab_leaves(ed, mods.shift)))
        }
        // Shortcuts that make sense wherever focus is (but not typed text).
        Key::Char('z' | 'y') if mods.ctrl => true,
        Key::Char('?') => true,
        _ => ours,
    };
    if !wanted {
        return;
    }
    let response = ctx.handle(Input::Key { key, mods });
    if response.consumed {
        e.prevent_default();
    }
}

fn is_form_field(el: &web_sys::Element) -> bool {
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(|h| h.is_content_editable())
}
