//! Whether the space bar is held: drags then pan. The page's one keyboard listener
//! (`crate::keys`) sets it.

use leptos::prelude::*;

/// Whether the space bar is held (space+drag pans). Provided by `provide_editor`.
#[derive(Clone, Copy)]
pub struct SpaceHeld(pub RwSignal<bool>);
