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
//! name States. Which items those are is decided in one place, `review::audience`, which the
//! review of the report reads too: what the documents show is what is reviewed.
//!
//! Every text, table and chart carries its [`Mark`]: [`Mark::Illustrative`] when it draws, or
//! may draw, on rows marked as an illustrative sample (the model's `marked`, which each text,
//! table and chart holds with its origin, and each figure's `drawn`). A renderer shows the mark ([`MARK`], a dagger) after what it marks, and the
//! [`Item::IllustrativeNote`] that explains it: once in a document (after the title) and once
//! in a section read on its own (a section's sheet), whenever something there is marked.

use super::workbook::PROBLEMS;
use super::WORKBOOK;
use crate::model::report::{
    self, Block, Chart, Content, Figure, Heading, Origin, Outcome, Placed, Report, ReportTable,
    Section,
};
use crate::review::audience::{self, Audience};

/// The heading over a section's challenges.
pub const CHALLENGES: &str = "Challenges";
/// What introduces the questions, when the section gives no words of its own.
pub const DEFAULT_QUESTIONS_INTRO: &str = "States Parties could discuss the following questions:";

/// The sign that marks what draws, or may draw, on illustrative rows.
pub const MARK: &str = "\u{2020}";
/// What the mark means, as [`Item::IllustrativeNote`] gives it after the mark.
pub const ILLUSTRATIVE_NOTE: &str = "Drawn, or possibly drawn, from records marked in the workbooks as an illustrative sample, not official records: the figures it gives show the method, not findings.";

/// Whether what an item shows draws, or may draw, on rows marked as an illustrative sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mark {
    #[default]
    None,
    Illustrative,
}

/// The mark of what the model says is marked (`marked`).
impl From<bool> for Mark {
    fn from(illustrative: bool) -> Mark {
        if illustrative {
            Mark::Illustrative
        } else {
            Mark::None
        }
    }
}

impl Mark {
    pub fn is_illustrative(self) -> bool {
        self == Mark::Illustrative
    }
}

/// A text of the walk with its mark and where it was written. It reads as the text: `&*text`
/// is a `&str`, and `{text}` shows the text alone (the renderer adds the mark).
#[derive(Clone, Copy, Debug)]
pub struct Text<'a> {
    pub text: &'a str,
    pub mark: Mark,
    /// The plugin line that wrote it; `None` for the tool's own words (the default
    /// introduction to the questions).
    pub origin: Option<&'a Origin>,
}

/// A section's text as the walk gives it: its words, mark and origin together.
impl<'a> From<&'a report::Text> for Text<'a> {
    fn from(t: &'a report::Text) -> Self {
        Text {
            text: &t.text,
            mark: Mark::from(t.marked),
            origin: Some(&t.origin),
        }
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text)
    }
}

/// A text as a `Cow`, for consumers that gather the walk's texts (src/review).
impl<'a> From<Text<'a>> for std::borrow::Cow<'a, str> {
    fn from(t: Text<'a>) -> Self {
        std::borrow::Cow::Borrowed(t.text)
    }
}

/// The texts of a list (bullets, challenges, questions), each with its mark and origin.
#[derive(Clone, Copy, Debug)]
pub struct Texts<'a> {
    items: &'a [report::Text],
}

impl<'a> Texts<'a> {
    pub fn iter(&self) -> impl Iterator<Item = Text<'a>> + 'a {
        self.items.iter().map(Text::from)
    }
}

