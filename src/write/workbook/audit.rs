//! The Audit sheet: every row behind every figure, with the workbook, sheet and row it came
//! from and the record it holds (`model::report::Record`, as `explain` shows it).

use anyhow::Result;
use rust_xlsxwriter::Workbook;

use super::cells::{headers, start_table, write_value};
use super::{Formats, BIG_SHEET_ROWS};
use crate::model::report::{Figure, Record, Report};
use crate::model::table::Dataset;
use crate::model::value::Value;
use crate::text::grammar;

/// Rows listed in the Audit sheet for one figure; the rest are counted in a closing line.
/// A figure counted over a whole sheet of casualty records would otherwise list it again.
pub const AUDIT_ROWS_PER_FIGURE: usize = 1_000;
/// Fields of a record shown in its cell: enough to recognise the row, which is in its Data
/// sheet whole.
const RECORD_FIELDS: usize = 8;

/// An Audit sheet with more rows is written row by row straight to a temporary file
/// (rust_xlsxwriter's low-memory mode, which keeps only the shared texts): a project of a
/// hundred sections can list some hundred thousand rows, which a normal sheet holds in memory
/// whole. Not constant-memory mode: its texts written in every cell make the sheet's XML
/// twice as big, and saving the workbook slower.
pub const BIG_AUDIT_ROWS: u32 = 5_000;
/// Beyond as many rows as make a big Data sheet, the Audit sheet has a filter on a bold
/// header rather than an Excel table, as big Data sheets do: rust_xlsxwriter keeps an entry
/// for every cell of a table in memory.
const TABLE_ROWS: u32 = BIG_SHEET_ROWS as u32;

/// What follows the section and the figure on a line of the Audit sheet.
enum Tail<'a> {
    Record(Record<'a>),
    /// The figure gave no rows.
    NoRows,
    /// The figure has more rows than are listed.
    More,
}

/// Visits every line of the Audit sheet in order: the figure, with its section's number, and
/// what the line says of it. Cheap: the lines' texts are made by the caller.
fn each_line<'a>(
    report: &'a Report,
    dataset: &'a Dataset,
    mut visit: impl FnMut(&Value, &'a Figure, Tail<'a>) -> Result<()>,
) -> Result<()> {
    for s in &report.sections {
        let Some(c) = s.content() else { continue };
        let number = s
            .number
            .map(|n| Value::Number(n as f64))
            .unwrap_or_default();
        for fig in &c.figures {
            if fig.rows.is_empty() {
                visit(&number, fig, Tail::NoRows)?;
            }
            for r in fig.rows.iter().take(AUDIT_ROWS_PER_FIGURE) {
                let Some(record) = dataset.table(&r.table).and_then(|t| Record::new(t, r.row))
                else {
                    continue;
                };
                visit(&number, fig, Tail::Record(record))?;
            }
            if fig.rows.len() > AUDIT_ROWS_PER_FIGURE {
                visit(&number, fig, Tail::More)?;
            }
        }
    }
    Ok(())
}

/// Adds the Audit sheet to `wb`. `data_names` are the names of the Data sheets, in the order
/// of the dataset's tables.
pub(super) fn write(
    wb: &mut Workbook,
    name: &str,
    report: &Report,
    dataset: &Dataset,
    data_names: &[String],
    f: &Formats,
) -> Result<()> {
    let sizes = (BIG_AUDIT_ROWS, TABLE_ROWS);
    write_sized(wb, name, report, dataset, data_names, f, sizes)
}

/// [`write`], with the sizes from which the sheet is big and has no Excel table.
fn write_sized(
    wb: &mut Workbook,
    name: &str,
    report: &Report,
    dataset: &Dataset,
    data_names: &[String],
    f: &Formats,
    (big, table_rows): (u32, u32),
) -> Result<()> {
    let mut lines: u32 = 0;
    each_line(report, dataset, |_, _, _| {
        lines += 1;
        Ok(())
    })?;
    let ws = if lines > big {
        wb.add_worksheet_with_low_memory()?
    } else {
        wb.add_worksheet()
    };
    ws.set_name(name)?;
    for (c, w) in [9, 26, 50, 12, 28, 20, 11, 90].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let headers = headers(&[
        "Section",
        "Figure",
        "Label",
        "Value",
        "Source workbook",
        "Source sheet",
        "Source row",
        "Record",
    ]);
    // The table (or filter) first, then its rows in order: a big sheet is written as it goes.
    let mut row = if lines > table_rows {
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &f.header)?;
        }
        ws.autofilter(0, 0, lines, headers.len() as u16 - 1)?;
        ws.set_freeze_panes(1, 0)?;
        1
    } else {
        start_table(ws, 0, &headers, lines, f, true)?
    };
    each_line(report, dataset, |number, fig, tail| {
        // Every line of a figure starts with the section and the figure.
        write_value(ws, row, 0, number, f)?;
        ws.write_string(row, 1, &fig.name)?;
        ws.write_string(row, 2, &fig.label)?;
        write_value(ws, row, 3, &fig.value, f)?;
        match tail {
            Tail::Record(record) => {
                ws.write_string(row, 4, record.workbook())?;
                ws.write_string(row, 5, record.sheet())?;
                ws.write_number(row, 6, record.sheet_row() as f64)?;
                let text = record.first_fields(RECORD_FIELDS).unquoted().to_string();
                ws.write_string(row, 7, &text)?;
            }
            Tail::NoRows => {
                ws.write_string(row, 7, "(no rows given for this figure)")?;
            }
            Tail::More => {
                if let Some(more) = more_rows(fig, dataset, data_names) {
                    ws.write_string(row, 7, &more)?;
                }
            }
        }
        row += 1;
        Ok(())
    })
}

