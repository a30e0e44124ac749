//! `actionplan sections`: the report's sections as the plugins declare them.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use crate::model::table::Dataset;
use crate::problem::terminal::visible;
use crate::project::Project;
use crate::sections;

pub fn run(dir: &Path) -> Result<i32> {
    let project = Project::open(dir)?;
    // Declarations do not read data, so the workbooks need not be loaded.
    let dataset = Arc::new(Dataset::default());
    let mut plugins = sections::declarations(&project, &dataset, &sections::Limits::default())?;
    if plugins.is_empty() {
        eprintln!(
            "There are no section plugins in {}/.",
            visible(&project.relative(&project.plugins))
        );
        return Ok(0);
    }
    plugins.sort_by_key(|p| p.declared.as_ref().map(|d| d.number).unwrap_or(i64::MAX));
    // Titles, file and sheet names come from plugins and workbooks: shown as on any terminal
    // line, with control and invisible characters made visible (and a line break as a space,
    // one section to a line).
    let shown = |text: &str| visible(text).replace('\n', " ");
    let width = plugins
        .iter()
        .filter_map(|p| {
            p.declared
                .as_ref()
                .ok()
                .map(|d| shown(&d.title).chars().count())
        })
        .max()
        .unwrap_or(10)
        .min(40);
    let file_width = plugins
        .iter()
        .map(|p| shown(&p.file).chars().count())
        .max()
        .unwrap_or(10);
    let mut failed = 0;
    for p in &plugins {
        let file = shown(&p.file);
        match &p.declared {
            Ok(d) => {
                let mut line = format!(
                    "{:>3}  {:<width$}  {:<file_width$}",
                    d.number,
                    shown(&d.title),
                    file
                );
                if !d.reads.is_empty() {
                    line.push_str(&format!("  reads: {}", shown(&d.reads.join(", "))));
                }
                if !d.uses.is_empty() {
                    let uses: Vec<String> = d
                        .uses
                        .iter()
                        .map(std::string::ToString::to_string)
                        .collect();
                    line.push_str(&format!("  uses sections: {}", uses.join(", ")));
                }
                println!("{}", line.trim_end());
            }
            Err(f) => {
                failed += 1;
                let at = f.line.map(|l| format!(", line {l}")).unwrap_or_default();
                println!(
                    "  ?  {:<width$}  {:<file_width$}  cannot be loaded{at}: {}",
                    "",
                    file,
                    shown(&f.message)
                );
            }
        }
    }
    Ok(i32::from(failed > 0))
}
