//! localStorage, where every call may fail: storage switched off, private mode, a full
//! quota, a sandboxed frame. Each failure becomes a sentence for the user, never a panic.

use crate::kit::js_error;

/// The autosaved design (scenario JSON).
pub const AUTOSAVE: &str = "wirelab.autosave";
/// An autosave that could not be read, kept so nothing is lost.
pub const CORRUPT: &str = "wirelab.autosave.unreadable";
/// The design set aside when a share link replaced it (or was declined).
pub const BACKUP: &str = "wirelab.backup";

fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err("this browser offers no local storage".into()),
        Err(_) => Err("local storage is switched off (private mode or site settings)".into()),
    }
}

/// The stored text, `Ok(None)` if nothing is stored under `key`.
pub fn read(key: &str) -> Result<Option<String>, String> {
    storage()?
        .get_item(key)
        .map_err(|e| format!("could not read saved data: {}", js_error(&e)))
}

pub fn write(key: &str, value: &str) -> Result<(), String> {
    storage()?.set_item(key, value).map_err(|e| {
        format!(
            "could not save in this browser ({}); export the design as a file to keep it",
            js_error(&e)
        )
    })
}
