//! The run's summary: the stable JSON fields of `wirelab run --json`, plus per-second
//! outcomes, the wait distribution and the availability of each entry point.

use crate::metrics::Second;
use crate::run::Run;
use crate::state::{Outcome, Reason};
use crate::topo::{Role, WireT};
use hdrhistogram::Histogram;
use serde::Serialize;
use std::collections::BTreeMap;
use wirelab_model::{BrokerDownPolicy, FailurePolicy};

/// User request counts (stable JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UsersReport {
    /// People who arrived.
    pub arrived: u64,
    /// Requests that succeeded.
    pub succeeded: u64,
    /// Requests that failed.
    pub failed: u64,
    /// People who gave up after processing began.
    pub timed_out: u64,
    /// People who gave up while queued.
    pub abandoned: u64,
    /// Still waiting.
    pub in_flight: u64,
}

/// Percentiles of the user wait, ms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WaitReport {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Maximum.
    pub max: f64,
}

/// Percentiles of time to consistency, ms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsistencyReport {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Maximum.
    pub max: f64,
}

/// Event totals (stable JSON); copies are summed over subscriptions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventsReport {
    /// Events published.
    pub published: u64,
    /// Copies processed.
    pub processed: u64,
    /// Copies waiting.
    pub backlog: u64,
    /// Copies dead-lettered.
    pub dead_lettered: u64,
    /// Events lost at publish.
    pub lost: u64,
    /// Duplicate side effects in consumers.
    pub duplicates: u64,
}

/// One service (stable JSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceReport {
    /// Display name.
    pub name: String,
    /// Handlers completed.
    pub handled: u64,
    /// Handlers failed.
    pub failed: u64,
    /// Requests refused or rejected.
    pub rejected: u64,
    /// Duplicate side effects (retried calls or redeliveries applied again).
    pub duplicates: u64,
    /// Side effects committed for user requests that then failed, timed out or were
    /// given up on ("charged, then the checkout failed").
    pub side_effects_of_failed: u64,
    /// Busy worker time over total worker time, 0..1.
    pub utilisation: f64,
    /// Failures and rejections by reason.
    pub failures: BTreeMap<String, u64>,
}

/// One subscription (stable JSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubscriptionReport {
    /// Topic name.
    pub topic: String,
    /// Consumer name.
    pub consumer: String,
    /// Copies processed.
    pub processed: u64,
    /// Copies waiting.
    pub backlog: u64,
    /// Copies dead-lettered.
    pub dead_lettered: u64,
    /// Deliveries after the first.
    pub redeliveries: u64,
    /// Duplicate side effects.
    pub duplicates: u64,
    /// Events processed after a later event of the same key (keyed designs only).
    pub out_of_order: u64,
    /// Age of the oldest event not yet handled at the end, ms (lag): in the backlog or
    /// waiting for its redelivery.
    pub lag_ms: f64,
    /// The same per partition (the first 32), when the topic has more than one.
    pub partition_lag_ms: Vec<f64>,
}

/// One wire's call figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireReport {
    /// Source name.
    pub from: String,
    /// Target name.
    pub to: String,
    /// Calls started.
    pub calls: u64,
    /// Retries sent.
    pub retries: u64,
    /// Calls that finally failed.
    pub failures: u64,
    /// Failures the caller carried on without (degraded).
    pub degraded: u64,
    /// Times the circuit breaker opened.
    pub breaker_opens: u64,
}

/// Measured availability of an entry point next to the product of its sync chain's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AvailabilityReport {
    /// Users node name.
    pub users: String,
    /// Entry service name.
    pub entry: String,
    /// Succeeded / finished user requests.
    pub measured: f64,
    /// Product over the entry and everything a request waits on (sync calls,
    /// request/reply's broker and responder, a broker whose refusal fails the request) of
    /// (1 − own failures / requests).
    pub dependency_product: f64,
}

/// User requests that failed, by where and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserFailureReport {
    /// The node where the failure arose (a dependency, not necessarily the entry).
    pub at: String,
    /// Why.
    pub reason: String,
    /// How many user requests.
    pub count: u64,
}

/// What a summary counts, recounted or kept.
struct Tally {
    accounting_ok: Option<bool>,
    users: UsersReport,
    events: EventsReport,
    user_failures: BTreeMap<(u32, Reason), u64>,
    finished: Vec<(u64, u64)>,
    live: crate::outcomes::Live,
    pending: crate::pending::PendingReport,
}

