//! The blast radius: for every service and topic, the design run with it down over the
//! window, the same seed and load, and what the customers who arrived meanwhile got.

use serde::Serialize;
use wirelab_model::{Kind, NodeId, Scenario};

use super::{measure, Measured};
use crate::Intervention;

/// What breaks while one element is down.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Impact {
    /// The element taken down.
    pub element: String,
    #[serde(skip)]
    pub id: NodeId,
    /// "service" or "topic".
    pub kind: &'static str,
    /// The share of the requests that arrived while it was down and were answered.
    pub success_rate: f64,
    /// Their wait for an answer, 95th percentile, in ms (none answered: `None`).
    pub wait_p95_ms: Option<f64>,
    /// Events lost (never delivered) in the whole run.
    pub lost: u64,
    /// Customers answered whose other work finished more than a second late.
    pub late: u64,
    /// Customers who arrived while it was down.
    pub customers: u64,
}

/// What the heat on the canvas says of an element while it is down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Harm {
    /// This share of the customers who arrived meanwhile failed (half a percent or more).
    Fails(f64),
    /// Nobody failed, but most answered customers' other work finished late.
    LateOnly,
    /// Neither.
    None,
}

impl Impact {
    /// The heat's verdict: failures first (from half a percent, the smallest share the
    /// heat writes to one decimal), then lateness of most customers.
    pub fn harm(&self) -> Harm {
        let failed = 1.0 - self.success_rate;
        if failed >= 0.005 {
            Harm::Fails(failed)
        } else if self.late * 2 > self.customers {
            Harm::LateOnly
        } else {
            Harm::None
        }
    }

    /// Half the customers or more failed: the heat marks it as grave.
    pub fn grave(&self) -> bool {
        1.0 - self.success_rate >= 0.5
    }
}

/// The blast radius of one service or topic of `s`.
pub fn impact_of(s: &Scenario, seed: u64, node: NodeId) -> Result<Impact, String> {
    let n = s.node(node).ok_or("no such element")?;
    if n.kind.tag() == Kind::Users {
        return Err(format!("`{}` is where customers come from", n.name));
    }
    let m = measure(
        s,
        seed,
        &[Intervention::Kill { node }],
        &[Intervention::Revive { node }],
    )?;
    impact_from(s, node, &m).ok_or_else(|| "no such element".into())
}

/// The row of `node` from the run with it down.
pub(crate) fn impact_from(s: &Scenario, node: NodeId, m: &Measured) -> Option<Impact> {
    let n = s.node(node)?;
    let kind = match n.kind.tag() {
        Kind::Service => "service",
        Kind::Topic => "topic",
        Kind::Users => return None,
    };
    Some(Impact {
        element: n.name.clone(),
        id: node,
        kind,
        success_rate: m.success_rate(),
        wait_p95_ms: m.wait_p95_us.map(|us| us as f64 / 1000.0),
        lost: m.report.events.lost,
        late: m.outcomes.delayed,
        customers: m.outcomes.total(),
    })
}

/// Every service's and topic's blast radius, worst (fewest answered) first.
pub fn blast_radius(s: &Scenario, seed: u64) -> Result<Vec<Impact>, String> {
    let mut rows = s
        .nodes
        .iter()
        .filter(|n| n.kind.tag() != Kind::Users)
        .map(|n| impact_of(s, seed, n.id))
        .collect::<Result<Vec<_>, _>>()?;
    rows.sort_by(|a, b| a.success_rate.total_cmp(&b.success_rate));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(success_rate: f64, late: u64, customers: u64) -> Impact {
        Impact {
            element: "Analytics".into(),
            id: NodeId(1),
            kind: "service",
            success_rate,
            wait_p95_ms: None,
            lost: 0,
            late,
            customers,
        }
    }

    #[test]
    fn the_heat_says_failures_first_then_lateness() {
        assert_eq!(row(0.3, 0, 100).harm(), Harm::Fails(0.7));
        assert!(row(0.3, 0, 100).grave());
        assert_eq!(row(0.995, 90, 100).harm(), Harm::Fails(1.0 - 0.995));
        assert!(!row(0.995, 90, 100).grave());
        // Below half a percent failed, lateness of most customers decides.
        assert_eq!(row(0.996, 51, 100).harm(), Harm::LateOnly);
        assert_eq!(row(1.0, 50, 100).harm(), Harm::None);
        assert_eq!(row(1.0, 0, 0).harm(), Harm::None);
    }
}
