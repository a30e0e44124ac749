//! The data as the stages hand it on: typed values and dates, the checked tables of the
//! workbooks, the report the sections produce and the per-State values they track.

pub mod dates;
pub mod provenance;
pub mod report;
pub mod table;
pub mod tracker;
pub mod value;
