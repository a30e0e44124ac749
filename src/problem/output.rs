//! The problems found while writing the outputs: a value that cannot be written as it is
//! (a text longer than a cell holds, characters no file format holds, more rows or columns
//! than a sheet holds, a sheet name Excel refuses, a chart with nothing to draw). Each is
//! written in the nearest valid form and reported as a warning that says where the value came
//! from (the problem's `Place`, and `what`) and where it went; the rest of the output is
//! written.

use std::fmt;

use super::kind::Kind;
use super::Severity;
use crate::text::grammar;

/// The most characters (UTF-16 units) an Excel cell holds.
pub const CELL_CHARS: usize = 32_767;

/// Where a text cut in the workbook can be read whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whole {
    /// In report.md, report.html and report.docx (the narrative, the circulated tables).
    Documents,
    /// In the workbook it was read from.
    Workbook,
    /// In what `build` and `check` print (a problem's text).
    Terminal,
    /// Nowhere else (a figure's label, a table for the workbook only): its plugin must give
    /// a shorter one.
    Plugin,
}

#[derive(Clone, Debug, PartialEq)]
pub enum OutputProblem {
    /// A text longer than a cell holds: the cell shows its beginning and a mark.
    TextCut {
        /// "a paragraph of section 4 (Universalization)".
        what: String,
        /// "sheet 4 Universalization, cell A7".
        to: String,
        chars: usize,
        /// Where the whole text can still be read.
        whole: Whole,
    },
    /// Control characters, which no output can hold, were left out.
    ControlCharacters { what: String },
    /// More rows than one sheet holds: the rest continue on further sheets.
    RowsContinued {
        what: String,
        rows: usize,
        sheets: Vec<String>,
    },
    /// More rows than one sheet holds, where the rest cannot continue: the first are kept.
    RowsCut {
        what: String,
        to: String,
        rows: usize,
        kept: usize,
    },
    /// More columns than a sheet holds: the first are kept.
    ColumnsCut {
        what: String,
        to: String,
        columns: usize,
        kept: usize,
    },
    /// A sheet name that Excel refuses, or that another sheet has: the sheet got another.
    SheetRenamed {
        what: String,
        wanted: String,
        name: String,
        /// A section's sheet, whose plugin can give a short name.
        section: bool,
    },
    /// A chart with no categories (its sheet has no rows yet): a note stands in its place.
    ChartWithoutData { what: String },
    /// A chart text that Excel would take for a cell reference, shown with a look-alike.
    ChartTextChanged {
        what: String,
        text: String,
        shown: String,
    },
}

fn n(x: usize) -> String {
    grammar::group_thousands(x as i64)
}

impl fmt::Display for OutputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputProblem::TextCut {
                what, to, chars, ..
            } => write!(
                f,
                "{what} has {} characters, more than an Excel cell holds ({}): {to} shows its beginning, marked as cut",
                n(*chars),
                n(CELL_CHARS)
            ),
            OutputProblem::ControlCharacters { what } => write!(
                f,
                "{what} holds control characters (invisible codes such as a form feed), which the outputs cannot hold: they were left out"
            ),
            OutputProblem::RowsContinued { what, rows, sheets } => write!(
                f,
                "{what} has {} rows, more than one sheet holds ({}): they continue on sheets {}",
                n(*rows),
                n(crate::write::limits::sheet_rows() as usize),
                grammar::list(sheets, "and")
            ),
            OutputProblem::RowsCut {
                what,
                to,
                rows,
                kept,
            } => {
                let shown = match kept {
                    0 => "none of them".to_string(),
                    1 => "the first".to_string(),
                    k => format!("the first {}", n(*k)),
                };
                write!(
                    f,
                    "{what} has {}, more than the rest of the sheet holds: {to} shows {shown}",
                    grammar::count(*rows as i64, "row")
                )
            }
            OutputProblem::ColumnsCut {
                what,
                to,
                columns,
                kept,
            } => write!(
                f,
                "{what} has {} columns, more than a sheet holds ({}): {to} shows the first {}",
                n(*columns),
                n(crate::write::limits::SHEET_COLUMNS as usize),
                n(*kept)
            ),
            OutputProblem::SheetRenamed {
                what, wanted, name, ..
            } => write!(
                f,
                "the sheet for {what} is named \"{name}\": \"{wanted}\" is not a sheet name Excel accepts (at most 31 characters, none of [ ] : * ? / \\, no apostrophe at either end, each name once)"
            ),
            OutputProblem::ChartWithoutData { what } => write!(
                f,
                "{what} has no categories, so there is nothing to draw: the outputs say so where the chart would be"
            ),
            OutputProblem::ChartTextChanged { what, text, shown } => write!(
                f,
                "{what}: \"{text}\" would be read by Excel as a cell reference, so the chart shows \"{shown}\""
            ),
        }
    }
}

