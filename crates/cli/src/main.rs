//! `wirelab run FILE [--seed N] [--duration 120s] [--incident "10s kill Analytics"]... [--json]`
//!
//! Runs a scenario headless and prints a report (or one JSON object with `--json`).
//! Exit codes: 0 success, 1 the run's accounting check failed, 2 bad flags or file.

mod args;
mod human;

use std::process::ExitCode;
use wirelab_engine::{Run, StepResult};
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
