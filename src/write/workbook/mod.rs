//! The consolidated workbook: Contents, Summary, States (when sections track values about
//! each State), one sheet per section, Audit, Problems and one Data sheet per input table,
//! with real dates, numbers in their formats, frozen bold headers, filters and widths from
//! their content; every sheet prints on A4 (`page`). Each kind of sheet has its module; this
//! one names the sheets and puts them in order.
//!
//! A value that a sheet cannot hold as it is (a text longer than a cell, more rows or columns
//! than a sheet) is written in the nearest form it can hold and reported as a warning; the
//! warnings of every sheet are gathered before the Problems sheet is written, last.

mod audit;
mod cells;
mod contents;
mod data;
mod page;
mod problems;
mod rendered;
mod section_sheet;
mod summary;
pub mod tracker;

use std::fs::File;
use std::io::BufWriter;

use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

pub use audit::AUDIT_ROWS_PER_FIGURE;
pub use data::{DataSheets, BIG_SHEET_ROWS};
pub use rendered::section_sheet_cells;
pub use section_sheet::FIGURE_NAME_COL;

use super::excel::formats;
use super::excel::sheet_names::{self, SheetNames};
use super::limits;
use crate::model::report::{NumberFormat, Report};
use crate::model::table::Dataset;
use crate::model::tracker::Tracker;
use crate::model::value::Value;
use crate::problem::{OutputProblem, Place, Problem, Problems};

/// Zip compression level of the consolidated workbook.
pub const ZIP_LEVEL: u8 = 3;

/// The sheets that are not a section's or a table's, as the documents refer to them.
pub const CONTENTS: &str = "Contents";
pub const SUMMARY: &str = "Summary";
pub const AUDIT: &str = "Audit";
pub const PROBLEMS: &str = "Problems";
/// What a Data sheet's name starts with, before its table's name.
const DATA_PREFIX: &str = "Data ";

/// The heading of the column that says how a figure drew on illustrative rows, in the
/// Summary sheet and the Figures table of a section's sheet.
const ILLUSTRATIVE: &str = "Drawn from illustrative rows";

/// That column's cell for a figure ("12 of 40 rows are illustrative"); empty when it does not
/// draw on them.
fn illustrative(fig: &crate::model::report::Figure) -> Value {
    fig.drawn
        .describe(fig.rows.len())
        .map(Value::text)
        .unwrap_or_default()
}

/// The formats of the consolidated workbook, made once (from `excel::formats`).
struct Formats {
    title: Format,
    subtitle: Format,
    heading: Format,
    /// Narrative: wraps, top-aligned.
    text: Format,
    /// A value in a table, top-aligned so that a row of several cells reads from the top.
    cell: Format,
    cell_wrap: Format,
    header: Format,
    date: Format,
    bold: Format,
    note: Format,
    link: Format,
    whole: Format,
    fraction: Format,
    decimal: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        let top = |f: Format| f.set_align(FormatAlign::Top);
        Formats {
            title: formats::title(),
            subtitle: formats::subtitle(),
            heading: formats::heading(),
            text: formats::wrapped(),
            cell: top(Format::new()),
            cell_wrap: formats::wrapped(),
            header: formats::header(),
            // Indented: a date after a number would otherwise touch it.
            date: top(formats::date(formats::LONG_DATE)).set_indent(1),
            bold: formats::bold().set_text_wrap().set_align(FormatAlign::Top),
            note: formats::warning().set_align(FormatAlign::Top),
            link: Format::new()
                .set_font_color(rust_xlsxwriter::Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            whole: top(Format::new().set_num_format("#,##0")),
            fraction: top(Format::new().set_num_format("#,##0.0#")),
            decimal: top(Format::new().set_num_format("#,##0.00")),
            percent: top(Format::new().set_num_format("0%")),
        }
    }

    fn text(&self, wrap: bool) -> &Format {
        if wrap {
            &self.cell_wrap
        } else {
            &self.cell
        }
    }

