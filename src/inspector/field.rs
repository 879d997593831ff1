//! One labelled input of the inspector with its unit and its inline error. The value
//! follows the document (so undo shows at once); a refused value stays in the input,
//! with the reason beside it, until corrected.

use super::fields::{display, parse, Input, Val};
use leptos::prelude::*;

/// `current` is the shared value (`None` = the selection's values differ); `commit`
/// applies a parsed value and returns why it was refused, if it was.
pub fn field_row(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    input: Input,
    current: impl Fn() -> Option<Val> + Copy + Send + Sync + 'static,
    commit: impl Fn(Val) -> Result<(), String> + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let id = format!("insp-{}", key.replace('.', "-"));
    let error_id = format!("{id}-error");
    let submit = move |text: String| {
        let r = parse(input, &text).and_then(&commit);
        error.set(r.err().filter(|e| !e.is_empty()));
    };
    let value = move || current().map(|v| display(input, v)).unwrap_or_default();
    let control = match input {
        Input::Num { .. } | Input::Int { .. } => {
            let submit = submit.clone();
            // Text, not type="number": a number input drops a decimal comma without a word
            // ("0,5" became 5); the text is read (and refused with a reason) by `parse`.
            let mode = if matches!(input, Input::Int { .. }) {
                "numeric"
            } else {
                "decimal"
            };
            view! {
                <input id=id.clone() type="text" inputmode=mode data-testid=format!("inspector-field-{key}")
                    placeholder=move || if current().is_none() { "mixed" } else { "" }
                    prop:value=value
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    aria-describedby=error_id.clone()
                    on:change=move |ev| submit(event_target_value(&ev))/>
            }
            .into_any()
        }
        Input::Flag => {
            let submit = submit.clone();
            view! {
                <input id=id.clone() type="checkbox" data-testid=format!("inspector-field-{key}")
                    prop:checked=move || current() == Some(Val::Flag(true))
                    aria-describedby=error_id.clone()
                    on:change=move |ev| {
                        let checked = event_target::<web_sys::HtmlInputElement>(&ev).checked();
                        submit(checked.to_string())
                    }/>
            }
            .into_any()
        }
        Input::Pick(choices) => {
            let submit = submit.clone();
            view! {
                <select id=id.clone() data-testid=format!("inspector-field-{key}") prop:value=value
                    aria-describedby=error_id.clone()
                    on:change=move |ev| submit(event_target_value(&ev))>
                    {move || current().is_none().then(|| view! { <option value="" disabled=true>"mixed"</option> })}
                    {choices.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
    };
    let unit = match input {
        Input::Num { unit, .. } | Input::Int { unit, .. } => unit,
        _ => "",
    };
    view! {
        <div class="insp-field" class:insp-flag=matches!(input, Input::Flag) title=help>
            <label for=id>{label}</label>
            <div class="insp-control">
                {control}
                <span class="insp-unit">{unit}</span>
            </div>
            <p class="insp-error" id=error_id data-testid=format!("inspector-error-{key}") role="alert"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get()}
            </p>
        </div>
    }
}
