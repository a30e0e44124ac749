//! `actionplan explain`: where something in the outputs comes from. Runs the same reading
//! and sections as `build`, writes nothing, and prints it with the rule (the plugin's file and
//! line) and every row behind it:
//!
//! - a figure (`explain 4.parties_at_1msp`): its value, label, rule and rows (this file);
//! - a State (`explain Albania`): every value the sections computed about it and every row
//!   about it in every workbook; one of its values (`explain Albania initial_due`)
//!   (`explain/state.rs`);
//! - a cell of the consolidated workbook (`explain "States!F12"`, `explain "11 Transparency!B9"`)
//!   (`explain/cell.rs`).
//!
//! A single name is a State when the States list has it (as a name or an alias), else a
//! figure: a figure named like a State is reached with its section number, which a State's
//! name never has.

mod cell;
mod state;

use std::fmt;
use std::path::Path;

use anyhow::Result;

use crate::cli::ExplainArgs;
use crate::model::report::{Figure, Outcome, Record, Report, Section};
use crate::model::table::Dataset;
use crate::model::tracker::Tracker;
use crate::pipeline;
use crate::problem::terminal::visible;
use crate::text::grammar::{count, list};
use crate::text::suggest::{self, fold};

pub fn run(dir: &Path, args: &ExplainArgs) -> Result<i32> {
    let mut checked = pipeline::open(dir)?;
    let report = checked.report(&args.limits.limits())?;
    let (dataset, problems) = (&checked.dataset, &checked.problems);
    let ask = Ask::new(&report, dataset);
    let what = args.what.trim();
    let answer = match &args.value {
        Some(value) => state::value_of(&ask, what, value.trim()),
        None if what.contains('!') => cell::explain(&ask, what),
        None => ask.name(what),
    };
    Ok(match answer {
        Ok(text) => {
            // Text from workbooks and plugins shows its control characters (src/problem/terminal.rs).
            print!("{}", visible(&text));
            if problems.has_errors() {
                eprintln!(
                    "Note: reading the workbooks and running the sections found {}; a cell with an error \
                     counts as empty, which can change a figure. `actionplan check` lists them.",
                    count(problems.errors() as i64, "error")
                );
            }
            0
        }
        Err(refusal) => {
            eprint!("{}", visible(&refusal.to_string()));
            2
        }
    })
}

/// What `explain` looks things up in: the report, the data and the grid of per-State values.
struct Ask<'a> {
    report: &'a Report,
    dataset: &'a Dataset,
    tracker: Tracker<'a>,
    figures: Vec<(&'a Section, &'a Figure)>,
}

/// Why `explain` cannot answer: the message, then hints and notes, as problems are printed.
#[derive(Debug, Default)]
struct Refusal {
    message: String,
    hints: Vec<String>,
    notes: Vec<String>,
}

