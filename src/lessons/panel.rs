//! The open lesson: caption, Prev/Next with a step counter, the speed a step sets, the
//! step's prediction and the engine's answer, its claims, "Next lesson" on the last step,
//! and for a walkthrough the task and "Check my design".

use std::sync::Arc;

use leptos::prelude::*;
use wirelab_model::{format_script, LessonKind, Scenario};

use super::check::{review, run_checks, CheckFindings, CheckReport, Checked};
use super::predict::{answer, as_criteria, as_measure, Answer, Guess, PredictAnswer, PredictForm};
use super::{headless, use_lessons, LessonsCtx, Opened};
use crate::editor::highlight::Highlight;
use crate::editor::use_editor;
use crate::run::controls::fmt_speed;

#[component]
pub fn LessonPanel() -> impl IntoView {
    let lc = use_lessons();
    view! {
        {move || lc.error.get().map(|e| view! {
            <aside class="lesson-panel panel" data-testid="lesson-panel" aria-label="Lesson">
                <p class="lesson-error" role="alert">{e}</p>
                <button on:click=move |_| lc.browser_open.set(true)>"Choose another lesson"</button>
            </aside>
        })}
        {move || lc.open.get().map(|o| view! { <Open o=o/> })}
    }
}

#[component]
fn Open(o: Arc<Opened>) -> impl IntoView {
    let lc = use_lessons();
    let steps = o.lesson.steps.len();
    let walkthrough = o.lesson.kind == LessonKind::Walkthrough;
    let highlight = {
        let o = o.clone();
        Signal::derive(move || {
            o.lesson
                .steps
                .get(lc.step.get())
                .map(|s| s.highlight.clone())
                .unwrap_or_default()
        })
    };
    let kind = if walkthrough {
        "Interview walkthrough"
    } else {
        "Lesson"
    };
    let prompt = o.lesson.walkthrough.as_ref().map(|w| view! {
        <p class="lesson-prompt" data-testid="walkthrough-prompt">{w.prompt.clone()}</p>
        <p class="lesson-hint">"Checked under: "<code>{format_script(&w.incidents).trim_end().replace('\n', "; ")}</code>
            {format!(", {} s of simulated time.", w.duration_s)}</p>
    });
    let nav = (steps > 1).then(|| view! {
        <nav class="lesson-nav" aria-label="Lesson steps">
            <button data-testid="lesson-prev" aria-keyshortcuts="ArrowLeft" title="Previous step (←)"
                disabled=move || lc.step.get() == 0 on:click=move |_| lc.step_by(-1)>"← Prev"</button>
            <span class="lesson-counter" data-testid="lesson-step-counter" aria-live="polite">
                {move || format!("Step {} of {steps}", lc.step.get() + 1)}
            </span>
            <button data-testid="lesson-next" aria-keyshortcuts="ArrowRight" title="Next step (→)"
                disabled=move || { lc.step.get() + 1 >= steps } on:click=move |_| lc.step_by(1)>"Next →"</button>
        </nav>
    });
    let step_view = {
        let o = o.clone();
        move || {
            let i = lc.step.get();
            o.lesson
                .steps
                .get(i)
                .map(|_| view! { <StepView o=o.clone() i=i/> })
        }
    };
    let check = walkthrough.then(|| view! { <CheckDesign o=o.clone()/> });
    let next_lesson = move || {
        if lc.step.get() + 1 < steps {
            return None;
        }
        let next = lc.next_entry()?;
        let label = match next.kind {
            LessonKind::Lesson => "Next lesson",
            LessonKind::Walkthrough => "Next walkthrough",
        };
        Some(view! {
            <div class="predict-actions">
                <button class="primary" data-testid="lesson-next-lesson"
                    on:click=move |_| lc.open(next.id.clone())>{format!("{label}: {} →", next.title)}</button>
            </div>
        })
    };
    view! {
        <aside class="lesson-panel panel" data-testid="lesson-panel" data-lesson-keys="" aria-label=kind
            data-lesson=o.lesson.id.clone()>
            <header class="lesson-head">
                <h2><span class="lesson-kind">{kind}</span>{o.lesson.title.clone()}</h2>
                <button class="lesson-close" data-testid="lesson-close" aria-label="Close the lesson"
                    title="Close the lesson" on:click=move |_| lc.close()>"×"</button>
            </header>
            {prompt}
            {nav}
            {step_view}
            {check}
            {next_lesson}
            <Highlight names=highlight/>
        </aside>
    }
}

