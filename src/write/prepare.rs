//! The report made ready for every output before any is written: text that no output can
//! hold is mended (control characters left out), a chart with nothing to draw is noted, and
//! each change is a warning that names where the value came from. The writers then work on a
//! report they can write whole, and the warnings are known before the Problems sheet is.
//!
//! What only the workbook cannot hold (a text longer than a cell, more rows than a sheet) is
//! mended where the workbook is written, which knows the cell it goes to (`workbook`).

use crate::model::report::{Block, Outcome, Report, Section};
use crate::model::value::Value;
use crate::problem::{OutputProblem, Place, Problem};

use super::clean;

/// The report as the writers get it, and the warnings about what was changed.
pub fn prepare(report: &Report) -> (Report, Vec<Problem>) {
    let mut report = report.clone();
    let mut notes = Vec::new();
    {
        let settings = Place::file("workbooks/");
        let mut fix = |text: &mut String, what: &str| {
            mend(
                text,
                || {
                    (
                        settings.clone(),
                        format!("the report's {what} (Settings sheet)"),
                    )
                },
                &mut notes,
            );
        };
        fix(&mut report.title, "title");
        if let Some(s) = &mut report.subtitle {
            fix(s, "subtitle");
        }
        if let Some(p) = &mut report.period {
            fix(p, "period");
        }
    }
    for s in &mut report.sections {
        section(s, &mut notes);
    }
    (report, notes)
}

/// Leaves out of `text` what no output holds; a warning says so, placed by `whence`.
fn mend(text: &mut String, whence: impl FnOnce() -> (Place, String), notes: &mut Vec<Problem>) {
    if clean::has_controls(text) {
        *text = clean::controls(text).into_owned();
        let (place, what) = whence();
        notes.push(Problem::new(
            place,
            OutputProblem::ControlCharacters { what },
        ));
    }
}

fn mend_value(v: &mut Value, whence: impl FnOnce() -> (Place, String), notes: &mut Vec<Problem>) {
    if let Value::Text(t) | Value::Error(t) = v {
        if clean::has_controls(t) {
            let cleaned = clean::controls(t).into_owned();
            match v {
                Value::Error(_) => *v = Value::Error(cleaned.into()),
                _ => *v = Value::text(cleaned),
            }
            let (place, what) = whence();
            notes.push(Problem::new(
                place,
                OutputProblem::ControlCharacters { what },
            ));
        }
    }
}

fn section(s: &mut Section, notes: &mut Vec<Problem>) {
    let place = Place::file(&s.file);
    // Names in warnings are given as mended: the title first.
    let title = clean::has_controls(&s.title);
    s.title = clean::controls(&s.title).into_owned();
    let name = s.heading().in_sentence();
    let whence = |what: String| (place.clone(), what);
    if title {
        notes.push(Problem::new(
            place.clone(),
            OutputProblem::ControlCharacters {
                what: format!("the title of {name}"),
            },
        ));
    }
    if let Some(sheet) = &mut s.sheet {
        mend(sheet, || whence(format!("the sheet name of {name}")), notes);
    }
    let content = match &mut s.outcome {
        Outcome::Failed(reason) => {
            mend(
                reason,
                || whence(format!("the reason {name} was not produced")),
                notes,
            );
            return;
        }
        Outcome::Produced(c) => c,
    };
    for (i, b) in content.blocks.iter_mut().enumerate() {
        let what = || whence(format!("text block {} of {name}", i + 1));
        match b {
            Block::Paragraph(t) | Block::Heading(t) => mend(&mut t.text, what, notes),
            Block::Bullets(items) => {
                for t in items {
                    mend(&mut t.text, what, notes);
                }
            }
        }
    }
    for t in &mut content.challenges {
        mend(
            &mut t.text,
            || whence(format!("a challenge of {name}")),
            notes,
        );
    }
    for t in &mut content.questions {
        mend(
            &mut t.text,
            || whence(format!("a question of {name}")),
            notes,
        );
    }
    if let Some(t) = &mut content.questions_intro {
        mend(
            &mut t.text,
            || whence(format!("the questions' introduction of {name}")),
            notes,
        );
    }
    for f in &mut content.figures {
        let what = format!("the figure {} of {name}", f.name);
        mend(&mut f.label, || whence(what.clone()), notes);
        mend_value(&mut f.value, || whence(what.clone()), notes);
    }
    for t in &mut content.tables {
        // One warning for the table, however many of its texts were mended.
        let mut quiet = Vec::new();
        mend(&mut t.title, || (place.clone(), String::new()), &mut quiet);
        for c in &mut t.columns {
            mend(c, || (place.clone(), String::new()), &mut quiet);
        }
        for v in t.rows.iter_mut().flatten() {
            mend_value(v, || (place.clone(), String::new()), &mut quiet);
        }
        if !quiet.is_empty() {
            notes.push(Problem::new(
                place.clone(),
                OutputProblem::ControlCharacters {
                    what: format!("the table \"{}\" of {name}", t.title),
                },
            ));
        }
    }
    for placed in &mut content.charts {
        // The chart itself, whose fields are borrowed one by one.
        let c = &mut placed.item;
        let mut texts: Vec<&mut String> = vec![&mut c.title];
        texts.extend(c.categories.iter_mut());
        texts.extend(c.series.iter_mut().map(|s| &mut s.name));
        texts.extend(
            [&mut c.x_title, &mut c.y_title, &mut c.note]
                .into_iter()
                .flatten(),
        );
        let dirty = texts.iter().any(|t| clean::has_controls(t));
        for t in texts {
            if clean::has_controls(t) {
                *t = clean::controls(t).into_owned();
            }
        }
        let what = format!("the chart \"{}\" of {name}", c.title);
        if dirty {
            notes.push(Problem::new(
                place.clone(),
                OutputProblem::ControlCharacters { what: what.clone() },
            ));
        }
        if c.categories.is_empty() {
            notes.push(Problem::new(
                place.clone(),
                OutputProblem::ChartWithoutData { what },
            ));
        }
    }
}
