//! Input values the browser edge hands to the editor, already converted from DOM events.

use crate::geometry::Vec2;
use crate::palette::Preset;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    pub shift: bool,
    /// Ctrl, or Cmd on a Mac.
    pub ctrl: bool,
    pub alt: bool,
    /// The space bar is held (space+drag pans).
    pub space: bool,
}

impl Modifiers {
    pub const NONE: Modifiers = Modifiers {
        shift: false,
        ctrl: false,
        alt: false,
        space: false,
    };
    pub const SHIFT: Modifiers = Modifiers {
        shift: true,
        ..Modifiers::NONE
    };
    pub const CTRL: Modifiers = Modifiers {
        ctrl: true,
        ..Modifiers::NONE
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Button {
    Primary,
    Middle,
    Secondary,
}

impl Button {
    /// From `PointerEvent.button`.
    pub fn from_dom(button: i16) -> Button {
        match button {
            1 => Button::Middle,
            2 => Button::Secondary,
            _ => Button::Primary,
        }
    }
}

/// A pointer position in both coordinate spaces.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointer {
    pub world: Vec2,
    /// CSS pixels relative to the canvas element.
    pub screen: Vec2,
    pub button: Button,
    pub mods: Modifiers,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Left,
    Right,
    Up,
    Down,
    Delete,
    Backspace,
    Escape,
    Enter,
    Tab,
    /// Presenter remotes send PageDown for "next".
    PageDown,
    Other,
}

impl Key {
    /// From `KeyboardEvent.key`. Letters are lower-cased: shift arrives as a modifier.
    pub fn from_dom(key: &str) -> Key {
        match key {
            "ArrowLeft" => Key::Left,
            "ArrowRight" => Key::Right,
            "ArrowUp" => Key::Up,
            "ArrowDown" => Key::Down,
            "Delete" => Key::Delete,
            "Backspace" => Key::Backspace,
            "Escape" | "Esc" => Key::Escape,
            "Enter" => Key::Enter,
            "Tab" => Key::Tab,
            "PageDown" => Key::PageDown,
            _ => {
                let mut chars = key.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Key::Char(c.to_ascii_lowercase()),
                    _ => Key::Other,
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    PointerDown(Pointer),
    PointerMove(Pointer),
    PointerUp(Pointer),
    /// The gesture was interrupted (pointercancel, window blur, palette drag left).
    Cancel,
    /// A key press. The edge should `preventDefault` when the returned effects say the
    /// key was used (see `Editor::handle`).
    Key {
        key: Key,
        mods: Modifiers,
    },
    /// Wheel or trackpad; browsers report pinch as wheel with ctrl held.
    Wheel {
        delta: Vec2,
        screen: Vec2,
        mods: Modifiers,
    },
    /// Two touch points moved from `from` to `to` (screen): pinch zoom and two-finger pan.
    /// The edge cancels any one-finger gesture when the second finger lands.
    Pinch {
        from: [Vec2; 2],
        to: [Vec2; 2],
    },
    /// A palette item was clicked (or activated by keyboard): place at the view's centre.
    PaletteClick(Preset),
    /// A palette item is being dragged over the canvas; pointer moves and the final
    /// pointer up (the drop) follow as ordinary pointer inputs.
    PaletteDrag(Preset),
    /// The canvas was resized (CSS pixels).
    Resize(Vec2),
    ZoomIn,
    ZoomOut,
    ZoomReset,
    FitView,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_keys() {
        assert_eq!(Key::from_dom("ArrowUp"), Key::Up);
        assert_eq!(Key::from_dom("Z"), Key::Char('z'));
        assert_eq!(Key::from_dom("?"), Key::Char('?'));
        assert_eq!(Key::from_dom(" "), Key::Char(' '));
        assert_eq!(Key::from_dom("Shift"), Key::Other);
        assert_eq!(Button::from_dom(1), Button::Middle);
    }
}
