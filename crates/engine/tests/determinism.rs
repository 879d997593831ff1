//! Determinism: the same (scenario, seed) gives the same trace; a sweep of seeds gives
//! different traces; the workload stream does not depend on the topology.

mod common;
use common::*;
use wirelab_engine::Run;

#[test]
fn same_seed_same_trace_across_a_sweep() {
    let s = load("checkout-events.json");
    let mut hashes = std::collections::BTreeSet::new();
    for seed in 0..20 {
        let a = report(&s, seed, 20_000);
        let b = report(&s, seed, 20_000);
        assert_eq!(a, b, "seed {seed}");
        hashes.insert(a.trace_hash);
    }
    assert_eq!(hashes.len(), 20, "different seeds give different runs");
}

#[test]
fn stepping_granularity_does_not_change_the_run() {
    let s = load("checkout-sync.json");
    let mut coarse = Run::new(&s, 3).unwrap();
    coarse.step_until(30_000_000, u64::MAX);
    let mut fine = Run::new(&s, 3).unwrap();
    let mut t = 0;
    while t < 30_000_000 {
        t += 16_667; // one animation frame of simulated time
        while fine.step_until(t, 7) == wirelab_engine::StepResult::Budget {}
    }
    assert_eq!(coarse.trace_hash(), fine.trace_hash());
}

#[test]
fn arrivals_do_not_depend_on_the_topology() {
    // Same users, different services behind them: who arrives when is unchanged.
    let a = load("checkout-sync.json");
    let b = load("checkout-events.json");
    let ra = run_checked(&a, 11, 30_000);
    let rb = run_checked(&b, 11, 30_000);
    let arrivals = |r: &Run| r.per_second().iter().map(|s| s.arrived).collect::<Vec<_>>();
    assert_eq!(arrivals(&ra), arrivals(&rb));
}

#[test]
fn a_cloned_run_continues_identically() {
    let s = load("checkout-events.json");
    let mut a = Run::new(&s, 5).unwrap();
    a.step_until(10_000_000, u64::MAX);
    let mut b = a.clone();
    a.step_until(30_000_000, u64::MAX);
    b.step_until(30_000_000, u64::MAX);
    assert_eq!(a.trace_hash(), b.trace_hash());
}
