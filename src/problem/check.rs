//! The catalogue's problems found when checking the workbooks against the dictionary: in a
//! cell ([`CellProblem`]), in a sheet's layout or columns and in the States list
//! ([`SheetProblem`]), in the dictionary itself ([`DictionaryProblem`]), and in the typed
//! Settings and Rules sheets ([`SettingProblem`]).
//!
//! Each variant carries what the message needs (names, values, counts, a suggestion), and
//! its `Display` is the message. docs/workbooks.md quotes the examples of
//! [`CheckProblem::examples`]; a test holds the two together (src/problem/docs.rs).

use std::fmt;
use std::sync::Arc;

use super::kind::{Kind, ProblemKind};
use super::{Place, Severity};
use crate::check::dictionary::{ColumnType, Role};
use crate::model::dates::{self, Date};
use crate::model::value::Value;
use crate::text::grammar::{group_thousands, list};

/// A problem found while checking the workbooks.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckProblem {
    Cell(CellProblem),
    Sheet(SheetProblem),
    Dictionary(DictionaryProblem),
    Setting(SettingProblem),
}

/// A problem with a cell's value, or with rows that repeat a key.
#[derive(Clone, Debug, PartialEq)]
pub enum CellProblem {
    /// The value is not of the column's type (`expected`: the type in words, "yes or no").
    NotOfType { expected: Arc<str>, found: Value },
    /// Text in a number column that does not read as a number.
    NotANumber { expected: Arc<str>, found: Value },
    /// Text in a date column that does not read as a date.
    NotADate { found: Value },
    /// A month and a year in a date column ("Sept 2011").
    DateWithoutDay { found: Value, month: u32, year: i32 },
    /// A date whose day and month could be swapped ("12/09/2011").
    AmbiguousDate {
        found: Value,
        day_first: Date,
        month_first: Date,
    },
    /// A value that is not one of the column's list (`expected`: the list in words).
    NotInList {
        expected: Arc<str>,
        found: Value,
        suggestion: Option<String>,
    },
    /// A name that is neither a State nor an alias of one; `suggestion` is a State's name.
    NotAState {
        found: Value,
        suggestion: Option<String>,
    },
    /// An empty cell in a required column.
    EmptyRequired { expected: Arc<str>, found: Value },
    /// An empty cell in a column required when another column of the row holds a value
    /// ("Year" when "Kind" is "annual").
    EmptyRequiredWhen {
        expected: Arc<str>,
        column: String,
        value: String,
    },
    /// A text longer than an Excel cell holds (in UTF-16 units, as Excel counts).
    TooLongForExcel { length: usize },
    /// A rule of the "day of the year" unit that is not a day and a month ("30 April").
    NotADayOfYear { found: Value },
    /// An Excel error (`#N/A`) in a required column.
    ErrorInRequired { expected: Arc<str>, error: Arc<str> },
    /// An Excel error in a column that is not required: the cell counts as empty.
    ErrorAsEmpty { expected: Arc<str>, error: Arc<str> },
    /// A number typed as text: read as the number.
    NumberAsText { expected: Arc<str>, found: Value },
    /// A plain number in a date column: read as the date it stands for in Excel.
    SerialAsDate { found: Value, date: Date },
    /// A date typed as text: read as that date.
    DateAsText { found: Value, date: Date },
    /// A row whose "One row per" key an earlier row has.
    RepeatedKey {
        /// The key's values in this row.
        values: Vec<String>,
        /// Where the earlier row is, and whether it is in the same sheet (then only its cell
        /// is named).
        first: Place,
        same_sheet: bool,
        /// The key's columns.
        key: Vec<String>,
    },
    /// More problems in a column than are listed one by one.
    MoreInColumn { count: usize, column: String },
    /// More repeated keys in a table than are listed one by one.
    MoreRepeats { count: usize, key: Vec<String> },
}

