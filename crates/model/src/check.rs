//! Over 600 lines on purpose: the grammar, its parser and its printer stay together, since
//! what prints must parse back to the same check.
//!
//! The check language: acceptance criteria a run is measured against, in a text form
//! (`success_rate during 10s..40s >= 99%`) and a structured form (serde).
//!
//! ```text
//! check   := measure op value
//! measure := metric [ "(" target ")" ] [ "during" DUR ".." DUR | "at end" ]
//! target  := Name | Name "->" Name
//! op      := "==" | "!=" | "<=" | ">=" | "<" | ">"
//! value   := NUMBER [ "%" | "ms" | "s" ]  |  [ NUMBER "*" ] metric [ "(" target ")" ]
//! ```
//!
//! A value that names a metric is measured over the same window as the left side.
//! Which metrics take a target, a window and which unit is the table in [`Metric`].

use crate::incident::{format_duration_ms, parse_duration_ms, WireRef};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a metric's number means (for thresholds and display).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A count of requests, events, calls.
    Count,
    /// A fraction in [0, 1], written and shown as a percentage.
    Percent,
    /// Milliseconds.
    Ms,
}

/// How a metric behaves over a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    /// Measured from user requests that arrived in the window.
    UserRequests,
    /// A running total: over a window, its increase.
    Counter,
    /// A level: over a window, its largest sampled value.
    Gauge,
    /// Whole run only (no window).
    RunOnly,
}

