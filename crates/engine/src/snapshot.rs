//! The per-frame view for the UI: every message in flight with its endpoints and times
//! (the UI interpolates positions), node and wire states, queue and backlog lengths.
//! Cost is proportional to what is live, not to the run's history.

use crate::accounting::UserCounts;
use crate::run::Run;
use crate::state::*;
use crate::topo::Role;
use serde::Serialize;
use wirelab_model::{NodeId, WireId};

/// What a message body is, for drawing and for journeys.
pub(crate) fn kind_of(body: &Body) -> MsgKind {
    match *body {
        Body::Request { .. } | Body::RrRequest { .. } | Body::RrForward { .. } => MsgKind::Request,
        Body::Response { result, .. }
        | Body::RrReply { result, .. }
        | Body::RrReplyForward { result, .. } => {
            if result.is_ok() {
                MsgKind::Response
            } else {
                MsgKind::Error
            }
        }
        Body::Publish { .. } => MsgKind::Publish,
        Body::PubAck { .. } => MsgKind::PublishAck,
        Body::Delivery { .. } => MsgKind::Delivery,
        Body::Ack { ok: true, .. } => MsgKind::Ack,
        Body::Ack { ok: false, .. } => MsgKind::Nack,
    }
}

impl MsgKind {
    /// In words, for a journey's arrows.
    pub fn label(self) -> &'static str {
        match self {
            MsgKind::Request => "request",
            MsgKind::Response => "reply",
            MsgKind::Error => "error reply",
            MsgKind::Publish => "publish",
            MsgKind::PublishAck => "broker's answer",
            MsgKind::Delivery => "delivery",
            MsgKind::Ack => "ack",
            MsgKind::Nack => "nack",
        }
    }
}

/// What a message is, for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MsgKind {
    /// A sync call or request/reply request.
    Request,
    /// A successful answer or reply.
    Response,
    /// A failed answer or reply.
    Error,
    /// An event on its way to the broker.
    Publish,
    /// The broker's answer to a publish (accepted or refused).
    PublishAck,
    /// An event delivered to a subscriber.
    Delivery,
    /// A subscriber's acknowledgement.
    Ack,
    /// A subscriber's negative acknowledgement.
    Nack,
}

/// A message in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MessageView {
    /// Sending node.
    pub from: NodeId,
    /// Receiving node.
    pub to: NodeId,
    /// The wire it travels on.
    pub wire: WireId,
    /// What it is.
    pub kind: MsgKind,
    /// When it left, µs.
    pub sent_at_us: u64,
    /// When it arrives, µs.
    pub arrives_at_us: u64,
    /// Attempt (calls) or delivery number (subscriptions), from 1.
    pub attempt: u32,
    /// The user request it belongs to.
    pub journey: u32,
    /// It will vanish on arrival (cut wire or lost response).
    pub lost: bool,
}

/// A person still waiting for an answer (the UI draws their stopwatch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WaitingView {
    /// The user request (journey id).
    pub journey: u32,
    /// The users node they came from.
    pub users: NodeId,
    /// When they arrived, µs.
    pub arrived_at_us: u64,
    /// Their entry service has started on the request.
    pub started: bool,
}

/// Health of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeHealth {
    /// Working normally (possibly slow).
    Up,
    /// Killed: refuses connections.
    Down,
    /// Accepts work and never answers.
    Hung,
}

/// A node's live state and counters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeView {
    /// Stable id.
    pub id: NodeId,
    /// Display name.
    pub name: String,
    /// Up, down or hung.
    pub health: NodeHealth,
    /// Processing-time factor (1 = normal).
    pub slow: u32,
    /// Current error rate (scenario value or an injected one).
    pub error_rate: f64,
    /// Busy workers.
    pub busy: u32,
    /// Workers.
    pub workers: u32,
    /// Requests waiting for a worker.
    pub queue: u32,
    /// Queue capacity.
    pub queue_cap: u32,
    /// Handlers completed successfully.
    pub handled: u64,
    /// Handlers that failed.
    pub failed: u64,
    /// Requests refused (down) or rejected (overloaded).
    pub rejected: u64,
    /// Duplicate side effects (a retried call or redelivered event applied again).
    pub duplicates: u64,
    /// Side effects done for user requests that then failed.
    pub effects_of_failed: u64,
    /// Events stored (topics).
    pub stored: u64,
    /// Events waiting across this topic's subscriptions (topics).
    pub backlog: u64,
    /// Events waiting in this service's outboxes.
    pub outbox: u64,
    /// Failures and rejections by reason and where each arose, so a caller's failures
    /// name the callee that refused or timed out.
    pub failures: Vec<FailureView>,
}

