//! The incident script: timestamped actions by display name, in a structured form and a
//! human text form (`at 10s kill Analytics; at 40s revive Analytics`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// One scripted action at a time since the start of the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// When, in ms since the start.
    pub at_ms: u64,
    /// What happens.
    pub action: Action,
}

/// A wire named by its endpoints' display names (`Order -> Payment`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireRef {
    /// Display name of the source node.
    pub from: String,
    /// Display name of the target node.
    pub to: String,
}

/// The factor a live "slow" starts with before the learner picks another: slow enough
/// to see, not so slow that everything times out.
pub const DEFAULT_SLOW_FACTOR: u32 = 4;
/// The error rate a live "error rate" starts with: half the requests fail.
pub const DEFAULT_ERROR_RATE: f64 = 0.5;

/// A fault or a change of load; node names are display names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Stop a service or broker: connections are refused at once.
    Kill {
        /// Service or topic name.
        target: String,
    },
    /// Bring a service or broker back to normal (up, not hung, not slow).
    Revive {
        /// Service or topic name.
        target: String,
    },
    /// The service accepts work but never answers.
    Hang {
        /// Service name.
        target: String,
    },
    /// Multiply the service's processing time by `factor` (1 = normal).
    Slow {
        /// Service name.
        target: String,
        /// Factor ≥ 1.
        factor: u32,
    },
    /// Set the service's error rate (0..=1).
    ErrorRate {
        /// Service name.
        target: String,
        /// Probability in [0, 1].
        rate: f64,
    },
    /// Cut a wire: everything sent on it is dropped (a partition).
    Cut {
        /// The wire.
        wire: WireRef,
    },
    /// Repair a cut wire.
    Heal {
        /// The wire.
        wire: WireRef,
    },
    /// Drop this fraction of responses (acks) on a wire after the callee committed.
    LoseResponses {
        /// The wire.
        wire: WireRef,
        /// Probability in [0, 1].
        rate: f64,
    },
    /// Change a users node's arrival rate (per second).
    Load {
        /// Users node name.
        target: String,
        /// New rate per second (a manual node stays manual).
        rate_per_s: f64,
    },
    /// Send `count` people from a users node now.
    Send {
        /// Users node name.
        target: String,
        /// How many people.
        count: u32,
    },
}

/// What an action names: one node, or a wire by its two ends.
#[derive(Debug, PartialEq)]
pub enum Subject<'a> {
    Node(&'a mut String),
    Wire(&'a mut WireRef),
}

impl Action {
    /// The names this action refers to, for edits that must follow a rename or a delete.
    pub fn subject_mut(&mut self) -> Subject<'_> {
        match self {
            Action::Kill { target }
            | Action::Revive { target }
            | Action::Hang { target }
            | Action::Slow { target, .. }
            | Action::ErrorRate { target, .. }
            | Action::Load { target, .. }
            | Action::Send { target, .. } => Subject::Node(target),
            Action::Cut { wire } | Action::Heal { wire } | Action::LoseResponses { wire, .. } => {
                Subject::Wire(wire)
            }
        }
    }
}

/// A problem parsing one line of an incident script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line (or `;`-separated clause) number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "incident {}: {}", self.line, self.message)
    }
}

/// Parses a duration such as `10s`, `1500ms`, `2m` or `1.5s` into ms.
pub fn parse_duration_ms(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1u64)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1_000)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 3_600_000)
    } else {
        return Err(format!("`{s}` needs a unit (ms, s, m or h)"));
    };
    // Parse as a decimal with integer arithmetic so `1.5s` is exactly 1500 ms.
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let digits_ok = |d: &str| d.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !digits_ok(int) || !digits_ok(frac) || frac.len() > 3 {
        return Err(format!("`{s}` is not a duration"));
    }
    let int: u64 = int.parse().map_err(|_| format!("`{s}` is too large"))?;
    let mut frac_val: u64 = 0;
    let mut div = 1u64;
    for c in frac.chars() {
        frac_val = frac_val * 10 + u64::from(c as u8 - b'0');
        div *= 10;
    }
    let ms = int
        .checked_mul(scale)
        .and_then(|v| v.checked_add(frac_val * scale / div))
        .ok_or_else(|| format!("`{s}` is too large"))?;
    if !(frac_val * scale).is_multiple_of(div) {
        return Err(format!("`{s}` is finer than a millisecond"));
    }
    Ok(ms)
}

/// Formats ms as the shortest exact text `parse_duration_ms` reads back.
pub fn format_duration_ms(ms: u64) -> String {
    if ms != 0 && ms.is_multiple_of(60_000) {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1_000) {
        format!("{}s", ms / 1_000)
    } else {
        format!("{ms}ms")
    }
}

fn parse_fraction(tok: &str) -> Result<f64, String> {
    let v = if let Some(p) = tok.strip_suffix('%') {
        p.parse::<f64>()
            .map_err(|_| format!("`{tok}` is not a percentage"))?
            / 100.0
    } else {
        tok.parse::<f64>()
            .map_err(|_| format!("`{tok}` is not a rate"))?
    };
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("`{tok}` must be between 0% and 100%"));
    }
    Ok(v)
}

/// Prints a probability as a percentage rounded to 4 decimals, so `30%` prints back as
/// `30%` rather than `30.000000000000004%`.
fn format_fraction(v: f64) -> String {
    format!("{}%", (v * 1e6).round() / 1e4)
}

