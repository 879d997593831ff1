//! Each edit command and its inverse.

mod common;
use common::{add, connect, pos};

use wirelab_editor::command::{apply, remove, rename, reorder_steps, Command, EditError};
use wirelab_editor::palette::Preset;
use wirelab_editor::rules::Style;
use wirelab_model::{
    validate, Action, CallMode, Incident, NodeId, NodeKind, RequestReplyConfig, Scenario,
    ServiceConfig, Wire, WireKind, WireRef,
};

/// Applies `cmd`, checks that its inverse restores the document exactly (the id counter
/// aside, which only grows) and that the inverse's inverse redoes it exactly.
fn round_trip(doc: &mut Scenario, cmd: Command) -> Command {
    let before = doc.clone();
    let inverse = apply(doc, cmd).unwrap();
    let after = doc.clone();
    let redo = apply(doc, inverse.clone()).unwrap();
    assert_eq!(
        Scenario {
            next_id: before.next_id,
            ..doc.clone()
        },
        before
    );
    assert!(doc.next_id >= before.next_id);
    apply(doc, redo).unwrap();
    assert_eq!(*doc, after);
    inverse
}

/// User → Order; Order calls Inventory and Payment; Email subscribes to OrderCreated.
fn checkout() -> (Scenario, [NodeId; 5]) {
    let mut d = Scenario::new("checkout");
    let u = add(&mut d, Preset::Users, 0.0);
    let o = add(&mut d, Preset::Order, 200.0);
    let i = add(&mut d, Preset::Inventory, 400.0);
    let p = add(&mut d, Preset::Payment, 400.0);
    let e = add(&mut d, Preset::Email, 600.0);
    connect(&mut d, u, o, Style::Call);
    connect(&mut d, o, i, Style::Call);
    connect(&mut d, o, p, Style::Call);
    connect(&mut d, o, e, Style::Event);
    (d, [u, o, i, p, e])
}

