//! Property tests: random topologies × random incident scripts × random live
//! interventions. Each case is generated from its seed; a failure prints the seed.
//!
//! `WIRELAB_PROPTEST_CASES=100000` runs more cases (default 1,000);
//! `WIRELAB_PROPTEST_SEED=n` runs only case `n`.

mod common;
use common::random::{action, each_case, scenario};
use wirelab_engine::{Intervention, Rng, Run, StepResult};
use wirelab_model::*;

const BUDGET: u64 = 2_000;

/// Runs one case: no panic, accounting after every bounded step, each step within its
/// budget, work in flight near the cap, the live report equal to the recounted one,
/// live interventions replay exactly, and the same seed gives the same trace.
fn check(seed: u64) {
    let s = scenario(seed);
    let problems = validate(&s);
    assert!(
        problems.is_empty(),
        "generator made an invalid scenario: {problems:#?}"
    );
    assert_eq!(decode(&encode(&s)).as_ref(), Ok(&s), "JSON round trip");
    let r = &mut Rng::stream(seed, 98, 0);
    let sample = &mut Rng::stream(seed, 96, 0);
    let end = 5_000_000;
    let mut run = Run::new(&s, seed).expect("valid");
    let mut peak = 0;
    // A point where the run stood mid-way, with its log and hash, to replay to exactly.
    let mut mid = None;
    loop {
        let before = run.events_processed();
        let res = run.step_until(end, BUDGET);
        if mid.is_none() && res == StepResult::Budget && !run.intervention_log().is_empty() {
            let log = run.intervention_log().to_vec();
            mid = Some((run.now_us(), run.events_processed(), run.trace_hash(), log));
        }
        assert!(
            run.events_processed() - before <= BUDGET,
            "step exceeded its budget"
        );
        let acc = run.accounting();
        assert!(
            acc.ok,
            "accounting at {} µs: {:?}",
            run.now_us(),
            acc.problems
        );
        peak = peak.max(run.snapshot().work_in_flight);
        // The live report (kept counts) equals the full recount, at random moments.
        if sample.upto(8) == 0 {
            let mut full = run.report();
            assert_eq!(full.accounting_ok, Some(true));
            full.accounting_ok = None;
            assert_eq!(
                run.live_report(),
                full,
                "live report at {} µs",
                run.now_us()
            );
        }
        if r.upto(20) == 0 {
            if let Some(a) = action(r, &s) {
                let iv = Intervention::resolve(&s, &a).expect("resolves");
                run.apply(iv).expect("valid intervention");
            }
        }
        if res != StepResult::Budget {
            break;
        }
        assert!(
            run.events_processed() < 3_000_000,
            "runaway: {} events",
            run.events_processed()
        );
    }
    // Whatever the last intervention scheduled at `end` itself, as a replay would.
    run.step_until(end, u64::MAX);
    // New work stops at the cap; what is already in flight may finish its fan-out.
    assert!(
        peak <= u64::from(s.max_in_flight) * 4 + 100,
        "work in flight {peak} far above cap {}",
        s.max_in_flight
    );
    if seed.is_multiple_of(4) {
        let again = Run::replay(&s, seed, run.intervention_log(), end).expect("replay");
        assert_eq!(again.trace_hash(), run.trace_hash(), "replay diverged");
        if let Some((at, events, hash, log)) = &mid {
            let there = Run::replay_to(&s, seed, log, *at, *events).expect("replay");
            assert_eq!(
                (there.trace_hash(), there.events_processed(), there.now_us()),
                (*hash, *events, *at),
                "replay to a mid-step point diverged"
            );
        }
    }
}

#[test]
fn random_topologies_and_incidents_keep_every_invariant() {
    each_case("WIRELAB_PROPTEST_CASES", 1_000, check);
}

/// Long, loaded runs of random designs fold the journeys that have settled
/// (`journeys.rs`): the records read the same (the full recount equals the kept counts),
/// the accounting holds (no folded journey ever gets work again), and memory per
/// customer falls.
#[test]
fn folded_journeys_read_the_same_as_kept_ones() {
    let folded = std::sync::atomic::AtomicU64::new(0);
    each_case("WIRELAB_FOLD_CASES", 24, |seed| {
        let mut s = scenario(seed);
        for n in &mut s.nodes {
            if let NodeKind::Users(u) = &mut n.kind {
                u.arrival = Arrival::Poisson { rate_per_s: 600.0 };
            }
        }
        let mut run = Run::new(&s, seed).expect("valid");
        let sample = &mut Rng::stream(seed, 95, 0);
        for step in 1..=60 {
            let t = step * 500_000;
            while run.step_until(t, 100_000) == StepResult::Budget {}
            if run.halted().is_some() {
                break;
            }
            if step % 20 == 0 || sample.upto(10) == 0 {
                let mut full = run.report();
                assert_eq!(
                    full.accounting_ok,
                    Some(true),
                    "at {t} µs: {:?}",
                    run.accounting().problems
                );
                full.accounting_ok = None;
                assert_eq!(run.live_report(), full, "live report at {t} µs");
            }
        }
        folded.fetch_add(run.journeys_folded(), std::sync::atomic::Ordering::Relaxed);
    });
    assert!(folded.into_inner() > 0, "no case folded a journey");
}

/// The design review on random designs: it never panics, names only elements of the
/// design, gives finite evidence, and every fix leaves a design that validates.
#[test]
fn the_review_of_random_designs_is_sound() {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let seeds: Vec<u64> = match env("WIRELAB_PROPTEST_SEED") {
        Some(seed) => vec![seed],
        None => (0..env("WIRELAB_REVIEW_CASES").unwrap_or(60)).collect(),
    };
    let mut by_id = std::collections::BTreeMap::<&str, u32>::new();
    for seed in seeds {
        let s = scenario(seed);
        let found = std::panic::catch_unwind(|| wirelab_engine::review::advise(&s, seed))
            .unwrap_or_else(|_| panic!("the review panicked (rerun: WIRELAB_PROPTEST_SEED={seed})"))
            .unwrap_or_else(|e| panic!("seed {seed}: a valid design could not be reviewed: {e}"));
        for f in &found {
            *by_id.entry(f.id).or_default() += 1;
            for e in &f.elements {
                assert!(s.node_by_name(e).is_some(), "seed {seed}: {e} in {f:?}");
            }
            assert!(
                f.evidence.values().all(|v| v.is_finite()),
                "seed {seed}: {f:?}"
            );
            // Every fix, applied as the app applies it, leaves a design that validates
            // (a flip used to leave incident lines naming the wire it removed).
            if let Some(fix) = &f.fix {
                let fixed = common::with_fix(&s, fix);
                assert!(
                    validate(&fixed).is_empty(),
                    "seed {seed}: {} left {:?}",
                    fix.label(),
                    validate(&fixed)
                );
            }
        }
    }
    eprintln!("findings on random designs: {by_id:?}");
}
