//! What became of the customers so far, in all and per node and wire: the journeys
//! counted as they settled (`settled.rs`) plus the rest, classified now.

use serde::Serialize;

use crate::settled::{bits, Outcomes};
use crate::Run;

impl Run {
    /// Every customer so far classified as failed, delayed but safe, unaffected or
    /// waiting. Journeys whose work is all done were counted as they finished; the rest
    /// are classified now.
    pub fn outcomes(&self) -> Outcomes {
        self.outcomes_of(&Live::kept(self))
    }

    pub(crate) fn outcomes_of(&self, live: &Live) -> Outcomes {
        let mut o = self.settled.all;
        o.failed += self.kept.shed;
        for &j in &live.unsettled {
            o.count(&self.journeys.at(j), self.now);
        }
        o
    }
}

/// What the outcomes count besides the journeys already settled: the unsettled ones
/// and the shed requests per users node. Kept as the run goes ([`Live::kept`]), or
/// recounted from every record ([`Live::recounted`], the oracle the tests hold it to).
pub(crate) struct Live {
    pub unsettled: Vec<u32>,
    pub shed_at: Vec<u64>,
}

impl Live {
    pub(crate) fn kept(run: &Run) -> Live {
        // Shed at a users node is shed on arrival (a service sheds a retry at itself).
        let shed_at = (0..run.topo.nodes.len() as u32)
            .map(|u| match run.topo.nodes[u as usize].role {
                crate::topo::Role::Users(_) => run
                    .kept
                    .user_failures
                    .get(&(u, crate::state::Reason::Shed))
                    .copied()
                    .unwrap_or(0),
                _ => 0,
            })
            .collect();
        Live {
            unsettled: run.settled.open.clone(),
            shed_at,
        }
    }

    pub(crate) fn recounted(run: &Run) -> Live {
        let mut shed_at = vec![0; run.topo.nodes.len()];
        for b in &run.kept.shed_log {
            shed_at[b.users as usize] += b.count;
        }
        let unsettled = (0..run.journeys.len() as u32)
            .filter(|&j| run.journeys.at(j).pending > 0)
            .collect();
        Live { unsettled, shed_at }
    }
}

/// What became of the requests whose messages crossed one wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireOutcomes {
    pub id: wirelab_model::WireId,
    #[serde(flatten)]
    pub outcomes: Outcomes,
}

/// What became of the requests whose work reached one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeOutcomes {
    pub id: wirelab_model::NodeId,
    pub name: String,
    #[serde(flatten)]
    pub outcomes: Outcomes,
}

impl Run {
    /// Per node, what became of the customers whose requests reached it (its own work,
    /// or a message to it), classified as in [`Run::outcomes`]. Only the first 64 nodes
    /// are followed; a bigger design gets an empty list.
    pub fn node_outcomes(&self) -> Vec<NodeOutcomes> {
        self.node_outcomes_of(&Live::kept(self))
    }

    pub(crate) fn node_outcomes_of(&self, live: &Live) -> Vec<NodeOutcomes> {
        if self.topo.nodes.len() > 64 {
            return Vec::new();
        }
        let mut per = self.settled.at_node.clone();
        for &j in &live.unsettled {
            let j = &self.journeys.at(j);
            for node in bits(j.touched) {
                per[node].count(j, self.now);
            }
        }
        for (u, &shed) in live.shed_at.iter().enumerate() {
            per[u].failed += shed;
        }
        self.topo
            .nodes
            .iter()
            .zip(per)
            .map(|(t, outcomes)| NodeOutcomes {
                id: t.id,
                name: t.name.clone(),
                outcomes,
            })
            .collect()
    }

    /// Per wire, what became of the customers whose messages crossed it, classified as
    /// in [`Run::outcomes`]. Only the first 64 wires are followed; a design with more
    /// gets an empty list.
    pub fn wire_outcomes(&self) -> Vec<WireOutcomes> {
        self.wire_outcomes_of(&Live::kept(self))
    }

    pub(crate) fn wire_outcomes_of(&self, live: &Live) -> Vec<WireOutcomes> {
        if self.topo.wires.len() > 64 {
            return Vec::new();
        }
        let mut per = self.settled.at_wire.clone();
        for &j in &live.unsettled {
            let j = &self.journeys.at(j);
            for wire in bits(j.crossed) {
                per[wire].count(j, self.now);
            }
        }
        self.topo
            .wires
            .iter()
            .zip(per)
            .map(|(w, outcomes)| WireOutcomes { id: w.id, outcomes })
            .collect()
    }
}
