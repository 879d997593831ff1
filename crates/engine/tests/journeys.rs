//! One customer's journey, step by step: the order of calls, publishes, deliveries and
//! the answer tells sync from events; retries show each attempt; a failure ends where it
//! happened. Swept over seeds.

mod common;
use wirelab_engine::{
    mermaid, trace_journey, JStep, JourneyTrace, MsgKind, Pick, MAX_JOURNEY_STEPS,
};
use wirelab_model::{decode, Incident, Scenario};

fn bundled(name: &str) -> Scenario {
    let p = format!(
        "{}/../../public/scenarios/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    decode(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn trace(s: &Scenario, seed: u64, ms: u64, pick: Pick) -> JourneyTrace {
    trace_journey(s, seed, ms, pick)
        .unwrap()
        .unwrap_or_else(|| panic!("seed {seed}: no journey for {pick:?}"))
}

fn answer(t: &JourneyTrace) -> (String, u64) {
    t.steps
        .iter()
        .find_map(|s| match s {
            JStep::Answer { outcome, at_us } => Some((outcome.clone(), *at_us)),
            _ => None,
        })
        .expect("an answer")
}

fn messages(t: &JourneyTrace) -> Vec<(&str, &str, MsgKind, u32, u64, u64)> {
    t.steps
        .iter()
        .filter_map(|s| match s {
            JStep::Message {
                from,
                to,
                kind,
                attempt,
                sent_us,
                arrives_us,
                ..
            } => Some((
                from.as_str(),
                to.as_str(),
                *kind,
                *attempt,
                *sent_us,
                *arrives_us,
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn in_the_all_sync_checkout_every_call_is_answered_before_the_customer_is() {
    let s = bundled("checkout-sync");
    for seed in 0..10 {
        for pick in [Pick::First, Pick::Slowest, Pick::Id(37)] {
            let t = trace(&s, seed, 10_000, pick);
            let (outcome, at) = answer(&t);
            assert_eq!(outcome, "answered", "seed {seed}");
            let m = messages(&t);
            let calls = m.iter().filter(|x| x.2 == MsgKind::Request).count();
            assert_eq!(calls, 6, "seed {seed}: Users→Order and Order's five calls");
            // Everything happens before the answer, and the answer is the last reply's
            // arrival at the customer.
            assert!(m.iter().all(|x| x.5 <= at), "seed {seed}: {m:?}");
            let last = m.iter().filter(|x| x.1 == "Users").map(|x| x.5).max();
            assert_eq!(last, Some(at), "seed {seed}");
            // Order waits for the last of its calls before it answers.
            let order_reply = m.iter().find(|x| x.0 == "Order" && x.1 == "Users").unwrap();
            let last_in = m
                .iter()
                .filter(|x| x.1 == "Order" && x.2 == MsgKind::Response)
                .map(|x| x.5)
                .max()
                .unwrap();
            assert!(order_reply.4 >= last_in, "seed {seed}");
        }
    }
}

#[test]
fn in_the_event_checkout_the_publish_precedes_the_answer_and_deliveries_follow_it() {
    let s = bundled("checkout-events");
    for seed in 0..10 {
        for pick in [Pick::First, Pick::Slowest, Pick::Id(51)] {
            let t = trace(&s, seed, 10_000, pick);
            let (outcome, at) = answer(&t);
            assert_eq!(outcome, "answered", "seed {seed}");
            let m = messages(&t);
            let publish = m
                .iter()
                .find(|x| x.2 == MsgKind::Publish)
                .expect("a publish");
            assert!(
                publish.4 < at,
                "seed {seed}: publish sent before the answer"
            );
            let deliveries: Vec<_> = m.iter().filter(|x| x.2 == MsgKind::Delivery).collect();
            assert_eq!(deliveries.len(), 3, "seed {seed}: Email, Analytics, CRM");
            for d in &deliveries {
                assert!(
                    d.5 > at,
                    "seed {seed}: {} got the event before the answer",
                    d.1
                );
            }
            // The work after the answer is the asynchronous tail, up to the settled moment.
            let settled = t.steps.iter().find_map(|s| match s {
                JStep::Settled { at_us, .. } => Some(*at_us),
                _ => None,
            });
            let settled = settled.expect("settled within 10 s");
            assert!(
                settled > at && deliveries.iter().all(|d| d.5 <= settled),
                "seed {seed}"
            );
        }
    }
}

#[test]
fn a_retried_journey_shows_each_attempt_after_its_backoff() {
    let s = bundled("retry-storm");
    for seed in 0..6 {
        let t = trace(&s, seed, 30_000, Pick::Retried);
        let m = messages(&t);
        let requests: Vec<_> = m
            .iter()
            .filter(|x| x.2 == MsgKind::Request && x.3 > 1)
            .collect();
        assert!(
            !requests.is_empty(),
            "seed {seed}: no second attempt in {m:?}"
        );
        for r in &requests {
            // The attempt before it, on the same wire, was sent earlier.
            let before = m
                .iter()
                .filter(|x| x.0 == r.0 && x.1 == r.1 && x.2 == MsgKind::Request && x.3 == r.3 - 1)
                .map(|x| x.4)
                .max();
            let before = before.unwrap_or_else(|| panic!("seed {seed}: attempt {} alone", r.3));
            assert!(before < r.4, "seed {seed}");
        }
    }
}

#[test]
fn a_failed_journey_ends_at_the_failing_element_with_its_reason() {
    let mut s = bundled("checkout-sync");
    s.incidents = vec![Incident::parse("2s kill Analytics").unwrap()];
    for seed in 0..10 {
        let t = trace(&s, seed, 10_000, Pick::Failed);
        let (outcome, at) = answer(&t);
        assert_eq!(outcome, "failed at Analytics (refused)", "seed {seed}");
        let m = messages(&t);
        let error = m
            .iter()
            .find(|x| x.0 == "Analytics" && x.2 == MsgKind::Error)
            .unwrap_or_else(|| panic!("seed {seed}: no refusal from Analytics in {m:?}"));
        assert!(error.5 <= at, "seed {seed}");
    }
}

#[test]
fn the_mermaid_diagram_starts_at_the_users_and_keeps_time_order() {
    let s = bundled("checkout-events");
    let t = trace(&s, 7, 10_000, Pick::First);
    let text = mermaid(&t);
    assert_eq!(
        text,
        mermaid(&trace(&s, 7, 10_000, Pick::First)),
        "deterministic"
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "sequenceDiagram");
    assert_eq!(lines[1], "    participant p0 as Users");
    let participants = lines.iter().filter(|l| l.contains("participant ")).count();
    assert_eq!(participants, 8, "{text}");
    // Arrow times (+… ms) never go back.
    let times: Vec<f64> = lines
        .iter()
        .filter_map(|l| l.split(" at +").nth(1))
        .map(|t| {
            let (v, unit) = t.split_once(' ').unwrap();
            let v: f64 = v.parse().unwrap();
            if unit.starts_with('s') {
                v * 1000.0
            } else {
                v
            }
        })
        .collect();
    assert!(times.len() >= 10, "{text}");
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{text}");
    assert!(
        text.contains("-)"),
        "publishes and deliveries are async arrows: {text}"
    );
    assert!(text.contains("answered after"), "{text}");
    println!("{text}");
}

/// `journey-event-loop-1ms.json`: a service subscribed to its own event makes a journey
/// without end; following it kept every step (11.5 M steps, 3.3 GB, 413 MB of Mermaid
/// over the day). A followed journey keeps its first steps and its answer, and counts
/// the rest; the diagram says how many it left out.
#[test]
fn following_a_journey_without_end_is_bounded() {
    let s = common::repro("journey-event-loop-1ms.json");
    let t = trace_journey(&s, 1, 10_000, Pick::First).unwrap().unwrap();
    assert!(
        t.steps.len() <= MAX_JOURNEY_STEPS + 2,
        "{} steps",
        t.steps.len()
    );
    assert!(t.left_out > 5_000, "{} left out", t.left_out);
    assert!(t.steps.iter().any(|s| matches!(s, JStep::Answer { .. })));
    let m = mermaid(&t);
    assert!(m.len() < 200_000, "{} bytes of Mermaid", m.len());
    assert!(
        m.contains(&format!("and {} more steps, not drawn", t.left_out)),
        "{}",
        &m[m.len() - 300..]
    );
}

/// A journey traced up to a moment and then followed on in the live run grows exactly as
/// one followed from the start: what a diagram opened from a stopwatch shows as the run
/// plays on.
#[test]
fn a_journey_followed_on_from_a_moment_is_the_journey_followed_from_the_start() {
    use wirelab_engine::Run;
    let mut s = bundled("checkout-sync");
    s.incidents = vec![Incident::parse("at 0s hang Payment").unwrap()];
    for seed in [1, 7, 42] {
        let mut live = Run::new(&s, seed).unwrap();
        live.step_until(2_000_000, u64::MAX);
        // The one waiting longest, as its stopwatch would show.
        let snap = live.snapshot();
        let j = snap
            .waiting
            .iter()
            .min_by_key(|w| w.arrived_at_us)
            .expect("someone waits")
            .journey;
        let so_far = Run::replay_following(
            &s,
            seed,
            &[],
            live.now_us(),
            live.events_processed(),
            Some(j),
        )
        .unwrap()
        .followed()
        .unwrap();
        assert!(
            so_far
                .steps
                .iter()
                .all(|st| !matches!(st, JStep::Answer { .. })),
            "seed {seed}: still waiting at 2 s"
        );
        live.follow_on(&so_far);
        live.step_until(9_000_000, u64::MAX);
        let whole = Run::replay_following(
            &s,
            seed,
            &[],
            live.now_us(),
            live.events_processed(),
            Some(j),
        )
        .unwrap()
        .followed()
        .unwrap();
        let on = live.followed().unwrap();
        assert!(
            on.steps.len() > so_far.steps.len(),
            "seed {seed}: it went on"
        );
        assert_eq!(on, whole, "seed {seed}");
    }
}
