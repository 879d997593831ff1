//! What the editor tests share: one small, fast generator, and building documents by
//! commands.
#![allow(dead_code)]

use wirelab_editor::command::{apply, Command};
use wirelab_editor::palette::Preset;
use wirelab_editor::rules::Style;
use wirelab_model::{NodeId, Pos, Scenario};

/// SplitMix64, seeded by the case number so a failing case reruns from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

pub fn pos(x: f64, y: f64) -> Pos {
    Pos { x, y }
}

pub fn add(doc: &mut Scenario, preset: Preset, x: f64) -> NodeId {
    apply(
        doc,
        Command::AddNode {
            preset,
            pos: pos(x, 0.0),
        },
    )
    .unwrap();
    doc.nodes.last().unwrap().id
}

pub fn connect(doc: &mut Scenario, from: NodeId, to: NodeId, style: Style) {
    apply(doc, Command::Connect { from, to, style }).unwrap();
}
