//! Writing values and tables into a sheet of the consolidated workbook: real dates, numbers
//! in their formats (thousands separators, percentages, amounts), text that fits a cell, Excel
//! tables with their filters, and the widths and heights that values need to be read whole
//! on screen and on paper.

use std::collections::HashSet;

use anyhow::Result;
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Table, TableColumn, TableStyle, Worksheet};

use super::Formats;
use crate::model::dates::{self, Date};
use crate::model::report::NumberFormat;
use crate::model::value::Value;
use crate::write::clean;

/// Widest a table column gets, in Excel's units (the width of a "0"); longer text wraps.
pub(super) const MAX_COLUMN: f64 = 60.0;
/// Rows measured for a column's width: every row of any sheet but a Data sheet.
const MEASURED_ROWS: usize = 1_048_576;
/// The widest date as the workbook shows it.
pub(super) const WIDEST_DATE: &str = "30 September 2011";
/// The indent of a date cell, in column units.
pub(super) const DATE_INDENT: f64 = 1.5;
/// Height of one line of 11-point text, in points.
pub(super) const LINE: f64 = 15.0;
/// The tallest row Excel allows, in points.
pub(super) const MAX_ROW: f64 = 409.0;

/// A date as Excel holds it; Excel has no dates before 1900 (callers write those as text).
pub(super) fn excel_date(d: Date) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        d.year().clamp(1900, 9999) as u16,
        d.month() as u8,
        d.day() as u8,
    )?)
}

/// Advance widths of the printable ASCII characters (space to "~") in Calibri, and so in
/// Carlito, its metric twin that LibreOffice uses, in hundredths of a digit's width.
const ASCII_WIDTHS: [u8; 95] = [
    45, 64, 79, 98, 100, 141, 135, 44, 60, 60, 98, 98, 49, 60, 50, 76, 100, 100, 100, 100, 100,
    100, 100, 100, 100, 100, 53, 53, 98, 98, 98, 91, 176, 114, 107, 105, 121, 96, 91, 124, 123, 50,
    63, 103, 83, 169, 127, 131, 102, 133, 107, 91, 96, 127, 112, 176, 102, 96, 92, 61, 76, 61, 98,
    98, 57, 95, 104, 83, 104, 98, 60, 93, 104, 45, 47, 90, 45, 158, 104, 104, 104, 104, 69, 77, 66,
    104, 89, 141, 85, 89, 78, 62, 91, 62, 98,
];

/// Width of `s` in Excel's units (the width of a digit of 11-point Calibri), a little on the
/// wide side so that a row is never too short for its text.
pub(super) fn text_width(s: &str) -> f64 {
    let hundredths: u32 = s
        .chars()
        .map(|c| match c as u32 {
            n @ 32..=126 => ASCII_WIDTHS[(n - 32) as usize] as u32,
            // Wide scripts take about two digits a character; others about one.
            n if n >= 0x2E80 => 190,
            _ => 105,
        })
        .sum();
    hundredths as f64 / 100.0 * 1.02
}

/// Lines that `s` takes in a wrapping cell `width` units wide: breaks at spaces, as
/// Excel does, and a word longer than a line takes as many as it needs.
pub(super) fn lines(s: &str, width: f64) -> usize {
    let room = (width - 1.0).max(1.0);
    s.split('\n')
        .map(|para| {
            let mut lines = 1;
            let mut used = 0.0;
            for word in para.split(' ') {
                let w = text_width(word);
                let space = if used > 0.0 { 0.47 } else { 0.0 };
                if used + space + w <= room {
                    used += space + w;
                } else if used == 0.0 {
                    lines += (w / room).ceil() as usize - 1;
                    used = w % room;
                } else {
                    lines += 1;
                    used = w;
                    if w > room {
                        lines += (w / room).ceil() as usize - 1;
                        used = w % room;
                    }
                }
            }
            lines
        })
        .sum()
}

/// The height of a row whose tallest cell takes `n` lines, in points.
pub(super) fn row_height(n: usize) -> f64 {
    (n as f64 * LINE + 3.0).min(MAX_ROW)
}

/// A value as the sheet shows it in `format`, to measure it.
pub(super) fn shown(v: &Value, format: NumberFormat) -> String {
    match v {
        Value::Number(n) => format.text(*n),
        Value::Date(d) => dates::long(*d),
        other => other.to_string(),
    }
}

/// Writes a value in the format it needs: real dates, numbers with their separators, texts
/// that fit a cell. Returns the length in characters of a text that had to be cut.
pub(super) fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    number: NumberFormat,
    wrap: bool,
    f: &Formats,
) -> Result<Option<usize>> {
    write_value_in_column(ws, row, col, v, number, wrap, f, None)
}

