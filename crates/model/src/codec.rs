//! JSON encode/decode of the versioned envelope. Decoding checks the envelope first (so
//! an unknown format or version is reported as such, not as a field error), fills
//! defaults for missing optional fields, then validates.

use crate::{
    validate, Element, Incident, Node, Problem, Scenario, Wire, FORMAT_NAME, FORMAT_VERSION,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

fn doc_problem(field: &str, message: String) -> Problem {
    Problem {
        element: Element::Document,
        name: String::new(),
        field: field.to_string(),
        message,
    }
}

/// Why a text is not JSON, in words a person who edited the file by hand can act on,
/// with where: "not valid JSON at line 3, column 12: a word that is not true, false or
/// null (text goes in double quotes)" rather than serde's "expected ident".
pub(crate) fn not_json(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let raw = e.to_string();
    let what = raw.split(" at line ").next().unwrap_or(&raw);
    let words = match e.classify() {
        Category::Eof => "the text ends before the JSON does (was it cut short?)",
        _ => match what {
            "expected ident" => {
                "a word that is not true, false or null (text goes in double quotes)"
            }
            "expected value" => "a value is missing or is not JSON (text goes in double quotes)",
            "trailing comma" => "a comma before a closing bracket",
            "key must be a string" => "a key not in double quotes",
            "expected `:`" => "a key without a colon after it",
            "expected `,` or `}`" | "expected `,` or `]`" => {
                "a comma is missing between two entries"
            }
            "trailing characters" => "more text after the end of the JSON",
            "control character (\\u0000-\\u001F) found while parsing a string" => {
                "a line break or tab inside quoted text (write it as \\n or \\t)"
            }
            other => other,
        },
    };
    // serde_json puts an error found at a line break at column 0 of the next line.
    let at = match (e.line(), e.column()) {
        (l, 0) if l > 1 => format!("at the end of line {}", l - 1),
        (l, c) => format!("at line {l}, column {c}"),
    };
    format!("not valid JSON {at}: {words}")
}

/// Reads a scenario from JSON and validates it; on failure returns every problem found.
/// A leading byte-order mark (Windows editors write one) is skipped.
pub fn decode(json: &str) -> Result<Scenario, Vec<Problem>> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let mut value: Value =
        serde_json::from_str(json).map_err(|e| vec![doc_problem("", not_json(&e))])?;
    let format = value.get("format").and_then(|v| v.as_str());
    if format != Some(FORMAT_NAME) {
        let msg = match format {
            Some(f) => format!(
                "`{}` is not a Wirelab scenario (expected `{FORMAT_NAME}`)",
                crate::validate::shown(f)
            ),
            None => format!("missing; a Wirelab scenario has \"format\": \"{FORMAT_NAME}\""),
        };
        return Err(vec![doc_problem("format", msg)]);
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) if (1..u64::from(FORMAT_VERSION)).contains(&v) => migrate(&mut value, v),
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(vec![doc_problem(
                "version",
                format!(
                    "version {v} is not supported: it was made by a newer Wirelab (this one \
                     reads versions 1 to {FORMAT_VERSION}); open it in a newer Wirelab"
                ),
            )])
        }
        Some(v) => {
            let known = format!("this build reads versions 1 to {FORMAT_VERSION}");
            return Err(vec![doc_problem(
                "version",
                format!("version {v} is not supported ({known})"),
            )]);
        }
        None => {
            return Err(vec![doc_problem(
                "version",
                "missing or not a whole number".into(),
            )])
        }
    }
    let scenario = match Scenario::deserialize(&value) {
        Ok(s) => s,
        Err(_) => return Err(type_errors(value)),
    };
    let problems = validate(&scenario);
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(problems)
    }
}

/// Brings an older document up to [`FORMAT_VERSION`], one version at a time (Excalidraw's
/// restore): each step rewrites what its version changed, so a file, an autosave or a
/// share link from any earlier Wirelab opens.
fn migrate(doc: &mut Value, from: u64) {
    // 1 → 2 added optional fields (users' `keys`, topics' `partitions` and `queue`,
    // subscriptions' `in_order` and `poison_rate`) whose defaults keep a version 1 design
    // running exactly as it did, so that step only renumbers. A later version's step
    // rewrites here what it changed, before renumbering.
    for version in from..u64::from(FORMAT_VERSION) {
        doc["version"] = Value::from(version + 1);
    }
}

