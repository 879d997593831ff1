//! Whether compare mode is on, for the run's views that change with it (the outcome
//! stripes on each canvas, the dock's figures). Compare mode sits above the run and
//! provides this; the run only reads it, so it needs nothing from compare mode.

use leptos::prelude::*;

/// Tracked: compare mode is on. Provided once, by `compare::provide_compare`.
#[derive(Clone, Copy)]
pub struct Comparing(pub Signal<bool>);

/// Whether compare mode is on, tracked; never where it is not provided.
pub fn comparing() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let c = use_context::<Comparing>();
    move || c.is_some_and(|c| c.0.get())
}
