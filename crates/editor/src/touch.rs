//! Fingers on the canvas, for touch screens. One finger is an ordinary pointer; when a
//! second lands the two pinch (zoom and pan, `Input::Pinch`) and nothing else happens
//! until every finger has lifted, so a pinch never ends as a stray drag or click.

use crate::geometry::Vec2;

/// The fingers down, by pointer id, in the order they landed.
#[derive(Default)]
pub struct Touches {
    down: Vec<(i32, Vec2)>,
    pinched: bool,
}

#[derive(Debug, PartialEq)]
pub enum Touch {
    /// Pass the event on as an ordinary pointer.
    Single,
    PinchStarts,
    Pinch {
        from: [Vec2; 2],
        to: [Vec2; 2],
    },
    /// Part of a pinch (or a third finger): swallow it.
    Ignore,
}

impl Touches {
    pub fn down(&mut self, id: i32, p: Vec2) -> Touch {
        self.down.retain(|(i, _)| *i != id);
        self.down.push((id, p));
        match self.down.len() {
            1 if !self.pinched => Touch::Single,
            2 if !self.pinched => {
                self.pinched = true;
                Touch::PinchStarts
            }
            _ => Touch::Ignore,
        }
    }

    pub fn moved(&mut self, id: i32, p: Vec2) -> Touch {
        let Some(i) = self.down.iter().position(|(d, _)| *d == id) else {
            return Touch::Ignore;
        };
        let from = self.pair();
        self.down[i].1 = p;
        match (self.pinched, from, self.pair()) {
            (false, _, _) => Touch::Single,
            (true, Some(from), Some(to)) if i < 2 => Touch::Pinch { from, to },
            _ => Touch::Ignore,
        }
    }

    pub fn up(&mut self, id: i32) -> Touch {
        self.down.retain(|(i, _)| *i != id);
        let was = if self.pinched {
            Touch::Ignore
        } else {
            Touch::Single
        };
        if self.down.is_empty() {
            self.pinched = false;
        }
        was
    }

    fn pair(&self) -> Option<[Vec2; 2]> {
        match self.down[..] {
            [(_, a), (_, b), ..] => Some([a, b]),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Vec2 = Vec2 { x: 10.0, y: 10.0 };
    const B: Vec2 = Vec2 { x: 50.0, y: 10.0 };

    #[test]
    fn one_finger_is_a_pointer() {
        let mut t = Touches::default();
        assert_eq!(t.down(1, A), Touch::Single);
        assert_eq!(t.moved(1, B), Touch::Single);
        assert_eq!(t.up(1), Touch::Single);
    }

    #[test]
    fn a_second_finger_pinches_until_all_lift() {
        let mut t = Touches::default();
        t.down(1, A);
        assert_eq!(t.down(2, B), Touch::PinchStarts);
        let c = Vec2::new(90.0, 10.0);
        assert_eq!(
            t.moved(2, c),
            Touch::Pinch {
                from: [A, B],
                to: [A, c]
            }
        );
        // A third finger is ignored, and so is everything until the last finger lifts.
        assert_eq!(t.down(3, B), Touch::Ignore);
        assert_eq!(t.moved(3, A), Touch::Ignore);
        assert_eq!(t.up(3), Touch::Ignore);
        assert_eq!(t.up(2), Touch::Ignore);
        assert_eq!(t.moved(1, B), Touch::Ignore);
        assert_eq!(t.up(1), Touch::Ignore);
        // Then a new touch is a pointer again.
        assert_eq!(t.down(4, A), Touch::Single);
    }

    #[test]
    fn unknown_fingers_change_nothing() {
        let mut t = Touches::default();
        assert_eq!(t.moved(9, A), Touch::Ignore);
        t.down(1, A);
        assert_eq!(t.up(9), Touch::Single);
        assert_eq!(t.moved(1, B), Touch::Single);
    }
}
