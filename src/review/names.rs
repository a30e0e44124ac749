//! Finding State names in a text: every name and alias of the States list, as whole words,
//! whatever the case, the accents and the kind of apostrophe ("Côte d’Ivoire" is "cote
//! d'ivoire"), with the phrases the project allows ("Beirut, Lebanon") let through.
//!
//! A text is cut into words (runs of letters and digits), each folded as `text::suggest::fold`
//! folds names. Everything else separates words, so:
//!
//! - "Niger" is not found in "Nigeria", nor "Chile" in "Chilean": a demonym is a word of its
//!   own, and not a name (the report may say "Lebanese authorities");
//! - "Chile's" is "Chile" followed by "s": a possessive names the State;
//! - a hyphen, a comma or an apostrophe between two words is like a space: "Guinea-Bissau"
//!   and "Guinea Bissau" are the same name, and "Korea, Republic of" is found as written.
//!
//! At each word the longest spelling that starts there wins, and the search goes on after it
//! (leftmost-longest): "Guinea-Bissau" is that State, not "Guinea"; "Democratic Republic of
//! the Congo" is not also "Congo". An allowed phrase is a spelling that names nothing: where
//! "Beirut, Lebanon" is allowed, "Lebanon" in it is let through, and elsewhere it is found.
//! When an allowed phrase and a State's spelling are as long, the allowed phrase wins, so
//! that a State's name alone can be allowed everywhere.
//!
//! An abbreviation written in capitals in the States list ("UK", "DRC") is found only in
//! capitals: "US" must not catch the word "us".
//!
//! Spellings are kept in a map by their first folded word, so a text is read once, one map
//! look-up per word, whatever the number of States: hundreds of States and thousands of texts
//! take milliseconds.

use std::collections::HashMap;
use std::ops::Range;

use crate::text::suggest::fold_char;

/// The States list's names and aliases, and the allowed phrases, ready to be found in texts.
#[derive(Debug, Default)]
pub struct NameFinder {
    /// Spellings by their first word, folded; for each word, the longest spelling first.
    by_first: HashMap<Box<str>, Vec<Spelling>>,
    /// The master names, which [`Spelling::state`] indexes.
    states: Vec<Box<str>>,
}

#[derive(Debug)]
struct Spelling {
    /// The folded words after the first.
    rest: Box<[Box<str>]>,
    /// The State it names (an index into `states`); `None` for an allowed phrase.
    state: Option<u32>,
    /// For an abbreviation in capitals, its words as written: the text must have them so.
    exact: Option<Box<[Box<str>]>>,
}

/// A State's name or alias found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found<'a, 't> {
    /// The State's name in the States list.
    pub state: &'a str,
    /// The name as the text writes it ("Lao PDR", "CHILE", "Côte d’Ivoire").
    pub written: &'t str,
    /// Where it is in the text (bytes).
    pub at: Range<usize>,
}

/// A word of a text: where its folded form is in the folded buffer, and where it is in the text.
struct Word {
    folded: Range<usize>,
    text: Range<usize>,
}

impl NameFinder {
    /// `spellings` are the States list's names and aliases, each with the name it stands for
    /// (`StateList::spellings`); `allowed` the phrases the report may contain.
    pub fn new<'s>(
        spellings: impl IntoIterator<Item = (&'s str, &'s str)>,
        allowed: &[String],
    ) -> NameFinder {
        let mut finder = NameFinder::default();
        let mut index: HashMap<&str, u32> = HashMap::new();
        for (spelling, state) in spellings {
            let i = *index.entry(state).or_insert_with(|| {
                finder.states.push(state.into());
                (finder.states.len() - 1) as u32
            });
            finder.add(spelling, Some(i));
        }
        for phrase in allowed {
            finder.add(phrase, None);
        }
        for spellings in finder.by_first.values_mut() {
            // Longest first; at the same length an allowed phrase before a State.
            spellings.sort_by_key(|s| (std::cmp::Reverse(s.rest.len()), s.state.is_some()));
        }
        finder
    }

    fn add(&mut self, spelling: &str, state: Option<u32>) {
        let mut folded = String::new();
        let mut words = Vec::new();
        split(spelling, &mut folded, &mut words);
        let Some((first, rest)) = words.split_first() else {
            return;
        };
        let letters = || spelling.chars().filter(|c| c.is_alphabetic());
        let abbreviation =
            state.is_some() && letters().count() >= 2 && letters().all(char::is_uppercase);
        let exact = abbreviation.then(|| {
            words
                .iter()
                .map(|w| spelling[w.text.clone()].into())
                .collect()
        });
        self.by_first
            .entry(folded[first.folded.clone()].into())
            .or_default()
            .push(Spelling {
                rest: rest
                    .iter()
                    .map(|w| folded[w.folded.clone()].into())
                    .collect(),
                state,
                exact,
            });
    }

    /// Every State name in `text`, in order; a State named twice is found twice.
    pub fn find<'a, 't>(&'a self, text: &'t str) -> Vec<Found<'a, 't>> {
        let mut found = Vec::new();
        if self.by_first.is_empty() {
            return found;
        }
        let mut folded = String::with_capacity(text.len());
        let mut words = Vec::new();
        split(text, &mut folded, &mut words);
        let mut i = 0;
        while i < words.len() {
            let first = &folded[words[i].folded.clone()];
            let matched = self.by_first.get(first).and_then(|spellings| {
                spellings
                    .iter()
                    .find(|s| s.matches(&words[i..], &folded, text))
            });
            match matched {
                Some(s) => {
                    let last = &words[i + s.rest.len()];
                    if let Some(state) = s.state {
                        let at = words[i].text.start..last.text.end;
                        found.push(Found {
                            state: &self.states[state as usize],
                            written: &text[at.clone()],
                            at,
                        });
                    }
                    i += 1 + s.rest.len();
                }
                None => i += 1,
            }
        }
        found
    }
}

