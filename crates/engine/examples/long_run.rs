//! What the app does on every stats refresh (the live report, the per-second series, a
//! snapshot) and every checkpoint (a clone), on the checkout at 10 s and far into a
//! lesson, next to the full recount the CLI makes once: `make probe-engine-long`. Prints
//! a table (medians of several calls) with the records kept and the journeys folded;
//! asserts nothing.

use std::time::Instant;
use wirelab_engine::{Run, StepResult};
use wirelab_model::{decode, Arrival, NodeKind, Scenario};

fn checkout(rate: f64) -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/scenarios/checkout-sync.json"
    );
    let mut s = decode(&std::fs::read_to_string(path).unwrap()).unwrap();
    for n in &mut s.nodes {
        if let NodeKind::Users(u) = &mut n.kind {
            u.arrival = Arrival::Poisson { rate_per_s: rate };
        }
    }
    s
}

/// Median milliseconds of `f` over `n` calls.
fn median_ms(n: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..n)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[n / 2]
}

fn main() {
    println!(
        "{:>8} {:>9} {:>10} {:>10} {:>11} {:>11} {:>9} {:>10} {:>9}",
        "people/s",
        "simulated",
        "live ms",
        "recount ms",
        "snapshot ms",
        "per-second",
        "clone ms",
        "record MB",
        "folded"
    );
    for rate in [20.0, 300.0] {
        let mut run = Run::new(&checkout(rate), 1).unwrap();
        for minutes in [0.0_f64, 10.0, 20.0, 40.0] {
            let at = ((minutes * 60.0).max(10.0) * 1e6) as u64;
            while run.step_until(at, 1_000_000) == StepResult::Budget {}
            if let Some(h) = run.halted() {
                println!("{rate:>8} stopped: {}", h.reason);
                break;
            }
            let live = median_ms(9, || {
                std::hint::black_box(run.live_report());
            });
            let report = median_ms(5, || {
                std::hint::black_box(run.report());
            });
            let snapshot = median_ms(9, || {
                std::hint::black_box(run.snapshot());
            });
            let seconds = median_ms(9, || {
                std::hint::black_box(run.per_second().to_vec());
            });
            let clone = median_ms(3, || {
                std::hint::black_box(run.clone());
            });
            println!(
                "{rate:>8} {:>8.0}s {live:>10.3} {report:>10.2} {snapshot:>11.3} {seconds:>11.3} {clone:>9.2} {:>10.1} {:>9}",
                at as f64 / 1e6,
                run.record_bytes() as f64 / 1e6,
                run.journeys_folded()
            );
        }
    }
}
