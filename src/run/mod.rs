//! Run mode: the engine's run animated in the browser. `state` owns the run and the
//! frame loop; everything else draws the one per-frame snapshot or sends interventions.
pub mod charts;
pub mod controls;
pub mod dots;
pub mod incident_editor;
pub mod interventions;
pub mod journey;
mod outcomes;
mod overlay;
mod presenter;
pub mod readouts;
pub mod state;
mod stopwatch;
mod timeline;

use leptos::prelude::*;

pub use controls::RunControls;
pub use dots::Dots;
pub use overlay::RunOverlay;
pub use state::{use_run, RunCtx};

use crate::editor::{use_editor, CanvasEl};

/// Creates the run state, its frame loop and its keys. Call once, after `provide_editor`.
pub fn provide_run() -> RunCtx {
    let rc = state::provide_run();
    let area = expect_context::<CanvasEl>();
    presenter::follow(rc, use_editor(), area);
    rc
}

/// The metrics dock's content: the big readouts, the charts, the legend, the
/// intervention panel with its log and the incident script.
#[component]
pub fn RunDock() -> impl IntoView {
    let cc = crate::compare::use_compare();
    view! {
        <div class="run-dock" data-testid="run-dock">
            <timeline::Timeline/>
            <Show when=move || !cc.active()
                fallback=|| view! {
                    <crate::compare::CompareStrip/>
                    <crate::compare::CompareTable/>
                    <crate::compare::PairedCharts/>
                }>
                <readouts::PresenterStrip/>
                <readouts::Readouts/>
                <charts::Charts/>
            </Show>
            <div class="run-side">
                <dots::Legend/>
                <interventions::InterventionPanel/>
                <incident_editor::IncidentEditor/>
            </div>
        </div>
    }
}
