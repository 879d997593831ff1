//! Checks evaluated against a run: the measured number, its unit, the threshold and
//! pass/fail for each criterion of the model's check language.
//!
//! Totals and levels are read from the run's state; a window (`during 10s..40s`) needs
//! their values over time, so a [`Recorder`] samples them every 100 ms of simulated time
//! while the run is stepped (a counter's window is its increase, a level's is its largest
//! sample). User metrics are computed from the requests that *arrived* in the window.

use crate::run::{Run, StepResult};
use crate::state::Outcome;
use crate::topo::WireT;
use serde::Serialize;
use wirelab_model::{
    Across, Check, Criterion, Measure, Metric, MetricKind, Op, Problem, Quantity, Scenario, Scope,
    Target, Unit,
};

/// Simulated time between samples of the recorded quantities, µs.
const SAMPLE_US: u64 = 100_000;

/// One criterion's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    /// The check in its canonical text form.
    pub check: String,
    /// The check in plain words ("median wait ≤ 150 ms"), shown first to learners.
    pub plain: String,
    /// Whether it holds.
    pub pass: bool,
    /// The measured number (a fraction for percentages, ms for times), if measurable.
    pub measured: Option<f64>,
    /// The threshold it was compared with, if measurable.
    pub threshold: Option<f64>,
    /// The unit of both numbers.
    pub unit: Unit,
    /// The criterion's hint (shown when it fails).
    pub hint: String,
    /// Why it could not be measured (e.g. the design has no such subscription), or empty.
    pub note: String,
    /// The comparison (in `check` too; kept for the words below).
    #[serde(skip)]
    pub op: Op,
}

impl CheckResult {
    /// "412 ms (needs ≤ 500 ms)", or why it could not be measured.
    pub fn measured_text(&self) -> String {
        match (self.measured, self.threshold) {
            (Some(m), Some(t)) => format!(
                "{} (needs {} {})",
                show(self.unit, m),
                self.op.sign(),
                show(self.unit, t)
            ),
            (Some(m), None) => show(self.unit, m),
            _ => format!("not measurable: {}", self.note),
        }
    }
}

/// A headless run with its checks evaluated.
pub struct Checked {
    /// The finished run (for its report).
    pub run: Run,
    /// One result per criterion, in order.
    pub results: Vec<CheckResult>,
}

/// Formats a measured number for people: `99.2%`, `412 ms`, `17`.
pub fn show(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Count => format!("{}", (v * 100.0).round() / 100.0),
        Unit::Percent => format!("{}%", (v * 1000.0).round() / 10.0),
        Unit::Ms => format!("{} ms", (v * 10.0).round() / 10.0),
    }
}

/// Where a quantity is read in the run.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Source {
    All,
    Node(usize),
    Sub(usize),
    /// A subscription's partition.
    Partition(usize, u32),
    Wire(usize),
}

/// Finds a quantity's target in the run, or says why it is not there.
fn resolve(run: &Run, q: &Quantity) -> Result<Source, String> {
    let name = |i: u32| run.topo.nodes[i as usize].name.as_str();
    match &q.target {
        None => Ok(Source::All),
        Some(Target::Node { name: n }) => run
            .topo
            .nodes
            .iter()
            .position(|t| t.name == *n)
            .map(Source::Node)
            .ok_or_else(|| format!("no node `{n}` in this design")),
        Some(Target::Partition { wire, partition }) => {
            let i = run
                .topo
                .subs
                .iter()
                .position(|s| name(s.topic) == wire.from && name(s.consumer) == wire.to)
                .ok_or_else(|| {
                    format!(
                        "no subscription `{} -> {}` in this design",
                        wire.from, wire.to
                    )
                })?;
            let n = run.topo.subs[i].partitions;
            if *partition >= n {
                return Err(format!(
                    "`{}` has {n} partition{} (numbered from 0), so there is no partition {partition}",
                    wire.from,
                    if n == 1 { "" } else { "s" }
                ));
            }
            Ok(Source::Partition(i, *partition))
        }
        Some(Target::Wire { wire }) => {
            let sub = run
                .topo
                .subs
                .iter()
                .position(|s| name(s.topic) == wire.from && name(s.consumer) == wire.to);
            let call = run.topo.wires.iter().position(|w| {
                matches!(w.kind, WireT::Call(_) | WireT::Rr(_))
                    && name(w.from) == wire.from
                    && name(w.to) == wire.to
            });
            let is_sub = !matches!(
                q.metric,
                Metric::Calls
                    | Metric::Retries
                    | Metric::Failures
                    | Metric::Degraded
                    | Metric::BreakerOpens
            );
            match (is_sub, sub, call) {
                (true, Some(i), _) => Ok(Source::Sub(i)),
                (false, _, Some(i)) => Ok(Source::Wire(i)),
                (true, ..) => Err(format!(
                    "no subscription `{} -> {}` in this design",
                    wire.from, wire.to
                )),
                (false, ..) => Err(format!(
                    "no call `{} -> {}` in this design",
                    wire.from, wire.to
                )),
            }
        }
    }
}

