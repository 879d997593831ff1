//! One vocabulary: a logged intervention reads like an incident line, and a check's
//! verdict says its comparison in the words the UI shows.

mod common;
use common::*;
use wirelab_engine::{evaluate, Intervention, Recorder, Run};
use wirelab_model::{parse_script, Check, Criterion, Incident};

#[test]
fn an_intervention_reads_back_as_the_script_line_it_came_from() {
    let s = load("checkout-events.json");
    let script = "kill Analytics\nrevive Analytics\nhang Payment\nslow Payment x4\n\
                  error Payment 30%\ncut Order -> Payment\nheal Order -> Payment\n\
                  lose-responses Order -> Payment 50%\nload Users 200/s\nsend Users 3";
    for line in script.lines() {
        let inc: Incident = parse_script(&format!("0s {line}")).unwrap().remove(0);
        let iv = Intervention::resolve(&s, &inc.action).unwrap();
        let back = iv.to_action(&s).expect("elements exist");
        assert_eq!(back, inc.action);
        assert_eq!(back.to_string(), line);
        assert_eq!(Intervention::resolve(&s, &back).unwrap(), iv);
    }
    let mut gone = s.clone();
    gone.nodes.retain(|n| n.name != "Analytics");
    let iv =
        Intervention::resolve(&s, &parse_script("0s kill Analytics").unwrap()[0].action).unwrap();
    assert_eq!(iv.to_action(&gone), None);
}

#[test]
fn a_verdict_says_its_comparison_in_words() {
    let s = load("checkout-sync.json");
    let criteria: Vec<Criterion> = ["wait_p50 <= 1ms", "success_rate >= 50%", "lost == 0"]
        .iter()
        .map(|c| Criterion {
            check: Check::parse(c).unwrap(),
            hint: String::new(),
        })
        .collect();
    let mut run = Run::new(&s, 7).unwrap();
    let mut rec = Recorder::new(&run, &criteria, &[]);
    rec.run_to(&mut run, 5_000_000);
    let texts: Vec<String> = evaluate(&run, &rec, &criteria)
        .iter()
        .map(|r| r.measured_text())
        .collect();
    assert!(texts[0].ends_with("(needs ≤ 1 ms)"), "{texts:?}");
    assert!(texts[1].ends_with("(needs ≥ 50%)"), "{texts:?}");
    assert_eq!(texts[2], "0 (needs = 0)");
}
