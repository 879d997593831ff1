//! Over 600 lines with its tests; the geometry itself is about 460.
//!
//! Pure 2-D geometry: screen↔world conversion, wire paths and hit tests.
//!
//! World coordinates are the scenario's layout units; screen coordinates are CSS pixels
//! relative to the canvas element. `screen = world * zoom + pan`.

use std::ops::{Add, Mul, Sub};

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec2 {
    pub x: f64,
    pub y: f64,
}

impl Vec2 {
    pub const ZERO: Vec2 = Vec2 { x: 0.0, y: 0.0 };

    pub const fn new(x: f64, y: f64) -> Self {
        Vec2 { x, y }
    }

    pub fn length(self) -> f64 {
        self.x.hypot(self.y)
    }

    pub fn distance(self, other: Vec2) -> f64 {
        (self - other).length()
    }

    fn dot(self, other: Vec2) -> f64 {
        self.x * other.x + self.y * other.y
    }

    fn lerp(self, other: Vec2, t: f64) -> Vec2 {
        self + (other - self) * t
    }
}

impl Add for Vec2 {
    type Output = Vec2;
    fn add(self, o: Vec2) -> Vec2 {
        Vec2::new(self.x + o.x, self.y + o.y)
    }
}

impl Sub for Vec2 {
    type Output = Vec2;
    fn sub(self, o: Vec2) -> Vec2 {
        Vec2::new(self.x - o.x, self.y - o.y)
    }
}

impl Mul<f64> for Vec2 {
    type Output = Vec2;
    fn mul(self, k: f64) -> Vec2 {
        Vec2::new(self.x * k, self.y * k)
    }
}

/// Axis-aligned rectangle; `w` and `h` are never negative.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub const fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }

    /// The rectangle spanned by two corners given in any order (a drag box).
    pub fn from_corners(a: Vec2, b: Vec2) -> Self {
        Rect::new(
            a.x.min(b.x),
            a.y.min(b.y),
            (a.x - b.x).abs(),
            (a.y - b.y).abs(),
        )
    }

    /// A rectangle of `size` centred on `c`.
    pub fn centered(c: Vec2, size: Vec2) -> Self {
        Rect::new(c.x - size.x / 2.0, c.y - size.y / 2.0, size.x, size.y)
    }

    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    pub fn center(&self) -> Vec2 {
        Vec2::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Edges count as inside, so a click on a node's border still hits it.
    pub fn contains(&self, p: Vec2) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }

    /// Overlap test used by box selection: touching a node with the box selects it,
    /// as in tldraw and Excalidraw, which is friendlier than full containment.
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x <= o.right() && o.x <= self.right() && self.y <= o.bottom() && o.y <= self.bottom()
    }

    pub fn union(&self, o: &Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect::new(
            x,
            y,
            self.right().max(o.right()) - x,
            self.bottom().max(o.bottom()) - y,
        )
    }

    pub fn inflate(&self, by: f64) -> Rect {
        Rect::new(
            self.x - by,
            self.y - by,
            self.w + 2.0 * by,
            self.h + 2.0 * by,
        )
    }

    /// The smallest rectangle holding all of `rects`, or `None` for none.
    pub fn bounds<'a>(rects: impl IntoIterator<Item = &'a Rect>) -> Option<Rect> {
        rects.into_iter().fold(None, |acc: Option<Rect>, r| {
            Some(acc.map_or(*r, |a| a.union(r)))
        })
    }
}

pub const MIN_ZOOM: f64 = 0.1;
pub const MAX_ZOOM: f64 = 4.0;

/// Pan and zoom of the canvas. Session state: never saved, never undone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Screen position of the world origin.
    pub pan: Vec2,
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            pan: Vec2::ZERO,
            zoom: 1.0,
        }
    }
}

impl Viewport {
    pub fn to_world(&self, screen: Vec2) -> Vec2 {
        (screen - self.pan) * (1.0 / self.zoom)
    }

    pub fn to_screen(&self, world: Vec2) -> Vec2 {
        world * self.zoom + self.pan
    }

    /// The world rectangle visible in a canvas of `screen_size`.
    pub fn visible_world(&self, screen_size: Vec2) -> Rect {
        let a = self.to_world(Vec2::ZERO);
        let b = self.to_world(screen_size);
        Rect::from_corners(a, b)
    }

    /// Moves the view by a screen-space delta.
    pub fn pan_by(&mut self, screen_delta: Vec2) {
        self.pan = self.pan + screen_delta;
    }

