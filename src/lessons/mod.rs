//! Lessons and interview walkthroughs in the browser. The lessons are data
//! (`public/lessons/`, read with `wirelab_model::decode_lesson`); this module only
//! shows them and drives the editor and the run: a step loads its design through the
//! editor (one undo step), sets its incident script and speed (saying so, and giving the
//! learner's own speed back when the lesson closes), highlights names, and every number
//! it shows is measured by the engine on a run of the design.

mod browser;
mod check;
mod headless;
mod panel;
mod predict;
mod seen;

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use wirelab_editor::{Command, Input};
use wirelab_model::{IndexEntry, Lesson, LessonKind, Scenario, StepDesign, Walkthrough};

use crate::editor::{use_editor, CanvasEl, EditorCtx};
use crate::kit::fetch;
use crate::run::{use_run, Comparing, RunCtx};

pub use browser::{LessonBrowser, LessonsButton};
pub use panel::LessonPanel;

/// The index, relative to the page.
const INDEX: &str = "lessons/index.json";

/// An open lesson with every design file it names, fetched and read.
pub struct Opened {
    pub lesson: Lesson,
    pub designs: Vec<StepDesign>,
    files: BTreeMap<String, Scenario>,
}

impl Opened {
    /// The design file at `path` (all were fetched when the lesson opened).
    pub fn file(&self, path: &str) -> Option<&Scenario> {
        self.files.get(path)
    }
}

#[derive(Clone, Copy)]
pub struct LessonsCtx {
    pub browser_open: RwSignal<bool>,
    pub index: RwSignal<Option<Result<Vec<IndexEntry>, String>>>,
    pub open: RwSignal<Option<Arc<Opened>>>,
    pub step: RwSignal<usize>,
    /// Why the chosen lesson could not be opened.
    pub error: RwSignal<Option<String>>,
    /// The (file, incidents) the lesson last put in the editor, so stepping between
    /// steps that share a design keeps the learner's edits.
    applied: StoredValue<Option<StepDesign>>,
    /// "Watch it run": pause the canvas's run at this simulated time (µs).
    watch_until: StoredValue<Option<u64>>,
    /// The speed (slider exponent) the learner had before a lesson first changed it.
    own_speed: StoredValue<Option<f64>>,
    /// Compare mode, which a step may open (and the lesson then closes).
    compare: Comparing,
    /// The lesson opened compare mode.
    compared: StoredValue<bool>,
    ed: EditorCtx,
    rc: RunCtx,
    area: CanvasEl,
    view: crate::view::ViewCtx,
}

impl LessonsCtx {
    /// Opens a lesson or walkthrough from the index by id.
    pub fn open(&self, id: String) {
        let lc = *self;
        let Some(file) = self.index.with_untracked(|i| {
            let entries = i.as_ref()?.as_ref().ok()?;
            entries.iter().find(|e| e.id == id).map(|e| e.file.clone())
        }) else {
            return;
        };
        self.browser_open.set(false);
        seen::remember_dismissed();
        self.error.set(None);
        // A lesson brings its own designs: the canvas needs the room more than the palette.
        self.view.palette.set(false);
        leptos::task::spawn_local(async move {
            match load(&file).await {
                Ok(opened) => {
                    lc.applied.set_value(None);
                    lc.restore_speed();
                    lc.open.set(Some(Arc::new(opened)));
                    lc.go(0);
                }
                Err(e) => lc.error.set(Some(e)),
            }
        });
    }

    pub fn close(&self) {
        self.open.set(None);
        self.error.set(None);
        self.applied.set_value(None);
        self.leave_compare();
        self.restore_speed();
        refit(self.ed, self.area, false);
    }

    /// Leaves compare mode if this lesson opened it (the step's design stays).
    fn leave_compare(&self) {
        if self.compared.get_value() {
            self.compared.set_value(false);
            self.compare.close.run(false);
        }
    }

