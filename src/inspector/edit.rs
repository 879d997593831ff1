//! Turning one field edit into one command for every selected element, checked first:
//! an edit that would add a validation problem to the selection is refused with the
//! problem, and the design is left as it was.

use super::fields::{Field, Input, Val};
use std::sync::Arc;
use wirelab_editor::command::{self, Command};
use wirelab_model::{validate, Element, NodeId, NodeKind, Problem, Scenario, WireId, WireKind};

/// What the inspector is editing: all nodes, or all wires (never a mix).
#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    Nodes(Arc<Vec<NodeId>>),
    Wires(Arc<Vec<WireId>>),
}

impl Subject {
    fn owns(&self, el: Element) -> bool {
        match (self, el) {
            (Subject::Nodes(ids), Element::Node(id)) => ids.contains(&id),
            (Subject::Wires(ids), Element::Wire(id)) => ids.contains(&id),
            _ => false,
        }
    }
}

/// Range check in the units the user typed, before the model's own checks.
pub fn check_range(input: Input, v: Val) -> Result<(), String> {
    match (input, v) {
        (
            Input::Num {
                unit,
                scale,
                min,
                max,
            },
            Val::Num(x),
        ) => {
            let shown = x * scale;
            if shown < min || shown > max {
                return Err(format!(
                    "{shown} {unit} is out of range: {min} to {max} {unit}"
                ));
            }
        }
        (Input::Int { unit, min, max }, Val::Int(n)) if n < min || n > max => {
            return Err(format!("{n} {unit} is out of range: {min} to {max}").replace("  ", " "));
        }
        _ => {}
    }
    Ok(())
}

pub fn node_edit(
    doc: &Scenario,
    ids: &[NodeId],
    field: &Field<NodeKind>,
    v: Val,
) -> Result<Command, String> {
    let cmds = ids
        .iter()
        .filter_map(|&id| {
            let mut kind = doc.node(id)?.kind.clone();
            (field.set)(&mut kind, v);
            (kind != doc.node(id)?.kind).then_some(Command::SetNodeKind { id, kind })
        })
        .collect();
    checked(
        doc,
        &Subject::Nodes(Arc::new(ids.to_vec())),
        field.key,
        cmds,
    )
}

pub fn wire_edit(
    doc: &Scenario,
    ids: &[WireId],
    field: &Field<WireKind>,
    v: Val,
) -> Result<Command, String> {
    let cmds = ids
        .iter()
        .filter_map(|&id| {
            let mut kind = doc.wire(id)?.kind.clone();
            (field.set)(&mut kind, v);
            (kind != doc.wire(id)?.kind).then_some(Command::SetWireKind { id, kind })
        })
        .collect();
    checked(
        doc,
        &Subject::Wires(Arc::new(ids.to_vec())),
        field.key,
        cmds,
    )
}

/// One command (a batch for several elements), refused if it adds a problem to the
/// selection. Problems already there (say, users not wired yet) do not block an edit.
fn checked(
    doc: &Scenario,
    subject: &Subject,
    key: &str,
    mut cmds: Vec<Command>,
) -> Result<Command, String> {
    let cmd = match cmds.len() {
        0 => return Err(String::new()),
        1 => cmds.pop().expect("one command"),
        _ => Command::Batch(cmds),
    };
    let mut trial = doc.clone();
    command::apply(&mut trial, cmd.clone()).map_err(|e| e.to_string())?;
    let before = validate(doc);
    let new: Vec<Problem> = validate(&trial)
        .into_iter()
        .filter(|p| subject.owns(p.element) && !before.contains(p))
        .collect();
    if new.is_empty() {
        return Ok(cmd);
    }
    let own = format!("kind.{key}");
    // With several elements selected, say which one a problem is about.
    let many = match subject {
        Subject::Nodes(ids) => ids.len() > 1,
        Subject::Wires(ids) => ids.len() > 1,
    };
    let mut lines: Vec<String> = new
        .iter()
        .map(|p| {
            let field = p.field.strip_prefix("kind.").unwrap_or(&p.field);
            let who = if many {
                format!("{}: ", p.name)
            } else {
                String::new()
            };
            if p.field == own {
                format!("{who}{}", p.message)
            } else {
                format!("{who}{field}: {}", p.message)
            }
        })
        .collect();
    lines.dedup();
    Err(lines.join("; "))
}
