//! A report's chart as a picture, for the documents: laid out once as a [`Scene`] of shapes
//! and text, which is written as SVG (report.html) and drawn as PNG (report.docx, where Word
//! and LibreOffice need a picture) by a small rasterizer of our own (`raster`), with the font
//! built into the program (`font`). The chart's title is not in the picture: the documents set
//! it as a caption, where it can be read, searched and copied.
//!
//! Every chart also has a text alternative ([`describe`]): what it shows, in a sentence, for a
//! screen reader and for the picture's description in Word.

pub mod font;
mod raster;

use std::fmt::Write;

use crate::model::report::{Chart, ChartKind, NumberFormat};
use crate::text::grammar;

/// The picture's size in pixels (at 96 to the inch: 16.9 × 8.5 cm).
pub const WIDTH: f32 = 640.0;
pub const HEIGHT: f32 = 320.0;

/// Office's series colours, in order.
const PALETTE: [u32; 8] = [
    0x4472C4, 0xED7D31, 0xA5A5A5, 0xFFC000, 0x5B9BD5, 0x70AD47, 0x264478, 0x9E480E,
];
const INK: u32 = 0x222222;
const GREY: u32 = 0x595959;
const GRID: u32 = 0xD9D9D9;
const TEXT: f32 = 11.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// What a chart is drawn with.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: u32,
    },
    /// A polyline of `width` pixels.
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        color: u32,
    },
    Circle {
        x: f32,
        y: f32,
        r: f32,
        fill: u32,
    },
    /// A slice of a pie, from angle `start` to `end` (radians, clockwise from the top).
    Wedge {
        x: f32,
        y: f32,
        r: f32,
        start: f32,
        end: f32,
        fill: u32,
    },
    /// Text on its baseline at (x, y); `vertical` runs it upwards.
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        anchor: Anchor,
        color: u32,
        vertical: bool,
    },
}

/// A chart laid out: its shapes in drawing order, on a white `width` × `height` canvas.
#[derive(Clone, Debug)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
}

fn text(x: f32, y: f32, s: &str, anchor: Anchor, color: u32) -> Shape {
    Shape::Text {
        x,
        y,
        text: s.to_string(),
        size: TEXT,
        anchor,
        color,
        vertical: false,
    }
}

/// Steps of a value axis from 0 (or the lowest value) to the highest: 1, 2 or 5 times a power
/// of ten, four to eight of them.
fn ticks(low: f64, high: f64) -> Vec<f64> {
    // Values beyond what a chart can scale are drawn against the largest axis it can.
    let low = low.clamp(-1e300, 0.0);
    let high = high.clamp(-1e300, 1e300);
    let high = if high <= low { low + 1.0 } else { high };
    let span = high - low;
    let raw = span / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| span / s <= 7.0)
        .unwrap_or(10.0 * power);
    let step = if step < 1.0 && high.fract() == 0.0 && low.fract() == 0.0 {
        1.0
    } else {
        step
    };
    let first = (low / step).floor() * step;
    let mut out = Vec::new();
    let mut v = first;
    while v < high + step * 0.999 {
        out.push(v);
        v += step;
        if out.len() > 20 {
            break;
        }
    }
    out
}

/// A value that can be drawn: known and finite (a value that is not is a gap).
fn known(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// The chart's values as text, as its data labels show them.
fn label(format: NumberFormat, v: f64) -> String {
    format.text(v)
}

/// The chart laid out, or `None` when it has nothing to draw (no categories).
pub fn layout(chart: &Chart) -> Option<Scene> {
    if chart.categories.is_empty() || chart.series.is_empty() {
        return None;
    }
    Some(match chart.kind {
        ChartKind::Pie => pie(chart),
        _ => axes(chart),
    })
}

/// The legend along the bottom: a swatch and a name for each entry; returns its shapes and
/// the height it takes.
fn legend(entries: &[(String, u32)], width: f32, bottom: f32) -> (Vec<Shape>, f32) {
    let mut rows: Vec<Vec<(String, u32, f32)>> = vec![Vec::new()];
    let mut used = 0.0;
    for (name, color) in entries {
        let name = font::fit(name, TEXT, width * 0.45);
        let w = 16.0 + font::width(&name, TEXT) + 18.0;
        if used + w > width - 20.0 && !rows.last().unwrap().is_empty() {
            rows.push(Vec::new());
            used = 0.0;
        }
        used += w;
        rows.last_mut().unwrap().push((name, *color, w));
    }
    let line = 18.0;
    let height = rows.len() as f32 * line + 4.0;
    let mut shapes = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let total: f32 = row.iter().map(|r| r.2).sum();
        let mut x = (width - total) / 2.0;
        let y = bottom - height + 4.0 + i as f32 * line;
        for (name, color, w) in row {
            shapes.push(Shape::Rect {
                x,
                y: y + 3.0,
                w: 10.0,
                h: 10.0,
                fill: *color,
            });
            shapes.push(text(x + 14.0, y + 12.0, name, Anchor::Start, INK));
            x += w;
        }
    }
    (shapes, height)
}

