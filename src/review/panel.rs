//! The review panel (in the inspector's place while open): each finding with the question
//! to ask, what was measured and its one-click fix (an undoable edit); the blast radius
//! as a table; and the "Explain my design" notes to download.

use leptos::prelude::*;
use wirelab_editor::Command;
use wirelab_engine::review::{Finding, Fix};
use wirelab_model::WireKind;

use crate::editor::{use_editor, EditorCtx};

/// The toolbar's Review toggle.
#[component]
pub fn ReviewButton() -> impl IntoView {
    let Some(rv) = super::use_review() else {
        return ().into_any();
    };
    view! {
        <button class="tool" data-testid="review-toggle" aria-pressed=move || rv.open.get().to_string()
            title="Design review: what breaks if each part is down, and the anti-patterns of this design, measured"
            on:click=move |_| rv.open.update(|o| *o = !*o)>
            "Review"
        </button>
    }
    .into_any()
}

/// Applies a finding's fix as one undoable edit.
fn apply_fix(ed: EditorCtx, fix: &Fix) {
    let _ = ed.apply(Command::from_fix(fix));
}

/// "I need this answer": the call says so, and the question is closed (undoable).
fn answer_needed(ed: EditorCtx, f: &Finding) {
    let Some(Fix::Event { wire, .. }) = &f.fix else {
        return;
    };
    let kind = ed.with_untracked(|e| e.doc().wire(*wire).map(|w| w.kind.clone()));
    if let Some(WireKind::Call(mut c)) = kind {
        c.answer_needed = true;
        let _ = ed.apply(Command::SetWireKind {
            id: *wire,
            kind: WireKind::Call(c),
        });
    }
}

/// What a finding points at on the canvas: its elements, and the wires between
/// consecutive ones (`Order -> Analytics`).
fn pointed(f: &Finding) -> Vec<String> {
    let wires = f
        .elements
        .windows(2)
        .map(|w| format!("{} -> {}", w[0], w[1]));
    f.elements.iter().cloned().chain(wires).collect()
}

fn card(ed: EditorCtx, f: Finding, point: RwSignal<Vec<String>>) -> impl IntoView {
    let here = pointed(&f);
    let fix = f.fix.clone();
    let fix_button = fix.clone().map(|fix| {
        let label = fix.label().to_string();
        view! {
            <button class="tool review-fix" data-testid=format!("review-fix-{}", f.elements.join("-"))
                title="An undoable edit" on:click=move |_| apply_fix(ed, &fix)>{label}</button>
        }
    });
    let needed = (f.id == "sync-side-effect").then(|| {
        let f = f.clone();
        view! {
            <button class="tool" data-testid=format!("review-needed-{}", f.elements.join("-"))
                title="Keep the call: the caller needs this answer to answer its own caller (undoable)"
                on:click=move |_| answer_needed(ed, &f)>"I need this answer now"</button>
        }
    });
    view! {
        <li class="review-finding" data-testid=format!("review-finding-{}", f.id) data-elements=f.elements.join(",")
            tabindex="0"
            on:mouseenter={let here = here.clone(); move |_| point.set(here.clone())}
            on:focusin=move |_| point.set(here.clone())
            on:mouseleave=move |_| point.set(Vec::new())>
            <h3>{f.title.clone()}</h3>
            <p class="review-ask"><strong>"Ask yourself: "</strong>{f.question}</p>
            <p class="review-said"><strong>"Measured: "</strong>{f.said.clone()}</p>
            <div class="review-actions">{fix_button}{needed}</div>
            <p class="review-id muted"><code>{f.id}</code>" · "{f.elements.join(", ")}</p>
        </li>
    }
}

#[component]
pub fn ReviewPanel() -> impl IntoView {
    let Some(rv) = super::use_review() else {
        return ().into_any();
    };
    let ed = use_editor();
    let m = rv.measured;
    // The finding under the pointer or the keyboard, marked on the canvas.
    let point = RwSignal::new(Vec::<String>::new());
    // In compare mode the review is of design A, the one the canvas on the left shows.
    let comparing = crate::run::comparing();
    let of_a = move || comparing().then_some(" of design A");
    let progress = move || {
        m.with(|m| {
            if let Some(e) = &m.error {
                return format!("The review could not run: {e}");
            }
            if m.complete() {
                format!("Measured with seed {}.", m.seed)
            } else {
                format!("Measuring… {} of {} steps", m.done, m.total)
            }
        })
    };
    let findings = move || {
        m.with(|m| {
            if m.complete() && m.findings.is_empty() && m.error.is_none() {
                return view! { <p class="review-none" data-testid="review-none">"No findings: none of the review's anti-patterns shows in this design."</p> }.into_any();
            }
            let cards = m.findings.iter().cloned().map(|f| card(ed, f, point)).collect_view();
            view! { <ul class="review-findings">{cards}</ul> }.into_any()
        })
    };
    let rows = move || {
        m.with(|m| {
            m.rows
                .iter()
                .map(|r| {
                    let wait = r.wait_p95_ms.map_or_else(|| "—".into(), |w| format!("{w:.0} ms"));
                    view! {
                        <tr data-testid=format!("impact-{}", r.element) data-success=r.success_rate.to_string()>
                            <th scope="row">{r.element.clone()}</th>
                            <td>{wirelab_model::figures::percent(r.success_rate)}</td>
                            <td>{wait}</td>
                            <td>{r.late}</td>
                            <td>{r.lost}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let notes = move |_| {
        if let Some(md) = rv.notes() {
            let name = ed.with_untracked(|e| e.doc().name.clone());
            let _ = crate::kit::files::download_text(
                &md,
                "text/markdown",
                &format!("{name} - review.md"),
            );
        }
    };
    view! {
        <aside class="review-panel" data-testid="review-panel" aria-label="Design review">
            <div class="review-head">
                <h2>"Design review"{of_a}</h2>
                <button class="tool" data-testid="review-close" aria-label="Close the review"
                    on:click=move |_| rv.open.set(false)>"×"</button>
            </div>
            <p class="review-how muted">
                {format!("Every number comes from running this design with one part broken {}, with the same customers each time. ", wirelab_engine::review::window::span())}
            </p>
            <p class="review-progress" data-testid="review-progress" role="status">{progress}</p>
            <crate::editor::highlight::Highlight names=point.into() testid="review-highlight"/>
            {findings}
            <h3 class="review-sub">"What breaks if each part is down"</h3>
            <p class="muted review-how">"Answered: the share of the customers who arrived while it was down and got an answer. Wait p95: 95 of every 100 of them waited less. Late: answered, but their other work finished more than a second after."</p>
            <table class="review-table" data-testid="review-impact">
                <thead><tr><th scope="col">"Down"</th><th scope="col">"Answered"</th><th scope="col">"Wait p95"</th><th scope="col">"Late"</th><th scope="col">"Lost"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button class="tool" data-testid="review-notes" disabled=move || m.with(|m| !m.complete() || m.error.is_some())
                title="Markdown notes: the design in words, these findings, the table and the slowest customer's journey as a Mermaid diagram"
                on:click=notes>"Explain my design (.md)"</button>
        </aside>
    }
    .into_any()
}
