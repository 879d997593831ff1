//! Runtime records: messages, tasks, calls, journeys, events and their per-subscription
//! copies, kept in slabs with generation-checked handles.

use crate::topo::Arrival;
use std::collections::{BTreeMap, VecDeque};

/// Why something failed, as shown to the learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The callee (or broker) was down: connection refused.
    Refused,
    /// The callee's workers and queue were full.
    Overloaded,
    /// The handler's own work failed (its error rate).
    Error,
    /// No answer within the timeout (or the user's patience).
    Timeout,
    /// The circuit breaker was open: failed fast without calling.
    CircuitOpen,
    /// A failed access check denied the request (fail closed).
    Denied,
    /// The service was killed or restarted while handling the request.
    Killed,
    /// The broker refused a publish.
    BrokerDown,
    /// Shed by the cap on work in flight.
    Shed,
    /// A poison event: this consumer fails it on every delivery.
    Poison,
}

impl Reason {
    /// A failure that a node gives because a dependency failed (an access check that
    /// denies, a breaker open after the callee's failures), not for a reason of its own.
    pub(crate) fn from_dependency(self) -> bool {
        matches!(self, Reason::Denied | Reason::CircuitOpen)
    }

    /// A short lowercase label.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Refused => "refused",
            Reason::Overloaded => "overloaded",
            Reason::Error => "error",
            Reason::Timeout => "timeout",
            Reason::CircuitOpen => "circuit open",
            Reason::Denied => "denied",
            Reason::Killed => "killed",
            Reason::BrokerDown => "broker down",
            Reason::Shed => "shed",
            Reason::Poison => "poison",
        }
    }
}

/// A failure and the node (dense index) where it arose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    pub reason: Reason,
    pub at: u32,
}

pub(crate) type Res = Result<(), Failure>;

/// A (slot, generation) handle into a slab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct H {
    pub slot: u32,
    pub gen: u32,
}

/// Work in flight: messages, tasks and calls, and events queued at topics and outboxes
/// (the cap counts all but the calls).
#[derive(Clone, Default)]
pub(crate) struct Work {
    pub msgs: Slab<Msg>,
    pub tasks: Slab<Task>,
    pub calls: Slab<Call>,
    pub backlog: u64,
}

/// User requests still waiting for their answer.
#[derive(Clone, Default)]
pub(crate) struct Waiting {
    /// In no particular order (for the UI's stopwatches).
    pub journeys: Vec<u32>,
    /// The nodes that committed work for one, by journey: if the answer is a failure,
    /// each counts a side effect of a failed request.
    pub effects: BTreeMap<u32, Vec<u32>>,
}

/// A slab with generation counters, iterated in slot order (deterministic).
#[derive(Clone, Debug)]
pub(crate) struct Slab<T> {
    items: Vec<(u32, Option<T>)>,
    free: Vec<u32>,
    live: u32,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Slab {
            items: Vec::new(),
            free: Vec::new(),
            live: 0,
        }
    }
}

impl<T> Slab<T> {
    pub fn insert(&mut self, v: T) -> H {
        self.live += 1;
        if let Some(slot) = self.free.pop() {
            let e = &mut self.items[slot as usize];
            e.0 = e.0.wrapping_add(1);
            e.1 = Some(v);
            H { slot, gen: e.0 }
        } else {
            self.items.push((0, Some(v)));
            H {
                slot: self.items.len() as u32 - 1,
                gen: 0,
            }
        }
    }

    #[inline]
    pub fn get(&self, h: H) -> Option<&T> {
        match self.items.get(h.slot as usize) {
            Some((g, Some(v))) if *g == h.gen => Some(v),
            _ => None,
        }
    }

    #[inline]
    pub fn get_mut(&mut self, h: H) -> Option<&mut T> {
        match self.items.get_mut(h.slot as usize) {
            Some((g, Some(v))) if *g == h.gen => Some(v),
            _ => None,
        }
    }

    /// The handle of the live item in `slot`.
    pub fn handle(&self, slot: u32) -> Option<H> {
        self.items
            .get(slot as usize)
            .filter(|e| e.1.is_some())
            .map(|e| H { slot, gen: e.0 })
    }

    pub fn remove(&mut self, h: H) -> Option<T> {
        let e = self.items.get_mut(h.slot as usize)?;
        if e.0 != h.gen || e.1.is_none() {
            return None;
        }
        self.live -= 1;
        self.free.push(h.slot);
        e.1.take()
    }

    pub fn live(&self) -> u32 {
        self.live
    }

    pub fn iter(&self) -> impl Iterator<Item = (H, &T)> {
        self.items.iter().enumerate().filter_map(|(i, (g, v))| {
            v.as_ref().map(|v| {
                (
                    H {
                        slot: i as u32,
                        gen: *g,
                    },
                    v,
                )
            })
        })
    }
}

