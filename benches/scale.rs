//! Scale benchmark: `actionplan build` against the floor, on synthetic projects shaped like
//! the default project.
//!
//!     cargo bench --bench scale                 # small, medium and large
//!     cargo bench --bench scale -- medium       # one size
//!     cargo bench --bench scale -- --runs 5 large
//!
//! For each size it generates (once, cached under target/bench/) a project whose workbooks
//! have the default project's sheets and columns: N States, the 66 actions, Y years of
//! reported steps and a casualty sheet of M rows. It then measures, in the same run on the
//! same files:
//!   (a) `actionplan build` (wall time, peak memory of the process and its reading children),
//!       and its stages (`--timings`);
//!   (b) the floor: reading the same workbooks with calamine alone, and writing the same
//!       number of cells with rust_xlsxwriter alone.
//! It reports build ÷ floor and the share of the Lua sections in the floor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use actionplan::dictionary::{ColumnType, Role};
use actionplan::load::{self, LoadOptions};
use actionplan::project::Project;
use actionplan::read::{Isolation, ReadLimits};
use actionplan::table::Table;
use actionplan::value::Value;
use calamine::{open_workbook_auto, Data, Reader};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

struct Size {
    name: &'static str,
    states: usize,
    years: usize,
    casualties: usize,
}

const SIZES: [Size; 3] = [
    Size { name: "small", states: 0, years: 1, casualties: 0 },
    Size { name: "medium", states: 200, years: 15, casualties: 100_000 },
    Size { name: "large", states: 200, years: 40, casualties: 800_000 },
];

fn main() {
    let mut runs = 3;
    let mut wanted: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(3),
            "--bench" => {}
            other if !other.starts_with('-') => wanted.push(other.to_string()),
            _ => {}
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bench_dir = root.join("target/bench");
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_actionplan"));
    println!("machine: {}", machine());
    println!(
        "{:<7} {:>9} {:>10} {:>9} {:>9} {:>9} {:>7} {:>9} {:>9} {:>10}",
        "size", "rows", "build s", "read s", "write s", "floor s", "ratio", "lua s", "lua/flr", "peak MB"
    );
    for size in SIZES.iter().filter(|s| wanted.is_empty() || wanted.iter().any(|w| w == s.name)) {
        let project = bench_dir.join(size.name);
        let rows = generate(&root, &project, size);
        // The build: best of `runs` (the least disturbed by other work on the machine).
        let mut best: Option<(Duration, u64, Timings)> = None;
        for _ in 0..runs {
            let (time, peak, timings) = build(&exe, &project);
            if best.as_ref().is_none_or(|(t, _, _)| time < *t) {
                best = Some((time, peak, timings));
            }
        }
        let (build_time, peak, timings) = best.expect("at least one run");
        let mut floor_best: Option<(Duration, Duration)> = None;
        for _ in 0..runs {
            let f = floor(&project);
            if floor_best.is_none_or(|(r, w)| f.0 + f.1 < r + w) {
                floor_best = Some(f);
            }
        }
        let (read, write) = floor_best.expect("at least one run");
        let floor = read + write;
        println!(
            "{:<7} {:>9} {:>10.3} {:>9.3} {:>9.3} {:>9.3} {:>7.2} {:>9.3} {:>8.1}% {:>10.0}",
            size.name,
            rows,
            build_time.as_secs_f64(),
            read.as_secs_f64(),
            write.as_secs_f64(),
            floor.as_secs_f64(),
            build_time.as_secs_f64() / floor.as_secs_f64(),
            timings.sections,
            100.0 * timings.sections / floor.as_secs_f64(),
            peak as f64 / 1024.0,
        );
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    format!("{cpu}, {cores} cores")
}

#[derive(Default)]
struct Timings {
    sections: f64,
}

/// Runs a build; returns wall time, peak resident memory in KB (the build or any reading
/// child, whichever is larger) and the stage timings it printed.
fn build(exe: &Path, project: &Path) -> (Duration, u64, Timings) {
    let start = Instant::now();
    let child = Command::new(exe)
        .args(["build", "--timings", "--project"])
        .arg(project)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("actionplan starts");
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; status and usage point to live locals.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    let stderr = reader.join().unwrap_or_default();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1, "build failed:\n{stderr}");
    let mut timings = Timings::default();
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix("timing: sections ") {
            timings.sections = rest.trim_end_matches(" s").parse().unwrap_or(0.0);
        }
    }
    // ru_maxrss of a waited child covers it and the children it waited for.
    (elapsed, usage.ru_maxrss as u64, timings)
}

