//! The timeline under the canvas: the whole run so far as an accessible slider, labelled,
//! with round times marked under it. Dragging it, clicking it or pressing Home / End /
//! the arrow keys shows exactly that moment — the run re-simulated to it, its later
//! interventions kept so playing on is the same run. Live interventions and the incident
//! script are marked on it.
//!
//! The thumb shows the clock's moment (the same frame the clock reads), except while the
//! pointer holds it: then it is the user's, and where it is let go is where the run goes
//! (`wirelab_editor::scrub` says which moment a position is).

use leptos::prelude::*;
use wirelab_editor::scrub::{self, tick_label, ticks};

use super::state::use_run;

/// The thumb's width in CSS px: `.timeline input::-webkit-slider-thumb` in run.css.
const THUMB_PX: f64 = 18.0;
/// The slider's step, ms.
const STEP_MS: u64 = 100;
/// Round times marked under the track, at most.
const TICKS: usize = 6;

#[component]
pub fn Timeline() -> impl IntoView {
    let rc = use_run();
    let ed = crate::editor::use_editor();
    let slider = NodeRef::<leptos::html::Input>::new();
    // The pointer holds the thumb, and the moment asked for last in this drag.
    let held = StoredValue::new(false);
    let asked = StoredValue::new(None::<u64>);
    // The clock's moment and how far the run has reached, from the frame the clock reads.
    let now_ms = move || {
        rc.frame
            .with(|f| f.as_ref().map_or(0, |f| f.snap.now_us / 1000))
    };
    let end_ms = move || {
        rc.frame.track();
        (rc.reached_us() / 1000).max(1)
    };
    // The end first, then the value: a value past the old end would be clamped to it.
    // Written only when they move by a step of the slider: a write every frame costs the
    // page a style and layout pass, which compare mode at 40 minutes could not spare.
    let written = StoredValue::new((u64::MAX, u64::MAX));
    Effect::new(move |_| {
        let (now, end) = (
            now_ms() / STEP_MS * STEP_MS,
            end_ms().div_ceil(STEP_MS) * STEP_MS,
        );
        if held.get_value() || written.get_value() == (now, end) {
            return;
        }
        if let Some(input) = slider.get() {
            input.set_max(&end.to_string());
            input.set_value(&now.to_string());
            written.set_value((now, end));
        }
    });
    // What is read out and drawn: ten times a second at most.
    let tenths = Memo::new(move |_| now_ms() / 100);
    let glance_end = move || {
        rc.glance.track();
        (rc.reached_us() / 1000).max(1)
    };
    let marks = move || {
        let end = glance_end() as f64;
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
    let tick_marks = move || {
        let end = glance_end();
        ticks(end, TICKS)
            .into_iter()
            .map(|t| {
                let f = t as f64 / end as f64;
                let edge = if t == 0 {
                    " first"
                } else if f > 0.92 {
                    " last"
                } else {
                    ""
                };
                let left = format!(
                    "left:calc({}px + (100% - {}px) * {f:.4})",
                    THUMB_PX / 2.0,
                    THUMB_PX
                );
                view! {
                    <span class=format!("timeline-tick{edge}") data-testid="timeline-tick" style=left>
                        {tick_label(t)}
                    </span>
                }
            })
            .collect_view()
    };
    let seek = move |ms: u64| {
        asked.set_value(Some(ms));
        rc.playing.set(false);
        rc.seek(ms * 1000);
    };
    let on_input = move |e: leptos::ev::Event| {
        if let Ok(ms) = event_target_value(&e).parse::<u64>() {
            seek(ms);
        }
    };
    // Let go: the moment under the pointer, however few of the drag's moves arrived.
    let let_go = move |x: f64| {
        if !held.get_value() {
            return;
        }
        held.set_value(false);
        let Some(input) = slider.get_untracked() else {
            return;
        };
        if let Some(before) = asked.get_value() {
            let r = input.get_bounding_client_rect();
            let track = scrub::Track {
                left: r.left(),
                width: r.width(),
                thumb: THUMB_PX,
                end_ms: input.max().parse().unwrap_or(0),
                step_ms: STEP_MS,
            };
            let at = track.time_at(x);
            if at != before {
                input.set_value(&at.to_string());
                seek(at);
            }
        }
        // Back to the clock's moment (and the frames write it afresh from here).
        input.set_max(&end_ms().to_string());
        input.set_value(&now_ms().to_string());
        written.set_value((u64::MAX, u64::MAX));
    };
    let up = window_event_listener(leptos::ev::pointerup, move |e| {
        let_go(f64::from(e.client_x()))
    });
    let cancel = window_event_listener(leptos::ev::pointercancel, move |_| {
        held.set_value(false);
    });
    on_cleanup(move || {
        up.remove();
        cancel.remove();
    });
    // For the seek probe: what the checkpoints cost.
    let kept = move || {
        rc.glance.track();
        let (n, bytes) = rc.checkpoint_memory();
        format!("{n} {bytes}")
    };
    view! {
        <div class="timeline" data-testid="timeline" data-checkpoints=kept>
            <label class="timeline-label" for="timeline-slider"
                title="The run so far: drag, click or use the arrow keys to see any moment again">"Timeline"</label>
            <div class="timeline-track">
                <div class="timeline-marks" aria-hidden="true">{marks}</div>
                <input type="range" role="slider" aria-label="Timeline" data-testid="timeline-slider"
                    id="timeline-slider" node_ref=slider min="0" step=STEP_MS.to_string()
                    aria-valuetext=move || format!("{:.1} seconds", tenths.get() as f64 / 10.0)
                    on:pointerdown=move |_| {
                        held.set_value(true);
                        asked.set_value(None);
                    }
                    on:input=on_input/>
                <div class="timeline-ticks" aria-hidden="true">{tick_marks}</div>
            </div>
        </div>
    }
}