/// The run summary printed by `wirelab run`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The seed.
    pub seed: u64,
    /// Simulated time, ms.
    pub duration_ms: u64,
    /// Trace hash, 16 hex digits.
    pub trace_hash: String,
    /// Whether the accounting check holds: recounted by [`Run::report`]; a
    /// [`Run::live_report`] does not recount, and leaves it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounting_ok: Option<bool>,
    /// User requests.
    pub users: UsersReport,
    /// User wait.
    pub wait_ms: WaitReport,
    /// Time to consistency of finished journeys.
    pub consistency_ms: ConsistencyReport,
    /// Events.
    pub events: EventsReport,
    /// Services in scenario order.
    pub services: Vec<ServiceReport>,
    /// Subscriptions in wire order.
    pub subscriptions: Vec<SubscriptionReport>,
    /// Call and request/reply wires in scenario order.
    pub wires: Vec<WireReport>,
    /// Entry points.
    pub availability: Vec<AvailabilityReport>,
    /// Failed user requests by the node and reason they failed with.
    pub user_failures: Vec<UserFailureReport>,
    /// Events lost at publish by reason.
    pub lost_by_reason: BTreeMap<String, u64>,
    /// User requests shed by the work cap.
    pub shed: u64,
    /// Simulation events processed.
    pub sim_events: u64,
    /// Why the run stopped before its end (a runaway), or null when it ran to the end.
    pub stopped: Option<String>,
    /// The most event copies waiting in backlogs at any moment.
    pub worst_backlog: u64,
    /// Every customer as failed, delayed but safe, unaffected or still waiting.
    pub outcomes: crate::Outcomes,
    /// The same per node, for the requests whose work reached it (designs of at most 64
    /// nodes; empty for bigger ones).
    pub node_outcomes: Vec<crate::NodeOutcomes>,
    /// The same per wire, for the requests whose messages crossed it (designs of at
    /// most 64 wires).
    pub wire_outcomes: Vec<crate::WireOutcomes>,
    /// Requests answered "accepted, pending" and how they settled.
    pub pending: crate::PendingReport,
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

fn q(h: &Histogram<u64>, quantile: f64) -> f64 {
    if h.is_empty() {
        0.0
    } else {
        ms(h.value_at_quantile(quantile))
    }
}

impl Run {
    /// Outcome counts per simulated second, for charts.
    pub fn per_second(&self) -> &[Second] {
        &self.kept.metrics.seconds
    }

    /// The user wait distribution as (bucket upper bound ms, count), doubling buckets
    /// from 1 ms.
    pub fn wait_distribution(&self) -> Vec<(f64, u64)> {
        let h = &self.kept.metrics.wait;
        if h.is_empty() {
            return Vec::new();
        }
        h.iter_log(1000, 2.0)
            .map(|v| (ms(v.value_iterated_to()), v.count_since_last_iteration()))
            .collect()
    }

    /// The summary of the run so far, every figure recounted from the records, with the
    /// accounting check: the CLI's report, and what [`Run::live_report`] is tested
    /// against.
    pub fn report(&self) -> Report {
        let acc = self.accounting();
        let users = acc.users;
        let tally = Tally {
            accounting_ok: Some(acc.ok),
            users: UsersReport {
                arrived: users.arrived,
                succeeded: users.succeeded,
                failed: users.failed,
                timed_out: users.timed_out,
                abandoned: users.abandoned,
                in_flight: users.in_flight,
            },
            events: EventsReport {
                published: acc.events.published,
                processed: acc.events.processed,
                backlog: acc.events.backlog,
                dead_lettered: acc.events.dead_lettered,
                lost: acc.events.lost,
                duplicates: self.subs.iter().map(|s| s.duplicates).sum(),
            },
            user_failures: self.recount_user_failures(),
            finished: self.recount_finished(),
            live: crate::outcomes::Live::recounted(self),
            pending: crate::pending::pending(self.journeys.iter()),
        };
        self.summary(tally)
    }

