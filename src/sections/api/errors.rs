//! The catalogue of errors a plugin gets from the API: a wrong argument, a sheet it did not
//! declare, a figure without a label, a library that cannot be required. Each error carries
//! the facts and its `Display` is the sentence the coordinator reads after "was not produced:";
//! docs/plugins.md quotes many of them, and its examples are run by tests/plugin_docs.rs, so
//! a text changed here shows up there.
//!
//! Every API function returns `Err(ApiError::… .into())`; the one conversion into a Lua error
//! is the `From` impl at the end.

use std::fmt;

use mlua::Value as LuaValue;

use crate::model::dates::{self, Date};

/// What a plugin gave where something else was expected.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// Nil: in a plugin, nearly always an empty cell or a misspelt variable.
    Nil,
    /// A value of another Lua type: "table", "boolean", "function", ...
    Type(&'static str),
}

impl Found {
    pub fn of(v: &LuaValue) -> Found {
        match v {
            LuaValue::Nil => Found::Nil,
            other => Found::Type(other.type_name()),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Nil => f.write_str("nil (an empty cell or a missing value)"),
            Found::Type(t) => write!(f, "a {t}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    // ---- arguments ----
    /// Text was expected (a paragraph, a list item, a chart category).
    ExpectedText {
        found: Found,
    },
    /// `what` names the function or the part of it that wanted the number.
    ExpectedNumber {
        what: String,
        found: Found,
    },
    ExpectedDate {
        what: String,
        found: Found,
    },
    /// A text that is neither "2011-09-13" nor "13 September 2011".
    NotADate {
        what: String,
        text: String,
    },
    /// paragraph() and the like with nothing to write.
    NoText,
    /// A sheet (a view) where a single value belongs.
    SheetAsValue,
    /// A table, function, ... where a single value belongs.
    NotAValue {
        type_name: &'static str,
    },

    // ---- sheets, views and rows ----
    SheetOutsideRun,
    /// `sheet(name)` for a sheet missing from the section's `reads`; `close` is a sheet of
    /// `reads` with a close name (a typo is likelier than a forgotten sheet).
    SheetNotInReads {
        name: String,
        reads: Vec<String>,
        close: Option<String>,
    },
    /// A sheet in `reads` that no workbook has (`check` reports it too, before any run).
    NoSuchSheet {
        name: String,
        close: Option<String>,
    },
    NoSuchColumn {
        sheet: String,
        column: String,
        close: Option<String>,
        columns: Vec<String>,
    },
    /// `view.Something`: a field read on a sheet instead of on a row.
    SheetField {
        field: String,
    },
    UnknownComparison {
        op: String,
    },
    WhereUsage,
    SortUsage,
    RowsReadOnly,

    // ---- settings and other sections' results ----
    NoSuchSetting {
        key: String,
        close: Option<String>,
    },
    /// `section_result(n)` or `quote(n, ...)` of a section not in the `uses` list.
    ResultNotInUses {
        function: &'static str,
        number: i64,
    },
    /// `setting(name)` of a setting whose value was refused for its Type (reported at `place`).
    SettingRefused {
        name: String,
        place: String,
    },
    /// `rule(name)` outside `run`.
    RuleOutsideRun,
    /// `provenance()` outside `run`.
    ProvenanceOutsideRun,
    /// `rule(name)` of a rule the Rules sheet does not have.
    NoSuchRule {
        name: String,
        close: Option<String>,
    },
    /// `rule(name)` of a rule whose value is empty or was refused (reported at `place`).
    RuleWithoutValue {
        name: String,
        place: String,
    },

    // ---- dates ----
    InvalidDate {
        year: i64,
        month: u32,
        day: u32,
    },
    DateUsage,
    /// `what` moved a date by `n` `unit`s ("months", "days") past the calendar's end.
    OutsideCalendar {
        what: &'static str,
        from: Date,
        n: i64,
        unit: &'static str,
    },
    /// `date .. x` where x is a userdata that is not a date (a sheet or a row).
    JoinThis,
    JoinType {
        type_name: &'static str,
    },

    // ---- text ----
    CountNotWhole {
        what: String,
    },
    /// An item of `counts` that is neither a number nor { number, noun }.
    CountsItem {
        index: usize,
    },

    // ---- output ----
    FigureNoName,
    FigureBadName {
        name: String,
    },
    FigureNoLabel {
        name: String,
    },
    FigureNilValue {
        name: String,
    },
    FigureBadRows {
        name: String,
    },
    FigureTwice {
        name: String,
    },
    TableNoColumns,
    TableFromNotSheet,
    TableNoRows,
    /// `formats = { [column] = name }` with a name that is not a format.
    UnknownFormat {
        what: &'static str,
        format: String,
    },
    /// `formats = { [column] = ... }` for a column the table does not have.
    FormatNoColumn {
        column: String,
        columns: Vec<String>,
    },
    ChartUnknownType {
        kind: String,
    },
    ChartNoCategories,
    ChartNoSeries,
    ChartSeriesLength {
        name: String,
        values: usize,
        categories: usize,
    },
    ChartEmpty,

    // ---- per-State values (track) ----
    TrackNoName,
    TrackBadName {
        name: String,
    },
    TrackNoLabel {
        name: String,
    },
    /// `state` is not text: nil (an empty cell, a misspelt field) or a row, a table, ...
    TrackNoState {
        name: String,
        found: Found,
    },
    /// A State that is neither a name nor an alias of the States list.
    TrackUnknownState {
        name: String,
        state: String,
        close: Option<String>,
    },
    TrackStatusNotText {
        name: String,
        found: Found,
    },
    /// A status word outside the vocabulary (`model::tracker::Status`).
    TrackUnknownStatus {
        name: String,
        status: String,
        close: Option<String>,
    },
    TrackValueAndStatus {
        name: String,
    },
    TrackBadRows {
        name: String,
    },
    /// A second value of the same name for the same State in one section.
    TrackTwice {
        name: String,
        state: String,
    },
    /// A name tracked again with another label: a column has one heading.
    TrackOtherLabel {
        name: String,
        label: String,
        first: String,
    },
    /// More names than a section may track (`api::track::TRACK_NAMES`).
    TrackTooManyNames {
        name: String,
        limit: usize,
    },

    // ---- require and the sandbox ----
    /// `available` lists the libraries in plugins/lib/, by name.
    RequireNotAllowed {
        name: String,
        available: Vec<String>,
    },
    RequireCycle {
        name: String,
    },
    RequireUnreadable {
        name: String,
        error: String,
    },
    /// plugins/lib/name.lua is a link out of plugins/, a link to nothing, not a file, or too large.
    RequireRefused {
        name: String,
        problem: crate::problem::file::FileProblem,
    },
    /// A removed global (`os`, `io`, `load`, ...) or feature (`__gc`), and why it is not there.
    NotAvailable {
        name: String,
        why: &'static str,
    },
}

/// "; did you mean \"X\"?" after a name that was not found, or nothing.
fn did_you_mean(close: &Option<String>) -> String {
    close
        .as_ref()
        .map(|s| format!("; did you mean \"{s}\"?"))
        .unwrap_or_default()
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ApiError::*;
        match self {
            ExpectedText { found } => write!(f, "expected text, found {found}"),
            ExpectedNumber { what, found } => write!(f, "{what}: expected a number, found {found}"),
            ExpectedDate { what, found } => write!(f, "{what}: expected a date, found {found}"),
            NotADate { what, text } => write!(
                f,
                "{what}: \"{text}\" is not a date; write dates as \"2011-09-13\""
            ),
            NoText => f.write_str("expected some text"),
            SheetAsValue => f.write_str("a sheet cannot be used as a value"),
            NotAValue { type_name } => write!(
                f,
                "a {type_name} cannot be used as a value (use text, a number, yes/no or a date)"
            ),

            SheetOutsideRun => f.write_str("sheet(): sheets can only be read inside run()"),
            SheetNotInReads {
                name,
                close: Some(close),
                ..
            } => write!(
                f,
                "sheet \"{name}\" is not in this section's reads list; did you mean \"{close}\"?"
            ),
            SheetNotInReads {
                name,
                reads,
                close: None,
            } => write!(
                f,
                "sheet \"{name}\" is not in this section's reads list; add it there: reads = {{ {} }}",
                reads
                    .iter()
                    .chain(std::iter::once(name))
                    .map(|r| format!("\"{r}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NoSuchSheet { name, close } => write!(
                f,
                "no workbook has a sheet named \"{name}\"{}",
                did_you_mean(close)
            ),
            NoSuchColumn {
                sheet,
                column,
                close,
                columns,
            } => {
                write!(f, "the sheet \"{sheet}\" has no column \"{column}\"")?;
                match close {
                    Some(_) => f.write_str(&did_you_mean(close)),
                    None => write!(f, "; its columns are: {}", columns.join(", ")),
                }
            }
            SheetField { field } => write!(
                f,
                "a sheet has no field \"{field}\" (use sheet:method(...), e.g. sheet:filter(...), and row.Column for values)"
            ),
            UnknownComparison { op } => write!(
                f,
                "where: unknown comparison \"{op}\" (use =, ~=, <, <=, > or >=)"
            ),
            WhereUsage => {
                f.write_str("where: use where(column, value) or where(column, \"<\", value)")
            }
            SortUsage => f.write_str("sort: give a column name or a function(a, b) returning a < b"),
            RowsReadOnly => f.write_str(
                "rows cannot be changed: every section sees the same data; keep the value in a local variable instead",
            ),

            NoSuchSetting { key, close } => write!(
                f,
                "there is no setting \"{key}\" in the Settings sheet{}",
                did_you_mean(close)
            ),
            ResultNotInUses { function, number } => write!(
                f,
                "{function}({number}): add {number} to this section's uses list: uses = {{ {number} }}"
            ),
            SettingRefused { name, place } => write!(
                f,
                "the setting \"{name}\" has no usable value ({place}): see the problem reported there"
            ),
            RuleOutsideRun => f.write_str(
                "rule(): rules can only be read inside run() (in a library, inside its functions)",
            ),
            ProvenanceOutsideRun => f.write_str(
                "provenance(): the data can only be read inside run() (in a library, inside its functions)",
            ),
            NoSuchRule { name, close } => write!(
                f,
                "there is no rule \"{name}\" in the Rules sheet{}",
                did_you_mean(close)
            ),
            RuleWithoutValue { name, place } => write!(
                f,
                "the rule \"{name}\" has no usable value ({place}): see the problem reported there"
            ),

            InvalidDate { year, month, day } => {
                write!(f, "date: {year}-{month}-{day} is not a valid date")
            }
            DateUsage => f.write_str("date: use date(2011, 9, 13) or date(\"2011-09-13\")"),
            OutsideCalendar { what, from, n, unit } => write!(
                f,
                "{what}: {n} {unit} from {} is outside the calendar",
                dates::long(*from)
            ),
            JoinThis => f.write_str("cannot join this value to text"),
            JoinType { type_name } => write!(f, "cannot join a {type_name} to text"),

            CountNotWhole { what } => write!(f, "{what}: the number must be whole"),
            CountsItem { index } => write!(
                f,
                "counts: item {index} must be a number or {{ number, noun }}, e.g. {{ 3, \"State Party\" }}"
            ),

            FigureNoName => f.write_str(
                "figure: give it a name, e.g. figure{ name = \"parties_at_1msp\", value = n, label = \"...\" }",
            ),
            FigureBadName { name } => write!(
                f,
                "figure: the name \"{name}\" may contain only letters, digits and _"
            ),
            FigureNoLabel { name } => write!(
                f,
                "figure \"{name}\": give it a label, the words a reader sees next to the value"
            ),
            FigureNilValue { name } => write!(
                f,
                "figure \"{name}\": the value is nil (an empty cell or a missing value?)"
            ),
            FigureBadRows { name } => write!(
                f,
                "figure \"{name}\": rows must be a sheet, a row or a list of rows"
            ),
            FigureTwice { name } => write!(f, "figure \"{name}\" is defined twice in this section"),
            TableNoColumns => f.write_str(
                "add_table: give the column headings: columns = { \"State\", \"Stage\" }",
            ),
            TableFromNotSheet => f.write_str("add_table: from must be a sheet"),
            TableNoRows => f.write_str("add_table: give rows = { {...}, ... } or from = a sheet"),
            UnknownFormat { what, format } => write!(
                f,
                "{what}: unknown format \"{format}\" (use number, decimal, percent, currency or plain)"
            ),
            FormatNoColumn { column, columns } => write!(
                f,
                "add_table: formats names the column \"{column}\", which is not among the columns ({})",
                columns
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ChartUnknownType { kind } => write!(
                f,
                "add_chart: unknown type \"{kind}\" (use column, bar, line or pie)"
            ),
            ChartNoCategories => f.write_str("add_chart: give categories = { ... }"),
            ChartNoSeries => {
                f.write_str("add_chart: give series = { { name = ..., values = { ... } } }")
            }
            ChartSeriesLength {
                name,
                values,
                categories,
            } => write!(
                f,
                "add_chart: the series \"{name}\" has {values} values for {categories} categories"
            ),
            ChartEmpty => f.write_str("add_chart: give at least one series"),

            TrackNoName => f.write_str(
                "track: give the value a name, e.g. track{ state = row.State, name = \"initial_due\", label = \"Initial report due\", value = due }",
            ),
            TrackBadName { name } => write!(
                f,
                "track: the name \"{name}\" may contain only letters, digits and _"
            ),
            TrackNoLabel { name } => write!(
                f,
                "track \"{name}\": give it a label, the heading of its column in the States sheet"
            ),
            TrackNoState { name, found } => write!(
                f,
                "track \"{name}\": state must be the name of a State, e.g. state = row.State; found {found}"
            ),
            TrackUnknownState { name, state, close } => write!(
                f,
                "track \"{name}\": \"{state}\" is not in the States list{}",
                did_you_mean(close)
            ),
            TrackStatusNotText { name, found } => write!(
                f,
                "track \"{name}\": status must be a word such as \"overdue\"; found {found}"
            ),
            TrackUnknownStatus {
                name,
                status,
                close: Some(close),
            } => write!(
                f,
                "track \"{name}\": unknown status \"{status}\"; did you mean \"{close}\"?"
            ),
            TrackUnknownStatus {
                name,
                status,
                close: None,
            } => {
                let words: Vec<String> = crate::model::tracker::Status::ALL
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect();
                write!(
                    f,
                    "track \"{name}\": unknown status \"{status}\"; a status is one of {}",
                    crate::text::grammar::list(&words, "or")
                )
            }
            TrackValueAndStatus { name } => write!(
                f,
                "track \"{name}\": give a value or a status, not both"
            ),
            TrackBadRows { name } => write!(
                f,
                "track \"{name}\": rows must be a sheet, a row or a list of rows"
            ),
            TrackTwice { name, state } => write!(
                f,
                "track \"{name}\": this section already gave a value for {state}"
            ),
            TrackTooManyNames { name, limit } => write!(
                f,
                "track \"{name}\": a section can track at most {} names (columns of the States sheet); is a name made from a value, such as a date or a State?",
                crate::text::grammar::group_thousands(*limit as i64)
            ),
            TrackOtherLabel { name, label, first } => write!(
                f,
                "track \"{name}\": the label \"{label}\" differs from the one given before (\"{first}\"); the values of one name share one label, the heading of their column"
            ),

            RequireNotAllowed { name, available } => write!(
                f,
                "require(\"{name}\"): plugins may only load their own helpers from plugins/lib/ by plain name ({})",
                if available.is_empty() {
                    "there are none".to_string()
                } else {
                    format!("available: {}", available.join(", "))
                }
            ),
            RequireCycle { name } => write!(
                f,
                "require(\"{name}\"): the library requires itself (directly or through another library)"
            ),
            RequireUnreadable { name, error } => write!(
                f,
                "require(\"{name}\"): cannot read plugins/lib/{name}.lua ({error})"
            ),
            RequireRefused { name, problem } => {
                write!(f, "require(\"{name}\"): plugins/lib/{name}.lua {problem}")
            }
            NotAvailable { name, why } => write!(f, "{name} is not available to plugins: {why}"),
        }
    }
}

/// The one place where an API error becomes a Lua error: a runtime error whose message is
/// the sentence, so that `pcall` in a plugin sees the same text as the Problems list.
impl From<ApiError> for mlua::Error {
    fn from(e: ApiError) -> Self {
        mlua::Error::RuntimeError(e.to_string())
    }
}

impl ApiError {
    /// One of each kind, for tests and for documentation of the messages.
    pub fn examples() -> Vec<Self> {
        use ApiError::*;
        let date = Date::from_ymd_opt(2011, 9, 13).expect("a valid date");
        vec![
            ExpectedText { found: Found::Nil },
            ExpectedNumber {
                what: "percent".into(),
                found: Found::Type("table"),
            },
            ExpectedDate {
                what: "as_of".into(),
                found: Found::Nil,
            },
            NotADate {
                what: "date".into(),
                text: "end of 2011".into(),
            },
            NoText,
            SheetAsValue,
            NotAValue {
                type_name: "table",
            },
            SheetOutsideRun,
            SheetNotInReads {
                name: "Stockpiles".into(),
                reads: vec!["States".into()],
                close: None,
            },
            NoSuchSheet {
                name: "Stockpile".into(),
                close: Some("Stockpiles".into()),
            },
            NoSuchColumn {
                sheet: "States".into(),
                column: "Deposit".into(),
                close: Some("Deposited".into()),
                columns: vec!["State".into(), "Deposited".into()],
            },
            SheetField {
                field: "State".into(),
            },
            UnknownComparison { op: "=>".into() },
            WhereUsage,
            SortUsage,
            RowsReadOnly,
            NoSuchSetting {
                key: "Titel".into(),
                close: Some("Title".into()),
            },
            ResultNotInUses {
                function: "section_result",
                number: 4,
            },
            SettingRefused {
                name: "Cut-off date".into(),
                place: "workbooks/settings.xlsx, sheet Settings, cell B12".into(),
            },
            RuleOutsideRun,
            ProvenanceOutsideRun,
            NoSuchRule {
                name: "Initial report".into(),
                close: Some("Initial report (days after entry into force)".into()),
            },
            RuleWithoutValue {
                name: "Annual report due".into(),
                place: "workbooks/settings.xlsx, sheet Rules, cell B5".into(),
            },
            InvalidDate {
                year: 2011,
                month: 2,
                day: 30,
            },
            DateUsage,
            OutsideCalendar {
                what: "add_years",
                from: date,
                n: 300000,
                unit: "years",
            },
            JoinThis,
            JoinType {
                type_name: "table",
            },
            CountNotWhole {
                what: "count".into(),
            },
            CountsItem { index: 2 },
            FigureNoName,
            FigureBadName {
                name: "parties at 1msp".into(),
            },
            FigureNoLabel {
                name: "parties".into(),
            },
            FigureNilValue {
                name: "parties".into(),
            },
            FigureBadRows {
                name: "parties".into(),
            },
            FigureTwice {
                name: "parties".into(),
            },
            TableNoColumns,
            TableFromNotSheet,
            TableNoRows,
            UnknownFormat {
                what: "add_table",
                format: "money".into(),
            },
            FormatNoColumn {
                column: "Amount".into(),
                columns: vec!["Channel".into(), "Amount (USD)".into()],
            },
            ChartUnknownType {
                kind: "donut".into(),
            },
            ChartNoCategories,
            ChartNoSeries,
            ChartSeriesLength {
                name: "Reports".into(),
                values: 2,
                categories: 3,
            },
            ChartEmpty,
            TrackNoName,
            TrackBadName {
                name: "initial due".into(),
            },
            TrackNoLabel {
                name: "initial_due".into(),
            },
            TrackNoState {
                name: "initial_due".into(),
                found: Found::Nil,
            },
            TrackUnknownState {
                name: "initial_due".into(),
                state: "Chle".into(),
                close: Some("Chile".into()),
            },
            TrackStatusNotText {
                name: "initial".into(),
                found: Found::Type("boolean"),
            },
            TrackUnknownStatus {
                name: "initial".into(),
                status: "overdo".into(),
                close: Some("overdue".into()),
            },
            TrackValueAndStatus {
                name: "initial".into(),
            },
            TrackBadRows {
                name: "initial".into(),
            },
            TrackTwice {
                name: "initial".into(),
                state: "Chile".into(),
            },
            TrackOtherLabel {
                name: "initial".into(),
                label: "Initial".into(),
                first: "Initial report".into(),
            },
            TrackTooManyNames {
                name: "v1001".into(),
                limit: 1000,
            },
            RequireNotAllowed {
                name: "os".into(),
                available: vec!["ccm".into(), "treaty".into()],
            },
            RequireCycle { name: "ccm".into() },
            RequireUnreadable {
                name: "ccm".into(),
                error: "permission denied".into(),
            },
            RequireRefused {
                name: "helpers".into(),
                problem: crate::problem::file::FileProblem::LinkOutside {
                    target: "/home/me/.env".into(),
                },
            },
            NotAvailable {
                name: "io".into(),
                why: "a section cannot open files; it reads the sheets it declares with sheet(\"Name\")",
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_as_before() {
        let shown: Vec<String> = ApiError::examples()
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        let expected = [
            "expected text, found nil (an empty cell or a missing value)",
            "percent: expected a number, found a table",
            "as_of: expected a date, found nil (an empty cell or a missing value)",
            "date: \"end of 2011\" is not a date; write dates as \"2011-09-13\"",
            "expected some text",
            "a sheet cannot be used as a value",
            "a table cannot be used as a value (use text, a number, yes/no or a date)",
            "sheet(): sheets can only be read inside run()",
            "sheet \"Stockpiles\" is not in this section's reads list; add it there: reads = { \"States\", \"Stockpiles\" }",
            "no workbook has a sheet named \"Stockpile\"; did you mean \"Stockpiles\"?",
            "the sheet \"States\" has no column \"Deposit\"; did you mean \"Deposited\"?",
            "a sheet has no field \"State\" (use sheet:method(...), e.g. sheet:filter(...), and row.Column for values)",
            "where: unknown comparison \"=>\" (use =, ~=, <, <=, > or >=)",
            "where: use where(column, value) or where(column, \"<\", value)",
            "sort: give a column name or a function(a, b) returning a < b",
            "rows cannot be changed: every section sees the same data; keep the value in a local variable instead",
            "there is no setting \"Titel\" in the Settings sheet; did you mean \"Title\"?",
            "section_result(4): add 4 to this section's uses list: uses = { 4 }",
            "the setting \"Cut-off date\" has no usable value (workbooks/settings.xlsx, sheet Settings, cell B12): see the problem reported there",
            "rule(): rules can only be read inside run() (in a library, inside its functions)",
            "provenance(): the data can only be read inside run() (in a library, inside its functions)",
            "there is no rule \"Initial report\" in the Rules sheet; did you mean \"Initial report (days after entry into force)\"?",
            "the rule \"Annual report due\" has no usable value (workbooks/settings.xlsx, sheet Rules, cell B5): see the problem reported there",
            "date: 2011-2-30 is not a valid date",
            "date: use date(2011, 9, 13) or date(\"2011-09-13\")",
            "add_years: 300000 years from 13 September 2011 is outside the calendar",
            "cannot join this value to text",
            "cannot join a table to text",
            "count: the number must be whole",
            "counts: item 2 must be a number or { number, noun }, e.g. { 3, \"State Party\" }",
            "figure: give it a name, e.g. figure{ name = \"parties_at_1msp\", value = n, label = \"...\" }",
            "figure: the name \"parties at 1msp\" may contain only letters, digits and _",
            "figure \"parties\": give it a label, the words a reader sees next to the value",
            "figure \"parties\": the value is nil (an empty cell or a missing value?)",
            "figure \"parties\": rows must be a sheet, a row or a list of rows",
            "figure \"parties\" is defined twice in this section",
            "add_table: give the column headings: columns = { \"State\", \"Stage\" }",
            "add_table: from must be a sheet",
            "add_table: give rows = { {...}, ... } or from = a sheet",
            "add_table: unknown format \"money\" (use number, decimal, percent, currency or plain)",
            "add_table: formats names the column \"Amount\", which is not among the columns (\"Channel\", \"Amount (USD)\")",
            "add_chart: unknown type \"donut\" (use column, bar, line or pie)",
            "add_chart: give categories = { ... }",
            "add_chart: give series = { { name = ..., values = { ... } } }",
            "add_chart: the series \"Reports\" has 2 values for 3 categories",
            "add_chart: give at least one series",
            "track: give the value a name, e.g. track{ state = row.State, name = \"initial_due\", label = \"Initial report due\", value = due }",
            "track: the name \"initial due\" may contain only letters, digits and _",
            "track \"initial_due\": give it a label, the heading of its column in the States sheet",
            "track \"initial_due\": state must be the name of a State, e.g. state = row.State; found nil (an empty cell or a missing value)",
            "track \"initial_due\": \"Chle\" is not in the States list; did you mean \"Chile\"?",
            "track \"initial\": status must be a word such as \"overdue\"; found a boolean",
            "track \"initial\": unknown status \"overdo\"; did you mean \"overdue\"?",
            "track \"initial\": give a value or a status, not both",
            "track \"initial\": rows must be a sheet, a row or a list of rows",
            "track \"initial\": this section already gave a value for Chile",
            "track \"initial\": the label \"Initial\" differs from the one given before (\"Initial report\"); the values of one name share one label, the heading of their column",
            "track \"v1001\": a section can track at most 1,000 names (columns of the States sheet); is a name made from a value, such as a date or a State?",
            "require(\"os\"): plugins may only load their own helpers from plugins/lib/ by plain name (available: ccm, treaty)",
            "require(\"ccm\"): the library requires itself (directly or through another library)",
            "require(\"ccm\"): cannot read plugins/lib/ccm.lua (permission denied)",
            "require(\"helpers\"): plugins/lib/helpers.lua is a link to /home/me/.env, outside the plugins folder, so it was not read: plugins may read only files inside plugins/ (a link out of it could put any file of this computer into the report); copy the file into plugins/ instead",
            "io is not available to plugins: a section cannot open files; it reads the sheets it declares with sheet(\"Name\")",
        ];
        assert_eq!(shown, expected);
    }

    #[test]
    fn the_variants_that_depend_on_their_data() {
        let close = ApiError::SheetNotInReads {
            name: "Stockpile".into(),
            reads: vec!["Stockpiles".into()],
            close: Some("Stockpiles".into()),
        };
        assert_eq!(
            close.to_string(),
            "sheet \"Stockpile\" is not in this section's reads list; did you mean \"Stockpiles\"?"
        );
        let columns = ApiError::NoSuchColumn {
            sheet: "States".into(),
            column: "Zone".into(),
            close: None,
            columns: vec!["State".into(), "Deposited".into()],
        };
        assert_eq!(
            columns.to_string(),
            "the sheet \"States\" has no column \"Zone\"; its columns are: State, Deposited"
        );
        let none = ApiError::RequireNotAllowed {
            name: "x".into(),
            available: vec![],
        };
        assert!(none.to_string().ends_with("by plain name (there are none)"));
        assert_eq!(
            ApiError::NoSuchSetting {
                key: "Zzz".into(),
                close: None
            }
            .to_string(),
            "there is no setting \"Zzz\" in the Settings sheet"
        );
        assert_eq!(
            ApiError::TrackUnknownStatus {
                name: "a8".into(),
                status: "pending".into(),
                close: None
            }
            .to_string(),
            "track \"a8\": unknown status \"pending\"; a status is one of \"done\", \"on time\", \"late\", \"overdue\", \"due soon\", \"not yet due\", \"missing\" or \"not applicable\""
        );
    }
}
