//! One customer's journey, step by step: every message their request caused (calls,
//! replies, publishes, deliveries, acks, with attempts), timeouts, dead letters, the
//! answer, and the last piece of work. A run records at most one journey, chosen before
//! it starts, so recording costs nothing otherwise: to follow "the slowest", run once,
//! pick it, and run again following it ([`trace_journey`]); the run is deterministic,
//! so the second run is the first.

use serde::Serialize;
use wirelab_model::Scenario;

use crate::observe::{At, Observer};
use crate::snapshot::MsgKind;
use crate::state::{Journey, Msg, Outcome};
use crate::{Run, StepResult};

/// One step of a journey; times are µs since the run started.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JStep {
    /// A message from one element to another: sent, and arriving (unless lost).
    Message {
        from: String,
        to: String,
        kind: MsgKind,
        /// Attempt of a call, or delivery number of an event copy (1 = first).
        attempt: u32,
        sent_us: u64,
        arrives_us: u64,
        /// Dropped on the way (a cut wire, a lost response).
        lost: bool,
    },
    /// A call's attempt got no answer in time.
    Timeout {
        caller: String,
        callee: String,
        attempt: u32,
        at_us: u64,
    },
    /// An event copy was given up after its last delivery failed.
    DeadLetter {
        topic: String,
        consumer: String,
        at_us: u64,
    },
    /// The customer's wait ended: `outcome` is `answered`, `failed at X (reason)`,
    /// `timed out` or `gave up`.
    Answer { outcome: String, at_us: u64 },
    /// The last piece of work the request caused finished (time to consistency); after
    /// an "accepted, pending" answer, `outcome` says how it settled: `confirmed`,
    /// `failed later` or `failed later, compensated`.
    Settled {
        at_us: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        outcome: Option<String>,
    },
}

/// A followed journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JourneyTrace {
    /// The customer's number in the run (0 = the first to arrive).
    pub id: u32,
    /// The users node they came from: the entry point of the diagram.
    pub users: String,
    pub arrived_us: u64,
    /// The moment the trace was taken: a message sent before it may arrive after it
    /// (it is on its wire now).
    pub now_us: u64,
    pub steps: Vec<JStep>,
    /// Steps past the first [`MAX_JOURNEY_STEPS`] that were counted, not kept (a design
    /// that loops events back to itself makes a journey without end). The answer and the
    /// settled moment are always kept.
    #[serde(skip_serializing_if = "is_zero")]
    pub left_out: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Steps of a followed journey that are kept: far more than a diagram anyone reads, and
/// a bound on what following costs (journey-event-loop-1ms once recorded 11.5 M steps,
/// 3.3 GB, and 413 MB of Mermaid).
pub const MAX_JOURNEY_STEPS: usize = 2_000;

/// Which journey to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    First,
    /// The longest wait among customers whose wait has ended.
    Slowest,
    /// The first that failed, timed out or gave up, or whose pending answer failed later.
    Failed,
    /// The first with a second attempt or a redelivery.
    Retried,
    /// The last to arrive.
    Latest,
    Id(u32),
}

impl Pick {
    /// `slowest`, `failed`, `first`, `retried` or a number.
    pub fn parse(s: &str) -> Result<Pick, String> {
        Ok(match s {
            "first" => Pick::First,
            "slowest" => Pick::Slowest,
            "failed" => Pick::Failed,
            "retried" => Pick::Retried,
            "latest" => Pick::Latest,
            n => Pick::Id(n.parse().map_err(|_| {
                format!("`{n}` is not slowest, failed, first, latest, retried or a customer number")
            })?),
        })
    }
}

/// The recording a run keeps while following a journey: an observer of the run.
#[derive(Clone, Debug, Default)]
struct Follow {
    journey: u32,
    steps: Vec<JStep>,
    left_out: u64,
}

impl Run {
    /// Records journey `j` from here on; call before stepping, so nothing is missed.
    pub fn follow(&mut self, j: u32) {
        self.observers.attach(Follow {
            journey: j,
            ..Follow::default()
        });
    }

    /// Goes on recording a journey traced up to this moment of this run (by
    /// [`Run::replay_following`] to the same point): from here on it grows as if it had
    /// been followed from the start.
    pub fn follow_on(&mut self, so_far: &JourneyTrace) {
        self.observers.attach(Follow {
            journey: so_far.id,
            steps: so_far.steps.clone(),
            left_out: so_far.left_out,
        });
    }

    /// The number the next customer to arrive will have.
    pub fn next_journey(&self) -> u32 {
        self.journeys.len() as u32
    }

