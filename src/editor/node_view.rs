//! One node: its body by kind, name, one line of parameters and its wiring handles.
//! The shape is fixed by its `NodeDraw` (the `For` key), so only the selection, focus and
//! hover classes are reactive.

use leptos::prelude::*;
use wirelab_editor::{NodeDraw, Style, Target};
use wirelab_model::Kind;

use super::element_id;

#[component]
pub fn NodeView(node: NodeDraw) -> impl IntoView {
    let ctx = super::use_editor();
    let id = node.id;
    let t = Target::Node(id);
    let selected = Memo::new(move |_| ctx.with(|e| e.session().selection.nodes.contains(&id)));
    let hovered = Memo::new(move |_| ctx.with(|e| e.session().hover == Some(t)));
    let r = node.rect;
    let (w, h) = (r.w, r.h);
    // Users are a rounded pill (people), topics a slanted channel, a command queue a box of
    // slots (one line, one handler), services a card.
    let body = match node.kind {
        Kind::Users => view! { <rect class="node-body" width=w height=h rx=h / 2.0/> }.into_any(),
        Kind::Topic if node.queue => {
            let slots = format!("M5 6 V{0} M9 6 V{0}", h - 6.0);
            view! {
                <rect class="node-body" width=w height=h rx="3"/>
                <path class="node-slots" d=slots aria-hidden="true"/>
            }
            .into_any()
        }
        Kind::Topic => {
            let s = 12.0;
            let points = format!("{s},0 {w},0 {},{h} 0,{h}", w - s);
            view! { <polygon class="node-body" points=points/> }.into_any()
        }
        Kind::Service => view! { <rect class="node-body" width=w height=h rx="8"/> }.into_any(),
    };
    // Drawn, not emoji: emoji fonts are missing on many classroom machines.
    let icon = match node.kind {
        Kind::Users => "M-3.5 -3 a3.5 3.5 0 1 0 7 0 a3.5 3.5 0 1 0 -7 0 Z M-6 8 a6 5 0 0 1 12 0 Z",
        Kind::Topic => "M-6 -4 H6 M-6 0 H6 M-6 4 H3",
        Kind::Service => "M-6 -5 H6 V-1 H-6 Z M-6 1 H6 V5 H-6 Z",
    };
    let kind = node.kind.noun();
    // A long name shrinks to its room (style/editor.css): the icon takes 34 world px on
    // the left and the handle 10 on the right.
    let room = r.w - 44.0;
    let name_len = format!(
        "--name-len:{};--name-room:{room}px",
        node.shown.chars().count().max(1)
    );
    // Presenter mode's name (style/stage.css shows it instead of the other): at the size
    // a room reads, 20 world px or 18 px on screen when zoomed out (the rule of
    // style/stage.css), cut with … where the box cannot hold it whole at that size.
    let full = node.name.clone();
    let big = Memo::new(move |_| {
        let px = (18.05 / ctx.viewport().zoom).max(20.0);
        crate::kit::measure::fit_px(&full, room, &format!("700 {px}px {}", font_family()))
    });
    let handles = node
        .handles
        .iter()
        .map(|(style, at)| {
            let (cx, cy) = (at.x - r.x, at.y - r.y);
            match style {
                Style::Call => view! {
                    <g class="handle handle-call" data-testid=format!("handle-call-{}", node.name)>
                        <circle cx=cx cy=cy r="7"/>
                        <path d=format!("M{} {} l4 3 l-4 3", cx - 2.0, cy - 3.0)/>
                    </g>
                }
                .into_any(),
                Style::Event => view! {
                    <g class="handle handle-event" data-testid=format!("handle-event-{}", node.name)>
                        <circle cx=cx cy=cy r="7"/>
                        <path d=format!("M{} {} l-3 5 h3 l-1.5 5 l4.5 -6 h-3 l1.5 -4 z", cx + 1.0, cy - 5.5)/>
                    </g>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <g class=format!("node node-{kind}") class:node-queue=node.queue class:selected=selected class:hovered=hovered
            id=element_id(ctx.id_prefix, t) tabindex="-1" role="button" aria-roledescription=kind
            aria-label=node.label data-testid=format!("node-{}", node.name) data-kind=kind
            transform=format!("translate({} {})", r.x, r.y)>
            {body}
            <path class="node-icon" d=icon transform=format!("translate(18 {})", h / 2.0 - 1.0)
                aria-hidden="true"/>
            <text class="node-name" x="34" y=h / 2.0 - 4.0 style=name_len>{node.shown}</text>
            <text class="node-name-big" x="34" y=h / 2.0 - 4.0>{big}</text>
            <text class="node-detail" x="34" y=h / 2.0 + 14.0>{node.detail}</text>
            {handles}
        </g>
    }
}

/// The page's font family, as the canvas measures text in it.
fn font_family() -> String {
    thread_local! {
        static FAMILY: String = web_sys::window()
            .and_then(|w| {
                let body = w.document()?.body()?;
                w.get_computed_style(&body).ok()??.get_property_value("font-family").ok()
            })
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| "sans-serif".into());
    }
    FAMILY.with(String::clone)
}
