//! The narrative as one walk: the report as a sequence of [`Item`]s, in report order, that
//! every renderer consumes (Markdown, HTML, the workbook's section sheets).
//!
//! What the narrative says, in which order, and how a section that was not produced is
//! announced are decided here once; a renderer only decides how each item looks.
//!
//! Adding a renderer is writing one consumer: loop over [`walk`] (or [`section`], for one
//! section at a time) and `match` on the item. The match is exhaustive on purpose: an item
//! added later stops every renderer from compiling until it says how to show it.
//!
//! The documents that are circulated (Markdown, HTML, Word) walk [`circulated`]: the same walk
//! without the figures (their values are in the narrative; the table of them is for the
//! workbook) and without the tables and charts a plugin marked for the workbook only, which
//! name States.

use super::workbook::PROBLEMS;
use super::WORKBOOK;
use crate::model::report::{Block, Chart, Figure, Heading, Outcome, Report, ReportTable, Section};

/// The heading over a section's challenges.
pub const CHALLENGES: &str = "Challenges";
/// What introduces the questions, when the section gives no words of its own.
pub const DEFAULT_QUESTIONS_INTRO: &str = "States Parties could discuss the following questions:";

/// One step of the walk.
#[derive(Clone, Copy, Debug)]
pub enum Item<'a> {
    /// The report's title, and the subtitle and period when the settings give them.
    Title {
        title: &'a str,
        subtitle: Option<&'a str>,
        period: Option<&'a str>,
    },
    /// A section begins.
    SectionStart(Heading<'a>),
    /// The section failed: this notice is all it holds.
    NotProduced(NotProduced<'a>),
    Paragraph(&'a str),
    /// A heading within the section.
    Heading(&'a str),
    Bullets(&'a [String]),
    /// The section's challenges under their heading ([`CHALLENGES`]), one paragraph each.
    Challenges {
        heading: &'static str,
        items: &'a [String],
    },
    /// The questions for States Parties, as a list after their introduction.
    Questions {
        intro: &'a str,
        items: &'a [String],
    },
    /// The section's figures (never empty).
    Figures(&'a [Figure]),
    Table(&'a ReportTable),
    Chart(&'a Chart),
    /// The section ends (after its notice, if it was not produced).
    SectionEnd,
}

/// The whole report: the title, then every section (see [`section`]).
pub fn walk(report: &Report) -> impl Iterator<Item = Item<'_>> {
    std::iter::once(Item::Title {
        title: &report.title,
        subtitle: report.subtitle.as_deref(),
        period: report.period.as_deref(),
    })
    .chain(report.sections.iter().flat_map(section))
}

/// The walk of the documents that are circulated: [`walk`] without what belongs in the
/// workbook only (see the module's documentation).
pub fn circulated(report: &Report) -> impl Iterator<Item = Item<'_>> {
    walk(report).filter(|item| match item {
        Item::Figures(_) => false,
        Item::Table(t) => !t.workbook_only,
        Item::Chart(c) => !c.workbook_only,
        _ => true,
    })
}

/// One section: its start; then either the notice that it was not produced, or its blocks,
/// challenges, questions, figures, tables and charts, each left out when there are none;
/// then its end.
pub fn section(s: &Section) -> impl Iterator<Item = Item<'_>> {
    let mut items = vec![Item::SectionStart(s.heading())];
    match &s.outcome {
        Outcome::Failed(reason) => items.push(Item::NotProduced(NotProduced { reason })),
        Outcome::Produced(c) => {
            items.extend(c.blocks.iter().map(|b| match b {
                Block::Paragraph(p) => Item::Paragraph(p),
                Block::Heading(h) => Item::Heading(h),
                Block::Bullets(items) => Item::Bullets(items),
            }));
            if !c.challenges.is_empty() {
                items.push(Item::Challenges {
                    heading: CHALLENGES,
                    items: &c.challenges,
                });
            }
            if !c.questions.is_empty() {
                items.push(Item::Questions {
                    intro: c
                        .questions_intro
                        .as_deref()
                        .unwrap_or(DEFAULT_QUESTIONS_INTRO),
                    items: &c.questions,
                });
            }
            if !c.figures.is_empty() {
                items.push(Item::Figures(&c.figures));
            }
            items.extend(c.tables.iter().map(Item::Table));
            items.extend(c.charts.iter().map(Item::Chart));
        }
    }
    items.push(Item::SectionEnd);
    items.into_iter()
}

/// The captions of the tables and figures of the circulated documents, numbered within their
/// section ("Table 9.1. Amounts reported by channel", "Figure 9.1. ..."), so that a number does
/// not change when another section adds a table.
#[derive(Debug, Default)]
pub struct Captions {
    section: Option<i64>,
    tables: usize,
    figures: usize,
}

impl Captions {
    /// A section begins: its tables and figures count from 1.
    pub fn start(&mut self, heading: &Heading) {
        *self = Captions {
            section: heading.number,
            ..Captions::default()
        };
    }

    pub fn table(&mut self, title: &str) -> String {
        self.tables += 1;
        self.caption("Table", self.tables, title)
    }

    pub fn figure(&mut self, title: &str) -> String {
        self.figures += 1;
        self.caption("Figure", self.figures, title)
    }

    fn caption(&self, kind: &str, n: usize, title: &str) -> String {
        let number = match self.section {
            Some(s) => format!("{s}.{n}"),
            None => n.to_string(),
        };
        if title.is_empty() {
            format!("{kind} {number}")
        } else {
            format!("{kind} {number}. {title}")
        }
    }
}

/// The notice in place of a section that was not produced: one sentence, "This section was
/// not produced: REASON. POINTER", whose lead ([`NotProduced::LEAD`]) a format may emphasise.
#[derive(Clone, Copy, Debug)]
pub struct NotProduced<'a> {
    /// Why, in one sentence without its full stop (from the section's outcome).
    pub reason: &'a str,
}

/// Where a notice is read, which decides how it points to the problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// A document beside the workbook (report.md, report.html): names the workbook.
    Document,
    /// A sheet of the consolidated workbook: the Problems sheet is a tab away.
    Workbook,
}

impl NotProduced<'_> {
    /// The opening words of the notice.
    pub const LEAD: &'static str = "This section was not produced:";

    /// The rest of the notice, after the lead and a space: the reason and where the problem
    /// is listed.
    pub fn rest(&self, reader: Reader) -> String {
        let pointer = match reader {
            Reader::Document => {
                format!("The problem is listed in the {PROBLEMS} sheet of {WORKBOOK}.")
            }
            Reader::Workbook => format!("See the {PROBLEMS} sheet."),
        };
        format!("{}. {pointer}", self.reason)
    }

    /// The whole notice, unemphasised.
    pub fn sentence(&self, reader: Reader) -> String {
        format!("{} {}", Self::LEAD, self.rest(reader))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::report::{ChartKind, Content, Series};
    use crate::model::value::Value;

    fn produced() -> Section {
        Section {
            number: Some(4),
            title: "Universalization".into(),
            file: "plugins/04_universalization.lua".into(),
            reads: Vec::new(),
            sheet: None,
            outcome: Outcome::Produced(Content {
                blocks: vec![
                    Block::Paragraph("Eight States joined.".into()),
                    Block::Heading("Action 2".into()),
                    Block::Bullets(vec!["Chile".into(), "Ghana".into()]),
                ],
                challenges: vec!["Few reports.".into()],
                questions: vec!["How to help?".into()],
                questions_intro: None,
                figures: vec![Figure {
                    name: "joined".into(),
                    label: "States that joined".into(),
                    value: Value::Number(8.0),
                    as_of: None,
                    file: None,
                    line: None,
                    rows: Vec::new(),
                }],
                tables: vec![
                    ReportTable {
                        title: "States that joined".into(),
                        columns: vec!["State".into()],
                        rows: vec![vec![Value::text("Chile")]],
                        formats: vec![None],
                        workbook_only: true,
                    },
                    ReportTable {
                        title: "Steps by action".into(),
                        columns: vec!["Action".into(), "Steps".into()],
                        rows: vec![vec![Value::Number(2.0), Value::Number(5.0)]],
                        ..Default::default()
                    },
                ],
                charts: vec![Chart {
                    title: "States Parties".into(),
                    kind: ChartKind::Line,
                    categories: vec!["2011".into()],
                    series: vec![Series {
                        name: "Parties".into(),
                        values: vec![Some(8.0)],
                    }],
                    ..Default::default()
                }],
            }),
        }
    }

    fn failed() -> Section {
        Section {
            number: None,
            title: "plugins/15_broken.lua".into(),
            file: "plugins/15_broken.lua".into(),
            reads: Vec::new(),
            sheet: None,
            outcome: Outcome::Failed("syntax error near 'is'".into()),
        }
    }

    /// Each item as a short tag and its text, to compare walks at a glance.
    fn tags<'a>(items: impl Iterator<Item = Item<'a>>) -> Vec<String> {
        items
            .map(|item| match item {
                Item::Title {
                    title,
                    subtitle,
                    period,
                } => format!("title {title} / {subtitle:?} / {period:?}"),
                Item::SectionStart(h) => format!("start {h}"),
                Item::NotProduced(n) => format!("not produced: {}", n.reason),
                Item::Paragraph(p) => format!("paragraph {p}"),
                Item::Heading(h) => format!("heading {h}"),
                Item::Bullets(b) => format!("bullets {}", b.join(", ")),
                Item::Challenges { heading, items } => format!("{heading}: {}", items.join(" ")),
                Item::Questions { intro, items } => format!("{intro} {}", items.join(" ")),
                Item::Figures(f) => format!("figures {}", f.len()),
                Item::Table(t) => format!("table {}", t.title),
                Item::Chart(c) => format!("chart {}", c.title),
                Item::SectionEnd => "end".to_string(),
            })
            .collect()
    }

    #[test]
    fn a_small_report_walks_in_report_order() {
        let report = Report {
            title: "Progress report".into(),
            period: Some("2010 to 2011".into()),
            subtitle: None,
            sections: vec![produced(), failed()],
        };
        assert_eq!(
            tags(walk(&report)),
            [
                "title Progress report / None / Some(\"2010 to 2011\")",
                "start 4. Universalization",
                "paragraph Eight States joined.",
                "heading Action 2",
                "bullets Chile, Ghana",
                "Challenges: Few reports.",
                "States Parties could discuss the following questions: How to help?",
                "figures 1",
                "table States that joined",
                "table Steps by action",
                "chart States Parties",
                "end",
                "start plugins/15_broken.lua",
                "not produced: syntax error near 'is'",
                "end",
            ]
        );
    }

    #[test]
    fn the_circulated_documents_leave_out_figures_and_tables_for_the_workbook() {
        let report = Report {
            title: "Progress report".into(),
            sections: vec![produced()],
            ..Default::default()
        };
        let tags = tags(circulated(&report));
        assert!(
            tags.contains(&"table Steps by action".to_string()),
            "{tags:?}"
        );
        assert!(
            tags.contains(&"chart States Parties".to_string()),
            "{tags:?}"
        );
        assert!(!tags.iter().any(|t| t.starts_with("figures")), "{tags:?}");
        assert!(
            !tags.contains(&"table States that joined".to_string()),
            "{tags:?}"
        );
    }

    #[test]
    fn a_section_without_questions_or_figures_leaves_them_out() {
        let mut s = produced();
        if let Outcome::Produced(c) = &mut s.outcome {
            c.challenges.clear();
            c.questions.clear();
            c.figures.clear();
            c.tables.clear();
            c.charts.clear();
            c.questions_intro = Some("Questions:".into());
        }
        assert_eq!(
            tags(section(&s)),
            [
                "start 4. Universalization",
                "paragraph Eight States joined.",
                "heading Action 2",
                "bullets Chile, Ghana",
                "end",
            ]
        );
    }

    #[test]
    fn a_failed_section_is_its_notice_worded_for_where_it_is_read() {
        let s = failed();
        let notice = section(&s)
            .find_map(|item| match item {
                Item::NotProduced(n) => Some(n),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            notice.sentence(Reader::Document),
            "This section was not produced: syntax error near 'is'. \
             The problem is listed in the Problems sheet of consolidated.xlsx."
        );
        assert_eq!(
            notice.sentence(Reader::Workbook),
            "This section was not produced: syntax error near 'is'. See the Problems sheet."
        );
    }
}
