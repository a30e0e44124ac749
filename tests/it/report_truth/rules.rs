//! Rules that every sentence of a report's narrative must follow, whatever the data: agreement
//! of counts, nouns and verbs; zero written as "no" or "none" (and taking the singular);
//! capitals at the start of every sentence; UN editorial style for numbers (one to nine in
//! words, 10 and more in figures, a series all in figures when one of its numbers is 10 or
//! more, no sentence starting with a figure below 10); no double negative; no trace of a list
//! or a value that came out empty.
//!
//! The rules read words, not grammar: they know the nouns and verbs of the report and look at
//! the few words around a number. `check_report` applies them to report.md and says, for each
//! sentence that breaks one, which rule and where.

/// The nouns the report counts, in the singular and the plural.
const NOUNS: [(&str, &str); 33] = [
    ("State", "States"),
    ("State Party", "States Parties"),
    ("signatory", "signatories"),
    ("report", "reports"),
    ("step", "steps"),
    ("view", "views"),
    ("partner", "partners"),
    ("contribution", "contributions"),
    ("instance", "instances"),
    ("casualty", "casualties"),
    ("cluster munition", "cluster munitions"),
    ("submunition", "submunitions"),
    ("activity", "activities"),
    ("reaction", "reactions"),
    ("démarche", "démarches"),
    ("statement", "statements"),
    ("expression", "expressions"),
    ("organisation", "organisations"),
    ("network", "networks"),
    ("day", "days"),
    ("month", "months"),
    ("year", "years"),
    ("form", "forms"),
    ("deadline", "deadlines"),
    ("allegation", "allegations"),
    ("record", "records"),
    ("action", "actions"),
    ("transparency report", "transparency reports"),
    ("initial report", "initial reports"),
    ("annual report", "annual reports"),
    ("civil society organisation", "civil society organisations"),
    ("international organisation", "international organisations"),
    ("new casualty", "new casualties"),
];

const WORDS: [&str; 9] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A broken rule: which one, and the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    pub rule: &'static str,
    pub detail: String,
    pub sentence: String,
}

/// The sentences of the narrative of a report.md: paragraphs and bullets split into sentences,
/// with the heading of the section they are in. The title block (before the first section)
/// and the headings themselves are left out, and so are the rows of tables.
pub fn sentences(report: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    for line in report.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.to_string();
            continue;
        }
        // A table's rows (a table of the report, or a chart's values) are figures, not
        // sentences: the rules of prose (numbers in words below 10, zero as "no") are not theirs.
        if section.is_empty() || line.trim().is_empty() || line.starts_with(['#', '|']) {
            continue;
        }
        let text = line.strip_prefix("- ").unwrap_or(line);
        for sentence in split_sentences(text) {
            out.push((section.clone(), sentence));
        }
    }
    out
}