/// The floor: calamine reading every cell of every workbook, and rust_xlsxwriter writing the
/// same number of cells.
fn floor(project: &Path) -> (Duration, Duration) {
    let start = Instant::now();
    let mut sheets: Vec<Vec<(u32, u32, Data)>> = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(project.join("workbooks"))
        .expect("workbooks")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for path in files {
        let mut wb = open_workbook_auto(&path).expect("opens");
        for name in wb.sheet_names() {
            let mut cells = Vec::new();
            match &mut wb {
                calamine::Sheets::Xlsx(x) => {
                    let mut reader = x.worksheet_cells_reader(&name).expect("sheet");
                    while let Some(cell) = reader.next_cell().expect("cell") {
                        let (r, c) = cell.get_position();
                        cells.push((r, c, Data::from(cell.get_value().clone())));
                    }
                }
                other => {
                    let range = other.worksheet_range(&name).expect("sheet");
                    for (r, c, v) in range.used_cells() {
                        cells.push((r as u32, c as u32, v.clone()));
                    }
                }
            }
            sheets.push(cells);
        }
    }
    let read = start.elapsed();
    let start = Instant::now();
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("d mmmm yyyy");
    for cells in &sheets {
        let ws = out.add_worksheet();
        for (r, c, v) in cells {
            let (r, c) = (*r, *c as u16);
            match v {
                Data::Float(f) => {
                    ws.write_number(r, c, *f).expect("write");
                }
                Data::Int(i) => {
                    ws.write_number(r, c, *i as f64).expect("write");
                }
                Data::String(s) => {
                    ws.write_string(r, c, s).expect("write");
                }
                Data::Bool(b) => {
                    ws.write_boolean(r, c, *b).expect("write");
                }
                Data::DateTime(d) => {
                    ws.write_number_with_format(r, c, d.as_f64(), &date).expect("write");
                }
                _ => {}
            }
        }
    }
    let target = project.join("floor.xlsx");
    out.save(&target).expect("save");
    let write = start.elapsed();
    let _ = std::fs::remove_file(target);
    (read, write)
}