fn node(d: &Scenario, name: &str) -> NodeId {
    d.node_by_name(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .id
}

/// The wire from `from` to `to`, which the test expects to exist.
fn wire(d: &Scenario, from: NodeId, to: NodeId) -> &Wire {
    d.wires
        .iter()
        .find(|w| w.from == from && w.to == to)
        .unwrap_or_else(|| panic!("no wire {from:?} -> {to:?}"))
}

fn has(d: &Scenario, from: NodeId, to: NodeId) -> Option<Style> {
    d.wires
        .iter()
        .find(|w| w.from == from && w.to == to)
        .map(|w| Style::of(&w.kind))
}

#[test]
fn checkout_built_by_commands_is_valid() {
    let (d, _) = checkout();
    assert_eq!(validate(&d), vec![]);
    assert_eq!(d.nodes.len(), 6, "OrderCreated topic was created");
    assert!(matches!(
        d.node_by_name("OrderCreated").unwrap().kind,
        NodeKind::Topic(_)
    ));
}

#[test]
fn add_node_names_uniquely_and_undoes() {
    let mut d = Scenario::new("t");
    add(&mut d, Preset::Order, 0.0);
    let inv = round_trip(
        &mut d,
        Command::AddNode {
            preset: Preset::Order,
            pos: pos(1.0, 2.0),
        },
    );
    assert_eq!(d.nodes[1].name, "Order 2");
    // The spot asked for is taken by the first Order: the new one goes to the nearest
    // free room, clear of the first one's labels.
    assert_eq!(d.nodes[1].pos, pos(1.0, 162.0));
    assert_eq!(wirelab_editor::place::overlapping(&d), None);
    assert_eq!(
        inv,
        Command::Delete {
            nodes: vec![d.nodes[1].id],
            wires: vec![]
        }
    );
}

#[test]
fn delete_takes_wires_and_undo_restores_ids_and_order() {
    let (mut d, [_, o, ..]) = checkout();
    let original = d.clone();
    let inv = round_trip(
        &mut d,
        Command::Delete {
            nodes: vec![o],
            wires: vec![],
        },
    );
    assert!(d.wires.iter().all(|w| w.from != o && w.to != o));
    assert_eq!(d.wires.len(), 1, "only OrderCreated → Email is left");
    apply(&mut d, inv).unwrap();
    assert_eq!(d, original);
}

#[test]
fn delete_nothing_or_missing_is_refused() {
    let (mut d, _) = checkout();
    assert_eq!(
        apply(
            &mut d,
            Command::Delete {
                nodes: vec![],
                wires: vec![]
            }
        ),
        Err(EditError::NothingToDo)
    );
    assert!(matches!(
        apply(
            &mut d,
            Command::Delete {
                nodes: vec![NodeId(999)],
                wires: vec![]
            }
        ),
        Err(EditError::NotFound(_))
    ));
}

#[test]
fn delete_topic_takes_request_reply_through_it() {
    let (mut d, [_, o, i, ..]) = checkout();
    let t = node(&d, "OrderCreated");
    let w = wire(&d, o, i).id;
    let rr = WireKind::RequestReply(RequestReplyConfig {
        via: t,
        network: Default::default(),
        timeout_ms: 2_000.0,
        on_failure: Default::default(),
    });
    round_trip(&mut d, Command::SetWireKind { id: w, kind: rr });
    round_trip(
        &mut d,
        Command::Delete {
            nodes: vec![t],
            wires: vec![],
        },
    );
    assert!(d.wire(w).is_none());
}

#[test]
fn move_is_exact_even_with_awkward_floats() {
    let (mut d, [u, o, ..]) = checkout();
    apply(&mut d, Command::SetPositions(vec![(u, pos(0.1, 0.7))])).unwrap();
    let inv = round_trip(
        &mut d,
        Command::MoveNodes {
            ids: vec![u, o],
            delta: pos(0.2, -0.3),
        },
    );
    assert!(matches!(inv, Command::SetPositions(_)));
    assert_eq!(d.node(u).unwrap().pos, pos(0.1 + 0.2, 0.7 - 0.3));
}

#[test]
fn rename_checks_names_and_follows_incidents() {
    let (mut d, [_, o, _, p, _]) = checkout();
    assert!(matches!(
        apply(
            &mut d,
            Command::Rename {
                id: o,
                name: "Payment".into()
            }
        ),
        Err(EditError::Refused(_))
    ));
    let incidents = vec![
        Incident {
            at_ms: 1_000,
            action: Action::Kill {
                target: "Order".into(),
            },
        },
        Incident {
            at_ms: 2_000,
            action: Action::Cut {
                wire: WireRef {
                    from: "Order".into(),
                    to: "Payment".into(),
                },
            },
        },
        Incident {
            at_ms: 3_000,
            action: Action::Hang {
                target: "Payment".into(),
            },
        },
    ];
    apply(&mut d, Command::SetIncidents(incidents)).unwrap();
    let cmd = rename(&d, o, "  Checkout ");
    round_trip(&mut d, cmd);
    assert_eq!(d.node(o).unwrap().name, "Checkout");
    assert_eq!(
        d.incidents[0].action,
        Action::Kill {
            target: "Checkout".into()
        }
    );
    assert!(
        matches!(&d.incidents[1].action, Action::Cut { wire } if wire.from == "Checkout" && wire.to == "Payment")
    );
    assert_eq!(validate(&d), vec![]);
    assert_eq!(
        rename(&d, p, "Pay"),
        Command::Batch(vec![
            Command::Rename {
                id: p,
                name: "Pay".into()
            },
            Command::SetIncidents({
                let mut v = d.incidents.clone();
                v[1].action = Action::Cut {
                    wire: WireRef {
                        from: "Checkout".into(),
                        to: "Pay".into(),
                    },
                };
                v[2].action = Action::Hang {
                    target: "Pay".into(),
                };
                v
            }),
        ])
    );
}

#[test]
fn removing_takes_the_incident_lines_about_what_went() {
    let (mut d, [_, o, i, p, _]) = checkout();
    let line = |at_ms, action| Incident { at_ms, action };
    let wire = |from: &str, to: &str| WireRef {
        from: from.into(),
        to: to.into(),
    };
    apply(
        &mut d,
        Command::SetIncidents(vec![
            line(
                1_000,
                Action::Kill {
                    target: "Payment".into(),
                },
            ),
            line(
                2_000,
                Action::Cut {
                    wire: wire("Order", "Inventory"),
                },
            ),
            line(
                3_000,
                Action::Cut {
                    wire: wire("Order", "Payment"),
                },
            ),
            line(
                4_000,
                Action::Hang {
                    target: "Order".into(),
                },
            ),
        ]),
    )
    .unwrap();
    // Nothing in the script is about Email: a plain delete.
    let e = node(&d, "Email");
    assert!(matches!(remove(&d, &[e], &[]), Command::Delete { .. }));
    // Deleting Payment takes its kill and the cut of the wire into it; one undo brings
    // all of it back (round_trip checks the inverse).
    let cmd = remove(&d, &[p], &[]);
    round_trip(&mut d, cmd);
    assert_eq!(
        d.incidents.iter().map(|l| l.at_ms).collect::<Vec<_>>(),
        [2_000, 4_000]
    );
    assert_eq!(validate(&d), vec![]);
    // Deleting only the Order → Inventory wire takes only its cut.
    let w = d
        .wires
        .iter()
        .find(|w| w.from == o && w.to == i)
        .unwrap()
        .id;
    let cmd = remove(&d, &[], &[w]);
    round_trip(&mut d, cmd);
    assert_eq!(
        d.incidents.iter().map(|l| l.at_ms).collect::<Vec<_>>(),
        [4_000]
    );
    assert_eq!(validate(&d), vec![]);
}

#[test]
fn node_config_and_call_mode() {
    let (mut d, [u, o, ..]) = checkout();
    let slow = NodeKind::Service(ServiceConfig {
        workers: 1,
        ..ServiceConfig::default()
    });
    round_trip(
        &mut d,
        Command::SetNodeKind {
            id: o,
            kind: slow.clone(),
        },
    );
    assert_eq!(d.node(o).unwrap().kind, slow);
    assert!(matches!(
        apply(&mut d, Command::SetNodeKind { id: u, kind: slow }),
        Err(EditError::Refused(_))
    ));
    round_trip(
        &mut d,
        Command::SetCallMode {
            id: o,
            mode: CallMode::Parallel,
        },
    );
    assert!(
        matches!(&d.node(o).unwrap().kind, NodeKind::Service(s) if s.calls == CallMode::Parallel)
    );
    assert!(matches!(
        apply(
            &mut d,
            Command::SetCallMode {
                id: u,
                mode: CallMode::Parallel
            }
        ),
        Err(EditError::Refused(_))
    ));
}

#[test]
fn connect_by_event_reuses_the_topic() {
    let (mut d, [_, o, ..]) = checkout();
    let crm = add(&mut d, Preset::Crm, 600.0);
    let topics = d
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Topic(_)))
        .count();
    round_trip(
        &mut d,
        Command::Connect {
            from: o,
            to: crm,
            style: Style::Event,
        },
    );
    let t = node(&d, "OrderCreated");
    assert_eq!(has(&d, t, crm), Some(Style::Event));
    assert_eq!(
        d.nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Topic(_)))
            .count(),
        topics
    );
    assert_eq!(
        d.wires.iter().filter(|w| w.from == o && w.to == t).count(),
        1,
        "one publish"
    );
    assert!(apply(
        &mut d,
        Command::Connect {
            from: o,
            to: crm,
            style: Style::Event
        }
    )
    .unwrap_err()
    .to_string()
    .contains("already subscribes"));
}