/// How many of a node's requests or handlers failed for one reason arising at one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FailureView {
    /// Why.
    pub reason: Reason,
    /// The node where the failure arose: this node itself, or a callee or topic.
    pub at: NodeId,
    /// How many.
    pub count: u64,
}

/// A subscription's live state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubView {
    /// The subscription wire.
    pub wire: WireId,
    /// The topic.
    pub topic: NodeId,
    /// The consumer.
    pub consumer: NodeId,
    /// Events waiting (including redelivery backoff).
    pub backlog: u64,
    /// Delivered, not yet acknowledged.
    pub processing: u64,
    /// Processed.
    pub processed: u64,
    /// Dead-lettered.
    pub dead_lettered: u64,
    /// Deliveries after the first.
    pub redeliveries: u64,
    /// Duplicate side effects (consumer not idempotent).
    pub duplicates: u64,
    /// Events processed after a later event of the same key (order broken).
    pub out_of_order: u64,
    /// Age of the oldest event not yet handled, µs (lag): in the backlog or waiting for
    /// its redelivery; 0 when none waits.
    pub lag_us: u64,
    /// The same per partition of a partitioned topic (the first [`PARTITION_LAGS`]),
    /// so a blocked partition shows beside the flowing ones; empty for one partition.
    pub partition_lag_us: Vec<u64>,
}

/// Partitions whose lag a snapshot reports.
pub const PARTITION_LAGS: u32 = 32;

/// Breaker state for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerView {
    /// No breaker on this wire.
    None,
    /// Calls pass.
    Closed,
    /// Calls fail fast.
    Open,
    /// One probe is allowed through.
    HalfOpen,
}

/// A wire's live state and counters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WireView {
    /// Stable id.
    pub id: WireId,
    /// Cut (partitioned).
    pub cut: bool,
    /// Fraction of answers and acks an injected fault drops.
    pub lose_rate: f64,
    /// Circuit breaker state.
    pub breaker: BreakerView,
    /// Calls started.
    pub calls: u64,
    /// Retries sent.
    pub retries: u64,
    /// Calls that finally failed.
    pub failures: u64,
}

/// Everything the UI draws in one frame.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// Simulated time, µs.
    pub now_us: u64,
    /// Messages in flight.
    pub messages: Vec<MessageView>,
    /// Nodes, in scenario order.
    pub nodes: Vec<NodeView>,
    /// Subscriptions, in wire order.
    pub subscriptions: Vec<SubView>,
    /// Wires, in scenario order.
    pub wires: Vec<WireView>,
    /// User requests by state.
    pub users: UserCounts,
    /// People still waiting, oldest first.
    pub waiting: Vec<WaitingView>,
    /// Work in flight (messages, tasks, queued events) and its cap.
    pub work_in_flight: u64,
    /// The cap on work in flight.
    pub work_cap: u64,
    /// Requests shed by the cap so far.
    pub shed: u64,
    /// Why the run stopped early, if it did.
    pub stopped: Option<String>,
}

