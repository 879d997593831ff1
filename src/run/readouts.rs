//! The big numbers: user wait percentiles beside time to consistency (the two clocks),
//! the share of people answered / failed / gave up, and per subscription its backlog,
//! lag, redeliveries and dead letters. All straight from the engine's report.

use leptos::prelude::*;

use super::state::{use_run, Stats};
use crate::glossary::{self, Term};
use wirelab_model::figures::{share, time_ms};

#[component]
fn Big(
    label: &'static str,
    /// What the label means, in plain words.
    means: &'static str,
    testid: &'static str,
    value: Signal<String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <div class=format!("readout {class}")>
            <span class="readout-label"><Term word=label means=means/></span>
            <span class="readout-value" data-testid=testid>{value}</span>
        </div>
    }
}

/// People whose wait is over, however it ended.
fn done(f: &Stats) -> u64 {
    let u = &f.report.users;
    u.succeeded + u.failed + u.timed_out + u.abandoned
}

#[component]
pub fn Readouts() -> impl IntoView {
    let rc = use_run();
    let f = move |get: fn(&Stats) -> String| {
        Signal::derive(move || {
            rc.stats
                .with(|f| f.as_ref().map_or_else(|| "—".into(), |f| get(f)))
        })
    };
    let share = move |get: fn(&Stats) -> (u64, u64)| {
        Signal::derive(move || {
            rc.stats.with(|f| {
                f.as_ref().map_or_else(
                    || "—".into(),
                    |f| {
                        let (n, of) = get(f);
                        share(n, of)
                    },
                )
            })
        })
    };
    view! {
        <div class="readouts" data-testid="readouts">
            <div class="readout-group" aria-label="User wait">
                <h3>"How long people wait"</h3>
                <Big label="median (p50)" means=glossary::P50 testid="readout-wait-p50" value=f(|f| time_ms(f.report.wait_ms.p50))/>
                <Big label="p95" means=glossary::P95 testid="readout-wait-p95" value=f(|f| time_ms(f.report.wait_ms.p95)) class="key"/>
                <Big label="p99" means=glossary::P99 testid="readout-wait-p99" value=f(|f| time_ms(f.report.wait_ms.p99))/>
            </div>
            <div class="readout-group" aria-label="Time to consistency">
                <h3>"Until all work is done"</h3>
                <Big label="median (p50)" means=glossary::CONSISTENCY testid="readout-consistency-p50" value=f(|f| time_ms(f.report.consistency_ms.p50))/>
                <Big label="p95" means=glossary::CONSISTENCY testid="readout-consistency-p95" value=f(|f| time_ms(f.report.consistency_ms.p95)) class="key"/>
            </div>
            <div class="readout-group" aria-label="Outcomes">
                <h3>"People"</h3>
                <Big label="answered" means=glossary::ANSWERED testid="readout-succeeded-share" value=share(|f| (f.report.users.succeeded, done(f))) class="ok"/>
                <Big label="failed" means=glossary::FAILED testid="readout-failed-share" value=share(|f| (f.report.users.failed, done(f))) class="bad"/>
                <Big label="gave up" means=glossary::GAVE_UP testid="readout-timed-out-share" value=share(|f| (f.report.users.timed_out + f.report.users.abandoned, done(f))) class="gone"/>
                <p class="readout-counts">
                    <span data-testid="readout-succeeded">{move || rc.stats.with(|f| f.as_ref().map_or(0, |f| f.report.users.succeeded))}</span>" answered · "
                    <span data-testid="readout-failed">{move || rc.stats.with(|f| f.as_ref().map_or(0, |f| f.report.users.failed))}</span>" failed · "
                    <span data-testid="readout-timed-out">{move || rc.stats.with(|f| f.as_ref().map_or(0, |f| f.report.users.timed_out + f.report.users.abandoned))}</span>" gave up · "
                    <span data-testid="readout-waiting">{move || rc.stats.with(|f| f.as_ref().map_or(0, |f| f.report.users.in_flight))}</span>" waiting · "
                    <span data-testid="readout-messages">{move || rc.frame.with(|f| f.as_ref().map_or(0, |f| f.snap.messages.len()))}</span>" messages in flight"
                </p>
            </div>
            <Pending/>
            <Backlogs/>
        </div>
    }
}

/// Requests answered "accepted, pending", and how they settled; only when some were.
#[component]
fn Pending() -> impl IntoView {
    let rc = use_run();
    let p = move || rc.stats.with(|f| f.as_ref().map(|f| f.report.pending));
    let count =
        move |get: fn(&wirelab_engine::PendingReport) -> u64| move || p().map_or(0, |p| get(&p));
    view! {
        <Show when=move || p().is_some_and(|p| p.answered > 0)>
            <div class="readout-group" aria-label="Pending answers" data-testid="readout-pending">
                <h3>"Told \"pending\""</h3>
                <Big label="confirmed in (p95)" means=glossary::CONFIRMED testid="readout-confirm-p95"
                    value=Signal::derive(move || p().map_or_else(|| "—".into(), |p| time_ms(p.confirm_p95_ms))) class="key"/>
                <Big label="failed later" means=glossary::FAILED_LATER testid="readout-failed-later-share"
                    value=Signal::derive(move || p().map_or_else(|| "—".into(), |p| share(p.failed_later, p.answered))) class="bad"/>
                <p class="readout-counts">
                    <span data-testid="readout-pending-answers">{count(|p| p.answered)}</span>" "
                    <Term word="told pending" means=glossary::PENDING/>" · "
                    <span data-testid="readout-confirmed">{count(|p| p.confirmed)}</span>" confirmed · "
                    <span data-testid="readout-failed-later">{count(|p| p.failed_later)}</span>" failed later, "
                    <span data-testid="readout-compensated">{count(|p| p.compensated)}</span>" "
                    <Term word="compensated" means=glossary::COMPENSATED/>" · "
                    <span data-testid="readout-unsettled">{count(|p| p.unsettled)}</span>" still pending"
                </p>
            </div>
        </Show>
    }
}

