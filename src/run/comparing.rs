//! Compare mode as the rest of the page uses it: whether it is on, and opening, leaving
//! and reading design B. Compare mode sits above the run and fills this in
//! (`compare::provide_compare`); the run's views (outcome stripes, the dock), the lessons
//! (a step that opens a B) and the files and links (which carry both designs) use only
//! this, so none of them needs compare mode itself.

use leptos::prelude::*;
use wirelab_model::Scenario;

#[derive(Clone, Copy)]
pub struct Comparing {
    /// Tracked: compare mode is on.
    pub on: Signal<bool>,
    /// Opens compare mode with this design as B (replacing any B open now).
    pub open: Callback<Scenario>,
    /// Leaves compare mode; with `true`, B becomes the design (one undo step).
    pub close: Callback<bool>,
    /// B's design as it is now (with the user's edits), while compare mode is on.
    pub b_doc: Callback<(), Option<Scenario>>,
}

/// Whether compare mode is on, tracked; never where it is not provided.
pub fn comparing() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let c = use_context::<Comparing>();
    move || c.is_some_and(|c| c.on.get())
}
