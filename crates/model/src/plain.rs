//! Checks in plain words, for people who have not learned the check language: "median
//! wait ≤ 150 ms" for `wait_p50 <= 150ms`. The formal text stays beside it in the UI.

use crate::check::{Check, Measure, Metric, MetricKind, Quantity, Scope, Target, Unit};

impl Metric {
    /// What it measures, in words a learner understands.
    pub fn words(self) -> &'static str {
        match self {
            Metric::SuccessRate => "share of people answered",
            Metric::Arrived => "people who arrived",
            Metric::Succeeded => "people answered",
            Metric::Failed => "failed",
            Metric::TimedOut => "people who gave up mid-request",
            Metric::Abandoned => "people who gave up while queued",
            Metric::WaitP50 => "median wait",
            Metric::WaitP95 => "wait 95 in 100 people beat (p95)",
            Metric::WaitP99 => "wait 99 in 100 people beat (p99)",
            Metric::WaitMax => "longest wait",
            Metric::PendingAnswers => "people told \"accepted, pending\"",
            Metric::Confirmed => "pending requests confirmed",
            Metric::FailedLater => "pending requests that failed later",
            Metric::Compensated => "pending requests failed later and undone (compensated)",
            Metric::ConfirmP50 => "median time until a pending request is confirmed",
            Metric::ConfirmP95 => "time until a pending request is confirmed, for 95 in 100 (p95)",
            Metric::ConsistencyP50 => "median time until every side effect is done",
            Metric::ConsistencyP95 => "time until every side effect is done, for 95 in 100 (p95)",
            Metric::ConsistencyMax => "longest time until every side effect is done",
            Metric::DependencyProduct => {
                "availability the sync chain allows (product of its parts)"
            }
            Metric::Published => "events published",
            Metric::Processed => "events handled",
            Metric::Backlog => "events waiting",
            Metric::Lag => "age of the oldest waiting event (lag)",
            Metric::DeadLettered => "events given up on (dead letters)",
            Metric::Redeliveries => "deliveries after the first",
            Metric::Duplicates => "side effects done twice",
            Metric::OutOfOrder => "events handled out of their order",
            Metric::Lost => "events lost",
            Metric::Calls => "calls",
            Metric::Retries => "retries",
            Metric::Failures => "calls that finally failed",
            Metric::Degraded => "calls the caller carried on without",
            Metric::BreakerOpens => "times the circuit breaker opened",
            Metric::Handled => "requests handled",
            Metric::Rejected => "requests turned away",
            Metric::Utilisation => "share of worker time busy",
        }
    }
}

impl Quantity {
    /// "requests CRM handled", "events waiting for Analytics".
    pub fn plain(&self) -> String {
        plain(self.metric, self.target.as_ref())
    }
}

fn plain(metric: Metric, target: Option<&Target>) -> String {
    let words = metric.words();
    match target {
        None if metric == Metric::Failed => "people who got an error".into(),
        None => words.into(),
        Some(Target::Node { name }) => match metric {
            Metric::Failed => format!("{name}'s failed requests"),
            Metric::Published => format!("events published to {name}"),
            _ => format!("{words} by {name}"),
        },
        Some(Target::Wire { wire }) => match metric {
            Metric::Backlog | Metric::Lag | Metric::DeadLettered | Metric::Processed => {
                format!("{words} for {} (from {})", wire.to, wire.from)
            }
            _ => format!("{words} on {} → {}", wire.from, wire.to),
        },
        Some(Target::Partition { wire, partition }) => format!(
            "{words} for {} (from {}, partition {partition})",
            wire.to, wire.from
        ),
    }
}

fn seconds(ms: u64) -> String {
    format!("{} s", ms as f64 / 1000.0)
}

impl Measure {
    /// The measure and its window in words: "median wait, for people arriving 10 s–40 s".
    pub fn plain(&self) -> String {
        let what = plain(self.metric, self.target.as_ref());
        match self.scope {
            Scope::Run => what,
            Scope::AtEnd => format!("{what} at the end"),
            Scope::During { from_ms, to_ms } if self.metric.kind() == MetricKind::UserRequests => {
                format!(
                    "{what}, for people arriving {}–{}",
                    seconds(from_ms),
                    seconds(to_ms)
                )
            }
            Scope::During { from_ms, to_ms } => {
                format!("{what}, {}–{}", seconds(from_ms), seconds(to_ms))
            }
        }
    }
}

/// A threshold as people write it: `99%`, `150 ms`, `0`.
fn amount(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Count => format!("{v}"),
        Unit::Percent => format!("{}%", (v * 1e6).round() / 1e4),
        Unit::Ms => format!("{v} ms"),
    }
}

impl Check {
    /// The check in plain words: "median wait ≤ 150 ms", "requests handled by CRM ≥ 0.99 ×
    /// people answered".
    pub fn plain(&self) -> String {
        let right = match &self.of {
            Some(q) if self.value == 1.0 => q.plain(),
            Some(q) => format!("{} × {}", self.value, q.plain()),
            None => amount(self.measure.metric.unit(), self.value),
        };
        format!("{} {} {right}", self.measure.plain(), self.op.sign())
    }
}
