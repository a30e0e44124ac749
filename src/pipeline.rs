//! The stages every command shares, in the order the data flows: open the project, read and
//! check its workbooks, run the section plugins, assemble the report and review it. `build`
//! writes what comes out; `check` and `explain` only look at it.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use crate::check::dictionary::Dictionary;
use crate::check::{self, LoadOptions};
use crate::model::report::Report;
use crate::model::table::Dataset;
use crate::problem::Problems;
use crate::project::Project;
use crate::review;
use crate::sections::{self, Limits};
use crate::write::Documents;

/// A project whose workbooks have been read and checked.
pub struct Checked {
    pub project: Project,
    pub dataset: Arc<Dataset>,
    pub dictionary: Dictionary,
    /// Every problem found so far: the workbooks', then the sections' and the review's once
    /// the report is assembled.
    pub problems: Problems,
    /// Whether the documents may be written, as the review of the report decides; `Withhold`
    /// until the report is assembled and reviewed.
    pub documents: Documents,
}

/// Opens the project folder and reads and checks every workbook in it.
pub fn open(dir: &Path) -> Result<Checked> {
    let project = Project::open(dir)?;
    let loaded = check::load(&project, &LoadOptions::default())?;
    Ok(Checked {
        project,
        dataset: Arc::new(loaded.dataset),
        dictionary: loaded.dictionary,
        problems: loaded.problems,
        documents: Documents::Withhold,
    })
}

impl Checked {
    /// Runs every section plugin over the checked data, assembles the report and reviews it
    /// (src/review: whether it may be circulated); the sections' and the review's problems
    /// join the others, and the review's verdict is kept in `documents`.
    pub fn report(&mut self, limits: &Limits) -> Result<Report> {
        let (sections, problems) = sections::run_all(&self.project, &self.dataset, limits)?;
        self.problems.extend(problems);
        crate::timing::lap("sections");
        let settings = &self.dataset.settings;
        let report = Report {
            title: settings
                .text("Title")
                .unwrap_or_else(|| "Progress report".to_string()),
            subtitle: settings.text("Subtitle"),
            period: settings.text("Period"),
            sections,
        };
        self.documents =
            review::review(&report, &self.dataset, &self.dictionary, &mut self.problems);
        crate::timing::lap("reviewing the report");
        Ok(report)
    }
}
