//! `actionplan check`: read and check every workbook and plugin declaration; write nothing.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use crate::grammar::count;
use crate::load::{self, LoadOptions};
use crate::project::Project;
use crate::sections;

pub fn run(dir: &Path) -> Result<i32> {
    let project = Project::open(dir)?;
    let loaded = load::load(&project, &LoadOptions::default())?;
    let mut problems = loaded.problems;
    let dataset = Arc::new(loaded.dataset);
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
