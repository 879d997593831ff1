//! One wire. A call is solid with an arrow and a small clock ("the caller waits"); an
//! event path is dashed (it always runs through a topic). A click on the wire selects it;
//! the round glyph in the middle of the selected wire flips its kind (the editor
//! hit-tests it as `Hit::Toggle`), as does the inspector's button.

use leptos::prelude::*;
use wirelab_editor::{Style, Target, WireDraw};

use super::element_id;

#[component]
pub fn WireView(wire: WireDraw) -> impl IntoView {
    let ctx = super::use_editor();
    let id = wire.id;
    let t = Target::Wire(id);
    let selected = Memo::new(move |_| ctx.with(|e| e.session().selection.wires.contains(&id)));
    let hovered = Memo::new(move |_| ctx.with(|e| e.session().hover == Some(t)));
    let names = format!("{}-{}", wire.from, wire.to);
    let (mx, my) = (wire.mid.x, wire.mid.y);
    let flip_to = match wire.style {
        Style::Call => "event",
        Style::Event => "call",
    };
    // The clock sits above the flip glyph so both stay clickable and readable.
    let waits = (wire.style == Style::Call).then(|| {
        let (cx, cy) = (mx, my - 20.0);
        view! {
            <g class="wire-waits" aria-hidden="true">
                <title>"The caller waits here for the answer (a synchronous call)"</title>
                <circle cx=cx cy=cy r="6"/>
                <path d=format!("M{cx} {} V{cy} H{}", cy - 3.5, cx + 3.0)/>
            </g>
        }
    });
    // A compensating publish says when it happens, in words, under the flip glyph.
    let on_failure = wire.compensate.then(|| {
        view! {
            <text class="wire-tag" x=mx y=my + 22.0 data-testid=format!("wire-compensate-{names}")>
                "only on failure"
            </text>
        }
    });
    view! {
        <g class=format!("wire wire-{}", wire.kind) class:selected=selected class:hovered=hovered
            class:compensate=wire.compensate
            id=element_id(ctx.id_prefix, t) tabindex="-1" role="button" aria-roledescription="wire"
            aria-label=wire.label data-testid=format!("wire-{names}") data-kind=wire.kind>
            <path class="wire-line" d=wire.d/>
            <polygon class="wire-arrow" points=wire.arrow/>
            {waits}
            {on_failure}
            <g class="wire-flip" data-testid=format!("wire-flip-{names}") data-flip-to=flip_to
                transform=format!("translate({mx} {my})")>
                <title>{format!("Click again to turn this into {}", if flip_to == "event" { "an event: publish a fact, handled later" } else { "a call: the caller waits for the answer" })}</title>
                <circle r="8"/>
                <path d="M-4 -2 H4 l-2 -2 M4 2 H-4 l2 2"/>
            </g>
        </g>
    }
}
