//! Reviewing the assembled report before it is written: checks on what the circulated
//! documents would say, whatever plugin wrote it. It runs after the sections and before
//! writing, as one step of the pipeline (`pipeline::Checked::report`), so that `build`,
//! `check` and `explain` all run it; what it finds joins the other problems.
//!
//! Today it holds one check, the naming policy. Some reports, such as the Beirut Progress
//! Report, "do not make reference to individual States"; others name them (an Ottawa
//! Convention report named the States past their deadlines). The project says which in its
//! settings ([`setting`]; one that has not said is not checked, and the default project says
//! its report may not). When its report may not name States, every circulated text
//! ([`texts`], as [`audience`] decides) is searched for the States list's names and aliases
//! ([`names`]); each one found is an error at the plugin line that wrote the text, and the
//! documents are withheld ([`Documents::Withhold`]): the workbook, where names belong, is still
//! written.
//!
//! Why withhold rather than mark a draft: report.md, report.html and report.docx are the files that get
//! attached and forwarded, and a warning inside them is lost as soon as their text is pasted
//! elsewhere. So a build whose report names States leaves no file of those names in `out/`,
//! not even an earlier build's (which would be taken for this one). Every sentence is still in
//! the section sheets of consolidated.xlsx, and each named State in its Problems sheet; a
//! project that wants a draft naming States for internal use says so, for that build, with the
//! setting.

pub mod audience;
pub mod names;
pub mod setting;
pub mod texts;

use std::collections::HashSet;

use crate::check::dictionary::Dictionary;
use crate::model::report::Report;
use crate::model::table::Dataset;
use crate::model::value::Value;
use crate::problem::{Named, Place, Problem, Problems, ReviewProblem, Text};
use crate::write::Documents;
use names::{excerpt, NameFinder};
use texts::Piece;

/// Reviews `report` against the project's settings; adds what it finds to `problems` and says
/// whether the documents may be written.
pub fn review(
    report: &Report,
    dataset: &Dataset,
    dictionary: &Dictionary,
    problems: &mut Problems,
) -> Documents {
    let policy = setting::read(dataset, dictionary, problems);
    if policy.may_name_states {
        return Documents::Write;
    }
    let finder = NameFinder::new(dataset.states.spellings(), &policy.allowed);
    let mut named = 0;
    texts::each(report, dataset, dictionary, |piece| {
        for problem in names_in(&finder, piece) {
            named += 1;
            problems.push(problem);
        }
    });
    if named == 0 {
        Documents::Write
    } else {
        Documents::Withhold
    }
}

/// The States a piece of the report names: one problem per text that names any, one per
/// table whatever the number of its cells that name one.
fn names_in(finder: &NameFinder, piece: Piece<'_>) -> Vec<Problem> {
    match piece {
        Piece::Text {
            text,
            what,
            place,
            section,
        } => names_in_text(finder, &text, &what, &place, &section)
            .into_iter()
            .collect(),
        Piece::Table {
            table,
            place,
            section,
        } => {
            let mut problems: Vec<Problem> =
                names_in_text(finder, &table.title, &Text::TableTitle, &place, &section)
                    .into_iter()
                    .collect();
            let header = Text::TableColumn {
                table: table.title.clone(),
            };
            for column in &table.columns {
                problems.extend(names_in_text(finder, column, &header, &place, &section));
            }
            let mut states: Vec<String> = Vec::new();
            let mut first = None;
            for (r, row) in table.rows.iter().enumerate() {
                for (c, value) in row.iter().enumerate() {
                    let Value::Text(cell) = value else {
                        continue;
                    };
                    for found in finder.find(cell) {
                        if !states.iter().any(|s| s == found.state) {
                            states.push(found.state.to_string());
                        }
                        first.get_or_insert_with(|| (r + 1, c, cell.to_string()));
                    }
                }
            }
            if let Some((row, c, cell)) = first {
                let kind = ReviewProblem::TableNamesStates {
                    table: table.title.clone(),
                    states,
                    row,
                    column: table.columns.get(c).cloned().unwrap_or_default(),
                    cell,
                    section,
                };
                problems.push(Problem::new(place, kind));
            }
            problems
        }
    }
}

