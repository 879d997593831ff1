//! Time travel on the run: checkpoints taken as it goes, "Run to" a later time in
//! slices between frames, and seeking to any moment (the timeline, an earlier "Run to")
//! by re-simulating from the nearest checkpoint. Both sides in compare mode.

use leptos::prelude::*;
use wirelab_engine::{Checkpoints, Logged, Resimulation, Run};

use super::RunCtx;

/// Wall time an edit's re-simulation or a "Run to" may take in one frame, ms, and the
/// events of one slice (a few ms): a frame stays far under 50 ms while they work.
pub(super) const RESIM_MS: f64 = 12.0;
pub(super) const RESIM_EVENTS: u64 = 10_000;

/// A moment of a run: its time, the events processed to it and the trace hash there.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Mark {
    pub(super) at_us: u64,
    pub(super) events: u64,
    pub(super) hash: u64,
}

/// Where a side's run has been and is going.
#[derive(Clone, Copy)]
pub(super) struct Travel {
    /// The furthest moment the timeline has reached (a rewind does not shorten it), as
    /// it was when first reached: where a replay must arrive, and with which trace hash.
    pub(super) reached: StoredValue<Mark>,
    /// A replay under way: the moment it started from and where it must arrive.
    pub(super) replaying: StoredValue<Option<(u64, Mark)>>,
    /// Copies of the run on its way, for fast seeking (see `checkpoint`).
    checkpoints: StoredValue<Checkpoints, LocalStorage>,
    /// An edit's re-simulation still on its way to the moment on screen, stepped in
    /// slices between frames (`edit_rule.rs`).
    pub(super) resim: StoredValue<Option<Resimulation>, LocalStorage>,
    /// Where "Run to" is taking the run, stepped in slices between frames.
    goal: StoredValue<Option<u64>>,
}

impl Default for Travel {
    fn default() -> Self {
        Travel {
            reached: StoredValue::new(Mark::default()),
            replaying: StoredValue::new(None),
            checkpoints: StoredValue::new_local(Checkpoints::default()),
            resim: StoredValue::new_local(None),
            goal: StoredValue::new(None),
        }
    }
}

impl Travel {
    /// A new run: nowhere reached, no checkpoints, nowhere to go.
    pub(super) fn forget(&self) {
        self.goal.set_value(None);
        self.reached.set_value(Mark::default());
        self.replaying.set_value(None);
        self.checkpoints.set_value(Checkpoints::default());
    }
}

impl RunCtx {
    /// Notes the moment `run` is at as reached, if it is the furthest yet; its trace hash.
    pub(super) fn reach(&self, run: &Run) -> u64 {
        let mark = Mark {
            at_us: run.now_us(),
            events: run.events_processed(),
            hash: run.trace_hash(),
        };
        if mark.at_us >= self.travel.reached.get_value().at_us {
            self.travel.reached.set_value(mark);
        }
        mark.hash
    }

    /// Keeps a copy of the run when one is due (the engine's `Checkpoints` decides when,
    /// and which to thin out).
    pub(super) fn checkpoint(&self) {
        let now = self.now_us();
        if !self.travel.checkpoints.with_value(|c| c.due(now)) {
            return;
        }
        if let Some(copy) = self.run.with_value(|r| r.clone()) {
            self.travel.checkpoints.update_value(|c| c.keep(copy));
        }
    }

    /// Simulated time between checkpoints, µs: the stride of a long advance.
    pub(super) fn checkpoint_stride(&self) -> u64 {
        self.travel.checkpoints.with_value(|c| c.every_us())
    }

    /// A new branch of the timeline from `at_us`: the copies after it belong to the old.
    pub(super) fn drop_checkpoints_after(&self, at_us: u64) {
        self.travel
            .checkpoints
            .update_value(|cps| cps.drop_after(at_us));
    }

    /// Whether a "Run to" is on its way.
    pub(super) fn running_to(&self) -> bool {
        self.travel.goal.get_value().is_some()
    }

