//! Compare mode's outcome overlay on each canvas: of the customers whose requests
//! reached a node or crossed a wire, the share that failed, were delayed but safe and
//! were unaffected, in the order, colours and (for wires) widths of the tag over the
//! canvas, so "the sync design fails here, the event design only lags" shows on the
//! elements themselves.

use leptos::prelude::*;
use wirelab_engine::Outcomes;
use wirelab_model::{NodeId, WireId};

use super::state::use_run;
use crate::editor::use_editor;

/// Stripes along a wire: each stretch of the wire is split failed / delayed / unaffected
/// in proportion, eight times over, whatever its length.
const STRIPES: f64 = 8.0;

/// In compare mode, a bar along a node's top edge: of the customers whose requests
/// reached the node, the share that failed (left, red), were delayed but safe (middle,
/// amber) and were unaffected (right, green), in the order and colours of the tag over
/// the canvas, so "the sync design fails here, the event design only lags" shows on the
/// elements themselves.
pub(super) fn outcome_bar(
    rc: super::RunCtx,
    id: NodeId,
    size: Memo<Option<(f64, f64)>>,
) -> impl Fn() -> Option<AnyView> {
    let comparing = super::comparing();
    let counts = Memo::new(move |_| {
        if !comparing() {
            return None;
        }
        rc.stats.with(|s| {
            let o = s
                .as_ref()?
                .report
                .node_outcomes
                .iter()
                .find(|n| n.id == id)?
                .outcomes;
            (o.failed + o.delayed + o.unaffected > 0).then_some(o)
        })
    });
    move || {
        let o = counts.get()?;
        let (w, _) = size.get()?;
        let total = (o.failed + o.delayed + o.unaffected) as f64;
        let (fw, dw) = (w * o.failed as f64 / total, w * o.delayed as f64 / total);
        Some(
            view! {
                <g class="outcome-bar" data-testid=format!("outcome-bar-{}", id.0)
                    data-failed=o.failed data-delayed=o.delayed data-unaffected=o.unaffected>
                    <rect class="ob-failed" x="0" y="-9" width=fw height="6"/>
                    <rect class="ob-delayed" x=fw y="-9" width=dw height="6"/>
                    <rect class="ob-unaffected" x=fw + dw y="-9" width=(w - fw - dw).max(0.0) height="6"/>
                </g>
            }
            .into_any(),
        )
    }
}

/// Every wire's stripes in compare mode, under the run's badges.
#[component]
pub fn WireRibbons() -> impl IntoView {
    let rc = use_run();
    let ed = use_editor();
    let comparing = super::comparing();
    let per_wire = Memo::new(move |_| {
        if !comparing() {
            return Vec::new();
        }
        rc.stats.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s| {
                s.report
                    .wire_outcomes
                    .iter()
                    .filter(|w| w.outcomes.failed + w.outcomes.delayed + w.outcomes.unaffected > 0)
                    .map(|w| (w.id, w.outcomes))
                    .collect()
            })
        })
    });
    // Each wire's path and its ends' names (as the wire's own test id has them).
    let paths = Memo::new(move |_| {
        ed.with_doc(|e| {
            let doc = e.doc();
            e.layout()
                .wire_paths()
                .filter_map(|(id, p)| {
                    let w = doc.wire_ref(id)?;
                    Some((id, (p.svg_d(), format!("{}-{}", w.from, w.to))))
                })
                .collect::<std::collections::BTreeMap<WireId, (String, String)>>()
        })
    });
    move || {
        per_wire.with(|ws| {
            ws.iter()
                .filter_map(|(id, o)| {
                    let (d, names) = paths.with(|p| p.get(id).cloned())?;
                    Some(ribbon(&names, d, *o))
                })
                .collect_view()
        })
    }
}

/// One wire's stripes: failed thick, delayed medium, unaffected thin, so the split reads
/// without colour too.
fn ribbon(names: &str, d: String, o: Outcomes) -> impl IntoView {
    let total = (o.failed + o.delayed + o.unaffected) as f64;
    let period = 100.0 / STRIPES;
    let mut offset = 0.0;
    let stripe = |class: &'static str, n: u64, offset: &mut f64| {
        let len = period * n as f64 / total;
        let dash = format!("{len:.3} {:.3}", period - len);
        let at = format!("{:.3}", -*offset);
        *offset += len;
        (n > 0).then(|| {
            view! { <path class=class d=d.clone() pathLength="100" stroke-dasharray=dash stroke-dashoffset=at/> }
        })
    };
    let failed = stripe("wr-failed", o.failed, &mut offset);
    let delayed = stripe("wr-delayed", o.delayed, &mut offset);
    let unaffected = stripe("wr-unaffected", o.unaffected, &mut offset);
    view! {
        <g class="wire-ribbon" data-testid=format!("wire-ribbon-{names}")
            data-failed=o.failed data-delayed=o.delayed data-unaffected=o.unaffected>
            {unaffected}{delayed}{failed}
        </g>
    }
}
