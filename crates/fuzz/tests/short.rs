//! The short fuzz budget that runs in `make test` (the long one is `make fuzz`). Each run
//! starts at a new seed range, printed, so a failure names its seed.

use wirelab_fuzz::{campaign, table, Corpus};

#[test]
fn short_campaign_finds_no_panic_and_no_broken_invariant() {
    let corpus = Corpus::load();
    assert!(corpus.docs.len() > 20 && corpus.lessons.len() > 10 && corpus.links.len() > 20);
    let from = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() * 1_000_000);
    eprintln!("fuzz seeds from {from}");
    let start = std::time::Instant::now();
    let tally = campaign(&corpus, from, [3_000, 3_000, 5_000, 500, 60]);
    eprint!("{}", table(&tally, start.elapsed().as_secs_f64()));
    for (i, t) in tally.iter().enumerate() {
        assert_eq!(
            t.panics + t.broken,
            0,
            "target {i}: {t:?} (seeds from {from})"
        );
    }
    // The mutations reach past the parsers: some of each kind of input is accepted.
    assert!(tally.iter().take(4).all(|t| t.accepted > 0), "{tally:?}");
}
