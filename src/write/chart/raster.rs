//! Drawing a [`Scene`] into pixels and writing them as PNG: shapes are covered pixel by pixel
//! with smooth edges, text with the glyphs of the built-in font (`fontdue` rasterizes them),
//! and the image is compressed with the deflate that the zip files already use.

use std::io::Write;

use super::font;
use super::{Anchor, Scene, Shape};

/// A glyph drawn once: its metrics and coverage, by character and size.
type Glyphs = std::collections::HashMap<(char, u32), (fontdue::Metrics, Vec<u8>)>;

/// An RGB image, white to start with.
struct Canvas {
    w: usize,
    h: usize,
    px: Vec<u8>,
    glyphs: Glyphs,
}

impl Canvas {
    fn new(w: usize, h: usize) -> Canvas {
        Canvas {
            w,
            h,
            px: vec![255; w * h * 3],
            glyphs: Glyphs::new(),
        }
    }

    /// Paints `color` over pixel (x, y) with `coverage` from 0 to 1.
    fn blend(&mut self, x: i64, y: i64, color: u32, coverage: f32) {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h || coverage <= 0.0 {
            return;
        }
        let a = coverage.min(1.0);
        let i = (y as usize * self.w + x as usize) * 3;
        // Inside a shape (most of its pixels) the colour replaces what is there.
        if a >= 1.0 {
            self.px[i..i + 3].copy_from_slice(&[
                (color >> 16) as u8,
                (color >> 8) as u8,
                color as u8,
            ]);
            return;
        }
        for (k, shift) in [16, 8, 0].into_iter().enumerate() {
            let c = ((color >> shift) & 0xFF) as f32;
            let old = self.px[i + k] as f32;
            self.px[i + k] = (old + (c - old) * a).round() as u8;
        }
    }

    /// The pixels from `a` to `b` (any order, any size) that are on the canvas, of `n`.
    fn span(a: f32, b: f32, n: usize) -> std::ops::Range<i64> {
        let (lo, hi) = (a.min(b), a.max(b));
        let lo = if lo.is_finite() {
            lo.floor().max(0.0)
        } else {
            0.0
        };
        let hi = if hi.is_finite() {
            hi.ceil().min(n as f32)
        } else {
            n as f32
        };
        lo as i64..(hi as i64).max(lo as i64)
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: u32) {
        let (x1, y1) = (x + w, y + h);
        for py in Canvas::span(y, y1, self.h) {
            let cy = (y1.min(py as f32 + 1.0) - y.max(py as f32)).clamp(0.0, 1.0);
            for px in Canvas::span(x, x1, self.w) {
                let cx = (x1.min(px as f32 + 1.0) - x.max(px as f32)).clamp(0.0, 1.0);
                self.blend(px, py, color, cx * cy);
            }
        }
    }

    fn segment(&mut self, (ax, ay): (f32, f32), (bx, by): (f32, f32), width: f32, color: u32) {
        let half = width / 2.0;
        let (x0, x1) = (ax.min(bx) - half - 1.0, ax.max(bx) + half + 1.0);
        let (y0, y1) = (ay.min(by) - half - 1.0, ay.max(by) + half + 1.0);
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = (dx * dx + dy * dy).max(1e-6);
        for py in Canvas::span(y0, y1, self.h) {
            for px in Canvas::span(x0, x1, self.w) {
                let (cx, cy) = (px as f32 + 0.5, py as f32 + 0.5);
                let t = (((cx - ax) * dx + (cy - ay) * dy) / len2).clamp(0.0, 1.0);
                let (qx, qy) = (ax + t * dx - cx, ay + t * dy - cy);
                let d = (qx * qx + qy * qy).sqrt();
                self.blend(px, py, color, (half + 0.5 - d).clamp(0.0, 1.0));
            }
        }
    }

    fn circle(&mut self, x: f32, y: f32, r: f32, color: u32) {
        for py in Canvas::span(y - r - 1.0, y + r + 1.0, self.h) {
            for px in Canvas::span(x - r - 1.0, x + r + 1.0, self.w) {
                let d = ((px as f32 + 0.5 - x).powi(2) + (py as f32 + 0.5 - y).powi(2)).sqrt();
                self.blend(px, py, color, (r + 0.5 - d).clamp(0.0, 1.0));
            }
        }
    }

    /// A slice of a disc, sampled 4 × 4 times a pixel for smooth edges.
    fn wedge(&mut self, x: f32, y: f32, r: f32, start: f32, end: f32, color: u32) {
        let tau = std::f32::consts::TAU;
        for py in Canvas::span(y - r - 1.0, y + r + 1.0, self.h) {
            for px in Canvas::span(x - r - 1.0, x + r + 1.0, self.w) {
                let mut hits = 0;
                for sy in 0..4 {
                    for sx in 0..4 {
                        let (cx, cy) = (
                            px as f32 + (sx as f32 + 0.5) / 4.0 - x,
                            py as f32 + (sy as f32 + 0.5) / 4.0 - y,
                        );
                        if cx * cx + cy * cy > r * r {
                            continue;
                        }
                        // Clockwise from the top, as the scene measures angles.
                        let a = cx.atan2(-cy).rem_euclid(tau);
                        if a >= start && a < end || end - start >= tau - 1e-4 {
                            hits += 1;
                        }
                    }
                }
                self.blend(px, py, color, hits as f32 / 16.0);
            }
        }
    }

