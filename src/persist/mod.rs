//! Document actions in the toolbar: new, open and save files, share links, pictures of
//! the canvas, and the autosave behind them. Every change to the design goes through
//! `EditorCtx::apply(Command::Replace(..))`, so it is one undo step.

mod dialogs;
mod image;
mod notices;
pub mod qr;
mod startup;
mod storage;

use crate::editor::{use_editor, EditorCtx};
use crate::kit::files;
use crate::run::Comparing;
use dialogs::{ConfirmNew, OpenSharedDialog, ShareDialog, ShareView};
use leptos::prelude::*;
use notices::{NoticeList, Notices, ProblemsPanel};
use wirelab_editor::{share, Command};
use wirelab_model::Scenario;

/// What the design's actions and their dialogs share.
#[derive(Clone, Copy)]
struct DocState {
    notices: Notices,
    pending: startup::Pending,
    share_view: RwSignal<Option<ShareView>>,
    confirm_new: RwSignal<bool>,
}

/// Starts the document's browser edge (the autosave, a share link in the address, files
/// dropped on the page) and provides its state; call once, in `App`.
pub fn provide_document() {
    qr::provide_qr();
    let ctx = use_editor();
    let notices = Notices::new();
    let pending = startup::start(ctx, notices);
    listen_for_dropped_files(ctx, notices);
    provide_context(DocState {
        notices,
        pending,
        share_view: RwSignal::new(None),
        confirm_new: RwSignal::new(false),
    });
}

fn use_doc_state() -> DocState {
    expect_context::<DocState>()
}

/// The design's title and size, shown over the canvas.
#[component]
pub fn DocSummary() -> impl IntoView {
    let ctx = use_editor();
    let summary = move || {
        ctx.with_doc(|e| {
            let d = e.doc();
            let title = if d.name.trim().is_empty() {
                "Untitled design"
            } else {
                d.name.as_str()
            };
            let (n, w) = (d.nodes.len(), d.wires.len());
            format!("{title} · {n} node{} · {w} wire{}", plural(n), plural(w))
        })
    };
    view! { <span class="doc-summary" data-testid="doc-summary" title=summary>{summary}</span> }
}