    /// The same summary from the counts the run keeps as it goes, with no pass over every
    /// person or event: what a stats refresh costs does not grow with the run's length.
    /// Equal to [`Run::report`] but for `accounting_ok`, which it leaves out.
    pub fn live_report(&self) -> Report {
        let m = &self.kept.metrics;
        let resolved = m.succeeded + m.failed + m.timed_out + m.abandoned;
        let tally = Tally {
            accounting_ok: None,
            users: UsersReport {
                arrived: m.arrived,
                succeeded: m.succeeded,
                failed: m.failed,
                timed_out: m.timed_out,
                abandoned: m.abandoned,
                in_flight: m.arrived - resolved,
            },
            events: EventsReport {
                published: m.published,
                processed: m.processed,
                backlog: self.work.backlog,
                dead_lettered: self.subs.iter().map(|s| s.n_dead).sum(),
                lost: m.lost_total(),
                duplicates: self.subs.iter().map(|s| s.duplicates).sum(),
            },
            user_failures: self.kept.user_failures.clone(),
            finished: self.kept.finished_by_users.clone(),
            live: crate::outcomes::Live::kept(self),
            pending: crate::pending::pending(
                self.kept
                    .pending_answers
                    .iter()
                    .map(|&j| self.journeys.at(j)),
            ),
        };
        self.summary(tally)
    }

