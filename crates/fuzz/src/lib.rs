//! One file on purpose (over 600 lines): the five targets share the corpus and the mutators,
//! and a campaign reads top to bottom.
//!
//! A mutation fuzzer over Wirelab's pure crates, seeded with every bundled scenario and
//! lesson and the reproducers in `tests/repros/`. Five targets, each with invariants:
//!
//! - `decode`: a document decodes and validates, or is refused with problems; what is
//!   accepted round-trips through `encode`, through a share link, and validates.
//! - `link`: any fragment text opens or is refused; the refusal's text stays short.
//! - `text`: incident scripts, checks and durations parse or are refused; what parses
//!   prints back to text that parses to the same value.
//! - `edit`: random editor commands (odd names, moves, wires, flips, undo/redo) on an
//!   accepted document; each accepted edit leaves a document that saves and restores.
//! - `run`: short engine runs of accepted documents: accounting holds, and a second run
//!   stepped in other slices gives the same trace hash.
//!
//! A case is a seed: `Case::new(seed)` makes the same input every time, so a failure is
//! replayed with `wirelab-fuzz --seed N`. Panics are caught and counted.

use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use wirelab_editor::{share, Command, Editor, Preset, Style};
use wirelab_engine::{Run, StepResult};
use wirelab_model::{
    decode, decode_lesson, encode, parse_duration_ms, parse_script, validate, Check, Measure,
    NodeId, Pos, Scenario, WireId,
};

/// The engine's SplitMix64 stream, one per case, with the picks the mutators need.
pub struct Rng(wirelab_engine::Rng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(wirelab_engine::Rng::stream(seed, 0xF022, 0))
    }
    pub fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    /// Uniform in `[0, n)` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.upto(n.saturating_sub(1) as u64) as usize
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
}

/// The seed corpus: documents, lessons, link fragments and texts.
pub struct Corpus {
    pub docs: Vec<String>,
    pub lessons: Vec<String>,
    pub links: Vec<String>,
    pub texts: Vec<String>,
}

