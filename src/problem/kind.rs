//! The catalogue of problems: every kind of problem a user can be told about, with its
//! message, severity and hint. Each area of the tool has its own enum of kinds (reading the
//! files, checking the workbooks, running the sections, writing the outputs); a
//! `ProblemKind` is one of them.

use std::fmt;

use super::output::OutputProblem;
use super::section::SectionProblem;
use super::Severity;

/// What every kind of problem says about itself.
pub trait Kind: fmt::Display {
    fn severity(&self) -> Severity;
    /// What to do about it, when there is something to say.
    fn hint(&self) -> Option<String> {
        None
    }
    /// The value found, as shown in the Problems sheet.
    fn found(&self) -> Option<String> {
        None
    }
    /// What was expected, in words, as shown in the Problems sheet.
    fn expected(&self) -> Option<String> {
        None
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProblemKind {
    /// Transitional: a message made where the problem is found, not yet in the catalogue.
    Legacy(Legacy),
    /// Raised by the section plugins (src/sections).
    Section(SectionProblem),
    /// Found while writing the outputs (src/write).
    Output(OutputProblem),
}

/// A problem whose message is made where it is found (being moved into the catalogue).
#[derive(Clone, Debug, PartialEq)]
pub struct Legacy {
    pub severity: Severity,
    pub message: String,
    pub found: Option<String>,
    pub expected: Option<String>,
    pub hint: Option<String>,
}

impl fmt::Display for Legacy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Kind for Legacy {
    fn severity(&self) -> Severity {
        self.severity
    }
    fn hint(&self) -> Option<String> {
        self.hint.clone()
    }
    fn found(&self) -> Option<String> {
        self.found.clone()
    }
    fn expected(&self) -> Option<String> {
        self.expected.clone()
    }
}

impl ProblemKind {
    fn inner(&self) -> &dyn Kind {
        match self {
            ProblemKind::Legacy(k) => k,
            ProblemKind::Section(k) => k,
            ProblemKind::Output(k) => k,
        }
    }

    pub fn severity(&self) -> Severity {
        self.inner().severity()
    }

    pub fn hint(&self) -> Option<String> {
        self.inner().hint()
    }

    pub fn found(&self) -> Option<String> {
        self.inner().found()
    }

    pub fn expected(&self) -> Option<String> {
        self.inner().expected()
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner().fmt(f)
    }
}

impl From<Legacy> for ProblemKind {
    fn from(k: Legacy) -> Self {
        ProblemKind::Legacy(k)
    }
}

impl From<SectionProblem> for ProblemKind {
    fn from(k: SectionProblem) -> Self {
        ProblemKind::Section(k)
    }
}

impl From<OutputProblem> for ProblemKind {
    fn from(k: OutputProblem) -> Self {
        ProblemKind::Output(k)
    }
}