#[test]
fn connect_refusals_leave_the_document_alone() {
    let (mut d, [u, o, i, ..]) = checkout();
    let before = d.clone();
    for (a, b, s) in [
        (i, o, Style::Call),
        (o, u, Style::Call),
        (u, i, Style::Call),
        (o, o, Style::Event),
    ] {
        assert!(matches!(
            apply(
                &mut d,
                Command::Connect {
                    from: a,
                    to: b,
                    style: s
                }
            ),
            Err(EditError::Refused(_))
        ));
    }
    assert_eq!(d, before);
}

#[test]
fn flip_call_to_event_and_back() {
    let (mut d, [_, o, _, p, _]) = checkout();
    let call = wire(&d, o, p).clone();
    round_trip(&mut d, Command::FlipWire(call.id));
    let t = node(&d, "OrderCreated");
    assert_eq!(has(&d, o, p), None);
    assert_eq!(has(&d, t, p), Some(Style::Event));
    assert_eq!(validate(&d), vec![]);
    // Back: flip the new subscription; the publish stays because Email still listens.
    let sub = wire(&d, t, p).id;
    round_trip(&mut d, Command::FlipWire(sub));
    assert_eq!(has(&d, o, p), Some(Style::Call));
    assert_eq!(has(&d, o, t), Some(Style::Event));
    let back = wire(&d, o, p);
    assert_eq!(back.order, wire(&d, o, t).order);
}