/// What a message carries.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Body {
    Request {
        call: H,
    },
    Response {
        call: H,
        result: Res,
    },
    Publish {
        event: u32,
        relay: bool,
    },
    PubAck {
        event: u32,
        ok: bool,
        relay: bool,
    },
    Delivery {
        sub: u32,
        copy: u32,
        n: u32,
    },
    Ack {
        sub: u32,
        copy: u32,
        n: u32,
        ok: bool,
    },
    RrRequest {
        call: H,
    },
    RrForward {
        call: H,
    },
    RrReply {
        call: H,
        result: Res,
    },
    RrReplyForward {
        call: H,
        result: Res,
    },
}

impl Body {
    /// Answers and acks, which a lose-responses fault may drop.
    pub fn is_response(&self) -> bool {
        matches!(
            self,
            Body::Response { .. }
                | Body::PubAck { .. }
                | Body::Ack { .. }
                | Body::RrReply { .. }
                | Body::RrReplyForward { .. }
        )
    }
}

/// A message on a wire; its arrival time was sampled when it was sent.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Msg {
    pub from: u32,
    pub to: u32,
    pub wire: u32,
    pub sent_at: u64,
    pub arrives_at: u64,
    pub attempt: u32,
    pub journey: u32,
    /// Dropped by a cut wire or lost response: it vanishes on arrival.
    pub lost: bool,
    pub body: Body,
}

/// Why a task exists.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Origin {
    Call { call: H, wire: u32, attempt: u32 },
    Delivery { sub: u32, copy: u32, n: u32 },
    Rr { call: H, wire: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TaskState {
    Queued,
    Processing,
    Steps,
    /// Stuck in a hung service until it is revived (then aborted).
    Parked,
}

/// One execution of a service's handler.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Task {
    pub node: u32,
    pub origin: Origin,
    pub journey: u32,
    pub state: TaskState,
    pub phase: u16,
    pub pending: u16,
    pub failure: Option<Failure>,
    /// It answered "accepted, pending" already; what follows settles the request later.
    pub answered: bool,
    pub comp: Comp,
}

/// Where a handler is with its compensating publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Comp {
    None,
    /// Its work failed for good; the compensating events are on their way.
    Running,
    /// They were all stored.
    Done,
    /// One of them failed.
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caller {
    User(u32),
    Task(H),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallState {
    InFlight,
    Backoff,
    Done,
}

/// A logical call over a wire, across its attempts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Call {
    pub wire: u32,
    pub caller: Caller,
    pub journey: u32,
    pub attempt: u32,
    pub state: CallState,
    /// The callee has committed this call's side effect at least once.
    pub committed: bool,
    /// Attempts still somewhere (in flight or being handled); freed at zero once done.
    pub outstanding: u32,
    /// This attempt is the half-open breaker's probe.
    pub probe: bool,
}

/// A user request's state (exactly one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    InFlight,
    Succeeded,
    Failed(Failure),
    TimedOut,
    Abandoned,
}

/// A user request and everything it caused.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Journey {
    pub users: u32,
    pub arrived: u64,
    pub outcome: Outcome,
    /// The user's wait once the outcome is settled, µs (windowed checks read it).
    pub waited: u64,
    /// Live pieces: the request itself, messages, tasks, outbox entries, event copies.
    pub pending: u32,
    /// The entry service started processing (so giving up is a timeout, not abandonment).
    pub started: bool,
    /// The user's call to the entry service.
    pub call: Option<H>,
    /// Position in `Waiting::journeys` while in flight.
    pub waiting_ix: u32,
    /// Position in `Settled::open` while some of its work is live.
    pub unsettled_ix: u32,
    /// The entity the person acts on; the events it publishes carry it (partition, order).
    pub key: u32,
    /// The nodes its work reached, one bit per node index (the first 64 nodes), so each
    /// node can say what became of the requests that passed through it.
    pub touched: u64,
    /// The same for the wires its messages crossed (the first 64 wires).
    pub crossed: u64,
    /// Some call of it was attempted again, or an event of it redelivered.
    pub retried: bool,
    /// Its answer was "accepted, pending": the outcome settles when its work is done.
    pub pending_answer: bool,
    /// Some of its work failed for good after it was accepted (a handler that answered
    /// early, a dead letter, a lost event, a compensation).
    pub failed_later: bool,
    /// A compensating event of it was handled.
    pub compensated: bool,
    /// When its last piece of work finished, ms after it arrived (u32::MAX before).
    pub settled_ms: u32,
}

/// Arrivals shed by the work cap at one users node within one millisecond.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ShedBucket {
    pub ms: u64,
    pub users: u32,
    pub count: u64,
}

