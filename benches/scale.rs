//! Scale benchmark: `actionplan build` against the floor, on synthetic projects shaped like
//! the default project.
//!
//!     cargo bench --bench scale                       # every shape, best of 3 runs
//!     cargo bench --bench scale -- medium sections    # some shapes
//!     cargo bench --bench scale -- --runs 5 large     # best of 5 runs
//!     cargo bench --bench scale -- --generate large   # only write target/bench/large
//!     cargo bench --bench scale -- --read DIR         # actionplan's reader against calamine
//!
//! For each shape it generates (once, cached under target/bench/<shape>/) a project whose
//! workbooks have the default project's files, sheets, title rows, merged titles, headers and
//! columns: N States, the 66 actions, Y years of per-State records (reported steps,
//! transparency reports, Form B, D and F figures, statements...) spread over the N States,
//! and a Casualties sheet of M incidents. The shapes: small (the default project), medium and
//! large (more rows), joined and split (the same 30,000 rows in the default project's 12
//! workbooks, then in one workbook per State), sections (medium's rows with 100 sections:
//! copies of sections 3 to 14 under new numbers). It then measures, in the same run on the
//! same files, alternating:
//!   (a) `actionplan build` in a child process: wall time; peak memory, both the largest
//!       single process (wait4's ru_maxrss, which covers the reading children) and the
//!       sum over the build and its reading children sampled every 5 ms; and its stages
//!       (`--timings`);
//!   (b) the floor, a fresh process of this benchmark, timed whole like the build: reading
//!       the same workbooks with calamine alone (streaming every cell of every sheet, one
//!       file after the other) and writing as many cells as the build wrote into
//!       consolidated.xlsx with rust_xlsxwriter alone (big sheets in constant-memory mode
//!       and the same zip compression level, as the build writes them).
//! It reports build ÷ floor and peak ÷ floor for each shape, the cost of each workbook more
//! (split against joined) and of each section more (sections against medium).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actionplan::testing::{
    self as check, fold, ColumnType, DataTable, Isolation, LoadOptions, Project, RawSheet,
    ReadLimits, Role, Value,
};
use calamine::{open_workbook_auto, Data, Reader};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

/// Bump when the generator changes what it writes: cached projects are then regenerated.
const GENERATOR_VERSION: u32 = 3;

struct Size {
    name: &'static str,
    /// States in the States list (0: the default project as it is).
    states: usize,
    /// Years of per-State records.
    years: usize,
    /// Rows of the Casualties sheet.
    casualties: usize,
    /// Each State's rows in a workbook of its own (one coordinator per State), instead of
    /// all States in the default project's workbooks.
    split: bool,
    /// Section plugins: the default project's 14, then copies of its sections 3 to 14 under
    /// new numbers up to this count.
    sections: usize,
}

