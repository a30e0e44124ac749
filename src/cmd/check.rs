//! `actionplan check`: read and check every workbook, and run every section plugin as `build`
//! does, but write nothing. A section plugin can find what the workbooks' checks cannot (a
//! setting it needs missing, a Lua error on the data as it is), so `check` runs them: it
//! lists the same problems as `build` for the same project, and ends with the same status.

use std::path::Path;

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::pipeline;
use crate::text::grammar::count;

pub fn run(dir: &Path, args: &CheckArgs) -> Result<i32> {
    let mut checked = pipeline::open(dir)?;
    let report = checked.report(&args.limits.limits())?;
    let pipeline::Checked {
        dataset, problems, ..
    } = checked;
    super::print_problems(&problems, usize::MAX, "");
    let rows: usize = dataset.tables.iter().map(|t| t.len()).sum();
    eprintln!(
        "Checked {} ({}, {}) and {}: {}.",
        count(dataset.inputs.len() as i64, "workbook"),
        count(dataset.tables.len() as i64, "table"),
        count(rows as i64, "row"),
        count(report.sections.len() as i64, "section plugin"),
        problems.summary()
    );
    Ok(super::status(&problems))
}
