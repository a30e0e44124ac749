//! The stages every command shares, in the order the data flows: open the project, read and
//! check its workbooks, run the section plugins, and assemble the report. `build` writes what
//! comes out; `check` and `explain` only look at it.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use crate::check::dictionary::Dictionary;
use crate::check::{self, LoadOptions};
use crate::model::report::Report;
use crate::model::table::Dataset;
use crate::problem::Problems;
use crate::project::Project;
use crate::sections::{self, Limits};

/// A project whose workbooks have been read and checked.
pub struct Checked {
    pub project: Project,
    pub dataset: Arc<Dataset>,
    pub dictionary: Dictionary,
    /// Every problem found so far: the workbooks', then the sections' once they have run.
    pub problems: Problems,
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
    })
}

impl Checked {
    /// Runs every section plugin over the checked data and assembles the report; the
    /// sections' problems join the others.
    pub fn report(&mut self, limits: &Limits) -> Result<Report> {
        let (sections, problems) = sections::run_all(&self.project, &self.dataset, limits)?;
        self.problems.extend(problems);
        let settings = &self.dataset.settings;
        Ok(Report {
            title: settings
                .text("Title")
                .unwrap_or_else(|| "Progress report".to_string()),
            subtitle: settings.text("Subtitle"),
            period: settings.text("Period"),
            sections,
        })
    }
}
