//! Time controls in the toolbar: play/pause, step one event, +100 ms, reset, the speed
//! slider (log scale, 1/20× … 20×), the seed, replay and the trace hash.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{use_run, SPEED_BASE};

/// "12.345 s" from µs.
pub fn fmt_time(us: u64) -> String {
    format!("{:.3} s", us as f64 / 1e6)
}

/// The speed the slider's exponent gives, as every readout writes it.
pub fn fmt_speed(exp: f64) -> String {
    wirelab_model::figures::speed(SPEED_BASE.powf(exp))
}

#[component]
pub fn RunControls() -> impl IntoView {
    let rc = use_run();
    let now = move || rc.frame.with(|f| f.as_ref().map_or(0, |f| f.snap.now_us));
    let no_run = move || rc.frame.with(|f| f.is_none());
    view! {
        <div class="run-controls" role="group" aria-label="Run controls" data-testid="run-controls">
            <button class="tool run-play" data-testid="run-play" disabled=no_run
                aria-keyshortcuts="Space . PageDown"
                title="Play or pause (Space, . or PageDown)"
                on:click=move |_| rc.playing.update(|p| *p = !*p)>
                {move || if rc.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button class="tool" data-testid="run-reset" disabled=no_run
                title="Start again from 0 s with the same seed; clears live interventions"
                on:click=move |_| { rc.playing.set(false); rc.reset(); }>
                "Reset"
            </button>
            <label class="run-speed" title="Simulation speed, log scale from 1/20× to 20×">
                <span class="sr-only">"Speed"</span>
                <input type="range" data-testid="run-speed" min="-1" max="1" step="0.01"
                    aria-label="Simulation speed, log scale from 1/20× to 20×"
                    aria-valuetext=move || fmt_speed(rc.speed_exp.get())
                    prop:value=move || rc.speed_exp.get().to_string()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                            rc.choose_speed(v);
                        }
                    }/>
                <output data-testid="run-speed-value">{move || fmt_speed(rc.speed_exp.get())}</output>
            </label>
            <span class="sim-time" data-testid="sim-time" data-us=move || now().to_string() aria-label="Simulated time">{move || fmt_time(now())}</span>
            <Strain/>
        </div>
    }
}

/// The Run menu: single steps, the seed, running to a time, and the replay check.
#[component]
pub fn RunMenu() -> impl IntoView {
    let rc = use_run();
    let hash = move || {
        rc.glance.with(|f| {
            f.as_ref()
                .map_or_else(|| "—".into(), |f| format!("{:016x}", f.hash))
        })
    };
    let no_run = move || rc.frame.with(|f| f.is_none());
    let on_seed = move |ev: web_sys::Event| {
        let v = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value());
        if let Some(seed) = v.and_then(|v| v.trim().parse::<u64>().ok()) {
            rc.set_seed(seed);
        }
    };
    let new_seed = move |_| {
        // A fresh seed at random: the only non-determinism is which seed.
        let seed = (js_sys::Math::random() * 1e9) as u64 + 1;
        rc.set_seed(seed);
    };
    // The input keeps what is typed (a value written back on every keystroke would move
    // the cursor and drop a trailing "."); Go reads it.
    let run_to = NodeRef::<leptos::html::Input>::new();
    let replay_from = NodeRef::<leptos::html::Input>::new();
    view! {
        <div class="run-more" role="group" aria-label="Run">
            <div class="menu-row">
                // Stepping is done again and again: the menu stays open for it.
                <button class="tool" data-testid="run-step" disabled=no_run data-keep-open=""
                    aria-keyshortcuts="," title="Process exactly one simulation event (,)"
                    on:click=move |_| rc.step_event()>
                    "Step one event"<kbd>","</kbd>
                </button>
                <button class="tool" data-testid="run-advance" disabled=no_run data-keep-open=""
                    title="Advance simulated time by 100 ms" on:click=move |_| rc.advance(100_000)>
                    "+100 ms"
                </button>
            </div>
            <div class="menu-row">
                <label class="run-to">
                    <span>"Run to"</span>
                    <input type="text" inputmode="decimal" value="60" data-testid="run-to-input"
                        aria-label="Run to this many simulated seconds" node_ref=run_to/>
                    <span>"s"</span>
                </label>
                <button class="tool" data-testid="run-to" disabled=no_run
                    on:click=move |_| {
                        let text = run_to.get_untracked().map(|i| i.value()).unwrap_or_default();
                        if let Ok(s) = text.trim().parse::<f64>() {
                            rc.run_to((s.max(0.0) * 1e6) as u64);
                        }
                    }>"Go"</button>
            </div>
            <div class="menu-row">
                <label class="run-seed">
                    <span>"Seed"</span>
                    <input type="number" min="0" data-testid="run-seed" prop:value=move || rc.seed().to_string()
                        on:change=on_seed/>
                </label>
                <button class="tool" data-testid="run-new-seed" on:click=new_seed>"New seed"</button>
            </div>
            <div class="menu-row">
                <button class="tool" data-testid="run-replay" disabled=no_run
                    title="Play the run again from this time to the furthest moment it reached, with the same seed and interventions, and compare trace hashes on arrival"
                    on:click=move |_| {
                        let text = replay_from.get_untracked().map(|i| i.value()).unwrap_or_default();
                        let s = text.trim().parse::<f64>().unwrap_or(0.0);
                        rc.replay_from((s.max(0.0) * 1e6) as u64);
                    }>"Replay from"</button>
                <label class="run-to">
                    <input type="text" inputmode="decimal" value="0" data-testid="run-replay-from"
                        aria-label="Replay from this many simulated seconds" node_ref=replay_from/>
                    <span>"s"</span>
                </label>
            </div>
            <div class="menu-row">
                <button class="tool" data-testid="run-check" disabled=no_run
                    title="Re-run the same seed with the recorded interventions to this moment at once and compare trace hashes"
                    on:click=move |_| { rc.playing.set(false); rc.replay_now(); }>
                    "Check at once"
                </button>
                <span class="trace-hash" title="Trace hash: identical runs have identical hashes">
                    "trace " <code data-testid="trace-hash">{hash}</code>
                </span>
            </div>
            <super::journey::FollowMenu/>
        </div>
    }
}

