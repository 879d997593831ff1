//! The waiting people at a Users node: how many wait, stopwatches for the longest
//! waits, and this simulated second's outcomes in green / red / grey. All from the
//! engine's list of people still waiting (with their arrival times), so the stopwatches
//! are exact; the drawing is fixed slots whose text changes.

use std::collections::BTreeMap;

use leptos::prelude::*;
use wirelab_editor::Rect;
use wirelab_model::{NodeId, NodeKind};

use super::state::use_run;
use crate::editor::use_editor;

/// Stopwatches drawn per Users node.
const SHOWN: usize = 6;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct View {
    /// People waiting at this Users node.
    count: usize,
    /// The longest waits in µs, longest first (at most `SHOWN`), with who waits.
    ages: Vec<u64>,
    journeys: Vec<u32>,
}

/// The waiting people of every Users node, from one pass over the engine's list.
pub fn track(users: Memo<Vec<NodeId>>) -> Memo<BTreeMap<NodeId, View>> {
    let rc = use_run();
    Memo::new(move |_| {
        let mut out: BTreeMap<NodeId, View> = users
            .get()
            .into_iter()
            .map(|u| (u, View::default()))
            .collect();
        rc.glance.with(|f| {
            let Some(f) = f else { return };
            let mut waits: BTreeMap<NodeId, Vec<(u64, u32)>> = BTreeMap::new();
            for w in &f.snap.waiting {
                if let Some(v) = out.get_mut(&w.users) {
                    v.count += 1;
                    let age = f.snap.now_us.saturating_sub(w.arrived_at_us);
                    waits.entry(w.users).or_default().push((age, w.journey));
                }
            }
            for (u, mut list) in waits {
                list.sort_unstable_by(|a, b| b.cmp(a));
                list.truncate(SHOWN);
                if let Some(v) = out.get_mut(&u) {
                    (v.ages, v.journeys) = list.into_iter().unzip();
                }
            }
        });
        out
    })
}

#[component]
pub fn Waiting(
    users: NodeId,
    rect: Memo<Option<Rect>>,
    all: Memo<BTreeMap<NodeId, View>>,
) -> impl IntoView {
    let rc = use_run();
    let ed = use_editor();
    let patience_us = Memo::new(move |_| {
        ed.with_doc(|e| match e.doc().node(users).map(|n| &n.kind) {
            Some(NodeKind::Users(u)) => (u.patience_ms * 1000.0) as u64,
            _ => u64::MAX,
        })
    });
    let ages = Memo::new(move |_| all.with(|a| a.get(&users).cloned().unwrap_or_default()));
    let waiting = Memo::new(move |_| ages.with(|v| v.count));
    let last = Memo::new(move |_| {
        rc.stats
            .with(|s| s.as_ref().and_then(|s| s.seconds.last().copied()))
            .unwrap_or_default()
    });
    // Fixed slots whose text and class change: no elements are made per frame.
    let slot = move |i: usize| {
        let age = Memo::new(move |_| ages.with(|v| v.ages.get(i).copied()));
        let who = move || ages.with_untracked(|v| v.journeys.get(i).copied());
        // A stopwatch is a person: clicking it follows their journey.
        let follow = move |e: web_sys::PointerEvent| {
            e.stop_propagation();
            if let Some(j) = who() {
                rc.follow_journey(wirelab_engine::Pick::Id(j));
            }
        };
        let class = move || {
            let patience = patience_us.get();
            match age.get() {
                None => "watch idle",
                Some(a) if a * 10 >= patience * 8 => "watch late",
                Some(a) if a * 2 >= patience => "watch slowish",
                Some(_) => "watch",
            }
        };
        let (cx, cy) = (12.0 + (i % 3) as f64 * 62.0, 28.0 + (i / 3) as f64 * 30.0);
        view! {
            <g class=class on:pointerdown=follow data-testid=format!("stopwatch-{i}")>
                <title>"Follow this customer's journey"</title>
                <circle cx=cx cy=cy r="9"/>
                <path d=format!("M{cx} {cy} L{cx} {}", cy - 6.0)/>
                <text x=cx + 13.0 y=cy + 5.0>{move || age.get().map(|a| format!("{:.1}s", a as f64 / 1e6))}</text>
            </g>
        }
    };
    // People told "accepted, pending" are no longer waiting on a stopwatch, yet their
    // outcome is open: say how many, and how those settled so far.
    let pending = Memo::new(move |_| {
        rc.stats
            .with(|s| s.as_ref().map(|s| s.report.pending))
            .filter(|p| p.answered > 0)
    });
    let pending_text = move || {
        pending.get().map(|p| {
            format!(
                "pending {} · ✓ {} confirmed · ✗ {} failed later",
                p.unsettled, p.confirmed, p.failed_later
            )
        })
    };
    let (ok, failed, gave_up) = (
        move || last.get().succeeded,
        move || last.get().failed,
        move || last.get().timed_out + last.get().abandoned,
    );
    let at = move || {
        rect.get()
            .map(|r| format!("translate({} {})", r.x, r.y + r.h + 44.0))
    };
    view! {
        <g class="run-waiting" data-testid="run-waiting" transform=at class:hidden=move || rect.get().is_none()>
            <g class="run-waiting-body">
            <text class="run-waiting-count" x="0" y="6">{move || format!("{} waiting", waiting.get())}</text>
            {(0..SHOWN).map(slot).collect_view()}
            <g class="run-outcomes" transform="translate(0 84)">
                <rect class="flash ok" class:lit=move || { ok() > 0 } width="56" height="22" rx="4"/>
                <text class="flash-text" x="28" y="16">{move || format!("✓ {}", ok())}</text>
                <rect class="flash bad" class:lit=move || { failed() > 0 } x="62" width="56" height="22" rx="4"/>
                <text class="flash-text" x="90" y="16">{move || format!("✗ {}", failed())}</text>
                <rect class="flash gone" class:lit=move || { gave_up() > 0 } x="124" width="84" height="22" rx="4"/>
                <text class="flash-text" x="166" y="16">{move || format!("gave up {}", gave_up())}</text>
                <text class="run-outcomes-label" x="0" y="38">"this second"</text>
                <text class="run-pending" x="0" y="58" data-testid="stopwatch-pending"
                    class:hidden=move || pending.with(Option::is_none)>
                    <title>"People told \"accepted, pending\": their answer came before the work was done"</title>
                    {pending_text}
                </text>
            </g>
            </g>
        </g>
    }
}
