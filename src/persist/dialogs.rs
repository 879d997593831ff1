//! Small dialogs of the document actions: the share link, "open the shared design or
//! keep mine", and the confirmation before starting a new design.

use super::notices::Notices;
use super::startup::Pending;
use crate::editor::use_editor;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wirelab_editor::share;

/// Moves keyboard focus into a dialog once it is drawn, so Tab and Escape work there.
pub fn focus_when_shown(shown: impl Fn() -> bool + Send + Sync + 'static, selector: &'static str) {
    Effect::new(move |_| {
        if shown() {
            request_animation_frame(move || {
                let el = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector(selector).ok().flatten())
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
                if let Some(el) = el {
                    let _ = el.focus();
                }
            });
        }
    });
}

fn escape(ev: &leptos::ev::KeyboardEvent) -> bool {
    ev.key() == "Escape"
}

/// A link ready to show: the URL, its size and any warning about it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareView {
    pub url: String,
    /// The `<iframe>` that embeds it in another page (a slide, a course page).
    pub embed: String,
    pub bytes: usize,
    pub warning: Option<String>,
}

impl ShareView {
    pub fn of(url: &str, title: &str) -> Self {
        ShareView {
            url: url.to_string(),
            embed: share::embed_code(url, title),
            bytes: url.len(),
            warning: share::size_warning(url.len()),
        }
    }
}

#[component]
pub fn ShareDialog(view: RwSignal<Option<ShareView>>) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    let field = NodeRef::<leptos::html::Input>::new();
    let copy_text = move |embed: bool| {
        let Some(v) = view.get_untracked() else {
            return;
        };
        if !embed {
            if let Some(input) = field.get() {
                input.select();
            }
        }
        let text = if embed { v.embed } else { v.url };
        let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
        leptos::task::spawn_local(async move {
            let ok = match clipboard {
                Some(c) => JsFuture::from(c.write_text(&text)).await.is_ok(),
                None => false,
            };
            copied.set(Some(match (ok, embed) {
                (true, false) => "Copied the link to the clipboard.".into(),
                (true, true) => {
                    "Copied the embed code: paste it into a slide or a course page that takes HTML."
                        .into()
                }
                (false, _) => {
                    "The browser did not allow copying; select the text and press Ctrl+C.".into()
                }
            }));
        });
    };
    let copy = move |_| copy_text(false);
    let copy_embed = move |_| copy_text(true);
    let close = move || {
        view.set(None);
        copied.set(None);
    };
    focus_when_shown(
        move || view.with(|v| v.is_some()),
        "[data-testid=share-url]",
    );
    move || {
        view.get().map(|v| {
            let size = if v.bytes < 1024 {
                format!("{} bytes", v.bytes)
            } else {
                format!("{:.1} KB", v.bytes as f64 / 1024.0)
            };
            view! {
                <section class="doc-dialog" data-testid="share-link" role="dialog" aria-labelledby="share-title"
                    on:keydown=move |ev| if escape(&ev) { close() }>
                    <h2 id="share-title">"Share link"</h2>
                    <p class="muted">"The whole design travels in the link; nothing is uploaded."</p>
                    <input class="share-url" type="text" readonly aria-label="Share link"
                        data-testid="share-url" node_ref=field prop:value=v.url.clone()
                        on:focus=move |ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); }/>
                    <p data-testid="share-size">"Size: " {size}</p>
                    {v.warning.map(|w| view! { <p class="doc-warning" data-testid="share-warning">{w}</p> })}
                    <details class="share-embed">
                        <summary>"Embed in a slide or a course page"</summary>
                        <textarea readonly rows="3" aria-label="Embed code" data-testid="share-embed"
                            prop:value=v.embed.clone()></textarea>
                    </details>
                    <p class="muted" aria-live="polite">{move || copied.get()}</p>
                    <div class="doc-dialog-actions">
                        <button data-testid="share-copy" on:click=copy>"Copy link"</button>
                        <button data-testid="share-copy-embed" on:click=copy_embed>"Copy embed code"</button>
                        <button data-testid="share-close" on:click=move |_| close()>"Close"</button>
                    </div>
                </section>
            }
        })
    }
}

#[component]
pub fn OpenSharedDialog(pending: Pending, notices: Notices) -> impl IntoView {
    let ctx = use_editor();
    focus_when_shown(
        move || pending.shared.with(|s| s.is_some()),
        "[data-testid=open-shared-open]",
    );
    move || {
        pending.shared.get().map(|shared| {
            let mine = ctx.with_untracked(|e| e.doc().name.clone());
            view! {
                <section class="doc-dialog" data-testid="open-shared" role="alertdialog" aria-labelledby="open-shared-title">
                    <h2 id="open-shared-title">"Open the shared design?"</h2>
                    <p>
                        "This link carries “" {shared.name.clone()} "” ("
                        {shared.nodes.len()} " nodes). Your design “" {mine}
                        "” is open. Whichever you choose, the other is kept as the backup."
                    </p>
                    <div class="doc-dialog-actions">
                        <button data-testid="open-shared-open" on:click=move |_| pending.open_shared(ctx, notices)>
                            "Open the shared design"
                        </button>
                        <button data-testid="open-shared-keep" on:click=move |_| pending.keep_mine(notices)>
                            "Keep mine"
                        </button>
                    </div>
                </section>
            }
        })
    }
}

#[component]
pub fn ConfirmNew(
    open: RwSignal<bool>,
    on_confirm: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    focus_when_shown(move || open.get(), "[data-testid=confirm-new-no]");
    view! {
        <Show when=move || open.get()>
            <section class="doc-dialog" data-testid="confirm-new" role="alertdialog" aria-labelledby="confirm-new-title"
                on:keydown=move |ev| if escape(&ev) { open.set(false) }>
                <h2 id="confirm-new-title">"Start a new design?"</h2>
                <p>"The canvas will be cleared. Undo brings this design back."</p>
                <div class="doc-dialog-actions">
                    <button data-testid="confirm-new-yes" on:click=move |_| { open.set(false); on_confirm(); }>
                        "Clear the canvas"
                    </button>
                    <button data-testid="confirm-new-no" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </section>
        </Show>
    }
}