macro_rules! metrics {
    ($( $(#[$doc:meta])* $v:ident = $name:literal, $unit:ident, $shape:ident, none $none:literal, node $node:literal, wire $wire:literal; )*) => {
        /// A measurable quantity of a run. The table: name, unit, window behaviour, and
        /// whether it takes no target, a node, or a wire (`Topic -> Consumer` for
        /// subscriptions, `Caller -> Callee` for calls).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Metric { $( $(#[$doc])* $v, )* }

        impl Metric {
            /// Every metric, in table order.
            pub const ALL: &'static [Metric] = &[$(Metric::$v),*];
            /// The name in the text form.
            pub fn name(self) -> &'static str { match self { $(Metric::$v => $name,)* } }
            /// The unit of its number.
            pub fn unit(self) -> Unit { match self { $(Metric::$v => Unit::$unit,)* } }
            /// How it behaves over a window.
            pub fn kind(self) -> MetricKind { match self { $(Metric::$v => MetricKind::$shape,)* } }
            /// (no target, a node, a wire) accepted.
            pub fn targets(self) -> (bool, bool, bool) {
                match self { $(Metric::$v => ($none, $node, $wire),)* }
            }
        }
    };
}

metrics! {
    /// Succeeded / finished user requests.
    SuccessRate = "success_rate", Percent, UserRequests, none true, node false, wire false;
    /// Users who arrived.
    Arrived = "arrived", Count, UserRequests, none true, node false, wire false;
    /// User requests that succeeded.
    Succeeded = "succeeded", Count, UserRequests, none true, node false, wire false;
    /// User requests that failed; with a service, that service's failed handlers.
    Failed = "failed", Count, UserRequests, none true, node true, wire false;
    /// Users who gave up after processing began.
    TimedOut = "timed_out", Count, UserRequests, none true, node false, wire false;
    /// Users who gave up while queued.
    Abandoned = "abandoned", Count, UserRequests, none true, node false, wire false;
    /// Median user wait.
    WaitP50 = "wait_p50", Ms, UserRequests, none true, node false, wire false;
    /// 95th percentile user wait.
    WaitP95 = "wait_p95", Ms, UserRequests, none true, node false, wire false;
    /// 99th percentile user wait.
    WaitP99 = "wait_p99", Ms, UserRequests, none true, node false, wire false;
    /// Longest user wait.
    WaitMax = "wait_max", Ms, UserRequests, none true, node false, wire false;
    /// User requests answered "accepted, pending" before their work was done.
    PendingAnswers = "pending_answers", Count, UserRequests, none true, node false, wire false;
    /// Pending answers whose work all succeeded.
    Confirmed = "confirmed", Count, UserRequests, none true, node false, wire false;
    /// Pending answers whose work failed for good after the answer.
    FailedLater = "failed_later", Count, UserRequests, none true, node false, wire false;
    /// Pending answers failed later whose compensating event was handled.
    Compensated = "compensated", Count, UserRequests, none true, node false, wire false;
    /// Median time from arrival to confirmation of a pending answer.
    ConfirmP50 = "confirm_p50", Ms, UserRequests, none true, node false, wire false;
    /// 95th percentile time from arrival to confirmation of a pending answer.
    ConfirmP95 = "confirm_p95", Ms, UserRequests, none true, node false, wire false;
    /// Median time to consistency (the whole journey done).
    ConsistencyP50 = "consistency_p50", Ms, RunOnly, none true, node false, wire false;
    /// 95th percentile time to consistency.
    ConsistencyP95 = "consistency_p95", Ms, RunOnly, none true, node false, wire false;
    /// Longest time to consistency.
    ConsistencyMax = "consistency_max", Ms, RunOnly, none true, node false, wire false;
    /// Product of the availabilities of the entry service and its sync dependencies.
    DependencyProduct = "dependency_product", Percent, RunOnly, none true, node false, wire false;
    /// Events published (all, or to one topic).
    Published = "published", Count, Counter, none true, node true, wire false;
    /// Event copies processed (all, or by one subscription).
    Processed = "processed", Count, Counter, none true, node false, wire true;
    /// Event copies waiting (all, or in one subscription).
    Backlog = "backlog", Count, Gauge, none true, node false, wire true;
    /// Age of a subscription's oldest waiting event.
    Lag = "lag", Ms, Gauge, none false, node false, wire true;
    /// Event copies dead-lettered (all, or in one subscription).
    DeadLettered = "dead_lettered", Count, Counter, none true, node false, wire true;
    /// Deliveries after the first, in one subscription.
    Redeliveries = "redeliveries", Count, Counter, none false, node false, wire true;
    /// Events for one key processed after a later event of that key, in one subscription.
    OutOfOrder = "out_of_order", Count, Counter, none false, node false, wire true;
    /// Duplicate side effects: all, one subscription's, or one service's (retried calls).
    Duplicates = "duplicates", Count, Counter, none true, node true, wire true;
    /// Events lost at publish.
    Lost = "lost", Count, Counter, none true, node false, wire false;
    /// Calls started on a wire.
    Calls = "calls", Count, Counter, none false, node false, wire true;
    /// Retries sent on a wire.
    Retries = "retries", Count, Counter, none false, node false, wire true;
    /// Calls on a wire that finally failed.
    Failures = "failures", Count, Counter, none false, node false, wire true;
    /// Failed calls the caller carried on without.
    Degraded = "degraded", Count, Counter, none false, node false, wire true;
    /// Times a wire's circuit breaker opened.
    BreakerOpens = "breaker_opens", Count, Counter, none false, node false, wire true;
    /// Handlers a service completed.
    Handled = "handled", Count, Counter, none false, node true, wire false;
    /// Requests a service refused or rejected.
    Rejected = "rejected", Count, Counter, none false, node true, wire false;
    /// Busy worker time over total worker time of a service.
    Utilisation = "utilisation", Percent, RunOnly, none false, node true, wire false;
}

impl Metric {
    /// The metric with this text name.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.name() == name)
    }
}

/// What a metric is measured on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Target {
    /// A node by display name.
    Node {
        /// Display name.
        name: String,
    },
    /// A wire by its endpoints' display names.
    Wire {
        /// The wire.
        wire: WireRef,
    },
    /// One partition of a subscription: `lag(OrderChanged -> Billing, partition 2)`.
    Partition {
        /// The subscription.
        wire: WireRef,
        /// The partition, from 0.
        partition: u32,
    },
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Node { name } => write!(f, "{name}"),
            Target::Wire { wire } => write!(f, "{} -> {}", wire.from, wire.to),
            Target::Partition { wire, partition } => {
                write!(f, "{} -> {}, partition {partition}", wire.from, wire.to)
            }
        }
    }
}

/// Over which part of the run a metric is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Scope {
    /// The whole run (totals and levels at its end).
    #[default]
    Run,
    /// `during 10s..40s`: from `from_ms` (inclusive) to `to_ms` (exclusive).
    During {
        /// Start, ms since the run began.
        from_ms: u64,
        /// End, ms since the run began.
        to_ms: u64,
    },
    /// `at end`: the value when the run ends (the same number as `Run`; it reads better
    /// for levels such as a backlog).
    AtEnd,
}

/// A metric with its target: the right-hand side of `>= 0.99 * published(OrderCreated)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The metric.
    pub metric: Metric,
    /// Its target, if it takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
}

