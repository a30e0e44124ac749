//! The Data sheets: one per input table, every row with the workbook, sheet and row it came
//! from. They need only the loaded data, so they are written on a thread of their own while
//! the sections run, row by row straight to a temporary file: the workbook's save then only
//! compresses them, and no Data sheet is held in memory.

use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{Context, Result};
use rust_xlsxwriter::{Workbook, Worksheet};

use super::cells::{display_width, start_table, unique_headers, write_value};
use super::{Formats, ZIP_LEVEL};
use crate::model::table::{DataTable, Dataset};
use crate::model::value::Value;

/// Data sheets with more rows are written in rust_xlsxwriter's constant-memory mode (their
/// texts in the cells, not in the workbook's table of shared texts, which would hold a
/// million incident references) with a filter on a plain header instead of an Excel table
/// (rust_xlsxwriter keeps an entry per cell of a table in memory). Smaller ones are written
/// in low-memory mode (their texts shared), as an Excel table.
pub const BIG_SHEET_ROWS: usize = 50_000;
/// Rows measured when fitting column widths: enough to be right, cheap on big sheets.
const AUTOFIT_ROWS: u32 = 500;

/// The Data sheets of the consolidated workbook, being written on a thread of their own.
pub struct DataSheets {
    wb: Workbook,
    job: JoinHandle<Result<Vec<Worksheet>>>,
}

/// The Data sheets still being written, once their workbook has been handed on.
pub(super) struct Pending(JoinHandle<Result<Vec<Worksheet>>>);

