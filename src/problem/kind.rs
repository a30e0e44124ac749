//! The catalogue of problems: every kind of problem a user can be told about, with its
//! message, severity and hint. Each area of the tool has its own enum of kinds (reading the
//! files, checking the workbooks, running the sections, reviewing the report, writing the
//! outputs); a `ProblemKind` is one of them.

use std::fmt;

use super::check::CheckProblem;
use super::input::InputProblem;
use super::output::OutputProblem;
use super::review::ReviewProblem;
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
    /// Raised by the section plugins (src/sections).
    Section(SectionProblem),
    /// Files, and reading them (problem/input.rs).
    Input(InputProblem),
    /// Checking the workbooks against the dictionary (problem/check.rs).
    Check(CheckProblem),
    /// Reviewing the assembled report before it is written (problem/review.rs).
    Review(ReviewProblem),
    /// Found while writing the outputs (src/write, problem/output.rs).
    Output(OutputProblem),
}

impl ProblemKind {
    fn inner(&self) -> &dyn Kind {
        match self {
            ProblemKind::Section(k) => k,
            ProblemKind::Input(k) => k,
            ProblemKind::Check(k) => k,
            ProblemKind::Review(k) => k,
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

impl From<SectionProblem> for ProblemKind {
    fn from(k: SectionProblem) -> Self {
        ProblemKind::Section(k)
    }
}

impl From<InputProblem> for ProblemKind {
    fn from(k: InputProblem) -> Self {
        ProblemKind::Input(k)
    }
}

impl From<CheckProblem> for ProblemKind {
    fn from(k: CheckProblem) -> Self {
        ProblemKind::Check(k)
    }
}

impl From<ReviewProblem> for ProblemKind {
    fn from(k: ReviewProblem) -> Self {
        ProblemKind::Review(k)
    }
}

impl From<OutputProblem> for ProblemKind {
    fn from(k: OutputProblem) -> Self {
        ProblemKind::Output(k)
    }
}
