//! The run in the browser: one engine `Run` kept outside the reactive graph, advanced by
//! one animation-frame loop with a bounded number of events per frame, and ONE frame
//! signal the whole run UI reads. Everything drawn comes from that frame; the UI only
//! interpolates message positions between the times the engine gives.
//!
//! The edit rule, shown over the canvas: changing the design (anything but positions)
//! re-simulates the run from 0 s with the same seed and interventions to the moment on
//! screen, so the canvas and the engine never disagree and the moment is kept; another
//! design starts at 0 s. Live interventions are logged by the engine and can be
//! replayed, rewound and played on exactly (the timeline).

mod follow;
mod travel;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_use_document_visibility::use_document_visibility;
use leptos_use_raf_fn::use_raf_fn;
use wirelab_engine::{Intervention, Logged, Report, Run, Second, Snapshot, StepResult};
use wirelab_model::Scenario;

use wirelab_editor::DesignId;

use crate::editor::{use_editor, EditorCtx};
use crate::timer::Debounce;

/// Events one animation frame may process; beyond it the run falls behind real time
/// visibly instead of freezing the tab.
pub const FRAME_EVENTS: u64 = 40_000;
/// A frame after a long pause (hidden tab, debugger) counts as at most this long.
const MAX_FRAME_MS: f64 = 100.0;
/// Speed slider range: 20^-1 … 20^1.
pub const SPEED_BASE: f64 = 20.0;
/// The clock while a customer is followed live: slow enough to see each hop.
const FOLLOW_SPEED: f64 = 0.05;
/// Frames a followed customer's message takes to cross its wire (half a second).
const HOP_FRAMES: u64 = 30;

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

/// Wall time between glance and stats refreshes while playing: a tenth of a second is
/// what a stopwatch shows.
const GLANCE_MS: f64 = 100.0;
const STATS_MS: f64 = 200.0;
/// How long the notice of a restart stays: long enough to read, not so long that it
/// reads as news about a later change.
const NOTICE_MS: u32 = 5_000;

/// A followed customer: their journey here, and in compare mode the same customer's in B.
#[derive(Clone, Debug)]
pub struct Followed {
    pub a: Arc<wirelab_engine::JourneyTrace>,
    pub b: Option<Arc<wirelab_engine::JourneyTrace>>,
}

/// A moment of a run: its time, the events processed to it and the trace hash there.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Mark {
    at_us: u64,
    events: u64,
    hash: u64,
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
    /// Which design the run is of: an edit of it keeps the moment (`travel.rs`).
    design: StoredValue<DesignId>,
    /// The one per-frame signal: the dots and the clock.
    pub frame: RwSignal<Option<Arc<Frame>>>,
    /// The frame ten times a second (and at once on every pause or action): what text on
    /// the canvas and in the dock reads (busy workers, backlogs, stopwatches). Numbers
    /// changing 60 times a second cannot be read, and re-laying out hundreds of SVG
    /// labels per frame would cost the frame rate.
    pub glance: RwSignal<Option<Arc<Frame>>>,
    pub stats: RwSignal<Option<Arc<Stats>>>,
    /// When the glance and the stats were last taken (animation-frame clock, ms).
    glance_at: StoredValue<f64>,
    stats_at: StoredValue<f64>,
    /// The furthest moment the timeline has reached (a rewind does not shorten it), as
    /// it was when first reached: where a replay must arrive, and with which trace hash.
    reached: StoredValue<Mark>,
    /// A replay under way: the moment it started from and where it must arrive.
    replaying: StoredValue<Option<(u64, Mark)>>,
    /// Copies of the run on its way, for fast seeking (see `checkpoint`).
    checkpoints: StoredValue<wirelab_engine::Checkpoints, LocalStorage>,
    /// An edit's re-simulation still on its way to the moment on screen, stepped in
    /// slices between frames (see `travel.rs`).
    resim: StoredValue<Option<wirelab_engine::Resimulation>, LocalStorage>,
    /// Where "Run to" is taking the run, stepped in slices between frames (`travel.rs`).
    goal: StoredValue<Option<u64>>,
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
    /// The customer followed live ("Send one and follow") and the speed to return to
    /// when their work is done.
    pub following: RwSignal<Option<(u32, f64)>>,
    pub presenter: RwSignal<bool>,
    /// Slow factor and error rate (%) the intervention buttons and keys apply.
    pub slow: RwSignal<u32>,
    pub error_pct: RwSignal<f64>,
    editor: EditorCtx,
    /// Compare mode: design B's run, stepped to this run's clock. Set on A's context
    /// only; B's has `None` here and no frame loop of its own.
    twin: StoredValue<Option<RunCtx>>,
    /// B's: the lines of A's incident script B cannot take, in words.
    pub skipped: RwSignal<Vec<String>>,
    /// Every live step made on this run, by its id in the undo history.
    live: StoredValue<Vec<travel::LiveChange>>,
    /// B's: A's context (a customer followed on B is followed on both sides).
    lead: StoredValue<Option<RunCtx>>,
}