    /// Sets the zoom (clamped) keeping the world point under `screen` fixed, so zooming
    /// follows the pointer.
    pub fn zoom_to(&mut self, zoom: f64, screen: Vec2) {
        let anchor = self.to_world(screen);
        self.zoom = clamp_zoom(zoom);
        self.pan = screen - anchor * self.zoom;
    }

    /// Multiplies the zoom by `factor` around `screen`.
    pub fn zoom_by(&mut self, factor: f64, screen: Vec2) {
        self.zoom_to(self.zoom * factor, screen);
    }

    /// Two fingers moved from `from` to `to` (screen points): the zoom follows the change
    /// in their distance and the world point under their midpoint stays under it, so the
    /// design moves with the fingers like a photo.
    pub fn pinch(&mut self, from: [Vec2; 2], to: [Vec2; 2]) {
        let mid = |p: [Vec2; 2]| (p[0] + p[1]) * 0.5;
        let (d0, d1) = (from[0].distance(from[1]), to[0].distance(to[1]));
        let anchor = self.to_world(mid(from));
        if d0 > 1.0 && d1 > 1.0 {
            self.zoom = clamp_zoom(self.zoom * d1 / d0);
        }
        self.pan = mid(to) - anchor * self.zoom;
    }

    /// Zoom factor for a wheel delta (pixels, positive = scroll down = zoom out).
    /// Exponential so that equal scroll distances feel like equal zoom steps.
    pub fn wheel_factor(delta_y: f64) -> f64 {
        (-delta_y * 0.002).exp()
    }

    /// Frames `content` in a canvas of `screen_size` with `padding` screen pixels on
    /// every side, never zooming in past 1:1 (a single node should not fill the screen).
    pub fn fit(content: Rect, screen_size: Vec2, padding: f64) -> Viewport {
        let avail_w = (screen_size.x - 2.0 * padding).max(1.0);
        let avail_h = (screen_size.y - 2.0 * padding).max(1.0);
        let zx = if content.w > 0.0 {
            avail_w / content.w
        } else {
            1.0
        };
        let zy = if content.h > 0.0 {
            avail_h / content.h
        } else {
            1.0
        };
        let zoom = clamp_zoom(zx.min(zy).min(1.0));
        let pan = screen_size * 0.5 - content.center() * zoom;
        Viewport { pan, zoom }
    }

    /// The smallest pan (zoom unchanged) that shows `content` whole: keyboard focus on an
    /// element off screen brings it into view, `margin` screen pixels from the edge it
    /// came from. Content wholly visible stays put; content larger than the screen is
    /// centred.
    pub fn reveal(&self, content: Rect, screen_size: Vec2, margin: f64) -> Viewport {
        let a = self.to_screen(Vec2::new(content.x, content.y));
        let b = self.to_screen(Vec2::new(content.right(), content.bottom()));
        let shift = |lo: f64, hi: f64, size: f64| {
            if lo >= 0.0 && hi <= size {
                0.0
            } else if hi - lo > size - 2.0 * margin {
                size / 2.0 - (lo + hi) / 2.0
            } else if lo < 0.0 {
                margin - lo
            } else if hi > size {
                size - margin - hi
            } else {
                0.0
            }
        };
        let mut vp = *self;
        vp.pan_by(Vec2::new(
            shift(a.x, b.x, screen_size.x),
            shift(a.y, b.y, screen_size.y),
        ));
        vp
    }

    /// Fits all `rects`, or resets when there are none.
    pub fn fit_all<'a>(
        rects: impl IntoIterator<Item = &'a Rect>,
        screen_size: Vec2,
        padding: f64,
    ) -> Viewport {
        Rect::bounds(rects).map_or_else(Viewport::default, |b| {
            Viewport::fit(b, screen_size, padding)
        })
    }

    pub fn reset(&mut self) {
        *self = Viewport::default();
    }
}

fn clamp_zoom(z: f64) -> f64 {
    if z.is_finite() {
        z.clamp(MIN_ZOOM, MAX_ZOOM)
    } else {
        1.0
    }
}

/// Rounds a coordinate to the nearest multiple of `grid` (no snapping when `grid <= 0`).
pub fn snap(v: f64, grid: f64) -> f64 {
    if grid > 0.0 {
        (v / grid).round() * grid
    } else {
        v
    }
}

