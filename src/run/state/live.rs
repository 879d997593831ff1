//! Live interventions (kill Analytics at 10 s): applied at the moment on screen on both
//! sides, forking the timeline when made at an earlier moment, and filed in the one undo
//! history, so Ctrl+Z takes one back as it takes back an edit.

use leptos::prelude::*;
use wirelab_editor::LiveStep;
use wirelab_engine::{Intervention, Logged, Run};

use super::travel::Mark;
use super::RunCtx;

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
    /// A live intervention at the current simulated time, logged by the engine. In
    /// compare mode it reaches B by name, or B's notice says why it cannot.
    pub fn intervene(&self, iv: Intervention) -> Result<(), String> {
        let before = self.timelines();
        for c in self.sides() {
            c.travel.replaying.set_value(None);
        }
        // At an earlier moment of the timeline, a new intervention forks it: the ones
        // that came later are dropped, and said so.
        let dropped: usize = self
            .sides()
            .map(|c| c.with_run(|run| run.drop_ahead().len()).unwrap_or(0))
            .max()
            .unwrap_or(0);
        if dropped > 0 {
            let at = self.now_us();
            for c in self.sides() {
                c.drop_checkpoints_after(at);
            }
            let now = self.now_us() as f64 / 1e6;
            self.notice.set(format!(
                "The run forked at {now:.1} s: {dropped} later intervention{} dropped",
                if dropped == 1 { " was" } else { "s were" }
            ));
            self.travel.reached.set_value(Mark::default());
        }
        let a = self
            .run
            .with_value(|r| r.as_ref().map(|run| run.scenario().clone()));
        let r = self
            .with_run(|run| run.apply(iv.clone()))
            .unwrap_or_else(|| Err("there is no run: the design has problems".into()));
        self.publish(false);
        if let (Some(a), true) = (a, r.is_ok()) {
            self.mirror_to_twin(&iv, &a);
        }
        if r.is_ok() {
            self.mark_live(&iv, before);
        }
        r
    }

    /// Both sides' timelines now.
    fn timelines(&self) -> Timelines {
        let log = |c: RunCtx| {
            c.run
                .with_value(|r| r.as_ref().map(Run::timeline_log))
                .unwrap_or_default()
        };
        (log(*self), self.twin().map(log))
    }

    /// Files the live intervention just applied in the one undo history, so Ctrl+Z
    /// takes it back before any design edit made earlier.
    fn mark_live(&self, iv: &Intervention, before: Timelines) {
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
        self.travel.reached.set_value(Mark::default());
        self.rewind_to(&a, at);
        if let (Some(twin), Some(b)) = (self.twin(), b) {
            twin.travel.reached.set_value(Mark::default());
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
}