impl Spelling {
    /// Whether the spelling is at the start of `words` (whose first word is its first).
    fn matches(&self, words: &[Word], folded: &str, text: &str) -> bool {
        if words.len() <= self.rest.len() {
            return false;
        }
        let rest_same = self
            .rest
            .iter()
            .zip(&words[1..])
            .all(|(s, w)| **s == folded[w.folded.clone()]);
        rest_same
            && self.exact.as_ref().is_none_or(|exact| {
                exact
                    .iter()
                    .zip(words)
                    .all(|(s, w)| **s == text[w.text.clone()])
            })
    }
}

/// Cuts `text` into words, each folded into `folded` (lowercase, common accents removed).
/// A combining accent (typed as a separate character after its letter) stays in its word and
/// is dropped from the folded form.
fn split(text: &str, folded: &mut String, words: &mut Vec<Word>) {
    let mut open: Option<(usize, usize)> = None;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        // Most text is ASCII: no accent to fold, and lowercase in place.
        if c.is_ascii_alphanumeric() {
            if open.is_none() {
                open = Some((folded.len(), i));
            }
            folded.push(c.to_ascii_lowercase());
            end = i + 1;
            continue;
        }
        if open.is_some() && ('\u{300}'..='\u{36f}').contains(&c) {
            end = i + c.len_utf8();
            continue;
        }
        let f = fold_char(c);
        if f.is_alphanumeric() {
            if open.is_none() {
                open = Some((folded.len(), i));
            }
            folded.extend(f.to_lowercase());
            end = i + c.len_utf8();
        } else if let Some((from, start)) = open.take() {
            words.push(Word {
                folded: from..folded.len(),
                text: start..end,
            });
        }
    }
    if let Some((from, start)) = open {
        words.push(Word {
            folded: from..folded.len(),
            text: start..end,
        });
    }
}

