//! Helpers shared by the engine tests: a small scenario builder and a run driver that
//! checks accounting after every bounded step.
#![allow(dead_code)]

pub mod random;

use wirelab_engine::{Report, Run, StepResult};
use wirelab_model::*;

/// Builds scenarios by name with default parameters.
pub struct B(pub Scenario);

pub fn lat(base_ms: f64, jitter_ms: f64) -> Latency {
    Latency {
        base_ms,
        jitter_ms,
        shape: Shape::Uniform,
    }
}

pub fn fixed(ms: f64) -> Latency {
    Latency {
        base_ms: ms,
        jitter_ms: 0.0,
        shape: Shape::Fixed,
    }
}

impl B {
    pub fn new() -> B {
        B(Scenario::new("test"))
    }

    fn id(&self, name: &str) -> NodeId {
        self.0
            .node_by_name(name)
            .unwrap_or_else(|| panic!("no node {name}"))
            .id
    }

    pub fn users(mut self, name: &str, arrival: Arrival, patience_ms: f64) -> B {
        self.0.add_node(
            name,
            Pos::default(),
            NodeKind::Users(UsersConfig {
                arrival,
                patience_ms,
                keys: 0,
            }),
        );
        self
    }

    pub fn service(mut self, name: &str, latency: Latency, workers: u32, queue: u32) -> B {
        let c = ServiceConfig {
            latency,
            workers,
            queue,
            ..ServiceConfig::default()
        };
        self.0.add_node(name, Pos::default(), NodeKind::Service(c));
        self
    }

    pub fn service_with(mut self, name: &str, c: ServiceConfig) -> B {
        self.0.add_node(name, Pos::default(), NodeKind::Service(c));
        self
    }

    pub fn topic(mut self, name: &str) -> B {
        self.0.add_node(
            name,
            Pos::default(),
            NodeKind::Topic(TopicConfig::default()),
        );
        self
    }

    pub fn wire(mut self, from: &str, to: &str, kind: WireKind) -> B {
        let (f, t) = (self.id(from), self.id(to));
        self.0.add_wire(f, t, kind);
        self
    }

    pub fn call(self, from: &str, to: &str, c: CallConfig) -> B {
        self.wire(from, to, WireKind::Call(c))
    }

    pub fn publish(self, from: &str, to: &str, p: PublishConfig) -> B {
        self.wire(from, to, WireKind::Publish(p))
    }

    pub fn subscribe(self, from: &str, to: &str, s: SubscribeConfig) -> B {
        self.wire(from, to, WireKind::Subscribe(s))
    }

    pub fn incidents(mut self, script: &str) -> B {
        self.0.incidents = parse_script(script).expect("script");
        self
    }

    pub fn build(self) -> Scenario {
        let p = validate(&self.0);
        assert!(p.is_empty(), "invalid test scenario: {p:#?}");
        self.0
    }
}

/// A call wire with fixed 1 ms network latency and the given timeout.
pub fn call(timeout_ms: f64) -> CallConfig {
    CallConfig {
        network: fixed(1.0),
        timeout_ms,
        ..CallConfig::default()
    }
}

/// A subscription with fixed 1 ms latency.
pub fn sub() -> SubscribeConfig {
    SubscribeConfig {
        network: fixed(1.0),
        ..SubscribeConfig::default()
    }
}

/// A publish with fixed 1 ms latency and the given policy.
pub fn publish(policy: BrokerDownPolicy) -> PublishConfig {
    PublishConfig {
        network: fixed(1.0),
        on_broker_down: policy,
        ..PublishConfig::default()
    }
}

/// Runs to `until_ms` in bounded steps, asserting accounting after each one.
pub fn run_checked(s: &Scenario, seed: u64, until_ms: u64) -> Run {
    let mut run = Run::new(s, seed).expect("valid scenario");
    drive(&mut run, until_ms);
    run
}

/// Steps an existing run to `until_ms`, checking accounting every 5,000 events.
pub fn drive(run: &mut Run, until_ms: u64) {
    loop {
        let r = run.step_until(until_ms * 1000, 5_000);
        let acc = run.accounting();
        assert!(
            acc.ok,
            "accounting failed at {} µs: {:?}",
            run.now_us(),
            acc.problems
        );
        assert_ne!(r, StepResult::Halted, "halted: {:?}", run.halted());
        if r == StepResult::Reached {
            break;
        }
    }
}

pub fn report(s: &Scenario, seed: u64, until_ms: u64) -> Report {
    run_checked(s, seed, until_ms).report()
}

pub fn service<'a>(r: &'a Report, name: &str) -> &'a wirelab_engine::ServiceReport {
    r.services
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no service {name}"))
}

pub fn wire<'a>(r: &'a Report, from: &str, to: &str) -> &'a wirelab_engine::WireReport {
    r.wires
        .iter()
        .find(|w| w.from == from && w.to == to)
        .unwrap_or_else(|| panic!("no wire {from} -> {to}"))
}

/// A reproducer from `tests/repros/`.
pub fn repro(name: &str) -> Scenario {
    let p = format!("{}/../../tests/repros/{name}", env!("CARGO_MANIFEST_DIR"));
    decode(&std::fs::read_to_string(&p).unwrap()).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

pub fn load(path: &str) -> Scenario {
    let p = format!(
        "{}/../../public/scenarios/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    decode(&std::fs::read_to_string(&p).expect("scenario file")).expect("valid scenario file")
}

pub fn poisson(rate: f64) -> Arrival {
    Arrival::Poisson { rate_per_s: rate }
}

/// Users → A, with A calling B, C and D (each 20 ms fixed).
pub fn chain(mode: CallMode) -> Scenario {
    let svc = |ms| ServiceConfig {
        latency: fixed(ms),
        workers: 50,
        queue: 100,
        calls: mode,
        ..ServiceConfig::default()
    };
    B::new()
        .users("Users", poisson(10.0), 10_000.0)
        .service_with("A", svc(5.0))
        .service_with("B", svc(20.0))
        .service_with("C", svc(20.0))
        .service_with("D", svc(20.0))
        .call("Users", "A", call(5_000.0))
        .call("A", "B", call(1_000.0))
        .call("A", "C", call(1_000.0))
        .call("A", "D", call(1_000.0))
        .build()
}

/// The design with a finding's fix applied, as the app applies it (`src/review/panel.rs`
/// `apply_fix`): the editor's flip, or the editor's change of the wire's settings.
pub fn with_fix(s: &Scenario, fix: &wirelab_engine::review::Fix) -> Scenario {
    let mut s = s.clone();
    let cmd = wirelab_editor::Command::from_fix(fix);
    wirelab_editor::command::apply(&mut s, cmd).expect("the fix applies");
    s
}
