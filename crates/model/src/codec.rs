//! JSON encode/decode of the versioned envelope. Decoding checks the envelope first (so
//! an unknown format or version is reported as such, not as a field error), fills
//! defaults for missing optional fields, then validates.

use crate::{validate, Element, Problem, Scenario, FORMAT_NAME, FORMAT_VERSION};

fn doc_problem(field: &str, message: String) -> Problem {
    Problem {
        element: Element::Document,
        name: String::new(),
        field: field.to_string(),
        message,
    }
}

/// Reads a scenario from JSON and validates it; on failure returns every problem found.
pub fn decode(json: &str) -> Result<Scenario, Vec<Problem>> {
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| vec![doc_problem("", format!("not valid JSON: {e}"))])?;
    let format = value.get("format").and_then(|v| v.as_str());
    if format != Some(FORMAT_NAME) {
        let msg = match format {
            Some(f) => format!("`{f}` is not a Wirelab scenario (expected `{FORMAT_NAME}`)"),
            None => format!("missing; a Wirelab scenario has \"format\": \"{FORMAT_NAME}\""),
        };
        return Err(vec![doc_problem("format", msg)]);
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(vec![doc_problem(
                "version",
                format!("version {v} is not supported (this build reads version {FORMAT_VERSION})"),
            )])
        }
        None => {
            return Err(vec![doc_problem(
                "version",
                "missing or not a whole number".into(),
            )])
        }
    }
    let scenario: Scenario = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        vec![doc_problem(
            if path == "." { "" } else { &path },
            e.into_inner().to_string(),
        )]
    })?;
    let problems = validate(&scenario);
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(problems)
    }
}

/// Writes a scenario as pretty JSON (every field, defaults included).
pub fn encode(s: &Scenario) -> String {
    serde_json::to_string_pretty(s).expect("a scenario always serialises")
}