/// A problem with a sheet: its presence, its header and columns, or the States list.
#[derive(Clone, Debug, PartialEq)]
pub enum SheetProblem {
    /// A sheet the dictionary describes and that holds nothing.
    Empty,
    /// A sheet the dictionary does not describe; `suggestion` is a described sheet that no
    /// workbook has.
    Undeclared {
        sheet: String,
        suggestion: Option<String>,
    },
    /// A sheet the dictionary describes that no workbook has; `suggestion` is a sheet found
    /// that the dictionary does not describe.
    Absent {
        sheet: String,
        suggestion: Option<String>,
    },
    /// A required column that no header names.
    MissingRequiredColumn(MissingColumn),
    /// A column that is not required and that no header names.
    MissingColumn(MissingColumn),
    /// A header the dictionary does not describe; `suggestion` is a missing column.
    UndeclaredColumn {
        column: String,
        suggestion: Option<String>,
    },
    /// Columns with data below the header but no header ("F", "G").
    UnnamedColumns { letters: Vec<String> },
    /// Headers that appear more than once; the repeats were numbered (`example`: "Date (2)").
    RepeatedHeaders {
        headers: Vec<String>,
        example: String,
    },
    /// The States list has no State column.
    NoStateColumn,
    /// A name already in the States list (`first`: as written there first).
    StateTwice { name: String, first: String },
    /// An alias that already stands for another State.
    AliasTaken { alias: String, state: String },
}

/// A column of the dictionary that the sheet's header does not have.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingColumn {
    pub column: String,
    /// The header row, 0-based.
    pub header_row: u32,
    /// A header found that may be the column, misspelt.
    pub suggestion: Option<String>,
    /// Every header found.
    pub headers: Vec<String>,
}

/// A problem with the dictionary workbook.
#[derive(Clone, Debug, PartialEq)]
pub enum DictionaryProblem {
    /// `workbooks/` has no dictionary.
    Missing,
    NoColumnsSheet,
    UnknownRole {
        word: String,
        suggestion: Option<String>,
    },
    SheetTwice {
        sheet: String,
    },
    UnknownType {
        word: String,
        suggestion: Option<String>,
    },
    /// A "one of a list" column without values.
    NoValues {
        column: String,
    },
    ColumnTwice {
        column: String,
        sheet: String,
    },
    /// "One row per" names a column the sheet does not have.
    KeyNotAColumn {
        key: String,
        sheet: String,
        suggestion: Option<String>,
    },
    /// A Required cell that is none of its forms.
    UnknownRequired {
        word: String,
    },
    /// A condition in Required ("when Knd is annual") names a column the sheet does not have.
    ConditionNotAColumn {
        column: String,
        sheet: String,
        suggestion: Option<String>,
    },
    /// A condition in Required names a value that its column's list does not allow.
    ConditionNotInList {
        column: String,
        value: String,
        suggestion: Option<String>,
    },
    /// A Provenance cell that is not a rule such as `illustrative when it contains
    /// "illustrative"`: every row of `sheet` then counts as illustrative.
    UnknownProvenance {
        word: String,
        sheet: String,
    },
    /// A Provenance rule `illustrative when it is ...` names a value that its column's list
    /// does not allow: every row of `sheet` then counts as illustrative.
    ProvenanceNotInList {
        column: String,
        value: String,
        sheet: String,
        suggestion: Option<String>,
    },
    /// A second column of a sheet with a Provenance rule; it is ignored.
    ProvenanceTwice {
        sheet: String,
        column: String,
        first: String,
    },
}

/// A problem with the typed sheets of settings and rules: a Type or Unit that is not known,
/// or a rule without a value. (A value that is not of its type is a [`CellProblem`].)
#[derive(Clone, Debug, PartialEq)]
pub enum SettingProblem {
    /// The Type cell of a setting.
    UnknownType {
        word: String,
        suggestion: Option<String>,
    },
    /// The Unit cell of a rule.
    UnknownUnit {
        word: String,
        suggestion: Option<String>,
    },
    /// A rule whose Value cell is empty.
    RuleWithoutValue { rule: String },
}

fn did_you_mean(suggestion: &Option<String>) -> Option<String> {
    suggestion
        .as_ref()
        .map(|s| format!("did you mean \"{s}\"?"))
}

fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|v| format!("\"{v}\"")).collect();
    list(&quoted, "or")
}

