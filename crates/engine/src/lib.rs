//! Wirelab's simulation engine: a deterministic discrete-event model of users,
//! services, sync calls, topics and subscriptions, with faults, accounting and metrics.
//!
//! A run is a pure function of (scenario, seed, interventions): integer microseconds,
//! one event queue ordered by (time, sequence), per-element SplitMix64 streams, ordered
//! maps only, and no platform float functions in any outcome. It has no threads, clock
//! or OS randomness, so it runs the same natively and in wasm.
//!
//! The core is `run.rs` with a file per mechanism (`service.rs`, `call.rs`, `broker.rs`,
//! `apply.rs`): it steps the world, keeps the counts the live report reads (`settled.rs`
//! for the outcome classes) and tells whoever watches through one trait
//! (`observe.rs`); it names none of the features around it. A followed journey
//! (`journey.rs`) and the review's window (`review/`) are observers; the report,
//! snapshots, compare, the timeline and the review read the run from outside.
//!
//! The UI's whole interface:
//! - [`Run::new`]`(&scenario, seed)` — validates and creates a run (errors are the
//!   model's [`wirelab_model::Problem`]s); the scenario's incident script is scheduled.
//! - [`Run::step_until`]`(t_us, max_events)` — once per animation frame; bounded.
//! - [`Run::apply`]`(`[`Intervention`]`)` — a live fault or load change at the current
//!   time, recorded in [`Run::intervention_log`]; [`Run::replay`] reproduces the run
//!   from (scenario, seed, log). [`Intervention::resolve`] turns a script action (names)
//!   into ids; [`Run::applied_incidents`] lists the script's actions applied so far.
//! - [`Run::snapshot`] — messages in flight (from, to, kind, sent/arrival times,
//!   attempt, journey), waiting users, node, wire and subscription states; cheap.
//! - [`Run::accounting`] — every user request and event in exactly one state, checked.
//! - [`Run::report`] (the CLI's JSON), [`Run::per_second`] (chart series),
//!   [`Run::wait_distribution`], [`Run::trace_hash`].
//! - [`run_checks`] — a headless run measured against checks ("Check my design");
//!   [`Recorder`] + [`evaluate`] / [`measure`] for a run stepped by the caller.
//!
//! ```
//! # use wirelab_engine::Run;
//! # let scenario = wirelab_model::Scenario::new("empty");
//! let mut run = Run::new(&scenario, 42).unwrap();
//! run.step_until(1_000_000, 10_000); // one simulated second, at most 10,000 events
//! let frame = run.snapshot();        // messages in flight, node states, counters
//! assert!(run.accounting().ok);
//! # let _ = frame;
//! ```

mod accounting;
mod apply;
mod backlog;
mod broker;
mod call;
mod check;
mod checkpoints;
mod compare;
mod intervention;
mod journey;
mod journeys;
mod metrics;
mod moment;
mod observe;
mod outcomes;
mod pending;
pub mod proof;
mod queue;
mod report;
pub mod review;
mod rng;
mod run;
mod service;
mod settled;
mod snapshot;
mod state;
mod timeline;
mod topo;
mod trace;

pub use accounting::{Accounting, EventCounts, UserCounts};
pub use check::{
    evaluate, evaluate_across, measure, run_checks, show, CheckResult, Checked, Recorder,
};
pub use checkpoints::{Checkpoints, CHECKPOINT_BUDGET_BYTES, CHECKPOINT_EVERY_US, MAX_CHECKPOINTS};
pub use compare::{mirror, rows, share_script, Better, Compare, Row, RowUnit, Side};
pub use intervention::{Intervention, Logged};
pub use journey::{mermaid, trace_journey, JStep, JourneyTrace, Pick, MAX_JOURNEY_STEPS};
pub use metrics::{columns, columns_width, Column, Second};
pub use moment::{Moment, MAX_MOMENT_INTERVENTIONS};
pub use outcomes::{NodeOutcomes, WireOutcomes};
pub use pending::PendingReport;
pub use report::{
    AvailabilityReport, ConsistencyReport, EventsReport, Report, ServiceReport, SubscriptionReport,
    UserFailureReport, UsersReport, WaitReport, WireReport,
};
pub use rng::Rng;
pub use run::{Halt, Run, StepResult, MAX_EVENTS_PER_SIM_S, MAX_RECORD_BYTES};
pub use settled::{Outcomes, LATE_US};
pub use snapshot::{
    BreakerView, FailureView, MessageView, MsgKind, NodeHealth, NodeView, Snapshot, SubView,
    WaitingView, WireView,
};
pub use state::{LostReason, Reason};
pub use timeline::Resimulation;
