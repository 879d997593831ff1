//! The Wirelab scenario document: plain data with stable ids, a versioned JSON envelope,
//! validation that reports every problem precisely, and the incident script.
//!
//! Lessons and walkthroughs ([`Lesson`]) are data too, with the check language
//! ([`Check`]) their claims and acceptance criteria are written in.
//!
//! The document knows nothing of the engine or the browser; the editor edits it and the
//! engine compiles it into a run.

mod check;
mod codec;
mod comparison;
pub mod figures;
mod fix;
mod guess;
mod incident;
mod lesson;
mod names;
mod plain;
mod types;
mod validate;

pub use check::{
    as_text, format_value, Check, CheckError, Criterion, Measure, Metric, MetricKind, Op, Quantity,
    Scope, Target, Unit,
};
pub use codec::{decode, encode};
pub use comparison::{
    decode_comparison, encode_comparison, is_comparison, COMPARISON_FORMAT, COMPARISON_VERSION,
};
pub use fix::Fix;
pub use guess::{close_means, guess_is_close, parse_guess, waited_on, work_time_words};
pub use incident::{
    format_duration_ms, format_script, parse_duration_ms, parse_script, Action, Incident,
    ParseError, Subject, WireRef, DEFAULT_ERROR_RATE, DEFAULT_SLOW_FACTOR,
};
pub use lesson::{
    decode_index, decode_lesson, encode_lesson, validate_lesson, Across, Choice, IndexEntry,
    Lesson, LessonIndex, LessonKind, LessonProblem, Predict, Step, StepDesign, Walkthrough,
    INDEX_FORMAT, LESSON_FORMAT, LESSON_VERSION,
};
pub use names::{
    ArrivalMode, UnknownName, DEFAULT_BURST_EVERY_MS, DEFAULT_BURST_SIZE, DEFAULT_RATE_PER_S,
};
pub use types::*;
pub use validate::{
    burst_rate_per_s, limit, second_handler, shown, validate, Element, Problem, LIMITS,
    MAX_ARRIVALS_PER_S, MAX_DESCRIPTION_CHARS, MAX_LISTED, MAX_NAME_CHARS, MAX_NEXT_ID,
    MAX_TITLE_CHARS, MAX_WORK_CAP,
};

use serde::{Deserialize, Serialize};

/// The format name written in every scenario file.
pub const FORMAT_NAME: &str = "wirelab-scenario";
/// The newest format version this crate reads and writes.
pub const FORMAT_VERSION: u32 = 2;

/// A whole scenario: the versioned envelope and everything in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// The format version, [`FORMAT_VERSION`] when written by this crate.
    pub version: u32,
    /// Title shown in the UI.
    #[serde(default)]
    pub name: String,
    /// What the scenario teaches.
    #[serde(default)]
    pub description: String,
    /// Seed of the random streams.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Default run length for headless runs, in ms.
    #[serde(default = "default_duration")]
    pub duration_ms: u64,
    /// Cap on work in flight (messages, tasks, queued events); beyond it new work is shed.
    #[serde(default = "default_max_in_flight")]
    pub max_in_flight: u32,
    /// The next id to allocate; ids are never reused.
    pub next_id: u32,
    /// Users, services and topics.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// Calls, publishes, subscriptions and request/reply wires.
    #[serde(default)]
    pub wires: Vec<Wire>,
    /// The incident script, in any order (the engine sorts by time, stably).
    #[serde(default)]
    pub incidents: Vec<Incident>,
}

fn default_seed() -> u64 {
    1
}
fn default_duration() -> u64 {
    120_000
}
fn default_max_in_flight() -> u32 {
    200_000
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            name: String::new(),
            description: String::new(),
            seed: default_seed(),
            duration_ms: default_duration(),
            max_in_flight: default_max_in_flight(),
            next_id: 1,
            nodes: Vec::new(),
            wires: Vec::new(),
            incidents: Vec::new(),
        }
    }
}

impl Scenario {
    /// An empty scenario with the current format and version.
    pub fn new(name: &str) -> Self {
        Scenario {
            name: name.to_string(),
            ..Scenario::default()
        }
    }

    /// Takes the next never-used id number.
    pub fn alloc_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Adds a node with a fresh id and returns the id.
    pub fn add_node(&mut self, name: &str, pos: Pos, kind: NodeKind) -> NodeId {
        let id = NodeId(self.alloc_id());
        self.nodes.push(Node {
            id,
            name: name.to_string(),
            pos,
            kind,
        });
        id
    }

    /// Adds a wire with a fresh id (order = its position among the source's wires).
    pub fn add_wire(&mut self, from: NodeId, to: NodeId, kind: WireKind) -> WireId {
        let id = WireId(self.alloc_id());
        let order = self.wires.iter().filter(|w| w.from == from).count() as u32;
        self.wires.push(Wire {
            id,
            from,
            to,
            order,
            kind,
        });
        id
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The node with this display name.
    pub fn node_by_name(&self, name: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.name == name)
    }

    /// The wire with this id.
    pub fn wire(&self, id: WireId) -> Option<&Wire> {
        self.wires.iter().find(|w| w.id == id)
    }

    /// The wire named by its endpoints' display names.
    pub fn wire_by_ref(&self, r: &WireRef) -> Option<&Wire> {
        let from = self.node_by_name(&r.from)?.id;
        let to = self.node_by_name(&r.to)?.id;
        self.wires.iter().find(|w| w.from == from && w.to == to)
    }

    /// A wire's `From -> To` name, for messages and scripts.
    pub fn wire_ref(&self, id: WireId) -> Option<WireRef> {
        let w = self.wire(id)?;
        Some(WireRef {
            from: self.node(w.from)?.name.clone(),
            to: self.node(w.to)?.name.clone(),
        })
    }

    /// The document as a run sees it: without its title, description and positions,
    /// which never change a run. Two documents with equal `sim_part`s run identically.
    pub fn sim_part(&self) -> Scenario {
        let mut d = self.clone();
        d.name.clear();
        d.description.clear();
        for n in &mut d.nodes {
            n.pos = Pos::default();
        }
        d
    }

    /// The source's outgoing wires in step order (`order`, then id).
    pub fn outgoing(&self, from: NodeId) -> Vec<&Wire> {
        let mut v: Vec<&Wire> = self.wires.iter().filter(|w| w.from == from).collect();
        v.sort_by_key(|w| (w.order, w.id));
        v
    }
}