/// The part of `text` around `at` to quote in a message: the whole text when it is short,
/// else about `WIDTH` characters on each side, cut between words, with "…" where it was cut.
pub fn excerpt(text: &str, at: Range<usize>) -> String {
    const WIDTH: usize = 60;
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 2 * WIDTH + 20 {
        return one_line(text);
    }
    let before = &text[..at.start];
    let after = &text[at.end..];
    let mut start = before
        .char_indices()
        .rev()
        .nth(WIDTH - 1)
        .map_or(0, |(i, _)| i);
    if start > 0 {
        // Start at the next word, not within one.
        start = before[start..]
            .find(char::is_whitespace)
            .map_or(at.start, |i| start + i);
    }
    let mut end = after
        .char_indices()
        .nth(WIDTH)
        .map_or(text.len(), |(i, _)| at.end + i);
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|&i| i >= at.end)
            .unwrap_or(end);
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(one_line(&text[start..end]).as_str());
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATES: &[(&str, &str)] = &[
        ("Niger", "Niger"),
        ("Nigeria", "Nigeria"),
        ("Chile", "Chile"),
        ("Guinea", "Guinea"),
        ("Guinea-Bissau", "Guinea-Bissau"),
        ("Papua New Guinea", "Papua New Guinea"),
        ("Congo", "Congo"),
        (
            "Democratic Republic of the Congo",
            "Democratic Republic of the Congo",
        ),
        ("DRC", "Democratic Republic of the Congo"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        (
            "Lao People's Democratic Republic",
            "Lao People's Democratic Republic",
        ),
        ("Lao PDR", "Lao People's Democratic Republic"),
        ("Lebanon", "Lebanon"),
        ("United States", "United States"),
        ("US", "United States"),
        (
            "Macedonia, former Yugoslav Republic of",
            "Macedonia, former Yugoslav Republic of",
        ),
    ];

    fn finder(allowed: &[&str]) -> NameFinder {
        let allowed: Vec<String> = allowed
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        NameFinder::new(STATES.iter().copied(), &allowed)
    }

    /// (State, as written) for each name found.
    fn found(f: &NameFinder, text: &str) -> Vec<(String, String)> {
        f.find(text)
            .into_iter()
            .map(|n| (n.state.to_string(), n.written.to_string()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn whole_words_only_and_a_demonym_is_not_a_name() {
        let f = finder(&[]);
        assert_eq!(
            found(&f, "Support to Nigeria and Chilean NGOs."),
            pairs(&[("Nigeria", "Nigeria")])
        );
        assert_eq!(
            found(&f, "Support to Niger, and Chile's report."),
            pairs(&[("Niger", "Niger"), ("Chile", "Chile")])
        );
        assert_eq!(found(&f, "Guineas, Chiles, nigerien"), []);
    }

    #[test]
    fn case_accents_apostrophes_and_hyphens_do_not_hide_a_name() {
        let f = finder(&[]);
        assert_eq!(
            found(
                &f,
                "CHILE, chile and Cote d’Ivoire; côte D'IVOIRE; Co\u{302}te d'Ivoire."
            ),
            pairs(&[
                ("Chile", "CHILE"),
                ("Chile", "chile"),
                ("Côte d'Ivoire", "Cote d’Ivoire"),
                ("Côte d'Ivoire", "côte D'IVOIRE"),
                ("Côte d'Ivoire", "Co\u{302}te d'Ivoire"),
            ])
        );
        assert_eq!(
            found(&f, "lao pdr and Lao People’s Democratic Republic"),
            pairs(&[
                ("Lao People's Democratic Republic", "lao pdr"),
                (
                    "Lao People's Democratic Republic",
                    "Lao People’s Democratic Republic"
                ),
            ])
        );
        assert_eq!(
            found(&f, "Guinea Bissau; Macedonia former Yugoslav Republic of"),
            pairs(&[
                ("Guinea-Bissau", "Guinea Bissau"),
                (
                    "Macedonia, former Yugoslav Republic of",
                    "Macedonia former Yugoslav Republic of"
                ),
            ])
        );
    }

    #[test]
    fn the_longest_name_at_a_word_wins() {
        let f = finder(&[]);
        assert_eq!(
            found(
                &f,
                "Guinea-Bissau, Papua New Guinea, Guinea and the Democratic Republic of the Congo"
            ),
            pairs(&[
                ("Guinea-Bissau", "Guinea-Bissau"),
                ("Papua New Guinea", "Papua New Guinea"),
                ("Guinea", "Guinea"),
                (
                    "Democratic Republic of the Congo",
                    "Democratic Republic of the Congo"
                ),
            ])
        );
        // Not the whole of a longer name: its first words alone are nothing.
        assert_eq!(found(&f, "a Democratic Republic of the people"), []);
    }

    #[test]
    fn an_abbreviation_in_capitals_is_found_only_in_capitals() {
        let f = finder(&[]);
        assert_eq!(found(&f, "Let us see: the drc."), []);
        assert_eq!(
            found(&f, "The US and the DRC."),
            pairs(&[
                ("United States", "US"),
                ("Democratic Republic of the Congo", "DRC")
            ])
        );
    }

    #[test]
    fn an_allowed_phrase_lets_its_names_through_and_only_there() {
        let f = finder(&["Beirut, Lebanon", "Vientiane, Lao PDR"]);
        assert_eq!(
            found(
                &f,
                "The 2MSP (Beirut, Lebanon) after the 1MSP in vientiane lao pdr."
            ),
            []
        );
        assert_eq!(
            found(&f, "Lebanon hosted the 2MSP in Beirut, Lebanon."),
            pairs(&[("Lebanon", "Lebanon")])
        );
        // A State's name alone, allowed, is allowed everywhere.
        let f = finder(&["Lebanon"]);
        assert_eq!(found(&f, "Lebanon hosted the 2MSP."), []);
    }

    #[test]
    fn an_empty_list_finds_nothing() {
        let f = NameFinder::new(std::iter::empty(), &[]);
        assert_eq!(found(&f, "Chile"), []);
    }

    #[test]
    fn a_long_text_is_quoted_around_the_name() {
        let short = "In 2011, Chile reported\n two steps.";
        assert_eq!(excerpt(short, 9..14), "In 2011, Chile reported two steps.");
        let long = format!(
            "{} Chile reported two steps {}",
            "word ".repeat(30),
            "more ".repeat(30)
        );
        let at = long.find("Chile").unwrap();
        let quoted = excerpt(&long, at..at + 5);
        assert!(
            quoted.starts_with("…word") && quoted.ends_with("more…"),
            "{quoted}"
        );
        assert!(quoted.contains(" Chile reported two steps "), "{quoted}");
        assert!(quoted.chars().count() <= 125, "{quoted}");
    }
}
