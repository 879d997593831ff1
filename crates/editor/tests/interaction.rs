//! The interaction state machine, driven through `Editor::handle` exactly as the UI does.
//! The viewport starts at pan 0, zoom 1, so screen and world coordinates coincide.

use wirelab_editor::command::Command;
use wirelab_editor::{
    Button, Editor, Effect, Input, Key, Modifiers, Preset, Preview, Selection, State, Style,
    Target, Vec2,
};
use wirelab_model::{validate, NodeId, Pos, Scenario};

fn v(x: f64, y: f64) -> Vec2 {
    Vec2::new(x, y)
}

fn down(ed: &mut Editor, p: Vec2, mods: Modifiers) -> Vec<Effect> {
    let screen = ed.session().viewport.to_screen(p);
    ed.handle(Input::PointerDown(ed.pointer(
        screen,
        Button::Primary,
        mods,
    )))
    .effects
}

fn move_to(ed: &mut Editor, p: Vec2, mods: Modifiers) -> Vec<Effect> {
    let screen = ed.session().viewport.to_screen(p);
    ed.handle(Input::PointerMove(ed.pointer(
        screen,
        Button::Primary,
        mods,
    )))
    .effects
}

fn up(ed: &mut Editor, p: Vec2, mods: Modifiers) -> Vec<Effect> {
    let screen = ed.session().viewport.to_screen(p);
    ed.handle(Input::PointerUp(ed.pointer(screen, Button::Primary, mods)))
        .effects
}

/// Press at `a`, move in a few steps to `b`, release: effects of the release.
fn drag(ed: &mut Editor, a: Vec2, b: Vec2, mods: Modifiers) -> Vec<Effect> {
    down(ed, a, mods);
    for i in 1..=4 {
        let t = i as f64 / 4.0;
        move_to(ed, a + (b - a) * t, mods);
    }
    up(ed, b, mods)
}

/// A drag given in screen points, as a real pointer delivers them while the view pans.
fn drag_screen(ed: &mut Editor, a: Vec2, b: Vec2, mods: Modifiers) {
    ed.handle(Input::PointerDown(ed.pointer(a, Button::Primary, mods)));
    for i in 1..=4 {
        let p = a + (b - a) * (i as f64 / 4.0);
        ed.handle(Input::PointerMove(ed.pointer(p, Button::Primary, mods)));
    }
    ed.handle(Input::PointerUp(ed.pointer(b, Button::Primary, mods)));
}

fn click(ed: &mut Editor, p: Vec2, mods: Modifiers) -> Vec<Effect> {
    down(ed, p, mods);
    up(ed, p, mods)
}

fn key(ed: &mut Editor, k: &str, mods: Modifiers) -> Vec<Effect> {
    ed.handle(Input::Key {
        key: Key::from_dom(k),
        mods,
    })
    .effects
}

fn id(ed: &Editor, name: &str) -> NodeId {
    ed.doc()
        .node_by_name(name)
        .unwrap_or_else(|| panic!("no node {name}"))
        .id
}

fn pos(ed: &Editor, name: &str) -> Pos {
    ed.doc().node_by_name(name).unwrap().pos
}

fn announced(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| {
            if let Effect::Announce(t) = e {
                Some(t.clone())
            } else {
                None
            }
        })
        .collect()
}

fn refusal(effects: &[Effect]) -> Option<(String, Vec2)> {
    effects.iter().find_map(|e| {
        if let Effect::Refused { reason, at } = e {
            Some((reason.clone(), *at))
        } else {
            None
        }
    })
}

/// Users (0,100) · Order (200,100) · Payment (460,0) · Inventory (460,200) · Email (460,400)
fn shop() -> Editor {
    let mut ed = Editor::new(Scenario::new("shop"));
    for (preset, x, y) in [
        (Preset::Users, 0.0, 100.0),
        (Preset::Order, 200.0, 100.0),
        (Preset::Payment, 460.0, 0.0),
        (Preset::Inventory, 460.0, 200.0),
        (Preset::Email, 460.0, 400.0),
    ] {
        ed.apply(Command::AddNode {
            preset,
            pos: Pos { x, y },
        })
        .unwrap();
    }
    ed.handle(Input::Key {
        key: Key::Escape,
        mods: Modifiers::NONE,
    });
    ed
}

