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

/// What a learner guessing a wait needs to know: the work time of each service a
/// customer's request waits on (reached from a users node by calls), in the order the
/// calls are made, with its work time. Shown with the question, so the guess does not
/// hang on reading small numbers off a zoomed-out canvas.
pub fn waited_on(doc: &crate::Scenario) -> Vec<(String, crate::Latency)> {
    use crate::{NodeKind, WireKind};
    let mut order: Vec<crate::NodeId> = doc
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Users(_)))
        .map(|n| n.id)
        .collect();
    let mut i = 0;
    while i < order.len() {
        let mut calls: Vec<&crate::Wire> = doc
            .wires
            .iter()
            .filter(|w| w.from == order[i] && matches!(w.kind, WireKind::Call(_)))
            .collect();
        calls.sort_by_key(|w| (w.order, w.id));
        for w in calls {
            if !order.contains(&w.to) {
                order.push(w.to);
            }
        }
        i += 1;
    }
    order
        .into_iter()
        .filter_map(|id| match &doc.node(id)?.kind {
            NodeKind::Service(s) => Some((doc.node(id)?.name.clone(), s.latency)),
            _ => None,
        })
        .collect()
}

/// A work time in words: "40–60 ms", "5 ms", "40 ms + a tail averaging 20 ms".
pub fn work_time_words(l: &crate::Latency) -> String {
    // Work times are typed in whole or tenths of milliseconds: "40", "2.5".
    let ms = |v: f64| {
        let t = format!("{v:.1}");
        t.strip_suffix(".0").map_or(t.clone(), str::to_string)
    };
    match l.shape {
        crate::Shape::Fixed => format!("{} ms", ms(l.base_ms)),
        _ if l.jitter_ms <= 0.0 => format!("{} ms", ms(l.base_ms)),
        crate::Shape::Uniform => format!("{}–{} ms", ms(l.base_ms), ms(l.base_ms + l.jitter_ms)),
        crate::Shape::Exponential => format!(
            "{} ms + a tail averaging {} ms",
            ms(l.base_ms),
            ms(l.jitter_ms)
        ),
    }
}
