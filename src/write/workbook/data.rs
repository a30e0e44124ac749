//! The Data sheets: one per input table, every row with the workbook, sheet and row it came
//! from. They need only the loaded data, so they are written on a thread of their own while
//! the sections run, row by row straight to a temporary file: no Data sheet is held in
//! memory, and the workbook's save then only compresses them. A table with more rows than a
//! sheet holds continues on further sheets, each with its header; columns beyond the last a
//! sheet holds, and text beyond what a cell holds, are cut with a warning.

use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{Context, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::cells::{
    shown, text_width, unique_headers, write_text_unformatted, write_value_in_column, DATE_INDENT,
    MAX_COLUMN, WIDEST_DATE,
};
use super::{page, sheets_for, Formats, ZIP_LEVEL};
use crate::check::dictionary::ColumnType;
use crate::model::report::NumberFormat;
use crate::model::table::{DataTable, Dataset};
use crate::model::value::Value;
use crate::problem::{OutputProblem, Place, Problem, Whole};
use crate::write::limits;

/// Data sheets with more rows are written in rust_xlsxwriter's constant-memory mode: their
/// texts in the cells, not in the workbook's table of shared texts, which would otherwise hold
/// a million incident references. Smaller ones are written in low-memory mode, their texts
/// shared (a smaller file, a quicker save). Either way a row is written to a temporary file as
/// soon as the next one starts, and every Data sheet has a filter on a bold header rather
/// than an Excel table (rust_xlsxwriter keeps an entry per cell of a table in memory).
pub const BIG_SHEET_ROWS: usize = 50_000;
/// Rows measured when fitting column widths: enough to be right, cheap on big sheets.
const AUTOFIT_ROWS: usize = 500;
/// The columns before a table's own: source workbook, sheet and row.
const SOURCE_COLUMNS: usize = 3;

type Written = Result<(Vec<Worksheet>, Vec<Problem>)>;

/// The Data sheets of the consolidated workbook, being written on a thread of their own.
pub struct DataSheets {
    wb: Workbook,
    job: JoinHandle<Written>,
}

/// The Data sheets still being written, once their workbook has been handed on.
pub(super) struct Pending(JoinHandle<Written>);

impl DataSheets {
    /// Starts writing the Data sheets of every table (one, or more for a table longer than a
    /// sheet), through temporary files in `tempdir`: beside the output, not in a
    /// temporary folder that may be held in memory. The report's title is for the footers.
    pub fn start(tempdir: &Path, dataset: Arc<Dataset>, title: String) -> Result<DataSheets> {
        let mut wb = Workbook::new();
        wb.set_tempdir(tempdir)?;
        // Excel's own level: saving takes half the time of the default level (6), for a
        // file some 10% bigger.
        wb.set_zip_compression_level(ZIP_LEVEL);
        let limit = limits::sheet_rows();
        // Each sheet gets its temporary file and the workbook's formats (and, in low-memory
        // mode, its table of shared texts) here. Only this thread adds to them until it is
        // done, so their order, and the file's bytes, are the same from one build to the next.
        let mut sheets: Vec<Vec<Worksheet>> = Vec::new();
        for table in &dataset.tables {
            let mut parts = Vec::new();
            for _ in 0..sheets_for(table.len(), limit) {
                parts.push(if table.len() > BIG_SHEET_ROWS {
                    wb.new_worksheet_with_constant_memory()?
                } else {
                    wb.new_worksheet_with_low_memory()?
                });
            }
            sheets.push(parts);
        }
        let job = std::thread::Builder::new()
            .name("data sheets".into())
            .spawn(move || {
                let started = std::time::Instant::now();
                let f = Formats::new();
                let mut out = Vec::new();
                let mut warnings = Vec::new();
                for (table, parts) in dataset.tables.iter().zip(sheets) {
                    let per_sheet = limit as usize - 1;
                    let layout = Layout::new(table, &mut warnings);
                    for (i, mut ws) in parts.into_iter().enumerate() {
                        let rows = (i * per_sheet)..((i + 1) * per_sheet).min(table.len());
                        data_sheet(&mut ws, table, &layout, rows, &title, &f, &mut warnings)?;
                        out.push(ws);
                    }
                }
                crate::timing::aside("data sheets, on their own thread", started.elapsed());
                Ok((out, warnings))
            })
            .context("cannot start writing the Data sheets")?;
        Ok(DataSheets { wb, job })
    }

    /// The workbook the other sheets go into, and the Data sheets still being written.
    pub(super) fn split(self) -> (Workbook, Pending) {
        (self.wb, Pending(self.job))
    }
}

impl Pending {
    /// Waits for the Data sheets, in the order of the dataset's tables (a table's
    /// continuations after it), and the warnings about what they could not hold as it is.
    pub(super) fn wait(self) -> Written {
        self.0
            .join()
            .map_err(|_| anyhow::anyhow!("writing the Data sheets stopped unexpectedly"))?
    }
}

/// What every sheet of one table shares: headers, formats, widths, and the columns kept.
struct Layout {
    headers: Vec<String>,
    formats: Vec<NumberFormat>,
    widths: Vec<f64>,
    /// The table's own columns written (all, unless more than a sheet holds).
    columns: usize,
}

impl Layout {
    fn new(table: &DataTable, warnings: &mut Vec<Problem>) -> Layout {
        let room = limits::SHEET_COLUMNS as usize - SOURCE_COLUMNS;
        let columns = table.columns.len().min(room);
        if columns < table.columns.len() {
            warnings.push(Problem::new(
                place_of(table),
                OutputProblem::ColumnsCut {
                    what: format!("the sheet {}", table.name),
                    to: "its Data sheet".to_string(),
                    columns: table.columns.len() + SOURCE_COLUMNS,
                    kept: room + SOURCE_COLUMNS,
                },
            ));
        }
        let mut headers = vec![
            "Source workbook".to_string(),
            "Source sheet".to_string(),
            "Source row".to_string(),
        ];
        headers.extend(table.column_names().take(columns).map(str::to_string));
        let headers = unique_headers(&headers);
        let formats: Vec<NumberFormat> = headers
            .iter()
            .map(|h| NumberFormat::for_column(h))
            .collect();
        // Widths first: a constant-memory sheet cannot measure rows it has already written.
        let mut widths: Vec<f64> = headers.iter().map(|h| text_width(h) + 3.0).collect();
        for r in 0..table.len().min(AUTOFIT_ROWS) {
            let part = table.part_of(r);
            widths[0] = widths[0].max(text_width(&part.workbook));
            widths[1] = widths[1].max(text_width(&part.sheet));
            for (c, v) in table.row(r).iter().take(columns).enumerate() {
                let w = match v {
                    // Room for any date, indented, as in the other sheets: a column of mixed
                    // values (the Rules sheet's Value) is not a date column by the dictionary.
                    Value::Date(_) => text_width(WIDEST_DATE) + DATE_INDENT,
                    _ => text_width(&shown(v, formats[c + SOURCE_COLUMNS])),
                };
                widths[c + SOURCE_COLUMNS] = widths[c + SOURCE_COLUMNS].max(w);
            }
        }
        // A date column has room for the longest date, wherever it comes in the sheet.
        for (c, column) in table.columns.iter().take(columns).enumerate() {
            if column.ty == Some(ColumnType::Date) {
                let w = &mut widths[c + SOURCE_COLUMNS];
                *w = w.max(text_width(WIDEST_DATE));
            }
        }
        let widths = widths
            .into_iter()
            .map(|w| (w + 2.0).min(MAX_COLUMN))
            .collect();
        Layout {
            headers,
            formats,
            widths,
            columns,
        }
    }
}

impl Layout {
    /// The format most cells of column `col` take, by its declared type, which the column
    /// itself is given: dates as dates, numbers in the column's number format, the rest
    /// (texts, the source columns) plain, top-aligned.
    fn column_format<'f>(&self, table: &DataTable, col: usize, f: &'f Formats) -> &'f Format {
        let declared = col
            .checked_sub(SOURCE_COLUMNS)
            .and_then(|c| table.columns.get(c))
            .and_then(|c| c.ty.as_ref());
        match declared {
            Some(ColumnType::Date) => &f.date,
            Some(ColumnType::Number | ColumnType::WholeNumber) => f.number(self.formats[col], 0.0),
            // Texts, names, yes/no (written as text), the source columns, and columns of
            // mixed values, mostly texts.
            _ => &f.cell,
        }
    }
}

