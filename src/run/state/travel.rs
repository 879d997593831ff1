//! Time travel on the run: checkpoints taken as it goes, seeking and rewinding to any
//! moment (the timeline, "Run to" an earlier time), and the edit rule that re-simulates a
//! changed design to the moment on screen. Both sides in compare mode.

use leptos::prelude::*;
use wirelab_editor::LiveStep;
use wirelab_engine::{Intervention, Logged, Resimulation, Run};
use wirelab_model::Scenario;

use super::{Mark, ReplayCheck, RunCtx};

/// Wall time an edit's re-simulation or a "Run to" may take in one frame, ms, and the
/// events of one slice (a few ms): a frame stays far under 50 ms while they work.
const RESIM_MS: f64 = 12.0;
const RESIM_EVENTS: u64 = 10_000;

/// A run's live interventions, A's and (in compare mode) B's.
type Timelines = (Vec<Logged>, Option<Vec<Logged>>);

/// A live step (kill Analytics at 10 s, or a fork) as the undo history holds it: the
/// timelines before and after it. Undoing puts the run on the first, redoing on the
/// second, at the moment on screen.
#[derive(Clone)]
pub(super) struct LiveChange {
    label: String,
    before: Timelines,
    after: Timelines,
}

impl RunCtx {
    /// The edit rule: an edit of the design on screen re-simulates the run from 0 s with
    /// the same seed and interventions (by name) up to the moment on screen, so the
    /// changed design is shown at that moment; another design (opened, new, loaded by a
    /// lesson: the editor's `DesignId`) starts at 0 s. Both sides in compare mode.
    pub(super) fn rebuild_keeping_moment(&self, doc: &Scenario) {
        // Each side's moment, design and timeline, if it is still the run's design.
        let moment = |c: RunCtx| {
            let same = c.design.get_value() == c.editor.with_untracked(|e| e.design());
            c.run.with_value(|r| {
                r.as_ref()
                    .filter(|run| run.now_us() > 0 && same)
                    .map(|run| (run.now_us(), run.scenario().clone(), run.timeline_log()))
            })
        };
        let sides: Vec<(RunCtx, Option<(u64, Scenario, Vec<Logged>)>)> = [Some(*self), self.twin()]
            .into_iter()
            .flatten()
            .map(|c| (c, moment(c)))
            .collect();
        let at = sides.first().and_then(|(_, m)| m.as_ref().map(|m| m.0));
        self.build(doc);
        let Some(at) = at else {
            self.notice.set(format!(
                "The design changed: the run restarted from 0 s with seed {}",
                doc.seed
            ));
            return;
        };
        let mut skipped = Vec::new();
        for (c, m) in sides {
            // A side whose design was replaced goes to the same moment without its
            // interventions, so both sides stay on one clock.
            let plan = c.run.with_value(|r| {
                r.as_ref().map(|run| match &m {
                    Some((_, old, log)) => {
                        Resimulation::new(run.scenario(), run.seed(), old, log, at)
                    }
                    None => Resimulation::new(run.scenario(), run.seed(), run.scenario(), &[], at),
                })
            });
            if let Some(Ok((run, plan))) = plan {
                skipped.extend(plan.skipped.iter().cloned());
                c.run.set_value(Some(run));
                c.resim.set_value(Some(plan));
            }
        }
        // A first slice now: a short run is at its moment at once; a long one goes on
        // between frames, the clock showing it.
        self.resimulate_slice();
        let mut words = format!(
            "The design changed: re-simulated to {:.1} s with seed {}",
            at as f64 / 1e6,
            doc.seed
        );
        for s in skipped {
            words.push_str(&format!("; {s}"));
        }
        self.notice.set(words);
    }

    /// The design on screen is the run's from now on: it was built from it, or the
    /// document changed in nothing a run sees.
    pub(super) fn adopt_design(&self) {
        self.design
            .set_value(self.editor.with_untracked(|e| e.design()));
    }

    /// Keeps a copy of the run when one is due (the engine's `Checkpoints` decides when,
    /// and which to thin out).
    pub(super) fn checkpoint(&self) {
        let now = self.now_us();
        if !self.checkpoints.with_value(|c| c.due(now)) {
            return;
        }
        if let Some(copy) = self.run.with_value(|r| r.clone()) {
            self.checkpoints.update_value(|c| c.keep(copy));
        }
    }