/// "A, B, C, D, E, F and 12 more".
fn short_list(items: &[String]) -> String {
    const SHOWN: usize = 6;
    if items.len() <= SHOWN + 1 {
        list(items, "and")
    } else {
        format!(
            "{} and {} more",
            items[..SHOWN].join(", "),
            items.len() - SHOWN
        )
    }
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CellProblem::*;
        match self {
            NotOfType { expected, found }
            | NotANumber { expected, found }
            | NotInList {
                expected, found, ..
            } => write!(f, "expected {expected}, found {}", found.describe()),
            EmptyRequired { expected, .. } => write!(f, "expected {expected}, found an empty cell"),
            EmptyRequiredWhen {
                expected,
                column,
                value,
            } => write!(
                f,
                "expected {expected} when {column} is \"{value}\", found an empty cell"
            ),
            TooLongForExcel { length } => write!(
                f,
                "the text is {} characters long, more than the {} an Excel cell holds; it will be cut in consolidated.xlsx",
                group_thousands(*length as i64),
                group_thousands(crate::check::sheet::EXCEL_CELL_TEXT as i64)
            ),
            NotADayOfYear { found } => write!(
                f,
                "expected a day of the year such as 30 April, found {}",
                found.describe()
            ),
            NotADate { found } | DateWithoutDay { found, .. } => {
                write!(f, "expected a date, found {}", found.describe())
            }
            AmbiguousDate {
                found,
                day_first,
                month_first,
            } => write!(
                f,
                "expected a date, found {}, which could be {} or {}",
                found.describe(),
                dates::long(*day_first),
                dates::long(*month_first)
            ),
            NotAState { found, .. } => write!(
                f,
                "\"{}\" is not in the States list",
                found.to_string().trim()
            ),
            ErrorInRequired { expected, error } => {
                write!(f, "expected {expected}, found the Excel error {error}")
            }
            ErrorAsEmpty { error, .. } => {
                write!(f, "the Excel error {error} was treated as an empty cell")
            }
            NumberAsText { found, .. } => write!(
                f,
                "the number {} was typed as text; it was read as a number",
                found.describe()
            ),
            SerialAsDate { found, date } => write!(
                f,
                "the number {found} was read as the date {}",
                dates::long(*date)
            ),
            DateAsText { found, date } => write!(
                f,
                "the date {} was typed as text; it was read as {}",
                found.describe(),
                dates::long(*date)
            ),
            RepeatedKey {
                values,
                first,
                same_sheet,
                key,
            } => {
                let first = if *same_sheet {
                    first.position().unwrap_or_default()
                } else {
                    first.to_string()
                };
                write!(
                    f,
                    "\"{}\" appears twice (also in {first}); this sheet has one row per {}, so this row was left out",
                    values.join(", "),
                    list(key, "and")
                )
            }
            MoreInColumn { count, column } => write!(
                f,
                "{} more cells in column \"{column}\" have problems like those above; fix the first ones and check again",
                group_thousands(*count as i64)
            ),
            MoreRepeats { count, key } => write!(
                f,
                "{} more rows repeat a {} already listed; fix the first ones and check again",
                group_thousands(*count as i64),
                list(key, "and")
            ),
        }
    }
}

impl Kind for CellProblem {
    fn severity(&self) -> Severity {
        use CellProblem::*;
        match self {
            ErrorAsEmpty { .. }
            | NumberAsText { .. }
            | SerialAsDate { .. }
            | DateAsText { .. }
            | TooLongForExcel { .. }
            | MoreInColumn { .. } => Severity::Warning,
            NotOfType { .. }
            | NotANumber { .. }
            | NotADate { .. }
            | DateWithoutDay { .. }
            | AmbiguousDate { .. }
            | NotInList { .. }
            | NotAState { .. }
            | EmptyRequired { .. }
            | EmptyRequiredWhen { .. }
            | NotADayOfYear { .. }
            | ErrorInRequired { .. }
            | RepeatedKey { .. }
            | MoreRepeats { .. } => Severity::Error,
        }
    }

    fn hint(&self) -> Option<String> {
        use CellProblem::*;
        Some(match self {
            NotOfType { .. } | MoreInColumn { .. } | MoreRepeats { .. } => return None,
            NotANumber { .. } => "type only the number (1200, not \"about 1,200\"), or leave the cell empty if it is not known; put remarks in a note column".into(),
            NotADate { .. } => "type a date such as 2011-09-13, or leave the cell empty if it is not known".into(),
            DateWithoutDay { month, year, .. } => format!(
                "a date needs a day: if it is not known, type 1 {} {year} and say so in a note",
                dates::month_name(*month)
            ),
            AmbiguousDate { day_first, month_first, .. } => format!(
                "type it as year-month-day: {} or {}",
                dates::iso(*day_first),
                dates::iso(*month_first)
            ),
            NotInList { suggestion, .. } => return did_you_mean(suggestion),
            NotAState { suggestion, .. } => match suggestion {
                Some(s) => format!("did you mean \"{s}\"? (or add the name to the Aliases column of the States list)"),
                None => "add the State to the States list, or the spelling to its Aliases column".into(),
            },
            EmptyRequired { .. } => "this column is required in the dictionary".into(),
            EmptyRequiredWhen { column, value, .. } => format!(
                "the dictionary requires this column in the rows where {column} is \"{value}\": fill it in, or correct {column}"
            ),
            TooLongForExcel { .. } => "shorten the text, or split it over several rows".into(),
            NotADayOfYear { .. } => "type the day and the month, e.g. 30 April (a date of any year also does: only its day and month are used)".into(),
            ErrorInRequired { .. } => "this column is required: replace the error with a value (check the formula that produced it)".into(),
            ErrorAsEmpty { .. } => return None,
            NumberAsText { .. } => "select the cell and choose Convert to Number, or retype it without quotes or spaces".into(),
            SerialAsDate { .. } => "format the cell as a date so that everyone sees the same thing".into(),
            DateAsText { .. } => "format the cell as a date so that it sorts and compares as one".into(),
            RepeatedKey { .. } => "keep one row and delete or merge the other".into(),
        })
    }

