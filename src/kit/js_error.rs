//! A JavaScript error in words, for the messages the browser edge shows.

use wasm_bindgen::{JsCast, JsValue};

/// A thrown value as a sentence part: an `Error`'s message (`QuotaExceededError: …`),
/// a thrown string, or that the browser refused.
pub fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()).trim_end_matches('.').to_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}
