//! The terms a learner meets on the page, each with its meaning in plain words: shown
//! on hover or focus, and on a tap (phones have no hover).

use leptos::prelude::*;

/// Definitions, by term.
pub const P50: &str = "The median: half of the people waited less than this, half longer.";
pub const P95: &str = "95 in every 100 people waited less than this; the slowest 5 waited longer.";
pub const P99: &str = "99 in every 100 people waited less than this; the slowest 1 waited longer.";
pub const CONSISTENCY: &str = "Time to consistency: from a person's arrival until every piece of work they caused is done, including the events handled after they got their answer.";
pub const PENDING: &str = "People told \"accepted, pending\": the service answered before the work was done, so they do not yet know whether it worked.";
pub const CONFIRMED: &str = "Pending answers whose work all succeeded; the time runs from the person's arrival until it was confirmed (95 in every 100 sooner).";
pub const FAILED_LATER: &str = "Pending answers whose work failed for good after the answer: a dead letter, a lost event, a step that failed. Without a compensating step such an order stays pending.";
pub const COMPENSATED: &str = "Failed later, then undone: a compensating event (such as PaymentFailed) was handled, so the order was cancelled rather than left pending.";
pub const BACKLOG: &str =
    "Events a consumer has not handled yet: they are stored safely and wait their turn.";
pub const LAG: &str = "How long the oldest waiting event has been waiting.";
pub const REDELIVERED: &str = "Deliveries after the first: the consumer failed or did not confirm, so the broker tried again.";
pub const DEAD_LETTERS: &str =
    "Events given up on after the maximum number of deliveries, set aside for a person to look at.";
pub const ANSWERED: &str = "People who got a successful answer, of those whose wait is over.";
pub const FAILED: &str = "People who got an error, of those whose wait is over.";
pub const BUSY_QUEUE: &str = "Under a service: workers handling a request now, of all its workers; then requests waiting for a worker, of the room in its queue. A full queue turns callers away.";
pub const WAITS: &str =
    "A synchronous call: the caller waits here for the answer, up to its timeout.";
pub const FLIP: &str =
    "Click it to turn a call into an event through a topic, or an event back into a call.";
pub const GAVE_UP: &str =
    "People who stopped waiting: their patience ran out before an answer came.";

/// A term with its definition: a tap opens it until a press anywhere else or Escape.
#[component]
pub fn Term(word: &'static str, means: &'static str) -> impl IntoView {
    let open = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Span>::new();
    let outside = window_event_listener(leptos::ev::pointerdown, move |e| {
        if !open.get_untracked() {
            return;
        }
        let inside = match (
            e.target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok()),
            root.get_untracked(),
        ) {
            (Some(t), Some(r)) => r.contains(Some(&t)),
            _ => false,
        };
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    view! {
        <span class="term" node_ref=root
            on:keydown=move |e| if e.key() == "Escape" && open.get_untracked() {
                open.set(false);
                e.prevent_default();
            }>
            <button type="button" class="term-word" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>{word}</button>
            <span class="term-def" role="tooltip" hidden=move || !open.get()>{means}</span>
        </span>
    }
}
