//! The timeline's rules: which moment a pointer on its track means, and which round
//! times the track is marked with. The browser edge measures the track and draws; what
//! a position means is decided here.

/// The track of a timeline as the page measured it: where it starts and how wide it is
/// (CSS px), the width of the thumb that travels along it, and the run's length so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Track {
    pub left: f64,
    pub width: f64,
    /// The thumb's centre never leaves the track: at 0 it is half a thumb in, at the end
    /// half a thumb short of the right edge.
    pub thumb: f64,
    pub end_ms: u64,
    /// Times go in whole steps of this many ms.
    pub step_ms: u64,
}

impl Track {
    /// The span the thumb's centre travels, px (at least 1).
    fn run(&self) -> f64 {
        (self.width - self.thumb).max(1.0)
    }

    /// The moment under a pointer at `x`: in whole steps, 0 left of the track, the end
    /// right of it.
    pub fn time_at(&self, x: f64) -> u64 {
        let f = ((x - self.left - self.thumb / 2.0) / self.run()).clamp(0.0, 1.0);
        let t = f * self.end_ms as f64;
        let step = self.step_ms.max(1) as f64;
        ((t / step).round() * step).min(self.end_ms as f64) as u64
    }

    /// Where the thumb's centre is at `t_ms`, px from the track's left edge.
    pub fn x_of(&self, t_ms: u64) -> f64 {
        let f = if self.end_ms == 0 {
            0.0
        } else {
            (t_ms.min(self.end_ms) as f64 / self.end_ms as f64).clamp(0.0, 1.0)
        };
        self.thumb / 2.0 + f * self.run()
    }
}

/// Round times to mark a run of `end_ms` with, 0 first, at most `most` of them: steps of
/// 1, 2 or 5 × 10ⁿ ms, never under 100 ms.
pub fn ticks(end_ms: u64, most: usize) -> Vec<u64> {
    let most = most.max(2) as u64;
    let mut step = 100u64;
    'find: loop {
        for m in [1, 2, 5] {
            let s = step * m;
            if end_ms / s < most {
                step = s;
                break 'find;
            }
        }
        step *= 10;
    }
    (0..=end_ms / step).map(|i| i * step).collect()
}

/// A tick's words: "0 s", "0.5 s", "20 s", "2 min", "2 min 30 s".
pub fn tick_label(ms: u64) -> String {
    let s = ms / 1000;
    if !ms.is_multiple_of(1000) {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else if s < 60 || !s.is_multiple_of(30) && s < 600 {
        format!("{s} s")
    } else if s.is_multiple_of(60) {
        format!("{} min", s / 60)
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Track = Track {
        left: 100.0,
        width: 416.0,
        thumb: 16.0,
        end_ms: 20_000,
        step_ms: 100,
    };

    #[test]
    fn a_position_is_the_moment_under_it_in_whole_steps() {
        // The thumb's centre travels 108 .. 508: 400 px for 20 s, 20 px a second.
        assert_eq!(T.time_at(108.0), 0);
        assert_eq!(T.time_at(268.0), 8_000);
        assert_eq!(T.time_at(268.9), 8_000);
        assert_eq!(T.time_at(270.0), 8_100);
        assert_eq!(T.time_at(508.0), 20_000);
    }

    #[test]
    fn beyond_either_end_is_that_end() {
        assert_eq!(T.time_at(-500.0), 0);
        assert_eq!(T.time_at(100.0), 0);
        assert_eq!(T.time_at(10_000.0), 20_000);
        let empty = Track { end_ms: 0, ..T };
        assert_eq!(empty.time_at(300.0), 0);
        assert_eq!(empty.x_of(5), 8.0);
        let narrow = Track { width: 4.0, ..T };
        assert_eq!(narrow.time_at(200.0), 20_000);
    }

    #[test]
    fn a_time_and_its_position_agree() {
        for t in [0, 100, 8_000, 12_300, 20_000] {
            assert_eq!(T.time_at(T.left + T.x_of(t)), t);
        }
    }

    #[test]
    fn ticks_are_round_and_few() {
        assert_eq!(ticks(20_000, 6), vec![0, 5_000, 10_000, 15_000, 20_000]);
        assert_eq!(ticks(45_800, 6), vec![0, 10_000, 20_000, 30_000, 40_000]);
        assert_eq!(ticks(1, 6), vec![0]);
        assert_eq!(ticks(900, 6), vec![0, 200, 400, 600, 800]);
        assert_eq!(ticks(40 * 60_000, 6).len(), 5);
        for end in [1, 999, 7_300, 61_000, 3_600_000] {
            let t = ticks(end, 6);
            assert!(
                t.len() <= 6 && t[0] == 0 && *t.last().unwrap() <= end,
                "{end}: {t:?}"
            );
        }
    }

    #[test]
    fn tick_words() {
        assert_eq!(tick_label(0), "0 s");
        assert_eq!(tick_label(500), "0.5 s");
        assert_eq!(tick_label(20_000), "20 s");
        assert_eq!(tick_label(100_000), "100 s");
        assert_eq!(tick_label(120_000), "2 min");
        assert_eq!(tick_label(150_000), "2 min 30 s");
        assert_eq!(tick_label(600_000), "10 min");
    }
}
