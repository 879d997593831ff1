//! The Compare menu: the ways into compare mode (a copy of A, a bundled example, a file)
//! and out of it (keep A, keep B).

use leptos::prelude::*;

use super::use_compare;
use crate::editor::use_editor;
use crate::kit::menu::Menu;

/// The bundled examples one can compare with: (file under `scenarios/`, its title).
const EXAMPLES: [(&str, &str); 6] = [
    ("checkout-sync", "Checkout, all synchronous"),
    ("checkout-events", "Checkout with events"),
    ("request-reply", "Request/reply over a broker"),
    ("broker-outbox", "Broker outage and the outbox"),
    ("retry-storm", "Retry storm"),
    ("double-charge", "Double charge"),
];

#[component]
pub fn CompareMenu() -> impl IntoView {
    let cc = use_compare();
    let ed = use_editor();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let copy = move |_| {
        let mut b = ed.with_untracked(|e| e.doc().clone());
        b.name = format!("{} (copy)", b.name);
        cc.open(b);
    };
    let example = move |file: &'static str| {
        leptos::task::spawn_local(async move {
            let url = format!("scenarios/{file}.json");
            let got = crate::kit::fetch::text(&url)
                .await
                .and_then(|t| wirelab_model::decode(&t).map_err(|p| problems(&url, &p)));
            match got {
                Ok(b) => cc.open(b),
                Err(e) => cc.error.set(Some(e)),
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            let name = file.name();
            leptos::task::spawn_local(async move {
                let got = crate::kit::files::read_text(&file)
                    .await
                    .and_then(|t| wirelab_model::decode(&t).map_err(|p| problems(&name, &p)));
                match got {
                    Ok(b) => cc.open(b),
                    Err(e) => cc.error.set(Some(e)),
                }
            });
        }
        input.set_value("");
    };
    view! {
        <Menu label="Compare" testid="menu-compare">
            <Show when=move || !cc.active()
                fallback=move || view! {
                    <button data-testid="compare-keep-a" title="Leave compare mode; A stays the design"
                        on:click=move |_| cc.close(false)>"Leave, keep A"</button>
                    <button data-testid="compare-keep-b" title="Leave compare mode; B becomes the design (undoable)"
                        on:click=move |_| cc.close(true)>"Leave, keep B"</button>
                }>
                <button data-testid="compare-copy"
                    title="B starts as a copy of this design: flip its wires and watch both under the same customers"
                    on:click=copy>"Compare with a copy"</button>
                <p class="menu-heading">"Compare with an example"</p>
                {EXAMPLES.iter().map(|(file, label)| view! {
                    <button data-testid=format!("compare-with-{file}") on:click=move |_| example(file)>{*label}</button>
                }).collect_view()}
                <button data-testid="compare-file" title="B is a scenario file (.json)"
                    on:click=move |_| { if let Some(i) = file_input.get() { i.click(); } }>"Compare with a file…"</button>
            </Show>
        </Menu>
        <input type="file" accept=".json,application/json" class="visually-hidden" tabindex="-1"
            aria-hidden="true" data-testid="compare-file-input" node_ref=file_input on:change=on_file/>
        {move || cc.error.get().map(|e| view! {
            <p class="compare-error" role="alert" data-testid="compare-error">
                {e}
                <button aria-label="Dismiss" on:click=move |_| cc.error.set(None)>"×"</button>
            </p>
        })}
    }
}

fn problems(what: &str, p: &[wirelab_model::Problem]) -> String {
    let first: Vec<String> = p.iter().take(3).map(|p| p.to_string()).collect();
    format!("{what} cannot be design B: {}", first.join("; "))
}
