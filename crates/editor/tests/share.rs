//! Share links: random valid scenarios survive the link exactly; damaged, foreign and
//! newer links are refused with a precise reason. A failing case prints its seed; rerun
//! it with `WIRELAB_SEED=<seed> cargo test -p wirelab-editor --test share`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use wirelab_editor::share::{
    decode, decode_b, encode, encode_pair, size_warning, ShareError, LINK_VERSION,
};
use wirelab_model::*;

const CASES: u64 = 300;

mod common;
use common::Rng;

/// Sampling for random scenarios, on the shared generator.
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Any float in `[0, hi]` with a full mantissa, so a lossy float codec would show.
    fn float(&mut self, hi: f64) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 * hi
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    fn latency(&mut self) -> Latency {
        let shape = [Shape::Fixed, Shape::Uniform, Shape::Exponential][self.below(3) as usize];
        Latency {
            base_ms: self.float(500.0),
            jitter_ms: self.float(200.0),
            shape,
        }
    }
    fn backoff(&mut self) -> Backoff {
        let base_ms = self.float(1_000.0);
        Backoff {
            kind: if self.coin() {
                BackoffKind::Fixed
            } else {
                BackoffKind::Exponential
            },
            base_ms,
            max_ms: base_ms + self.float(10_000.0),
            jitter: self.float(1.0),
        }
    }
    fn name(&mut self, i: usize) -> String {
        const PARTS: [&str; 6] = [
            "Order",
            "Pay \"quoted\"",
            "Ünïcode 注文",
            "a\\b",
            "e-mail",
            "🚀",
        ];
        format!("{} {i}", PARTS[self.below(PARTS.len() as u64) as usize])
    }
}

/// A random scenario that validates: users call services, services call later services
/// only (so no cycle), publish to topics, and topics feed services.
fn random_scenario(rng: &mut Rng) -> Scenario {
    let mut s = Scenario::new(&rng.name(0));
    s.description = "line one\nline \"two\" — ünïcode".into();
    s.seed = rng.next();
    s.duration_ms = 1 + rng.below(86_400_000);
    s.max_in_flight = 100 + rng.below(1_000_000) as u32;
    let pos = |rng: &mut Rng| Pos {
        x: rng.float(4_000.0) - 2_000.0,
        y: rng.float(3_000.0),
    };
    let services: Vec<NodeId> = (0..1 + rng.below(8) as usize)
        .map(|i| {
            let cfg = ServiceConfig {
                latency: rng.latency(),
                workers: 1 + rng.below(100) as u32,
                queue: rng.below(1_000) as u32,
                error_rate: rng.float(1.0),
                calls: if rng.coin() {
                    CallMode::Parallel
                } else {
                    CallMode::Sequential
                },
                answer_pending: rng.coin(),
            };
            let (name, p) = (rng.name(i + 1), pos(rng));
            s.add_node(&name, p, NodeKind::Service(cfg))
        })
        .collect();
    let topics: Vec<NodeId> = (0..rng.below(3) as usize)
        .map(|i| {
            let (name, p) = (format!("Topic {i}"), pos(rng));
            s.add_node(&name, p, NodeKind::Topic(TopicConfig::default()))
        })
        .collect();
    for u in 0..rng.below(3) as usize {
        let arrival = match rng.below(4) {
            0 => Arrival::Manual,
            1 => Arrival::Constant {
                rate_per_s: rng.float(1_000.0),
            },
            2 => Arrival::Poisson {
                rate_per_s: rng.float(1_000.0),
            },
            _ => Arrival::Bursts {
                size: 1 + rng.below(500) as u32,
                every_ms: 1.0 + rng.float(9_000.0),
            },
        };
        let cfg = UsersConfig {
            arrival,
            patience_ms: 1.0 + rng.float(60_000.0),
            keys: rng.below(300) as u32,
        };
        let p = pos(rng);
        let id = s.add_node(&format!("Users {u}"), p, NodeKind::Users(cfg));
        let entry = services[rng.below(services.len() as u64) as usize];
        let call = random_call(rng);
        s.add_wire(id, entry, WireKind::Call(call));
    }
    for (i, &from) in services.iter().enumerate() {
        for &to in &services[i + 1..] {
            if rng.below(3) == 0 {
                let call = random_call(rng);
                s.add_wire(from, to, WireKind::Call(call));
            }
        }
        for &t in &topics {
            if rng.coin() {
                let p = PublishConfig {
                    network: rng.latency(),
                    on_broker_down: [
                        BrokerDownPolicy::Fail,
                        BrokerDownPolicy::Drop,
                        BrokerDownPolicy::Outbox,
                    ][rng.below(3) as usize],
                    outbox_poll_ms: 1.0 + rng.float(5_000.0),
                    timeout_ms: 1.0 + rng.float(5_000.0),
                    compensate: rng.coin(),
                };
                s.add_wire(from, t, WireKind::Publish(p));
            }
            if rng.coin() {
                let sub = SubscribeConfig {
                    network: rng.latency(),
                    max_deliveries: 1 + rng.below(100) as u32,
                    backoff: rng.backoff(),
                    ack_timeout_ms: 1.0 + rng.float(60_000.0),
                    max_in_flight: 1 + rng.below(1_000) as u32,
                    idempotent: rng.coin(),
                    poison_rate: rng.float(1.0),
                    in_order: rng.coin(),
                };
                s.add_wire(t, from, WireKind::Subscribe(sub));
            }
        }
    }
    let target = s.nodes[0].name.clone();
    if rng.coin() {
        s.incidents.push(Incident {
            at_ms: rng.below(60_000),
            action: Action::Kill {
                target: target.clone(),
            },
        });
        s.incidents.push(Incident {
            at_ms: rng.below(60_000),
            action: Action::ErrorRate {
                target,
                rate: rng.float(1.0),
            },
        });
    }
    s
}

