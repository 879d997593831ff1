//! A service's handler steps in order, each movable up or down with buttons that keep
//! keyboard focus on the moved step; and what a topic connects.

use crate::editor::EditorCtx;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wirelab_editor::command::reorder_steps;
use wirelab_model::{NodeId, Scenario, WireId, WireKind};

fn kind_word(k: &WireKind) -> &'static str {
    match k {
        WireKind::Call(_) => "calls",
        WireKind::Publish(_) => "publishes to",
        WireKind::Subscribe(_) => "delivers to",
        WireKind::RequestReply(_) => "requests (reply) from",
    }
}

fn step_list(doc: &Scenario, id: NodeId) -> Vec<(WireId, String)> {
    doc.outgoing(id)
        .iter()
        .map(|w| {
            let to = doc.node(w.to).map_or("?", |n| n.name.as_str());
            (w.id, format!("{} {to}", kind_word(&w.kind)))
        })
        .collect()
}

fn mode_note(doc: &Scenario, id: NodeId) -> &'static str {
    match doc.node(id).map(|n| &n.kind) {
        Some(wirelab_model::NodeKind::Service(s))
            if s.calls == wirelab_model::CallMode::Parallel =>
        {
            "Calls start together; events are published once all have answered."
        }
        _ => "Each step waits for the one before it.",
    }
}

/// Moves step `from` to `from ± 1` as one undoable edit, then puts focus back on the
/// same button of the moved step (the list re-renders).
fn shift(ctx: EditorCtx, id: NodeId, from: usize, up: bool) {
    let mut ids: Vec<WireId> = ctx
        .with_untracked(|e| step_list(e.doc(), id))
        .into_iter()
        .map(|(w, _)| w)
        .collect();
    let to = if up {
        from.checked_sub(1)
    } else {
        Some(from + 1)
    };
    let Some(to) = to.filter(|&t| t < ids.len()) else {
        return;
    };
    ids.swap(from, to);
    let moved = ids[to];
    if ctx.apply(reorder_steps(&ids)).is_ok() {
        let target = format!("step-{}-{}", if up { "up" } else { "down" }, moved.0);
        let fallback = format!("step-{}-{}", if up { "down" } else { "up" }, moved.0);
        request_animation_frame(move || {
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let button = [target, fallback]
                .iter()
                .filter_map(|id| doc.get_element_by_id(id))
                .filter_map(|e| e.dyn_into::<web_sys::HtmlButtonElement>().ok())
                .find(|b| !b.disabled());
            if let Some(b) = button {
                let _ = b.focus();
            }
        });
    }
}

#[component]
pub fn Steps(ctx: EditorCtx, id: NodeId) -> impl IntoView {
    let steps = move || ctx.with_doc(|e| step_list(e.doc(), id));
    view! {
        <section class="insp-section" aria-labelledby="insp-steps-title">
            <h3 id="insp-steps-title">"Handler steps"</h3>
            <p class="muted insp-note">{move || ctx.with_doc(|e| mode_note(e.doc(), id))}</p>
            {move || {
                let list = steps();
                let n = list.len();
                if n == 0 {
                    return view! { <p class="muted">"No calls or events yet: wire this service to others."</p> }.into_any();
                }
                view! {
                    <ol class="insp-steps" data-testid="inspector-steps">
                        {list.into_iter().enumerate().map(|(i, (wire, text))| {
                            let label_up = format!("Move step {} ({text}) up", i + 1);
                            let label_down = format!("Move step {} ({text}) down", i + 1);
                            view! {
                                <li data-testid="inspector-step">
                                    <span class="insp-step-n" aria-hidden="true">{i + 1}"."</span>
                                    <span class="insp-step-text">{text}</span>
                                    <button id=format!("step-up-{}", wire.0) data-testid="inspector-step-up"
                                        aria-label=label_up disabled=i == 0
                                        on:click=move |_| shift(ctx, id, i, true)>"↑"</button>
                                    <button id=format!("step-down-{}", wire.0) data-testid="inspector-step-down"
                                        aria-label=label_down disabled=i + 1 == n
                                        on:click=move |_| shift(ctx, id, i, false)>"↓"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// Who publishes to a topic and who subscribes: delivery settings live on those wires.
#[component]
pub fn TopicLinks(ctx: EditorCtx, id: NodeId) -> impl IntoView {
    let names = move |incoming: bool| {
        ctx.with_doc(|e| {
            let d = e.doc();
            let list: Vec<&str> = d
                .wires
                .iter()
                .filter(|w| if incoming { w.to == id } else { w.from == id })
                .filter_map(|w| d.node(if incoming { w.from } else { w.to }))
                .map(|n| n.name.as_str())
                .collect();
            if list.is_empty() {
                "nobody yet".to_string()
            } else {
                list.join(", ")
            }
        })
    };
    view! {
        <section class="insp-section">
            <p><strong>"Published by: "</strong>{move || names(true)}</p>
            <p><strong>"Delivered to: "</strong>{move || names(false)}</p>
            <p class="muted">"A topic keeps one queue per subscriber. Select a subscription wire to set its retries and acknowledgements."</p>
        </section>
    }
}
