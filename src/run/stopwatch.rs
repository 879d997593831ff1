//! The waiting people at a Users node: how many wait (the engine's count), stopwatches
//! for the longest waits, and this simulated second's outcomes in green / red / grey.
//!
//! The engine's frame lists messages, not people, so a person's stopwatch starts at the
//! `sent_at` of their first request and stops when their answer leaves for them; the
//! set is trimmed to the engine's exact count of people still waiting. One pass over
//! the messages serves every Users node; the drawing is fixed slots whose text changes.

use std::collections::BTreeMap;

use leptos::prelude::*;
use wirelab_editor::Rect;
use wirelab_engine::MsgKind;
use wirelab_model::{NodeId, NodeKind};

use super::state::use_run;
use crate::editor::use_editor;

/// Stopwatches drawn per Users node.
const SHOWN: usize = 6;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct View {
    /// Ages in µs, longest first.
    ages: Vec<u64>,
}

/// The stopwatches of every Users node, from one pass over the frame's messages.
pub fn track(users: Memo<Vec<NodeId>>) -> Memo<BTreeMap<NodeId, View>> {
    let rc = use_run();
    // journey → (Users node, arrival µs)
    let started = StoredValue::new(BTreeMap::<u32, (NodeId, u64)>::new());
    Memo::new(move |_| {
        let users = users.get();
        rc.frame.with(|f| {
            let Some(f) = f else {
                started.update_value(|s| s.clear());
                return BTreeMap::new();
            };
            let snap = &f.snap;
            started.update_value(|s| {
                if snap.now_us == 0 {
                    s.clear();
                }
                for m in &snap.messages {
                    if m.kind == MsgKind::Request && users.contains(&m.from) {
                        let t = s.entry(m.journey).or_insert((m.from, m.sent_at_us));
                        t.1 = t.1.min(m.sent_at_us);
                    } else if matches!(m.kind, MsgKind::Response | MsgKind::Error) && users.contains(&m.to) {
                        s.remove(&m.journey);
                    }
                }
                // Answers that came and went within one frame: drop journeys with no
                // message in flight, oldest first, until the engine's count matches.
                let extra = s.len().saturating_sub(snap.users.in_flight as usize);
                if extra > 0 {
                    let mut live: Vec<u32> = snap.messages.iter().map(|m| m.journey).collect();
                    live.sort_unstable();
                    let gone: Vec<u32> = s
                        .keys()
                        .copied()
                        .filter(|j| live.binary_search(j).is_err())
                        .take(extra)
                        .collect();
                    for j in gone {
                        s.remove(&j);
                    }
                }
            });
            let mut out: BTreeMap<NodeId, View> = users.iter().map(|u| (*u, View::default())).collect();
            started.with_value(|s| {
                for (node, t) in s.values() {
                    if let Some(v) = out.get_mut(node) {
                        v.ages.push(snap.now_us.saturating_sub(*t));
                    }
                }
            });
            for v in out.values_mut() {
                v.ages.sort_unstable_by(|a, b| b.cmp(a));
                v.ages.truncate(SHOWN);
            }
            out
        })
    })
}

#[component]
pub fn Waiting(users: NodeId, rect: Memo<Option<Rect>>, all: Memo<BTreeMap<NodeId, View>>) -> impl IntoView {
    let rc = use_run();
    let ed = use_editor();
    let patience_us = Memo::new(move |_| {
        ed.with_doc(|e| match e.doc().node(users).map(|n| &n.kind) {
            Some(NodeKind::Users(u)) => (u.patience_ms * 1000.0) as u64,
            _ => u64::MAX,
        })
    });
    let ages = Memo::new(move |_| all.with(|a| a.get(&users).cloned().unwrap_or_default()));
    // The engine counts the waiting and this second's outcomes exactly.
    let waiting = Memo::new(move |_| rc.frame.with(|f| f.as_ref().map_or(0, |f| f.snap.users.in_flight)));
    let last = Memo::new(move |_| {
        rc.stats.with(|s| s.as_ref().and_then(|s| s.seconds.last().copied())).unwrap_or_default()
    });
    // Fixed slots whose text and class change: no elements are made per frame.
    let slot = move |i: usize| {
        let age = Memo::new(move |_| ages.with(|v| v.ages.get(i).copied()));
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
            <g class=class>
                <circle cx=cx cy=cy r="9"/>
                <path d=format!("M{cx} {cy} L{cx} {}", cy - 6.0)/>
                <text x=cx + 13.0 y=cy + 5.0>{move || age.get().map(|a| format!("{:.1}s", a as f64 / 1e6))}</text>
            </g>
        }
    };
    let (ok, failed, gave_up) = (
        move || last.get().succeeded,
        move || last.get().failed,
        move || last.get().timed_out + last.get().abandoned,
    );
    let at = move || rect.get().map(|r| format!("translate({} {})", r.x, r.y + r.h + 44.0));
    view! {
        <g class="run-waiting" data-testid="run-waiting" transform=at class:hidden=move || rect.get().is_none()>
            <text class="run-waiting-count" x="0" y="6">{move || {
                // The engine counts people over all Users nodes.
                let of_all = if all.with(|a| a.len()) > 1 { " (all users)" } else { "" };
                format!("{} waiting{of_all}", waiting.get())
            }}</text>
            {(0..SHOWN).map(slot).collect_view()}
            <g class="run-outcomes" transform="translate(0 84)">
                <rect class="flash ok" class:lit=move || { ok() > 0 } width="56" height="22" rx="4"/>
                <text class="flash-text" x="28" y="16">{move || format!("✓ {}", ok())}</text>
                <rect class="flash bad" class:lit=move || { failed() > 0 } x="62" width="56" height="22" rx="4"/>
                <text class="flash-text" x="90" y="16">{move || format!("✗ {}", failed())}</text>
                <rect class="flash gone" class:lit=move || { gave_up() > 0 } x="124" width="84" height="22" rx="4"/>
                <text class="flash-text" x="166" y="16">{move || format!("gave up {}", gave_up())}</text>
                <text class="run-outcomes-label" x="0" y="38">"this second"</text>
            </g>
        </g>
    }
}
