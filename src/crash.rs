//! When Wirelab panics: a plain notice the user can act on, with the message to copy into
//! a bug report, and the design flushed to the autosave if it can still be read. In the
//! release build a panic aborts the wasm instance right after this hook, so the notice is
//! plain DOM (no Leptos) and nothing in it calls back into Rust: reload is a link.

use std::cell::RefCell;
use wasm_bindgen::JsCast;

type Save = Box<dyn Fn() -> Result<(), String>>;

thread_local! {
    static SAVE: RefCell<Option<Save>> = RefCell::new(None);
}

const HEADLINE_SAVED: &str =
    "Wirelab hit a bug and stopped. Your design is saved; reload to continue.";
const HEADLINE_UNSAVED: &str = "Wirelab hit a bug and stopped. Your design was autosaved \
     at most half a second before; reload to continue.";

/// Installs the hook (also logging to the console, as before).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        // The notice first: saving may itself fail if the panic came mid-edit.
        show(HEADLINE_UNSAVED, &info.to_string());
        let saved = SAVE.with(|s| s.try_borrow().ok()?.as_ref().map(|save| save()));
        if let Some(Ok(())) = saved {
            set_headline(HEADLINE_SAVED);
        }
    }));
    #[cfg(feature = "test-hooks")]
    test_trigger();
}

/// How to save the design when a panic comes (the autosave's flush).
pub fn on_panic_save(save: impl Fn() -> Result<(), String> + 'static) {
    SAVE.with(|s| *s.borrow_mut() = Some(Box::new(save)));
}

fn show(headline: &str, message: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    if doc.get_element_by_id("wirelab-crash").is_some() {
        return Some(());
    }
    let el = |tag: &str, attrs: &[(&str, &str)], text: &str| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        for (k, v) in attrs {
            e.set_attribute(k, v).ok()?;
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    let root = el(
        "div",
        &[
            ("id", "wirelab-crash"),
            ("class", "crash"),
            ("role", "alertdialog"),
            ("aria-modal", "true"),
            ("aria-labelledby", "wirelab-crash-headline"),
            ("data-testid", "crash"),
        ],
        "",
    )?;
    let card = el("div", &[("class", "crash-card")], "")?;
    let head = el(
        "p",
        &[
            ("id", "wirelab-crash-headline"),
            ("class", "crash-headline"),
            ("data-testid", "crash-headline"),
        ],
        headline,
    )?;
    let hint = el(
        "p",
        &[],
        "If you report it, copy this message into the report:",
    )?;
    let text = el(
        "textarea",
        &[
            ("readonly", ""),
            ("rows", "4"),
            ("aria-label", "The error message"),
            ("data-testid", "crash-message"),
        ],
        "",
    )?;
    if let Some(t) = text.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(message);
    }
    let reload = el(
        "a",
        &[
            ("href", "./"),
            ("class", "crash-reload"),
            ("data-testid", "crash-reload"),
        ],
        "Reload Wirelab",
    )?;
    for child in [&head, &hint, &text, &reload] {
        card.append_child(child).ok()?;
    }
    root.append_child(&card).ok()?;
    doc.body()?.append_child(&root).ok()?;
    Some(())
}

fn set_headline(text: &str) {
    if let Some(e) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("wirelab-crash-headline"))
    {
        e.set_text_content(Some(text));
    }
}

/// Test builds only (`--features test-hooks`): a `wirelab-test-panic` event on the window
/// panics, so the end-to-end tests can see the notice. Release builds do not contain it.
#[cfg(feature = "test-hooks")]
fn test_trigger() {
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let cb = Closure::<dyn Fn()>::new(|| panic!("test panic from the test-hooks build"));
    let _ =
        window.add_event_listener_with_callback("wirelab-test-panic", cb.as_ref().unchecked_ref());
    cb.forget();
}
