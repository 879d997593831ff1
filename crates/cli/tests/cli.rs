//! The CLI end to end: the acceptance runs, the stable JSON fields, and clear errors.

mod common;
use common::{scenario, wirelab};
use serde_json::Value;

fn outage_json(name: &str) -> Value {
    let file = scenario(name);
    let (code, out, err) = wirelab(&[
        "run",
        &file,
        "--incident",
        "10s kill Analytics",
        "--incident",
        "40s revive Analytics",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("one JSON object")
}

/// Field names, sorted (serde_json's map is ordered by key).
fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v
}

#[test]
fn json_has_the_stable_fields() {
    let v = outage_json("checkout-events.json");
    for k in [
        "seed",
        "duration_ms",
        "trace_hash",
        "accounting_ok",
        "users",
        "wait_ms",
        "consistency_ms",
        "events",
        "services",
        "subscriptions",
        "outcomes",
        "node_outcomes",
        "wire_outcomes",
        "pending",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(
        keys(&v["pending"]),
        sorted(vec![
            "answered",
            "answer_p95_ms",
            "confirmed",
            "confirm_p50_ms",
            "confirm_p95_ms",
            "failed_later",
            "compensated",
            "unsettled"
        ])
    );
    for k in [
        "arrived",
        "succeeded",
        "failed",
        "timed_out",
        "abandoned",
        "in_flight",
    ] {
        assert!(keys(&v["users"]).contains(&k), "users.{k}");
    }
    assert_eq!(
        keys(&v["wait_ms"]),
        sorted(vec!["p50", "p95", "p99", "max"])
    );
    assert_eq!(
        keys(&v["consistency_ms"]),
        sorted(vec!["p50", "p95", "max"])
    );
    assert_eq!(
        keys(&v["events"]),
        sorted(vec![
            "published",
            "processed",
            "backlog",
            "dead_lettered",
            "lost",
            "duplicates"
        ])
    );
    for k in ["name", "handled", "failed", "rejected"] {
        assert!(v["services"][0].get(k).is_some(), "services[].{k}");
    }
    for k in [
        "topic",
        "consumer",
        "processed",
        "backlog",
        "dead_lettered",
        "redeliveries",
        "duplicates",
    ] {
        assert!(
            v["subscriptions"][0].get(k).is_some(),
            "subscriptions[].{k}"
        );
    }
    assert_eq!(v["duration_ms"], 120_000);
}

#[test]
fn acceptance_sync_fails_and_events_do_not() {
    let sync = outage_json("checkout-sync.json");
    let events = outage_json("checkout-events.json");
    assert_eq!(sync["accounting_ok"], true);
    assert_eq!(events["accounting_ok"], true);
    assert!(sync["users"]["failed"].as_u64().unwrap() > 400);
    assert_eq!(events["users"]["failed"], 0);
    let analytics = events["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["consumer"] == "Analytics")
        .unwrap();
    assert_eq!(analytics["dead_lettered"], 0);
    assert!(analytics["backlog"].as_u64().unwrap() < 5);
    // Same trace on a second run.
    assert_eq!(
        outage_json("checkout-sync.json")["trace_hash"],
        sync["trace_hash"]
    );
    assert_eq!(
        outage_json("checkout-events.json")["trace_hash"],
        events["trace_hash"]
    );
}

#[test]
fn human_report_is_readable() {
    let (code, out, _) = wirelab(&[
        "run",
        &scenario("checkout-sync.json"),
        "--duration",
        "20s",
        "--seed",
        "3",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("accounting: ok"), "{out}");
    assert!(out.contains("Wait (ms): p50"), "{out}");
    assert!(out.contains("Analytics"), "{out}");
    assert!(out.contains("20 s simulated, seed 3"), "{out}");
}

#[test]
fn bad_input_gives_a_clear_message_and_exit_2() {
    let sync = scenario("checkout-sync.json");
    let sync = sync.as_str();
    let bad = [
        (vec!["run", "/nonexistent.json"], "cannot read"),
        (vec!["run", sync, "--seed", "x"], "not a whole number"),
        (vec!["run", sync, "--bogus"], "unknown flag"),
        (
            vec!["run", sync, "--incident", "10s kill Nobody"],
            "no node is named `Nobody`",
        ),
        (
            vec!["run", sync, "--incident", "soon kill Analytics"],
            "needs a unit",
        ),
        (vec!["fly"], "unknown command"),
    ];
    for (args, want) in bad {
        let (code, _, err) = wirelab(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let dir = std::env::temp_dir().join(format!("wirelab-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"format": "wirelab-scenario", "version": 9, "next_id": 1}"#,
    )
    .unwrap();
    let (code, _, err) = wirelab(&["run", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("version 9 is not supported"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn lesson(name: &str) -> String {
    format!("{}/../../public/lessons/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_exits_by_verdict_and_prints_a_table() {
    let file = scenario("checkout-events.json");
    let outage = [
        "--incident",
        "10s kill Analytics",
        "--incident",
        "30s revive Analytics",
    ];
    let mut pass = vec!["check", &file];
    pass.extend(outage);
    pass.extend([
        "--duration",
        "45s",
        "--check",
        "success_rate during 10s..30s >= 99%",
    ]);
    let (code, out, err) = wirelab(&pass);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("PASS  success_rate during 10s..30s >= 99%"),
        "{out}"
    );
    assert!(out.contains("1 of 1 checks pass"), "{out}");

    let mut fail = pass.clone();
    fail.extend([
        "--check",
        "backlog(OrderCreated -> Analytics) during 10s..30s == 0",
    ]);
    let (code, out, _) = wirelab(&fail);
    assert_eq!(code, 1);
    assert!(out.contains("FAIL  backlog(OrderCreated -> Analytics) during 10s..30s == 0"));

    let (code, _, err) = wirelab(&["check", &file, "--check", "wait_p95 <= 500"]);
    assert_eq!(code, 2);
    assert!(err.contains("column 13"), "{err}");
    let (code, _, err) = wirelab(&["check", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("give checks with --check"), "{err}");
}

#[test]
fn check_runs_walkthroughs_and_lessons() {
    let w = lesson("w1-registration-never-blocks.json");
    let (code, out, _) = wirelab(&["check", &w]);
    assert_eq!(code, 1, "the starting design fails");
    assert!(
        out.contains("hint: Does the caller need an answer now?"),
        "{out}"
    );
    let (code, out, err) = wirelab(&["check", &w, "--reference", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pass"], true);
    let r = &v["runs"][0]["results"][0];
    assert_eq!(
        sorted(keys(r)),
        [
            "check",
            "hint",
            "measured",
            "note",
            "pass",
            "plain",
            "threshold",
            "unit"
        ]
    );
    assert_eq!(r["unit"], "percent");

    let (code, out, err) = wirelab(&["check", &lesson("02-sync-core.json")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("step 4"), "{out}");
}

/// The text of a fenced block: the first ```` ```lang ```` block after `after` in `doc`.
fn fenced<'a>(doc: &'a str, after: &str, lang: &str) -> &'a str {
    let from = doc.find(after).unwrap_or_else(|| panic!("no `{after}`"));
    let open = format!("```{lang}\n");
    let start = from
        + doc[from..]
            .find(&open)
            .unwrap_or_else(|| panic!("no {lang} block after `{after}`"))
        + open.len();
    let len = doc[start..].find("```").expect("the block ends");
    &doc[start..start + len]
}

/// Words of a shell command line: `\` continues a line, `"…"` quotes.
fn shell_words(cmd: &str) -> Vec<String> {
    let cmd = cmd.replace("\\\n", " ");
    let (mut words, mut word, mut quoted, mut started) = (vec![], String::new(), false, false);
    for c in cmd.chars() {
        match c {
            '"' => (quoted, started) = (!quoted, true),
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => (word, started) = (word + &c.to_string(), true),
        }
    }
    assert!(!quoted, "unbalanced quotes in {cmd}");
    if started {
        words.push(word);
    }
    words
}

/// Whether the real output `real` is as the doc shows it in `doc`: numbers are equal,
/// an object has exactly the doc's fields unless the doc's has a `"…"` field (then at
/// least them), and an array has the doc's entries, in order, and no others unless the
/// doc's has a `"…"` entry. On a difference, where and what.
fn as_shown(doc: &Value, real: &Value, at: &str) -> Result<(), String> {
    const MORE: &str = "…";
    match (doc, real) {
        (Value::Number(d), Value::Number(r)) if d.as_f64() == r.as_f64() => Ok(()),
        (Value::Object(d), Value::Object(r)) => {
            for (k, dv) in d.iter().filter(|(k, _)| *k != MORE) {
                let rv = r.get(k).ok_or(format!("{at}.{k}: not in the output"))?;
                as_shown(dv, rv, &format!("{at}.{k}"))?;
            }
            let extra: Vec<&String> = r.keys().filter(|k| !d.contains_key(*k)).collect();
            if d.contains_key(MORE) || extra.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{at}: the output also has {extra:?} (add \"{MORE}\": \"{MORE}\")"
                ))
            }
        }
        (Value::Array(d), Value::Array(r)) => {
            let more = d.iter().any(|v| v == MORE);
            let shown: Vec<&Value> = d.iter().filter(|v| *v != MORE).collect();
            let mut rest = r.iter().enumerate();
            for dv in &shown {
                rest.find(|(j, rv)| as_shown(dv, rv, &format!("{at}[{j}]")).is_ok())
                    .ok_or_else(|| {
                        format!("{at}: no entry (after those before it) is as shown: {dv}")
                    })?;
            }
            if more || shown.len() == r.len() {
                Ok(())
            } else {
                Err(format!(
                    "{at}: the output has {} entries, the doc {} (add \"{MORE}\")",
                    r.len(),
                    shown.len()
                ))
            }
        }
        _ if doc == real => Ok(()),
        _ => Err(format!("{at}: the doc shows {doc}, the output is {real}")),
    }
}

#[test]
fn the_json_example_in_the_docs_is_what_the_command_prints() {
    let root = format!("{}/../..", env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(format!("{root}/docs/cli.md")).unwrap();
    let words = shell_words(fenced(&doc, "## JSON output", "sh").trim());
    let prefix = ["cargo", "run", "-q", "-p", "wirelab-cli", "--"];
    assert_eq!(words[..prefix.len()], prefix, "{words:?}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args(&words[prefix.len()..])
        .current_dir(&root)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let real: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let shown: Value = serde_json::from_str(fenced(&doc, "## JSON output", "json"))
        .expect("the doc's JSON parses");
    if let Err(e) = as_shown(&shown, &real, "") {
        panic!(
            "docs/cli.md's JSON example is not what `{}` prints: {e}\nthe output:\n{}",
            words.join(" "),
            serde_json::to_string_pretty(&real).unwrap()
        );
    }
}

#[test]
fn the_doc_comparison_catches_a_difference() {
    let real = serde_json::json!({"a": 1, "b": [{"x": 1, "y": 2}, {"x": 3, "y": 4}], "c": 0.5});
    let ok = |d: Value| as_shown(&d, &real, "").map_err(|e| e.to_string());
    assert_eq!(ok(real.clone()), Ok(()));
    assert_eq!(
        ok(serde_json::json!({"a": 1.0, "b": [{"x": 3, "…": "…"}, "…"], "…": "…"})),
        Ok(())
    );
    assert!(
        ok(serde_json::json!({"a": 2, "…": "…"})).is_err(),
        "a value"
    );
    assert!(
        ok(serde_json::json!({"a": 1, "b": [{"x": 1, "y": 2}, "…"]})).is_err(),
        "c left out without …"
    );
    assert!(
        ok(serde_json::json!({"b": [{"x": 1, "y": 2}], "…": "…"})).is_err(),
        "an entry left out without …"
    );
    assert!(
        ok(serde_json::json!({"b": [{"x": 3, "y": 4}, {"x": 1, "y": 2}], "…": "…"})).is_err(),
        "order"
    );
    assert!(
        ok(serde_json::json!({"d": 1, "…": "…"})).is_err(),
        "a field not in the output"
    );
    assert_eq!(
        shell_words("cargo run -- run a.json \\\n    --incident \"10s kill X\" --json"),
        [
            "cargo",
            "run",
            "--",
            "run",
            "a.json",
            "--incident",
            "10s kill X",
            "--json"
        ]
    );
}

/// `wirelab compare`: the two reports are the two single runs, the customers are the
/// same, and the table says which side is better.
#[test]
fn compare_prints_both_designs_side_by_side() {
    let (a, b) = (
        scenario("checkout-sync.json"),
        scenario("checkout-events.json"),
    );
    let incident = ["--incident", "10s kill Analytics", "--duration", "30s"];
    let mut args = vec!["compare", &a, &b, "--seed", "5", "--json"];
    args.extend(incident);
    let (code, out, err) = wirelab(&args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["same_arrivals"], true);
    assert_eq!(v["a"]["users"]["arrived"], v["b"]["users"]["arrived"]);
    let failed_a = v["a"]["outcomes"]["failed"].as_u64().unwrap();
    let arrived = v["a"]["users"]["arrived"].as_u64().unwrap();
    assert!(failed_a * 2 > arrived, "{}", v["a"]["outcomes"]);
    assert_eq!(v["b"]["outcomes"]["failed"], 0);

    // A is exactly `wirelab run` of A with the same seed and incident.
    let mut single = vec!["run", &a, "--seed", "5", "--json"];
    single.extend(incident);
    let (_, one, _) = wirelab(&single);
    let one: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["a"]["trace_hash"], one["trace_hash"]);

    let mut human = vec!["compare", &a, &b, "--seed", "5"];
    human.extend(incident);
    let (code, out, _) = wirelab(&human);
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!("The same {arrived} customers arrived in both.")),
        "{out}"
    );
    let failed_line = out
        .lines()
        .find(|l| l.starts_with("failed: error"))
        .unwrap();
    assert!(failed_line.trim_end().ends_with('B'), "{failed_line}");

    let (code, _, err) = wirelab(&["compare", &a]);
    assert_eq!(code, 2);
    assert!(err.contains("missing B.json"), "{err}");

    // One comparison file carries both designs.
    let read = |f: &str| wirelab_model::decode(&std::fs::read_to_string(f).unwrap()).unwrap();
    let both = wirelab_model::encode_comparison(&read(&a), &read(&b));
    let path = std::env::temp_dir().join(format!("wirelab-cmp-{}.json", std::process::id()));
    std::fs::write(&path, both).unwrap();
    let mut one = vec!["compare", path.to_str().unwrap(), "--seed", "5", "--json"];
    one.extend(incident);
    let (code, out, err) = wirelab(&one);
    std::fs::remove_file(&path).ok();
    assert_eq!(code, 0, "{err}");
    let w: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(w["a"]["trace_hash"], v["a"]["trace_hash"]);
    assert_eq!(w["b"]["trace_hash"], v["b"]["trace_hash"]);
}

/// `wirelab trace`: one journey as lines, JSON or Mermaid; a journey that does not
/// exist is exit 1, a bad pick exit 2.
#[test]
fn trace_prints_one_journey() {
    let sync = scenario("checkout-sync.json");
    let kill = ["--incident", "5s kill Analytics", "--duration", "10s"];
    let mut args = vec!["trace", &sync, "--journey", "failed"];
    args.extend(kill);
    let (code, out, err) = wirelab(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("THE CUSTOMER: failed at Analytics (refused)"),
        "{out}"
    );

    let (code, out, _) = wirelab(&["trace", &sync, "--journey", "first", "--mermaid"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..2],
        ["sequenceDiagram", "    participant p0 as Users"]
    );
    assert!(out.contains("p0->>p1: request"), "{out}");

    let (code, out, _) = wirelab(&["trace", &sync, "--journey", "3", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], 3);
    assert!(v["steps"].as_array().unwrap().len() > 10);

    let (code, _, err) = wirelab(&["trace", &sync, "--journey", "failed", "--duration", "5s"]);
    assert_eq!(code, 1, "no failure without an incident");
    assert!(err.contains("no journey"), "{err}");
    let (code, _, err) = wirelab(&["trace", &sync, "--journey", "fastest"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not slowest, failed, first, latest, retried"),
        "{err}"
    );
    let (code, _, err) = wirelab(&["trace", &sync, "--mermaid", "--json"]);
    assert_eq!(code, 2);
    assert!(err.contains("exclude"), "{err}");
}

#[test]
fn impact_and_advise_print_the_review() {
    let sync = scenario("checkout-sync.json");
    let (code, out, err) = wirelab(&["impact", &sync, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for r in rows {
        assert_eq!(
            sorted(keys(r)),
            [
                "customers",
                "element",
                "kind",
                "late",
                "lost",
                "success_rate",
                "wait_p95_ms"
            ]
        );
        assert!(r["success_rate"].as_f64().unwrap() < 0.05, "{r}");
    }

    let (code, out, _) = wirelab(&["advise", &sync, "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"].as_array().unwrap();
    let ids: Vec<&str> = f.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["sync-side-effect"; 3]);
    assert_eq!(f[1]["elements"], serde_json::json!(["Order", "Analytics"]));
    assert_eq!(f[1]["fix"]["kind"], "event");
    assert!(f[1]["evidence"]["failed_share"].as_f64().unwrap() >= 0.9);

    let (code, out, _) = wirelab(&["advise", &sync]);
    assert_eq!(code, 0);
    assert!(
        out.contains("[sync-side-effect] Order waits for Analytics"),
        "{out}"
    );
    assert!(
        out.contains("  Fix: Turn Order → Analytics into an event"),
        "{out}"
    );
    let (code, out, _) = wirelab(&["advise", &sync, "--markdown"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# Checkout, all synchronous"), "{out}");
    let (code, _, err) = wirelab(&["advise", &sync, "--markdown", "--json"]);
    assert_eq!(code, 2);
    assert!(err.contains("exclude"), "{err}");
    let (code, _, err) = wirelab(&["impact", &sync, "--markdown"]);
    assert_eq!(code, 2, "--markdown is advise's");
    assert!(err.contains("unknown flag"), "{err}");
}

#[test]
fn pending_answers_are_reported_in_json_and_words() {
    let file = common::path("public/lessons/scenarios", "payment-compensated.json");
    let (code, out, err) = wirelab(&["run", &file, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("one JSON object");
    let p = &v["pending"];
    let n = |k: &str| p[k].as_u64().unwrap();
    assert!(n("answered") > 1000, "{p}");
    assert!(n("failed_later") > 0, "{p}");
    assert_eq!(n("compensated"), n("failed_later"), "{p}");
    assert_eq!(
        n("confirmed") + n("failed_later") + n("unsettled"),
        n("answered")
    );
    let (code, out, _) = wirelab(&["run", &file]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Pending answers: ") && out.contains("of them compensated"),
        "{out}"
    );
}

/// `exercise verify` proves a bundled walkthrough, and names the seed and criterion where
/// an exercise whose reference does not solve it fails.
#[test]
fn exercise_verify_proves_a_walkthrough_and_names_where_a_bad_one_fails() {
    let good = common::path("public/lessons", "w2-checkout-survives-analytics.json");
    let (code, out, err) = wirelab(&["exercise", "verify", &good, "--seeds", "12"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("every rule holds on 12 seeds"), "{out}");
    // Its reference replaced by its start: the reference fails on every seed.
    let mut l: Value = serde_json::from_str(&std::fs::read_to_string(&good).unwrap()).unwrap();
    l["walkthrough"]["reference"] = l["walkthrough"]["start"].clone();
    let dir = std::env::temp_dir().join(format!("wirelab-exercise-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("lessons")).unwrap();
    let bad = dir.join("lessons/bad.json");
    std::fs::write(&bad, serde_json::to_string(&l).unwrap()).unwrap();
    // Its designs, where the lesson's paths point (beside the site the file sits in).
    let scenarios = common::path("public/lessons", "scenarios");
    std::fs::create_dir_all(dir.join("lessons/scenarios")).unwrap();
    for e in std::fs::read_dir(&scenarios).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("lessons/scenarios").join(e.file_name())).unwrap();
    }
    let (code, out, _) = wirelab(&[
        "exercise",
        "verify",
        bad.to_str().unwrap(),
        "--seeds",
        "3",
        "--json",
    ]);
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["ok"], false);
    let problems: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("seed 0: reference: `")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("fails (measured")),
        "{problems:?}"
    );
    // Bad input is 2, with the reason.
    let (code, _, err) = wirelab(&["exercise", "verify", &good, "--seeds", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("--seeds takes 1 to 100000"), "{err}");
    let (code, _, err) = wirelab(&["exercise", "check", &good]);
    assert_eq!(code, 2);
    assert!(err.contains("`exercise` takes `verify`"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