/// A metric with its target and window: the left side of a check, or the number a
/// lesson asks the learner to predict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// The metric.
    pub metric: Metric,
    /// Its target, if it takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// The window.
    #[serde(default)]
    pub scope: Scope,
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Op {
    const ALL: [(Op, &'static str); 6] = [
        (Op::Eq, "=="),
        (Op::Ne, "!="),
        (Op::Le, "<="),
        (Op::Ge, ">="),
        (Op::Lt, "<"),
        (Op::Gt, ">"),
    ];

    /// The operator as people write it: `≥`, `≤`, `=`, `≠`, `<`, `>`.
    pub fn sign(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Le => "≤",
            Op::Ge => "≥",
            Op::Lt => "<",
            Op::Gt => ">",
        }
    }

    /// The operator's text.
    pub fn symbol(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("", |(_, s)| s)
    }

    /// Whether `measured op threshold` holds. Equality allows a relative 1e-9 so that
    /// a percentage written as `100%` matches a computed 1.0.
    pub fn holds(self, measured: f64, threshold: f64) -> bool {
        let eq = (measured - threshold).abs() <= 1e-9 * threshold.abs().max(1.0);
        match self {
            Op::Eq => eq,
            Op::Ne => !eq,
            Op::Lt => measured < threshold && !eq,
            Op::Le => measured <= threshold || eq,
            Op::Gt => measured > threshold && !eq,
            Op::Ge => measured >= threshold || eq,
        }
    }
}

/// One criterion: `measure op factor [* of]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// What is measured.
    pub measure: Measure,
    /// The comparison.
    pub op: Op,
    /// The threshold in the metric's unit (a fraction for percentages, ms for times);
    /// with `of`, the factor that multiplies that quantity.
    pub value: f64,
    /// A quantity measured over the same window, multiplied by `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Quantity>,
}

/// A check that does not parse, with the 1-based column (in characters) at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckError {
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

