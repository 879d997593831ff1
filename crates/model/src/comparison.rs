//! A comparison file: two designs that open straight into compare mode, A (the one being
//! edited) and B (beside it). `{"format": "wirelab-comparison", "version": 1, "a": …,
//! "b": …}`, where each side is a whole scenario document with its own format and
//! version (so each is migrated and validated exactly as a scenario file is). The seed
//! and the incident script both sides run are A's.

use serde_json::Value;

use crate::{decode, Element, Problem, Scenario};

pub const COMPARISON_FORMAT: &str = "wirelab-comparison";
pub const COMPARISON_VERSION: u32 = 1;

fn problem(field: &str, message: String) -> Problem {
    Problem {
        element: Element::Document,
        name: String::new(),
        field: field.to_string(),
        message,
    }
}

/// Whether `json` claims to be a comparison file (the decoder then says if it is one).
pub fn is_comparison(json: &str) -> bool {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    serde_json::from_str::<Value>(json)
        .ok()
        .and_then(|v| v.get("format").and_then(Value::as_str).map(str::to_string))
        .is_some_and(|f| f == COMPARISON_FORMAT)
}

/// Reads a comparison file: both designs, validated; on failure every problem of both,
/// each saying which design it is in.
pub fn decode_comparison(json: &str) -> Result<(Scenario, Scenario), Vec<Problem>> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value: Value =
        serde_json::from_str(json).map_err(|e| vec![problem("", crate::codec::not_json(&e))])?;
    if value.get("format").and_then(Value::as_str) != Some(COMPARISON_FORMAT) {
        return Err(vec![problem(
            "format",
            format!("not a Wirelab comparison (expected `{COMPARISON_FORMAT}`)"),
        )]);
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(COMPARISON_VERSION) => {}
        Some(v) if v > u64::from(COMPARISON_VERSION) => {
            return Err(vec![problem(
                "version",
                format!(
                    "comparison version {v} was made by a newer Wirelab (this one reads \
                     version {COMPARISON_VERSION}); open it in a newer Wirelab"
                ),
            )])
        }
        _ => {
            return Err(vec![problem(
                "version",
                format!("missing or not {COMPARISON_VERSION}"),
            )])
        }
    }
    let side = |key: &str| -> Result<Scenario, Vec<Problem>> {
        let doc = value
            .get(key)
            .ok_or_else(|| vec![problem(key, "missing: a comparison has two designs".into())])?;
        decode(&doc.to_string()).map_err(|ps| {
            ps.into_iter()
                .map(|mut p| {
                    p.message = format!("(design {}) {}", key.to_uppercase(), p.message);
                    p
                })
                .collect()
        })
    };
    match (side("a"), side("b")) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(a.err().into_iter().chain(b.err()).flatten().collect()),
    }
}

/// Writes a comparison file (pretty JSON).
pub fn encode_comparison(a: &Scenario, b: &Scenario) -> String {
    let v = serde_json::json!({
        "format": COMPARISON_FORMAT,
        "version": COMPARISON_VERSION,
        "a": a,
        "b": b,
    });
    serde_json::to_string_pretty(&v).expect("scenarios always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> (Scenario, Scenario) {
        let mut a = Scenario::new("A design");
        a.seed = 11;
        (a, Scenario::new("B design"))
    }

    #[test]
    fn a_comparison_round_trips_and_is_recognised() {
        let (a, b) = two();
        let text = encode_comparison(&a, &b);
        assert!(is_comparison(&text));
        assert!(!is_comparison(&crate::encode(&a)));
        assert_eq!(decode_comparison(&text), Ok((a, b)));
    }

    #[test]
    fn broken_comparisons_say_which_design_and_what() {
        let (a, b) = two();
        let mut v: Value = serde_json::from_str(&encode_comparison(&a, &b)).unwrap();
        v["b"]["format"] = Value::from("something-else");
        let e = decode_comparison(&v.to_string()).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].to_string().contains("(design B)"), "{}", e[0]);
        v["version"] = Value::from(7);
        let e = decode_comparison(&v.to_string()).unwrap_err();
        assert!(e[0].message.contains("newer Wirelab"), "{}", e[0]);
        v["version"] = Value::from(1);
        v.as_object_mut().unwrap().remove("a");
        let e = decode_comparison(&v.to_string()).unwrap_err();
        assert!(e
            .iter()
            .any(|p| p.field == "a" && p.message.contains("two designs")));
        assert!(decode_comparison("{").unwrap_err()[0]
            .message
            .contains("not valid JSON"));
    }
}
