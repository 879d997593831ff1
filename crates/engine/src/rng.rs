//! Random streams: SplitMix64 generators and integer-only samplers.
//!
//! SplitMix64 (Steele, Lea & Flood 2014; the seeder of the xoshiro family) is 64 bits
//! of state, passes BigCrush, and is a few lines, so it needs no crate and no getrandom.
//! Every sampler here uses integer arithmetic only: no `ln`, `exp` or `powf`, whose
//! results may differ between platforms, ever decides an outcome.

/// Stream kinds, so workload, services and network draw independently.
const STREAM_USERS: u64 = 1;
const STREAM_SERVICE: u64 = 2;
const STREAM_NETWORK: u64 = 3;
/// Stream 4 is poison draws (service.rs); 5 the keys people act on.
const STREAM_KEYS: u64 = 5;

/// A run's random streams, all drawn from its seed: one per element and kind.
#[derive(Clone, Debug)]
pub(crate) struct Streams {
    pub seed: u64,
    /// Per node: arrivals, the keys people act on, service times and errors.
    pub users: Vec<Rng>,
    pub keys: Vec<Rng>,
    pub svc: Vec<Rng>,
    /// Per wire: latency and losses.
    pub net: Vec<Rng>,
}

impl Streams {
    pub(crate) fn new(seed: u64, nodes: &[u32], wires: &[u32]) -> Streams {
        let stream = |kind, ids: &[u32]| -> Vec<Rng> {
            ids.iter()
                .map(|&id| Rng::stream(seed, kind, u64::from(id)))
                .collect()
        };
        Streams {
            seed,
            users: stream(STREAM_USERS, nodes),
            keys: stream(STREAM_KEYS, nodes),
            svc: stream(STREAM_SERVICE, nodes),
            net: stream(STREAM_NETWORK, wires),
        }
    }
}

