//! actionplan turns coordinators' workbooks into an aggregate progress report.
//!
//! Data flows one way, and the folders follow it:
//!
//! ```text
//! read     workbook files → raw cells (calamine, each file in a limited child process)
//! check    raw cells → typed tables, checked against the dictionary (model::table)
//! sections typed tables → the report, one sandboxed Lua plugin per section (model::report)
//! review   the report → problems, and whether report.md, report.html and report.docx may be
//!          circulated
//! write    the report → consolidated.xlsx, report.md, report.html, report.docx
//! ```
//!
//! `pipeline` strings the stages together for the commands in `cmd`; `problem` is the
//! catalogue of everything a user can be told about, each with its `Place`; `text` holds the
//! grammar of counts and lists and the folding behind "did you mean".
//!
//! The modules are private: the command line (`main`) is the tool's interface. What the
//! benchmark, the fuzz targets and the integration tests need is exported on purpose in
//! [`testing`].

mod check;
mod cli;
mod cmd;
mod fuzzing;
mod model;
mod pipeline;
mod problem;
mod progress;
mod project;
mod read;
mod review;
mod sections;
mod starter;
mod template;
mod testhook;
mod text;
mod timing;
mod write;

pub use cli::main;

/// What the benchmark (benches/scale.rs), the fuzz targets (fuzz/) and the integration tests
/// use of the library. Not part of the tool's interface.
#[doc(hidden)]
pub mod testing {
    pub use crate::check::dictionary::{ColumnType, Role};
    pub use crate::check::{load, LoadOptions};
    pub use crate::fuzzing::{outputs, read_file, validation};
    pub use crate::model::dates::add_months;
    pub use crate::model::table::{DataTable, Dataset};
    pub use crate::model::value::Value;
    pub use crate::project::Project;
    pub use crate::read::{
        read_workbook, read_workbook_part, read_workbooks, Isolation, Part, RawSheet, RawWorkbook,
        ReadLimits,
    };
    pub use crate::text::suggest::fold;
    pub use crate::write::workbook::{BIG_SHEET_ROWS, ZIP_LEVEL};
}
