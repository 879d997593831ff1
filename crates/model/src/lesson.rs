//! Lessons and interview walkthroughs as data: steps that load a design, schedule an
//! incident, set the speed, highlight nodes, ask for a prediction and state the claims the
//! engine must confirm; walkthroughs with a prompt, a starting design and checks.
//!
//! Design files are paths under `public/` (served at the site root), e.g.
//! `scenarios/checkout-sync.json` or `lessons/scenarios/registration-sync.json`.

use crate::check::{as_text, Criterion, Measure};
use crate::incident::{format_script, parse_script, Incident};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The format name of a lesson or walkthrough file.
pub const LESSON_FORMAT: &str = "wirelab-lesson";
/// The format name of the lesson index (`public/lessons/index.json`).
pub const INDEX_FORMAT: &str = "wirelab-lessons";
/// The newest lesson format version this crate reads and writes.
pub const LESSON_VERSION: u32 = 1;

/// A guided lesson or an interview walkthrough.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonKind {
    /// Steps with captions, predictions and claims.
    Lesson,
    /// A design task checked against acceptance criteria.
    Walkthrough,
}

/// One lesson or walkthrough file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// Always [`LESSON_FORMAT`].
    pub format: String,
    /// [`LESSON_VERSION`].
    pub version: u32,
    /// Stable id (`a-z`, `0-9`, `-`), also the file's stem.
    pub id: String,
    /// Title in the browser.
    pub title: String,
    /// One or two sentences in the browser.
    pub summary: String,
    /// Lesson or walkthrough.
    pub kind: LessonKind,
    /// Free tags for filtering (`events`, `retries`, …).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The steps (a walkthrough may have none).
    #[serde(default)]
    pub steps: Vec<Step>,
    /// The task, for a walkthrough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walkthrough: Option<Walkthrough>,
    /// Claims that compare two steps' runs ("the broker is slower than the direct call").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub across: Vec<Across>,
}

/// A claim across two steps of a lesson: its check's left side measured on the run of
/// step `at`, its right side, a metric (`wait_p50 > 1.1 * wait_p50`), on the run of step
/// `against` (steps count from 1, as the lesson shows them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Across {
    /// The check, as text; its right side must be a metric.
    #[serde(with = "crate::check::as_text")]
    pub check: crate::Check,
    /// The step whose run the left side is measured on.
    pub at: usize,
    /// The step whose run the right side is measured on.
    pub against: usize,
    /// Shown when it fails.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hint: String,
}

impl Across {
    /// The claim as one step's criterion: what each of the two runs records for it.
    pub fn criterion(&self) -> crate::Criterion {
        crate::Criterion {
            check: self.check.clone(),
            hint: self.hint.clone(),
        }
    }
}

/// One step of a lesson. `load` and `incidents` carry forward to later steps (a new
/// `load` resets the incidents to the loaded file's own script); see [`Lesson::designs`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// What a teacher reads aloud: short, plain text (no markdown).
    pub caption: String,
    /// A design to load, as a path under `public/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<String>,
    /// A design to run beside this step's, in compare mode (a path under `public/`):
    /// the same customers, the same incident script. This step only; the step's own
    /// claims are still about its design.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<String>,
    /// Replaces the design's incident script (text form, `at 10s kill Email; ...`);
    /// an empty string means no incidents.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_script")]
    pub incidents: Option<Vec<Incident>>,
    /// Simulated seconds per real second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
    /// Node names to highlight.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlight: Vec<String>,
    /// Run to this simulated second, then pause (claims are measured there; without it,
    /// at the design's `duration_ms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_until_s: Option<u64>,
    /// Ask the learner before the run answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predict: Option<Predict>,
    /// What must hold when this step's design runs: the lesson's claim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Criterion>,
}

