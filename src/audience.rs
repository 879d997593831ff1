//! The audience window: from presenter mode, a second window that shows only the stage
//! (the canvas, the big numbers, the clock) for the projector, while the first becomes
//! the teacher's console (the whole page). The two talk over a `BroadcastChannel` of
//! their own (`?audience=<id>` names it): the console sends the design when it changes,
//! the run's live interventions when they change, and its clock every frame; the
//! audience replays the same run to that clock (same design, seed and interventions ⇒
//! same run), so it never drifts. Closing either leaves the other working.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wirelab_editor::share;

use crate::editor::EditorCtx;
use crate::persist::{current_link, Shared};
use crate::run::RunCtx;

/// The audience window's id, when this page is one (`?audience=<id>`).
pub fn audience_id() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("audience="))
        .filter(|id| {
            !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_alphanumeric())
        })
        .map(str::to_string)
}

fn channel(id: &str) -> Option<web_sys::BroadcastChannel> {
    web_sys::BroadcastChannel::new(&format!("wirelab-audience-{id}")).ok()
}

/// Sets this page up as the audience window: presenter mode with only the stage, and
/// the console's messages followed.
pub fn be_audience(id: &str, ed: EditorCtx, rc: RunCtx) {
    let Some(ch) = channel(id) else {
        return;
    };
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-audience", "");
    }
    rc.presenter.set(true);
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(text) = e.data().as_string() {
                follow(&text, ed, rc);
            }
        });
    ch.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // The console answers with the design and the run as they are now.
    let _ = ch.post_message(&JsValue::from_str("hello"));
    std::mem::forget(ch);
}

/// One message from the console: `d:<share fragment>`, `m:<moment JSON>`, `t:<µs>`, or
/// `bye` (the console closed).
fn follow(text: &str, ed: EditorCtx, rc: RunCtx) {
    if let Some(fragment) = text.strip_prefix("d:") {
        if let Ok(doc) = share::decode(fragment) {
            if ed.with_untracked(|e| *e.doc() != doc) {
                ed.load(doc);
            }
        }
    } else if let Some(json) = text.strip_prefix("m:") {
        let doc = ed.with_untracked(|e| e.doc().clone());
        if let Ok(m) = wirelab_engine::Moment::read(json, &doc) {
            rc.follow_clock(Some(m.log), m.at_us);
        }
    } else if let Some(t) = text.strip_prefix("t:").and_then(|t| t.parse().ok()) {
        rc.follow_clock(None, t);
    } else if text == "bye" {
        if let Some(root) = document().document_element() {
            let _ = root.remove_attribute("data-audience");
        }
        rc.notice
            .set("The console closed: this window goes on by itself (Play, or F to leave presenter mode)".into());
    }
}

/// The console's side: opens the audience window and keeps it in step.
#[derive(Clone, Copy)]
pub struct Console {
    /// The channel's id while an audience window has been opened.
    id: RwSignal<Option<String>>,
}

pub fn provide_console(ed: EditorCtx, rc: RunCtx) -> Console {
    let c = Console {
        id: RwSignal::new(None),
    };
    provide_context(c);
    // Every frame the clock; the log and the design only when they change.
    let sent: Sent = StoredValue::new((u64::MAX, (usize::MAX, 0), u64::MAX));
    let ch = StoredValue::new_local(None::<web_sys::BroadcastChannel>);
    Effect::new(move |_| {
        let Some(id) = c.id.get() else {
            return;
        };
        let Some(new) = channel(&id) else {
            return;
        };
        // The audience's hello: send everything again.
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if e.data().as_string().as_deref() == Some("hello") {
                    sent.set_value((u64::MAX, (usize::MAX, 0), u64::MAX));
                    send(ch, sent, ed, rc);
                }
            });
        new.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        ch.set_value(Some(new));
        let bye = window_event_listener(leptos::ev::pagehide, move |_| {
            ch.with_value(|c| {
                c.as_ref()
                    .map(|c| c.post_message(&JsValue::from_str("bye")))
            });
        });
        std::mem::forget(bye);
    });
    Effect::new(move |_| {
        rc.frame.track();
        ed.track_doc();
        send(ch, sent, ed, rc);
    });
    c
}

/// What was last sent: the clock, the interventions' fingerprint, the design's revision.
type Sent = StoredValue<(u64, (usize, u64), u64)>;

fn send(
    ch: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    sent: Sent,
    ed: EditorCtx,
    rc: RunCtx,
) {
    ch.with_value(|c| {
        let Some(c) = c else {
            return;
        };
        let post = |s: String| {
            let _ = c.post_message(&JsValue::from_str(&s));
        };
        let (t0, key0, rev0) = sent.get_value();
        let rev = ed.revision_untracked();
        if rev != rev0 {
            post(format!(
                "d:{}",
                ed.with_untracked(|e| share::encode(e.doc()))
            ));
        }
        let key = rc.timeline_key();
        let t = rc.now_us();
        if key != key0 || rev != rev0 {
            if let Some(m) = rc.moment() {
                post(format!("m:{}", m.to_json()));
            }
        } else if t != t0 {
            post(format!("t:{t}"));
        }
        sent.set_value((t, key, rev));
    });
}

impl Console {
    /// Opens the audience window on this page's design and moment; this window becomes
    /// the console (presenter mode off here). A blocked pop-up is said, with the way out.
    pub fn open(&self, ed: EditorCtx, rc: RunCtx) {
        let id = self
            .id
            .get_untracked()
            .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e15) as u64));
        let link = current_link(ed, Shared::Moment);
        let (base, fragment) = link.split_once('#').unwrap_or((&link, ""));
        let base = base.split('?').next().unwrap_or(base);
        let url = format!("{base}?audience={id}#{fragment}");
        let opened = web_sys::window().and_then(|w| {
            w.open_with_url_and_target_and_features(
                &url,
                &format!("wirelab-audience-{id}"),
                "popup",
            )
            .ok()
            .flatten()
        });
        if opened.is_none() {
            rc.notice.set(
                "The browser blocked the audience window. Allow pop-ups for this page (the icon at the right end of the address bar), then press Audience window again."
                    .into(),
            );
            return;
        }
        self.id.set(Some(id));
        rc.presenter.set(false);
    }
}

/// The presenter toolbar's button.
#[component]
pub fn AudienceButton() -> impl IntoView {
    let c = expect_context::<Console>();
    let ed = crate::editor::use_editor();
    let rc = crate::run::use_run();
    view! {
        <button class="tool audience-open" data-testid="audience-open"
            title="Open a second window with only the stage, for the projector; this one becomes your console"
            on:click=move |_| c.open(ed, rc)>"Audience window"</button>
    }
}
