//! Timers from gloo-timers: a debounce whose newer setting cancels the older one (gloo's
//! `Timeout` is cancelled on drop), fire-and-forget delays, and a yield to the browser for
//! background work done in slices.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

/// One pending callback at a time: `set` replaces (and so cancels) the one before. The
/// spent timer stays in its slot until the next `set` (dropping it from inside its own
/// callback would free the running closure); the flag says whether one is pending.
#[derive(Clone, Copy)]
pub struct Debounce(StoredValue<(Option<Timeout>, bool), LocalStorage>);

impl Default for Debounce {
    fn default() -> Self {
        Debounce(StoredValue::new_local((None, false)))
    }
}

impl Debounce {
    /// Runs `f` after `ms` unless set again or cancelled first.
    pub fn set(&self, ms: u32, f: impl FnOnce() + 'static) {
        let slot = self.0;
        let timeout = Timeout::new(ms, move || {
            let _ = slot.try_update_value(|s| s.1 = false);
            f();
        });
        let _ = self.0.try_update_value(|s| *s = (Some(timeout), true));
    }

    /// Cancels the pending callback; true if there was one.
    pub fn cancel(&self) -> bool {
        self.0
            .try_update_value(|s| std::mem::replace(s, (None, false)).1)
            .unwrap_or(false)
    }
}

/// Runs `f` once after `ms`, whatever happens meanwhile.
pub fn after(ms: u32, f: impl FnOnce() + 'static) {
    Timeout::new(ms, f).forget();
}

/// Lets the browser paint and handle input before the next slice of work.
async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Paces long work in slices: [`Pace::breathe`] between steps yields to the browser
/// once `budget_ms` of work have passed since the last yield.
pub struct Pace {
    budget_ms: f64,
    started: f64,
}

impl Pace {
    pub fn new(budget_ms: f64) -> Pace {
        Pace {
            budget_ms,
            started: js_sys::Date::now(),
        }
    }

    pub async fn breathe(&mut self) {
        if js_sys::Date::now() - self.started > self.budget_ms {
            yield_to_browser().await;
            self.started = js_sys::Date::now();
        }
    }
}
