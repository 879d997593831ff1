//! Highlights elements by display name (a lesson step's, a review finding's, a followed
//! customer's path): nodes, and wires written `From -> To`. Instead of touching the
//! canvas's nodes this writes one small style sheet keyed by their element ids; it
//! follows the design (a rename or a deletion simply drops the rule).

use leptos::prelude::*;
use wirelab_editor::Target;
use wirelab_model::{Scenario, WireRef};

use super::element_id;

#[component]
pub fn Highlight(
    names: Signal<Vec<String>>,
    #[prop(default = "lesson-highlight")] testid: &'static str,
) -> impl IntoView {
    let ed = super::use_editor();
    let css = move || names.with(|names| ed.with_doc(|e| rules(e.doc(), names)));
    view! { <style data-testid=testid>{css}</style> }
}

/// The page's own canvas, not compare mode's design B (whose elements carry the same
/// ids for other elements).
const A_CANVAS: &str = ".app > .canvas-area";

fn rules(doc: &Scenario, names: &[String]) -> String {
    let mut nodes = Vec::new();
    let mut wires = Vec::new();
    for name in names {
        if let Some((from, to)) = name.split_once("->") {
            let r = WireRef {
                from: from.trim().to_string(),
                to: to.trim().to_string(),
            };
            if let Some(w) = doc.wire_by_ref(&r) {
                wires.push(format!(
                    "{A_CANVAS} #{}",
                    element_id("wl", Target::Wire(w.id))
                ));
            }
        } else if let Some(n) = doc.node_by_name(name.trim()) {
            nodes.push(format!(
                "{A_CANVAS} #{}",
                element_id("wl", Target::Node(n.id))
            ));
        }
    }
    let mut css = String::new();
    if !nodes.is_empty() {
        let sel: Vec<String> = nodes.iter().map(|n| format!("{n} .node-body")).collect();
        css.push_str(&format!(
            "{} {{ stroke: var(--lesson-mark); stroke-width: 4; }}\n",
            sel.join(", ")
        ));
    }
    if !wires.is_empty() {
        let sel: Vec<String> = wires.iter().map(|w| format!("{w} .wire-line")).collect();
        css.push_str(&format!(
            "{} {{ stroke: var(--lesson-mark); stroke-width: 4; }}\n",
            sel.join(", ")
        ));
    }
    css
}