/// Per subscription: backlog (as text and a bar), lag, redeliveries, dead letters.
#[component]
fn Backlogs() -> impl IntoView {
    let rc = use_run();
    // Names from the stats, figures from the frame taken with them (both in wire order).
    let rows = move || {
        rc.stats.with(|st| {
            rc.glance.with(|f| {
                let (Some(st), Some(f)) = (st, f) else {
                    return Vec::new();
                };
                st.report
                    .subscriptions
                    .iter()
                    .zip(&f.snap.subscriptions)
                    .map(|(r, s)| {
                        (
                            r.topic.clone(),
                            r.consumer.clone(),
                            s.backlog,
                            s.lag_us,
                            s.redeliveries,
                            s.dead_lettered,
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <Show when=move || !rows().is_empty()>
            <div class="readout-group backlogs" aria-label="Subscriptions">
                <h3>"Subscriptions"</h3>
                <table class="backlog-table">
                    <thead><tr>
                        <th>"consumer"</th>
                        <th><Term word="backlog" means=glossary::BACKLOG/></th>
                        <th><Term word="lag" means=glossary::LAG/></th>
                        <th><Term word="redelivered" means=glossary::REDELIVERED/></th>
                        <th><Term word="dead letters" means=glossary::DEAD_LETTERS/></th>
                    </tr></thead>
                    <tbody>
                        {move || rows().into_iter().map(|(topic, consumer, backlog, lag, redel, dead)| {
                            let bar = format!("width:{}%", (backlog as f64).sqrt().min(10.0) * 10.0);
                            view! {
                                <tr>
                                    <th scope="row" title=format!("{topic} → {consumer}")>{consumer.clone()}</th>
                                    <td class="backlog-cell">
                                        <span class="backlog-bar" style=bar></span>
                                        <span data-testid=format!("backlog-{consumer}")>{backlog}</span>
                                    </td>
                                    <td data-testid=format!("lag-{consumer}")>{time_ms(lag as f64 / 1000.0)}</td>
                                    <td data-testid=format!("redeliveries-{consumer}")>{redel}</td>
                                    <td data-testid=format!("dead-letters-{consumer}") class:bad={dead > 0}>{dead}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// Presenter mode's strip: the four numbers a room needs, in large type, each with its
/// meaning in plain words (the label) and in detail (the tooltip).
#[component]
pub fn PresenterStrip() -> impl IntoView {
    let rc = use_run();
    let stat = move |get: fn(&Stats) -> String| {
        Signal::derive(move || {
            rc.stats
                .with(|f| f.as_ref().map_or_else(|| "—".into(), |f| get(f)))
        })
    };
    let worst = move || {
        rc.glance.with(|f| {
            rc.stats.with(|st| {
                let (Some(f), Some(st)) = (f, st) else {
                    return "—".to_string();
                };
                st.report
                    .subscriptions
                    .iter()
                    .zip(&f.snap.subscriptions)
                    .max_by_key(|(_, s)| s.backlog)
                    .map_or_else(
                        || "none".into(),
                        |(r, s)| match s.backlog {
                            0 => "0".into(),
                            n => format!("{n} · {}", r.consumer),
                        },
                    )
            })
        })
    };
    let pending = Memo::new(move |_| {
        rc.stats
            .with(|f| f.as_ref().is_some_and(|f| f.report.pending.answered > 0))
    });
    let big = |label: &'static str,
               help: &'static str,
               testid: &'static str,
               class: &'static str,
               value: Signal<String>| {
        view! {
            <div class=format!("strip-item {class}") title=help>
                <span class="strip-value" data-testid=testid>{value}</span>
                <span class="strip-label">{label}</span>
            </div>
        }
    };
    view! {
        <div class="presenter-strip" data-testid="presenter-strip" aria-label="The numbers that matter">
            {big("slowest 5% waited over (p95)", "95 of every 100 people got their answer faster than this",
                "strip-wait-p95", "key", stat(|f| time_ms(f.report.wait_ms.p95)))}
            {big("answered", "people who got a successful answer, of those whose wait is over",
                "strip-answered", "ok", stat(|f| share(f.report.users.succeeded, done(f))))}
            {big("failed", "people who got an error, of those whose wait is over",
                "strip-failed", "bad", stat(|f| share(f.report.users.failed, done(f))))}
            {big("worst backlog", "events waiting for the slowest consumer",
                "strip-backlog", "", Signal::derive(worst))}
            // Told "pending": the wait that matters is until the order is confirmed.
            {move || pending.get().then(|| big("told \"pending\": confirmed within (p95)",
                "from arrival until the work behind a pending answer was all done, for 95 of every 100",
                "strip-confirm-p95", "key", stat(|f| time_ms(f.report.pending.confirm_p95_ms))))}
        </div>
    }
}