    /// Text on its baseline; a vertical text runs upwards from (x, y).
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f32,
        y: f32,
        text: &str,
        size: f32,
        anchor: Anchor,
        color: u32,
        vertical: bool,
    ) {
        let f = font::font();
        let width = font::width(text, size);
        let start = match anchor {
            Anchor::Start => 0.0,
            Anchor::Middle => -width / 2.0,
            Anchor::End => -width,
        };
        let mut pen = start;
        // The glyphs drawn so far, kept aside while this text is drawn with them.
        let mut glyphs = std::mem::take(&mut self.glyphs);
        for c in text.chars() {
            // Past the canvas nothing more of the text can show.
            if pen.abs() > (self.w + self.h) as f32 * 2.0 {
                break;
            }
            if !f.has_glyph(c) {
                // A box where the font has no glyph, as wide as the layout measured.
                let w = size * 0.7;
                let (bx, by, bw, bh) = (pen + size * 0.1, -size * 0.7, w - size * 0.2, size * 0.7);
                for (ex, ey, ew, eh) in [
                    (bx, by, bw, 1.0),
                    (bx, by + bh - 1.0, bw, 1.0),
                    (bx, by, 1.0, bh),
                    (bx + bw - 1.0, by, 1.0, bh),
                ] {
                    self.place(x, y, ex, ey, ew, eh, color, vertical);
                }
                pen += w;
                continue;
            }
            let (m, coverage) = glyphs
                .entry((c, size.to_bits()))
                .or_insert_with(|| f.rasterize(c, size));
            let m = *m;
            for gy in 0..m.height {
                for gx in 0..m.width {
                    let a = coverage[gy * m.width + gx] as f32 / 255.0;
                    if a == 0.0 {
                        continue;
                    }
                    // Glyph pixel (gx, gy) from the top of its box, relative to the baseline.
                    let dx = pen + m.xmin as f32 + gx as f32;
                    let dy = -(m.height as f32 + m.ymin as f32) + gy as f32;
                    let (px, py) = if vertical {
                        (x + dy, y - dx)
                    } else {
                        (x + dx, y + dy)
                    };
                    self.blend(px.round() as i64, py.round() as i64, color, a);
                }
            }
            pen += m.advance_width;
        }
        self.glyphs = glyphs;
    }

    /// A rectangle given relative to a text's origin, turned with the text.
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        x: f32,
        y: f32,
        dx: f32,
        dy: f32,
        w: f32,
        h: f32,
        color: u32,
        vertical: bool,
    ) {
        if vertical {
            self.rect(x + dy, y - dx - w, h, w, color);
        } else {
            self.rect(x + dx, y + dy, w, h, color);
        }
    }
}

/// The scene drawn at `scale`, as a PNG file.
pub fn png(scene: &Scene, scale: f32) -> Vec<u8> {
    let mut c = Canvas::new(
        (scene.width * scale).ceil() as usize,
        (scene.height * scale).ceil() as usize,
    );
    let s = |v: f32| v * scale;
    for shape in &scene.shapes {
        match shape {
            Shape::Rect { x, y, w, h, fill } => c.rect(s(*x), s(*y), s(*w), s(*h), *fill),
            Shape::Line {
                points,
                width,
                color,
            } => {
                for pair in points.windows(2) {
                    c.segment(
                        (s(pair[0].0), s(pair[0].1)),
                        (s(pair[1].0), s(pair[1].1)),
                        s(*width),
                        *color,
                    );
                }
            }
            Shape::Circle { x, y, r, fill } => c.circle(s(*x), s(*y), s(*r), *fill),
            Shape::Wedge {
                x,
                y,
                r,
                start,
                end,
                fill,
            } => c.wedge(s(*x), s(*y), s(*r), *start, *end, *fill),
            Shape::Text {
                x,
                y,
                text,
                size,
                anchor,
                color,
                vertical,
            } => c.text(s(*x), s(*y), text, s(*size), *anchor, *color, *vertical),
        }
    }
    encode(&c)
}

/// The canvas as a PNG file: 8-bit RGB, rows unfiltered, deflated.
fn encode(c: &Canvas) -> Vec<u8> {
    let mut raw = Vec::with_capacity((c.w * 3 + 1) * c.h);
    for row in c.px.chunks(c.w * 3) {
        raw.push(0);
        raw.extend_from_slice(row);
    }
    // Level 3, as the workbook: a chart's flat colours compress well at once.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(3));
    z.write_all(&raw).expect("writing to memory");
    let data = z.finish().expect("writing to memory");
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(c.w as u32).to_be_bytes());
    ihdr.extend_from_slice(&(c.h as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    for (kind, body) in [
        (b"IHDR", ihdr.as_slice()),
        (b"IDAT", data.as_slice()),
        (b"IEND", &[][..]),
    ] {
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(body);
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_has_its_signature_size_and_the_shapes_drawn() {
        let scene = Scene {
            width: 20.0,
            height: 10.0,
            shapes: vec![Shape::Rect {
                x: 0.0,
                y: 0.0,
                w: 10.0,
                h: 10.0,
                fill: 0x4472C4,
            }],
        };
        let png = png(&scene, 2.0);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 40);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 20);
        let mut c = Canvas::new(4, 1);
        c.rect(0.0, 0.0, 2.0, 1.0, 0x000000);
        assert_eq!(&c.px[..6], &[0, 0, 0, 0, 0, 0]);
        assert_eq!(&c.px[6..], &[255; 6]);
    }
}