impl ShedBucket {
    /// Shed requests fail where they arrive, at once.
    pub fn outcome(&self) -> Outcome {
        Outcome::Failed(Failure {
            reason: Reason::Shed,
            at: self.users,
        })
    }
}

/// Why an event was lost at publish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LostReason {
    /// The broker refused and the publisher dropped it (or failed its request).
    BrokerDown,
    /// The wire to the broker was cut.
    Cut,
    /// Shed by the cap on work in flight.
    Shed,
    /// A poison event: this consumer fails it on every delivery.
    Poison,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EventState {
    /// On the wire to the broker or waiting in an outbox.
    ToBroker,
    /// In the broker's log, copied to every subscription.
    Stored,
    Lost(LostReason),
}

/// A published event.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EventRec {
    pub topic: u32,
    pub journey: u32,
    pub state: EventState,
    /// The publishing task still waiting for the broker's ack, if any.
    pub waiter: Option<(H, u32)>,
    /// A compensating event.
    pub comp: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CopyState {
    Backlog,
    /// Failed delivery waiting out its redelivery backoff (counted as backlog).
    Waiting,
    /// Delivered, not yet acknowledged.
    Processing,
    Processed,
    Dead,
}

/// One event in one subscription's queue.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CopyRec {
    pub journey: u32,
    pub stored_at: u64,
    pub state: CopyState,
    pub deliveries: u32,
    /// The consumer has committed this event's side effect.
    pub committed: bool,
    /// A copy of a compensating event.
    pub comp: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Health {
    Up,
    Down,
    Hung,
}

/// Breaker state of a call wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Breaker {
    Closed { fails: u32 },
    Open { until: u64 },
    HalfOpen { probing: bool },
}

/// Mutable state of a node.
#[derive(Clone, Debug)]
pub(crate) struct NodeRt {
    pub health: Health,
    pub slow: u32,
    pub error_ppm: u32,
    pub busy: u32,
    pub queue: VecDeque<u32>,
    pub busy_area: u128,
    pub busy_since: u64,
    /// Users: current arrival mode and its generation (bumped when the load changes).
    pub arrival: Arrival,
    pub arrival_gen: u32,
    /// Topic: events stored.
    pub stored: u64,
    pub handled: u64,
    pub failed: u64,
    pub rejected: u64,
    pub duplicates: u64,
    /// Side effects committed for user requests that then failed ("charged, then the
    /// checkout failed").
    pub effects_of_failed: u64,
    /// For the availability product, counted where the waiting side learns the outcome
    /// (after retries): calls, request/reply and publishes its callers waited on it for,
    /// and those that failed here for a reason of its own — refused, overloaded, an
    /// error, a hang, a cut wire to it — not passed up from a dependency.
    pub asked: u64,
    pub failed_here: u64,
    /// Failures and rejections by reason and the node (dense index) where each arose: a
    /// caller's "refused" is its callee's refusal.
    pub failures: std::collections::BTreeMap<(Reason, u32), u64>,
}

impl NodeRt {
    /// A caller learned the outcome of what it asked this node; `here`: it failed here.
    pub(crate) fn answered(&mut self, here: bool) {
        self.asked += 1;
        self.failed_here += u64::from(here);
    }
}

/// Mutable state of a wire.
#[derive(Clone, Debug)]
pub(crate) struct WireRt {
    pub cut: bool,
    pub lose_ppm: u32,
    pub breaker: Breaker,
    pub breaker_opens: u64,
    pub calls: u64,
    pub retries: u64,
    pub failures: u64,
    pub degraded: u64,
    /// Publish wires: the outbox (events not yet sent) and those the relay has sent,
    /// with when each is due to be sent again, awaiting the broker's ack.
    pub outbox: VecDeque<u32>,
    pub relay_inflight: Vec<(u32, u64)>,
    pub poll_scheduled: bool,
    /// Request/reply wires: requests the broker holds while the callee is down.
    pub parked: VecDeque<(H, u64, u32)>,
}

/// Mutable state of a subscription.
#[derive(Clone, Debug, Default)]
pub(crate) struct SubRt {
    pub copies: Vec<CopyRec>,
    pub backlog: crate::backlog::Backlog,
    pub in_flight: u32,
    pub n_backlog: u64,
    pub n_processing: u64,
    pub n_processed: u64,
    pub n_dead: u64,
    pub redeliveries: u64,
    pub duplicates: u64,
    pub skipped: u64,
    /// Keyed designs: the latest copy processed per key, and how many were processed
    /// after a later one of the same key.
    pub last_done: std::collections::BTreeMap<u32, u32>,
    pub out_of_order: u64,
}
