//! Files in and out of the browser: downloads through a Blob and an `<a download>`,
//! reading a picked or dropped file as text.

use super::js_error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A file larger than this is not a scenario anyone drew; refuse before reading it.
const MAX_IMPORT_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// Makes a Blob of `parts` with a MIME type.
pub fn blob(parts: &[&str], mime: &str) -> Result<web_sys::Blob, String> {
    let array = js_sys::Array::new();
    for p in parts {
        array.push(&JsValue::from_str(p));
    }
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&array, &opts).map_err(|e| js_error(&e))
}

/// Offers `text` as a download named `name`.
pub fn download_text(text: &str, mime: &str, name: &str) -> Result<(), String> {
    blob(&[text], mime).and_then(|b| download(&b, name))
}

/// Saves a Blob as a download named `filename`.
pub fn download(blob: &web_sys::Blob, filename: &str) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|e| js_error(&e))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("there is no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_error(&e))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    // The download has started from the URL; free it once the click is handled.
    crate::timer::after(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Reads a picked or dropped file as UTF-8 text.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    if file.size() > MAX_IMPORT_BYTES {
        return Err(format!(
            "`{}` is {:.1} MB; a Wirelab scenario is a few KB, so this is not one",
            file.name(),
            file.size() / 1024.0 / 1024.0
        ));
    }
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("could not read `{}`: {}", file.name(), js_error(&e)))?;
    text.as_string()
        .ok_or_else(|| format!("`{}` is not a text file", file.name()))
}