fn random_call(rng: &mut Rng) -> CallConfig {
    CallConfig {
        network: rng.latency(),
        timeout_ms: 1.0 + rng.float(30_000.0),
        max_attempts: 1 + rng.below(20) as u32,
        backoff: rng.backoff(),
        on_failure: [
            FailurePolicy::Fail,
            FailurePolicy::Degrade,
            FailurePolicy::FailClosed,
        ][rng.below(3) as usize],
        idempotency_key: rng.coin(),
        breaker: rng.coin().then(|| BreakerConfig {
            failure_threshold: 1 + rng.below(1_000) as u32,
            open_ms: 1.0 + rng.float(60_000.0),
        }),
        answer_needed: rng.coin(),
    }
}

fn seeds() -> Vec<u64> {
    match std::env::var("WIRELAB_SEED") {
        Ok(s) => vec![s.parse().expect("WIRELAB_SEED is a number")],
        Err(_) => (1..=CASES).collect(),
    }
}

#[test]
fn share_round_trips_random_scenarios_exactly() {
    for seed in seeds() {
        let doc = random_scenario(&mut Rng(seed));
        assert_eq!(
            validate(&doc),
            vec![],
            "seed {seed}: the generator made an invalid scenario"
        );
        let link = encode(&doc);
        assert!(link.starts_with("s=1."), "seed {seed}: {link}");
        assert!(
            link.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.=".contains(&b)),
            "seed {seed}: the link needs escaping in a URL"
        );
        let back = decode(&format!("#{link}")).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert!(back == doc, "seed {seed}: the link changed the scenario");
    }
}

#[test]
fn share_reads_a_whole_pasted_url() {
    let doc = random_scenario(&mut Rng(7));
    let url = format!("https://example.org/wirelab/?x=1#{}", encode(&doc));
    assert!(decode(&url) == Ok(doc));
}

fn checkout() -> Scenario {
    let json = include_str!("../../../public/scenarios/checkout-events.json");
    decode_file(json)
}

fn decode_file(json: &str) -> Scenario {
    wirelab_model::decode(json).expect("the bundled scenario is valid")
}

#[test]
fn share_checkout_link_is_small() {
    let doc = checkout();
    let link = encode(&doc);
    let file = wirelab_model::encode(&doc).len();
    println!(
        "checkout-events: file {file} bytes, share fragment #{link} = {} bytes",
        link.len() + 1
    );
    assert!(link.len() < 2_048, "{} bytes", link.len());
    assert!(decode(&link) == Ok(doc));
}

#[test]
fn share_refuses_a_newer_link_with_both_versions() {
    let link = encode(&checkout()).replacen("s=1.", "s=3.", 1);
    let e = decode(&link).unwrap_err();
    assert_eq!(e, ShareError::Newer { version: 3 });
    assert_eq!(
        e.to_string(),
        format!("this link was made by a newer Wirelab (format v3); this version reads up to v{LINK_VERSION}")
    );
}

