//! The inspector panel for the selection. (Stub: its owner fills this in.)
use leptos::prelude::*;

#[component]
pub fn InspectorPanel() -> impl IntoView {
    view! {
        <aside class="inspector panel" data-testid="inspector" aria-label="Inspector">
            <h2 class="panel-title">"Inspector"</h2>
            <p class="muted">"Select something on the canvas to see its settings."</p>
        </aside>
    }
}