/// A SplitMix64 stream.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A stream for `(seed, stream kind, element id)`: independent streams per element,
    /// so adding a wire does not change when users arrive.
    pub fn stream(seed: u64, kind: u64, id: u64) -> Rng {
        let mut r = Rng(seed ^ kind.wrapping_mul(0xA076_1D64_78BD_642F));
        let a = r.next_u64();
        Rng(a ^ id.wrapping_mul(0xE703_7ED1_A0B4_28DB))
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, n]` (inclusive), by multiply-shift.
    #[inline]
    pub fn upto(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * (u128::from(n) + 1)) >> 64) as u64
    }

    /// True with probability `ppm` parts per million.
    #[inline]
    pub fn chance(&mut self, ppm: u32) -> bool {
        ppm > 0 && ((self.next_u64() >> 32) * 1_000_000) >> 32 < u64::from(ppm)
    }

    /// An exponential draw with the given mean (µs), by inverse-CDF table lookup.
    pub fn exp(&mut self, mean: u64) -> u64 {
        // The table splits Exp(1) into 256 equally likely buckets; within a bucket we
        // interpolate linearly. The last bucket is unbounded: by memorylessness it is
        // its lower edge plus a fresh Exp(1) draw.
        let mut q16: u64 = 0;
        loop {
            let r = self.next_u64();
            let b = (r >> 56) as usize;
            if b == 255 {
                q16 += EXP_Q16[255];
                continue;
            }
            let frac = (r >> 40) & 0xFFFF;
            let lo = EXP_Q16[b];
            q16 += lo + (((EXP_Q16[b + 1] - lo) * frac) >> 16);
            break;
        }
        ((u128::from(mean) * u128::from(q16)) >> 16) as u64
    }
}

/// `-ln(1 - b/256)` in 16.16 fixed point for b in 0..256 (generated once, offline).
const EXP_Q16: [u64; 256] = [
    0, 257, 514, 773, 1032, 1293, 1554, 1817, 2081, 2345, 2611, 2878, 3146, 3415, 3686, 3957, 4230,
    4503, 4778, 5054, 5331, 5609, 5889, 6169, 6451, 6734, 7019, 7304, 7591, 7879, 8169, 8459, 8751,
    9044, 9339, 9635, 9932, 10231, 10530, 10832, 11135, 11439, 11744, 12051, 12360, 12669, 12981,
    13294, 13608, 13924, 14241, 14560, 14880, 15202, 15526, 15851, 16178, 16507, 16837, 17169,
    17502, 17837, 18174, 18513, 18854, 19196, 19540, 19886, 20233, 20583, 20934, 21288, 21643,
    22000, 22359, 22720, 23083, 23448, 23815, 24185, 24556, 24929, 25305, 25683, 26063, 26445,
    26829, 27216, 27605, 27996, 28390, 28786, 29184, 29585, 29988, 30394, 30802, 31213, 31627,
    32043, 32461, 32883, 33307, 33734, 34164, 34596, 35032, 35470, 35911, 36356, 36803, 37254,
    37707, 38164, 38624, 39087, 39553, 40023, 40496, 40973, 41453, 41937, 42424, 42915, 43409,
    43908, 44410, 44916, 45426, 45940, 46458, 46980, 47507, 48037, 48572, 49112, 49656, 50204,
    50757, 51315, 51877, 52445, 53017, 53595, 54177, 54765, 55358, 55957, 56561, 57170, 57786,
    58407, 59034, 59667, 60307, 60952, 61604, 62263, 62928, 63600, 64280, 64966, 65659, 66360,
    67069, 67785, 68509, 69241, 69982, 70731, 71489, 72255, 73031, 73816, 74610, 75414, 76228,
    77053, 77887, 78733, 79590, 80458, 81338, 82229, 83133, 84050, 84979, 85922, 86879, 87850,
    88836, 89836, 90852, 91884, 92933, 93999, 95082, 96183, 97304, 98443, 99603, 100784, 101987,
    103212, 104460, 105733, 107030, 108354, 109706, 111085, 112495, 113935, 115408, 116915, 118457,
    120036, 121654, 123314, 125016, 126764, 128559, 130405, 132305, 134262, 136278, 138359, 140508,
    142730, 145029, 147413, 149886, 152457, 155132, 157921, 160834, 163883, 167080, 170442, 173985,
    177731, 181704, 185934, 190455, 195312, 200558, 206260, 212507, 219411, 227130, 235882, 245984,
    257933, 272557, 291410, 317983, 363409,
];

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn exponential_has_the_right_mean_and_tail() {
        let mut r = Rng::stream(1, 2, 3);
        let n = 200_000u64;
        let draws: Vec<u64> = (0..n).map(|_| r.exp(1_000_000)).collect();
        let mean = draws.iter().sum::<u64>() / n;
        assert!((990_000..=1_010_000).contains(&mean), "{mean}");
        // P(X > 3 mean) = e^-3 ≈ 0.0498; P(X > 7 mean) = e^-7 ≈ 0.00091 (beyond the table).
        let over = |k: u64| draws.iter().filter(|&&d| d > k * 1_000_000).count() as f64 / n as f64;
        assert!((over(3) - 0.0498).abs() < 0.002, "{}", over(3));
        assert!((over(7) - 0.00091).abs() < 0.0003, "{}", over(7));
    }

    #[test]
    fn upto_and_chance_are_in_range_and_fair() {
        let mut r = Rng::stream(9, 9, 9);
        let mut seen = [0u32; 5];
        for _ in 0..50_000 {
            seen[r.upto(4) as usize] += 1;
        }
        assert!(
            seen.iter().all(|&c| (9_500..=10_500).contains(&c)),
            "{seen:?}"
        );
        let hits = (0..100_000).filter(|_| r.chance(250_000)).count();
        assert!((24_000..=26_000).contains(&hits), "{hits}");
        assert!(!(0..1000).any(|_| r.chance(0)));
        assert!((0..1000).all(|_| r.chance(1_000_000)));
    }

    #[test]
    fn splitmix64_reference_vector_and_independent_streams() {
        // The published SplitMix64 output for state 0: a change here changes every run.
        let mut r = Rng(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(
            Rng::stream(42, 1, 7).next_u64(),
            Rng::stream(42, 1, 7).next_u64()
        );
        assert_ne!(
            Rng::stream(42, 1, 7).next_u64(),
            Rng::stream(42, 1, 8).next_u64()
        );
        assert_ne!(
            Rng::stream(42, 1, 7).next_u64(),
            Rng::stream(42, 2, 7).next_u64()
        );
    }
}
