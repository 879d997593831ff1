//! With nothing selected, the inspector shows the design's own settings: its title, what
//! it teaches, the default run length and the cap on work in flight: one `SetSettings`
//! edit each, labelled by what changed.

use super::field::field_row;
use super::fields::{Input, Val};
use crate::editor::EditorCtx;
use leptos::prelude::*;
use wirelab_editor::command::Settings;
use wirelab_editor::Command;
use wirelab_model::{validate, Element, Scenario};

const DURATION: Input = Input::Num {
    unit: "s",
    scale: 0.001,
    min: 0.001,
    max: 86_400.0,
};
const IN_FLIGHT: Input = Input::Int {
    unit: "",
    min: 100,
    max: wirelab_model::MAX_WORK_CAP,
};

/// Applies a change to the document's settings if it adds no document-level problem.
fn change(ctx: EditorCtx, what: &str, edit: impl FnOnce(&mut Scenario)) -> Result<(), String> {
    let (before, mut doc) = ctx.with_untracked(|e| (e.doc().clone(), e.doc().clone()));
    edit(&mut doc);
    let settings = Settings::of(&doc);
    if settings == Settings::of(&before) {
        return Ok(());
    }
    let old = validate(&before);
    let new: Vec<String> = validate(&doc)
        .into_iter()
        .filter(|p| p.element == Element::Document && !old.contains(p))
        .map(|p| p.message)
        .collect();
    if !new.is_empty() {
        return Err(new.join("; "));
    }
    ctx.apply(Command::SetSettings(settings))
        .map_err(|e| e.to_string())?;
    ctx.say(format!("Changed the design's {what}"));
    Ok(())
}

pub fn document_view(ctx: EditorCtx) -> impl IntoView {
    let name = move || ctx.with_doc(|e| e.doc().name.clone());
    let description = move || ctx.with_doc(|e| e.doc().description.clone());
    let duration = move || ctx.with_doc(|e| Some(Val::Num(e.doc().duration_ms as f64)));
    let in_flight = move || ctx.with_doc(|e| Some(Val::Int(e.doc().max_in_flight)));
    let set_duration = move |v: Val| {
        let Val::Num(ms) = v else { return Ok(()) };
        if !(1.0..=86_400_000.0).contains(&ms) {
            return Err(format!(
                "{} s is out of range: 0.001 to 86400 s",
                ms / 1000.0
            ));
        }
        change(ctx, "run length", |d| d.duration_ms = ms.round() as u64)
    };
    let set_in_flight = move |v: Val| {
        let Val::Int(n) = v else { return Ok(()) };
        change(ctx, "work cap", |d| d.max_in_flight = n)
    };
    view! {
        <div class="insp-body" data-testid="inspector-document">
            <h3 class="insp-heading">"This design"</h3>
            <p class="muted">"Select something on the canvas to see its settings. Shift-click or drag a box to edit several at once."</p>
            <div class="insp-field insp-wide">
                <label for="insp-doc-name">"Title"</label>
                <div class="insp-control">
                    <input id="insp-doc-name" type="text" data-testid="inspector-field-doc.name" prop:value=name
                        on:change=move |ev| { let _ = change(ctx, "title", |d| d.name = event_target_value(&ev).trim().to_string()); }/>
                </div>
            </div>
            <div class="insp-field insp-wide">
                <label for="insp-doc-description">"What it teaches"</label>
                <textarea id="insp-doc-description" rows="4" data-testid="inspector-field-doc.description"
                    prop:value=description
                    on:change=move |ev| { let _ = change(ctx, "description", |d| d.description = event_target_value(&ev)); }>
                </textarea>
            </div>
            {field_row("duration_ms", "Run length", "Default length of a headless run", DURATION, duration, set_duration)}
            {field_row("max_in_flight", "Work cap", "Messages, tasks and queued events beyond this are shed", IN_FLIGHT, in_flight, set_in_flight)}
        </div>
    }
}
