//! Messages in flight, drawn on a `<canvas>` laid over the SVG in the same world
//! transform (it follows pan and zoom). Each dot sits where the engine's send and arrival
//! times put it along its wire; no physics of our own. Above a cap per wire, or when the
//! reader prefers reduced motion, a wire shows a count instead of dots.

use leptos::html;
use leptos::prelude::*;

use crate::glossary::{self, Term};
use leptos_use_media_query::use_media_query;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use wirelab_editor::{Vec2, WirePath};
use wirelab_engine::{MessageView, MsgKind};
use wirelab_model::{NodeId, WireId};

use super::state::use_run;
use crate::editor::use_editor;

/// More dots than this on one wire become a count.
const WIRE_CAP: usize = 40;
/// Dot radius in world units, and the smallest it may look on screen.
const DOT_R: f64 = 6.0;
const MIN_SCREEN_R: f64 = 2.5;
/// More dots than this in a frame are drawn as squares.
const DENSE_DOTS: usize = 1500;

/// Colours and legend labels by what a message is. Retries and redeliveries carry
/// their attempt number.
pub const LEGEND: [(&str, &str); 7] = [
    ("#2f6fed", "request"),
    ("#17a34a", "ok response"),
    ("#e0312b", "error response"),
    ("#9b4dea", "event"),
    ("#f29d0b", "retry / redelivery (n)"),
    ("#6b4a2b", "nack (may dead-letter)"),
    ("#9aa3ad", "ack"),
];

/// Index into `LEGEND`.
fn colour(m: &MessageView) -> usize {
    match m.kind {
        _ if m.attempt > 1 && matches!(m.kind, MsgKind::Request | MsgKind::Delivery) => 4,
        MsgKind::Request => 0,
        MsgKind::Response => 1,
        MsgKind::Error => 2,
        MsgKind::Publish | MsgKind::Delivery => 3,
        MsgKind::Nack => 5,
        MsgKind::PublishAck | MsgKind::Ack => 6,
    }
}

/// Wire geometry for the current document by wire id number (ids are small and dense
/// enough; thousands of lookups per frame want an index, not a search): path and the
/// node it starts from.
type Paths = Vec<Option<(WirePath, NodeId)>>;

fn slot(w: WireId) -> usize {
    w.0 as usize
}

#[component]
pub fn Dots() -> impl IntoView {
    let rc = use_run();
    let ed = use_editor();
    let canvas = NodeRef::<html::Canvas>::new();
    let reduced = use_media_query("(prefers-reduced-motion: reduce)");
    let activity = StoredValue::new(Activity::default());
    let measured = StoredValue::new(Measured::default());
    let comparing = super::comparing();
    let paths = Memo::new(move |_| {
        ed.with_doc(|e| {
            let doc = e.doc();
            let mut paths: Paths =
                vec![None; doc.wires.iter().map(|w| slot(w.id) + 1).max().unwrap_or(0)];
            for (id, p) in e.layout().wire_paths() {
                if let Some(w) = doc.wire(id) {
                    paths[slot(id)] = Some((p, w.from));
                }
            }
            paths
        })
    });
    Effect::new(move |_| {
        let vp = ed.viewport();
        let reduced = reduced.get();
        let Some(el) = canvas.get() else { return };
        let (size, fail) = measured
            .try_update_value(|m| (m.get(&el), m.fail.clone()))
            .unwrap_or_default();
        paths.with(|paths| {
            rc.frame.with(|f| {
                let glow = f
                    .as_ref()
                    .map(|f| activity.try_update_value(|a| a.update(&f.snap, paths.len())));
                let msgs = f.as_ref().map(|f| (f.snap.now_us, &f.snap.messages[..]));
                let followed = rc.following.get().map(|f| f.id);
                let stripes = comparing();
                draw(&el, paths, msgs, (vp.pan, vp.zoom, size), reduced, followed);
                if let (Some(Some(glow)), Some(g)) = (glow, context(&el)) {
                    draw_glow(&g, paths, &glow, &fail, stripes);
                }
            })
        });
    });
    // Clicking a dot follows its customer, as clicking a stopwatch does. The dots' canvas
    // lets presses through to the editor, so a capture-phase listener on the canvas area
    // takes a press that lands on a dot before the editor sees it.
    type Press = Closure<dyn FnMut(web_sys::PointerEvent)>;
    let press = StoredValue::new_local(None::<(web_sys::Element, Press)>);
    canvas.on_load(move |el| {
        let Some(area) = el.parent_element() else {
            return;
        };
        let f = Press::new(move |e: web_sys::PointerEvent| {
            let Some(el) = canvas.get_untracked() else {
                return;
            };
            if reduced.get_untracked() {
                return;
            }
            let rect = el.get_bounding_client_rect();
            let vp = ed.viewport();
            let at = Vec2 {
                x: (e.client_x() as f64 - rect.left() - vp.pan.x) / vp.zoom,
                y: (e.client_y() as f64 - rect.top() - vp.pan.y) / vp.zoom,
            };
            let r = DOT_R.max(MIN_SCREEN_R / vp.zoom);
            let hit = paths.with_untracked(|paths| {
                rc.frame.with_untracked(|f| {
                    let f = f.as_ref()?;
                    dot_at(paths, f.snap.now_us, &f.snap.messages, at, r * 1.5)
                })
            });
            if let Some(journey) = hit {
                e.stop_propagation();
                e.prevent_default();
                rc.follow_journey(wirelab_engine::Pick::Id(journey));
            }
        });
        let _ = area.add_event_listener_with_callback_and_bool(
            "pointerdown",
            f.as_ref().unchecked_ref(),
            true,
        );
        press.set_value(Some((area, f)));
    });
    on_cleanup(move || {
        if let Some((area, f)) = press.try_update_value(Option::take).flatten() {
            let _ = area.remove_event_listener_with_callback_and_bool(
                "pointerdown",
                f.as_ref().unchecked_ref(),
                true,
            );
        }
    });
    view! { <canvas class="run-dots" node_ref=canvas aria-hidden="true" data-testid="run-dots"></canvas> }
}

