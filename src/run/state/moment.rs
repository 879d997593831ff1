//! Shared moments: the moment on screen for a link (its live interventions and time),
//! and a link's moment opened, paused, once the run is of the link's design: the same
//! design, seed and interventions give the same run, to the trace hash.

use leptos::prelude::*;
use wirelab_engine::Moment;

use super::RunCtx;

impl RunCtx {
    /// Where the run stands, with every live intervention of its timeline.
    pub fn moment(&self) -> Option<Moment> {
        self.finish_run_to();
        self.run.with_value(|r| r.as_ref().map(Moment::of))
    }

    /// What a plain share link carries: the live interventions from 0 s (none: nothing).
    pub fn start_moment(&self) -> Option<Moment> {
        self.run
            .with_value(|r| r.as_ref().map(Moment::start_of))
            .filter(|m| !m.log.is_empty())
    }

    /// Opens `m` when the run is next built or kept for the document (a link loads its
    /// design first; the edit rule then calls [`RunCtx::open_moment_ahead`]).
    pub fn open_moment_later(&self, m: Moment) {
        self.moment_ahead.set_value(Some(m));
    }

    /// The moment a link brought, if any: the run rewound onto its interventions and
    /// stepped to its time in slices, paused there.
    pub(super) fn open_moment_ahead(&self) {
        let Some(m) = self.moment_ahead.try_update_value(Option::take).flatten() else {
            return;
        };
        self.playing.set(false);
        self.rewind_to(&m.log, m.at_us);
        self.go_to(m.at_us);
        let live = m.log.len();
        self.notice.set(match m.at_us {
            0 => format!("The shared run: its {live} live intervention(s) happen as it plays"),
            t => format!(
                "The shared moment: {:.1} s with its {live} live intervention(s), paused",
                t as f64 / 1e6
            ),
        });
    }
}

impl RunCtx {
    /// A fingerprint of the run's live interventions (how many, and the last one's
    /// place): an audience window is sent the whole log only when it changes.
    pub fn timeline_key(&self) -> (usize, u64) {
        self.run.with_value(|r| {
            r.as_ref().map_or((0, 0), |run| {
                let log = run.timeline_log();
                let last = log
                    .last()
                    .map_or(0, |l| l.at_us ^ l.after_events.rotate_left(32));
                (log.len(), last)
            })
        })
    }

    /// Follows another window's run (an audience window following the console): at
    /// `t_us`, with `log` as its live interventions when given. The same design, seed
    /// and interventions give the same run, so only the clock need be sent each frame.
    pub fn follow_clock(&self, log: Option<Vec<wirelab_engine::Logged>>, t_us: u64) {
        self.playing.set(false);
        let mine = self
            .run
            .with_value(|r| r.as_ref().map(|run| (run.timeline_log(), run.now_us())));
        let Some((my_log, now)) = mine else {
            return;
        };
        match log {
            Some(log) if log != my_log => {
                self.rewind_to(&log, t_us);
                self.go_to(t_us);
            }
            _ if t_us >= now => self.go_to(t_us),
            _ => self.seek(t_us),
        }
    }
}
