//! The run in the browser: one engine `Run` kept outside the reactive graph, advanced by
//! one animation-frame loop with a bounded number of events per frame, and ONE frame
//! signal the whole run UI reads. Everything drawn comes from that frame; the UI only
//! interpolates message positions between the times the engine gives.
//!
//! `RunCtx` is one side's run and what the page reads of it; each job on it has its own
//! file: the frame loop that advances it (`frame_loop.rs`), compare mode's twin stepped
//! to its clock (`twin.rs`), the edit rule that keeps the moment across an edit
//! (`edit_rule.rs`), time travel (`travel.rs`: checkpoints, seeking, replays), live
//! interventions in the one undo history (`live.rs`) and following a customer
//! (`follow.rs`).

mod edit_rule;
mod follow;
mod frame_loop;
mod live;
mod moment;
mod replay;
mod travel;
mod twin;

use std::sync::Arc;

use leptos::prelude::*;
use wirelab_editor::DesignId;
use wirelab_engine::{Intervention, Logged, Report, Run, Second, Snapshot};
use wirelab_model::Scenario;

use crate::editor::EditorCtx;

pub use frame_loop::{provide_run, SPEED_BASE};
pub use twin::provide_twin;

/// What the canvas draws in one frame, taken from the engine at once.
#[derive(Clone, Debug)]
pub struct Frame {
    pub snap: Snapshot,
    pub hash: u64,
    /// The last advance hit the per-frame event budget.
    pub behind: bool,
}

/// The figures behind the readouts, charts and log: costlier to take and to redraw, so
/// refreshed a few times a second while playing and at once on every pause or action.
#[derive(Clone, Debug)]
pub struct Stats {
    pub report: Report,
    pub seconds: Vec<Second>,
    pub wait_dist: Vec<(f64, u64)>,
    /// Live interventions.
    pub log: Vec<Logged>,
    /// The incident script's actions applied so far, at their times (µs).
    pub scripted: Vec<(u64, Intervention)>,
    /// The simulated time these figures are of, and the hash of every arrival so far
    /// (compare mode says whether A and B had the same customers).
    pub now_us: u64,
    pub arrivals: u64,
    /// The trace hash at that moment.
    pub hash: u64,
    /// When the timeline's live interventions happen, µs: applied and ahead.
    pub timeline: Vec<u64>,
}

/// A followed customer: their journey here, and in compare mode the same customer's in B.
#[derive(Clone, Debug)]
pub struct Followed {
    pub a: Arc<wirelab_engine::JourneyTrace>,
    pub b: Option<Arc<wirelab_engine::JourneyTrace>>,
}

/// A customer followed live: the diagram grows as the run plays on. `restore` is the
/// speed to return to when their work is done, while the clock is slowed for them; `None`
/// once the user has chosen a speed (their choice wins), or when following did not slow
/// the clock (a journey opened from a stopwatch or the Run menu).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Following {
    pub id: u32,
    pub restore: Option<f64>,
}

/// A replay's verdict: the trace hash before and after re-running to the same point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReplayCheck {
    /// Where an animated replay started (`None`: re-run at once to this moment).
    pub from_us: Option<u64>,
    pub at_us: u64,
    pub before: u64,
    pub after: u64,
    pub interventions: usize,
}