pub fn snap_point(p: Vec2, grid: f64) -> Vec2 {
    Vec2::new(snap(p.x, grid), snap(p.y, grid))
}

/// Where a wire leaves a node (the right-hand "out" handle).
pub fn out_port(r: &Rect) -> Vec2 {
    Vec2::new(r.right(), r.y + r.h / 2.0)
}

/// Where a wire enters a node (the left-hand "in" handle).
pub fn in_port(r: &Rect) -> Vec2 {
    Vec2::new(r.x, r.y + r.h / 2.0)
}

/// Screen-pixel radius within which a pointer grabs a handle or a wire; divided by the
/// zoom to get world units so the target feels the same size at every zoom.
pub const HANDLE_RADIUS_PX: f64 = 8.0;
pub const WIRE_HIT_PX: f64 = 6.0;

/// A cubic Bézier wire from an out handle to an in handle, xyflow style: horizontal
/// tangents at both ends, so wires read left to right even when the target is behind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WirePath {
    pub from: Vec2,
    pub c1: Vec2,
    pub c2: Vec2,
    pub to: Vec2,
}

/// Number of straight segments used to approximate a wire for hit tests.
const FLATTEN_STEPS: usize = 32;

impl WirePath {
    pub fn between(from: Vec2, to: Vec2) -> WirePath {
        // Tangent length grows with distance but keeps a minimum so back-wires loop
        // visibly around instead of folding onto themselves.
        let reach = ((to.x - from.x).abs() * 0.5).max(40.0);
        WirePath {
            from,
            c1: Vec2::new(from.x + reach, from.y),
            c2: Vec2::new(to.x - reach, to.y),
            to,
        }
    }

    /// A wire from a bottom handle down to a top edge: vertical tangents at both ends.
    pub fn downward(from: Vec2, to: Vec2) -> WirePath {
        let reach = ((to.y - from.y).abs() * 0.5).max(30.0);
        WirePath {
            from,
            c1: Vec2::new(from.x, from.y + reach),
            c2: Vec2::new(to.x, to.y - reach),
            to,
        }
    }

    pub fn point_at(&self, t: f64) -> Vec2 {
        // De Casteljau: numerically stable and obviously right.
        let ab = self.from.lerp(self.c1, t);
        let bc = self.c1.lerp(self.c2, t);
        let cd = self.c2.lerp(self.to, t);
        ab.lerp(bc, t).lerp(bc.lerp(cd, t), t)
    }

    /// Middle of the curve: where the kind toggle and the "waits" glyph sit.
    pub fn midpoint(&self) -> Vec2 {
        self.point_at(0.5)
    }

    /// Unit direction of travel at the end, for orienting the arrow head.
    pub fn end_direction(&self) -> Vec2 {
        let d = self.to - self.c2;
        let d = if d.length() > 1e-9 {
            d
        } else {
            self.to - self.from
        };
        let len = d.length();
        if len > 1e-9 {
            d * (1.0 / len)
        } else {
            Vec2::new(1.0, 0.0)
        }
    }

    /// SVG path data, rounded to 0.1 to keep the DOM small.
    pub fn svg_d(&self) -> String {
        let f = |v: f64| (v * 10.0).round() / 10.0;
        format!(
            "M{} {} C{} {} {} {} {} {}",
            f(self.from.x),
            f(self.from.y),
            f(self.c1.x),
            f(self.c1.y),
            f(self.c2.x),
            f(self.c2.y),
            f(self.to.x),
            f(self.to.y)
        )
    }

    /// Conservative bounding box (the control polygon's hull contains the curve).
    pub fn bounds(&self) -> Rect {
        let pts = [self.from, self.c1, self.c2, self.to];
        let (mut lo, mut hi) = (pts[0], pts[0]);
        for p in &pts[1..] {
            lo = Vec2::new(lo.x.min(p.x), lo.y.min(p.y));
            hi = Vec2::new(hi.x.max(p.x), hi.y.max(p.y));
        }
        Rect::from_corners(lo, hi)
    }

    /// Approximate shortest distance from `p` to the curve.
    pub fn distance_to(&self, p: Vec2) -> f64 {
        let mut best = f64::INFINITY;
        let mut prev = self.from;
        for i in 1..=FLATTEN_STEPS {
            let next = self.point_at(i as f64 / FLATTEN_STEPS as f64);
            best = best.min(distance_to_segment(p, prev, next));
            prev = next;
        }
        best
    }
}

