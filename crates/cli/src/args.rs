//! Command-line parsing (a handful of flags; no parser crate needed).

use wirelab_model::parse_duration_ms;

/// The help text; `{window}` and `{ids}` are filled in from the review's own constants.
const USAGE: &str = "\
Usage: wirelab run FILE [--seed N] [--duration 120s] [--incident \"10s kill Analytics\"]... [--json]
       wirelab trace FILE [--journey slowest|failed|first|latest|retried|N] [--mermaid | --json]
                     [--seed N] [--duration 120s] [--incident \"...\"]...
       wirelab compare A.json B.json | COMPARISON.json [--seed N] [--duration 120s]
                       [--incident \"...\"]... [--json]
       wirelab check FILE [--check \"lost == 0\"]... [--design SCENARIO | --reference]
                          [--seed N] [--duration 120s] [--incident \"...\"]... [--json]
       wirelab impact FILE [--seed N] [--json]
       wirelab advise FILE [--seed N] [--json | --markdown]
       wirelab exercise verify FILE [--seeds N] [--json]

  FILE                 a scenario file (format wirelab-scenario, version 1 or 2)
  --seed N             seed of the random streams (default: the scenario's)
  --duration D         simulated time to run, e.g. 90s, 2m (default: the scenario's)
  --incident \"T ACTION\" add to the incident script, e.g. \"10s kill Analytics\",
                       \"40s revive Analytics\", \"5s slow Payment x4\" (repeatable)
  --json               print one JSON object instead of the report

check: FILE is a scenario (checks from --check) or a lesson/walkthrough file (its claims
or acceptance checks, plus any --check). Exit 0 when every check passes, 1 when some
fail, 2 on bad input.
  --check \"CHECK\"      a check, e.g. \"success_rate during 10s..40s >= 99%\" (repeatable)
  --design SCENARIO    check this design against a walkthrough instead of its start
  --reference          check the walkthrough's reference solution

trace: one customer's journey step by step: every call, reply, publish, delivery and ack
with its time after the customer arrived, timeouts, dead letters, the answer and the last
work done. --journey picks it (default: slowest); --mermaid prints a Mermaid
sequenceDiagram to paste into notes. Exit 1 when no journey fits (no failure, say).

impact: what breaks if each service or topic is down: the design run with it down {window}
(the same seed and load each time, without the design's own incident script), and what
the customers who arrived meanwhile got. --incident and --duration do not apply. JSON: {\"rows\": [{\"element\": …, \"success_rate\": …,
\"wait_p95_ms\": …, \"lost\": …, \"late\": …, \"customers\": …}, …]}.

advise: the design review: the anti-patterns of this design, each with the question to
ask, the evidence measured in headless runs (something broken over the same window) and
the fix where one exists; --incident and --duration do not apply. Ids: {ids}. JSON: {\"findings\": [{\"id\": …, \"elements\": […], \"question\": …,
\"evidence\": {…}, \"fix\": …}, …]}. --markdown prints the notes to take away: the design
in words, the findings, the blast radius and the slowest journey as Mermaid. Exit 0
(findings or none), 2 on bad input.

exercise verify: proves a lesson or walkthrough file on seeds 0..N (default 100) and its
designs' own: every claim holds, exactly one choice of each prediction holds and the same
one on every seed, every claim across steps holds; a walkthrough's start fails and its
reference passes. Exit 0 when every rule holds, 1 listing each seed and criterion that
breaks one, 2 on bad input. JSON: {\"exercise\": …, \"seeds\": …, \"ok\": …, \"problems\": […]}.

compare: runs A and B with the same seed (so the same customers) and A's incident script
plus every --incident, then prints them side by side with the difference (B - A) and the
better side. One file may carry both (a comparison saved by the app). JSON: {\"a\": report, \"b\": report, \"same_arrivals\": true, ...}. Exit 0, or 1
when a run's accounting check failed, 2 on bad input.
";

/// The help text, with the review's window and finding ids.
pub fn usage() -> String {
    use wirelab_engine::review::{anti_patterns, window};
    let ids: Vec<&str> = anti_patterns().map(|a| a.id).collect();
    USAGE
        .replace("{window}", &window::span())
        .replace("{ids}", &ids.join(", "))
}

/// Options of `wirelab run`.
#[derive(Debug, PartialEq)]
pub struct RunOpts {
    pub file: String,
    pub seed: Option<u64>,
    pub duration_ms: Option<u64>,
    pub incidents: Vec<String>,
    pub json: bool,
    /// `check` only: extra checks, and which design of a walkthrough.
    pub checks: Vec<String>,
    pub design: Option<String>,
    pub reference: bool,
    /// `compare` only: design B (`file` is A).
    pub second: Option<String>,
    /// `trace` only: which journey, and Mermaid output.
    pub journey: Option<String>,
    pub mermaid: bool,
    /// `advise` only: the Markdown notes.
    pub markdown: bool,
}

#[derive(Debug, PartialEq)]
pub enum Command {
    Help,
    Run(RunOpts),
    Check(RunOpts),
    Compare(RunOpts),
    Trace(RunOpts),
    Impact(RunOpts),
    Advise(RunOpts),
}

pub fn parse(argv: &[String]) -> Result<Command, String> {
    let mut it = argv.iter();
    let cmd = it.next().map(String::as_str);
    let (check, compare, trace) = (
        cmd == Some("check"),
        cmd == Some("compare"),
        cmd == Some("trace"),
    );
    let review = matches!(cmd, Some("impact" | "advise"));
    match cmd {
        None | Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("run" | "check" | "compare" | "trace" | "impact" | "advise") => {}
        Some(other) => return Err(format!("unknown command `{other}`")),
    };
    let mut o = RunOpts {
        file: String::new(),
        seed: None,
        duration_ms: None,
        incidents: Vec::new(),
        json: false,
        checks: Vec::new(),
        design: None,
        reference: false,
        second: None,
        journey: None,
        mermaid: false,
        markdown: false,
    };
    let mut file = None;
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "--json" => o.json = true,
            "--seed" => {
                let v = value("--seed")?;
                o.seed = Some(
                    v.parse()
                        .map_err(|_| format!("--seed `{v}` is not a whole number"))?,
                );
            }
            "--incident" | "--duration" if review => {
                return Err(format!(
                    "{flag} does not apply to `{}`: the review breaks each part itself, {}, \
                     with the design's own incident script left out",
                    cmd.unwrap_or_default(),
                    wirelab_engine::review::window::span()
                ))
            }
            "--duration" => {
                let v = value("--duration")?;
                let ms = parse_duration_ms(&v).map_err(|e| format!("--duration: {e}"))?;
                if ms == 0 || ms > 86_400_000 {
                    return Err(format!("--duration `{v}` must be between 1ms and 24h"));
                }
                o.duration_ms = Some(ms);
            }
            "--incident" => o.incidents.push(value("--incident")?),
            "--check" if check => o.checks.push(value("--check")?),
            "--design" if check => o.design = Some(value("--design")?),
            "--reference" if check => o.reference = true,
            "--journey" if trace => o.journey = Some(value("--journey")?),
            "--mermaid" if trace => o.mermaid = true,
            "--markdown" if cmd == Some("advise") => o.markdown = true,
            f if f.starts_with('-') && f != "-" => return Err(format!("unknown flag `{f}`")),
            _ if file.is_none() => file = Some(a.clone()),
            _ if compare && o.second.is_none() => o.second = Some(a.clone()),
            _ => return Err(format!("unexpected argument `{a}` (one FILE only)")),
        }
    }
    o.file = file.ok_or(if compare {
        "missing A.json and B.json"
    } else {
        "missing FILE"
    })?;
    if o.design.is_some() && o.reference {
        return Err("--design and --reference exclude each other".into());
    }
    if (o.mermaid || o.markdown) && o.json {
        return Err("--json excludes --mermaid and --markdown".into());
    }
    Ok(if trace {
        Command::Trace(o)
    } else if cmd == Some("impact") {
        Command::Impact(o)
    } else if cmd == Some("advise") {
        Command::Advise(o)
    } else if compare {
        Command::Compare(o)
    } else if check {
        Command::Check(o)
    } else {
        Command::Run(o)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[&str]) -> Result<Command, String> {
        parse(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_all_flags() {
        let Command::Run(o) = p(&[
            "run",
            "f.json",
            "--seed",
            "3",
            "--duration=90s",
            "--incident",
            "10s kill A",
            "--incident",
            "40s revive A",
            "--json",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            o,
            RunOpts {
                file: "f.json".into(),
                seed: Some(3),
                duration_ms: Some(90_000),
                incidents: vec!["10s kill A".into(), "40s revive A".into()],
                json: true,
                checks: vec![],
                design: None,
                reference: false,
                second: None,
                journey: None,
                mermaid: false,
                markdown: false,
            }
        );
    }

    /// docs/cli.md lists the review's findings as the engine's rules do, in their order.
    #[test]
    fn the_docs_list_every_finding_as_the_rules_do() {
        let docs =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cli.md"))
                .expect("docs/cli.md");
        let listed: Vec<&str> = docs
            .lines()
            .skip_while(|l| *l != "<!-- findings -->")
            .skip(1)
            .take_while(|l| *l != "<!-- /findings -->")
            .collect();
        let rules: Vec<String> = wirelab_engine::review::anti_patterns()
            .map(|a| format!("- `{}`: {}", a.id, a.what))
            .collect();
        assert_eq!(
            listed,
            rules,
            "docs/cli.md's findings should read:\n{}",
            rules.join("\n")
        );
    }

    /// The help lists every finding the review can give, and its window as the review's
    /// constants say.
    #[test]
    fn the_help_lists_every_finding_and_the_window() {
        let u = usage();
        for a in wirelab_engine::review::anti_patterns() {
            assert!(u.contains(a.id), "{} missing from the help", a.id);
        }
        assert!(u.contains("from 5 s to 25 s of 30 s"), "{u}");
        assert!(!u.contains("{window}") && !u.contains("{ids}"), "{u}");
    }

    #[test]
    fn parses_check_flags() {
        let Command::Check(o) =
            p(&["check", "w.json", "--check", "lost == 0", "--reference"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(
            (o.checks, o.reference),
            (vec!["lost == 0".to_string()], true)
        );
    }

    #[test]
    fn rejects_bad_flags() {
        assert!(p(&["run"]).unwrap_err().contains("missing FILE"));
        assert!(p(&["run", "f", "--seed", "x"])
            .unwrap_err()
            .contains("not a whole number"));
        assert!(p(&["run", "f", "--duration", "10"])
            .unwrap_err()
            .contains("needs a unit"));
        assert!(p(&["run", "f", "--frobnicate"])
            .unwrap_err()
            .contains("unknown flag"));
        assert!(p(&["run", "f", "--seed"])
            .unwrap_err()
            .contains("needs a value"));
        assert!(p(&["walk"]).unwrap_err().contains("unknown command"));
        assert!(p(&["run", "f", "--check", "lost == 0"])
            .unwrap_err()
            .contains("unknown flag `--check`"));
        for cmd in ["impact", "advise"] {
            for flag in ["--incident", "--duration"] {
                let e = p(&[cmd, "f", flag, "10s"]).unwrap_err();
                assert!(
                    e.contains("does not apply") && e.contains("from 5 s to 25 s of 30 s"),
                    "{e}"
                );
            }
        }
        assert!(p(&["check", "f", "--design", "d", "--reference"])
            .unwrap_err()
            .contains("exclude"));
        assert_eq!(p(&[]).unwrap(), Command::Help);
        assert!(p(&["compare", "a", "b", "c"])
            .unwrap_err()
            .contains("unexpected argument"));
        let Command::Compare(o) = p(&["compare", "a", "b", "--seed", "4"]).unwrap() else {
            panic!()
        };
        assert_eq!(
            (o.file.as_str(), o.second.as_deref(), o.seed),
            ("a", Some("b"), Some(4))
        );
    }
}