/// Where a table's rows came from, for a warning about the whole table.
fn place_of(table: &DataTable) -> Place {
    table.parts.first().map_or(Place::file("workbooks/"), |p| {
        Place::sheet(&p.workbook, &p.sheet)
    })
}

/// One Data sheet: the rows `rows` of `table` under a bold header with a filter, in row
/// order, frozen below the header. Row by row, as a low- or constant-memory sheet needs it
/// (a row written after a later one would be lost): the widths are worked out beforehand.
fn data_sheet(
    ws: &mut Worksheet,
    table: &DataTable,
    layout: &Layout,
    rows: std::ops::Range<usize>,
    title: &str,
    f: &Formats,
    warnings: &mut Vec<Problem>,
) -> Result<()> {
    let last_col = layout.headers.len().saturating_sub(1) as u16;
    // Each column's usual format is the column's own, so that its cells need none (see
    // `write_value_in_column`): a million rows write in two thirds of the time.
    let column_formats: Vec<&Format> = (0..layout.headers.len())
        .map(|col| layout.column_format(table, col, f))
        .collect();
    for (c, w) in layout.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
        ws.set_column_format(c as u16, column_formats[c])?;
    }
    for (c, h) in layout.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.header)?;
    }
    ws.autofilter(0, 0, rows.len() as u32, last_col)?;
    ws.set_freeze_panes(1, 0)?;
    for (i, r) in rows.enumerate() {
        let row = i as u32 + 1;
        let part = table.part_of(r);
        write_text_unformatted(ws, row, 0, &part.workbook)?;
        write_text_unformatted(ws, row, 1, &part.sheet)?;
        ws.write_number(row, 2, table.sources[r].row as f64)?;
        for (c, v) in table.row(r).iter().take(layout.columns).enumerate() {
            let col = c + SOURCE_COLUMNS;
            let (number, column) = (layout.formats[col], Some(column_formats[col]));
            if let Some(chars) =
                write_value_in_column(ws, row, col as u16, v, number, false, f, column)?
            {
                let source_col = part.cols.get(c).copied().flatten().unwrap_or(c as u32);
                warnings.push(Problem::new(
                    Place::cell(
                        &part.workbook,
                        &part.sheet,
                        table.sources[r].row - 1,
                        source_col,
                    ),
                    OutputProblem::TextCut {
                        what: format!("the text of this cell (column {})", table.columns[c].name),
                        to: format!(
                            "its Data sheet, cell {}",
                            crate::text::cellref::a1(row, col as u32)
                        ),
                        chars,
                        whole: Whole::Workbook,
                    },
                ));
            }
        }
    }
    page::setup(ws, title, layout.widths.iter().sum(), Some((0, 0)))?;
    Ok(())
}

