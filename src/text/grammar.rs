//! Grammatical text from data: "14 States Parties", "two instances", "A, B and C", "38%".
//!
//! Narrative is built from numbers, never by parsing English: a plugin says `count(n, "State Party")`
//! and the plural, the number in words and the agreement all come from here.

/// Numbers one to nine are written in words (UN editorial style); others in figures.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        let i = n as i64;
        if let Some(word) = small_number_word(i) {
            return word.to_string();
        }
        return group_thousands(i);
    }
    let s = format!("{n:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn small_number_word(n: i64) -> Option<&'static str> {
    const WORDS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if (1..=9).contains(&n) {
        Some(WORDS[n as usize])
    } else {
        None
    }
}

/// 1234567 → "1,234,567".
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// `count(14, "State Party")` → "14 States Parties"; `count(2, "instance")` → "two instances";
/// `count(0, "report")` → "no reports".
pub fn count(n: i64, noun: &str) -> String {
    count_with(n, noun, None)
}

/// What "could not … any of" refers to, for `n` of at least one: "the only section" when
/// there is one, "any of the three sections" otherwise.
pub fn any_of(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("the only {noun}")
    } else {
        format!("any of the {}", count(n, noun))
    }
}

/// Like [`count`], with an explicit plural for nouns the rules do not know.
pub fn count_with(n: i64, noun: &str, plural_form: Option<&str>) -> String {
    let word = if n == 1 {
        noun.to_string()
    } else {
        plural_form
            .map(str::to_string)
            .unwrap_or_else(|| plural(noun))
    };
    let figure = if n == 0 {
        "no".to_string()
    } else {
        number(n as f64)
    };
    format!("{figure} {word}")
}

/// The plural of a noun or a noun phrase: "State Party" → "States Parties",
/// "State with stockpiles" → "States with stockpiles", "casualty" → "casualties".
pub fn plural(noun: &str) -> String {
    let words: Vec<&str> = noun.split(' ').collect();
    // The head of "State with stockpiles" is the word before the first linking word.
    // A word after the head that is not plural itself: "State Party concerned".
    const LINKS: [&str; 16] = [
        "with",
        "in",
        "of",
        "not",
        "that",
        "which",
        "to",
        "from",
        "under",
        "for",
        "on",
        "at",
        "whose",
        "having",
        "by",
        "concerned",
    ];
    let mut head = words.len() - 1;
    for (i, w) in words.iter().enumerate().skip(1) {
        if LINKS.contains(&w.to_lowercase().as_str()) {
            head = i - 1;
            break;
        }
    }
    let mut out: Vec<String> = words.iter().map(std::string::ToString::to_string).collect();
    out[head] = plural_word(words[head]);
    // "State Party" and "State Parties" agree in both words.
    if head > 0
        && words[head].eq_ignore_ascii_case("party")
        && words[head - 1].eq_ignore_ascii_case("state")
    {
        out[head - 1] = plural_word(words[head - 1]);
    }
    out.join(" ")
}

fn plural_word(word: &str) -> String {
    const IRREGULAR: [(&str, &str); 8] = [
        ("person", "people"),
        ("child", "children"),
        ("man", "men"),
        ("woman", "women"),
        ("analysis", "analyses"),
        ("criterion", "criteria"),
        ("datum", "data"),
        ("series", "series"),
    ];
    let lower = word.to_lowercase();
    for (one, many) in IRREGULAR {
        if lower == one {
            return match_case(word, many);
        }
    }
    let vowels = ['a', 'e', 'i', 'o', 'u'];
    if lower.ends_with('y')
        && lower.len() > 1
        && !vowels.contains(&lower.chars().rev().nth(1).unwrap_or('a'))
    {
        return format!("{}ies", &word[..word.len() - 1]);
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return format!("{word}es");
    }
    format!("{word}s")
}

fn match_case(original: &str, replacement: &str) -> String {
    if original.chars().next().is_some_and(char::is_uppercase) {
        capitalize(replacement)
    } else {
        replacement.to_string()
    }
}

/// Chooses between two words by number: `agree(1, "was", "were")` → "was".
pub fn agree<'a>(n: i64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// "A", "A and B", "A, B and C" (no serial comma, as in UN documents).
pub fn list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", head.join(", "), last.as_ref())
        }
    }
}

