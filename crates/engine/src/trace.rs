//! The trace hash: FNV-1a (64-bit offset basis and prime) applied to 64-bit words rather
//! than bytes, over one record per processed event: (time µs, sequence number, event
//! code, event fields). It is fixed and documented so hashes can be pinned in tests and
//! compared between native and wasm builds; std's `DefaultHasher` promises neither.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// A running FNV-1a hash over 64-bit words.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(OFFSET)
    }
}

impl Fnv {
    /// Mixes in one word.
    #[inline]
    pub fn word(&mut self, w: u64) {
        self.0 = (self.0 ^ w).wrapping_mul(PRIME);
    }

    /// The hash so far.
    pub fn value(&self) -> u64 {
        self.0
    }
}

/// A run's hashes: of every processed event (the trace), and of every arrival.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Hashes {
    pub events: Fnv,
    /// Each arrival's (users node, time): two runs with equal hashes had the same
    /// customers, whatever their designs did with them.
    pub arrivals: Fnv,
}