impl Kind for OutputProblem {
    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn hint(&self) -> Option<String> {
        match self {
            OutputProblem::TextCut { whole, .. } => Some(
                match whole {
                    Whole::Documents => {
                        "report.md, report.html and report.docx have the whole text"
                    }
                    Whole::Workbook => "the whole text is in the workbook it came from",
                    Whole::Terminal => "actionplan build and actionplan check print the whole text",
                    Whole::Plugin => "no output can show it whole: shorten it in the plugin",
                }
                .into(),
            ),
            OutputProblem::SheetRenamed { section: true, .. } => {
                Some("give the section a short sheet name in its plugin: sheet = \"Trends\"".into())
            }
            OutputProblem::SheetRenamed { section: false, .. } => {
                Some("to keep the name, rename the sheet in its workbook".into())
            }
            OutputProblem::ChartWithoutData { .. } => {
                Some("the chart appears once its sheet has rows".into())
            }
            _ => None,
        }
    }
}

impl OutputProblem {
    /// One of each kind, for tests and for documentation of the messages.
    pub fn examples() -> Vec<Self> {
        vec![
            OutputProblem::TextCut {
                what: "a paragraph of section 4 (Universalization)".into(),
                to: "sheet 4 Universalization, cell A7".into(),
                chars: 40_000,
                whole: Whole::Documents,
            },
            OutputProblem::ControlCharacters {
                what: "the title of section 4".into(),
            },
            OutputProblem::RowsContinued {
                what: "the sheet Casualties".into(),
                rows: 2_000_000,
                sheets: vec!["Data Casualties".into(), "Data Casualties (2)".into()],
            },
            OutputProblem::RowsCut {
                what: "the table \"Steps\" of section 4 (Universalization)".into(),
                to: "sheet 4 Universalization".into(),
                rows: 2_000_000,
                kept: 1_048_000,
            },
            OutputProblem::ColumnsCut {
                what: "the table \"Steps\" of section 4 (Universalization)".into(),
                to: "sheet 4 Universalization".into(),
                columns: 20_000,
                kept: 16_384,
            },
            OutputProblem::SheetRenamed {
                what: "the sheet Notes' of workbooks/extra.xlsx".into(),
                wanted: "Data Notes'".into(),
                name: "Data Notes".into(),
                section: false,
            },
            OutputProblem::ChartWithoutData {
                what: "the chart \"Contributions by channel\" of section 9 (Cooperation and assistance)".into(),
            },
            OutputProblem::ChartTextChanged {
                what: "the chart \"Reports\" of section 11 (Transparency), its axis title".into(),
                text: "Reports!A1".into(),
                shown: "Reports\u{1c3}A1".into(),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Place, Problem};

    #[test]
    fn every_kind_reads_as_a_sentence() {
        let shown: Vec<String> = OutputProblem::examples()
            .into_iter()
            .map(|k| Problem::new(Place::file("plugins/04_u.lua"), k).to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "warning: plugins/04_u.lua: a paragraph of section 4 (Universalization) has 40,000 characters, more than an Excel cell holds (32,767): sheet 4 Universalization, cell A7 shows its beginning, marked as cut\n  hint: report.md, report.html and report.docx have the whole text",
                "warning: plugins/04_u.lua: the title of section 4 holds control characters (invisible codes such as a form feed), which the outputs cannot hold: they were left out",
                "warning: plugins/04_u.lua: the sheet Casualties has 2,000,000 rows, more than one sheet holds (1,048,576): they continue on sheets Data Casualties and Data Casualties (2)",
                "warning: plugins/04_u.lua: the table \"Steps\" of section 4 (Universalization) has 2,000,000 rows, more than the rest of the sheet holds: sheet 4 Universalization shows the first 1,048,000",
                "warning: plugins/04_u.lua: the table \"Steps\" of section 4 (Universalization) has 20,000 columns, more than a sheet holds (16,384): sheet 4 Universalization shows the first 16,384",
                "warning: plugins/04_u.lua: the sheet for the sheet Notes' of workbooks/extra.xlsx is named \"Data Notes\": \"Data Notes'\" is not a sheet name Excel accepts (at most 31 characters, none of [ ] : * ? / \\, no apostrophe at either end, each name once)\n  hint: to keep the name, rename the sheet in its workbook",
                "warning: plugins/04_u.lua: the chart \"Contributions by channel\" of section 9 (Cooperation and assistance) has no categories, so there is nothing to draw: the outputs say so where the chart would be\n  hint: the chart appears once its sheet has rows",
                "warning: plugins/04_u.lua: the chart \"Reports\" of section 11 (Transparency), its axis title: \"Reports!A1\" would be read by Excel as a cell reference, so the chart shows \"ReportsǃA1\"",
            ]
        );
    }
}
