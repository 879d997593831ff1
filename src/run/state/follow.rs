//! Following one customer: their journey replayed to this moment (the Run menu, a
//! stopwatch) and, while it is under way, followed on as the run plays; or a person sent
//! now and followed live with the clock slowed. A speed the user chooses wins over the
//! slowed clock.

use std::sync::Arc;

use leptos::prelude::*;

use wirelab_engine::{Intervention, Run};

use super::{Followed, Following, RunCtx};

/// The clock while a customer is followed live: slow enough to see each hop.
const FOLLOW_SPEED: f64 = 0.05;

impl RunCtx {
    /// Follows one customer of this run up to now: the run is replayed to this moment
    /// recording their journey (deterministic, so it is this run), and the diagram opens.
    pub fn follow_journey(&self, pick: wirelab_engine::Pick) {
        // Picked on B: the same customer, shown as A's and B's.
        if let Some(lead) = self.pair.lead.get_value() {
            if let Ok(t) = self.trace_of(pick) {
                return lead.follow_journey(wirelab_engine::Pick::Id(t.id));
            }
        }
        let got = self.trace_of(pick).map(|a| {
            // In compare mode, the same customer in B: the arrivals are the same, so
            // customer #n exists in both.
            let b = self
                .twin()
                .and_then(|b| b.trace_of(wirelab_engine::Pick::Id(a.id)).ok());
            Followed { a, b }
        });
        self.playing.set(false);
        self.stop_following();
        // Still under way (and not in compare mode, whose diagram is of two runs): the
        // run goes on recording them from here, so the diagram grows as it plays.
        if let Ok(f) = &got {
            let open =
                !f.a.steps
                    .iter()
                    .any(|s| matches!(s, wirelab_engine::JStep::Settled { .. }));
            if open && f.b.is_none() && self.twin().is_none() {
                let so_far = f.a.clone();
                self.run.update_value(|r| {
                    if let Some(run) = r.as_mut() {
                        run.follow_on(&so_far);
                    }
                });
                self.following.set(Some(Following {
                    id: so_far.id,
                    restore: None,
                }));
            }
        }
        self.journey.set(Some(got));
    }

    /// Closes the journey: no one is followed any more, and a clock slowed for them gets
    /// its speed back.
    pub fn close_journey(&self) {
        self.stop_following();
        self.journey.set(None);
    }

    /// Ends following, if anyone is followed; the clock returns to the speed it had if
    /// it was slowed for them, and the notice saying so goes.
    pub(super) fn stop_following(&self) {
        let Some(f) = self.following.get_untracked() else {
            return;
        };
        self.following.set(None);
        if let Some(before) = f.restore {
            self.set_speed(before);
            self.clear_follow_notice();
        }
    }

    /// A speed the user chose (the slider exponent, 20^x): it wins over a clock slowed
    /// for a followed customer, which then no longer returns to an earlier speed.
    pub fn choose_speed(&self, exp: f64) {
        self.speed_exp.set(exp.clamp(-1.0, 1.0));
        if let Some(f) = self
            .following
            .get_untracked()
            .filter(|f| f.restore.is_some())
        {
            self.following.set(Some(Following { restore: None, ..f }));
            self.clear_follow_notice();
        }
    }

    fn clear_follow_notice(&self) {
        if self
            .notice
            .with_untracked(|n| n.starts_with("Following customer #"))
        {
            self.notice.set(String::new());
        }
    }

    /// One customer's journey in this run up to now, replayed to this moment.
    fn trace_of(
        &self,
        pick: wirelab_engine::Pick,
    ) -> Result<Arc<wirelab_engine::JourneyTrace>, String> {
        self.run.with_value(|r| {
            let run = r
                .as_ref()
                .ok_or("there is no run: the design has problems")?;
            let j = run.pick_journey(pick).ok_or_else(|| match pick {
                wirelab_engine::Pick::Failed => "no customer has failed yet".to_string(),
                wirelab_engine::Pick::Retried => {
                    "no customer's request was retried yet".to_string()
                }
                _ => "no customer has arrived yet".to_string(),
            })?;
            let log = run.intervention_log().to_vec();
            Run::replay_following(
                run.scenario(),
                run.seed(),
                &log,
                run.now_us(),
                run.events_processed(),
                Some(j),
            )
            .map_err(|p| p.first().map(|p| p.plain()).unwrap_or_default())?
            .followed()
            .map(Arc::new)
            .ok_or_else(|| "that customer has not arrived".to_string())
        })
    }

    /// Sends one person from the first users node and follows them live: their dots are
    /// drawn above the crowd, the diagram grows as they go, and the clock runs at
    /// `FOLLOW_SPEED` until their last work is done, then returns to its speed.
    pub fn send_and_follow(&self) {
        let users = self.run.with_value(|r| {
            r.as_ref().and_then(|run| {
                run.scenario()
                    .nodes
                    .iter()
                    .find(|n| matches!(n.kind, wirelab_model::NodeKind::Users(_)))
                    .map(|n| (n.id, run.next_journey()))
            })
        });
        let Some((node, j)) = users else {
            self.journey
                .set(Some(Err("the design has no users to send".into())));
            return;
        };
        self.with_run(|run| run.follow(j));
        if self
            .intervene(Intervention::Send { node, count: 1 })
            .is_err()
        {
            return;
        }
        // Already slowed for someone: the speed to return to is still the one before.
        let before = self
            .following
            .get_untracked()
            .and_then(|f| f.restore)
            .unwrap_or_else(|| self.speed());
        self.following.set(Some(Following {
            id: j,
            restore: Some(before),
        }));
        self.set_speed(FOLLOW_SPEED);
        self.notice.set(format!(
            "Following customer #{j}: the clock runs at 1/20× until their work is done"
        ));
        self.refresh_followed();
        self.playing.set(true);
    }

    /// The live journey into the diagram; when its last work is done, the speed returns.
    pub(super) fn refresh_followed(&self) {
        let Some(Following { id: j, restore }) = self.following.get_untracked() else {
            return;
        };
        let trace = self.run.with_value(|r| r.as_ref().and_then(Run::followed));
        // B's context shares the signal but follows no one.
        let Some(trace) = trace.filter(|t| t.id == j) else {
            return;
        };
        let done = trace
            .steps
            .iter()
            .any(|s| matches!(s, wirelab_engine::JStep::Settled { .. }));
        self.journey.set(Some(Ok(Followed {
            a: Arc::new(trace),
            b: None,
        })));
        if done {
            self.following.set(None);
            if let Some(before) = restore {
                self.set_speed(before);
                self.notice.set(format!(
                    "Customer #{j}'s work is done: the clock is back to {before:.1}×"
                ));
            }
        }
    }
}