#[test]
fn flip_a_publish_calls_every_subscriber_and_drops_the_topic() {
    let (mut d, [_, o, _, _, e]) = checkout();
    let a = add(&mut d, Preset::Analytics, 600.0);
    connect(&mut d, o, a, Style::Event);
    let t = node(&d, "OrderCreated");
    let publish = wire(&d, o, t).id;
    round_trip(&mut d, Command::FlipWire(publish));
    assert_eq!(has(&d, o, e), Some(Style::Call));
    assert_eq!(has(&d, o, a), Some(Style::Call));
    assert!(d.node(t).is_none(), "the topic had nothing left to do");
    assert_eq!(validate(&d), vec![]);
}

#[test]
fn flip_refusals() {
    let (mut d, [u, o, i, ..]) = checkout();
    let entry = d.wires.iter().find(|w| w.from == u).unwrap().id;
    assert!(apply(&mut d, Command::FlipWire(entry))
        .unwrap_err()
        .to_string()
        .contains("users"));
    // A second publisher makes "the caller" ambiguous.
    let t = node(&d, "OrderCreated");
    connect(&mut d, i, t, Style::Event);
    let sub = d.wires.iter().find(|w| w.from == t).unwrap().id;
    let before = d.clone();
    assert!(apply(&mut d, Command::FlipWire(sub))
        .unwrap_err()
        .to_string()
        .contains("2 publishers"));
    assert_eq!(d, before);
    // Turning Inventory's publish into calls would make Inventory call Email; fine. But a
    // subscriber that already calls the publisher back would deadlock.
    let e = node(&d, "Email");
    connect(&mut d, e, o, Style::Call);
    let publish = wire(&d, o, t).id;
    let err = apply(&mut d, Command::FlipWire(publish))
        .unwrap_err()
        .to_string();
    assert!(err.contains("deadlock"), "{err}");
}

#[test]
fn wire_kind_changes_are_checked() {
    let (mut d, [u, o, i, ..]) = checkout();
    let entry = d.wires.iter().find(|w| w.from == u).unwrap().id;
    let publish = WireKind::Publish(Default::default());
    assert!(matches!(
        apply(
            &mut d,
            Command::SetWireKind {
                id: entry,
                kind: publish
            }
        ),
        Err(EditError::Refused(_))
    ));
    let call = wire(&d, o, i).id;
    let mut kind = d.wire(call).unwrap().kind.clone();
    if let WireKind::Call(c) = &mut kind {
        c.timeout_ms = 250.0;
        c.max_attempts = 3;
    }
    round_trip(
        &mut d,
        Command::SetWireKind {
            id: call,
            kind: kind.clone(),
        },
    );
    assert_eq!(d.wire(call).unwrap().kind, kind);
}