#[test]
fn share_refuses_corrupted_links_precisely() {
    let link = encode(&checkout());
    // Cut at a whole base64 quantum, so the bytes decode and the inflater notices.
    let cut = &link[..4 + (link.len() - 4) / 2 / 4 * 4];
    let e = decode(cut);
    assert!(
        matches!(&e, Err(ShareError::Corrupted(m)) if m.contains("decompress")),
        "{e:?}"
    );
    let bad_char = format!("{}*{}", &link[..10], &link[11..]);
    assert!(matches!(decode(&bad_char), Err(ShareError::Corrupted(m)) if m.contains("base64")));
    assert!(matches!(decode("s=1"), Err(ShareError::Corrupted(m)) if m.contains("version mark")));
    assert!(matches!(decode("s=x.abc"), Err(ShareError::Corrupted(m)) if m.contains("`x`")));
    assert_eq!(decode("#view=3"), Err(ShareError::NotALink));
    // Only a share carries a design: the page greets a visitor with any other fragment.
    assert!(!wirelab_editor::share::carries_design("#view=3"));
    assert!(!wirelab_editor::share::carries_design(""));
    assert!(wirelab_editor::share::carries_design("#s=1.broken"));
    assert!(wirelab_editor::share::carries_design(
        "https://x.test/#b=1.x&s=1.y"
    ));
    assert_eq!(decode(""), Err(ShareError::NotALink));
    assert!(decode(cut)
        .unwrap_err()
        .to_string()
        .starts_with("the share link is damaged"));
}

#[test]
fn share_reports_every_problem_of_an_invalid_design() {
    let mut doc = checkout();
    let NodeKind::Service(cfg) = &mut doc.nodes[1].kind else {
        panic!("node 2 is a service")
    };
    cfg.workers = 0;
    cfg.error_rate = 2.0;
    let json = serde_json::to_vec(&doc).unwrap();
    let link = format!(
        "s=1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 6))
    );
    let Err(ShareError::Invalid(problems)) = decode(&link) else {
        panic!("accepted an invalid design")
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["kind.workers", "kind.error_rate"]);
    let text = decode(&link).unwrap_err().to_string();
    assert!(
        text.starts_with("the shared design has 2 problems:"),
        "{text}"
    );
}

#[test]
fn share_warns_past_8_kb_only() {
    assert_eq!(size_warning(1_500), None);
    assert_eq!(size_warning(8 * 1024), None);
    let w = size_warning(9 * 1024).expect("a warning");
    assert!(w.contains("9.0 KB") && w.contains("8 KB"), "{w}");
}

#[test]
fn share_warns_for_a_big_design() {
    // 300 services with distinct random parameters do not compress below 8 KB.
    let mut rng = Rng(99);
    let mut doc = Scenario::new("big");
    for i in 0..300 {
        let cfg = ServiceConfig {
            latency: rng.latency(),
            ..ServiceConfig::default()
        };
        doc.add_node(
            &format!("Service {i}"),
            Pos {
                x: rng.float(9e3),
                y: rng.float(9e3),
            },
            NodeKind::Service(cfg),
        );
    }
    let link = encode(&doc);
    assert!(size_warning(link.len()).is_some(), "{} bytes", link.len());
    assert!(decode(&link) == Ok(doc));
}

fn repro(name: &str) -> String {
    let p = format!("{}/../../tests/repros/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// A 9.8 KB link whose design has a 1,000,000-character name and 2,000 duplicate wires
/// once made 2 GB of error text.
#[test]
fn share_error_text_stays_short() {
    let e = decode(&repro("long-name-1m.link.txt")).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, ShareError::Invalid(_)), "{text:.200}");
    assert!(text.len() < 20_000, "{} bytes", text.len());
    assert!(text.contains("more problems"), "{text:.400}");
}

/// 100 MiB of zeros, deflated: refused at the 16 MiB limit, in words.
#[test]
fn share_refuses_an_oversize_link_in_words() {
    let e = decode(&repro("zeros-100m.link.txt")).unwrap_err();
    assert_eq!(e, ShareError::TooLarge);
    assert_eq!(
        e.to_string(),
        "this link expands past 16 MiB; Wirelab refuses it"
    );
}

/// A share link made before format version 2 opens, through the model's migration.
#[test]
fn a_version_1_link_opens() {
    let doc = checkout();
    let v1 = serde_json::to_string(&doc)
        .unwrap()
        .replacen("\"version\":2", "\"version\":1", 1);
    assert!(v1.contains("\"version\":1"));
    let link = format!(
        "s=1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(v1.as_bytes(), 6))
    );
    assert_eq!(decode(&link), Ok(doc));
}