/// A column, bar or line chart: a value axis with its grid, the categories along the other
/// axis, a data label on each value, axis titles, and a legend for more than one series.
fn axes(chart: &Chart) -> Scene {
    let bar = chart.kind == ChartKind::Bar;
    let format = chart.number_format();
    let n = chart.categories.len();
    let height = if bar {
        (60.0 + n as f32 * chart.series.len().max(1) as f32 * 16.0 + n as f32 * 8.0)
            .clamp(HEIGHT * 0.7, 900.0)
    } else {
        HEIGHT
    };
    let mut shapes = Vec::new();
    let values: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().filter_map(|v| known(*v)))
        .collect();
    let low = values.iter().copied().fold(0.0, f64::min);
    let high = values.iter().copied().fold(0.0, f64::max);
    let ticks = ticks(low, high);
    let (min, max) = (ticks[0], *ticks.last().unwrap());
    let tick_labels: Vec<String> = ticks.iter().map(|t| label(format, *t)).collect();
    let tick_width = tick_labels
        .iter()
        .map(|t| font::width(t, TEXT))
        .fold(0.0, f32::max);

    let mut bottom = height - 6.0;
    if chart.series.len() > 1 {
        let entries: Vec<(String, u32)> = chart
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), PALETTE[i % PALETTE.len()]))
            .collect();
        let (l, h) = legend(&entries, WIDTH, bottom);
        shapes.extend(l);
        bottom -= h;
    }
    // Axis titles: the categories' below (or, in a bar chart, beside), the values' beside
    // (or below).
    let (cat_title, val_title) = (
        chart.x_title.as_deref(),
        chart
            .y_title
            .as_deref()
            .or((chart.series.len() == 1).then(|| chart.series[0].name.as_str())),
    );
    let (below, beside) = if bar {
        (val_title, cat_title)
    } else {
        (cat_title, val_title)
    };
    if let Some(t) = below {
        shapes.push(Shape::Text {
            x: WIDTH / 2.0,
            y: bottom - 2.0,
            text: font::fit(t, TEXT, WIDTH - 40.0),
            size: TEXT,
            anchor: Anchor::Middle,
            color: GREY,
            vertical: false,
        });
        bottom -= 18.0;
    }
    let mut left = 8.0;
    if let Some(t) = beside {
        left += 16.0;
        shapes.push(Shape::Text {
            x: 16.0,
            y: 8.0 + (bottom - 8.0) / 2.0,
            text: font::fit(t, TEXT, bottom - 16.0),
            size: TEXT,
            anchor: Anchor::Middle,
            color: GREY,
            vertical: true,
        });
    }
    let top = 16.0;
    let right = WIDTH - 16.0;

    if bar {
        // Categories down the left side, values along the bottom.
        let cat_width = chart
            .categories
            .iter()
            .map(|c| font::width(&font::fit(c, TEXT, WIDTH * 0.3), TEXT))
            .fold(0.0, f32::max);
        let plot_left = left + cat_width + 8.0;
        let plot_bottom = bottom - 18.0;
        let scale =
            |v: f64| plot_left + ((v - min) / (max - min)) as f32 * (right - 40.0 - plot_left);
        for (t, l) in ticks.iter().zip(&tick_labels) {
            let x = scale(*t);
            shapes.push(Shape::Line {
                points: vec![(x, top), (x, plot_bottom)],
                width: 1.0,
                color: GRID,
            });
            shapes.push(text(x, plot_bottom + 14.0, l, Anchor::Middle, GREY));
        }
        let band = (plot_bottom - top) / n as f32;
        let k = chart.series.len() as f32;
        let bar_h = (band * 0.7 / k).min(28.0);
        for (i, cat) in chart.categories.iter().enumerate() {
            let y0 = top + band * i as f32;
            shapes.push(text(
                plot_left - 6.0,
                y0 + band / 2.0 + 4.0,
                &font::fit(cat, TEXT, WIDTH * 0.3),
                Anchor::End,
                INK,
            ));
            for (j, s) in chart.series.iter().enumerate() {
                let Some(v) = known(s.values.get(i).copied().flatten()) else {
                    continue;
                };
                let y = y0 + (band - bar_h * k) / 2.0 + bar_h * j as f32;
                let (a, b) = (scale(0f64.max(min)), scale(v));
                shapes.push(Shape::Rect {
                    x: a.min(b),
                    y,
                    w: (b - a).abs().max(1.0),
                    h: bar_h,
                    fill: PALETTE[j % PALETTE.len()],
                });
                shapes.push(text(
                    a.max(b) + 4.0,
                    y + bar_h / 2.0 + 4.0,
                    &label(format, v),
                    Anchor::Start,
                    INK,
                ));
            }
        }
        shapes.push(Shape::Line {
            points: vec![(plot_left, top), (plot_left, plot_bottom)],
            width: 1.0,
            color: GREY,
        });
        return Scene {
            width: WIDTH,
            height,
            shapes,
        };
    }

    // Column and line charts: categories along the bottom, values up the left side.
    let plot_left = left + tick_width + 8.0;
    let band = (right - plot_left) / n as f32;
    // Category labels on up to two lines; when they would crowd, every second (third, ...).
    let every = {
        let widest = chart
            .categories
            .iter()
            .map(|c| font::width(c, TEXT))
            .fold(0.0, f32::max);
        ((widest / 2.0 + 8.0) / band).ceil().max(1.0) as usize
    };
    let cat_lines: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| font::wrap(c, TEXT, (band * every as f32 - 4.0).max(30.0), 2))
        .collect();
    let label_lines = cat_lines.iter().map(Vec::len).max().unwrap_or(1) as f32;
    let plot_bottom = bottom - 4.0 - label_lines * 13.0;
    let scale = |v: f64| plot_bottom - ((v - min) / (max - min)) as f32 * (plot_bottom - top);
    for (t, l) in ticks.iter().zip(&tick_labels) {
        let y = scale(*t);
        shapes.push(Shape::Line {
            points: vec![(plot_left, y), (right, y)],
            width: 1.0,
            color: GRID,
        });
        shapes.push(text(plot_left - 6.0, y + 4.0, l, Anchor::End, GREY));
    }
    for (i, lines) in cat_lines.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let x = plot_left + band * (i as f32 + 0.5);
        for (k, line) in lines.iter().enumerate() {
            shapes.push(text(
                x,
                plot_bottom + 14.0 + 13.0 * k as f32,
                line,
                Anchor::Middle,
                INK,
            ));
        }
    }
    let labels_fit = |w: f32| n <= 40 && w >= 4.0;
    if chart.kind == ChartKind::Column {
        let k = chart.series.len() as f32;
        let bar_w = (band * 0.7 / k).min(60.0);
        for (j, s) in chart.series.iter().enumerate() {
            for (i, v) in s.values.iter().enumerate() {
                let Some(v) = known(*v) else { continue };
                let x = plot_left + band * i as f32 + (band - bar_w * k) / 2.0 + bar_w * j as f32;
                let (a, b) = (scale(0f64.max(min)), scale(v));
                shapes.push(Shape::Rect {
                    x,
                    y: a.min(b),
                    w: bar_w,
                    h: (b - a).abs().max(1.0),
                    fill: PALETTE[j % PALETTE.len()],
                });
                let l = label(format, v);
                if labels_fit(bar_w) && font::width(&l, TEXT) <= bar_w + band * 0.3 {
                    shapes.push(text(
                        x + bar_w / 2.0,
                        a.min(b) - 4.0,
                        &l,
                        Anchor::Middle,
                        INK,
                    ));
                }
            }
        }
    } else {
        for (j, s) in chart.series.iter().enumerate() {
            let color = PALETTE[j % PALETTE.len()];
            // A value not known breaks the line.
            let mut run: Vec<(f32, f32)> = Vec::new();
            let mut runs = Vec::new();
            for (i, v) in s.values.iter().enumerate() {
                match known(*v) {
                    Some(v) => run.push((plot_left + band * (i as f32 + 0.5), scale(v))),
                    None => runs.push(std::mem::take(&mut run)),
                }
            }
            runs.push(run);
            for run in runs.into_iter().filter(|r| r.len() > 1) {
                shapes.push(Shape::Line {
                    points: run,
                    width: 2.0,
                    color,
                });
            }
            for (i, v) in s.values.iter().enumerate() {
                let Some(v) = known(*v) else { continue };
                let (x, y) = (plot_left + band * (i as f32 + 0.5), scale(v));
                shapes.push(Shape::Circle {
                    x,
                    y,
                    r: 3.0,
                    fill: color,
                });
                if labels_fit(band) && font::width(&label(format, v), TEXT) <= band {
                    shapes.push(text(x, y - 7.0, &label(format, v), Anchor::Middle, INK));
                }
            }
        }
    }
    shapes.push(Shape::Line {
        points: vec![
            (plot_left, scale(0f64.max(min))),
            (right, scale(0f64.max(min))),
        ],
        width: 1.0,
        color: GREY,
    });
    Scene {
        width: WIDTH,
        height,
        shapes,
    }
}

