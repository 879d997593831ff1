//! The editor's toolbar tools: undo and redo with their labels ("Undo move 3 services")
//! and disabled state, zoom out / level / in, fit, and the shortcut sheet.

use leptos::prelude::*;
use wirelab_editor::Input;

/// Undo and redo of the design being edited, labelled with what they would do (and,
/// while design B is the one, saying so: "Design B: Undo move Payment").
#[component]
pub fn UndoRedo() -> impl IntoView {
    let active = super::use_active_editor();
    let side = move |l: String| {
        if active.is_other() {
            format!("Design B: {l}")
        } else {
            l
        }
    };
    let undo_label = Memo::new(move |_| {
        let ctx = active.get();
        ctx.track_history();
        ctx.with_untracked(|e| e.history().undo_label()).map(side)
    });
    let redo_label = Memo::new(move |_| {
        let ctx = active.get();
        ctx.track_history();
        ctx.with_untracked(|e| e.history().redo_label()).map(side)
    });
    let label = |l: Option<String>, none: &str| l.unwrap_or_else(|| none.to_string());
    view! {
        <div class="tool-group" role="group" aria-label="Edit">
            <button class="tool" data-testid="undo" on:click=move |_| active.get_untracked().undo()
                disabled=move || undo_label.with(Option::is_none)
                title=move || label(undo_label.get(), "Nothing to undo")
                aria-label=move || label(undo_label.get(), "Nothing to undo")
                aria-keyshortcuts="Control+Z">
                <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M5 3 L2 6 L5 9 M2 6 H10 a4 4 0 0 1 0 8 H7"/></svg>
            </button>
            <button class="tool" data-testid="redo" on:click=move |_| active.get_untracked().redo()
                disabled=move || redo_label.with(Option::is_none)
                title=move || label(redo_label.get(), "Nothing to redo")
                aria-label=move || label(redo_label.get(), "Nothing to redo")
                aria-keyshortcuts="Control+Shift+Z">
                <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M11 3 L14 6 L11 9 M14 6 H6 a4 4 0 0 0 0 8 H9"/></svg>
            </button>
        </div>
    }
}

/// Zoom out, the level (which resets to 100%), zoom in, fit.
#[component]
pub fn ZoomTools() -> impl IntoView {
    let ctx = super::use_editor();
    let zoom = move |input: Input| {
        move |_| {
            ctx.handle(input.clone());
        }
    };
    view! {
        <div class="tool-group zoom-tools" role="group" aria-label="Zoom">
            <button class="tool" data-testid="zoom-out" title="Zoom out (−)" aria-label="Zoom out"
                on:click=zoom(Input::ZoomOut)>"−"</button>
            <button class="tool tool-wide" data-testid="zoom-reset" title="Reset zoom to 100% (0)"
                aria-label="Reset zoom to 100%" on:click=zoom(Input::ZoomReset)>
                {move || format!("{:.0}%", ctx.viewport().zoom * 100.0)}
            </button>
            <button class="tool" data-testid="zoom-in" title="Zoom in (+)" aria-label="Zoom in"
                on:click=zoom(Input::ZoomIn)>"+"</button>
            <button class="tool tool-wide" data-testid="zoom-fit" title="Fit the design in view (1)"
                aria-label="Fit the design in view" on:click=zoom(Input::FitView)>"Fit"</button>
        </div>
    }
}

/// The `?` sheet.
#[component]
pub fn HelpButton() -> impl IntoView {
    let ctx = super::use_editor();
    view! {
        <button class="tool" data-testid="shortcuts" title="Keyboard shortcuts (?)"
            aria-label="Keyboard shortcuts" aria-keyshortcuts="?"
            on:click=move |_| ctx.shortcuts_open.set(true)>"?"</button>
    }
}
