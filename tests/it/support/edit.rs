//! A workbook edited as a coordinator would in Excel: every sheet is read with calamine and
//! written again with rust_xlsxwriter, with some cells changed or rows added. Values (dates as
//! dates), sheet order and positions are kept; formatting is not, as the build does not read it.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Format, Workbook};

/// The cells of one sheet, by 0-based row and column.
pub type Grid = Vec<Vec<Data>>;

/// Rewrites the workbook at `path`, letting `edit` change the grid of the sheet `sheet`.
pub fn edit_sheet(path: &Path, sheet: &str, edit: impl FnOnce(&mut Grid)) {
    let mut book = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut sheets: Vec<(String, Grid)> = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut grid: Grid = vec![Vec::new(); top as usize];
        for row in range.rows() {
            let mut cells = vec![Data::Empty; left as usize];
            cells.extend(row.iter().cloned());
            grid.push(cells);
        }
        sheets.push((name, grid));
    }
    let (_, grid) = sheets
        .iter_mut()
        .find(|(name, _)| name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet} in {}", path.display()));
    edit(grid);

    let date = Format::new().set_num_format("d mmm yyyy");
    let mut out = Workbook::new();
    for (name, grid) in &sheets {
        let ws = out.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Data::DateTime(d) => {
                        ws.write_number_with_format(r, c, d.as_f64(), &date)
                            .unwrap();
                    }
                    other => panic!("{name}: a cell the edit does not keep: {other:?}"),
                }
            }
        }
    }
    out.save(path).unwrap();
}

/// The row of `grid` whose first cell is the text `key`.
pub fn row_of(grid: &Grid, key: &str) -> usize {
    grid.iter()
        .position(|r| matches!(r.first(), Some(Data::String(s)) if s == key))
        .unwrap_or_else(|| panic!("no row {key}"))
}
