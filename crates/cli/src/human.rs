//! The readable report.

use std::fmt::Write;
use wirelab_engine::{Compare, JStep, JourneyTrace, Report, Row, Side};
use wirelab_model::figures::share;

pub fn render(name: &str, r: &Report) -> String {
    let mut s = String::new();
    let u = &r.users;
    let _ = writeln!(
        s,
        "{name} — {} s simulated, seed {}, trace {}",
        r.duration_ms / 1000,
        r.seed,
        r.trace_hash
    );
    let _ = writeln!(
        s,
        "accounting: {}",
        if r.accounting_ok == Some(true) {
            "ok"
        } else {
            "FAILED"
        }
    );
    if let Some(why) = &r.stopped {
        let _ = writeln!(s, "\nSTOPPED EARLY: {why}");
    }
    let _ = writeln!(s, "\nUsers: {} arrived", u.arrived);
    let _ = writeln!(
        s,
        "  succeeded {:>7}  {}",
        u.succeeded,
        share(u.succeeded, u.arrived)
    );
    let _ = writeln!(
        s,
        "  failed    {:>7}  {}",
        u.failed,
        share(u.failed, u.arrived)
    );
    for f in &r.user_failures {
        let _ = writeln!(s, "   {:>8}  at {} ({})", f.count, f.at, f.reason);
    }
    let _ = writeln!(
        s,
        "  timed out {:>7}  {}",
        u.timed_out,
        share(u.timed_out, u.arrived)
    );
    let _ = writeln!(
        s,
        "  abandoned {:>7}  {}",
        u.abandoned,
        share(u.abandoned, u.arrived)
    );
    let _ = writeln!(s, "  waiting   {:>7}", u.in_flight);
    let w = &r.wait_ms;
    let _ = writeln!(
        s,
        "Wait (ms): p50 {:.1}  p95 {:.1}  p99 {:.1}  max {:.1}",
        w.p50, w.p95, w.p99, w.max
    );
    let c = &r.consistency_ms;
    let _ = writeln!(
        s,
        "Time to consistency (ms): p50 {:.1}  p95 {:.1}  max {:.1}",
        c.p50, c.p95, c.max
    );
    if r.pending.answered > 0 {
        let _ = writeln!(s, "Pending answers: {}", r.pending.sentence());
    }
    for a in &r.availability {
        let _ = writeln!(
            s,
            "Availability of {} via {}: measured {:.4}, product of its sync chain {:.4}",
            a.users, a.entry, a.measured, a.dependency_product
        );
    }
    let e = &r.events;
    if e.published > 0 {
        let _ = writeln!(s, "\nEvents: {} published, {} processed, {} in backlog, {} dead-lettered, {} lost, {} duplicates",
            e.published, e.processed, e.backlog, e.dead_lettered, e.lost, e.duplicates);
    }
    let _ = writeln!(
        s,
        "\n{:<16} {:>9} {:>8} {:>8} {:>6} {:>6}  failures",
        "Service", "handled", "failed", "rejected", "dup", "util"
    );
    for v in &r.services {
        let f: Vec<String> = v.failures.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ = writeln!(
            s,
            "{:<16} {:>9} {:>8} {:>8} {:>6} {:>5.0}%  {}",
            v.name,
            v.handled,
            v.failed,
            v.rejected,
            v.duplicates,
            v.utilisation * 100.0,
            f.join(", ")
        );
    }
    if !r.subscriptions.is_empty() {
        let _ = writeln!(
            s,
            "\n{:<28} {:>9} {:>8} {:>6} {:>9} {:>6} {:>10}",
            "Subscription", "processed", "backlog", "dead", "redeliv.", "dup", "lag"
        );
        for v in &r.subscriptions {
            let name = format!("{} -> {}", v.topic, v.consumer);
            let _ = writeln!(
                s,
                "{:<28} {:>9} {:>8} {:>6} {:>9} {:>6} {:>10}",
                name,
                v.processed,
                v.backlog,
                v.dead_lettered,
                v.redeliveries,
                v.duplicates,
                format!("{:.0} ms", v.lag_ms)
            );
            if v.partition_lag_ms.iter().any(|&l| l > 0.0) {
                let lags: Vec<String> = v
                    .partition_lag_ms
                    .iter()
                    .enumerate()
                    .map(|(p, l)| format!("{p}: {l:.0} ms"))
                    .collect();
                let _ = writeln!(s, "  lag per partition: {}", lags.join(", "));
            }
        }
        let _ = writeln!(
            s,
            "(lag: how long the oldest event not yet handled has waited, redeliveries included)"
        );
    }
    let calls: Vec<_> = r
        .wires
        .iter()
        .filter(|w| w.retries + w.failures + w.breaker_opens > 0)
        .collect();
    if !calls.is_empty() {
        let _ = writeln!(
            s,
            "\n{:<28} {:>8} {:>8} {:>8} {:>8} {:>6}",
            "Call", "calls", "retries", "failed", "degraded", "opens"
        );
        for w in calls {
            let name = format!("{} -> {}", w.from, w.to);
            let _ = writeln!(
                s,
                "{:<28} {:>8} {:>8} {:>8} {:>8} {:>6}",
                name, w.calls, w.retries, w.failures, w.degraded, w.breaker_opens
            );
        }
    }
    let done_for_failed: Vec<String> = r
        .services
        .iter()
        .filter(|s| s.side_effects_of_failed > 0)
        .map(|s| format!("{} {}", s.name, s.side_effects_of_failed))
        .collect();
    if !done_for_failed.is_empty() {
        let _ = writeln!(
            s,
            "\nSide effects of failed requests (work done for people whose request then failed): {}",
            done_for_failed.join(", ")
        );
    }
    if r.shed > 0 {
        let _ = writeln!(
            s,
            "\nShed by the work-in-flight cap: {} user requests",
            r.shed
        );
    }
    s
}

