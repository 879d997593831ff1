//! Live interventions on the selected node or wire (buttons here, K / R / H / S / N keys
//! in `keys.rs`), and the visible log of what was applied at which simulated time: the
//! live interventions and the incident script's lines that have happened, in time order.

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
    /// One person from a Users node, now.
    SendOne,
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
        (Target::Node(node), Act::SendOne) => {
            let users = ed.with_untracked(|e| {
                e.doc()
                    .node(node)
                    .is_some_and(|n| n.kind.tag() == Kind::Users)
            });
            if !users {
                ed.say("Select a Users node to send one person from it".into());
                return;
            }
            Intervention::Send { node, count: 1 }
        }
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
                    // Committed on change, not per keystroke: writing the value back while
                    // it is typed moves the cursor and drops a trailing ".". A fraction is
                    // rounded, and anything unreadable puts the factor in use back.
                    <label class="run-param">"×"
                        <input type="number" min="1" max="100" step="1" data-testid="act-slow-factor"
                            aria-label="Slow factor"
                            prop:value=move || params.slow.get().to_string()
                            on:change=move |ev| {
                                let v = event_target_value(&ev).trim().parse::<f64>();
                                let old = params.slow.get_untracked();
                                params.slow.set(v.map_or(old, |v| v.round().clamp(1.0, 100.0) as u32));
                            }/>
                    </label>
                    <button class="tool run-act" data-testid="act-error-rate"
                        on:click=move |_| act(rc, ed, Act::ErrorRate)>"Error rate"</button>
                    <label class="run-param">
                        <input type="number" min="0" max="100" step="any" data-testid="act-error-pct"
                            aria-label="Error rate, percent"
                            prop:value=move || params.error_pct.get().to_string()
                            on:change=move |ev| {
                                let v = event_target_value(&ev).trim().parse::<f64>();
                                let old = params.error_pct.get_untracked();
                                params.error_pct.set(v.map_or(old, |v| v.clamp(0.0, 100.0)));
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
            Some(Kind::Users) => view! {
                {head}
                <div class="run-acts">
                    {button("Send one request", "N", Act::SendOne, "act-send-one")}
                </div>
                <p class="muted">"One more person now, on top of the arrivals; break a service, topic or wire to see them fail."</p>
            }
            .into_any(),
        }
    };
    // (time, what, from the script), in time order; at the same time the script's line
    // first, as the run applied it before any live action at that moment.
    let log = move || {
        rc.stats.with(|st| {
            let Some(st) = st.as_ref() else {
                return Vec::new();
            };
            let scripted = st.scripted.iter().map(|(at, iv)| (*at, iv, true));
            let live = st.log.iter().map(|l| (l.at_us, &l.intervention, false));
            let mut all: Vec<_> = scripted.chain(live).collect();
            all.sort_by_key(|(at, ..)| *at);
            ed.with_doc(|e| {
                all.into_iter()
                    .map(|(at, iv, scripted)| (fmt_time(at), describe(e.doc(), iv), scripted))
                    .collect::<Vec<_>>()
            })
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
                            .map(|(t, what, scripted)| view! {
                                <li data-source=if scripted { "script" } else { "live" }>
                                    <time>{t}</time>" "{what}
                                    {scripted.then(|| view! { <span class="run-log-tag">"scripted"</span> })}
                                </li>
                            })
                            .collect_view()
                            .into_any()
                    }
                }}
            </ol>
        </section>
    }
}