/// A pie of the first series: a slice per category, each with its value and share, and the
/// legend naming the categories.
fn pie(chart: &Chart) -> Scene {
    let format = chart.number_format();
    let values: Vec<f64> = chart.series[0]
        .values
        .iter()
        .map(|v| known(*v).unwrap_or(0.0).max(0.0))
        .collect();
    let total: f64 = values.iter().sum();
    let entries: Vec<(String, u32)> = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), PALETTE[i % PALETTE.len()]))
        .collect();
    let mut shapes = Vec::new();
    let (l, h) = legend(&entries, WIDTH, HEIGHT - 6.0);
    let r = ((HEIGHT - h - 40.0) / 2.0).max(40.0);
    let (cx, cy) = (WIDTH / 2.0, 16.0 + r);
    let mut angle = 0.0f32;
    for (i, v) in values.iter().enumerate() {
        if total <= 0.0 || *v <= 0.0 {
            continue;
        }
        let sweep = (*v / total) as f32 * std::f32::consts::TAU;
        shapes.push(Shape::Wedge {
            x: cx,
            y: cy,
            r,
            start: angle,
            end: angle + sweep,
            fill: PALETTE[i % PALETTE.len()],
        });
        let mid = angle + sweep / 2.0;
        let (lx, ly) = (cx + (r + 16.0) * mid.sin(), cy - (r + 16.0) * mid.cos());
        let anchor = if mid.sin() > 0.2 {
            Anchor::Start
        } else if mid.sin() < -0.2 {
            Anchor::End
        } else {
            Anchor::Middle
        };
        let share = NumberFormat::Percent.text(*v / total);
        shapes.push(text(
            lx,
            ly + 4.0,
            &format!("{} ({share})", label(format, *v)),
            anchor,
            INK,
        ));
        angle += sweep;
    }
    shapes.extend(l);
    Scene {
        width: WIDTH,
        height: HEIGHT,
        shapes,
    }
}

