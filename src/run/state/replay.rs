//! Replays, the proof that a run is a pure function of its design, seed and
//! interventions: re-run at once to the moment on screen, or animated from an earlier
//! moment to the furthest one reached; either way the trace hashes are compared.

use leptos::prelude::*;
use wirelab_engine::Run;

use super::travel::Mark;
use super::{ReplayCheck, RunCtx};

impl RunCtx {
    /// Re-runs the same design and seed with the recorded interventions to exactly the
    /// current point, then compares trace hashes: the run is a pure function of them.
    pub fn replay_now(&self) {
        for c in self.sides() {
            c.replay_own();
        }
    }

    fn replay_own(&self) {
        let Some((scenario, seed, log, now, events, before)) = self.run.with_value(|r| {
            r.as_ref().map(|run| {
                let log = run.intervention_log().to_vec();
                let s = run.scenario().clone();
                (
                    s,
                    run.seed(),
                    log,
                    run.now_us(),
                    run.events_processed(),
                    run.trace_hash(),
                )
            })
        }) else {
            return;
        };
        let Ok(run) = Run::replay_to(&scenario, seed, &log, now, events) else {
            return;
        };
        let after = run.trace_hash();
        self.run.set_value(Some(run));
        self.replay.set(Some(ReplayCheck {
            from_us: None,
            at_us: now,
            before,
            after,
            interventions: log.len(),
        }));
        self.publish(false);
    }

    /// Replays the run from `from_us` to the furthest moment it reached, animated at
    /// the current speed, and checks on arrival that the trace hash is the one it had
    /// there: the same seed and interventions give the same run (B too, in compare mode).
    pub fn replay_from(&self, from_us: u64) {
        let ends: Vec<(RunCtx, Mark)> = self
            .sides()
            .map(|c| (c, c.travel.reached.get_value()))
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
            c.travel.replaying.set_value(Some((from, mark)));
        }
        self.notice.set(format!(
            "Replaying from {:.1} s to {:.1} s with the same seed and interventions",
            from as f64 / 1e6,
            end as f64 / 1e6
        ));
        self.playing.set(true);
    }

    /// Where a replay under way must stop: the moment the run first reached there.
    pub(super) fn replay_goal(&self) -> Option<Mark> {
        self.travel.replaying.get_value().map(|(_, m)| m)
    }

    /// Whether a replay under way has processed every event it must.
    pub(super) fn replay_arrived(&self) -> bool {
        let Some(goal) = self.replay_goal() else {
            return false;
        };
        self.with_run(|run| run.events_processed() >= goal.events || run.halted().is_some())
            .unwrap_or(true)
    }

    /// The replay has arrived: stand exactly where the run stood and give the verdict.
    pub(super) fn finish_replay(&self) {
        self.playing.set(false);
        if let Some(goal) = self.replay_goal() {
            self.with_run(|run| run.step_until(goal.at_us, 0));
        }
        self.follow(None);
        for c in self.sides() {
            let Some((from, goal)) = c.travel.replaying.get_value() else {
                continue;
            };
            c.travel.replaying.set_value(None);
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
}