impl<'a> IntoIterator for Texts<'a> {
    type Item = Text<'a>;
    type IntoIter = Box<dyn Iterator<Item = Text<'a>> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

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
    Paragraph(Text<'a>),
    /// A heading within the section.
    Heading(Text<'a>),
    Bullets(Texts<'a>),
    /// The section's challenges under their heading ([`CHALLENGES`]), one paragraph each.
    Challenges {
        heading: &'static str,
        items: Texts<'a>,
    },
    /// The questions for States Parties, as a list after their introduction.
    Questions {
        intro: Text<'a>,
        items: Texts<'a>,
    },
    /// The section's figures (never empty); each says what it drew on illustrative rows
    /// (`figure.drawn`).
    Figures(&'a [Figure]),
    /// A table, with its origin and whether it is marked (`Mark::from(table.marked)`).
    Table(&'a Placed<ReportTable>),
    Chart(&'a Placed<Chart>),
    /// What [`MARK`] means ([`ILLUSTRATIVE_NOTE`]): after the title of a document, at the end
    /// of a section read on its own, when something there is marked.
    IllustrativeNote,
    /// The section ends (after its notice, if it was not produced).
    SectionEnd,
}

/// The whole report: the title, the note on the mark when anything is marked, then every
/// section (see [`section`], here without its own note).
pub fn walk(report: &Report) -> impl Iterator<Item = Item<'_>> {
    let marked = report
        .sections
        .iter()
        .filter_map(Section::content)
        .any(is_marked);
    std::iter::once(title(report))
        .chain(marked.then_some(Item::IllustrativeNote))
        .chain(report.sections.iter().flat_map(|s| items(s, false)))
}

fn title(report: &Report) -> Item<'_> {
    Item::Title {
        title: &report.title,
        subtitle: report.subtitle.as_deref(),
        period: report.period.as_deref(),
    }
}

/// The walk of the documents that are circulated: [`walk`] without what belongs in the
/// workbook only (see the module's documentation). The note on the mark is given when
/// something that is circulated is marked: a mark only on a workbook-only table, or on a
/// figure, is not seen there.
pub fn circulated(report: &Report) -> impl Iterator<Item = Item<'_>> {
    let marked = report
        .sections
        .iter()
        .filter_map(Section::content)
        .any(|c| marked_where(c, Reader::Document));
    std::iter::once(title(report))
        .chain(marked.then_some(Item::IllustrativeNote))
        .chain(report.sections.iter().flat_map(|s| items(s, false)))
        .filter(|item| audience::of(item) == Audience::Circulated)
}

/// One section, read on its own (a section's sheet): its start; then either the notice that
/// it was not produced, or its blocks, challenges, questions, figures, tables and charts, each
/// left out when there are none, and the note on the mark when something is marked; then its
/// end.
pub fn section(s: &Section) -> impl Iterator<Item = Item<'_>> {
    items(s, true)
}

/// Whether anything a section shows is marked: a text, a table, a chart or a figure.
pub fn is_marked(c: &Content) -> bool {
    marked_where(c, Reader::Workbook)
}

/// Whether anything of a section that is shown where it is read is marked: in the workbook,
/// everything; in a circulated document, all but the figures and the tables and charts for
/// the workbook only.
fn marked_where(c: &Content, reader: Reader) -> bool {
    let shown = |audience: Audience| reader == Reader::Workbook || audience == Audience::Circulated;
    let marked = |texts: &[report::Text]| texts.iter().any(|t| t.marked);
    c.blocks.iter().any(|b| match b {
        Block::Paragraph(t) | Block::Heading(t) => t.marked,
        Block::Bullets(items) => marked(items),
    }) || marked(&c.challenges)
        || marked(&c.questions)
        || (!c.questions.is_empty() && c.questions_intro.as_ref().is_some_and(|t| t.marked))
        || c.tables
            .iter()
            .any(|t| t.marked && shown(audience::of_table(t)))
        || c.charts
            .iter()
            .any(|ch| ch.marked && shown(audience::of_chart(ch)))
        || (reader == Reader::Workbook && c.figures.iter().any(|f| f.drawn.is_illustrative()))
}

fn items(s: &Section, note: bool) -> std::vec::IntoIter<Item<'_>> {
    let mut items = vec![Item::SectionStart(s.heading())];
    match &s.outcome {
        Outcome::Failed(reason) => items.push(Item::NotProduced(NotProduced { reason })),
        Outcome::Produced(c) => {
            items.extend(c.blocks.iter().map(|b| match b {
                Block::Paragraph(p) => Item::Paragraph(Text::from(p)),
                Block::Heading(h) => Item::Heading(Text::from(h)),
                Block::Bullets(items) => Item::Bullets(Texts { items }),
            }));
            if !c.challenges.is_empty() {
                items.push(Item::Challenges {
                    heading: CHALLENGES,
                    items: Texts {
                        items: &c.challenges,
                    },
                });
            }
            if !c.questions.is_empty() {
                let intro = match &c.questions_intro {
                    Some(text) => Text::from(text),
                    None => Text {
                        text: DEFAULT_QUESTIONS_INTRO,
                        mark: Mark::None,
                        origin: None,
                    },
                };
                items.push(Item::Questions {
                    intro,
                    items: Texts {
                        items: &c.questions,
                    },
                });
            }
            if !c.figures.is_empty() {
                items.push(Item::Figures(&c.figures));
            }
            items.extend(c.tables.iter().map(Item::Table));
            items.extend(c.charts.iter().map(Item::Chart));
            if note && is_marked(c) {
                items.push(Item::IllustrativeNote);
            }
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
    /// A document beside the workbook (report.md, report.html, report.docx): names the workbook.
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
            sheet: None,
            outcome: Outcome::Produced(Box::new(Content {
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
                    drawn: Default::default(),
                }],
                tables: vec![
                    ReportTable {
                        title: "States that joined".into(),
                        columns: vec!["State".into()],
                        rows: vec![vec![Value::text("Chile")]],
                        formats: vec![None],
                        workbook_only: true,
                    }
                    .into(),
                    ReportTable {
                        title: "Steps by action".into(),
                        columns: vec!["Action".into(), "Steps".into()],
                        rows: vec![vec![Value::Number(2.0), Value::Number(5.0)]],
                        ..Default::default()
                    }
                    .into(),
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
                }
                .into()],
                tracked: Default::default(),
                observed: false,
            })),
        }
    }

    fn failed() -> Section {
        Section {
            number: None,
            title: "plugins/15_broken.lua".into(),
            file: "plugins/15_broken.lua".into(),
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
                Item::Paragraph(p) => format!("paragraph {p}{}", dagger(p.mark)),
                Item::Heading(h) => format!("heading {h}{}", dagger(h.mark)),
                Item::Bullets(b) => format!("bullets {}", joined(b, ", ")),
                Item::Challenges { heading, items } => {
                    format!("{heading}: {}", joined(items, " "))
                }
                Item::Questions { intro, items } => {
                    format!("{intro}{} {}", dagger(intro.mark), joined(items, " "))
                }
                Item::Figures(f) => format!("figures {}", f.len()),
                Item::Table(t) => format!("table {}{}", t.title, dagger(t.marked.into())),
                Item::Chart(c) => format!("chart {}{}", c.title, dagger(c.marked.into())),
                Item::IllustrativeNote => "note".to_string(),
                Item::SectionEnd => "end".to_string(),
            })
            .collect()
    }

    fn dagger(m: Mark) -> &'static str {
        if m.is_illustrative() {
            " †"
        } else {
            ""
        }
    }

    fn joined(texts: Texts, sep: &str) -> String {
        let shown: Vec<String> = texts
            .iter()
            .map(|t| format!("{t}{}", dagger(t.mark)))
            .collect();
        shown.join(sep)
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

    #[test]
    fn marked_texts_carry_their_mark_and_the_note_explains_it_once() {
        let mut s = produced();
        if let Outcome::Produced(c) = &mut s.outcome {
            // The heading and the list of bullets, each of its items.
            for b in &mut c.blocks[1..] {
                match b {
                    Block::Paragraph(t) | Block::Heading(t) => t.marked = true,
                    Block::Bullets(items) => items.iter_mut().for_each(|t| t.marked = true),
                }
            }
            c.challenges[0].marked = true;
            c.tables[0].marked = true;
            let mut intro = report::Text::from("Questions:");
            intro.marked = true;
            c.questions_intro = Some(intro);
        }
        let report = Report {
            title: "Progress report".into(),
            period: None,
            subtitle: None,
            sections: vec![s.clone(), failed()],
        };
        assert_eq!(
            tags(walk(&report)),
            [
                "title Progress report / None / None",
                "note",
                "start 4. Universalization",
                "paragraph Eight States joined.",
                "heading Action 2 †",
                "bullets Chile †, Ghana †",
                "Challenges: Few reports. †",
                "Questions: † How to help?",
                "figures 1",
                "table States that joined †",
                "table Steps by action",
                "chart States Parties",
                "end",
                "start plugins/15_broken.lua",
                "not produced: syntax error near 'is'",
                "end",
            ]
        );
        // A section read on its own (its sheet) carries the note at its end.
        let alone = tags(section(&s));
        assert_eq!(alone[alone.len() - 2..], ["note", "end"]);
        // Nothing marked, no note: a figure made of illustrative rows is enough for one.
        let mut plain = produced();
        assert!(!tags(walk(&Report {
            sections: vec![plain.clone()],
            ..report.clone()
        }))
        .contains(&"note".to_string()));
        if let Outcome::Produced(c) = &mut plain.outcome {
            c.figures[0].drawn.illustrative_rows = 1;
        }
        assert!(tags(section(&plain)).contains(&"note".to_string()));
        // ... but not in the circulated documents, which leave the figures out; nor is a mark
        // on a workbook-only table, and the circulated table keeps its own mark.
        let circulated_tags = |s: &Section| {
            tags(circulated(&Report {
                sections: vec![s.clone()],
                ..report.clone()
            }))
        };
        assert!(!circulated_tags(&plain).contains(&"note".to_string()));
        if let Outcome::Produced(c) = &mut plain.outcome {
            c.tables[0].marked = true;
        }
        assert!(!circulated_tags(&plain).contains(&"note".to_string()));
        if let Outcome::Produced(c) = &mut plain.outcome {
            c.tables[0].marked = false;
            c.tables[1].marked = true;
        }
        let shown = circulated_tags(&plain);
        assert!(shown.contains(&"note".to_string()), "{shown:?}");
        assert!(
            shown.contains(&"table Steps by action †".to_string()),
            "{shown:?}"
        );
    }
}