/// The File menu's actions: new, open, save, share, pictures, the kept backup.
#[component]
pub fn DocumentActions() -> impl IntoView {
    let ctx = use_editor();
    let DocState {
        notices,
        pending,
        share_view,
        confirm_new,
    } = use_doc_state();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let stem = move || ctx.with_untracked(|e| file_stem(&e.doc().name));
    let report = move |what: &str, r: Result<(), String>| {
        if let Err(e) = r {
            notices.warn("export", format!("{what} failed: {e}."));
        }
    };

    // In compare mode the file carries both designs and opens into compare mode.
    let compare = use_context::<Comparing>();
    let export_json = move |_| {
        let b = compare.and_then(|c| c.b_doc.run(()));
        let (json, name) = ctx.with_untracked(|e| match &b {
            Some(b) => (
                wirelab_model::encode_comparison(e.doc(), b),
                format!("{} vs {}.json", stem(), file_stem(&b.name)),
            ),
            None => (wirelab_model::encode(e.doc()), format!("{}.json", stem())),
        });
        report(
            "Export",
            files::download_text(&json, "application/json", &name),
        );
    };
    let export_svg = move |_| report("SVG export", image::export_svg(&stem()));
    let export_png = move |_| {
        let r = image::export_png(&stem(), move |r| report("PNG export", r));
        report("PNG export", r);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            import(ctx, notices, compare, file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    let open_share = move |_| {
        share_view.set(Some(ShareView::of(
            &current_link(ctx, Shared::Start),
            &ctx.with_untracked(|e| e.doc().name.clone()),
        )))
    };
    let open_moment = move |_| {
        share_view.set(Some(ShareView::of(
            &current_link(ctx, Shared::Moment),
            &ctx.with_untracked(|e| e.doc().name.clone()),
        )))
    };

    view! {
        <div class="doc-actions" role="group" aria-label="Design">
            <button data-testid="doc-new" title="Start an empty design (undoable)"
                on:click=move |_| {
                    // Nothing to lose on an empty canvas, so nothing to confirm.
                    if ctx.with_untracked(|e| e.doc().nodes.is_empty()) {
                        let _ = ctx.apply(Command::Replace(Box::new(Scenario::new("Untitled design"))));
                    } else {
                        confirm_new.set(true);
                    }
                }>"New"</button>
            <button data-testid="doc-import" title="Open a scenario file (.json); you can also drop one on the canvas"
                on:click=move |_| { if let Some(i) = file_input.get() { i.click(); } }>"Open…"</button>
            <input type="file" accept=".json,application/json" class="visually-hidden" tabindex="-1"
                aria-hidden="true" data-testid="import-file" node_ref=file_input on:change=on_file/>
            <button data-testid="doc-export" on:click=export_json
                title=move || if compare.is_some_and(|c| c.on.get()) {
                    "Save both designs as one .json file that opens into compare mode"
                } else {
                    "Save the scenario as a .json file"
                }>
                {move || if compare.is_some_and(|c| c.on.get()) { "Save comparison" } else { "Save file" }}
            </button>
            <button data-testid="doc-share" title="A link that carries the whole design and what was done to the run live" on:click=open_share>"Share link"</button>
            <button data-testid="doc-share-moment" title="A link that opens this run paused at this moment: the design, the seed, the live interventions and the time"
                on:click=open_moment>"Share this moment"</button>
            <button data-testid="doc-export-svg" title="Picture of the canvas (SVG)" on:click=export_svg>"SVG"</button>
            <button data-testid="doc-export-png" title="Picture of the canvas (PNG)" on:click=export_png>"PNG"</button>
            <Show when=move || pending.has_backup.get()>
                <button data-testid="doc-backup" title="Swap the current design with the kept backup (undoable)"
                    on:click=move |_| pending.swap_backup(ctx, notices)>"Open backup"</button>
            </Show>
        </div>
    }
}

/// The dialogs and notices the design's actions open; outside the menu, so they show
/// while it is closed.
#[component]
pub fn DocumentDialogs() -> impl IntoView {
    let ctx = use_editor();
    let DocState {
        notices,
        pending,
        share_view,
        confirm_new,
    } = use_doc_state();
    view! {
        <NoticeList notices=notices/>
        <ProblemsPanel notices=notices/>
        <ShareDialog view=share_view/>
        <OpenSharedDialog pending=pending notices=notices/>
        <ConfirmNew open=confirm_new on_confirm=move || {
            let _ = ctx.apply(Command::Replace(Box::new(Scenario::new("Untitled design"))));
        }/>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A file name from a design's title: letters, digits, dashes; never empty.
fn file_stem(title: &str) -> String {
    let stem: String = title
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "wirelab-design".into()
    } else {
        stem
    }
}

/// What of the run a link carries besides the design.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// The live interventions, from 0 s: the shared run does what was done live.
    Start,
    /// The moment on screen, with them: the link opens there, paused.
    Moment,
}

/// The page's address with the current design in its fragment, and the run's live
/// interventions (and moment) after it.
pub fn current_link(ctx: EditorCtx, what: Shared) -> String {
    // In compare mode the link carries both designs and opens into compare mode (its
    // runs' moments stay out: both sides would have to be replayed).
    let b = use_context::<Comparing>().and_then(|c| c.b_doc.run(()));
    let mut fragment = ctx.with_untracked(|e| match &b {
        Some(b) => share::encode_pair(e.doc(), b),
        None => share::encode(e.doc()),
    });
    if b.is_none() {
        let rc = crate::run::use_run();
        let moment = match what {
            Shared::Start => rc.start_moment(),
            Shared::Moment => rc.moment(),
        };
        if let Some(m) = moment {
            fragment = share::with_moment(&fragment, &m.to_json());
        }
    }
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Reads a file and, if it is a valid scenario, makes it the design (undoable); if not,
/// lists every problem and leaves the design alone.
fn import(ctx: EditorCtx, notices: Notices, compare: Option<Comparing>, file: web_sys::File) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        let text = match files::read_text(&file).await {
            Ok(text) => text,
            Err(e) => return notices.refuse(format!("`{name}` was not opened"), vec![e]),
        };
        if wirelab_model::is_comparison(&text) {
            return import_comparison(ctx, notices, compare, &name, &text);
        }
        match wirelab_model::decode(&text) {
            Ok(doc) => {
                notices.problems.set(None);
                let _ = ctx.apply(Command::Replace(Box::new(doc)));
                notices.info(
                    "import",
                    format!("Opened `{name}`. Undo brings back the previous design."),
                );
            }
            Err(problems) => notices.refuse(
                format!("`{name}` was not opened"),
                problems.iter().map(|p| p.to_string()).collect(),
            ),
        }
    });
}

/// A comparison file: A becomes the design (undoable), B opens beside it.
fn import_comparison(
    ctx: EditorCtx,
    notices: Notices,
    compare: Option<Comparing>,
    name: &str,
    text: &str,
) {
    match (wirelab_model::decode_comparison(text), compare) {
        (Ok((a, b)), Some(compare)) => {
            notices.problems.set(None);
            let _ = ctx.apply(Command::Replace(Box::new(a)));
            compare.open.run(b);
            notices.info(
                "import",
                format!("Opened the comparison `{name}`. Undo brings back the previous design."),
            );
        }
        (Ok(_), None) => {}
        (Err(problems), _) => notices.refuse(
            format!("`{name}` was not opened"),
            problems.iter().map(|p| p.to_string()).collect(),
        ),
    }
}

/// A file dropped anywhere on the page is imported (a browser would otherwise navigate to
/// it and lose the design). Drags that carry no file, like the palette's, pass through.
fn listen_for_dropped_files(ctx: EditorCtx, notices: Notices) {
    let compare = use_context::<Comparing>();
    fn has_files(ev: &web_sys::DragEvent) -> bool {
        ev.data_transfer().is_some_and(|dt| {
            dt.types()
                .iter()
                .any(|t| t.as_string().as_deref() == Some("Files"))
        })
    }
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            if let Some(dt) = ev.data_transfer() {
                dt.set_drop_effect("copy");
            }
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        if !has_files(&ev) {
            return;
        }
        ev.prevent_default();
        let file = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            import(ctx, notices, compare, file);
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}
