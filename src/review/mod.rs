//! The design review in the page: while its panel is open, the engine's `Reviewer`
//! measures the design on screen in slices of a few milliseconds between frames (the
//! canvas keeps drawing), again whenever the design changes. The panel lists what it
//! found; the canvas shows the blast radius and marks the elements with findings.

mod heat;
mod panel;

pub use heat::ReviewHeat;
pub use panel::{ReviewButton, ReviewPanel};

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use wirelab_engine::review::{Finding, Impact, Reviewer};
use wirelab_model::Scenario;

use crate::editor::{use_editor, EditorCtx};

/// Milliseconds of measuring per slice; the rest of the frame is the page's.
const SLICE_MS: f64 = 8.0;

/// What the review has measured so far.
#[derive(Clone, Debug, Default)]
pub struct Measured {
    pub rows: Vec<Impact>,
    pub findings: Vec<Finding>,
    pub done: usize,
    pub total: usize,
    pub seed: u64,
    pub error: Option<String>,
}

impl Measured {
    pub fn complete(&self) -> bool {
        self.error.is_some() || (self.total > 0 && self.done == self.total)
    }
}

#[derive(Clone, Copy)]
pub struct ReviewCtx {
    pub open: RwSignal<bool>,
    pub measured: RwSignal<Arc<Measured>>,
    /// Bumped for each new review: a slice of an older one stops.
    generation: StoredValue<u64>,
    reviewer: StoredValue<Option<Reviewer>, LocalStorage>,
}

pub fn provide_review() -> ReviewCtx {
    let ed = use_editor();
    let ctx = ReviewCtx {
        open: RwSignal::new(false),
        measured: RwSignal::new(Arc::default()),
        generation: StoredValue::new(0),
        reviewer: StoredValue::new_local(None),
    };
    provide_context(ctx);
    // Open, and on every change of what the engine would see: measure again.
    Effect::new(move |prev: Option<Option<Scenario>>| {
        ed.track_doc();
        if !ctx.open.get() {
            return None;
        }
        let sim = ed.with_untracked(|e| e.doc().sim_part());
        if prev.flatten().as_ref() != Some(&sim) {
            ctx.start(ed);
        }
        Some(sim)
    });
    ctx
}

pub fn use_review() -> Option<ReviewCtx> {
    use_context::<ReviewCtx>()
}

impl ReviewCtx {
    /// The "Explain my design" notes of a complete review. Made when asked for: they
    /// trace a journey (two runs of the design), too much for a slice between frames.
    pub fn notes(&self) -> Option<String> {
        let done = self
            .measured
            .with_untracked(|m| m.complete() && m.error.is_none());
        done.then(|| {
            self.reviewer
                .with_value(|r| r.as_ref().map(wirelab_engine::review::explain))
        })
        .flatten()
    }

    fn start(&self, ed: EditorCtx) {
        let doc = ed.with_untracked(|e| e.doc().clone());
        let seed = doc.seed;
        let r = Reviewer::new(doc, seed);
        let (done, total) = r.progress();
        self.reviewer.set_value(Some(r));
        self.generation.update_value(|g| *g += 1);
        self.measured.set(Arc::new(Measured {
            done,
            total,
            seed,
            ..Measured::default()
        }));
        self.slice(self.generation.get_value());
    }

    /// Measures for up to `SLICE_MS`, publishes, and comes back after the next frame.
    fn slice(self, generation: u64) {
        // A newer review, or the panel closed (opening it again starts afresh).
        if self.generation.try_get_value() != Some(generation) || !self.open.get_untracked() {
            return;
        }
        let now = js_sys::Date::now;
        let start = now();
        let result = self.reviewer.try_update_value(|r| {
            let r = r.as_mut()?;
            let mut more = Ok(true);
            while now() - start < SLICE_MS {
                more = r.step();
                if !matches!(more, Ok(true)) {
                    break;
                }
            }
            let (done, total) = r.progress();
            let finished = !matches!(more, Ok(true));
            Some(Measured {
                rows: r.rows(),
                findings: r.findings().to_vec(),
                done: if finished { total } else { done },
                total,
                seed: r.seed(),
                error: more.err(),
            })
        });
        let Some(Some(m)) = result else { return };
        let again = !m.complete();
        self.measured.set(Arc::new(m));
        if again {
            set_timeout(move || self.slice(generation), Duration::from_millis(1));
        }
    }
}