/// A figure as the table prints it: whole numbers plainly, others with one decimal.
fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The side-by-side table of `wirelab compare`.
pub fn render_compare(a_name: &str, b_name: &str, c: &Compare, rows: &[Row]) -> String {
    let mut s = String::new();
    let (ra, rb) = (c.a.report(), c.b.report());
    let _ = writeln!(s, "A: {a_name} (trace {})", ra.trace_hash);
    let _ = writeln!(s, "B: {b_name} (trace {})", rb.trace_hash);
    let _ = writeln!(s, "{} s simulated, seed {}", ra.duration_ms / 1000, ra.seed);
    if c.same_arrivals() {
        let _ = writeln!(
            s,
            "The same {} customers arrived in both.",
            ra.users.arrived
        );
    } else {
        let _ = writeln!(
            s,
            "The customers differ ({} in A, {} in B): the designs' users nodes are not the same.",
            ra.users.arrived, rb.users.arrived
        );
    }
    for line in &c.skipped {
        let _ = writeln!(s, "Note: {line}");
    }
    for (side, r) in [(Side::A, &ra), (Side::B, &rb)] {
        if let Some(why) = &r.stopped {
            let _ = writeln!(s, "{side} STOPPED EARLY: {why}");
        }
    }
    let _ = writeln!(
        s,
        "\n{:<34} {:>10} {:>10} {:>10}  better",
        "", "A", "B", "B - A"
    );
    for r in rows {
        let d = r.delta();
        let delta = if d == 0.0 {
            "=".into()
        } else {
            format!("{}{}", if d > 0.0 { "+" } else { "" }, num(d))
        };
        let better = r.winner().map(|w| w.to_string()).unwrap_or_default();
        let _ = writeln!(
            s,
            "{:<34} {:>10} {:>10} {:>10}  {better}",
            r.label,
            num(r.a),
            num(r.b),
            delta
        );
    }
    let _ = writeln!(
        s,
        "\ndelayed but safe: answered, but some work it started finished more than 1 s after the answer."
    );
    s
}