impl DataSheets {
    /// Starts writing one Data sheet per table, big ones through temporary files in
    /// `tempdir`: beside the output, not in a temporary folder that may be held in memory.
    pub fn start(tempdir: &Path, dataset: Arc<Dataset>) -> Result<DataSheets> {
        let mut wb = Workbook::new();
        wb.set_tempdir(tempdir)?;
        // Excel's own level: saving takes half the time of the default level (6), for a
        // file some 10% bigger.
        wb.set_zip_compression_level(ZIP_LEVEL);
        // Each sheet gets its temporary file and the workbook's formats (and shared texts)
        // here.
        let mut sheets: Vec<(bool, Worksheet)> = Vec::new();
        for table in &dataset.tables {
            sheets.push(if table.len() > BIG_SHEET_ROWS {
                (true, wb.new_worksheet_with_constant_memory()?)
            } else {
                (false, wb.new_worksheet_with_low_memory()?)
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
                    .map(|(table, (big, mut ws))| {
                        if big {
                            big_data_sheet(&mut ws, table, &f).map(|()| ws)
                        } else {
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

    /// The workbook the other sheets go into, and the Data sheets still being written.
    pub(super) fn split(self) -> (Workbook, Pending) {
        (self.wb, Pending(self.job))
    }
}

impl Pending {
    /// Waits for the Data sheets, in the order of the dataset's tables.
    pub(super) fn wait(self) -> Result<Vec<Worksheet>> {
        self.0
            .join()
            .map_err(|_| anyhow::anyhow!("writing the Data sheets stopped unexpectedly"))?
    }
}

/// The headers of a Data sheet: where each row came from, then the table's columns.
fn data_headers(table: &DataTable) -> Vec<String> {
    let mut headers = vec![
        "Source workbook".to_string(),
        "Source sheet".to_string(),
        "Source row".to_string(),
    ];
    headers.extend(table.column_names().map(str::to_string));
    headers
}

/// The values of a Data sheet's row `r`: its sources, then the table's values.
fn data_row(table: &DataTable, r: usize) -> Vec<Value> {
    let part = table.part_of(r);
    let mut v = vec![
        Value::text(&part.workbook),
        Value::text(&part.sheet),
        Value::Number(table.sources[r].row as f64),
    ];
    v.extend(table.row(r).iter().cloned());
    v
}

/// A Data sheet: an Excel table of the rows with their sources, written row by row, its
/// columns as wide as rust_xlsxwriter's autofit makes them over the first rows.
fn data_sheet(ws: &mut Worksheet, table: &DataTable, f: &Formats) -> Result<()> {
    let headers = unique_headers(&data_headers(table));
    let mut fit = Autofit::new(headers.len());
    for (c, h) in headers.iter().enumerate() {
        fit.text(c, h, true);
    }
    let first = start_table(ws, 0, &headers, table.len() as u32, f, true)?;
    for (r, row) in (0..table.len()).zip(first..) {
        let values = data_row(table, r);
        for (c, v) in values.iter().enumerate() {
            write_value(ws, row, c as u16, v, f)?;
            if row < AUTOFIT_ROWS {
                fit.value(c, v);
            }
        }
    }
    fit.apply(ws)
}

/// The column widths rust_xlsxwriter's `autofit` gives a normal sheet (over its first
/// [`AUTOFIT_ROWS`] rows, at most 300 pixels), worked out as the cells are written: a sheet
/// written row by row keeps only its current row to measure.
struct Autofit {
    pixels: Vec<u32>,
}

impl Autofit {
    const MAX_PIXELS: u32 = 300;

    fn new(columns: usize) -> Autofit {
        Autofit {
            pixels: vec![0; columns],
        }
    }

    /// A text cell; `filter`: a header cell, with a filter button.
    fn text(&mut self, col: usize, text: &str, filter: bool) {
        // rust_xlsxwriter measures each line; cell_autofit_width adds 7 pixels of padding.
        let width = text
            .lines()
            .map(|l| rust_xlsxwriter::cell_autofit_width(l) - 7)
            .max()
            .unwrap_or(0);
        self.cell(col, width, filter);
    }

    /// A cell as `write_value` writes it.
    fn value(&mut self, col: usize, v: &Value) {
        match v {
            Value::Empty => {}
            Value::Text(s) | Value::Error(s) => self.text(col, s, false),
            Value::Number(n) if n.is_finite() => {
                self.cell(col, 7 * n.to_string().len() as u32, false)
            }
            Value::Number(n) => self.text(col, &n.to_string(), false),
            Value::Bool(b) => self.text(col, if *b { "yes" } else { "no" }, false),
            Value::Date(d) if chrono::Datelike::year(d) >= 1900 => self.cell(col, 68, false),
            Value::Date(d) => self.text(col, &crate::model::dates::long(*d), false),
        }
    }

    fn cell(&mut self, col: usize, mut width: u32, filter: bool) {
        if width == 0 {
            return;
        }
        if filter {
            width += 16;
        }
        width = (width + 7).min(Self::MAX_PIXELS);
        if let Some(w) = self.pixels.get_mut(col) {
            *w = (*w).max(width);
        }
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<()> {
        for (c, w) in self.pixels.iter().enumerate() {
            if *w > 0 {
                ws.set_column_autofit_width(c as u16, *w)?;
            }
        }
        Ok(())
    }
}

/// A Data sheet too big to hold in memory: written row by row, in row order, with a bold
/// header, a filter and column widths measured on the first rows.
fn big_data_sheet(ws: &mut Worksheet, table: &DataTable, f: &Formats) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::super::cells::write_table;
    use super::*;
    use crate::model::dates::Date;
    use crate::model::table::{Column, Part, RowSource};
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
        range.rows().map(|r| r.to_vec()).collect()
    }

    /// The `<cols>` element of the sheet of an xlsx file: the column widths.
    fn widths(path: &Path) -> String {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        let start = xml.find("<cols>").expect("widths");
        let end = xml.find("</cols>").expect("widths");
        xml[start..end].to_string()
    }

    /// A Data sheet written row by row holds the cells, table and column widths of one
    /// written in memory and autofitted.
    #[test]
    fn data_sheets_written_row_by_row_are_as_wide_as_autofitted_ones() {
        let dir = std::env::temp_dir().join(format!("actionplan-fit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut t = table();
        let old = Date::from_ymd_opt(1850, 1, 2).unwrap();
        let values = [
            Value::text("two lines\nthe second one longer"),
            Value::text("x".repeat(400)),
            Value::Date(old),
            Value::Number(f64::NAN),
            Value::Number(1234.5678),
            Value::Bool(false),
            Value::Error("#N/A".into()),
            Value::text("Ünïcödé and spaces"),
        ];
        for (i, v) in values.iter().enumerate() {
            t.push_row(
                vec![v.clone(), Value::Empty, Value::Number(i as f64)],
                RowSource {
                    part: 0,
                    row: 6 + i as u32,
                },
            );
        }
        let f = Formats::new();

        let mut normal = Workbook::new();
        let ws = normal.add_worksheet().set_name("Data").unwrap();
        let mut rows = (0..t.len()).map(|r| data_row(&t, r));
        write_table(ws, 0, &data_headers(&t), &mut rows, &f, true).unwrap();
        ws.set_autofit_max_row(AUTOFIT_ROWS);
        ws.set_autofit_max_width(300);
        ws.autofit();
        normal.save(dir.join("normal.xlsx")).unwrap();

        let mut streamed = Workbook::new();
        streamed.set_tempdir(&dir).unwrap();
        let ws = streamed.add_worksheet_with_low_memory().unwrap();
        data_sheet(ws.set_name("Data").unwrap(), &t, &f).unwrap();
        streamed.save(dir.join("streamed.xlsx")).unwrap();

        assert_eq!(
            cells(&dir.join("streamed.xlsx")),
            cells(&dir.join("normal.xlsx"))
        );
        assert_eq!(
            widths(&dir.join("streamed.xlsx")),
            widths(&dir.join("normal.xlsx"))
        );
        let mut book: Xlsx<_> = open_workbook(dir.join("streamed.xlsx")).unwrap();
        book.load_tables().unwrap();
        assert_eq!(book.table_names(), ["Table1"]);
        std::fs::remove_dir_all(&dir).unwrap();
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
        let mut rows = (0..t.len()).map(|r| data_row(&t, r));
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