/// How a resolved quantity behaves over a window (`failed(Service)` counts handlers).
fn kind(q: &Quantity, src: Source) -> MetricKind {
    match (q.metric, src) {
        (Metric::Failed, Source::Node(_)) => MetricKind::Counter,
        (m, _) => m.kind(),
    }
}

/// The current value of a total or level.
fn now_value(run: &Run, m: Metric, src: Source) -> f64 {
    let subs = || (0..run.subs.len()).map(|i| run.sub_view(i));
    let v: u64 = match (m, src) {
        (Metric::Published, Source::All) => run.kept.metrics.published,
        (Metric::Published, Source::Node(n)) => {
            run.events.iter().filter(|e| e.topic as usize == n).count() as u64
        }
        (Metric::Processed, Source::All) => run.kept.metrics.processed,
        (Metric::Backlog, Source::All) => run.work.backlog,
        (Metric::DeadLettered, Source::All) => subs().map(|s| s.dead_lettered).sum(),
        (Metric::Duplicates, Source::All) => subs().map(|s| s.duplicates).sum(),
        (Metric::Lost, _) => run.kept.metrics.lost_total(),
        (_, Source::Partition(i, p)) => {
            let oldest = run.subs[i].backlog.oldest_in(p);
            return oldest.map_or(0.0, |t| (run.now - t) as f64 / 1000.0);
        }
        (m, Source::Sub(i)) => {
            let s = run.sub_view(i);
            match m {
                Metric::Processed => s.processed,
                Metric::Backlog => s.backlog,
                Metric::Lag => return s.lag_us as f64 / 1000.0,
                Metric::DeadLettered => s.dead_lettered,
                Metric::Redeliveries => s.redeliveries,
                Metric::OutOfOrder => s.out_of_order,
                _ => s.duplicates,
            }
        }
        (m, Source::Wire(i)) => {
            let w = &run.wires[i];
            match m {
                Metric::Calls => w.calls,
                Metric::Retries => w.retries,
                Metric::Failures => w.failures,
                Metric::Degraded => w.degraded,
                _ => w.breaker_opens,
            }
        }
        (m, Source::Node(n)) => {
            let rt = &run.nodes[n];
            match m {
                Metric::Failed => rt.failed,
                Metric::Handled => rt.handled,
                Metric::Rejected => rt.rejected,
                _ => rt.duplicates,
            }
        }
        _ => 0,
    };
    v as f64
}

/// A user metric over the requests that arrived in `[from, to)` µs (all when `None`).
fn user_value(run: &Run, m: Metric, window: Option<(u64, u64)>) -> Result<f64, String> {
    let inside = |t_us: u64| match window {
        Some((a, b)) => t_us >= a && t_us < b,
        None => true,
    };
    let js = run.journeys.iter().filter(|j| inside(j.arrived));
    let shed = run.kept.shed_log.iter().filter(|b| inside(b.ms * 1000));
    let count = |f: &dyn Fn(&Outcome) -> bool| {
        let kept = js.clone().filter(|j| f(&j.outcome)).count() as u64;
        let shed: u64 = shed
            .clone()
            .filter(|b| f(&b.outcome()))
            .map(|b| b.count)
            .sum();
        (kept + shed) as f64
    };
    let finished = |o: &Outcome| *o != Outcome::InFlight;
    Ok(match m {
        Metric::Arrived => count(&|_| true),
        Metric::Succeeded => count(&|o| *o == Outcome::Succeeded),
        Metric::Failed => count(&|o| matches!(o, Outcome::Failed(_))),
        Metric::TimedOut => count(&|o| *o == Outcome::TimedOut),
        Metric::Abandoned => count(&|o| *o == Outcome::Abandoned),
        Metric::PendingAnswers
        | Metric::Confirmed
        | Metric::FailedLater
        | Metric::Compensated
        | Metric::ConfirmP50
        | Metric::ConfirmP95 => {
            let p = crate::pending::pending(js);
            match m {
                Metric::PendingAnswers => p.answered as f64,
                Metric::Confirmed => p.confirmed as f64,
                Metric::FailedLater => p.failed_later as f64,
                Metric::Compensated => p.compensated as f64,
                _ if p.confirmed == 0 => {
                    return Err("no pending answer was confirmed in this window".into())
                }
                Metric::ConfirmP50 => p.confirm_p50_ms,
                _ => p.confirm_p95_ms,
            }
        }
        Metric::SuccessRate => {
            let done = count(&finished);
            if done == 0.0 {
                return Err("no user request finished in this window".into());
            }
            count(&|o| *o == Outcome::Succeeded) / done
        }
        _ => {
            let mut waits: Vec<u64> = js
                .filter(|j| finished(&j.outcome))
                .map(|j| j.waited)
                .collect();
            // Shed requests waited 0 µs: they rank first without being listed one by one.
            let zeros: u64 = shed.map(|b| b.count).sum();
            let n = waits.len() as u64 + zeros;
            if n == 0 {
                return Err("no user request finished in this window".into());
            }
            waits.sort_unstable();
            let q = match m {
                Metric::WaitP50 => 0.50,
                Metric::WaitP95 => 0.95,
                Metric::WaitP99 => 0.99,
                _ => 1.0,
            };
            // Nearest rank.
            let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
            match rank.checked_sub(zeros + 1) {
                Some(i) => waits[i as usize] as f64 / 1000.0,
                None => 0.0,
            }
        }
    })
}