    /// The followed journey so far, if it has arrived.
    pub fn followed(&self) -> Option<JourneyTrace> {
        let f = self.observers.get::<Follow>()?;
        let jr = self.journeys.get(f.journey)?;
        Some(JourneyTrace {
            id: f.journey,
            users: self.topo.nodes[jr.users as usize].name.clone(),
            arrived_us: jr.arrived,
            now_us: self.now,
            steps: f.steps.clone(),
            left_out: f.left_out,
        })
    }

    /// The journey `pick` names in this run so far, if there is one.
    pub fn pick_journey(&self, pick: Pick) -> Option<u32> {
        let ended = |j: &Journey| j.outcome != Outcome::InFlight;
        let failed = |j: &Journey| {
            matches!(
                j.outcome,
                Outcome::Failed(_) | Outcome::TimedOut | Outcome::Abandoned
            ) || (j.answered_pending() && j.failed_later)
        };
        let found = match pick {
            Pick::First => (!self.journeys.is_empty()).then_some(0),
            Pick::Latest => self.journeys.len().checked_sub(1),
            Pick::Id(n) => ((n as usize) < self.journeys.len()).then_some(n as usize),
            Pick::Failed => self.journeys.iter().position(|j| failed(&j)),
            Pick::Retried => self.journeys.iter().position(|j| j.retried),
            Pick::Slowest => self
                .journeys
                .iter()
                .enumerate()
                .filter(|(_, j)| ended(j))
                .max_by_key(|(i, j)| (j.waited, std::cmp::Reverse(*i)))
                .map(|(i, _)| i),
        };
        found.map(|i| i as u32)
    }
}

fn name(at: &At, node: u32) -> String {
    at.topo.nodes[node as usize].name.clone()
}

impl Observer for Follow {
    fn on_message(&mut self, at: &At, m: &Msg) {
        if m.journey != self.journey {
            return;
        }
        self.push(JStep::Message {
            from: name(at, m.from),
            to: name(at, m.to),
            kind: crate::snapshot::kind_of(&m.body),
            attempt: m.attempt,
            sent_us: m.sent_at,
            arrives_us: m.arrives_at,
            lost: m.lost,
        });
    }

    fn on_timeout(&mut self, at: &At, journey: u32, caller: u32, callee: u32, attempt: u32) {
        if journey != self.journey {
            return;
        }
        self.push(JStep::Timeout {
            caller: name(at, caller),
            callee: name(at, callee),
            attempt,
            at_us: at.now,
        });
    }

    fn on_dead_letter(&mut self, at: &At, journey: u32, sub: u32) {
        if journey != self.journey {
            return;
        }
        let s = at.topo.subs[sub as usize];
        self.push(JStep::DeadLetter {
            topic: name(at, s.topic),
            consumer: name(at, s.consumer),
            at_us: at.now,
        });
    }

    fn on_answer(&mut self, at: &At, journey: u32, j: &Journey) {
        if journey != self.journey {
            return;
        }
        let outcome = match j.outcome {
            Outcome::Succeeded if j.pending_answer => "accepted, pending".to_string(),
            Outcome::Succeeded => "answered".to_string(),
            Outcome::Failed(f) => format!("failed at {} ({})", name(at, f.at), f.reason.label()),
            Outcome::TimedOut => "timed out".into(),
            Outcome::Abandoned => "gave up".into(),
            Outcome::InFlight => return,
        };
        self.push(JStep::Answer {
            outcome,
            at_us: at.now,
        });
    }

    fn on_settle(&mut self, at: &At, journey: u32, j: &Journey) {
        if journey == self.journey {
            self.push(JStep::Settled {
                at_us: at.now,
                outcome: j.settles().map(|s| s.label().to_string()),
            });
        }
    }
}

impl Follow {
    fn push(&mut self, step: JStep) {
        let ending = matches!(step, JStep::Answer { .. } | JStep::Settled { .. });
        if self.steps.len() < MAX_JOURNEY_STEPS || ending {
            self.steps.push(step);
        } else {
            self.left_out += 1;
        }
    }
}

/// Runs `scenario` for `duration_ms`, picks a journey, and runs it again following that
/// journey: the trace, or `None` when no journey fits (no failures, say).
pub fn trace_journey(
    scenario: &Scenario,
    seed: u64,
    duration_ms: u64,
    pick: Pick,
) -> Result<Option<JourneyTrace>, Vec<wirelab_model::Problem>> {
    let end = duration_ms * 1000;
    let mut first = Run::new(scenario, seed)?;
    while first.step_until(end, 1_000_000) == StepResult::Budget {}
    let Some(j) = first.pick_journey(pick) else {
        return Ok(None);
    };
    let mut again = Run::new(scenario, seed)?;
    again.follow(j);
    while again.step_until(end, 1_000_000) == StepResult::Budget {}
    Ok(again.followed())
}

