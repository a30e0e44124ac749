//! The problems found by reviewing the assembled report before it is written (src/review):
//! today, a circulated text that names a State when the project's report may not.
//!
//! The place is the plugin file and line that wrote the text (or the Settings cell of the
//! report's title, subtitle or period); the kind says which text, which State and quotes it.
//! docs/workbooks.md quotes [`ReviewProblem::examples`]; a test holds the two together
//! (src/problem/docs.rs).

use std::fmt;

use super::kind::Kind;
use super::Severity;
use crate::review::setting::{ALLOWED_MENTIONS, MAY_NAME_STATES};
use crate::text::grammar::{count, list};
use crate::text::suggest::fold_eq;

/// A problem with what the circulated report would say.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewProblem {
    /// A text names States, and the project's report may not name States: one problem per
    /// text, whatever the number of States it names.
    NamesStates {
        text: Text,
        /// The States named, in the order first found.
        states: Vec<Named>,
        /// The text, or the part of it around the first name.
        excerpt: String,
        /// The section, when the text was written outside its plugin (in plugins/lib/):
        /// "section 4, Universalization".
        section: Option<String>,
    },
    /// A table names States in its cells: one problem for the table, not one per cell.
    TableNamesStates {
        table: String,
        /// The States named, in the order first found.
        states: Vec<String>,
        /// The first cell that names one: its row (1 = the first row under the header), its
        /// column and what it holds.
        row: usize,
        column: String,
        cell: String,
        section: Option<String>,
    },
}

/// A State named in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// The State's name in the States list.
    pub state: String,
    /// The name as the text writes it ("Lao PDR", "CHILE").
    pub written: String,
}

/// The State, and how the text writes it when that is not just its name in other capitals
/// or accents: "Lao People's Democratic Republic (as "Lao PDR")", but "Chile" for "CHILE".
impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.state)?;
        if fold_eq(&self.written, &self.state) {
            Ok(())
        } else {
            write!(f, " (as \"{}\")", self.written)
        }
    }
}

/// Which text of the report names a State.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// The report's title, subtitle and period, from the Settings sheet.
    Title,
    Subtitle,
    Period,
    /// The section's title, from its plugin.
    SectionTitle,
    /// The notice printed in place of a section that was not produced.
    NotProduced,
    Paragraph,
    Heading,
    Bullet,
    ChallengesHeading,
    Challenge,
    QuestionsIntro,
    Question,
    TableTitle,
    TableColumn {
        table: String,
    },
    ChartTitle,
    ChartCategory {
        chart: String,
    },
    ChartSeries {
        chart: String,
    },
    /// The title of an axis (`x_title`, `y_title`), also the heading of the categories in the
    /// table of the chart's values.
    ChartAxisTitle {
        chart: String,
    },
    /// The sentence under a chart (`note`).
    ChartNote {
        chart: String,
    },
    /// A figure's label or value (shown in the workbook only, today).
    Figure {
        name: String,
    },
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Title => f.write_str("the report's title"),
            Text::Subtitle => f.write_str("the report's subtitle"),
            Text::Period => f.write_str("the report's period"),
            Text::SectionTitle => f.write_str("the section's title"),
            Text::NotProduced => f.write_str("the notice that the section was not produced"),
            Text::Paragraph => f.write_str("this paragraph"),
            Text::Heading => f.write_str("this heading"),
            Text::Bullet => f.write_str("this bullet"),
            Text::ChallengesHeading => f.write_str("the heading over the challenges"),
            Text::Challenge => f.write_str("this challenge"),
            Text::QuestionsIntro => f.write_str("the introduction to the questions"),
            Text::Question => f.write_str("this question"),
            Text::TableTitle => f.write_str("the title of this table"),
            Text::TableColumn { table } => write!(f, "a column header of the table \"{table}\""),
            Text::ChartTitle => f.write_str("the title of this chart"),
            Text::ChartCategory { chart } => write!(f, "a category of the chart \"{chart}\""),
            Text::ChartSeries { chart } => write!(f, "a series name of the chart \"{chart}\""),
            Text::ChartAxisTitle { chart } => write!(f, "an axis title of the chart \"{chart}\""),
            Text::ChartNote { chart } => write!(f, "the note under the chart \"{chart}\""),
            Text::Figure { name } => write!(f, "the figure \"{name}\""),
        }
    }
}

impl fmt::Display for ReviewProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let in_section = |section: &Option<String>| match section {
            Some(s) => format!(" ({s})"),
            None => String::new(),
        };
        match self {
            ReviewProblem::NamesStates {
                text,
                states,
                excerpt,
                section,
            } => {
                let states: Vec<String> = states.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "{text}{} names {}, but the report may not name States: \"{excerpt}\"",
                    in_section(section),
                    list(&states, "and")
                )
            }
            ReviewProblem::TableNamesStates {
                table,
                states,
                row,
                column,
                cell,
                section,
            } => {
                let named = if states.len() <= 3 {
                    list(states, "and")
                } else {
                    let others = count(states.len() as i64 - 2, "other");
                    format!("{}, {} and {others}", states[0], states[1])
                };
                write!(
                    f,
                    "the table \"{table}\"{} names {} in its cells ({named}; first in row {row}, column \"{column}\": \"{cell}\"), but the report may not name States",
                    in_section(section),
                    count(states.len() as i64, "State"),
                )
            }
        }
    }
}

