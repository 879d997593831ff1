//! The drop-down for less-used actions: the toolbar's (Run, File, View) and compare
//! mode's, which is why it is here and not in the page's frame (`shell.rs`).

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A drop-down of less-used actions: a button, and a panel that closes on a pick (a
/// button inside), Escape, or a press anywhere else.
#[component]
pub fn Menu(label: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    let open = RwSignal::new(false);
    let root = NodeRef::<html::Div>::new();
    let outside = window_event_listener(ev::pointerdown, move |e| {
        let inside = match (
            e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
            root.get_untracked(),
        ) {
            (Some(t), Some(r)) => r.contains(Some(&t)),
            _ => false,
        };
        if !inside && open.get_untracked() {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let picked = move |e: ev::MouseEvent| {
        let on_button = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button").ok().flatten())
            .is_some();
        if on_button {
            open.set(false);
        }
    };
    view! {
        <div class="menu" node_ref=root
            on:keydown=move |e| if e.key() == "Escape" && open.get_untracked() { open.set(false); }>
            <button class="tool menu-button" data-testid=testid aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>{label}<span aria-hidden="true">" ▾"</span></button>
            <div class="menu-panel" role="group" aria-label=label data-testid=format!("{testid}-panel")
                hidden=move || !open.get() on:click=picked>
                {children()}
            </div>
        </div>
    }
}
