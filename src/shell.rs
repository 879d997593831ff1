//! The page's frame: the toolbar (brand, then the tools the app passes in) and the
//! metrics dock, which run mode fills from the engine.
use leptos::prelude::*;

#[component]
pub fn Toolbar(children: Children) -> impl IntoView {
    view! {
        <header class="toolbar" data-testid="toolbar" role="toolbar" aria-label="Wirelab toolbar">
            <div class="brand">
                <img src="favicon.svg" alt="" width="22" height="22"/>
                <span class="brand-name">"Wirelab"</span>
                <span class="brand-tag">"call and wait, or announce a fact?"</span>
            </div>
            {children()}
        </header>
    }
}

#[component]
pub fn MetricsDock() -> impl IntoView {
    view! {
        <section class="metrics-dock panel" data-testid="metrics-dock" aria-label="Metrics">
            <h2 class="sr-only">"Metrics"</h2>
            <crate::run::RunDock/>
        </section>
    }
}
