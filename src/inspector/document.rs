//! With nothing selected, the inspector shows the design's own settings: its title, what
//! it teaches, the default run length and the cap on work in flight: one `SetSettings`
//! edit each, labelled by what changed.

use super::edit::check_range;
use super::field::field_row;
use super::fields::{Input, Val};
use crate::editor::EditorCtx;
use leptos::prelude::*;
use wirelab_editor::command::{problems_added, Settings};
use wirelab_editor::Command;
use wirelab_model::{Element, Scenario};

const DURATION: Input = Input::Num {
    unit: "s",
    scale: 0.001,
};
const IN_FLIGHT: Input = Input::Int { unit: "" };

/// Applies a change to the document's settings if it adds no document-level problem.
fn change(ctx: EditorCtx, what: &str, edit: impl FnOnce(&mut Scenario)) -> Result<(), String> {
    let (before, mut doc) = ctx.with_untracked(|e| (e.doc().clone(), e.doc().clone()));
    edit(&mut doc);
    let settings = Settings::of(&doc);
    if settings == Settings::of(&before) {
        return Ok(());
    }
    let cmd = Command::SetSettings(settings);
    let new =
        problems_added(&before, &cmd, |el| el == Element::Document).map_err(|e| e.to_string())?;
    if !new.is_empty() {
        let lines: Vec<String> = new.into_iter().map(|p| p.message).collect();
        return Err(lines.join("; "));
    }
    ctx.apply(cmd).map_err(|e| e.to_string())?;
    ctx.say(format!("Changed the design's {what}"));
    Ok(())
}

pub fn document_view(ctx: EditorCtx) -> impl IntoView {
    let name = move || ctx.with_doc(|e| e.doc().name.clone());
    let description = move || ctx.with_doc(|e| e.doc().description.clone());
    let duration = move || ctx.with_doc(|e| Some(Val::Num(e.doc().duration_ms as f64)));
    let in_flight = move || ctx.with_doc(|e| Some(Val::Int(e.doc().max_in_flight)));
    let set_duration = move |v: Val| {
        check_range("duration_ms", DURATION, v)?;
        let Val::Num(ms) = v else { return Ok(()) };
        change(ctx, "run length", |d| d.duration_ms = ms.round() as u64)
    };
    let set_in_flight = move |v: Val| {
        check_range("max_in_flight", IN_FLIGHT, v)?;
        let Val::Int(n) = v else { return Ok(()) };
        change(ctx, "work cap", |d| d.max_in_flight = n)
    };
    // Why a title or description was refused (too long), until the next change.
    let text_error = RwSignal::new(None::<String>);
    view! {
        <div class="insp-body" data-testid="inspector-document">
            <h3 class="insp-heading">"This design"</h3>
            <p class="muted">"Select something on the canvas to see its settings. Shift-click or drag a box to edit several at once."</p>
            <div class="insp-field insp-wide">
                <label for="insp-doc-name">"Title"</label>
                <div class="insp-control">
                    <input id="insp-doc-name" type="text" data-testid="inspector-field-doc.name" prop:value=name
                        aria-describedby="insp-doc-text-error"
                        on:change=move |ev| text_error.set(change(ctx, "title", |d| d.name = event_target_value(&ev).trim().to_string()).err())/>
                </div>
            </div>
            <div class="insp-field insp-wide">
                <label for="insp-doc-description">"What it teaches"</label>
                <textarea id="insp-doc-description" rows="4" data-testid="inspector-field-doc.description"
                    prop:value=description aria-describedby="insp-doc-text-error"
                    on:change=move |ev| text_error.set(change(ctx, "description", |d| d.description = event_target_value(&ev)).err())>
                </textarea>
            </div>
            <p class="insp-error" id="insp-doc-text-error" data-testid="inspector-error-doc.text" role="alert"
                hidden=move || text_error.with(|e| e.is_none())>
                {move || text_error.get()}
            </p>
            {field_row("duration_ms", "Run length", "Default length of a headless run", DURATION, duration, set_duration)}
            {field_row("max_in_flight", "Work cap", "Messages, tasks and queued events beyond this are shed", IN_FLIGHT, in_flight, set_in_flight)}
        </div>
    }
}
