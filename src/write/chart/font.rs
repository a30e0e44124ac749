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

/// Width of one character at `size` pixels.
fn advance(c: char, size: f32) -> f32 {
    let f = font();
    if f.has_glyph(c) {
        f.metrics(c, size).advance_width
    } else {
        size * 0.7
    }
}

/// Width of `text` at `size` pixels.
pub fn width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| advance(c, size)).sum()
}

/// `text` cut with "…" to at most `max` pixels wide at `size`.
pub fn fit(text: &str, size: f32, max: f32) -> String {
    let room = max - width("…", size);
    let mut used = 0.0;
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        used += advance(c, size);
        if used > max {
            // It does not fit whole: cut where the ellipsis still fits.
            let mut used = 0.0;
            let cut = text
                .char_indices()
                .find(|(_, c)| {
                    used += advance(*c, size);
                    used > room
                })
                .map_or(i, |(j, _)| j);
            end = cut;
            break;
        }
    }
    if end == text.len() {
        text.to_string()
    } else {
        format!("{}…", text[..end].trim_end())
    }
}

/// `text` broken into lines of at most `max` pixels at `size`, between words; at most
/// `lines` lines, the last cut with "…" if need be.
pub fn wrap(text: &str, size: f32, max: f32, lines: usize) -> Vec<String> {
    let space = advance(' ', size);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut used = 0.0;
    for word in text.split_whitespace() {
        // Only what can still be shown is measured: a text of any length costs one pass.
        if out.len() >= lines {
            break;
        }
        let w = width(word, size);
        if current.is_empty() {
            current.push_str(word);
            used = w;
        } else if used + space + w <= max {
            current.push(' ');
            current.push_str(word);
            used += space + w;
        } else {
            out.push(std::mem::replace(&mut current, word.to_string()));
            used = w;
        }
    }
    if !current.is_empty() && out.len() < lines {
        out.push(current);
    }
    let cut = out.len() == lines && {
        let shown: usize = out.iter().map(|l| l.split_whitespace().count()).sum();
        shown < text.split_whitespace().count()
    };
    let mut out: Vec<String> = out.into_iter().map(|l| fit(&l, size, max)).collect();
    if cut {
        if let Some(last) = out.last_mut() {
            if !last.ends_with('…') {
                *last = fit(&format!("{last} …"), size, max);
                if !last.ends_with('…') {
                    last.push('…');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_with_an_ellipsis_and_quickly() {
        assert_eq!(fit("short", 11.0, 200.0), "short");
        let cut = fit(&"k".repeat(40_000), 11.0, 100.0);
        assert!(cut.ends_with('…') && width(&cut, 11.0) <= 100.0, "{cut}");
        assert_eq!(wrap("one two three", 11.0, 30.0, 2).len(), 2);
    }
}