/// Order's handles: call on the right middle, event on the bottom middle.
const ORDER_CALL: Vec2 = Vec2::new(376.0, 132.0);
const ORDER_EVENT: Vec2 = Vec2::new(288.0, 164.0);

fn undo_steps(ed: &mut Editor) -> usize {
    let mut n = 0;
    while let Some(r) = ed.undo() {
        r.unwrap();
        n += 1;
    }
    n
}

#[test]
fn a_whole_drag_is_one_undo_step() {
    let mut ed = shop();
    let steps_before = ed.history().clone();
    click(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    click(&mut ed, v(500.0, 20.0), Modifiers::SHIFT);
    assert_eq!(ed.session().selection.nodes.len(), 2);
    down(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    for i in 1..=10 {
        move_to(
            &mut ed,
            v(250.0 + 10.0 * i as f64, 120.0 + 3.0 * i as f64),
            Modifiers::NONE,
        );
        assert_eq!(
            pos(&ed, "Order"),
            Pos { x: 200.0, y: 100.0 },
            "the document waits for the drop"
        );
    }
    assert!(
        matches!(&ed.session().preview, Preview::Drag { ids, offset } if ids.len() == 2 && *offset == v(100.0, 40.0))
    );
    let effects = up(&mut ed, v(350.0, 150.0), Modifiers::NONE);
    assert_eq!(announced(&effects), vec!["Move 2 services"]);
    assert_eq!(ed.session().preview, Preview::None);
    // Snapped: Order's top-left lands on the 20-unit grid, Payment keeps its spacing.
    assert_eq!(pos(&ed, "Order"), Pos { x: 300.0, y: 140.0 });
    assert_eq!(pos(&ed, "Payment"), Pos { x: 560.0, y: 40.0 });
    assert_eq!(
        ed.history().undo_label().as_deref(),
        Some("Undo move 2 services")
    );
    assert_eq!(
        announced(&key(&mut ed, "z", Modifiers::CTRL)),
        vec!["Undo move 2 services"]
    );
    assert_eq!(pos(&ed, "Order"), Pos { x: 200.0, y: 100.0 });
    assert_eq!(ed.history().undo_label(), steps_before.undo_label());
    // Alt turns snapping off.
    drag(
        &mut ed,
        v(250.0, 120.0),
        v(253.0, 127.0),
        Modifiers {
            alt: true,
            ..Modifiers::NONE
        },
    );
    assert_eq!(pos(&ed, "Order"), Pos { x: 203.0, y: 107.0 });
}

#[test]
fn click_without_moving_is_not_an_edit() {
    let mut ed = shop();
    let history = ed.history().clone();
    click(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    down(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    move_to(&mut ed, v(251.0, 121.0), Modifiers::NONE); // within the click threshold
    up(&mut ed, v(251.0, 121.0), Modifiers::NONE);
    assert_eq!(*ed.history(), history);
    assert_eq!(
        ed.session().selection,
        Selection::only(Target::Node(id(&ed, "Order")))
    );
    assert_eq!(ed.session().focus, Some(Target::Node(id(&ed, "Order"))));
}

#[test]
fn shift_click_toggles_and_plain_click_narrows() {
    let mut ed = shop();
    click(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    click(&mut ed, v(500.0, 20.0), Modifiers::SHIFT);
    click(&mut ed, v(500.0, 220.0), Modifiers::SHIFT);
    assert_eq!(ed.session().selection.nodes.len(), 3);
    click(&mut ed, v(500.0, 20.0), Modifiers::SHIFT);
    assert_eq!(ed.session().selection.nodes.len(), 2);
    click(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    assert_eq!(
        ed.session().selection,
        Selection::only(Target::Node(id(&ed, "Order")))
    );
}

#[test]
fn box_select_with_shift_drag_on_empty_canvas() {
    let mut ed = shop();
    down(&mut ed, v(440.0, -20.0), Modifiers::SHIFT);
    move_to(&mut ed, v(700.0, 300.0), Modifiers::SHIFT);
    assert!(matches!(ed.session().preview, Preview::Box(_)));
    assert_eq!(ed.session().selection.nodes.len(), 2, "live while dragging");
    up(&mut ed, v(700.0, 300.0), Modifiers::SHIFT);
    let sel = &ed.session().selection;
    assert!(sel.nodes.contains(&id(&ed, "Payment")) && sel.nodes.contains(&id(&ed, "Inventory")));
    assert_eq!(ed.session().preview, Preview::None);
    assert_eq!(*ed.state(), State::Idle);
}

#[test]
fn empty_canvas_drag_pans_and_click_clears() {
    let mut ed = shop();
    click(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    drag_screen(&mut ed, v(100.0, 400.0), v(160.0, 380.0), Modifiers::NONE);
    assert_eq!(ed.session().viewport.pan, v(60.0, -20.0));
    assert!(
        !ed.session().selection.is_empty(),
        "a pan keeps the selection"
    );
    click(&mut ed, v(100.0, 500.0), Modifiers::NONE);
    assert!(ed.session().selection.is_empty());
    // Space+drag pans even over a node (Order is under screen (310, 100)), which stays put.
    let space = Modifiers {
        space: true,
        ..Modifiers::NONE
    };
    drag_screen(&mut ed, v(310.0, 100.0), v(360.0, 100.0), space);
    assert_eq!(pos(&ed, "Order"), Pos { x: 200.0, y: 100.0 });
    assert_eq!(ed.session().viewport.pan, v(110.0, -20.0));
}

#[test]
fn wheel_zooms_around_the_pointer_and_pans() {
    let mut ed = shop();
    let at = v(300.0, 200.0);
    ed.handle(Input::Wheel {
        delta: v(0.0, -200.0),
        screen: at,
        mods: Modifiers::CTRL,
    });
    let vp = ed.session().viewport;
    assert!(vp.zoom > 1.0);
    assert!((vp.to_world(at) - at).length() < 1e-9);
    ed.handle(Input::Wheel {
        delta: v(10.0, 30.0),
        screen: at,
        mods: Modifiers::NONE,
    });
    assert_eq!(ed.session().viewport.pan, vp.pan - v(10.0, 30.0));
    ed.handle(Input::Key {
        key: Key::Char('0'),
        mods: Modifiers::NONE,
    });
    assert_eq!(ed.session().viewport.zoom, 1.0);
    ed.handle(Input::Resize(v(800.0, 600.0)));
    ed.handle(Input::FitView);
    let fit = ed.session().viewport;
    // Fit shows the nodes with the labels run mode draws under them, below the title band.
    let bounds = wirelab_editor::place::drawn_bounds(ed.doc()).unwrap();
    let centre = v(400.0, 300.0 + wirelab_editor::session::FIT_TOP / 2.0);
    assert!((fit.to_screen(bounds.center()) - centre).length() < 1e-6);
}

#[test]
fn pointer_wiring_connects_and_refuses_with_reasons() {
    let mut ed = shop();
    let before = ed.doc().clone();
    // Call handle onto Users: refused, reason at the pointer, nothing changed.
    down(&mut ed, ORDER_CALL, Modifiers::NONE);
    assert!(matches!(
        ed.state(),
        State::Wiring {
            style: Style::Call,
            keyboard: false,
            ..
        }
    ));
    move_to(&mut ed, v(40.0, 120.0), Modifiers::NONE);
    let Preview::Wire(w) = &ed.session().preview else {
        panic!("no wire preview")
    };
    assert!(
        w.refusal.as_deref().unwrap().contains("into users"),
        "shown while hovering"
    );
    let effects = up(&mut ed, v(40.0, 120.0), Modifiers::NONE);
    let (reason, at) = refusal(&effects).expect("refused");
    assert!(reason.contains("into users"));
    assert_eq!(at, v(40.0, 120.0));
    assert_eq!(*ed.doc(), before);
    assert_eq!(ed.session().preview, Preview::None);
    // Call handle onto Payment: a call.
    let effects = drag(&mut ed, ORDER_CALL, v(520.0, 30.0), Modifiers::NONE);
    assert_eq!(announced(&effects), vec!["Connect Order → Payment"]);
    // Payment → Order would deadlock.
    let effects = drag(&mut ed, v(636.0, 32.0), v(250.0, 120.0), Modifiers::NONE);
    assert!(refusal(&effects).unwrap().0.contains("deadlock"));
    // Dropped on empty canvas: quietly nothing.
    assert!(drag(&mut ed, ORDER_CALL, v(380.0, 600.0), Modifiers::NONE).is_empty());
    // Users' handle onto Order: the entry call.
    drag(&mut ed, v(120.0, 128.0), v(250.0, 120.0), Modifiers::NONE);
    // Event handle onto Email: through the OrderCreated topic.
    let effects = drag(&mut ed, ORDER_EVENT, v(520.0, 420.0), Modifiers::NONE);
    assert_eq!(announced(&effects), vec!["Connect Order → Email by event"]);
    assert!(ed.doc().node_by_name("OrderCreated").is_some());
    assert_eq!(validate(ed.doc()), vec![]);
}

#[test]
fn keyboard_only_wiring() {
    let mut ed = shop();
    // Tab to Order (second node in document order).
    key(&mut ed, "Tab", Modifiers::NONE);
    let effects = key(&mut ed, "Tab", Modifiers::NONE);
    assert_eq!(ed.session().focus, Some(Target::Node(id(&ed, "Order"))));
    assert_eq!(
        announced(&effects),
        vec!["Order, service, 0 wires out, 0 in"]
    );
    let effects = key(&mut ed, "c", Modifiers::NONE);
    assert!(announced(&effects)[0].starts_with("Wiring a call from Order"));
    assert!(matches!(
        ed.state(),
        State::Wiring {
            keyboard: true,
            target: None,
            ..
        }
    ));
    // Enter before choosing says what to do.
    assert!(announced(&key(&mut ed, "Enter", Modifiers::NONE))[0].contains("Choose a target"));
    // Candidates come nearest first: Users (200 away) before Payment and Inventory.
    let effects = key(&mut ed, "Tab", Modifiers::NONE);
    assert!(
        announced(&effects)[0].starts_with("User: cannot connect"),
        "{effects:?}"
    );
    let effects = key(&mut ed, "Enter", Modifiers::NONE);
    assert!(refusal(&effects).unwrap().0.contains("into users"));
    assert!(
        matches!(ed.state(), State::Wiring { .. }),
        "a refusal keeps wiring open"
    );
    let mut guard = 0;
    while !matches!(ed.state(), State::Wiring { target: Some(t), .. } if *t == id(&ed, "Payment")) {
        key(&mut ed, "ArrowRight", Modifiers::NONE);
        guard += 1;
        assert!(guard < 10);
    }
    let effects = key(&mut ed, "Enter", Modifiers::NONE);
    assert_eq!(announced(&effects), vec!["Connect Order → Payment"]);
    assert_eq!(*ed.state(), State::Idle);
    assert_eq!(ed.session().preview, Preview::None);
    // E switches to an event; Escape cancels without an edit.
    let history = ed.history().clone();
    key(&mut ed, "e", Modifiers::NONE);
    key(&mut ed, "c", Modifiers::NONE);
    assert!(matches!(
        ed.state(),
        State::Wiring {
            style: Style::Call,
            ..
        }
    ));
    key(&mut ed, "e", Modifiers::NONE);
    assert!(matches!(
        ed.state(),
        State::Wiring {
            style: Style::Event,
            ..
        }
    ));
    assert_eq!(
        announced(&key(&mut ed, "Escape", Modifiers::NONE)),
        vec!["Wiring cancelled"]
    );
    assert_eq!(*ed.history(), history);
    // A users node cannot start an event.
    key(&mut ed, "Tab", Modifiers::SHIFT);
    assert_eq!(ed.session().focus, Some(Target::Node(id(&ed, "User"))));
    assert!(refusal(&key(&mut ed, "e", Modifiers::NONE))
        .unwrap()
        .0
        .contains("users can only call"));
    // Without focus, C explains how to begin.
    key(&mut ed, "Escape", Modifiers::NONE);
    key(&mut ed, "Escape", Modifiers::NONE);
    assert!(announced(&key(&mut ed, "c", Modifiers::NONE))[0].contains("Focus a node"));
}

#[test]
fn tab_reaches_wires_and_enter_opens_the_inspector() {
    let mut ed = shop();
    drag(&mut ed, ORDER_CALL, v(520.0, 30.0), Modifiers::NONE);
    key(&mut ed, "Escape", Modifiers::NONE);
    key(&mut ed, "Escape", Modifiers::NONE);
    assert_eq!(ed.session().focus, None);
    let effects = key(&mut ed, "Tab", Modifiers::SHIFT); // backwards from nothing: the last wire
    let w = ed.doc().wires[0].id;
    assert_eq!(ed.session().focus, Some(Target::Wire(w)));
    assert_eq!(
        announced(&effects),
        vec!["call from Order to Payment, Order waits"]
    );
    assert_eq!(
        key(&mut ed, "Enter", Modifiers::NONE),
        vec![Effect::OpenInspector(Target::Wire(w))]
    );
    // T toggles the focused wire into an event and the announcement says so.
    let effects = key(&mut ed, "t", Modifiers::NONE);
    assert_eq!(
        announced(&effects),
        vec!["Turn Order → Payment into an event"]
    );
    assert_eq!(
        key(&mut ed, "?", Modifiers::NONE),
        vec![Effect::ShowShortcuts]
    );
}

#[test]
fn a_click_on_a_wire_selects_it_and_only_its_glyph_flips_it_once_selected() {
    let mut ed = shop();
    drag(&mut ed, ORDER_CALL, v(520.0, 30.0), Modifiers::NONE);
    let wire = ed.doc().wires[0].clone();
    let mid = ed.layout().wire_path(&wire).unwrap().midpoint();
    // Nothing selected: a click on the wire's middle selects it and changes nothing.
    click(&mut ed, v(900.0, 500.0), Modifiers::NONE);
    assert!(ed.session().selection.is_empty());
    let before = ed.doc().clone();
    click(&mut ed, mid, Modifiers::NONE);
    assert_eq!(ed.doc(), &before, "selecting changed the design");
    assert_eq!(
        ed.session().selection,
        Selection::only(Target::Wire(wire.id))
    );
    // Shift-click on the glyph of a selected wire takes it out of the selection.
    click(&mut ed, mid, Modifiers::SHIFT);
    assert_eq!(ed.doc(), &before);
    assert!(ed.session().selection.is_empty());
    // Selected alone, its glyph flips it.
    click(&mut ed, mid, Modifiers::NONE);
    click(&mut ed, mid, Modifiers::NONE);
    let t = id(&ed, "OrderCreated");
    assert!(ed
        .doc()
        .wires
        .iter()
        .any(|w| w.from == t && w.to == id(&ed, "Payment")));
    assert_eq!(
        ed.history().undo_label().as_deref(),
        Some("Undo turn Order → Payment into an event")
    );
    ed.undo().unwrap().unwrap();
    assert!(ed.doc().node_by_name("OrderCreated").is_none());
}

#[test]
fn nudge_with_arrows() {
    let mut ed = shop();
    click(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    key(&mut ed, "ArrowRight", Modifiers::NONE);
    key(&mut ed, "ArrowDown", Modifiers::SHIFT);
    assert_eq!(pos(&ed, "Order"), Pos { x: 204.0, y: 120.0 });
    assert_eq!(
        undo_steps(&mut ed),
        1 + 5,
        "the nudges are one step, after the five setup adds"
    );
    // With nothing selected, arrows pan instead.
    let mut ed = shop();
    key(&mut ed, "ArrowLeft", Modifiers::NONE);
    assert_eq!(ed.session().viewport.pan, v(60.0, 0.0));
}

#[test]
fn delete_takes_the_nodes_wires_and_undo_brings_them_back() {
    let mut ed = shop();
    drag(&mut ed, v(120.0, 128.0), v(250.0, 120.0), Modifiers::NONE);
    drag(&mut ed, ORDER_CALL, v(520.0, 30.0), Modifiers::NONE);
    drag(&mut ed, ORDER_CALL, v(520.0, 230.0), Modifiers::NONE);
    let full = ed.doc().clone();
    click(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    let effects = key(&mut ed, "Delete", Modifiers::NONE);
    assert_eq!(announced(&effects), vec!["Delete Order"]);
    assert!(ed.doc().wires.is_empty());
    assert!(
        ed.session().selection.is_empty() && ed.session().focus.is_none(),
        "pruned"
    );
    key(&mut ed, "z", Modifiers::CTRL);
    assert_eq!(*ed.doc(), full);
    key(
        &mut ed,
        "z",
        Modifiers {
            ctrl: true,
            shift: true,
            ..Modifiers::NONE
        },
    );
    assert!(ed.doc().wires.is_empty());
    key(&mut ed, "y", Modifiers::CTRL);
    assert_eq!(
        announced(&key(&mut ed, "y", Modifiers::CTRL)),
        vec!["Nothing to redo"]
    );
    // Backspace deletes a selected wire alone.
    key(&mut ed, "z", Modifiers::CTRL);
    let w = ed.doc().wires[1].id;
    ed.handle(Input::Key {
        key: Key::Escape,
        mods: Modifiers::NONE,
    });
    let mid = ed
        .layout()
        .wire_path(ed.doc().wire(w).unwrap())
        .unwrap()
        .point_at(0.25);
    click(&mut ed, mid, Modifiers::NONE);
    assert_eq!(ed.session().selection, Selection::only(Target::Wire(w)));
    key(&mut ed, "Backspace", Modifiers::NONE);
    assert_eq!(ed.doc().nodes.len(), 5);
    assert_eq!(ed.doc().wires.len(), 2);
}

#[test]
fn duplicate_select_all_and_escape() {
    let mut ed = shop();
    drag(&mut ed, ORDER_CALL, v(520.0, 30.0), Modifiers::NONE);
    click(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    click(&mut ed, v(500.0, 20.0), Modifiers::SHIFT);
    let effects = key(&mut ed, "d", Modifiers::CTRL);
    assert_eq!(announced(&effects), vec!["Duplicate 2 services"]);
    let (o2, p2) = (id(&ed, "Order 2"), id(&ed, "Payment 2"));
    assert_eq!(
        ed.session()
            .selection
            .nodes
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![o2, p2]
    );
    assert!(ed.doc().wires.iter().any(|w| w.from == o2 && w.to == p2));
    assert_eq!(pos(&ed, "Order 2"), Pos { x: 240.0, y: 140.0 });
    key(&mut ed, "a", Modifiers::CTRL);
    assert_eq!(ed.session().selection.len(), 7 + 2);
    key(&mut ed, "Escape", Modifiers::NONE);
    assert!(ed.session().selection.is_empty());
    assert!(ed.session().focus.is_some());
    key(&mut ed, "Escape", Modifiers::NONE);
    assert!(ed.session().focus.is_none());
    assert!(
        !ed.handle(Input::Key {
            key: Key::Escape,
            mods: Modifiers::NONE
        })
        .consumed,
        "nothing left to clear"
    );
}

#[test]
fn palette_click_and_drag() {
    let mut ed = Editor::new(Scenario::new("t"));
    ed.handle(Input::Resize(v(800.0, 600.0)));
    let effects = ed.handle(Input::PaletteClick(Preset::Order)).effects;
    assert_eq!(announced(&effects), vec!["Add Order"]);
    let o = id(&ed, "Order");
    // Centred on (400, 300), snapped: 160×64 → top-left (320, 268) → (320, 260).
    assert_eq!(pos(&ed, "Order"), Pos { x: 320.0, y: 260.0 });
    assert_eq!(ed.session().selection, Selection::only(Target::Node(o)));
    assert_eq!(ed.session().focus, Some(Target::Node(o)));
    ed.handle(Input::PaletteClick(Preset::Order));
    assert_eq!(
        pos(&ed, "Order 2"),
        Pos { x: 360.0, y: 420.0 },
        "cascades, then moves on to free room below the first Order's labels"
    );
    // Drag from the palette: a ghost follows, the drop places it.
    ed.handle(Input::PaletteDrag(Preset::Topic));
    assert!(matches!(
        ed.state(),
        State::Placing {
            preset: Preset::Topic
        }
    ));
    move_to(&mut ed, v(100.0, 100.0), Modifiers::NONE);
    assert_eq!(
        ed.session().preview,
        Preview::Place {
            preset: Preset::Topic,
            at: v(20.0, 80.0)
        }
    );
    up(&mut ed, v(100.0, 100.0), Modifiers::NONE);
    assert_eq!(pos(&ed, "Topic"), Pos { x: 20.0, y: 80.0 });
    assert_eq!(ed.session().preview, Preview::None);
    // Escape (or the drag leaving) cancels a placement.
    ed.handle(Input::PaletteDrag(Preset::Email));
    move_to(&mut ed, v(100.0, 100.0), Modifiers::NONE);
    key(&mut ed, "Escape", Modifiers::NONE);
    assert_eq!(
        (ed.state(), &ed.session().preview),
        (&State::Idle, &Preview::None)
    );
    assert_eq!(ed.doc().nodes.len(), 3);
}

#[test]
fn hover_follows_the_pointer() {
    let mut ed = shop();
    move_to(&mut ed, v(250.0, 120.0), Modifiers::NONE);
    assert_eq!(ed.session().hover, Some(Target::Node(id(&ed, "Order"))));
    move_to(&mut ed, v(250.0, 700.0), Modifiers::NONE);
    assert_eq!(ed.session().hover, None);
}

/// The acceptance scenario, with pointer and keys only: the hybrid checkout.
#[test]
fn build_the_hybrid_checkout_from_an_empty_canvas() {
    let mut ed = Editor::new(Scenario::new("checkout"));
    let place = |ed: &mut Editor, preset, x: f64, y: f64| {
        ed.handle(Input::PaletteDrag(preset));
        move_to(ed, v(x, y), Modifiers::NONE);
        up(ed, v(x, y), Modifiers::NONE);
    };
    place(&mut ed, Preset::Users, 60.0, 300.0);
    place(&mut ed, Preset::Order, 300.0, 300.0);
    place(&mut ed, Preset::Inventory, 600.0, 100.0);
    place(&mut ed, Preset::Payment, 600.0, 220.0);
    place(&mut ed, Preset::Email, 900.0, 380.0);
    place(&mut ed, Preset::Analytics, 900.0, 500.0);
    place(&mut ed, Preset::Crm, 900.0, 620.0);
    let rect = |ed: &Editor, name: &str| ed.layout().rect(id(ed, name)).unwrap();
    let call_handle = |ed: &Editor, name: &str| {
        let r = rect(ed, name);
        v(r.right(), r.center().y)
    };
    let event_handle = |ed: &Editor, name: &str| {
        let r = rect(ed, name);
        v(r.center().x, r.bottom())
    };
    let wire = |ed: &mut Editor, from: Vec2, to: &str| {
        let target = rect(ed, to).center();
        let effects = drag(ed, from, target, Modifiers::NONE);
        assert!(refusal(&effects).is_none(), "{effects:?}");
    };
    let h = call_handle(&ed, "User");
    wire(&mut ed, h, "Order");
    let h = call_handle(&ed, "Order");
    wire(&mut ed, h, "Inventory");
    let h = call_handle(&ed, "Order");
    wire(&mut ed, h, "Payment");
    let h = event_handle(&ed, "Order");
    wire(&mut ed, h, "Email");
    let h = event_handle(&ed, "Order");
    wire(&mut ed, h, "Analytics");
    let h = event_handle(&ed, "Order");
    wire(&mut ed, h, "CRM");
    let doc = ed.doc();
    assert_eq!(validate(doc), vec![]);
    assert_eq!(
        doc.nodes.len(),
        8,
        "seven placed plus the OrderCreated topic"
    );
    assert_eq!(
        doc.wires.len(),
        3 + 1 + 3,
        "three calls, one publish, three subscriptions"
    );
    let t = id(&ed, "OrderCreated");
    assert_eq!(doc.wires.iter().filter(|w| w.from == t).count(), 3);
    assert_eq!(undo_steps(&mut ed), 7 + 6);
    assert!(ed.doc().nodes.is_empty());
}

#[test]
fn keyboard_focus_pans_an_off_screen_element_into_view() {
    let mut doc = Scenario::new("t");
    let a = doc.add_node("A", Pos { x: 0.0, y: 0.0 }, Preset::Service.kind());
    let far = doc.add_node(
        "Far",
        Pos {
            x: 3000.0,
            y: 2000.0,
        },
        Preset::Service.kind(),
    );
    let mut ed = Editor::new(doc);
    ed.handle(Input::Resize(v(800.0, 600.0)));
    let tab = Input::Key {
        key: Key::Tab,
        mods: Modifiers::NONE,
    };
    ed.handle(tab.clone());
    assert_eq!(ed.session().focus, Some(Target::Node(a)));
    assert_eq!(
        ed.session().viewport.pan,
        v(0.0, 0.0),
        "A is already in view"
    );
    ed.handle(tab);
    assert_eq!(ed.session().focus, Some(Target::Node(far)));
    let vp = ed.session().viewport;
    let r = ed.layout().rect(far).unwrap();
    let (tl, br) = (
        vp.to_screen(v(r.x, r.y)),
        vp.to_screen(v(r.right(), r.bottom())),
    );
    assert!(
        tl.x >= 0.0 && tl.y >= 0.0 && br.x <= 800.0 && br.y <= 600.0,
        "{tl:?} {br:?}"
    );
    assert_eq!(vp.zoom, 1.0);
}

/// Every node of the editor's document lies inside the visible screen area.
fn all_on_screen(ed: &Editor, screen: Vec2) -> bool {
    let vp = ed.session().viewport;
    ed.layout().node_rects().all(|(_, r)| {
        let a = vp.to_screen(Vec2::new(r.x, r.y));
        let b = vp.to_screen(Vec2::new(r.x + r.w, r.y + r.h));
        a.x >= 0.0 && a.y >= 0.0 && b.x <= screen.x && b.y <= screen.y
    })
}

#[test]
fn a_whole_new_design_is_fitted_to_the_view() {
    let screen = v(800.0, 600.0);
    let mut far = shop().doc().clone();
    for n in &mut far.nodes {
        n.pos = Pos {
            x: n.pos.x + 5_000.0,
            y: n.pos.y + 3_000.0,
        };
    }
    // Replacing (import, new, a lesson's design) fits, and stays one undo step.
    let mut ed = Editor::new(Scenario::new("empty"));
    ed.handle(Input::Resize(screen));
    ed.apply(Command::Replace(Box::new(far.clone()))).unwrap();
    assert!(
        all_on_screen(&ed, screen),
        "viewport {:?}",
        ed.session().viewport
    );

    // Loaded before the canvas has a size (an autosave at start-up): fitted on the first resize.
    let mut ed = Editor::new(Scenario::new("empty"));
    ed.load(far);
    assert!(!all_on_screen(&ed, screen));
    ed.handle(Input::Resize(screen));
    assert!(
        all_on_screen(&ed, screen),
        "viewport {:?}",
        ed.session().viewport
    );
}

/// A node dropped where others stand lands in the nearest free room that is on screen,
/// and the ghost shows that spot before the drop (issue 27, item 14: a drop near the
/// bottom of a 720-px canvas put Analytics below what could be seen).
#[test]
fn a_crowded_drop_lands_on_screen_where_the_ghost_showed() {
    let mut ed = Editor::new(Scenario::new("crowded"));
    ed.handle(Input::Resize(v(900.0, 420.0)));
    // A full row along the bottom edge of the view.
    for i in 0..6 {
        ed.apply(Command::AddNode {
            preset: Preset::Payment,
            pos: Pos {
                x: 20.0 + 150.0 * f64::from(i),
                y: 330.0,
            },
        })
        .unwrap();
    }
    ed.handle(Input::PaletteDrag(Preset::Analytics));
    move_to(&mut ed, v(400.0, 380.0), Modifiers::NONE);
    let Preview::Place { at, .. } = ed.session().preview.clone() else {
        panic!("no ghost: {:?}", ed.session().preview)
    };
    up(&mut ed, v(400.0, 380.0), Modifiers::NONE);
    let landed = pos(&ed, "Analytics");
    assert_eq!(
        (landed.x, landed.y),
        (at.x, at.y),
        "the drop is not where the ghost was"
    );
    let r = ed.layout().rect(id(&ed, "Analytics")).unwrap();
    assert!(
        r.bottom() <= 420.0 && r.y >= 0.0 && r.right() <= 900.0,
        "off screen: {r:?}"
    );
    assert_eq!(wirelab_editor::place::overlapping(ed.doc()), None);
}