    fn found(&self) -> Option<String> {
        use CellProblem::*;
        match self {
            NotOfType { found, .. }
            | NotANumber { found, .. }
            | NotADate { found }
            | DateWithoutDay { found, .. }
            | AmbiguousDate { found, .. }
            | NotInList { found, .. }
            | NotAState { found, .. }
            | EmptyRequired { found, .. }
            | NotADayOfYear { found }
            | NumberAsText { found, .. }
            | SerialAsDate { found, .. }
            | DateAsText { found, .. } => Some(found.to_string()),
            ErrorInRequired { error, .. } | ErrorAsEmpty { error, .. } => Some(error.to_string()),
            RepeatedKey { values, .. } => Some(values.join(", ")),
            TooLongForExcel { length } => {
                Some(format!("{} characters", group_thousands(*length as i64)))
            }
            EmptyRequiredWhen { .. } | MoreInColumn { .. } | MoreRepeats { .. } => None,
        }
    }

    fn expected(&self) -> Option<String> {
        use CellProblem::*;
        match self {
            NotOfType { expected, .. }
            | NotANumber { expected, .. }
            | NotInList { expected, .. }
            | EmptyRequired { expected, .. }
            | EmptyRequiredWhen { expected, .. }
            | ErrorInRequired { expected, .. }
            | ErrorAsEmpty { expected, .. }
            | NumberAsText { expected, .. } => Some(expected.to_string()),
            NotADate { .. }
            | DateWithoutDay { .. }
            | AmbiguousDate { .. }
            | SerialAsDate { .. }
            | DateAsText { .. } => Some(ColumnType::Date.expected()),
            NotAState { .. } => Some(ColumnType::State.expected()),
            NotADayOfYear { .. } => Some("a day of the year, such as 30 April".into()),
            TooLongForExcel { .. } => Some(format!(
                "at most {} characters",
                group_thousands(crate::check::sheet::EXCEL_CELL_TEXT as i64)
            )),
            RepeatedKey { .. } | MoreInColumn { .. } | MoreRepeats { .. } => None,
        }
    }
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SheetProblem::*;
        match self {
            Empty => f.write_str("the sheet is empty"),
            Undeclared { sheet, .. } => write!(
                f,
                "the sheet \"{sheet}\" is not in the dictionary; its columns were loaded with the types found"
            ),
            Absent { sheet, .. } => write!(
                f,
                "the dictionary describes the sheet \"{sheet}\", but no workbook has a sheet of that name"
            ),
            MissingRequiredColumn(m) => {
                write!(f, "the required column \"{}\" is missing", m.column)
            }
            MissingColumn(m) => write!(
                f,
                "the column \"{}\" is missing; it is treated as empty",
                m.column
            ),
            UndeclaredColumn { column, .. } => write!(
                f,
                "the column \"{column}\" is not in the dictionary; it was loaded as found"
            ),
            UnnamedColumns { letters } => match letters.as_slice() {
                [one] => write!(
                    f,
                    "column {one} has data but no header; it was named \"Column {one}\""
                ),
                _ => write!(
                    f,
                    "columns {} have data but no header; they were named \"Column {}\" and so on",
                    short_list(letters),
                    letters.first().map(String::as_str).unwrap_or_default()
                ),
            },
            RepeatedHeaders { headers, example } => {
                let quoted: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
                match quoted.as_slice() {
                    [one] => write!(
                        f,
                        "the header {one} appears more than once; the repeats were numbered, as \"{example}\""
                    ),
                    _ => write!(
                        f,
                        "the headers {} appear more than once; the repeats were numbered, as \"{example}\"",
                        short_list(&quoted)
                    ),
                }
            }
            NoStateColumn => f.write_str("the States list needs a column headed \"State\""),
            StateTwice { name, first } => write!(
                f,
                "\"{name}\" is already in the States list (as \"{first}\")"
            ),
            AliasTaken { alias, state } => {
                write!(f, "the alias \"{alias}\" already stands for \"{state}\"")
            }
        }
    }
}

