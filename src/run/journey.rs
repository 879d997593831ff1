//! One customer's journey as a sequence diagram: a lifeline per element it touched, an
//! arrow per message from its sending to its arrival (so latency slants it), the
//! customer's wait bracketed, and the work after the answer shaded as the asynchronous
//! tail up to time to consistency. Exports: Mermaid text (copy, download) and SVG.

use std::sync::Arc;

use leptos::prelude::*;
use wirelab_engine::{mermaid, JStep, JourneyTrace, MsgKind, Pick};

use super::state::use_run;

const COL: f64 = 132.0;
const LEFT: f64 = 180.0;
const TOP: f64 = 56.0;
/// Height the journey's time is drawn in, and the least room between two moments.
const SPAN: f64 = 420.0;
const GAP: f64 = 18.0;
/// A quiet stretch longer than this share of the whole journey is drawn cut, this high,
/// with its length written on it: the rest keeps its scale.
const LONG_GAP: f64 = 0.4;
const CUT: f64 = 44.0;

/// A moment on the diagram's time axis.
fn ms(us: u64) -> String {
    wirelab_model::figures::time_ms(us as f64 / 1000.0)
}

struct Layout {
    names: Vec<String>,
    /// (time µs after arrival) → y, increasing.
    ys: Vec<(u64, f64)>,
    /// Long quiet stretches drawn cut: (y at its start, y at its end, its length µs).
    cuts: Vec<(f64, f64, u64)>,
}

impl Layout {
    fn new(t: &JourneyTrace, even: bool) -> Layout {
        let mut names = vec![t.users.clone()];
        let mut times = vec![0u64];
        let rel = |us: u64| us.saturating_sub(t.arrived_us);
        for s in &t.steps {
            let mut meet = |n: &String| {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            };
            match s {
                JStep::Message {
                    from,
                    to,
                    sent_us,
                    arrives_us,
                    ..
                } => {
                    meet(from);
                    meet(to);
                    times.extend([rel(*sent_us), rel(*arrives_us)]);
                }
                JStep::Timeout {
                    caller,
                    callee,
                    at_us,
                    ..
                } => {
                    meet(caller);
                    meet(callee);
                    times.push(rel(*at_us));
                }
                JStep::DeadLetter {
                    topic,
                    consumer,
                    at_us,
                } => {
                    meet(topic);
                    meet(consumer);
                    times.push(rel(*at_us));
                }
                JStep::Answer { at_us, .. } | JStep::Settled { at_us, .. } => {
                    times.push(rel(*at_us))
                }
            }
        }
        // "Now", when part of the journey is still on its wires or the customer still
        // waits for an answer.
        let now = rel(t.now_us);
        let answered = t.steps.iter().any(|s| matches!(s, JStep::Answer { .. }));
        if !answered || times.iter().any(|x| *x > now) {
            times.push(now);
        }
        times.sort_unstable();
        times.dedup();
        let end = times.last().copied().unwrap_or(0).max(1);
        // To scale, but never closer than GAP, so a burst of messages a microsecond apart
        // stays readable; a quiet stretch of more than LONG_GAP of the whole is cut to
        // CUT, its length written on it, and the rest keeps one scale. Evenly: one step
        // per moment.
        let long = |g: u64| g as f64 > LONG_GAP * end as f64;
        let gaps = times.windows(2).map(|w| w[1] - w[0]);
        let (n_cut, cut_time) = gaps
            .filter(|g| long(*g))
            .fold((0u32, 0u64), |(n, t), g| (n + 1, t + g));
        let per_us = (SPAN - f64::from(n_cut) * CUT) / (end - cut_time).max(1) as f64;
        let mut ys: Vec<(u64, f64)> = Vec::with_capacity(times.len());
        let mut cuts = Vec::new();
        for (i, t) in times.iter().enumerate() {
            let y = match ys.last() {
                None => 0.0,
                Some(_) if even => i as f64 * GAP * 1.6,
                Some(&(prev_t, prev)) => {
                    let g = t - prev_t;
                    if long(g) {
                        cuts.push((prev + TOP, prev + CUT + TOP, g));
                        prev + CUT
                    } else {
                        (prev + g as f64 * per_us).max(prev + GAP)
                    }
                }
            };
            ys.push((*t, y));
        }
        for p in &mut ys {
            p.1 += TOP;
        }
        Layout { names, ys, cuts }
    }

