//! `wirelab run FILE [--seed N] [--duration 120s] [--incident "10s kill Analytics"]... [--json]`
//!
//! Runs a scenario headless and prints a report (or one JSON object with `--json`).
//! Exit codes: 0 success, 1 the run's accounting check failed, 2 bad flags or file.
//!
//! `wirelab check FILE [--check "..."]...` measures a scenario, a lesson's claims or a
//! walkthrough's design against checks. Exit codes: 0 all pass, 1 some fail, 2 bad input.

mod args;
mod check;
mod human;

use std::process::ExitCode;
use wirelab_engine::{run_checks, Run, StepResult};
use wirelab_model::{decode, Incident};

fn fail(msg: &str) -> ExitCode {
    eprintln!("wirelab: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let opts = match args::parse(&argv) {
        Ok(args::Command::Help) => {
            print!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(args::Command::Run(o)) => o,
        Ok(args::Command::Check(o)) => return check_main(&o),
        Err(e) => return fail(&format!("{e}\n\n{}", args::USAGE)),
    };
    let text = match std::fs::read_to_string(&opts.file) {
        Ok(t) => t,
        Err(e) => return fail(&format!("cannot read {}: {e}", opts.file)),
    };
    let mut scenario = match decode(&text) {
        Ok(s) => s,
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            return fail(&format!(
                "{} is not a valid scenario:\n{}",
                opts.file,
                list.join("\n")
            ));
        }
    };
    for text in &opts.incidents {
        match Incident::parse(text) {
            Ok(i) => scenario.incidents.push(i),
            Err(e) => return fail(&format!("--incident \"{text}\": {e}")),
        }
    }
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
    if report.accounting_ok {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "wirelab: accounting check failed: {:?}",
            run.accounting().problems
        );
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