/// A comparison link carries both designs; its first part is a plain link to A, so an
/// older Wirelab opens A alone, and B's damage is reported as B's.
#[test]
fn share_carries_a_comparison_of_two_designs() {
    for seed in seeds().into_iter().take(40) {
        let (a, b) = (
            random_scenario(&mut Rng(seed)),
            random_scenario(&mut Rng(seed + 1000)),
        );
        let link = encode_pair(&a, &b);
        assert!(link.starts_with(&encode(&a)), "seed {seed}");
        let url = format!("https://example.org/#{link}");
        assert!(decode(&url) == Ok(a), "seed {seed}: A changed");
        assert!(decode_b(&url) == Some(Ok(b)), "seed {seed}: B changed");
    }
    assert!(decode_b(&encode(&checkout())).is_none());
    let damaged = format!("{}&b=1.@@", encode(&checkout()));
    assert!(decode(&damaged).is_ok());
    assert!(matches!(
        decode_b(&damaged),
        Some(Err(ShareError::Corrupted(_)))
    ));
    let newer = format!("{}&b=9.xyz", encode(&checkout()));
    assert_eq!(
        decode_b(&newer),
        Some(Err(ShareError::Newer { version: 9 }))
    );
}

/// `typeerr-clone-21k.link.txt`: 21 KB, 13 type errors, 150 unknown keys and a 15.5 MB
/// string inside. Finding the field at fault read the 15.5 MB string again on every trial
/// (1.9 s to refuse). The search now reads each element with its strings cut to 1,000
/// characters (about 0.16 s in a debug build; printed, not asserted).
#[test]
fn a_link_full_of_type_errors_is_refused_with_bounded_work() {
    let t = std::time::Instant::now();
    let e = decode(&repro("typeerr-clone-21k.link.txt")).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, ShareError::Invalid(_)), "{text:.300}");
    assert!(text.len() < 20_000, "{} bytes", text.len());
    eprintln!("refused in {:?}: {text:.600}", t.elapsed());
}

/// A moment rides after the design, `&m=…`: read back whole; a link without one has none,
/// and a damaged one says so without touching the design.
#[test]
fn a_moment_rides_after_the_design() {
    use wirelab_editor::share::{decode, decode_moment, encode, with_moment};
    let doc = wirelab_model::Scenario::new("moment");
    let json = r#"{"t":31234567,"log":[],"trace":"00ff00ff00ff00ff"}"#;
    let link = format!("https://x.test/#{}", with_moment(&encode(&doc), json));
    assert_eq!(decode(&link).unwrap(), doc);
    assert_eq!(decode_moment(&link).unwrap().unwrap(), json);
    assert!(decode_moment(&format!("#{}", encode(&doc))).is_none());
    let cut = &link[..link.len() - 6];
    assert_eq!(decode(cut).unwrap(), doc);
    assert!(decode_moment(cut).unwrap().is_err());
}

#[test]
fn embed_options_read_from_the_query() {
    use wirelab_editor::share::{embed_options, Embed};
    assert_eq!(embed_options("?view=3"), None);
    assert_eq!(embed_options(""), None);
    assert_eq!(
        embed_options("?embed"),
        Some(Embed {
            autoplay: false,
            repeat: false,
            speed: 1.0,
            presenter: false
        })
    );
    assert_eq!(
        embed_options("embed&autoplay&loop=1&speed=2.5&presenter=true"),
        Some(Embed {
            autoplay: true,
            repeat: true,
            speed: 2.5,
            presenter: true
        })
    );
    // Absurd speeds are clamped or ignored; a flag set to 0 is off.
    assert_eq!(embed_options("?embed&speed=1e9").unwrap().speed, 20.0);
    assert_eq!(embed_options("?embed&speed=-3").unwrap().speed, 1.0);
    assert_eq!(embed_options("?embed&speed=NaN").unwrap().speed, 1.0);
    assert!(!embed_options("?embed&autoplay=0").unwrap().autoplay);
}

#[test]
fn embed_code_is_an_iframe_of_the_link_that_plays() {
    use wirelab_editor::share::{embed_code, embed_options};
    let code = embed_code(
        "https://x.test/app/?old=1#s=1.abc&m=1.def",
        r#"A "quoted" <name> & co"#,
    );
    assert!(
        code.starts_with(
            r#"<iframe src="https://x.test/app/?embed&amp;autoplay#s=1.abc&amp;m=1.def""#
        ),
        "{code}"
    );
    assert!(
        code.contains(r#"title="Wirelab: A &quot;quoted&quot; &lt;name&gt; &amp; co""#),
        "{code}"
    );
    assert!(embed_options("?embed&autoplay").unwrap().autoplay);
}
