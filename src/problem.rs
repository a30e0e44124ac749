//! Problems found in workbooks and plugins: collected rather than fatal, each with its location.
//!
//! A problem renders on one line the way a spreadsheet user reads it:
//! `error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14: expected a date, found "end of 2011"`,
//! followed by an indented hint when there is one. The same fields fill the Problems sheet.

use std::fmt;

use crate::grammar::count;

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

/// Where a problem is: a workbook (with sheet and cell) or a plugin (with line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// Path relative to the project folder, with forward slashes: `workbooks/states.xlsx`.
    pub file: String,
    pub sheet: Option<String>,
    /// A1 reference of a cell, or a row (`row 14`) when no single cell is to blame.
    pub cell: Option<String>,
    /// Line in a plugin file.
    pub line: Option<u32>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    pub fn sheet(file: impl Into<String>, sheet: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            ..Location::default()
        }
    }

    pub fn cell(
        file: impl Into<String>,
        sheet: impl Into<String>,
        cell: impl Into<String>,
    ) -> Self {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: Some(cell.into()),
            line: None,
        }
    }

    pub fn line(file: impl Into<String>, line: Option<u32>) -> Self {
        Location {
            file: file.into(),
            line,
            ..Location::default()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet {sheet}")?;
        }
        if let Some(cell) = &self.cell {
            if cell.starts_with("row ") || cell.starts_with("column ") {
                write!(f, ", {cell}")?;
            } else {
                write!(f, ", cell {cell}")?;
            }
        }
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub location: Location,
    /// The whole sentence after the location, e.g. `expected a date, found "end of 2011"`.
    pub message: String,
    /// The value found, as shown to the user (for the Problems sheet).
    pub found: Option<String>,
    /// What was expected, in words (for the Problems sheet).
    pub expected: Option<String>,
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(severity: Severity, location: Location, message: impl Into<String>) -> Self {
        Problem {
            severity,
            location,
            message: message.into(),
            found: None,
            expected: None,
            hint: None,
        }
    }

    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, location, message)
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, location, message)
    }

    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.severity.as_str(),
            self.location,
            self.message
        )?;
        if let Some(hint) = &self.hint {
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
            Location::cell("workbooks/stockpiles.xlsx", "Stockpiles", "C14"),
            "expected a date, found \"end of 2011\"",
        )
        .hint("type the date as 2011-12-31");
        assert_eq!(
            p.to_string(),
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14: expected a date, found \"end of 2011\"\n  hint: type the date as 2011-12-31"
        );
    }

    #[test]
    fn summary_counts() {
        let mut ps = Problems::new();
        assert_eq!(ps.summary(), "no problems");
        ps.push(Problem::warning(Location::file("a"), "w"));
        assert_eq!(ps.summary(), "one warning");
        ps.push(Problem::error(Location::file("a"), "e"));
        ps.push(Problem::error(Location::file("a"), "e"));
        assert_eq!(ps.summary(), "two errors and one warning");
    }
}