#[derive(Clone, Copy)]
pub struct RunCtx {
    run: StoredValue<Option<Run>, LocalStorage>,
    /// Which design the run is of: an edit of it keeps the moment (`edit_rule.rs`).
    design: StoredValue<DesignId>,
    /// The one per-frame signal: the dots and the clock.
    pub frame: RwSignal<Option<Arc<Frame>>>,
    /// The frame ten times a second (and at once on every pause or action): what text on
    /// the canvas and in the dock reads (busy workers, backlogs, stopwatches). Numbers
    /// changing 60 times a second cannot be read, and re-laying out hundreds of SVG
    /// labels per frame would cost the frame rate.
    pub glance: RwSignal<Option<Arc<Frame>>>,
    pub stats: RwSignal<Option<Arc<Stats>>>,
    /// When the glance and the stats were last taken.
    pace: frame_loop::Pace,
    /// Checkpoints, "Run to", replays and an edit's re-simulation under way.
    travel: travel::Travel,
    pub playing: RwSignal<bool>,
    /// Speed as an exponent: speed = 20^x, x in [-1, 1].
    pub speed_exp: RwSignal<f64>,
    /// Why there is no run (the design does not validate), in words.
    pub problem: RwSignal<Option<String>>,
    /// The last thing the run did on its own (a restart after an edit); it clears itself
    /// after a few seconds.
    pub notice: RwSignal<String>,
    pub replay: RwSignal<Option<ReplayCheck>>,
    /// The customer being followed, step by step (see `journey.rs`), or why not.
    pub journey: RwSignal<Option<Result<Followed, String>>>,
    /// The customer followed live ("Send one and follow", or a journey still under way
    /// when it was opened), and the speed to return to when their work is done.
    pub following: RwSignal<Option<Following>>,
    pub presenter: RwSignal<bool>,
    /// Slow factor and error rate (%) the intervention buttons and keys apply.
    pub slow: RwSignal<u32>,
    pub error_pct: RwSignal<f64>,
    editor: EditorCtx,
    /// Compare mode: A's B, or B's A.
    pair: twin::Pair,
    /// B's: the lines of A's incident script B cannot take, in words.
    pub skipped: RwSignal<Vec<String>>,
    /// Every live step made on this run, by its id in the undo history.
    live: StoredValue<Vec<live::LiveChange>>,
    /// A shared link's moment, opened once the run is of the link's design (`moment.rs`).
    moment_ahead: StoredValue<Option<wirelab_engine::Moment>>,
}

impl RunCtx {
    /// The one constructor: A's run (`lead` is `None`), or B's under A's play, pause,
    /// speed, presenter mode, intervention settings and followed customer. Provided to
    /// the part of the page it is made in, and told of the live steps its editor's undo
    /// history moves.
    fn provide(editor: EditorCtx, lead: Option<RunCtx>) -> RunCtx {
        // B's controls are A's (`lead`'s); A's are its own.
        let ctx = RunCtx {
            run: StoredValue::new_local(None),
            design: StoredValue::new(DesignId::default()),
            frame: RwSignal::new(None),
            glance: RwSignal::new(None),
            stats: RwSignal::new(None),
            pace: frame_loop::Pace::default(),
            travel: travel::Travel::default(),
            playing: lead.map_or_else(|| RwSignal::new(false), |a| a.playing),
            speed_exp: lead.map_or_else(|| RwSignal::new(0.0), |a| a.speed_exp),
            problem: RwSignal::new(None),
            notice: RwSignal::new(String::new()),
            replay: RwSignal::new(None),
            journey: lead.map_or_else(|| RwSignal::new(None), |a| a.journey),
            following: lead.map_or_else(|| RwSignal::new(None), |a| a.following),
            presenter: lead.map_or_else(|| RwSignal::new(false), |a| a.presenter),
            slow: lead.map_or_else(
                || RwSignal::new(wirelab_model::DEFAULT_SLOW_FACTOR),
                |a| a.slow,
            ),
            error_pct: lead.map_or_else(
                || RwSignal::new(wirelab_model::DEFAULT_ERROR_RATE * 100.0),
                |a| a.error_pct,
            ),
            editor,
            pair: twin::Pair::led_by(lead),
            skipped: RwSignal::new(Vec::new()),
            live: StoredValue::new(Vec::new()),
            moment_ahead: StoredValue::new(None),
        };
        provide_context(ctx);
        editor.on_live(Callback::new(move |step| ctx.take_live_step(step)));
        ctx
    }

