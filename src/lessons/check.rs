//! Criteria measured on a run: a walkthrough's "Check my design" and a lesson step's
//! claims. Each row is the criterion, pass or fail, the number the engine measured and,
//! when it fails, the hint (a question about the design decision).

use leptos::prelude::*;
use wirelab_engine::CheckResult;
use wirelab_model::{Criterion, Scenario};

use super::headless;

use wirelab_engine::review::Finding;

/// Findings that may explain the failing criteria, and the design's others.
pub type Explained = (Vec<Finding>, Vec<Finding>);

/// Where a check run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Checked {
    Idle,
    Running,
    Done(Vec<CheckResult>),
    Failed(String),
}

/// Runs `doc` headlessly for `end_ms` and measures every criterion on it.
pub async fn run_checks(
    doc: Scenario,
    seed: u64,
    end_ms: u64,
    criteria: Vec<Criterion>,
) -> Checked {
    match headless::run(&doc, seed, end_ms, &criteria, &[]).await {
        Ok(m) => Checked::Done(wirelab_engine::evaluate(&m.run, &m.rec, &criteria)),
        Err(e) => Checked::Failed(e),
    }
}

/// The design review's findings on `doc`, measured a slice at a time: what a failing
/// walkthrough check shows under its criteria.
pub async fn review(
    doc: Scenario,
    seed: u64,
) -> Result<Vec<wirelab_engine::review::Finding>, String> {
    let mut r = wirelab_engine::review::Reviewer::new(doc, seed);
    let mut pace = crate::timer::Pace::new(8.0);
    while r.step()? {
        pace.breathe().await;
    }
    Ok(r.findings().to_vec())
}

/// The review's findings under a failing check: first those on what the failing
/// criteria measure or the script breaks, then the rest; each with its question, what
/// was measured and its fix.
#[component]
pub fn CheckFindings(found: RwSignal<Option<Result<Explained, String>>>) -> impl IntoView {
    let ed = crate::editor::use_editor();
    let list = move |title: &'static str, testid: &'static str, fs: Vec<Finding>| {
        (!fs.is_empty()).then(|| {
            view! {
                <h4>{title}</h4>
                <ul data-testid=testid>
                    {fs.into_iter().map(|f| {
                        let fix = f.fix.clone().map(|fix| {
                            let label = fix.label().to_string();
                            view! { <button class="tool" on:click=move |_| { let _ = ed.apply(wirelab_editor::Command::from_fix(&fix)); }>{label}</button> }
                        });
                        view! {
                            <li data-testid=format!("check-finding-{}", f.id)>
                                <strong>{f.title}</strong>
                                <p>{f.said}</p>
                                <p class="lesson-hint">"Ask yourself: "{f.question}</p>
                                {fix}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    };
    move || {
        let found = found.get()?;
        Some(match found {
            Err(e) => view! { <p class="lesson-error">{format!("The design review could not run: {e}")}</p> }.into_any(),
            Ok((near, rest)) if near.is_empty() && rest.is_empty() => view! {
                <p class="lesson-hint" data-testid="check-findings-none">"The design review finds none of its anti-patterns here; the hints above say where to look."</p>
            }
            .into_any(),
            Ok((near, rest)) => view! {
                <section class="check-findings" data-testid="check-findings">
                    {list("What the design review finds on what failed", "check-findings-near", near)}
                    {list("Also in this design", "check-findings-rest", rest)}
                </section>
            }
            .into_any(),
        })
    }
}

/// The rows of a finished check (or why it could not run).
#[component]
pub fn CheckReport(
    state: RwSignal<Checked>,
    #[prop(into)] testid: String,
    /// A heading over the rows, if the report needs one.
    #[prop(optional)]
    title: &'static str,
) -> impl IntoView {
    move || match state.get() {
        Checked::Idle => ().into_any(),
        Checked::Running => view! {
            <p class="check-busy" role="status">"Running the simulation…"</p>
        }
        .into_any(),
        Checked::Failed(e) => view! { <p class="lesson-error" role="alert">{e}</p> }.into_any(),
        Checked::Done(rows) => {
            let passed = rows.iter().filter(|r| r.pass).count();
            let all = passed == rows.len();
            let summary = match (rows.len(), all) {
                (1, true) => "It holds.".to_string(),
                (1, false) => "It does not hold.".to_string(),
                (n, true) => format!("All {n} criteria pass."),
                (n, false) => format!("{passed} of {n} criteria pass."),
            };
            view! {
                <div class="check-result" data-testid=testid.clone() data-pass=all.to_string()>
                    {(!title.is_empty()).then(|| view! { <h3>{title}</h3> })}
                    <p class="check-summary" class:pass=all class:fail=!all role="status">{summary}</p>
                    <ol class="check-rows">
                        {rows.into_iter().enumerate().map(|(n, r)| row_view(n, r)).collect_view()}
                    </ol>
                </div>
            }
            .into_any()
        }
    }
}

fn row_view(n: usize, r: CheckResult) -> impl IntoView {
    let hint = (!r.pass && !r.hint.is_empty())
        .then(|| view! { <p class="check-hint">{r.hint.clone()}</p> });
    let measured = r.measured_text();
    view! {
        <li class="check-row" data-testid=format!("check-row-{n}") data-pass=r.pass.to_string()>
            <div class="check-row-head">
                <span class="check-mark">{if r.pass { "✓ pass" } else { "✗ fail" }}</span>
                <span class="check-plain" data-testid=format!("check-plain-{n}")>{r.plain}</span>
            </div>
            <code class="check-label">{r.check}</code>
            <div class="check-measured">"measured: "<strong data-testid=format!("check-measured-{n}")>{measured}</strong></div>
            {hint}
        </li>
    }
}