impl RunCtx {
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
        if let Some((_, before)) = self.following.get_untracked() {
            self.following.set(None);
            self.set_speed(before);
        }
        self.build_with(doc, doc.seed);
        if let Some(b) = self.twin() {
            b.build_twin(doc);
        }
    }

    /// B's run: its design under A's seed and incident script.
    fn build_twin(&self, a: &Scenario) {
        let b = self.editor.with_untracked(|e| e.doc().clone());
        let (shared, skipped) = wirelab_engine::share_script(a, &b);
        self.skipped.set(skipped);
        self.build_with(&shared, a.seed);
    }

    fn build_with(&self, doc: &Scenario, seed: u64) {
        self.adopt_design();
        self.goal.set_value(None);
        self.reached.set_value(Mark::default());
        self.replaying.set_value(None);
        self.checkpoints
            .set_value(wirelab_engine::Checkpoints::default());
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
        let now = self.now_us();
        let frame = self.run.with_value(|r| {
            r.as_ref().map(|run| {
                let mark = Mark {
                    at_us: now,
                    events: run.events_processed(),
                    hash: run.trace_hash(),
                };
                if now >= self.reached.get_value().at_us {
                    self.reached.set_value(mark);
                }
                Arc::new(Frame {
                    snap: run.snapshot(),
                    hash: mark.hash,
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

    /// Design B's run in compare mode.
    pub fn twin(&self) -> Option<RunCtx> {
        // B's part of the page may be mid-disposal while an effect still runs.
        self.twin.get_value().filter(|b| b.editor.alive())
    }

    pub fn now_us(&self) -> u64 {
        self.run.with_value(|r| r.as_ref().map_or(0, Run::now_us))
    }

    /// Brings B to A's clock: every event when `budget` is `None`, else at most that
    /// many (a frame), returning whether it fell behind.
    fn follow(&self, budget: Option<u64>) -> bool {
        let Some(b) = self.twin() else {
            return false;
        };
        let t = self.now_us();
        let behind = b
            .with_run(|run| match budget {
                Some(n) => run.step_until(t, n) == StepResult::Budget,
                None => {
                    while run.step_until(t, 1_000_000) == StepResult::Budget {}
                    false
                }
            })
            .unwrap_or(false);
        b.checkpoint();
        b.publish_frame(behind);
        if budget.is_none() {
            b.publish_stats();
        }
        behind
    }

    /// One animation frame of `dt_ms` wall time at the current speed; `at_ms` is the
    /// frame's timestamp.
    fn tick(&self, dt_ms: f64, at_ms: f64) {
        let speed = self.speed();
        let mut us = (dt_ms.min(MAX_FRAME_MS) * 1000.0 * speed) as u64;
        // Following a customer: a message of theirs in flight crosses its wire in
        // `HOP_FRAMES` frames, however short the wire's latency.
        if let Some((j, _)) = self.following.get_untracked() {
            let hop = self.frame.with_untracked(|f| {
                let f = f.as_ref()?;
                f.snap
                    .messages
                    .iter()
                    .filter(|m| m.journey == j && m.arrives_at_us > f.snap.now_us)
                    .map(|m| m.arrives_at_us - m.sent_at_us)
                    .min()
            });
            if let Some(span) = hop {
                us = us.min(span / HOP_FRAMES);
            }
        }
        // A replay stops exactly where the run stood when it first got there.
        let goal = self.replaying.get_value().map(|(_, m)| m);
        let result = self.with_run(|run| {
            let to = run.now_us() + us.max(1);
            match goal {
                Some(g) => {
                    let left = g.events.saturating_sub(run.events_processed());
                    run.step_until(to.min(g.at_us), FRAME_EVENTS.min(left))
                }
                None => run.step_until(to, FRAME_EVENTS),
            }
        });
        if let Some(result) = result {
            if result == StepResult::Halted {
                // The run has stopped for good; the notice says why.
                self.playing.set(false);
            }
            let behind = result == StepResult::Budget;
            self.checkpoint();
            if self.replay_arrived() {
                self.finish_replay();
                return;
            }
            self.publish_frame(behind);
            self.follow(Some(FRAME_EVENTS));
            // At most one side's text is refreshed in a frame: in compare mode A's and B's
            // refreshes fall in different frames, so neither doubles a frame's work.
            for c in [Some(*self), self.twin()].into_iter().flatten() {
                if at_ms - c.stats_at.get_value() >= STATS_MS {
                    c.stats_at.set_value(at_ms);
                    c.glance_at.set_value(at_ms);
                    c.publish_stats();
                    break;
                } else if at_ms - c.glance_at.get_value() >= GLANCE_MS {
                    c.glance_at.set_value(at_ms);
                    c.glance.set(c.frame.get_untracked());
                    break;
                }
            }
        }
    }

    /// Processes exactly one event.
    pub fn step_event(&self) {
        self.with_run(|run| run.step_one());
        self.publish(false);
        self.follow(None);
    }

    /// Advances simulated time by `us` (all events, however many).
    pub fn advance(&self, us: u64) {
        let t = self.now_us() + us;
        // In checkpoint-sized strides, so a long "Run to" leaves checkpoints behind it.
        loop {
            let stride = self.checkpoints.with_value(|c| c.every_us());
            let done = self
                .with_run(|run| {
                    let to = t.min(run.now_us() + stride);
                    while run.step_until(to, 1_000_000) == StepResult::Budget {}
                    run.now_us() >= t || run.halted().is_some()
                })
                .unwrap_or(true);
            self.checkpoint();
            if done {
                break;
            }
        }
        self.publish(false);
        self.follow(None);
    }

    /// A live intervention at the current simulated time, logged by the engine. In
    /// compare mode it reaches B by name, or B's notice says why it cannot.
    pub fn intervene(&self, iv: Intervention) -> Result<(), String> {
        let before = self.timelines();
        for c in [Some(*self), self.twin()].into_iter().flatten() {
            c.replaying.set_value(None);
        }
        // At an earlier moment of the timeline, a new intervention forks it: the ones
        // that came later are dropped, and said so.
        let dropped: usize = [Some(*self), self.twin()]
            .into_iter()
            .flatten()
            .map(|c| c.with_run(|run| run.drop_ahead().len()).unwrap_or(0))
            .max()
            .unwrap_or(0);
        if dropped > 0 {
            // Copies after this moment belong to the old branch.
            let at = self.now_us();
            for c in [Some(*self), self.twin()].into_iter().flatten() {
                c.checkpoints.update_value(|cps| cps.drop_after(at));
            }
            let now = self.now_us() as f64 / 1e6;
            self.notice.set(format!(
                "The run forked at {now:.1} s: {dropped} later intervention{} dropped",
                if dropped == 1 { " was" } else { "s were" }
            ));
            self.reached.set_value(Mark::default());
        }
        let a = self
            .run
            .with_value(|r| r.as_ref().map(|run| run.scenario().clone()));
        let r = self
            .with_run(|run| run.apply(iv.clone()))
            .unwrap_or_else(|| Err("there is no run: the design has problems".into()));
        self.publish(false);
        if let (Some(b), Some(a), true) = (self.twin(), a, r.is_ok()) {
            self.follow(None);
            let mirrored = b
                .run
                .with_value(|r| r.as_ref().map(|run| run.scenario().clone()))
                .ok_or_else(|| "B has problems to fix first".to_string())
                .and_then(|bs| wirelab_engine::mirror(&iv, &a, &bs));
            let done = mirrored.and_then(|ivb| {
                b.with_run(|run| run.apply(ivb))
                    .unwrap_or_else(|| Err("B has no run".into()))
            });
            match done {
                Ok(()) => b.notice.set(String::new()),
                Err(why) => {
                    let what = iv
                        .to_action(&a)
                        .map_or_else(|| "this".to_string(), |act| format!("`{act}`"));
                    b.notice.set(format!("{what} applied to A only: {why}"));
                }
            }
            b.publish(false);
        }
        if r.is_ok() {
            self.mark_live(&iv, before);
        }
        r
    }

    /// Re-runs the same design and seed with the recorded interventions to exactly the
    /// current point, then compares trace hashes: the run is a pure function of them.
    pub fn replay_now(&self) {
        self.replay_own();
        if let Some(b) = self.twin() {
            b.replay_own();
        }
    }

    fn replay_own(&self) {
        let Some((scenario, seed, log, now, events, before)) = self.run.with_value(|r| {
            r.as_ref().map(|run| {
                let log = run.intervention_log().to_vec();
                let s = run.scenario().clone();
                (
                    s,
                    run.seed(),
                    log,
                    run.now_us(),
                    run.events_processed(),
                    run.trace_hash(),
                )
            })
        }) else {
            return;
        };
        let Ok(run) = Run::replay_to(&scenario, seed, &log, now, events) else {
            return;
        };
        let after = run.trace_hash();
        self.run.set_value(Some(run));
        self.replay.set(Some(ReplayCheck {
            from_us: None,
            at_us: now,
            before,
            after,
            interventions: log.len(),
        }));
        self.publish(false);
    }
}

/// Creates the run state and its frame loop; call once, after `provide_editor`.
pub fn provide_run() -> RunCtx {
    let editor = use_editor();
    let ctx = RunCtx {
        run: StoredValue::new_local(None),
        design: StoredValue::new(DesignId::default()),
        frame: RwSignal::new(None),
        glance: RwSignal::new(None),
        stats: RwSignal::new(None),
        glance_at: StoredValue::new(0.0),
        stats_at: StoredValue::new(0.0),
        reached: StoredValue::new(Mark::default()),
        replaying: StoredValue::new(None),
        checkpoints: StoredValue::new_local(wirelab_engine::Checkpoints::default()),
        resim: StoredValue::new_local(None),
        goal: StoredValue::new(None),
        playing: RwSignal::new(false),
        speed_exp: RwSignal::new(0.0),
        problem: RwSignal::new(None),
        notice: RwSignal::new(String::new()),
        replay: RwSignal::new(None),
        journey: RwSignal::new(None),
        following: RwSignal::new(None),
        presenter: RwSignal::new(false),
        slow: RwSignal::new(4),
        error_pct: RwSignal::new(50.0),
        editor,
        twin: StoredValue::new(None),
        skipped: RwSignal::new(Vec::new()),
        live: StoredValue::new(Vec::new()),
        lead: StoredValue::new(None),
    };
    provide_context(ctx);
    editor.on_live(Callback::new(move |step| ctx.take_live_step(step)));

    // The edit rule: a design change the engine would see re-simulates the run to the
    // moment on screen (see `rebuild_keeping_moment`); a new seed restarts it.
    let fade = Debounce::default();
    Effect::new(move |prev: Option<Scenario>| {
        editor.track_doc();
        let doc = editor.with_untracked(|e| e.doc().clone());
        let sim = doc.sim_part();
        if let Some(old) = &prev {
            if *old == sim {
                ctx.adopt_design();
                return sim;
            }
            let only_seed = Scenario {
                seed: old.seed,
                ..sim.clone()
            } == *old;
            if only_seed {
                ctx.notice
                    .set(format!("Seed {}: the run restarted from 0 s", doc.seed));
                ctx.build(&doc);
            } else {
                ctx.rebuild_keeping_moment(&doc);
            }
            fade.set(NOTICE_MS, move || ctx.notice.set(String::new()));
            return sim;
        }
        ctx.build(&doc);
        sim
    });

    // Paused: the readouts show exactly the paused moment (B's too, caught up).
    Effect::new(move |_| {
        if !ctx.playing.get() {
            ctx.publish_stats();
            ctx.follow(None);
        }
    });

    let visibility = use_document_visibility();
    let _ = use_raf_fn(move |args| {
        if visibility.get_untracked() != web_sys::VisibilityState::Visible {
            return;
        }
        // An edit's re-simulation goes first, a slice a frame; play waits for it.
        if ctx.resimulating() {
            ctx.resimulate_slice();
        } else if ctx.goal.get_value().is_some() {
            ctx.run_to_slice();
        } else if ctx.playing.get_untracked() {
            ctx.tick(args.delta, args.timestamp);
        }
    });
    ctx
}

pub fn use_run() -> RunCtx {
    expect_context::<RunCtx>()
}

/// Design B's run context in compare mode, provided to B's part of the page: its own run,
/// frame and stats, under A's play, pause, speed and presenter mode, and stepped by A's
/// frame loop. A change to B re-simulates both runs to the moment, as a change to A does.
pub fn provide_twin(lead: RunCtx, editor: EditorCtx) -> RunCtx {
    let ctx = RunCtx {
        run: StoredValue::new_local(None),
        design: StoredValue::new(DesignId::default()),
        frame: RwSignal::new(None),
        glance: RwSignal::new(None),
        stats: RwSignal::new(None),
        glance_at: StoredValue::new(0.0),
        stats_at: StoredValue::new(0.0),
        reached: StoredValue::new(Mark::default()),
        replaying: StoredValue::new(None),
        checkpoints: StoredValue::new_local(wirelab_engine::Checkpoints::default()),
        resim: StoredValue::new_local(None),
        goal: StoredValue::new(None),
        problem: RwSignal::new(None),
        notice: RwSignal::new(String::new()),
        replay: RwSignal::new(None),
        editor,
        twin: StoredValue::new(None),
        skipped: RwSignal::new(Vec::new()),
        live: StoredValue::new(Vec::new()),
        lead: StoredValue::new(Some(lead)),
        ..lead
    };
    provide_context(ctx);
    editor.on_live(Callback::new(move |step| ctx.take_live_step(step)));
    lead.twin.set_value(Some(ctx));
    Effect::new(move |prev: Option<Option<Scenario>>| {
        editor.track_doc();
        if !editor.alive() {
            return None;
        }
        let sim = editor.with_untracked(|e| e.doc().sim_part());
        match prev.flatten() {
            Some(old) if old == sim => {
                ctx.adopt_design();
                return Some(sim);
            }
            Some(_) => {
                let a = lead.editor.with_untracked(|e| e.doc().clone());
                lead.rebuild_keeping_moment(&a);
                return Some(sim);
            }
            None => {}
        }
        lead.reset();
        Some(sim)
    });
    on_cleanup(move || lead.twin.set_value(None));
    ctx
}
