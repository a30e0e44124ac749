//! The problems the section plugins raise: a plugin that cannot be loaded, a section that was
//! not produced, mistakes in what a plugin declares, and the warnings a plugin gives with
//! `warn`. Each kind carries the facts; the sentences are made here, and only here.
//!
//! The place (the plugin file, and the line when it is known) is the problem's `Place`, not
//! part of the kind.

use std::fmt;

use super::kind::Kind;
use super::Severity;

#[derive(Clone, Debug, PartialEq)]
pub enum SectionProblem {
    /// The plugin file could not be run far enough to learn its number and title.
    NotLoaded {
        reason: String,
        /// The calls that led to the error, innermost first ("plugins/lib/ccm.lua, line 30, in
        /// function 'f'").
        trace: Vec<String>,
    },
    /// The section was declared but its `run` failed or was stopped.
    NotProduced {
        number: i64,
        title: String,
        reason: String,
        trace: Vec<String>,
    },
    /// A second plugin declares a number an earlier plugin (`first`) has; it does not run.
    DuplicateNumber { number: i64, first: String },
    /// `reads` names a sheet that no workbook has.
    UnknownSheet {
        sheet: String,
        /// A sheet with a close name, when there is one.
        close: Option<String>,
    },
    /// `uses` names a section that no plugin declares.
    UnknownSection { number: i64 },
    /// What a plugin said with `warn(message)`.
    Warned { message: String },
}

impl fmt::Display for SectionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SectionProblem::NotLoaded { reason, .. } => {
                write!(f, "the section plugin cannot be loaded: {reason}")
            }
            SectionProblem::NotProduced {
                number,
                title,
                reason,
                ..
            } => write!(f, "section {number} ({title}) was not produced: {reason}"),
            SectionProblem::DuplicateNumber { number, first } => write!(
                f,
                "section number {number} is also used by {first}; each section needs its own number"
            ),
            SectionProblem::UnknownSheet { sheet, .. } => {
                write!(
                    f,
                    "the section reads the sheet \"{sheet}\", which no workbook has"
                )
            }
            SectionProblem::UnknownSection { number } => write!(
                f,
                "the section uses the results of section {number}, which no plugin produces"
            ),
            SectionProblem::Warned { message } => f.write_str(message),
        }
    }
}

impl Kind for SectionProblem {
    fn severity(&self) -> Severity {
        match self {
            SectionProblem::NotLoaded { .. }
            | SectionProblem::NotProduced { .. }
            | SectionProblem::DuplicateNumber { .. }
            | SectionProblem::UnknownSheet { .. } => Severity::Error,
            // The section still runs: section_result gives nil for the missing section.
            SectionProblem::UnknownSection { .. } | SectionProblem::Warned { .. } => {
                Severity::Warning
            }
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            SectionProblem::NotLoaded { trace, .. } | SectionProblem::NotProduced { trace, .. }
                if !trace.is_empty() =>
            {
                Some(format!("called from {}", trace.join("; from ")))
            }
            SectionProblem::UnknownSheet {
                close: Some(close), ..
            } => Some(format!("did you mean \"{close}\"?")),
            _ => None,
        }
    }
}

impl SectionProblem {
    /// One of each kind, for tests and for documentation of the messages.
    pub fn examples() -> Vec<Self> {
        vec![
            SectionProblem::NotLoaded {
                reason: "the section has no title".into(),
                trace: vec![],
            },
            SectionProblem::NotProduced {
                number: 4,
                title: "Universalization".into(),
                reason: "attempt to index a nil value (local 'row')".into(),
                trace: vec![
                    "plugins/lib/ccm.lua, line 30, in function 'entry_into_force'".into(),
                    "plugins/04_u.lua, line 12, in function 'run'".into(),
                ],
            },
            SectionProblem::DuplicateNumber {
                number: 4,
                first: "plugins/04_universalization.lua".into(),
            },
            SectionProblem::UnknownSheet {
                sheet: "Stockpile".into(),
                close: Some("Stockpiles".into()),
            },
            SectionProblem::UnknownSection { number: 12 },
            SectionProblem::Warned {
                message: "amounts are in US dollars as reported, not converted".into(),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Place, Problem};

    #[test]
    fn every_kind_reads_as_before() {
        let shown: Vec<String> = SectionProblem::examples()
            .into_iter()
            .map(|k| Problem::new(Place::plugin("plugins/04_u.lua", Some(12)), k).to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "error: plugins/04_u.lua, line 12: the section plugin cannot be loaded: the section has no title",
                "error: plugins/04_u.lua, line 12: section 4 (Universalization) was not produced: attempt to index a nil value (local 'row')\n  hint: called from plugins/lib/ccm.lua, line 30, in function 'entry_into_force'; from plugins/04_u.lua, line 12, in function 'run'",
                "error: plugins/04_u.lua, line 12: section number 4 is also used by plugins/04_universalization.lua; each section needs its own number",
                "error: plugins/04_u.lua, line 12: the section reads the sheet \"Stockpile\", which no workbook has\n  hint: did you mean \"Stockpiles\"?",
                "warning: plugins/04_u.lua, line 12: the section uses the results of section 12, which no plugin produces",
                "warning: plugins/04_u.lua, line 12: amounts are in US dollars as reported, not converted",
            ]
        );
    }
}
