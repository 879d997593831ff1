//! The edit rule, shown over the canvas: changing the design (anything a run sees, not
//! positions, the title or the description) re-simulates the run from 0 s with the same seed and
//! interventions to the moment on screen, so the canvas and the engine never disagree
//! and the moment is kept; a new seed, or another design (the editor's `DesignId`),
//! starts at 0 s. Both sides in compare mode.

use leptos::prelude::*;
use wirelab_engine::{Logged, Resimulation};
use wirelab_model::Scenario;

use super::travel::{RESIM_EVENTS, RESIM_MS};
use super::RunCtx;
use crate::timer::Debounce;

/// How long the notice of a restart stays: long enough to read, not so long that it
/// reads as news about a later change.
const NOTICE_MS: u32 = 5_000;

/// A side's moment, the design it ran and its timeline, kept across a rebuild.
type Moment = (u64, Scenario, Vec<Logged>);

impl RunCtx {
    /// A's side of the rule: every change of A's document the engine would see.
    pub(super) fn follow_edits(&self) {
        let ctx = *self;
        let editor = self.editor;
        let fade = Debounce::default();
        Effect::new(move |prev: Option<Scenario>| {
            editor.track_doc();
            let doc = editor.with_untracked(|e| e.doc().clone());
            let sim = doc.sim_part();
            // Whichever way the run follows the document, a link's moment opens on it.
            let sim = ctx.follow_edit(prev, doc, sim, &fade);
            ctx.open_moment_ahead();
            sim
        });
    }

    fn follow_edit(
        &self,
        prev: Option<Scenario>,
        doc: Scenario,
        sim: Scenario,
        fade: &Debounce,
    ) -> Scenario {
        let ctx = *self;
        if let Some(old) = &prev {
            if *old == sim {
                ctx.adopt_design();
                return sim;
            }
            let only_seed = Scenario {
                seed: old.seed,
                ..sim.clone()
            } == *old;
            if only_seed {
                ctx.notice
                    .set(format!("Seed {}: the run restarted from 0 s", doc.seed));
                ctx.build(&doc);
            } else {
                ctx.rebuild_keeping_moment(&doc);
            }
            fade.set(NOTICE_MS, move || ctx.notice.set(String::new()));
            return sim;
        }
        ctx.build(&doc);
        sim
    }

    /// B's side: a change of B's document re-simulates both runs, as a change of A's does.
    pub(super) fn follow_twin_edits(&self, lead: RunCtx) {
        let ctx = *self;
        let editor = self.editor;
        Effect::new(move |prev: Option<Option<Scenario>>| {
            editor.track_doc();
            if !editor.alive() {
                return None;
            }
            let sim = editor.with_untracked(|e| e.doc().sim_part());
            match prev.flatten() {
                Some(old) if old == sim => {
                    ctx.adopt_design();
                    return Some(sim);
                }
                Some(_) => {
                    let a = lead.editor.with_untracked(|e| e.doc().clone());
                    lead.rebuild_keeping_moment(&a);
                    return Some(sim);
                }
                None => {}
            }
            lead.reset();
            Some(sim)
        });
    }

    /// The design on screen is the run's from now on: it was built from it, or the
    /// document changed in nothing a run sees.
    pub(super) fn adopt_design(&self) {
        self.design
            .set_value(self.editor.with_untracked(|e| e.design()));
    }

    /// Re-simulates both sides from 0 s with the same seed and interventions (by name)
    /// up to the moment on screen, where each is still its run's design; otherwise the
    /// run restarts at 0 s.
    fn rebuild_keeping_moment(&self, doc: &Scenario) {
        // Each side's moment, design and timeline, if it is still the run's design.
        let moment = |c: RunCtx| {
            let same = c.design.get_value() == c.editor.with_untracked(|e| e.design());
            c.run.with_value(|r| {
                r.as_ref()
                    .filter(|run| run.now_us() > 0 && same)
                    .map(|run| (run.now_us(), run.scenario().clone(), run.timeline_log()))
            })
        };
        let sides: Vec<(RunCtx, Option<Moment>)> = self.sides().map(|c| (c, moment(c))).collect();
        let at = sides.first().and_then(|(_, m)| m.as_ref().map(|m| m.0));
        self.build(doc);
        let Some(at) = at else {
            self.notice.set(format!(
                "The design changed: the run restarted from 0 s with the same customers (seed {})",
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
                c.travel.resim.set_value(Some(plan));
            }
        }
        // A first slice now: a short run is at its moment at once; a long one goes on
        // between frames, the clock showing it.
        self.resimulate_slice();
        let mut words = format!(
            "The design changed: re-simulated to {:.1} s with the same customers (seed {})",
            at as f64 / 1e6,
            doc.seed
        );
        for s in skipped {
            words.push_str(&format!("; {s}"));
        }
        self.notice.set(words);
    }

    /// Whether an edit's re-simulation is still on its way (either side).
    pub(super) fn resimulating(&self) -> bool {
        self.sides()
            .any(|c| c.travel.resim.with_value(Option::is_some))
    }

    /// One frame's share of an edit's re-simulation, on both sides: slices of events
    /// while the frame's time budget lasts, then the frame is drawn.
    pub(super) fn resimulate_slice(&self) {
        let start = js_sys::Date::now();
        for c in self.sides() {
            while c.travel.resim.with_value(Option::is_some)
                && js_sys::Date::now() - start < RESIM_MS
            {
                c.resimulate_events(RESIM_EVENTS);
            }
            c.checkpoint();
            c.publish_frame(c.travel.resim.with_value(Option::is_some));
            if c.travel.resim.with_value(Option::is_none) {
                c.publish_stats();
            }
        }
    }

    /// Steps the re-simulation by at most `events`; forgets it once at the moment.
    fn resimulate_events(&self, events: u64) {
        let done = self.travel.resim.try_update_value(|plan| {
            let plan = plan.as_mut()?;
            self.run
                .try_update_value(|r| r.as_mut().map(|run| plan.step(run, events)))
                .flatten()
        });
        if done.flatten() != Some(false) {
            self.travel.resim.set_value(None);
        }
    }

    /// Finishes an edit's re-simulation at once (before anything else acts on the run).
    pub(super) fn finish_resimulation(&self) {
        if self.travel.resim.with_value(Option::is_none) {
            return;
        }
        while self.travel.resim.with_value(Option::is_some) {
            self.resimulate_events(u64::MAX);
        }
        self.publish(false);
    }
}
