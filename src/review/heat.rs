//! The review on the canvas while its panel is open: each service and topic tinted by
//! the share of customers who fail while it is down, with that share written on it (so
//! the heat reads without colour), and a badge on each element with findings.

use leptos::prelude::*;
use wirelab_editor::Rect;
use wirelab_engine::review::Harm;

use crate::editor::use_editor;

#[derive(Clone, Debug, PartialEq)]
struct Spot {
    name: String,
    rect: Rect,
    /// The share failed while it is down (the tint).
    failed: f64,
    harm: Harm,
    grave: bool,
    findings: usize,
}

#[component]
pub fn ReviewHeat() -> impl IntoView {
    let Some(rv) = super::use_review() else {
        return ().into_any();
    };
    let ed = use_editor();
    let spots = Memo::new(move |_| {
        if !rv.open.get() {
            return Vec::new();
        }
        rv.measured.with(|m| {
            ed.with_doc(|e| {
                let rects: std::collections::BTreeMap<_, _> = e.layout().node_rects().collect();
                e.doc()
                    .nodes
                    .iter()
                    .filter_map(|n| {
                        let row = m.rows.iter().find(|r| r.id == n.id);
                        let findings = m
                            .findings
                            .iter()
                            .filter(|f| f.elements.contains(&n.name))
                            .count();
                        (row.is_some() || findings > 0).then(|| Spot {
                            name: n.name.clone(),
                            rect: rects.get(&n.id).copied().unwrap_or_default(),
                            failed: row.map_or(0.0, |r| 1.0 - r.success_rate),
                            harm: row.map_or(Harm::None, |r| r.harm()),
                            grave: row.is_some_and(|r| r.grave()),
                            findings,
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <g class="review-heat" aria-hidden="true">
            {move || spots.get().into_iter().map(|s| {
                let r = s.rect;
                let words = match s.harm {
                    Harm::Fails(share) => format!("down: ✗ {} fail", wirelab_model::figures::percent(share)),
                    Harm::LateOnly => "down: ◔ late only".to_string(),
                    Harm::None => "down: ✓ no harm".to_string(),
                };
                let class = if s.grave { "heat-words heat-bad" } else { "heat-words" };
                let name = s.name.clone();
                let badge = (s.findings > 0).then(|| view! {
                    <g class="review-badge" data-testid=format!("review-badge-{}", s.name)
                        on:pointerdown=move |e: web_sys::PointerEvent| {
                            e.stop_propagation();
                            show_finding(&name);
                        }>
                        <circle cx=r.x + r.w - 2.0 cy=r.y + 2.0 r="11"/>
                        <text x=r.x + r.w - 2.0 y=r.y + 7.0 text-anchor="middle">{format!("!{}", s.findings)}</text>
                    </g>
                });
                view! {
                    <g data-testid=format!("review-heat-{}", s.name) data-failed=format!("{:.3}", s.failed)>
                        <rect class="heat-tint" x=r.x y=r.y width=r.w height=r.h rx="8"
                            style=format!("fill-opacity:{:.2}", 0.08 + s.failed * 0.45)/>
                        <text class=class x=r.x y=r.y - 6.0>{words}</text>
                        {badge}
                    </g>
                }
            }).collect_view()}
        </g>
    }
    .into_any()
}

/// Brings the panel's first finding on `name` into view and focus (which marks it on the
/// canvas).
fn show_finding(name: &str) {
    use wasm_bindgen::JsCast;
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(".review-finding").ok())
    else {
        return;
    };
    for i in 0..list.length() {
        let Some(el) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let on = el
            .get_attribute("data-elements")
            .is_some_and(|e| e.split(',').any(|x| x == name));
        if on {
            el.scroll_into_view();
            let _ = el.focus();
            return;
        }
    }
}
