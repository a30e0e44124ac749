//! Text as every output can hold it. XML 1.0, and so xlsx and docx, has no place for control
//! characters (other than tab and line feed) or for U+FFFE and U+FFFF, and an Excel cell holds
//! at most 32,767 UTF-16 units; rust_xlsxwriter refuses a longer text and writes some control
//! characters into parts (sheet names, table headers) that no client then opens.

use std::borrow::Cow;

use crate::problem::output::CELL_CHARS;
use crate::text::grammar;

/// Whether `c` can be kept: tab and line feed are, other control characters and the two
/// non-characters are not.
fn keeps(c: char) -> bool {
    c == '\t' || c == '\n' || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// `s` without the characters no output holds; a carriage return before a line feed goes,
/// another becomes a line feed.
pub fn controls(s: &str) -> Cow<'_, str> {
    if s.chars().all(keeps) {
        return Cow::Borrowed(s);
    }
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(s.chars().filter(|c| keeps(*c)).collect())
}

/// Whether [`controls`] would change `s`.
pub fn has_controls(s: &str) -> bool {
    !s.chars().all(keeps)
}

/// UTF-16 units of `s`, as Excel counts them.
pub fn units(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `s` as a cell holds it: cut to at most [`CELL_CHARS`] units, ending with a visible mark
/// that says how long the whole text is; `None` when it fits as it is.
pub fn fit_cell(s: &str) -> Option<String> {
    fit(s, CELL_CHARS)
}

/// `s` cut to at most `max` UTF-16 units, with the mark; `None` when it fits.
pub fn fit(s: &str, max: usize) -> Option<String> {
    if units(s) <= max {
        return None;
    }
    let mark = format!(
        " […cut: {} characters in all]",
        grammar::group_thousands(s.chars().count() as i64)
    );
    let room = max.saturating_sub(units(&mark));
    let mut used = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(s.len(), |(i, _)| i);
    Some(format!("{}{mark}", &s[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_go_and_line_breaks_stay() {
        assert_eq!(controls("a\u{7}b\tc\nd\r\ne\rf\u{FFFF}"), "ab\tc\nd\ne\nf");
        assert!(matches!(controls("plain"), Cow::Borrowed(_)));
        assert!(has_controls("x\u{0}") && !has_controls("x\ny"));
    }

    #[test]
    fn long_text_is_cut_in_utf16_units_with_a_mark() {
        let long = "🙂".repeat(20_000); // 40,000 units
        let cut = fit_cell(&long).unwrap();
        assert!(units(&cut) <= CELL_CHARS, "{}", units(&cut));
        assert!(cut.ends_with(" […cut: 20,000 characters in all]"));
        assert!(cut.starts_with("🙂🙂"));
        assert_eq!(fit_cell(&"a".repeat(CELL_CHARS)), None);
        assert_eq!(
            units(&fit_cell(&"a".repeat(CELL_CHARS + 1)).unwrap()),
            CELL_CHARS
        );
    }
}
