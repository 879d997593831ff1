//! The one keymap: every key that does something, in the order the page asks, with the
//! words the `?` sheet shows. The browser edge describes a key press (the key, where focus
//! is, what is open) and [`dispatch`] answers what it means; the sheet lists [`KEYMAP`],
//! so it cannot omit a key that works or list one that does not.
//!
//! Order: nothing from a form field or under a dialog; then the lesson's arrows, the run's
//! keys, and last the editor's (which its interaction machine interprets).

use crate::input::{Key, Modifiers};

/// Where focus was when the key went down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// A text input, select or editable text: typing is typing.
    Field,
    /// Inside a modal dialog, or with one open: the dialog owns the keyboard.
    Dialog,
    /// The canvas or something in it.
    Canvas,
    /// The lesson panel.
    Lesson,
    /// Nothing in particular (the page itself).
    Page,
    /// Any other control: a button, a palette item.
    Control,
}

/// What is going on when a key goes down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Situation {
    /// A lesson or walkthrough is open beside the canvas.
    pub lesson_open: bool,
    /// Nothing is selected on the canvas.
    pub nothing_selected: bool,
    /// No gesture is under way (drag, wiring, box select).
    pub idle: bool,
    /// Tab from the canvas's last (Shift+Tab: first) element leaves it, so the keyboard is
    /// never trapped.
    pub tab_leaves: bool,
    /// A customer's journey is open (a dialog that does not hold the keyboard).
    pub journey_open: bool,
}

/// A key press as the page saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Press {
    pub key: Key,
    pub mods: Modifiers,
    pub focus: Focus,
}

/// The intervention a run key applies to the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Break {
    Kill,
    Revive,
    Hang,
    Slow,
    /// One person from the selected Users node, now.
    SendOne,
}

/// What a key press means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The previous (-1) or next (1) lesson step.
    LessonStep(isize),
    /// Space went down: drags pan while it is held; let go without a drag, it plays or
    /// pauses the run.
    Space,
    PlayPause,
    /// Pause, and process exactly one simulation event.
    Step,
    /// Close the customer's journey.
    CloseJourney,
    Break(Break),
    Presenter,
    /// Show or hide this moment's link as a QR code.
    MomentQr,
    /// Fold or unfold a side panel.
    Panel(Panel),
    /// The editor's interaction machine takes it.
    Editor,
}

/// The side panels that fold away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Palette,
    Inspector,
    Dock,
}

/// Which part of the app a binding belongs to (a heading of the sheet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Lesson,
    Run,
    Editor,
    View,
}

impl Part {
    pub fn heading(self) -> &'static str {
        match self {
            Part::Lesson => "In a lesson",
            Part::Run => "Running",
            Part::Editor => "Editing",
            Part::View => "The page",
        }
    }
}

/// One line of the keymap: what to press, what it does, and when it applies.
pub struct Binding {
    pub keys: &'static str,
    pub part: Part,
    pub what: &'static str,
    matches: fn(&Press, &Situation) -> Option<Action>,
}

fn plain(p: &Press) -> bool {
    !(p.mods.ctrl || p.mods.alt)
}

/// Keys for the canvas: focus on it, or on nothing in particular.
fn on_canvas(p: &Press) -> bool {
    matches!(p.focus, Focus::Canvas | Focus::Page)
}

fn editor(p: &Press, when: bool) -> Option<Action> {
    (when && on_canvas(p)).then_some(Action::Editor)
}

fn run_key(p: &Press, s: &Situation, c: char, a: Action) -> Option<Action> {
    (p.key == Key::Char(c) && plain(p) && !p.mods.shift && s.idle).then_some(a)
}

