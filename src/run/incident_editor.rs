//! The incident script editor: timed actions in the human form
//! (`at 10s kill Analytics`), stored in the scenario with `Command::SetIncidents`, so a
//! saved file, a link or a lesson carries the same incident. Saving is an edit, so the
//! run restarts (the edit rule) and the script plays from 0 s.

use leptos::prelude::*;
use wirelab_editor::Command;
use wirelab_model::{format_script, parse_script};

use crate::editor::use_editor;

#[component]
pub fn IncidentEditor() -> impl IntoView {
    let ed = use_editor();
    let saved = Memo::new(move |_| ed.with_doc(|e| format_script(&e.doc().incidents)));
    let text = RwSignal::new(String::new());
    // A new document (or undo) shows its own script.
    Effect::new(move |_| text.set(saved.get()));
    let errors = RwSignal::new(Vec::<String>::new());
    let save = move |_| match parse_script(&text.get_untracked()) {
        Ok(incidents) => {
            errors.set(Vec::new());
            let _ = ed.apply(Command::SetIncidents(incidents));
        }
        Err(errs) => errors.set(errs.iter().map(|e| e.to_string()).collect()),
    };
    view! {
        <section class="run-panel incident-editor" aria-label="Incident script">
            <h3>"Incident script"</h3>
            // The placeholder is an example, and says so: read as a script, it looked like
            // one the design already had.
            <textarea data-testid="incident-script" rows="4" spellcheck="false"
                aria-label="Incident script" aria-describedby="incident-help"
                placeholder="e.g. at 10s kill Analytics\ne.g. at 40s revive Analytics"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="run-acts">
                <button class="tool" data-testid="incident-save"
                    disabled=move || text.get() == saved.get()
                    on:click=save>"Save script (restarts the run)"</button>
            </div>
            <ul class="incident-errors" data-testid="incident-errors">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
            <p class="muted" id="incident-help">"One action per line: kill / revive / hang / slow ×N / error-rate / cut / heal, by name."</p>
        </section>
    }
}
