//! Sheet names that Excel accepts, made from names people chose (section titles, table
//! names, the dictionary's sheets): at most 31 characters, none of `[]:*?/\`, no apostrophe
//! at either end, and unique regardless of case within a workbook.

use std::collections::HashSet;

/// The longest name Excel accepts.
pub const MAX_LEN: usize = 31;

/// `wanted` as a sheet name Excel accepts: each forbidden character becomes a space,
/// surrounding spaces and apostrophes go, and it is cut to [`MAX_LEN`]. May be empty.
pub fn clean(wanted: &str) -> String {
    let spaced: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    fit(spaced.trim().trim_matches('\''), MAX_LEN)
}

/// `name` cut to at most `max` characters, with no space left at its end.
fn fit(name: &str, max: usize) -> String {
    let cut: String = name.chars().take(max).collect();
    cut.trim_end().to_string()
}

/// The names of one workbook's sheets, each unique regardless of case: a name already taken
/// gets " (2)", " (3)" and so on, cut so that the number still fits.
#[derive(Debug, Default)]
pub struct SheetNames {
    used: HashSet<String>,
}

impl SheetNames {
    pub fn new() -> SheetNames {
        SheetNames::default()
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
    fn forbidden_characters_become_spaces() {
        assert_eq!(clean("Steps: 2011/12"), "Steps  2011 12");
        assert_eq!(clean("a[b]c*d?e\\f"), "a b c d e f");
        assert_eq!(clean(" 'Quoted' "), "Quoted");
        assert_eq!(clean("[]"), "");
    }

    #[test]
    fn long_names_are_cut() {
        let long = "Implementation support and cooperation";
        assert_eq!(clean(long), "Implementation support and coop");
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
    fn names_are_unique_regardless_of_case() {
        let mut names = SheetNames::new();
        assert_eq!(names.take("Summary"), "Summary");
        assert_eq!(names.take("summary"), "summary (2)");
        assert_eq!(names.take("SUMMARY"), "SUMMARY (3)");
        assert_eq!(names.take(""), "Sheet");
        assert_eq!(names.take("???"), "Sheet (2)");
        let long = "4 Implementation support and cooperation";
        assert_eq!(names.take(long), "4 Implementation support and co");
        assert_eq!(names.take(long), "4 Implementation support an (2)");
    }
}