/// One journey as lines: time after the customer arrived, then what happened.
pub fn render_journey(t: &JourneyTrace) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Customer #{} from {}, arrived at {:.3} s",
        t.id,
        t.users,
        t.arrived_us as f64 / 1e6
    );
    let at = |us: u64| {
        format!(
            "+{:>9.1} ms",
            us.saturating_sub(t.arrived_us) as f64 / 1000.0
        )
    };
    let mut lines: Vec<(u64, String)> = t
        .steps
        .iter()
        .map(|step| match step {
            JStep::Message {
                from,
                to,
                kind,
                attempt,
                arrives_us,
                sent_us,
                lost,
            } => {
                let again = if *attempt > 1 {
                    format!(" (attempt {attempt})")
                } else {
                    String::new()
                };
                if *lost {
                    (
                        *sent_us,
                        format!(
                            "{}  {from} -> {to}: {}{again}, lost on the way",
                            at(*sent_us),
                            kind.label()
                        ),
                    )
                } else {
                    (
                        *arrives_us,
                        format!(
                            "{}  {from} -> {to}: {}{again}",
                            at(*arrives_us),
                            kind.label()
                        ),
                    )
                }
            }
            JStep::Timeout {
                caller,
                callee,
                attempt,
                at_us,
            } => (
                *at_us,
                format!(
                    "{}  {caller} gave up waiting for {callee} (attempt {attempt} timed out)",
                    at(*at_us)
                ),
            ),
            JStep::DeadLetter {
                topic,
                consumer,
                at_us,
            } => (
                *at_us,
                format!("{}  {topic} -> {consumer}: dead-lettered", at(*at_us)),
            ),
            JStep::Answer { outcome, at_us } => (
                *at_us,
                format!(
                    "{}  THE CUSTOMER: {outcome} (their wait ends here)",
                    at(*at_us)
                ),
            ),
            JStep::Settled { at_us, outcome } => (
                *at_us,
                match outcome {
                    Some(o) => format!(
                        "{}  last work done (time to consistency): the pending answer is {o}",
                        at(*at_us)
                    ),
                    None => format!("{}  last work done (time to consistency)", at(*at_us)),
                },
            ),
        })
        .collect();
    lines.sort_by_key(|(t, _)| *t);
    for (_, l) in lines {
        let _ = writeln!(s, "{l}");
    }
    if t.left_out > 0 {
        let _ = writeln!(
            s,
            "... and {} more steps, not shown (the first {} are kept)",
            t.left_out,
            wirelab_engine::MAX_JOURNEY_STEPS
        );
    }
    s
}

/// The blast radius as a table, worst first.
pub fn render_impact(rows: &[wirelab_engine::review::Impact]) -> String {
    let mut out = format!(
        "What breaks if each part is down ({}, same seed and load):\n\n",
        wirelab_engine::review::window::span()
    );
    out.push_str(&format!(
        "{:<24} {:>9} {:>12} {:>7} {:>7} {:>10}\n",
        "down", "answered", "wait p95", "lost", "late", "customers"
    ));
    for r in rows {
        let wait = r
            .wait_p95_ms
            .map_or_else(|| "—".into(), |w| format!("{w:.1} ms"));
        out.push_str(&format!(
            "{:<24} {:>8.1}% {:>12} {:>7} {:>7} {:>10}\n",
            format!("{} ({})", r.element, r.kind),
            r.success_rate * 100.0,
            wait,
            r.lost,
            r.late,
            r.customers
        ));
    }
    out
}

/// The findings, each with its question, evidence and fix.
pub fn render_findings(findings: &[wirelab_engine::review::Finding]) -> String {
    if findings.is_empty() {
        return "No findings: none of the review's anti-patterns shows in this design.\n".into();
    }
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!("[{}] {}\n", f.id, f.title));
        out.push_str(&format!("  Ask: {}\n", f.question));
        out.push_str(&format!("  Measured: {}\n", f.said));
        if let Some(fix) = &f.fix {
            out.push_str(&format!("  Fix: {}\n", fix.label()));
        }
        out.push('\n');
    }
    out
}
