//! A learner's number for a prediction (`Predict::Number`): how the typed text is read,
//! and when it counts as close to what the run measured.

use crate::Unit;

/// A typed number in the metric's display unit (percent for rates, with or without the
/// `%`), as the metric's value: "12%" of a rate is 0.12. `None` unless a finite number.
pub fn parse_guess(text: &str, unit: Unit) -> Option<f64> {
    let v: f64 = text.trim().trim_end_matches('%').trim().parse().ok()?;
    v.is_finite()
        .then_some(if unit == Unit::Percent { v / 100.0 } else { v })
}

/// Whether a guess is close to the measured value: within a quarter of it, or within one
/// unit (two percentage points for a rate), so a guess near zero can be close too.
pub fn guess_is_close(guess: f64, measured: f64, unit: Unit) -> bool {
    let unit_step = if unit == Unit::Percent { 0.02 } else { 1.0 };
    (guess - measured).abs() <= (measured.abs() * 0.25).max(unit_step)
}