    /// Whether an edit's re-simulation is still on its way (either side).
    pub(super) fn resimulating(&self) -> bool {
        [Some(*self), self.twin()]
            .into_iter()
            .flatten()
            .any(|c| c.resim.with_value(Option::is_some))
    }

    /// One frame's share of an edit's re-simulation, on both sides: slices of events
    /// while the frame's time budget lasts, then the frame is drawn.
    pub(super) fn resimulate_slice(&self) {
        let start = js_sys::Date::now();
        for c in [Some(*self), self.twin()].into_iter().flatten() {
            while c.resim.with_value(Option::is_some) && js_sys::Date::now() - start < RESIM_MS {
                c.resimulate_events(RESIM_EVENTS);
            }
            c.checkpoint();
            c.publish_frame(c.resim.with_value(Option::is_some));
            if c.resim.with_value(Option::is_none) {
                c.publish_stats();
            }
        }
    }

    /// Steps the re-simulation by at most `events`; forgets it once at the moment.
    fn resimulate_events(&self, events: u64) {
        let done = self.resim.try_update_value(|plan| {
            let plan = plan.as_mut()?;
            self.run
                .try_update_value(|r| r.as_mut().map(|run| plan.step(run, events)))
                .flatten()
        });
        if done.flatten() != Some(false) {
            self.resim.set_value(None);
        }
    }

    /// Finishes an edit's re-simulation at once (before anything else acts on the run).
    pub(super) fn finish_resimulation(&self) {
        if self.resim.with_value(Option::is_none) {
            return;
        }
        while self.resim.with_value(Option::is_some) {
            self.resimulate_events(u64::MAX);
        }
        self.publish(false);
    }

    /// Runs to simulated time `t_us`, in slices between frames (the clock shows the way);
    /// an earlier time rewinds to it.
    pub fn run_to(&self, t_us: u64) {
        let now = self.with_run(|r| r.now_us()).unwrap_or(0);
        if t_us > now {
            self.goal.set_value(Some(t_us));
            self.run_to_slice();
        } else if t_us < now {
            self.seek(t_us);
        }
    }

    /// One frame's share of "Run to": this run toward the goal in checkpoint-sized
    /// strides, then B after it, while the frame's time budget lasts.
    pub(super) fn run_to_slice(&self) {
        let start = js_sys::Date::now();
        while self.goal.get_value().is_some() && js_sys::Date::now() - start < RESIM_MS {
            self.run_to_events(RESIM_EVENTS);
        }
        if self.goal.get_value().is_some() {
            self.publish_frame(true);
        }
    }

