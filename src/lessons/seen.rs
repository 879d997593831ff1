//! Whether this browser has closed the lesson browser before. Storage may be switched
//! off, full or sandboxed: then the browser simply greets again on the next visit.

const DISMISSED: &str = "wirelab.lessons.dismissed";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn dismissed() -> bool {
    storage()
        .and_then(|s| s.get_item(DISMISSED).ok().flatten())
        .is_some()
}

pub fn remember_dismissed() {
    if let Some(s) = storage() {
        let _ = s.set_item(DISMISSED, "1");
    }
}

/// The page was opened with a design in its address (a share link): the visitor came
/// for that design, not for the lesson list. Any other fragment greets as usual.
pub fn opened_with_design() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| wirelab_editor::share::carries_design(&h))
}
