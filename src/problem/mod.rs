//! Problems found in workbooks and plugins: collected rather than fatal, each with its place.
//!
//! A problem renders on one line the way a spreadsheet user reads it:
//! `error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14: expected a date, found "end of 2011"`,
//! followed by an indented hint when there is one. The same fields fill the Problems sheet.

mod check;
#[cfg(test)]
mod docs;
pub mod file;
mod input;
mod kind;
pub mod output;
mod place;
mod review;
mod section;
pub mod terminal;

use std::fmt;

pub use check::{CellProblem, DictionaryProblem, MissingColumn, SettingProblem, SheetProblem};
pub use input::{InputProblem, ReadFailure, ReadNote};
pub use kind::{Kind, ProblemKind};
pub use output::{OutputProblem, Whole};
pub use place::Place;
pub use review::{Named, ReviewProblem, Text};
pub use section::SectionProblem;

use crate::text::grammar::count;

/// The indent of a line break inside a problem printed on a terminal.
const CONTINUED: &str = "    ";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem: where it is and what it is. Its severity, message, hint and the "found" and
/// "expected" columns of the Problems sheet all come from its kind, so that every text a
/// user can see is in the catalogue (`kind`).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub place: Place,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn new(place: Place, kind: impl Into<ProblemKind>) -> Self {
        Problem {
            place,
            kind: kind.into(),
        }
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// The sentence after the place, e.g. `expected a date, found "end of 2011"`.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    pub fn hint(&self) -> Option<String> {
        self.kind.hint()
    }

    /// The value found, as shown to the user (for the Problems sheet).
    pub fn found(&self) -> Option<String> {
        self.kind.found()
    }

    /// What was expected, in words (for the Problems sheet).
    pub fn expected(&self) -> Option<String> {
        self.kind.expected()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// The problem as printed on a terminal: as `Display` shows it, with control and
    /// invisible characters shown as `<U+XXXX>` (`terminal::visible`) and each line break
    /// inside the place, the message or the hint followed by an indent, so that no text of a
    /// workbook or a plugin can begin a line of its own.
    pub fn for_terminal(&self) -> String {
        let first = format!("{}: ", self.severity().as_str());
        let text = format!("{}: {}", self.place, self.kind);
        let mut out = terminal::lines(&first, &text, CONTINUED);
        if let Some(hint) = self.hint() {
            out.push('\n');
            out.push_str(&terminal::lines("  hint: ", &hint, CONTINUED));
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.severity().as_str(),
            self.place,
            self.kind
        )?;
        if let Some(hint) = self.hint() {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem of one run, in the order found.
#[derive(Clone, Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, problem: Problem) {
        self.list.push(problem);
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.list.extend(problems);
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn errors(&self) -> usize {
        self.list.iter().filter(|p| p.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.list.len() - self.errors()
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Problem::is_error)
    }

    /// "2 errors and 1 warning", or "no problems".
    pub fn summary(&self) -> String {
        match (self.errors(), self.warnings()) {
            (0, 0) => "no problems".to_string(),
            (e, 0) => count(e as i64, "error"),
            (0, w) => count(w as i64, "warning"),
            (e, w) => format!(
                "{} and {}",
                count(e as i64, "error"),
                count(w as i64, "warning")
            ),
        }
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Value;

    #[test]
    fn renders_place_message_and_hint() {
        let p = Problem::new(
            Place::cell("workbooks/stockpiles.xlsx", "Stockpiles", 13, 2),
            CellProblem::NotADate {
                found: Value::text("end of 2011"),
            },
        );
        assert_eq!(
            p.to_string(),
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14: expected a date, found \"end of 2011\"\n  hint: type a date such as 2011-09-13, or leave the cell empty if it is not known"
        );
    }

    #[test]
    fn on_a_terminal_nothing_in_a_problem_starts_a_line_or_hides() {
        let p = Problem::new(
            Place::plugin("plugins/06_\u{1b}[2K.lua", Some(3)),
            SectionProblem::NotLoaded {
                reason: "ok\nerror: forged\u{1b}[1A\u{1b}[2K".into(),
                trace: vec!["one\r\nFinished with no problems.".into()],
            },
        );
        assert_eq!(
            p.for_terminal(),
            "error: plugins/06_<U+001B>[2K.lua, line 3: the section plugin cannot be loaded: ok\n    error: forged<U+001B>[1A<U+001B>[2K\n  hint: called from one<U+000D>\n    Finished with no problems."
        );
        // Display, for the Problems sheet and the tests, is unchanged.
        assert!(p.to_string().contains("ok\nerror: forged\u{1b}"));
    }

    #[test]
    fn summary_counts() {
        let mut ps = Problems::new();
        assert_eq!(ps.summary(), "no problems");
        ps.push(Problem::new(Place::file("a"), InputProblem::NotAWorkbook));
        assert_eq!(ps.summary(), "one warning");
        let unreadable = || InputProblem::FileUnreadable(ReadFailure::Empty);
        ps.push(Problem::new(Place::file("a"), unreadable()));
        ps.push(Problem::new(Place::file("a"), unreadable()));
        assert_eq!(ps.summary(), "two errors and one warning");
    }
}
