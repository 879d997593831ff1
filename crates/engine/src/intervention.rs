//! Interventions: faults and load changes by stable id, live from the UI (and then
//! logged for replay) or from the scenario's incident script; `apply.rs` applies them.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use wirelab_model::{Action, NodeId, NodeKind, Scenario, WireId};

/// A run's interventions: its incident script, the live ones applied, and those ahead.
#[derive(Clone, Default)]
pub(crate) struct Interventions {
    /// The incident script, by time.
    pub script: Vec<(u64, Intervention)>,
    /// How many of `script` have been applied (they apply in order).
    pub applied: usize,
    /// Live interventions applied, in order.
    pub log: Vec<Logged>,
    /// Live interventions still to come, from a run this one re-plays (a rewind): each
    /// is applied when the run reaches its place, so playing on gives the same run.
    pub ahead: VecDeque<Logged>,
}

/// A fault or load change aimed at a node or wire by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Intervention {
    /// Stop a service or broker.
    Kill { node: NodeId },
    /// Bring a service or broker back to normal.
    Revive { node: NodeId },
    /// The service accepts work and never answers.
    Hang { node: NodeId },
    /// Multiply processing time by `factor`.
    Slow { node: NodeId, factor: u32 },
    /// Set the error rate (0..=1).
    ErrorRate { node: NodeId, rate: f64 },
    /// Drop everything sent on the wire.
    Cut { wire: WireId },
    /// Repair a cut wire.
    Heal { wire: WireId },
    /// Drop this fraction of responses and acks on the wire.
    LoseResponses { wire: WireId, rate: f64 },
    /// Change a users node's arrival rate per second.
    Load { node: NodeId, rate_per_s: f64 },
    /// Send `count` people now.
    Send { node: NodeId, count: u32 },
}

/// An intervention as applied: the time and the number of events processed before it,
/// which together pin its place in the run exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Logged {
    /// Simulated time, µs.
    pub at_us: u64,
    /// Events processed before it was applied.
    pub after_events: u64,
    /// What was applied.
    pub intervention: Intervention,
}

impl Intervention {
    /// Resolves a script action (names) against a scenario (ids).
    pub fn resolve(s: &Scenario, a: &Action) -> Result<Intervention, String> {
        let node = |name: &str| {
            s.node_by_name(name)
                .map(|n| n.id)
                .ok_or_else(|| format!("no node is named `{name}`"))
        };
        let wire = |w: &wirelab_model::WireRef| {
            s.wire_by_ref(w)
                .map(|w| w.id)
                .ok_or_else(|| format!("no wire goes from `{}` to `{}`", w.from, w.to))
        };
        Ok(match a {
            Action::Kill { target } => Intervention::Kill {
                node: node(target)?,
            },
            Action::Revive { target } => Intervention::Revive {
                node: node(target)?,
            },
            Action::Hang { target } => Intervention::Hang {
                node: node(target)?,
            },
            Action::Slow { target, factor } => Intervention::Slow {
                node: node(target)?,
                factor: *factor,
            },
            Action::ErrorRate { target, rate } => Intervention::ErrorRate {
                node: node(target)?,
                rate: *rate,
            },
            Action::Cut { wire: w } => Intervention::Cut { wire: wire(w)? },
            Action::Heal { wire: w } => Intervention::Heal { wire: wire(w)? },
            Action::LoseResponses { wire: w, rate } => Intervention::LoseResponses {
                wire: wire(w)?,
                rate: *rate,
            },
            Action::Load { target, rate_per_s } => Intervention::Load {
                node: node(target)?,
                rate_per_s: *rate_per_s,
            },
            Action::Send { target, count } => Intervention::Send {
                node: node(target)?,
                count: *count,
            },
        })
    }

    /// The script action this is, by name (the inverse of [`Intervention::resolve`]), so
    /// a logged intervention reads exactly like an incident line: `kill Analytics`,
    /// `heal Order -> Email`. `None` when its node or wire is no longer in `s`.
    pub fn to_action(&self, s: &Scenario) -> Option<Action> {
        let target = |id: NodeId| s.node(id).map(|n| n.name.clone());
        let wire = |id: WireId| s.wire_ref(id);
        Some(match *self {
            Intervention::Kill { node } => Action::Kill {
                target: target(node)?,
            },
            Intervention::Revive { node } => Action::Revive {
                target: target(node)?,
            },
            Intervention::Hang { node } => Action::Hang {
                target: target(node)?,
            },
            Intervention::Slow { node, factor } => Action::Slow {
                target: target(node)?,
                factor,
            },
            Intervention::ErrorRate { node, rate } => Action::ErrorRate {
                target: target(node)?,
                rate,
            },
            Intervention::Cut { wire: w } => Action::Cut { wire: wire(w)? },
            Intervention::Heal { wire: w } => Action::Heal { wire: wire(w)? },
            Intervention::LoseResponses { wire: w, rate } => Action::LoseResponses {
                wire: wire(w)?,
                rate,
            },
            Intervention::Load { node, rate_per_s } => Action::Load {
                target: target(node)?,
                rate_per_s,
            },
            Intervention::Send { node, count } => Action::Send {
                target: target(node)?,
                count,
            },
        })
    }

    /// Checks the target exists and has the right kind, and values are in range.
    pub(crate) fn check(&self, s: &Scenario) -> Result<(), String> {
        let kind = |id: NodeId| {
            s.node(id)
                .map(|n| &n.kind)
                .ok_or_else(|| format!("node {} does not exist", id.0))
        };
        let svc = |id| match kind(id)? {
            NodeKind::Service(_) => Ok(()),
            _ => Err(format!("node {} is not a service", id.0)),
        };
        let users = |id| match kind(id)? {
            NodeKind::Users(_) => Ok(()),
            _ => Err(format!("node {} is not a users node", id.0)),
        };
        let wire = |id: WireId| {
            s.wire(id)
                .map(|_| ())
                .ok_or_else(|| format!("wire {} does not exist", id.0))
        };
        let rate = |r: f64| {
            if (0.0..=1.0).contains(&r) {
                Ok(())
            } else {
                Err(format!("rate {r} is not in [0, 1]"))
            }
        };
        match *self {
            Intervention::Kill { node } | Intervention::Revive { node } => match kind(node)? {
                NodeKind::Users(_) => Err(format!("node {} is a users node", node.0)),
                _ => Ok(()),
            },
            Intervention::Hang { node } => svc(node),
            Intervention::Slow { node, factor } if (1..=1000).contains(&factor) => svc(node),
            Intervention::Slow { factor, .. } => Err(format!("factor {factor} is not in 1..=1000")),
            Intervention::ErrorRate { node, rate: r } => svc(node).and(rate(r)),
            Intervention::Cut { wire: w } | Intervention::Heal { wire: w } => wire(w),
            Intervention::LoseResponses { wire: w, rate: r } => wire(w).and(rate(r)),
            Intervention::Load { node, rate_per_s } => {
                users(node)?;
                if (0.0..=100_000.0).contains(&rate_per_s) {
                    Ok(())
                } else {
                    Err(format!("rate {rate_per_s}/s is not in [0, 100000]"))
                }
            }
            Intervention::Send { node, count } => {
                users(node)?;
                if (1..=100_000).contains(&count) {
                    Ok(())
                } else {
                    Err(format!("count {count} is not in 1..=100000"))
                }
            }
        }
    }
}
