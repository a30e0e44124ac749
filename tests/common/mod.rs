//! Test helpers: a scratch project folder (`Workdir`) in which tests write workbooks and
//! plugins, run the built `actionplan` binary, and read its outputs back with calamine.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh project folder under target/, removed when the test passes.
pub struct Workdir {
    pub root: PathBuf,
}

impl Workdir {
    pub fn new(name: &str) -> Workdir {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("workbooks")).unwrap();
        std::fs::create_dir_all(root.join("plugins/lib")).unwrap();
        Workdir { root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a text file (a plugin, say), creating folders as needed.
    pub fn write(&self, rel: &str, contents: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    /// Starts a workbook to be saved at `rel` (e.g. "workbooks/states.xlsx").
    pub fn book(&self, rel: &str) -> Book {
        Book {
            path: self.path(rel),
            workbook: Workbook::new(),
        }
    }

    /// Runs `actionplan ARGS` with the project as the current folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_actionplan"))
            .args(args)
            .current_dir(&self.root)
            .output()
            .expect("the actionplan binary runs");
        Run::from(output)
    }

    /// Every row of a sheet of an output workbook, as calamine reads it.
    pub fn sheet(&self, rel: &str, sheet: &str) -> Vec<Vec<Data>> {
        let mut wb = open_workbook_auto(self.path(rel)).expect("output workbook opens");
        let range = wb.worksheet_range(sheet).unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
        range.rows().map(|r| r.to_vec()).collect()
    }

    /// Rows of a sheet as displayed strings (dates as yyyy-mm-dd), trailing empty cells dropped.
    pub fn sheet_text(&self, rel: &str, sheet: &str) -> Vec<Vec<String>> {
        self.sheet(rel, sheet)
            .into_iter()
            .map(|row| {
                let mut cells: Vec<String> = row.iter().map(text).collect();
                while cells.last().is_some_and(|c| c.is_empty()) {
                    cells.pop();
                }
                cells
            })
            .collect()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// A cell as text: numbers without ".0", dates as yyyy-mm-dd.
pub fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        other => other.to_string(),
    }
}

/// What a run printed and how it ended.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            status: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The `error:` and `warning:` lines (with their hints), in order.
    pub fn problems(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: ") || l.starts_with("warning: ") || l.starts_with("  hint: "))
            .map(str::to_string)
            .collect()
    }
}

/// A value in a fixture workbook.
#[derive(Clone, Debug)]
pub enum C {
    T(&'static str),
    S(String),
    N(f64),
    D(u16, u8, u8),
    B(bool),
    E,
}

/// A workbook being written for a test, with rust_xlsxwriter.
pub struct Book {
    path: PathBuf,
    pub workbook: Workbook,
}

impl Book {
    /// Adds a sheet whose first row is the header and the rest data; dates get a date format.
    pub fn sheet(mut self, name: &str, rows: &[Vec<C>]) -> Book {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let ws = self.workbook.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
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
                        ws.write_datetime_with_format(r, c, &ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
                    }
                    C::B(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    C::E => {}
                }
            }
        }
        self
    }

    pub fn save(mut self) {
        std::fs::create_dir_all(self.path.parent().unwrap()).unwrap();
        self.workbook.save(&self.path).unwrap();
    }
}

/// A minimal valid dictionary: `columns` rows are (sheet, column, type, required, values).
pub fn dictionary(wd: &Workdir, sheets: &[(&'static str, &'static str, &'static str)], columns: &[(&'static str, &'static str, &'static str, bool, &'static str)]) {
    let mut s = vec![vec![C::T("Sheet"), C::T("Role"), C::T("One row per")]];
    for (sheet, role, key) in sheets {
        s.push(vec![C::T(sheet), C::T(role), C::T(key)]);
    }
    let mut c = vec![vec![C::T("Sheet"), C::T("Column"), C::T("Type"), C::T("Required"), C::T("Values")]];
    for (sheet, column, ty, required, values) in columns {
        c.push(vec![C::T(sheet), C::T(column), C::T(ty), C::T(if *required { "yes" } else { "no" }), C::T(values)]);
    }
    wd.book("workbooks/dictionary.xlsx").sheet("Sheets", &s).sheet("Columns", &c).save();
}