/// A whole-run figure from the report.
fn run_only(run: &Run, m: Metric, src: Source) -> Result<f64, String> {
    let r = run.report();
    Ok(match (m, src) {
        (Metric::ConsistencyP50, _) => r.consistency_ms.p50,
        (Metric::ConsistencyP95, _) => r.consistency_ms.p95,
        (Metric::ConsistencyMax, _) => r.consistency_ms.max,
        (Metric::DependencyProduct, _) => r
            .availability
            .first()
            .map(|a| a.dependency_product)
            .ok_or("this design has no users")?,
        (_, Source::Node(n)) => r
            .services
            .iter()
            .find(|s| s.name == run.topo.nodes[n].name)
            .map(|s| s.utilisation)
            .ok_or_else(|| format!("`{}` is not a service", run.topo.nodes[n].name))?,
        _ => return Err(format!("`{}` needs a service", m.name())),
    })
}

/// Samples the totals and levels that windowed checks need while a run is stepped.
#[derive(Clone, Debug)]
pub struct Recorder {
    /// Quantities to sample, resolved in the run.
    tracked: Vec<(Metric, Source)>,
    /// (time µs, one value per tracked quantity).
    samples: Vec<(u64, Vec<f64>)>,
    next_us: u64,
}

impl Recorder {
    /// A recorder for these criteria (both sides of each) and measures (predictions),
    /// starting at the run's current time.
    pub fn new(run: &Run, criteria: &[Criterion], measures: &[Measure]) -> Recorder {
        let mut wanted: Vec<(Quantity, Scope)> =
            measures.iter().map(|m| (m.quantity(), m.scope)).collect();
        for c in criteria {
            let scope = c.check.measure.scope;
            wanted.push((c.check.measure.quantity(), scope));
            wanted.extend(c.check.of.iter().map(|q| (q.clone(), scope)));
        }
        let mut tracked = Vec::new();
        for (q, scope) in &wanted {
            let Ok(src) = resolve(run, q) else { continue };
            let windowed = matches!(scope, Scope::During { .. });
            let sampled = matches!(kind(q, src), MetricKind::Counter | MetricKind::Gauge);
            if windowed && sampled && !tracked.contains(&(q.metric, src)) {
                tracked.push((q.metric, src));
            }
        }
        let mut r = Recorder {
            tracked,
            samples: Vec::new(),
            next_us: run.now,
        };
        r.observe(run);
        r
    }

    /// Takes a sample if the run has reached (or is one µs short of) the next sample
    /// time; call after stepping. A run stepped to just before a sample time gives the
    /// sample for that time, so an event exactly at it counts in the next window, as in
    /// [`Run::per_second`].
    pub fn observe(&mut self, run: &Run) {
        if self.tracked.is_empty() || run.now + 1 < self.next_us {
            return;
        }
        let at = run.now.max(self.next_us);
        let values = self
            .tracked
            .iter()
            .map(|&(m, s)| now_value(run, m, s))
            .collect();
        self.samples.push((at, values));
        self.next_us = (at / SAMPLE_US + 1) * SAMPLE_US;
    }

