use leptos::prelude::*;
use wirelab_model::Scenario;

use crate::editor::EditorCtx;
use crate::inspector::InspectorPanel;
use crate::persist::DocumentActions;
use crate::shell::{Canvas, MetricsDock, Palette, Toolbar};

/// The whole page: toolbar on top, palette | canvas | inspector, metrics dock below.
#[component]
pub fn App() -> impl IntoView {
    provide_context(EditorCtx::new(Scenario::new("Untitled design")));
    view! {
        <div class="app" data-testid="app">
            <Toolbar>
                <DocumentActions/>
            </Toolbar>
            <Palette/>
            <Canvas/>
            <InspectorPanel/>
            <MetricsDock/>
        </div>
    }
}
