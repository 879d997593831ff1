//! A run's timeline: replaying a logged run exactly, rewinding to an earlier moment with
//! the later live interventions kept ahead (applied at their places, so playing on is
//! the same run), forking, checkpoints, and re-simulating a changed design to a moment.

use crate::intervention::Logged;
use crate::run::{Run, StepResult};
use wirelab_model::{Element, Problem, Scenario};

impl Run {
    /// The live interventions this run will apply as it reaches them (after a rewind).
    pub fn interventions_ahead(&self) -> usize {
        self.interventions.ahead.len()
    }

    /// Every live intervention of this run's timeline: those applied and those ahead.
    pub fn timeline_log(&self) -> Vec<Logged> {
        self.interventions
            .log
            .iter()
            .chain(&self.interventions.ahead)
            .cloned()
            .collect()
    }

    /// Forgets the interventions ahead (a new one at an earlier moment forks the run);
    /// returns them.
    pub fn drop_ahead(&mut self) -> Vec<Logged> {
        self.interventions.ahead.drain(..).collect()
    }

    /// Runs the interventions logged in another run at the same points, from a fresh
    /// run of the same scenario and seed, up to `end_us`: the replay is exact.
    pub fn replay(
        scenario: &Scenario,
        seed: u64,
        log: &[Logged],
        end_us: u64,
    ) -> Result<Run, Vec<Problem>> {
        Run::replay_to(scenario, seed, log, end_us, u64::MAX)
    }

    /// Like [`Run::replay`], but stops exactly where another run stood: at `at_us` with
    /// no more than `events` processed (a run stepped with an event budget may stand in
    /// the middle of a microsecond's events).
    pub fn replay_to(
        scenario: &Scenario,
        seed: u64,
        log: &[Logged],
        at_us: u64,
        events: u64,
    ) -> Result<Run, Vec<Problem>> {
        Run::replay_following(scenario, seed, log, at_us, events, None)
    }

    /// The run of (scenario, seed, log) at `at_us`, carrying the log's later interventions
    /// ahead: played on, it applies them where they were, so it is the same run. The
    /// timeline's seek, and "Run to" an earlier time.
    pub fn rewind(
        scenario: &Scenario,
        seed: u64,
        log: &[Logged],
        at_us: u64,
    ) -> Result<Run, Vec<Problem>> {
        let mut run = Run::resume(scenario, seed, log)?;
        while run.step_until(at_us, 1_000_000) == StepResult::Budget {}
        Ok(run)
    }

    /// [`Run::rewind`] not stepped yet: the run at 0 s with the log's interventions
    /// ahead, to step to the moment in slices.
    pub fn resume(scenario: &Scenario, seed: u64, log: &[Logged]) -> Result<Run, Vec<Problem>> {
        let mut run = Run::new(scenario, seed)?;
        run.interventions.ahead = log.iter().cloned().collect();
        Ok(run)
    }

    /// A changed design re-simulated to `at_us` under the interventions of the run it
    /// replaces (from `old`, the design they were made on), each at its time and by name:
    /// "flip Order → Analytics at 23 s" shows the new design at 23 s. Interventions whose
    /// target the new design lacks are left out and returned in words. At once; the app
    /// goes through [`Resimulation`] in slices between frames.
    pub fn resimulate(
        scenario: &Scenario,
        seed: u64,
        old: &Scenario,
        log: &[Logged],
        at_us: u64,
    ) -> Result<(Run, Vec<String>), Vec<Problem>> {
        let (mut run, mut plan) = Resimulation::new(scenario, seed, old, log, at_us)?;
        while !plan.step(&mut run, 1_000_000) {}
        Ok((run, plan.skipped))
    }

    /// [`Run::rewind`], starting from `from`: an earlier state of the same run (a
    /// checkpoint), whose interventions are the first of `log`. Cloning it and stepping on
    /// gives the same run as stepping from 0 s, without the steps before it.
    pub fn rewind_from(from: &Run, log: &[Logged], at_us: u64) -> Run {
        debug_assert!(from.now <= at_us);
        let mut run = Run::resume_from(from, log);
        while run.step_until(at_us, 1_000_000) == StepResult::Budget {}
        run
    }

