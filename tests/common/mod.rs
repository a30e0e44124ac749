//! Test helpers: a scratch project folder (`Workdir`) in which tests write workbooks and
//! plugins, run the built `actionplan` binary, and read its outputs back with calamine.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh project folder under target/, removed when the test passes.
pub struct Workdir {
    pub root: PathBuf,
}

impl Workdir {
    pub fn new(name: &str) -> Workdir {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("{name}-{}-{n}", std::process::id()));
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
        let range = wb
            .worksheet_range(sheet)
            .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
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

    /// The rows of the Problems sheet of out/consolidated.xlsx, without its header row.
    pub fn problem_rows(&self) -> Vec<Vec<String>> {
        let mut rows = self.sheet_text("out/consolidated.xlsx", "Problems");
        assert_eq!(
            rows[0],
            [
                "Severity",
                "File",
                "Sheet",
                "Cell or line",
                "Problem",
                "Found",
                "Expected",
                "Hint"
            ]
        );
        rows.remove(0);
        rows
    }

    /// Copies a file of tests/fixtures/ into the project at `rel`.
    pub fn fixture(&self, name: &str, rel: &str) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let to = self.path(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }

    /// Every file under `rel` (a folder of the project), by path relative to it, with its bytes.
    pub fn files(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let entry = entry.unwrap();
                let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
                if entry.file_type().unwrap().is_dir() {
                    walk(&entry.path(), &format!("{name}/"), out);
                } else {
                    out.insert(name, std::fs::read(entry.path()).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.path(rel), "", &mut out);
        out
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

/// The date in a cell as yyyy-mm-dd, when the cell holds a real date (a number with a date
/// format), not text that looks like one.
pub fn real_date(d: &Data) -> Option<String> {
    matches!(d, Data::DateTime(_)).then(|| text(d))
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
            .filter(|l| {
                l.starts_with("error: ") || l.starts_with("warning: ") || l.starts_with("  hint: ")
            })
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
    /// A formula with the result Excel saved for it, e.g. `C::F("=NA()", "#N/A")`.
    F(&'static str, &'static str),
    E,
}

/// A workbook being written for a test, with rust_xlsxwriter.
pub struct Book {
    path: PathBuf,
    pub workbook: Workbook,
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
                C::B(b) => {
                    ws.write_boolean(r, c, *b).unwrap();
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

/// A minimal valid dictionary: `columns` rows are (sheet, column, type, required, values).
pub fn dictionary(
    wd: &Workdir,
    sheets: &[(&'static str, &'static str, &'static str)],
    columns: &[(&'static str, &'static str, &'static str, bool, &'static str)],
) {
    let mut s = vec![vec![C::T("Sheet"), C::T("Role"), C::T("One row per")]];
    for (sheet, role, key) in sheets {
        s.push(vec![C::T(sheet), C::T(role), C::T(key)]);
    }
    let mut c = vec![vec![
        C::T("Sheet"),
        C::T("Column"),
        C::T("Type"),
        C::T("Required"),
        C::T("Values"),
    ]];
    for (sheet, column, ty, required, values) in columns {
        c.push(vec![
            C::T(sheet),
            C::T(column),
            C::T(ty),
            C::T(if *required { "yes" } else { "no" }),
            C::T(values),
        ]);
    }
    wd.book("workbooks/dictionary.xlsx")
        .sheet("Sheets", &s)
        .sheet("Columns", &c)
        .save();
}

/// A dictionary with every column of its two sheets, so that the dictionary itself raises no
/// warning. `sheets` rows are (sheet, role, one row per, header row or 0 to find it);
/// `columns` rows are (sheet, column, type, required, values).
pub fn full_dictionary(
    wd: &Workdir,
    sheets: &[(&'static str, &'static str, &'static str, u32)],
    columns: &[(&'static str, &'static str, &'static str, bool, &'static str)],
) {
    let mut s = vec![vec![
        C::T("Sheet"),
        C::T("Role"),
        C::T("Header row"),
        C::T("One row per"),
        C::T("Description"),
    ]];
    for (sheet, role, key, header) in sheets {
        let header = if *header == 0 {
            C::E
        } else {
            C::N(*header as f64)
        };
        s.push(vec![C::T(sheet), C::T(role), header, C::T(key), C::E]);
    }
    let mut c = vec![vec![
        C::T("Sheet"),
        C::T("Column"),
        C::T("Type"),
        C::T("Required"),
        C::T("Values"),
        C::T("Description"),
    ]];
    for (sheet, column, ty, required, values) in columns {
        c.push(vec![
            C::T(sheet),
            C::T(column),
            C::T(ty),
            C::T(if *required { "yes" } else { "no" }),
            C::T(values),
            C::E,
        ]);
    }
    wd.book("workbooks/dictionary.xlsx")
        .sheet("Sheets", &s)
        .sheet("Columns", &c)
        .save();
}