const SIZES: [Size; 6] = [
    Size {
        name: "small",
        states: 0,
        years: 0,
        casualties: 0,
        split: false,
        sections: 14,
    },
    Size {
        name: "medium",
        states: 200,
        years: 15,
        casualties: 100_000,
        split: false,
        sections: 14,
    },
    Size {
        name: "large",
        states: 200,
        years: 40,
        casualties: 970_000,
        split: false,
        sections: 14,
    },
    // The shapes secretariats have: the same 30,000 rows in the default project's 12
    // workbooks, then in one workbook per State (207 in all); and medium's data with 100
    // sections.
    Size {
        name: "joined",
        states: 200,
        years: 15,
        casualties: 20_000,
        split: false,
        sections: 14,
    },
    Size {
        name: "split",
        states: 200,
        years: 15,
        casualties: 20_000,
        split: true,
        sections: 14,
    },
    Size {
        name: "sections",
        states: 200,
        years: 15,
        casualties: 100_000,
        split: false,
        sections: 100,
    },
];

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this file without it, and
    // must not start a benchmark that takes minutes.
    if !std::env::args().any(|a| a == "--bench") {
        println!("the scale benchmark runs with: cargo bench --bench scale");
        return;
    }
    let mut runs = 3;
    let mut generate_only = false;
    let mut floor_of: Option<(PathBuf, usize)> = None;
    let mut wanted: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(3),
            "--generate" => generate_only = true,
            // The floor, in a process of its own (see `measure_floor`).
            "--floor" => {
                let dir = PathBuf::from(args.next().expect("a project"));
                let cells = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("a cell count");
                floor_of = Some((dir, cells));
            }
            // Diagnostic: actionplan's reader in this process against calamine alone.
            "--read" => {
                let dir = PathBuf::from(args.next().expect("a project"));
                read_diagnostic(&dir);
                return;
            }
            "--bench" => {}
            other if !other.starts_with('-') => wanted.push(other.to_string()),
            _ => {}
        }
    }
    if let Some((dir, cells)) = floor_of {
        let f = floor(&dir, cells);
        println!(
            "floor {} {} {} {}",
            f.read.as_secs_f64(),
            f.write.as_secs_f64(),
            f.cells_read,
            f.cells_written
        );
        return;
    }
    let runs = runs.max(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bench_dir = root.join("target/bench");
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_actionplan"));
    let sizes: Vec<&Size> = SIZES
        .iter()
        .filter(|s| wanted.is_empty() || wanted.iter().any(|w| w == s.name))
        .collect();
    if generate_only {
        for size in sizes {
            let project = bench_dir.join(size.name);
            let rows = generate(&root, &project, size);
            println!("{}: {} rows in {}", size.name, rows, project.display());
        }
        return;
    }
    println!("machine: {}", machine());
    println!("best of {runs} runs; times in seconds, memory in MB");
    let mut results = Vec::new();
    for size in sizes {
        let project = bench_dir.join(size.name);
        // In a process of its own, like everything measured: a child inherits the peak memory
        // of the process it was started from (ru_maxrss survives fork and exec).
        let rows = generate_apart(size.name);
        // One build first, to count the cells it writes: the floor writes as many.
        let first = build(&exe, &project);
        let written = count_cells(&project.join("out/consolidated.xlsx"));
        // Best of `runs` (the least disturbed by other work on the machine), build and floor
        // alternating so that both see the same state of the machine.
        let mut best_build: Option<Build> = Some(first).filter(|_| runs == 1);
        let mut best_floor: Option<Floor> = None;
        let mut best_copy: Option<Floor> = None;
        for run in 0..runs {
            if run > 0 || best_build.is_none() {
                let b = build(&exe, &project);
                if best_build.as_ref().is_none_or(|x| b.time < x.time) {
                    best_build = Some(b);
                }
            }
            let f = measure_floor(&project, written);
            if best_floor.as_ref().is_none_or(|x| f.wall < x.wall) {
                best_floor = Some(f);
            }
            let c = measure_floor(&project, 0);
            if best_copy.as_ref().is_none_or(|x| c.wall < x.wall) {
                best_copy = Some(c);
            }
        }
        let best_floor = best_floor.expect("a run");
        if best_floor.cells_written != written {
            println!(
                "note: {}: the floor wrote {} cells, the build {}",
                size.name, best_floor.cells_written, written
            );
        }
        let workbooks = std::fs::read_dir(project.join("workbooks"))
            .map(std::iter::Iterator::count)
            .unwrap_or(0);
        results.push(Result {
            size,
            rows,
            workbooks,
            build: best_build.expect("a run"),
            floor: best_floor,
            copy: best_copy.expect("a run"),
        });
    }
    println!();
    println!(
        "Build and floor are whole processes (start and exit included); the floor's own reading"
    );
    println!("and writing inside it are in brackets. Peak memory in MB.");
    println!();
    println!(
        "| shape    | workbooks | sections |      rows | cells written | build s | floor s (read + write) | build ÷ floor | µs per row | build peak | floor peak | peak ÷ floor |"
    );
    println!(
        "|----------|----------:|---------:|----------:|--------------:|--------:|-----------------------:|--------------:|-----------:|-----------:|-----------:|-------------:|"
    );
    for r in &results {
        let (b, f) = (&r.build, &r.floor);
        let floor = f.wall.as_secs_f64();
        println!(
            "| {:<8} | {:>9} | {:>8} | {:>9} | {:>13} | {:>7.3} | {:>6.3} ({:.3} + {:.3}) | {:>13.2} | {:>10.1} | {:>10.0} | {:>10.0} | {:>12.2} |",
            r.size.name,
            r.workbooks,
            r.size.sections,
            group(r.rows as u64),
            group(f.cells_written as u64),
            b.time.as_secs_f64(),
            floor,
            f.read.as_secs_f64(),
            f.write.as_secs_f64(),
            b.time.as_secs_f64() / floor,
            b.time.as_secs_f64() * 1e6 / r.rows as f64,
            b.peak_mb(),
            f.peak_kb as f64 / 1024.0,
            b.peak_mb() / (f.peak_kb as f64 / 1024.0),
        );
    }
    let find = |name: &str| results.iter().find(|r| r.size.name == name);
    if let (Some(j), Some(s)) = (find("joined"), find("split")) {
        let extra = (s.workbooks - j.workbooks) as f64;
        println!();
        println!(
            "Per extra workbook (split - joined, {} more workbooks of the same rows): build {:.2} ms, floor {:.2} ms",
            s.workbooks - j.workbooks,
            (s.build.time.as_secs_f64() - j.build.time.as_secs_f64()) * 1e3 / extra,
            (s.floor.wall.as_secs_f64() - j.floor.wall.as_secs_f64()) * 1e3 / extra,
        );
    }
    if let (Some(m), Some(s)) = (find("medium"), find("sections")) {
        println!();
        println!(
            "{} sections against {} on the same data: {:.2}× the time, {:.2}× the peak memory ({:.1} ms and {:.2} MB per added section)",
            s.size.sections,
            m.size.sections,
            s.build.time.as_secs_f64() / m.build.time.as_secs_f64(),
            s.build.peak_mb() / m.build.peak_mb(),
            (s.build.time.as_secs_f64() - m.build.time.as_secs_f64()) * 1e3
                / (s.size.sections - m.size.sections) as f64,
            (s.build.peak_mb() - m.build.peak_mb()) / (s.size.sections - m.size.sections) as f64,
        );
    }
    println!();
    println!("The copy floor: the same reading, then writing only the cells read, as they are");
    println!(
        "(without the three source cells of each row of a Data sheet, nor Summary, Audit...):"
    );
    for r in &results {
        let copy = r.copy.wall.as_secs_f64();
        println!(
            "  {:<8} {:.3} s ({:.3} + {:.3}) for {} cells; build ÷ copy floor {:.2}",
            r.size.name,
            copy,
            r.copy.read.as_secs_f64(),
            r.copy.write.as_secs_f64(),
            group(r.copy.cells_written as u64),
            r.build.time.as_secs_f64() / copy
        );
    }
    println!();
    println!(
        "Build peak: the larger of the largest single process (the build or a reading child) and"
    );
    println!("the sum over the build and its reading children sampled every 5 ms.");
    for r in &results {
        println!(
            "  {:<8} largest process {:.0} MB, sampled sum {:.0} MB",
            r.size.name,
            r.build.max_process_kb as f64 / 1024.0,
            r.build.peak_tree_kb as f64 / 1024.0
        );
    }
    println!();
    println!("Stages of the build (--timings), seconds:");
    for r in &results {
        let mut lines: Vec<String> = Vec::new();
        let mut sections = 0.0;
        for (s, t) in &r.build.stages {
            if s.starts_with("(section ") {
                // Each section's own time, beside the others: the stage "sections" has them all.
                continue;
            }
            if s == "sections" || s.starts_with("sections: ") {
                sections += t;
                if s == "sections" {
                    lines.push(format!("sections {sections:.3}"));
                }
            } else {
                lines.push(format!("{s} {t:.3}"));
            }
        }
        println!("  {:<8} {}", r.size.name, lines.join(" | "));
    }
}