pub fn distance_to_segment(p: Vec2, a: Vec2, b: Vec2) -> f64 {
    let ab = b - a;
    let len2 = ab.dot(ab);
    if len2 == 0.0 {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// The topmost item whose rectangle contains `p`. Items are in paint order (later ones
/// are drawn on top), so the last hit wins.
pub fn hit_topmost<I: Copy>(items: impl IntoIterator<Item = (I, Rect)>, p: Vec2) -> Option<I> {
    items
        .into_iter()
        .filter(|(_, r)| r.contains(p))
        .last()
        .map(|(id, _)| id)
}

/// The wire nearest to `p` within `tolerance` world units, if any.
pub fn hit_wire<I: Copy>(
    wires: impl IntoIterator<Item = (I, WirePath)>,
    p: Vec2,
    tolerance: f64,
) -> Option<I> {
    wires
        .into_iter()
        .filter(|(_, w)| w.bounds().inflate(tolerance).contains(p))
        .map(|(id, w)| (id, w.distance_to(p)))
        .filter(|(_, d)| *d <= tolerance)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id)
}

/// Every item whose rectangle intersects the selection box, in input order.
pub fn box_select<I: Copy>(items: impl IntoIterator<Item = (I, Rect)>, selection: &Rect) -> Vec<I> {
    items
        .into_iter()
        .filter(|(_, r)| r.intersects(selection))
        .map(|(id, _)| id)
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn pinch_zooms_with_the_fingers_and_keeps_the_point_between_them() {
        let mut vp = Viewport {
            pan: Vec2::new(30.0, -20.0),
            zoom: 1.5,
        };
        let (a, b) = (Vec2::new(100.0, 100.0), Vec2::new(200.0, 100.0));
        let under = vp.to_world(Vec2::new(150.0, 100.0));
        // Spread to twice the distance while the midpoint moves 40 px right.
        vp.pinch([a, b], [Vec2::new(90.0, 100.0), Vec2::new(290.0, 100.0)]);
        assert!((vp.zoom - 3.0).abs() < 1e-9);
        let now = vp.to_screen(under);
        assert!(
            (now.x - 190.0).abs() < 1e-9 && (now.y - 100.0).abs() < 1e-9,
            "{now:?}"
        );
        // Same distance: a pure two-finger pan.
        let before = vp;
        vp.pinch([a, b], [a + Vec2::new(0.0, 25.0), b + Vec2::new(0.0, 25.0)]);
        assert_eq!(vp.zoom, before.zoom);
        assert!(
            vp.pan.distance(before.pan + Vec2::new(0.0, 25.0)) < 1e-9,
            "{:?}",
            vp.pan
        );
        // Pinching far in or out stops at the zoom limits; fingers on one spot change nothing.
        vp.pinch([a, b], [Vec2::new(149.0, 100.0), Vec2::new(151.0, 100.0)]);
        assert_eq!(vp.zoom, MIN_ZOOM);
        let z = vp.zoom;
        vp.pinch([a, a], [a, b]);
        assert_eq!(vp.zoom, z);
    }

    #[test]
    fn reveal_pans_just_enough() {
        let screen = Vec2::new(800.0, 600.0);
        let vp = Viewport {
            pan: Vec2::new(0.0, 0.0),
            zoom: 2.0,
        };
        // Already visible: nothing moves.
        let inside = Rect::new(10.0, 10.0, 50.0, 20.0);
        assert_eq!(vp.reveal(inside, screen, 20.0), vp);
        // Off to the right: its right edge lands `margin` from the screen's edge.
        let right = Rect::new(500.0, 10.0, 50.0, 20.0);
        let moved = vp.reveal(right, screen, 20.0);
        assert_eq!(moved.to_screen(Vec2::new(550.0, 30.0)).x, 780.0);
        assert_eq!(moved.pan.y, 0.0);
        assert_eq!(moved.zoom, 2.0);
        // Above: its top lands `margin` below the top.
        let above = Rect::new(10.0, -100.0, 50.0, 20.0);
        assert_eq!(
            vp.reveal(above, screen, 20.0)
                .to_screen(Vec2::new(10.0, -100.0))
                .y,
            20.0
        );
        // Wider than the screen: centred.
        let wide = Rect::new(0.0, 0.0, 1000.0, 20.0);
        let c = vp.reveal(wide, screen, 20.0).to_screen(wide.center());
        assert_eq!(c.x, 400.0);
    }
    use super::*;

    fn close(a: Vec2, b: Vec2) -> bool {
        a.distance(b) < 1e-9
    }

    #[test]
    fn screen_world_round_trip() {
        let vp = Viewport {
            pan: Vec2::new(120.0, -30.0),
            zoom: 2.5,
        };
        let w = Vec2::new(13.0, 77.0);
        assert!(close(vp.to_world(vp.to_screen(w)), w));
        assert!(close(vp.to_screen(Vec2::ZERO), vp.pan));
    }

    #[test]
    fn zoom_keeps_point_under_cursor_and_clamps() {
        let mut vp = Viewport {
            pan: Vec2::new(10.0, 20.0),
            zoom: 1.0,
        };
        let cursor = Vec2::new(300.0, 200.0);
        let before = vp.to_world(cursor);
        vp.zoom_by(1.7, cursor);
        assert!((vp.zoom - 1.7).abs() < 1e-12);
        assert!(close(vp.to_world(cursor), before));
        vp.zoom_by(100.0, cursor);
        assert_eq!(vp.zoom, MAX_ZOOM);
        assert!(close(vp.to_world(cursor), before));
        vp.zoom_by(1e-6, cursor);
        assert_eq!(vp.zoom, MIN_ZOOM);
        vp.zoom_to(f64::NAN, cursor);
        assert_eq!(vp.zoom, 1.0);
    }

    #[test]
    fn wheel_factor_direction() {
        assert!(Viewport::wheel_factor(100.0) < 1.0);
        assert!(Viewport::wheel_factor(-100.0) > 1.0);
        assert_eq!(Viewport::wheel_factor(0.0), 1.0);
    }

    #[test]
    fn fit_centres_content_with_padding() {
        let content = Rect::new(1000.0, 1000.0, 2000.0, 1000.0);
        let screen = Vec2::new(1000.0, 800.0);
        let vp = Viewport::fit(content, screen, 50.0);
        assert!((vp.zoom - 0.45).abs() < 1e-12); // (1000 - 100) / 2000
        assert!(close(vp.to_screen(content.center()), screen * 0.5));
        let tl = vp.to_screen(Vec2::new(content.x, content.y));
        assert!((tl.x - 50.0).abs() < 1e-9);
        assert!(tl.y >= 50.0);
    }

    #[test]
    fn fit_never_magnifies_and_handles_empty() {
        let vp = Viewport::fit(
            Rect::new(0.0, 0.0, 10.0, 10.0),
            Vec2::new(800.0, 600.0),
            40.0,
        );
        assert_eq!(vp.zoom, 1.0);
        let vp = Viewport::fit_all([], Vec2::new(800.0, 600.0), 40.0);
        assert_eq!(vp, Viewport::default());
        let point = Rect::new(5.0, 5.0, 0.0, 0.0);
        assert_eq!(
            Viewport::fit(point, Vec2::new(800.0, 600.0), 40.0).zoom,
            1.0
        );
    }

    #[test]
    fn reset_and_visible_world() {
        let mut vp = Viewport {
            pan: Vec2::new(-100.0, -50.0),
            zoom: 2.0,
        };
        assert_eq!(
            vp.visible_world(Vec2::new(200.0, 100.0)),
            Rect::new(50.0, 25.0, 100.0, 50.0)
        );
        vp.pan_by(Vec2::new(100.0, 50.0));
        assert_eq!(vp.pan, Vec2::ZERO);
        vp.reset();
        assert_eq!(vp, Viewport::default());
    }

    #[test]
    fn rect_basics() {
        let r = Rect::from_corners(Vec2::new(10.0, 20.0), Vec2::new(0.0, 5.0));
        assert_eq!(r, Rect::new(0.0, 5.0, 10.0, 15.0));
        assert!(r.contains(Vec2::new(10.0, 20.0)));
        assert!(!r.contains(Vec2::new(10.1, 20.0)));
        assert!(r.intersects(&Rect::new(10.0, 0.0, 5.0, 5.0))); // touching corner
        assert!(!r.intersects(&Rect::new(10.5, 0.0, 5.0, 5.0)));
        let b = Rect::bounds(&[r, Rect::new(-5.0, 30.0, 1.0, 1.0)]).unwrap();
        assert_eq!(b, Rect::new(-5.0, 5.0, 15.0, 26.0));
        assert_eq!(
            Rect::centered(Vec2::new(0.0, 0.0), Vec2::new(4.0, 2.0)),
            Rect::new(-2.0, -1.0, 4.0, 2.0)
        );
    }

    #[test]
    fn snapping() {
        assert_eq!(snap(14.0, 10.0), 10.0);
        assert_eq!(snap(15.0, 10.0), 20.0);
        assert_eq!(snap(-14.0, 10.0), -10.0);
        assert_eq!(snap(7.3, 0.0), 7.3);
        assert_eq!(
            snap_point(Vec2::new(26.0, 33.0), 8.0),
            Vec2::new(24.0, 32.0)
        );
    }

    #[test]
    fn ports_sit_on_side_midpoints() {
        let r = Rect::new(0.0, 0.0, 100.0, 40.0);
        assert_eq!(out_port(&r), Vec2::new(100.0, 20.0));
        assert_eq!(in_port(&r), Vec2::new(0.0, 20.0));
    }

    #[test]
    fn wire_path_endpoints_svg_and_midpoint() {
        let w = WirePath::between(Vec2::new(0.0, 0.0), Vec2::new(200.0, 100.0));
        assert!(close(w.point_at(0.0), w.from));
        assert!(close(w.point_at(1.0), w.to));
        assert!(close(w.midpoint(), Vec2::new(100.0, 50.0))); // symmetric curve
        assert_eq!(w.svg_d(), "M0 0 C100 0 100 100 200 100");
        assert!(close(w.end_direction(), Vec2::new(1.0, 0.0)));
        let back = WirePath::between(Vec2::new(0.0, 0.0), Vec2::new(-10.0, 0.0));
        assert_eq!(back.c1, Vec2::new(40.0, 0.0));
    }

    #[test]
    fn wire_distance() {
        let w = WirePath::between(Vec2::new(0.0, 0.0), Vec2::new(300.0, 0.0));
        assert!(w.distance_to(Vec2::new(150.0, 0.0)) < 1e-6);
        assert!((w.distance_to(Vec2::new(150.0, 10.0)) - 10.0).abs() < 1e-6);
        assert!((w.distance_to(Vec2::new(-5.0, 0.0)) - 5.0).abs() < 1e-6);
        let curved = WirePath::between(Vec2::new(0.0, 0.0), Vec2::new(200.0, 100.0));
        assert!(curved.distance_to(curved.point_at(0.37)) < 0.5);
        assert!(curved.distance_to(Vec2::new(0.0, 100.0)) > 30.0);
    }

    #[test]
    fn segment_distance_degenerate() {
        let a = Vec2::new(1.0, 1.0);
        assert_eq!(distance_to_segment(Vec2::new(4.0, 5.0), a, a), 5.0);
    }

    #[test]
    fn topmost_node_wins() {
        let items = [
            (1, Rect::new(0.0, 0.0, 100.0, 100.0)),
            (2, Rect::new(50.0, 50.0, 100.0, 100.0)),
        ];
        assert_eq!(hit_topmost(items, Vec2::new(75.0, 75.0)), Some(2));
        assert_eq!(hit_topmost(items, Vec2::new(10.0, 10.0)), Some(1));
        assert_eq!(hit_topmost(items, Vec2::new(500.0, 10.0)), None);
    }

    #[test]
    fn nearest_wire_within_tolerance() {
        let a = WirePath::between(Vec2::new(0.0, 0.0), Vec2::new(300.0, 0.0));
        let b = WirePath::between(Vec2::new(0.0, 8.0), Vec2::new(300.0, 8.0));
        assert_eq!(
            hit_wire([(1, a), (2, b)], Vec2::new(150.0, 5.0), 6.0),
            Some(2)
        );
        assert_eq!(
            hit_wire([(1, a), (2, b)], Vec2::new(150.0, 3.0), 6.0),
            Some(1)
        );
        assert_eq!(
            hit_wire([(1, a), (2, b)], Vec2::new(150.0, 30.0), 6.0),
            None
        );
    }

    #[test]
    fn box_selection_by_overlap() {
        let items = [
            (1, Rect::new(0.0, 0.0, 10.0, 10.0)),
            (2, Rect::new(100.0, 100.0, 10.0, 10.0)),
            (3, Rect::new(8.0, 8.0, 10.0, 10.0)),
        ];
        let sel = Rect::from_corners(Vec2::new(20.0, 20.0), Vec2::new(5.0, 5.0));
        assert_eq!(box_select(items, &sel), vec![1, 3]);
    }
}
