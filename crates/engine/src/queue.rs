//! The single event queue, ordered by (time µs, sequence number): equal-time events come
//! out first-in first-out. Cancelled timers are not removed; their handlers check a
//! generation or attempt number and ignore stale firings (lazy cancellation).
//!
//! Timers of one kind on one wire all have the same duration, so they fire in the order
//! they were set. Such timers wait in a FIFO *lane*, and only each lane's head sits in
//! the heap, keeping it small (most timeouts are cancelled long before they fire). The
//! order of events is unchanged: a timer keeps the sequence number it got when set.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// Something scheduled to happen. Handles are (slot, generation) pairs, so an event for
/// a freed and reused slot is recognised as stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ev {
    /// The next arrival of a users node (with the node's arrival generation).
    Arrival { users: u32, gen: u32 },
    /// The rest of a crowd that arrived at once (a burst, a `send`), beyond one slice.
    People { users: u32, left: u32 },
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
            Ev::People { users, left } => (12, w(users, left)),
        }
    }
}

/// No lane: an ordinary heap entry.
const NO_LANE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Entry {
    time: u64,
    seq: u64,
    lane: u32,
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

/// A min-queue of events by (time, seq), with FIFO timer lanes.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
    lanes: Vec<Lane>,
}

/// A FIFO of timers with one duration.
#[derive(Clone, Debug, Default)]
struct Lane {
    /// Timers behind the head, as (time, seq, event).
    waiting: VecDeque<(u64, u64, Ev)>,
    /// The head is in the heap.
    armed: bool,
    /// Time of the latest timer pushed, armed or waiting.
    last: u64,
}

impl EventQueue {
    /// A queue with `lanes` timer lanes.
    pub fn with_lanes(lanes: usize) -> EventQueue {
        EventQueue {
            heap: BinaryHeap::new(),
            seq: 0,
            lanes: vec![Lane::default(); lanes],
        }
    }

    /// Schedules `ev` at `time`; later pushes at the same time pop later.
    #[inline]
    pub fn push(&mut self, time: u64, ev: Ev) {
        self.seq += 1;
        self.heap.push(Entry {
            time,
            seq: self.seq,
            lane: NO_LANE,
            ev,
        });
    }

    /// Schedules a timer in a lane; it fires exactly as if pushed with `push`.
    #[inline]
    pub fn push_timer(&mut self, lane: u32, time: u64, ev: Ev) {
        self.seq += 1;
        let l = &mut self.lanes[lane as usize];
        if time < l.last {
            // Out of order (durations are constant per lane, so never expected): the
            // heap is always right.
            self.heap.push(Entry {
                time,
                seq: self.seq,
                lane: NO_LANE,
                ev,
            });
            return;
        }
        l.last = time;
        if l.armed {
            l.waiting.push_back((time, self.seq, ev));
        } else {
            l.armed = true;
            self.heap.push(Entry {
                time,
                seq: self.seq,
                lane,
                ev,
            });
        }
    }

    /// The time of the earliest event.
    #[inline]
    pub fn peek_time(&self) -> Option<u64> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes the earliest event, and the lane it came from (if any), which the caller
    /// must re-arm with `lane_front`, `lane_drop` and `lane_arm`.
    #[inline]
    pub fn pop(&mut self) -> Option<(u64, u64, Ev, Option<u32>)> {
        self.heap.pop().map(|e| {
            let lane = (e.lane != NO_LANE).then_some(e.lane);
            if let Some(l) = lane {
                self.lanes[l as usize].armed = false;
            }
            (e.time, e.seq, e.ev, lane)
        })
    }

    /// The next timer waiting in a lane.
    #[inline]
    pub fn lane_front(&self, lane: u32) -> Option<Ev> {
        self.lanes[lane as usize].waiting.front().map(|e| e.2)
    }

    /// Drops a lane's front timer (it was cancelled).
    #[inline]
    pub fn lane_drop(&mut self, lane: u32) {
        self.lanes[lane as usize].waiting.pop_front();
    }

    /// Moves a lane's front timer into the heap as the lane's head.
    #[inline]
    pub fn lane_arm(&mut self, lane: u32) {
        let l = &mut self.lanes[lane as usize];
        if let Some((time, seq, ev)) = l.waiting.pop_front() {
            l.armed = true;
            self.heap.push(Entry {
                time,
                seq,
                lane,
                ev,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Timers pushed through lanes come out exactly in (time, seq) order, as if every
    /// one had gone into the heap, including the out-of-order fallback.
    #[test]
    fn lanes_preserve_time_then_sequence_order() {
        let mut r = Rng::stream(5, 5, 5);
        let mut q = EventQueue::with_lanes(3);
        let mut expected = Vec::new();
        let mut now = 0u64;
        for i in 0..5_000u32 {
            now += r.upto(3);
            let ev = Ev::Patience { journey: i };
            let time = match r.upto(4) {
                0 => {
                    q.push(now + r.upto(50), ev);
                    continue;
                }
                // A lane with a constant duration, and one pushed out of order.
                1 | 2 => {
                    let lane = r.upto(1) as u32;
                    q.push_timer(lane, now + 20 * u64::from(lane + 1), ev);
                    now + 20 * u64::from(lane + 1)
                }
                _ => {
                    let t = now + 40 - r.upto(40);
                    q.push_timer(2, t, ev);
                    t
                }
            };
            expected.push((time, i));
        }
        let mut got = Vec::new();
        let mut last = (0, 0);
        while let Some((time, seq, ev, lane)) = q.pop() {
            assert!((time, seq) > last, "order broken at {time}/{seq}");
            last = (time, seq);
            if let Some(l) = lane {
                q.lane_arm(l);
            }
            if let Ev::Patience { journey } = ev {
                got.push((time, journey));
            }
        }
        // Sequence numbers grow with the journey number, so (time, journey) order is
        // (time, seq) order.
        let mut sorted = got.clone();
        sorted.sort();
        assert_eq!(got, sorted);
        assert_eq!(got.len(), 5_000);
        for e in expected {
            assert!(got.contains(&e), "timer {e:?} was lost");
        }
    }
}