    fn number(&self, format: NumberFormat, n: f64) -> &Format {
        match format {
            NumberFormat::Plain => &self.cell,
            NumberFormat::Number | NumberFormat::Currency if n.fract() == 0.0 => &self.whole,
            NumberFormat::Number => &self.fraction,
            NumberFormat::Decimal | NumberFormat::Currency => &self.decimal,
            NumberFormat::Percent => &self.percent,
        }
    }
}

/// How many sheets `rows` rows (below a header) take, at most `limit` rows a sheet.
fn sheets_for(rows: usize, limit: u32) -> usize {
    rows.div_ceil(limit as usize - 1).max(1)
}

/// The sheet names of the workbook, every one chosen by the same rules and unique; a name
/// that had to change is a warning.
struct Names {
    taken: SheetNames,
    warnings: Vec<Problem>,
}

impl Names {
    fn new() -> Names {
        Names {
            taken: SheetNames::new(),
            warnings: Vec::new(),
        }
    }

    /// The name for a sheet wanted as `wanted`; `place` and `what` say whose sheet it is,
    /// should the name have to change.
    fn take(&mut self, wanted: &str, place: impl FnOnce() -> (Place, String, bool)) -> String {
        let name = self.taken.take(wanted);
        // A long title cut (between words) to a name's length is expected; any other change
        // (a character Excel refuses, an apostrophe at an end, a name already taken) is said.
        let cut_for_length =
            sheet_names::units(wanted) > sheet_names::MAX_LEN && wanted.starts_with(name.as_str());
        if name != wanted && !cut_for_length {
            let (place, what, section) = place();
            self.warnings.push(Problem::new(
                place,
                OutputProblem::SheetRenamed {
                    what,
                    // On one line, as every message: line breaks and tabs as spaces.
                    wanted: wanted.split_whitespace().collect::<Vec<_>>().join(" "),
                    name: name.clone(),
                    section,
                },
            ));
        }
        name
    }

    /// The name for a sheet of actionplan's own, with its continuations (" (2)", ...).
    fn fixed(&mut self, name: &str, count: usize) -> Vec<String> {
        (0..count).map(|_| self.taken.take(name)).collect()
    }

    /// The names of the sheets before the Data sheets, taken first and in this order: `explain`
    /// finds a section's sheet by its name ([`section_sheet_names`]), and the States sheet by
    /// [`tracker::TRACKER`], which no section can take from it.
    fn leading(&mut self, report: &Report, tracker: bool) -> Leading {
        let contents = self.fixed(CONTENTS, 1).remove(0);
        let summary = self.fixed(SUMMARY, 1).remove(0);
        let tracker = tracker.then(|| self.fixed(tracker::TRACKER, 1).remove(0));
        let sections = report
            .sections
            .iter()
            .map(|s| {
                let wanted = s.sheet_name();
                // A plugin that failed before giving its number is named by its file, which
                // has a "/": that its sheet is named otherwise is no news beside its failure.
                if s.number.is_none() {
                    return self.taken.take(&wanted);
                }
                self.take(&wanted, || {
                    (Place::file(&s.file), s.heading().in_sentence(), true)
                })
            })
            .collect();
        Leading {
            contents,
            summary,
            tracker,
            sections,
        }
    }
}

/// The names of the Contents, Summary, States and section sheets.
struct Leading {
    contents: String,
    summary: String,
    /// The States sheet, when there is one.
    tracker: Option<String>,
    sections: Vec<String>,
}

