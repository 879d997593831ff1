//! Designs that once ran without bound: each now ends with bounded work and memory, or
//! stops with a reason. The reproducers live in `tests/repros/` (see its README).

mod common;
use common::*;
use wirelab_engine::{Run, StepResult, MAX_EVENTS_PER_SIM_S, MAX_RECORD_BYTES};
use wirelab_model::*;

/// Steps to the end in frame-sized slices, tracking the peak work in flight.
fn run_to_end(s: &Scenario, duration_ms: u64) -> (Run, u64) {
    let mut run = Run::new(s, s.seed).expect("valid");
    let mut peak = 0;
    loop {
        let r = run.step_until(duration_ms * 1000, 20_000);
        peak = peak.max(run.snapshot().work_in_flight);
        assert!(run.accounting().ok, "{:?}", run.accounting().problems);
        if r != StepResult::Budget {
            break;
        }
    }
    (run, peak)
}

/// One user a second, an outbox relay over a one-second (and a one-day) network: the
/// relay used to resend every poll whatever was in flight (14.9 M events from 11 users,
/// 3.7 GB for the day). Polls faster than 1 ms are refused; resends wait for the
/// publish timeout and respect the work cap.
#[test]
fn outbox_relay_resends_wait_for_their_ack_and_the_cap() {
    let e = wirelab_model::decode(
        &std::fs::read_to_string(format!(
            "{}/../../tests/repros/outbox-relay-flood.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap_err();
    assert_eq!(e[0].field, "kind.outbox_poll_ms", "{e:?}");
    for (file, cap) in [
        ("outbox-relay-flood.json", 1_000),
        ("outbox-relay-flood-day.json", 300),
    ] {
        let mut s = repro_raw(file);
        s.max_in_flight = cap;
        for w in &mut s.wires {
            if let WireKind::Publish(p) = &mut w.kind {
                p.outbox_poll_ms = 1.0;
            }
        }
        let (run, peak) = run_to_end(&s, 60_000);
        let r = run.report();
        eprintln!(
            "{file}: {} events, peak work {peak} (cap {cap}), shed {}",
            r.sim_events, r.shed
        );
        assert!(peak <= u64::from(cap) + 2, "peak work in flight {peak}");
        assert!(r.sim_events < 1_000_000, "{} events", r.sim_events);
        assert!(r.stopped.is_none(), "{:?}", r.stopped);
    }
}

/// A reproducer as written, validated after its edits.
fn repro_raw(name: &str) -> Scenario {
    let p = format!("{}/../../tests/repros/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut s: Scenario = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    // The reproducers are version 1 files, read here without the decoder's migration.
    s.version = FORMAT_VERSION;
    s
}

/// A publishes to T, T feeds A and B, B publishes to T, all without delay: the run
/// stops with a reason within the event budget of one simulated second.
#[test]
fn an_event_loop_without_delay_stops_with_a_reason() {
    let s = repro("event-loop-fanout.json");
    let mut run = Run::new(&s, s.seed).unwrap();
    let mut steps = 0;
    while run.step_until(60_000_000, 100_000) == StepResult::Budget {
        steps += 1;
        assert!(steps < 1_000, "never stopped");
    }
    let halt = run.halted().expect("halted");
    assert!(halt.reason.contains("event loop"), "{}", halt.reason);
    assert!(run.events_processed() <= MAX_EVENTS_PER_SIM_S + 1);
    assert!(run.accounting().ok);
    assert_eq!(
        run.snapshot().stopped.as_deref(),
        Some(halt.reason.as_str())
    );
    assert_eq!(run.report().stopped.as_deref(), Some(halt.reason.as_str()));
    // Halted is final: nothing more happens, however it is asked.
    let n = run.events_processed();
    assert!(!run.step_one());
    assert_eq!(run.step_until(70_000_000, 10), StepResult::Halted);
    assert_eq!(run.events_processed(), n);
}

fn hung_order(arrival: Arrival, cap: u32) -> Scenario {
    let mut s = B::new()
        .users("Users", arrival, 86_400_000.0)
        .service("Order", fixed(1.0), 10, 1_000_000)
        .call("Users", "Order", call(86_400_000.0))
        .incidents("0s hang Order")
        .build();
    s.max_in_flight = cap;
    s
}

/// Shed arrivals are counted, not kept: the records grow with the work the cap lets in
/// and with time, not with the arrivals it turns away.
#[test]
fn shed_arrivals_keep_no_record() {
    let s = hung_order(
        Arrival::Constant {
            rate_per_s: 20_000.0,
        },
        100,
    );
    let (run, _) = run_to_end(&s, 10_000);
    let r = run.report();
    assert!(r.shed > 190_000, "{}", r.shed);
    let kept = r.users.arrived - r.shed;
    assert!(kept <= 100, "{kept} kept of {:?}", r.users);
    // About a hundred people kept (under 100 bytes each) and a shed bucket a millisecond
    // (24 bytes each), not two hundred thousand people.
    assert!(
        run.record_bytes() <= kept * 100 + 10_000 * 24,
        "{} bytes",
        run.record_bytes()
    );
    let failed: u64 = r
        .user_failures
        .iter()
        .filter(|f| f.reason == "shed")
        .map(|f| f.count)
        .sum();
    assert_eq!(failed, r.shed);
}

/// A burst of 100,000 people arrives over several bounded steps, at the same instant.
#[test]
fn a_burst_respects_the_step_budget() {
    let s = hung_order(
        Arrival::Bursts {
            size: 2_500,
            every_ms: 1_000.0,
        },
        1_000_000,
    );
    let mut run = Run::new(&s, 1).unwrap();
    let r = run.step_until(0, 1);
    assert_eq!(r, StepResult::Budget);
    assert!(
        run.snapshot().users.arrived <= 1_000,
        "{:?}",
        run.snapshot().users
    );
    run.step_until(0, u64::MAX);
    assert_eq!(run.snapshot().users.arrived, 2_500);
    assert_eq!(run.now_us(), 0);
}

/// Twenty thousand people a second with their every answer kept reaches the memory
/// budget of one run and stops there, with a reason.
#[test]
fn records_stop_at_the_memory_budget() {
    let mut s = B::new()
        .users(
            "Users",
            Arrival::Constant {
                rate_per_s: 20_000.0,
            },
            10_000.0,
        )
        .service("Order", fixed(0.0), 10_000, 1_000)
        .call("Users", "Order", call(1_000.0))
        .build();
    s.duration_ms = 86_400_000;
    let mut run = Run::new(&s, 1).unwrap();
    while run.step_until(s.duration_ms * 1000, 1_000_000) == StepResult::Budget {}
    let halt = run.halted().expect("halted");
    assert!(halt.reason.contains("memory"), "{}", halt.reason);
    assert!(
        run.record_bytes() <= MAX_RECORD_BYTES + 4096 * 64,
        "{}",
        run.record_bytes()
    );
    eprintln!("memory budget reached at {:.1} s", halt.at_us as f64 / 1e6);
}

/// Steps a run to `until_ms` in frame-sized slices; returns the events it took.
fn frames(run: &mut Run, until_ms: u64) -> u64 {
    while run.step_until(until_ms * 1000, 20_000) == StepResult::Budget {}
    run.events_processed()
}

/// `in-order-backlog-scan.json`: a hung in-order consumer and every delivery attempt
/// scanned the whole backlog (5 / 10 / 20 simulated s took 0.33 / 1.43 / 6.43 s). The
/// next copy now comes from the partitions that may deliver, in O(log n): the whole
/// 20 s run is bounded by its events, and so are the other in-order reproducers.
#[test]
fn an_in_order_backlog_is_never_scanned() {
    for (file, until_ms) in [
        ("in-order-backlog-scan.json", 20_000),
        ("engine-in-order-15s.json", 5_000),
        ("compare-in-order-stall-b.json", 4_340),
    ] {
        let s = repro(file);
        let mut run = Run::new(&s, s.seed).unwrap();
        let events = frames(&mut run, until_ms);
        assert!(
            run.accounting().ok,
            "{file}: {:?}",
            run.accounting().problems
        );
        eprintln!(
            "{file}: {events} events to {until_ms} ms, halted: {:?}",
            run.halted()
        );
    }
    // Both designs of the compare tab that froze, with the seed it froze on.
    let pair: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../../tests/repros/compare-in-order-stall.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let seed = pair["run_seed"].as_u64().unwrap();
    for side in ["a", "b"] {
        let s = decode(&pair[side].to_string()).unwrap();
        let mut run = Run::new(&s, seed).unwrap();
        frames(&mut run, s.duration_ms);
        assert!(run.accounting().ok);
    }
}

/// `shed-interleaved-20users.json`: twenty users nodes shedding in turn made a bucket
/// per arrival, and the shed log was not counted in the memory budget (1 GB after 120
/// simulated s). Now each users node has one bucket a millisecond, and they count.
#[test]
fn interleaved_shedding_keeps_one_bucket_per_users_node_and_millisecond() {
    let s = repro("shed-interleaved-20users.json");
    let mut run = Run::new(&s, s.seed).unwrap();
    frames(&mut run, 500);
    let shed = run.report().shed;
    assert!(shed > 150_000, "{shed} shed");
    // 20 users nodes × 500 ms, 24 bytes each, next to the few journeys the cap admits.
    let buckets = 20 * 500 * 24;
    let bytes = run.record_bytes();
    assert!(
        (buckets - 20 * 24..buckets + 1_000_000).contains(&bytes),
        "{bytes} bytes of records for {shed} shed"
    );
}
