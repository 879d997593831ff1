//! Wirelab's pure editor logic: geometry, session state, the interaction state machine,
//! edit commands with inverses and undo history. No browser dependencies, so everything
//! here is tested natively.
//!
//! The UI holds an [`Editor`], feeds it [`Input`]s, draws [`Editor::doc`] with
//! [`Editor::layout`] and the [`Session`], and acts on the returned [`Effect`]s.

pub mod command;
pub mod editor;
pub mod geometry;
pub mod history;
pub mod input;
pub mod interaction;
pub mod keymap;
pub mod layout;
pub mod palette;
pub mod place;
pub mod rules;
pub mod scene;
pub mod scrub;
pub mod session;
pub mod share;
pub mod touch;

pub use command::{Command, EditError};
pub use editor::{DesignId, Editor, Effect, LiveStep, Response};
pub use geometry::{Rect, Vec2, Viewport, WirePath};
pub use input::{Button, Input, Key, Modifiers, Pointer};
pub use interaction::State;
pub use layout::Hit;
pub use palette::Preset;
pub use rules::Style;
pub use scene::{NodeDraw, Overlay, Scene, WireDraw};
pub use session::{Preview, Selection, Session, Target};
pub use touch::{Touch, Touches};