    /// Gives the learner back the speed they had before a lesson changed it: a step's
    /// speed is for that lesson only.
    fn restore_speed(&self) {
        if let Some(exp) = self.own_speed.get_value() {
            self.own_speed.set_value(None);
            self.rc.speed_exp.set(exp);
        }
    }

    /// The speed the learner had before the lesson changed it (slider exponent).
    pub fn own_speed(&self) -> Option<f64> {
        self.own_speed.get_value()
    }

    /// The entry after the open lesson in the index: what "Next lesson" opens.
    pub fn next_entry(&self) -> Option<IndexEntry> {
        let id = self
            .open
            .with(|o| o.as_ref().map(|o| o.lesson.id.clone()))?;
        self.index.with(|i| {
            let entries = i.as_ref()?.as_ref().ok()?;
            let at = entries.iter().position(|e| e.id == id)?;
            entries.get(at + 1).cloned()
        })
    }

    /// Moves to step `i` (clamped) and performs it.
    pub fn go(&self, i: usize) {
        let Some(o) = self.open.get_untracked() else {
            return;
        };
        let last = o.lesson.steps.len().saturating_sub(1);
        let i = i.min(last);
        self.step.set(i);
        self.rc.playing.set(false);
        if o.lesson.kind == LessonKind::Walkthrough {
            if let Some(w) = &o.lesson.walkthrough {
                let start = StepDesign {
                    load: Some(w.start.clone()),
                    incidents: Some(w.incidents.clone()),
                    run_until_s: Some(w.duration_s),
                };
                self.apply_design(&o, &start);
            }
        }
        if let Some(step) = o.lesson.steps.get(i) {
            if let Some(d) = o.designs.get(i) {
                self.apply_design(&o, d);
            }
            match step.compare.as_ref().and_then(|p| o.file(p)) {
                Some(b) => {
                    self.compare.open.run(b.clone());
                    self.compared.set_value(true);
                }
                None => self.leave_compare(),
            }
            if let Some(speed) = step.speed {
                let before = self.rc.speed_exp.get_untracked();
                self.own_speed.update_value(|s| {
                    s.get_or_insert(before);
                });
                self.rc.set_speed(speed);
            }
        }
    }

    /// Plays the step's run on the canvas from 0 s, pausing at `until_s` (or at the
    /// design's run length).
    pub fn watch(&self, until_s: Option<u64>) {
        let end_ms = until_s.map_or_else(
            || self.ed.with_untracked(|e| e.doc().duration_ms),
            |s| s * 1000,
        );
        self.watch_until.set_value(Some(end_ms * 1000));
        self.rc.reset();
        self.rc.playing.set(true);
    }

    pub fn step_by(&self, delta: isize) {
        let i = self.step.get_untracked() as isize + delta;
        if i >= 0 {
            self.go(i as usize);
        }
    }

