//! The single event queue, ordered by (time µs, sequence number): equal-time events come
//! out first-in first-out. Cancelled timers are not removed; their handlers check a
//! generation or attempt number and ignore stale firings (lazy cancellation).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Something scheduled to happen. Handles are (slot, generation) pairs, so an event for
/// a freed and reused slot is recognised as stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ev {
    /// The next arrival of a users node (with the node's arrival generation).
    Arrival { users: u32, gen: u32 },
    /// A message reaches its destination.
    Arrive { msg: u32 },
    /// A task's own processing is finished.
    ProcDone { task: u32, gen: u32 },
    /// A call attempt's timeout.
    CallTimeout { call: u32, gen: u32, attempt: u32 },
    /// A call's backoff is over: try again.
    Retry { call: u32, gen: u32 },
    /// A user's patience runs out.
    Patience { journey: u32 },
    /// A publisher stops waiting for the broker's ack.
    PubTimeout { event: u32 },
    /// The broker has had no ack for a delivery.
    AckTimeout { sub: u32, copy: u32, n: u32 },
    /// A failed delivery's backoff is over.
    Redeliver { sub: u32, copy: u32 },
    /// The outbox relay of a publish wire wakes up.
    OutboxPoll { wire: u32 },
    /// A scripted incident, by index in the sorted script.
    Incident { index: u32 },
}

impl Ev {
    /// A compact code and two fields for the trace hash.
    pub fn trace_words(&self) -> (u64, u64) {
        let w = |a: u32, b: u32| (u64::from(a) << 32) | u64::from(b);
        match *self {
            Ev::Arrival { users, gen } => (1, w(users, gen)),
            Ev::Arrive { msg } => (2, u64::from(msg)),
            Ev::ProcDone { task, gen } => (3, w(task, gen)),
            Ev::CallTimeout { call, attempt, .. } => (4, w(call, attempt)),
            Ev::Retry { call, gen } => (5, w(call, gen)),
            Ev::Patience { journey } => (6, u64::from(journey)),
            Ev::PubTimeout { event } => (7, u64::from(event)),
            Ev::AckTimeout { sub, copy, .. } => (8, w(sub, copy)),
            Ev::Redeliver { sub, copy } => (9, w(sub, copy)),
            Ev::OutboxPoll { wire } => (10, u64::from(wire)),
            Ev::Incident { index } => (11, u64::from(index)),
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    time: u64,
    seq: u64,
    ev: Ev,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        (self.time, self.seq) == (o.time, o.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    /// Reversed, so the max-heap pops the earliest (time, seq) first.
    fn cmp(&self, o: &Self) -> Ordering {
        (o.time, o.seq).cmp(&(self.time, self.seq))
    }
}

/// A min-queue of events by (time, seq).
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
}

impl EventQueue {
    /// Schedules `ev` at `time`; later pushes at the same time pop later.
    #[inline]
    pub fn push(&mut self, time: u64, ev: Ev) {
        self.seq += 1;
        self.heap.push(Entry { time, seq: self.seq, ev });
    }

    /// The time of the earliest event.
    #[inline]
    pub fn peek_time(&self) -> Option<u64> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<(u64, u64, Ev)> {
        self.heap.pop().map(|e| (e.time, e.seq, e.ev))
    }
}
