//! Reading a learner's predicted number and grading it against the measured one.

use wirelab_model::{guess_is_close, parse_guess, Unit};

#[test]
fn a_guess_is_read_in_the_metrics_display_unit() {
    assert_eq!(parse_guess(" 12 % ", Unit::Percent), Ok(0.12));
    assert_eq!(parse_guess("12", Unit::Percent), Ok(0.12));
    assert_eq!(parse_guess("250", Unit::Ms), Ok(250.0));
    assert_eq!(parse_guess("3.5", Unit::Count), Ok(3.5));
    // A comma before the decimals, as many learners type it.
    assert_eq!(parse_guess("0,2", Unit::Ms), Ok(0.2));
    assert_eq!(parse_guess("12,5 %", Unit::Percent), Ok(0.125));
    for bad in ["", "abc", "inf", "NaN", "1e999"] {
        assert!(parse_guess(bad, Unit::Count).is_err(), "{bad:?}");
    }
    // What no run can measure is refused with the reason.
    assert_eq!(
        parse_guess("-5", Unit::Ms),
        Err("a time cannot be negative".into())
    );
    assert!(parse_guess("-1", Unit::Count).is_err());
    assert!(parse_guess("120", Unit::Percent)
        .unwrap_err()
        .contains("100"));
}

#[test]
fn close_is_within_a_quarter_or_one_unit() {
    assert!(guess_is_close(125.0, 100.0, Unit::Ms));
    assert!(guess_is_close(75.0, 100.0, Unit::Ms));
    assert!(!guess_is_close(126.0, 100.0, Unit::Ms));
    // Near zero, one unit.
    assert!(guess_is_close(1.0, 0.0, Unit::Count));
    assert!(!guess_is_close(1.5, 0.0, Unit::Count));
    // A rate's unit is two percentage points.
    assert!(guess_is_close(0.02, 0.0, Unit::Percent));
    assert!(!guess_is_close(0.03, 0.0, Unit::Percent));
    assert!(guess_is_close(0.5, 0.4, Unit::Percent));
}

#[test]
fn the_words_for_close_say_the_rule() {
    // Each unit's words name the quarter and the step `guess_is_close` allows.
    for (unit, step, words) in [
        (Unit::Ms, 1.0, "1 ms"),
        (Unit::Count, 1.0, "within 1"),
        (Unit::Percent, 0.02, "2 percentage points"),
    ] {
        let said = wirelab_model::close_means(unit);
        assert!(said.contains("quarter") && said.contains(words), "{said}");
        assert!(guess_is_close(step, 0.0, unit) && !guess_is_close(step * 1.5, 0.0, unit));
    }
}
