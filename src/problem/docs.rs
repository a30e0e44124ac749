//! docs/workbooks.md lists the problems a user can be told about, each message quoted with
//! what it means and how to fix it. The quotes are held to the catalogue here: between the
//! markers `<!-- messages: begin -->` and `<!-- messages: end -->`, the first cell of each
//! table row quotes messages in backticks, and
//!
//! - every quote is the message of one of the catalogue's examples, or its beginning when it
//!   ends with "…" (the rest of such messages is usually the advice the table gives);
//! - every example of the catalogue is quoted;
//! - "(warning)" follows a quote exactly when its messages are warnings;
//! - "(hint: …)" after a quote is the example's hint, or its beginning.
//!
//! When this test fails it names each message the docs lack or misquote, ready to paste.

use super::check::CheckProblem;
use super::{InputProblem, OutputProblem, ProblemKind, ReviewProblem, Severity};

const BEGIN: &str = "<!-- messages: begin";
const END: &str = "<!-- messages: end";

/// Every example of the catalogue's areas that docs/workbooks.md documents.
fn examples() -> Vec<ProblemKind> {
    let input = InputProblem::examples().into_iter().map(ProblemKind::from);
    let check = CheckProblem::examples().into_iter().map(ProblemKind::from);
    let review = ReviewProblem::examples().into_iter().map(ProblemKind::from);
    let output = OutputProblem::examples().into_iter().map(ProblemKind::from);
    input.chain(check).chain(review).chain(output).collect()
}

/// A quoted message in the docs, with what follows it up to the next quote.
struct Quote<'a> {
    line: usize,
    text: &'a str,
    after: &'a str,
}

/// The quotes in the first cell of each table row between the markers.
fn quotes(doc: &str) -> Vec<Quote<'_>> {
    let mut inside = false;
    let mut found = Vec::new();
    for (i, line) in doc.lines().enumerate() {
        if line.starts_with(BEGIN) {
            inside = true;
        } else if line.starts_with(END) {
            inside = false;
        }
        let Some(row) = line.strip_prefix("| ").filter(|_| inside) else {
            continue;
        };
        let cell = row.split(" | ").next().unwrap_or("");
        let parts: Vec<&str> = cell.split('`').collect();
        // parts: text, quote, text, quote, …, text
        for q in (1..parts.len()).step_by(2) {
            found.push(Quote {
                line: i + 1,
                text: parts[q],
                after: parts.get(q + 1).copied().unwrap_or(""),
            });
        }
    }
    found
}

/// The examples a quote stands for: its message, or the messages it begins.
fn matches<'e>(
    quote: &str,
    examples: &'e [(String, ProblemKind)],
) -> Vec<&'e (String, ProblemKind)> {
    match quote.strip_suffix('…') {
        Some(start) => {
            let start = start.trim_end();
            examples
                .iter()
                .filter(|(m, _)| m.starts_with(start))
                .collect()
        }
        None => examples.iter().filter(|(m, _)| m == quote).collect(),
    }
}

/// What is wrong with the docs' quotes, one line each.
fn check_quotes(doc: &str) -> Vec<String> {
    let examples: Vec<(String, ProblemKind)> =
        examples().into_iter().map(|k| (k.to_string(), k)).collect();
    let mut wrong = Vec::new();
    let mut covered = vec![false; examples.len()];
    for quote in quotes(doc) {
        let at = format!("docs/workbooks.md:{}", quote.line);
        let found = matches(quote.text, &examples);
        if found.is_empty() {
            wrong.push(format!(
                "{at}: `{}` is not the message of an example of the catalogue (src/problem), nor its beginning followed by \"…\"",
                quote.text
            ));
            continue;
        }
        for (m, _) in &found {
            if let Some(i) = examples.iter().position(|(e, _)| e == m) {
                covered[i] = true;
            }
        }
        let warnings = found
            .iter()
            .filter(|(_, k)| k.severity() == Severity::Warning)
            .count();
        let says_warning = quote.after.contains("(warning)");
        if warnings == found.len() && !says_warning {
            wrong.push(format!(
                "{at}: `{}` is a warning: add \"(warning)\" after it",
                quote.text
            ));
        } else if warnings == 0 && says_warning {
            wrong.push(format!("{at}: `{}` is an error, not a warning", quote.text));
        } else if warnings != 0 && warnings != found.len() {
            wrong.push(format!(
                "{at}: `{}` begins both errors and warnings: quote more of each",
                quote.text
            ));
        }
        if let Some(hint) = quote.after.split("(hint: ").nth(1) {
            let hint = hint.rsplit_once(')').map_or(hint, |(h, _)| h);
            let hint = hint.trim_end_matches('…').trim_end();
            let fits = found
                .iter()
                .all(|(_, k)| k.hint().is_some_and(|h| h.starts_with(hint)));
            if !fits {
                let actual: Vec<String> = found.iter().filter_map(|(_, k)| k.hint()).collect();
                wrong.push(format!(
                    "{at}: the hint of `{}` is {actual:?}, not \"{hint}\"",
                    quote.text
                ));
            }
        }
    }
    for ((message, kind), covered) in examples.iter().zip(covered) {
        if !covered {
            let warning = if kind.severity() == Severity::Warning {
                " (warning)"
            } else {
                ""
            };
            wrong.push(format!(
                "docs/workbooks.md does not quote this example of the catalogue; add a row, or add it to a row:\n| `{message}`{warning} | … | … |"
            ));
        }
    }
    wrong
}

#[test]
fn the_docs_quote_every_message_of_the_catalogue_as_it_is() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/workbooks.md");
    let doc = std::fs::read_to_string(path).expect("docs/workbooks.md");
    assert!(
        doc.contains(BEGIN) && doc.contains(END),
        "the markers are missing"
    );
    let wrong = check_quotes(&doc);
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn the_check_finds_misquotes_missing_messages_and_wrong_severities() {
    let doc = "<!-- messages: begin -->\n\
        | message | means |\n\
        |---|---|\n\
        | `the sheet is empty` | x |\n\
        | `expected a date, found \"end of 2011\"` (warning) | x |\n\
        | `the file is empty (0 bytes): …` / `the sheet is emptyy` | x |\n\
        | `the required column \"Reaction\" is missing` (hint: did you mean \"Note\"?) | x |\n\
        <!-- messages: end -->\n\
        | `not checked` | x |\n";
    let wrong = check_quotes(doc).join("\n");
    assert!(
        wrong.contains(":4: `the sheet is empty` is a warning"),
        "{wrong}"
    );
    assert!(wrong.contains(":5: `expected a date, found \"end of 2011\"` is an error"));
    assert!(wrong.contains(":6: `the sheet is emptyy` is not the message"));
    assert!(!wrong.contains("the file is empty (0 bytes)"));
    assert!(wrong.contains(":7: the hint of `the required column \"Reaction\" is missing`"));
    assert!(!wrong.contains("not checked"));
    assert!(wrong.contains(
        "| `the column \"Note\" is missing; it is treated as empty` (warning) | … | … |"
    ));
}

#[test]
fn the_examples_are_told_apart() {
    let mut messages: Vec<String> = examples().iter().map(ToString::to_string).collect();
    let all = messages.len();
    messages.sort();
    messages.dedup();
    assert_eq!(messages.len(), all, "two examples with the same message");
    assert!(messages.iter().all(|m| !m.trim().is_empty()));
}
