//! A moment of a run, to share in a link: the live interventions of its timeline (each
//! with its exact place) and where it stood. With the design, which carries the seed, it
//! reopens the same run at the same moment, paused: the trace hash shows it is the same.

use serde::{Deserialize, Serialize};
use wirelab_model::Scenario;

use crate::intervention::Logged;
use crate::run::Run;

/// More live interventions than a lesson's worth of clicks: a link claiming more is
/// refused rather than replayed.
pub const MAX_MOMENT_INTERVENTIONS: usize = 10_000;

/// Where a run stood and what was done to it live.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    /// Simulated time to open at, µs; 0 opens at the start with the interventions ahead.
    #[serde(rename = "t")]
    pub at_us: u64,
    /// The live interventions of the run's timeline, in order.
    #[serde(default)]
    pub log: Vec<Logged>,
    /// The trace hash there (16 hex digits), when the moment is not the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<String>,
}

impl Moment {
    /// The moment `run` stands at.
    pub fn of(run: &Run) -> Moment {
        Moment {
            at_us: run.now_us(),
            log: run.timeline_log(),
            trace: Some(format!("{:016x}", run.trace_hash())),
        }
    }

    /// The start of `run`'s timeline with its live interventions ahead: what a plain
    /// share link carries, so playing the shared run does what was done live.
    pub fn start_of(run: &Run) -> Moment {
        Moment {
            at_us: 0,
            log: run.timeline_log(),
            trace: None,
        }
    }

    /// Reads a moment for `scenario` from its JSON, refusing with the reason one that
    /// could not be this design's: an intervention on an element it lacks, out of order,
    /// past the run's end, or too many.
    pub fn read(json: &str, scenario: &Scenario) -> Result<Moment, String> {
        let m: Moment =
            serde_json::from_str(json).map_err(|e| format!("its moment does not read ({e})"))?;
        if m.log.len() > MAX_MOMENT_INTERVENTIONS {
            return Err(format!(
                "it carries {} live interventions; Wirelab replays at most {MAX_MOMENT_INTERVENTIONS}",
                m.log.len()
            ));
        }
        let end_us = scenario.duration_ms.saturating_mul(1000);
        if m.at_us > end_us {
            return Err(format!(
                "its moment, {:.1} s, is past the run's end at {:.1} s",
                m.at_us as f64 / 1e6,
                end_us as f64 / 1e6
            ));
        }
        if m.log
            .windows(2)
            .any(|w| (w[0].at_us, w[0].after_events) > (w[1].at_us, w[1].after_events))
        {
            return Err("its live interventions are out of order".into());
        }
        for l in &m.log {
            l.intervention.check(scenario).map_err(|e| {
                format!(
                    "its live intervention at {:.1} s does not fit this design: {e}",
                    l.at_us as f64 / 1e6
                )
            })?;
        }
        if let Some(t) = &m.trace {
            if t.len() != 16 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("its trace hash `{t}` is not 16 hex digits"));
            }
        }
        Ok(m)
    }

    /// The JSON a link packs.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a moment always serialises")
    }
}
