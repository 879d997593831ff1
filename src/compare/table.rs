//! The figures of A and B side by side with the difference and the better side marked
//! (the engine's `compare::rows`), and presenter mode's strip of paired numbers.

use leptos::prelude::*;
use wirelab_engine::{rows, Row, RowUnit, Side};
use wirelab_model::figures::{count, percent, time_ms};

use super::use_compare;
use crate::run::state::Stats;
use crate::run::use_run;

/// A figure as the table shows it, in the unit its row says.
fn figure(unit: RowUnit, v: f64) -> String {
    match unit {
        RowUnit::Ms => time_ms(v),
        RowUnit::Percent => percent(v / 100.0),
        RowUnit::Count => count(v.max(0.0) as u64),
    }
}

fn delta(r: &Row) -> String {
    let d = r.delta();
    if d == 0.0 {
        return "=".into();
    }
    let sign = if d > 0.0 { "+" } else { "−" };
    format!("{sign}{}", figure(r.unit, d.abs()))
}

/// Both sides' stats, when both exist.
fn pair() -> Signal<Option<(std::sync::Arc<Stats>, std::sync::Arc<Stats>)>> {
    let cc = use_compare();
    let a = use_run();
    Signal::derive(move || {
        let (_, b) = cc.b()?;
        Some((a.stats.get()?, b.stats.get()?))
    })
}

/// Whether the customers are the same, in words: the point of the comparison.
fn customers(a: &Stats, b: &Stats) -> String {
    let n = a.report.users.arrived;
    if a.now_us != b.now_us {
        "B is catching up with A's clock…".into()
    } else if a.arrivals == b.arrivals {
        format!("The same {} customers in both", count(n))
    } else {
        format!(
            "Different customers: {} in A, {} in B (their Users nodes differ)",
            count(n),
            count(b.report.users.arrived)
        )
    }
}

#[component]
pub fn CompareTable() -> impl IntoView {
    let both = pair();
    // The table is built once; ten refreshes a second change only the text in its cells
    // (rebuilding it would make the browser lay the page out again each time).
    let lines = Memo::new(move |_| {
        both.get()
            .map(|(a, b)| rows(&a.report, &b.report))
            .unwrap_or_default()
    });
    let heads = Memo::new(move |_| {
        lines.with(|l| {
            l.iter()
                .filter(|r| !r.key.starts_with("outcome"))
                .map(|r| (r.key, r.label))
                .collect::<Vec<_>>()
        })
    });
    let caption = move || both.get().map(|(a, b)| customers(&a, &b));
    let trace = move |side: Side| {
        both.get().map(|(a, b)| {
            let h = if side == Side::A { a.hash } else { b.hash };
            format!("{h:016x}")
        })
    };
    let row_view = move |(key, label): (&'static str, &'static str)| {
        let row = move || lines.with(|l| l.iter().find(|r| r.key == key).cloned());
        let cell = move |side: Side| {
            let better = move || row().and_then(|r| r.winner()) == Some(side);
            let value =
                move || row().map(|r| figure(r.unit, if side == Side::A { r.a } else { r.b }));
            view! {
                <td class:better=better data-testid=format!("cmp-{key}-{side}")>
                    {value}
                    <span class="better-mark" title="better" hidden=move || !better()>
                        " ◆"<span class="sr-only">" (better)"</span>
                    </span>
                </td>
            }
        };
        view! {
            <tr data-testid=format!("cmp-{key}")>
                <th scope="row">{label}</th>
                {cell(Side::A)}
                {cell(Side::B)}
                <td class="delta">{move || row().map(|r| delta(&r))}</td>
            </tr>
        }
    };
    let present = Memo::new(move |_| both.with(Option::is_some));
    let table = move || {
        present.get().then(|| {
            view! {
                <table class="compare-table" data-testid="compare-table">
                    <caption data-testid="compare-customers">{caption}</caption>
                    <thead><tr>
                        <th scope="col">""</th>
                        <th scope="col"><span class="side-mark side-A">"A"</span></th>
                        <th scope="col"><span class="side-mark side-B">"B"</span></th>
                        <th scope="col" title="B minus A">"B − A"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || heads.get() key=|(k, _)| *k children=row_view/>
                    </tbody>
                </table>
                <p class="compare-traces muted">
                    "trace A " <code data-testid="compare-trace-A">{move || trace(Side::A)}</code>
                    " · B " <code data-testid="compare-trace-B">{move || trace(Side::B)}</code>
                </p>
            }
        })
    };
    view! {
        <div class="compare-dock" data-testid="compare-dock">
            {table}
            <p class="compare-terms muted">
                "◆ marks the better side. Percentiles: 95 of every 100 customers waited less than the 95th. "
                "Waits count everyone, failed customers too, and a fast failure is a short wait: "
                "a side that answers fewer customers gets no ◆ for waiting less. "
                "Time to consistency: from a customer's arrival until the last piece of work they caused is done. "
                "Delayed but safe: answered, but some work it started finished more than 1 s after the answer. "
                "The bar over each element splits the customers whose requests reached it the same way: "
                "failed on the left, delayed in the middle, unaffected on the right. "
                "Each wire is striped the same way for the customers whose messages crossed it: "
                "failed thick and red, delayed medium and amber, unaffected thin and green."
            </p>
        </div>
    }
}

/// Outcomes per second of A and of B, one above the other on the same time axis, with
/// the interventions marked on both.
#[component]
pub fn PairedCharts() -> impl IntoView {
    let cc = use_compare();
    let a = cc.a;
    let b_chart = move || {
        cc.b()
            .map(|(_, rc)| view! { <crate::run::charts::OutcomeChart side="B" run=rc script=a/> })
    };
    view! {
        <div class="run-charts compare-charts" data-testid="compare-charts">
            <crate::run::charts::OutcomeChart side="A"/>
            {b_chart}
        </div>
    }
}

/// Presenter mode's numbers in pairs, big enough for the back of the room.
#[component]
pub fn CompareStrip() -> impl IntoView {
    let both = pair();
    let strip = move || {
        let (a, b) = both.get()?;
        let lines = rows(&a.report, &b.report);
        let keep = [
            "answered_pct",
            "wait_p95",
            "outcome_failed",
            "outcome_delayed",
        ];
        let names = ["answered", "wait p95", "failed", "delayed but safe"];
        Some(
            keep.iter()
                .zip(names)
                .filter_map(|(k, name)| lines.iter().find(|r| r.key == *k).map(|r| (r.clone(), name)))
                .map(|(r, name)| {
                    let win = r.winner();
                    let side = move |s: Side, v: f64| {
                        view! {
                            <span class="pair-side" class:better=win == Some(s)>
                                <span class=format!("side-mark side-{s}")>{s.to_string()}</span>
                                <span class="pair-value" data-testid=format!("strip-{}-{}", r.key, s)>{figure(r.unit, v)}</span>
                            </span>
                        }
                    };
                    view! {
                        <div class="strip-pair">
                            <span class="strip-label">{name}</span>
                            <span class="pair">{side(Side::A, r.a)}{side(Side::B, r.b)}</span>
                        </div>
                    }
                })
                .collect_view(),
        )
    };
    view! { <div class="compare-strip" data-testid="compare-strip">{strip}</div> }
}
