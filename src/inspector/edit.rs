//! Turning one field edit into one command for every selected element, checked first:
//! an edit that would add a validation problem to the selection is refused with the
//! problem, and the design is left as it was.

use super::fields::{Field, Input, Val};
use std::sync::Arc;
use wirelab_editor::command::{self, Command};
use wirelab_model::{Element, NodeId, NodeKind, Scenario, WireId, WireKind};

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

/// Range check in the units the user typed, against the model's range for `path` (the
/// field's path in the scenario format, `kind.workers`), before the model's own checks.
pub fn check_range(path: &str, input: Input, v: Val) -> Result<(), String> {
    let Some((lo, hi)) = wirelab_model::limit(path) else {
        return Ok(());
    };
    let (unit, scale, x) = match (input, v) {
        (Input::Num { unit, scale }, Val::Num(x)) => (unit, scale, x),
        (Input::Int { unit }, Val::Int(n)) => (unit, 1.0, f64::from(n)),
        _ => return Ok(()),
    };
    let shown = |v: f64| (v * scale * 1e6).round() / 1e6;
    if x < lo || x > hi {
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        return Err(format!(
            "{}{unit} is out of range: {} to {}{unit}",
            shown(x),
            shown(lo),
            shown(hi)
        ));
    }
    Ok(())
}

pub fn node_edit(
    doc: &Scenario,
    ids: &[NodeId],
    field: &Field<NodeKind>,
    v: Val,
) -> Result<Option<Command>, String> {
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
) -> Result<Option<Command>, String> {
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
/// selection (`command::problems_added`); `None` when nothing would change.
fn checked(
    doc: &Scenario,
    subject: &Subject,
    key: &str,
    mut cmds: Vec<Command>,
) -> Result<Option<Command>, String> {
    let cmd = match cmds.len() {
        0 => return Ok(None),
        1 => cmds.pop().expect("one command"),
        _ => Command::Batch(cmds),
    };
    let new =
        command::problems_added(doc, &cmd, |el| subject.owns(el)).map_err(|e| e.to_string())?;
    if new.is_empty() {
        return Ok(Some(cmd));
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