    /// Runs to simulated time `t_us`, in slices between frames (the clock shows the way);
    /// an earlier time rewinds to it.
    pub fn run_to(&self, t_us: u64) {
        let now = self.with_run(|r| r.now_us()).unwrap_or(0);
        if t_us > now {
            self.travel.goal.set_value(Some(t_us));
            self.run_to_slice();
        } else if t_us < now {
            self.seek(t_us);
        }
    }

    /// One frame's share of "Run to": this run toward the goal in checkpoint-sized
    /// strides, then B after it, while the frame's time budget lasts.
    pub(super) fn run_to_slice(&self) {
        let start = js_sys::Date::now();
        while self.running_to() && js_sys::Date::now() - start < RESIM_MS {
            self.run_to_events(RESIM_EVENTS);
        }
        if self.running_to() {
            self.publish_frame(true);
        }
    }

    /// Steps toward the goal by at most `events` (B once this run is there); at the goal
    /// with B caught up, forgets it and shows the moment.
    fn run_to_events(&self, events: u64) {
        let Some(t) = self.travel.goal.get_value() else {
            return;
        };
        let stride = self.checkpoint_stride();
        let here = self
            .run
            .try_update_value(|r| {
                r.as_mut().map(|run| {
                    let to = t.min(run.now_us() + stride);
                    run.step_until(to, events);
                    run.now_us() >= t || run.halted().is_some()
                })
            })
            .flatten()
            .unwrap_or(true);
        self.checkpoint();
        if here && !self.follow(Some(events)) {
            self.travel.goal.set_value(None);
            self.publish(false);
            self.follow(None);
        }
    }

    /// Finishes a "Run to" at once (before anything else acts on the run).
    pub(super) fn finish_run_to(&self) {
        while self.running_to() {
            self.run_to_events(u64::MAX);
        }
    }

    /// Shows exactly the moment `t_us`: the run re-simulated to it from 0 s with the same
    /// seed and its live interventions, the later ones kept ahead so playing on is the
    /// same run (B too, in compare mode).
    pub fn seek(&self, t_us: u64) {
        for c in self.sides() {
            let log = c.run.with_value(|r| r.as_ref().map(Run::timeline_log));
            if let Some(log) = log {
                c.rewind_to(&log, t_us);
            }
        }
        self.go_to(t_us);
    }

    /// Puts this side's run on the timeline `log` at the latest checkpoint before `t_us`
    /// on it (the others go: they belong to another branch), or at 0 s; the lead's
    /// [`RunCtx::go_to`] then steps it to `t_us`, B following.
    pub(super) fn rewind_to(&self, log: &[Logged], t_us: u64) {
        self.finish_resimulation();
        let resumed = self.run.with_value(|r| {
            r.as_ref().map(|run| {
                self.travel
                    .checkpoints
                    .try_update_value(|cps| match cps.before(log, t_us) {
                        Some(cp) => Ok(Run::resume_from(cp, log)),
                        None => Run::resume(run.scenario(), run.seed(), log),
                    })
                    .unwrap_or_else(|| Run::resume(run.scenario(), run.seed(), log))
            })
        });
        if let Some(Ok(run)) = resumed {
            self.run.set_value(Some(run));
            self.replay.set(None);
            self.travel.replaying.set_value(None);
        }
    }

    /// Steps to `t_us` in slices between frames, B following (a seek's second half).
    pub(super) fn go_to(&self, t_us: u64) {
        self.travel.goal.set_value(Some(t_us));
        self.run_to_slice();
    }

    /// The checkpoints kept and the records they hold, in bytes (the part of a run that
    /// grows with it; the rest is a few fixed tables).
    pub fn checkpoint_memory(&self) -> (usize, u64) {
        self.travel.checkpoints.with_value(|c| c.memory())
    }

    /// The furthest moment this run's timeline has reached, µs.
    pub fn reached_us(&self) -> u64 {
        self.travel.reached.get_value().at_us.max(self.now_us())
    }
}
