//! The aria-live region: the editor's `Announce` effects ("Move 3 services", "Connect
//! Order → Payment", focus descriptions) read out to screen-reader users.

use leptos::prelude::*;

#[component]
pub fn LiveRegion() -> impl IntoView {
    let ctx = super::use_editor();
    view! {
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true"
            data-testid="live-region">
            {move || ctx.announce.get()}
        </div>
    }
}
