//! Reading workbook files into raw sheets of sparse cells.
//!
//! Files arrive by e-mail from many programs, and some are broken or hostile: a reader may
//! panic, allocate without bound or never finish. So files are normally read in child
//! processes of this same binary (`actionplan __read-workbook`) under a memory limit and a
//! deadline per file, one process per core, each reading file after file and replaced when
//! it fails ([`isolate`]); what they find comes back over a pipe in the compact form of
//! [`raw`].

pub mod excel;
pub mod isolate;
pub mod merges;
pub mod package;
pub mod raw;
pub mod sniff;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

pub use excel::Format;
pub use raw::{RawCell, RawSheet, RawWorkbook, Rect};

use crate::problem::ReadFailure;

/// Bounds on what one workbook may cost to read. The defaults are stated in the README.
#[derive(Clone, Debug)]
pub struct ReadLimits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most non-empty cells read from one workbook.
    pub max_cells: u64,
    /// Address-space limit of the reading process.
    pub memory_bytes: u64,
    /// Time allowed to read one workbook.
    pub timeout: Duration,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: 256 * 1024 * 1024,
            max_cells: 20_000_000,
            memory_bytes: 2 * 1024 * 1024 * 1024,
            timeout: Duration::from_secs(120),
        }
    }
}

/// Where reading happens.
#[derive(Clone, Debug)]
pub enum Isolation {
    /// In a limited child process started from this executable (the normal case).
    Child(PathBuf),
    /// In this process: for tests and fuzzing of the reader itself. A hostile file can crash it.
    InProcess,
}

impl Isolation {
    /// A child of the running executable.
    pub fn current_exe() -> Isolation {
        match std::env::current_exe() {
            Ok(exe) => Isolation::Child(exe),
            Err(_) => Isolation::InProcess,
        }
    }
}

/// Reads workbooks one after the other, where `isolation` says.
pub enum Reader<'a> {
    Child(Box<isolate::Reader<'a>>),
    InProcess(&'a ReadLimits),
}

impl<'a> Reader<'a> {
    pub fn new(isolation: &'a Isolation, limits: &'a ReadLimits) -> Reader<'a> {
        match isolation {
            Isolation::Child(exe) => Reader::Child(Box::new(isolate::Reader::new(exe, limits))),
            Isolation::InProcess => Reader::InProcess(limits),
        }
    }

    /// Reads one workbook; when it cannot be read, says why.
    pub fn read(&mut self, path: &Path) -> Result<RawWorkbook, ReadFailure> {
        match self {
            Reader::Child(reader) => reader.read(path),
            Reader::InProcess(limits) => excel::read_guarded(path, limits),
        }
    }
}

/// Reads one workbook; when it cannot be read, says why.
pub fn read(
    path: &Path,
    isolation: &Isolation,
    limits: &ReadLimits,
) -> Result<RawWorkbook, ReadFailure> {
    Reader::new(isolation, limits).read(path)
}

/// [`read`], with the reason in words as the user sees it after "the file"
/// ("is empty (0 bytes): …"), for tools and tests that only show it.
pub fn read_workbook(
    path: &Path,
    isolation: &Isolation,
    limits: &ReadLimits,
) -> Result<RawWorkbook, String> {
    read(path, isolation, limits).map_err(|failure| failure.to_string())
}

/// [`read_all`], with the reasons in words, for tests.
pub fn read_workbooks(
    files: &[PathBuf],
    isolation: &Isolation,
    limits: &ReadLimits,
) -> Vec<Result<RawWorkbook, String>> {
    read_all(files, isolation, limits)
        .into_iter()
        .map(|r| r.map_err(|failure| failure.to_string()))
        .collect()
}

/// Reads the files with as many readers as there are cores, biggest first; results keep
/// the files' order.
pub fn read_all(
    files: &[PathBuf],
    isolation: &Isolation,
    limits: &ReadLimits,
) -> Vec<Result<RawWorkbook, ReadFailure>> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(files.len())
        .max(1);
    // Biggest files first: the longest read starts at once instead of after the others.
    let mut order: Vec<usize> = (0..files.len()).collect();
    let size = |i: &usize| std::fs::metadata(&files[*i]).map(|m| m.len()).unwrap_or(0);
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let next = AtomicUsize::new(0);
    let progress = crate::progress::Progress::new("Reading workbooks", files.len());
    let results: Vec<Mutex<Option<Result<RawWorkbook, ReadFailure>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut reader = Reader::new(isolation, limits);
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let path = &files[i];
                    let result = reader.read(path);
                    if let Some(name) = path.file_name() {
                        progress.working_on(&name.to_string_lossy());
                    }
                    progress.step();
                    *results[i].lock().expect("no panics while holding") = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or(Err(ReadFailure::NoResult))
        })
        .collect()
}
