//! A run to its end without animation, in slices with a pause for the browser between
//! them, so a long simulation never freezes the page. A `Recorder` samples whatever the
//! criteria and predictions measure over a window.

use wirelab_engine::{Recorder, Run};
use wirelab_model::{Criterion, Measure, Scenario};

/// Simulated time per slice, µs; the recorder samples every 100 ms within it.
const SLICE_US: u64 = 500_000;
/// Wall time to work before letting the browser paint, ms.
const BUDGET_MS: f64 = 12.0;

/// A finished headless run and what its recorder sampled.
pub struct Measured {
    pub run: Run,
    pub rec: Recorder,
}

/// Runs `doc` (its incident script included) for `end_ms`, recording what `criteria`
/// and `measures` need.
pub async fn run(
    doc: &Scenario,
    seed: u64,
    end_ms: u64,
    criteria: &[Criterion],
    measures: &[Measure],
) -> Result<Measured, String> {
    let mut run = Run::new(doc, seed).map_err(|problems| {
        let first: Vec<String> = problems.iter().take(3).map(|p| p.to_string()).collect();
        format!("the design has problems: {}", first.join("; "))
    })?;
    let mut rec = Recorder::new(&run, criteria, measures);
    let end = end_ms * 1000;
    let mut pace = crate::timer::Pace::new(BUDGET_MS);
    while run.now_us() < end {
        let next = (run.now_us() + SLICE_US).min(end);
        rec.run_to(&mut run, next);
        if let Some(h) = run.halted() {
            return Err(format!("the run {}", h.reason));
        }
        pace.breathe().await;
    }
    Ok(Measured { run, rec })
}
