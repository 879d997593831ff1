//! A moment's link as a QR code a room can scan (Q, or the toolbar's QR button in
//! presenter mode): the run pauses, the code fills most of the screen's height, and under
//! it what the link opens. Drawn by the `qrcode` crate, in a part loaded later.

use leptos::prelude::*;

use super::{current_link, Shared};

/// Whether the QR code is shown; provided with the document actions.
#[derive(Clone, Copy)]
pub struct QrCtx {
    pub open: RwSignal<bool>,
}

pub fn provide_qr() -> QrCtx {
    let q = QrCtx {
        open: RwSignal::new(false),
    };
    provide_context(q);
    q
}

/// The toolbar's button, shown in presenter mode (style/stage.css).
#[component]
pub fn MomentQrButton() -> impl IntoView {
    let q = expect_context::<QrCtx>();
    view! {
        <button class="tool moment-qr-open" data-testid="moment-qr-open" aria-keyshortcuts="Q"
            title="This moment's link as a QR code the room can scan (Q)"
            on:click=move |_| q.open.update(|o| *o = !*o)>"QR"</button>
    }
}

/// The code, for the moment on screen when it was opened.
#[component]
pub fn MomentQr() -> impl IntoView {
    let q = expect_context::<QrCtx>();
    let rc = crate::run::use_run();
    rc.playing.set(false);
    let ed = crate::editor::use_editor();
    let url = current_link(ed, Shared::Moment);
    let at = rc.moment().map_or(0, |m| m.at_us);
    let name = ed.with_untracked(|e| e.doc().name.clone());
    let close = move || q.open.set(false);
    let esc = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" {
            e.prevent_default();
            close();
        }
    });
    on_cleanup(move || esc.remove());
    let code = match svg(&url) {
        Ok(svg) => {
            view! { <div class="qr-code" data-testid="moment-qr" inner_html=svg></div> }.into_any()
        }
        Err(e) => view! { <p class="qr-error" data-testid="moment-qr-error" role="alert">{e}</p> }
            .into_any(),
    };
    let host = url
        .split('#')
        .next()
        .unwrap_or_default()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    view! {
        <div class="qr-backdrop" on:click=move |_| close()>
            <section class="qr-dialog" role="dialog" aria-label="This moment as a QR code" data-testid="moment-qr-dialog"
                on:click=|e| e.stop_propagation()>
                {code}
                <p class="qr-what">{format!("Scan to open “{name}” at {:.1} s, paused: the same customers and everything done to the run live.", at as f64 / 1e6)}</p>
                <p class="qr-host" data-testid="moment-qr-host">{host}</p>
                <button class="tool" data-testid="moment-qr-close" on:click=move |_| close()>"Close (Esc)"</button>
            </section>
        </div>
    }
}

/// The QR code of `text` as SVG markup (low error correction: the most room for a link),
/// or why it cannot be one.
fn svg(text: &str) -> Result<String, String> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::L).map_err(|_| {
        format!(
            "This link is too long for a QR code ({} characters; a code holds about 2,900). Share it as a link instead (File → Share this moment).",
            text.len()
        )
    })?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .quiet_zone(true)
        .build();
    // The XML prolog means nothing inside HTML.
    Ok(svg
        .split_once("?>")
        .map_or(svg.clone(), |(_, s)| s.to_string()))
}
