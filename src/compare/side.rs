//! Design B's canvas, and the tag over each canvas in compare mode: which side it is,
//! the design's name, and what became of its customers.

use leptos::prelude::*;
use wirelab_editor::Input;
use wirelab_engine::Outcomes;

use super::{use_compare, FIT_AFTER_MS};
use crate::editor::canvas::Canvas;
use crate::run::{use_run, RunCtx};

/// B's part of the page: its own editor (wires flip and nodes move as in A) and its run,
/// stepped by A's clock. Present only in compare mode; leaving disposes of both.
#[component]
pub fn CompareSide() -> impl IntoView {
    // B's editor and run are provided in an owner of their own: a component shares its
    // parent's, so they would otherwise be what A's later-built views find.
    Owner::new().with(b_side)
}

fn b_side() -> impl IntoView {
    let cc = use_compare();
    let lead = use_run();
    let doc = cc.start.get_untracked().unwrap_or_default();
    let (ed, area) = crate::editor::provide_canvas_editor(doc, "wlb");
    let rc = crate::run::state::provide_twin(lead, ed);
    cc.b.set(Some((ed, rc)));
    on_cleanup(move || cc.b.set(None));
    // Both canvases changed size: once the layout has settled, fit each design to its
    // canvas, so neither is half hidden under the other.
    let a = cc.a;
    Effect::new(move |_| {
        // Presenter mode reshapes the canvases too.
        lead.presenter.track();
        if area.0.get().is_some() {
            let this = cc.opened.get_value();
            crate::timer::after(FIT_AFTER_MS, move || {
                if cc.opened.get_value() != this || cc.b.with_untracked(Option::is_none) {
                    return; // that B has been closed
                }
                area.refresh(&ed);
                ed.handle(Input::FitView);
                a.handle(Input::FitView);
            });
        }
    });
    view! {
        <section class="compare-b" data-testid="compare-b" aria-label="Design B">
            <Canvas world=|| view! { <crate::run::RunOverlay/> }
                above=|| view! {
                    <crate::run::Dots/>
                    <SideTag side="B"/>
                }
                {..} role="region" aria-label="Design B canvas"/>
        </section>
    }
}

/// "A · Checkout, all synchronous" and the customers' outcomes so far, over a canvas in
/// compare mode (nothing outside it). Shapes as well as colours tell the classes apart.
#[component]
pub fn SideTag(side: &'static str) -> impl IntoView {
    let cc = use_compare();
    let rc: RunCtx = use_run();
    let ed = crate::editor::use_editor();
    let name = move || ed.with_doc(|e| e.doc().name.clone());
    let outcomes = move || {
        rc.stats
            .with(|s| s.as_ref().map(|s| s.report.outcomes).unwrap_or_default())
    };
    let problem = move || rc.problem.get();
    let note = move || {
        let mut lines: Vec<String> = rc.skipped.get();
        let n = rc.notice.get();
        if side == "B" && !n.is_empty() {
            lines.push(n);
        }
        lines
    };
    view! {
        <Show when=move || cc.active()>
            <div class="compare-tag" data-testid=format!("compare-tag-{side}")>
                <div class="compare-tag-head">
                    <span class=format!("side-mark side-{side}")>{side}</span>
                    <span class="compare-name">{name}</span>
                </div>
                {move || match problem() {
                    Some(p) => view! { <p class="compare-problem">{format!("Cannot run: {p}")}</p> }.into_any(),
                    None => view! { <OutcomeCounts side=side o=Signal::derive(outcomes)/> }.into_any(),
                }}
                <For each=note key=|l| l.clone() children=|l| view! { <p class="compare-note">{l}</p> }/>
            </div>
        </Show>
    }
}

#[component]
fn OutcomeCounts(side: &'static str, o: Signal<Outcomes>) -> impl IntoView {
    let item = move |class: &'static str,
                     mark: &'static str,
                     label: &'static str,
                     get: fn(&Outcomes) -> u64| {
        view! {
            <li class=format!("outcome {class}")>
                <span class="outcome-mark" aria-hidden="true">{mark}</span>
                <span class="outcome-n" data-testid=format!("outcome-{side}-{class}")>{move || wirelab_model::figures::count(get(&o.get()))}</span>
                " " {label}
            </li>
        }
    };
    view! {
        <ul class="outcome-counts" aria-label="What became of the customers">
            {item("failed", "✕", "failed", |o| o.failed)}
            {item("delayed", "◔", "delayed but safe", |o| o.delayed)}
            {item("unaffected", "✓", "unaffected", |o| o.unaffected)}
        </ul>
    }
}