#[test]
fn reorder_steps_sets_orders() {
    let (mut d, [_, o, ..]) = checkout();
    let mut steps: Vec<_> = d.outgoing(o).iter().map(|w| w.id).collect();
    steps.reverse();
    round_trip(&mut d, reorder_steps(&steps));
    assert_eq!(
        d.outgoing(o).iter().map(|w| w.id).collect::<Vec<_>>(),
        steps
    );
}

#[test]
fn batch_is_all_or_nothing() {
    let (mut d, [_, o, i, ..]) = checkout();
    let before = d.clone();
    let bad = Command::Batch(vec![
        Command::MoveNodes {
            ids: vec![o],
            delta: pos(10.0, 0.0),
        },
        Command::Rename {
            id: o,
            name: "Checkout".into(),
        },
        Command::Connect {
            from: i,
            to: o,
            style: Style::Call,
        }, // cycle
    ]);
    assert!(apply(&mut d, bad).is_err());
    assert_eq!(d, before);
    let good = Command::Batch(vec![
        Command::MoveNodes {
            ids: vec![o],
            delta: pos(10.0, 0.0),
        },
        Command::Rename {
            id: o,
            name: "Checkout".into(),
        },
    ]);
    round_trip(&mut d, good);
    assert_eq!(
        apply(&mut d, Command::Batch(vec![])),
        Err(EditError::NothingToDo)
    );
}

#[test]
fn clear_is_undoable_and_ids_are_never_reused() {
    let (mut d, _) = checkout();
    let high = d.next_id;
    let inv = round_trip(&mut d, Command::Replace(Box::new(Scenario::new("empty"))));
    assert!(d.nodes.is_empty());
    assert_eq!(d.next_id, high, "the counter keeps its high mark");
    let id = add(&mut d, Preset::Service, 0.0);
    assert!(id.0 >= high);
    apply(
        &mut d,
        Command::Delete {
            nodes: vec![id],
            wires: vec![],
        },
    )
    .unwrap();
    apply(&mut d, inv).unwrap();
    assert_eq!(d.nodes.len(), 6);
    assert!(d.next_id > id.0);
}

#[test]
fn undo_of_an_add_does_not_hand_the_id_back() {
    let mut d = Scenario::new("t");
    let inv = apply(
        &mut d,
        Command::AddNode {
            preset: Preset::Order,
            pos: pos(0.0, 0.0),
        },
    )
    .unwrap();
    let first = d.nodes[0].id;
    apply(&mut d, inv).unwrap();
    let second = add(&mut d, Preset::Order, 0.0);
    assert_ne!(first, second);
}

#[test]
fn duplicate_copies_inner_wires_only() {
    let (mut d, [u, o, i, p, _]) = checkout();
    let n = d.nodes.len();
    round_trip(
        &mut d,
        Command::Duplicate {
            ids: vec![u, o, i],
            offset: pos(0.0, 300.0),
        },
    );
    assert_eq!(d.nodes.len(), n + 3);
    let (u2, o2, i2) = (
        node(&d, "User 2"),
        node(&d, "Order 2"),
        node(&d, "Inventory 2"),
    );
    assert_eq!(has(&d, u2, o2), Some(Style::Call));
    assert_eq!(has(&d, o2, i2), Some(Style::Call));
    assert_eq!(
        has(&d, o2, p),
        None,
        "wires leaving the selection are not copied"
    );
    assert_eq!(d.node(o2).unwrap().pos.y, 300.0);
    assert_eq!(validate(&d), vec![]);
    round_trip(
        &mut d,
        Command::Duplicate {
            ids: vec![o2],
            offset: pos(0.0, 300.0),
        },
    );
    assert!(d.node_by_name("Order 3").is_some());
}

#[test]
fn the_seed_is_an_undoable_edit_of_the_document() {
    let (mut d, _) = checkout();
    let before = d.seed;
    round_trip(&mut d, Command::SetSeed(4242));
    assert_eq!(d.seed, 4242);
    let mut ed = wirelab_editor::Editor::new(d);
    ed.apply(Command::SetSeed(99)).unwrap();
    assert_eq!(ed.doc().seed, 99);
    assert_eq!(
        ed.history().undo_label().as_deref(),
        Some("Undo use seed 99")
    );
    ed.undo();
    assert_eq!(ed.doc().seed, 4242);
    assert_ne!(before, 4242);
}