    /// Replaces the canvas with a walkthrough's reference design (one undo step), under
    /// the walkthrough's incident script; `failed` says why if it cannot be read.
    pub fn load_reference(&self, w: Walkthrough, failed: RwSignal<Option<String>>) {
        let lc = *self;
        leptos::task::spawn_local(async move {
            match read_design(&w.reference).await {
                Ok(mut doc) => {
                    doc.incidents = w.incidents;
                    let _ = lc.ed.apply(Command::Replace(Box::new(doc)));
                    refit(lc.ed, lc.area, true);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    }

    /// Puts a step's design in the editor unless it is already the one there.
    fn apply_design(&self, o: &Opened, d: &StepDesign) {
        let Some(path) = &d.load else { return };
        let same = self.applied.with_value(|a| {
            a.as_ref()
                .is_some_and(|a| a.load == d.load && a.incidents == d.incidents)
        });
        if same {
            return;
        }
        let Some(mut doc) = o.file(path).cloned() else {
            return;
        };
        if let Some(incidents) = &d.incidents {
            doc.incidents = incidents.clone();
        }
        let _ = self.ed.apply(Command::Replace(Box::new(doc)));
        self.applied.set_value(Some(d.clone()));
        refit(self.ed, self.area, true);
    }
}

/// The lesson column changes the canvas's size: measure it again once the layout has
/// settled, and fit a newly loaded design into what is left.
fn refit(ed: EditorCtx, area: CanvasEl, fit: bool) {
    request_animation_frame(move || {
        area.refresh(&ed);
        if fit {
            ed.handle(Input::FitView);
        }
    });
}

/// Fetches and reads one design file.
async fn read_design(path: &str) -> Result<Scenario, String> {
    let text = fetch::text(path).await?;
    wirelab_model::decode(&text).map_err(|problems| {
        let first: Vec<String> = problems.iter().take(3).map(|p| p.to_string()).collect();
        format!("{path}: {}", first.join("; "))
    })
}

/// Fetches and reads a lesson and every design file it names.
async fn load(file: &str) -> Result<Opened, String> {
    let text = fetch::text(file).await?;
    let lesson = wirelab_model::decode_lesson(&text).map_err(|p| {
        let first: Vec<String> = p.iter().take(3).map(|p| p.to_string()).collect();
        format!("{file}: {}", first.join("; "))
    })?;
    let designs = lesson.designs();
    let mut paths: Vec<String> = designs.iter().filter_map(|d| d.load.clone()).collect();
    paths.extend(lesson.steps.iter().filter_map(|s| s.compare.clone()));
    if let Some(w) = &lesson.walkthrough {
        paths.push(w.start.clone());
    }
    let mut files = BTreeMap::new();
    for p in paths {
        if files.contains_key(&p) {
            continue;
        }
        let doc = read_design(&p).await?;
        files.insert(p, doc);
    }
    Ok(Opened {
        lesson,
        designs,
        files,
    })
}

/// Creates the lesson state and greets a first visit with the browser (the index is
/// fetched when the browser first opens). Call once, after `provide_run`.
pub fn provide_lessons() -> LessonsCtx {
    let ed = use_editor();
    let lc = LessonsCtx {
        browser_open: RwSignal::new(!seen::dismissed() && !seen::opened_with_design()),
        index: RwSignal::new(None),
        open: RwSignal::new(None),
        step: RwSignal::new(0),
        error: RwSignal::new(None),
        applied: StoredValue::new(None),
        watch_until: StoredValue::new(None),
        own_speed: StoredValue::new(None),
        compare: expect_context::<Comparing>(),
        compared: StoredValue::new(false),
        ed,
        rc: use_run(),
        area: expect_context::<CanvasEl>(),
        view: crate::view::use_view(),
    };
    provide_context(lc);
    // The index is fetched the first time the browser opens, not on every page load.
    let fetching = StoredValue::new(false);
    Effect::new(move |_| {
        if lc.browser_open.get() && !fetching.get_value() {
            fetching.set_value(true);
            leptos::task::spawn_local(async move {
                let r = match fetch::text(INDEX).await {
                    Ok(text) => wirelab_model::decode_index(&text)
                        .map(|i| i.lessons)
                        .map_err(|p| {
                            p.iter()
                                .map(|p| p.to_string())
                                .collect::<Vec<_>>()
                                .join("; ")
                        }),
                    Err(e) => Err(e),
                };
                lc.index.set(Some(r));
            });
        }
    });
    // "Watch it run" stops where the step's claims are measured.
    Effect::new(move |_| {
        let now = lc.rc.frame.with(|f| f.as_ref().map(|f| f.snap.now_us));
        if let (Some(now), Some(until)) = (now, lc.watch_until.get_value()) {
            if now >= until {
                lc.watch_until.set_value(None);
                lc.rc.playing.set(false);
            }
        }
    });
    lc
}

pub fn use_lessons() -> LessonsCtx {
    expect_context::<LessonsCtx>()
}
