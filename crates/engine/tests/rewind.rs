//! Rewinding: the run at an earlier moment is the run stepped there from 0 s, and playing
//! on from it applies the later live interventions where they were — the same run, to
//! the trace hash. A new intervention at the earlier moment forks: the later ones go.

mod common;
use common::random::{action, each_case, scenario};
use wirelab_engine::{Intervention, Logged, Rng, Run, StepResult};
use wirelab_model::{decode, Scenario};

fn bundled(name: &str) -> Scenario {
    let p = format!(
        "{}/../../public/scenarios/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    decode(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn to(run: &mut Run, us: u64) {
    while run.step_until(us, 7_919) == StepResult::Budget {}
}

/// A run with live interventions at odd moments, as a teacher makes them.
fn played(s: &Scenario, seed: u64) -> Run {
    let analytics = s.node_by_name("Analytics").unwrap().id;
    let mut run = Run::new(s, seed).unwrap();
    to(&mut run, 10_000_000);
    run.apply(Intervention::Kill { node: analytics }).unwrap();
    to(&mut run, 14_321_777);
    run.step_one();
    run.apply(Intervention::Slow {
        node: analytics,
        factor: 3,
    })
    .unwrap();
    to(&mut run, 20_000_000);
    run.apply(Intervention::Revive { node: analytics }).unwrap();
    to(&mut run, 30_000_000);
    run
}

#[test]
fn a_rewound_run_played_on_is_the_same_run() {
    for name in ["checkout-sync", "checkout-events"] {
        let s = bundled(name);
        for seed in [1, 7, 99] {
            let full = played(&s, seed);
            let log = full.intervention_log().to_vec();
            for back in [0, 5_000_000, 10_000_000, 14_000_000, 25_000_000, 30_000_000] {
                let mut r = Run::rewind(&s, seed, &log, back).unwrap();
                assert_eq!(r.now_us(), back, "{name} seed {seed}");
                // At `back` it is the run stepped there with only the earlier interventions.
                let mut fresh = Run::new(&s, seed).unwrap();
                let before: Vec<_> = log.iter().filter(|l| l.at_us <= back).cloned().collect();
                for l in &before {
                    to(&mut fresh, l.at_us);
                    while fresh.events_processed() < l.after_events && fresh.step_one() {}
                    fresh.apply(l.intervention.clone()).unwrap();
                }
                to(&mut fresh, back);
                assert_eq!(
                    r.trace_hash(),
                    fresh.trace_hash(),
                    "{name} seed {seed} at {back}"
                );
                assert_eq!(r.interventions_ahead(), log.len() - before.len());
                // Played on, the later interventions come back where they were.
                to(&mut r, 30_000_000);
                assert_eq!(
                    r.trace_hash(),
                    full.trace_hash(),
                    "{name} seed {seed} from {back}"
                );
                assert_eq!(r.intervention_log(), full.intervention_log());
            }
        }
    }
}

#[test]
fn an_intervention_at_an_earlier_moment_forks_the_run() {
    let s = bundled("checkout-sync");
    let full = played(&s, 3);
    let log = full.intervention_log().to_vec();
    let mut r = Run::rewind(&s, 3, &log, 12_000_000).unwrap();
    let dropped = r.drop_ahead();
    assert_eq!(dropped.len(), 2, "the slow-down and the revive after 12 s");
    let crm = s.node_by_name("CRM").unwrap().id;
    r.apply(Intervention::Kill { node: crm }).unwrap();
    to(&mut r, 30_000_000);
    assert_eq!(
        r.intervention_log().len(),
        2,
        "the kill before 12 s and the new one"
    );
    assert_ne!(r.trace_hash(), full.trace_hash());
}

/// Checkpoints: a copy of the run taken on the way, stepped on from there, is the run
/// stepped from 0 s — with the interventions after the copy still applied in place.
#[test]
fn seeking_from_any_checkpoint_is_seeking_from_zero() {
    let s = bundled("checkout-events");
    for seed in [2, 5] {
        let full = played(&s, seed);
        let log = full.intervention_log().to_vec();
        // Checkpoints as the app takes them: copies of the run as it plays.
        let mut checkpoints = Vec::new();
        let mut r = Run::rewind(&s, seed, &log, 0).unwrap();
        for t in (0..=30).step_by(3) {
            to(&mut r, t * 1_000_000);
            checkpoints.push(r.clone());
        }
        for target in [1_500_000, 10_000_000, 14_400_000, 22_222_222, 30_000_000] {
            let from_zero = Run::rewind(&s, seed, &log, target).unwrap();
            for cp in checkpoints.iter().filter(|c| c.now_us() <= target) {
                let mut sought = Run::rewind_from(cp, &log, target);
                assert_eq!(
                    sought.trace_hash(),
                    from_zero.trace_hash(),
                    "seed {seed}: {} -> {target}",
                    cp.now_us()
                );
                assert_eq!(
                    sought.snapshot().messages.len(),
                    from_zero.snapshot().messages.len()
                );
                to(&mut sought, 30_000_000);
                assert_eq!(sought.trace_hash(), full.trace_hash());
            }
        }
    }
}

/// Undoing a live intervention changes the timeline: the checkpoints before it still fit
/// and seek exactly; the ones after it do not fit, and the ones that fit the new log give
/// the run stepped from 0 s under it.
#[test]
fn checkpoints_fit_a_timeline_only_up_to_where_it_changed() {
    let s = bundled("checkout-sync");
    for seed in [3, 8, 21] {
        let full = played(&s, seed);
        let log = full.intervention_log().to_vec();
        let mut checkpoints = Vec::new();
        let mut r = Run::rewind(&s, seed, &log, 0).unwrap();
        for t in (0..=30).step_by(2) {
            to(&mut r, t * 1_000_000);
            checkpoints.push(r.clone());
        }
        assert!(checkpoints.iter().all(|cp| cp.fits(&log)));
        // Undo the slow-down at 14.3 s: the log without its second entry.
        let undone: Vec<_> = [&log[0], &log[2]].into_iter().cloned().collect();
        let from_zero = Run::rewind(&s, seed, &undone, 30_000_000).unwrap();
        assert_ne!(from_zero.trace_hash(), full.trace_hash(), "seed {seed}");
        for cp in &checkpoints {
            let fits = cp.fits(&undone);
            assert_eq!(
                fits,
                cp.now_us() <= 14_000_000,
                "seed {seed} at {}",
                cp.now_us()
            );
            if fits {
                let sought = Run::rewind_from(cp, &undone, 30_000_000);
                assert_eq!(sought.trace_hash(), from_zero.trace_hash(), "seed {seed}");
            }
        }
        // A new intervention before the kill at 10 s (a fork): only copies before it fit.
        let analytics = s.node_by_name("Analytics").unwrap().id;
        let mut early = Run::rewind(&s, seed, &[], 6_000_000).unwrap();
        early.apply(Intervention::Hang { node: analytics }).unwrap();
        let forked = early.intervention_log().to_vec();
        for cp in &checkpoints {
            assert_eq!(cp.fits(&forked), cp.now_us() <= 6_000_000, "seed {seed}");
        }
    }
}

/// An edit keeps the moment: the changed design re-simulated to it under the same
/// interventions, by name; a target the new design lacks is left out and said.
#[test]
fn a_changed_design_is_resimulated_to_the_moment_under_the_same_interventions() {
    let old = bundled("checkout-sync");
    let full = played(&old, 4);
    let log = full.intervention_log().to_vec();
    // Unchanged design: the same run at 23 s (the interventions fell between steps).
    let mut slower = old.clone();
    if let wirelab_model::WireKind::Call(c) = &mut slower.wires[0].kind {
        c.network.base_ms += 5.0;
    }
    let (run, skipped) = Run::resimulate(&slower, 4, &old, &log, 23_000_000).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(run.now_us(), 23_000_000);
    assert_eq!(
        run.intervention_log().len(),
        3,
        "kill, slow and revive before 23 s"
    );
    let at_12 = Run::resimulate(&slower, 4, &old, &log, 12_000_000)
        .unwrap()
        .0;
    let analytics = at_12
        .snapshot()
        .nodes
        .into_iter()
        .find(|n| n.name == "Analytics")
        .unwrap();
    assert_eq!(analytics.health, wirelab_engine::NodeHealth::Down);
    // A design without Analytics: its interventions are left out, in words.
    let other = bundled("retry-storm");
    let (_, skipped) = Run::resimulate(&other, 4, &old, &log, 23_000_000).unwrap();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(
        skipped[0].starts_with("`kill Analytics` was left out: no node is named `Analytics`"),
        "{skipped:?}"
    );
}

/// The run of (scenario, seed, log) at `at_us`, built without the rewind's machinery:
/// step to each intervention's exact place, apply it, then step to `at_us`.
fn oracle(s: &Scenario, seed: u64, log: &[Logged], at_us: u64) -> Run {
    let mut run = Run::new(s, seed).unwrap();
    for l in log.iter().filter(|l| l.at_us <= at_us) {
        while run.events_processed() < l.after_events && run.step_one() {}
        // The clock to the intervention's time, processing nothing more.
        run.step_until(l.at_us, 0);
        run.apply(l.intervention.clone()).unwrap();
    }
    to(&mut run, at_us);
    run
}

fn state(r: &Run) -> (u64, u64, u64) {
    (r.now_us(), r.events_processed(), r.trace_hash())
}

/// Steps on to `end`, asserting that the clock never moves back.
fn play_on(run: &mut Run, end: u64) {
    loop {
        let before = run.now_us();
        let res = run.step_until(end, 997);
        assert!(
            run.now_us() >= before,
            "the clock moved back from {before} to {}",
            run.now_us()
        );
        if res != StepResult::Budget {
            break;
        }
    }
}

/// `shared/repros/turn3/rewind-send-idle.json`: manual users, `send Users 3` at 1 s,
/// rewound to 2 s. The rewind applied the send after its loop and stopped: 0 answered
/// instead of 3, and the next step moved the clock from 2 s back to 1.001 s.
#[test]
fn a_rewind_processes_what_a_replayed_intervention_started() {
    let s = common::repro("rewind-send-idle.json");
    let users = s.node_by_name("Users").unwrap().id;
    let mut run = Run::new(&s, 1).unwrap();
    to(&mut run, 1_000_000);
    run.apply(Intervention::Send {
        node: users,
        count: 3,
    })
    .unwrap();
    to(&mut run, 2_000_000);
    let log = run.intervention_log().to_vec();
    let mut back = Run::rewind(&s, 1, &log, 2_000_000).unwrap();
    assert_eq!(state(&back), state(&run));
    assert_eq!(back.report().users.succeeded, 3);
    let cp = Run::new(&s, 1).unwrap();
    assert_eq!(state(&Run::rewind_from(&cp, &log, 2_000_000)), state(&run));
    play_on(&mut back, 3_000_000);
    to(&mut run, 3_000_000);
    assert_eq!(state(&back), state(&run));
}

/// One random case: a random design and script, live interventions at random points
/// (after a reached target and in the middle of a step), then rewinds — from 0 s and
/// from every checkpoint before — to random moments, to each intervention's instant and
/// to every place the run stood. Each equals the oracle's run there, and played on it
/// is the original run, its clock never going back.
fn rewind_case(seed: u64) {
    let s = scenario(seed);
    let r = &mut Rng::stream(seed, 97, 0);
    let end = 3_000_000;
    let mut run = Run::new(&s, seed).unwrap();
    let mut checkpoints = vec![run.clone()];
    let mut targets = Vec::new();
    while run.now_us() < end && run.halted().is_none() {
        let t = (run.now_us() + 1 + r.upto(300_000)).min(end);
        let res = run.step_until(t, 1 + r.upto(5_000));
        if r.upto(2) == 0 {
            if let Some(a) = action(r, &s) {
                let iv = Intervention::resolve(&s, &a).unwrap();
                run.apply(iv).unwrap();
            }
        }
        if res == StepResult::Reached {
            targets.push(run.now_us());
        }
        if r.upto(4) == 0 {
            checkpoints.push(run.clone());
        }
    }
    if run.halted().is_some() {
        return;
    }
    let log = run.intervention_log().to_vec();
    targets.extend(log.iter().map(|l| l.at_us));
    targets.extend((0..4).map(|_| r.upto(end)));
    targets.sort_unstable();
    targets.dedup();
    let full = oracle(&s, seed, &log, end);
    for &t in targets.iter().filter(|_| r.upto(2) == 0) {
        let want = state(&oracle(&s, seed, &log, t));
        let mut back = Run::rewind(&s, seed, &log, t).unwrap();
        assert_eq!(state(&back), want, "rewind to {t} µs");
        for cp in checkpoints
            .iter()
            .filter(|c| c.now_us() <= t && c.fits(&log))
        {
            let from = Run::rewind_from(cp, &log, t);
            assert_eq!(
                state(&from),
                want,
                "rewind to {t} µs from {} µs",
                cp.now_us()
            );
        }
        play_on(&mut back, end);
        assert_eq!(state(&back), state(&full), "played on from {t} µs");
    }
}

/// `WIRELAB_REWIND_CASES` cases (a few dozen here; `make fuzz` runs thousands);
/// `WIRELAB_PROPTEST_SEED=n` runs only case `n`.
#[test]
fn a_rewind_on_a_random_design_equals_the_run_it_rewinds() {
    each_case("WIRELAB_REWIND_CASES", 100, rewind_case);
}

/// An edit's re-simulation in slices (as the app steps it between frames) is the one at
/// once, on random designs with live interventions, to random moments.
#[test]
fn a_resimulation_in_slices_is_the_one_at_once() {
    each_case("WIRELAB_RESIM_CASES", 60, |seed| {
        let s = scenario(seed);
        let r = &mut Rng::stream(seed, 95, 0);
        let mut run = Run::new(&s, seed).unwrap();
        for _ in 0..6 {
            let next = run.now_us() + 1 + r.upto(500_000);
            to(&mut run, next);
            if let Some(a) = action(r, &s) {
                run.apply(Intervention::resolve(&s, &a).unwrap()).unwrap();
            }
        }
        let log = run.intervention_log().to_vec();
        // The edit: every service a little slower.
        let mut edited = s.clone();
        for n in &mut edited.nodes {
            if let wirelab_model::NodeKind::Service(c) = &mut n.kind {
                c.latency.base_ms += 1.0;
            }
        }
        let at = r.upto(run.now_us());
        let (once, skipped) = Run::resimulate(&edited, seed, &s, &log, at).unwrap();
        let (mut sliced, mut plan) =
            wirelab_engine::Resimulation::new(&edited, seed, &s, &log, at).unwrap();
        let mut slices = 0;
        while !plan.step(&mut sliced, 1 + r.upto(3_000)) {
            slices += 1;
            assert!(sliced.now_us() <= at);
        }
        assert_eq!(
            state(&sliced),
            state(&once),
            "seed {seed} to {at} µs in {slices} slices"
        );
        assert_eq!(sliced.intervention_log(), once.intervention_log());
        assert_eq!(plan.skipped, skipped);
    });
}

/// A shared moment: its JSON, read back for the same design, reopens the run at the same
/// time with the same trace hash; a moment that cannot be this design's is refused.
#[test]
fn a_shared_moment_reopens_the_same_run() {
    use wirelab_engine::Moment;
    for name in ["checkout-sync", "checkout-events"] {
        let s = bundled(name);
        for seed in [1, 7, 99] {
            let mut full = played(&s, seed);
            to(&mut full, 31_234_567);
            let m = Moment::of(&full);
            let read = Moment::read(&m.to_json(), &s).unwrap();
            assert_eq!(read, m);
            let opened = Run::rewind(&s, seed, &read.log, read.at_us).unwrap();
            assert_eq!(opened.now_us(), full.now_us(), "{name} seed {seed}");
            assert_eq!(
                format!("{:016x}", opened.trace_hash()),
                read.trace.clone().unwrap(),
                "{name} seed {seed}"
            );
            // A plain link's start: played on, it does what was done live.
            let start = Moment::read(&Moment::start_of(&full).to_json(), &s).unwrap();
            let mut again = Run::rewind(&s, seed, &start.log, 0).unwrap();
            to(&mut again, full.now_us());
            assert_eq!(again.trace_hash(), full.trace_hash(), "{name} seed {seed}");
        }
    }
    let s = bundled("checkout-sync");
    let m = Moment::of(&played(&s, 7));
    let json = |f: &dyn Fn(&mut Moment)| {
        let mut m = m.clone();
        f(&mut m);
        Moment::read(&m.to_json(), &s).unwrap_err()
    };
    assert!(json(&|m| m.at_us = 10_000_000_000).contains("past the run's end"));
    assert!(json(&|m| m.log.reverse()).contains("out of order"));
    assert!(json(&|m| m.trace = Some("xyz".into())).contains("16 hex digits"));
    assert!(json(&|m| m.log[0].intervention = Intervention::Kill {
        node: wirelab_model::NodeId(999)
    })
    .contains("does not fit this design"));
    assert!(Moment::read("{\"t\": \"soon\"}", &s)
        .unwrap_err()
        .contains("does not read"));
}