    pub fn speed(&self) -> f64 {
        SPEED_BASE.powf(self.speed_exp.get_untracked())
    }

    /// Sets the speed (1 = real time), clamped to the slider's 1/20×…20×.
    pub fn set_speed(&self, speed: f64) {
        let exp = speed.ln() / SPEED_BASE.ln();
        self.speed_exp.set(exp.clamp(-1.0, 1.0));
    }

    /// The seed of the run: the document's, so a saved file or a share link reproduces
    /// the run on screen. Tracked.
    pub fn seed(&self) -> u64 {
        self.editor.with_doc(|e| e.doc().seed)
    }

    /// Uses another seed: an undoable edit of the document, which restarts the run.
    pub fn set_seed(&self, seed: u64) {
        if seed != self.editor.with_untracked(|e| e.doc().seed) {
            let _ = self.editor.apply(wirelab_editor::Command::SetSeed(seed));
        }
    }

    /// A fresh run of the current design at the current seed (interventions cleared).
    pub fn reset(&self) {
        let doc = self.editor.with_untracked(|e| e.doc().clone());
        self.build(&doc);
    }

    fn build(&self, doc: &Scenario) {
        // A new run follows no one: the clock gets its speed back.
        self.stop_following();
        self.build_with(doc, doc.seed);
        if let Some(b) = self.twin() {
            b.build_twin(doc);
        }
    }

    fn build_with(&self, doc: &Scenario, seed: u64) {
        self.adopt_design();
        self.travel.forget();
        match Run::new(doc, seed) {
            Ok(run) => {
                self.run.set_value(Some(run));
                self.problem.set(None);
            }
            Err(problems) => {
                self.run.set_value(None);
                self.playing.set(false);
                let first: Vec<String> = problems.iter().take(3).map(|p| p.plain()).collect();
                self.problem.set(Some(first.join("; ")));
            }
        }
        self.replay.set(None);
        self.publish(false);
    }

    /// Takes the frame (and the stats) from the engine and publishes them.
    fn publish(&self, behind: bool) {
        self.publish_frame(behind);
        self.publish_stats();
    }

    fn publish_frame(&self, behind: bool) {
        let frame = self.run.with_value(|r| {
            r.as_ref().map(|run| {
                let hash = self.reach(run);
                Arc::new(Frame {
                    snap: run.snapshot(),
                    hash,
                    behind,
                })
            })
        });
        self.frame.set(frame);
    }

    pub fn publish_stats(&self) {
        self.refresh_followed();
        let stats = self.run.with_value(|r| {
            r.as_ref().map(|run| {
                Arc::new(Stats {
                    report: run.live_report(),
                    seconds: run.per_second().to_vec(),
                    wait_dist: run.wait_distribution(),
                    log: run.intervention_log().to_vec(),
                    scripted: run.applied_incidents().to_vec(),
                    now_us: run.now_us(),
                    arrivals: run.arrivals_hash(),
                    hash: run.trace_hash(),
                    timeline: run.timeline_log().iter().map(|l| l.at_us).collect(),
                })
            })
        });
        self.stats.set(stats);
        self.glance.set(self.frame.get_untracked());
    }

    /// The run, to change it: an edit's re-simulation still under way is finished first,
    /// so nothing acts on a run short of the moment on screen.
    fn with_run<R>(&self, f: impl FnOnce(&mut Run) -> R) -> Option<R> {
        self.finish_resimulation();
        self.finish_run_to();
        self.run.try_update_value(|r| r.as_mut().map(f)).flatten()
    }

    pub fn now_us(&self) -> u64 {
        self.run.with_value(|r| r.as_ref().map_or(0, Run::now_us))
    }

    /// This side and, in compare mode, B: what acts on both acts on these.
    fn sides(&self) -> impl Iterator<Item = RunCtx> {
        [Some(*self), self.twin()].into_iter().flatten()
    }
}

pub fn use_run() -> RunCtx {
    expect_context::<RunCtx>()
}
