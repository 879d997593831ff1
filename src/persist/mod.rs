//! Document actions in the toolbar: new, import, export, share. (Stub: its owner fills this in.)
use leptos::prelude::*;

#[component]
pub fn DocumentActions() -> impl IntoView {}