#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    Binding { keys: "← / →", part: Part::Lesson, what: "Previous / next step (with nothing selected, or from the lesson panel)",
        matches: |p, s| {
            let d = match p.key { Key::Left => -1, Key::Right => 1, _ => return None };
            let here = p.focus == Focus::Lesson || (p.focus == Focus::Page && s.nothing_selected);
            (s.lesson_open && s.idle && plain(p) && !p.mods.shift && here).then_some(Action::LessonStep(d))
        } },
    Binding { keys: "Space", part: Part::Run, what: "Play / pause (hold and drag: pan)",
        matches: |p, _| (p.key == Key::Char(' ') && plain(p) && on_canvas(p)).then_some(Action::Space) },
    Binding { keys: ". / PageDown", part: Part::Run, what: "Play / pause (for presenter remotes)",
        matches: |p, s| (matches!(p.key, Key::Char('.') | Key::PageDown) && plain(p) && s.idle).then_some(Action::PlayPause) },
    Binding { keys: ",", part: Part::Run, what: "Step one event (pauses the run)",
        matches: |p, s| run_key(p, s, ',', Action::Step) },
    Binding { keys: "K", part: Part::Run, what: "Kill the selected service or topic; cut the selected wire",
        matches: |p, s| run_key(p, s, 'k', Action::Break(Break::Kill)) },
    Binding { keys: "R", part: Part::Run, what: "Revive it; restore the wire",
        matches: |p, s| run_key(p, s, 'r', Action::Break(Break::Revive)) },
    Binding { keys: "H", part: Part::Run, what: "Hang the selected service (it never answers)",
        matches: |p, s| run_key(p, s, 'h', Action::Break(Break::Hang)) },
    Binding { keys: "S", part: Part::Run, what: "Slow the selected service by the factor set",
        matches: |p, s| run_key(p, s, 's', Action::Break(Break::Slow)) },
    Binding { keys: "N", part: Part::Run, what: "Send one person from the selected Users node",
        matches: |p, s| run_key(p, s, 'n', Action::Break(Break::SendOne)) },
    Binding { keys: "F", part: Part::Run, what: "Presenter mode on / off",
        matches: |p, s| run_key(p, s, 'f', Action::Presenter) },
    Binding { keys: "Q", part: Part::Run, what: "This moment's link as a QR code the room can scan",
        matches: |p, s| run_key(p, s, 'q', Action::MomentQr) },
    Binding { keys: "P", part: Part::View, what: "Fold or unfold the palette",
        matches: |p, s| run_key(p, s, 'p', Action::Panel(Panel::Palette)) },
    Binding { keys: "I", part: Part::View, what: "Fold or unfold the inspector",
        matches: |p, s| run_key(p, s, 'i', Action::Panel(Panel::Inspector)) },
    Binding { keys: "M", part: Part::View, what: "Fold or unfold the metrics dock",
        matches: |p, s| run_key(p, s, 'm', Action::Panel(Panel::Dock)) },
    Binding { keys: "Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y", part: Part::Editor, what: "Undo / redo",
        matches: |p, _| (p.mods.ctrl && matches!(p.key, Key::Char('z' | 'y'))).then_some(Action::Editor) },
    Binding { keys: "?", part: Part::Editor, what: "This sheet",
        matches: |p, _| (p.key == Key::Char('?')).then_some(Action::Editor) },
    Binding { keys: "Tab / Shift+Tab", part: Part::Editor, what: "Focus the next / previous node or wire",
        matches: |p, s| (p.key == Key::Tab && p.focus == Focus::Canvas && !(s.idle && s.tab_leaves)).then_some(Action::Editor) },
    Binding { keys: "Enter", part: Part::Editor, what: "Open the inspector for the focused element",
        matches: |p, _| editor(p, p.key == Key::Enter) },
    Binding { keys: "C / E", part: Part::Editor, what: "Start a call / event wire from the focused node; Tab or arrows pick the target, Enter connects, Esc cancels",
        matches: |p, _| editor(p, plain(p) && matches!(p.key, Key::Char('c' | 'e'))) },
    Binding { keys: "T", part: Part::Editor, what: "Flip the focused wire between call and event",
        matches: |p, _| editor(p, plain(p) && p.key == Key::Char('t')) },
    Binding { keys: "Arrows (Shift: a grid step)", part: Part::Editor, what: "Nudge the selection; with nothing selected, pan",
        matches: |p, _| editor(p, matches!(p.key, Key::Left | Key::Right | Key::Up | Key::Down)) },
    Binding { keys: "Delete / Backspace", part: Part::Editor, what: "Delete the selection and its wires",
        matches: |p, _| editor(p, matches!(p.key, Key::Delete | Key::Backspace)) },
    Binding { keys: "Ctrl+D", part: Part::Editor, what: "Duplicate the selected nodes",
        matches: |p, _| editor(p, p.mods.ctrl && p.key == Key::Char('d')) },
    Binding { keys: "Ctrl+A", part: Part::Editor, what: "Select all",
        matches: |p, _| editor(p, p.mods.ctrl && p.key == Key::Char('a')) },
    Binding { keys: "Esc", part: Part::Editor, what: "Close the customer's journey; otherwise cancel, then clear the selection",
        matches: |p, s| match p.key {
            Key::Escape if s.journey_open && s.idle => Some(Action::CloseJourney),
            _ => editor(p, p.key == Key::Escape),
        } },
    Binding { keys: "+ / −", part: Part::Editor, what: "Zoom in / out",
        matches: |p, _| editor(p, plain(p) && matches!(p.key, Key::Char('+' | '=' | '-'))) },
    Binding { keys: "0 / 1", part: Part::Editor, what: "Zoom to 100% / fit the design",
        matches: |p, _| editor(p, plain(p) && matches!(p.key, Key::Char('0' | '1'))) },
];