/// Writes the consolidated workbook: Contents, Summary, a sheet per section, Audit and
/// Problems, then the Data sheets that `data` has been writing meanwhile. Warnings about
/// values written in another form join `problems`, and the Problems sheet.
pub fn write(
    file: &mut BufWriter<File>,
    data: DataSheets,
    report: &Report,
    dataset: &Dataset,
    problems: &mut Problems,
) -> Result<()> {
    let f = Formats::new();
    let limit = limits::sheet_rows();
    let (mut wb, pending) = data.split();
    let states = Tracker::new(report, &dataset.states);
    wb.set_properties(&properties(report, dataset)?);
    let mut names = Names::new();

    let Leading {
        contents: contents_name,
        summary: summary_name,
        tracker: tracker_name,
        sections: section_names,
    } = names.leading(report, !states.is_empty());
    let data_names: Vec<Vec<String>> = dataset
        .tables
        .iter()
        .map(|t| {
            let wanted = format!("{DATA_PREFIX}{}", t.name);
            let first = names.take(&wanted, || {
                let place = t.parts.first().map_or(Place::file("workbooks/"), |p| {
                    Place::sheet(&p.workbook, &p.sheet)
                });
                (place, format!("the sheet {}", t.name), false)
            });
            let mut all = vec![first.clone()];
            for _ in 1..sheets_for(t.len(), limit) {
                all.push(names.taken.take(&first));
            }
            all
        })
        .collect();
    for (t, sheets) in dataset.tables.iter().zip(&data_names) {
        if sheets.len() > 1 {
            let place = t.parts.first().map_or(Place::file("workbooks/"), |p| {
                Place::sheet(&p.workbook, &p.sheet)
            });
            names.warnings.push(Problem::new(
                place,
                OutputProblem::RowsContinued {
                    what: format!("the sheet {}", t.name),
                    rows: t.len(),
                    sheets: sheets.clone(),
                },
            ));
        }
    }
    let first_data: Vec<String> = data_names.iter().map(|n| n[0].clone()).collect();
    let audit = audit::plan(report, dataset, &first_data)?;
    let audit_names = names.fixed(AUDIT, sheets_for(audit.lines, limit));
    let mut warnings = std::mem::take(&mut names.warnings);

    let mut summary_ws = Worksheet::new();
    summary::write(&mut summary_ws, &summary_name, report, &f, &mut warnings)?;
    let tracker_ws = match &tracker_name {
        Some(name) => {
            let mut ws = Worksheet::new();
            tracker::write(&mut ws, name, &states, dataset, &report.title, &f)?;
            Some(ws)
        }
        None => None,
    };
    let mut sections = Vec::new();
    for (section, name) in report.sections.iter().zip(&section_names) {
        let mut ws = Worksheet::new();
        section_sheet::write(&mut ws, name, section, &report.title, &f, &mut warnings)?;
        sections.push(ws);
    }
    crate::timing::lap("workbook: summary, sections");
    // A big Audit is written to a file as it goes, its texts and formats into tables it
    // shares with the Data sheets: only once they are written, so that the order of those
    // tables (and the file's bytes) is the same from one build to the next. A small one is
    // held in memory and is written while they are.
    let write_audit = |wb: &mut Workbook, warnings: &mut Vec<Problem>| {
        let sheets = audit::write(
            wb,
            &audit_names,
            &audit,
            report,
            dataset,
            &first_data,
            &f,
            warnings,
        )?;
        crate::timing::lap("workbook: audit");
        anyhow::Ok(sheets)
    };
    let small_audit = if audit.big {
        None
    } else {
        Some(write_audit(&mut wb, &mut warnings)?)
    };
    let (data_sheets, data_warnings) = pending.wait()?;
    crate::timing::lap("workbook: data sheets (waiting for their thread)");
    let audit_sheets = match small_audit {
        Some(sheets) => sheets,
        None => write_audit(&mut wb, &mut warnings)?,
    };
    warnings.extend(data_warnings);

    // Every warning is known: the Problems sheet lists them with the rest.
    let all: Vec<Problem> = problems.iter().chain(&warnings).cloned().collect();
    let mut cut = Vec::new();
    let rows = problems::rows(all.iter(), &mut cut);
    warnings.extend(cut);
    let problem_names = names.fixed(PROBLEMS, sheets_for(rows.len(), limit));
    let problem_sheets = problems::write(&problem_names, &rows, &report.title, &f)?;

    let mut contents_ws = Worksheet::new();
    let mut listed: Vec<(String, String)> = vec![(
        summary_name.clone(),
        "Every figure of the report, by section, with its value and date".to_string(),
    )];
    if let Some(name) = &tracker_name {
        listed.push((name.clone(), contents::tracker_line(&states)));
    }
    for (s, name) in report.sections.iter().zip(&section_names) {
        listed.push((name.clone(), contents::section_line(s)));
    }
    for (i, name) in audit_names.iter().enumerate() {
        listed.push((
            name.clone(),
            contents::continued("Every row behind every figure, with where it came from", i),
        ));
    }
    for (i, name) in problem_names.iter().enumerate() {
        listed.push((
            name.clone(),
            contents::continued(&contents::problems_line(rows.len()), i),
        ));
    }
    for (t, sheets) in dataset.tables.iter().zip(&data_names) {
        for (i, name) in sheets.iter().enumerate() {
            listed.push((
                name.clone(),
                contents::continued(&contents::data_line(t), i),
            ));
        }
    }
    contents::write(&mut contents_ws, &contents_name, report, &listed, &f)?;

    wb.push_worksheet(contents_ws);
    wb.push_worksheet(summary_ws);
    if let Some(ws) = tracker_ws {
        wb.push_worksheet(ws);
    }
    for ws in sections {
        wb.push_worksheet(ws);
    }
    for ws in audit_sheets {
        wb.push_worksheet(ws);
    }
    for ws in problem_sheets {
        wb.push_worksheet(ws);
    }
    for (mut ws, name) in data_sheets
        .into_iter()
        .zip(data_names.into_iter().flatten())
    {
        ws.set_name(name)?;
        wb.push_worksheet(ws);
    }
    wb.save_to_writer(file)
        .context("cannot write the consolidated workbook")?;
    crate::timing::lap("workbook: saving");
    problems.extend(warnings);
    Ok(())
}

