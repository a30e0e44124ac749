//! The report model: what the sections produced, independent of how it is written out.

use crate::model::dates::Date;
use crate::model::value::Value;

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub title: String,
    /// The period covered, e.g. "from the 1MSP (November 2010) to the 2MSP (September 2011)".
    pub period: Option<String>,
    pub subtitle: Option<String>,
    /// Sections in report order (by number).
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub number: Option<i64>,
    pub title: String,
    /// The plugin file, relative to the project.
    pub file: String,
    pub reads: Vec<String>,
    pub outcome: Outcome,
}

impl Section {
    /// "4 Universalization", or the file name for a plugin that failed before declaring itself.
    pub fn heading(&self) -> String {
        match self.number {
            Some(n) => format!("{n}. {}", self.title),
            None => self.title.clone(),
        }
    }

    pub fn content(&self) -> Option<&Content> {
        match &self.outcome {
            Outcome::Produced(c) => Some(c),
            Outcome::Failed(_) => None,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Outcome {
    Produced(Content),
    /// Why the section was not produced, in one sentence.
    Failed(String),
}

#[derive(Clone, Debug, Default)]
pub struct Content {
    pub blocks: Vec<Block>,
    pub challenges: Vec<String>,
    pub questions: Vec<String>,
    pub questions_intro: Option<String>,
    pub figures: Vec<Figure>,
    pub tables: Vec<ReportTable>,
    pub charts: Vec<Chart>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(String),
    Heading(String),
    Bullets(Vec<String>),
}

#[derive(Clone, Debug)]
pub struct Figure {
    pub name: String,
    pub label: String,
    pub value: Value,
    pub as_of: Option<Date>,
    /// The plugin (or library) file and line where the figure was made.
    pub file: Option<String>,
    pub line: Option<u32>,
    /// The rows that produced it.
    pub rows: Vec<RowRef>,
}

/// A row of a dataset table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowRef {
    /// The table's name, shared by all the rows of a figure.
    pub table: std::sync::Arc<str>,
    pub row: usize,
}

/// A table a section puts in its sheet of the consolidated workbook.
#[derive(Clone, Debug, Default)]
pub struct ReportTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    Column,
    Bar,
    Line,
    Pie,
}

#[derive(Clone, Debug)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}