/// "… and 23,456 more rows: see sheet Data Casualties", for a figure with more rows than
/// the sheet lists.
fn more_rows(fig: &Figure, dataset: &Dataset, data_names: &[String]) -> Option<String> {
    let rest = fig
        .rows
        .get(AUDIT_ROWS_PER_FIGURE..)
        .filter(|r| !r.is_empty())?;
    let mut tables: Vec<&str> = Vec::new();
    for r in rest {
        if tables.last() != Some(&&*r.table) && !tables.contains(&&*r.table) {
            tables.push(&r.table);
        }
    }
    let sheets: Vec<&str> = tables
        .iter()
        .filter_map(|name| dataset.tables.iter().position(|t| t.name == *name))
        .filter_map(|i| data_names.get(i).map(String::as_str))
        .collect();
    let more = rest.len();
    let words = if more == 1 { "more row" } else { "more rows" };
    let see = match sheets.len() {
        0 => String::new(),
        1 => format!(": see sheet {}", sheets[0]),
        _ => format!(": see sheets {}", grammar::list(&sheets, "and")),
    };
    Some(format!(
        "… and {} {words}{see}",
        grammar::group_thousands(more as i64)
    ))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use calamine::{open_workbook, Data, Reader, Xlsx};

    use super::*;
    use crate::model::report::{Content, Outcome, RowRef, Section};
    use crate::model::table::{Column, DataTable, Part, RowSource};

    /// A report of two figures over a table of `n` rows, one of them with more rows than are
    /// listed.
    fn report(n: usize) -> (Report, Dataset) {
        let column = |name: &str| Column {
            name: name.to_string(),
            ty: None,
            description: String::new(),
        };
        let mut t = DataTable::new("Casualties", vec![column("Incident"), column("Killed")]);
        t.parts.push(Part {
            workbook: "workbooks/victims.xlsx".into(),
            sheet: "Casualties".into(),
            cols: vec![Some(0), Some(1)],
        });
        for i in 0..n {
            t.push_row(
                vec![Value::text(format!("C-{i}")), Value::Number(i as f64)],
                RowSource {
                    part: 0,
                    row: i as u32 + 2,
                },
            );
        }
        let name: Arc<str> = Arc::from("Casualties");
        let figure = |name_: &str, rows: Vec<RowRef>| Figure {
            name: name_.to_string(),
            label: format!("The {name_}"),
            value: Value::Number(rows.len() as f64),
            as_of: None,
            file: None,
            line: None,
            rows,
        };
        let all: Vec<RowRef> = (0..n)
            .map(|row| RowRef {
                table: name.clone(),
                row,
            })
            .collect();
        let content = Content {
            figures: vec![figure("all", all), figure("none", vec![])],
            ..Content::default()
        };
        let section = Section {
            number: Some(8),
            title: "Victim assistance".into(),
            file: "plugins/08_victims.lua".into(),
            outcome: Outcome::Produced(content),
        };
        let report = Report {
            title: "T".into(),
            period: None,
            subtitle: None,
            sections: vec![section],
        };
        let dataset = Dataset {
            tables: vec![Arc::new(t)],
            ..Dataset::default()
        };
        (report, dataset)
    }

    /// A big Audit sheet (written row by row, with a filter rather than a table) holds the
    /// same cells as a normal one.
    #[test]
    fn big_audit_sheets_hold_what_normal_ones_do() {
        let dir = std::env::temp_dir().join(format!("actionplan-audit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (report, dataset) = report(AUDIT_ROWS_PER_FIGURE + 7);
        let names = ["Data Casualties".to_string()];
        let f = Formats::new();
        let mut sheets = Vec::new();
        for (i, sizes) in [(u32::MAX, u32::MAX), (10, u32::MAX), (10, 20)]
            .into_iter()
            .enumerate()
        {
            let mut wb = Workbook::new();
            wb.set_tempdir(&dir).unwrap();
            write_sized(&mut wb, "Audit", &report, &dataset, &names, &f, sizes).unwrap();
            let path = dir.join(format!("audit-{i}.xlsx"));
            wb.save(&path).unwrap();
            let mut book: Xlsx<_> = open_workbook(&path).unwrap();
            let range = book.worksheet_range("Audit").unwrap();
            sheets.push(range.rows().map(|r| r.to_vec()).collect::<Vec<_>>());
        }
        assert_eq!(sheets[0].len(), 1 + AUDIT_ROWS_PER_FIGURE + 1 + 1);
        assert_eq!(
            sheets[0][1][4],
            Data::String("workbooks/victims.xlsx".into())
        );
        assert_eq!(
            sheets[0][AUDIT_ROWS_PER_FIGURE + 1][7],
            Data::String("… and 7 more rows: see sheet Data Casualties".into())
        );
        assert_eq!(
            sheets[0].last().unwrap()[7],
            Data::String("(no rows given for this figure)".into())
        );
        assert_eq!(sheets[1], sheets[0]);
        assert_eq!(sheets[2], sheets[0]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
