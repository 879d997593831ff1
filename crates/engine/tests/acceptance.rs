//! The acceptance: the checkout flow, synchronous versus events, with Analytics
//! killed at 10 s and revived at 40 s.

mod common;
use common::*;
use wirelab_engine::Run;
use wirelab_model::parse_script;

const OUTAGE: &str = "at 10s kill Analytics; at 40s revive Analytics";

fn with_outage(file: &str) -> wirelab_model::Scenario {
    let mut s = load(file);
    s.incidents = parse_script(OUTAGE).unwrap();
    s
}

#[test]
fn sync_checkout_fails_during_the_outage_only() {
    let s = with_outage("checkout-sync.json");
    let run = run_checked(&s, s.seed, 120_000);
    let r = run.report();
    assert_eq!(r.accounting_ok, Some(true));
    assert!(r.users.failed > 400, "{:?}", r.users);
    let failed_in = |from: usize, to: usize| -> u32 {
        run.per_second()[from..to].iter().map(|s| s.failed).sum()
    };
    assert_eq!(failed_in(0, 10), 0);
    assert!(
        failed_in(11, 40) > 400,
        "every checkout in the outage fails"
    );
    assert_eq!(failed_in(41, 120), 0, "none after revival");
    // The failure is attributed to Analytics refusing, not to Order.
    assert_eq!(
        service(&r, "Analytics").failures.get("refused"),
        Some(&r.users.failed)
    );
    let f = &r.user_failures;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].at.as_str(), f[0].reason.as_str(), f[0].count),
        ("Analytics", "refused", r.users.failed)
    );
    println!("sync: {}", serde_json::to_string(&r.users).unwrap());
}

#[test]
fn event_checkout_has_no_failures_and_analytics_catches_up() {
    let s = with_outage("checkout-events.json");
    let mut run = Run::new(&s, s.seed).unwrap();
    drive(&mut run, 39_000);
    let snap = run.snapshot();
    let analytics = snap
        .nodes
        .iter()
        .find(|n| n.name == "Analytics")
        .unwrap()
        .id;
    let backlog_at = |snap: &wirelab_engine::Snapshot| {
        snap.subscriptions
            .iter()
            .find(|s| s.consumer == analytics)
            .unwrap()
            .clone()
    };
    let during = backlog_at(&snap);
    assert!(
        during.backlog > 400,
        "backlog grows while Analytics is down: {during:?}"
    );
    assert!(
        during.lag_us > 25_000_000,
        "oldest waiting event is ~29 s old: {during:?}"
    );
    drive(&mut run, 50_000);
    assert!(
        backlog_at(&run.snapshot()).backlog < 5,
        "caught up within 10 s of revival"
    );
    drive(&mut run, 120_000);
    let r = run.report();
    assert_eq!(r.accounting_ok, Some(true));
    assert_eq!(
        r.users.failed + r.users.timed_out + r.users.abandoned,
        0,
        "{:?}",
        r.users
    );
    let a = r
        .subscriptions
        .iter()
        .find(|s| s.consumer == "Analytics")
        .unwrap();
    assert_eq!((a.dead_lettered, a.duplicates), (0, 0));
    // Every event stored before the last second has been processed by Analytics.
    assert!(
        r.events.published - a.processed <= 30,
        "{} published, {} processed",
        r.events.published,
        a.processed
    );
    assert_eq!(r.events.lost, 0);
    println!("events: {}", serde_json::to_string(&r.events).unwrap());
}

#[test]
fn same_trace_hash_on_a_second_run() {
    for f in ["checkout-sync.json", "checkout-events.json"] {
        let s = with_outage(f);
        let a = report(&s, s.seed, 120_000);
        let b = report(&s, s.seed, 120_000);
        assert_eq!(a, b, "{f}");
    }
}

/// Pinned so that any change to the engine's behaviour is noticed; update them (with
/// the reason in the commit) when a change is intended. Every bundled scenario runs with
/// its own incident script; the checkout pair also with the outage.
#[test]
fn golden_trace_hashes() {
    let dir = format!("{}/../../public/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".json"))
        .collect();
    files.sort();
    let mut got: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let s = load(f);
            (f.clone(), report(&s, s.seed, s.duration_ms).trace_hash)
        })
        .collect();
    for f in ["checkout-sync.json", "checkout-events.json"] {
        let s = with_outage(f);
        got.push((
            format!("{f} + outage"),
            report(&s, s.seed, 120_000).trace_hash,
        ));
    }
    let want = [
        ("broker-outbox.json", "d330a8c3a9037325"),
        ("checkout-events.json", "6c06ec20c29a57a0"),
        ("checkout-sync.json", "6e4599226307e4dd"),
        ("double-charge.json", "2c6f5a5e496e9565"),
        ("request-reply.json", "e217cf92cd78ac8f"),
        ("retry-storm.json", "8664cf19e9294956"),
        ("checkout-sync.json + outage", "e17de84ae5c1f927"),
        ("checkout-events.json + outage", "a703aa03741aac11"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
}