/// What the chart shows, in sentences: its kind, then each series with its value for each
/// category ("Contributions: bilateral 12, United Nations 5.").
pub fn describe(chart: &Chart) -> String {
    let kind = match chart.kind {
        ChartKind::Column => "Column chart",
        ChartKind::Bar => "Bar chart",
        ChartKind::Line => "Line chart",
        ChartKind::Pie => "Pie chart",
    };
    let mut out = String::from(kind);
    if !chart.title.is_empty() {
        let _ = write!(out, ": {}", chart.title);
    }
    out.push('.');
    if chart.categories.is_empty() {
        out.push_str(" It has no data yet.");
        return out;
    }
    let format = chart.number_format();
    for s in &chart.series {
        let parts: Vec<String> = chart
            .categories
            .iter()
            .zip(&s.values)
            .map(|(c, v)| match v {
                Some(v) => format!("{c} {}", label(format, *v)),
                None => format!("{c} not known"),
            })
            .collect();
        let name = if s.name.is_empty() { "Values" } else { &s.name };
        let _ = write!(out, " {name}: {}.", grammar::list(&parts, "and"));
    }
    if let Some(note) = &chart.note {
        let _ = write!(out, " {note}");
    }
    out
}

impl Scene {
    /// The scene as an SVG element, `title` and `description` its accessible name and text.
    pub fn svg(&self, title: &str, description: &str) -> String {
        let esc = crate::write::html::escape;
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\" font-family=\"{FAMILY}\" font-size=\"{TEXT}\">\n<title>{t}</title>\n<desc>{d}</desc>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
            w = self.width,
            h = self.height,
            t = esc(title),
            d = esc(description),
            FAMILY = font::FAMILY,
        );
        for s in &self.shapes {
            match s {
                Shape::Rect { x, y, w, h, fill } => {
                    let _ = writeln!(out, "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#{fill:06x}\"/>");
                }
                Shape::Line {
                    points,
                    width,
                    color,
                } => {
                    let pts: Vec<String> = points
                        .iter()
                        .map(|(x, y)| format!("{x:.1},{y:.1}"))
                        .collect();
                    let _ = writeln!(out, "<polyline points=\"{}\" fill=\"none\" stroke=\"#{color:06x}\" stroke-width=\"{width}\"/>", pts.join(" "));
                }
                Shape::Circle { x, y, r, fill } => {
                    let _ = writeln!(
                        out,
                        "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" fill=\"#{fill:06x}\"/>"
                    );
                }
                Shape::Wedge {
                    x,
                    y,
                    r,
                    start,
                    end,
                    fill,
                } => {
                    let p = |a: f32| (x + r * a.sin(), y - r * a.cos());
                    let (x0, y0) = p(*start);
                    let (x1, y1) = p(*end);
                    let large = i32::from(end - start > std::f32::consts::PI);
                    if end - start >= std::f32::consts::TAU - 1e-4 {
                        let _ = writeln!(out, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"#{fill:06x}\"/>");
                    } else {
                        let _ = writeln!(out, "<path d=\"M{x:.1},{y:.1} L{x0:.1},{y0:.1} A{r:.1},{r:.1} 0 {large} 1 {x1:.1},{y1:.1} Z\" fill=\"#{fill:06x}\" stroke=\"#ffffff\"/>");
                    }
                }
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    anchor,
                    color,
                    vertical,
                } => {
                    let anchor = match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                        Anchor::End => "end",
                    };
                    let rotate = if *vertical {
                        format!(" transform=\"rotate(-90 {x:.1} {y:.1})\"")
                    } else {
                        String::new()
                    };
                    let _ = writeln!(out, "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"#{color:06x}\"{rotate}>{}</text>", esc(text));
                }
            }
        }
        out.push_str("</svg>");
        out
    }

    /// The scene drawn at `scale` (2 for print) as a PNG file.
    pub fn png(&self, scale: f32) -> Vec<u8> {
        raster::png(self, scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::report::Series;

    fn chart(kind: ChartKind) -> Chart {
        Chart {
            title: "Contributions by channel".into(),
            kind,
            categories: vec![
                "bilateral".into(),
                "United Nations".into(),
                "trust fund".into(),
            ],
            series: vec![Series {
                name: "Contributions".into(),
                values: vec![Some(12.0), None, Some(3.0)],
            }],
            ..Default::default()
        }
    }

    #[test]
    fn ticks_are_round_numbers_from_zero() {
        assert_eq!(
            ticks(0.0, 66.0),
            [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
        );
        assert_eq!(ticks(0.0, 3.0), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(0.0, 14_212_000.0).last(), Some(&15_000_000.0));
    }

    #[test]
    fn every_kind_is_laid_out_with_its_labels_and_a_gap_for_a_missing_value() {
        for kind in [
            ChartKind::Column,
            ChartKind::Bar,
            ChartKind::Line,
            ChartKind::Pie,
        ] {
            let scene = layout(&chart(kind)).unwrap();
            let texts: Vec<&str> = scene
                .shapes
                .iter()
                .filter_map(|s| match s {
                    Shape::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            assert!(
                texts.iter().any(|t| t.starts_with("12")),
                "{kind:?}: {texts:?}"
            );
            if kind != ChartKind::Pie {
                assert!(texts.contains(&"Contributions"), "{kind:?}: the axis title");
                // Two values, two bars or points; the missing one is not drawn as 0.
                let marks = scene
                    .shapes
                    .iter()
                    .filter(|s| {
                        matches!(s, Shape::Circle { .. })
                            || matches!(s, Shape::Rect { fill, .. } if *fill == PALETTE[0])
                    })
                    .count();
                assert_eq!(marks, 2, "{kind:?}");
            }
        }
        assert!(layout(&Chart {
            categories: vec![],
            ..chart(ChartKind::Column)
        })
        .is_none());
    }

    #[test]
    fn the_text_alternative_gives_every_value() {
        assert_eq!(
            describe(&chart(ChartKind::Bar)),
            "Bar chart: Contributions by channel. Contributions: bilateral 12, United Nations not known and trust fund 3."
        );
    }

    #[test]
    fn the_svg_is_escaped() {
        let mut c = chart(ChartKind::Column);
        c.categories[0] = "<script>&".into();
        let svg = layout(&c).unwrap().svg("a <b>", "d & e");
        assert!(svg.contains("&lt;script&gt;&amp;") && !svg.contains("<script>"));
        assert!(svg.contains("<title>a &lt;b&gt;</title>"));
    }
}