/// Every JSON type error in a document that does not deserialise, each with the path of
/// the field at fault. Each node, wire and incident is read on its own, so one bad
/// element does not hide the next; inside one, a bad field is taken out and the element
/// read again, so its other bad fields are found too.
fn type_errors(mut doc: Value) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut lists = Vec::new();
    if let Some(obj) = doc.as_object_mut() {
        for key in ["nodes", "wires", "incidents"] {
            match obj.get(key) {
                Some(Value::Array(_)) => {
                    if let Some(Value::Array(items)) = obj.insert(key.into(), Value::Array(vec![]))
                    {
                        lists.push((key, items));
                    }
                }
                Some(Value::Null) | None => {}
                Some(_) => {
                    obj.remove(key);
                    out.push(doc_problem(key, "must be a list (`[...]`)".into()));
                }
            }
        }
    }
    element_errors::<Scenario>(doc, "", &mut out);
    for (key, items) in lists {
        for (i, item) in items.into_iter().enumerate() {
            let prefix = format!("{key}[{i}]");
            match key {
                "nodes" => element_errors::<Node>(item, &prefix, &mut out),
                "wires" => element_errors::<Wire>(item, &prefix, &mut out),
                _ => element_errors::<Incident>(item, &prefix, &mut out),
            }
            if out.len() > crate::validate::MAX_LISTED {
                out.push(doc_problem(
                    "",
                    "and more type errors (fix these first)".into(),
                ));
                return out;
            }
        }
    }
    if out.is_empty() {
        out.push(doc_problem("", "does not match the scenario format".into()));
    }
    out
}

/// The type errors of one element (`T`), appended to `out` with `prefix` on their paths.
fn element_errors<T: DeserializeOwned>(mut v: Value, prefix: &str, out: &mut Vec<Problem>) {
    shorten(&mut v);
    let mut taken: Vec<String> = Vec::new();
    // Each pass removes one bad field, so this ends; the bound keeps a crafted file cheap.
    for _ in 0..16 {
        let Err(e) = T::deserialize(&v) else {
            return;
        };
        let message = e.to_string();
        if let Some(field) = missing_field(&message) {
            let at = lacking::<T>(&v, field, &message).unwrap_or_default();
            let path = join(&at, field);
            if !taken.contains(&path) {
                out.push(doc_problem(&full_path(prefix, &path), "is missing".into()));
            }
            return;
        }
        let path = error_path::<T>(&v, &message);
        out.push(doc_problem(
            &full_path(prefix, &path.join(".")),
            plain(&message),
        ));
        if path.is_empty() || !remove(&mut v, &path) {
            return;
        }
        taken.push(path.join("."));
    }
}

/// Where in `v` the error `message` (of deserialising `T`) is: serde's errors carry no
/// path, so each key (or list item) is taken out in turn to see which one the error was
/// about, level by level. Deserialising stops at the first bad field, so taking out any
/// other leaves the error as it was.
pub(crate) fn error_path<T: DeserializeOwned>(v: &Value, message: &str) -> Vec<String> {
    // Each trial reads the whole value again: a bound keeps a huge file from stalling.
    let mut trials = 200;
    let mut path = Vec::new();
    while let Some(key) = culprit::<T>(v, &path, message, &mut trials) {
        path.push(key);
    }
    path
}

/// The object in `v` (breadth first) that lacks `field`: the one where putting it in
/// changes the error.
fn lacking<T: DeserializeOwned>(v: &Value, field: &str, message: &str) -> Option<Vec<String>> {
    let mut queue = vec![Vec::new()];
    let mut i = 0;
    while i < queue.len().min(64) {
        let path: Vec<String> = queue[i].clone();
        i += 1;
        let Some(Value::Object(m)) = get(v, &path) else {
            continue;
        };
        if !m.contains_key(field) {
            let mut trial = v.clone();
            if let Some(Value::Object(t)) = get_mut(&mut trial, &path) {
                t.insert(field.into(), Value::Null);
            }
            if T::deserialize(&trial)
                .map_err(|e| e.to_string())
                .err()
                .as_deref()
                != Some(message)
            {
                return Some(path);
            }
        }
        queue.extend(m.iter().filter(|(_, x)| x.is_object()).map(|(k, _)| {
            let mut p = path.clone();
            p.push(k.clone());
            p
        }));
    }
    None
}

