//! The one font of the charts' pictures: DejaVu Sans, cut down to Latin letters and common
//! punctuation (DejaVuSans-LICENSE.txt beside this file), built into the program so that a
//! chart looks the same on every machine. Text is measured with it for the layout of both
//! the SVG and the PNG; a character it lacks is measured as a wide letter and drawn as a box.

use std::sync::OnceLock;

use fontdue::{Font, FontSettings};

static FONT_DATA: &[u8] = include_bytes!("DejaVuSans-subset.ttf");

/// The family the SVG names: the same font where installed, a close one elsewhere.
pub const FAMILY: &str = "'DejaVu Sans', Verdana, Arial, sans-serif";

pub fn font() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| {
        Font::from_bytes(FONT_DATA, FontSettings::default()).expect("the built-in font is valid")
    })
}

/// Width of `text` at `size` pixels.
pub fn width(text: &str, size: f32) -> f32 {
    let f = font();
    text.chars()
        .map(|c| {
            if f.has_glyph(c) {
                f.metrics(c, size).advance_width
            } else {
                size * 0.7
            }
        })
        .sum()
}

/// `text` cut with "…" to at most `max` pixels wide at `size`.
pub fn fit(text: &str, size: f32, max: f32) -> String {
    if width(text, size) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if width(&out, size) + width("…", size) > max {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// `text` broken into lines of at most `max` pixels at `size`, between words; at most
/// `lines` lines, the last cut with "…" if need be.
pub fn wrap(text: &str, size: f32, max: f32, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate, size) <= max || current.is_empty() {
            current = candidate;
        } else {
            out.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.len() > lines {
        let rest = out[lines - 1..].join(" ");
        out.truncate(lines - 1);
        out.push(rest);
    }
    out.into_iter().map(|l| fit(&l, size, max)).collect()
}
