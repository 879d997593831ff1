//! The drop-down for less-used actions: the toolbar's (Run, File, View) and compare
//! mode's, which is why it is here and not in the page's frame (`shell.rs`).

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The widest a menu's panel is, px (stage.css: `min-width: 250px` and its padding).
const PANEL_PX: f64 = 300.0;

/// A drop-down of less-used actions: a button, and a panel that closes on a pick (a
/// button inside, unless it is marked `data-keep-open`: one pressed again and again, such
/// as a step), Escape, or a press anywhere else. The Escape that closes it does nothing
/// else.
#[component]
pub fn Menu(label: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    let open = RwSignal::new(false);
    let root = NodeRef::<html::Div>::new();
    // A menu whose button is near the window's left edge (a wrapped toolbar row) opens
    // rightwards, so its panel stays in the window.
    let leftwards = RwSignal::new(true);
    let toggle = move |_| {
        if !open.get_untracked() {
            if let Some(r) = root.get_untracked() {
                leftwards.set(r.get_bounding_client_rect().right() >= PANEL_PX);
            }
        }
        open.update(|o| *o = !*o);
    };
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
            .is_some_and(|b| !b.has_attribute("data-keep-open"));
        if on_button {
            open.set(false);
        }
    };
    view! {
        <div class="menu" node_ref=root class:align-left=move || !leftwards.get()
            on:keydown=move |e| if e.key() == "Escape" && open.get_untracked() {
                open.set(false);
                e.prevent_default();
            }>
            <button class="tool menu-button" data-testid=testid aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                on:click=toggle>{label}<span aria-hidden="true">" ▾"</span></button>
            <div class="menu-panel" role="group" aria-label=label data-testid=format!("{testid}-panel")
                hidden=move || !open.get() on:click=picked>
                {children()}
            </div>
        </div>
    }
}
