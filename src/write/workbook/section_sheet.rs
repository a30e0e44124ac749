//! A section's sheet: its narrative (a consumer of the walk, `narrative::section`), then its
//! figures, tables and charts, each chart beside the table of its data.

use anyhow::Result;
use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet};

use super::cells::{headers, write_table};
use super::{illustrative, Formats, ILLUSTRATIVE};
use crate::model::report::{self, ChartKind, Figure, ReportTable, Section};
use crate::model::value::Value;
use crate::write::narrative::{self, Item, Mark, Reader, ILLUSTRATIVE_NOTE, MARK};

/// Columns of the section sheets that narrative text spans.
const TEXT_COLS: u16 = 8;
/// Characters that fit on one line of narrative across those columns.
const LINE_CHARS: usize = 125;
/// What starts a line of a list.
const BULLET: &str = "•  ";
/// Rows a chart takes beside its table, however short the table.
const CHART_ROWS: u32 = 16;

pub(super) fn write(ws: &mut Worksheet, name: &str, s: &Section, f: &Formats) -> Result<()> {
    ws.set_name(name)?;
    for c in 0..TEXT_COLS {
        ws.set_column_width(c, if c == 0 { 30 } else { 16 })?;
    }
    // The title is on the first row; the narrative starts on the third.
    let mut row = 2;
    for item in narrative::section(s) {
        match item {
            // The report's title is on the Summary sheet, not in a section's walk.
            Item::Title { .. } | Item::SectionEnd => {}
            Item::SectionStart(heading) => {
                ws.write_string_with_format(0, 0, heading.to_string(), &f.title)?;
            }
            Item::NotProduced(notice) => {
                text_row(ws, row, &notice.sentence(Reader::Workbook), &f.note)?;
            }
            Item::Paragraph(p) => {
                text_row(ws, row, &marked(&p, p.mark), &f.text)?;
                row += 2;
            }
            Item::Heading(h) => {
                ws.write_string_with_format(row, 0, marked(&h, h.mark), &f.heading)?;
                row += 2;
            }
            Item::Bullets(items) => {
                for item in items {
                    let text = format!("{BULLET}{}", marked(&item, item.mark));
                    text_row(ws, row, &text, &f.text)?;
                    row += 1;
                }
            }
            Item::Challenges { heading, items } => {
                ws.write_string_with_format(row, 0, heading, &f.heading)?;
                row += 1;
                for c in items {
                    text_row(ws, row, &marked(&c, c.mark), &f.text)?;
                    row += 2;
                }
            }
            Item::Questions { intro, items } => {
                text_row(ws, row, &marked(&intro, intro.mark), &f.bold)?;
                row += 1;
                for q in items {
                    let text = format!("{BULLET}{}", marked(&q, q.mark));
                    text_row(ws, row, &text, &f.text)?;
                    row += 1;
                }
                row += 1;
            }
            Item::Figures(figures) => row = figures_table(ws, row, figures, f)?,
            Item::Table(t, mark) => row = table(ws, row, t, mark, f)?,
            Item::Chart(c, mark) => row = chart(ws, row, c, mark, f)?,
            Item::IllustrativeNote => {
                text_row(ws, row, &format!("{MARK} {ILLUSTRATIVE_NOTE}"), &f.note)?;
                row += 2;
            }
        }
    }
    Ok(())
}

/// A text with the mark after it when it draws, or may draw, on illustrative rows: "… †".
fn marked(text: &str, mark: Mark) -> String {
    match mark {
        Mark::Illustrative if text.is_empty() => MARK.to_string(),
        Mark::Illustrative => format!("{text} {MARK}"),
        Mark::None => text.to_string(),
    }
}

/// Writes a paragraph across the narrative columns, with a row height that shows it whole.
fn text_row(ws: &mut Worksheet, row: u32, text: &str, format: &Format) -> Result<()> {
    let lines: usize = text
        .split('\n')
        .map(|l| l.chars().count().div_ceil(LINE_CHARS).max(1))
        .sum();
    ws.merge_range(row, 0, row, TEXT_COLS - 1, text, format)?;
    if lines > 1 {
        ws.set_row_height(row, (lines as f64) * 15.0 + 3.0)?;
    }
    Ok(())
}

/// The section's figures under the heading "Figures"; returns the row after a blank one.
fn figures_table(ws: &mut Worksheet, row: u32, figures: &[Figure], f: &Formats) -> Result<u32> {
    ws.write_string_with_format(row, 0, "Figures", &f.heading)?;
    let mut rows = figures.iter().map(|fig| {
        vec![
            Value::text(&fig.name),
            fig.value.clone(),
            Value::text(&fig.label),
            illustrative(fig),
        ]
    });
    let headers = headers(&["Figure", "Value", "Label", ILLUSTRATIVE]);
    Ok(write_table(ws, row + 1, &headers, &mut rows, f, false)? + 1)
}

/// A table of the section under its title (marked when it draws on illustrative rows);
/// returns the row after a blank one.
fn table(
    ws: &mut Worksheet,
    mut row: u32,
    t: &ReportTable,
    mark: Mark,
    f: &Formats,
) -> Result<u32> {
    let title = marked(&t.title, mark);
    if !title.is_empty() {
        ws.write_string_with_format(row, 0, &title, &f.heading)?;
        row += 1;
    }
    Ok(write_table(ws, row, &t.columns, &mut t.rows.iter().cloned(), f, false)? + 1)
}

/// A chart under its title: the table of its data, and the chart beside it drawn from that
/// table; returns the row after both and a blank one.
fn chart(
    ws: &mut Worksheet,
    mut row: u32,
    spec: &report::Chart,
    mark: Mark,
    f: &Formats,
) -> Result<u32> {
    // The chart's own title carries the mark too: a chart is often copied on its own.
    let title = marked(&spec.title, mark);
    if !title.is_empty() {
        ws.write_string_with_format(row, 0, &title, &f.heading)?;
        row += 1;
    }
    let mut headers = vec!["Category".to_string()];
    headers.extend(spec.series.iter().map(|s| s.name.clone()));
    let mut rows = spec.categories.iter().enumerate().map(|(i, cat)| {
        let mut v = vec![Value::text(cat)];
        v.extend(spec.series.iter().map(|s| Value::Number(s.values[i])));
        v
    });
    let data_row = row;
    let end = write_table(ws, row, &headers, &mut rows, f, false)?;
    let last = end - 1;
    let kind = match spec.kind {
        ChartKind::Column => ChartType::Column,
        ChartKind::Bar => ChartType::Bar,
        ChartKind::Line => ChartType::Line,
        ChartKind::Pie => ChartType::Pie,
    };
    let sheet = ws.name();
    let sheet = sheet.as_str();
    let mut chart = Chart::new(kind);
    chart.title().set_name(&title);
    for i in 0..spec.series.len() {
        let col = (i + 1) as u16;
        chart
            .add_series()
            .set_name((sheet, data_row, col))
            .set_categories((sheet, data_row + 1, 0, last, 0))
            .set_values((sheet, data_row + 1, col, last, col));
    }
    if spec.series.len() == 1 {
        chart.legend().set_hidden();
    }
    ws.insert_chart(data_row, (spec.series.len() + 2) as u16, &chart)?;
    Ok(end.max(data_row + CHART_ROWS) + 1)
}