/// One step: its caption, then predict → run → measured answer and claims.
#[component]
fn StepView(o: Arc<Opened>, i: usize) -> impl IntoView {
    let lc = use_lessons();
    let step = o.lesson.steps[i].clone();
    let until_s = o.designs[i].run_until_s;
    let guess = RwSignal::new(Guess::default());
    let answer_sig = RwSignal::new(None::<Answer>);
    let claims = RwSignal::new(Checked::Idle);
    let busy = RwSignal::new(false);
    let answered = Signal::derive(move || answer_sig.with(Option::is_some));
    let has_run = o.designs[i].load.is_some();
    let predict = step.predict.clone();
    let needs_guess = {
        let p = predict.clone();
        move || p.as_ref().is_some_and(|p| !guess.with(|g| g.made(p)))
    };
    let run = {
        let predict = predict.clone();
        let criteria = step.claims.clone();
        move |_| {
            let (doc, end_ms) = run_doc(lc, until_s);
            let seed = use_run_seed(lc);
            let predict = predict.clone();
            let criteria = criteria.clone();
            busy.set(true);
            claims.set(if criteria.is_empty() {
                Checked::Idle
            } else {
                Checked::Running
            });
            leptos::task::spawn_local(async move {
                let mut recorded = criteria.clone();
                let mut measures = Vec::new();
                if let Some(p) = &predict {
                    recorded.extend(as_criteria(p));
                    measures.extend(as_measure(p));
                }
                match headless::run(&doc, seed, end_ms, &recorded, &measures).await {
                    Ok(m) => {
                        if let Some(p) = &predict {
                            answer_sig.set(Some(answer(&m, p)));
                        }
                        if !criteria.is_empty() {
                            claims.set(Checked::Done(wirelab_engine::evaluate(
                                &m.run, &m.rec, &criteria,
                            )));
                        }
                        // The same run (design, seed) on the canvas, so the dock's
                        // readouts show the figures the answer came from; not if the
                        // learner has moved on to another step meanwhile.
                        if !busy.is_disposed() {
                            lc.rc.playing.set(false);
                            lc.rc.reset();
                            lc.rc.run_to(end_ms * 1000);
                        }
                    }
                    Err(e) => {
                        answer_sig.set(Some(Answer::Failed(e.clone())));
                        claims.set(Checked::Failed(e));
                    }
                }
                busy.set(false);
            });
        }
    };
    let watch = move |_| lc.watch(until_s);
    let form = predict.clone().map(|p| {
        view! {
            <section class="predict" data-testid="predict" aria-label="Predict">
                <h3>"Your prediction"</h3>
                <PredictForm predict=p guess=guess answered=answered/>
            </section>
        }
    });
    let result = move || {
        let a = answer_sig.get()?;
        let p = predict.clone()?;
        Some(
            view! { <section class="predict" aria-label="The engine's answer"><h3>"The engine measured"</h3><PredictAnswer predict=p guess=guess.get_untracked() answer=a/></section> },
        )
    };
    let run_label = if step.predict.is_some() {
        "Run it and see"
    } else {
        "Measure it"
    };
    let measurable = step.predict.is_some() || !step.claims.is_empty();
    // A step that sets the speed says so: a silent change reads as the app misbehaving.
    let speed = step.speed.map(|s| {
        let own = lc
            .own_speed()
            .map(|exp| format!("; closing the lesson puts back your {}", fmt_speed(exp)))
            .unwrap_or_default();
        view! { <p class="lesson-speed" data-testid="lesson-speed">{format!("Speed set to {s}× for this step{own}")}</p> }
    });
    view! {
        <div class="lesson-caption" data-testid="lesson-caption"><p>{step.caption.clone()}</p></div>
        {speed}
        {form}
        {has_run.then(|| view! {
            <div class="predict-actions">
                {measurable.then(|| view! {
                    <button class="primary" data-testid="lesson-run"
                        disabled=move || busy.get() || needs_guess()
                        title="Runs the design to the end in the background and measures it"
                        on:click=run>{run_label}</button>
                })}
                <button data-testid="lesson-watch" title="Plays the run on the canvas" on:click=watch>"▶ Watch it run"</button>
            </div>
        })}
        <Show when=move || busy.get()><p class="check-busy" role="status">"Running the simulation…"</p></Show>
        {result}
        <CheckReport state=claims testid="claim-report" title="The lesson's claim, measured"/>
    }
}