/// A paragraph split after each full stop, question mark or exclamation mark followed by a
/// space, except after "e.g." and the like.
pub fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        current.push(*c);
        let ends = matches!(c, '.' | '?' | '!') && chars.get(i + 1) == Some(&' ');
        let abbreviation = ["e.g.", "i.e.", "No.", "etc."]
            .iter()
            .any(|a| current.ends_with(a));
        if ends && !abbreviation {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// Every breach of every rule in a paragraph: its sentences, each checked.
pub fn check_text(text: &str) -> Vec<Breach> {
    split_sentences(text)
        .iter()
        .flat_map(|s| check_sentence(s))
        .collect()
}

/// Every breach of every rule in the narrative of a report.md.
pub fn check_report(report: &str) -> Vec<Breach> {
    sentences(report)
        .iter()
        .flat_map(|(_, s)| check_sentence(s))
        .collect()
}

/// A word of a sentence, without the punctuation around it, and the punctuation after it.
#[derive(Debug, Clone)]
struct Token {
    word: String,
    /// Punctuation that follows the word (",", ";", ":", ".", ")"), if any.
    after: String,
    /// Whether "(" comes before the word.
    opens: bool,
}

fn tokens(sentence: &str) -> Vec<Token> {
    sentence
        .split_whitespace()
        .map(|raw| {
            let opens = raw.starts_with('(');
            let word = raw.trim_start_matches(['(', '"', '“']);
            let end = word
                .char_indices()
                .rev()
                .take_while(|(_, c)| {
                    matches!(c, ',' | ';' | ':' | '.' | ')' | '?' | '!' | '"' | '”')
                })
                .last()
                .map(|(i, _)| i)
                .unwrap_or(word.len());
            Token {
                word: word[..end].to_string(),
                after: word[end..].to_string(),
                opens,
            }
        })
        .collect()
}

/// A number as a count: a word from one to nine, or figures ("14", "1,234", "9.1").
fn value(word: &str) -> Option<f64> {
    if let Some(i) = WORDS.iter().position(|w| w.eq_ignore_ascii_case(word)) {
        return Some(i as f64 + 1.0);
    }
    if word.is_empty() || !word.chars().next().unwrap().is_ascii_digit() {
        return None;
    }
    if !word
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    word.replace(',', "").parse().ok()
}

fn is_figure(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether the number at `i` counts something, rather than naming an action, an Article, a
/// section, a year or the day of a date.
fn is_count(t: &[Token], i: usize) -> bool {
    let word = &t[i].word;
    if value(word).is_none() {
        return false;
    }
    let next = t.get(i + 1).map(|n| n.word.as_str()).unwrap_or("");
    // A day of a date, or a year.
    if MONTHS.contains(&next) || (word.len() == 4 && is_figure(word) && !word.contains(',')) {
        return false;
    }
    if next == "%" || word.ends_with('%') {
        return false;
    }
    // Numbers after "action", "Article", "section", "Form", and the numbers of a list of them
    // ("actions 24, 25 and 27 to 29"); a bracket starts a phrase of its own ("action 14 (three)").
    const KEYWORDS: [&str; 11] = [
        "action", "actions", "Action", "Actions", "Article", "Articles", "article", "section",
        "sections", "Form", "Forms",
    ];
    let mut j = i;
    while j > 0 && !t[j].opens {
        let before = &t[j - 1];
        if KEYWORDS.contains(&before.word.as_str()) && before.after.is_empty() {
            return false;
        }
        let join = ["and", "or", "to"].contains(&before.word.as_str()) && before.after.is_empty();
        // A number before a join or a comma is one of the list ("3, 4 and 5").
        let joined = t[j].word == "and" || t[j].word == "or" || t[j].word == "to";
        let listed = value(&before.word).is_some() && (before.after == "," || joined);
        if !(join || listed) {
            break;
        }
        j -= 1;
    }
    true
}

/// The noun that follows the number at `i`, if it is one the report counts: (singular?, the
/// noun as written).
fn noun_after(t: &[Token], i: usize) -> Option<(bool, String)> {
    if t[i].after.is_empty() {
        // Longest match first: "State Party" before "State".
        let mut best: Option<(bool, String)> = None;
        for (one, many) in NOUNS {
            for (singular, form) in [(true, one), (false, many)] {
                let n = form.split(' ').count();
                if i + n >= t.len() {
                    continue;
                }
                let words: Vec<&str> = t[i + 1..=i + n].iter().map(|t| t.word.as_str()).collect();
                let separated = t[i + 1..i + n].iter().any(|t| !t.after.is_empty());
                if !separated
                    && words.join(" ") == form
                    && best.as_ref().is_none_or(|(_, b)| b.len() < form.len())
                {
                    best = Some((singular, form.to_string()));
                }
            }
        }
        return best;
    }
    None
}

/// The verbs whose number the rules check.
fn verb_number(word: &str) -> Option<bool> {
    match word {
        "has" | "was" | "is" => Some(true),
        "have" | "were" | "are" => Some(false),
        _ => None,
    }
}

/// The breaches of one sentence.
pub fn check_sentence(sentence: &str) -> Vec<Breach> {
    let mut out = Vec::new();
    let mut breach = |rule: &'static str, detail: String| {
        out.push(Breach {
            rule,
            detail,
            sentence: sentence.to_string(),
        });
    };
    let t = tokens(sentence);
    if t.is_empty() {
        return out;
    }

    // Traces of an empty list or value, and of code.
    for trace in [
        " ,", " .", " ;", " :", "()", "( ", " )", "  ", "%s", "%d", "nil", "..", ": .",
    ] {
        if sentence.contains(trace) {
            breach("empty value", format!("the text holds {trace:?}"));
        }
    }
    for pair in t.windows(2) {
        if pair[0].after.is_empty()
            && pair[0].word.eq_ignore_ascii_case(&pair[1].word)
            && pair[0].word.chars().all(char::is_alphabetic)
        {
            breach(
                "empty value",
                format!("the word {:?} is repeated", pair[0].word),
            );
        }
    }

    // Capitals: a sentence starts with a capital letter, or with figures of 10 or more.
    let first = sentence
        .trim_start_matches(['(', '"', '“'])
        .chars()
        .next()
        .unwrap_or(' ');
    if first.is_lowercase() {
        breach("capitals", "the sentence starts with a small letter".into());
    }
    if first.is_ascii_digit() && value(&t[0].word).is_some_and(|v| v < 10.0) && is_count(&t, 0) {
        breach(
            "digits",
            "the sentence starts with a figure below 10".into(),
        );
    }

    for (i, token) in t.iter().enumerate() {
        let word = token.word.as_str();
        let lower = word.to_lowercase();
        let counted = is_count(&t, i);

        // Zero is "no" or "none", never "0".
        if word == "0" && counted {
            breach("zero", "a count of zero is written \"0\"".into());
        }
        // "none" stands alone: "none of them", "none had": never "none steps".
        if lower == "none" && token.after.is_empty() {
            if let Some((_, noun)) = noun_after(&t, i) {
                breach(
                    "zero",
                    format!("\"none {noun}\" (a count of zero before a noun is \"no\")"),
                );
            }
            if let Some(next) = t.get(i + 1) {
                if ["a", "an", "the"].contains(&next.word.as_str()) {
                    breach("zero", format!("\"none {}\"", next.word));
                }
            }
        }

        // A number and its noun agree; zero ("no") takes the singular.
        if counted || lower == "no" {
            let one = lower == "no" || value(word) == Some(1.0);
            if let Some((singular, noun)) = noun_after(&t, i) {
                if one && !singular {
                    breach(
                        "agreement",
                        format!("\"{word} {noun}\": one and zero take the singular"),
                    );
                }
                if !one && singular && value(word).is_some() {
                    breach(
                        "agreement",
                        format!("\"{word} {noun}\": more than one takes the plural"),
                    );
                }
                // The verb of the subject, within the clause: "one State Party with victims has".
                let start = i + 1 + noun.split(' ').count();
                for (k, next) in t.iter().enumerate().skip(start).take(6) {
                    if !t[k - 1].after.is_empty() {
                        break;
                    }
                    if let Some(is_singular) = verb_number(&next.word) {
                        if is_singular != one && starts_clause(&t, i) {
                            breach(
                                "agreement",
                                format!(
                                    "\"{word} {noun} ... {}\": the verb does not agree",
                                    next.word
                                ),
                            );
                        }
                        break;
                    }
                }
            }
        }

        // "none of ... has", "neither ... has", "k of the n ... has/have".
        let part_of =
            counted && t.get(i + 1).is_some_and(|n| n.word == "of") && starts_clause(&t, i);
        if lower == "none" || lower == "neither" || part_of {
            let singular = lower == "none" || lower == "neither" || value(word) == Some(1.0);
            for (k, next) in t.iter().enumerate().skip(i + 1).take(10) {
                if let Some(is_singular) = verb_number(&next.word) {
                    if is_singular != singular {
                        breach(
                            "agreement",
                            format!("\"{word} ... {}\": the verb does not agree", next.word),
                        );
                    }
                    break;
                }
                if !t[k].after.is_empty() && t[k].after != "," {
                    break;
                }
            }
        }

        // UN style: "one of the one", "all 1", "all 2" (both).
        if lower == "all"
            && token.after.is_empty()
            && t.get(i + 1)
                .is_some_and(|n| matches!(n.word.as_str(), "1" | "one" | "2" | "two"))
        {
            breach("agreement", format!("\"all {}\"", t[i + 1].word));
        }
        // Of two, "neither", not "none".
        if lower == "none"
            && t.get(i + 1).is_some_and(|n| n.word == "of")
            && t.get(i + 2).is_some_and(|n| n.word == "the")
            && t.get(i + 3)
                .is_some_and(|n| n.word == "two" || n.word == "2")
        {
            breach(
                "agreement",
                "\"none of the two\": of two, it is \"neither\"".into(),
            );
        }
        if lower == "the"
            && t.get(i + 1)
                .is_some_and(|n| n.word == "one" || n.word == "1")
            && noun_after(&t, i + 1).is_some()
        {
            breach(
                "agreement",
                "\"the one ...\" counts a single thing as a number".into(),
            );
        }
    }

    // Digits: one to nine in words, unless in a series with a figure of 10 or more.
    let counts: Vec<usize> = (0..t.len()).filter(|&i| is_count(&t, i)).collect();
    let any_large = counts
        .iter()
        .any(|&i| value(&t[i].word).is_some_and(|v| v >= 10.0 || v.fract() != 0.0));
    for &i in &counts {
        let v = value(&t[i].word).unwrap();
        if is_figure(&t[i].word) && v < 10.0 && v.fract() == 0.0 && v != 0.0 && !any_large {
            breach(
                "digits",
                format!(
                    "\"{}\" in figures, with no number of 10 or more in the sentence",
                    t[i].word
                ),
            );
        }
    }
    // A series: the counts in brackets, the counts after a colon, "k of the n": all in figures
    // when one of them is 10 or more.
    for series in series_of(&t) {
        let large = series
            .iter()
            .any(|&i| value(&t[i].word).is_some_and(|v| v >= 10.0));
        let words: Vec<&str> = series
            .iter()
            .filter(|&&i| !is_figure(&t[i].word) && i != 0)
            .map(|&i| t[i].word.as_str())
            .collect();
        if large && !words.is_empty() {
            breach(
                "digits",
                format!("a series with a number of 10 or more has {words:?} in words"),
            );
        }
    }

    // No double negative within a clause.
    let mut clause_negative = false;
    let mut clause_not = false;
    for (i, token) in t.iter().enumerate() {
        let lower = token.word.to_lowercase();
        // "State not party" names a State; it is not a negation.
        let not_party = lower == "not"
            && t.get(i + 1)
                .is_some_and(|n| n.word == "party" || n.word == "parties");
        if not_party {
            continue;
        }
        if ["no", "none", "neither", "nothing", "nobody"].contains(&lower.as_str()) {
            clause_negative = true;
        }
        if lower == "not" || lower.ends_with("n't") {
            clause_not = true;
        }
        if clause_negative && clause_not {
            breach(
                "double negative",
                "a negative count and \"not\" in one clause".into(),
            );
            clause_negative = false;
            clause_not = false;
        }
        if matches!(token.after.as_str(), ";" | ":" | ".") {
            clause_negative = false;
            clause_not = false;
        }
    }
    out
}

/// Whether the count at `i` is the subject of its clause: the first count of the sentence or of
/// a clause after a semicolon or a colon.
fn starts_clause(t: &[Token], i: usize) -> bool {
    // "none of the 12 States Parties ... has": the number after "of the" is not the subject.
    if i >= 2 && t[i - 1].word == "the" && t[i - 2].word.eq_ignore_ascii_case("of") {
        return false;
    }
    let start = (0..i)
        .rev()
        .find(|&k| matches!(t[k].after.as_str(), ";" | ":"))
        .map_or(0, |k| k + 1);
    (start..t.len()).find(|&k| is_count(t, k) || t[k].word.eq_ignore_ascii_case("no")) == Some(i)
}

/// The series of a sentence, as lists of token indexes: counts in brackets ("(5 contributions)",
/// "(two)"), counts that start the items of a list after a colon, and "k of the n".
fn series_of(t: &[Token]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let bracketed: Vec<usize> = (0..t.len())
        .filter(|&i| t[i].opens && is_count(t, i))
        .collect();
    if bracketed.len() > 1 {
        out.push(bracketed);
    }
    if let Some(colon) = t.iter().position(|t| t.after == ":") {
        let mut items = Vec::new();
        let mut start = colon + 1;
        while start < t.len() {
            if is_count(t, start) {
                items.push(start);
            }
            let end = (start..t.len())
                .find(|&k| {
                    t[k].after == ","
                        || t[k].after == ";"
                        || t.get(k + 1).is_some_and(|n| n.word == "and")
                })
                .unwrap_or(t.len() - 1);
            start = if t.get(end + 1).is_some_and(|n| n.word == "and") {
                end + 2
            } else {
                end + 1
            };
        }
        if items.len() > 1 {
            out.push(items);
        }
    }
    for i in 0..t.len() {
        if is_count(t, i)
            && t.get(i + 1).is_some_and(|n| n.word == "of")
            && t.get(i + 2).is_some_and(|n| n.word == "the")
            && t.get(i + 3).is_some_and(|n| value(&n.word).is_some())
        {
            out.push(vec![i, i + 3]);
        }
    }
    out
}
