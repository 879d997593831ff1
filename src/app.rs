use leptos::prelude::*;

use crate::shell::{Canvas, Inspector, MetricsDock, Palette, Toolbar};

/// The whole page: toolbar on top, palette | canvas | inspector, metrics dock below.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="app" data-testid="app">
            <Toolbar/>
            <Palette/>
            <Canvas/>
            <Inspector/>
            <MetricsDock/>
        </div>
    }
}