/// The project's workbooks read in this process, five times over, by actionplan's reader and
/// by calamine alone (as the floor reads), best times.
fn read_diagnostic(project: &Path) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(project.join("workbooks"))
        .expect("workbooks")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let (mut ours, mut theirs) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        let start = Instant::now();
        for f in &files {
            let _ = actionplan::testing::read_workbook(
                f,
                &Isolation::InProcess,
                &ReadLimits::default(),
            );
        }
        ours = ours.min(start.elapsed());
        let start = Instant::now();
        for f in &files {
            let mut wb = open_workbook_auto(f).expect("opens");
            for name in wb.sheet_names() {
                if let calamine::Sheets::Xlsx(x) = &mut wb {
                    let mut reader = x.worksheet_cells_reader(&name).expect("sheet");
                    while let Some(_cell) = reader.next_cell().expect("cell") {}
                }
            }
        }
        theirs = theirs.min(start.elapsed());
    }
    println!(
        "{} files: actionplan's reader {:.3} s ({:.3} ms a file), calamine alone {:.3} s ({:.3} ms a file)",
        files.len(),
        ours.as_secs_f64(),
        ours.as_secs_f64() * 1e3 / files.len() as f64,
        theirs.as_secs_f64(),
        theirs.as_secs_f64() * 1e3 / files.len() as f64
    );
}

/// One shape's figures: the best build, floor and copy floor of the runs.
struct Result<'a> {
    size: &'a Size,
    rows: usize,
    workbooks: usize,
    build: Build,
    floor: Floor,
    copy: Floor,
}

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(std::num::NonZero::get)
        .unwrap_or(1);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| format!(", {:.0} GB RAM", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| format!(", Linux {}", s.trim()))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores{memory}{kernel}")
}

struct Build {
    time: Duration,
    /// Largest resident set of the build or of any reading child (wait4), KB.
    max_process_kb: u64,
    /// Largest sum of the resident sets of the build and its children at one moment
    /// (sampled every 5 ms), KB.
    peak_tree_kb: u64,
    stages: Vec<(String, f64)>,
}