/// The problem of a text that names States, if it names any: the States in the order found,
/// and the text quoted around the first.
fn names_in_text(
    finder: &NameFinder,
    text: &str,
    what: &Text,
    place: &Place,
    section: &Option<String>,
) -> Option<Problem> {
    let found = finder.find(text);
    let first = found.first()?;
    let mut seen = HashSet::new();
    let states = found
        .iter()
        .filter(|f| seen.insert(f.state))
        .map(|f| Named {
            state: f.state.to_string(),
            written: f.written.to_string(),
        })
        .collect();
    let kind = ReviewProblem::NamesStates {
        text: what.clone(),
        states,
        excerpt: excerpt(text, first.at.clone()),
        section: section.clone(),
    };
    Some(Problem::new(place.clone(), kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::states::StateList;
    use crate::model::report::{
        Chart, ChartKind, Content, Figure, Origin, Outcome, ReportTable, Section, Series,
    };
    use crate::model::table::Settings;

    /// A dataset whose States list is `states` and whose settings are `settings`, after the
    /// one that turns the check on (when `settings` has it, it is found first).
    fn dataset(states: &[&str], settings: &[(&str, Value)]) -> Dataset {
        let on = (setting::MAY_NAME_STATES, Value::text("no"));
        Dataset {
            states: StateList::from_names(states),
            settings: Settings {
                entries: settings
                    .iter()
                    .chain([&on])
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            },
            ..Dataset::default()
        }
    }

    /// A report of one section whose every text is a word of its own, `Mark0`, `Mark1`, ...:
    /// each text of the model, and each text a renderer adds from it (title, headings, the
    /// notice of a section not produced).
    fn marked() -> (Report, Vec<String>) {
        let mut marks = Vec::new();
        let mut mark = || {
            marks.push(format!("Mark{}", marks.len()));
            marks.last().unwrap().clone()
        };
        let mut content = Content::default();
        let at = |line| Origin {
            file: Some("plugins/04_x.lua".into()),
            line: Some(line),
        };
        content.push_paragraph(format!("A {} b.", mark()), at(1));
        content.push_heading(mark(), at(2));
        content.push_bullets(vec![mark(), mark()], at(3));
        content.push_challenge(mark(), at(4));
        content.push_question(mark(), at(5));
        content.set_questions_intro(mark(), at(6));
        content.figures.push(Figure {
            name: "f".into(),
            label: mark(),
            value: Value::text(mark()),
            as_of: None,
            file: Some("plugins/04_x.lua".into()),
            line: Some(7),
            rows: Vec::new(),
            drawn: Default::default(),
        });
        let table = ReportTable {
            title: mark(),
            columns: vec![mark()],
            rows: vec![vec![Value::text(mark())]],
            ..ReportTable::default()
        };
        content.push_table(table, at(8));
        let chart = Chart {
            title: mark(),
            kind: ChartKind::Column,
            categories: vec![mark()],
            series: vec![Series {
                name: mark(),
                values: vec![Some(1.0)],
            }],
            x_title: Some(mark()),
            y_title: Some(mark()),
            note: Some(mark()),
            ..Chart::default()
        };
        content.push_chart(chart, at(9));
        // A table and a chart for the workbook only: words of their own, `Kept0`, ..., which
        // no document may show.
        let kept = |n: usize| format!("Kept{n}");
        let table = ReportTable {
            title: kept(0),
            columns: vec![kept(1)],
            rows: vec![vec![Value::text(kept(2))]],
            workbook_only: true,
            ..ReportTable::default()
        };
        content.push_table(table, at(10));
        let chart = Chart {
            title: kept(3),
            categories: vec![kept(4)],
            series: vec![Series {
                name: kept(5),
                values: vec![Some(2.0)],
            }],
            x_title: Some(kept(6)),
            note: Some(kept(7)),
            workbook_only: true,
            ..Chart::default()
        };
        content.push_chart(chart, at(11));
        let report = Report {
            title: mark(),
            subtitle: Some(mark()),
            period: Some(mark()),
            sections: vec![
                Section {
                    number: Some(4),
                    title: mark(),
                    file: "plugins/04_x.lua".into(),
                    sheet: None,
                    outcome: Outcome::Produced(Box::new(content)),
                },
                Section {
                    number: None,
                    title: mark(),
                    file: "plugins/05_y.lua".into(),
                    sheet: None,
                    outcome: Outcome::Failed(format!("no {} here", mark())),
                },
            ],
        };
        (report, marks)
    }

    #[test]
    fn every_text_a_document_shows_is_reviewed() {
        let (report, marks) = marked();
        let names: Vec<&str> = marks.iter().map(String::as_str).collect();
        let data = dataset(&names, &[]);
        let mut problems = Problems::new();
        let documents = review(&report, &data, &Dictionary::default(), &mut problems);
        assert_eq!(documents, Documents::Withhold);
        let found: Vec<String> = problems
            .iter()
            .filter_map(super::super::problem::Problem::found)
            .collect();
        let reviewed = |m: &str| found.iter().any(|f| f.split(" and ").any(|n| n == m));
        // Every document a build writes for circulation (crate::write::DOCUMENTS): a renderer
        // added to write/ is added here, and review/audience.rs decides what it shows. The
        // Word document is read as the text of its XML parts: paragraphs, table cells, the
        // footer, and the pictures' titles and descriptions.
        let docx = crate::write::docx::render(&report, "2011-09-12").unwrap();
        let documents = [
            ("report.md", crate::write::markdown::render(&report, &data)),
            ("report.html", crate::write::html::render(&report, &data)),
            ("report.docx", xml_text(&docx)),
        ];
        assert_eq!(documents.len(), crate::write::DOCUMENTS.len());
        let mut unreviewed = Vec::new();
        for (name, text) in &documents {
            let words: HashSet<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
            for m in &marks {
                if words.contains(m.as_str()) && !reviewed(m) {
                    unreviewed.push(format!("{name} shows {m}, which the review does not check"));
                }
            }
            // Each document shows what is reviewed: a paragraph, a table's title and cell, a
            // chart's title and note, the report's title. (The Word document draws a chart's
            // axis titles in its picture, where they are not words of the XML.)
            for m in ["Mark0", "Mark9", "Mark11", "Mark12", "Mark17", "Mark18"] {
                assert!(words.contains(m), "{name} does not show {m}");
            }
            // ... and nothing of the table and chart for the workbook only.
            if let Some(kept) = words.iter().find(|w| w.starts_with("Kept")) {
                unreviewed.push(format!(
                    "{name} shows {kept}, which is for the workbook only"
                ));
            }
        }
        assert!(unreviewed.is_empty(), "{unreviewed:#?}\n{found:#?}");
        assert!(reviewed("Mark0") && reviewed("Mark18"), "{found:?}");
        assert!(!found.iter().any(|f| f.contains("Kept")), "{found:?}");
    }

    /// The text of every XML part of a package (a .docx), for the words it shows.
    fn xml_text(package: &[u8]) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            if part.name().is_ok_and(|n| n.ends_with(".xml")) {
                part.read_to_string(&mut all).unwrap();
            }
        }
        all
    }

    #[test]
    fn each_text_is_placed_at_the_line_that_wrote_it() {
        let (report, marks) = marked();
        let names: Vec<&str> = marks.iter().map(String::as_str).collect();
        let mut problems = Problems::new();
        let data = dataset(&names, &[]);
        review(&report, &data, &Dictionary::default(), &mut problems);
        let shown: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.place, p.found().unwrap_or_default()))
            .collect();
        assert_eq!(
            shown,
            [
                "workbooks/: Mark18",
                "workbooks/: Mark19",
                "workbooks/: Mark20",
                "plugins/04_x.lua: Mark21",
                "plugins/04_x.lua, line 1: Mark0",
                "plugins/04_x.lua, line 2: Mark1",
                "plugins/04_x.lua, line 3: Mark2",
                "plugins/04_x.lua, line 3: Mark3",
                "plugins/04_x.lua, line 4: Mark4",
                "plugins/04_x.lua, line 6: Mark6",
                "plugins/04_x.lua, line 5: Mark5",
                "plugins/04_x.lua, line 8: Mark9",
                "plugins/04_x.lua, line 8: Mark10",
                "plugins/04_x.lua, line 8: Mark11",
                "plugins/04_x.lua, line 9: Mark12",
                "plugins/04_x.lua, line 9: Mark13",
                "plugins/04_x.lua, line 9: Mark14",
                "plugins/04_x.lua, line 9: Mark15",
                "plugins/04_x.lua, line 9: Mark16",
                "plugins/04_x.lua, line 9: Mark17",
                "plugins/05_y.lua: Mark22",
                "plugins/05_y.lua: Mark23",
            ]
        );
    }

    #[test]
    fn a_report_that_may_name_states_is_not_searched() {
        let (report, marks) = marked();
        let names: Vec<&str> = marks.iter().map(String::as_str).collect();
        let values = [
            Value::text("yes"),
            Value::Bool(true),
            Value::text(" Yes "),
            Value::Empty,
        ];
        for yes in values {
            let data = dataset(&names, &[(setting::MAY_NAME_STATES, yes)]);
            let mut problems = Problems::new();
            let documents = review(&report, &data, &Dictionary::default(), &mut problems);
            assert_eq!(documents, Documents::Write);
            assert!(problems.is_empty());
        }
        // A project that has not chosen is not searched either.
        let mut data = dataset(&names, &[]);
        data.settings.entries.clear();
        let mut problems = Problems::new();
        let documents = review(&report, &data, &Dictionary::default(), &mut problems);
        assert_eq!((documents, problems.len()), (Documents::Write, 0));
    }

    #[test]
    fn a_setting_that_is_not_yes_or_no_is_an_error_and_the_check_stays_on() {
        let report = Report {
            title: "Chile".into(),
            ..Report::default()
        };
        let data = dataset(
            &["Chile"],
            &[(setting::MAY_NAME_STATES, Value::text("perhaps"))],
        );
        let mut problems = Problems::new();
        let documents = review(&report, &data, &Dictionary::default(), &mut problems);
        assert_eq!(documents, Documents::Withhold);
        let shown: Vec<String> = problems
            .iter()
            .map(|p| p.to_string().lines().next().unwrap().to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "error: workbooks/: expected yes or no, found \"perhaps\"",
                "error: workbooks/: the report's title names Chile, but the report may not name States: \"Chile\"",
            ]
        );
    }

    #[test]
    fn allowed_mentions_are_separated_by_semicolons_not_commas() {
        let report = Report {
            title: "From Vientiane, Lao PDR to Beirut, Lebanon".into(),
            subtitle: Some("Lebanon".into()),
            ..Report::default()
        };
        let allowed = Value::text("Beirut, Lebanon;\nVientiane, Lao PDR ;");
        let data = dataset(
            &["Lebanon", "Lao PDR"],
            &[(setting::ALLOWED_MENTIONS, allowed)],
        );
        let mut problems = Problems::new();
        let documents = review(&report, &data, &Dictionary::default(), &mut problems);
        assert_eq!(documents, Documents::Withhold);
        let found: Vec<String> = problems
            .iter()
            .filter_map(super::super::problem::Problem::found)
            .collect();
        assert_eq!(found, ["Lebanon"], "only the subtitle names a State");
    }
}
