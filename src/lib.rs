//! actionplan turns coordinators' workbooks into an aggregate progress report.
//!
//! Data flows one way: `read` (calamine, in a limited child process) gives raw sheets;
//! `check` turns them into typed tables checked against the dictionary (`model`); `sections`
//! runs the Lua plugins over those tables and yields the report (`model::report`); `write`
//! renders the report as the consolidated workbook and the narrative documents. `pipeline`
//! strings the stages together for the commands in `cmd`.

pub mod check;
pub mod cli;
pub mod cmd;
#[doc(hidden)]
pub mod fuzzing;
pub mod model;
pub mod pipeline;
pub mod problem;
pub mod progress;
pub mod project;
pub mod read;
pub mod sections;
pub mod starter;
pub mod template;
pub mod testhook;
pub mod text;
pub mod timing;
pub mod write;
