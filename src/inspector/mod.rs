//! The inspector: every parameter of the selection, with units, ranges and inline
//! validation. Edits go through `EditorCtx::apply`, so each is one undo step and is
//! announced; a multi-selection edits the fields its elements share, as one batch.

mod document;
mod edit;
mod field;
mod fields;
mod steps;

use crate::editor::EditorCtx;
use document::document_view;
use edit::{check_range, node_edit, wire_edit};
use field::field_row;
use fields::{shared, Field, NODE_FIELDS, WIRE_FIELDS};
use leptos::prelude::*;
use std::sync::Arc;
use steps::{Steps, TopicLinks};
use wasm_bindgen::JsCast;
use wirelab_editor::command::rename;
use wirelab_editor::history::capitalise;
use wirelab_editor::{Command, Style};
use wirelab_model::{Kind, NodeId, NodeKind, Scenario, WireId, WireKind};

/// What the panel shows; the panel is rebuilt only when this changes, so typing in a
/// field is not interrupted by unrelated updates (values follow the document on their own).
#[derive(Clone, Debug, PartialEq)]
enum View {
    Nothing,
    Mixed {
        nodes: usize,
        wires: usize,
    },
    Nodes {
        ids: Arc<Vec<NodeId>>,
        /// `None` when the selection mixes kinds.
        kind: Option<Kind>,
        fields: Vec<usize>,
    },
    Wires {
        ids: Arc<Vec<WireId>>,
        fields: Vec<usize>,
    },
}

fn view_of(doc: &Scenario, sel: &wirelab_editor::Selection) -> View {
    match (sel.nodes.len(), sel.wires.len()) {
        (0, 0) => View::Nothing,
        (_, 0) => {
            let kinds: Vec<&NodeKind> = sel
                .nodes
                .iter()
                .filter_map(|&id| doc.node(id))
                .map(|n| &n.kind)
                .collect();
            let first = kinds.first().map(|k| k.tag());
            let kind = first.filter(|&f| kinds.iter().all(|k| k.tag() == f));
            let fields = (0..NODE_FIELDS.len())
                .filter(|&i| shared(&NODE_FIELDS[i], &kinds).is_some())
                .collect();
            View::Nodes {
                ids: Arc::new(sel.nodes.iter().copied().collect()),
                kind,
                fields,
            }
        }
        (0, _) => {
            let kinds: Vec<&WireKind> = sel
                .wires
                .iter()
                .filter_map(|&id| doc.wire(id))
                .map(|w| &w.kind)
                .collect();
            let fields = (0..WIRE_FIELDS.len())
                .filter(|&i| shared(&WIRE_FIELDS[i], &kinds).is_some())
                .collect();
            View::Wires {
                ids: Arc::new(sel.wires.iter().copied().collect()),
                fields,
            }
        }
        (nodes, wires) => View::Mixed { nodes, wires },
    }
}

#[component]
pub fn InspectorPanel() -> impl IntoView {
    // The design being edited: in compare mode, B's once its canvas was pressed.
    let active = crate::editor::use_active_editor();
    view! {
        // On a phone, a selection opens the inspector as a sheet over the page's foot
        // (style/stage.css); Done closes it by clearing the selection.
        <aside class="inspector panel insp" data-testid="inspector" aria-label="Inspector"
            data-selected=move || (!active.get().selection().is_empty()).then_some("yes")>
            <h2 class="panel-title">"Inspector"
                <span class="insp-side" data-testid="inspector-side" hidden=move || !active.is_other()>" · design B"</span>
                <button class="insp-done" data-testid="inspector-done"
                    on:click=move |_| active.get().update(|e| e.session_mut().selection = Default::default())>
                    "Done"
                </button>
            </h2>
            {move || inspector_of(active.get())}
        </aside>
    }
}