impl Build {
    /// The build's peak memory, MB.
    fn peak_mb(&self) -> f64 {
        self.max_process_kb.max(self.peak_tree_kb) as f64 / 1024.0
    }
}

/// Runs a command to its end: wall time, exit status, stdout, stderr, ru_maxrss (KB) and the
/// largest sampled sum of the resident sets of it and its children (KB).
fn run_measured(mut command: Command) -> (Duration, i32, String, String, u64, u64) {
    let start = Instant::now();
    // Waited for below with wait4, which also gives its peak memory.
    #[allow(clippy::zombie_processes)]
    let child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let stdout = drain(Box::new(child.stdout.expect("piped")));
    let stderr = drain(Box::new(child.stderr.expect("piped")));
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let kb = tree_rss_kb(pid as u32);
                peak.fetch_max(kb, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; status and usage point to live locals.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (
        time,
        code,
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
        // ru_maxrss of a waited child is the largest of it and the children it waited for.
        usage.ru_maxrss as u64,
        peak.load(Ordering::Relaxed),
    )
}

/// Generates a size's project with `--generate` in a child process; returns its rows.
fn generate_apart(size: &str) -> usize {
    let exe = std::env::current_exe().expect("this benchmark's executable");
    let out = Command::new(exe)
        .args(["--bench", "--generate", size])
        .output()
        .expect("the generator starts");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "generating {size} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{size}: ")))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the generator's row count")
}

/// Runs a build in a child process and measures it.
fn build(exe: &Path, project: &Path) -> Build {
    let mut command = Command::new(exe);
    command
        .args(["build", "--timings", "--project"])
        .arg(project);
    let (time, code, _, stderr, max_process_kb, peak_tree_kb) = run_measured(command);
    assert!(
        code == 0,
        "the build failed or found problems of severity error (the benchmark must not measure error reporting):\n{stderr}"
    );
    let stages = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .filter_map(|rest| {
            let rest = rest.strip_suffix(" s")?;
            let (stage, secs) = rest.rsplit_once(' ')?;
            Some((stage.to_string(), secs.parse().ok()?))
        })
        .collect();
    Build {
        time,
        max_process_kb,
        peak_tree_kb,
        stages,
    }
}

/// Resident memory of a process and its direct children (the reading processes), KB.
fn tree_rss_kb(pid: u32) -> u64 {
    let page_kb = 4;
    let rss = |p: u32| -> u64 {
        std::fs::read_to_string(format!("/proc/{p}/statm"))
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map(|pages| pages * page_kb)
            .unwrap_or(0)
    };
    let mut total = rss(pid);
    let children = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|s| {
            s.split_whitespace()
                .filter_map(|p| p.parse::<u32>().ok())
                .collect::<Vec<_>>()
        });
    for child in children {
        total += rss(child);
    }
    total
}

/// The cells of a workbook, every sheet (not timed: it only sets the floor's cell count).
fn count_cells(path: &Path) -> usize {
    let mut wb = open_workbook_auto(path).expect("the consolidated workbook opens");
    let mut n = 0;
    for name in wb.sheet_names() {
        if let calamine::Sheets::Xlsx(x) = &mut wb {
            let mut reader = x.worksheet_cells_reader(&name).expect("sheet");
            while let Some(cell) = reader.next_cell().expect("cell") {
                if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                    n += 1;
                }
            }
        }
    }
    n
}

struct Floor {
    /// The whole process, as for the build.
    wall: Duration,
    /// Its reading and writing, measured inside it.
    read: Duration,
    write: Duration,
    cells_read: usize,
    cells_written: usize,
    /// ru_maxrss of the floor's process, KB.
    peak_kb: u64,
}

/// The floor, measured in a fresh process of this benchmark (so that its memory neither
/// counts against the build nor stays in this process).
fn measure_floor(project: &Path, cells: usize) -> Floor {
    let exe = std::env::current_exe().expect("this benchmark's executable");
    let mut command = Command::new(exe);
    command
        .args(["--bench", "--floor"])
        .arg(project)
        .arg(cells.to_string());
    let (wall, code, stdout, stderr, peak_kb, _) = run_measured(command);
    assert!(code == 0, "the floor failed:\n{stderr}");
    let fields: Vec<&str> = stdout
        .lines()
        .find_map(|l| l.strip_prefix("floor "))
        .expect("the floor's figures")
        .split_whitespace()
        .collect();
    Floor {
        wall,
        read: Duration::from_secs_f64(fields[0].parse().expect("seconds")),
        write: Duration::from_secs_f64(fields[1].parse().expect("seconds")),
        cells_read: fields[2].parse().expect("cells"),
        cells_written: fields[3].parse().expect("cells"),
        peak_kb,
    }
}

