//! Every customer's journey, by number, kept in chunks of [`CHUNK`]. A chunk whose
//! journeys have all settled is folded into compact records of what the report, the
//! checks and the picks still read (arrival, wait, outcome, time to consistency, flags),
//! less than half the size, and shared by the run and its checkpoints instead of copied:
//! a long run grows its memory, and a checkpoint costs, far less per customer. Nothing a
//! reader sees changes: [`Journeys::at`] gives the same journey either way, with the
//! bookkeeping of live work (pending pieces, list positions, the call) at rest.

use crate::state::{Journey, Outcome};
use std::sync::Arc;

/// Journeys per chunk: big enough that the chunk table stays small (an hour at 300
/// people/s is about 260 chunks), small enough that one long-lived journey keeps few others
/// at full size.
const CHUNK: usize = 4096;

/// What a settled journey keeps.
#[derive(Clone, Copy, Debug)]
struct Folded {
    arrived: u64,
    waited: u64,
    outcome: Outcome,
    settled_ms: u32,
    users: u32,
    key: u32,
    /// started, retried, pending_answer, failed_later, compensated (bits 0–4).
    flags: u8,
}

impl Folded {
    fn of(j: &Journey) -> Folded {
        let flags = u8::from(j.started)
            | u8::from(j.retried) << 1
            | u8::from(j.pending_answer) << 2
            | u8::from(j.failed_later) << 3
            | u8::from(j.compensated) << 4;
        Folded {
            arrived: j.arrived,
            waited: j.waited,
            outcome: j.outcome,
            settled_ms: j.settled_ms,
            users: j.users,
            key: j.key,
            flags,
        }
    }

    /// The journey as it stood when it settled. Which nodes and wires its work reached
    /// was counted then (`Run::settled_at_node`), so it is not kept.
    fn journey(&self) -> Journey {
        let bit = |i: u8| self.flags & (1 << i) != 0;
        Journey {
            users: self.users,
            arrived: self.arrived,
            outcome: self.outcome,
            waited: self.waited,
            pending: 0,
            started: bit(0),
            call: None,
            waiting_ix: 0,
            unsettled_ix: 0,
            key: self.key,
            touched: 0,
            crossed: 0,
            retried: bit(1),
            pending_answer: bit(2),
            failed_later: bit(3),
            compensated: bit(4),
            settled_ms: self.settled_ms,
        }
    }
}

#[derive(Clone, Debug)]
enum Chunk {
    /// Journeys some of which still have live work (`open` of them).
    Live {
        js: Vec<Journey>,
        open: u32,
    },
    Folded(Arc<[Folded]>),
}

/// The journeys of a run, numbered from 0 in order of arrival.
#[derive(Clone, Debug, Default)]
pub(crate) struct Journeys {
    chunks: Vec<Chunk>,
    len: usize,
    folded: usize,
    /// Settled journeys that got live work again (their chunk was unfolded for it): the
    /// engine never does this, and the tests hold it to 0.
    pub(crate) unfolds: u64,
}

/// Bytes of one journey kept live and of one folded (fixed, so a run halts at the same
/// point natively and in the browser).
pub(crate) const LIVE_BYTES: u64 = std::mem::size_of::<Journey>() as u64;
pub(crate) const FOLDED_BYTES: u64 = std::mem::size_of::<Folded>() as u64;
const _: () = assert!(
    FOLDED_BYTES * 2 <= LIVE_BYTES,
    "folding must halve a journey"
);

impl Journeys {
    /// How many have arrived: the number the next one gets.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many are folded.
    pub(crate) fn folded(&self) -> usize {
        self.folded
    }

    /// Bytes these records hold (see [`LIVE_BYTES`]).
    pub(crate) fn bytes(&self) -> u64 {
        (self.len - self.folded) as u64 * LIVE_BYTES + self.folded as u64 * FOLDED_BYTES
    }

    /// Bytes of the folded records, which copies of the run share.
    pub(crate) fn folded_bytes(&self) -> u64 {
        self.folded as u64 * FOLDED_BYTES
    }

    /// Adds the next journey, with its first piece of work live.
    pub(crate) fn push(&mut self, j: Journey) {
        debug_assert!(j.pending > 0);
        match self.chunks.last_mut() {
            Some(Chunk::Live { js, open }) if js.len() < CHUNK => {
                js.push(j);
                *open += 1;
            }
            _ => {
                let mut js = Vec::with_capacity(CHUNK);
                js.push(j);
                self.chunks.push(Chunk::Live { js, open: 1 });
            }
        }
        self.len += 1;
    }

    /// Journey `j` as it stands (a copy).
    pub(crate) fn at(&self, j: u32) -> Journey {
        let (c, i) = (j as usize / CHUNK, j as usize % CHUNK);
        match &self.chunks[c] {
            Chunk::Live { js, .. } => js[i],
            Chunk::Folded(f) => f[i].journey(),
        }
    }

    /// Journey `j`, if it has arrived.
    pub(crate) fn get(&self, j: u32) -> Option<Journey> {
        ((j as usize) < self.len).then(|| self.at(j))
    }

