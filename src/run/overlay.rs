//! Run state on the SVG canvas, in world coordinates: a killed service is crossed out in
//! red with "DOWN", a hung one says "HUNG", a slow one "SLOW ×N"; services show busy
//! workers, queue and failures (naming the callee where they arose: "Analytics refused
//! 173"); topics their backlog per subscription (a bar, lag, redeliveries, dead
//! letters); the Users node the people waiting, with stopwatches.
//! One memo per badge, so a refresh only touches the text that changed; the text and the
//! stopwatches follow the run's glance (ten times a second), not every frame.

use std::collections::BTreeMap;

use leptos::prelude::*;
use wirelab_editor::Rect;
use wirelab_engine::NodeHealth;
use wirelab_model::{NodeId, NodeKind, WireId};

use super::state::use_run;
use super::stopwatch::Waiting;
use crate::editor::use_editor;
use wirelab_editor::scene::fit_text;

/// How far past its node's right edge a line under it may run before it ends in "…": into
/// the gap before the next column, not under the next node's own labels.
const SIDE_ROOM: f64 = 56.0;
/// A topic's lines run further: the room beside a topic is where its consumers' wires fan
/// out, and the bundled designs keep it clear of nodes.
const SUB_ROOM: f64 = 200.0;
/// Average glyph width of those lines at the largest size the text floor draws them (14 px
/// bold; style/run.css).
const LINE_CHAR_PX: f64 = 8.0;

#[derive(Clone, Debug, PartialEq)]
struct NodeBadge {
    name: String,
    health: NodeHealth,
    slow: u32,
    line: String,
    failures: String,
}