impl Kind for ReviewProblem {
    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn hint(&self) -> Option<String> {
        let what = match self {
            ReviewProblem::NamesStates { .. } => "write it without naming a State",
            ReviewProblem::TableNamesStates { .. } => "leave the States out of the table",
        };
        Some(format!(
            "{what}; if the mention is allowed (the host of a meeting, say), add it to the setting \
             \"{ALLOWED_MENTIONS}\"; if this project's report may name States, set \"{MAY_NAME_STATES}\" \
             to yes"
        ))
    }

    fn found(&self) -> Option<String> {
        match self {
            ReviewProblem::NamesStates { states, .. } => {
                let written: Vec<&str> = states.iter().map(|n| n.written.as_str()).collect();
                Some(list(&written, "and"))
            }
            ReviewProblem::TableNamesStates { states, .. } => Some(list(states, "and")),
        }
    }

    fn expected(&self) -> Option<String> {
        Some("no State named in the circulated report".to_string())
    }
}

impl ReviewProblem {
    /// One of each kind, for tests and for documentation of the messages.
    pub fn examples() -> Vec<Self> {
        vec![
            ReviewProblem::NamesStates {
                text: Text::Paragraph,
                states: vec![Named {
                    state: "Chile".into(),
                    written: "Chile".into(),
                }],
                excerpt: "In 2011, Chile reported two steps on action 3.".into(),
                section: None,
            },
            ReviewProblem::NamesStates {
                text: Text::Question,
                states: vec![
                    Named {
                        state: "Lao People's Democratic Republic".into(),
                        written: "Lao PDR".into(),
                    },
                    Named {
                        state: "Lebanon".into(),
                        written: "Lebanon".into(),
                    },
                ],
                excerpt: "How can the Lao PDR and Lebanon be supported?".into(),
                section: Some("section 8, Victim assistance".into()),
            },
            ReviewProblem::TableNamesStates {
                table: "States that joined since the 1MSP".into(),
                states: vec![
                    "Ghana".into(),
                    "Swaziland".into(),
                    "Chile".into(),
                    "Norway".into(),
                ],
                row: 1,
                column: "State".into(),
                cell: "Ghana".into(),
                section: None,
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Place, Problem};

    #[test]
    fn every_kind_reads_as_a_coordinator_needs_it() {
        let shown: Vec<String> = ReviewProblem::examples()
            .into_iter()
            .map(|k| Problem::new(Place::plugin("plugins/04_u.lua", Some(12)), k).to_string())
            .collect();
        let hint = "; if the mention is allowed (the host of a meeting, say), add it to the setting \"Allowed mentions of States\"; if this project's report may name States, set \"Report may name States\" to yes";
        assert_eq!(
            shown,
            [
                format!("error: plugins/04_u.lua, line 12: this paragraph names Chile, but the report may not name States: \"In 2011, Chile reported two steps on action 3.\"\n  hint: write it without naming a State{hint}"),
                format!("error: plugins/04_u.lua, line 12: this question (section 8, Victim assistance) names Lao People's Democratic Republic (as \"Lao PDR\") and Lebanon, but the report may not name States: \"How can the Lao PDR and Lebanon be supported?\"\n  hint: write it without naming a State{hint}"),
                format!("error: plugins/04_u.lua, line 12: the table \"States that joined since the 1MSP\" names four States in its cells (Ghana, Swaziland and two others; first in row 1, column \"State\": \"Ghana\"), but the report may not name States\n  hint: leave the States out of the table{hint}"),
            ]
        );
    }

    #[test]
    fn every_text_is_named_in_words() {
        let texts = [
            Text::Title,
            Text::Subtitle,
            Text::Period,
            Text::SectionTitle,
            Text::NotProduced,
            Text::Paragraph,
            Text::Heading,
            Text::Bullet,
            Text::ChallengesHeading,
            Text::Challenge,
            Text::QuestionsIntro,
            Text::Question,
            Text::TableTitle,
            Text::TableColumn { table: "T".into() },
            Text::ChartTitle,
            Text::ChartCategory { chart: "C".into() },
            Text::ChartSeries { chart: "C".into() },
            Text::ChartAxisTitle { chart: "C".into() },
            Text::ChartNote { chart: "C".into() },
            Text::Figure { name: "F".into() },
        ];
        let mut words: Vec<String> = texts.iter().map(ToString::to_string).collect();
        words.sort();
        words.dedup();
        assert_eq!(words.len(), texts.len());
    }
}
