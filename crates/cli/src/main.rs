//! `wirelab run FILE [--seed N] [--duration 120s] [--incident "10s kill Analytics"]... [--json]`
//!
//! Runs a scenario headless and prints a report (or one JSON object with `--json`).
//! Exit codes: 0 success, 1 the run's accounting check failed, 2 bad flags or file.
//!
//! `wirelab check FILE [--check "..."]...` measures a scenario, a lesson's claims or a
//! walkthrough's design against checks. Exit codes: 0 all pass, 1 some fail, 2 bad input.
//!
//! `wirelab exercise verify FILE [--seeds N] [--json]` proves a lesson or walkthrough on
//! many seeds (`exercise.rs`).

mod args;
mod check;
mod exercise;
mod human;

use std::process::ExitCode;
use wirelab_engine::{
    mermaid, rows, run_checks, trace_journey, Compare, Pick, Run, Side, StepResult,
};
use wirelab_model::{decode, decode_comparison, is_comparison, Incident, Scenario};

fn fail(msg: &str) -> ExitCode {
    eprintln!("wirelab: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let Some(code) = exercise::main(&argv) {
        return code;
    }
    let opts = match args::parse(&argv) {
        Ok(args::Command::Help) => {
            print!("{}", args::usage());
            return ExitCode::SUCCESS;
        }
        Ok(args::Command::Run(o)) => o,
        Ok(args::Command::Check(o)) => return check_main(&o),
        Ok(args::Command::Compare(o)) => return compare_main(&o),
        Ok(args::Command::Trace(o)) => return trace_main(&o),
        Ok(args::Command::Impact(o)) => return review_main(&o, false),
        Ok(args::Command::Advise(o)) => return review_main(&o, true),
        Err(e) => return fail(&format!("{e}\n\n{}", args::usage())),
    };
    let scenario = match load(&opts.file, &opts.incidents) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let seed = opts.seed.unwrap_or(scenario.seed);
    let duration_ms = opts.duration_ms.unwrap_or(scenario.duration_ms);
    let mut run = match Run::new(&scenario, seed) {
        Ok(r) => r,
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            return fail(&format!("cannot run {}:\n{}", opts.file, list.join("\n")));
        }
    };
    // Bounded chunks, as the UI steps; a headless run simply loops until it is done.
    while run.step_until(duration_ms * 1000, 1_000_000) == StepResult::Budget {}
    let report = run.report();
    if opts.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        );
    } else {
        print!("{}", human::render(&scenario.name, &report));
    }
    if report.accounting_ok == Some(true) {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "wirelab: accounting check failed: {:?}",
            run.accounting().problems
        );
        ExitCode::from(1)
    }
}

/// A scenario file with the `--incident` lines added to its script.
fn load(file: &str, incidents: &[String]) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let mut scenario = decode(&text).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        format!("{file} is not a valid scenario:\n{}", list.join("\n"))
    })?;
    for text in incidents {
        let i = Incident::parse(text).map_err(|e| format!("--incident \"{text}\": {e}"))?;
        scenario.incidents.push(i);
    }
    Ok(scenario)
}

/// A comparison file (both designs), with the `--incident` lines added to A's script.
fn load_comparison(file: &str, incidents: &[String]) -> Result<(Scenario, Scenario), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    if !is_comparison(&text) {
        return Err(format!(
            "missing B.json: compare takes two designs, or one comparison file ({file} is not one)"
        ));
    }
    let (mut a, b) = decode_comparison(&text).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        format!("{file} is not a valid comparison:\n{}", list.join("\n"))
    })?;
    for text in incidents {
        let i = Incident::parse(text).map_err(|e| format!("--incident \"{text}\": {e}"))?;
        a.incidents.push(i);
    }
    Ok((a, b))
}

