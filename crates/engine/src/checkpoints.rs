//! Copies of a run taken as it plays, so a seek starts from the nearest copy before it
//! instead of 0 s ([`Run::rewind_from`]), within a memory budget: at widening intervals,
//! and thinned (every other copy goes, the spacing doubles) when there are too many or
//! their records pass the budget.

use crate::intervention::Logged;
use crate::Run;

/// Simulated time between the first copies.
pub const CHECKPOINT_EVERY_US: u64 = 5_000_000;
/// Copies kept at most.
pub const MAX_CHECKPOINTS: usize = 24;
/// Bytes of records all the copies may hold together (counted as [`Run::record_bytes`],
/// the folded journeys they share once): a run of 300 people a second holds 29 MB after
/// 40 minutes, and 24 unshared copies of it made the tab pass a gigabyte and a half.
pub const CHECKPOINT_BUDGET_BYTES: u64 = 200_000_000;

#[derive(Clone)]
pub struct Checkpoints {
    runs: Vec<Run>,
    every_us: u64,
}

impl Default for Checkpoints {
    fn default() -> Self {
        Checkpoints {
            runs: Vec::new(),
            every_us: CHECKPOINT_EVERY_US,
        }
    }
}

impl Checkpoints {
    /// Whether a copy of a run at `now_us` is due.
    pub fn due(&self, now_us: u64) -> bool {
        let last = self.runs.last().map_or(0, Run::now_us);
        now_us > 0 && now_us >= last + self.every_us
    }

    /// Keeps a copy (taken when [`Checkpoints::due`]), thinning the older ones while
    /// there are too many or they hold more than the budget.
    pub fn keep(&mut self, copy: Run) {
        self.runs.push(copy);
        while self.runs.len() > 1
            && (self.runs.len() > MAX_CHECKPOINTS || self.bytes() > CHECKPOINT_BUDGET_BYTES)
        {
            // Keep every second copy counting back from the newest, so the newest stays.
            let n = self.runs.len();
            let mut i = 0;
            self.runs.retain(|_| {
                i += 1;
                (n - i) % 2 == 0
            });
            self.every_us *= 2;
        }
    }

    /// The latest copy at or before `t_us` on the timeline `log`, after dropping the
    /// copies that belong to another timeline (an undone or forked intervention).
    pub fn before(&mut self, log: &[Logged], t_us: u64) -> Option<&Run> {
        self.runs.retain(|cp| cp.fits(log));
        self.runs.iter().rev().find(|cp| cp.now_us() <= t_us)
    }

    /// Drops the copies after `t_us` (the run forked there).
    pub fn drop_after(&mut self, t_us: u64) {
        self.runs.retain(|cp| cp.now_us() <= t_us);
    }

    /// Simulated time between copies now.
    pub fn every_us(&self) -> u64 {
        self.every_us
    }

    /// Copies kept, and the bytes of records they hold.
    pub fn memory(&self) -> (usize, u64) {
        (self.runs.len(), self.bytes())
    }

    fn bytes(&self) -> u64 {
        // Older copies share the newest one's folded journeys (or fewer of them).
        let shared = self
            .runs
            .iter()
            .map(Run::shared_record_bytes)
            .max()
            .unwrap_or(0);
        let own: u64 = self
            .runs
            .iter()
            .map(|r| r.record_bytes() - r.shared_record_bytes())
            .sum();
        own + shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StepResult;
    use wirelab_model::{decode, Arrival, NodeKind};

    fn checkout(rate: f64) -> wirelab_model::Scenario {
        design("checkout-sync", rate)
    }

    fn design(name: &str, rate: f64) -> wirelab_model::Scenario {
        let path = format!(
            "{}/../../public/scenarios/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut s = decode(&std::fs::read_to_string(path).unwrap()).unwrap();
        for n in &mut s.nodes {
            if let NodeKind::Users(u) = &mut n.kind {
                u.arrival = Arrival::Poisson { rate_per_s: rate };
            }
        }
        s
    }

    /// Played for ten simulated minutes: never more than 24 copies, the newest always
    /// kept, spacing that widens, and every copy a seek can start from.
    #[test]
    fn copies_thin_out_as_the_run_goes_on() {
        let s = checkout(20.0);
        let mut run = Run::new(&s, 1).unwrap();
        let mut cps = Checkpoints::default();
        for t in (1..=600).map(|s| s * 1_000_000) {
            while run.step_until(t, 1_000_000) == StepResult::Budget {}
            if cps.due(run.now_us()) {
                cps.keep(run.clone());
                assert_eq!(cps.runs.last().unwrap().now_us(), t);
            }
            assert!(cps.memory().0 <= MAX_CHECKPOINTS);
        }
        let times: Vec<u64> = cps.runs.iter().map(Run::now_us).collect();
        assert!(times.len() >= MAX_CHECKPOINTS / 2, "{times:?}");
        assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
        let log = run.intervention_log().to_vec();
        assert_eq!(
            cps.before(&log, 599_000_000).map(Run::now_us),
            times.last().copied()
        );
    }

    /// Copies whose records pass the budget are thinned, whatever their number (events
    /// and their copies are each copy's own; folded journeys are shared).
    #[test]
    fn copies_stay_within_the_byte_budget() {
        let s = design("checkout-events", 2_000.0);
        let mut run = Run::new(&s, 1).unwrap();
        let mut cps = Checkpoints::default();
        let mut peak = 0;
        for t in (1..=900).map(|s| s * 1_000_000) {
            while run.step_until(t, 1_000_000) == StepResult::Budget {}
            if run.halted().is_some() {
                break;
            }
            if cps.due(run.now_us()) {
                cps.keep(run.clone());
            }
            let (n, bytes) = cps.memory();
            peak = peak.max(bytes);
            assert!(
                n == 1 || bytes <= CHECKPOINT_BUDGET_BYTES,
                "{n} copies, {bytes} bytes"
            );
        }
        assert!(
            peak > CHECKPOINT_BUDGET_BYTES / 4,
            "the test never came near the budget"
        );
    }
}