impl Refusal {
    fn new(message: impl Into<String>) -> Refusal {
        Refusal {
            message: message.into(),
            ..Refusal::default()
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Refusal {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        for h in &self.hints {
            writeln!(f, "  hint: {h}")?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}

type Answer = std::result::Result<String, Refusal>;

impl<'a> Ask<'a> {
    fn new(report: &'a Report, dataset: &'a Dataset) -> Ask<'a> {
        let figures = report
            .sections
            .iter()
            .filter_map(|s| s.content().map(|c| (s, c)))
            .flat_map(|(s, c)| c.figures.iter().map(move |f| (s, f)))
            .collect();
        Ask {
            report,
            dataset,
            tracker: Tracker::new(report, &dataset.states),
            figures,
        }
    }

    /// One name: a State, or else a figure.
    fn name(&self, wanted: &str) -> Answer {
        let found = find(&self.figures, wanted);
        if let Some(state) = self.dataset.states.resolve(wanted) {
            if let [(section, figure), ..] = found.as_slice() {
                eprintln!(
                    "note: \"{wanted}\" is also the name of a figure; for the figure: actionplan explain {}",
                    qualified(section, figure)
                );
            }
            return Ok(state::explain_state(self, state));
        }
        match found.as_slice() {
            [(section, figure)] => Ok(explain(section, figure, self.dataset)),
            [] => Err(self.not_found(wanted)),
            several => {
                let names: Vec<String> = several.iter().map(|(s, f)| qualified(s, f)).collect();
                Err(Refusal::new(format!(
                    "{} sections have a figure called \"{wanted}\": {}",
                    crate::text::grammar::number(several.len() as f64),
                    list(&names, "and")
                ))
                .hint(format!(
                    "name one with its section number, e.g. actionplan explain {}",
                    names[0]
                )))
            }
        }
    }

    /// The figure of a section by its name, if it has one (for a cell of its Figures table).
    fn figure_of(&self, section: &Section, name: &str) -> Option<&'a Figure> {
        self.figures
            .iter()
            .find(|(s, f)| std::ptr::eq(*s, section) && f.name == name)
            .map(|(_, f)| *f)
    }

    fn not_found(&self, wanted: &str) -> Refusal {
        let figures = &self.figures;
        let mut refusal = Refusal::new(format!("the report has no figure called \"{wanted}\""));
        let names: Vec<String> = figures.iter().map(|(s, f)| qualified(s, f)).collect();
        let bare = wanted
            .split_once('.')
            .map(|(_, rest)| rest)
            .unwrap_or(wanted);
        let close = suggest::did_you_mean(wanted, names.iter().map(String::as_str)).or_else(|| {
            let name = suggest::did_you_mean(bare, figures.iter().map(|(_, f)| f.name.as_str()))?;
            let i = figures.iter().position(|(_, f)| f.name == name)?;
            Some(names[i].as_str())
        });
        let state = || self.dataset.states.suggest(wanted);
        refusal = match (close, state()) {
            (Some(name), _) => refusal.hint(format!("did you mean \"{name}\"?")),
            (None, Some(state)) => refusal.hint(format!("did you mean the State \"{state}\"?")),
            (None, None) if names.is_empty() => refusal,
            (None, None) if names.len() <= 40 => {
                refusal.hint(format!("the figures are {}", list(&names, "and")))
            }
            (None, None) => refusal.hint(format!(
                "the Summary sheet of out/consolidated.xlsx lists all {} figures",
                names.len()
            )),
        };
        for s in &self.report.sections {
            if let Outcome::Failed(reason) = &s.outcome {
                refusal.notes.push(format!(
                    "{} was not produced, so its figures are missing: {reason}",
                    s.heading().in_sentence()
                ));
            }
        }
        refusal
    }
}

/// "4.parties_at_1msp".
fn qualified(section: &Section, figure: &Figure) -> String {
    match section.number {
        Some(n) => format!("{n}.{}", figure.name),
        None => figure.name.clone(),
    }
}

/// The figures a name stands for: "4.parties_at_1msp" (section 4 only) or "parties_at_1msp"
/// (any section); case does not matter.
fn find<'a>(figures: &[(&'a Section, &'a Figure)], wanted: &str) -> Vec<(&'a Section, &'a Figure)> {
    let (number, name) = match wanted.split_once('.') {
        Some((n, rest)) if n.trim().parse::<i64>().is_ok() => {
            (n.trim().parse::<i64>().ok(), rest.trim())
        }
        _ => (None, wanted),
    };
    figures
        .iter()
        .filter(|(s, f)| fold(&f.name) == fold(name) && number.is_none_or(|n| s.number == Some(n)))
        .copied()
        .collect()
}

/// The text printed for a figure.
pub fn explain(section: &Section, figure: &Figure, dataset: &Dataset) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Figure {} ({})\n",
        qualified(section, figure),
        section.heading().aside()
    ));
    out.push_str(&format!("  Value:  {}\n", figure.value.grouped()));
    out.push_str(&format!("  Label:  {}\n", figure.label));
    if let Some(d) = figure.as_of {
        out.push_str(&format!("  As of:  {}\n", crate::model::dates::long(d)));
    }
    let file = figure.file.as_deref().unwrap_or(&section.file);
    let rule = match figure.line {
        Some(line) => format!("{file}, line {line}"),
        None => file.to_string(),
    };
    out.push_str(&format!("  Rule:   {rule}\n"));
    if let Some(note) = figure.drawn.sentence(figure.rows.len()) {
        out.push_str(&format!("  Note:   {note}\n"));
    }
    out.push('\n');
    if figure.rows.is_empty() {
        out.push_str(
            "The plugin gave no rows for this figure (it is worked out from other figures or settings); \
             read the rule above.\n",
        );
        return out;
    }
    let rows = figure.rows.len() as i64;
    out.push_str(&format!(
        "{} behind it:\n",
        if rows == 1 {
            "The one row".to_string()
        } else {
            format!("The {} rows", crate::text::grammar::group_thousands(rows))
        }
    ));
    for r in &figure.rows {
        let Some(table) = dataset.table(&r.table) else {
            out.push_str(&format!(
                "  a row of the sheet {} (no longer loaded)\n",
                r.table
            ));
            continue;
        };
        let Some(record) = Record::new(table, r.row) else {
            continue;
        };
        out.push_str(&format!("  {}: {record}\n", record.place()));
    }
    out
}
