//! How a figure reads wherever a learner sees one — the app's readouts and tables, the
//! journey diagram, the review and the CLI: one rule for times, shares and counts, so a
//! wait reads "212 ms" or "1.25 s" in each of them; and how a number a person types is
//! read back.

/// A count with thousands separated: `1,192`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A time given in milliseconds, to three significant figures at most: `0 ms`, `4.2 ms`,
/// `212 ms`, `1.25 s`, `12.5 s`; `—` for a time that is not a number.
pub fn time_ms(ms: f64) -> String {
    if !ms.is_finite() {
        return "—".into();
    }
    let a = ms.abs();
    if a == 0.0 {
        "0 ms".into()
    } else if a >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if a >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if a >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// A share of a whole (`0.005` is half a percent) to one decimal: `0.5%`, `99.9%`.
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return "—".into();
    }
    format!("{:.1}%", share * 100.0)
}

/// A clock speed: `1×`, `2.5×`, `20×`, and below 1× as a fraction, `1/20×`, to one
/// decimal with a whole number written whole ("1/20.0×" read as a typo).
pub fn speed(factor: f64) -> String {
    let one = |x: f64| {
        let t = format!("{x:.1}");
        t.strip_suffix(".0").map_or(t.clone(), str::to_string)
    };
    if !factor.is_finite() || factor <= 0.0 {
        "—".into()
    } else if factor >= 0.995 {
        format!("{}×", one(factor))
    } else {
        format!("1/{}×", one(1.0 / factor))
    }
}

/// `n` of `of` as a percentage (`12.5%`), or `—` when there is nothing to share.
pub fn share(n: u64, of: u64) -> String {
    if of == 0 {
        "—".into()
    } else {
        percent(n as f64 / of as f64)
    }
}

/// A number as a person types it, with a point or a comma before the decimals (`0.5`,
/// `0,5`) and `−` or `-` for minus, or why it is not one. A comma followed by exactly
/// three digits (`1,000`) could be a thousand or one, so it is refused rather than guessed.
pub fn read_number(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a number".into());
    }
    let mut s = t.replace('\u{2212}', "-");
    if let Some((_, decimals)) = s.split_once(',') {
        let plain_decimals = !s.contains('.') && s.matches(',').count() == 1;
        if !plain_decimals {
            return Err(format!("`{t}` is not a number"));
        }
        if decimals.len() == 3 && decimals.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "`{t}` is unclear: write {} for a thousand-style number, or {} for decimals",
                t.replace(',', ""),
                t.replace(',', ".")
            ));
        }
        s = s.replace(',', ".");
    }
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err("enter a finite number".into()),
        Err(_) => Err(format!("`{t}` is not a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_take_a_point_or_a_comma() {
        for (text, v) in [
            ("0.5", 0.5),
            ("0,5", 0.5),
            (" 12,25 ", 12.25),
            ("-5", -5.0),
            ("\u{2212}5", -5.0),
            ("1e3", 1000.0),
            ("7", 7.0),
        ] {
            assert_eq!(read_number(text), Ok(v), "{text:?}");
        }
        for bad in ["", "abc", "1,2,3", "1.2,3", "inf", "NaN", "1e999", "5 ms"] {
            assert!(read_number(bad).is_err(), "{bad:?}");
        }
        let e = read_number("1,000").unwrap_err();
        assert!(
            e.contains("unclear") && e.contains("1000") && e.contains("1.000"),
            "{e}"
        );
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (1192, "1,192"),
        ];
        for (n, text) in cases {
            assert_eq!(count(n), text);
        }
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn times_keep_three_figures_and_change_unit_at_a_second() {
        let cases = [
            (0.0, "0 ms"),
            (0.04, "0.0 ms"),
            (4.25, "4.2 ms"),
            (99.94, "99.9 ms"),
            (100.0, "100 ms"),
            (212.4, "212 ms"),
            (999.4, "999 ms"),
            (1000.0, "1.00 s"),
            (1250.0, "1.25 s"),
            (12_500.0, "12.5 s"),
            (-1250.0, "-1.25 s"),
            (f64::NAN, "—"),
        ];
        for (ms, text) in cases {
            assert_eq!(time_ms(ms), text, "{ms}");
        }
    }

    #[test]
    fn speeds_read_whole_where_they_are() {
        for (f, text) in [
            (1.0, "1×"),
            (20.0, "20×"),
            (2.5, "2.5×"),
            (0.05, "1/20×"),
            (0.4, "1/2.5×"),
            (0.999, "1×"),
            (0.0, "—"),
        ] {
            assert_eq!(speed(f), text, "{f}");
        }
    }

    #[test]
    fn shares_read_to_one_decimal() {
        assert_eq!(percent(0.005), "0.5%");
        assert_eq!(percent(0.999), "99.9%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(share(1, 8), "12.5%");
        assert_eq!(share(3, 0), "—");
        assert_eq!(percent(f64::INFINITY), "—");
    }
}
