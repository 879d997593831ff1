//! Compare mode: a second design (B) on its own canvas beside the one being edited (A),
//! run under A's clock with the same customers, A's incident script and every live
//! intervention (by name); the figures side by side with the difference; ways in (a copy,
//! an example, a file, a link) and out (keep A or keep B). The rules — one clock, the
//! same arrivals, what reaches B — are the engine's `compare` module; this draws them.

mod menu;
mod side;
mod table;

use leptos::prelude::*;
use wirelab_model::Scenario;

use crate::editor::{use_editor, EditorCtx};
use crate::run::RunCtx;

pub use menu::CompareMenu;
pub use side::{CompareSide, SideTag};
pub use table::{CompareStrip, CompareTable, PairedCharts};

#[derive(Clone, Copy)]
pub struct CompareCtx {
    /// The design B opens as; `Some` while compare mode is on.
    start: RwSignal<Option<Scenario>>,
    /// B's editor and run, while its canvas is on the page.
    b: RwSignal<Option<(EditorCtx, RunCtx)>>,
    /// What went wrong opening a design as B, in words.
    pub error: RwSignal<Option<String>>,
    /// The page's editor: A's design (inside B's part of the page `use_editor` is B's).
    pub(crate) a: EditorCtx,
    /// How many times a B was opened: a timer set for one B checks it is still open.
    opened: StoredValue<u64>,
}

impl CompareCtx {
    /// Tracked: compare mode is on.
    pub fn active(&self) -> bool {
        self.start.with(Option::is_some)
    }

    /// Opens compare mode with `b` as design B (replacing any B open now).
    pub fn open(&self, b: Scenario) {
        self.error.set(None);
        self.opened.update_value(|n| *n += 1);
        if self.start.with_untracked(Option::is_none) {
            self.start.set(Some(b));
            return;
        }
        // A new B is a new canvas: the old one goes first (its run lets go of A's clock),
        // and the new one comes once the page has let it go.
        self.start.set(None);
        let me = *self;
        crate::timer::after(0, move || me.start.set(Some(b)));
    }

    /// B's editor and run, while compare mode is on. Tracked.
    pub fn b(&self) -> Option<(EditorCtx, RunCtx)> {
        self.b.get()
    }

    /// B's design as it is now (with the user's edits).
    pub fn b_doc(&self) -> Option<Scenario> {
        self.b
            .get_untracked()
            .map(|(ed, _)| ed.with_untracked(|e| e.doc().clone()))
    }

    /// Leaves compare mode; with `keep_b`, B becomes the design (one undo step).
    pub fn close(&self, keep_b: bool) {
        // B's canvas goes first: A's edit must not reach views of a B being disposed.
        let doc = keep_b.then(|| self.b_doc()).flatten();
        self.start.set(None);
        if let Some(doc) = doc {
            let _ = self
                .a
                .apply(wirelab_editor::Command::Replace(Box::new(doc)));
        }
        let a = self.a;
        crate::timer::after(FIT_AFTER_MS, move || {
            a.handle(wirelab_editor::Input::FitView);
        });
    }
}

/// How long after compare mode opens or closes the canvases are fitted to their new
/// sizes: a frame or two of layout and resize observation.
const FIT_AFTER_MS: u32 = 80;

/// Creates compare mode's state; call once in `App`, after the page's editor and run.
pub fn provide_compare() -> CompareCtx {
    let ctx = CompareCtx {
        a: use_editor(),
        start: RwSignal::new(None),
        b: RwSignal::new(None),
        error: RwSignal::new(None),
        opened: StoredValue::new(0),
    };
    provide_context(ctx);
    // What the run, the lessons and the files and links use of compare mode.
    provide_context(crate::run::Comparing {
        on: Signal::derive(move || ctx.active()),
        open: Callback::new(move |b| ctx.open(b)),
        close: Callback::new(move |keep_b| ctx.close(keep_b)),
        b_doc: Callback::new(move |()| ctx.b_doc()),
    });
    ctx
}

pub fn use_compare() -> CompareCtx {
    expect_context::<CompareCtx>()
}
