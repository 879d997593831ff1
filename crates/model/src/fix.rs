//! A fix the design review offers, in the document's own terms: one edit of one wire.
//! The review (crates/engine) proposes it; the editor turns it into the undoable
//! command the app applies (`wirelab_editor::Command::from_fix`), the one rule both the
//! review's tests and the app use.

use crate::{WireId, WireKind};
use serde::Serialize;

/// A one-click fix: one edit of one wire.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fix {
    /// Turn the call into an event: the caller publishes, the callee subscribes.
    Event { wire: WireId, label: String },
    /// Give the wire these settings.
    Set {
        wire: WireId,
        settings: WireKind,
        label: String,
    },
}

impl Fix {
    /// "Turn Order → Analytics into an event".
    pub fn label(&self) -> &str {
        match self {
            Fix::Event { label, .. } | Fix::Set { label, .. } => label,
        }
    }
}
