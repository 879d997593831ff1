//! Run mode: the engine's run animated in the browser. `state` owns the run and the
//! frame loop; everything else draws the one per-frame snapshot or sends interventions.
pub mod charts;
mod comparing;
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

pub use comparing::{comparing, Comparing};
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
/// intervention panel with its log and the incident script. In compare mode `paired`
/// (compare mode's figures, which the page's frame passes in) takes the place of the
/// readouts and charts.
#[component]
pub fn RunDock(#[prop(into)] paired: ViewFn) -> impl IntoView {
    let comparing = comparing();
    view! {
        <div class="run-dock" data-testid="run-dock">
            <timeline::Timeline/>
            <Show when=move || !comparing() fallback=paired>
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
