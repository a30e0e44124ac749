//! Writing `out/`: the consolidated workbook and the narrative report in Markdown, HTML and
//! Word.
//!
//! The report is first made ready for every output (`prepare`: what no output can hold is
//! mended, with a warning); then the narrative is walked once (`narrative`), and each format
//! consumes the walk: `markdown`, `html`, `docx`, and the section sheets of the consolidated
//! workbook (`workbook`). Charts are drawn once as a picture (`chart`), which the HTML shows
//! as SVG and the Word document as PNG. What every workbook actionplan writes shares,
//! formats and sheet-name rules, is in `excel`; what one sheet holds is in `limits`.
//!
//! Every file is first written in full under a temporary name in `out/`, and only when all of
//! them are complete are they renamed into place, so `out/` never holds a half-written file
//! and a failed build leaves the previous outputs as they were.

mod atomic;
pub mod chart;
pub mod clean;
pub mod docx;
pub mod excel;
pub mod html;
pub mod limits;
pub mod markdown;
pub mod narrative;
pub mod prepare;
pub mod workbook;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

pub use atomic::{clean_stale_temporaries, lock_output, Staged};

use crate::model::report::Report;
use crate::model::table::Dataset;
use crate::problem::Problems;

pub const WORKBOOK: &str = "consolidated.xlsx";
pub const MARKDOWN: &str = "report.md";
pub const HTML: &str = "report.html";
pub const DOCX: &str = "report.docx";
/// The documents meant for circulation, which a review of the report can withhold; the
/// workbook is not among them.
pub const DOCUMENTS: [&str; 3] = [MARKDOWN, HTML, DOCX];
/// Every output a build writes.
pub const OUTPUTS: [&str; 4] = [WORKBOOK, MARKDOWN, HTML, DOCX];

/// Whether a build writes the documents ([`DOCUMENTS`]), as the review of the report
/// (src/review) decides. The workbook is written either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Documents {
    Write,
    /// Not written, and the previous build's removed, so that they are not taken for this
    /// build's.
    Withhold,
}

/// Creates the output folder (removing temporaries that an interrupted build left there)
/// and starts writing the Data sheets of the consolidated workbook, which need only the
/// loaded data: they are written while the sections run.
pub fn start(out_dir: &Path, dataset: &Arc<Dataset>) -> Result<workbook::DataSheets> {
    std::fs::create_dir_all(out_dir)
        .map_err(|e| atomic::explain(e, out_dir))
        .with_context(|| format!("cannot create the output folder {}", atomic::shown(out_dir)))?;
    clean_stale_temporaries(out_dir);
    for name in [WORKBOOK, MARKDOWN, HTML, DOCX] {
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
    let title = dataset
        .settings
        .text("Title")
        .unwrap_or_else(|| "Progress report".to_string());
    workbook::DataSheets::start(out_dir, dataset.clone(), title)
}

/// Writes the outputs into `out_dir` (the folder that [`start`] prepared and where it
/// writes the Data sheets), or only the workbook when the `documents` are withheld; returns
/// the paths written. Values written in another form than they were given are warnings,
/// added to `problems` (and to its Problems sheet).
pub fn write_all(
    out_dir: &Path,
    data: workbook::DataSheets,
    report: &Report,
    dataset: &Dataset,
    problems: &mut Problems,
    documents: Documents,
) -> Result<Vec<PathBuf>> {
    let (prepared, warnings) = prepare::prepare(report);
    problems.extend(warnings);
    let report = &prepared;
    let mut staged = Vec::new();
    let result = std::thread::scope(|scope| -> Result<()> {
        // The documents are rendered on another core while the workbook is written and saved
        // (withheld, they are not rendered at all); they are written after it, in order.
        let documents = match documents {
            Documents::Write => Some(
                std::thread::Builder::new()
                    .name("documents".into())
                    .spawn_scoped(scope, || {
                        let started = std::time::Instant::now();
                        let rendered = (
                            markdown::render(report, dataset),
                            html::render(report, dataset),
                            docx::render(report, &created(dataset)),
                        );
                        crate::timing::aside("documents, on their own thread", started.elapsed());
                        rendered
                    })
                    .context("cannot start writing the documents")?,
            ),
            Documents::Withhold => None,
        };
        let workbook = Staged::write_with(out_dir, WORKBOOK, |file| {
            workbook::write(file, data, report, dataset, problems)
        });
        crate::timing::lap("workbook: on disk");
        // Joined whatever became of the workbook: a rendering that panicked is then an error
        // here, not a panic at the end of the scope.
        let rendered = documents.map(|job| {
            job.join()
                .map_err(|_| anyhow::anyhow!("rendering the documents stopped unexpectedly"))
        });
        staged.push(workbook?);
        let Some(rendered) = rendered else {
            return Ok(());
        };
        let (markdown, html, docx) = rendered?;
        crate::timing::lap("waiting for the documents");
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
        let docx = docx?;
        staged.push(Staged::write_with(out_dir, DOCX, |file| {
            use std::io::Write;
            file.write_all(&docx)?;
            Ok(())
        })?);
        crate::timing::lap("writing report.docx");
        Ok(())
    });
    // Withheld documents of an earlier build go before anything of this build is in place:
    // `out/` never holds this build's workbook beside an earlier build's report.
    let result = result.and_then(|()| match documents {
        Documents::Write => Ok(()),
        Documents::Withhold => remove_documents(out_dir),
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

/// Removes the documents an earlier build wrote into `out_dir`, if any.
fn remove_documents(out_dir: &Path) -> Result<()> {
    for name in DOCUMENTS {
        let path = out_dir.join(name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(atomic::explain(e, out_dir)).with_context(|| {
                    format!(
                        "cannot remove the earlier build's {}, which this build's report must not be taken for",
                        atomic::shown(&path)
                    )
                })
            }
            _ => {}
        }
    }
    Ok(())
}

/// The date the documents say they were made: the report's date from the settings, fixed so
/// that two builds of the same inputs give the same files.
fn created(dataset: &Dataset) -> String {
    dataset
        .settings
        .get("Report date")
        .and_then(crate::model::value::Value::as_date)
        .map(crate::model::dates::iso)
        .unwrap_or_else(|| "2000-01-01".to_string())
}
