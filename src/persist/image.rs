//! Pictures of the canvas. The SVG on screen is styled by the page's stylesheets, so a
//! copy is given the computed values of the properties that paint, inline, plus the
//! canvas background: it then looks the same opened on its own. The PNG is that SVG
//! drawn into a `<canvas>` at the screen's pixel ratio.

use crate::kit::files::{blob, download};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Properties that decide how SVG shapes and text look.
const PAINT: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "visibility",
    "display",
    "color",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "paint-order",
    "marker-start",
    "marker-end",
];

const SVG_NS: &str = "http://www.w3.org/2000/svg";

fn err(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "the browser refused".into())
}

/// The canvas's SVG as a standalone document framing the whole design, with its pixel size.
fn standalone_svg() -> Result<(String, f64, f64), String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let document = window.document().ok_or("there is no document")?;
    let area = document
        .query_selector("[data-testid=canvas]")
        .map_err(err)?
        .ok_or("the canvas is not on the page")?;
    let svg = area
        .query_selector("svg")
        .map_err(err)?
        .ok_or("the canvas has no drawing yet")?;
    let (x, y, w, h) = content_box(&svg)?;
    let copy: web_sys::Element = svg
        .clone_node_with_deep(true)
        .map_err(err)?
        .unchecked_into();

    let originals = svg.query_selector_all("*").map_err(err)?;
    let copies = copy.query_selector_all("*").map_err(err)?;
    for i in 0..originals.length().min(copies.length()) {
        let (Some(src), Some(dst)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        let (src, dst): (web_sys::Element, web_sys::Element) =
            (src.unchecked_into(), dst.unchecked_into());
        inline_paint(&window, &src, &dst)?;
    }
    inline_paint(&window, &svg, &copy)?;

    // The background belongs to the canvas area, not the SVG: put it in as a rectangle.
    let background = window
        .get_computed_style(&area)
        .map_err(err)?
        .map(|s| s.get_property_value("background-color").unwrap_or_default())
        .unwrap_or_default();
    let back = document
        .create_element_ns(Some(SVG_NS), "rect")
        .map_err(err)?;
    for (k, v) in [("x", x), ("y", y), ("width", w), ("height", h)] {
        back.set_attribute(k, &v.to_string()).map_err(err)?;
    }
    // The editing grid (a pattern-filled rectangle) is not part of the picture.
    let grids = copy.query_selector_all("rect[fill^='url(']").map_err(err)?;
    for i in 0..grids.length() {
        if let Some(g) = grids.item(i) {
            g.unchecked_into::<web_sys::Element>().remove();
        }
    }
    back.set_attribute(
        "fill",
        if background.is_empty() {
            "#ffffff"
        } else {
            &background
        },
    )
    .map_err(err)?;
    copy.insert_before(&back, copy.first_child().as_ref())
        .map_err(err)?;

    copy.set_attribute("xmlns", SVG_NS).map_err(err)?;
    copy.set_attribute("viewBox", &format!("{x} {y} {w} {h}"))
        .map_err(err)?;
    copy.set_attribute("width", &w.to_string()).map_err(err)?;
    copy.set_attribute("height", &h.to_string()).map_err(err)?;
    let text = web_sys::XmlSerializer::new()
        .map_err(err)?
        .serialize_to_string(&copy)
        .map_err(err)?;
    Ok((
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}"),
        w,
        h,
    ))
}