/// [`write_value`] in a column whose format (`Worksheet::set_column_format`) is `column`: a
/// value that needs that very format is written without one and takes the column's. The
/// cells look the same; rust_xlsxwriter looks a cell's format up by hashing it, which cost a
/// third of the time of writing the Data sheets of a million rows.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_value_in_column(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    number: NumberFormat,
    wrap: bool,
    f: &Formats,
    column: Option<&Format>,
) -> Result<Option<usize>> {
    let own = |format: &Format| column.is_some_and(|c| std::ptr::eq(c, format));
    match v {
        Value::Empty => {}
        Value::Text(s) | Value::Error(s) => {
            let format = f.text(wrap);
            return if own(format) {
                write_text_unformatted(ws, row, col, s)
            } else {
                write_text(ws, row, col, s, format)
            };
        }
        Value::Number(n) if n.is_finite() => {
            let format = f.number(number, *n);
            if own(format) {
                ws.write_number(row, col, *n)?;
            } else {
                ws.write_number_with_format(row, col, *n, format)?;
            }
        }
        Value::Number(n) => {
            ws.write_string_with_format(row, col, n.to_string(), f.text(false))?;
        }
        Value::Bool(b) => {
            ws.write_string_with_format(row, col, if *b { "yes" } else { "no" }, f.text(false))?;
        }
        Value::Date(d) if d.year() >= 1900 => {
            if own(&f.date) {
                ws.write_datetime(row, col, excel_date(*d)?)?;
            } else {
                ws.write_datetime_with_format(row, col, excel_date(*d)?, &f.date)?;
            }
        }
        Value::Date(d) => {
            ws.write_string_with_format(row, col, dates::long(*d), f.text(false))?;
        }
    }
    Ok(None)
}

/// [`write_text`] in a column whose format is the text's own.
pub(super) fn write_text_unformatted(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
) -> Result<Option<usize>> {
    let text = clean::controls(text);
    match clean::fit_cell(&text) {
        None => {
            ws.write_string(row, col, text.as_ref())?;
            Ok(None)
        }
        Some(cut) => {
            ws.write_string(row, col, cut)?;
            Ok(Some(text.chars().count()))
        }
    }
}

/// Writes text as a cell holds it: without control characters, cut with a mark when longer
/// than a cell holds. Returns the length in characters of a text that had to be cut.
pub(super) fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<Option<usize>> {
    let text = clean::controls(text);
    match clean::fit_cell(&text) {
        None => {
            ws.write_string_with_format(row, col, text.as_ref(), format)?;
            Ok(None)
        }
        Some(cut) => {
            ws.write_string_with_format(row, col, cut, format)?;
            Ok(Some(text.chars().count()))
        }
    }
}

