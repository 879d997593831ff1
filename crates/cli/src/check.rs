//! `wirelab check`: which designs to run against which criteria (a scenario with
//! `--check` flags, each claiming step of a lesson, or a walkthrough's design), and the
//! readable pass/fail table.

use crate::args::RunOpts;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use wirelab_engine::{show, CheckResult};
use wirelab_model::{decode, decode_lesson, Check, Criterion, Incident, LessonKind, Scenario};

/// One headless run to check.
pub struct Job {
    /// What is checked (`step 2`, `start design`, or the file).
    pub label: String,
    /// The design file as given or resolved.
    pub design: String,
    pub scenario: Scenario,
    pub seed: u64,
    pub duration_ms: u64,
    pub criteria: Vec<Criterion>,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn load_scenario(path: &Path) -> Result<Scenario, String> {
    decode(&read(path)?).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        format!(
            "{} is not a valid scenario:\n{}",
            path.display(),
            list.join("\n")
        )
    })
}

/// Design paths in lessons are under `public/`: the nearest ancestor of the lesson file
/// that has the path.
fn under_public(lesson: &Path, design: &str) -> Result<PathBuf, String> {
    let dir = lesson.parent().unwrap_or(Path::new("."));
    dir.ancestors()
        .map(|a| a.join(design))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{design} (from {}) not found", lesson.display()))
}

fn flag_checks(o: &RunOpts) -> Result<Vec<Criterion>, String> {
    o.checks
        .iter()
        .map(|t| {
            Check::parse(t)
                .map(|check| Criterion {
                    check,
                    hint: String::new(),
                })
                .map_err(|e| format!("--check \"{t}\": {e}"))
        })
        .collect()
}

fn flag_incidents(o: &RunOpts) -> Result<Vec<Incident>, String> {
    o.incidents
        .iter()
        .map(|t| Incident::parse(t).map_err(|e| format!("--incident \"{t}\": {e}")))
        .collect()
}

/// The runs `wirelab check` makes for these options.
pub fn jobs(o: &RunOpts) -> Result<Vec<Job>, String> {
    let file = Path::new(&o.file);
    let text = read(file)?;
    let extra = flag_checks(o)?;
    let extra_incidents = flag_incidents(o)?;
    let is_lesson = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("format")
                .and_then(|f| f.as_str())
                .map(|f| f == "wirelab-lesson")
        })
        .unwrap_or(false);
    let job = |label: String,
               design: &Path,
               incidents: Option<&[Incident]>,
               dur_ms: Option<u64>,
               criteria: Vec<Criterion>| {
        let mut scenario = load_scenario(design)?;
        if let Some(i) = incidents {
            scenario.incidents = i.to_vec();
        }
        scenario.incidents.extend(extra_incidents.iter().cloned());
        Ok::<Job, String>(Job {
            label,
            design: design.display().to_string(),
            seed: o.seed.unwrap_or(scenario.seed),
            duration_ms: o.duration_ms.or(dur_ms).unwrap_or(scenario.duration_ms),
            scenario,
            criteria,
        })
    };
    if !is_lesson {
        if extra.is_empty() {
            return Err(format!(
                "{} is a scenario: give checks with --check",
                o.file
            ));
        }
        if o.design.is_some() || o.reference {
            return Err("--design and --reference apply to walkthrough files".into());
        }
        return Ok(vec![job(o.file.clone(), file, None, None, extra)?]);
    }
    let lesson = decode_lesson(&text).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        format!("{} is not a valid lesson:\n{}", o.file, list.join("\n"))
    })?;
    match (lesson.kind, &lesson.walkthrough) {
        (LessonKind::Walkthrough, Some(w)) => {
            let (label, design) = match (&o.design, o.reference) {
                (Some(d), _) => ("your design", PathBuf::from(d)),
                (None, true) => ("reference solution", under_public(file, &w.reference)?),
                (None, false) => ("starting design", under_public(file, &w.start)?),
            };
            let criteria = w.checks.iter().cloned().chain(extra).collect();
            Ok(vec![job(
                format!("{}: {label}", lesson.title),
                &design,
                Some(&w.incidents),
                Some(w.duration_s * 1000),
                criteria,
            )?])
        }
        _ => {
            if o.design.is_some() || o.reference {
                return Err("--design and --reference apply to walkthrough files".into());
            }
            let mut out = Vec::new();
            for (i, (step, d)) in lesson.steps.iter().zip(lesson.designs()).enumerate() {
                let Some(load) = &d.load else { continue };
                if step.claims.is_empty() && extra.is_empty() {
                    continue;
                }
                let criteria = step
                    .claims
                    .iter()
                    .cloned()
                    .chain(extra.iter().cloned())
                    .collect();
                out.push(job(
                    format!("{}: step {}", lesson.title, i + 1),
                    &under_public(file, load)?,
                    d.incidents.as_deref(),
                    d.run_until_s.map(|s| s * 1000),
                    criteria,
                )?);
            }
            if out.is_empty() {
                return Err(format!("{} has no claims to check", o.file));
            }
            Ok(out)
        }
    }
}

/// The readable table of one job's results.
pub fn render(job: &Job, results: &[CheckResult]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} (seed {}, {} s)",
        job.label,
        job.design,
        job.seed,
        job.duration_ms as f64 / 1000.0
    );
    let width = results
        .iter()
        .map(|r| r.check.chars().count())
        .max()
        .unwrap_or(0);
    for r in results {
        let num = |v: Option<f64>| v.map_or("-".to_string(), |v| show(r.unit, v));
        let _ = writeln!(
            s,
            "  {}  {:<width$}  measured {:>10}  threshold {:>10}",
            if r.pass { "PASS" } else { "FAIL" },
            r.check,
            num(r.measured),
            num(r.threshold),
        );
        if !r.note.is_empty() {
            let _ = writeln!(s, "        {}", r.note);
        }
        if !r.pass && !r.hint.is_empty() {
            let _ = writeln!(s, "        hint: {}", r.hint);
        }
    }
    let passed = results.iter().filter(|r| r.pass).count();
    let _ = writeln!(s, "  {passed} of {} checks pass", results.len());
    s
}
