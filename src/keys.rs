//! The page's one keyboard listener. It describes each key press (the key, where focus
//! is, what is open) and asks the keymap in `wirelab_editor::keymap` what it means, then
//! does that: a lesson step, a run key, or the key handed to the editor. The keymap is
//! also what the `?` sheet lists.
//!
//! Space is two keys in one: held, drags pan (the editor reads `SpaceHeld`); let go
//! without a drag in between, it plays or pauses the run.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wirelab_editor::keymap::{dispatch, Action, Break, Focus, Panel, Press, Situation};
use wirelab_editor::scene::tab_leaves;
use wirelab_editor::{Input, Key, Modifiers, State};

use crate::editor::keyboard::SpaceHeld;
use crate::editor::{CanvasEl, EditorCtx};
use crate::lessons::LessonsCtx;
use crate::run::interventions::{act, Act};
use crate::run::RunCtx;

/// Installs the listeners for the page's lifetime. Editing keys go to the design being
/// edited (compare mode's B once its canvas was pressed); run keys to the page's run.
pub fn listen(page: EditorCtx, rc: RunCtx, lc: LessonsCtx) {
    let active = crate::editor::use_active_editor();
    let area = expect_context::<CanvasEl>();
    let v = crate::view::use_view();
    let space = expect_context::<SpaceHeld>().0;
    let qr = expect_context::<crate::persist::qr::QrCtx>();
    // Whether a pointer went down while Space was held (then it was a pan, not a play).
    let space_used = StoredValue::new(false);
    let down = window_event_listener(ev::keydown, move |e| {
        if e.default_prevented() || e.is_composing() {
            return;
        }
        let mods = Modifiers {
            shift: e.shift_key(),
            ctrl: e.ctrl_key() || e.meta_key(),
            alt: e.alt_key(),
            space: space.get_untracked(),
        };
        let key = Key::from_dom(&e.key());
        let ed = active.get_untracked();
        let focus = focus_of(&e, area, ed, lc);
        let situation = Situation {
            lesson_open: lc.open.with_untracked(Option::is_some),
            nothing_selected: ed.with_untracked(|x| x.session().selection.is_empty()),
            idle: ed.with_untracked(|x| matches!(x.state(), State::Idle)),
            tab_leaves: key == Key::Tab && ed.with_untracked(|x| tab_leaves(x, mods.shift)),
            journey_open: rc.journey.with_untracked(Option::is_some),
        };
        let Some(action) = dispatch(&Press { key, mods, focus }, &situation) else {
            return;
        };
        match action {
            Action::LessonStep(d) => lc.step_by(d),
            Action::Space => {
                if !e.repeat() {
                    space_used.set_value(false);
                }
                space.set(true);
            }
            Action::PlayPause => rc.playing.update(|p| *p = !*p),
            Action::Step => {
                rc.playing.set(false);
                rc.step_event();
            }
            Action::CloseJourney => rc.close_journey(),
            Action::Break(b) => act(
                rc,
                page,
                match b {
                    Break::Kill => Act::Kill,
                    Break::Revive => Act::Revive,
                    Break::Hang => Act::Hang,
                    Break::Slow => Act::Slow,
                    Break::SendOne => Act::SendOne,
                },
            ),
            Action::Presenter => rc.presenter.update(|p| *p = !*p),
            Action::MomentQr => qr.open.update(|o| *o = !*o),
            Action::Panel(panel) => {
                let s = match panel {
                    Panel::Palette => v.palette,
                    Panel::Inspector => v.inspector,
                    Panel::Dock => v.dock,
                };
                s.update(|o| *o = !*o);
            }
            Action::Editor => {
                if !ed.handle(Input::Key { key, mods }).consumed {
                    return;
                }
            }
        }
        e.prevent_default();
    });
    let pointer = window_event_listener(ev::pointerdown, move |_| space_used.set_value(true));
    let up = window_event_listener(ev::keyup, move |e| {
        if e.key() != " " || !space.get_untracked() {
            return;
        }
        space.set(false);
        let ed = active.get_untracked();
        if !space_used.get_value() && ed.with_untracked(|x| matches!(x.state(), State::Idle)) {
            rc.playing.update(|p| *p = !*p);
        }
    });
    // A key released in another window never arrives: forget held keys and gestures.
    let blur = window_event_listener(ev::blur, move |_| {
        space.set(false);
        let ed = active.get_untracked();
        if !ed.with_untracked(|x| matches!(x.state(), State::Idle)) {
            ed.handle(Input::Cancel);
        }
    });
    on_cleanup(move || {
        down.remove();
        pointer.remove();
        up.remove();
        blur.remove();
    });
}

/// Where focus was: a form field, a dialog, the canvas, the lesson panel, the page or
/// another control.
fn focus_of(e: &web_sys::KeyboardEvent, area: CanvasEl, ed: EditorCtx, lc: LessonsCtx) -> Focus {
    if ed.shortcuts_open.get_untracked() || lc.browser_open.get_untracked() {
        return Focus::Dialog;
    }
    let Some(t) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return Focus::Page;
    };
    let within = |sel: &str| t.closest(sel).ok().flatten().is_some();
    if matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || t.dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(|h| h.is_content_editable())
    {
        Focus::Field
    } else if within("[aria-modal='true'], dialog[open]") {
        Focus::Dialog
    } else if area.0.get_untracked().is_some_and(|c| c.contains(Some(&t)))
        || within("[data-testid='compare-b'] [data-testid='canvas']")
    {
        Focus::Canvas
    } else if within("[data-lesson-keys]") {
        Focus::Lesson
    } else if t.tag_name() == "BODY" {
        Focus::Page
    } else {
        Focus::Control
    }
}