impl Kind for SheetProblem {
    fn severity(&self) -> Severity {
        use SheetProblem::*;
        match self {
            Empty
            | Undeclared { .. }
            | MissingColumn(_)
            | UndeclaredColumn { .. }
            | UnnamedColumns { .. }
            | RepeatedHeaders { .. } => Severity::Warning,
            Absent { .. }
            | MissingRequiredColumn(_)
            | NoStateColumn
            | StateTwice { .. }
            | AliasTaken { .. } => Severity::Error,
        }
    }

    fn hint(&self) -> Option<String> {
        use SheetProblem::*;
        match self {
            Undeclared { suggestion, .. } | UndeclaredColumn { suggestion, .. } => {
                did_you_mean(suggestion)
            }
            Absent { suggestion, .. } => {
                did_you_mean(suggestion).map(|h| format!("{h} (a renamed sheet tab?)"))
            }
            MissingRequiredColumn(m) | MissingColumn(m) => {
                Some(match did_you_mean(&m.suggestion) {
                    Some(h) => format!("{h} (rename the header, or the column in the dictionary)"),
                    None => format!(
                        "the header row is row {}; columns found: {}",
                        m.header_row + 1,
                        m.headers.join(", ")
                    ),
                })
            }
            Empty
            | UnnamedColumns { .. }
            | RepeatedHeaders { .. }
            | NoStateColumn
            | StateTwice { .. }
            | AliasTaken { .. } => None,
        }
    }

    fn expected(&self) -> Option<String> {
        match self {
            SheetProblem::MissingRequiredColumn(m) | SheetProblem::MissingColumn(m) => {
                Some(format!("a column headed \"{}\"", m.column))
            }
            _ => None,
        }
    }
}

impl fmt::Display for DictionaryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DictionaryProblem::*;
        match self {
            Missing => f.write_str(
                "there is no dictionary workbook, so no column is checked; every sheet was loaded with the types found",
            ),
            NoColumnsSheet => f.write_str(
                "the dictionary has no sheet named \"Columns\", so no column is checked",
            ),
            UnknownRole { word, .. } => write!(f, "unknown role \"{word}\""),
            SheetTwice { sheet } => write!(f, "the sheet \"{sheet}\" is described twice"),
            UnknownType { word, .. } => write!(f, "unknown column type \"{word}\""),
            NoValues { column } => write!(
                f,
                "column \"{column}\" is \"one of a list\" but no values are given"
            ),
            ColumnTwice { column, sheet } => write!(
                f,
                "column \"{column}\" of sheet \"{sheet}\" is described twice"
            ),
            KeyNotAColumn { key, sheet, .. } => write!(
                f,
                "\"One row per\" names the column \"{key}\", which sheet \"{sheet}\" does not have"
            ),
            UnknownRequired { word } => write!(f, "unknown Required value \"{word}\""),
            ConditionNotAColumn { column, sheet, .. } => write!(
                f,
                "\"Required\" names the column \"{column}\", which sheet \"{sheet}\" does not have; the column is required, but its cells are not"
            ),
            ConditionNotInList { column, value, .. } => write!(
                f,
                "\"Required\" names the value \"{value}\", which is not one of the values of \"{column}\"; the column is required, but its cells are not"
            ),
            UnknownProvenance { word, sheet } => write!(
                f,
                "unknown Provenance rule \"{word}\"; until it is corrected, every row of sheet \"{sheet}\" counts as illustrative"
            ),
            ProvenanceNotInList {
                column,
                value,
                sheet,
                ..
            } => write!(
                f,
                "the Provenance rule names the value \"{value}\", which is not one of the values of \"{column}\"; until it is corrected, every row of sheet \"{sheet}\" counts as illustrative"
            ),
            ProvenanceTwice {
                sheet,
                column,
                first,
            } => write!(
                f,
                "sheet \"{sheet}\" already has a Provenance rule, on column \"{first}\"; the rule on \"{column}\" is ignored"
            ),
        }
    }
}

