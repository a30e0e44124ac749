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
pub mod split;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

pub use excel::Format;
pub use raw::{RawCell, RawSheet, RawWorkbook, Rect};
pub use split::Part;

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
        self.read_part(path, Part::WHOLE)
    }

    /// Reads `part` of a workbook ([`split`]; in this process, always the whole).
    fn read_part(&mut self, path: &Path, part: Part) -> Result<RawWorkbook, ReadFailure> {
        // A link to nothing, a named pipe (whose opening would wait for a writer), a device: said
        // so, and never handed to the reader.
        if let Some(problem) = crate::project::not_a_file(path) {
            return Err(ReadFailure::NotAFile(problem));
        }
        match self {
            Reader::Child(reader) => reader.read(path, part),
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

/// [`read_workbook`] of one part of the file ([`split`]), for tests.
pub fn read_workbook_part(
    path: &Path,
    isolation: &Isolation,
    limits: &ReadLimits,
    part: Part,
) -> Result<RawWorkbook, String> {
    Reader::new(isolation, limits)
        .read_part(path, part)
        .map_err(|failure| failure.to_string())
}

/// [`read_all`], with the reasons in words, for tests; xlsx files from `split_bytes` up are
/// read in two parts.
pub fn read_workbooks(
    files: &[PathBuf],
    isolation: &Isolation,
    limits: &ReadLimits,
    split_bytes: u64,
) -> Vec<Result<RawWorkbook, String>> {
    read_all_with(files, isolation, limits, split_bytes)
        .into_iter()
        .map(|r| r.map_err(|failure| failure.to_string()))
        .collect()
}

/// xlsx files at least this big are read in two halves by two reading processes at once
/// ([`split`]), when there are two cores.
pub const SPLIT_BYTES: u64 = 2 * 1024 * 1024;

/// Reads the files with as many readers as there are cores, biggest first; results keep
/// the files' order. A big xlsx file is read in two parts at once, put together when both
/// are in; when they cannot be (a part failed, or they do not match), it is read whole.
pub fn read_all(
    files: &[PathBuf],
    isolation: &Isolation,
    limits: &ReadLimits,
) -> Vec<Result<RawWorkbook, ReadFailure>> {
    read_all_with(files, isolation, limits, SPLIT_BYTES)
}

fn read_all_with(
    files: &[PathBuf],
    isolation: &Isolation,
    limits: &ReadLimits,
    split_bytes: u64,
) -> Vec<Result<RawWorkbook, ReadFailure>> {
    let cores = std::thread::available_parallelism()
        .map(std::num::NonZero::get)
        .unwrap_or(2);
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .collect();
    let halves = |i: usize| {
        let xlsx = files[i]
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"));
        cores >= 2 && xlsx && sizes[i] >= split_bytes && matches!(isolation, Isolation::Child(_))
    };
    // Biggest files first: the longest read starts at once instead of after the others.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(sizes[*i]));
    let jobs: Vec<(usize, Part)> = order
        .iter()
        .flat_map(|&i| {
            let count = if halves(i) { 2 } else { 1 };
            (0..count).map(move |index| (i, Part { index, count }))
        })
        .collect();
    let workers = cores.min(jobs.len()).max(1);
    let next = AtomicUsize::new(0);
    let progress = crate::progress::Progress::new("Reading workbooks", files.len());
    type Parts = Vec<Option<Result<RawWorkbook, ReadFailure>>>;
    let parts: Vec<Mutex<Parts>> = files.iter().map(|_| Mutex::new(Vec::new())).collect();
    let results: Vec<Mutex<Option<Result<RawWorkbook, ReadFailure>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut reader = Reader::new(isolation, limits);
                while let Some(&(i, part)) = jobs.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let path = &files[i];
                    let read = reader.read_part(path, part);
                    let result = if part.is_whole() {
                        read
                    } else {
                        // The last part in puts them together.
                        let done = {
                            let mut got = parts[i].lock().expect("no panics while holding");
                            got.resize_with(part.count as usize, || None);
                            got[part.index as usize] = Some(read);
                            got.iter()
                                .all(Option::is_some)
                                .then(|| std::mem::take(&mut *got))
                        };
                        let Some(done) = done else { continue };
                        let done: Vec<_> = done.into_iter().flatten().collect();
                        match join(done, limits) {
                            Some(joined) => joined,
                            None => reader.read(path),
                        }
                    };
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

/// The parts of a workbook put together: each sheet's cells and merged regions, in order;
/// `None` when they do not match (a part failed, or they differ in sheets or in what could
/// not be read), and the workbook is to be read whole. A part that ran out of time or memory
/// or held too many cells fails the workbook at once: read whole, it would too.
fn join(
    parts: Vec<Result<RawWorkbook, ReadFailure>>,
    limits: &ReadLimits,
) -> Option<Result<RawWorkbook, ReadFailure>> {
    // A half that ran out of time or memory, or held too many cells: the whole would too.
    for part in &parts {
        if let Err(
            failure @ (ReadFailure::TimedOut { .. }
            | ReadFailure::OutOfMemory { .. }
            | ReadFailure::TooManyCells { .. }),
        ) = part
        {
            return Some(Err(failure.clone()));
        }
    }
    let mut parts = parts.into_iter();
    let mut whole = parts.next()?.ok()?;
    for part in parts {
        let part = part.ok()?;
        if part.sheets.len() != whole.sheets.len() {
            return None;
        }
        for (sheet, half) in whole.sheets.iter_mut().zip(part.sheets) {
            if sheet.name != half.name || sheet.error != half.error {
                return None;
            }
            sheet.cells.extend(half.cells);
            sheet.merges.extend(half.merges);
            raw::sort_cells(&mut sheet.cells);
        }
    }
    let cells: u64 = whole.sheets.iter().map(|s| s.cells.len() as u64).sum();
    if cells > limits.max_cells {
        return Some(Err(ReadFailure::TooManyCells {
            limit: limits.max_cells,
        }));
    }
    Some(Ok(whole))
}
