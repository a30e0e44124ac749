//! Sheet names that Excel accepts, made from names people chose (section titles, table
//! names, the dictionary's sheets).
//!
//! Excel refuses a name longer than 31 UTF-16 units, one holding any of `[]:*?/\`, or one
//! that starts or ends with an apostrophe; rust_xlsxwriter checks these, but not control
//! characters, which it writes into a workbook that Excel, LibreOffice and openpyxl then
//! refuse to open. Excel also compares names regardless of case.

use std::collections::HashSet;

/// The longest name Excel accepts, in UTF-16 units.
pub const MAX_LEN: usize = 31;

/// Length of `name` as Excel counts it, in UTF-16 units.
pub fn units(name: &str) -> usize {
    name.encode_utf16().count()
}

/// `wanted` as a sheet name Excel accepts: each forbidden or control character becomes a
/// space, surrounding spaces and apostrophes go, and it is cut to [`MAX_LEN`]. May be empty.
pub fn clean(wanted: &str) -> String {
    let spaced: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let trimmed = spaced.trim().trim_matches('\'');
    fit(trimmed, MAX_LEN)
}

/// `name` cut to at most `max` UTF-16 units, between words when a word would be cut and an
/// earlier space leaves at least half the room, with no space or apostrophe left at its end.
fn fit(name: &str, max: usize) -> String {
    let mut units = 0;
    let end = name
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > max
        })
        .map_or(name.len(), |(i, _)| i);
    let mut kept = &name[..end];
    let mid_word = end < name.len()
        && name[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        && kept.chars().next_back().is_some_and(char::is_alphanumeric);
    if mid_word {
        if let Some(space) = kept.rfind(' ').filter(|&i| i * 2 >= end) {
            kept = &kept[..space];
        }
    }
    kept.trim_end_matches(|c: char| c.is_whitespace() || c == '\'')
        .to_string()
}

/// The names of one workbook's sheets, each unique regardless of case: a name already taken
/// gets " (2)", " (3)" and so on, cut so that the number still fits.
#[derive(Debug)]
pub struct SheetNames {
    used: HashSet<String>,
}

impl Default for SheetNames {
    fn default() -> Self {
        SheetNames::new()
    }
}

impl SheetNames {
    pub fn new() -> SheetNames {
        // Excel keeps "History" for itself (change tracking).
        SheetNames {
            used: HashSet::from(["history".to_string()]),
        }
    }

    /// A name for the next sheet, as near to `wanted` as the rules allow ("Sheet" if
    /// nothing of it is left).
    pub fn take(&mut self, wanted: &str) -> String {
        let clean = clean(wanted);
        let clean = if clean.is_empty() {
            "Sheet".to_string()
        } else {
            clean
        };
        for n in 1.. {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let name = format!("{}{suffix}", fit(&clean, MAX_LEN - suffix.len()));
            if self.used.insert(name.to_lowercase()) {
                return name;
            }
        }
        unreachable!("some number is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_and_control_characters_become_spaces() {
        assert_eq!(clean("Steps: 2011/12"), "Steps  2011 12");
        assert_eq!(clean("a[b]c*d?e\\f"), "a b c d e f");
        assert_eq!(clean("Line\nbreak\u{7}"), "Line break");
        assert_eq!(clean(" 'Quoted' "), "Quoted");
        assert_eq!(clean("[]"), "");
    }

    #[test]
    fn long_names_are_cut_in_utf16_units() {
        let long = "Implementation support and cooperation";
        // Cut between words, never within one.
        assert_eq!(clean(long), "Implementation support and");
        assert_eq!(
            clean("General trends in implementation of the Plan"),
            "General trends in"
        );
        // One long word is cut where it must be.
        assert_eq!(clean(&"x".repeat(40)), "x".repeat(31));
        // Each emoji takes two units: 15 fit.
        let emoji = "🙂".repeat(20);
        assert_eq!(clean(&emoji), "🙂".repeat(15));
        assert_eq!(
            clean("Thirty characters and a space x"),
            "Thirty characters and a space x"
        );
        assert_eq!(
            clean("Thirty characters then a space  yz"),
            "Thirty characters then a space"
        );
    }

    #[test]
    fn a_prefix_and_a_cut_leave_no_apostrophe_at_the_end() {
        // Fine in Excel alone; once prefixed and cut, it would end in an apostrophe.
        let wanted = format!("Data {}", "Partners' views and their opinio'ns");
        let name = SheetNames::new().take(&wanted);
        assert_eq!(name, "Data Partners' views and their");
        let odd = format!("Data {}'s", "y".repeat(25));
        let name = SheetNames::new().take(&odd);
        assert!(
            !name.ends_with('\'') && name.encode_utf16().count() <= MAX_LEN,
            "{name}"
        );
    }

    #[test]
    fn names_are_unique_regardless_of_case() {
        let mut names = SheetNames::new();
        assert_eq!(names.take("Summary"), "Summary");
        assert_eq!(names.take("summary"), "summary (2)");
        assert_eq!(names.take("SUMMARY"), "SUMMARY (3)");
        assert_eq!(names.take(""), "Sheet");
        assert_eq!(names.take("???"), "Sheet (2)");
        assert_eq!(names.take("History"), "History (2)");
        let long = "4 Implementation support and cooperation";
        assert_eq!(names.take(long), "4 Implementation support and");
        assert_eq!(names.take(long), "4 Implementation support (2)");
        assert!(names.take(long).encode_utf16().count() <= MAX_LEN);
    }
}