/// Where message `m` is drawn at `now`: along its wire by its send and arrival times
/// (answers and acks travel back along the wire they answer).
fn position(paths: &Paths, now: u64, m: &MessageView) -> Option<Vec2> {
    let Some(Some((path, start))) = paths.get(slot(m.wire)) else {
        return None;
    };
    let span = m.arrives_at_us.saturating_sub(m.sent_at_us).max(1) as f64;
    let t = (now.saturating_sub(m.sent_at_us) as f64 / span).clamp(0.0, 1.0);
    let t = if m.from == *start { t } else { 1.0 - t };
    Some(path.point_at(t))
}

/// The customer whose dot is nearest `at` (world units), within `reach`, among the dots
/// drawn (wires over the cap show a count, not dots).
fn dot_at(paths: &Paths, now: u64, msgs: &[MessageView], at: Vec2, reach: f64) -> Option<u32> {
    let mut per_wire = vec![0usize; paths.len()];
    for m in msgs {
        if let Some(n) = per_wire.get_mut(slot(m.wire)) {
            *n += 1;
        }
    }
    msgs.iter()
        .filter(|m| per_wire.get(slot(m.wire)).is_some_and(|n| *n <= WIRE_CAP))
        .filter_map(|m| {
            let p = position(paths, now, m)?;
            let d = ((p.x - at.x).powi(2) + (p.y - at.y).powi(2)).sqrt();
            (d <= reach).then_some((d, m.journey))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, j)| j)
}

