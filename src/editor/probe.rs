//! `?probe=N` opens a generated design of N services instead of the usual start, for the
//! pan/zoom frame-time probe (`tests/e2e/probes/`). It is loaded like a restored design
//! (no undo step) and never saved by the editor itself.

use wirelab_editor::palette::Preset;
use wirelab_model::{CallConfig, NodeId, Pos, Scenario, WireKind};

/// The most nodes the probe will generate.
const MAX_NODES: usize = 5000;
const COLUMNS: usize = 25;

/// The node count asked for in the page's query string, if any.
pub fn requested() -> Option<usize> {
    let search = web_sys::window()?.location().search().ok()?;
    let value = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("probe="))?;
    value.parse::<usize>().ok().map(|n| n.min(MAX_NODES))
}

/// `n` services on a grid, each calling its right-hand neighbour.
pub fn design(n: usize) -> Scenario {
    let mut doc = Scenario::new(&format!("Probe: {n} services"));
    let mut ids: Vec<NodeId> = Vec::with_capacity(n);
    for i in 0..n {
        let pos = Pos {
            x: (i % COLUMNS) as f64 * 220.0,
            y: (i / COLUMNS) as f64 * 120.0,
        };
        ids.push(doc.add_node(&format!("S{i}"), pos, Preset::Service.kind()));
    }
    for (i, pair) in ids.windows(2).enumerate() {
        if (i + 1) % COLUMNS != 0 {
            doc.add_wire(pair[0], pair[1], WireKind::Call(CallConfig::default()));
        }
    }
    doc
}