    fn x(&self, name: &str) -> f64 {
        LEFT + self.names.iter().position(|n| n == name).unwrap_or(0) as f64 * COL
    }

    fn y(&self, t: &JourneyTrace, us: u64) -> f64 {
        let rel = us.saturating_sub(t.arrived_us);
        let i = self.ys.partition_point(|(t, _)| *t < rel);
        self.ys.get(i).or(self.ys.last()).map_or(TOP, |p| p.1)
    }

    fn height(&self) -> f64 {
        self.ys.last().map_or(TOP, |p| p.1) + 40.0
    }

    fn width(&self) -> f64 {
        LEFT + (self.names.len().max(1) - 1) as f64 * COL + 120.0
    }
}

fn class_of(kind: MsgKind) -> &'static str {
    match kind {
        MsgKind::Request => "seq-call",
        MsgKind::Response => "seq-reply",
        MsgKind::Error => "seq-error",
        MsgKind::Publish | MsgKind::Delivery => "seq-event",
        MsgKind::PublishAck | MsgKind::Ack | MsgKind::Nack => "seq-ack",
    }
}

/// The diagram as SVG.
fn diagram(t: &JourneyTrace, even: bool) -> impl IntoView {
    let l = Layout::new(t, even);
    let (w, h) = (l.width(), l.height());
    let y0 = l.y(t, t.arrived_us);
    let answer = t.steps.iter().find_map(|s| match s {
        JStep::Answer { outcome, at_us } => Some((outcome.clone(), *at_us)),
        _ => None,
    });
    let (settled, settles) = t
        .steps
        .iter()
        .find_map(|s| match s {
            JStep::Settled { at_us, outcome } => Some((Some(*at_us), outcome.clone())),
            _ => None,
        })
        .unwrap_or((None, None));
    let lifelines = l
        .names
        .iter()
        .map(|n| {
            let x = l.x(n);
            view! {
                <g class="seq-life" data-testid="seq-lifeline">
                    <rect x=x - 60.0 y="8" width="120" height="28" rx="6"/>
                    <text x=x y="27">{n.clone()}</text>
                    <line x1=x x2=x y1="36" y2=h - 10.0/>
                </g>
            }
        })
        .collect_view();
    // The asynchronous tail: after the answer, until the last work is done (or, still
    // unfinished, to the diagram's last moment).
    let last = l.ys.last().map_or(0, |p| p.0) + t.arrived_us;
    let tail = answer.as_ref().and_then(|(_, a)| {
        let end = settled.unwrap_or(last);
        (end > *a).then(|| {
            let (ya, ye) = (l.y(t, *a), l.y(t, end));
            let words = match settled {
                Some(s) => format!(
                    "after the answer: the asynchronous tail, done at {} (time to consistency){}",
                    ms(s - t.arrived_us),
                    settles.as_ref().map_or(String::new(), |o| format!(": {o}"))
                ),
                None => "after the answer: work still unfinished (waiting in a backlog or a retry)"
                    .into(),
            };
            view! {
                <g class="seq-tail" data-testid="seq-tail">
                    <rect x=LEFT - 70.0 y=ya width=w - LEFT + 60.0 height=ye - ya/>
                    <text x=LEFT - 60.0 y=ye - 6.0>{words}</text>
                </g>
            }
        })
    });
    // The customer's wait, bracketed: to the answer, or (still waiting) to now.
    let (until, words) = match &answer {
        Some((outcome, a)) => (*a, format!("{outcome} after {}", ms(a - t.arrived_us))),
        None => (
            t.now_us,
            format!(
                "still waiting after {}",
                ms(t.now_us.saturating_sub(t.arrived_us))
            ),
        ),
    };
    let wait = (until > t.arrived_us).then(|| {
        let ya = l.y(t, until);
        let x = LEFT - 80.0;
        view! {
            <g class="seq-wait" class:waiting=answer.is_none() data-testid="seq-wait">
                <path d=format!("M{} {y0} H{x} V{ya} H{}", x + 8.0, x + 8.0)/>
                <text x=x - 6.0 y=(y0 + ya) / 2.0 text-anchor="end" transform=format!("rotate(-90 {} {})", x - 6.0, (y0 + ya) / 2.0)>
                    {words}
                </text>
            </g>
        }
    });
    let steps = t
        .steps
        .iter()
        .map(|s| match s {
            JStep::Message { from, to, kind, attempt, sent_us, arrives_us, lost } => {
                let (x1, x2) = (l.x(from), l.x(to));
                let (y1, y2) = (l.y(t, *sent_us), l.y(t, *arrives_us));
                let mut label = kind.label().to_string();
                if *attempt > 1 {
                    label.push_str(&format!(" (attempt {attempt})"));
                }
                if *lost {
                    label.push_str(", lost");
                }
                let (tx, ty) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0 - 4.0);
                let end = if *lost { (x1 + x2) / 2.0 } else { x2 };
                let dir = if x2 >= x1 { 1.0 } else { -1.0 };
                view! {
                    <g class=format!("seq-msg {}", class_of(*kind)) class:lost=*lost>
                        <line x1=x1 y1=y1 x2=end y2=if *lost { (y1 + y2) / 2.0 } else { y2 }/>
                        {(!*lost).then(|| view! {
                            <path class="seq-head" d=format!("M{} {} L{x2} {y2} L{} {}", x2 - 8.0 * dir, y2 - 4.0, x2 - 8.0 * dir, y2 + 4.0)/>
                        })}
                        <text x=tx y=ty text-anchor="middle">{label}</text>
                    </g>
                }
                .into_any()
            }
            JStep::Timeout { caller, callee, attempt, at_us } => {
                let y = l.y(t, *at_us);
                let (x1, x2) = (l.x(caller), l.x(callee));
                view! {
                    <g class="seq-note seq-bad">
                        <line x1=x1 x2=x2 y1=y y2=y/>
                        <text x=(x1 + x2) / 2.0 y=y - 4.0 text-anchor="middle">{format!("attempt {attempt} timed out")}</text>
                    </g>
                }
                .into_any()
            }
            JStep::DeadLetter { topic, consumer, at_us } => {
                let y = l.y(t, *at_us);
                let (x1, x2) = (l.x(topic), l.x(consumer));
                view! {
                    <g class="seq-note seq-bad">
                        <line x1=x1 x2=x2 y1=y y2=y/>
                        <text x=(x1 + x2) / 2.0 y=y - 4.0 text-anchor="middle">"dead-lettered"</text>
                    </g>
                }
                .into_any()
            }
            JStep::Answer { .. } | JStep::Settled { .. } => ().into_any(),
        })
        .collect_view();
    // Still travelling: the moment the trace was taken, and what has not happened yet.
    let now = (l.ys.last().is_some_and(|p| p.0 + t.arrived_us > t.now_us)).then(|| {
        let y = l.y(t, t.now_us);
        view! {
            <g class="seq-now" data-testid="seq-now">
                <rect x=LEFT - 70.0 y=y width=w - LEFT + 60.0 height=h - 10.0 - y/>
                <line x1=LEFT - 70.0 x2=w - 10.0 y1=y y2=y/>
                <text x=w - 14.0 y=y - 5.0 text-anchor="end">
                    {format!("now, {:.3} s: below, not happened yet", t.now_us as f64 / 1e6)}
                </text>
            </g>
        }
    });
    // Each cut: a break across the lifelines and how long it was.
    let cuts = l
        .cuts
        .iter()
        .map(|&(a, b, us)| {
            let mid = (a + b) / 2.0;
            view! {
                <g class="seq-cut" data-testid="seq-cut">
                    <rect x=LEFT - 70.0 y=mid - 7.0 width=w - LEFT + 60.0 height="14"/>
                    <path d=format!("M{} {} l8 -6 l8 12 l8 -6", LEFT - 70.0, mid)/>
                    <text x=LEFT - 40.0 y=mid + 4.0>{format!("… {} later (cut short) …", ms(us))}</text>
                </g>
            }
        })
        .collect_view();
    let ticks = l
        .ys
        .iter()
        .step_by((l.ys.len() / 12).max(1))
        .map(|(us, y)| view! { <text class="seq-time" x="6" y=y + 4.0>{format!("+{}", ms(*us))}</text> })
        .collect_view();
    view! {
        <svg class="seq" data-testid="seq-diagram" xmlns="http://www.w3.org/2000/svg"
            viewBox=format!("0 0 {w} {h}") width=w height=h role="img"
            aria-label=format!("Sequence diagram of customer {}'s journey", t.id)>
            {tail}{now}{lifelines}{cuts}{ticks}{wait}{steps}
        </svg>
    }
}