impl Corpus {
    /// Reads the bundled scenarios, lessons and reproducers from the repository.
    pub fn load() -> Corpus {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let files = |dir: &str| -> Vec<(String, String)> {
            let mut v: Vec<(String, String)> = std::fs::read_dir(format!("{root}/{dir}"))
                .map(|d| {
                    d.filter_map(|e| {
                        let p = e.ok()?.path();
                        let text = std::fs::read_to_string(&p).ok()?;
                        Some((p.file_name()?.to_string_lossy().into_owned(), text))
                    })
                    .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        let mut c = Corpus {
            docs: vec![],
            lessons: vec![],
            links: vec![],
            texts: vec![],
        };
        for dir in [
            "public/scenarios",
            "public/lessons/scenarios",
            "public/lessons",
            "tests/repros",
        ] {
            for (name, text) in files(dir) {
                if name.ends_with(".link.txt") {
                    c.links.push(text.trim().to_string());
                } else if name.ends_with(".txt") {
                    c.texts.push(text);
                } else if text.contains("\"wirelab-lesson\"") {
                    c.lessons.push(text);
                } else if name.ends_with(".json") && !name.starts_with("index") {
                    c.docs.push(text);
                }
            }
        }
        for d in c.docs.clone() {
            if let Ok(s) = decode(&d) {
                c.links.push(share::encode(&s));
                c.texts.push(wirelab_model::format_script(&s.incidents));
            }
        }
        for l in &c.lessons {
            if let Ok(v) = serde_json::from_str::<Value>(l) {
                collect_strings(&v, &mut c.texts);
            }
        }
        c.texts.extend(
            [
                "success_rate during 10s..40s >= 99%",
                "backlog(OrderCreated -> Analytics) == 0 at end",
                "lost == 0",
                "wait_p95 <= 150ms",
                "handled(CRM) >= 0.99 * succeeded",
                "1.5s",
                "250ms",
                "at 10s lose-responses Order -> Payment 50%",
            ]
            .map(String::from),
        );
        c
    }
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.len() < 400 => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// Text that has broken parsers before: odd spaces, controls, marks, long runs.
const ODD: &[&str] = &[
    "\u{a0}",
    "\u{2003}",
    "\u{3000}",
    "\u{1680}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "\t",
    "\n",
    ";",
    "#",
    "->",
    "→",
    "×",
    "%",
    "/s",
    "..",
    "é",
    "e\u{301}",
    "🙂",
    "\u{202e}",
    "\0",
    "\"",
    "\\",
    "ms",
    "s",
    "m",
    "h",
    "x",
    "-",
    ".",
    "1e9",
    "NaN",
    "-0",
    "18446744073709551616",
];

fn odd_string(r: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..r.below(6) {
        match r.below(4) {
            0 => s.push_str(r.word(ODD)),
            1 => s.push_str(&r.next().to_string()[..1 + r.below(6)]),
            2 => s.push(char::from_u32(r.below(0x3000) as u32).unwrap_or('?')),
            _ => s.push_str(r.word(&["Order", "Payment", "Users", "Analytics", "kill", "slow"])),
        }
    }
    if r.chance(50) {
        s.push_str(&"n".repeat(r.below(200_000)));
    }
    s
}

fn odd_number(r: &mut Rng) -> Value {
    let v: f64 = match r.below(12) {
        0 => 0.0,
        1 => -1.0,
        2 => 1e-3,
        3 => f64::from(u32::MAX),
        4 => 4_294_967_296.0,
        5 => 1e300,
        6 => 86_400_000.0,
        7 => 0.5,
        8 => 100_000.0,
        9 => (r.below(2_000) as f64) / 7.0,
        10 => r.below(50) as f64,
        _ => (r.next() % 1_000_000) as f64,
    };
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// One structural change somewhere in `v`.
fn mutate_value(v: &mut Value, r: &mut Rng, depth: usize) {
    let here = depth > 6 || r.chance(4);
    match v {
        Value::Object(m) if !m.is_empty() && !here => {
            let k = m.keys().nth(r.below(m.len())).cloned().unwrap_or_default();
            if r.chance(12) {
                m.remove(&k);
            } else if let Some(x) = m.get_mut(&k) {
                mutate_value(x, r, depth + 1);
            }
        }
        Value::Array(a) if !a.is_empty() && !here => {
            let i = r.below(a.len());
            match r.below(10) {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let x = a[i].clone();
                    a.insert(r.below(a.len() + 1), x);
                }
                _ => mutate_value(&mut a[i], r, depth + 1),
            }
        }
        Value::Number(_) => {
            *v = if r.chance(8) {
                Value::String(odd_string(r))
            } else {
                odd_number(r)
            }
        }
        Value::String(s) => match r.below(5) {
            0 => *s = odd_string(r),
            1 => s.push_str(r.word(ODD)),
            2 => s.insert_str(0, r.word(ODD)),
            3 => *v = odd_number(r),
            _ => {
                *s = r
                    .word(&[
                        "users",
                        "service",
                        "topic",
                        "call",
                        "publish",
                        "subscribe",
                        "request_reply",
                        "manual",
                        "bursts",
                        "poisson",
                        "constant",
                        "outbox",
                        "drop",
                        "kill",
                        "send",
                        "load",
                        "slow",
                    ])
                    .to_string()
            }
        },
        Value::Bool(b) => *b = !*b,
        _ => {
            *v = match r.below(4) {
                0 => Value::Null,
                1 => Value::Array(vec![]),
                2 => odd_number(r),
                _ => Value::String(odd_string(r)),
            }
        }
    }
}

/// Byte-level damage: cut, splice, flip, a BOM.
fn mutate_text(s: &str, r: &mut Rng) -> String {
    let mut b = s.as_bytes().to_vec();
    match r.below(6) {
        0 if !b.is_empty() => b.truncate(r.below(b.len())),
        1 if !b.is_empty() => {
            let i = r.below(b.len());
            b[i] ^= 1 << r.below(8);
        }
        2 => {
            let i = r.below(b.len() + 1);
            b.splice(i..i, r.word(ODD).bytes());
        }
        3 => b.splice(0..0, "\u{feff}".bytes()).for_each(drop),
        4 if b.len() > 2 => {
            let (i, j) = (r.below(b.len()), r.below(b.len()));
            b.drain(i.min(j)..i.max(j));
        }
        _ => {}
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// A mutated document: mostly structure-aware, sometimes damaged bytes.
fn doc_input(c: &Corpus, r: &mut Rng) -> String {
    let seed = &c.docs[r.below(c.docs.len())];
    let mut v: Value =
        serde_json::from_str(seed.trim_start_matches('\u{feff}')).unwrap_or(Value::Null);
    for _ in 0..1 + r.below(4) {
        // Half the time only numbers change, so more inputs reach validation and beyond.
        if r.chance(2) {
            mutate_numbers(&mut v, r);
        } else {
            mutate_value(&mut v, r, 0);
        }
    }
    let text = if r.chance(3) {
        v.to_string()
    } else {
        serde_json::to_string_pretty(&v).unwrap_or_default()
    };
    if r.chance(5) {
        mutate_text(&text, r)
    } else {
        text
    }
}

/// A valid design for a run: a bundled one with a few values changed (numbers only, so
/// most stay valid) and sometimes a random incident script.
fn run_input(c: &Corpus, r: &mut Rng) -> Option<Scenario> {
    for _ in 0..8 {
        let seed = &c.docs[r.below(c.docs.len())];
        let Ok(mut v) = serde_json::from_str::<Value>(seed.trim_start_matches('\u{feff}')) else {
            continue;
        };
        for _ in 0..1 + r.below(3) {
            mutate_numbers(&mut v, r);
        }
        if let Ok(mut doc) = decode(&v.to_string()) {
            if r.chance(2) {
                let names: Vec<String> = doc.nodes.iter().map(|n| n.name.clone()).collect();
                let mut script = String::new();
                for _ in 0..1 + r.below(4) {
                    let verb = r.word(&["kill", "revive", "hang", "slow", "error", "send", "load"]);
                    let arg = match verb {
                        "slow" => " x4",
                        "error" => " 50%",
                        "send" => " 3",
                        "load" => " 200/s",
                        _ => "",
                    };
                    let name = &names[r.below(names.len())];
                    script += &format!("at {}ms {verb} {name}{arg}\n", r.below(3_000));
                }
                if let Ok(incidents) = parse_script(&script) {
                    let before = doc.incidents.clone();
                    doc.incidents = incidents;
                    if !validate(&doc).is_empty() {
                        doc.incidents = before;
                    }
                }
            }
            return Some(doc);
        }
    }
    None
}

/// Changes one number somewhere in `v` to an edge value.
fn mutate_numbers(v: &mut Value, r: &mut Rng) {
    fn count(v: &Value) -> usize {
        match v {
            Value::Number(_) => 1,
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(m) => m.values().map(count).sum(),
            _ => 0,
        }
    }
    /// Replaces the `k`-th number (depth first); returns how many it passed.
    fn set(v: &mut Value, k: usize, new: &Value) -> usize {
        match v {
            Value::Number(_) if k == 0 => {
                *v = new.clone();
                usize::MAX
            }
            Value::Number(_) => 1,
            Value::Array(a) => walk(a.iter_mut(), k, new),
            Value::Object(m) => walk(m.values_mut(), k, new),
            _ => 0,
        }
    }
    fn walk<'a>(items: impl Iterator<Item = &'a mut Value>, mut k: usize, new: &Value) -> usize {
        let mut passed = 0;
        for x in items {
            let n = set(x, k, new);
            if n == usize::MAX {
                return usize::MAX;
            }
            passed += n;
            k -= n;
        }
        passed
    }
    let n = count(v);
    if n > 0 {
        let k = r.below(n);
        set(v, k, &odd_number(r));
    }
}

/// What one target run found wrong (a broken invariant), if anything.
pub type Verdict = Result<(), String>;

fn target_decode(input: &str) -> Verdict {
    match decode(input) {
        Err(problems) => {
            let len: usize = problems.iter().map(|p| p.to_string().len()).sum();
            if problems.is_empty() || problems.len() > 51 || len > 100_000 {
                return Err(format!("{} problems, {len} bytes", problems.len()));
            }
            Ok(())
        }
        Ok(s) => {
            if !validate(&s).is_empty() {
                return Err("decoded but does not validate".into());
            }
            let again = decode(&encode(&s)).map_err(|p| format!("encode round trip: {p:?}"))?;
            if again != s {
                return Err("encode round trip changed the design".into());
            }
            let linked = share::decode(&share::encode(&s)).map_err(|e| format!("link: {e}"))?;
            if linked != s {
                return Err("link round trip changed the design".into());
            }
            let pair = wirelab_model::encode_comparison(&s, &s);
            match wirelab_model::decode_comparison(&pair) {
                Ok((a, b)) if a == s && b == s => {}
                _ => return Err("comparison round trip changed the designs".into()),
            }
            Ok(())
        }
    }
}

fn target_link(input: &str) -> Verdict {
    // A comparison link's design B is read and checked the same way.
    if let Some(Ok(b)) = share::decode_b(input) {
        if !validate(&b).is_empty() {
            return Err("a comparison link opened an invalid design B".into());
        }
    }
    match share::decode(input) {
        Ok(s) if !validate(&s).is_empty() => Err("a link opened an invalid design".into()),
        Ok(_) => Ok(()),
        Err(e) if e.to_string().len() > 100_000 => {
            Err(format!("{} bytes of error", e.to_string().len()))
        }
        Err(_) => Ok(()),
    }
}

fn target_text(input: &str) -> Verdict {
    if let Ok(script) = parse_script(input) {
        let printed = wirelab_model::format_script(&script);
        let again =
            parse_script(&printed).map_err(|e| format!("script reprint `{printed}`: {e:?}"))?;
        if again != script {
            return Err(format!("script round trip: `{printed}`"));
        }
    }
    if let Ok(check) = Check::parse(input) {
        let printed = check.to_string();
        let again =
            Check::parse(&printed).map_err(|e| format!("check reprint `{printed}`: {e}"))?;
        if again != check {
            return Err(format!("check round trip: `{printed}`"));
        }
    }
    let _ = Measure::parse(input);
    if let Ok(ms) = parse_duration_ms(input) {
        let printed = wirelab_model::format_duration_ms(ms);
        if parse_duration_ms(&printed) != Ok(ms) {
            return Err(format!("duration round trip: `{printed}`"));
        }
    }
    let _ = decode_lesson(input);
    Ok(())
}

/// Random edits on an accepted document; each accepted edit must leave a document that
/// the autosave can restore.
fn target_edit(doc: Scenario, r: &mut Rng) -> Verdict {
    let mut ed = Editor::new(doc);
    for _ in 0..1 + r.below(12) {
        let nodes: Vec<NodeId> = ed.doc().nodes.iter().map(|n| n.id).collect();
        let wires: Vec<WireId> = ed.doc().wires.iter().map(|w| w.id).collect();
        let node = |r: &mut Rng| {
            nodes
                .get(r.below(nodes.len()))
                .copied()
                .unwrap_or(NodeId(0))
        };
        let wire = |r: &mut Rng| {
            wires
                .get(r.below(wires.len()))
                .copied()
                .unwrap_or(WireId(0))
        };
        let pos = |r: &mut Rng| Pos {
            x: r.below(4_000) as f64 - 2_000.0,
            y: r.below(4_000) as f64 - 2_000.0,
        };
        let cmd = match r.below(10) {
            0 => Command::AddNode {
                preset: [Preset::Users, Preset::Service, Preset::Topic, Preset::Order][r.below(4)],
                pos: pos(r),
            },
            1 => Command::Rename {
                id: node(r),
                name: odd_string(r),
            },
            2 => Command::Connect {
                from: node(r),
                to: node(r),
                style: [Style::Call, Style::Event][r.below(2)],
            },
            3 => Command::FlipWire(wire(r)),
            4 => Command::Delete {
                nodes: vec![node(r)],
                wires: vec![wire(r)],
            },
            5 => Command::MoveNodes {
                ids: vec![node(r)],
                delta: pos(r),
            },
            6 => Command::Duplicate {
                ids: vec![node(r)],
                offset: pos(r),
            },
            7 => {
                let _ = ed.undo();
                continue;
            }
            8 => {
                let _ = ed.redo();
                continue;
            }
            _ => match parse_script(&odd_string(r)) {
                Ok(script) => Command::SetIncidents(script),
                Err(_) => continue,
            },
        };
        if ed.apply(cmd.clone()).is_ok() {
            let doc = ed.doc();
            if validate(doc).is_empty() {
                decode(&encode(doc))
                    .map_err(|p| format!("after {cmd:?} the autosave would not restore: {p:?}"))?;
            }
            let mut ids: Vec<u32> = doc
                .nodes
                .iter()
                .map(|n| n.id.0)
                .chain(doc.wires.iter().map(|w| w.id.0))
                .collect();
            ids.sort_unstable();
            if ids.windows(2).any(|w| w[0] == w[1]) || ids.last().is_some_and(|&m| m >= doc.next_id)
            {
                return Err(format!(
                    "after {cmd:?} ids are duplicated or not below next_id"
                ));
            }
        }
    }
    Ok(())
}

/// A short run (at most 3 simulated seconds, 300,000 events) stepped two ways.
fn target_run(doc: &Scenario, r: &mut Rng) -> Verdict {
    let end = 3_000_000;
    let mut a = Run::new(doc, r.next() % 1_000).map_err(|p| format!("valid but no run: {p:?}"))?;
    let mut b = a.clone();
    let mut events = 0;
    while events < 300_000 && a.step_until(end, 5_000) == StepResult::Budget {
        events += 5_000;
        let acc = a.accounting();
        if !acc.ok {
            return Err(format!("accounting: {:?}", acc.problems));
        }
    }
    let target = a.events_processed();
    while b.events_processed() < target {
        let slice = 1 + r.below(20_000) as u64;
        let left = target - b.events_processed();
        if b.step_until(end, slice.min(left)) != StepResult::Budget && b.events_processed() < target
        {
            break;
        }
    }
    if a.trace_hash() != b.trace_hash() || a.events_processed() != b.events_processed() {
        return Err(format!(
            "nondeterminism: {} vs {} events",
            a.events_processed(),
            b.events_processed()
        ));
    }
    if !a.accounting().ok {
        return Err(format!("accounting: {:?}", a.accounting().problems));
    }
    Ok(())
}

/// Counts per target.
#[derive(Default, Debug, Clone, Copy)]
pub struct Tally {
    pub cases: u64,
    pub accepted: u64,
    pub panics: u64,
    pub broken: u64,
}

pub const TARGETS: [&str; 5] = ["decode", "link", "text", "edit", "run"];

/// Runs case `seed` against target `t`; `Ok(accepted)` or the failure.
pub fn case(c: &Corpus, t: usize, seed: u64) -> Result<bool, String> {
    let mut r = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ t as u64);
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<bool, String> {
        match TARGETS[t] {
            "decode" => {
                let input = doc_input(c, &mut r);
                let _ = wirelab_model::decode_comparison(&input);
                target_decode(&input).map(|_| decode(&input).is_ok())
            }
            "link" => {
                let seed = match decode(&doc_input(c, &mut r)) {
                    Ok(s) if r.chance(4) => share::encode_pair(&s, &s),
                    Ok(s) if r.chance(2) => share::encode(&s),
                    _ => c.links[r.below(c.links.len())].clone(),
                };
                let input = mutate_text(&seed, &mut r);
                target_link(&input).map(|_| share::decode(&input).is_ok())
            }
            "text" => {
                let mut s = c.texts[r.below(c.texts.len())].clone();
                for _ in 0..1 + r.below(3) {
                    s = if r.chance(2) {
                        mutate_text(&s, &mut r)
                    } else {
                        format!("{s}{}", odd_string(&mut r))
                    };
                }
                target_text(&s).map(|_| parse_script(&s).is_ok())
            }
            "edit" => match decode(&doc_input(c, &mut r))
                .or_else(|_| decode(&c.docs[r.below(c.docs.len())]))
            {
                Ok(doc) => target_edit(doc, &mut r).map(|_| true),
                Err(_) => Ok(false),
            },
            _ => match run_input(c, &mut r) {
                Some(doc) => target_run(&doc, &mut r).map(|_| true),
                None => Ok(false),
            },
        }
    }));
    outcome.unwrap_or_else(|e| {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(format!("PANIC: {msg}"))
    })
}

/// Runs `per_target` cases of each target from `first_seed`; prints failures with their
/// seed and returns the tallies.
pub fn campaign(c: &Corpus, first_seed: u64, per_target: [u64; 5]) -> [Tally; 5] {
    let mut tally = [Tally::default(); 5];
    for t in 0..TARGETS.len() {
        for i in 0..per_target[t] {
            let seed = first_seed + i;
            tally[t].cases += 1;
            match case(c, t, seed) {
                Ok(accepted) => tally[t].accepted += u64::from(accepted),
                Err(e) => {
                    if e.starts_with("PANIC") {
                        tally[t].panics += 1;
                    } else {
                        tally[t].broken += 1;
                    }
                    eprintln!(
                        "{} seed {seed}: {}",
                        TARGETS[t],
                        e.chars().take(400).collect::<String>()
                    );
                }
            }
        }
    }
    tally
}

/// The table `make fuzz` and the test print.
pub fn table(tally: &[Tally; 5], secs: f64) -> String {
    let mut s = format!(
        "{:<8} {:>10} {:>10} {:>7} {:>7}\n",
        "target", "cases", "accepted", "panics", "broken"
    );
    for (t, n) in tally.iter().enumerate() {
        s += &format!(
            "{:<8} {:>10} {:>10} {:>7} {:>7}\n",
            TARGETS[t], n.cases, n.accepted, n.panics, n.broken
        );
    }
    let total: u64 = tally.iter().map(|t| t.cases).sum();
    s += &format!("{total} inputs in {secs:.1} s\n");
    s
}
