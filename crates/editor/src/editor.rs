//! The editor the UI holds: the document, its history, the session and the interaction
//! machine, with one entry point for input ([`Editor::handle`]) and one for edits made
//! elsewhere (the inspector, toolbar buttons: [`Editor::apply`]). Both go through the
//! same command path, so every change is undoable the same way.

use crate::command::{Command, EditError};
use crate::geometry::Vec2;
use crate::history::{History, Join, Stepped};
use crate::input::{Button, Input, Modifiers, Pointer};
use crate::interaction::{Interaction, Output, State};
use crate::layout::Layout;
use crate::session::{Selection, Session, Target};
use wirelab_model::Scenario;

/// Things only the UI can do, returned from [`Editor::handle`].
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Show this reason next to the pointer (screen coordinates) for a moment.
    Refused {
        reason: String,
        at: Vec2,
    },
    /// Put this text in the aria-live region.
    Announce(String),
    OpenInspector(Target),
    ShowShortcuts,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response {
    pub effects: Vec<Effect>,
    /// The input did something: the edge should `preventDefault` (Tab, arrows, Space…).
    pub consumed: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Editor {
    doc: Scenario,
    history: History,
    session: Session,
    machine: Interaction,
    /// Bumped on every document change; autosave and the engine watch it.
    revision: u64,
    /// Which design the document is (see [`DesignId`]).
    design: DesignId,
    /// Where refusals of pointer-made edits are shown.
    last_pointer: Vec2,
    /// The canvas has reported its size (until then `session.screen` is a guess).
    sized: bool,
    /// A whole design arrived before the canvas had a size: fit it on the first resize.
    fit_pending: bool,
    /// Live steps undone or redone, waiting for the run (see `take_live`).
    live: Vec<LiveStep>,
}

/// Which design the document is: another one comes with [`Editor::load`] and with a
/// `Replace` (New, Open, a lesson's design, keeping B) applied, undone or redone; every
/// other edit, a new title included, keeps it. The run keeps its moment across the edits
/// of one design and starts another at 0 s, whatever the titles say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DesignId(u64);

/// A live step of the run that the one undo history took back (`undo`) or made again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LiveStep {
    pub id: u64,
    pub undo: bool,
}

impl Editor {
    pub fn new(doc: Scenario) -> Self {
        Editor {
            doc,
            ..Editor::default()
        }
    }

