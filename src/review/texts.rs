//! Every circulated text of the report, with where it was written: the narrative walk that the
//! renderers consume (write/narrative.rs), kept to what [`audience`] says is circulated, each
//! text with its place (the plugin line that each text, table and chart carries as its origin,
//! the Settings cell of the title, the plugin file of a section's title).
//!
//! The match on the walk's items is exhaustive on purpose: an item added to the walk does not
//! compile here until it is said what it shows.

use std::borrow::Cow;

use crate::check::dictionary::Dictionary;
use crate::model::report::{Origin, Report, ReportTable, Section};
use crate::model::table::Dataset;
use crate::model::value::Value;
use crate::problem::{Place, Text};
use crate::review::audience::{self, Audience};
use crate::review::setting;
use crate::write::narrative::{self, Item, Reader};

/// One circulated text, or a table, whose cells are reviewed together.
pub enum Piece<'r> {
    Text {
        text: Cow<'r, str>,
        what: Text,
        place: Place,
        /// "section 4, Universalization", when the place is outside the section's plugin.
        section: Option<String>,
    },
    Table {
        table: &'r ReportTable,
        place: Place,
        section: Option<String>,
    },
}

/// Calls `f` with every circulated text of `report`, in report order.
pub fn each<'r>(
    report: &'r Report,
    dataset: &Dataset,
    dictionary: &Dictionary,
    mut f: impl FnMut(Piece<'r>),
) {
    let mut sections = report.sections.iter();
    let mut at = At::default();
    for item in narrative::walk(report) {
        let circulated = audience::of(&item) == Audience::Circulated;
        let mut text = |text: Cow<'r, str>, what: Text, place: (Place, Option<String>)| {
            if circulated {
                f(Piece::Text {
                    text,
                    what,
                    place: place.0,
                    section: place.1,
                });
            }
        };
        match item {
            Item::Title {
                title,
                subtitle,
                period,
            } => {
                let setting = |name| (setting::place(name, dataset, dictionary), None);
                text(title.into(), Text::Title, setting("Title"));
                if let Some(s) = subtitle {
                    text(s.into(), Text::Subtitle, setting("Subtitle"));
                }
                if let Some(p) = period {
                    text(p.into(), Text::Period, setting("Period"));
                }
            }
            Item::SectionStart(heading) => {
                at = At {
                    section: sections.next(),
                };
                text(heading.to_string().into(), Text::SectionTitle, at.file());
            }
            Item::NotProduced(notice) => {
                let notice = notice.sentence(Reader::Document);
                text(notice.into(), Text::NotProduced, at.file());
            }
            Item::Paragraph(p) => text(p.into(), Text::Paragraph, at.origin(p.origin)),
            Item::Heading(h) => text(h.into(), Text::Heading, at.origin(h.origin)),
            Item::Bullets(items) => {
                for item in items {
                    text(item.into(), Text::Bullet, at.origin(item.origin));
                }
            }
            Item::Challenges { heading, items } => {
                text(heading.into(), Text::ChallengesHeading, at.file());
                for c in items {
                    text(c.into(), Text::Challenge, at.origin(c.origin));
                }
            }
            Item::Questions { intro, items } => {
                text(intro.into(), Text::QuestionsIntro, at.origin(intro.origin));
                for q in items {
                    text(q.into(), Text::Question, at.origin(q.origin));
                }
            }
            Item::Figures(figures) => {
                for figure in figures {
                    let origin = Origin {
                        file: figure.file.clone(),
                        line: figure.line,
                    };
                    let place = at.origin(Some(&origin));
                    let what = || Text::Figure {
                        name: figure.name.clone(),
                    };
                    text((&figure.label).into(), what(), place.clone());
                    if let Value::Text(value) = &figure.value {
                        text(value.as_ref().into(), what(), place);
                    }
                }
            }
            Item::Table(table) => {
                let (place, section) = at.origin(Some(&table.origin));
                if circulated {
                    f(Piece::Table {
                        table,
                        place,
                        section,
                    });
                }
            }
            Item::Chart(chart) => {
                let place = at.origin(Some(&chart.origin));
                let name = || chart.title.clone();
                text((&chart.title).into(), Text::ChartTitle, place.clone());
                for c in &chart.categories {
                    let what = Text::ChartCategory { chart: name() };
                    text(c.into(), what, place.clone());
                }
                for s in &chart.series {
                    let what = Text::ChartSeries { chart: name() };
                    text((&s.name).into(), what, place.clone());
                }
                // The documents show the axis titles on the picture and over the table of its
                // values, and the note under it.
                for axis in [&chart.x_title, &chart.y_title].into_iter().flatten() {
                    let what = Text::ChartAxisTitle { chart: name() };
                    text(axis.into(), what, place.clone());
                }
                if let Some(note) = &chart.note {
                    text(
                        note.into(),
                        Text::ChartNote { chart: name() },
                        place.clone(),
                    );
                }
            }
            // The tool's own words, the same in every report: they name no State.
            Item::IllustrativeNote | Item::SectionEnd => {}
        }
    }
}

/// Where the walk is: the section whose texts come, to place a text by its origin.
#[derive(Default)]
struct At<'r> {
    section: Option<&'r Section>,
}

impl At<'_> {
    /// The section's plugin file, for what it declares rather than writes (its title).
    fn file(&self) -> (Place, Option<String>) {
        self.origin(None)
    }

    /// The place of a text written at `origin`, and the section when that is outside its
    /// plugin (a helper in plugins/lib/); the plugin file when the origin is not known.
    fn origin(&self, origin: Option<&Origin>) -> (Place, Option<String>) {
        let file = self.section.map_or("plugins/", |s| s.file.as_str());
        match origin {
            Some(Origin {
                file: Some(f),
                line,
            }) => {
                let aside = (f != file)
                    .then(|| self.section.map(|s| s.heading().aside()))
                    .flatten();
                (Place::plugin(f, *line), aside)
            }
            Some(Origin { file: None, line }) => (Place::plugin(file, *line), None),
            None => (Place::plugin(file, None), None),
        }
    }
}