/// A Mermaid `sequenceDiagram` of a journey: a participant per element in the order the
/// journey meets them (its users node first), arrows in time order — calls `->>`,
/// replies `-->>`, publishes and deliveries `-)`, acks `--)` — timeouts, dead letters,
/// the answer and the settled moment as notes. Times are ms after the customer arrived.
pub fn mermaid(t: &JourneyTrace) -> String {
    let mut order: Vec<String> = vec![t.users.clone()];
    let mut meet = |n: &str| {
        if !order.iter().any(|o| o == n) {
            order.push(n.to_string());
        }
    };
    for s in &t.steps {
        match s {
            JStep::Message { from, to, .. } => {
                meet(from);
                meet(to);
            }
            JStep::Timeout { caller, callee, .. } => {
                meet(caller);
                meet(callee);
            }
            JStep::DeadLetter {
                topic, consumer, ..
            } => {
                meet(topic);
                meet(consumer);
            }
            _ => {}
        }
    }
    let alias = |n: &str| format!("p{}", order.iter().position(|o| o == n).unwrap_or(0));
    let ms = |us: u64| {
        let d = us.saturating_sub(t.arrived_us) as f64 / 1000.0;
        if d >= 1000.0 {
            format!("{:.2} s", d / 1000.0)
        } else {
            format!("{d:.1} ms")
        }
    };
    let mut out = String::from("sequenceDiagram\n");
    for (i, n) in order.iter().enumerate() {
        out.push_str(&format!("    participant p{i} as {}\n", text(n)));
    }
    // Arrows at their arrival, in time order (a message is drawn when it lands).
    let mut lines: Vec<(u64, usize, String)> = Vec::new();
    for (i, s) in t.steps.iter().enumerate() {
        let (at, line) = match s {
            JStep::Message {
                from,
                to,
                kind,
                attempt,
                sent_us,
                arrives_us,
                lost,
            } => {
                let arrow = match kind {
                    MsgKind::Request => "->>",
                    MsgKind::Response | MsgKind::Error => "-->>",
                    MsgKind::Publish | MsgKind::Delivery => "-)",
                    MsgKind::PublishAck | MsgKind::Ack | MsgKind::Nack => "--)",
                };
                let mut label = kind.label().to_string();
                if *attempt > 1 {
                    label.push_str(&format!(" (attempt {attempt})"));
                }
                if *lost {
                    label.push_str(" (lost)");
                }
                let at = if *lost { *sent_us } else { *arrives_us };
                label.push_str(&format!(" at +{}", ms(at)));
                (
                    at,
                    format!("    {}{arrow}{}: {}", alias(from), alias(to), text(&label)),
                )
            }
            JStep::Timeout {
                caller,
                callee,
                attempt,
                at_us,
            } => (
                *at_us,
                format!(
                    "    Note over {},{}: attempt {attempt} timed out at +{}",
                    alias(caller),
                    alias(callee),
                    ms(*at_us)
                ),
            ),
            JStep::DeadLetter {
                topic,
                consumer,
                at_us,
            } => (
                *at_us,
                format!(
                    "    Note over {},{}: dead-lettered at +{}",
                    alias(topic),
                    alias(consumer),
                    ms(*at_us)
                ),
            ),
            JStep::Answer { outcome, at_us } => (
                *at_us,
                format!(
                    "    Note over {}: {} after {} (the customer's wait)",
                    alias(&t.users),
                    text(outcome),
                    ms(*at_us)
                ),
            ),
            JStep::Settled { at_us, outcome } => (
                *at_us,
                format!(
                    "    Note over {},{}: last work done at +{} (time to consistency){}",
                    alias(&order[0]),
                    alias(order.last().unwrap_or(&order[0])),
                    ms(*at_us),
                    outcome
                        .as_ref()
                        .map_or(String::new(), |o| format!(": {}", text(o)))
                ),
            ),
        };
        lines.push((at, i, line));
    }
    lines.sort_by_key(|(at, i, _)| (*at, *i));
    for (_, _, l) in lines {
        out.push_str(&l);
        out.push('\n');
    }
    if t.left_out > 0 {
        out.push_str(&format!(
            "    Note over {},{}: and {} more steps, not drawn (the first {MAX_JOURNEY_STEPS} are)\n",
            alias(&order[0]),
            alias(order.last().unwrap_or(&order[0])),
            t.left_out
        ));
    }
    out
}

/// Text Mermaid reads literally: no statement separators, comments or entity codes.
fn text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ';' | '#' | '%' | '\n' | '\r' | ':' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}
