//! The Problems sheet: every problem found, one per row, with its file, sheet and cell, as
//! `actionplan check` prints them.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{headers, write_table};
use super::Formats;
use crate::model::value::Value;
use crate::problem::Problems;

pub(super) fn write(
    ws: &mut Worksheet,
    name: &str,
    problems: &Problems,
    f: &Formats,
) -> Result<()> {
    ws.set_name(name)?;
    let headers = headers(&[
        "Severity",
        "File",
        "Sheet",
        "Cell or line",
        "Problem",
        "Found",
        "Expected",
        "Hint",
    ]);
    let mut rows = problems.iter().map(|p| {
        let text = |t: Option<String>| t.map(Value::text).unwrap_or_default();
        vec![
            Value::text(p.severity().as_str()),
            Value::text(p.place.file_name()),
            text(p.place.sheet_name().map(str::to_string)),
            text(p.place.position()),
            Value::text(p.message()),
            text(p.found()),
            text(p.expected()),
            text(p.hint()),
        ]
    });
    write_table(ws, 0, &headers, &mut rows, f, true)?;
    for (c, w) in [9, 30, 18, 12, 80, 24, 24, 60].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}
