//! `make fuzz`: a long campaign. `wirelab-fuzz [--inputs N] [--from SEED]` runs about N
//! inputs split over the targets (engine runs are slower, so they get fewer);
//! `wirelab-fuzz --seed N --target NAME` replays one case.

use std::time::Instant;
use wirelab_fuzz::{campaign, case, table, Corpus, TARGETS};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| {
                v.parse::<u64>()
                    .unwrap_or_else(|_| panic!("{name} takes a whole number"))
            })
    };
    let corpus = Corpus::load();
    if let Some(seed) = arg("--seed") {
        let name = args
            .iter()
            .position(|a| a == "--target")
            .and_then(|i| args.get(i + 1));
        let t = TARGETS
            .iter()
            .position(|t| Some(&t.to_string()) == name)
            .expect("--target decode|link|text|edit|run");
        println!("{:?}", case(&corpus, t, seed));
        return;
    }
    let n = arg("--inputs").unwrap_or(1_000_000);
    let from = arg("--from").unwrap_or(0);
    let runs = (n / 100).max(1);
    let rest = (n - runs) / 4;
    let start = Instant::now();
    let tally = campaign(&corpus, from, [rest, rest, rest, rest, runs]);
    print!("{}", table(&tally, start.elapsed().as_secs_f64()));
    if tally.iter().any(|t| t.panics + t.broken > 0) {
        std::process::exit(1);
    }
}