    /// Steps toward the goal by at most `events` (B once this run is there); at the goal
    /// with B caught up, forgets it and shows the moment.
    fn run_to_events(&self, events: u64) {
        let Some(t) = self.goal.get_value() else {
            return;
        };
        let stride = self.checkpoints.with_value(|c| c.every_us());
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
            self.goal.set_value(None);
            self.publish(false);
            self.follow(None);
        }
    }

    /// Finishes a "Run to" at once (before anything else acts on the run).
    pub(super) fn finish_run_to(&self) {
        while self.goal.get_value().is_some() {
            self.run_to_events(u64::MAX);
        }
    }

    /// Shows exactly the moment `t_us`: the run re-simulated to it from 0 s with the same
    /// seed and its live interventions, the later ones kept ahead so playing on is the
    /// same run (B too, in compare mode).
    pub fn seek(&self, t_us: u64) {
        for c in [Some(*self), self.twin()].into_iter().flatten() {
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
    fn rewind_to(&self, log: &[Logged], t_us: u64) {
        self.finish_resimulation();
        let resumed = self.run.with_value(|r| {
            r.as_ref().map(|run| {
                self.checkpoints
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
            self.replaying.set_value(None);
        }
    }

    /// Steps to `t_us` in slices between frames, B following (a seek's second half).
    fn go_to(&self, t_us: u64) {
        self.goal.set_value(Some(t_us));
        self.run_to_slice();
    }

    /// Replays the run from `from_us` to the furthest moment it reached, animated at
    /// the current speed, and checks on arrival that the trace hash is the one it had
    /// there: the same seed and interventions give the same run (B too, in compare mode).
    pub fn replay_from(&self, from_us: u64) {
        let ends: Vec<(RunCtx, Mark)> = [Some(*self), self.twin()]
            .into_iter()
            .flatten()
            .map(|c| (c, c.reached.get_value()))
            .collect();
        let end = ends[0].1.at_us;
        if end == 0 {
            self.notice
                .set("Nothing to replay yet: play the run first".into());
            return;
        }
        let from = from_us.min(end);
        self.seek(from);
        for (c, mark) in ends {
            c.replaying.set_value(Some((from, mark)));
        }
        self.notice.set(format!(
            "Replaying from {:.1} s to {:.1} s with the same seed and interventions",
            from as f64 / 1e6,
            end as f64 / 1e6
        ));
        self.playing.set(true);
    }

    /// Whether a replay under way has processed every event it must.
    pub(super) fn replay_arrived(&self) -> bool {
        let Some((_, goal)) = self.replaying.get_value() else {
            return false;
        };
        self.with_run(|run| run.events_processed() >= goal.events || run.halted().is_some())
            .unwrap_or(true)
    }

    /// The replay has arrived: stand exactly where the run stood and give the verdict.
    pub(super) fn finish_replay(&self) {
        self.playing.set(false);
        if let Some((_, goal)) = self.replaying.get_value() {
            self.with_run(|run| run.step_until(goal.at_us, 0));
        }
        self.follow(None);
        for c in [Some(*self), self.twin()].into_iter().flatten() {
            let Some((from, goal)) = c.replaying.get_value() else {
                continue;
            };
            c.replaying.set_value(None);
            let check = c.with_run(|run| ReplayCheck {
                from_us: Some(from),
                at_us: goal.at_us,
                before: goal.hash,
                after: run.trace_hash(),
                interventions: run.intervention_log().len(),
            });
            c.replay.set(check);
            c.publish(false);
        }
    }

    /// Both sides' timelines now.
    pub(super) fn timelines(&self) -> Timelines {
        let log = |c: RunCtx| {
            c.run
                .with_value(|r| r.as_ref().map(Run::timeline_log))
                .unwrap_or_default()
        };
        (log(*self), self.twin().map(log))
    }

    /// Files the live intervention just applied in the one undo history, so Ctrl+Z
    /// takes it back before any design edit made earlier.
    pub(super) fn mark_live(&self, iv: &Intervention, before: Timelines) {
        let what = self
            .run
            .with_value(|r| r.as_ref().and_then(|run| iv.to_action(run.scenario())))
            .map_or_else(|| "an intervention".to_string(), |a| a.to_string());
        let label = format!("{what} at {:.1} s", self.now_us() as f64 / 1e6);
        let change = LiveChange {
            label: label.clone(),
            before,
            after: self.timelines(),
        };
        let id = self.live.with_value(Vec::len) as u64;
        self.live.update_value(|l| l.push(change));
        self.editor.mark_live(id, label);
    }

    /// The undo history took a live step back (or made it again): the run goes on the
    /// timeline before (after) it, re-simulated to the moment on screen.
    pub(super) fn take_live_step(&self, step: LiveStep) {
        let Some(change) = self.live.with_value(|l| l.get(step.id as usize).cloned()) else {
            return;
        };
        let (a, b) = if step.undo {
            change.before
        } else {
            change.after
        };
        let at = self.now_us();
        // The moments past this one belonged to the other timeline.
        self.reached.set_value(Mark::default());
        self.rewind_to(&a, at);
        if let (Some(twin), Some(b)) = (self.twin(), b) {
            twin.reached.set_value(Mark::default());
            twin.rewind_to(&b, at);
        }
        self.go_to(at);
        let now = at as f64 / 1e6;
        self.notice.set(if step.undo {
            format!(
                "Undone: {}. The run is re-simulated to {now:.1} s without it",
                change.label
            )
        } else {
            format!(
                "Redone: {}. The run is re-simulated to {now:.1} s with it",
                change.label
            )
        });
    }

    /// The checkpoints kept and the records they hold, in bytes (the part of a run that
    /// grows with it; the rest is a few fixed tables).
    pub fn checkpoint_memory(&self) -> (usize, u64) {
        self.checkpoints.with_value(|c| c.memory())
    }

    /// The furthest moment this run's timeline has reached, µs.
    pub fn reached_us(&self) -> u64 {
        self.reached.get_value().at_us.max(self.now_us())
    }
}
