//! The consolidated workbook: Summary, one sheet per section, Audit, Problems and one Data
//! sheet per input table, with real dates, frozen bold headers, filters and readable widths.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufWriter;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartType, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Table, TableColumn, TableStyle, Workbook, Worksheet,
};

use crate::model::dates::Date;
use crate::model::report::{Block, ChartKind, Outcome, Record, Report, Section};
use crate::model::table::Dataset;
use crate::model::value::Value;
use crate::problem::Problems;

/// Rows measured when fitting column widths: enough to be right, cheap on big sheets.
const AUTOFIT_ROWS: u32 = 500;
/// Data sheets with more rows are written row by row straight to a temporary file
/// (rust_xlsxwriter's constant-memory mode) with a filter on a plain header instead of an
/// Excel table: a table, and the cells of a normal worksheet, are held in memory whole.
pub const BIG_SHEET_ROWS: usize = 50_000;
/// Zip compression level of the consolidated workbook.
pub const ZIP_LEVEL: u8 = 3;
/// Columns of the section sheets that narrative text spans.
const TEXT_COLS: u16 = 8;
/// Characters that fit on one line of narrative across those columns.
const LINE_CHARS: usize = 125;

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
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x555555)),
            heading: Format::new().set_bold().set_font_size(12),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE7F0))
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format("d mmmm yyyy")
                .set_align(FormatAlign::Left),
            bold: Format::new().set_bold(),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x9C0006))
                .set_text_wrap(),
        }
    }
}

/// Sheet names that Excel accepts: at most 31 characters, none of `[]:*?/\`, unique
/// regardless of case.
struct SheetNames {
    used: HashSet<String>,
}

impl SheetNames {
    fn take(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
            .collect::<String>()
            .trim()
            .trim_matches('\'')
            .to_string();
        let clean = if clean.is_empty() {
            "Sheet".to_string()
        } else {
            clean
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let base: String = clean.chars().take(31 - suffix.chars().count()).collect();
            let name = format!("{}{suffix}", base.trim_end());
            if self.used.insert(name.to_lowercase()) {
                return name;
            }
            n += 1;
        }
    }
}

/// Column headers that an Excel table accepts: non-empty and unique regardless of case.
fn unique_headers(names: &[String]) -> Vec<String> {
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

fn excel_date(d: Date) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        d.year().clamp(1900, 9999) as u16,
        d.month() as u8,
        d.day() as u8,
    )?)
}

fn write_value(ws: &mut Worksheet, row: u32, col: u16, v: &Value, f: &Formats) -> Result<()> {
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

/// Writes a header and rows as an Excel table (with its own filter), frozen below the header
/// when `freeze` is set; returns the row after the table.
fn write_table(
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

/// The headers of a Data sheet: where each row came from, then the table's columns.
fn data_headers(table: &crate::model::table::DataTable) -> Vec<String> {
    let mut headers = vec![
        "Source workbook".to_string(),
        "Source sheet".to_string(),
        "Source row".to_string(),
    ];
    headers.extend(table.column_names().map(str::to_string));
    headers
}

/// A Data sheet too big to hold in memory: written row by row, in row order, with a bold
/// header, a filter and column widths measured on the first rows.
fn big_data_sheet(
    ws: &mut Worksheet,
    table: &crate::model::table::DataTable,
    f: &Formats,
) -> Result<()> {
    let headers = unique_headers(&data_headers(table));
    let last_col = headers.len().saturating_sub(1) as u16;
    // Widths first: a constant-memory sheet cannot measure rows it has already written.
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 3).collect();
    for r in 0..table.len().min(AUTOFIT_ROWS as usize) {
        let part = table.part_of(r);
        let sources = [part.workbook.chars().count(), part.sheet.chars().count(), 6];
        let values = table.row(r).iter().map(display_width);
        for (c, w) in sources.into_iter().chain(values).enumerate() {
            widths[c] = widths[c].max(w);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 1.0).min(80.0))?;
    }
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.header)?;
    }
    ws.autofilter(0, 0, table.len() as u32, last_col)?;
    ws.set_freeze_panes(1, 0)?;
    for r in 0..table.len() {
        let row = r as u32 + 1;
        let part = table.part_of(r);
        ws.write_string(row, 0, &part.workbook)?;
        ws.write_string(row, 1, &part.sheet)?;
        ws.write_number(row, 2, table.sources[r].row as f64)?;
        for (c, v) in table.row(r).iter().enumerate() {
            write_value(ws, row, c as u16 + 3, v, f)?;
        }
    }
    Ok(())
}

