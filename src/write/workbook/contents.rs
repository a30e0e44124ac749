//! The Contents sheet, first in the workbook: the report's title and every sheet, each a link
//! to it, with what it holds.

use anyhow::Result;
use rust_xlsxwriter::{Url, Worksheet};

use super::cells::{lines, row_height, write_text};
use super::{page, Formats};
use crate::model::report::{Outcome, Report, Section};
use crate::model::table::DataTable;
use crate::model::tracker::Tracker;
use crate::text::grammar;

const NAME_WIDTH: f64 = 34.0;
const WHAT_WIDTH: f64 = 62.0;

/// What a section's sheet holds: its heading, and whether it was produced.
pub(super) fn section_line(s: &Section) -> String {
    match &s.outcome {
        Outcome::Produced(_) => format!("Section {}", s.heading()),
        Outcome::Failed(_) => format!(
            "Section {} (not produced: see the Problems sheet)",
            s.heading()
        ),
    }
}

/// What the States sheet holds: a row per State, a column per value tracked.
pub(super) fn tracker_line(t: &Tracker) -> String {
    format!(
        "Every State at a glance: {}, {} that the sections compute about each",
        grammar::count(t.states.len() as i64, "State"),
        grammar::count(t.columns.len() as i64, "value")
    )
}

pub(super) fn problems_line(n: usize) -> String {
    if n == 0 {
        "No problems were found in the workbooks, the plugins or the outputs".to_string()
    } else {
        format!(
            "{} found in the workbooks, plugins and outputs",
            grammar::capitalize(&grammar::count(n as i64, "problem"))
        )
    }
}

pub(super) fn data_line(t: &DataTable) -> String {
    let workbooks = {
        let mut w: Vec<&str> = t.parts.iter().map(|p| p.workbook.as_str()).collect();
        w.dedup();
        w.len()
    };
    format!(
        "The {} of the sheet {}, from {}",
        grammar::count(t.len() as i64, "row"),
        t.name,
        grammar::count(workbooks as i64, "workbook")
    )
}

/// The line of a sheet that continues the one before it (the `i`th of its kind, from 0).
pub(super) fn continued(what: &str, i: usize) -> String {
    if i == 0 {
        what.to_string()
    } else {
        format!("{what} (continued, part {})", i + 1)
    }
}

/// A link within the workbook to the sheet `name`.
fn link(name: &str) -> String {
    format!("internal:'{}'!A1", name.replace('\'', "''"))
}

pub(super) fn write(
    ws: &mut Worksheet,
    name: &str,
    report: &Report,
    sheets: &[(String, String)],
    f: &Formats,
) -> Result<()> {
    ws.set_name(name)?;
    ws.set_column_width(0, NAME_WIDTH)?;
    ws.set_column_width(1, WHAT_WIDTH)?;
    write_text(ws, 0, 0, &report.title, &f.title)?;
    ws.set_row_height(0, 22)?;
    let mut row = 1;
    for line in [report.subtitle.as_deref(), report.period.as_deref()]
        .into_iter()
        .flatten()
    {
        write_text(ws, row, 0, line, &f.subtitle)?;
        row += 1;
    }
    row += 1;
    let header = row;
    ws.write_string_with_format(row, 0, "Sheet", &f.header)?;
    ws.write_string_with_format(row, 1, "What it holds", &f.header)?;
    for (sheet, what) in sheets {
        row += 1;
        ws.write_url_with_format(row, 0, Url::new(link(sheet)).set_text(sheet), &f.link)?;
        write_text(ws, row, 1, what, &f.cell_wrap)?;
        let n = lines(what, WHAT_WIDTH);
        if n > 1 {
            ws.set_row_height(row, row_height(n))?;
        }
    }
    ws.set_freeze_panes(header + 1, 0)?;
    page::setup(
        ws,
        &report.title,
        NAME_WIDTH + WHAT_WIDTH,
        Some((header, header)),
    )?;
    Ok(())
}
