//! The canvas editor in the browser: the thin edge around the pure `wirelab-editor`
//! crate. Components draw `Editor::doc()` and the session and turn DOM events into
//! `Input` values; they never edit the document themselves.
pub mod state;

pub use state::{use_editor, EditorCtx, Refusal};