/// A walkthrough's "Check my design": the design on the canvas, run headlessly under the
/// walkthrough's incident script, against its acceptance criteria.
#[component]
fn CheckDesign(o: Arc<Opened>) -> impl IntoView {
    let lc = use_lessons();
    let ed = use_editor();
    let state = RwSignal::new(Checked::Idle);
    let found = RwSignal::new(None);
    // An edit makes the last report stale.
    Effect::new(move |prev: Option<()>| {
        ed.track_doc();
        if prev.is_some() {
            state.set(Checked::Idle);
            found.set(None);
        }
    });
    let reference = o.lesson.walkthrough.clone();
    let failed = RwSignal::new(None::<String>);
    let check = move |_| {
        let Some(w) = o.lesson.walkthrough.clone() else {
            return;
        };
        let mut doc = ed.with_untracked(|e| e.doc().clone());
        doc.incidents = w.incidents.clone();
        let seed = use_run_seed(lc);
        state.set(Checked::Running);
        found.set(None);
        leptos::task::spawn_local(async move {
            let checked =
                run_checks(doc.clone(), seed, w.duration_s * 1000, w.checks.clone()).await;
            // The criteria that failed (results come in the criteria's order).
            let failing: Vec<_> = match &checked {
                Checked::Done(rows) => rows
                    .iter()
                    .zip(&w.checks)
                    .filter(|(r, _)| !r.pass)
                    .map(|(_, c)| c.check.clone())
                    .collect(),
                _ => Vec::new(),
            };
            state.set(checked);
            // A failing criterion: what the review finds in this design may explain it.
            if !failing.is_empty() {
                let reviewed = review(doc, seed).await.map(|all| {
                    let failing: Vec<_> = failing.iter().collect();
                    let near: Vec<_> =
                        wirelab_engine::review::explaining(&all, &failing, &w.incidents)
                            .into_iter()
                            .cloned()
                            .collect();
                    let rest = all.into_iter().filter(|f| !near.contains(f)).collect();
                    (near, rest)
                });
                found.set(Some(reviewed));
            }
        });
    };
    view! {
        <section class="check" aria-label="Check my design">
            <h3>"Acceptance criteria"</h3>
            <p class="lesson-hint">"Edit the design, then check it: the simulation runs headlessly under the walkthrough's incident script."</p>
            <div class="predict-actions">
                <button class="primary" data-testid="check-design"
                    disabled=move || state.with(|s| *s == Checked::Running) on:click=check>"Check my design"</button>
            </div>
            <CheckReport state=state testid="check-report"/>
            <CheckFindings found=found/>
            // Closed in every walkthrough: opening another rebuilds this panel in place,
            // which keeps an element's open state; the property, set on every rebuild,
            // closes it again.
            <details class="lesson-teacher" prop:open=false>
                <summary>"For teachers"</summary>
                <p class="lesson-hint">"A design that passes every check. It replaces the canvas as one undoable step."</p>
                <button data-testid="walkthrough-reference" on:click=move |_| {
                    if let Some(w) = &reference { lc.load_reference(w.clone(), failed); }
                }>"Load the reference design"</button>
                {move || failed.get().map(|e| view! { <p class="lesson-error" role="alert">{e}</p> })}
            </details>
        </section>
    }
}

/// The design on the canvas and how long the step runs it, ms.
fn run_doc(lc: LessonsCtx, until_s: Option<u64>) -> (Scenario, u64) {
    let doc = lc.ed.with_untracked(|e| e.doc().clone());
    let end_ms = until_s.map_or(doc.duration_ms, |s| s * 1000);
    (doc, end_ms)
}

/// The seed the run on the canvas uses, so the headless answer is that very run.
fn use_run_seed(lc: LessonsCtx) -> u64 {
    lc.ed.with_untracked(|e| e.doc().seed)
}
