//! Reading the files the app is served with (lessons, bundled scenarios; same origin).

use super::js_error;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The text at `url` (relative to the page), or why it could not be read.
pub async fn text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url} could not be fetched: {}", js_error(&e)))?;
    let resp: web_sys::Response = resp
        .dyn_into()
        .map_err(|_| format!("{url}: the browser returned no response"))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let body = resp
        .text()
        .map_err(|e| format!("{url}: {}", js_error(&e)))?;
    JsFuture::from(body)
        .await
        .map_err(|e| format!("{url}: {}", js_error(&e)))?
        .as_string()
        .ok_or_else(|| format!("{url} is not text"))
}
