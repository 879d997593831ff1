//! Which findings may explain a failing criterion: those involving an element the
//! criterion measures, or one the incident script breaks ("at 10s kill CRM" and a
//! finding on the call to CRM), and making worse what it measures (a failing wait is not
//! explained by a consumer that is not idempotent).

use wirelab_model::{Check, Incident, Subject, Target};

use super::{Finding, Hurt};

/// The findings that involve what `failing` measures or what `incidents` break and hurt
/// what a failing criterion is about, in order.
pub fn explaining<'a>(
    findings: &'a [Finding],
    failing: &[&Check],
    incidents: &[Incident],
) -> Vec<&'a Finding> {
    let mut names: Vec<String> = Vec::new();
    let mut target = |t: &Option<Target>| match t {
        Some(Target::Node { name }) => names.push(name.clone()),
        Some(Target::Wire { wire } | Target::Partition { wire, .. }) => {
            names.extend([wire.from.clone(), wire.to.clone()])
        }
        None => {}
    };
    for c in failing {
        target(&c.measure.target);
        if let Some(of) = &c.of {
            target(&of.target);
        }
    }
    for i in incidents {
        match i.action.clone().subject_mut() {
            Subject::Node(n) => names.push(n.clone()),
            Subject::Wire(w) => names.extend([w.from.clone(), w.to.clone()]),
        }
    }
    let about: Vec<Hurt> = failing.iter().map(|c| Hurt::of(c.measure.metric)).collect();
    findings
        .iter()
        .filter(|f| f.elements.iter().any(|e| names.contains(e)))
        .filter(|f| f.hurts.iter().any(|h| about.contains(h)))
        .collect()
}
