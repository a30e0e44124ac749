//! Writing `out/`: the consolidated workbook and the narrative report in Markdown and HTML.
//!
//! The narrative is walked once (`narrative`), and each format consumes the walk: `markdown`,
//! `html`, and the section sheets of the consolidated workbook (`workbook`). What every
//! workbook actionplan writes shares, formats and sheet-name rules, is in `excel`.
//!
//! Every file is first written in full under a temporary name in `out/`, and only when all of
//! them are complete are they renamed into place, so `out/` never holds a half-written file
//! and a failed build leaves the previous outputs as they were.

mod atomic;
pub mod excel;
pub mod html;
pub mod markdown;
pub mod narrative;
pub mod workbook;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

pub use atomic::{clean_stale_temporaries, Staged};

use crate::model::report::Report;
use crate::model::table::Dataset;
use crate::problem::Problems;

pub const WORKBOOK: &str = "consolidated.xlsx";
pub const MARKDOWN: &str = "report.md";
pub const HTML: &str = "report.html";

/// Creates the output folder (removing temporaries that an interrupted build left there)
/// and starts writing the Data sheets of the consolidated workbook, which need only the
/// loaded data: they are written while the sections run.
pub fn start(out_dir: &Path, dataset: &Arc<Dataset>) -> Result<workbook::DataSheets> {
    std::fs::create_dir_all(out_dir)
        .map_err(|e| atomic::explain(e, out_dir))
        .with_context(|| format!("cannot create the output folder {}", atomic::shown(out_dir)))?;
    clean_stale_temporaries(out_dir);
    for name in [WORKBOOK, MARKDOWN, HTML] {
        let target = out_dir.join(name);
        if let Some(lock) = atomic::lock_file_of(&target) {
            anyhow::bail!(
                "{} is open in another program (its lock file {} is present), so it cannot be replaced; \
                 close it and build again (if it is not open anywhere, delete the lock file)",
                atomic::shown(&target),
                lock.file_name().unwrap_or_default().to_string_lossy()
            );
        }
    }
    // The Data sheets' temporary files go into the folder: a folder that cannot be written is
    // said so in words here, before rust_xlsxwriter fails on it with a message that names nothing.
    let probe = out_dir.join(format!(".actionplan-{}-probe.tmp", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(|e| atomic::explain(e, out_dir).context(format!("cannot write {WORKBOOK}")))?;
    let _ = std::fs::remove_file(&probe);
    workbook::DataSheets::start(out_dir, dataset.clone())
}

/// Writes the three outputs into `out_dir` (the folder that [`start`] prepared and where it
/// writes the Data sheets); returns their paths.
pub fn write_all(
    out_dir: &Path,
    data: workbook::DataSheets,
    report: &Report,
    dataset: &Dataset,
    problems: &Problems,
) -> Result<Vec<PathBuf>> {
    let mut staged = Vec::new();
    // The documents are rendered on another core while the workbook is written and saved.
    let result = std::thread::scope(|scope| -> Result<()> {
        let documents = std::thread::Builder::new()
            .name("documents".into())
            .spawn_scoped(scope, || {
                (
                    markdown::render(report, dataset),
                    html::render(report, dataset),
                )
            })
            .context("cannot start writing the documents")?;
        staged.push(Staged::write_with(out_dir, WORKBOOK, |file| {
            workbook::write(file, data, report, dataset, problems)
        })?);
        let (markdown, html) = documents
            .join()
            .map_err(|_| anyhow::anyhow!("rendering the documents stopped unexpectedly"))?;
        staged.push(Staged::write_with(out_dir, MARKDOWN, |file| {
            use std::io::Write;
            file.write_all(markdown.as_bytes())?;
            Ok(())
        })?);
        staged.push(Staged::write_with(out_dir, HTML, |file| {
            use std::io::Write;
            file.write_all(html.as_bytes())?;
            Ok(())
        })?);
        crate::timing::lap("writing report.md and report.html");
        Ok(())
    });
    if let Err(e) = result {
        for s in staged {
            s.discard();
        }
        return Err(e);
    }
    crate::testhook::pause("before-commit");
    let mut written = Vec::new();
    for s in staged {
        written.push(s.commit()?);
    }
    Ok(written)
}