fn draw(
    el: &web_sys::HtmlCanvasElement,
    paths: &Paths,
    msgs: Option<(u64, &[MessageView])>,
    (pan, zoom, size): (Vec2, f64, Vec2),
    reduced: bool,
    followed: Option<u32>,
) {
    let dpr = window().device_pixel_ratio();
    let (pw, ph) = ((size.x * dpr) as u32, (size.y * dpr) as u32);
    if el.width() != pw || el.height() != ph {
        el.set_width(pw);
        el.set_height(ph);
        // Pinned to the measured size, so a stale measure never stretches the drawing.
        let _ = el.set_attribute("style", &format!("width:{}px;height:{}px", size.x, size.y));
    }
    let Some(g) = context(el) else { return };
    let _ = g.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    g.clear_rect(0.0, 0.0, pw as f64, ph as f64);
    let Some((now, msgs)) = msgs else { return };
    let _ = g.set_transform(dpr * zoom, 0.0, 0.0, dpr * zoom, dpr * pan.x, dpr * pan.y);

    let mut per_wire = vec![0usize; paths.len()];
    for m in msgs {
        if let Some(n) = per_wire.get_mut(slot(m.wire)) {
            *n += 1;
        }
    }
    let r = DOT_R.max(MIN_SCREEN_R / zoom);
    // One path per colour: thousands of dots cost a handful of fills.
    let mut by_colour: [Vec<Vec2>; LEGEND.len()] = Default::default();
    let mut doomed: Vec<(Vec2, usize)> = Vec::new();
    let mut numbered: Vec<(Vec2, u32)> = Vec::new();
    let mut mine: Vec<(Vec2, usize)> = Vec::new();
    for m in msgs {
        let is_mine = followed == Some(m.journey);
        if !is_mine && (reduced || per_wire.get(slot(m.wire)).is_none_or(|n| *n > WIRE_CAP)) {
            continue;
        }
        let Some(p) = position(paths, now, m) else {
            continue;
        };
        if is_mine {
            mine.push((p, colour(m)));
        } else if m.lost {
            // Doomed (cut wire, lost response): a hollow ring.
            doomed.push((p, colour(m)));
        } else {
            by_colour[colour(m)].push(p);
        }
        if m.attempt > 1 {
            numbered.push((p, m.attempt));
        }
    }
    // Past a few thousand dots, squares: a fraction of the cost of circles to raster.
    let dense = by_colour.iter().map(Vec::len).sum::<usize>() > DENSE_DOTS;
    for (c, points) in by_colour.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
        g.begin_path();
        for p in points {
            if dense {
                g.rect(p.x - r * 0.85, p.y - r * 0.85, r * 1.7, r * 1.7);
            } else {
                g.move_to(p.x + r, p.y);
                let _ = g.arc(p.x, p.y, r, 0.0, std::f64::consts::TAU);
            }
        }
        g.set_fill_style_str(LEGEND[c].0);
        g.fill();
    }
    g.set_line_width(r * 0.45);
    for (p, c) in &doomed {
        g.begin_path();
        let _ = g.arc(p.x, p.y, r, 0.0, std::f64::consts::TAU);
        g.set_stroke_style_str(LEGEND[*c].0);
        g.stroke();
    }
    // The followed customer's messages: above the crowd, twice the size, ringed.
    for (p, c) in &mine {
        g.begin_path();
        let _ = g.arc(p.x, p.y, r * 2.0, 0.0, std::f64::consts::TAU);
        g.set_fill_style_str(LEGEND[*c].0);
        g.fill();
        g.set_line_width(r * 0.6);
        g.set_stroke_style_str("#1b1f24");
        g.stroke();
    }
    g.set_font(&format!(
        "bold {}px system-ui, sans-serif",
        (r * 1.5).round()
    ));
    g.set_text_align("center");
    g.set_text_baseline("middle");
    g.set_fill_style_str("#1b1f24");
    for (p, n) in &numbered {
        let _ = g.fill_text(&n.to_string(), p.x, p.y - r * 1.9);
    }
    // Counts where dots would be a smear (or motion is unwelcome).
    for (i, n) in per_wire.into_iter().enumerate() {
        if n == 0 || !(reduced || n > WIRE_CAP) {
            continue;
        }
        let Some(Some((path, _))) = paths.get(i) else {
            continue;
        };
        let p = path.point_at(0.5);
        let text = format!("{n} in flight");
        let bw = r * (text.len() as f64 * 0.95 + 2.0);
        g.set_fill_style_str("rgba(27,31,36,0.85)");
        g.begin_path();
        g.rect(p.x - bw / 2.0, p.y - r * 1.6, bw, r * 3.2);
        g.fill();
        g.set_fill_style_str("#ffffff");
        let _ = g.fill_text(&text, p.x, p.y);
    }
}

/// The canvas's size in CSS pixels and the theme's failure colour, read at most twice a
/// second: reading them forces a layout and a style recalculation, which every frame
/// would pay for.
#[derive(Default)]
struct Measured {
    at_ms: f64,
    size: Vec2,
    fail: String,
}

impl Measured {
    fn get(&mut self, el: &web_sys::HtmlCanvasElement) -> Vec2 {
        let now = js_sys::Date::now();
        if now - self.at_ms > 500.0 {
            if let Some(p) = el.parent_element() {
                self.size = Vec2::new(f64::from(p.client_width()), f64::from(p.client_height()));
                self.at_ms = now;
            }
            // The canvas's CSS colour is the failure colour, resolved (a custom property
            // reads back unresolved, and a canvas cannot draw `light-dark(…)`).
            self.fail = window()
                .get_computed_style(el)
                .ok()
                .flatten()
                .and_then(|s| s.get_property_value("color").ok())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| LEGEND[2].0.into());
        }
        self.size
    }
}