/// A prediction the run answers with a measured number, never a scripted answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Predict {
    /// Pick one; the choices whose check holds on the run are the answer.
    Choice {
        /// The question.
        question: String,
        /// Two or more choices.
        choices: Vec<Choice>,
    },
    /// Guess a number; the run's value of `measure` is the answer.
    Number {
        /// The question.
        question: String,
        /// What is measured (text form, e.g. `wait_p95`).
        #[serde(with = "as_text")]
        measure: Measure,
        /// Shown beside the measured answer: why the number is what it is, in the
        /// lesson's words ("six calls one after another: 5 + 40 + …").
        #[serde(default, skip_serializing_if = "String::is_empty")]
        why: String,
    },
}

/// One choice of a prediction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// The choice as shown.
    pub label: String,
    /// When it is right: a check on the run (text form).
    #[serde(with = "as_text")]
    pub when: crate::check::Check,
}

/// An interview task: make the starting design pass the checks under the incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Walkthrough {
    /// The task as given to the candidate.
    pub prompt: String,
    /// The starting design, a path under `public/`.
    pub start: String,
    /// The incident script the checks are run against (text form).
    #[serde(with = "script")]
    pub incidents: Vec<Incident>,
    /// Simulated run length, seconds.
    pub duration_s: u64,
    /// Acceptance criteria.
    pub checks: Vec<Criterion>,
    /// A design that passes (for tests and teachers; not shown by default).
    pub reference: String,
}

/// The design a step runs: the effective `load`, incidents and run length.
#[derive(Clone, Debug, PartialEq)]
pub struct StepDesign {
    /// The design file, if any step so far loaded one.
    pub load: Option<String>,
    /// The incident override in force (`None`: the design's own script).
    pub incidents: Option<Vec<Incident>>,
    /// The step's own `run_until_s`.
    pub run_until_s: Option<u64>,
}

impl Lesson {
    /// Each step's effective design, applying the carry-forward rule.
    pub fn designs(&self) -> Vec<StepDesign> {
        let mut load: Option<String> = None;
        let mut incidents: Option<Vec<Incident>> = None;
        self.steps
            .iter()
            .map(|s| {
                if s.load.is_some() {
                    load = s.load.clone();
                    incidents = None;
                }
                if s.incidents.is_some() {
                    incidents = s.incidents.clone();
                }
                StepDesign {
                    load: load.clone(),
                    incidents: incidents.clone(),
                    run_until_s: s.run_until_s,
                }
            })
            .collect()
    }
}

/// One entry of the lesson index, in the order the browser lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The lesson's id.
    pub id: String,
    /// Its file, a path under `public/` (`lessons/02-sync-core.json`).
    pub file: String,
    /// Its title (the same as in the file).
    pub title: String,
    /// Its summary (the same as in the file).
    pub summary: String,
    /// Lesson or walkthrough.
    pub kind: LessonKind,
}

/// `public/lessons/index.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonIndex {
    /// Always [`INDEX_FORMAT`].
    pub format: String,
    /// [`LESSON_VERSION`].
    pub version: u32,
    /// The lessons and walkthroughs in order.
    pub lessons: Vec<IndexEntry>,
}

/// A problem in a lesson or index file: the field path (`steps[2].claims[0].check`) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonProblem {
    /// The field at fault, as a path, or empty for the document.
    pub field: String,
    /// Why it is wrong.
    pub message: String,
}

impl fmt::Display for LessonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "lesson: {}", self.message)
        } else {
            write!(f, "lesson field `{}`: {}", self.field, self.message)
        }
    }
}

