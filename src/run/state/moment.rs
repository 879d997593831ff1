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