impl Kind for DictionaryProblem {
    fn severity(&self) -> Severity {
        match self {
            DictionaryProblem::Missing => Severity::Warning,
            _ => Severity::Error,
        }
    }

    fn hint(&self) -> Option<String> {
        use DictionaryProblem::*;
        match self {
            Missing => Some("add workbooks/dictionary.xlsx (`actionplan init` shows its layout)".into()),
            NoValues { .. } => Some(
                "list the allowed values in the Values column, separated by semicolons: plan; budget; implementation".into(),
            ),
            UnknownRole { suggestion, .. }
            | UnknownType { suggestion, .. }
            | KeyNotAColumn { suggestion, .. }
            | ConditionNotAColumn { suggestion, .. }
            | ConditionNotInList { suggestion, .. }
            | ProvenanceNotInList { suggestion, .. } => did_you_mean(suggestion),
            UnknownProvenance { .. } => Some(format!(
                "write {}, or illustrative when it is \"estimate\" or \"illustrative\" (for a column of type one of a list)",
                crate::model::provenance::Rule::EXAMPLE
            )),
            ProvenanceTwice { .. } => Some(
                "keep the rule on the one column that says where each row comes from".into(),
            ),
            UnknownRequired { .. } => Some(format!(
                "write {}",
                list(&crate::check::dictionary::Required::FORMS, "or")
            )),
            NoColumnsSheet | SheetTwice { .. } | ColumnTwice { .. } => None,
        }
    }

    fn found(&self) -> Option<String> {
        match self {
            DictionaryProblem::UnknownRole { word, .. }
            | DictionaryProblem::UnknownType { word, .. }
            | DictionaryProblem::UnknownRequired { word }
            | DictionaryProblem::UnknownProvenance { word, .. } => Some(word.clone()),
            _ => None,
        }
    }

    fn expected(&self) -> Option<String> {
        match self {
            DictionaryProblem::UnknownRole { .. } => {
                Some(format!("one of {}", quoted_list(&Role::NAMES)))
            }
            DictionaryProblem::UnknownType { .. } => {
                Some(format!("one of {}", quoted_list(&ColumnType::NAMES)))
            }
            _ => None,
        }
    }
}

impl CheckProblem {
    fn inner(&self) -> &dyn Kind {
        match self {
            CheckProblem::Cell(k) => k,
            CheckProblem::Sheet(k) => k,
            CheckProblem::Dictionary(k) => k,
            CheckProblem::Setting(k) => k,
        }
    }

    /// One example of each kind, as docs/workbooks.md quotes them.
    pub fn examples() -> Vec<CheckProblem> {
        let cells = CellProblem::examples().into_iter().map(CheckProblem::Cell);
        let sheets = SheetProblem::examples()
            .into_iter()
            .map(CheckProblem::Sheet);
        let dictionary = DictionaryProblem::examples()
            .into_iter()
            .map(CheckProblem::Dictionary);
        let settings = SettingProblem::examples()
            .into_iter()
            .map(CheckProblem::Setting);
        cells
            .chain(sheets)
            .chain(dictionary)
            .chain(settings)
            .collect()
    }
}

impl fmt::Display for CheckProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner().fmt(f)
    }
}

impl Kind for CheckProblem {
    fn severity(&self) -> Severity {
        self.inner().severity()
    }
    fn hint(&self) -> Option<String> {
        self.inner().hint()
    }
    fn found(&self) -> Option<String> {
        self.inner().found()
    }
    fn expected(&self) -> Option<String> {
        self.inner().expected()
    }
}

impl From<CellProblem> for ProblemKind {
    fn from(k: CellProblem) -> Self {
        ProblemKind::Check(CheckProblem::Cell(k))
    }
}

impl From<SheetProblem> for ProblemKind {
    fn from(k: SheetProblem) -> Self {
        ProblemKind::Check(CheckProblem::Sheet(k))
    }
}

impl From<DictionaryProblem> for ProblemKind {
    fn from(k: DictionaryProblem) -> Self {
        ProblemKind::Check(CheckProblem::Dictionary(k))
    }
}

impl From<SettingProblem> for ProblemKind {
    fn from(k: SettingProblem) -> Self {
        ProblemKind::Check(CheckProblem::Setting(k))
    }
}

