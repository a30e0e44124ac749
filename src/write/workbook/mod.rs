//! The consolidated workbook: Summary, one sheet per section, Audit, Problems and one Data
//! sheet per input table, with real dates, frozen bold headers, filters and readable widths.
//! Each kind of sheet has its module; this one names the sheets and puts them in order.

mod audit;
mod cells;
mod data;
mod problems;
mod section_sheet;
mod summary;

use std::fs::File;
use std::io::BufWriter;

use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format};

pub use data::{DataSheets, BIG_SHEET_ROWS};

use super::excel::formats;
use super::excel::sheet_names::SheetNames;
use crate::model::report::Report;
use crate::model::table::Dataset;
use crate::model::value::Value;
use crate::problem::Problems;

/// Zip compression level of the consolidated workbook.
pub const ZIP_LEVEL: u8 = 3;

/// The sheets that are not a section's or a table's, as the documents refer to them.
pub const SUMMARY: &str = "Summary";
pub const AUDIT: &str = "Audit";
pub const PROBLEMS: &str = "Problems";
/// What a Data sheet's name starts with, before its table's name.
const DATA_PREFIX: &str = "Data ";

/// The formats of the consolidated workbook, made once (from `excel::formats`).
struct Formats {
    title: Format,
    subtitle: Format,
    heading: Format,
    text: Format,
    header: Format,
    date: Format,
    bold: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: formats::title(),
            subtitle: formats::subtitle(),
            heading: formats::heading(),
            text: formats::wrapped(),
            header: formats::header(),
            date: formats::date(formats::LONG_DATE),
            bold: formats::bold(),
            note: formats::warning(),
        }
    }
}

/// The names of the sheets, in workbook order. They are all chosen up front: the Audit
/// sheet points to Data sheets that come after it.
struct Names {
    summary: String,
    sections: Vec<String>,
    audit: String,
    problems: String,
    data: Vec<String>,
}

impl Names {
    fn new(report: &Report, dataset: &Dataset) -> Names {
        let mut names = SheetNames::new();
        Names {
            summary: names.take(SUMMARY),
            sections: report
                .sections
                .iter()
                .map(|s| names.take(&s.heading().sheet_name()))
                .collect(),
            audit: names.take(AUDIT),
            problems: names.take(PROBLEMS),
            data: dataset
                .tables
                .iter()
                .map(|t| names.take(&format!("{DATA_PREFIX}{}", t.name)))
                .collect(),
        }
    }
}

/// Writes the consolidated workbook: Summary, a sheet per section, Audit and Problems, then
/// the Data sheets that `data` has been writing meanwhile.
pub fn write(
    file: &mut BufWriter<File>,
    data: DataSheets,
    report: &Report,
    dataset: &Dataset,
    problems: &Problems,
) -> Result<()> {
    let f = Formats::new();
    let (mut wb, data) = data.split();
    let names = Names::new(report, dataset);
    wb.set_properties(&properties(report, dataset)?);

    summary::write(wb.add_worksheet(), &names.summary, report, &f)?;
    for (section, name) in report.sections.iter().zip(&names.sections) {
        section_sheet::write(wb.add_worksheet(), name, section, &f)?;
    }
    audit::write(&mut wb, &names.audit, report, dataset, &names.data, &f)?;
    problems::write(wb.add_worksheet(), &names.problems, problems, &f)?;
    crate::timing::lap("workbook: summary, sections, audit, problems");
    for (mut ws, name) in data.wait()?.into_iter().zip(names.data) {
        ws.set_name(name)?;
        wb.push_worksheet(ws);
    }
    crate::timing::lap("workbook: data sheets (waiting for their thread)");
    wb.save_to_writer(file)
        .context("cannot write the consolidated workbook")?;
    crate::timing::lap("workbook: saving");
    Ok(())
}

/// Fixed properties: two builds of the same inputs give the same bytes.
fn properties(report: &Report, dataset: &Dataset) -> Result<DocProperties> {
    let created = dataset
        .settings
        .get("Report date")
        .and_then(Value::as_date)
        .and_then(|d| cells::excel_date(d).ok())
        .unwrap_or(ExcelDateTime::from_ymd(2000, 1, 1)?);
    let mut props = DocProperties::new()
        .set_title(&report.title)
        .set_author("actionplan")
        .set_comment(format!(
            "Consolidated from {} by actionplan",
            crate::text::grammar::count(dataset.inputs.len() as i64, "workbook")
        ))
        .set_creation_datetime(&created);
    if let Some(period) = &report.period {
        props = props.set_subject(period);
    }
    Ok(props)
}