fn parse_wire(rest: &str) -> Result<WireRef, String> {
    let (a, b) = rest
        .split_once("->")
        .ok_or_else(|| format!("`{rest}` is not a wire; write `From -> To`"))?;
    let (from, to) = (a.trim(), b.trim());
    if from.is_empty() || to.is_empty() {
        return Err(format!("`{rest}` is not a wire; write `From -> To`"));
    }
    Ok(WireRef {
        from: from.to_string(),
        to: to.to_string(),
    })
}

/// Splits `rest` into the name before the last token and that last token. Any Unicode
/// space separates (macOS types U+00A0 for Option+Space), so the split must step over the
/// separator's full UTF-8 width.
fn split_last(rest: &str) -> Option<(&str, &str)> {
    let rest = rest.trim();
    let (i, sep) = rest.char_indices().rfind(|(_, c)| c.is_whitespace())?;
    Some((rest[..i].trim(), &rest[i + sep.len_utf8()..]))
}

fn need_name(name: &str, verb: &str) -> Result<String, String> {
    if name.is_empty() {
        Err(format!("`{verb}` needs a name"))
    } else {
        Ok(name.to_string())
    }
}

impl Incident {
    /// Parses one clause: `at 10s kill Analytics` (the leading `at` is optional).
    pub fn parse(text: &str) -> Result<Incident, String> {
        let text = text.trim();
        let text = match text.strip_prefix("at") {
            Some(after) if after.starts_with(char::is_whitespace) => after.trim_start(),
            _ => text,
        };
        let (when, rest) = text
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("`{text}` needs a time and an action"))?;
        let at_ms = parse_duration_ms(when)?;
        let rest = rest.trim();
        let (verb, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let args = args.trim();
        let action = match verb {
            "kill" => Action::Kill { target: need_name(args, verb)? },
            "revive" => Action::Revive { target: need_name(args, verb)? },
            "hang" => Action::Hang { target: need_name(args, verb)? },
            "slow" => {
                let (name, f) = split_last(args).ok_or("write `slow Name x4`")?;
                let factor = f
                    .strip_prefix(['x', '×'])
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| format!("`{f}` is not a factor like x4"))?;
                Action::Slow { target: need_name(name, verb)?, factor }
            }
            "error" => {
                let (name, r) = split_last(args).ok_or("write `error Name 30%`")?;
                Action::ErrorRate { target: need_name(name, verb)?, rate: parse_fraction(r)? }
            }
            "cut" => Action::Cut { wire: parse_wire(args)? },
            "heal" => Action::Heal { wire: parse_wire(args)? },
            "lose-responses" => {
                let (w, r) = split_last(args).ok_or("write `lose-responses A -> B 50%`")?;
                Action::LoseResponses { wire: parse_wire(w)?, rate: parse_fraction(r)? }
            }
            "load" => {
                let (name, r) = split_last(args).ok_or("write `load Users 200/s`")?;
                let rate = r
                    .strip_suffix("/s")
                    .unwrap_or(r)
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| format!("`{r}` is not a rate like 200/s"))?;
                Action::Load { target: need_name(name, verb)?, rate_per_s: rate }
            }
            "send" => {
                let (name, count) = match split_last(args) {
                    Some((name, n)) if n.parse::<u32>().is_ok() => (name, n.parse().unwrap()),
                    _ => (args, 1),
                };
                Action::Send { target: need_name(name, verb)?, count }
            }
            "" => return Err("missing action".into()),
            other => return Err(format!(
                "unknown action `{other}` (kill, revive, hang, slow, error, cut, heal, lose-responses, load, send)"
            )),
        };
        Ok(Incident { at_ms, action })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = |w: &WireRef| format!("{} -> {}", w.from, w.to);
        match self {
            Action::Kill { target } => write!(f, "kill {target}"),
            Action::Revive { target } => write!(f, "revive {target}"),
            Action::Hang { target } => write!(f, "hang {target}"),
            Action::Slow { target, factor } => write!(f, "slow {target} x{factor}"),
            Action::ErrorRate { target, rate } => {
                write!(f, "error {target} {}", format_fraction(*rate))
            }
            Action::Cut { wire } => write!(f, "cut {}", w(wire)),
            Action::Heal { wire } => write!(f, "heal {}", w(wire)),
            Action::LoseResponses { wire, rate } => {
                write!(f, "lose-responses {} {}", w(wire), format_fraction(*rate))
            }
            Action::Load { target, rate_per_s } => write!(f, "load {target} {rate_per_s}/s"),
            Action::Send { target, count } => write!(f, "send {target} {count}"),
        }
    }
}

impl fmt::Display for Incident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {} {}", format_duration_ms(self.at_ms), self.action)
    }
}

/// Parses a script: clauses separated by newlines or `;`; blank clauses and `#` comments
/// are skipped. Reports every bad clause.
pub fn parse_script(text: &str) -> Result<Vec<Incident>, Vec<ParseError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let clauses = text
        .split(['\n', ';'])
        .map(|c| c.split('#').next().unwrap_or("").trim());
    for (i, clause) in clauses.enumerate().filter(|(_, c)| !c.is_empty()) {
        match Incident::parse(clause) {
            Ok(inc) => out.push(inc),
            Err(message) => errors.push(ParseError {
                line: i + 1,
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Prints a script, one clause per line, in the form `parse_script` reads.
pub fn format_script(incidents: &[Incident]) -> String {
    incidents.iter().map(|i| format!("{i}\n")).collect()
}
