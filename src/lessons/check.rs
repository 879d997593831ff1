//! Criteria measured on a run: a walkthrough's "Check my design" and a lesson step's
//! claims. Each row is the criterion, pass or fail, the number the engine measured and,
//! when it fails, the hint (a question about the design decision).

use leptos::prelude::*;
use wirelab_engine::CheckResult;
use wirelab_model::{Criterion, Scenario};

use super::headless;

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