/// Presenter mode on and off (F).
#[component]
pub fn PresenterToggle() -> impl IntoView {
    let rc = use_run();
    view! {
        <button class="tool" data-testid="presenter-toggle" aria-pressed=move || rc.presenter.get().to_string()
            aria-keyshortcuts="F"
            title="Presenter mode (F): the canvas and the numbers that matter, in large type"
            on:click=move |_| rc.presenter.update(|p| *p = !*p)>
            "Presenter"
        </button>
    }
}

/// The edit rule and the run's last message, always visible (over the canvas).
#[component]
pub fn RunNotice() -> impl IntoView {
    let rc = use_run();
    let stopped = Memo::new(move |_| {
        rc.frame
            .with(|f| f.as_ref().and_then(|f| f.snap.stopped.clone()))
    });
    let text = move || {
        if let Some(p) = rc.problem.get() {
            return format!("Cannot run this design: {p}");
        }
        if let Some(why) = stopped.get() {
            return format!("The run {why}");
        }
        if let Some(r) = rc.replay.get() {
            let verdict = if r.before == r.after {
                "same trace hash ✓"
            } else {
                "DIFFERENT trace hash ✗"
            };
            let from = r
                .from_us
                .map_or_else(String::new, |f| format!(" from {:.1} s", f as f64 / 1e6));
            return format!(
                "Replayed seed {} with {} intervention(s){from} to {}: {verdict}",
                rc.seed(),
                r.interventions,
                fmt_time(r.at_us)
            );
        }
        let n = rc.notice.get();
        if n.is_empty() {
            "Rule: an edit re-simulates the run to this moment with the same seed and interventions.".into()
        } else {
            n
        }
    };
    view! {
        <p class="run-notice" data-testid="run-notice" role="status" class:run-problem=move || rc.problem.get().is_some() || stopped.with(Option::is_some)>
            {text}
        </p>
    }
}

/// Why the run is not keeping up, when it is not: the per-frame event budget (the clock
/// falls behind real time instead of freezing the tab) or the engine's work cap.
#[component]
fn Strain() -> impl IntoView {
    let rc = use_run();
    let text = move || {
        rc.frame.with(|f| {
            let f = f.as_ref()?;
            let mut parts = Vec::new();
            if f.behind {
                parts.push("slower than asked: too many events per frame".to_string());
            }
            if f.snap.shed > 0 {
                parts.push(format!("work cap reached: {} requests shed", f.snap.shed));
            }
            (!parts.is_empty()).then(|| parts.join(" · "))
        })
    };
    view! {
        <Show when=move || text().is_some()>
            <span class="run-strain" data-testid="run-strain" role="status">{text}</span>
        </Show>
    }
}
