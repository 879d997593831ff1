//! Two SVG charts from the engine's metrics, large enough for a projector: the user wait
//! distribution (doubling buckets) and outcomes per simulated second, with intervention
//! moments (live and scripted) marked on the time axis.

use leptos::prelude::*;

use super::state::use_run;
use crate::editor::use_editor;

const W: f64 = 360.0;
const H: f64 = 130.0;
const PAD_B: f64 = 18.0;
/// Bars the outcome chart draws at most: a long run's seconds share bars, so what a
/// refresh draws does not grow with the run.
const MAX_BARS: usize = 120;

#[component]
pub fn Charts() -> impl IntoView {
    view! {
        <div class="run-charts">
            <WaitChart/>
            <OutcomeChart/>
        </div>
    }
}

#[component]
fn WaitChart() -> impl IntoView {
    let rc = use_run();
    let bars = move || {
        rc.stats.with(|f| {
            let dist = f.as_ref().map(|f| f.wait_dist.clone()).unwrap_or_default();
            let max = dist.iter().map(|d| d.1).max().unwrap_or(0).max(1) as f64;
            let n = dist.len().max(1) as f64;
            let bw = W / n;
            dist.iter()
                .enumerate()
                .map(|(i, (upper, count))| {
                    let h = (*count as f64 / max) * (H - PAD_B - 4.0);
                    let x = i as f64 * bw;
                    let label = if *upper >= 1000.0 { format!("{:.0}s", upper / 1000.0) } else { format!("{upper:.0}") };
                    view! {
                        <rect class="bar" x=x + 1.0 y=H - PAD_B - h width=(bw - 2.0).max(1.0) height=h>
                            <title>{format!("≤ {upper:.0} ms: {count}")}</title>
                        </rect>
                        <text class="axis" x=x + bw / 2.0 y=H - 4.0>{label}</text>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <figure class="chart" data-testid="chart-wait">
            <figcaption>"User wait (ms, doubling buckets)"</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label="Distribution of user waits">{bars}</svg>
        </figure>
    }
}

/// Outcomes per second. In compare mode there is one per side (`side`), B's reading
/// B's `run`; both mark the page's script (B runs A's).
#[component]
pub fn OutcomeChart(
    #[prop(optional)] side: Option<&'static str>,
    #[prop(optional)] run: Option<super::RunCtx>,
    #[prop(optional)] script: Option<crate::editor::EditorCtx>,
) -> impl IntoView {
    let rc = run.unwrap_or_else(use_run);
    let ed = script.unwrap_or_else(use_editor);
    let body = move || {
        let scripted: Vec<u64> =
            ed.with_doc(|e| e.doc().incidents.iter().map(|i| i.at_ms * 1000).collect());
        rc.stats.with(|f| {
            let Some(f) = f else { return ().into_any() };
            let secs = &f.seconds;
            let n = secs.len().max(10) as f64;
            let (per_bar, columns) = wirelab_engine::columns(secs, MAX_BARS);
            let max = columns
                .iter()
                .map(|c| c.succeeded + c.failed + c.gave_up)
                .fold(1.0, f64::max);
            // One second's width on the axis; a bar spans `per_bar` of them.
            let bw = W / n;
            let scale = (H - PAD_B - 4.0) / max;
            let bars = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let x = (i * per_bar) as f64 * bw;
                    let mut y = H - PAD_B;
                    let mut part = |v: f64, class: &'static str| {
                        let h = v * scale;
                        y -= h;
                        view! { <rect class=class x=x y=y width=(bw * per_bar as f64).max(0.5) height=h/> }
                    };
                    (part(c.succeeded, "ok"), part(c.failed, "bad"), part(c.gave_up, "gone"))
                })
                .collect_view();
            let marks = f
                .log
                .iter()
                .map(|l| (l.at_us, "mark live"))
                .chain(scripted.iter().map(|t| (*t, "mark scripted")))
                .filter(|(t, _)| (*t as f64) / 1e6 <= n)
                .map(|(t, class)| {
                    let x = t as f64 / 1e6 * bw;
                    view! { <line class=class x1=x x2=x y1="0" y2=H - PAD_B/> }
                })
                .collect_view();
            let ticks = (0..=(n as u64))
                .step_by(((n / 6.0).ceil() as usize).max(1))
                .map(|s| view! { <text class="axis" x=s as f64 * bw y=H - 4.0>{format!("{s}s")}</text> })
                .collect_view();
            view! { {bars}{marks}{ticks} }.into_any()
        })
    };
    // A click on a second shows that moment: the timeline's seek, by the page's run (so
    // both sides in compare mode, whichever chart was clicked).
    let lead = use_run();
    let seek = move |e: web_sys::MouseEvent| {
        let Some(svg) = e
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        else {
            return;
        };
        let width = svg.get_bounding_client_rect().width();
        let n = rc
            .stats
            .with_untracked(|f| f.as_ref().map_or(10, |f| f.seconds.len().max(10)));
        if width > 0.0 {
            let second = (f64::from(e.offset_x()) / width * n as f64).floor() as u64;
            lead.playing.set(false);
            lead.seek(second * 1_000_000);
        }
    };
    view! {
        <figure class="chart" data-testid=side.map_or("chart-outcomes".to_string(), |s| format!("chart-outcomes-{s}"))>
            <figcaption>
                {side.map(|s| view! { <span class=format!("side-mark side-{s}")>{s}</span>" " })}
                "Outcomes per second: "<span class="key-ok">"answered"</span>" "
                <span class="key-bad">"failed"</span>" "<span class="key-gone">"gave up"</span>
                " · │ intervention"
                {move || {
                    let n = rc.stats.with(|f| f.as_ref().map_or(0, |f| f.seconds.len()));
                    let per_bar = wirelab_engine::columns_width(n, MAX_BARS);
                    (per_bar > 1).then(|| format!(" · a bar: the mean of {per_bar} s"))
                }}
            </figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" data-testid="chart-outcomes-svg"
                aria-label="Outcomes per simulated second; click a second to go back to it"
                on:click=seek>{body}</svg>
        </figure>
    }
}