#[test]
fn undoing_a_live_step_hands_it_to_the_run_and_leaves_the_design() {
    use wirelab_editor::{Editor, LiveStep};
    let (doc, _) = checkout();
    let mut ed = Editor::new(doc);
    let cmd = Command::AddNode {
        preset: Preset::Email,
        pos: pos(900.0, 0.0),
    };
    ed.apply(cmd).unwrap();
    ed.mark_live(3, "kill Analytics at 10.0 s".into());
    let (rev, nodes) = (ed.revision(), ed.doc().nodes.len());
    assert_eq!(ed.undo_said(), "Undo kill Analytics at 10.0 s");
    assert_eq!((ed.revision(), ed.doc().nodes.len()), (rev, nodes));
    assert_eq!(ed.take_live(), vec![LiveStep { id: 3, undo: true }]);
    assert!(ed.take_live().is_empty(), "each step is handed over once");
    // The next undo is the design edit made before the live step.
    assert_eq!(ed.undo_said(), "Undo add Email");
    assert_eq!(ed.doc().nodes.len(), nodes - 1);
    ed.redo_said();
    assert_eq!(ed.redo_said(), "Redo kill Analytics at 10.0 s");
    assert_eq!(ed.take_live(), vec![LiveStep { id: 3, undo: false }]);
}

/// A review fix is the edit the app applies: an event fix flips the call, a settings fix
/// sets the wire's kind; each is one step that undoes exactly.
#[test]
fn a_review_fix_is_one_edit() {
    let (mut d, [_, o, i, ..]) = checkout();
    let call = wire(&d, o, i).id;
    let WireKind::Call(mut c) = wire(&d, o, i).kind.clone() else {
        panic!("a call")
    };
    c.timeout_ms = 250.0;
    let set = wirelab_model::Fix::Set {
        wire: call,
        settings: WireKind::Call(c.clone()),
        label: "Give Order → Inventory a timeout".into(),
    };
    round_trip(&mut d, Command::from_fix(&set));
    assert_eq!(wire(&d, o, i).kind, WireKind::Call(c));
    let flip = wirelab_model::Fix::Event {
        wire: call,
        label: "Turn Order → Inventory into an event".into(),
    };
    assert_eq!(Command::from_fix(&flip), Command::FlipWire(call));
    round_trip(&mut d, Command::from_fix(&flip));
    assert!(d.wires.iter().all(|w| !(w.from == o && w.to == i)));
}

#[test]
fn a_call_to_a_service_whose_answer_is_needed_is_marked_so() {
    let (mut d, [u, o, i, p, _]) = checkout();
    let needed = |d: &Scenario, from, to| match &wire(d, from, to).kind {
        WireKind::Call(c) => c.answer_needed,
        other => panic!("not a call: {other:?}"),
    };
    assert!(
        needed(&d, o, i),
        "Order → Inventory: the stock decides the order"
    );
    assert!(
        needed(&d, o, p),
        "Order → Payment: the charge decides the order"
    );
    assert!(
        !needed(&d, u, o),
        "Users → Order is not a preset that decides"
    );
    let crm = add(&mut d, Preset::Crm, 600.0);
    connect(&mut d, o, crm, Style::Call);
    assert!(!needed(&d, o, crm), "a side effect is not marked");
    // A second Payment made from the palette is one too; a renamed one is not.
    let p2 = add(&mut d, Preset::Payment, 800.0);
    assert_eq!(d.node(p2).unwrap().name, "Payment 2");
    connect(&mut d, o, p2, Style::Call);
    assert!(needed(&d, o, p2));
    assert_eq!(Preset::of_name("Payments"), None);
    assert_eq!(Preset::of_name("Auth 3"), Some(Preset::Auth));
}