fn context(el: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    el.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Recent traffic per wire, from the engine's counters (calls, retries and failures on
/// call wires; processed and dead-lettered copies on subscriptions). Messages on a 1 ms
/// network are in flight for a fraction of a frame; the glow shows where work went.
#[derive(Default)]
struct Activity {
    last: Vec<(u64, u64)>,
    /// (work, failures), decaying each frame.
    level: Vec<(f64, f64)>,
}

/// Per frame, the glow keeps this share of itself.
const GLOW_KEEP: f64 = 0.8;

impl Activity {
    fn update(&mut self, snap: &wirelab_engine::Snapshot, n: usize) -> Vec<(f64, f64)> {
        let mut now = vec![(0u64, 0u64); n];
        for w in &snap.wires {
            if let Some(c) = now.get_mut(slot(w.id)) {
                *c = (w.calls + w.retries, w.failures);
            }
        }
        for s in &snap.subscriptions {
            if let Some(c) = now.get_mut(slot(s.wire)) {
                *c = (s.processed, s.dead_lettered);
            }
        }
        // A new run (counters went back) or a new design starts from calm.
        if self.last.len() != n
            || now
                .iter()
                .zip(&self.last)
                .any(|(a, b)| a.0 < b.0 || a.1 < b.1)
        {
            self.last = now.clone();
            self.level = vec![(0.0, 0.0); n];
        }
        for ((l, a), b) in self.level.iter_mut().zip(&now).zip(&self.last) {
            l.0 = l.0 * GLOW_KEEP + (a.0 - b.0) as f64;
            l.1 = l.1 * GLOW_KEEP + (a.1 - b.1) as f64;
        }
        self.last = now;
        self.level.clone()
    }
}

/// Wires that carried work glow blue, under the dots. A wire whose work failed glows in
/// the failure colour instead, thicker and dashed: never both, since red over blue reads
/// as the events' purple, and the dash says "failing" without the colour.
fn draw_glow(
    g: &web_sys::CanvasRenderingContext2d,
    paths: &Paths,
    glow: &[(f64, f64)],
    fail: &str,
    stripes: bool,
) {
    let _ = g.set_global_composite_operation("destination-over");
    let solid = js_sys::Array::new();
    let dashed = js_sys::Array::of2(&16.0.into(), &10.0.into());
    for (i, &(work, failed)) in glow.iter().enumerate() {
        let Some(Some((p, _))) = paths.get(i) else {
            continue;
        };
        let (v, failing) = if failed >= 0.05 {
            (failed, true)
        } else if work >= 0.05 && !stripes {
            // In compare mode the wires carry outcome stripes, which a band of recent
            // work would cover; a failing wire still glows.
            (work, false)
        } else {
            continue;
        };
        let strength = (v / 2.0).min(1.0);
        let width = 6.0 + 6.0 * (v / 8.0).min(1.0);
        if failing {
            g.set_global_alpha(0.35 + 0.45 * strength);
            g.set_stroke_style_str(fail);
            g.set_line_width(width + 4.0);
            g.set_line_cap("butt");
            let _ = g.set_line_dash(&dashed);
        } else {
            g.set_global_alpha(0.6 * strength);
            g.set_stroke_style_str(LEGEND[0].0);
            g.set_line_width(width);
            g.set_line_cap("round");
            let _ = g.set_line_dash(&solid);
        }
        g.begin_path();
        g.move_to(p.from.x, p.from.y);
        g.bezier_curve_to(p.c1.x, p.c1.y, p.c2.x, p.c2.y, p.to.x, p.to.y);
        g.stroke();
    }
    g.set_global_alpha(1.0);
    let _ = g.set_line_dash(&solid);
    let _ = g.set_global_composite_operation("source-over");
}

/// The key to the dot colours.
#[component]
pub fn Legend() -> impl IntoView {
    view! {
        <ul class="run-legend" aria-label="Message colours" data-testid="run-legend">
            {LEGEND.iter().map(|(c, label)| view! {
                <li><span class="swatch" style=format!("background:{c}")></span>{*label}</li>
            }).collect_view()}
            <li><span class="swatch ring"></span>"doomed (cut / lost)"</li>
            <li><span class="swatch glow"></span>"wire glow: recent work"</li>
            <li data-testid="legend-failing"><span class="swatch glow failing"></span>"dashed red glow: failing"</li>
            <li><Term word="busy 3/8 · queue 5/64" means=glossary::BUSY_QUEUE/></li>
            <li><Term word="◷ on a wire" means=glossary::WAITS/></li>
            <li><Term word="⇄ on a wire" means=glossary::FLIP/></li>
        </ul>
    }
}
