//! The editor state every component shares: one [`Editor`] kept outside the reactive graph
//! (a `StoredValue`) and a few signals saying *what* changed, so a pan redraws one
//! transform, a selection change restyles nodes, and only document edits rebuild shapes.
//! Obtain it with [`use_editor`]; every edit (canvas, toolbar, inspector) goes through
//! [`EditorCtx::apply`] or [`EditorCtx::handle`], the same command path with undo.

use leptos::prelude::*;
use wirelab_editor::{
    Command, EditError, Editor, Effect, Input, LiveStep, Response, Selection, Target, Vec2,
    Viewport,
};
use wirelab_model::Scenario;

/// How long a refusal stays next to the pointer.
const REFUSAL_MS: u32 = 3500;

/// A refused edit's reason, shown at a canvas-relative screen point.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub reason: String,
    pub at: Vec2,
    /// Distinguishes repeats, so an older timer does not hide a newer message.
    pub serial: u64,
}

#[derive(Clone, Copy)]
pub struct EditorCtx {
    editor: StoredValue<Editor>,
    /// Mirrors `Editor::revision`: the document or its history changed.
    doc_rev: RwSignal<u64>,
    /// Selection, focus, hover or a gesture preview changed (not the viewport).
    session_rev: RwSignal<u64>,
    viewport: RwSignal<Viewport>,
    /// The aria-live region's text.
    pub announce: RwSignal<String>,
    pub refusal: RwSignal<Option<Refusal>>,
    refusal_fade: crate::timer::Debounce,
    /// Set when the user asks for the inspector (Enter, double-click) on this target;
    /// the inspector may move keyboard focus into itself when it changes.
    pub open_inspector: RwSignal<Option<Target>>,
    pub shortcuts_open: RwSignal<bool>,
    /// What this canvas's element ids start with (see `element_id`).
    pub id_prefix: &'static str,
    /// Bumped when a live step of the run enters or moves through the undo history
    /// (the design, and so `doc_rev`, does not change).
    history_rev: RwSignal<u64>,
    /// The run's hand for live steps undone or redone (see `RunCtx::take_live_step`).
    on_live: StoredValue<Option<Callback<LiveStep>>>,
}

impl EditorCtx {
    pub fn new(doc: Scenario, id_prefix: &'static str) -> Self {
        let editor = Editor::new(doc);
        let viewport = editor.session().viewport;
        EditorCtx {
            editor: StoredValue::new(editor),
            doc_rev: RwSignal::new(0),
            session_rev: RwSignal::new(0),
            viewport: RwSignal::new(viewport),
            announce: RwSignal::new(String::new()),
            refusal: RwSignal::new(None),
            refusal_fade: crate::timer::Debounce::default(),
            open_inspector: RwSignal::new(None),
            shortcuts_open: RwSignal::new(false),
            id_prefix,
            history_rev: RwSignal::new(0),
            on_live: StoredValue::new(None),
        }
    }

    /// Reads the editor; re-runs the caller on document and session changes.
    pub fn with<R>(&self, f: impl FnOnce(&Editor) -> R) -> R {
        self.doc_rev.track();
        self.session_rev.track();
        self.editor.with_value(f)
    }

    /// Reads the editor; re-runs the caller on document changes only.
    pub fn with_doc<R>(&self, f: impl FnOnce(&Editor) -> R) -> R {
        self.doc_rev.track();
        self.editor.with_value(f)
    }

    /// False once the part of the page that owned this editor is gone (compare mode's
    /// design B after leaving): whatever still holds the handle must let go.
    pub fn alive(&self) -> bool {
        self.editor.try_with_value(|_| ()).is_some()
    }

