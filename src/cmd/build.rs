//! `actionplan build`: workbooks → sections → out/.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::BuildArgs;
use crate::model::report::Outcome;
use crate::pipeline;
use crate::problem::terminal::visible;
use crate::project::Project;
use crate::text::grammar::count;
use crate::write::{self, Documents};

pub fn run(dir: &Path, args: &BuildArgs) -> Result<i32> {
    if args.timings {
        crate::timing::start();
    }
    let mut checked = pipeline::open(dir)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| checked.project.root.join("out"));
    crate::testhook::pause("after-read");
    // Not one workbook could be read (all damaged, or copies a sync program has not yet
    // downloaded): a report of empty sections would replace the last good one. Nothing is
    // written; every problem is shown here, since there is no Problems sheet to list them.
    let inputs = &checked.dataset.inputs;
    if !inputs.is_empty() && inputs.iter().all(|i| !i.read) {
        super::print_problems(&checked.problems, usize::MAX, "");
        let which = crate::text::grammar::any_of(inputs.len() as i64, "workbook");
        let kept = if write::OUTPUTS.iter().any(|o| out.join(o).exists()) {
            format!(
                ": {} keeps the outputs of the previous build",
                display(&checked.project, &out)
            )
        } else {
            String::new()
        };
        anyhow::bail!("could not read {which}, so nothing was written{kept}");
    }
    // Held to the end: a second build into the same folder waits for this one.
    let _lock = write::lock_output(&out)?;
    // The Data sheets need only the data: they are written on another core meanwhile.
    let data_sheets = write::start(&out, &checked.dataset)?;
    let report = checked.report(&args.limits.limits())?;
    crate::testhook::pause("after-sections");
    let pipeline::Checked {
        project,
        dataset,
        mut problems,
        documents,
        ..
    } = checked;
    let withheld: Vec<PathBuf> = match documents {
        Documents::Write => Vec::new(),
        Documents::Withhold => write::DOCUMENTS.iter().map(|d| out.join(d)).collect(),
    };
    let earlier = withheld.iter().any(|p| p.exists());
    let written = write::write_all(
        &out,
        data_sheets,
        &report,
        &dataset,
        &mut problems,
        documents,
    )?;

    super::print_problems(&problems, 60, "the Problems sheet of consolidated.xlsx");
    let failed = report
        .sections
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Failed(_)))
        .count();
    let produced = report.sections.len() - failed;
    let rows: usize = dataset.tables.iter().map(|t| t.len()).sum();
    let total = report.sections.len();
    // True and grammatical for any count: "produced 0 of 1 section" is neither.
    let sections = if failed == 0 {
        format!("produced {}", count(produced as i64, "section"))
    } else if produced == 0 {
        format!(
            "could not produce {}",
            crate::text::grammar::any_of(total as i64, "section")
        )
    } else {
        format!(
            "produced {} of {} ({} not produced)",
            crate::text::grammar::number(produced as f64),
            count(total as i64, "section"),
            crate::text::grammar::number(failed as f64)
        )
    };
    // A workbook that could not be read is not counted as read: its problems say why.
    let total_books = dataset.inputs.len();
    let read = dataset.inputs.iter().filter(|i| i.read).count();
    let books = if read == total_books {
        format!(
            "Read {} ({})",
            count(read as i64, "workbook"),
            count(rows as i64, "row")
        )
    } else {
        // Some were read (with none, the build stopped before writing anything).
        format!(
            "Read {} of {} ({}; {} could not be read)",
            crate::text::grammar::number(read as f64),
            count(total_books as i64, "workbook"),
            count(rows as i64, "row"),
            crate::text::grammar::number((total_books - read) as f64),
        )
    };
    eprintln!("{books}; {sections}.");
    let names: Vec<String> = written.iter().map(|p| display(&project, p)).collect();
    eprintln!(
        "Wrote {}.",
        visible(&crate::text::grammar::list(&names, "and"))
    );
    if !withheld.is_empty() {
        let names: Vec<String> = withheld.iter().map(|p| display(&project, p)).collect();
        let earlier = if earlier {
            "; those of an earlier build were removed, so that they are not taken for this one"
        } else {
            ""
        };
        eprintln!(
            "Did not write {}: the report names States, which this project's report may not do (see the errors above){earlier}.",
            visible(&crate::text::grammar::list(&names, "and"))
        );
    }
    eprintln!("Finished with {}.", problems.summary());
    // The process ends here: freeing a million rows value by value would only delay that.
    std::mem::forget(dataset);
    Ok(super::status(&problems))
}

fn display(project: &Project, p: &Path) -> String {
    let rel = project.relative(p);
    if rel.starts_with('/') || rel.starts_with("..") {
        p.display().to_string()
    } else {
        rel
    }
}