    /// Journey `j` to change. Only journeys with live work change; a folded one is
    /// unfolded (with its chunk) rather than lost, and counted in [`Journeys::unfolds`].
    pub(crate) fn get_mut(&mut self, j: u32) -> &mut Journey {
        let (c, i) = (j as usize / CHUNK, j as usize % CHUNK);
        if let Chunk::Folded(f) = &self.chunks[c] {
            let js: Vec<Journey> = f.iter().map(Folded::journey).collect();
            self.folded -= js.len();
            self.unfolds += 1;
            self.chunks[c] = Chunk::Live { js, open: 0 };
        }
        match &mut self.chunks[c] {
            Chunk::Live { js, .. } => &mut js[i],
            Chunk::Folded(_) => unreachable!("unfolded above"),
        }
    }

    /// Journey `j` got live work again after it had settled.
    pub(crate) fn reopened(&mut self, j: u32) {
        if let Chunk::Live { open, .. } = &mut self.chunks[j as usize / CHUNK] {
            *open += 1;
        }
    }

    /// Journey `j` settled (its last piece of work is done): a full chunk whose journeys
    /// have all settled is folded.
    pub(crate) fn settled(&mut self, j: u32) {
        let c = j as usize / CHUNK;
        let Chunk::Live { js, open } = &mut self.chunks[c] else {
            return;
        };
        *open -= 1;
        if *open == 0 && js.len() == CHUNK {
            let f: Arc<[Folded]> = js.iter().map(Folded::of).collect();
            self.folded += f.len();
            self.chunks[c] = Chunk::Folded(f);
        }
    }

    /// Every journey in order of arrival (copies).
    pub(crate) fn iter(&self) -> impl Iterator<Item = Journey> + Clone + '_ {
        self.chunks.iter().flat_map(|c| {
            let (live, folded): (&[Journey], &[Folded]) = match c {
                Chunk::Live { js, .. } => (js, &[]),
                Chunk::Folded(f) => (&[], f),
            };
            live.iter()
                .copied()
                .chain(folded.iter().map(Folded::journey))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Failure, Reason};

    fn journey(n: u32) -> Journey {
        Journey {
            users: n % 3,
            arrived: u64::from(n) * 1000,
            outcome: Outcome::InFlight,
            waited: 0,
            pending: 1,
            started: n.is_multiple_of(2),
            call: None,
            waiting_ix: 0,
            unsettled_ix: 0,
            key: n * 7,
            touched: 1,
            crossed: 0,
            retried: n.is_multiple_of(5),
            pending_answer: n.is_multiple_of(7),
            failed_later: n.is_multiple_of(11),
            compensated: n.is_multiple_of(13),
            settled_ms: u32::MAX,
        }
    }

    fn settle(js: &mut Journeys, n: u32) {
        let j = js.get_mut(n);
        j.pending = 0;
        j.waited = u64::from(n) * 3;
        j.settled_ms = n;
        j.outcome = if n.is_multiple_of(4) {
            Outcome::Failed(Failure {
                reason: Reason::Timeout,
                at: n % 5,
            })
        } else {
            Outcome::Succeeded
        };
        js.settled(n);
    }

    #[test]
    fn a_settled_chunk_folds_and_reads_the_same() {
        let mut js = Journeys::default();
        let n = (CHUNK * 2 + 10) as u32;
        for i in 0..n {
            js.push(journey(i));
        }
        // Settle all but one journey of the second chunk, in a shuffled order.
        let keep = (CHUNK + 5) as u32;
        let mut order: Vec<u32> = (0..n).filter(|&i| i != keep).collect();
        order.sort_by_key(|&i| (i.wrapping_mul(2_654_435_761)) % 1000);
        for &i in &order {
            settle(&mut js, i);
        }
        let before: Vec<Journey> = (0..n).map(|i| js.at(i)).collect();
        assert_eq!(
            js.folded, CHUNK,
            "only the first chunk is whole and settled"
        );
        assert!(js.bytes() < n as u64 * LIVE_BYTES);
        settle(&mut js, keep);
        assert_eq!(js.folded, 2 * CHUNK, "the last chunk is not full yet");
        for (i, (a, b)) in before.iter().zip(js.iter()).enumerate() {
            let i = i as u32;
            if i == keep {
                continue;
            }
            assert_eq!(a.arrived, b.arrived, "journey {i}");
            assert_eq!(a.outcome, b.outcome, "journey {i}");
            assert_eq!(
                (
                    a.retried,
                    a.pending_answer,
                    a.failed_later,
                    a.compensated,
                    a.started
                ),
                (
                    b.retried,
                    b.pending_answer,
                    b.failed_later,
                    b.compensated,
                    b.started
                ),
                "journey {i}"
            );
            assert_eq!(
                (a.users, a.key, a.settled_ms),
                (b.users, b.key, b.settled_ms)
            );
        }
        assert_eq!(js.iter().count(), n as usize);
        assert_eq!(js.unfolds, 0);
        // A change to a folded journey unfolds its chunk instead of losing it.
        js.get_mut(3).failed_later = true;
        assert_eq!(js.unfolds, 1);
        assert!(js.at(3).failed_later);
        assert_eq!(js.at(3).arrived, 3000);
    }
}
