//! Reading workbook files into raw sheets of sparse cells.
//!
//! Files arrive by e-mail from many programs, and some are broken or hostile: a reader may
//! panic, allocate without bound or never finish. So each file is normally read in a child
//! process of this same binary (`actionplan __read-workbook`) under a memory limit and a
//! deadline; what it finds comes back over a pipe in the compact form of [`raw`].

pub mod excel;
pub mod isolate;
pub mod merges;
pub mod raw;
pub mod sniff;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use raw::{RawCell, RawSheet, RawWorkbook, Rect};

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

/// Reads one workbook. The error is a sentence for a spreadsheet user, without the file name
/// (the caller puts that in the problem's location).
pub fn read_workbook(
    path: &Path,
    isolation: &Isolation,
    limits: &ReadLimits,
) -> Result<RawWorkbook, String> {
    match isolation {
        Isolation::Child(exe) => isolate::read_in_child(exe, path, limits),
        Isolation::InProcess => excel::read_guarded(path, limits),
    }
}
