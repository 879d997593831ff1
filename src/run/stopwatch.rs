//! The waiting people at a Users node: how many wait (the engine's count), stopwatches
//! for the longest waits, and this simulated second's outcomes in green / red / grey.
//!
//! The engine's frame lists messages, not people, so a person's stopwatch starts at the
//! `sent_at` of their first request and stops when their answer leaves for them; the
//! set is trimmed to the engine's exact count of people still waiting.

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
struct View {
    waiting: u64,
    /// Ages in µs, longest first.
    ages: Vec<u64>,
    ok: u32,
    failed: u32,
    gave_up: u32,
}

#[component]
pub fn Waiting(users: NodeId, rect: Memo<Option<Rect>>) -> impl IntoView {
    let rc = use_run();
    let ed = use_editor();
    let started = StoredValue::new(BTreeMap::<u32, u64>::new());
    let patience_us = Memo::new(move |_| {
        ed.with_doc(|e| match e.doc().node(users).map(|n| &n.kind) {
            Some(NodeKind::Users(u)) => (u.patience_ms * 1000.0) as u64,
            _ => u64::MAX,
        })
    });
    let view_of = Memo::new(move |_| {
        rc.frame.with(|f| {
            let Some(f) = f else {
                started.update_value(|s| s.clear());
                return View::default();
            };
            let snap = &f.snap;
            let in_flight = snap.users.in_flight;
            started.update_value(|s| {
                if snap.now_us == 0 {
                    s.clear();
                }
                let mut live = std::collections::BTreeSet::new();
                for m in &snap.messages {
                    live.insert(m.journey);
                    if m.from == users && m.kind == MsgKind::Request {
                        let t = s.entry(m.journey).or_insert(m.sent_at_us);
                        *t = (*t).min(m.sent_at_us);
                    } else if m.to == users && matches!(m.kind, MsgKind::Response | MsgKind::Error) {
                        s.remove(&m.journey);
                    }
                }
                // Answers that came and went within one frame: drop journeys with no
                // message in flight, oldest first, until the engine's count matches.
                let extra = s.len().saturating_sub(in_flight as usize);
                let gone: Vec<u32> = s.keys().copied().filter(|j| !live.contains(j)).take(extra).collect();
                for j in gone {
                    s.remove(&j);
                }
            });
            let mut ages: Vec<u64> = started.with_value(|s| s.values().map(|t| snap.now_us.saturating_sub(*t)).collect());
            ages.sort_unstable_by(|a, b| b.cmp(a));
            ages.truncate(SHOWN);
            let last = rc.stats.with(|s| s.as_ref().and_then(|s| s.seconds.last().copied())).unwrap_or_default();
            View {
                waiting: in_flight,
                ages,
                ok: last.succeeded,
                failed: last.failed,
                gave_up: last.timed_out + last.abandoned,
            }
        })
    });
    move || {
        let r = rect.get()?;
        let v = view_of.get();
        let patience = patience_us.get();
        let (x, y) = (r.x, r.y + r.h + 44.0);
        let watches = v
            .ages
            .iter()
            .enumerate()
            .map(|(i, age)| {
                let class = if *age * 10 >= patience * 8 {
                    "watch late"
                } else if *age * 2 >= patience {
                    "watch slowish"
                } else {
                    "watch"
                };
                let cx = x + 12.0 + (i % 3) as f64 * 62.0;
                let cy = y + 28.0 + (i / 3) as f64 * 30.0;
                view! {
                    <g class=class>
                        <circle cx=cx cy=cy r="9"/>
                        <path d=format!("M{cx} {cy} L{cx} {}", cy - 6.0)/>
                        <text x=cx + 13.0 y=cy + 5.0>{format!("{:.1}s", *age as f64 / 1e6)}</text>
                    </g>
                }
            })
            .collect_view();
        Some(view! {
            <g class="run-waiting" data-testid="run-waiting">
                <text class="run-waiting-count" x=x y=y + 6.0>{format!("{} waiting", v.waiting)}</text>
                {watches}
                <g class="run-outcomes" transform=format!("translate({x} {})", y + 84.0)>
                    <rect class="flash ok" class:lit={v.ok > 0} width="56" height="22" rx="4"/>
                    <text class="flash-text" x="28" y="16">{format!("✓ {}", v.ok)}</text>
                    <rect class="flash bad" class:lit={v.failed > 0} x="62" width="56" height="22" rx="4"/>
                    <text class="flash-text" x="90" y="16">{format!("✗ {}", v.failed)}</text>
                    <rect class="flash gone" class:lit={v.gave_up > 0} x="124" width="84" height="22" rx="4"/>
                    <text class="flash-text" x="166" y="16">{format!("gave up {}", v.gave_up)}</text>
                    <text class="run-outcomes-label" x="0" y="38">"this second"</text>
                </g>
            </g>
        })
    }
}