    /// [`Run::rewind_from`] not stepped yet: a copy of `from` with the rest of the log's
    /// interventions ahead, to step to the moment in slices.
    pub fn resume_from(from: &Run, log: &[Logged]) -> Run {
        debug_assert!(from.fits(log));
        let mut run = from.clone();
        run.interventions.ahead = log
            .get(from.interventions.log.len()..)
            .unwrap_or_default()
            .iter()
            .cloned()
            .collect();
        run
    }

    /// Whether this state lies on the timeline of `log`: it applied exactly the
    /// interventions of `log` that come before it, so [`Run::rewind_from`] it is exact.
    /// After an undone or forked intervention, the checkpoints past it do not fit.
    pub fn fits(&self, log: &[Logged]) -> bool {
        log.starts_with(&self.interventions.log)
            && log.get(self.interventions.log.len()).is_none_or(|next| {
                next.after_events > self.events_done
                    || (next.after_events == self.events_done && next.at_us >= self.now)
            })
    }

    /// [`Run::replay_to`], recording journey `follow` step by step on the way.
    pub fn replay_following(
        scenario: &Scenario,
        seed: u64,
        log: &[Logged],
        at_us: u64,
        events: u64,
        follow: Option<u32>,
    ) -> Result<Run, Vec<Problem>> {
        let mut run = Run::new(scenario, seed)?;
        if let Some(j) = follow {
            run.follow(j);
        }
        for l in log {
            while run.events_done < l.after_events && run.step_one() {}
            run.now = run.now.max(l.at_us);
            run.apply(l.intervention.clone()).map_err(|message| {
                vec![Problem {
                    element: Element::Document,
                    name: String::new(),
                    field: "interventions".into(),
                    message,
                }]
            })?;
        }
        while run.events_done < events {
            let left = events - run.events_done;
            if run.step_until(at_us, left.min(1_000_000)) != StepResult::Budget {
                break;
            }
        }
        run.step_until(at_us, 0);
        Ok(run)
    }
}

/// [`Run::resimulate`] in slices: the new run is stepped toward the moment a bounded
/// number of events at a time, applying the old run's interventions at their times, so
/// the page can draw a frame (the clock going forward) between slices.
#[derive(Clone, Debug)]
pub struct Resimulation {
    /// The old run's interventions within the moment, each at its time: made for the
    /// new design, or why not.
    ahead: std::collections::VecDeque<(u64, String, Result<crate::Intervention, String>)>,
    at_us: u64,
    /// The interventions left out, in words.
    pub skipped: Vec<String>,
}

impl Resimulation {
    /// A new run of `scenario` at 0 s, and the plan that takes it to `at_us`.
    pub fn new(
        scenario: &Scenario,
        seed: u64,
        old: &Scenario,
        log: &[Logged],
        at_us: u64,
    ) -> Result<(Run, Resimulation), Vec<Problem>> {
        let run = Run::new(scenario, seed)?;
        let ahead = log
            .iter()
            .filter(|l| l.at_us <= at_us)
            .map(|l| {
                let what = l
                    .intervention
                    .to_action(old)
                    .map_or("an intervention".into(), |a| format!("`{a}`"));
                let iv = crate::compare::mirror(&l.intervention, old, scenario);
                (l.at_us, what, iv)
            })
            .collect();
        Ok((
            run,
            Resimulation {
                ahead,
                at_us,
                skipped: Vec::new(),
            },
        ))
    }

    /// The moment it goes to, µs.
    pub fn at_us(&self) -> u64 {
        self.at_us
    }

    /// Steps `run` on by at most `max_events`; true once it stands at the moment.
    pub fn step(&mut self, run: &mut Run, max_events: u64) -> bool {
        let start = run.events_processed();
        loop {
            let left = max_events.saturating_sub(run.events_processed() - start);
            let next = self.ahead.front().map(|(t, ..)| *t);
            if run.step_until(next.unwrap_or(self.at_us), left) == StepResult::Budget {
                return false;
            }
            let Some((_, what, iv)) = self.ahead.pop_front() else {
                return true;
            };
            if let Err(why) = iv.and_then(|iv| run.apply(iv)) {
                self.skipped.push(format!("{what} was left out: {why}"));
            }
        }
    }
}