/// The floor: calamine streaming every cell of every workbook, one file after the other; then
/// rust_xlsxwriter writing `cells` cells into one workbook: each sheet's cells with three more
/// on each row (as the build's Data sheets add the source workbook, sheet and row), and, if
/// the build wrote more (Summary, Audit, section sheets...), rows of eight texts up to the
/// same count. With `cells` 0, the copy floor: only the cells read, as they are. Big sheets
/// are written in constant-memory mode, as the build writes them.
fn floor(project: &Path, cells: usize) -> Floor {
    let copy = cells == 0;
    let start = Instant::now();
    // Each sheet: its workbook, and its cells (row, column, value).
    type Cells = Vec<(u32, u32, Data)>;
    let mut sheets: Vec<(String, Cells)> = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(project.join("workbooks"))
        .expect("workbooks")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    for path in files {
        let mut wb = open_workbook_auto(&path).expect("opens");
        let file = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .to_string();
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
            sheets.push((format!("workbooks/{file}"), cells));
        }
    }
    let read = start.elapsed();
    let cells_read: usize = sheets.iter().map(|(_, c)| c.len()).sum();

    let start = Instant::now();
    let mut out = Workbook::new();
    out.set_tempdir(project).expect("tempdir");
    // The same compression as the build's.
    out.set_zip_compression_level(actionplan::testing::ZIP_LEVEL);
    let date = Format::new().set_num_format("d mmmm yyyy");
    let mut written = 0usize;
    for (file, cells) in &sheets {
        let rows = cells.last().map(|c| c.0 as usize).unwrap_or(0);
        let ws = if rows > actionplan::testing::BIG_SHEET_ROWS {
            out.add_worksheet_with_constant_memory().expect("worksheet")
        } else {
            out.add_worksheet()
        };
        let mut last_row = None;
        for (r, c, v) in cells {
            let r = *r;
            if last_row != Some(r) && !copy {
                last_row = Some(r);
                ws.write_string(r, 0, file).expect("write");
                ws.write_string(r, 1, "Sheet").expect("write");
                ws.write_number(r, 2, r as f64 + 1.0).expect("write");
                written += 3;
            }
            let c = *c as u16 + if copy { 0 } else { 3 };
            written += 1;
            match v {
                Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                Data::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                Data::DateTime(d) => ws
                    .write_number_with_format(r, c, d.as_f64(), &date)
                    .map(|_| ()),
                _ => {
                    written -= 1;
                    Ok(())
                }
            }
            .expect("write");
        }
    }
    if written < cells {
        // As the build writes a big sheet: in constant memory.
        let ws = if (cells - written) / 8 > actionplan::testing::BIG_SHEET_ROWS {
            out.add_worksheet_with_constant_memory().expect("worksheet")
        } else {
            out.add_worksheet()
        };
        let mut r = 0;
        while written < cells {
            for c in 0..8u16 {
                if written == cells {
                    break;
                }
                ws.write_string(r, c, "Some text as long as an audit record")
                    .expect("write");
                written += 1;
            }
            r += 1;
        }
    }
    let target = project.join("floor.xlsx");
    out.save(&target).expect("save");
    // Closing the workbook (its temporary files) is part of writing, as in the build.
    drop(out);
    let write = start.elapsed();
    let _ = std::fs::remove_file(target);
    Floor {
        wall: read + write,
        read,
        write,
        cells_read,
        cells_written: written,
        peak_kb: 0,
    }
}

// ---------------------------------------------------------------------------------------
// The generator

