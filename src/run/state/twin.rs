//! Compare mode's twin: design B's run beside A's, under A's seed and incident script,
//! stepped to A's clock by A's frame loop, and taking A's live interventions by name.

use leptos::prelude::*;
use wirelab_engine::{Intervention, StepResult};
use wirelab_model::Scenario;

use super::RunCtx;
use crate::editor::EditorCtx;

/// Which run a side is paired with in compare mode.
#[derive(Clone, Copy)]
pub(super) struct Pair {
    /// A's: B's run. B's has `None` here and no frame loop of its own.
    twin: StoredValue<Option<RunCtx>>,
    /// B's: A's run (a customer followed on B is followed on both sides).
    pub(super) lead: StoredValue<Option<RunCtx>>,
}

impl Pair {
    pub(super) fn led_by(lead: Option<RunCtx>) -> Pair {
        Pair {
            twin: StoredValue::new(None),
            lead: StoredValue::new(lead),
        }
    }
}

/// Design B's run context in compare mode, provided to B's part of the page: its own run,
/// frame and stats, under A's play, pause, speed and presenter mode, and stepped by A's
/// frame loop. A change to B re-simulates both runs to the moment, as a change to A does.
pub fn provide_twin(lead: RunCtx, editor: EditorCtx) -> RunCtx {
    let ctx = RunCtx::provide(editor, Some(lead));
    lead.pair.twin.set_value(Some(ctx));
    ctx.follow_twin_edits(lead);
    on_cleanup(move || lead.pair.twin.set_value(None));
    ctx
}

impl RunCtx {
    /// Design B's run in compare mode.
    pub fn twin(&self) -> Option<RunCtx> {
        // B's part of the page may be mid-disposal while an effect still runs.
        self.pair.twin.get_value().filter(|b| b.editor.alive())
    }

    /// B's run: its design under A's seed and incident script.
    pub(super) fn build_twin(&self, a: &Scenario) {
        let b = self.editor.with_untracked(|e| e.doc().clone());
        let (shared, skipped) = wirelab_engine::share_script(a, &b);
        self.skipped.set(skipped);
        self.build_with(&shared, a.seed);
    }

    /// Brings B to A's clock: every event when `budget` is `None`, else at most that
    /// many (a frame), returning whether it fell behind.
    pub(super) fn follow(&self, budget: Option<u64>) -> bool {
        let Some(b) = self.twin() else {
            return false;
        };
        let t = self.now_us();
        let behind = b
            .with_run(|run| match budget {
                Some(n) => run.step_until(t, n) == StepResult::Budget,
                None => {
                    while run.step_until(t, 1_000_000) == StepResult::Budget {}
                    false
                }
            })
            .unwrap_or(false);
        b.checkpoint();
        b.publish_frame(behind);
        if budget.is_none() {
            b.publish_stats();
        }
        behind
    }

    /// A's live intervention `iv`, just applied to A's design `a`, made on B too by name
    /// (B caught up first), or B's notice says why it cannot be.
    pub(super) fn mirror_to_twin(&self, iv: &Intervention, a: &Scenario) {
        let Some(b) = self.twin() else {
            return;
        };
        self.follow(None);
        let mirrored = b
            .run
            .with_value(|r| r.as_ref().map(|run| run.scenario().clone()))
            .ok_or_else(|| "B has problems to fix first".to_string())
            .and_then(|bs| wirelab_engine::mirror(iv, a, &bs));
        let done = mirrored.and_then(|ivb| {
            b.with_run(|run| run.apply(ivb))
                .unwrap_or_else(|| Err("B has no run".into()))
        });
        match done {
            Ok(()) => b.notice.set(String::new()),
            Err(why) => {
                let what = iv
                    .to_action(a)
                    .map_or_else(|| "this".to_string(), |act| format!("`{act}`"));
                b.notice.set(format!("{what} applied to A only: {why}"));
            }
        }
        b.publish(false);
    }
}
