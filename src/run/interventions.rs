//! Live interventions on the selected node or wire (buttons here, K / R / H / S keys in
//! `keys.rs`), and the visible log of what was applied at which simulated time.

use leptos::prelude::*;
use wirelab_editor::Target;
use wirelab_engine::Intervention;
use wirelab_model::{Kind, Scenario};

use super::controls::fmt_time;
use super::state::{use_run, RunCtx};
use crate::editor::{use_editor, EditorCtx};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Act {
    Kill,
    Revive,
    Hang,
    Slow,
    ErrorRate,
}

/// Applies `a` to the selected (or focused) node or wire; says what happened.
pub fn act(rc: RunCtx, ed: EditorCtx, a: Act) {
    let target = ed.with_untracked(|e| e.session().selection.single().or(e.session().focus));
    let Some(target) = target else {
        ed.say("Select a service, topic or wire first".into());
        return;
    };
    let slow = rc.slow.get_untracked();
    let rate = rc.error_pct.get_untracked() / 100.0;
    let iv = match (target, a) {
        (Target::Node(node), Act::Kill) => Intervention::Kill { node },
        (Target::Node(node), Act::Revive) => Intervention::Revive { node },
        (Target::Node(node), Act::Hang) => Intervention::Hang { node },
        (Target::Node(node), Act::Slow) => Intervention::Slow { node, factor: slow },
        (Target::Node(node), Act::ErrorRate) => Intervention::ErrorRate { node, rate },
        (Target::Wire(wire), Act::Kill) => Intervention::Cut { wire },
        (Target::Wire(wire), Act::Revive) => Intervention::Heal { wire },
        (Target::Wire(_), _) => {
            ed.say("A wire can only be cut (K) or restored (R)".into());
            return;
        }
    };
    let text = ed.with_untracked(|e| describe(e.doc(), &iv));
    match rc.intervene(iv) {
        Ok(()) => ed.say(format!("{} at {}", capital(&text), fmt_time(now(rc)))),
        Err(why) => ed.say(format!("Not applied: {why}")),
    }
}

fn now(rc: RunCtx) -> u64 {
    rc.frame
        .with_untracked(|f| f.as_ref().map_or(0, |f| f.snap.now_us))
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The incident script's words for an intervention: "kill Analytics", "heal Order -> Email".
pub fn describe(doc: &Scenario, iv: &Intervention) -> String {
    iv.to_action(doc)
        .map_or_else(|| "(on a deleted element)".into(), |a| a.to_string())
}

/// The run panel's intervention part: buttons for the selection and the log.
#[component]
pub fn InterventionPanel() -> impl IntoView {
    let rc = use_run();
    let ed = use_editor();
    let params = rc;
    let selected = Memo::new(move |_| {
        let t = ed.selection().single();
        ed.with_doc(|e| {
            t.and_then(|t| match t {
                Target::Node(id) => e
                    .doc()
                    .node(id)
                    .map(|n| (n.name.clone(), Some(n.kind.tag()))),
                Target::Wire(id) => e
                    .doc()
                    .wire_ref(id)
                    .map(|w| (format!("{} → {}", w.from, w.to), None)),
            })
        })
    });
    let button = move |label: &'static str, key: &'static str, a: Act, testid: &'static str| {
        view! {
            <button class="tool run-act" data-testid=testid title=format!("{label} ({key})")
                on:click=move |_| act(rc, ed, a)>{label}<kbd>{key}</kbd></button>
        }
    };
    let buttons = move || {
        let Some((name, kind)) = selected.get() else {
            return view! { <p class="muted">"Select a service, topic or wire on the canvas to break it."</p> }
                .into_any();
        };
        let noun = kind.map_or("wire", Kind::noun);
        let head = view! { <p class="run-target"><strong>{name}</strong>" · "{noun}</p> };
        // `None`: a wire.
        match kind {
            None => view! {
                {head}
                <div class="run-acts">
                    {button("Cut", "K", Act::Kill, "act-cut")}
                    {button("Restore", "R", Act::Revive, "act-restore")}
                </div>
            }
            .into_any(),
            Some(Kind::Service) => view! {
                {head}
                <div class="run-acts">
                    {button("Kill", "K", Act::Kill, "act-kill")}
                    {button("Revive", "R", Act::Revive, "act-revive")}
                    {button("Hang", "H", Act::Hang, "act-hang")}
                    {button("Slow", "S", Act::Slow, "act-slow")}
                    <label class="run-param">"×"
                        <input type="number" min="1" max="100" data-testid="act-slow-factor"
                            prop:value=move || params.slow.get().to_string()
                            on:input=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                    params.slow.set(v.clamp(1, 100));
                                }
                            }/>
                    </label>
                    <button class="tool run-act" data-testid="act-error-rate"
                        on:click=move |_| act(rc, ed, Act::ErrorRate)>"Error rate"</button>
                    <label class="run-param">
                        <input type="number" min="0" max="100" data-testid="act-error-pct"
                            prop:value=move || params.error_pct.get().to_string()
                            on:input=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                                    params.error_pct.set(v.clamp(0.0, 100.0));
                                }
                            }/>"%"
                    </label>
                </div>
            }
            .into_any(),
            Some(Kind::Topic) => view! {
                {head}
                <div class="run-acts">
                    {button("Kill broker", "K", Act::Kill, "act-kill")}
                    {button("Revive", "R", Act::Revive, "act-revive")}
                </div>
            }
            .into_any(),
            Some(Kind::Users) => view! { {head}<p class="muted">"People arrive here; break a service, topic or wire instead."</p> }
                .into_any(),
        }
    };
    let log = move || {
        let entries = rc
            .stats
            .with(|f| f.as_ref().map(|f| f.log.clone()).unwrap_or_default());
        ed.with_doc(|e| {
            entries
                .iter()
                .map(|l| (fmt_time(l.at_us), describe(e.doc(), &l.intervention)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="run-panel" aria-label="Break things" data-testid="run-interventions">
            <h3>"Break things"</h3>
            {buttons}
            <h4>"Intervention log"</h4>
            <ol class="run-log" data-testid="intervention-log">
                {move || {
                    let entries = log();
                    if entries.is_empty() {
                        view! { <li class="muted">"Nothing applied yet"</li> }.into_any()
                    } else {
                        entries.into_iter()
                            .map(|(t, what)| view! { <li><time>{t}</time>" "{what}</li> })
                            .collect_view()
                            .into_any()
                    }
                }}
            </ol>
        </section>
    }
}