    /// Steps the run to `t_us`, sampling at every sample time on the way (or until the
    /// run halts).
    pub fn run_to(&mut self, run: &mut Run, t_us: u64) {
        while !self.tracked.is_empty() && self.next_us <= t_us && run.halted().is_none() {
            let before = self.next_us.saturating_sub(1).max(run.now);
            while run.step_until(before, 1_000_000) == StepResult::Budget {}
            self.observe(run);
        }
        while run.step_until(t_us, 1_000_000) == StepResult::Budget {}
        self.observe(run);
    }

    fn windowed(&self, m: Metric, src: Source, from: u64, to: u64) -> Option<f64> {
        let i = self.tracked.iter().position(|&t| t == (m, src))?;
        let at = |t: u64| {
            self.samples
                .iter()
                .take_while(|(st, _)| *st <= t)
                .last()
                .map_or(0.0, |(_, v)| v[i])
        };
        Some(match m.kind() {
            MetricKind::Gauge => self
                .samples
                .iter()
                .filter(|(st, _)| *st >= from && *st < to)
                .map(|(_, v)| v[i])
                .fold(0.0, f64::max),
            _ => at(to) - at(from),
        })
    }
}

/// Measures a quantity over a window of the run.
fn quantity_value(run: &Run, rec: &Recorder, q: &Quantity, scope: Scope) -> Result<f64, String> {
    let src = resolve(run, q)?;
    let window = match scope {
        Scope::During { from_ms, to_ms } => Some((from_ms * 1000, to_ms * 1000)),
        Scope::Run | Scope::AtEnd => None,
    };
    match kind(q, src) {
        MetricKind::UserRequests => user_value(run, q.metric, window),
        MetricKind::RunOnly => run_only(run, q.metric, src),
        MetricKind::Counter | MetricKind::Gauge => match window {
            None => Ok(now_value(run, q.metric, src)),
            Some((a, b)) => rec
                .windowed(q.metric, src, a, b)
                .ok_or_else(|| "this window was not recorded".to_string()),
        },
    }
}

/// The run's value of a measure (a number prediction's answer).
pub fn measure(run: &Run, rec: &Recorder, m: &Measure) -> Result<f64, String> {
    quantity_value(run, rec, &m.quantity(), m.scope)
}

/// Evaluates each criterion against the run (stepped with `rec` observing it).
pub fn evaluate(run: &Run, rec: &Recorder, criteria: &[Criterion]) -> Vec<CheckResult> {
    criteria
        .iter()
        .map(|c| judged(&c.check, &c.hint, (run, rec), (run, rec), c.check.plain()))
        .collect()
}

/// A lesson's claim across two steps: the check's left side measured on the run of step
/// `a.at`, its right side on the run of step `a.against` (each with its recorder, made
/// for the claim's criterion: [`Across::criterion`] on each side).
pub fn evaluate_across(
    at: (&Run, &Recorder),
    against: (&Run, &Recorder),
    a: &Across,
) -> CheckResult {
    let plain = format!(
        "{}, step {} against step {}",
        a.check.plain(),
        a.at,
        a.against
    );
    judged(&a.check, &a.hint, at, against, plain)
}

/// The check's left side on `left`'s run, its threshold (or right side) on `right`'s.
fn judged(
    ch: &Check,
    hint: &str,
    left: (&Run, &Recorder),
    right: (&Run, &Recorder),
    plain: String,
) -> CheckResult {
    let scope = ch.measure.scope;
    let measured = measure(left.0, left.1, &ch.measure);
    let threshold = match &ch.of {
        Some(q) => quantity_value(right.0, right.1, q, scope).map(|v| ch.value * v),
        None => Ok(ch.value),
    };
    let (pass, note) = match (&measured, &threshold) {
        (Ok(m), Ok(t)) => (ch.op.holds(*m, *t), String::new()),
        (Err(e), _) | (_, Err(e)) => (false, e.clone()),
    };
    CheckResult {
        check: ch.to_string(),
        plain,
        pass,
        measured: measured.ok(),
        threshold: threshold.ok(),
        unit: ch.measure.metric.unit(),
        hint: hint.to_string(),
        note,
        op: ch.op,
    }
}

/// Runs a scenario headless for `duration_ms` and evaluates the criteria.
pub fn run_checks(
    scenario: &Scenario,
    seed: u64,
    duration_ms: u64,
    criteria: &[Criterion],
) -> Result<Checked, Vec<Problem>> {
    let mut run = Run::new(scenario, seed)?;
    let mut rec = Recorder::new(&run, criteria, &[]);
    rec.run_to(&mut run, duration_ms * 1000);
    let results = evaluate(&run, &rec, criteria);
    Ok(Checked { run, results })
}
