//! Workbooks written for a test with rust_xlsxwriter, and the data dictionary.

use std::path::PathBuf;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use super::workdir::Workdir;

/// A value in a test workbook.
#[derive(Clone, Debug)]
pub enum C {
    T(&'static str),
    S(String),
    N(f64),
    D(u16, u8, u8),
    /// A formula with the result Excel saved for it, e.g. `C::F("=NA()", "#N/A")`.
    F(&'static str, &'static str),
    E,
}

/// A workbook being written for a test (`Workdir::book`).
pub struct Book {
    pub(super) path: PathBuf,
    pub(super) workbook: Workbook,
}

impl Book {
    /// Adds a sheet whose first row is the header and the rest data; dates get a date format.
    pub fn sheet(self, name: &str, rows: &[Vec<C>]) -> Book {
        self.custom(name, |ws| put(ws, 0, 0, rows))
    }

    /// Adds a sheet that the test lays out itself: titles above the table, merged cells,
    /// formulas. `put` writes `C` values at any position.
    pub fn custom(mut self, name: &str, f: impl FnOnce(&mut Worksheet)) -> Book {
        let ws = self.workbook.add_worksheet();
        ws.set_name(name).unwrap();
        f(ws);
        self
    }

    pub fn save(mut self) {
        std::fs::create_dir_all(self.path.parent().unwrap()).unwrap();
        self.workbook.save(&self.path).unwrap();
    }
}

/// Writes rows of values with their top-left cell at (`row`, `col`), 0-based; dates get a
/// date format, `C::E` leaves the cell empty.
pub fn put(ws: &mut Worksheet, row: u32, col: u16, rows: &[Vec<C>]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            let (r, c) = (row + r as u32, col + c as u16);
            match v {
                C::T(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                C::S(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                C::D(y, m, d) => {
                    ws.write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .unwrap();
                }
                C::F(formula, result) => {
                    ws.write_formula(r, c, Formula::new(*formula).set_result(*result))
                        .unwrap();
                }
                C::E => {}
            }
        }
    }
}

/// Writes workbooks/dictionary.xlsx: `sheets` rows are (sheet, role, one row per), `columns`
/// rows (sheet, column, type, required, values); "" leaves a cell empty. Its Sheets sheet has
/// the columns Sheet, Role and One row per, its Columns sheet Sheet, Column, Type, Required
/// and Values. (Header row is left out: the header is found.)
pub fn dictionary(
    wd: &Workdir,
    sheets: &[(&str, &str, &str)],
    columns: &[(&str, &str, &str, bool, &str)],
) {
    let sheets: Vec<_> = sheets.iter().map(|&(s, r, k)| (s, r, k, "")).collect();
    let columns: Vec<_> = columns
        .iter()
        .map(|&(s, c, t, r, v)| (s, c, t, r, v, ""))
        .collect();
    dictionary_with_workbooks(wd, &sheets, &columns);
}

/// `dictionary` with the workbook of each sheet and a description of each column: `sheets`
/// rows are (sheet, role, one row per, workbook), `columns` rows (sheet, column, type,
/// required, values, description). The Workbook and Description columns are there only when
/// a row fills them in.
pub fn dictionary_with_workbooks(
    wd: &Workdir,
    sheets: &[(&str, &str, &str, &str)],
    columns: &[(&str, &str, &str, bool, &str, &str)],
) {
    let cell = |s: &str| {
        if s.is_empty() {
            C::E
        } else {
            C::S(s.to_string())
        }
    };
    let with_workbook = sheets.iter().any(|s| !s.3.is_empty());
    let mut s = vec![vec![C::T("Sheet"), C::T("Role"), C::T("One row per")]];
    if with_workbook {
        s[0].push(C::T("Workbook"));
    }
    for (sheet, role, key, workbook) in sheets {
        let mut row = vec![cell(sheet), cell(role), cell(key)];
        if with_workbook {
            row.push(cell(workbook));
        }
        s.push(row);
    }
    let with_description = columns.iter().any(|c| !c.5.is_empty());
    let mut c = vec![vec![
        C::T("Sheet"),
        C::T("Column"),
        C::T("Type"),
        C::T("Required"),
        C::T("Values"),
    ]];
    if with_description {
        c[0].push(C::T("Description"));
    }
    for (sheet, column, ty, required, values, description) in columns {
        let mut row = vec![
            cell(sheet),
            cell(column),
            cell(ty),
            C::T(if *required { "yes" } else { "no" }),
            cell(values),
        ];
        if with_description {
            row.push(cell(description));
        }
        c.push(row);
    }
    wd.book("workbooks/dictionary.xlsx")
        .sheet("Sheets", &s)
        .sheet("Columns", &c)
        .save();
}