/// Column headers that an Excel table accepts: without control characters, non-empty, at
/// most 255 characters and unique regardless of case.
pub(super) fn unique_headers(names: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    names
        .iter()
        .map(|n| {
            let n = clean::controls(n);
            let n = n.trim();
            let base = if n.is_empty() {
                "Column".to_string()
            } else {
                clean::fit(n, 240).unwrap_or_else(|| n.to_string())
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

/// Headers given as words.
pub(super) fn headers(words: &[&str]) -> Vec<String> {
    words.iter().map(std::string::ToString::to_string).collect()
}

/// A table to write: its headers, rows and the format of each column's numbers.
pub(super) struct Grid<'a> {
    pub headers: Vec<String>,
    pub rows: &'a [Vec<Value>],
    pub formats: Vec<NumberFormat>,
    /// Text wider than its column wraps (and the row grows); else it stays on one line.
    pub wrap: bool,
}

impl Grid<'_> {
    /// The width each column needs: its header's longest word (headers wrap) and its widest
    /// value as shown, within [`MAX_COLUMN`].
    pub fn widths(&self) -> Vec<f64> {
        let mut measure = Measure::new(&self.headers, &self.formats);
        for row in self.rows {
            measure.row(row);
        }
        measure.widths()
    }
}

/// The widths of a grid's columns, measured a row at a time: rows written as they are made
/// (the Audit's) are measured in a first pass that keeps none of them.
pub(super) struct Measure {
    formats: Vec<NumberFormat>,
    /// Each column's widest header word and value, text measured line by line.
    fit: Vec<f64>,
    /// Each column's widest header and value as shown on one line.
    whole: Vec<f64>,
    rows: usize,
}

impl Measure {
    pub fn new(headers: &[String], formats: &[NumberFormat]) -> Measure {
        Measure {
            formats: formats.to_vec(),
            // A header wraps between its words: a column is as wide as its longest word
            // needs, or its values.
            fit: headers
                .iter()
                .map(|h| h.split_whitespace().map(text_width).fold(0.0, f64::max))
                .collect(),
            whole: headers.iter().map(|h| text_width(h)).collect(),
            rows: 0,
        }
    }

    /// Measures a row. Every row is measured (cheaply: a sum of widths), so that one date far
    /// down a column of numbers does not show as ###.
    pub fn row(&mut self, values: &[Value]) {
        if self.rows >= MEASURED_ROWS {
            return;
        }
        self.rows += 1;
        for (c, v) in values.iter().enumerate().take(self.fit.len()) {
            let (fit, whole) = match v {
                Value::Text(s) => (
                    s.split('\n').map(text_width).fold(0.0, f64::max),
                    text_width(s),
                ),
                // Room for any date, indented: the dates of a column change from one build to
                // the next.
                Value::Date(d) => (
                    text_width(WIDEST_DATE) + DATE_INDENT,
                    text_width(&dates::long(*d)),
                ),
                _ => {
                    let w = text_width(&shown(v, self.formats[c]));
                    (w, w)
                }
            };
            self.fit[c] = self.fit[c].max(fit);
            self.whole[c] = self.whole[c].max(whole);
        }
    }

    /// The width each column needs, its text wrapping, within [`MAX_COLUMN`].
    pub fn widths(&self) -> Vec<f64> {
        self.fit
            .iter()
            .map(|w| (w + 2.0).clamp(6.0, MAX_COLUMN))
            .collect()
    }

    /// The width column `c` needs to show its header and widest value on one line.
    pub fn widest(&self, c: usize) -> f64 {
        self.whole[c] + 2.0
    }
}

/// Where a table went: the row after it, and any texts that had to be cut, as (row index in
/// the table, column, characters).
pub(super) struct Written {
    pub end: u32,
    pub cuts: Vec<(usize, usize, usize)>,
    /// The height given to each row, header first, in points.
    pub heights: Vec<f64>,
}

/// Writes a header and rows at `first_row`, as an Excel table with its filter when `table`
/// (a sheet holds many), else with a plain filter on a bold header (one per sheet); rows
/// whose text wraps in `widths` get the height to show it whole.
pub(super) fn write_grid(
    ws: &mut Worksheet,
    first_row: u32,
    grid: &Grid,
    widths: &[f64],
    table: bool,
    f: &Formats,
) -> Result<Written> {
    let headers = unique_headers(&grid.headers);
    let last_col = headers.len().saturating_sub(1) as u16;
    let mut heights = vec![header_height(&headers, widths)];
    ws.set_row_height(first_row, heights[0])?;
    let mut cuts = Vec::new();
    let mut r = first_row + 1;
    for (i, values) in grid.rows.iter().enumerate() {
        let row = GridRow {
            columns: headers.len(),
            formats: &grid.formats,
            wrap: grid.wrap,
            widths,
            formatted_columns: false,
        };
        heights.push(row.write(ws, r, values, f, |c, chars| cuts.push((i, c, chars)))?);
        r += 1;
    }
    if !table || r == first_row + 1 {
        // A table needs a data row; an empty one shows its header with a filter instead.
        header_with_filter(ws, first_row, &headers, r - 1, f)?;
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
    Ok(Written {
        end: r,
        cuts,
        heights,
    })
}

/// Starts a grid whose rows are then written one at a time, in row order ([`GridRow`]), as a
/// sheet written to a file as it goes (low-memory mode) needs them: a row written after a
/// later one would be lost. Writes what [`write_grid`] writes without a table, header first:
/// the header at `first_row`, as tall as it needs, bold, with a plain filter over the `rows`
/// rows to come. Returns the first data row.
pub(super) fn start_grid(
    ws: &mut Worksheet,
    first_row: u32,
    headers: &[String],
    widths: &[f64],
    rows: u32,
    f: &Formats,
) -> Result<u32> {
    let headers = unique_headers(headers);
    ws.set_row_height(first_row, header_height(&headers, widths))?;
    header_with_filter(ws, first_row, &headers, first_row + rows, f)?;
    Ok(first_row + 1)
}

/// How the rows of a grid are written: its number of columns, the format of each column's
/// numbers, whether text wraps, and the widths of the columns.
pub(super) struct GridRow<'a> {
    pub columns: usize,
    pub formats: &'a [NumberFormat],
    pub wrap: bool,
    pub widths: &'a [f64],
    /// Whether each column has been given its usual format ([`GridRow::format_columns`]), so
    /// that the cells that need it are written without one (see `write_value_in_column`).
    pub formatted_columns: bool,
}

impl GridRow<'_> {
    /// The format most cells of column `c` need: its numbers' format (texts plain when the
    /// column's numbers are plain).
    fn column_format<'f>(&self, c: usize, f: &'f Formats) -> &'f Format {
        f.number(self.formats[c], 0.0)
    }

    /// Gives each column of `ws` its usual format, for a grid that fills whole columns from
    /// its header down and whose text does not wrap.
    pub fn format_columns(&self, ws: &mut Worksheet, f: &Formats) -> Result<()> {
        for c in 0..self.columns.min(self.formats.len()) {
            ws.set_column_format(c as u16, self.column_format(c, f))?;
        }
        Ok(())
    }

    /// Writes `values` at row `r`, which gets the height its wrapping text needs; `cut` is
    /// told of each text that had to be cut (its column and length in characters). Returns
    /// the row's height in points.
    pub fn write(
        &self,
        ws: &mut Worksheet,
        r: u32,
        values: &[Value],
        f: &Formats,
        mut cut: impl FnMut(usize, usize),
    ) -> Result<f64> {
        let mut tallest = 1;
        for (c, v) in values.iter().enumerate().take(self.columns) {
            let width = column_width(self.widths, c);
            let wrap = self.wrap
                && matches!(v, Value::Text(s) if text_width(s) + 2.0 > width || s.contains('\n'));
            if wrap {
                if let Value::Text(s) = v {
                    tallest = tallest.max(lines(s, width));
                }
            }
            let column = self.formatted_columns.then(|| self.column_format(c, f));
            let number = self.formats[c];
            if let Some(chars) = write_value_in_column(ws, r, c as u16, v, number, wrap, f, column)?
            {
                cut(c, chars);
            }
        }
        let h = row_height(tallest);
        if tallest > 1 {
            ws.set_row_height(r, h)?;
        }
        Ok(h)
    }
}