impl Run {
    /// A view of the current state for drawing.
    pub fn snapshot(&self) -> Snapshot {
        let nid = |i: u32| self.topo.nodes[i as usize].id;
        let messages = self
            .work
            .msgs
            .iter()
            .map(|(_, m)| MessageView {
                from: nid(m.from),
                to: nid(m.to),
                wire: self.topo.wires[m.wire as usize].id,
                kind: kind_of(&m.body),
                sent_at_us: m.sent_at,
                arrives_at_us: m.arrives_at,
                attempt: m.attempt,
                journey: m.journey,
                lost: m.lost,
            })
            .collect();
        let nodes = self
            .topo
            .nodes
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let rt = &self.nodes[i];
                let (workers, queue_cap) = match &t.role {
                    Role::Service(s) => (s.workers, s.queue),
                    _ => (0, 0),
                };
                let backlog = self
                    .topo
                    .topic_subs(i as u32)
                    .iter()
                    .map(|&s| self.subs[s as usize].n_backlog)
                    .sum();
                let outbox = self
                    .topo
                    .wires
                    .iter()
                    .zip(&self.wires)
                    .filter(|(w, _)| w.from == i as u32)
                    .map(|(_, r)| (r.outbox.len() + r.relay_inflight.len()) as u64)
                    .sum();
                NodeView {
                    id: t.id,
                    name: t.name.clone(),
                    health: match rt.health {
                        Health::Up => NodeHealth::Up,
                        Health::Down => NodeHealth::Down,
                        Health::Hung => NodeHealth::Hung,
                    },
                    slow: rt.slow,
                    error_rate: f64::from(rt.error_ppm) / 1e6,
                    busy: rt.busy,
                    workers,
                    queue: rt.queue.len() as u32,
                    queue_cap,
                    handled: rt.handled,
                    failed: rt.failed,
                    rejected: rt.rejected,
                    duplicates: rt.duplicates,
                    effects_of_failed: rt.effects_of_failed,
                    stored: rt.stored,
                    backlog,
                    outbox,
                    failures: rt
                        .failures
                        .iter()
                        .map(|(&(reason, at), &count)| FailureView {
                            reason,
                            at: nid(at),
                            count,
                        })
                        .collect(),
                }
            })
            .collect();
        let subscriptions = (0..self.subs.len()).map(|i| self.sub_view(i)).collect();
        let wires = self
            .topo
            .wires
            .iter()
            .zip(&self.wires)
            .map(|(t, r)| WireView {
                id: t.id,
                cut: r.cut,
                lose_rate: f64::from(r.lose_ppm) / 1e6,
                breaker: match (t.kind, r.breaker) {
                    (crate::topo::WireT::Call(c), _) if c.breaker.is_none() => BreakerView::None,
                    (crate::topo::WireT::Call(_), Breaker::Closed { .. }) => BreakerView::Closed,
                    (crate::topo::WireT::Call(_), Breaker::Open { until }) if until > self.now => {
                        BreakerView::Open
                    }
                    (crate::topo::WireT::Call(_), _) => BreakerView::HalfOpen,
                    _ => BreakerView::None,
                },
                calls: r.calls,
                retries: r.retries,
                failures: r.failures,
            })
            .collect();
        let mut waiting: Vec<WaitingView> = self
            .waiting
            .journeys
            .iter()
            .map(|&j| {
                let jr = &self.journeys.at(j);
                WaitingView {
                    journey: j,
                    users: nid(jr.users),
                    arrived_at_us: jr.arrived,
                    started: jr.started,
                }
            })
            .collect();
        waiting.sort_unstable_by_key(|w| w.journey);
        let m = &self.kept.metrics;
        let resolved = m.succeeded + m.failed + m.timed_out + m.abandoned;
        Snapshot {
            now_us: self.now,
            messages,
            nodes,
            subscriptions,
            wires,
            users: UserCounts {
                arrived: m.arrived,
                in_flight: m.arrived - resolved,
                succeeded: m.succeeded,
                failed: m.failed,
                timed_out: m.timed_out,
                abandoned: m.abandoned,
            },
            waiting,
            work_in_flight: self.work_in_flight(),
            work_cap: u64::from(self.guard.cap),
            shed: self.kept.shed,
            stopped: self.guard.halt.as_ref().map(|h| h.reason.clone()),
        }
    }

    pub(crate) fn sub_view(&self, i: usize) -> SubView {
        let st = self.topo.subs[i];
        let s = &self.subs[i];
        let oldest = s.backlog.oldest();
        SubView {
            wire: self.topo.wires[self.topo.sub_wire[i] as usize].id,
            topic: self.topo.nodes[st.topic as usize].id,
            consumer: self.topo.nodes[st.consumer as usize].id,
            backlog: s.n_backlog,
            processing: s.n_processing,
            processed: s.n_processed,
            dead_lettered: s.n_dead,
            redeliveries: s.redeliveries,
            duplicates: s.duplicates,
            out_of_order: s.out_of_order,
            lag_us: oldest.map_or(0, |t| self.now - t),
            partition_lag_us: self.partition_lags(i),
        }
    }

    /// Each partition's oldest waiting event's age (redelivery backoff included).
    fn partition_lags(&self, i: usize) -> Vec<u64> {
        let n = self.topo.subs[i].partitions.min(PARTITION_LAGS);
        if n < 2 {
            return Vec::new();
        }
        let s = &self.subs[i];
        (0..n)
            .map(|p| s.backlog.oldest_in(p).map_or(0, |t| self.now - t))
            .collect()
    }
}