    pub fn doc(&self) -> &Scenario {
        &self.doc
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// For settings that are the UI's business (snapping grid, canvas size at start-up).
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn state(&self) -> &State {
        self.machine.state()
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn design(&self) -> DesignId {
        self.design
    }

    fn another_design(&mut self) {
        self.design.0 += 1;
    }

    /// Geometry as currently drawn (drag previews included): node rects, wire paths, hits.
    pub fn layout(&self) -> Layout<'_> {
        self.session.layout(&self.doc)
    }

    /// Builds a pointer input value from a canvas-relative screen position.
    pub fn pointer(&self, screen: Vec2, button: Button, mods: Modifiers) -> Pointer {
        Pointer {
            world: self.session.viewport.to_world(screen),
            screen,
            button,
            mods,
        }
    }

    /// Replaces the document without an undo step and forgets the history: for restoring
    /// an autosave or opening a link at start-up. (A user's "new"/"import" should be
    /// `apply(Command::Replace(..))`, which is undoable.)
    pub fn load(&mut self, doc: Scenario) {
        self.doc = doc;
        self.history.clear();
        self.machine = Interaction::default();
        self.session.preview = Default::default();
        self.session.prune(&self.doc);
        self.revision += 1;
        self.another_design();
        self.fit_to_content();
    }

    /// A whole new design is shown whole: a teacher opening a lesson must see all of it.
    fn fit_to_content(&mut self) {
        match self.session.fit_content(&self.doc).filter(|_| self.sized) {
            Some(v) => self.session.viewport = v,
            None => self.fit_pending = true,
        }
    }

    /// Feeds one input through the interaction machine and executes what it asks for.
    pub fn handle(&mut self, input: Input) -> Response {
        match &input {
            Input::Resize(size) => {
                self.session.screen = *size;
                self.sized = true;
                if std::mem::take(&mut self.fit_pending) {
                    self.fit_to_content();
                }
            }
            Input::PointerDown(p) | Input::PointerMove(p) | Input::PointerUp(p) => {
                self.last_pointer = p.screen
            }
            _ => {}
        }
        let before = self.machine.clone();
        let outputs = self.machine.handle(&input, &self.doc, &self.session);
        let consumed = !outputs.is_empty() || self.machine != before;
        let mut effects = Vec::new();
        for out in outputs {
            self.execute(out, &mut effects);
        }
        Response { effects, consumed }
    }

    /// Applies an edit from outside the canvas (inspector, toolbar) as one undo step.
    pub fn apply(&mut self, cmd: Command) -> Result<String, EditError> {
        self.apply_joining(cmd, None)
    }

    fn apply_joining(&mut self, cmd: Command, join: Option<Join>) -> Result<String, EditError> {
        let created_from = self.doc.next_id;
        let selects_created = matches!(cmd, Command::AddNode { .. } | Command::Duplicate { .. });
        let replaces = matches!(cmd, Command::Replace(_));
        let label = self.history.apply_joining(&mut self.doc, cmd, join)?;
        self.revision += 1;
        if replaces {
            self.another_design();
            self.fit_to_content();
        }
        if selects_created {
            // New ids are exactly those at or above the counter's old value.
            let created: Vec<_> = self
                .doc
                .nodes
                .iter()
                .map(|n| n.id)
                .filter(|id| id.0 >= created_from)
                .collect();
            self.session.selection = Selection {
                nodes: created.iter().copied().collect(),
                ..Default::default()
            };
            self.session.focus = created.first().copied().map(Target::Node);
        }
        self.session.prune(&self.doc);
        Ok(label)
    }

    /// Undo; returns the announcement ("Undo move 3 services"), or `None` if nothing to undo.
    pub fn undo(&mut self) -> Option<Result<String, EditError>> {
        let r = self.history.undo(&mut self.doc)?;
        Some(self.after_step(r, "Undo", true))
    }

    pub fn redo(&mut self) -> Option<Result<String, EditError>> {
        let r = self.history.redo(&mut self.doc)?;
        Some(self.after_step(r, "Redo", false))
    }

    /// Files a live step of the run in the one undo history (see [`History::mark_live`]).
    pub fn mark_live(&mut self, id: u64, label: String) {
        self.history.mark_live(id, label);
    }

    /// The live steps undone or redone since the last call, in order, for the run to
    /// take back or make again.
    pub fn take_live(&mut self) -> Vec<LiveStep> {
        std::mem::take(&mut self.live)
    }

    /// Undo, in words for an announcement: "Undo move 3 services", or "Nothing to undo".
    pub fn undo_said(&mut self) -> String {
        let step = self.undo();
        step_text(step, "Nothing to undo")
    }

    /// Redo, in words for an announcement.
    pub fn redo_said(&mut self) -> String {
        let step = self.redo();
        step_text(step, "Nothing to redo")
    }

    fn after_step(
        &mut self,
        r: Result<Stepped, EditError>,
        verb: &str,
        undo: bool,
    ) -> Result<String, EditError> {
        let stepped = r?;
        match stepped.live {
            // The design is unchanged: the run takes the step back (or makes it again).
            Some(id) => self.live.push(LiveStep { id, undo }),
            None => {
                self.revision += 1;
                self.session.prune(&self.doc);
            }
        }
        if stepped.replaced {
            self.another_design();
        }
        Ok(format!("{verb} {}", stepped.label))
    }

    /// An edit from the canvas: announced when done, refused at the pointer when not.
    fn edit(&mut self, cmd: Command, join: Option<Join>, effects: &mut Vec<Effect>) {
        match self.apply_joining(cmd, join) {
            Ok(label) => effects.push(Effect::Announce(crate::history::capitalise(&label))),
            Err(e) => effects.push(Effect::Refused {
                reason: e.to_string(),
                at: self.last_pointer,
            }),
        }
    }

    fn execute(&mut self, out: Output, effects: &mut Vec<Effect>) {
        match out {
            Output::Edit(cmd) => self.edit(cmd, None, effects),
            Output::EditJoining(cmd, join) => self.edit(cmd, Some(join), effects),
            Output::Undo => {
                let text = self.undo_said();
                effects.push(Effect::Announce(text));
            }
            Output::Redo => {
                let text = self.redo_said();
                effects.push(Effect::Announce(text));
            }
            Output::Select(s) => self.session.selection = s,
            Output::Focus(f) => self.session.focus = f,
            Output::Hover(h) => self.session.hover = h,
            Output::Viewport(v) => self.session.viewport = v,
            Output::Preview(p) => self.session.preview = p,
            Output::Refuse { reason, at } => effects.push(Effect::Refused { reason, at }),
            Output::Announce(text) => effects.push(Effect::Announce(text)),
            Output::OpenInspector(t) => effects.push(Effect::OpenInspector(t)),
            Output::ShowShortcuts => effects.push(Effect::ShowShortcuts),
        }
    }
}

/// What an undo or redo step says: its label, why it failed, or that there was none.
fn step_text(step: Option<Result<String, EditError>>, none: &str) -> String {
    match step {
        Some(Ok(label)) => label,
        Some(Err(e)) => format!("Could not step through history: {e}"),
        None => none.to_string(),
    }
}
