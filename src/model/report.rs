//! The report model: what the sections produced, independent of how it is written out.
//!
//! Besides the data, two things every output shares are decided here: how a section is named
//! ([`Heading`]) and how a row behind a figure reads ([`Record`]), so that the documents, the
//! workbook and `explain` cannot drift apart.

use std::fmt;

use crate::model::dates::Date;
use crate::model::provenance::Drawn;
use crate::model::table::DataTable;
use crate::model::value::Value;
use crate::problem::Place;

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub title: String,
    /// The period covered, e.g. "from the 1MSP (November 2010) to the 2MSP (September 2011)".
    pub period: Option<String>,
    pub subtitle: Option<String>,
    /// Sections in report order (by number).
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub number: Option<i64>,
    pub title: String,
    /// The plugin file, relative to the project.
    pub file: String,
    /// The short name the plugin gave its sheet (`sheet = "Trends"`), without the number.
    pub sheet: Option<String>,
    pub outcome: Outcome,
}

impl Section {
    /// How the section is named: "4. Universalization" and its other forms (see [`Heading`]).
    pub fn heading(&self) -> Heading<'_> {
        Heading {
            number: self.number,
            title: &self.title,
        }
    }

    /// The name wanted for the section's sheet: "4 Universalization", or the number and the
    /// plugin's short name when it gives one ("2 General trends"), before the sheet-name rules
    /// make it one Excel accepts.
    pub fn sheet_name(&self) -> String {
        match (&self.sheet, self.number) {
            (Some(short), Some(n)) => format!("{n} {short}"),
            (Some(short), None) => short.clone(),
            (None, _) => self.heading().sheet_name(),
        }
    }

    pub fn content(&self) -> Option<&Content> {
        match &self.outcome {
            Outcome::Produced(c) => Some(&**c),
            Outcome::Failed(_) => None,
        }
    }
}

/// A section's number and title, and every form in which outputs show them. A plugin that
/// failed before declaring itself has no number, and its file name for a title: each form is
/// then that title alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heading<'a> {
    pub number: Option<i64>,
    pub title: &'a str,
}

/// "4. Universalization": the heading proper, over the section in the documents and atop its
/// sheet in the workbook.
impl fmt::Display for Heading<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.number {
            Some(n) => write!(f, "{n}. {}", self.title),
            None => f.write_str(self.title),
        }
    }
}

impl Heading<'_> {
    /// "4 Universalization": the name wanted for the section's sheet, before the sheet-name
    /// rules make it one that Excel accepts.
    pub fn sheet_name(&self) -> String {
        self.with_number(|n, t| format!("{n} {t}"))
    }

    /// "section 4, Universalization": within parentheses, after what belongs to the section
    /// ("Figure 4.parties_at_1msp (section 4, Universalization)").
    pub fn aside(&self) -> String {
        self.with_number(|n, t| format!("section {n}, {t}"))
    }

    /// "section 4 (Universalization)": as the subject of a sentence ("section 4
    /// (Universalization) was not produced").
    pub fn in_sentence(&self) -> String {
        self.with_number(|n, t| format!("section {n} ({t})"))
    }

    fn with_number(&self, form: impl Fn(i64, &str) -> String) -> String {
        match self.number {
            Some(n) => form(n, self.title),
            None => self.title.to_string(),
        }
    }
}

#[derive(Clone, Debug)]
pub enum Outcome {
    /// What the section produced: boxed, as a section's content is many times the size of the
    /// reason a section was not produced.
    Produced(Box<Content>),
    /// Why the section was not produced, in one sentence.
    Failed(String),
}

/// What a section produced. Each text carries where it was written and whether it is marked
/// ([`Text`]), and each table and chart the same ([`Placed`]): a renderer, or the review of
/// the report, gets a text with its mark and origin together, never from a list kept beside it.
#[derive(Clone, Debug, Default)]
pub struct Content {
    pub blocks: Vec<Block>,
    pub challenges: Vec<Text>,
    pub questions: Vec<Text>,
    pub questions_intro: Option<Text>,
    pub figures: Vec<Figure>,
    pub tables: Vec<Placed<ReportTable>>,
    pub charts: Vec<Placed<Chart>>,
    /// Values about each State (`track{ ... }`), for the States sheet and `explain`; never
    /// for the narrative, which is aggregate.
    pub tracked: crate::model::tracker::Tracked,
    /// Whether the section has looked at an illustrative row: so far while it runs, at all
    /// once it is done.
    ///
    /// The rule, applied while the section runs: once the section has looked at an
    /// illustrative row (the length of a view that holds one, its rows, a cell, a sum, the
    /// results of a section that drew on some...), every text, table and chart it writes
    /// afterwards is marked. What a plugin computes from the data cannot be traced through Lua,
    /// so whatever is written after the look may draw on it: the rule marks too much rather
    /// than too little. A table whose rows are copied from illustrative rows is marked too.
    pub observed: bool,
}