/// Characters a value takes in a cell, as near as column widths need.
fn display_width(v: &Value) -> usize {
    match v {
        Value::Empty => 0,
        Value::Text(s) | Value::Error(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Value::Date(_) => 17, // "30 September 2011"
        other => other.to_string().len(),
    }
}

/// The Data sheets of the consolidated workbook, being written on a thread of their own
/// (they need only the loaded data, so they are written while the sections run).
pub struct DataSheets {
    wb: Workbook,
    job: std::thread::JoinHandle<Result<Vec<Worksheet>>>,
}

impl DataSheets {
    /// Starts writing one Data sheet per table, big ones through temporary files in
    /// `tempdir`: beside the output, not in a temporary folder that may be held in memory.
    pub fn start(tempdir: &std::path::Path, dataset: Arc<Dataset>) -> Result<DataSheets> {
        let mut wb = Workbook::new();
        wb.set_tempdir(tempdir)?;
        // Excel's own level: saving takes half the time of the default level (6), for a
        // file some 10% bigger.
        wb.set_zip_compression_level(ZIP_LEVEL);
        // A constant-memory sheet gets its temporary file and the workbook's formats here.
        let mut sheets: Vec<Option<Worksheet>> = Vec::new();
        for table in &dataset.tables {
            sheets.push(if table.len() > BIG_SHEET_ROWS {
                Some(wb.new_worksheet_with_constant_memory()?)
            } else {
                None
            });
        }
        let job = std::thread::Builder::new()
            .name("data sheets".into())
            .spawn(move || {
                let started = std::time::Instant::now();
                let f = Formats::new();
                let sheets = dataset
                    .tables
                    .iter()
                    .zip(sheets)
                    .map(|(table, big)| match big {
                        Some(mut ws) => big_data_sheet(&mut ws, table, &f).map(|()| ws),
                        None => {
                            let mut ws = Worksheet::new();
                            data_sheet(&mut ws, table, &f).map(|()| ws)
                        }
                    })
                    .collect();
                crate::timing::aside("data sheets, on their own thread", started.elapsed());
                sheets
            })
            .context("cannot start writing the Data sheets")?;
        Ok(DataSheets { wb, job })
    }
}

/// A Data sheet held in memory: an Excel table of the rows with their sources.
fn data_sheet(
    ws: &mut Worksheet,
    table: &crate::model::table::DataTable,
    f: &Formats,
) -> Result<()> {
    let mut rows = (0..table.len()).map(|r| {
        let part = table.part_of(r);
        let mut v = vec![
            Value::text(&part.workbook),
            Value::text(&part.sheet),
            Value::Number(table.sources[r].row as f64),
        ];
        v.extend(table.row(r).iter().cloned());
        v
    });
    write_table(ws, 0, &data_headers(table), &mut rows, f, true)?;
    ws.set_autofit_max_row(AUTOFIT_ROWS);
    ws.set_autofit_max_width(300);
    ws.autofit();
    Ok(())
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
    let DataSheets { mut wb, job } = data;
    let mut names = SheetNames {
        used: HashSet::new(),
    };

    // Fixed properties: two builds of the same inputs give the same bytes.
    let created = dataset
        .settings
        .get("Report date")
        .and_then(Value::as_date)
        .and_then(|d| excel_date(d).ok())
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
    wb.set_properties(&props);

    summary(wb.add_worksheet(), &mut names, report, &f)?;
    for section in &report.sections {
        section_sheet(wb.add_worksheet(), &mut names, section, &f)?;
    }
    let data_names = data_sheet_names(report, dataset);
    audit(
        wb.add_worksheet(),
        &mut names,
        report,
        dataset,
        &data_names,
        &f,
    )?;
    problems_sheet(wb.add_worksheet(), &mut names, problems, &f)?;
    crate::timing::lap("workbook: summary, sections, audit, problems");
    let sheets = job
        .join()
        .map_err(|_| anyhow::anyhow!("writing the Data sheets stopped unexpectedly"))??;
    for (mut ws, name) in sheets.into_iter().zip(data_names) {
        ws.set_name(name)?;
        wb.push_worksheet(ws);
    }
    crate::timing::lap("workbook: data sheets (waiting for their thread)");
    wb.save_to_writer(file)
        .context("cannot write the consolidated workbook")?;
    crate::timing::lap("workbook: saving");
    Ok(())
}

fn summary(ws: &mut Worksheet, names: &mut SheetNames, report: &Report, f: &Formats) -> Result<()> {
    ws.set_name(names.take("Summary"))?;
    ws.write_string_with_format(0, 0, &report.title, &f.title)?;
    if let Some(period) = &report.period {
        ws.write_string_with_format(1, 0, period, &f.subtitle)?;
    }
    let headers: Vec<String> = [
        "Section",
        "Title",
        "Figure",
        "Label",
        "Value",
        "As of",
        "Rows behind it",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows = Vec::new();
    for s in &report.sections {
        let number = s
            .number
            .map(|n| Value::Number(n as f64))
            .unwrap_or_default();
        match &s.outcome {
            Outcome::Produced(c) if c.figures.is_empty() => rows.push(vec![
                number,
                Value::text(&s.title),
                Value::Empty,
                Value::text("(this section gives no figures)"),
                Value::Empty,
                Value::Empty,
                Value::Empty,
            ]),
            Outcome::Produced(c) => {
                for fig in &c.figures {
                    rows.push(vec![
                        number.clone(),
                        Value::text(&s.title),
                        Value::text(&fig.name),
                        Value::text(&fig.label),
                        fig.value.clone(),
                        fig.as_of.map(Value::Date).unwrap_or_default(),
                        Value::Number(fig.rows.len() as f64),
                    ]);
                }
            }
            Outcome::Failed(reason) => rows.push(vec![
                number,
                Value::text(&s.title),
                Value::Empty,
                Value::text(format!("not produced: {reason}")),
                Value::Empty,
                Value::Empty,
                Value::Empty,
            ]),
        }
    }
    write_table(ws, 3, &headers, &mut rows.into_iter(), f, true)?;
    ws.set_column_width(0, 9)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(2, 26)?;
    ws.set_column_width(3, 70)?;
    ws.set_column_width(4, 14)?;
    ws.set_column_width(5, 18)?;
    ws.set_column_width(6, 14)?;
    Ok(())
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

/// The names the Data sheets will get: the sheets before them are named first.
fn data_sheet_names(report: &Report, dataset: &Dataset) -> Vec<String> {
    let mut names = SheetNames {
        used: HashSet::new(),
    };
    names.take("Summary");
    for s in &report.sections {
        names.take(&s.heading().sheet_name());
    }
    names.take("Audit");
    names.take("Problems");
    dataset
        .tables
        .iter()
        .map(|t| names.take(&format!("Data {}", t.name)))
        .collect()
}

fn section_sheet(
    ws: &mut Worksheet,
    names: &mut SheetNames,
    s: &Section,
    f: &Formats,
) -> Result<()> {
    ws.set_name(names.take(&s.heading().sheet_name()))?;
    for c in 0..TEXT_COLS {
        ws.set_column_width(c, if c == 0 { 30 } else { 16 })?;
    }
    ws.write_string_with_format(0, 0, s.heading().to_string(), &f.title)?;
    let mut row = 2;
    let content = match &s.outcome {
        Outcome::Failed(reason) => {
            text_row(
                ws,
                row,
                &format!("This section was not produced: {reason}. See the Problems sheet."),
                &f.note,
            )?;
            return Ok(());
        }
        Outcome::Produced(c) => c,
    };
    for block in &content.blocks {
        match block {
            Block::Paragraph(p) => text_row(ws, row, p, &f.text)?,
            Block::Heading(h) => {
                ws.write_string_with_format(row, 0, h, &f.heading)?;
            }
            Block::Bullets(items) => {
                for item in items {
                    text_row(ws, row, &format!("•  {item}"), &f.text)?;
                    row += 1;
                }
                continue;
            }
        }
        row += 2;
    }
    if !content.challenges.is_empty() {
        ws.write_string_with_format(row, 0, "Challenges", &f.heading)?;
        row += 1;
        for c in &content.challenges {
            text_row(ws, row, c, &f.text)?;
            row += 2;
        }
    }
    if !content.questions.is_empty() {
        text_row(
            ws,
            row,
            content
                .questions_intro
                .as_deref()
                .unwrap_or(DEFAULT_QUESTIONS_INTRO),
            &f.bold,
        )?;
        row += 1;
        for q in &content.questions {
            text_row(ws, row, &format!("•  {q}"), &f.text)?;
            row += 1;
        }
        row += 1;
    }
    if !content.figures.is_empty() {
        ws.write_string_with_format(row, 0, "Figures", &f.heading)?;
        row += 1;
        let headers: Vec<String> = ["Figure", "Value", "Label"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut rows = content.figures.iter().map(|fig| {
            vec![
                Value::text(&fig.name),
                fig.value.clone(),
                Value::text(&fig.label),
            ]
        });
        row = write_table(ws, row, &headers, &mut rows, f, false)? + 1;
    }
    for t in &content.tables {
        if !t.title.is_empty() {
            ws.write_string_with_format(row, 0, &t.title, &f.heading)?;
            row += 1;
        }
        row = write_table(ws, row, &t.columns, &mut t.rows.iter().cloned(), f, false)? + 1;
    }
    let sheet_name = ws.name();
    for chart_spec in &content.charts {
        if !chart_spec.title.is_empty() {
            ws.write_string_with_format(row, 0, &chart_spec.title, &f.heading)?;
            row += 1;
        }
        let mut headers = vec!["Category".to_string()];
        headers.extend(chart_spec.series.iter().map(|s| s.name.clone()));
        let mut rows = chart_spec.categories.iter().enumerate().map(|(i, cat)| {
            let mut v = vec![Value::text(cat)];
            v.extend(chart_spec.series.iter().map(|s| Value::Number(s.values[i])));
            v
        });
        let data_row = row;
        let end = write_table(ws, row, &headers, &mut rows, f, false)?;
        let last = end - 1;
        let kind = match chart_spec.kind {
            ChartKind::Column => ChartType::Column,
            ChartKind::Bar => ChartType::Bar,
            ChartKind::Line => ChartType::Line,
            ChartKind::Pie => ChartType::Pie,
        };
        let mut chart = Chart::new(kind);
        chart.title().set_name(&chart_spec.title);
        for (i, _) in chart_spec.series.iter().enumerate() {
            let col = (i + 1) as u16;
            chart
                .add_series()
                .set_name((sheet_name.as_str(), data_row, col))
                .set_categories((sheet_name.as_str(), data_row + 1, 0, last, 0))
                .set_values((sheet_name.as_str(), data_row + 1, col, last, col));
        }
        if chart_spec.series.len() == 1 {
            chart.legend().set_hidden();
        }
        ws.insert_chart(data_row, (chart_spec.series.len() + 2) as u16, &chart)?;
        row = end.max(data_row + 16) + 1;
    }
    Ok(())
}

pub const DEFAULT_QUESTIONS_INTRO: &str = "States Parties could discuss the following questions:";

/// Rows listed in the Audit sheet for one figure; the rest are counted in a closing line.
/// A figure counted over a whole sheet of casualty records would otherwise list it again.
pub const AUDIT_ROWS_PER_FIGURE: usize = 1_000;

fn audit(
    ws: &mut Worksheet,
    names: &mut SheetNames,
    report: &Report,
    dataset: &Dataset,
    data_names: &[String],
    f: &Formats,
) -> Result<()> {
    ws.set_name(names.take("Audit"))?;
    let headers: Vec<String> = [
        "Section",
        "Figure",
        "Label",
        "Value",
        "Source workbook",
        "Source sheet",
        "Source row",
        "Record",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows = Vec::new();
    for s in &report.sections {
        let Some(c) = s.content() else { continue };
        let number = s
            .number
            .map(|n| Value::Number(n as f64))
            .unwrap_or_default();
        for fig in &c.figures {
            let head = |rows: &mut Vec<Vec<Value>>, tail: [Value; 4]| {
                let mut v = vec![
                    number.clone(),
                    Value::text(&fig.name),
                    Value::text(&fig.label),
                    fig.value.clone(),
                ];
                v.extend(tail);
                rows.push(v);
            };
            if fig.rows.is_empty() {
                head(
                    &mut rows,
                    [
                        Value::Empty,
                        Value::Empty,
                        Value::Empty,
                        Value::text("(no rows given for this figure)"),
                    ],
                );
            }
            for r in fig.rows.iter().take(AUDIT_ROWS_PER_FIGURE) {
                let Some(record) = dataset.table(&r.table).and_then(|t| Record::new(t, r.row))
                else {
                    continue;
                };
                head(
                    &mut rows,
                    [
                        Value::text(record.workbook()),
                        Value::text(record.sheet()),
                        Value::Number(record.sheet_row() as f64),
                        Value::text(record.first_fields(8).unquoted().to_string()),
                    ],
                );
            }
            if fig.rows.len() > AUDIT_ROWS_PER_FIGURE {
                // "… and 23,456 more rows: see sheet Data Casualties".
                let mut tables: Vec<&str> = Vec::new();
                for r in &fig.rows[AUDIT_ROWS_PER_FIGURE..] {
                    if tables.last() != Some(&&*r.table) && !tables.contains(&&*r.table) {
                        tables.push(&r.table);
                    }
                }
                let sheets: Vec<&str> = tables
                    .iter()
                    .filter_map(|name| dataset.tables.iter().position(|t| t.name == *name))
                    .filter_map(|i| data_names.get(i).map(String::as_str))
                    .collect();
                let more = fig.rows.len() - AUDIT_ROWS_PER_FIGURE;
                let words = if more == 1 { "more row" } else { "more rows" };
                let see = match sheets.len() {
                    0 => String::new(),
                    1 => format!(": see sheet {}", sheets[0]),
                    _ => format!(
                        ": see sheets {}",
                        crate::text::grammar::list(&sheets, "and")
                    ),
                };
                head(
                    &mut rows,
                    [
                        Value::Empty,
                        Value::Empty,
                        Value::Empty,
                        Value::text(format!(
                            "… and {} {words}{see}",
                            crate::text::grammar::group_thousands(more as i64)
                        )),
                    ],
                );
            }
        }
    }
    write_table(ws, 0, &headers, &mut rows.into_iter(), f, true)?;
    for (c, w) in [9, 26, 50, 12, 28, 20, 11, 90].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

fn problems_sheet(
    ws: &mut Worksheet,
    names: &mut SheetNames,
    problems: &Problems,
    f: &Formats,
) -> Result<()> {
    ws.set_name(names.take("Problems"))?;
    let headers: Vec<String> = [
        "Severity",
        "File",
        "Sheet",
        "Cell or line",
        "Problem",
        "Found",
        "Expected",
        "Hint",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::table::{Column, DataTable, Part, RowSource};
    use calamine::{open_workbook, Data, Reader, Xlsx};

    fn table() -> DataTable {
        let column = |name: &str| Column {
            name: name.to_string(),
            ty: None,
            description: String::new(),
        };
        let mut t = DataTable::new(
            "Casualties",
            vec![column("Incident"), column("Date"), column("Killed")],
        );
        t.parts.push(Part {
            workbook: "workbooks/victims.xlsx".into(),
            sheet: "Casualties".into(),
            cols: vec![Some(0), Some(1), Some(2)],
        });
        let d = Date::from_ymd_opt(2011, 9, 13).unwrap();
        t.push_row(
            vec![Value::text("C-1"), Value::Date(d), Value::Number(2.0)],
            RowSource { part: 0, row: 4 },
        );
        t.push_row(
            vec![Value::text("C-2"), Value::Empty, Value::Bool(true)],
            RowSource { part: 0, row: 5 },
        );
        t
    }

    fn cells(path: &std::path::Path) -> Vec<Vec<Data>> {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        let range = wb.worksheet_range("Data").unwrap();
        range.rows().map(|r| r.to_vec()).collect()
    }

    /// A big Data sheet (written row by row) holds the same cells as a normal one.
    #[test]
    fn big_data_sheets_hold_what_normal_ones_do() {
        let dir = std::env::temp_dir().join(format!("actionplan-big-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let t = table();
        let f = Formats::new();

        let mut normal = Workbook::new();
        let ws = normal.add_worksheet().set_name("Data").unwrap();
        let mut rows = (0..t.len()).map(|r| {
            let mut v = vec![
                Value::text(&t.part_of(r).workbook),
                Value::text(&t.part_of(r).sheet),
                Value::Number(t.sources[r].row as f64),
            ];
            v.extend(t.row(r).iter().cloned());
            v
        });
        write_table(ws, 0, &data_headers(&t), &mut rows, &f, true).unwrap();
        normal.save(dir.join("normal.xlsx")).unwrap();

        let mut big = Workbook::new();
        big.set_tempdir(&dir).unwrap();
        let ws = big.add_worksheet_with_constant_memory().unwrap();
        big_data_sheet(ws.set_name("Data").unwrap(), &t, &f).unwrap();
        big.save(dir.join("big.xlsx")).unwrap();

        let expected = cells(&dir.join("normal.xlsx"));
        assert_eq!(expected.len(), 3);
        assert_eq!(expected[0][0], Data::String("Source workbook".into()));
        assert_eq!(cells(&dir.join("big.xlsx")), expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
