//! Which design the document is: what decides whether the run keeps its moment across a
//! change (one design's edits) or starts at 0 s (another design), whatever the titles.

use wirelab_editor::command::{Command, Settings};
use wirelab_editor::palette::Preset;
use wirelab_editor::Editor;
use wirelab_model::{Pos, Scenario};

fn titled(name: &str) -> Editor {
    Editor::new(Scenario::new(name))
}

#[test]
fn edits_and_a_new_title_keep_the_design() {
    let mut ed = titled("Checkout");
    let design = ed.design();
    ed.apply(Command::AddNode {
        preset: Preset::Service,
        pos: Pos::default(),
    })
    .unwrap();
    let mut settings = Settings::of(ed.doc());
    settings.name = "Checkout, renamed".into();
    ed.apply(Command::SetSettings(settings)).unwrap();
    assert_eq!(ed.design(), design);
    ed.undo().unwrap().unwrap();
    ed.undo().unwrap().unwrap();
    ed.redo().unwrap().unwrap();
    assert_eq!(ed.design(), design);
}

#[test]
fn a_replace_with_the_same_title_is_another_design_and_so_are_its_undo_and_redo() {
    let mut ed = titled("Checkout");
    let first = ed.design();
    ed.apply(Command::Replace(Box::new(Scenario::new("Checkout"))))
        .unwrap();
    let second = ed.design();
    assert_ne!(second, first);
    ed.undo().unwrap().unwrap();
    let back = ed.design();
    assert!(
        back != second && back != first,
        "undo puts back another design"
    );
    ed.redo().unwrap().unwrap();
    assert!(![first, second, back].contains(&ed.design()));
}

#[test]
fn loading_is_another_design() {
    let mut ed = titled("Checkout");
    let first = ed.design();
    ed.load(Scenario::new("Checkout"));
    assert_ne!(ed.design(), first);
}