/// The names of the section sheets, in report order, as the consolidated workbook gives
/// them (for `explain`, which finds a section by the name of its sheet).
///
/// The workbook is written from the report made ready for it (`write::prepare`), which may
/// mend a sheet name: the names are taken from that report too.
pub fn section_sheet_names(report: &Report, dataset: &Dataset) -> Vec<String> {
    let tracker = !Tracker::new(report, &dataset.states).is_empty();
    let (prepared, _) = super::prepare::prepare(report);
    Names::new().leading(&prepared, tracker).sections
}

/// Fixed properties: two builds of the same inputs give the same bytes.
fn properties(report: &Report, dataset: &Dataset) -> Result<DocProperties> {
    let created = dataset
        .settings
        .get("Report date")
        .and_then(Value::as_date)
        .and_then(|d| cells::excel_date(d).ok())
        .unwrap_or(ExcelDateTime::from_ymd(2000, 1, 1)?);
    let short = |s: &str| {
        let s = super::clean::controls(s);
        super::clean::fit(&s, 250).unwrap_or_else(|| s.into_owned())
    };
    let mut props = DocProperties::new()
        .set_title(short(&report.title))
        .set_author("actionplan")
        .set_comment(format!(
            "Consolidated from {} by actionplan",
            crate::text::grammar::count(dataset.inputs.len() as i64, "workbook")
        ))
        .set_creation_datetime(&created);
    if let Some(period) = &report.period {
        props = props.set_subject(short(period));
    }
    Ok(props)
}

/// What the tests of several sheets' writers share.
#[cfg(test)]
mod tests_support {
    use std::path::Path;

    /// The sheet of a one-sheet xlsx file as XML, without its cells: the widths, filter,
    /// frozen header and print setup.
    pub(super) fn around_cells(path: &Path) -> String {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        let start = xml.find("<sheetData>").expect("cells");
        let end = xml.find("</sheetData>").expect("cells");
        format!("{}{}", &xml[..start], &xml[end..])
    }
}
