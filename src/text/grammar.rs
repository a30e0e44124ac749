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
    const LINKS: [&str; 15] = [
        "with", "in", "of", "not", "that", "which", "to", "from", "under", "for", "on", "at",
        "whose", "having", "by",
    ];
    let mut head = words.len() - 1;
    for (i, w) in words.iter().enumerate().skip(1) {
        if LINKS.contains(&w.to_lowercase().as_str()) {
            head = i - 1;
            break;
        }
    }
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
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

/// 1 → "first" … 10 → "tenth", then "11th", "22nd", "103rd".
pub fn ordinal(n: i64) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    if (1..=10).contains(&n) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(capitalize("two instances"), "Two instances");
        assert_eq!(agree(1, "was", "were"), "was");
    }
}