/// `impact` (the blast radius) and `advise` (the findings).
fn review_main(opts: &args::RunOpts, advise: bool) -> ExitCode {
    use wirelab_engine::review;
    let scenario = match load(&opts.file, &opts.incidents) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let seed = opts.seed.unwrap_or(scenario.seed);
    // One JSON object under `key`, or the text.
    let shown = |key: &str, value: serde_json::Value, text: String| {
        if opts.json {
            serde_json::to_string_pretty(&serde_json::json!({ key: value })).expect("serialises")
        } else {
            text
        }
    };
    let out = if advise && opts.markdown {
        let mut r = review::Reviewer::new(scenario, seed);
        loop {
            match r.step() {
                Ok(true) => {}
                Ok(false) => break Ok(review::explain(&r)),
                Err(e) => break Err(e),
            }
        }
    } else if advise {
        review::advise(&scenario, seed)
            .map(|f| shown("findings", serde_json::json!(f), human::render_findings(&f)))
    } else {
        review::blast_radius(&scenario, seed)
            .map(|rows| shown("rows", serde_json::json!(rows), human::render_impact(&rows)))
    };
    match out {
        Ok(text) => {
            println!("{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("cannot review {}: {e}", opts.file)),
    }
}

fn trace_main(opts: &args::RunOpts) -> ExitCode {
    let scenario = match load(&opts.file, &opts.incidents) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let pick = match Pick::parse(opts.journey.as_deref().unwrap_or("slowest")) {
        Ok(p) => p,
        Err(e) => return fail(&format!("--journey: {e}")),
    };
    let seed = opts.seed.unwrap_or(scenario.seed);
    let duration_ms = opts.duration_ms.unwrap_or(scenario.duration_ms);
    let t = match trace_journey(&scenario, seed, duration_ms, pick) {
        Ok(Some(t)) => t,
        Ok(None) => {
            eprintln!(
                "wirelab: no journey is {pick:?} in this run (seed {seed}, {duration_ms} ms)"
            );
            return ExitCode::from(1);
        }
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            return fail(&format!("cannot run {}:\n{}", opts.file, list.join("\n")));
        }
    };
    if opts.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&t).expect("a trace serialises")
        );
    } else if opts.mermaid {
        print!("{}", mermaid(&t));
    } else {
        print!("{}", human::render_journey(&t));
    }
    ExitCode::SUCCESS
}

fn compare_main(opts: &args::RunOpts) -> ExitCode {
    let pair = match &opts.second {
        Some(b_file) => load(&opts.file, &opts.incidents).and_then(|a| Ok((a, load(b_file, &[])?))),
        None => load_comparison(&opts.file, &opts.incidents),
    };
    let (a, b) = match pair {
        Ok(pair) => pair,
        Err(e) => return fail(&e),
    };
    let b_file = opts.second.as_deref().unwrap_or(&opts.file);
    let seed = opts.seed.unwrap_or(a.seed);
    let duration_ms = opts.duration_ms.unwrap_or(a.duration_ms);
    let mut c = match Compare::new(&a, &b, seed) {
        Ok(c) => c,
        Err((side, problems)) => {
            let file = if side == Side::A { &opts.file } else { b_file };
            let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            return fail(&format!("cannot run {side} ({file}):\n{}", list.join("\n")));
        }
    };
    while c.step_until(duration_ms * 1000, 1_000_000) == StepResult::Budget {}
    let rows = rows(&c.a.report(), &c.b.report());
    if opts.json {
        let out = serde_json::json!({
            "a": c.a.report(),
            "b": c.b.report(),
            "same_arrivals": c.same_arrivals(),
            "rows": rows,
            "skipped": c.skipped,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("reports serialise")
        );
    } else {
        print!("{}", human::render_compare(&a.name, &b.name, &c, &rows));
    }
    if c.a.accounting().ok && c.b.accounting().ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("wirelab: accounting check failed");
        ExitCode::from(1)
    }
}

fn check_main(opts: &args::RunOpts) -> ExitCode {
    let jobs = match check::jobs(opts) {
        Ok(j) => j,
        Err(e) => return fail(&e),
    };
    let mut all_pass = true;
    let mut json = Vec::new();
    for job in &jobs {
        let checked = match run_checks(&job.scenario, job.seed, job.duration_ms, &job.criteria) {
            Ok(c) => c,
            Err(problems) => {
                let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
                return fail(&format!("cannot run {}:\n{}", job.design, list.join("\n")));
            }
        };
        // A run that stopped early was measured on part of its time: it does not pass.
        let stopped = checked.run.halted().map(|h| h.reason.clone());
        all_pass &= stopped.is_none() && checked.results.iter().all(|r| r.pass);
        if opts.json {
            json.push(serde_json::json!({
                "label": job.label,
                "design": job.design,
                "seed": job.seed,
                "duration_ms": job.duration_ms,
                "stopped": stopped,
                "results": checked.results,
            }));
        } else {
            if let Some(why) = &stopped {
                println!("STOPPED EARLY: {why}");
            }
            println!("{}", check::render(job, &checked.results));
        }
    }
    if opts.json {
        let out = serde_json::json!({ "pass": all_pass, "runs": json });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("results serialise")
        );
    }
    if all_pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