/// Which key of the object (or index of the list) at `path` the error `message` is
/// about, if taking one out changes the error.
fn culprit<T: DeserializeOwned>(
    v: &Value,
    path: &[String],
    message: &str,
    trials: &mut u32,
) -> Option<String> {
    let keys: Vec<String> = match get(v, path)? {
        Value::Object(m) => m.keys().cloned().collect(),
        Value::Array(a) => return bad_item::<T>(v, path, a.len(), message, trials),
        _ => return None,
    };
    let mut required = None;
    for key in keys {
        if *trials == 0 {
            break;
        }
        *trials -= 1;
        let mut trial = v.clone();
        let mut at = path.to_vec();
        at.push(key.clone());
        remove(&mut trial, &at);
        match T::deserialize(&trial) {
            Ok(_) => return Some(key),
            Err(e) => {
                let e = e.to_string();
                if missing_field(&e) == Some(key.as_str()) {
                    // A required field: the culprit unless it is the variant's tag, which
                    // is only at fault when the message names a variant.
                    let tag = matches!(key.as_str(), "type" | "mode");
                    if !tag || message.contains("variant") {
                        required.get_or_insert(key);
                    }
                } else if e != message {
                    return Some(key);
                }
            }
        }
    }
    required
}

/// The item of the list at `path` the error is about, by halves: taking out items before
/// the bad one leaves the error as it was, taking out the bad one changes it.
fn bad_item<T: DeserializeOwned>(
    v: &Value,
    path: &[String],
    len: usize,
    message: &str,
    trials: &mut u32,
) -> Option<String> {
    let changes = |from: usize, to: usize, trials: &mut u32| {
        *trials = trials.saturating_sub(1);
        let mut trial = v.clone();
        if let Some(Value::Array(a)) = get_mut(&mut trial, path) {
            a.drain(from..to);
        }
        T::deserialize(&trial)
            .map_err(|e| e.to_string())
            .err()
            .as_deref()
            != Some(message)
    };
    let (mut lo, mut hi) = (0, len);
    while hi - lo > 1 && *trials > 0 {
        let mid = lo + (hi - lo) / 2;
        if changes(lo, mid, trials) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    (hi - lo == 1 && *trials > 0 && changes(lo, hi, trials)).then(|| lo.to_string())
}

fn get<'v>(v: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| match v {
        Value::Object(m) => m.get(k),
        Value::Array(a) => a.get(k.parse::<usize>().ok()?),
        _ => None,
    })
}

fn get_mut<'v>(v: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, k| match v {
        Value::Object(m) => m.get_mut(k),
        Value::Array(a) => a.get_mut(k.parse::<usize>().ok()?),
        _ => None,
    })
}

/// Characters of a string the search for a bad field keeps.
const KEPT_CHARS: usize = 1_000;

/// Cuts every long string to [`KEPT_CHARS`] characters. Each trial of the search reads
/// the element again, and a string's length never decides a type error (the validator
/// checks lengths later): a 15 MB name made a 21 KB link take seconds to refuse.
fn shorten(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some((at, _)) = s.char_indices().nth(KEPT_CHARS) {
                s.truncate(at);
                s.push('…');
            }
        }
        Value::Array(a) => a.iter_mut().for_each(shorten),
        Value::Object(m) => m.values_mut().for_each(shorten),
        _ => {}
    }
}

fn remove(v: &mut Value, path: &[String]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    match get_mut(v, parent) {
        Some(Value::Object(m)) => m.remove(last).is_some(),
        Some(Value::Array(a)) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => {
                a.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

fn join(path: &[String], field: &str) -> String {
    path.iter()
        .map(String::as_str)
        .chain([field])
        .collect::<Vec<_>>()
        .join(".")
}

fn full_path(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (_, true) => prefix.to_string(),
        (true, false) => path.to_string(),
        (false, false) => format!("{prefix}.{path}"),
    }
}

/// Serde's message with Rust's type names in words (`expected u32` → a whole number),
/// and cut short: it quotes the bad value, which may be megabytes long.
fn plain(message: &str) -> String {
    let mut m: String = message.chars().take(300).collect();
    if m.len() < message.len() {
        m.push('…');
    }
    for (rust, words) in [
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
    ] {
        m = m.replace(rust, words);
    }
    m
}

/// Writes a scenario as pretty JSON (every field, defaults included).
pub fn encode(s: &Scenario) -> String {
    serde_json::to_string_pretty(s).expect("a scenario always serialises")
}