/// The whole design, wherever the view is scrolled: the union of the nodes' and wires'
/// boxes in the SVG's own pixels, plus a margin; the visible area when it is empty.
fn content_box(svg: &web_sys::Element) -> Result<(f64, f64, f64, f64), String> {
    const MARGIN: f64 = 32.0;
    let origin = svg.get_bounding_client_rect();
    let parts = svg
        .query_selector_all("[data-testid^='node-'], [data-testid^='wire-']")
        .map_err(err)?;
    let mut bounds: Option<(f64, f64, f64, f64)> = None;
    for i in 0..parts.length() {
        let Some(el) = parts.item(i) else { continue };
        let r = el
            .unchecked_into::<web_sys::Element>()
            .get_bounding_client_rect();
        let (x0, y0) = (r.left() - origin.left(), r.top() - origin.top());
        let (x1, y1) = (x0 + r.width(), y0 + r.height());
        bounds = Some(match bounds {
            None => (x0, y0, x1, y1),
            Some((a, b, c, d)) => (a.min(x0), b.min(y0), c.max(x1), d.max(y1)),
        });
    }
    Ok(match bounds {
        Some((x0, y0, x1, y1)) => (
            (x0 - MARGIN).floor(),
            (y0 - MARGIN).floor(),
            (x1 - x0 + 2.0 * MARGIN).ceil(),
            (y1 - y0 + 2.0 * MARGIN).ceil(),
        ),
        None => (
            0.0,
            0.0,
            origin.width().round().max(1.0),
            origin.height().round().max(1.0),
        ),
    })
}

fn inline_paint(
    window: &web_sys::Window,
    src: &web_sys::Element,
    dst: &web_sys::Element,
) -> Result<(), String> {
    let Some(style) = window.get_computed_style(src).map_err(err)? else {
        return Ok(());
    };
    let mut inline = dst.get_attribute("style").unwrap_or_default();
    for p in PAINT {
        let v = style.get_property_value(p).unwrap_or_default();
        if !v.is_empty() {
            inline.push_str(&format!(";{p}:{v}"));
        }
    }
    dst.set_attribute("style", inline.trim_start_matches(';'))
        .map_err(err)
}

pub fn export_svg(stem: &str) -> Result<(), String> {
    let (text, _, _) = standalone_svg()?;
    download(&blob(&[&text], "image/svg+xml")?, &format!("{stem}.svg"))
}

/// Draws the SVG into a canvas and downloads it as PNG; `done` gets the outcome later,
/// since the image loads and the PNG encodes asynchronously.
pub fn export_png(stem: &str, done: impl Fn(Result<(), String>) + 'static) -> Result<(), String> {
    let (text, w, h) = standalone_svg()?;
    let window = web_sys::window().ok_or("there is no window")?;
    let scale = window.device_pixel_ratio().clamp(1.0, 3.0);
    let url = web_sys::Url::create_object_url_with_blob(&blob(&[&text], "image/svg+xml")?)
        .map_err(err)?;
    let image = web_sys::HtmlImageElement::new().map_err(err)?;
    let name = format!("{stem}.png");
    let done = std::rc::Rc::new(done);

    let on_error = {
        let (done, url) = (done.clone(), url.clone());
        Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            done(Err("the picture could not be drawn".into()));
        })
    };
    let on_load = {
        let (image, url) = (image.clone(), url.clone());
        Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            if let Err(e) = draw(&image, w, h, scale, name, done.clone()) {
                done(Err(e));
            }
        })
    };
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_onerror(Some(on_error.unchecked_ref()));
    image.set_src(&url);
    Ok(())
}

fn draw(
    image: &web_sys::HtmlImageElement,
    w: f64,
    h: f64,
    scale: f64,
    name: String,
    done: std::rc::Rc<impl Fn(Result<(), String>) + 'static>,
) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("there is no document")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(err)?
        .unchecked_into();
    canvas.set_width((w * scale) as u32);
    canvas.set_height((h * scale) as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(err)?
        .ok_or("this browser cannot draw a canvas")?
        .unchecked_into();
    ctx.draw_image_with_html_image_element_and_dw_and_dh(image, 0.0, 0.0, w * scale, h * scale)
        .map_err(err)?;
    let on_blob = Closure::once_into_js(move |b: JsValue| {
        done(match b.dyn_into::<web_sys::Blob>() {
            Ok(b) => download(&b, &name),
            Err(_) => Err("the PNG could not be encoded".into()),
        })
    });
    canvas.to_blob(on_blob.unchecked_ref()).map_err(err)
}
