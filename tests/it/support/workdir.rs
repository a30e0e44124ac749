//! A scratch project folder (`Workdir`) in which tests write workbooks and plugins, and from
//! which they read the outputs back with calamine. Running the binary is in run.rs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::Workbook;

use super::book::Book;

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh project folder under target/, with empty workbooks/ and plugins/lib/; removed when
/// the test passes, kept for a look when it fails.
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

    /// A copy of the repository's own project (its workbooks/ and plugins/).
    pub fn default_project(name: &str) -> Workdir {
        let wd = Workdir::new(name);
        copy_dir(&super::repo().join("workbooks"), &wd.path("workbooks"));
        copy_dir(&super::repo().join("plugins"), &wd.path("plugins"));
        wd
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

    /// Copies a file (of the corpus, say) into the project at `rel`.
    pub fn copy(&self, from: &Path, rel: &str) {
        let to = self.path(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }

    /// Starts a workbook to be saved at `rel` (e.g. "workbooks/states.xlsx").
    pub fn book(&self, rel: &str) -> Book {
        Book {
            path: self.path(rel),
            workbook: Workbook::new(),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Every row of a sheet of an output workbook, as calamine reads it.
    pub fn sheet(&self, rel: &str, sheet: &str) -> Vec<Vec<Data>> {
        let mut wb = open_workbook_auto(self.path(rel)).expect("output workbook opens");
        let range = wb
            .worksheet_range(sheet)
            .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
        range.rows().map(<[calamine::Data]>::to_vec).collect()
    }

    /// Rows of a sheet as displayed strings (dates as yyyy-mm-dd), trailing empty cells dropped.
    pub fn sheet_text(&self, rel: &str, sheet: &str) -> Vec<Vec<String>> {
        sheet_text(&self.path(rel), sheet)
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

    /// Every file under `rel` (a folder of the project; "" for all of it), by path relative to
    /// it, with its bytes; an absent folder has none.
    pub fn files(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries {
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

    /// The names of the files under `rel`, as `files` gives them.
    pub fn file_names(&self, rel: &str) -> Vec<String> {
        self.files(rel).into_keys().collect()
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Rows of a sheet of any workbook as displayed strings, trailing empty cells dropped.
pub fn sheet_text(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path)
        .unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()));
    let range = wb
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    range
        .rows()
        .map(|row| {
            let mut cells: Vec<String> = row.iter().map(text).collect();
            while cells.last().is_some_and(std::string::String::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect()
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