/// The width of column `c`, from the widths given (a column beyond them is as wide as any).
fn column_width(widths: &[f64], c: usize) -> f64 {
    widths.get(c).copied().unwrap_or(MAX_COLUMN)
}

/// The height of a header row whose headers wrap between their words in `widths`.
fn header_height(headers: &[String], widths: &[f64]) -> f64 {
    let lines = headers
        .iter()
        .enumerate()
        .map(|(c, h)| lines(h, column_width(widths, c)))
        .max()
        .unwrap_or(1);
    row_height(lines)
}

/// A bold header at `first_row` with a plain filter down to `last_row` (the header's own row
/// when there are no rows).
fn header_with_filter(
    ws: &mut Worksheet,
    first_row: u32,
    headers: &[String],
    last_row: u32,
    f: &Formats,
) -> Result<()> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(first_row, c as u16, h, &f.header)?;
    }
    let last_col = headers.len().saturating_sub(1) as u16;
    ws.autofilter(first_row, 0, last_row.max(first_row), last_col)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_like_a_cell() {
        assert_eq!(lines("short", 20.0), 1);
        // "word" is about 4.3 units and a space 0.5: four to a line of 19, forty in ten lines.
        assert_eq!(lines(&"word ".repeat(40), 20.0), 10);
        assert_eq!(lines("one\ntwo", 20.0), 2);
        assert_eq!(lines(&"x".repeat(100), 21.0), 5);
    }

    #[test]
    fn columns_are_as_wide_as_their_values_as_shown() {
        let rows = vec![vec![
            Value::Number(14_212_000.0),
            Value::Date(Date::from_ymd_opt(2011, 9, 30).unwrap()),
            Value::text("x".repeat(300)),
        ]];
        let grid = Grid {
            headers: headers(&["Amount", "Date", "Note"]),
            rows: &rows,
            formats: vec![NumberFormat::Number; 3],
            wrap: true,
        };
        let w = grid.widths();
        // "14,212,000" is nine units, "30 September 2011" about 16, and two of padding.
        assert!(w[0] >= 11.0 && w[0] < 12.0, "{w:?}");
        assert!(w[1] >= 18.0, "{w:?}");
        assert_eq!(w[2], MAX_COLUMN);
    }

    #[test]
    fn columns_measured_a_row_at_a_time_on_one_line_or_wrapping() {
        let headers = headers(&["R", "A long header"]);
        let mut measure = Measure::new(&headers, &[NumberFormat::Plain; 2]);
        measure.row(&[Value::text("abcdefghij\nk"), Value::Number(1.0)]);
        // Wrapping, a text is as wide as its longest line and a header as its longest word;
        // on one line, as the whole of either.
        assert_eq!(measure.widths()[0], text_width("abcdefghij") + 2.0);
        assert_eq!(measure.widest(0), text_width("abcdefghij\nk") + 2.0);
        assert_eq!(measure.widths()[1], text_width("header") + 2.0);
        assert_eq!(measure.widest(1), text_width("A long header") + 2.0);
    }
}
