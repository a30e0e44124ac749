//! Writing values and tables into a sheet of the consolidated workbook: real dates, Excel
//! tables with their filters, and the widths that values need.

use std::collections::HashSet;

use anyhow::Result;
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Table, TableColumn, TableStyle, Worksheet};

use super::Formats;
use crate::model::dates::Date;
use crate::model::value::Value;

/// A date as Excel holds it; Excel has no dates before 1900 (callers write those as text).
pub(super) fn excel_date(d: Date) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        d.year().clamp(1900, 9999) as u16,
        d.month() as u8,
        d.day() as u8,
    )?)
}

pub(super) fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    f: &Formats,
) -> Result<()> {
    match v {
        Value::Empty => {}
        Value::Text(s) => {
            ws.write_string(row, col, s.as_ref())?;
        }
        Value::Number(n) if n.is_finite() => {
            ws.write_number(row, col, *n)?;
        }
        Value::Number(n) => {
            ws.write_string(row, col, n.to_string())?;
        }
        Value::Bool(b) => {
            ws.write_string(row, col, if *b { "yes" } else { "no" })?;
        }
        Value::Date(d) if d.year() >= 1900 => {
            ws.write_datetime_with_format(row, col, &excel_date(*d)?, &f.date)?;
        }
        Value::Date(d) => {
            ws.write_string(row, col, crate::model::dates::long(*d))?;
        }
        Value::Error(e) => {
            ws.write_string(row, col, e.as_ref())?;
        }
    }
    Ok(())
}

/// Column headers that an Excel table accepts: non-empty and unique regardless of case.
pub(super) fn unique_headers(names: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    names
        .iter()
        .map(|n| {
            let base = if n.trim().is_empty() {
                "Column".to_string()
            } else {
                n.trim().to_string()
            };
            let mut name = base.clone();
            let mut i = 2;
            while !seen.insert(name.to_lowercase()) {
                name = format!("{base} ({i})");
                i += 1;
            }
            name
        })
        .collect()
}

/// Headers given as words, for [`write_table`].
pub(super) fn headers(words: &[&str]) -> Vec<String> {
    words.iter().map(|s| s.to_string()).collect()
}

/// Writes a header and rows as an Excel table (with its own filter), frozen below the header
/// when `freeze` is set; returns the row after the table.
pub(super) fn write_table(
    ws: &mut Worksheet,
    first_row: u32,
    headers: &[String],
    rows: &mut dyn Iterator<Item = Vec<Value>>,
    f: &Formats,
    freeze: bool,
) -> Result<u32> {
    let headers = unique_headers(headers);
    let mut r = first_row + 1;
    for values in rows {
        for (c, v) in values.iter().enumerate() {
            write_value(ws, r, c as u16, v, f)?;
        }
        r += 1;
    }
    let last_col = headers.len().saturating_sub(1) as u16;
    if r == first_row + 1 {
        // A table needs a data row; an empty one shows its header with a filter instead.
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(first_row, c as u16, h, &f.header)?;
        }
        ws.autofilter(first_row, 0, first_row, last_col)?;
    } else {
        let columns: Vec<TableColumn> = headers
            .iter()
            .map(|h| {
                TableColumn::new()
                    .set_header(h)
                    .set_header_format(&f.header)
            })
            .collect();
        let table = Table::new()
            .set_columns(&columns)
            .set_style(TableStyle::Light9);
        ws.add_table(first_row, 0, r - 1, last_col, &table)?;
    }
    if freeze {
        ws.set_freeze_panes(first_row + 1, 0)?;
    }
    Ok(r)
}

/// The start of a table whose number of data rows is known before they are written: what
/// [`write_table`] makes of them (an Excel table, or a header with a filter when there are no
/// rows), put in place first, so that the rows can follow in order, as a constant-memory
/// sheet needs them. Returns the first data row.
pub(super) fn start_table(
    ws: &mut Worksheet,
    first_row: u32,
    headers: &[String],
    rows: u32,
    f: &Formats,
    freeze: bool,
) -> Result<u32> {
    let headers = unique_headers(headers);
    let last_col = headers.len().saturating_sub(1) as u16;
    if rows == 0 {
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(first_row, c as u16, h, &f.header)?;
        }
        ws.autofilter(first_row, 0, first_row, last_col)?;
    } else {
        let columns: Vec<TableColumn> = headers
            .iter()
            .map(|h| {
                TableColumn::new()
                    .set_header(h)
                    .set_header_format(&f.header)
            })
            .collect();
        let table = Table::new()
            .set_columns(&columns)
            .set_style(TableStyle::Light9);
        ws.add_table(first_row, 0, first_row + rows, last_col, &table)?;
    }
    if freeze {
        ws.set_freeze_panes(first_row + 1, 0)?;
    }
    Ok(first_row + 1)
}

/// Characters a value takes in a cell, as near as column widths need.
pub(super) fn display_width(v: &Value) -> usize {
    match v {
        Value::Empty => 0,
        Value::Text(s) | Value::Error(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Value::Date(_) => 17, // "30 September 2011"
        other => other.to_string().len(),
    }
}