impl Content {
    /// A text written at `origin`: marked when the section has looked at illustrative rows by
    /// then (see [`Content::observed`]), as every text added below.
    pub fn text(&self, text: String, origin: Origin) -> Text {
        Text {
            text,
            origin,
            marked: self.observed,
        }
    }

    pub fn push_paragraph(&mut self, text: String, origin: Origin) {
        let text = self.text(text, origin);
        self.blocks.push(Block::Paragraph(text));
    }

    pub fn push_heading(&mut self, text: String, origin: Origin) {
        let text = self.text(text, origin);
        self.blocks.push(Block::Heading(text));
    }

    /// A bulleted list, written by one call: its items share the origin and the mark.
    pub fn push_bullets(&mut self, items: Vec<String>, origin: Origin) {
        let items = items
            .into_iter()
            .map(|item| self.text(item, origin.clone()))
            .collect();
        self.blocks.push(Block::Bullets(items));
    }

    /// Adds a paragraph that repeats another section's text: marked when that text is
    /// (`marked`), or when this section has looked at illustrative rows by then.
    pub fn push_repeated(&mut self, text: String, origin: Origin, marked: bool) {
        let mut text = self.text(text, origin);
        text.marked |= marked;
        self.blocks.push(Block::Paragraph(text));
    }

    pub fn push_challenge(&mut self, text: String, origin: Origin) {
        let text = self.text(text, origin);
        self.challenges.push(text);
    }

    pub fn push_question(&mut self, text: String, origin: Origin) {
        let text = self.text(text, origin);
        self.questions.push(text);
    }

    pub fn set_questions_intro(&mut self, text: String, origin: Origin) {
        self.questions_intro = Some(self.text(text, origin));
    }

    pub fn push_table(&mut self, table: ReportTable, origin: Origin) {
        let table = self.placed(table, origin);
        self.tables.push(table);
    }

    /// Marks the last table added: its rows are copied from illustrative rows
    /// (`add_table{ from = view }`), though the section did not look at them.
    pub fn mark_last_table(&mut self) {
        if let Some(last) = self.tables.last_mut() {
            last.marked = true;
        }
    }

    pub fn push_chart(&mut self, chart: Chart, origin: Origin) {
        let chart = self.placed(chart, origin);
        self.charts.push(chart);
    }

    fn placed<T>(&self, item: T, origin: Origin) -> Placed<T> {
        Placed {
            item,
            origin,
            marked: self.observed,
        }
    }

    /// Notes that the section has looked at an illustrative row: what it writes from now on
    /// is marked (see [`Content::observed`]).
    pub fn observe(&mut self) {
        self.observed = true;
    }

    /// Whether anything of the section draws, or may draw, on illustrative rows: it looked at
    /// some, or a figure or a table is made of some. A section that reads its results
    /// (`section_result`) has then looked at them too.
    pub fn draws_on_illustrative(&self) -> bool {
        self.observed
            || self.tables.iter().any(|t| t.marked)
            || self.figures.iter().any(|f| f.drawn.is_illustrative())
    }
}

/// A text of a section, with where it was written and whether it is marked: it draws, or may
/// draw, on rows marked as an illustrative sample (model::provenance; the rule is at
/// [`Content::observed`]). It reads as its words: `&*text` is a `&str`, and `{text}` shows the
/// words alone (a renderer adds the mark).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub origin: Origin,
    pub marked: bool,
}

/// A text with no known origin and no mark, as a report made in code (a test) writes it.
impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text {
            text: text.to_string(),
            ..Text::default()
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A table or a chart of a section, with where it was written and whether it is marked, as a
/// [`Text`] has them. It reads as what it holds (`placed.title`).
#[derive(Clone, Debug, Default)]
pub struct Placed<T> {
    pub item: T,
    pub origin: Origin,
    pub marked: bool,
}

impl<T> std::ops::Deref for Placed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.item
    }
}

/// A table or chart with no known origin and no mark, as a report made in code (a test) has it.
impl<T> From<T> for Placed<T> {
    fn from(item: T) -> Placed<T> {
        Placed {
            item,
            origin: Origin::default(),
            marked: false,
        }
    }
}

impl<T> std::ops::DerefMut for Placed<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.item
    }
}

/// Where a text of a section was written: the plugin (or library) file and line of the call
/// that wrote it (`paragraph(...)`, `add_table{...}`), so that a check on the assembled report
/// (src/review) can point at the line to change. `None` when it is not known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: Option<String>,
    pub line: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Text),
    Heading(Text),
    /// A bulleted list: one call wrote it, so its items share their origin and mark.
    Bullets(Vec<Text>),
}

