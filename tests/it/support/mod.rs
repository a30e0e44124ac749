//! What the tests share:
//!
//! - [`Workdir`]: a scratch project folder under target/, the built `actionplan` run in it
//!   (with a deadline, so that a hang fails the test instead of stopping the suite; also on a
//!   pseudo-terminal), and its outputs read back with calamine;
//! - `Workdir::book` and [`C`]: workbooks written with rust_xlsxwriter, and [`dictionary`];
//! - [`SmallProject`]: the small project of a States list and one section that many tests
//!   start from, and [`Workdir::default_project`], a copy of the repository's own project;
//! - the corpus of real-world files in tests/corpus/ ([`corpus`]);
//! - the package XML of an xlsx file ([`xlsx`]), for what calamine does not read;
//! - a workbook edited as a coordinator would in Excel ([`edit`]).

mod book;
pub mod edit;
mod project;
mod run;
mod workdir;
pub mod xlsx;

use std::path::{Path, PathBuf};

pub use book::{dictionary, dictionary_with_workbooks, put, C};
pub use project::{small_project, states, SmallProject};
pub use run::{sh, wait_within, Run};
pub use workdir::{real_date, sheet_text, text, Workdir};

/// The repository: its docs/, workbooks/ and plugins/ are inputs of some tests.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the corpus, tests/corpus/xlsx/ (described in tests/corpus/MANIFEST.tsv).
pub fn corpus(file: &str) -> PathBuf {
    repo().join("tests/corpus/xlsx").join(file)
}