/// The values of a Data sheet's row `r`: its sources, then the table's values.
#[cfg(test)]
fn data_row(table: &DataTable, r: usize) -> Vec<crate::model::value::Value> {
    use crate::model::value::Value;
    let part = table.part_of(r);
    let mut v = vec![
        Value::text(&part.workbook),
        Value::text(&part.sheet),
        Value::Number(table.sources[r].row as f64),
    ];
    v.extend(table.row(r).iter().cloned());
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::Date;
    use crate::model::table::{Column, Part, RowSource};
    use crate::model::value::Value;
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

    fn cells(path: &Path) -> Vec<Vec<Data>> {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        let range = wb.worksheet_range("Data").unwrap();
        range.rows().map(<[calamine::Data]>::to_vec).collect()
    }

    /// A Data sheet written in low- or constant-memory mode (to a temporary file as it goes)
    /// holds the cells, widths, filter and print setup of one held in memory.
    #[test]
    fn data_sheets_written_to_a_file_hold_what_normal_ones_do() {
        let dir = std::env::temp_dir().join(format!("actionplan-big-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let t = table();
        let f = Formats::new();

        let mut warnings = Vec::new();
        let layout = Layout::new(&t, &mut warnings);

        let mut normal = Workbook::new();
        let ws = normal.add_worksheet().set_name("Data").unwrap();
        data_sheet(ws, &t, &layout, 0..t.len(), "Report", &f, &mut warnings).unwrap();
        normal.save(dir.join("normal.xlsx")).unwrap();

        let mut low = Workbook::new();
        low.set_tempdir(&dir).unwrap();
        let mut ws = low.new_worksheet_with_low_memory().unwrap();
        ws.set_name("Data").unwrap();
        data_sheet(
            &mut ws,
            &t,
            &layout,
            0..t.len(),
            "Report",
            &f,
            &mut warnings,
        )
        .unwrap();
        low.push_worksheet(ws);
        low.save(dir.join("low.xlsx")).unwrap();

        let mut big = Workbook::new();
        big.set_tempdir(&dir).unwrap();
        let ws = big.add_worksheet_with_constant_memory().unwrap();
        let ws = ws.set_name("Data").unwrap();
        data_sheet(ws, &t, &layout, 0..t.len(), "Report", &f, &mut warnings).unwrap();
        big.save(dir.join("big.xlsx")).unwrap();

        let expected = cells(&dir.join("normal.xlsx"));
        assert_eq!(expected.len(), 3);
        assert_eq!(expected[0][0], Data::String("Source workbook".into()));
        let values: Vec<Data> = (0..t.len())
            .map(|r| match &data_row(&t, r)[5] {
                Value::Number(n) => Data::Float(*n),
                _ => Data::Empty,
            })
            .collect();
        assert_eq!(values[0], expected[1][5]);
        let around = super::super::tests_support::around_cells(&dir.join("normal.xlsx"));
        for (name, form) in [("low.xlsx", "low-memory"), ("big.xlsx", "constant-memory")] {
            assert_eq!(cells(&dir.join(name)), expected, "{form}");
            assert_eq!(
                super::super::tests_support::around_cells(&dir.join(name)),
                around,
                "{form}"
            );
        }
        for part in [
            "<cols>",
            "<autoFilter ref=\"A1:F3\"/>",
            "<pageSetup ",
            "<pane ",
        ] {
            assert!(around.contains(part), "{part} not in {around}");
        }
        assert!(warnings.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