#[component]
pub fn RunOverlay() -> impl IntoView {
    let rc = use_run();
    let ed = use_editor();
    let rects = Memo::new(move |_| {
        ed.with_doc(|e| {
            let users: Vec<NodeId> = e
                .doc()
                .nodes
                .iter()
                .filter(|n| matches!(n.kind, NodeKind::Users(_)))
                .map(|n| n.id)
                .collect();
            let rects: BTreeMap<NodeId, Rect> = e.layout().node_rects().collect();
            (rects, users)
        })
    });
    let ids = Memo::new(move |_| {
        rc.glance.with(|f| {
            f.as_ref()
                .map(|f| f.snap.nodes.iter().map(|n| n.id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let subs = Memo::new(move |_| {
        rc.glance.with(|f| {
            f.as_ref()
                .map(|f| {
                    f.snap
                        .subscriptions
                        .iter()
                        .map(|s| s.wire)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let users = Memo::new(move |_| rects.with(|(_, u)| u.clone()));
    let watches = super::stopwatch::track(users);
    view! {
        <g class="run-overlay" aria-hidden="true" data-testid="run-overlay">
            <super::outcomes::WireRibbons/>
            <For each=move || ids.get() key=|id| *id children=move |id| {
                let rect = Memo::new(move |_| rects.with(|(r, _)| r.get(&id).copied()));
                view! { <NodeState id=id rect=rect/> }
            }/>
            <For each=move || subs.get() key=|w| *w children=move |w| view! { <SubState wire=w rects=rects/> }/>
            <For each=move || users.get() key=|id| *id children=move |id| {
                let rect = Memo::new(move |_| rects.with(|(r, _)| r.get(&id).copied()));
                view! { <Waiting users=id rect=rect all=watches/> }
            }/>
        </g>
    }
}

#[component]
fn NodeState(id: NodeId, rect: Memo<Option<Rect>>) -> impl IntoView {
    let rc = use_run();
    let badge = Memo::new(move |_| {
        rc.glance.with(|f| {
            let n = f.as_ref()?.snap.nodes.iter().find(|n| n.id == id)?;
            let line = if n.workers > 0 {
                format!(
                    "busy {}/{} · queue {}/{}",
                    n.busy, n.workers, n.queue, n.queue_cap
                )
            } else if n.stored > 0 || n.backlog > 0 {
                format!("stored {} · backlog {}", n.stored, n.backlog)
            } else {
                String::new()
            };
            // "✗ refused 12 · Analytics timeout 3": the node's own failures by reason, and
            // those that arose at a callee or topic under its name.
            let name_of = |id| f.as_ref()?.snap.nodes.iter().find(|m| m.id == id);
            let reasons: Vec<String> = n
                .failures
                .iter()
                .map(|x| match name_of(x.at).filter(|m| m.id != id) {
                    Some(m) => format!("{} {} {}", m.name, x.reason.label(), x.count),
                    None => format!("{} {}", x.reason.label(), x.count),
                })
                .collect();
            let mut failures = Vec::new();
            if !reasons.is_empty() {
                failures.push(format!("✗ {}", reasons.join(" · ")));
            }
            if n.duplicates > 0 {
                failures.push(format!("{} duplicates", n.duplicates));
            }
            if n.effects_of_failed > 0 {
                failures.push(format!("{} done for failed requests", n.effects_of_failed));
            }
            if n.outbox > 0 {
                failures.push(format!("outbox {}", n.outbox));
            }
            Some(NodeBadge {
                name: n.name.clone(),
                health: n.health,
                slow: n.slow,
                line,
                failures: failures.join(" · "),
            })
        })
    });
    // The flag changes rarely; the two text lines often. Only text nodes change per frame.
    let flag = Memo::new(move |_| badge.with(|b| b.as_ref().map(|b| (b.health, b.slow))));
    let size = Memo::new(move |_| rect.get().map(|r| (r.w, r.h)));
    let flag_view = move || {
        let (health, slow) = flag.get()?;
        let (w, h) = size.get()?;
        let (label, class) = match health {
            NodeHealth::Down => ("DOWN".to_string(), "run-down"),
            NodeHealth::Hung => ("HUNG".to_string(), "run-hung"),
            NodeHealth::Up if slow > 1 => (format!("SLOW ×{slow}"), "run-slow"),
            NodeHealth::Up => return None,
        };
        let veil = (health != NodeHealth::Up).then(|| {
            view! {
                <rect class="run-veil" x="-4" y="-4" width=w + 8.0 height=h + 8.0 rx="10"/>
                <path class="run-cross" d=format!("M0 0 L{w} {h} M{w} 0 L0 {h}")/>
            }
        });
        // Beside the node, past its call handle, in the gap before the next column: over
        // the node it hid the name, above it the review's words and the labels of the node
        // stacked on top.
        let fw = if label.len() > 4 { 96.0 } else { 76.0 };
        let fx = w + 12.0;
        Some(view! {
            <g class=class>
                {veil}
                <rect class="run-flag" x=fx y=h / 2.0 - 13.0 width=fw height="26" rx="5"/>
                <text class="run-flag-text" x=fx + fw / 2.0 y=h / 2.0 + 6.0>{label}</text>
            </g>
        })
    };
    let at = move || rect.get().map(|r| format!("translate({} {})", r.x, r.y));
    let h = move || size.get().map_or(0.0, |s| s.1);
    let outcomes = super::outcomes::outcome_bar(rc, id, size);
    view! {
        <g class="run-node" transform=at
            data-testid=move || badge.with(|b| b.as_ref().map(|b| format!("run-state-{}", b.name)))
            data-health=move || flag.get().map(|(h, _)| format!("{h:?}").to_lowercase())>
            {outcomes}
            {flag_view}
            <text class="run-line" x="0" y=move || h() + 15.0>{move || badge.with(|b| b.as_ref().map(|b| b.line.clone()))}</text>
            <text class="run-fail" x="0" y=move || h() + 31.0>
                <title>{move || badge.with(|b| b.as_ref().map(|b| b.failures.clone()))}</title>
                {move || badge.with(|b| {
                    let (b, (w, _)) = (b.as_ref()?, size.get()?);
                    Some(fit_text(&b.failures, w + SIDE_ROOM, LINE_CHAR_PX))
                })}
            </text>
        </g>
    }
}

/// A subscription's backlog bar, lag, redeliveries and dead letters, stacked under its
/// topic (wires between a topic and its consumers are too short to label).
#[component]
fn SubState(wire: WireId, rects: Memo<(BTreeMap<NodeId, Rect>, Vec<NodeId>)>) -> impl IntoView {
    let rc = use_run();
    let ed = use_editor();
    let consumer = Memo::new(move |_| {
        ed.with_doc(|e| {
            let w = e.doc().wire(wire)?;
            // Place among the topic's subscriptions, in wire order.
            let i = e
                .doc()
                .wires
                .iter()
                .filter(|o| o.from == w.from && o.id < w.id)
                .count();
            Some((w.from, i, e.doc().node(w.to)?.name.clone()))
        })
    });
    let view_of = Memo::new(move |_| {
        rc.glance.with(|f| {
            let s = f
                .as_ref()?
                .snap
                .subscriptions
                .iter()
                .find(|s| s.wire == wire)?;
            Some((
                s.backlog,
                s.lag_us,
                s.redeliveries,
                s.dead_lettered,
                s.out_of_order,
                s.partition_lag_us.clone(),
            ))
        })
    });
    move || {
        let (backlog, lag, redel, dead, unordered, by_partition) = view_of.get()?;
        let (topic, i, name) = consumer.get()?;
        let r = rects.with(|(r, _)| r.get(&topic).copied())?;
        let (x, y) = (r.x, r.y + r.h + 38.0 + i as f64 * 20.0);
        // Square-root scale: 1 event is visible, 10,000 still fits.
        let len = ((backlog as f64).sqrt() * 4.0).min(60.0);
        // Most telling first: a line too long for the room under the topic ends in "…"
        // (its whole text is the line's tooltip), and the partitions' lag goes first.
        let mut parts = vec![format!("→ {name}: backlog {backlog}")];
        if unordered > 0 {
            parts.push(format!("out of order {unordered}"));
        }
        if dead > 0 {
            parts.push(format!("DLQ {dead}"));
        }
        if redel > 0 {
            parts.push(format!("redelivered {redel}"));
        }
        match (lag > 0, by_partition.len()) {
            (false, _) => {}
            (true, 0) => parts.push(format!("lag {:.1} s", lag as f64 / 1e6)),
            // A partition waiting behind a failed event beside the flowing ones.
            (true, n) => parts.push(format!(
                "lag by partition {}{} s",
                by_partition
                    .iter()
                    .take(8)
                    .map(|&l| match l {
                        0 => "0".to_string(),
                        l => format!("{:.1}", l as f64 / 1e6),
                    })
                    .collect::<Vec<_>>()
                    .join("·"),
                if n > 8 { "·…" } else { "" }
            )),
        }
        let text = parts.join(" · ");
        let shown = fit_text(&text, r.w + SIDE_ROOM + SUB_ROOM - 66.0, LINE_CHAR_PX);
        Some(view! {
            <g class="run-sub" class:piling={backlog > 0} data-testid=format!("run-sub-{name}")>
                <rect class="run-sub-track" x=x y=y - 9.0 width="60" height="10" rx="3"/>
                <rect class="run-sub-bar" x=x y=y - 9.0 width=len height="10" rx="3"/>
                <text class="run-sub-text" x=x + 66.0 y=y><title>{text}</title>{shown}</text>
            </g>
        })
    }
}
