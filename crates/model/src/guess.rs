//! A learner's number for a prediction (`Predict::Number`): how the typed text is read,
//! and when it counts as close to what the run measured.

use crate::Unit;

/// A typed number in the metric's display unit (percent for rates, with or without the
/// `%`; a comma or a point before the decimals), as the metric's value: "12%" of a rate
/// is 0.12. Every metric a prediction asks for is a count, a time or a share, so a
/// negative guess (or a share over 100 %) is refused with the reason.
pub fn parse_guess(text: &str, unit: Unit) -> Result<f64, String> {
    let v = crate::figures::read_number(text.trim().trim_end_matches('%'))?;
    match unit {
        _ if v < 0.0 => Err(match unit {
            Unit::Ms => "a time cannot be negative".into(),
            Unit::Percent => "a share cannot be negative".into(),
            Unit::Count => "a count cannot be negative".into(),
        }),
        Unit::Percent if v > 100.0 => Err("a share is at most 100 %".into()),
        Unit::Percent => Ok(v / 100.0),
        _ => Ok(v),
    }
}

/// What "close" means for a guess, in words shown with the result.
pub fn close_means(unit: Unit) -> &'static str {
    match unit {
        Unit::Ms => "within a quarter of what the run measured, or within 1 ms",
        Unit::Count => "within a quarter of what the run measured, or within 1",
        Unit::Percent => "within a quarter of what the run measured, or within 2 percentage points",
    }
}

/// Whether a guess is close to the measured value: within a quarter of it, or within one
/// unit (two percentage points for a rate), so a guess near zero can be close too.
pub fn guess_is_close(guess: f64, measured: f64, unit: Unit) -> bool {
    let unit_step = if unit == Unit::Percent { 0.02 } else { 1.0 };
    (guess - measured).abs() <= (measured.abs() * 0.25).max(unit_step)
}