/// Generates (or reuses) the project for one size; returns its number of data rows.
fn generate(root: &Path, dir: &Path, size: &Size) -> usize {
    let stamp = dir.join(".generated");
    let wanted = format!(
        "v{GENERATOR_VERSION} {} {} {} {} {} {}",
        size.states,
        size.years,
        size.casualties,
        size.split,
        size.sections,
        fingerprint(root)
    );
    if let Ok(text) = std::fs::read_to_string(&stamp) {
        if let Some((rows, key)) = text.split_once(' ') {
            if key == wanted {
                if let Ok(rows) = rows.parse() {
                    return rows;
                }
            }
        }
    }
    eprintln!("generating {} ...", dir.display());
    let template = Project::open(root).expect("the repository is a project");
    let options = LoadOptions {
        isolation: Isolation::InProcess,
        limits: ReadLimits::default(),
    };
    let loaded = check::load(&template, &options).expect("the default project loads");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("workbooks")).expect("mkdir");
    copy_dir(&root.join("plugins"), &dir.join("plugins"));
    copy_sections(&root.join("plugins"), &dir.join("plugins"), size.sections);

    let dataset = &loaded.dataset;
    let dict = &loaded.dictionary;
    let real: Vec<String> = dataset.states.names().to_vec();
    let mut names = real.clone();
    for i in names.len()..size.states {
        names.push(format!("Synthetic State {:03}", i + 1 - real.len()));
    }
    let index: HashMap<&str, usize> = real
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();

    // The new rows of each scaled (table, part), by workbook and sheet.
    let mut scaled: HashMap<(String, String), Vec<Vec<Value>>> = HashMap::new();
    // When split: the State (index in `names`) of each row of a scaled sheet, if it has one.
    let mut owner: HashMap<(String, String), Vec<Option<usize>>> = HashMap::new();
    let all_index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut total = 0usize;
    for table in &dataset.tables {
        let spec = dict.sheet(&table.name);
        let col_of = |name: &str| table.column_index(name);
        let state_cols: Vec<usize> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.ty, Some(ColumnType::State)))
            .map(|(i, _)| i)
            .collect();
        let key: Vec<usize> = spec
            .map(|s| s.one_row_per.iter().filter_map(|k| col_of(k)).collect())
            .unwrap_or_default();
        let by_part = rows_by_part(table);
        let mut out: Vec<Vec<Vec<Value>>> = vec![Vec::new(); table.parts.len()];
        let is_states = spec.is_some_and(|s| s.role == Role::States);
        let is_casualties = fold(&table.name) == "casualties";
        let per_state = !state_cols.is_empty()
            && (key.is_empty() || key.iter().any(|k| state_cols.contains(k)));
        if size.states == 0 || !(is_states || is_casualties || per_state) {
            total += table.len();
            continue; // written as it is
        }
        if is_states {
            let state = col_of("State").expect("a State column");
            let aliases = col_of("Aliases");
            out[0] = by_part[0].clone();
            for (i, name) in names.iter().enumerate().skip(real.len()) {
                let mut row = by_part[0][i % by_part[0].len()].clone();
                row[state] = Value::text(name);
                if let Some(a) = aliases {
                    row[a] = Value::Empty; // aliases belong to the real State only
                }
                out[0].push(row);
            }
        } else if is_casualties {
            // M incidents: the sample's rows in turn, each with its own reference, over all
            // States and, year by year backwards, over the Y years.
            let incident = col_of("Incident");
            let templates: Vec<(usize, &Vec<Value>)> = by_part
                .iter()
                .enumerate()
                .flat_map(|(p, rows)| rows.iter().map(move |r| (p, r)))
                .collect();
            for i in 0..size.casualties {
                let (part, template) = templates[i % templates.len()];
                let mut row = template.clone();
                if let Some(c) = incident {
                    row[c] = Value::text(format!("C-{:07}", i + 1));
                }
                for c in &state_cols {
                    row[*c] = Value::text(&names[i % names.len()]);
                }
                let year = (i / templates.len()) % size.years.max(1);
                shift_years(&mut row, year as i32, table, &[]);
                out[part].push(row);
            }
        } else {
            // Per-State records: the sample's rows copied onto the other States (the real
            // States' rows on the synthetic States, in turn), and again for each year back.
            let reps = names.len().div_ceil(real.len().max(1));
            let mut seen: HashSet<Vec<String>> = HashSet::new();
            for year in 0..size.years.max(1) {
                for rep in 0..reps {
                    for (p, rows) in by_part.iter().enumerate() {
                        'row: for row in rows {
                            let mut row = row.clone();
                            for (n, c) in state_cols.iter().enumerate() {
                                let Value::Text(t) = &row[*c] else { continue };
                                let Some(&i) = index.get(t.as_ref()) else {
                                    continue;
                                };
                                let mapped = rep * real.len() + i;
                                if n == 0 && mapped >= names.len() {
                                    continue 'row;
                                }
                                row[*c] = Value::text(&names[mapped % names.len()]);
                            }
                            shift_years(&mut row, year as i32, table, &key);
                            if !key.is_empty() {
                                let k: Vec<String> =
                                    key.iter().map(|c| fold(&row[*c].to_string())).collect();
                                if !seen.insert(k) {
                                    continue; // an initial report is made once
                                }
                            }
                            out[p].push(row);
                        }
                    }
                }
            }
        }
        let first_state = state_cols.first().copied();
        for (part, rows) in table.parts.iter().zip(out) {
            total += rows.len();
            let key = (part.workbook.clone(), part.sheet.clone());
            if size.split && !is_states {
                // The State of each row, to give it to that State's workbook.
                let owners = rows
                    .iter()
                    .map(|row| match first_state.map(|c| &row[c]) {
                        Some(Value::Text(t)) => all_index.get(t.as_ref()).copied(),
                        _ => None,
                    })
                    .collect();
                owner.insert(key.clone(), owners);
            }
            scaled.insert(key, rows);
        }
    }

    // Each workbook: copied when nothing in it grows, else rewritten sheet by sheet; when
    // split, the rows of each State go to that State's workbook instead.
    let date = Format::new().set_num_format("d mmm yyyy");
    // For each State, the sheets of its workbook.
    let mut coordinators: Vec<Vec<Share>> = vec![Vec::new(); names.len()];
    let mut raws: HashMap<String, actionplan::testing::RawWorkbook> = HashMap::new();
    for input in &dataset.inputs {
        let source = root.join(&input.path);
        let target = dir.join(&input.path);
        let grows = input
            .sheets
            .iter()
            .any(|s| scaled.contains_key(&(input.path.clone(), s.clone())));
        if !grows {
            std::fs::copy(&source, &target).expect("copy workbook");
            continue;
        }
        let raw = actionplan::testing::read_workbook(
            &source,
            &Isolation::InProcess,
            &ReadLimits::default(),
        )
        .expect("the default project's workbook reads");
        let mut wb = Workbook::new();
        let mut kept = 0;
        for sheet in &raw.sheets {
            let key = (input.path.clone(), sheet.name.clone());
            if let (Some(owners), Some(rows)) = (owner.get(&key), scaled.get(&key)) {
                let mut stays = Vec::new();
                for (i, o) in owners.iter().enumerate() {
                    match o {
                        Some(s) => {
                            let sheets = &mut coordinators[*s];
                            if sheets
                                .last()
                                .is_none_or(|(w, n, _)| (w, n) != (&key.0, &key.1))
                            {
                                sheets.push((key.0.clone(), key.1.clone(), Vec::new()));
                            }
                            sheets.last_mut().expect("pushed").2.push(i);
                        }
                        None => stays.push(i),
                    }
                }
                if !stays.is_empty() {
                    let ws = wb.add_worksheet();
                    ws.set_name(&sheet.name).expect("sheet name");
                    write_scaled(
                        ws,
                        dataset,
                        &input.path,
                        sheet,
                        stays.iter().map(|i| &rows[*i]),
                        &date,
                    );
                    kept += 1;
                }
                continue;
            }
            let ws = wb.add_worksheet();
            ws.set_name(&sheet.name).expect("sheet name");
            kept += 1;
            let Some(rows) = scaled.get(&key) else {
                write_raw(ws, sheet, u32::MAX, &date);
                continue;
            };
            write_scaled(ws, dataset, &input.path, sheet, rows.iter(), &date);
        }
        if kept > 0 {
            wb.save(&target).expect("save");
        }
        raws.insert(input.path.clone(), raw);
    }
    for (s, sheets) in coordinators.iter().enumerate() {
        if sheets.is_empty() {
            continue;
        }
        // A table's sheets of the same name in several workbooks make one sheet here, laid
        // out as the first of them.
        let mut by_name: Vec<(&str, Vec<&Share>)> = Vec::new();
        for entry in sheets {
            match by_name.iter_mut().find(|(n, _)| *n == entry.1) {
                Some((_, list)) => list.push(entry),
                None => by_name.push((&entry.1, vec![entry])),
            }
        }
        let mut wb = Workbook::new();
        for (name, entries) in by_name {
            let workbook = &entries[0].0;
            let sheet = raws[workbook]
                .sheets
                .iter()
                .find(|sh| sh.name == name)
                .expect("the sheet");
            let rows = entries.iter().flat_map(|(w, n, rows)| {
                let all = &scaled[&(w.clone(), n.clone())];
                rows.iter().map(move |i| &all[*i])
            });
            let ws = wb.add_worksheet();
            ws.set_name(name).expect("sheet name");
            write_scaled(ws, dataset, workbook, sheet, rows, &date);
        }
        wb.save(dir.join(format!("workbooks/coordinator_{:03}.xlsx", s + 1)))
            .expect("save");
    }
    std::fs::write(&stamp, format!("{total} {wanted}")).expect("stamp");
    total
}