/// `percent(3, 8, 0)` → "38%". A whole of zero gives "0%" rather than failing a report.
pub fn percent(part: f64, whole: f64, decimals: usize) -> String {
    if whole == 0.0 {
        return "0%".to_string();
    }
    let p = part / whole * 100.0;
    let s = format!("{p:.decimals$}");
    format!("{s}%")
}

/// 1 → "first" … 9 → "ninth" (words to nine, as for numbers), then "10th", "22nd", "103rd".
pub fn ordinal(n: i64) -> String {
    const WORDS: [&str; 9] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    ];
    if (1..=9).contains(&n) {
        return WORDS[(n - 1) as usize].to_string();
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Upper-cases the first letter, so a paragraph may start with `count(2, "instance")`.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// The report's own rules (the Lua functions count, number, agree, subject, numbers, counts and
// the sentences of paragraph): the functions above serve the command line's messages too
// ("Finished with no problems."), so the report's rules for zero and for series are here.

/// How the numbers of a series are written (UN editorial style): in words from one to nine and
/// in figures from 10, unless one number of the series is 10 or more, when all are in figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// One to nine in words, others in figures.
    Words,
    /// Every number in figures.
    Figures,
}

impl Style {
    /// The style of a series: figures for all when one of its numbers is 10 or more, or not
    /// whole ("9.1 and 4.5 square kilometres").
    pub fn of(series: &[f64]) -> Style {
        if series.iter().any(|n| n.abs() >= 10.0 || n.fract() != 0.0) {
            Style::Figures
        } else {
            Style::Words
        }
    }
}

/// A number in a sentence, standing alone: "none" for zero, "six", "14", "1,234", "2.5";
/// in a series of figures, "6".
pub fn report_number(n: f64, style: Style) -> String {
    if n == 0.0 {
        return "none".to_string();
    }
    if style == Style::Figures && n.fract() == 0.0 && n.abs() < 1e15 {
        return group_thousands(n as i64);
    }
    number(n)
}

/// A count with its noun: "no State Party" (zero takes the singular, as its verb does), "one
/// State Party", "two States Parties", "14 States Parties"; in a series of figures, "2 States
/// Parties". `plural` gives a plural the rules do not know.
pub fn report_count(n: i64, noun: &str, plural_form: Option<&str>, style: Style) -> String {
    if n == 0 {
        return format!("no {noun}");
    }
    let word = if n == 1 {
        noun.to_string()
    } else {
        plural_form
            .map(str::to_string)
            .unwrap_or_else(|| plural(noun))
    };
    format!("{} {word}", report_number(n as f64, style))
}

/// Whether a number takes the singular: one, and zero ("no State Party has", "none of them
/// has"), as in the report's counts.
pub fn takes_singular(n: f64) -> bool {
    n == 1.0 || n == 0.0
}

/// A subject and its verb, agreeing: `subject(3, "State Party", "has reported")` → "three
/// States Parties have reported"; zero → "no State Party has reported". A noun that starts
/// with "of" is a part of something already named: `subject(0, "of them", "has")` → "none of
/// them has", `subject(4, "of them", "has")` → "four of them have". The verb is given as for
/// one: only its first word changes.
pub fn subject(n: i64, noun: &str, verb: &str, plural_form: Option<&str>, style: Style) -> String {
    let head = if is_partitive(noun) {
        format!("{} {noun}", report_number(n as f64, style))
    } else {
        report_count(n, noun, plural_form, style)
    };
    let verb = if takes_singular(n as f64) {
        verb.to_string()
    } else {
        plural_verb(verb)
    };
    if verb.is_empty() {
        head
    } else {
        format!("{head} {verb}")
    }
}

/// "of them", "of these", "of the reports": a part of something already named.
fn is_partitive(noun: &str) -> bool {
    noun.split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("of"))
}

