//! `actionplan check`: read and check every workbook and plugin declaration; write nothing.

use std::path::Path;

use anyhow::Result;

use crate::pipeline;
use crate::sections;
use crate::text::grammar::count;

pub fn run(dir: &Path) -> Result<i32> {
    let pipeline::Checked {
        project,
        dataset,
        mut problems,
        ..
    } = pipeline::open(dir)?;
    let plugins = sections::declarations(&project, &dataset, &sections::Limits::default())?;
    problems.extend(sections::check_declarations(&plugins, &dataset));
    super::print_problems(&problems, usize::MAX, "");
    let rows: usize = dataset.tables.iter().map(|t| t.len()).sum();
    eprintln!(
        "Checked {} ({}, {}) and {}: {}.",
        count(dataset.inputs.len() as i64, "workbook"),
        count(dataset.tables.len() as i64, "table"),
        count(rows as i64, "row"),
        count(plugins.len() as i64, "section plugin"),
        problems.summary()
    );
    Ok(super::status(&problems))
}
