//! A subscription's waiting events: the line they are delivered from, and every copy
//! not yet handled by age, for the lag.
//!
//! Every operation is O(log n) in the backlog, so a long backlog costs no more per
//! delivery than a short one: an in-order subscription finds the first copy of a
//! partition with nothing out without scanning the copies of blocked partitions.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

#[derive(Clone, Debug, Default)]
pub(crate) struct Backlog {
    /// Copies in line, per partition (one partition unless the subscription keeps
    /// order), with their place in the whole line: a push at the back takes a rising
    /// place and one at the front a falling place, so the places order the copies
    /// exactly as one queue would.
    parts: BTreeMap<u32, VecDeque<(i64, u32)>>,
    /// The head of each partition that may deliver (not blocked, not empty), by place:
    /// the first is the next copy to deliver.
    ready: BTreeSet<(i64, u32)>,
    /// Partitions with an event out (delivered, or waiting for its redelivery).
    blocked: BTreeSet<u32>,
    front: i64,
    back: i64,
    len: usize,
    /// Every copy not yet handled and not out (in line, or waiting out its redelivery
    /// backoff), by (stored at, copy): the first is the oldest, whose age is the lag.
    unhandled: BTreeSet<(u64, u32)>,
    /// The same per partition.
    unhandled_in: BTreeMap<u32, BTreeSet<(u64, u32)>>,
}

impl Backlog {
    /// Copies in line (not those waiting out a backoff).
    pub fn len(&self) -> usize {
        self.len
    }

    /// A copy joins the line at the back (stored, or redelivered out of order). The
    /// partition is the copy's own in an in-order subscription and 0 in any other.
    pub fn push_back(&mut self, copy: u32, partition: u32) {
        let place = self.back;
        self.back += 1;
        self.parts
            .entry(partition)
            .or_default()
            .push_back((place, copy));
        self.len += 1;
        self.refresh(partition);
    }

    /// A copy goes first in line (an in-order redelivery, ahead of its partition).
    pub fn push_front(&mut self, copy: u32, partition: u32) {
        self.front -= 1;
        let place = self.front;
        self.unready(partition);
        self.parts
            .entry(partition)
            .or_default()
            .push_front((place, copy));
        self.len += 1;
        self.refresh(partition);
    }

    /// Takes the next copy to deliver: the first in line of a partition not blocked.
    pub fn pop(&mut self) -> Option<(u32, u32)> {
        let (_, partition) = self.ready.pop_first()?;
        let q = self
            .parts
            .get_mut(&partition)
            .expect("a ready partition has copies");
        let (_, copy) = q.pop_front().expect("a ready partition has copies");
        if q.is_empty() {
            self.parts.remove(&partition);
        }
        self.len -= 1;
        self.refresh(partition);
        Some((copy, partition))
    }

    /// Nothing more leaves `partition` until [`Backlog::unblock`].
    pub fn block(&mut self, partition: u32) {
        self.unready(partition);
        self.blocked.insert(partition);
    }

    pub fn unblock(&mut self, partition: u32) {
        self.blocked.remove(&partition);
        self.refresh(partition);
    }

    /// A copy is waiting (stored, or failed and waiting for its redelivery).
    pub fn waiting(&mut self, stored_at: u64, copy: u32, partition: u32) {
        self.unhandled.insert((stored_at, copy));
        self.unhandled_in
            .entry(partition)
            .or_default()
            .insert((stored_at, copy));
    }

    /// A waiting copy has been delivered.
    pub fn delivered(&mut self, stored_at: u64, copy: u32, partition: u32) {
        self.unhandled.remove(&(stored_at, copy));
        if let Some(set) = self.unhandled_in.get_mut(&partition) {
            set.remove(&(stored_at, copy));
            if set.is_empty() {
                self.unhandled_in.remove(&partition);
            }
        }
    }

    /// Copies not yet handled and not out (the accounting recounts them).
    pub fn unhandled(&self) -> usize {
        self.unhandled.len()
    }

    /// When the oldest copy not yet handled was stored.
    pub fn oldest(&self) -> Option<u64> {
        self.unhandled.first().map(|&(t, _)| t)
    }

    /// The same in one partition.
    pub fn oldest_in(&self, partition: u32) -> Option<u64> {
        self.unhandled_in
            .get(&partition)
            .and_then(|s| s.first())
            .map(|&(t, _)| t)
    }

    fn unready(&mut self, partition: u32) {
        if let Some(&(place, _)) = self.parts.get(&partition).and_then(|q| q.front()) {
            self.ready.remove(&(place, partition));
        }
    }

    /// Puts the partition's head among the ready ones if it may deliver.
    fn refresh(&mut self, partition: u32) {
        if let Some(&(place, _)) = self.parts.get(&partition).and_then(|q| q.front()) {
            if !self.blocked.contains(&partition) {
                self.ready.insert((place, partition));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// The backlog delivers exactly as one queue scanned for the first copy of a
    /// partition that is not blocked, whatever the pushes, pops and blocks (the seed of
    /// a failing case is printed).
    #[test]
    fn delivers_in_the_order_of_a_scanned_queue() {
        for seed in 0..300 {
            let r = &mut Rng::stream(seed, 1, 0);
            let (mut fast, mut slow) = (Backlog::default(), VecDeque::<(u32, u32)>::new());
            let mut blocked = BTreeSet::new();
            let parts = 1 + r.upto(6) as u32;
            for copy in 0..400u32 {
                let p = r.upto(u64::from(parts) - 1) as u32;
                match r.upto(5) {
                    0 | 1 => {
                        fast.push_back(copy, p);
                        slow.push_back((copy, p));
                    }
                    2 => {
                        fast.push_front(copy, p);
                        slow.push_front((copy, p));
                    }
                    3 => {
                        if blocked.insert(p) {
                            fast.block(p);
                        } else {
                            blocked.remove(&p);
                            fast.unblock(p);
                        }
                    }
                    _ => {
                        let at = slow.iter().position(|(_, p)| !blocked.contains(p));
                        let want = at.and_then(|i| slow.remove(i));
                        assert_eq!(fast.pop(), want, "seed {seed}");
                    }
                }
                assert_eq!(fast.len(), slow.len(), "seed {seed}");
            }
        }
    }

    #[test]
    fn the_oldest_copy_not_yet_handled_gives_the_lag() {
        let mut b = Backlog::default();
        b.waiting(30, 2, 1);
        b.waiting(10, 0, 0);
        b.waiting(20, 1, 1);
        assert_eq!(
            (b.oldest(), b.oldest_in(0), b.oldest_in(1)),
            (Some(10), Some(10), Some(20))
        );
        b.delivered(10, 0, 0);
        assert_eq!((b.oldest(), b.oldest_in(0)), (Some(20), None));
        // Failed and waiting for its redelivery: it counts again, with its first age.
        b.waiting(10, 0, 0);
        assert_eq!(b.oldest(), Some(10));
    }
}