impl fmt::Display for SettingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SettingProblem::*;
        match self {
            UnknownType { word, .. } => write!(f, "unknown setting type \"{word}\""),
            UnknownUnit { word, .. } => write!(f, "unknown unit \"{word}\""),
            RuleWithoutValue { rule } => write!(f, "the rule \"{rule}\" has no value"),
        }
    }
}

impl Kind for SettingProblem {
    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn hint(&self) -> Option<String> {
        use SettingProblem::*;
        match self {
            UnknownType { suggestion, .. } | UnknownUnit { suggestion, .. } => {
                did_you_mean(suggestion)
            }
            RuleWithoutValue { .. } => {
                Some("type its value: the plugins that use the rule stop without it".into())
            }
        }
    }

    fn found(&self) -> Option<String> {
        match self {
            SettingProblem::UnknownType { word, .. } | SettingProblem::UnknownUnit { word, .. } => {
                Some(word.clone())
            }
            SettingProblem::RuleWithoutValue { .. } => None,
        }
    }

    fn expected(&self) -> Option<String> {
        match self {
            SettingProblem::UnknownType { .. } => Some(format!(
                "one of {}",
                quoted_list(&crate::check::settings::TYPES)
            )),
            SettingProblem::UnknownUnit { .. } => Some(format!(
                "one of {}",
                quoted_list(&crate::check::rules::Unit::NAMES)
            )),
            SettingProblem::RuleWithoutValue { .. } => None,
        }
    }
}

impl SettingProblem {
    pub fn examples() -> Vec<SettingProblem> {
        use SettingProblem::*;
        vec![
            UnknownType {
                word: "dat".into(),
                suggestion: Some("date".into()),
            },
            UnknownUnit {
                word: "dayz".into(),
                suggestion: Some("days".into()),
            },
            RuleWithoutValue {
                rule: "Initial report (days after entry into force)".into(),
            },
        ]
    }
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a valid date")
}

impl CellProblem {
    pub fn examples() -> Vec<CellProblem> {
        use CellProblem::*;
        let list: Arc<str> = ColumnType::OneOf(vec![
            "plan".into(),
            "budget".into(),
            "implementation".into(),
        ])
        .expected()
        .into();
        vec![
            NotADate {
                found: Value::text("end of 2011"),
            },
            AmbiguousDate {
                found: Value::text("12/09/2011"),
                day_first: date(2011, 9, 12),
                month_first: date(2011, 12, 9),
            },
            DateWithoutDay {
                found: Value::text("Sept 2011"),
                month: 9,
                year: 2011,
            },
            DateAsText {
                found: Value::text("2011-09-13"),
                date: date(2011, 9, 13),
            },
            SerialAsDate {
                found: Value::Number(40799.0),
                date: date(2011, 9, 13),
            },
            NotANumber {
                expected: "a whole number".into(),
                found: Value::text("three"),
            },
            NumberAsText {
                expected: "a number".into(),
                found: Value::text("7"),
            },
            NotInList {
                expected: list,
                found: Value::text("buget"),
                suggestion: Some("budget".into()),
            },
            NotAState {
                found: Value::text("Lebanonn"),
                suggestion: Some("Lebanon".into()),
            },
            EmptyRequired {
                expected: "text".into(),
                found: Value::Empty,
            },
            EmptyRequiredWhen {
                expected: "a whole number".into(),
                column: "Kind".into(),
                value: "annual".into(),
            },
            TooLongForExcel { length: 40_000 },
            NotADayOfYear {
                found: Value::text("April"),
            },
            ErrorInRequired {
                expected: "a date".into(),
                error: "#N/A".into(),
            },
            ErrorAsEmpty {
                expected: "a number".into(),
                error: "#DIV/0!".into(),
            },
            NotOfType {
                expected: "yes or no".into(),
                found: Value::text("maybe"),
            },
            RepeatedKey {
                values: vec!["Albania".into()],
                first: Place::cell("workbooks/states.xlsx", "States", 2, 0),
                same_sheet: true,
                key: vec!["State".into()],
            },
            MoreInColumn {
                count: 25,
                column: "Deadline".into(),
            },
            MoreRepeats {
                count: 3,
                key: vec!["State".into()],
            },
        ]
    }
}

