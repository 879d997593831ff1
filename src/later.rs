//! The parts of the page a first visit does not need: the lessons, the review, compare
//! mode, a followed customer's journey and a moment's QR code. Each is mounted only while it is shown.
//! Each function below is a split point: `scripts/split-wasm.py` moves the code only it
//! reaches into a wasm file of its own, loaded the first time the part is shown. Once the
//! page has painted, every part is fetched in the background, so a click later does not
//! wait on the network (and a dropped connection later loses nothing).
//!
//! Natively (tests, the CLI) a split point is a plain call.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

#[wasm_split(lessons, fallible, preload(preload_lessons))]
pub fn lesson_panel() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::lessons::LessonPanel/> }.into_any())
}

#[wasm_split(lessons, fallible)]
pub fn lesson_browser() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::lessons::LessonBrowser/> }.into_any())
}

#[wasm_split(review, fallible, preload(preload_review))]
pub fn review_panel() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::review::ReviewPanel/> }.into_any())
}

#[wasm_split(compare, fallible, preload(preload_compare))]
pub fn compare_side() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::compare::CompareSide/> }.into_any())
}

#[wasm_split(moment, fallible, preload(preload_moment))]
pub fn moment_qr() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::persist::qr::MomentQr/> }.into_any())
}

#[wasm_split(journey, fallible, preload(preload_journey))]
pub fn journey_dialog() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::run::journey::JourneyDialog/> }.into_any())
}

/// A part, loaded when it is first shown (in a few milliseconds once fetched; until then
/// nothing). If its file cannot be fetched a notice says so, and the rest of the page
/// goes on working.
pub fn later<F>(part: &'static str, load: fn() -> F) -> impl IntoView
where
    F: Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let view = move || {
        Suspend::new(async move {
            load().await.unwrap_or_else(|_| {
                view! {
                    <p class="later-error" role="alert" data-testid="later-error">
                        {part}" could not be loaded: the connection to where the page came from may be down. Reload the page to try again; your design is kept."
                    </p>
                }
                .into_any()
            })
        })
    };
    view! { <Suspense fallback=|| ()>{view}</Suspense> }
}

/// Once the first paint is reported and the browser is idle, fetch every part in the
/// background, most likely first (a first visit opens the lessons). A part that fails is
/// fetched again when it is shown.
pub fn prefetch() {
    after_first_paint(0);
}

/// Looks for the first contentful paint every 50 ms; a tab opened in the background
/// paints nothing, so after 2 s it goes on regardless.
fn after_first_paint(looks: u32) {
    let painted = window()
        .performance()
        .is_some_and(|p| p.get_entries_by_name("first-contentful-paint").length() > 0);
    if !painted && looks < 40 {
        set_timeout(
            move || after_first_paint(looks + 1),
            Duration::from_millis(50),
        );
        return;
    }
    let idle = wasm_bindgen::closure::Closure::once_into_js(fetch_all);
    // A browser without idle callbacks (older Safari): at once.
    if window()
        .request_idle_callback(idle.unchecked_ref())
        .is_err()
    {
        fetch_all();
    }
}

fn fetch_all() {
    leptos::task::spawn_local(async {
        let _ = preload_lessons().await;
        let _ = preload_compare().await;
        let _ = preload_review().await;
        let _ = preload_journey().await;
        let _ = preload_moment().await;
    });
}
