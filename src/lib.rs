//! actionplan turns coordinators' workbooks into an aggregate progress report.
//!
//! Data flows one way: `read` (calamine, in a limited child process) gives raw sheets;
//! `load` turns them into typed `table`s checked against the `dictionary`; `sections` runs the
//! Lua plugins over those tables and yields the `report` model; `write` renders the model
//! as the consolidated workbook and the narrative report.

pub mod cellref;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod dictionary;
#[doc(hidden)]
pub mod fuzzing;
pub mod grammar;
pub mod load;
pub mod problem;
pub mod progress;
pub mod project;
pub mod read;
pub mod report;
pub mod sections;
pub mod sheet;
pub mod starter;
pub mod states;
pub mod suggest;
pub mod table;
pub mod template;
pub mod testhook;
pub mod timing;
pub mod validate;
pub mod value;
pub mod write;