/// Pointer gestures, for the sheet (they are not keys, so nothing dispatches them here).
pub const GESTURES: &[(&str, &str)] = &[
    ("Drag a node", "Move it (one undo step)"),
    (
        "Drag the right handle",
        "Wire a call (solid: the caller waits)",
    ),
    (
        "Drag the bottom ⚡ handle",
        "Wire an event (dashed, through a topic)",
    ),
    (
        "Click a wire's middle glyph",
        "Flip it between call and event",
    ),
    (
        "Drag empty canvas / Space+drag / middle drag / two fingers",
        "Pan",
    ),
    ("Shift+drag empty canvas", "Box select"),
    (
        "Ctrl+wheel / pinch (trackpad or touch)",
        "Zoom around the pointer",
    ),
];

/// What a key press means here, if anything: the first binding that takes it.
pub fn dispatch(p: &Press, s: &Situation) -> Option<Action> {
    if matches!(p.focus, Focus::Field | Focus::Dialog) {
        return None;
    }
    KEYMAP.iter().find_map(|b| (b.matches)(p, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: Key, mods: Modifiers, focus: Focus) -> Press {
        Press { key, mods, focus }
    }

    const IDLE: Situation = Situation {
        lesson_open: false,
        nothing_selected: true,
        idle: true,
        tab_leaves: false,
        journey_open: false,
    };

    #[test]
    fn nothing_from_a_field_or_under_a_dialog() {
        for focus in [Focus::Field, Focus::Dialog] {
            for key in [
                Key::Char('k'),
                Key::Char('z'),
                Key::Char('?'),
                Key::Left,
                Key::Char(' '),
            ] {
                assert_eq!(dispatch(&press(key, Modifiers::CTRL, focus), &IDLE), None);
                assert_eq!(dispatch(&press(key, Modifiers::NONE, focus), &IDLE), None);
            }
        }
    }

    #[test]
    fn arrows_step_a_lesson_only_where_they_cannot_move_the_design() {
        let lesson = Situation {
            lesson_open: true,
            ..IDLE
        };
        let right = |focus, s: &Situation| dispatch(&press(Key::Right, Modifiers::NONE, focus), s);
        assert_eq!(right(Focus::Page, &lesson), Some(Action::LessonStep(1)));
        assert_eq!(
            right(
                Focus::Lesson,
                &Situation {
                    nothing_selected: false,
                    ..lesson
                }
            ),
            Some(Action::LessonStep(1))
        );
        // Something selected: the arrows nudge it.
        assert_eq!(
            right(
                Focus::Page,
                &Situation {
                    nothing_selected: false,
                    ..lesson
                }
            ),
            Some(Action::Editor)
        );
        // No lesson: the arrows pan.
        assert_eq!(right(Focus::Page, &IDLE), Some(Action::Editor));
        assert_eq!(right(Focus::Canvas, &lesson), Some(Action::Editor));
    }

    #[test]
    fn run_keys_need_no_modifier_and_no_gesture() {
        let k = |mods, s: &Situation| dispatch(&press(Key::Char('k'), mods, Focus::Control), s);
        assert_eq!(k(Modifiers::NONE, &IDLE), Some(Action::Break(Break::Kill)));
        assert_eq!(k(Modifiers::CTRL, &IDLE), None);
        assert_eq!(
            k(
                Modifiers::NONE,
                &Situation {
                    idle: false,
                    ..IDLE
                }
            ),
            None
        );
        let n = dispatch(
            &press(Key::Char('n'), Modifiers::NONE, Focus::Canvas),
            &IDLE,
        );
        assert_eq!(n, Some(Action::Break(Break::SendOne)));
        let f = dispatch(
            &press(Key::Char('f'), Modifiers::NONE, Focus::Canvas),
            &IDLE,
        );
        assert_eq!(f, Some(Action::Presenter));
        let t = dispatch(
            &press(Key::Char('t'), Modifiers::NONE, Focus::Canvas),
            &IDLE,
        );
        assert_eq!(t, Some(Action::Editor));
        let pd = dispatch(
            &press(Key::PageDown, Modifiers::NONE, Focus::Control),
            &IDLE,
        );
        assert_eq!(pd, Some(Action::PlayPause));
    }

    #[test]
    fn editor_keys_stay_on_the_canvas_but_undo_and_help_work_anywhere() {
        let on = |key, mods, focus| dispatch(&press(key, mods, focus), &IDLE);
        assert_eq!(on(Key::Delete, Modifiers::NONE, Focus::Control), None);
        assert_eq!(
            on(Key::Delete, Modifiers::NONE, Focus::Canvas),
            Some(Action::Editor)
        );
        assert_eq!(
            on(Key::Char('z'), Modifiers::CTRL, Focus::Control),
            Some(Action::Editor)
        );
        assert_eq!(
            on(Key::Char('?'), Modifiers::SHIFT, Focus::Control),
            Some(Action::Editor)
        );
        assert_eq!(on(Key::Char(' '), Modifiers::NONE, Focus::Control), None);
        // Tab cycles inside the canvas until the last element, then leaves.
        assert_eq!(
            on(Key::Tab, Modifiers::NONE, Focus::Canvas),
            Some(Action::Editor)
        );
        let leaving = Situation {
            tab_leaves: true,
            ..IDLE
        };
        assert_eq!(
            dispatch(&press(Key::Tab, Modifiers::NONE, Focus::Canvas), &leaving),
            None
        );
    }

    #[test]
    fn comma_steps_one_event_from_anywhere_but_a_field() {
        for focus in [Focus::Page, Focus::Canvas, Focus::Control, Focus::Lesson] {
            let p = press(Key::Char(','), Modifiers::NONE, focus);
            assert_eq!(dispatch(&p, &IDLE), Some(Action::Step), "{focus:?}");
        }
        let typed = press(Key::Char(','), Modifiers::NONE, Focus::Field);
        assert_eq!(dispatch(&typed, &IDLE), None);
        let dragging = Situation {
            idle: false,
            ..IDLE
        };
        assert_eq!(
            dispatch(
                &press(Key::Char(','), Modifiers::NONE, Focus::Page),
                &dragging
            ),
            None
        );
    }

    #[test]
    fn escape_closes_an_open_journey_wherever_focus_is_then_goes_to_the_editor() {
        let open = Situation {
            journey_open: true,
            ..IDLE
        };
        for focus in [Focus::Page, Focus::Canvas, Focus::Control, Focus::Lesson] {
            let p = press(Key::Escape, Modifiers::NONE, focus);
            assert_eq!(dispatch(&p, &open), Some(Action::CloseJourney), "{focus:?}");
        }
        // Typing, or under a modal dialog, Escape is theirs.
        for focus in [Focus::Field, Focus::Dialog] {
            assert_eq!(
                dispatch(&press(Key::Escape, Modifiers::NONE, focus), &open),
                None
            );
        }
        // Mid-gesture it cancels the gesture first; with no journey, the editor has it.
        let dragging = Situation {
            idle: false,
            ..open
        };
        assert_eq!(
            dispatch(
                &press(Key::Escape, Modifiers::NONE, Focus::Canvas),
                &dragging
            ),
            Some(Action::Editor)
        );
        assert_eq!(
            dispatch(&press(Key::Escape, Modifiers::NONE, Focus::Canvas), &IDLE),
            Some(Action::Editor)
        );
    }

    #[test]
    fn every_binding_is_reachable_and_listed_once() {
        let mut keys: Vec<&str> = KEYMAP.iter().map(|b| b.keys).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), KEYMAP.len());
        for b in KEYMAP {
            assert!(!b.what.is_empty() && !b.part.heading().is_empty());
        }
    }
}