/// A State's share of a scaled sheet: its workbook, its sheet and the rows that are the
/// State's.
type Share = (String, String, Vec<usize>);

/// A scaled sheet: its title, blank rows and header as they are, then `rows` from its first
/// data row.
fn write_scaled<'a>(
    ws: &mut Worksheet,
    dataset: &actionplan::testing::Dataset,
    workbook: &str,
    sheet: &RawSheet,
    rows: impl Iterator<Item = &'a Vec<Value>>,
    date: &Format,
) {
    let (table, part) = dataset
        .tables
        .iter()
        .find_map(|t| {
            t.parts
                .iter()
                .position(|p| p.workbook == workbook && p.sheet == sheet.name)
                .map(|p| (t, p))
        })
        .expect("the table of a scaled sheet");
    let first = (0..table.len())
        .find(|r| table.sources[*r].part as usize == part)
        .map(|r| table.sources[r].row - 1)
        .expect("a data row");
    write_raw(ws, sheet, first, date);
    let cols = &table.parts[part].cols;
    for (i, row) in rows.enumerate() {
        for (c, v) in row.iter().enumerate() {
            if let Some(col) = cols[c] {
                write_value(ws, first + i as u32, col as u16, v, date);
            }
        }
    }
}

/// Adds copies of the default project's sections 3 to 14, numbered from 15, until there are
/// `sections` plugins (section 2 uses 3 to 13; the copies use none).
fn copy_sections(from: &Path, to: &Path, sections: usize) {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(from)
        .expect("plugins")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "lua"))
        .collect();
    sources.sort();
    let sources: Vec<PathBuf> = sources.into_iter().skip(2).collect();
    for number in 15..=sections {
        let source = &sources[(number - 15) % sources.len()];
        let text = std::fs::read_to_string(source).expect("a plugin");
        let mut out = String::new();
        let (mut numbered, mut titled) = (false, false);
        for line in text.lines() {
            let t = line.trim_start();
            if !numbered && t.starts_with("number = ") {
                out.push_str(&format!("  number = {number},"));
                numbered = true;
            } else if !titled && t.starts_with("title = \"") {
                let title = t.trim_end_matches(',').trim_end_matches('"');
                out.push_str(&format!("  {title} (copy {number})\","));
                titled = true;
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        assert!(numbered && titled, "{}", source.display());
        let name = source.file_name().expect("a name").to_string_lossy();
        std::fs::write(to.join(format!("{number}_copy_of_{name}")), out).expect("write");
    }
}

/// The original rows of a table, by part.
fn rows_by_part(table: &DataTable) -> Vec<Vec<Vec<Value>>> {
    let mut out = vec![Vec::new(); table.parts.len()];
    for r in 0..table.len() {
        out[table.sources[r].part as usize].push(table.row(r).to_vec());
    }
    out
}

/// Moves a row `years` years back: its dates, its Year column and the years written in the
/// text of its key ("calendar year 2010").
fn shift_years(row: &mut [Value], years: i32, table: &DataTable, key: &[usize]) {
    if years == 0 {
        return;
    }
    for (c, v) in row.iter_mut().enumerate() {
        match v {
            Value::Date(d) => *d = actionplan::testing::add_months(*d, -12 * years),
            Value::Number(n) if fold(&table.columns[c].name) == "year" => *n -= years as f64,
            Value::Text(t) if key.contains(&c) => {
                let shifted = shift_text_years(t, years);
                *v = Value::text(shifted);
            }
            _ => {}
        }
    }
}

fn shift_text_years(t: &str, years: i32) -> String {
    let bytes = t.as_bytes();
    let mut out = String::with_capacity(t.len());
    let mut i = 0;
    while i < bytes.len() {
        let is_year = i + 4 <= bytes.len()
            && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && (i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit());
        if is_year {
            let y: i32 = t[i..i + 4].parse().expect("digits");
            if (1990..2100).contains(&y) {
                out.push_str(&(y - years).to_string());
                i += 4;
                continue;
            }
        }
        let ch = t[i..].chars().next().expect("a char");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Writes a raw sheet's cells above `before` (a 0-based row), with its merged cells there.
fn write_raw(ws: &mut Worksheet, sheet: &RawSheet, before: u32, date: &Format) {
    let merges: Vec<_> = sheet
        .merges
        .iter()
        .filter(|m| m.last_row < before)
        .collect();
    for cell in sheet.cells.iter().filter(|c| c.row < before) {
        if let Some(m) = merges
            .iter()
            .find(|m| m.first_row == cell.row && m.first_col == cell.col)
        {
            ws.merge_range(
                m.first_row,
                m.first_col as u16,
                m.last_row,
                m.last_col as u16,
                &cell.value.to_string(),
                &Format::new().set_bold(),
            )
            .expect("merge");
            continue;
        }
        write_value(ws, cell.row, cell.col as u16, &cell.value, date);
    }
}

fn write_value(ws: &mut Worksheet, r: u32, c: u16, v: &Value, date: &Format) {
    match v {
        Value::Text(t) => {
            ws.write_string(r, c, t.as_ref()).expect("write");
        }
        Value::Number(n) => {
            ws.write_number(r, c, *n).expect("write");
        }
        Value::Bool(b) => {
            ws.write_boolean(r, c, *b).expect("write");
        }
        Value::Date(d) => {
            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                .expect("date");
            ws.write_datetime_with_format(r, c, &x, date)
                .expect("write");
        }
        Value::Empty | Value::Error(_) => {}
    }
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
