//! The timeline under the canvas: the whole run so far as an accessible slider. Dragging
//! it, clicking it or pressing Home / End / the arrow keys shows exactly that moment —
//! the run re-simulated to it, its later interventions kept so playing on is the same
//! run. Live interventions and the incident script are marked on it.

use leptos::prelude::*;

use super::state::use_run;

#[component]
pub fn Timeline() -> impl IntoView {
    let rc = use_run();
    let ed = crate::editor::use_editor();
    // Re-read on every glance: the clock and how far the run has reached.
    let now_ms = move || {
        rc.glance
            .with(|f| f.as_ref().map_or(0, |f| f.snap.now_us / 1000))
    };
    let end_ms = move || {
        rc.glance.track();
        (rc.reached_us() / 1000).max(1)
    };
    let marks = move || {
        let end = end_ms() as f64;
        let live: Vec<(u64, &'static str)> = rc
            .stats
            .with(|s| s.as_ref().map(|s| s.timeline.clone()).unwrap_or_default())
            .into_iter()
            .map(|t| (t, "live"))
            .collect();
        let scripted = ed.with_doc(|e| {
            e.doc()
                .incidents
                .iter()
                .map(|i| (i.at_ms * 1000, "scripted"))
                .collect::<Vec<_>>()
        });
        live.into_iter()
            .chain(scripted)
            .filter(|(t, _)| (*t / 1000) as f64 <= end)
            .map(|(t, class)| {
                let left = format!("left:{:.2}%", (t / 1000) as f64 / end * 100.0);
                view! { <span class=format!("timeline-mark {class}") style=left></span> }
            })
            .collect_view()
    };
    let on_input = move |e: leptos::ev::Event| {
        if let Ok(ms) = event_target_value(&e).parse::<u64>() {
            rc.playing.set(false);
            rc.seek(ms * 1000);
        }
    };
    // For the seek probe: what the checkpoints cost.
    let kept = move || {
        rc.glance.track();
        let (n, bytes) = rc.checkpoint_memory();
        format!("{n} {bytes}")
    };
    view! {
        <div class="timeline" data-testid="timeline" data-checkpoints=kept>
            <div class="timeline-marks" aria-hidden="true">{marks}</div>
            <input type="range" role="slider" aria-label="Timeline" data-testid="timeline-slider"
                min="0" step="100" max=move || end_ms().to_string()
                prop:value=move || now_ms().to_string()
                aria-valuetext=move || format!("{:.1} seconds", now_ms() as f64 / 1000.0)
                on:input=on_input/>
        </div>
    }
}
