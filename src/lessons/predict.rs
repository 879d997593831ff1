//! Predict, then measure: the learner picks a choice or types a number before the run;
//! the engine's run of the step's design answers, shown beside the prediction. The
//! lesson file only says *what* to measure; the number always comes from the run.

use leptos::prelude::*;
use wirelab_engine::{show, CheckResult};
use wirelab_model::{close_means, guess_is_close, parse_guess, Criterion, Measure, Predict, Unit};

use super::headless::Measured;

/// What the run said about a prediction.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The measured value of the asked-for number, in its unit.
    Number {
        measured: f64,
        unit: Unit,
    },
    /// Each choice's condition, measured on the run.
    Choice {
        results: Vec<CheckResult>,
    },
    Failed(String),
}

/// The choices' conditions as criteria, so the run records what they measure.
pub fn as_criteria(p: &Predict) -> Vec<Criterion> {
    match p {
        Predict::Choice { choices, .. } => choices
            .iter()
            .map(|c| Criterion {
                check: c.when.clone(),
                hint: String::new(),
            })
            .collect(),
        Predict::Number { .. } => Vec::new(),
    }
}

/// The number a prediction asks for, if it asks for one.
pub fn as_measure(p: &Predict) -> Option<Measure> {
    match p {
        Predict::Number { measure, .. } => Some(measure.clone()),
        Predict::Choice { .. } => None,
    }
}

pub fn answer(m: &Measured, p: &Predict) -> Answer {
    match p {
        Predict::Number { measure, .. } => match wirelab_engine::measure(&m.run, &m.rec, measure) {
            Ok(measured) => Answer::Number {
                measured,
                unit: measure.metric.unit(),
            },
            Err(e) => Answer::Failed(e),
        },
        Predict::Choice { .. } => Answer::Choice {
            results: wirelab_engine::evaluate(&m.run, &m.rec, &as_criteria(p)),
        },
    }
}

/// The learner's guess: a choice index or the number as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Guess {
    pub choice: Option<usize>,
    pub number: String,
}

impl Guess {
    pub fn made(&self, p: &Predict) -> bool {
        match p {
            Predict::Choice { .. } => self.choice.is_some(),
            Predict::Number { measure, .. } => {
                parse_guess(&self.number, measure.metric.unit()).is_ok()
            }
        }
    }
}

fn unit_label(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "",
        Unit::Percent => "%",
        Unit::Ms => "ms",
    }
}

/// The question and the learner's input; read-only once answered.
#[component]
pub fn PredictForm(
    predict: Predict,
    guess: RwSignal<Guess>,
    answered: Signal<bool>,
) -> impl IntoView {
    match predict {
        Predict::Choice { question, choices } => view! {
            <p class="predict-question">{question}</p>
            <div class="predict-choices" role="radiogroup" data-testid="predict-choices">
                {choices.into_iter().enumerate().map(|(i, c)| view! {
                    <label>
                        <input type="radio" name="lesson-predict" data-testid=format!("predict-choice-{i}")
                            prop:checked=move || guess.with(|g| g.choice == Some(i))
                            disabled=answered
                            on:change=move |_| guess.update(|g| g.choice = Some(i))/>
                        <span>{c.label}</span>
                    </label>
                }).collect_view()}
            </div>
        }
        .into_any(),
        Predict::Number { question, measure, .. } => {
            let metric_unit = measure.metric.unit();
            let unit = unit_label(metric_unit);
            // Why a typed guess cannot be run yet ("Run it and see" waits for a number).
            let why = move || {
                guess.with(|g| {
                    let typed = !g.number.trim().is_empty();
                    typed.then(|| parse_guess(&g.number, metric_unit).err()).flatten()
                })
            };
            // A wait is guessed from the work times it adds up: listed here, whatever the zoom.
            let known = (metric_unit == Unit::Ms)
                .then(|| crate::editor::use_editor().with_doc(|e| wirelab_model::waited_on(e.doc())))
                .filter(|k| !k.is_empty())
                .map(|k| {
                    let items = k
                        .iter()
                        .map(|(name, l)| view! { <li><strong>{name.clone()}</strong>" "{wirelab_model::work_time_words(l)}</li> })
                        .collect_view();
                    view! {
                        <div class="predict-known" data-testid="predict-known">
                            <p>"What a customer waits on, in the order it is called, and each one's work time:"</p>
                            <ul>{items}</ul>
                        </div>
                    }
                });
            view! {
                <p class="predict-question">{question}</p>
                {known}
                <label class="predict-number">
                    <span class="sr-only">"Your prediction"</span>
                    <input type="text" inputmode="decimal" data-testid="predict-number"
                        placeholder="your guess" disabled=answered
                        prop:value=move || guess.with(|g| g.number.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); guess.update(|g| g.number = v) }/>
                    <span>{unit}</span>
                </label>
                <p class="predict-why" role="status" data-testid="predict-number-error" hidden=move || why().is_none()>
                    {move || why().unwrap_or_default()}
                </p>
            }
            .into_any()
        }
    }
}

/// The prediction beside the measured answer.
#[component]
pub fn PredictAnswer(predict: Predict, guess: Guess, answer: Answer) -> impl IntoView {
    match (predict, answer) {
        (_, Answer::Failed(e)) => view! { <p class="lesson-error" role="alert">{e}</p> }.into_any(),
        (Predict::Number { measure, why, .. }, Answer::Number { measured, unit }) => {
            let said = parse_guess(&guess.number, unit).ok();
            let close = said.is_some_and(|s| guess_is_close(s, measured, unit));
            view! {
                <dl class="predict-result" data-testid="predict-result">
                    <dt>"you said"</dt><dd data-testid="predict-said">{said.map_or_else(|| "—".into(), |s| show(unit, s))}</dd>
                    <dt>"measured"</dt><dd class="measured" data-testid="predict-measured">{show(unit, measured)}</dd>
                    <dt>"of"</dt><dd>{measure.plain()}" "<code class="check-label">{measure.to_string()}</code></dd>
                </dl>
                <p class="predict-verdict" class:right=close class:wrong=!close>
                    {if close { "Close: your intuition matches the engine." } else { "Not quite: the run says otherwise." }}
                </p>
                <p class="predict-why-answer" data-testid="predict-explain" hidden=why.is_empty()>{why.clone()}</p>
                <p class="predict-close muted" data-testid="predict-close">{format!("Close means {}.", close_means(unit))}</p>
            }
            .into_any()
        }
        (Predict::Choice { choices, .. }, Answer::Choice { results }) => {
            let right = guess
                .choice
                .is_some_and(|i| results.get(i).is_some_and(|r| r.pass));
            let rows = choices.into_iter().zip(results).enumerate().map(|(i, (c, r))| {
                let mine = if guess.choice == Some(i) { "your pick · " } else { "" };
                view! {
                    <dt>{mine}{if r.pass { "✓ held" } else { "✗ did not" }}</dt>
                    <dd class="predict-choice-result" data-testid=format!("predict-choice-result-{i}") data-pass=r.pass.to_string()>
                        <span>{c.label}</span>
                        <code class="check-measured" title=c.when.to_string()>{format!("measured {}", r.measured_text())}</code>
                    </dd>
                }
            }).collect_view();
            view! {
                <dl class="predict-result" data-testid="predict-result">{rows}</dl>
                <p class="predict-verdict" class:right=right class:wrong=!right>
                    {if right { "Right: the run agrees with you." } else { "Not quite: see what held on the run." }}
                </p>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}
