//! Time travel on the run: checkpoints taken as it goes, seeking and rewinding to any
//! moment (the timeline, "Run to" an earlier time), and the edit rule that re-simulates a
//! changed design to the moment on screen. Both sides in compare mode.

use leptos::prelude::*;
use wirelab_engine::{Logged, Run};
use wirelab_model::Scenario;

use super::{RunCtx, MAX_CHECKPOINTS};

impl RunCtx {
    /// The edit rule: an edit of the design on screen re-simulates the run from 0 s with
    /// the same seed and interventions (by name) up to the moment on screen, so the
    /// changed design is shown at that moment; another design (a new title: opened,
    /// loaded by a lesson) starts at 0 s. Both sides in compare mode.
    pub(super) fn rebuild_keeping_moment(&self, doc: &Scenario) {
        // Each side's moment, design and timeline, if its design keeps its title.
        let moment = |c: RunCtx| {
            let name = c.editor.with_untracked(|e| e.doc().name.clone());
            c.run.with_value(|r| {
                r.as_ref()
                    .filter(|run| run.now_us() > 0 && run.scenario().name == name)
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
            let redone = c.run.with_value(|r| {
                r.as_ref().map(|run| match &m {
                    Some((_, old, log)) => {
                        Run::resimulate(run.scenario(), run.seed(), old, log, at)
                    }
                    None => Run::resimulate(run.scenario(), run.seed(), run.scenario(), &[], at),
                })
            });
            if let Some(Ok((run, left_out))) = redone {
                c.run.set_value(Some(run));
                c.publish(false);
                skipped.extend(left_out);
            }
        }
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

    /// Keeps a copy of the run every `checkpoint_every` of simulated time, so a seek
    /// starts from the nearest copy before it instead of 0 s. At most `MAX_CHECKPOINTS`:
    /// when full, every other one goes and the spacing doubles.
    pub(super) fn checkpoint(&self) {
        let now = self.now_us();
        let every = self.checkpoint_every.get_value();
        let last = self
            .checkpoints
            .with_value(|c| c.last().map_or(0, Run::now_us));
        if now < last + every || now == 0 {
            return;
        }
        let Some(copy) = self.run.with_value(|r| r.clone()) else {
            return;
        };
        self.checkpoints.update_value(|c| {
            c.push(copy);
            if c.len() > MAX_CHECKPOINTS {
                let mut i = 0;
                c.retain(|_| {
                    i += 1;
                    i % 2 == 0
                });
                self.checkpoint_every.set_value(every * 2);
            }
        });
    }

    /// Runs to simulated time `t_us`; an earlier time rewinds to it.
    pub fn run_to(&self, t_us: u64) {
        let now = self.with_run(|r| r.now_us()).unwrap_or(0);
        if t_us > now {
            self.advance(t_us - now);
        } else if t_us < now {
            self.seek(t_us);
        }
    }

    /// Shows exactly the moment `t_us`: the run re-simulated to it from 0 s with the same
    /// seed and its live interventions, the later ones kept ahead so playing on is the
    /// same run (B too, in compare mode).
    pub fn seek(&self, t_us: u64) {
        for c in [Some(*self), self.twin()].into_iter().flatten() {
            let rewound = c.run.with_value(|r| {
                r.as_ref().map(|run| {
                    let log = run.timeline_log();
                    c.checkpoints.with_value(|cps| {
                        match cps.iter().rev().find(|cp| cp.now_us() <= t_us) {
                            Some(cp) => Ok(Run::rewind_from(cp, &log, t_us)),
                            None => Run::rewind(run.scenario(), run.seed(), &log, t_us),
                        }
                    })
                })
            });
            if let Some(Ok(run)) = rewound {
                c.run.set_value(Some(run));
                c.replay.set(None);
                c.publish(false);
            }
        }
    }

    /// The furthest moment this run's timeline has reached, µs.
    pub fn reached_us(&self) -> u64 {
        self.reached.get_value().max(self.now_us())
    }
}
