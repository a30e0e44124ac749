//! The data as the stages hand it on: typed values and dates, the checked tables of the
//! workbooks, and the report the sections produce.

pub mod dates;
pub mod report;
pub mod table;
pub mod value;