/// A cursor over the text; positions are byte offsets, reported as character columns.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn err<T>(&self, at: usize, message: String) -> Result<T, CheckError> {
        Err(CheckError {
            column: self.text[..at.min(self.text.len())].chars().count() + 1,
            message,
        })
    }

    fn skip_ws(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// A run of characters satisfying `ok`, after spaces.
    fn word(&mut self, ok: impl Fn(char) -> bool) -> (usize, &'a str) {
        self.skip_ws();
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !ok(c))
            .unwrap_or(self.rest().len());
        self.pos += len;
        (start, &self.text[start..self.pos])
    }

    fn metric(&mut self) -> Result<Quantity, CheckError> {
        let (at, name) = self.word(|c| c.is_ascii_alphanumeric() || c == '_');
        let Some(metric) = Metric::from_name(name) else {
            let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
            let what = if name.is_empty() {
                "expected a metric".to_string()
            } else {
                format!("unknown metric `{name}`")
            };
            return self.err(at, format!("{what} (one of: {})", names.join(", ")));
        };
        let target = if self.eat("(") {
            let start = self.pos;
            let Some(len) = self.rest().find(')') else {
                return self.err(start, "`(` is not closed by `)`".into());
            };
            let inner = &self.text[start..start + len];
            self.pos = start + len + 1;
            // `From -> To, partition 2`: one partition of a subscription.
            let (inner, partition) = match inner.split_once(',') {
                Some((wire, p)) => {
                    let n = p.trim().strip_prefix("partition").map(str::trim);
                    match n.and_then(|n| n.parse::<u32>().ok()) {
                        Some(n) => (wire, Some(n)),
                        None => {
                            return self.err(
                                start + wire.len() + 1,
                                "after the wire, write `, partition 2` (a number from 0)".into(),
                            )
                        }
                    }
                }
                None => (inner, None),
            };
            let target = match inner.split_once("->") {
                Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => Target::Wire {
                    wire: WireRef {
                        from: a.trim().to_string(),
                        to: b.trim().to_string(),
                    },
                },
                Some(_) => return self.err(start, "write a wire as `From -> To`".into()),
                None if inner.trim().is_empty() => {
                    return self.err(start, "empty `()`: name a node or a wire".into())
                }
                None => Target::Node {
                    name: inner.trim().to_string(),
                },
            };
            match (target, partition) {
                (Target::Wire { wire }, Some(partition)) => {
                    Some(Target::Partition { wire, partition })
                }
                (_, Some(_)) => {
                    return self.err(
                        start,
                        "a partition belongs to a wire: `From -> To, partition 2`".into(),
                    )
                }
                (target, None) => Some(target),
            }
        } else {
            None
        };
        let (none, node, wire) = metric.targets();
        let ok = match &target {
            None => none,
            Some(Target::Node { .. }) => node,
            Some(Target::Wire { .. }) => wire,
            Some(Target::Partition { .. }) if metric == Metric::Lag => true,
            Some(Target::Partition { .. }) => {
                return self.err(
                    at,
                    format!("only lag is measured per partition, not `{name}`"),
                )
            }
        };
        if !ok {
            let mut forms = Vec::new();
            if none {
                forms.push(format!("`{name}`"));
            }
            if node {
                forms.push(format!("`{name}(Node)`"));
            }
            if wire {
                forms.push(format!("`{name}(From -> To)`"));
            }
            return self.err(at, format!("write {}", forms.join(" or ")));
        }
        Ok(Quantity { metric, target })
    }

    fn duration(&mut self) -> Result<u64, CheckError> {
        let (at, w) = self.word(|c| c.is_ascii_alphanumeric() || c == '.');
        // `10s..40s` arrives as one word; split at the range dots.
        let (w, back) = match w.find("..") {
            Some(i) => (&w[..i], w.len() - i),
            None => (w, 0),
        };
        self.pos -= back;
        parse_duration_ms(w).or_else(|e| self.err(at, e))
    }

    fn scope(&mut self, metric: Metric) -> Result<Scope, CheckError> {
        self.skip_ws();
        let at = self.pos;
        let scope = if self.eat("during ") {
            let from_ms = self.duration()?;
            if !self.eat("..") {
                return self.err(self.pos, "write a window as `during 10s..40s`".into());
            }
            let to_at = self.pos;
            let to_ms = self.duration()?;
            if to_ms <= from_ms {
                return self.err(to_at, "the window must end after it starts".into());
            }
            Scope::During { from_ms, to_ms }
        } else if self.eat("at end") {
            Scope::AtEnd
        } else {
            return Ok(Scope::Run);
        };
        if matches!(scope, Scope::During { .. }) && metric.kind() == MetricKind::RunOnly {
            return self.err(
                at,
                format!("`{}` is measured over the whole run only", metric.name()),
            );
        }
        Ok(scope)
    }

    fn op(&mut self) -> Result<Op, CheckError> {
        self.skip_ws();
        for (op, s) in Op::ALL {
            if self.rest().starts_with(s) {
                self.pos += s.len();
                return Ok(op);
            }
        }
        self.err(
            self.pos,
            "expected a comparison (==, !=, <, <=, >, >=)".into(),
        )
    }

    fn number(&mut self) -> Option<(usize, f64)> {
        self.skip_ws();
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(self.rest().len());
        let v = self.rest()[..len].parse::<f64>().ok()?;
        self.pos += len;
        Some((start, v))
    }

    fn value(&mut self, left: Metric) -> Result<(f64, Option<Quantity>), CheckError> {
        self.skip_ws();
        let at = self.pos;
        let Some((_, v)) = self.number() else {
            return Ok((1.0, Some(self.same_unit(left, at)?)));
        };
        if self.eat("*") {
            self.skip_ws();
            let of_at = self.pos;
            return Ok((v, Some(self.same_unit(left, of_at)?)));
        }
        let unit = left.unit();
        let scaled = if self.eat("%") {
            if unit != Unit::Percent {
                return self.err(at, format!("`{}` is not a percentage", left.name()));
            }
            v / 100.0
        } else if self.eat("ms") {
            if unit != Unit::Ms {
                return self.err(at, format!("`{}` is not a time", left.name()));
            }
            v
        } else if self.eat("s") {
            if unit != Unit::Ms {
                return self.err(at, format!("`{}` is not a time", left.name()));
            }
            v * 1000.0
        } else {
            match unit {
                Unit::Ms => return self.err(at, "a time needs a unit: `500ms` or `2s`".into()),
                Unit::Percent if v > 1.0 => {
                    return self.err(at, "a percentage needs `%` (or a fraction up to 1)".into())
                }
                _ => v,
            }
        };
        Ok((scaled, None))
    }

    fn same_unit(&mut self, left: Metric, at: usize) -> Result<Quantity, CheckError> {
        let q = self.metric()?;
        if q.metric.unit() != left.unit() {
            return self.err(
                at,
                format!(
                    "`{}` and `{}` are not in the same unit",
                    left.name(),
                    q.metric.name()
                ),
            );
        }
        Ok(q)
    }
}