/// The inspector of one editor's selection.
fn inspector_of(ctx: EditorCtx) -> impl IntoView {
    let shown = Memo::new(move |_| ctx.with(|e| view_of(e.doc(), &e.session().selection)));
    focus_on_request(ctx);
    view! {
            {move || match shown.get() {
                View::Nothing => document_view(ctx).into_any(),
                View::Mixed { nodes, wires } => view! {
                    <p class="muted">{format!("{nodes} node(s) and {wires} wire(s) selected. Select only nodes or only wires to edit the settings they share.")}</p>
                }.into_any(),
                View::Nodes { ids, kind, fields } => nodes_view(ctx, ids, kind, fields).into_any(),
                View::Wires { ids, fields } => wires_view(ctx, ids, fields).into_any(),
            }}
    }
}

/// Enter on a canvas element asks for the inspector: move focus to its first input.
fn focus_on_request(ctx: EditorCtx) {
    Effect::new(move |_| {
        if ctx.open_inspector.get().is_none() {
            return;
        }
        request_animation_frame(|| {
            let first = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(
                        "[data-testid=inspector] :is(input, select, button):not(.insp-done)",
                    )
                    .ok()
                    .flatten()
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = first {
                let _ = el.focus();
            }
        });
    });
}

/// Applies an edit and reports a refusal as the field's error.
fn apply(ctx: EditorCtx, planned: Result<Option<Command>, String>) -> Result<(), String> {
    match planned {
        Ok(Some(cmd)) => ctx.apply(cmd).map(|_| ()).map_err(|e| e.to_string()),
        Ok(None) => Ok(()),
        Err(e) => {
            ctx.say(format!("Not changed: {e}"));
            Err(e)
        }
    }
}

fn field_for_nodes(
    ctx: EditorCtx,
    ids: Arc<Vec<NodeId>>,
    f: &'static Field<NodeKind>,
) -> impl IntoView {
    let current = {
        let ids = ids.clone();
        let ids = StoredValue::new(ids);
        move || {
            ctx.with_doc(|e| {
                let d = e.doc();
                let kinds: Vec<&NodeKind> = ids.with_value(|ids| {
                    ids.iter()
                        .filter_map(|&id| d.node(id))
                        .map(|n| &n.kind)
                        .collect()
                });
                shared(f, &kinds).flatten()
            })
        }
    };
    let commit = move |v| {
        check_range(&format!("kind.{}", f.key), f.input, v)?;
        apply(ctx, ctx.with_untracked(|e| node_edit(e.doc(), &ids, f, v)))
    };
    field_row(f.key, f.label, f.help, f.input, current, commit)
}

fn field_for_wires(
    ctx: EditorCtx,
    ids: Arc<Vec<WireId>>,
    f: &'static Field<WireKind>,
) -> impl IntoView {
    let current = {
        let ids = StoredValue::new(ids.clone());
        move || {
            ctx.with_doc(|e| {
                let d = e.doc();
                let kinds: Vec<&WireKind> = ids.with_value(|ids| {
                    ids.iter()
                        .filter_map(|&id| d.wire(id))
                        .map(|w| &w.kind)
                        .collect()
                });
                shared(f, &kinds).flatten()
            })
        }
    };
    let commit = move |v| {
        check_range(&format!("kind.{}", f.key), f.input, v)?;
        apply(ctx, ctx.with_untracked(|e| wire_edit(e.doc(), &ids, f, v)))
    };
    field_row(f.key, f.label, f.help, f.input, current, commit)
}

fn nodes_view(
    ctx: EditorCtx,
    ids: Arc<Vec<NodeId>>,
    kind: Option<Kind>,
    fields: Vec<usize>,
) -> impl IntoView {
    let single = (ids.len() == 1).then(|| ids[0]);
    let heading = match (ids.len(), kind) {
        (1, Some(k)) => capitalise(k.noun()),
        (n, Some(k)) => format!("{n} {} nodes", k.noun()),
        (n, None) => format!("{n} nodes"),
    };
    let rows = fields
        .into_iter()
        .map(|i| field_for_nodes(ctx, ids.clone(), &NODE_FIELDS[i]))
        .collect_view();
    view! {
        <div class="insp-body" data-testid="inspector-nodes">
            <h3 class="insp-heading">{heading}</h3>
            {single.map(|id| name_field(ctx, id))}
            {(ids.len() > 1).then(|| view! {
                <p class="muted">"Changes apply to every selected node; empty fields differ between them."</p>
            })}
            {rows}
            {single.filter(|_| kind == Some(Kind::Service)).map(|id| view! { <Steps ctx=ctx id=id/> })}
            {single.filter(|_| kind == Some(Kind::Topic)).map(|id| view! { <TopicLinks ctx=ctx id=id/> })}
        </div>
    }
}

