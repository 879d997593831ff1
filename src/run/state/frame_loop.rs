//! The frame loop: each animation frame advances the run by the wall time since the
//! last at the current speed, within an event budget, and publishes what the page reads
//! (the frame every time, the glance and the stats a few times a second). Stepping by
//! hand ("step", "advance") goes through here too.

use leptos::prelude::*;
use leptos_use_document_visibility::use_document_visibility;
use leptos_use_raf_fn::use_raf_fn;
use wirelab_engine::StepResult;

use super::RunCtx;
use crate::editor::use_editor;

/// Events one animation frame may process; beyond it the run falls behind real time
/// visibly instead of freezing the tab.
pub(super) const FRAME_EVENTS: u64 = 40_000;
/// A frame after a long pause (hidden tab, debugger) counts as at most this long.
const MAX_FRAME_MS: f64 = 100.0;
/// Speed slider range: 20^-1 … 20^1.
pub const SPEED_BASE: f64 = 20.0;
/// Frames a followed customer's message takes to cross its wire (half a second).
const HOP_FRAMES: u64 = 30;
/// Wall time between glance and stats refreshes while playing: a tenth of a second is
/// what a stopwatch shows.
const GLANCE_MS: f64 = 100.0;
const STATS_MS: f64 = 200.0;

/// When a side's glance and stats were last taken (animation-frame clock, ms).
#[derive(Clone, Copy)]
pub(super) struct Pace {
    glance_at: StoredValue<f64>,
    stats_at: StoredValue<f64>,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            glance_at: StoredValue::new(0.0),
            stats_at: StoredValue::new(0.0),
        }
    }
}

/// Creates the run state and its frame loop; call once, after `provide_editor`.
pub fn provide_run() -> RunCtx {
    let ctx = RunCtx::provide(use_editor(), None);
    ctx.follow_edits();

    // Paused: the readouts show exactly the paused moment (B's too, caught up).
    Effect::new(move |_| {
        if !ctx.playing.get() {
            ctx.publish_stats();
            ctx.follow(None);
        }
    });

    let visibility = use_document_visibility();
    let _ = use_raf_fn(move |args| {
        if visibility.get_untracked() != web_sys::VisibilityState::Visible {
            return;
        }
        // An edit's re-simulation goes first, a slice a frame; play waits for it.
        if ctx.resimulating() {
            ctx.resimulate_slice();
        } else if ctx.running_to() {
            ctx.run_to_slice();
        } else if ctx.playing.get_untracked() {
            ctx.tick(args.delta, args.timestamp);
        }
    });
    ctx
}

impl RunCtx {
    /// One animation frame of `dt_ms` wall time at the current speed; `at_ms` is the
    /// frame's timestamp.
    fn tick(&self, dt_ms: f64, at_ms: f64) {
        let speed = self.speed();
        let mut us = (dt_ms.min(MAX_FRAME_MS) * 1000.0 * speed) as u64;
        // Following a customer with the clock slowed for them: a message of theirs in
        // flight crosses its wire in `HOP_FRAMES` frames, however short the wire's
        // latency. A speed the user chose since is theirs.
        if let Some(j) = self
            .following
            .get_untracked()
            .filter(|f| f.restore.is_some())
            .map(|f| f.id)
        {
            let hop = self.frame.with_untracked(|f| {
                let f = f.as_ref()?;
                f.snap
                    .messages
                    .iter()
                    .filter(|m| m.journey == j && m.arrives_at_us > f.snap.now_us)
                    .map(|m| m.arrives_at_us - m.sent_at_us)
                    .min()
            });
            if let Some(span) = hop {
                us = us.min(span / HOP_FRAMES);
            }
        }
        // A replay stops exactly where the run stood when it first got there.
        let goal = self.replay_goal();
        let result = self.with_run(|run| {
            let to = run.now_us() + us.max(1);
            match goal {
                Some(g) => {
                    let left = g.events.saturating_sub(run.events_processed());
                    run.step_until(to.min(g.at_us), FRAME_EVENTS.min(left))
                }
                None => run.step_until(to, FRAME_EVENTS),
            }
        });
        if let Some(result) = result {
            if result == StepResult::Halted {
                // The run has stopped for good; the notice says why.
                self.playing.set(false);
            }
            let behind = result == StepResult::Budget;
            self.checkpoint();
            if self.replay_arrived() {
                self.finish_replay();
                return;
            }
            self.publish_frame(behind);
            self.follow(Some(FRAME_EVENTS));
            // At most one side's text is refreshed in a frame: in compare mode A's and B's
            // refreshes fall in different frames, so neither doubles a frame's work.
            for c in self.sides() {
                if at_ms - c.pace.stats_at.get_value() >= STATS_MS {
                    c.pace.stats_at.set_value(at_ms);
                    c.pace.glance_at.set_value(at_ms);
                    c.publish_stats();
                    break;
                } else if at_ms - c.pace.glance_at.get_value() >= GLANCE_MS {
                    c.pace.glance_at.set_value(at_ms);
                    c.glance.set(c.frame.get_untracked());
                    break;
                }
            }
        }
    }

    /// Processes exactly one event.
    pub fn step_event(&self) {
        self.with_run(|run| run.step_one());
        self.publish(false);
        self.follow(None);
    }

    /// Advances simulated time by `us` (all events, however many).
    pub fn advance(&self, us: u64) {
        let t = self.now_us() + us;
        // In checkpoint-sized strides, so a long "Run to" leaves checkpoints behind it.
        loop {
            let stride = self.checkpoint_stride();
            let done = self
                .with_run(|run| {
                    let to = t.min(run.now_us() + stride);
                    while run.step_until(to, 1_000_000) == StepResult::Budget {}
                    run.now_us() >= t || run.halted().is_some()
                })
                .unwrap_or(true);
            self.checkpoint();
            if done {
                break;
            }
        }
        self.publish(false);
        self.follow(None);
    }
}
