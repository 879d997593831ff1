//! The design's life across page loads: restore the autosave, open a share link without
//! silently replacing what was there, and save again shortly after every change.

use super::notices::Notices;
use super::storage::{self, AUTOSAVE, BACKUP, CORRUPT};
use crate::editor::EditorCtx;
use crate::run::Comparing;
use leptos::prelude::*;
use wirelab_editor::{share, Command};
use wirelab_model::Scenario;

/// Quiet time after the last change before the design is written.
const AUTOSAVE_DELAY_MS: u32 = 500;

/// A share link that arrived while another design was autosaved: the user chooses.
#[derive(Clone, Copy)]
pub struct Pending {
    pub shared: RwSignal<Option<Scenario>>,
    /// The run's moment the link carries, opened with its design.
    moment: StoredValue<Option<wirelab_engine::Moment>>,
    /// The run, which opens that moment (read once, as `compare` is).
    run: Option<crate::run::RunCtx>,
    /// Design B, when the waiting link is a comparison.
    shared_b: RwSignal<Option<Scenario>>,
    /// Compare mode, which a comparison link opens (read once: link events have no
    /// reactive owner to find it from).
    compare: Option<Comparing>,
    /// A design sits under the backup key.
    pub has_backup: RwSignal<bool>,
    /// Writing is paused (an unreadable autosave could not be copied aside).
    paused: RwSignal<bool>,
}

/// Restores the autosave, reads a share link in the URL, and starts autosaving.
pub fn start(ctx: EditorCtx, notices: Notices) -> Pending {
    let pending = Pending {
        shared: RwSignal::new(None),
        moment: StoredValue::new(None),
        run: use_context::<crate::run::RunCtx>(),
        shared_b: RwSignal::new(None),
        compare: use_context::<Comparing>(),
        has_backup: RwSignal::new(matches!(storage::read(BACKUP), Ok(Some(_)))),
        paused: RwSignal::new(false),
    };
    let mine = restore(ctx, notices, pending);
    open_link(ctx, notices, pending, mine, true);
    autosave(ctx, notices, pending);
    // A link pasted into the address bar of an open Wirelab only changes the fragment.
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let mine = ctx.with_untracked(|e| e.doc().clone());
        open_link(ctx, notices, pending, Some(mine), false);
    });
    on_cleanup(move || on_hash.remove());
    pending
}

fn restore(ctx: EditorCtx, notices: Notices, pending: Pending) -> Option<Scenario> {
    let text = match storage::read(AUTOSAVE) {
        Ok(Some(text)) => text,
        Ok(None) => return None,
        Err(e) => {
            notices.warn("autosave", format!("Autosave is unavailable: {e}."));
            return None;
        }
    };
    match wirelab_model::decode(&text) {
        Ok(doc) => {
            ctx.load(doc.clone());
            Some(doc)
        }
        Err(problems) => {
            let why = problems.first().map(|p| p.to_string()).unwrap_or_default();
            match storage::write(CORRUPT, &text) {
                Ok(()) => notices.warn(
                    "restore",
                    format!(
                        "The autosaved design could not be read ({why}), so Wirelab started \
                         empty. Its text is kept in this browser's storage under `{CORRUPT}`."
                    ),
                ),
                Err(e) => {
                    // Saving now would overwrite the only copy: pause until the user acts.
                    pending.paused.set(true);
                    notices.warn(
                        "restore",
                        format!(
                            "The autosaved design could not be read ({why}) nor copied aside \
                             ({e}). Autosave is paused so it is not overwritten; export your \
                             work as a file."
                        ),
                    );
                }
            }
            None
        }
    }
}

/// At start-up an unasked-for link simply loads; later (a link pasted into an open tab)
/// it replaces the design as an undoable step, so the session's history survives.
fn open_link(
    ctx: EditorCtx,
    notices: Notices,
    pending: Pending,
    mine: Option<Scenario>,
    at_start: bool,
) {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else {
        return;
    };
    if !hash.contains("s=") {
        return;
    }
    let b = share::decode_b(&hash);
    match share::decode(&hash) {
        Ok(shared) => {
            // The run's moment rides after the design: read against it, opened once the
            // run is of it; a bad one costs the moment only, never the design.
            let moment = match (&b, share::decode_moment(&hash)) {
                (None, Some(m)) => m
                    .map_err(|e| e.to_string())
                    .and_then(|json| wirelab_engine::Moment::read(&json, &shared))
                    .map_err(|e| {
                        notices.refuse(
                            "The shared design opens, but not the run's moment in the link",
                            vec![e],
                        )
                    })
                    .ok(),
                _ => None,
            };
            pending.moment.set_value(moment);
            open_shared_link(ctx, notices, pending, mine, at_start, shared, b);
        }
        Err(e) => {
            clear_fragment();
            let lines = match e {
                share::ShareError::Invalid(problems) => {
                    problems.iter().map(|p| p.to_string()).collect()
                }
                other => vec![other.to_string()],
            };
            notices.refuse("This share link could not be opened", lines);
        }
    }
}