    fn summary(&self, tally: Tally) -> Report {
        let m = &self.kept.metrics;
        let names = |i: u32| self.topo.nodes[i as usize].name.clone();
        let services = self
            .topo
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let Role::Service(s) = &t.role else {
                    return None;
                };
                let rt = &self.nodes[i];
                let area =
                    rt.busy_area + u128::from(rt.busy) * u128::from(self.now - rt.busy_since);
                let total = u128::from(s.workers) * u128::from(self.now.max(1));
                Some(ServiceReport {
                    name: t.name.clone(),
                    handled: rt.handled,
                    failed: rt.failed,
                    rejected: rt.rejected,
                    duplicates: rt.duplicates,
                    side_effects_of_failed: rt.effects_of_failed,
                    utilisation: area as f64 / total as f64,
                    failures: rt
                        .failures
                        .iter()
                        .fold(BTreeMap::new(), |mut by, ((r, _), n)| {
                            *by.entry(r.label().to_string()).or_insert(0) += n;
                            by
                        }),
                })
            })
            .collect();
        let subscriptions = (0..self.subs.len())
            .map(|i| {
                let st = self.topo.subs[i];
                let v = self.sub_view(i);
                SubscriptionReport {
                    topic: names(st.topic),
                    consumer: names(st.consumer),
                    processed: v.processed,
                    backlog: v.backlog,
                    dead_lettered: v.dead_lettered,
                    redeliveries: v.redeliveries,
                    duplicates: v.duplicates,
                    out_of_order: self.subs[i].out_of_order,
                    lag_ms: v.lag_us as f64 / 1000.0,
                    partition_lag_ms: v
                        .partition_lag_us
                        .iter()
                        .map(|&us| us as f64 / 1000.0)
                        .collect(),
                }
            })
            .collect();
        let wires = self
            .topo
            .wires
            .iter()
            .zip(&self.wires)
            .filter(|(t, _)| matches!(t.kind, WireT::Call(_) | WireT::Rr(_)))
            .map(|(t, r)| WireReport {
                from: names(t.from),
                to: names(t.to),
                calls: r.calls,
                retries: r.retries,
                failures: r.failures,
                degraded: r.degraded,
                breaker_opens: r.breaker_opens,
            })
            .collect();
        Report {
            seed: self.rng.seed,
            duration_ms: self.now / 1000,
            trace_hash: format!("{:016x}", self.trace_hash()),
            accounting_ok: tally.accounting_ok,
            users: tally.users,
            wait_ms: WaitReport {
                p50: q(&m.wait, 0.5),
                p95: q(&m.wait, 0.95),
                p99: q(&m.wait, 0.99),
                max: if m.wait.is_empty() {
                    0.0
                } else {
                    ms(m.wait.max())
                },
            },
            consistency_ms: ConsistencyReport {
                p50: q(&m.consistency, 0.5),
                p95: q(&m.consistency, 0.95),
                max: if m.consistency.is_empty() {
                    0.0
                } else {
                    ms(m.consistency.max())
                },
            },
            events: tally.events,
            services,
            subscriptions,
            wires,
            availability: self.availability(&tally.finished),
            user_failures: self.user_failure_rows(&tally.user_failures),
            lost_by_reason: m
                .lost
                .iter()
                .map(|(r, n)| (format!("{r:?}").to_lowercase(), *n))
                .collect(),
            shed: self.kept.shed,
            sim_events: self.events_done,
            stopped: self.guard.halt.as_ref().map(|h| h.reason.clone()),
            worst_backlog: self.kept.worst_backlog,
            outcomes: self.outcomes_of(&tally.live),
            node_outcomes: self.node_outcomes_of(&tally.live),
            wire_outcomes: self.wire_outcomes_of(&tally.live),
            pending: tally.pending,
        }
    }

    /// The rows by node, then by the reason's label.
    fn user_failure_rows(&self, by: &BTreeMap<(u32, Reason), u64>) -> Vec<UserFailureReport> {
        let mut rows: Vec<(u32, &str, u64)> = by
            .iter()
            .map(|(&(at, reason), &count)| (at, reason.label(), count))
            .collect();
        rows.sort_unstable();
        rows.into_iter()
            .map(|(at, reason, count)| UserFailureReport {
                at: self.topo.nodes[at as usize].name.clone(),
                reason: reason.to_string(),
                count,
            })
            .collect()
    }

    /// Failed user requests by (node, reason), from every journey and the shed log.
    fn recount_user_failures(&self) -> BTreeMap<(u32, Reason), u64> {
        let mut by = BTreeMap::new();
        for j in self.journeys.iter() {
            if let Outcome::Failed(f) = j.outcome {
                *by.entry((f.at, f.reason)).or_insert(0) += 1;
            }
        }
        for b in &self.kept.shed_log {
            *by.entry((b.users, Reason::Shed)).or_insert(0) += b.count;
        }
        by
    }

    /// Per users node, (succeeded, finished), from every journey and the shed log.
    fn recount_finished(&self) -> Vec<(u64, u64)> {
        let mut by = vec![(0, 0); self.topo.nodes.len()];
        for j in self.journeys.iter() {
            let f = &mut by[j.users as usize];
            f.0 += u64::from(j.outcome == Outcome::Succeeded);
            f.1 += u64::from(j.outcome != Outcome::InFlight);
        }
        for b in &self.kept.shed_log {
            by[b.users as usize].1 += b.count;
        }
        by
    }

    fn availability(&self, finished: &[(u64, u64)]) -> Vec<AvailabilityReport> {
        let mut out = Vec::new();
        for (ui, t) in self.topo.nodes.iter().enumerate() {
            let Role::Users(u) = &t.role else { continue };
            let (ok, done) = finished[ui];
            let entry = self.topo.wires[u.entry_wire as usize].to;
            // The entry and everything a request waits on: sync calls, request/reply
            // (the broker and the responder), and a broker whose refusal fails the request.
            let mut seen = vec![entry];
            let mut i = 0;
            while i < seen.len() {
                let n = seen[i];
                // A service that answers "accepted, pending" does not wait on its steps.
                let early = self.topo.service(n).is_some_and(|s| s.answer_pending);
                for w in self.topo.wires.iter().filter(|w| w.from == n && !early) {
                    // A caller that goes on without the answer does not depend on it.
                    let waited_on: &[u32] = match w.kind {
                        WireT::Call(c) if c.policy != FailurePolicy::Degrade => &[w.to],
                        WireT::Rr(r) if r.policy != FailurePolicy::Degrade => &[r.via, w.to],
                        WireT::Publish(p)
                            if p.policy == BrokerDownPolicy::Fail && !p.compensate =>
                        {
                            &[w.to]
                        }
                        _ => &[],
                    };
                    for &m in waited_on {
                        if !seen.contains(&m) {
                            seen.push(m);
                        }
                    }
                }
                i += 1;
            }
            let product = seen
                .iter()
                .map(|&n| {
                    let rt = &self.nodes[n as usize];
                    if rt.asked == 0 {
                        1.0
                    } else {
                        1.0 - rt.failed_here as f64 / rt.asked as f64
                    }
                })
                .product();
            out.push(AvailabilityReport {
                users: t.name.clone(),
                entry: self.topo.nodes[entry as usize].name.clone(),
                measured: if done == 0 {
                    1.0
                } else {
                    ok as f64 / done as f64
                },
                dependency_product: product,
            });
        }
        out
    }
}
