//! Wirelab's pure editor logic: geometry, session state, the interaction state machine,
//! edit commands with inverses and undo history. No browser dependencies, so everything
//! here is tested natively.

pub mod command;
pub mod geometry;
pub mod history;
pub mod palette;
pub mod rules;
