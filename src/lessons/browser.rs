//! The lesson browser: what a newcomer sees first. Lessons and interview walkthroughs,
//! each with its title and one line; closing it is remembered in this browser.

use leptos::prelude::*;

use wirelab_model::{IndexEntry, LessonKind};

use super::{seen, LessonsCtx};

#[component]
pub fn LessonBrowser() -> impl IntoView {
    let lc = super::use_lessons();
    let close = move || {
        lc.browser_open.set(false);
        seen::remember_dismissed();
    };
    let list = move |kind: LessonKind| {
        lc.index.with(|i| match i {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="lesson-error" role="alert">{format!("The lessons could not be loaded: {e}")}</p> }.into_any(),
            Some(Ok(entries)) => entries
                .iter()
                .filter(|e| e.kind == kind)
                .cloned()
                .map(|e| entry_view(lc, e))
                .collect_view()
                .into_any(),
        })
    };
    let first = NodeRef::<leptos::html::Div>::new();
    // Keyboard users start inside the list.
    Effect::new(move |_| {
        if let Some(el) = first.get() {
            if let Ok(Some(b)) = el.query_selector("button") {
                if let Ok(b) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b) {
                    let _ = b.focus();
                }
            }
        }
    });
    view! {
        <Show when=move || lc.browser_open.get()>
            <div class="lesson-backdrop" on:click=move |_| close()></div>
            <section class="lesson-browser" data-testid="lesson-browser" role="dialog"
                aria-modal="true" aria-labelledby="lesson-browser-title"
                on:keydown=move |e| if e.key() == "Escape" { e.prevent_default(); close(); }>
                <header class="lesson-browser-head">
                    <div>
                        <h2 id="lesson-browser-title">"Learn Wirelab"</h2>
                        <p class="muted">"Sync calls or events? Each lesson sets up a design and an incident, asks you to predict, then runs the simulation and shows the measured numbers."</p>
                    </div>
                    <button class="lesson-close" data-testid="lesson-browser-close"
                        aria-label="Close the lessons" title="Close (Esc)" on:click=move |_| close()>"×"</button>
                </header>
                <div class="lesson-columns" node_ref=first>
                    <div>
                        <h3>"Lessons"</h3>
                        <ul class="lesson-list" data-testid="lesson-list">{move || list(LessonKind::Lesson)}</ul>
                    </div>
                    <div>
                        <h3>"Interview walkthroughs"</h3>
                        <ul class="lesson-list" data-testid="walkthrough-list">{move || list(LessonKind::Walkthrough)}</ul>
                    </div>
                </div>
                <footer class="lesson-browser-foot">
                    <button data-testid="lesson-browser-skip" on:click=move |_| close()>"Just let me build"</button>
                    <span class="muted">"Reopen with “Lessons” in the toolbar."</span>
                </footer>
            </section>
        </Show>
    }
}

fn entry_view(lc: LessonsCtx, e: IndexEntry) -> impl IntoView {
    let id = e.id.clone();
    view! {
        <li>
            <button class="lesson-entry" data-testid=format!("lesson-open-{}", e.id)
                on:click=move |_| lc.open(id.clone())>
                <span class="lesson-entry-title">{e.title}</span>
                <span class="lesson-entry-summary">{e.summary}</span>
            </button>
        </li>
    }
}

/// The toolbar button that brings the browser back.
#[component]
pub fn LessonsButton() -> impl IntoView {
    let lc = super::use_lessons();
    view! {
        <button class="tool tool-wide lessons-button" data-testid="lessons-open"
            title="Guided lessons and interview walkthroughs"
            aria-pressed=move || lc.browser_open.get().to_string()
            on:click=move |_| lc.browser_open.set(true)>"Lessons"</button>
    }
}