#[derive(Clone, Debug)]
pub struct Figure {
    pub name: String,
    pub label: String,
    pub value: Value,
    pub as_of: Option<Date>,
    /// The plugin (or library) file and line where the figure was made.
    pub file: Option<String>,
    pub line: Option<u32>,
    /// The rows that produced it.
    pub rows: Vec<RowRef>,
    /// What it drew on illustrative rows (model::provenance).
    pub drawn: Drawn,
}

/// A row of a dataset table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowRef {
    /// The table's name, shared by all the rows of a figure.
    pub table: std::sync::Arc<str>,
    pub row: usize,
}

/// A row behind a figure, read back from its table: where it came from and what it holds.
///
/// Its `Display` is the record, the empty cells left out: `State: Austria; Year: 2024; Kind:
/// annual`. `explain` prints it as it is; the Audit sheet keeps the first fields
/// ([`Record::first_fields`]) and does not quote ([`Record::unquoted`]), as it always has.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    table: &'a DataTable,
    row: usize,
    max_fields: usize,
    quote: bool,
}

impl<'a> Record<'a> {
    /// The row `row` of `table`, or `None` when the table has no such row.
    pub fn new(table: &'a DataTable, row: usize) -> Option<Record<'a>> {
        (row < table.len()).then_some(Record {
            table,
            row,
            max_fields: usize::MAX,
            quote: true,
        })
    }

    /// Workbook, sheet and row: "workbooks/reports.xlsx, sheet Reports, row 2".
    pub fn place(&self) -> Place {
        self.table.location(self.row, None)
    }

    /// The project-relative path of the workbook the row was read from.
    pub fn workbook(&self) -> &'a str {
        &self.table.part_of(self.row).workbook
    }

    pub fn sheet(&self) -> &'a str {
        &self.table.part_of(self.row).sheet
    }

    /// The row's 1-based number in its sheet.
    pub fn sheet_row(&self) -> u32 {
        self.table.sources[self.row].row
    }

    /// Shows only the first `n` filled-in fields.
    pub fn first_fields(self, n: usize) -> Self {
        Record {
            max_fields: n,
            ..self
        }
    }

    /// Shows a value that holds a semicolon as it is, rather than in quotes.
    pub fn unquoted(self) -> Self {
        Record {
            quote: false,
            ..self
        }
    }
}

impl fmt::Display for Record<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields = self
            .table
            .column_names()
            .zip(self.table.row(self.row))
            .filter(|(_, v)| !v.is_empty())
            .take(self.max_fields);
        for (i, (name, value)) in fields.enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            let value = value.to_string();
            // Fields are separated by "; ": a value that holds one is quoted, to read as one.
            if self.quote && value.contains(';') {
                write!(f, "{name}: \"{value}\"")?;
            } else {
                write!(f, "{name}: {value}")?;
            }
        }
        Ok(())
    }
}

/// A table a section puts in its sheet of the consolidated workbook and, unless it is for the
/// workbook only, in the documents that are circulated.
#[derive(Clone, Debug, Default)]
pub struct ReportTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// How the numbers of each column are shown, by column; a column without one shows whole
    /// numbers with thousands separators (see [`NumberFormat::for_column`]).
    pub formats: Vec<Option<NumberFormat>>,
    /// The table names States (or otherwise belongs in the workbook only): it is left out of
    /// report.md, report.html and report.docx (`add_table{ ..., workbook_only = true }`).
    pub workbook_only: bool,
}

impl ReportTable {
    /// The number format of column `col`, given or by default.
    pub fn format(&self, col: usize) -> NumberFormat {
        self.formats
            .get(col)
            .copied()
            .flatten()
            .unwrap_or_else(|| NumberFormat::for_column(self.columns.get(col).map_or("", |c| c)))
    }
}

/// How a column's numbers are shown, in the workbook and in the documents alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberFormat {
    /// 14,212,000 (a fraction keeps up to two decimals: 3.25).
    Number,
    /// 1,234.50: always two decimals.
    Decimal,
    /// 0.25 shown as 25%.
    Percent,
    /// An amount of money: 14,212,000, or 1,234.50 with cents; the column's name says the
    /// currency.
    Currency,
    /// As typed, without separators: years, codes (2011).
    Plain,
}

