//! Wirelab inside another page (`?embed&autoplay&loop&speed=2&presenter`): the stage with
//! minimal controls and a link "Open in Wirelab". A parent page may drive it with
//! `postMessage` (docs/embed.md): `{wirelab: "play" | "pause"}`, `{wirelab: "seek", t}`
//! (seconds), `{wirelab: "kill" | "revive", target}` (a name); the frame posts
//! `{wirelab: "state", t, answered, failed, waiting}` to its parent on every refresh of
//! the run's figures (several a second while playing, at once on a pause or an action).
//! It never reads the parent: it only posts to it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wirelab_editor::share::{embed_options, Embed};
use wirelab_engine::Intervention;
use wirelab_model::Action;

use crate::editor::EditorCtx;
use crate::run::RunCtx;

/// The embed options, when this page is embedded.
pub fn embedded() -> Option<Embed> {
    embed_options(&web_sys::window()?.location().search().ok()?)
}

/// Sets this page up as an embed.
pub fn be_embedded(e: Embed, ed: EditorCtx, rc: RunCtx) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-embed", "");
    }
    rc.presenter.set(e.presenter);
    rc.set_speed(e.speed);
    if e.autoplay {
        rc.playing.set(true);
    }
    // At the run's end: again from 0 s when asked to loop.
    if e.repeat {
        Effect::new(move |_| {
            rc.stats.track();
            let end = ed.with_untracked(|x| x.doc().duration_ms.saturating_mul(1000));
            if end > 0 && rc.now_us() >= end {
                rc.seek(0);
                rc.playing.set(true);
            }
        });
    }
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |m: web_sys::MessageEvent| {
            command(&m.data(), ed, rc);
        });
    window().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    Effect::new(move |_| {
        let state = rc.stats.with(|s| {
            s.as_ref().map(|s| {
                let u = &s.report.users;
                (u.succeeded, u.failed, u.in_flight)
            })
        });
        let playing = rc.playing.get();
        if let Some((answered, failed, waiting)) = state {
            post_state(rc.now_us(), answered, failed, waiting, playing);
        }
    });
}

fn field(data: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// One command from the parent; anything else is ignored.
fn command(data: &JsValue, ed: EditorCtx, rc: RunCtx) {
    let Some(what) = field(data, "wirelab").as_string() else {
        return;
    };
    match what.as_str() {
        "play" => rc.playing.set(true),
        "pause" => rc.playing.set(false),
        "seek" => {
            if let Some(t) = field(data, "t")
                .as_f64()
                .filter(|t| t.is_finite() && *t >= 0.0)
            {
                let end = ed.with_untracked(|x| x.doc().duration_ms.saturating_mul(1000));
                rc.seek(((t * 1e6) as u64).min(end));
            }
        }
        "kill" | "revive" => {
            let Some(target) = field(data, "target").as_string() else {
                return;
            };
            let action = if what == "kill" {
                Action::Kill { target }
            } else {
                Action::Revive { target }
            };
            let iv = ed.with_untracked(|x| Intervention::resolve(x.doc(), &action));
            if let Ok(iv) = iv {
                let _ = rc.intervene(iv);
            }
        }
        _ => {}
    }
}

fn post_state(t_us: u64, answered: u64, failed: u64, waiting: u64, playing: bool) {
    let w = window();
    let Ok(Some(parent)) = w.parent() else {
        return;
    };
    if js_sys::Object::is(&parent, &w) {
        return;
    }
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("wirelab", JsValue::from_str("state"));
    set("t", JsValue::from_f64(t_us as f64 / 1e6));
    set("answered", JsValue::from_f64(answered as f64));
    set("failed", JsValue::from_f64(failed as f64));
    set("waiting", JsValue::from_f64(waiting as f64));
    set("playing", JsValue::from_bool(playing));
    // The run's own figures, for whoever embeds it: nothing of the parent is read.
    let _ = parent.post_message(&o, "*");
}

/// The link out of the frame: the design and the moment, in a tab of their own.
#[component]
pub fn OpenInWirelab() -> impl IntoView {
    let ed = crate::editor::use_editor();
    let open = move |e: web_sys::MouseEvent| {
        e.prevent_default();
        let link = crate::persist::current_link(ed, crate::persist::Shared::Moment);
        let (base, fragment) = link.split_once('#').unwrap_or((&link, ""));
        let base = base.split('?').next().unwrap_or(base);
        let _ = window().open_with_url_and_target_and_features(
            &format!("{base}#{fragment}"),
            "_blank",
            "noopener",
        );
    };
    view! {
        <a class="embed-open" data-testid="embed-open" href="./" target="_blank" rel="noopener" on:click=open>
            "Open in Wirelab ↗"
        </a>
    }
}