impl SheetProblem {
    pub fn examples() -> Vec<SheetProblem> {
        use SheetProblem::*;
        let missing = |column: &str, suggestion: Option<&str>| self::MissingColumn {
            column: column.into(),
            header_row: 0,
            suggestion: suggestion.map(Into::into),
            headers: vec!["State".into(), "Reactoin".into(), "Date".into()],
        };
        vec![
            MissingRequiredColumn(missing("Reaction", Some("Reactoin"))),
            MissingColumn(missing("Note", None)),
            UndeclaredColumn {
                column: "Reactoin".into(),
                suggestion: Some("Reaction".into()),
            },
            Undeclared {
                sheet: "Contacts".into(),
                suggestion: None,
            },
            Absent {
                sheet: "Stockpiles".into(),
                suggestion: Some("Stockpile".into()),
            },
            Empty,
            UnnamedColumns {
                letters: vec!["F".into()],
            },
            RepeatedHeaders {
                headers: vec!["Date".into()],
                example: "Date (2)".into(),
            },
            NoStateColumn,
            StateTwice {
                name: "Albania".into(),
                first: "Albania".into(),
            },
            AliasTaken {
                alias: "Laos".into(),
                state: "Lao People's Democratic Republic".into(),
            },
        ]
    }
}

impl DictionaryProblem {
    pub fn examples() -> Vec<DictionaryProblem> {
        use DictionaryProblem::*;
        vec![
            Missing,
            NoColumnsSheet,
            UnknownRole {
                word: "statelist".into(),
                suggestion: Some("States list".into()),
            },
            SheetTwice {
                sheet: "Stockpiles".into(),
            },
            UnknownType {
                word: "nunber".into(),
                suggestion: Some("number".into()),
            },
            NoValues {
                column: "Kind".into(),
            },
            ColumnTwice {
                column: "State".into(),
                sheet: "Stockpiles".into(),
            },
            KeyNotAColumn {
                key: "Year".into(),
                sheet: "Reports".into(),
                suggestion: None,
            },
            UnknownRequired {
                word: "maybe".into(),
            },
            ConditionNotAColumn {
                column: "Knd".into(),
                sheet: "Reports".into(),
                suggestion: Some("Kind".into()),
            },
            ConditionNotInList {
                column: "Kind".into(),
                value: "anual".into(),
                suggestion: Some("annual".into()),
            },
            UnknownProvenance {
                word: "yes".into(),
                sheet: "Casualties".into(),
            },
            ProvenanceNotInList {
                column: "Status".into(),
                value: "estimat".into(),
                sheet: "Casualties".into(),
                suggestion: Some("estimate".into()),
            },
            ProvenanceTwice {
                sheet: "Casualties".into(),
                column: "Note".into(),
                first: "Source".into(),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_of_columns_are_cut() {
        let p = SheetProblem::UnnamedColumns {
            letters: ('A'..='J').map(|c| c.to_string()).collect(),
        };
        assert_eq!(
            p.to_string(),
            "columns A, B, C, D, E, F and 4 more have data but no header; they were named \"Column A\" and so on"
        );
        let p = SheetProblem::RepeatedHeaders {
            headers: vec!["Date".into(), "State".into()],
            example: "Date (2)".into(),
        };
        assert_eq!(
            p.to_string(),
            "the headers \"Date\" and \"State\" appear more than once; the repeats were numbered, as \"Date (2)\""
        );
    }

    #[test]
    fn a_repeated_key_names_the_first_row_by_its_cell_or_its_place() {
        let mut p = CellProblem::examples()
            .into_iter()
            .find(|p| matches!(p, CellProblem::RepeatedKey { .. }))
            .unwrap();
        assert_eq!(
            p.to_string(),
            "\"Albania\" appears twice (also in A3); this sheet has one row per State, so this row was left out"
        );
        if let CellProblem::RepeatedKey { same_sheet, .. } = &mut p {
            *same_sheet = false;
        }
        assert_eq!(
            p.to_string(),
            "\"Albania\" appears twice (also in workbooks/states.xlsx, sheet States, cell A3); this sheet has one row per State, so this row was left out"
        );
        assert_eq!(p.found().as_deref(), Some("Albania"));
    }

    #[test]
    fn missing_columns_hint_at_a_misspelt_header_or_list_the_headers() {
        let [required, optional, ..] = &SheetProblem::examples()[..] else {
            panic!()
        };
        assert_eq!(
            required.hint().as_deref(),
            Some("did you mean \"Reactoin\"? (rename the header, or the column in the dictionary)")
        );
        assert_eq!(
            optional.hint().as_deref(),
            Some("the header row is row 1; columns found: State, Reactoin, Date")
        );
        assert_eq!(required.severity(), Severity::Error);
        assert_eq!(optional.severity(), Severity::Warning);
    }
}