/// Generates (or reuses) the project for one size; returns its number of data rows.
fn generate(root: &Path, dir: &Path, size: &Size) -> usize {
    let stamp = dir.join(".generated");
    let template = Project::open(root).expect("the repository is a project");
    let options = LoadOptions { isolation: Isolation::InProcess, limits: ReadLimits::default() };
    let loaded = load::load(&template, &options).expect("the default project loads");
    let wanted = format!("{} {} {} {}", size.states, size.years, size.casualties, fingerprint(root));
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return count_rows(dir);
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("workbooks")).expect("mkdir");
    copy_dir(&root.join("plugins"), &dir.join("plugins"));
    std::fs::copy(root.join("workbooks/dictionary.xlsx"), dir.join("workbooks/dictionary.xlsx")).expect("copy dictionary");

    let dataset = &loaded.dataset;
    let dict = &loaded.dictionary;
    let states_table = dataset
        .tables
        .iter()
        .find(|t| dict.sheet(&t.name).is_some_and(|s| s.role == Role::States))
        .expect("a States list");
    // The real States first, then synthetic ones.
    let mut names: Vec<String> = dataset.states.names().to_vec();
    let extra = size.states.saturating_sub(names.len());
    for i in 0..extra {
        names.push(format!("Synthetic State {:03}", i + 1));
    }

    // Rows of each output workbook's sheets.
    let mut books: HashMap<String, Vec<(String, Vec<String>, Vec<Vec<Value>>)>> = HashMap::new();
    for table in &dataset.tables {
        let spec = dict.sheet(&table.name);
        let state_cols: Vec<usize> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.ty, Some(ColumnType::State)))
            .map(|(i, _)| i)
            .collect();
        let keyed = spec.is_some_and(|s| !s.one_row_per.is_empty());
        let headers: Vec<String> = table.column_names().map(str::to_string).collect();
        let mut rows: Vec<Vec<Value>> = Vec::new();
        let original: Vec<Vec<Value>> = (0..table.len()).map(|r| table.row(r).to_vec()).collect();
        if std::sync::Arc::ptr_eq(table, states_table) {
            rows.extend(original.iter().cloned());
            let state_col = table.column_index("State").expect("State column");
            for i in 0..extra {
                let mut row = original[i % original.len()].clone();
                row[state_col] = Value::text(&names[dataset.states.len() + i]);
                for v in row.iter_mut() {
                    if let Value::Text(t) = v {
                        if t.contains(';') {
                            *v = Value::Empty; // aliases belong to the real State only
                        }
                    }
                }
                rows.push(row);
            }
        } else if fold(&table.name) == "casualties" && size.casualties > 0 {
            for i in 0..size.casualties {
                let mut row = original[i % original.len()].clone();
                for c in &state_cols {
                    row[*c] = Value::text(&names[i % names.len()]);
                }
                shift_years(&mut row, -((i / original.len()) as i32 % size.years.max(1) as i32));
                rows.push(row);
            }
        } else if state_cols.is_empty() || keyed || size.states == 0 {
            rows = original.clone();
        } else {
            // Per-State records: spread over all States, repeated for each year back.
            let reps = (names.len() / dataset.states.len().max(1)).max(1);
            for year in 0..size.years {
                for rep in 0..reps {
                    for (i, row) in original.iter().enumerate() {
                        let mut row = row.clone();
                        for c in &state_cols {
                            if let Value::Text(t) = &row[*c] {
                                let idx = dataset.states.names().iter().position(|n| n.as_str() == t.as_ref()).unwrap_or(i);
                                row[*c] = Value::text(&names[(rep * dataset.states.len() + idx) % names.len()]);
                            }
                        }
                        shift_years(&mut row, -(year as i32));
                        rows.push(row);
                    }
                }
            }
        }
        for part in &table.parts {
            let file = part.workbook.rsplit('/').next().unwrap_or("data.xlsx").to_string();
            let share: Vec<Vec<Value>> = if table.parts.len() == 1 {
                std::mem::take(&mut rows)
            } else {
                // Each part keeps its proportion of the rows.
                let n = table.parts.len();
                let k = table.parts.iter().position(|p| p == part).unwrap_or(0);
                rows.iter().enumerate().filter(|(i, _)| i % n == k).map(|(_, r)| r.clone()).collect()
            };
            books.entry(file).or_default().push((part.sheet.clone(), headers.clone(), share));
        }
    }
    let mut total = 0;
    for (file, sheets) in books {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("d mmm yyyy");
        for (name, headers, rows) in sheets {
            total += rows.len();
            let ws = wb.add_worksheet();
            ws.set_name(&name).expect("sheet name");
            for (c, h) in headers.iter().enumerate() {
                ws.write_string(0, c as u16, h).expect("write");
            }
            for (r, row) in rows.iter().enumerate() {
                let r = r as u32 + 1;
                for (c, v) in row.iter().enumerate() {
                    let c = c as u16;
                    match v {
                        Value::Text(t) => {
                            ws.write_string(r, c, t.as_ref()).expect("write");
                        }
                        Value::Number(n) => {
                            ws.write_number(r, c, *n).expect("write");
                        }
                        Value::Bool(b) => {
                            ws.write_string(r, c, if *b { "yes" } else { "no" }).expect("write");
                        }
                        Value::Date(d) => {
                            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).expect("date");
                            ws.write_datetime_with_format(r, c, &x, &date).expect("write");
                        }
                        _ => {}
                    }
                }
            }
        }
        wb.save(dir.join("workbooks").join(&file)).expect("save");
    }
    std::fs::write(&stamp, wanted).expect("stamp");
    total
}

fn shift_years(row: &mut [Value], years: i32) {
    if years == 0 {
        return;
    }
    for v in row.iter_mut() {
        if let Value::Date(d) = v {
            *d = actionplan::dates::add_months(*d, years * 12);
        }
    }
}

fn fold(s: &str) -> String {
    actionplan::suggest::fold(s)
}

fn count_rows(dir: &Path) -> usize {
    let project = Project::open(dir).expect("generated project");
    let options = LoadOptions { isolation: Isolation::InProcess, limits: ReadLimits::default() };
    let loaded = load::load(&project, &options).expect("loads");
    loaded.dataset.tables.iter().map(|t: &std::sync::Arc<Table>| t.len()).sum()
}

/// Changes when the default project's workbooks or plugins change.
fn fingerprint(root: &Path) -> String {
    let mut parts = Vec::new();
    for sub in ["workbooks", "plugins", "plugins/lib"] {
        if let Ok(entries) = std::fs::read_dir(root.join(sub)) {
            for e in entries.flatten() {
                if let Ok(m) = e.metadata() {
                    if m.is_file() {
                        parts.push(format!("{}:{}", e.file_name().to_string_lossy(), m.len()));
                    }
                }
            }
        }
    }
    parts.sort();
    parts.join(",")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}