/// The verb for many from the verb for one, by its first word: "has reported" → "have
/// reported", "is" → "are", "was" → "were", "does" → "do", "carries" → "carry", "reports" →
/// "report"; a past tense or a modal ("reported", "could") is the same for both.
pub fn plural_verb(verb: &str) -> String {
    let (first, rest) = match verb.find(' ') {
        Some(i) => (&verb[..i], &verb[i..]),
        None => (verb, ""),
    };
    const IRREGULAR: [(&str, &str); 5] = [
        ("has", "have"),
        ("is", "are"),
        ("was", "were"),
        ("does", "do"),
        ("goes", "go"),
    ];
    let lower = first.to_lowercase();
    let many = if let Some((_, many)) = IRREGULAR.iter().find(|(one, _)| *one == lower) {
        match_case(first, many)
    } else if let Some(stem) = first.strip_suffix("ies").filter(|s| s.len() > 1) {
        format!("{stem}y")
    } else if ["sses", "shes", "ches", "xes", "zes"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        first[..first.len() - 2].to_string()
    } else if lower.ends_with('s') && !lower.ends_with("ss") {
        first[..first.len() - 1].to_string()
    } else {
        first.to_string()
    };
    format!("{many}{rest}")
}

/// Words that end in a full stop without ending a sentence.
const ABBREVIATIONS: [&str; 12] = [
    "e.g", "i.e", "etc", "cf", "vs", "no", "nos", "para", "paras", "art", "approx", "st",
];

/// Every sentence of a text starts with a capital: the first letter of the text, and the first
/// letter after a full stop, question mark or exclamation mark and a space ("... 2011. nine
/// submitted it" → "... 2011. Nine submitted it"). A sentence that starts with a figure from 1
/// to 9, as a series in figures can make it ("3 of the 14"), starts with the word instead
/// ("Three of the 14"); larger figures are kept. An abbreviation such as "e.g." or "No." does
/// not end a sentence; a number after a full stop ("9.1") is left as it is.
pub fn capitalize_sentences(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The start of the first sentence, then of each sentence after an end mark and a space;
    // only those places are looked at, so a long text without sentences costs one scan.
    let mut from = 0;
    let mut start = Some(0);
    while let Some(at) = start.take() {
        let rest = &text[at..];
        let skipped = rest
            .char_indices()
            .find(|(_, c)| !c.is_whitespace() && !matches!(c, '"' | '\'' | '(' | '“' | '‘'))
            .map(|(i, _)| at + i);
        if let Some(i) = skipped {
            let c = text[i..].chars().next().unwrap_or(' ');
            let word = c
                .to_digit(10)
                .filter(|_| text[i + 1..].starts_with(' '))
                .and_then(|d| small_number_word(d as i64));
            if let Some(word) = word {
                // A sentence does not start with a figure: "3 of the 14" starts "Three of the 14".
                out.push_str(&text[from..i]);
                out.push_str(&capitalize(word));
                from = i + 1;
            } else if c.is_lowercase() {
                out.push_str(&text[from..i]);
                out.extend(c.to_uppercase());
                from = i + c.len_utf8();
            }
        }
        start = next_sentence(text, skipped.unwrap_or(text.len()));
    }
    out.push_str(&text[from..]);
    out
}

/// Where the sentence after `from` starts: just after the next full stop, question mark or
/// exclamation mark followed by a space that does not end an abbreviation.
fn next_sentence(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let j = i + bytes[i..]
            .iter()
            .position(|b| matches!(b, b'.' | b'?' | b'!'))?;
        let next = bytes.get(j + 1).copied();
        if next.is_some_and(|b| b.is_ascii_whitespace()) && !ends_with_abbreviation(&text[..=j]) {
            return Some(j + 1);
        }
        i = j + 1;
    }
    None
}