/// Rename, refused (with the reason) if another node has the name or it is not allowed.
fn name_field(ctx: EditorCtx, id: NodeId) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let current =
        move || ctx.with_doc(|e| e.doc().node(id).map(|n| n.name.clone()).unwrap_or_default());
    let submit = move |text: String| {
        if text.trim() == current() {
            return error.set(None);
        }
        let r = ctx.apply(ctx.with_untracked(|e| rename(e.doc(), id, &text)));
        error.set(r.err().map(|e| e.to_string()));
    };
    view! {
        <div class="insp-field insp-wide">
            <label for="insp-name">"Name"</label>
            <div class="insp-control">
                <input id="insp-name" type="text" data-testid="inspector-field-name" prop:value=current
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    aria-describedby="insp-name-error"
                    on:change=move |ev| submit(event_target_value(&ev))/>
            </div>
            <p class="insp-error" id="insp-name-error" data-testid="inspector-error-name" role="alert"
                hidden=move || error.with(|e| e.is_none())>{move || error.get()}</p>
        </div>
    }
}

fn wire_title(doc: &Scenario, id: WireId) -> String {
    let Some(w) = doc.wire(id) else {
        return String::new();
    };
    let name = |n| doc.node(n).map_or("?", |n| n.name.as_str());
    let kind = match &w.kind {
        WireKind::Call(_) => "Call (the caller waits)",
        WireKind::Publish(_) => "Publish (an event)",
        WireKind::Subscribe(_) => "Subscription (event delivery)",
        WireKind::RequestReply(_) => "Request/reply over a broker",
    };
    format!("{kind}: {} → {}", name(w.from), name(w.to))
}

fn wires_view(ctx: EditorCtx, ids: Arc<Vec<WireId>>, fields: Vec<usize>) -> impl IntoView {
    let single = (ids.len() == 1).then(|| ids[0]);
    let rows = fields
        .into_iter()
        .map(|i| field_for_wires(ctx, ids.clone(), &WIRE_FIELDS[i]))
        .collect_view();
    let count = ids.len();
    view! {
        <div class="insp-body" data-testid="inspector-wires">
            {match single {
                Some(id) => view! {
                    <h3 class="insp-heading">{move || ctx.with_doc(|e| wire_title(e.doc(), id))}</h3>
                    {flip_button(ctx, id)}
                }.into_any(),
                None => view! {
                    <h3 class="insp-heading">{format!("{count} wires")}</h3>
                    <p class="muted">"Changes apply to every selected wire; empty fields differ between them."</p>
                }.into_any(),
            }}
            {rows}
        </div>
    }
}

/// The one decision Wirelab is about, one click away: call and wait, or publish a fact.
fn flip_button(ctx: EditorCtx, id: WireId) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let style = move || ctx.with_doc(|e| e.doc().wire(id).map(|w| Style::of(&w.kind)));
    let label = move || match style() {
        Some(Style::Call) => "Make it an event (through a topic)",
        _ => "Make it a call (wait for an answer)",
    };
    view! {
        <div class="insp-flip">
            <button data-testid="inspector-flip" on:click=move |_| {
                let r = ctx.apply(Command::FlipWire(id));
                error.set(r.err().map(|e| e.to_string()));
            }>{label}</button>
            <p class="insp-error" data-testid="inspector-error-kind" role="alert"
                hidden=move || error.with(|e| e.is_none())>{move || error.get()}</p>
        </div>
    }
}