    /// Reads the editor without subscribing (event handlers).
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Editor) -> R) -> R {
        self.editor.with_value(f)
    }

    /// The design as JSON, if the editor can be read now (not in the middle of an edit,
    /// not disposed): for saving on the way out of a crash.
    pub fn editor_json(&self) -> Result<String, String> {
        self.editor
            .try_with_value(|e| wirelab_model::encode(e.doc()))
            .ok_or_else(|| "the editor is gone".to_string())
    }

    /// Changes the editor directly, then tells the UI what changed.
    pub fn update<R>(&self, f: impl FnOnce(&mut Editor) -> R) -> R {
        let before = self.snapshot();
        // The App owns the editor for the page's lifetime, so it is never disposed.
        let r = self
            .editor
            .try_update_value(f)
            .expect("the editor lives as long as the app");
        self.publish(before);
        let live = self
            .editor
            .try_update_value(Editor::take_live)
            .unwrap_or_default();
        if !live.is_empty() {
            self.history_rev.update(|n| *n += 1);
            let hand = self.on_live.get_value();
            for step in live {
                if let Some(hand) = hand {
                    hand.run(step);
                }
            }
        }
        r
    }

    /// Files a live step of the run (kill Analytics at 10 s) in the one undo history.
    pub fn mark_live(&self, id: u64, label: String) {
        self.editor.update_value(|e| e.mark_live(id, label));
        self.history_rev.update(|n| *n += 1);
    }

    /// Where live steps go when the undo history takes them back or makes them again.
    pub fn on_live(&self, hand: Callback<LiveStep>) {
        self.on_live.set_value(Some(hand));
    }

    /// Subscribes the caller to the undo history (design edits and live steps).
    pub fn track_history(&self) {
        self.doc_rev.track();
        self.history_rev.track();
    }

    /// The document revision (tracked): autosave and the engine watch this.
    pub fn revision(&self) -> u64 {
        self.doc_rev.get()
    }

    pub fn revision_untracked(&self) -> u64 {
        self.doc_rev.get_untracked()
    }

    /// The current selection (tracked): what the inspector edits.
    pub fn selection(&self) -> Selection {
        self.with(|e| e.session().selection.clone())
    }

    pub fn viewport(&self) -> Viewport {
        self.viewport.get()
    }

    /// One undoable edit from outside the canvas; announced like canvas edits.
    pub fn apply(&self, cmd: Command) -> Result<String, EditError> {
        let r = self.update(|e| e.apply(cmd));
        match &r {
            Ok(label) => self.say(wirelab_editor::history::capitalise(label)),
            Err(e) => self.say(format!("Not changed: {e}")),
        }
        r
    }

    /// Undo one step and announce it ("Undo move 3 services").
    pub fn undo(&self) {
        let text = self.update(|e| e.undo_said());
        self.say(text);
    }

    pub fn redo(&self) {
        let text = self.update(|e| e.redo_said());
        self.say(text);
    }

    /// Replaces the document without an undo step (restoring an autosave, opening a link).
    pub fn load(&self, doc: Scenario) {
        self.update(|e| e.load(doc));
    }

    /// Feeds one input to the editor and performs its effects. The caller uses
    /// `consumed` to decide whether to `preventDefault`.
    pub fn handle(&self, input: Input) -> Response {
        let r = self.update(|e| e.handle(input));
        for effect in &r.effects {
            match effect {
                Effect::Announce(text) => self.say(text.clone()),
                Effect::Refused { reason, at } => self.refuse(reason.clone(), *at),
                Effect::OpenInspector(t) => self.open_inspector.set(Some(*t)),
                Effect::ShowShortcuts => self.shortcuts_open.set(true),
            }
        }
        r
    }

    pub fn say(&self, text: String) {
        self.announce.set(text);
    }

    fn refuse(&self, reason: String, at: Vec2) {
        self.say(format!("Refused: {reason}"));
        let serial = self
            .refusal
            .with_untracked(|r| r.as_ref().map_or(0, |r| r.serial + 1));
        self.refusal.set(Some(Refusal { reason, at, serial }));
        let refusal = self.refusal;
        self.refusal_fade.set(REFUSAL_MS, move || refusal.set(None));
    }

    fn snapshot(&self) -> (u64, wirelab_editor::Session) {
        self.editor
            .with_value(|e| (e.revision(), e.session().clone()))
    }

    /// Bumps exactly the signals whose part of the editor changed.
    fn publish(&self, (rev, mut session): (u64, wirelab_editor::Session)) {
        let (now_rev, now) = self.snapshot();
        if now_rev != rev {
            self.doc_rev.set(now_rev);
        }
        if now.viewport != session.viewport {
            self.viewport.set(now.viewport);
        }
        session.viewport = now.viewport;
        session.screen = now.screen;
        if session != now {
            self.session_rev.update(|n| *n += 1);
        }
    }

    /// Subscribes the caller to document changes (for memos that read untracked).
    pub fn track_doc(&self) {
        self.doc_rev.track();
    }

    /// Subscribes the caller to selection, focus, hover and preview changes.
    pub fn track_session(&self) {
        self.session_rev.track();
    }
}

/// The shared editor state provided by `App`.
pub fn use_editor() -> EditorCtx {
    expect_context::<EditorCtx>()
}