/// Whether the text (ending with a full stop) ends with an abbreviation such as "e.g.".
fn ends_with_abbreviation(text: &str) -> bool {
    let Some(body) = text.strip_suffix('.') else {
        return false;
    };
    let word: String = body
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .take(8)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_of_says_the_only_one_when_there_is_one() {
        assert_eq!(any_of(1, "section"), "the only section");
        assert_eq!(any_of(2, "workbook"), "any of the two workbooks");
        assert_eq!(any_of(14, "section"), "any of the 14 sections");
    }

    #[test]
    fn counts_in_words_and_figures() {
        assert_eq!(count(14, "State Party"), "14 States Parties");
        assert_eq!(count(1, "State Party"), "one State Party");
        assert_eq!(count(2, "instance"), "two instances");
        assert_eq!(count(0, "report"), "no reports");
        assert_eq!(count(25, "casualty"), "25 casualties");
        assert_eq!(
            count(3, "State with stockpiles"),
            "three States with stockpiles"
        );
        assert_eq!(count(3, "State not party"), "three States not party");
        assert_eq!(
            count(12, "State Party with victims"),
            "12 States Parties with victims"
        );
        assert_eq!(count(2, "signatory"), "two signatories");
        assert_eq!(
            count(2, "State Party concerned"),
            "two States Parties concerned"
        );
        assert_eq!(count(2, "day"), "two days");
        assert_eq!(count(2, "box"), "two boxes");
        assert_eq!(count(1200, "person"), "1,200 people");
        assert_eq!(count_with(2, "criterion", Some("criteria")), "two criteria");
    }

    #[test]
    fn lists_and_numbers() {
        assert_eq!(list(&["A", "B", "C"], "and"), "A, B and C");
        assert_eq!(list(&["A", "B"], "or"), "A or B");
        assert_eq!(list(&["A"], "and"), "A");
        assert_eq!(list::<&str>(&[], "and"), "");
        assert_eq!(number(1234567.0), "1,234,567");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(10.0), "10");
        assert_eq!(percent(3.0, 8.0, 0), "38%");
        assert_eq!(percent(1.0, 3.0, 1), "33.3%");
        assert_eq!(ordinal(2), "second");
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(13), "13th");
        assert_eq!(ordinal(10), "10th");
        assert_eq!(capitalize("two instances"), "Two instances");
        assert_eq!(agree(1, "was", "were"), "was");
    }

    #[test]
    fn the_reports_counts_zero_and_series() {
        let w = Style::Words;
        assert_eq!(report_number(0.0, w), "none");
        assert_eq!(report_number(6.0, w), "six");
        assert_eq!(report_number(6.0, Style::Figures), "6");
        assert_eq!(report_number(1234.0, Style::Figures), "1,234");
        assert_eq!(report_count(0, "State Party", None, w), "no State Party");
        assert_eq!(report_count(1, "State Party", None, w), "one State Party");
        assert_eq!(
            report_count(2, "State Party", None, Style::Figures),
            "2 States Parties"
        );
        assert_eq!(Style::of(&[20.0, 6.0, 1.0]), Style::Figures);
        assert_eq!(Style::of(&[9.0, 6.0, 0.0]), Style::Words);
        assert_eq!(Style::of(&[2.5]), Style::Figures);
    }

    #[test]
    fn subjects_agree_with_their_verbs() {
        let w = Style::Words;
        assert_eq!(
            subject(3, "State Party", "has reported", None, w),
            "three States Parties have reported"
        );
        assert_eq!(
            subject(0, "State Party", "has reported", None, w),
            "no State Party has reported"
        );
        assert_eq!(subject(1, "signatory", "was", None, w), "one signatory was");
        assert_eq!(subject(0, "of them", "has", None, w), "none of them has");
        assert_eq!(subject(4, "of them", "has", None, w), "four of them have");
        assert_eq!(
            subject(12, "of these", "reports", None, w),
            "12 of these report"
        );
        assert_eq!(plural_verb("carries"), "carry");
        assert_eq!(plural_verb("reaches"), "reach");
        assert_eq!(plural_verb("reported"), "reported");
        assert_eq!(plural_verb("is not yet"), "are not yet");
        assert_eq!(plural_verb("discusses"), "discuss");
        assert_eq!(plural_verb("uses"), "use");
        assert_eq!(plural_verb("could"), "could");
    }

    #[test]
    fn every_sentence_starts_with_a_capital() {
        assert_eq!(
            capitalize_sentences("by 2011. nine submitted it? none did! two, e.g. five."),
            "By 2011. Nine submitted it? None did! Two, e.g. five."
        );
        assert_eq!(
            capitalize_sentences("9.1 square km. 45 of them"),
            "9.1 square km. 45 of them"
        );
        assert_eq!(
            capitalize_sentences("(see section 4). two"),
            "(See section 4). Two"
        );
        assert_eq!(capitalize_sentences("  two"), "  Two");
    }
}