fn open_shared_link(
    ctx: EditorCtx,
    notices: Notices,
    pending: Pending,
    mine: Option<Scenario>,
    at_start: bool,
    shared: Scenario,
    b: Option<Result<Scenario, share::ShareError>>,
) {
    {
        match mine {
            Some(mine) if mine != shared && !mine.nodes.is_empty() => {
                pending.shared_b.set(b.and_then(Result::ok));
                pending.shared.set(Some(shared))
            }
            _ => {
                let name = shared.name.clone();
                pending.open_moment();
                if at_start {
                    ctx.load(shared);
                } else {
                    let _ = ctx.apply(Command::Replace(Box::new(shared)));
                }
                clear_fragment();
                match (b, pending.compare) {
                    (Some(Ok(b)), Some(compare)) => {
                        notices.info(
                            "link",
                            format!(
                                "Opened the shared comparison: “{name}” (A) and “{}” (B).",
                                b.name
                            ),
                        );
                        compare.open.run(b);
                    }
                    (Some(Err(e)), _) => notices.refuse(
                        "Design B of this comparison link could not be opened; A is open alone",
                        vec![e.to_string()],
                    ),
                    _ => notices.info("link", format!("Opened the shared design “{name}”.")),
                }
            }
        }
    }
}

/// Drops `#s=…` from the address bar, so a reload does not ask again.
pub fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

impl Pending {
    /// Hands the link's moment, if any, to the run: it opens once the run is of the
    /// shared design.
    fn open_moment(&self) {
        let (Some(m), Some(run)) = (
            self.moment.try_update_value(Option::take).flatten(),
            self.run,
        ) else {
            return;
        };
        // On a phone a moment is to watch: the stage first, the editor one tap away.
        if crate::view::narrow() && m.at_us > 0 {
            run.presenter.set(true);
        }
        run.open_moment_later(m);
    }

    /// The user chose the shared design: theirs becomes the backup, and stays one undo away.
    pub fn open_shared(&self, ctx: EditorCtx, notices: Notices) {
        let Some(shared) = self.shared.get_untracked() else {
            return;
        };
        let mine = ctx.with_untracked(|e| e.doc().clone());
        let kept = self.keep(&mine, notices);
        self.open_moment();
        let _ = ctx.apply(Command::Replace(Box::new(shared)));
        self.shared.set(None);
        if let (Some(b), Some(compare)) = (self.shared_b.get_untracked(), self.compare) {
            self.shared_b.set(None);
            compare.open.run(b);
        }
        clear_fragment();
        notices.info(
            "link",
            if kept {
                "Opened the shared design. Yours is one Undo away and kept as the backup."
            } else {
                "Opened the shared design. Yours is one Undo away."
            },
        );
    }

    /// The user kept their design: the shared one becomes the backup.
    pub fn keep_mine(&self, notices: Notices) {
        let Some(shared) = self.shared.get_untracked() else {
            return;
        };
        self.shared.set(None);
        self.shared_b.set(None);
        if self.keep(&shared, notices) {
            clear_fragment();
            notices.info(
                "link",
                "Kept your design. The shared one is saved as the backup (Open backup).",
            );
        } else {
            notices.warn("link", "Kept your design. The shared link stays in the address bar, since it could not be saved.");
        }
    }

    /// Swaps the current design with the backup, as one undoable step.
    pub fn swap_backup(&self, ctx: EditorCtx, notices: Notices) {
        let backup = match storage::read(BACKUP) {
            Ok(Some(text)) => text,
            Ok(None) => return self.has_backup.set(false),
            Err(e) => return notices.warn("backup", format!("Could not open the backup: {e}.")),
        };
        let doc = match wirelab_model::decode(&backup) {
            Ok(doc) => doc,
            Err(problems) => {
                let lines = problems.iter().map(|p| p.to_string()).collect();
                return notices.refuse("The backup could not be opened", lines);
            }
        };
        let mine = ctx.with_untracked(|e| e.doc().clone());
        self.keep(&mine, notices);
        let _ = ctx.apply(Command::Replace(Box::new(doc)));
        notices.info(
            "backup",
            "Opened the backup; the design you had is now the backup.",
        );
    }

    fn keep(&self, doc: &Scenario, notices: Notices) -> bool {
        match storage::write(BACKUP, &wirelab_model::encode(doc)) {
            Ok(()) => {
                self.has_backup.set(true);
                true
            }
            Err(e) => {
                notices.warn("backup", format!("Could not keep a backup: {e}."));
                false
            }
        }
    }
}

/// Writes the design 500 ms after the last change, and at once when the page goes away.
fn autosave(ctx: EditorCtx, notices: Notices, pending: Pending) {
    let timer = crate::timer::Debounce::default();
    let save = move || {
        if pending.paused.get_untracked() {
            return;
        }
        let json = ctx.with_untracked(|e| wirelab_model::encode(e.doc()));
        match storage::write(AUTOSAVE, &json) {
            Ok(()) => notices.clear("autosave"),
            Err(e) => notices.warn("autosave", format!("Autosave failed: {e}.")),
        }
    };
    Effect::new(move |_| {
        ctx.revision();
        timer.set(AUTOSAVE_DELAY_MS, save);
    });
    let flush = move || {
        if timer.cancel() {
            save();
        }
    };
    crate::crash::on_panic_save(move || {
        if pending.paused.try_get_untracked().unwrap_or(true) {
            return Err("autosave is paused while a shared design waits".into());
        }
        let json = ctx.editor_json()?;
        storage::write(AUTOSAVE, &json)
    });
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| flush());
    on_cleanup(move || on_hide.remove());
}
