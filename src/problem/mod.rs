//! Problems found in workbooks and plugins: collected rather than fatal, each with its place.
//!
//! A problem renders on one line the way a spreadsheet user reads it:
//! `error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14: expected a date, found "end of 2011"`,
//! followed by an indented hint when there is one. The same fields fill the Problems sheet.

mod kind;
pub mod output;
mod place;
mod section;

use std::fmt;

pub use kind::{Kind, Legacy, ProblemKind};
pub use output::{OutputProblem, Whole};
pub use place::Place;
pub use section::SectionProblem;

use crate::text::grammar::count;

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

    // The builders below make a problem of the transitional `Legacy` kind, whose message is
    // made where the problem is found. Each area moves its messages into the catalogue.

    pub fn error(place: Place, message: impl Into<String>) -> Self {
        Self::legacy(Severity::Error, place, message)
    }

    pub fn warning(place: Place, message: impl Into<String>) -> Self {
        Self::legacy(Severity::Warning, place, message)
    }

    pub fn legacy(severity: Severity, place: Place, message: impl Into<String>) -> Self {
        Problem::new(
            place,
            ProblemKind::Legacy(Legacy {
                severity,
                message: message.into(),
                found: None,
                expected: None,
                hint: None,
            }),
        )
    }

    fn legacy_mut(&mut self) -> &mut Legacy {
        #[allow(unreachable_patterns)] // until the catalogue has its first kinds
        match &mut self.kind {
            ProblemKind::Legacy(l) => l,
            _ => panic!("only a legacy problem is built field by field"),
        }
    }

    pub fn with_found(mut self, found: impl Into<String>) -> Self {
        self.legacy_mut().found = Some(found.into());
        self
    }

    pub fn with_expected(mut self, expected: impl Into<String>) -> Self {
        self.legacy_mut().expected = Some(expected.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.legacy_mut().hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if let Some(hint) = hint {
            self.legacy_mut().hint = Some(hint);
        }
        self
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

    #[test]
    fn renders_location_and_hint() {
        let p = Problem::error(
            Place::cell("workbooks/stockpiles.xlsx", "Stockpiles", 13, 2),
            "expected a date, found \"end of 2011\"",
        )
        .with_hint("type the date as 2011-12-31");
        assert_eq!(
            p.to_string(),
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14: expected a date, found \"end of 2011\"\n  hint: type the date as 2011-12-31"
        );
    }

    #[test]
    fn summary_counts() {
        let mut ps = Problems::new();
        assert_eq!(ps.summary(), "no problems");
        ps.push(Problem::warning(Place::file("a"), "w"));
        assert_eq!(ps.summary(), "one warning");
        ps.push(Problem::error(Place::file("a"), "e"));
        ps.push(Problem::error(Place::file("a"), "e"));
        assert_eq!(ps.summary(), "two errors and one warning");
    }
}