fn problem(field: &str, message: impl Into<String>) -> LessonProblem {
    LessonProblem {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Checks the envelope, then reads the typed document (a field error names its path).
fn read<T: serde::de::DeserializeOwned>(json: &str, format: &str) -> Result<T, Vec<LessonProblem>> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| vec![problem("", crate::codec::not_json(&e))])?;
    match value.get("format").and_then(|v| v.as_str()) {
        Some(f) if f == format => {}
        Some(f) => return Err(vec![problem("format", format!("`{f}` is not `{format}`"))]),
        None => {
            return Err(vec![problem(
                "format",
                format!("missing; expected \"{format}\""),
            )])
        }
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(LESSON_VERSION) => {}
        Some(v) => {
            return Err(vec![problem(
                "version",
                format!("version {v} is not supported (this build reads {LESSON_VERSION})"),
            )])
        }
        None => return Err(vec![problem("version", "missing or not a whole number")]),
    }
    T::deserialize(&value).map_err(|e| {
        let message = e.to_string();
        // `steps[1].claims[0].check`: list items as `[i]`.
        let mut field = String::new();
        for key in crate::codec::error_path::<T>(&value, &message) {
            match key.parse::<usize>() {
                Ok(i) => field += &format!("[{i}]"),
                Err(_) if field.is_empty() => field = key,
                Err(_) => field += &format!(".{key}"),
            }
        }
        vec![problem(&field, message)]
    })
}

/// A design path: relative, under `scenarios/` or `lessons/`, a `.json` file.
fn check_path(out: &mut Vec<LessonProblem>, field: &str, p: &str) {
    let ok = (p.starts_with("scenarios/") || p.starts_with("lessons/"))
        && p.ends_with(".json")
        && !p
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if !ok {
        out.push(problem(
            field,
            format!("`{p}` must be a .json path under `scenarios/` or `lessons/`"),
        ));
    }
}

fn check_text(out: &mut Vec<LessonProblem>, field: &str, t: &str, max: usize) {
    if t.trim().is_empty() {
        out.push(problem(field, "must not be empty"));
    } else if t.chars().count() > max {
        out.push(problem(field, format!("is longer than {max} characters")));
    }
}

fn check_id(out: &mut Vec<LessonProblem>, field: &str, id: &str) {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        out.push(problem(field, format!("`{id}` must be a-z, 0-9 and `-`")));
    }
}

/// Every problem in a lesson (empty when it is valid).
pub fn validate_lesson(l: &Lesson) -> Vec<LessonProblem> {
    let mut out = Vec::new();
    check_id(&mut out, "id", &l.id);
    check_text(&mut out, "title", &l.title, 80);
    check_text(&mut out, "summary", &l.summary, 400);
    match (l.kind, &l.walkthrough) {
        (LessonKind::Lesson, Some(_)) => {
            out.push(problem("walkthrough", "a lesson has no walkthrough task"))
        }
        (LessonKind::Lesson, None) if l.steps.is_empty() => {
            out.push(problem("steps", "a lesson needs at least one step"))
        }
        (LessonKind::Walkthrough, None) => {
            out.push(problem("walkthrough", "a walkthrough needs its task"))
        }
        _ => {}
    }
    let designs = l.designs();
    for (n, a) in l.across.iter().enumerate() {
        let f = format!("across[{n}]");
        for step in [a.at, a.against] {
            if step == 0 || step > l.steps.len() || designs[step - 1].load.is_none() {
                out.push(problem(
                    &f,
                    format!("step {step} is not a step of this lesson with a design to run"),
                ));
            }
        }
        if a.check.of.is_none() {
            out.push(problem(
                &f,
                "compares two steps, so its right side is a metric (`wait_p50 > 1.1 * wait_p50`)",
            ));
        }
    }
    for (i, s) in l.steps.iter().enumerate() {
        let f = |name: &str| format!("steps[{i}].{name}");
        check_text(&mut out, &f("caption"), &s.caption, 300);
        if s.caption.contains(['*', '`', '#', '[', '<']) {
            out.push(problem(
                &f("caption"),
                "plain text only (no markdown or HTML)",
            ));
        }
        if let Some(p) = &s.load {
            check_path(&mut out, &f("load"), p);
        }
        if let Some(p) = &s.compare {
            check_path(&mut out, &f("compare"), p);
            if designs[i].load.is_none() {
                out.push(problem(
                    &f("compare"),
                    "compare needs a design loaded at or before this step",
                ));
            }
        }
        if let Some(v) = s.speed {
            if !(v.is_finite() && v > 0.0 && v <= 1000.0) {
                out.push(problem(
                    &f("speed"),
                    format!("{v} must be above 0 and at most 1000"),
                ));
            }
        }
        if s.highlight.iter().any(|h| h.trim().is_empty()) {
            out.push(problem(&f("highlight"), "names must not be empty"));
        }
        if matches!(s.run_until_s, Some(t) if t == 0 || t > 86_400) {
            out.push(problem(&f("run_until_s"), "must be between 1 and 86400"));
        }
        let needs_design = !s.claims.is_empty() || s.predict.is_some();
        if needs_design && designs[i].load.is_none() {
            out.push(problem(
                &f("load"),
                "claims and predictions need a design loaded at or before this step",
            ));
        }
        match &s.predict {
            Some(Predict::Choice { question, choices }) => {
                check_text(&mut out, &f("predict.question"), question, 300);
                if choices.len() < 2 {
                    out.push(problem(&f("predict.choices"), "give at least two choices"));
                }
                for (c, ch) in choices.iter().enumerate() {
                    check_text(
                        &mut out,
                        &f(&format!("predict.choices[{c}].label")),
                        &ch.label,
                        120,
                    );
                }
            }
            Some(Predict::Number { question, .. }) => {
                check_text(&mut out, &f("predict.question"), question, 300)
            }
            None => {}
        }
    }
    if let Some(w) = &l.walkthrough {
        check_text(&mut out, "walkthrough.prompt", &w.prompt, 1000);
        check_path(&mut out, "walkthrough.start", &w.start);
        check_path(&mut out, "walkthrough.reference", &w.reference);
        if w.duration_s == 0 || w.duration_s > 86_400 {
            out.push(problem(
                "walkthrough.duration_s",
                "must be between 1 and 86400",
            ));
        }
        if w.checks.is_empty() {
            out.push(problem(
                "walkthrough.checks",
                "a walkthrough needs at least one check",
            ));
        }
    }
    out
}

