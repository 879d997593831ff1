//! Where things go on the canvas, and what a wire may join: new nodes and flipped
//! topics land in free room, Arrange lays a design out left to right, a publish to a
//! topic below goes straight down, and a command queue takes one handler.

mod common;
use common::{add, connect, pos};
use wirelab_editor::command::{apply, Command};
use wirelab_editor::palette::Preset;
use wirelab_editor::rules::Style;
use wirelab_model::{validate, NodeId, NodeKind, Scenario, WireKind};

/// Palette adds and flips never put a node on another or on its labels; Arrange lays a
/// messy design out left to right by dependency, undoably. Seeds are printed on failure.
#[test]
fn new_nodes_and_topics_land_in_free_room() {
    use wirelab_editor::place::{arrange, overlapping};
    for seed in 0..200u64 {
        let mut rng = common::Rng(seed);
        let mut d = Scenario::new("t");
        let presets = [
            Preset::Users,
            Preset::Order,
            Preset::Payment,
            Preset::Email,
            Preset::Crm,
            Preset::Shipping,
        ];
        for _ in 0..12 {
            let p = presets[(rng.next() % presets.len() as u64) as usize];
            // Clicks in the middle of the view land on the same spot again and again.
            let at = pos(400.0 + (rng.next() % 3) as f64 * 10.0, 300.0);
            apply(&mut d, Command::AddNode { preset: p, pos: at }).unwrap();
            assert_eq!(overlapping(&d), None, "seed {seed}: after adding a {p:?}");
        }
        // Connect and flip: the topic a flip makes goes to free room too.
        let ids: Vec<NodeId> = d
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Service(_)))
            .map(|n| n.id)
            .collect();
        for w in ids.windows(2).take(4) {
            if apply(
                &mut d,
                Command::Connect {
                    from: w[0],
                    to: w[1],
                    style: Style::Event,
                },
            )
            .is_ok()
            {
                assert_eq!(overlapping(&d), None, "seed {seed}: after an event wire");
            }
        }
        let moves = arrange(&d);
        assert_eq!(moves.len(), d.nodes.len());
        let before = d.clone();
        let inv = apply(&mut d, Command::SetPositions(moves)).unwrap();
        assert_eq!(overlapping(&d), None, "seed {seed}: after arrange");
        // Left to right: every wire goes to a later column, but where it closes a cycle
        // (a topic a subscriber also publishes to).
        let reaches = |from: NodeId, to: NodeId| {
            let mut seen = vec![from];
            let mut i = 0;
            while i < seen.len() {
                let here = seen[i];
                for w in d.wires.iter().filter(|w| w.from == here) {
                    if !seen.contains(&w.to) {
                        seen.push(w.to);
                    }
                }
                i += 1;
            }
            seen.contains(&to)
        };
        for wire in &d.wires {
            let (a, b) = (
                d.node(wire.from).unwrap().pos.x,
                d.node(wire.to).unwrap().pos.x,
            );
            assert!(
                a < b || reaches(wire.to, wire.from),
                "seed {seed}: a wire runs back"
            );
        }
        apply(&mut d, inv).unwrap();
        assert_eq!(d, before);
    }
}

/// A publish to a topic below its publisher leaves from the publisher's bottom and
/// enters the topic from the top: it never runs back across the publisher.
#[test]
fn a_publish_to_a_topic_below_goes_down_not_back() {
    let mut d = Scenario::new("t");
    let order = add(&mut d, Preset::Order, 0.0);
    let email = add(&mut d, Preset::Email, 400.0);
    connect(&mut d, order, email, Style::Event);
    let layout = wirelab_editor::layout::Layout::new(&d);
    let publish = d.wires.iter().find(|w| w.from == order).unwrap();
    let path = layout.wire_path(publish).unwrap();
    let (o, t) = (
        layout.rect(order).unwrap(),
        layout.rect(publish.to).unwrap(),
    );
    assert!(t.y > o.bottom(), "the topic goes below");
    assert_eq!(path.from.y, o.bottom());
    assert_eq!(path.to.y, t.y);
    for i in 0..=20 {
        let p = path.point_at(f64::from(i) / 20.0);
        assert!(
            !(o.contains(p) && p.y < o.bottom() - 0.5),
            "the wire crosses its publisher at {p:?}"
        );
    }
}

/// A command queue has one handler: a second, different one is refused with the reason,
/// by the editor and by validation; a topic takes any number of subscribers.
#[test]
fn a_command_queue_takes_exactly_one_handler() {
    let mut d = Scenario::new("t");
    let order = add(&mut d, Preset::Order, 0.0);
    let billing = add(&mut d, Preset::Payment, 400.0);
    let email = add(&mut d, Preset::Email, 800.0);
    connect(&mut d, order, billing, Style::Event);
    let queue = d
        .nodes
        .iter()
        .find(|n| matches!(n.kind, NodeKind::Topic(_)))
        .unwrap()
        .id;
    if let NodeKind::Topic(t) = &mut d.nodes.iter_mut().find(|n| n.id == queue).unwrap().kind {
        t.queue = true;
    }
    let e = apply(
        &mut d,
        Command::Connect {
            from: queue,
            to: email,
            style: Style::Event,
        },
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("command queue") && e.to_string().contains("already handles"),
        "{e}"
    );
    let e = apply(
        &mut d,
        Command::Connect {
            from: order,
            to: email,
            style: Style::Event,
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("command queue"), "{e}");
    // Validation says the same of a file that has two handlers.
    let mut two = d.clone();
    two.add_wire(queue, email, WireKind::Subscribe(Default::default()));
    let p = validate(&two);
    assert!(
        p.iter()
            .any(|p| p.message.contains("already handles its commands")),
        "{p:?}"
    );
    // As a topic, both subscribe.
    if let NodeKind::Topic(t) = &mut d.nodes.iter_mut().find(|n| n.id == queue).unwrap().kind {
        t.queue = false;
    }
    apply(
        &mut d,
        Command::Connect {
            from: queue,
            to: email,
            style: Style::Event,
        },
    )
    .unwrap();
    assert!(validate(&d).is_empty());
}

#[test]
fn the_canvas_names_a_queue_and_a_partitioned_topic() {
    let mut d = Scenario::new("t");
    let order = add(&mut d, Preset::Order, 0.0);
    let billing = add(&mut d, Preset::Payment, 400.0);
    connect(&mut d, order, billing, Style::Event);
    let detail = |d: &Scenario| {
        let scene = wirelab_editor::Scene::build(&wirelab_editor::Editor::new(d.clone()));
        let topic = scene
            .nodes
            .iter()
            .find(|n| n.kind == wirelab_model::Kind::Topic);
        topic.unwrap().detail.clone()
    };
    assert_eq!(detail(&d), "topic");
    let topic = d
        .nodes
        .iter_mut()
        .find(|n| matches!(n.kind, NodeKind::Topic(_)));
    if let NodeKind::Topic(t) = &mut topic.unwrap().kind {
        t.queue = true;
    }
    assert_eq!(detail(&d), "command queue");
    let topic = d
        .nodes
        .iter_mut()
        .find(|n| matches!(n.kind, NodeKind::Topic(_)));
    if let NodeKind::Topic(t) = &mut topic.unwrap().kind {
        t.partitions = 4;
    }
    assert_eq!(detail(&d), "4 partitions");
    let scene = wirelab_editor::Scene::build(&wirelab_editor::Editor::new(d.clone()));
    let label = &scene
        .nodes
        .iter()
        .find(|n| n.kind == wirelab_model::Kind::Topic)
        .unwrap()
        .label;
    assert!(label.contains("command queue"), "{label}");
}