impl Measure {
    /// Parses `metric[(target)] [window]`, e.g. `backlog(OrderCreated -> CRM) at end`.
    pub fn parse(text: &str) -> Result<Measure, CheckError> {
        let mut c = Cursor { text, pos: 0 };
        let m = c.measure()?;
        c.end()?;
        Ok(m)
    }
}

impl Cursor<'_> {
    fn measure(&mut self) -> Result<Measure, CheckError> {
        let q = self.metric()?;
        let scope = self.scope(q.metric)?;
        Ok(Measure {
            metric: q.metric,
            target: q.target,
            scope,
        })
    }

    fn end(&mut self) -> Result<(), CheckError> {
        self.skip_ws();
        if self.rest().is_empty() {
            Ok(())
        } else {
            self.err(self.pos, format!("unexpected `{}`", self.rest()))
        }
    }
}

impl Check {
    /// Parses one check, e.g. `processed(OrderCreated -> CRM) >= 0.99 * published(OrderCreated)`.
    pub fn parse(text: &str) -> Result<Check, CheckError> {
        let mut c = Cursor { text, pos: 0 };
        let mut measure = c.measure()?;
        let op = c.op()?;
        let (value, of) = c.value(measure.metric)?;
        // The window may also close the check: `backlog(T -> C) == 0 at end`.
        if measure.scope == Scope::Run {
            measure.scope = c.scope(measure.metric)?;
        }
        c.end()?;
        Ok(Check {
            measure,
            op,
            value,
            of,
        })
    }
}

/// Prints a number in a unit the parser reads back (percentages rounded to 4 decimals so
/// `99%` does not print as `98.99999999999999%`).
pub fn format_value(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Count => format!("{v}"),
        Unit::Percent => format!("{}%", (v * 1e6).round() / 1e4),
        Unit::Ms => format!("{v}ms"),
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.metric.name())?;
        match &self.target {
            Some(t) => write!(f, "({t})"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Run => Ok(()),
            Scope::During { from_ms, to_ms } => write!(
                f,
                " during {}..{}",
                format_duration_ms(*from_ms),
                format_duration_ms(*to_ms)
            ),
            Scope::AtEnd => write!(f, " at end"),
        }
    }
}

impl Measure {
    /// The metric and target without the window.
    pub fn quantity(&self) -> Quantity {
        Quantity {
            metric: self.metric,
            target: self.target.clone(),
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.quantity(), self.scope)
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `at end` reads best after the value; a window after the measure.
        let m = &self.measure;
        match m.scope {
            Scope::AtEnd => write!(f, "{} {} ", m.quantity(), self.op.symbol())?,
            _ => write!(f, "{m} {} ", self.op.symbol())?,
        }
        match &self.of {
            Some(q) if self.value == 1.0 => write!(f, "{q}")?,
            Some(q) => write!(f, "{} * {q}", self.value)?,
            None => write!(f, "{}", format_value(m.metric.unit(), self.value))?,
        }
        if m.scope == Scope::AtEnd {
            write!(f, " at end")?;
        }
        Ok(())
    }
}

/// A check with the hint shown when it fails. In files the check is its text form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// The check, written as text in files (`"check": "lost == 0"`).
    #[serde(with = "as_text")]
    pub check: Check,
    /// Shown next to a failed check: a question pointing at the design decision.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hint: String,
}

/// Serde as text for [`Check`] and [`Measure`] fields (`#[serde(with = "as_text")]`).
pub mod as_text {
    use super::CheckError;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use std::fmt::Display;

    /// Something with a text form.
    pub trait Text: Sized + Display {
        /// Parses the text form.
        fn from_text(s: &str) -> Result<Self, CheckError>;
    }
    impl Text for super::Check {
        fn from_text(s: &str) -> Result<Self, CheckError> {
            super::Check::parse(s)
        }
    }
    impl Text for super::Measure {
        fn from_text(s: &str) -> Result<Self, CheckError> {
            super::Measure::parse(s)
        }
    }

    /// Writes the text form.
    pub fn serialize<T: Text, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    /// Reads the text form; the error quotes the text and the column.
    pub fn deserialize<'de, T: Text, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let s = String::deserialize(d)?;
        T::from_text(&s).map_err(|e| D::Error::custom(format!("`{s}`: {e}")))
    }
}
