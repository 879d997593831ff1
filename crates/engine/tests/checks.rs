//! Check evaluation semantics: windows agree with the per-second series, levels are
//! maxima, user metrics follow arrivals, and unmeasurable checks fail with a note.

use wirelab_engine::{run_checks, CheckResult};
use wirelab_model::{decode, Check, Criterion, Incident};

fn checked(checks: &[&str]) -> (Vec<CheckResult>, Vec<wirelab_engine::Second>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/scenarios/checkout-events.json"
    );
    let mut s = decode(&std::fs::read_to_string(path).unwrap()).unwrap();
    s.incidents = vec![
        Incident::parse("at 10s kill Analytics").unwrap(),
        Incident::parse("at 20s revive Analytics").unwrap(),
    ];
    let criteria: Vec<Criterion> = checks
        .iter()
        .map(|c| Criterion {
            check: Check::parse(c).unwrap(),
            hint: "why?".into(),
        })
        .collect();
    let done = run_checks(&s, s.seed, 30_000, &criteria).unwrap();
    (done.results, done.run.per_second().to_vec())
}

#[test]
fn windows_agree_with_the_run() {
    let (r, seconds) = checked(&[
        "processed during 10s..20s >= 0",
        "backlog(OrderCreated -> Analytics) during 10s..20s > 0",
        "backlog(OrderCreated -> Analytics) == 0 at end",
        "success_rate during 10s..20s >= 99%",
        "arrived during 0s..30s == arrived",
        "processed(OrderCreated -> Analytics) during 11s..20s == 0",
        "lag(OrderCreated -> Analytics) during 10s..21s >= 9s",
    ]);
    let per_second: u32 = seconds[10..20].iter().map(|s| s.processed).sum();
    assert_eq!(r[0].measured, Some(f64::from(per_second)));
    let failing: Vec<_> = r.iter().filter(|r| !r.pass).map(|r| &r.check).collect();
    assert!(failing.is_empty(), "{failing:?}");
    assert!(
        r[1].measured.unwrap() > 100.0,
        "the backlog grew while Analytics was down"
    );
}

#[test]
fn unmeasurable_checks_fail_with_a_note_and_keep_the_hint() {
    let (r, _) = checked(&[
        "processed(OrderCreated -> Billing) > 0",
        "calls(Order -> Email) > 0",
    ]);
    assert!(!r[0].pass && r[0].measured.is_none());
    assert_eq!(
        r[0].note,
        "no subscription `OrderCreated -> Billing` in this design"
    );
    assert_eq!(r[1].note, "no call `Order -> Email` in this design");
    assert_eq!(r[1].hint, "why?");
}
