//! How wide a text is drawn, measured by the browser itself (a 2D canvas kept for it),
//! for text that must fit a box at a size the zoom decides (presenter mode's names).

use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    static CONTEXT: RefCell<Option<web_sys::CanvasRenderingContext2d>> = const { RefCell::new(None) };
}

/// Width of `text` in CSS px in `font` (a CSS font shorthand, "700 20px sans-serif"), or
/// `None` where the browser cannot say.
pub fn text_px(text: &str, font: &str) -> Option<f64> {
    CONTEXT.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            let canvas: web_sys::HtmlCanvasElement = web_sys::window()?
                .document()?
                .create_element("canvas")
                .ok()?
                .dyn_into()
                .ok()?;
            *c = canvas.get_context("2d").ok()??.dyn_into().ok();
        }
        let ctx = c.as_ref()?;
        ctx.set_font(font);
        ctx.measure_text(text).ok().map(|m| m.width())
    })
}

/// `text`, or its longest start with an ellipsis, that is at most `room` px wide in `font`.
pub fn fit_px(text: &str, room: f64, font: &str) -> String {
    let fits = |s: &str| text_px(s, font).is_none_or(|w| w <= room);
    if fits(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // The longest prefix that fits, by halving.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let s: String = chars[..mid].iter().chain(['…'].iter()).collect();
        if fits(&s) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo.max(1)].iter().chain(['…'].iter()).collect()
}
