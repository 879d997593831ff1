//! The design review, the rule behind `wirelab impact`, `wirelab advise` and the app's
//! review panel: what breaks if each part goes down (the blast radius), and the
//! anti-patterns of *this* design. A finding's trigger reads the design's structure to
//! decide what to try; its verdict is always a measurement: a headless run of the design
//! with the same seed and load, with something broken over a window.

mod explain;
mod explaining;
mod findings;
mod impact;
mod reviewer;

pub use explain::explain;
pub use explaining::explaining;
pub use findings::{anti_patterns, AntiPattern, Finding, Fix, Hurt};
pub use impact::{blast_radius, impact_of, Harm, Impact};
pub use reviewer::{advise, Reviewer};

use crate::observe::{At, Observer};
use crate::state::{Journey, Outcome};
use crate::{Intervention, Outcomes, Report, Run, StepResult};
use wirelab_model::Scenario;

/// The window in which something is broken, and the end of the run (µs): enough before
/// it for the design to settle, enough after for late work to show.
pub const DOWN_FROM_US: u64 = 5_000_000;
pub const DOWN_TO_US: u64 = 25_000_000;
pub const END_US: u64 = 30_000_000;

/// The window in words, made from the constants above so no text states other numbers.
pub mod window {
    use super::{DOWN_FROM_US, DOWN_TO_US, END_US};

    fn secs(us: u64) -> String {
        format!("{} s", us / 1_000_000)
    }

    /// How long a part is broken: "20 s".
    pub fn outage() -> String {
        secs(DOWN_TO_US - DOWN_FROM_US)
    }

    /// "from 5 s to 25 s of 30 s".
    pub fn span() -> String {
        format!(
            "from {} to {} of {}",
            secs(DOWN_FROM_US),
            secs(DOWN_TO_US),
            secs(END_US)
        )
    }

    /// The whole run: "30 s".
    pub fn run() -> String {
        secs(END_US)
    }
}

/// How the customers who arrived in the window settled, heard from the run as they do.
#[derive(Clone, Debug, Default)]
struct Watch {
    from: u64,
    to: u64,
    outcomes: Outcomes,
}

impl Observer for Watch {
    fn on_settle(&mut self, at: &At, _journey: u32, j: &Journey) {
        if (self.from..self.to).contains(&j.arrived) {
            self.outcomes.count(j, at.now);
        }
    }
}

/// A headless run with something broken over the window: what the customers who arrived
/// while it was broken got, and the run's report.
#[derive(Clone, Debug)]
pub(crate) struct Measured {
    /// Customers who arrived in the window, by outcome.
    pub outcomes: Outcomes,
    /// Their waits for an answer, 95th percentile (µs), if any was answered.
    pub wait_p95_us: Option<u64>,
    pub report: Report,
}

impl Measured {
    /// The share of the window's customers who got an answer (1 when none arrived).
    pub fn success_rate(&self) -> f64 {
        let o = &self.outcomes;
        match o.total() {
            0 => 1.0,
            n => (o.delayed + o.unaffected) as f64 / n as f64,
        }
    }
}

/// Runs `s` with `seed` to [`END_US`], applying `during` at [`DOWN_FROM_US`] and `after`
/// at [`DOWN_TO_US`].
pub(crate) fn measure(
    s: &Scenario,
    seed: u64,
    during: &[Intervention],
    after: &[Intervention],
) -> Result<Measured, String> {
    let mut job = Job::new(s, seed, during.to_vec(), after.to_vec())?;
    while !job.advance(u64::MAX)? {}
    Ok(job.finish())
}

/// A measurement that can be done a few thousand events at a time.
#[derive(Clone)]
pub(crate) struct Job {
    run: Run,
    /// 0: to the window, 1: through it, 2: to the end, 3: done.
    stage: usize,
    during: Vec<Intervention>,
    after: Vec<Intervention>,
}

impl Job {
    pub(crate) fn new(
        s: &Scenario,
        seed: u64,
        during: Vec<Intervention>,
        after: Vec<Intervention>,
    ) -> Result<Job, String> {
        // The design's own incident script would confound what is measured.
        let quiet = Scenario {
            incidents: Vec::new(),
            ..s.clone()
        };
        let mut run = Run::new(&quiet, seed).map_err(|p| {
            p.first()
                .map_or_else(|| "the design does not validate".into(), |p| p.plain())
        })?;
        run.observers.attach(Watch {
            from: DOWN_FROM_US,
            to: DOWN_TO_US,
            ..Watch::default()
        });
        Ok(Job {
            run,
            stage: 0,
            during,
            after,
        })
    }

    /// Processes at most `budget` events; true once the run has reached its end.
    pub(crate) fn advance(&mut self, budget: u64) -> Result<bool, String> {
        let mut left = budget;
        while self.stage < 3 {
            let to = [DOWN_FROM_US, DOWN_TO_US, END_US][self.stage];
            let before = self.run.events_processed();
            let r = self.run.step_until(to, left);
            left = left.saturating_sub(self.run.events_processed() - before);
            if r == StepResult::Budget {
                return Ok(false);
            }
            let apply = match self.stage {
                0 => std::mem::take(&mut self.during),
                1 => std::mem::take(&mut self.after),
                _ => Vec::new(),
            };
            for iv in apply {
                self.run.apply(iv)?;
            }
            self.stage += 1;
        }
        Ok(true)
    }

    pub(crate) fn finish(mut self) -> Measured {
        let run = &mut self.run;
        let mut outcomes = run
            .observers
            .take::<Watch>()
            .map(|w| w.outcomes)
            .unwrap_or_default();
        let window = DOWN_FROM_US..DOWN_TO_US;
        let mut waits = Vec::new();
        for j in run.journeys.iter().filter(|j| window.contains(&j.arrived)) {
            if j.pending > 0 {
                outcomes.count(&j, run.now);
            }
            if j.outcome == Outcome::Succeeded {
                waits.push(j.waited);
            }
        }
        for b in &run.kept.shed_log {
            if window.contains(&(b.ms * 1000)) {
                outcomes.failed += b.count;
            }
        }
        waits.sort_unstable();
        let wait_p95_us = (!waits.is_empty()).then(|| waits[(waits.len() * 95).div_ceil(100) - 1]);
        Measured {
            outcomes,
            wait_p95_us,
            report: run.report(),
        }
    }
}