/// Reads and validates a lesson or walkthrough file; on failure, every problem found.
pub fn decode_lesson(json: &str) -> Result<Lesson, Vec<LessonProblem>> {
    let l: Lesson = read(json, LESSON_FORMAT)?;
    let problems = validate_lesson(&l);
    if problems.is_empty() {
        Ok(l)
    } else {
        Err(problems)
    }
}

/// Reads and validates the lesson index.
pub fn decode_index(json: &str) -> Result<LessonIndex, Vec<LessonProblem>> {
    let ix: LessonIndex = read(json, INDEX_FORMAT)?;
    let mut out = Vec::new();
    for (i, e) in ix.lessons.iter().enumerate() {
        check_id(&mut out, &format!("lessons[{i}].id"), &e.id);
        check_path(&mut out, &format!("lessons[{i}].file"), &e.file);
        if ix.lessons[..i].iter().any(|o| o.id == e.id) {
            out.push(problem(
                &format!("lessons[{i}].id"),
                format!("`{}` is listed twice", e.id),
            ));
        }
    }
    if out.is_empty() {
        Ok(ix)
    } else {
        Err(out)
    }
}

/// Writes a lesson as pretty JSON (checks and scripts in their text forms).
pub fn encode_lesson(l: &Lesson) -> String {
    serde_json::to_string_pretty(l).expect("a lesson always serialises")
}

/// Serde of an incident script as its text form.
mod script {
    use super::*;
    use serde::{de::Error, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[Incident], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(format_script(v).trim_end().replace('\n', "; ").as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Incident>, D::Error> {
        let s = String::deserialize(d)?;
        parse_script(&s).map_err(|errs| {
            let list: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            D::Error::custom(list.join("; "))
        })
    }
}

/// [`script`] for an optional field.
mod opt_script {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<Incident>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => script::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Incident>>, D::Error> {
        script::deserialize(d).map(Some)
    }
}
