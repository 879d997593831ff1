//! "Explain my design": the notes a candidate brings out of a practice interview, in
//! Markdown: the design in words, the review's findings with their numbers, the blast
//! radius and one customer's journey as a Mermaid sequence diagram.

use wirelab_model::{Scenario, WireKind};

use super::{Reviewer, END_US};
use crate::{mermaid, trace_journey, Pick};

/// The notes for a finished review (see [`Reviewer`]).
pub fn explain(r: &Reviewer) -> String {
    let s = r.scenario();
    let mut out = format!("# {}\n\n", s.name);
    if !s.description.trim().is_empty() {
        out.push_str(&format!("{}\n\n", s.description.trim()));
    }
    out.push_str("## The design\n\n");
    out.push_str(&design_in_words(s));
    out.push_str(&format!(
        "\n## Findings\n\nMeasured by running the design with one part broken {} (seed {}, the same customers each time).\n\n",
        super::window::span(),
        r.seed()
    ));
    if r.findings().is_empty() {
        out.push_str("None of the review's anti-patterns shows in this design.\n");
    }
    for f in r.findings() {
        out.push_str(&format!("### {}\n\n", f.title));
        out.push_str(&format!("- **Ask:** {}\n", f.question));
        out.push_str(&format!("- **Measured:** {}\n", f.said));
        if let Some(fix) = &f.fix {
            out.push_str(&format!("- **Fix:** {}\n", fix.label()));
        }
        out.push_str(&format!(
            "- Finding `{}` on {}\n\n",
            f.id,
            f.elements.join(", ")
        ));
    }
    out.push_str("## What breaks if each part is down\n\n");
    out.push_str(
        "| Down | Answered | Wait p95 | Late work | Lost events |\n|---|---:|---:|---:|---:|\n",
    );
    for row in r.rows() {
        let wait = row
            .wait_p95_ms
            .map_or_else(|| "—".into(), |w| format!("{w:.1} ms"));
        out.push_str(&format!(
            "| {} ({}) | {:.1} % | {wait} | {} | {} |\n",
            row.element,
            row.kind,
            row.success_rate * 100.0,
            row.late,
            row.lost
        ));
    }
    out.push_str("\nAnswered: the share of the customers who arrived while it was down and got an answer. Wait p95: 95 of every 100 answered customers waited less. Late work: answered customers whose other work finished more than a second after the answer.\n");
    if let Ok(Some(t)) = trace_journey(s, r.seed(), END_US / 1000, Pick::Slowest) {
        // The journey is traced with the design's own incident script, if it has one.
        let broken = if s.incidents.is_empty() {
            "with nothing broken".to_string()
        } else {
            format!(
                "with its incident script ({})",
                wirelab_model::format_script(&s.incidents)
                    .trim()
                    .replace('\n', "; ")
            )
        };
        out.push_str(&format!(
            "\n## One customer's journey\n\nThe slowest customer of a {} run {broken} (customer #{}):\n\n```mermaid\n{}```\n",
            super::window::run(),
            t.id,
            mermaid(&t)
        ));
    }
    out
}

/// Each wire as a sentence: who waits for whom, who announces what.
fn design_in_words(s: &Scenario) -> String {
    let name = |id| s.node(id).map_or("?", |n| n.name.as_str());
    let mut out = String::new();
    for w in &s.wires {
        let (a, b) = (name(w.from), name(w.to));
        let line = match &w.kind {
            WireKind::Call(_) => format!("{a} calls {b} and waits for the answer"),
            WireKind::Publish(_) => format!("{a} publishes to {b}"),
            WireKind::Subscribe(_) => format!("{b} subscribes to {a}"),
            WireKind::RequestReply(rr) => {
                format!(
                    "{a} asks {b} through the broker {} and waits for the reply",
                    name(rr.via)
                )
            }
        };
        out.push_str(&format!("- {line}\n"));
    }
    out
}
