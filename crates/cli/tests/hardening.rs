//! The CLI on the reproducers in `tests/repros/`: a clear answer, never a panic (exit 101).

mod common;
use common::{path, wirelab};

#[test]
fn unicode_spaces_in_incidents_are_separators() {
    let file = path("public/scenarios", "checkout-sync.json");
    for script in [
        "10s slow Payment\u{a0}x4",
        "10s error Payment\u{a0}30%",
        "10s send Users\u{3000}5",
    ] {
        let (code, out, err) = wirelab(&["run", &file, "--duration", "12s", "--incident", script]);
        assert_eq!(code, 0, "{script:?}: {err}");
        assert!(out.contains("accounting: ok"), "{out}");
    }
    let (code, _, err) = wirelab(&["run", &file, "--incident", "10s kill Pay\u{a0}ment"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Pay\\u{a0}ment"), "{err}");
}

#[test]
fn every_repro_gets_a_clear_answer() {
    let dir = path("tests", "repros");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".json") && !f.starts_with("lesson-"))
        .collect();
    files.sort();
    for f in files {
        let (code, out, err) = wirelab(&["run", &format!("{dir}/{f}"), "--duration", "60s"]);
        eprintln!(
            "{f}: exit {code}, {} bytes out, {} bytes err",
            out.len(),
            err.len()
        );
        assert!(code == 0 || code == 2, "{f}: exit {code}\n{err}");
        assert!(err.len() < 20_000, "{f}: {} bytes of errors", err.len());
        if code == 2 {
            assert!(err.starts_with("wirelab: "), "{f}: {err}");
        }
    }
}

#[test]
fn a_runaway_run_says_why_it_stopped() {
    let file = path("tests/repros", "event-loop-fanout.json");
    let (code, out, err) = wirelab(&["run", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("STOPPED EARLY"), "{out}");
    let (_, json, _) = wirelab(&["run", &file, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["stopped"].as_str().unwrap().contains("event loop"));
}

#[test]
fn a_check_on_a_runaway_run_ends_and_fails() {
    let file = path("tests/repros", "event-loop-fanout.json");
    let (code, out, err) = wirelab(&[
        "check",
        &file,
        "--check",
        "success_rate during 0s..10s >= 99%",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("STOPPED EARLY"), "{out}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let (code, out, err) = wirelab(&[
        "run",
        &path("tests/repros", "bom-checkout.json"),
        "--duration",
        "5s",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("accounting: ok"));
}