/// Where the toolbar ends (one row or two): the docked journey starts below it.
fn toolbar_bottom() -> String {
    let px = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".toolbar").ok().flatten())
        .map_or(48.0, |t| t.get_bounding_client_rect().bottom());
    format!("{px}px")
}

/// The dialog with the followed journey, its choices and exports.
#[component]
pub fn JourneyDialog() -> impl IntoView {
    let rc = use_run();
    let even = RwSignal::new(false);
    let svg_box = NodeRef::<leptos::html::Div>::new();
    let close = move || rc.close_journey();
    let trace = move || rc.journey.get().and_then(Result::ok).map(|f| f.a);
    let text = move || trace().map(|t| mermaid(&t)).unwrap_or_default();
    // What became of the last copy, said beside the button for a few seconds.
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let Some(w) = web_sys::window() else { return };
        let promise = w.navigator().clipboard().write_text(&text());
        wasm_bindgen_futures::spawn_local(async move {
            let said = match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => "Copied",
                Err(_) => "The browser did not allow copying: use “Mermaid file”",
            };
            // The dialog may have closed meanwhile: then there is nothing to say it in.
            let _ = copied.try_set(Some(said));
            crate::timer::after(3000, move || {
                let _ = copied.try_set(None);
            });
        });
    };
    let download = move |data: String, mime: &str, name: String| {
        let _ = crate::kit::files::download_text(&data, mime, &name);
    };
    let save_mmd = move |_| {
        if let Some(t) = trace() {
            download(text(), "text/plain", format!("journey-{}.mmd", t.id));
        }
    };
    let save_svg = move |_| {
        let svg = svg_box
            .get_untracked()
            .and_then(|b| b.query_selector("svg").ok().flatten())
            .and_then(|el| {
                web_sys::XmlSerializer::new()
                    .ok()?
                    .serialize_to_string(&el)
                    .ok()
            });
        if let (Some(svg), Some(t)) = (svg, trace()) {
            download(svg, "image/svg+xml", format!("journey-{}.svg", t.id));
        }
    };
    let body = move || {
        rc.journey.get().map(|got| match got {
            Err(why) => view! { <p class="journey-none" data-testid="journey-error">{why}</p> }.into_any(),
            Ok(f) => {
                let t = f.a.clone();
                let a = f.a.clone();
                let side = |label: &'static str, t: Arc<JourneyTrace>| {
                    view! {
                        <figure class="journey-side" data-testid=format!("journey-side-{label}")>
                            <figcaption><span class=format!("side-mark side-{label}")>{label}</span></figcaption>
                            <div class="journey-svg">{move || diagram(&t, even.get())}</div>
                        </figure>
                    }
                };
                let body = match f.b {
                    // Compare mode: the same customer in A and in B, side by side.
                    Some(b) => view! {
                        <div class="journey-pair" node_ref=svg_box>{side("A", a)}{side("B", b)}</div>
                    }
                    .into_any(),
                    None => view! {
                        <div class="journey-svg" node_ref=svg_box>{move || diagram(&a, even.get())}</div>
                    }
                    .into_any(),
                };
                view! {
                    {body}
                    <pre class="journey-mermaid visually-hidden" data-testid="journey-mermaid">{mermaid(&t)}</pre>
                }
                .into_any()
            }
        })
    };
    let title = move || {
        trace().map_or_else(
            || "Follow a customer".to_string(),
            |t| {
                let cut = if t.left_out > 0 {
                    format!(
                        " (its first {} steps; {} more are not drawn)",
                        t.steps.len(),
                        t.left_out
                    )
                } else {
                    String::new()
                };
                format!(
                    "Customer #{} from {}, arrived at {:.3} s{cut}",
                    t.id,
                    t.users,
                    t.arrived_us as f64 / 1e6
                )
            },
        )
    };
    // The followed customer's path on the canvas: every element and wire they touched.
    let path = Signal::derive(move || {
        let mut names: Vec<String> = Vec::new();
        if let Some(t) = trace() {
            for s in &t.steps {
                if let JStep::Message { from, to, .. } = s {
                    for n in [
                        from.clone(),
                        to.clone(),
                        format!("{from} -> {to}"),
                        format!("{to} -> {from}"),
                    ] {
                        if !names.contains(&n) {
                            names.push(n);
                        }
                    }
                }
            }
        }
        names
    });
    view! {
        <Show when=move || rc.journey.with(Option::is_some)>
            <crate::editor::highlight::Highlight names=path/>
            <div class="journey-dialog" class:docked=move || rc.following.with(Option::is_some)
                style:top=move || rc.following.with(Option::is_some).then(toolbar_bottom)
                role="dialog" aria-modal="false" aria-labelledby="journey-title"
                data-testid="journey-dialog">
                <header class="journey-head">
                    <h2 id="journey-title">{title}</h2>
                    <button class="lesson-close" data-testid="journey-close" aria-label="Close the journey"
                        on:click=move |_| close()>"×"</button>
                </header>
                <p class="journey-help muted">
                    "Each arrow leaves when a message is sent and lands when it arrives. "
                    "The bracket is how long the customer waited; the shaded band is the work "
                    "that went on after they had their answer. A long quiet stretch is cut short "
                    "and says how long it was."
                </p>
                <div class="journey-tools">
                    <label><input type="checkbox" data-testid="journey-even"
                        prop:checked=move || even.get()
                        on:change=move |e| even.set(event_target_checked(&e))/>" evenly spaced (not to scale)"</label>
                    <button data-testid="journey-copy" on:click=copy>"Copy Mermaid"</button>
                    <span class="journey-copied" role="status" data-testid="journey-copied">{move || copied.get().unwrap_or_default()}</span>
                    <button data-testid="journey-mmd" on:click=save_mmd>"Mermaid file"</button>
                    <button data-testid="journey-svg" on:click=save_svg>"SVG"</button>
                </div>
                {body}
            </div>
        </Show>
    }
}

/// The Run menu's ways to pick a customer to follow.
#[component]
pub fn FollowMenu() -> impl IntoView {
    let rc = use_run();
    let item = move |label: &'static str, testid: &'static str, pick: Pick| {
        view! { <button data-testid=testid on:click=move |_| rc.follow_journey(pick)>{label}</button> }
    };
    view! {
        <p class="menu-heading">"Follow a customer"</p>
        <button data-testid="follow-send" title="Send one person now and follow them, with the clock slowed to 1/20×"
            on:click=move |_| rc.send_and_follow()>"Send one and follow"</button>
        <div class="menu-row">
            {item("the slowest", "follow-slowest", Pick::Slowest)}
            {item("a failed one", "follow-failed", Pick::Failed)}
            {item("a retried one", "follow-retried", Pick::Retried)}
            {item("the latest", "follow-latest", Pick::Latest)}
        </div>
    }
}
