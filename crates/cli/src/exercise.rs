//! `wirelab exercise verify FILE [--seeds N] [--json]`: proves a lesson or walkthrough
//! file on seeds `0..N` (default 100) and its designs' own seeds, two at a time: every
//! claim, prediction and claim across steps of a lesson; a walkthrough's start failing
//! and its reference passing. Exit 0 when every rule holds, 1 naming each seed and
//! criterion that breaks one, 2 on bad input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wirelab_engine::proof::Prover;
use wirelab_model::{decode, decode_lesson, Scenario};

/// What `exercise` is followed by; `None` when the arguments are not this command.
pub fn main(argv: &[String]) -> Option<ExitCode> {
    if argv.first().map(String::as_str) != Some("exercise") {
        return None;
    }
    Some(match parse(&argv[1..]) {
        Ok(o) => verify(&o),
        Err(e) => {
            eprintln!("wirelab: {e}\n\nUsage: wirelab exercise verify FILE [--seeds N] [--json]");
            ExitCode::from(2)
        }
    })
}

struct Opts {
    file: String,
    seeds: u64,
    json: bool,
}

fn parse(args: &[String]) -> Result<Opts, String> {
    if args.first().map(String::as_str) != Some("verify") {
        return Err("`exercise` takes `verify`".into());
    }
    let (mut file, mut seeds, mut json) = (None, 100, false);
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--seeds" => {
                let v = it.next().ok_or("--seeds needs a number")?;
                seeds = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=100_000).contains(n))
                    .ok_or_else(|| format!("--seeds takes 1 to 100000, not `{v}`"))?;
            }
            f if !f.starts_with("--") && file.is_none() => file = Some(f.to_string()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Opts {
        file: file.ok_or("which exercise file?")?,
        seeds,
        json,
    })
}

/// Where a path the lesson writes (`lessons/scenarios/x.json`, relative to the site) is:
/// beside the site the lesson sits in (`public/lessons/x.json` → `public/`), beside the
/// lesson, or from here.
fn locate(lesson: &Path, path: &str) -> PathBuf {
    let dir = lesson.parent().unwrap_or(Path::new("."));
    [dir.parent().map(|p| p.join(path)), Some(dir.join(path))]
        .into_iter()
        .flatten()
        .find(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from(path))
}

fn verify(o: &Opts) -> ExitCode {
    let text = match std::fs::read_to_string(&o.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("wirelab: cannot read {}: {e}", o.file);
            return ExitCode::from(2);
        }
    };
    let lesson = match decode_lesson(&text) {
        Ok(l) => l,
        Err(problems) => {
            eprintln!("wirelab: {} is not a lesson or walkthrough:", o.file);
            for p in problems {
                eprintln!("  {p}");
            }
            return ExitCode::from(2);
        }
    };
    let file = Path::new(&o.file);
    let load = |path: &str| -> Result<Scenario, String> {
        let p = locate(file, path);
        let text =
            std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        decode(&text).map_err(|problems| {
            problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    let prover = match Prover::new(&lesson, &load) {
        Ok(p) => p,
        Err(problems) => {
            eprintln!("wirelab: {} cannot be proven:", o.file);
            for p in problems {
                eprintln!("  {p}");
            }
            return ExitCode::from(2);
        }
    };
    let mut seeds: BTreeSet<u64> = (0..o.seeds).collect();
    seeds.extend(prover.designs().map(|s| s.seed));
    let seeds: Vec<u64> = seeds.into_iter().collect();
    let found = across(&seeds, |seed| prover.at(seed));
    let problems = prover.finish(&found);
    if o.json {
        let out = serde_json::json!({
            "exercise": lesson.id,
            "kind": format!("{:?}", lesson.kind).to_lowercase(),
            "seeds": seeds.len(),
            "ok": problems.is_empty(),
            "problems": problems,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("serialises")
        );
    } else if problems.is_empty() {
        println!(
            "✓ {} ({}): every rule holds on {} seeds",
            lesson.id,
            lesson.title,
            seeds.len()
        );
    } else {
        println!(
            "✗ {} ({}): {} problem(s) over {} seeds",
            lesson.id,
            lesson.title,
            problems.len(),
            seeds.len()
        );
        for p in &problems {
            println!("  {p}");
        }
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `f` at every seed on the machine's cores (at most 8), in seed order.
fn across<T: Send>(seeds: &[u64], f: impl Fn(u64) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let f = &f;
    let mut out: Vec<(u64, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                scope.spawn(move || {
                    seeds
                        .iter()
                        .skip(k)
                        .step_by(threads)
                        .map(|&seed| (seed, f(seed)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    out.sort_by_key(|(seed, _)| *seed);
    out.into_iter().map(|(_, t)| t).collect()
}