impl NumberFormat {
    /// The names a plugin uses in `formats = { ... }`.
    pub const NAMES: [(&'static str, NumberFormat); 5] = [
        ("number", NumberFormat::Number),
        ("decimal", NumberFormat::Decimal),
        ("percent", NumberFormat::Percent),
        ("currency", NumberFormat::Currency),
        ("plain", NumberFormat::Plain),
    ];

    pub fn from_name(name: &str) -> Option<NumberFormat> {
        let name = name.trim().to_lowercase();
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    /// The default for a column: a year or a number that names something ("Year", "Action",
    /// "Article", "Section", "Row") is shown as typed; other numbers with thousands separators.
    pub fn for_column(name: &str) -> NumberFormat {
        let name = name.to_lowercase();
        let plain = [
            "year", "action", "article", "section", "row", "code", "number",
        ];
        if name
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| plain.contains(&w))
        {
            NumberFormat::Plain
        } else {
            NumberFormat::Number
        }
    }

    /// Excel's number format for `n` in this format.
    pub fn excel(self, n: f64) -> &'static str {
        match self {
            NumberFormat::Number | NumberFormat::Currency if n.fract() == 0.0 => "#,##0",
            NumberFormat::Number => "#,##0.0#",
            NumberFormat::Decimal | NumberFormat::Currency => "#,##0.00",
            NumberFormat::Percent => "0%",
            NumberFormat::Plain => "General",
        }
    }

    /// `n` as the documents show it (as Excel shows it with [`NumberFormat::excel`]).
    pub fn text(self, n: f64) -> String {
        if !n.is_finite() {
            return n.to_string();
        }
        match self {
            NumberFormat::Plain => Value::Number(n).to_string(),
            NumberFormat::Percent => format!("{}%", group(n * 100.0, 0)),
            NumberFormat::Number | NumberFormat::Currency if n.fract() == 0.0 => group(n, 0),
            NumberFormat::Number => {
                let s = group(n, 2);
                s.trim_end_matches('0').to_string()
            }
            NumberFormat::Decimal | NumberFormat::Currency => group(n, 2),
        }
    }
}

/// `n` rounded to `decimals`, with a comma between thousands: 14212000 → "14,212,000".
fn group(n: f64, decimals: usize) -> String {
    // Halves round away from zero, as Excel rounds what it shows (62.5% shows as 63%).
    let factor = 10f64.powi(decimals as i32);
    let s = format!("{:.*}", decimals, (n.abs() * factor).round() / factor);
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if n < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChartKind {
    #[default]
    Column,
    Bar,
    Line,
    Pie,
}

#[derive(Clone, Debug, Default)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The title of the axis of categories (`x_title`), and of the values (`y_title`).
    pub x_title: Option<String>,
    pub y_title: Option<String>,
    /// A sentence under the chart, e.g. what a partial last year covers (`note`).
    pub note: Option<String>,
    /// How the values are shown in data labels and the documents' tables.
    pub format: Option<NumberFormat>,
    /// For the workbook only, as for tables.
    pub workbook_only: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Series {
    pub name: String,
    /// One per category; `None` where the value is not known (drawn as a gap, not as 0).
    pub values: Vec<Option<f64>>,
}

impl Chart {
    /// The chart's data as a table: a header for the categories (the x-axis title, or
    /// "Category") and one per series, then a row per category with its values (empty where a
    /// series has none). What the documents and the workbook show beside the picture.
    pub fn as_table(&self) -> (Vec<String>, Vec<Vec<Value>>) {
        let mut headers = vec![self
            .x_title
            .clone()
            .unwrap_or_else(|| "Category".to_string())];
        headers.extend(self.series.iter().map(|s| s.name.clone()));
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, cat)| {
                let mut v = vec![Value::text(cat)];
                v.extend(self.series.iter().map(|s| {
                    s.values
                        .get(i)
                        .copied()
                        .flatten()
                        .map(Value::Number)
                        .unwrap_or_default()
                }));
                v
            })
            .collect();
        (headers, rows)
    }

    /// How the chart's values are shown.
    pub fn number_format(&self) -> NumberFormat {
        self.format.unwrap_or(NumberFormat::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_in_the_workbook() {
        let n = NumberFormat::Number;
        assert_eq!(n.text(14212000.0), "14,212,000");
        assert_eq!(n.text(-1234.0), "-1,234");
        assert_eq!(n.text(3.25), "3.25");
        assert_eq!(n.text(3.5), "3.5");
        assert_eq!(n.text(0.0), "0");
        assert_eq!(NumberFormat::Currency.text(1500.5), "1,500.50");
        assert_eq!(NumberFormat::Currency.text(14212000.0), "14,212,000");
        assert_eq!(NumberFormat::Percent.text(0.625), "63%");
        assert_eq!(NumberFormat::Plain.text(2011.0), "2011");
        assert_eq!(NumberFormat::for_column("Year"), NumberFormat::Plain);
        assert_eq!(NumberFormat::for_column("Source row"), NumberFormat::Plain);
        assert_eq!(
            NumberFormat::for_column("Amount (USD)"),
            NumberFormat::Number
        );
        assert_eq!(
            NumberFormat::from_name(" Percent"),
            Some(NumberFormat::Percent)
        );
        assert_eq!(NumberFormat::from_name("money"), None);
    }
}
