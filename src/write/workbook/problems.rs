//! The Problems sheet: every problem found, one per row, with its file, sheet and cell, as
//! `actionplan check` prints them, and the warnings of the outputs themselves. It is written
//! last, when every warning is known.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{headers, write_grid, Grid};
use super::{page, Formats};
use crate::model::report::NumberFormat;
use crate::model::value::Value;
use crate::problem::{OutputProblem, Problem, Whole};
use crate::write::{clean, limits};

/// Widest the Problem and Hint columns get; their text wraps beyond.
const PROBLEM_WIDTH: f64 = 60.0;
const HINT_WIDTH: f64 = 45.0;
const OTHER_WIDTH: f64 = 24.0;

/// The sheet's rows, one per problem; a text longer than a cell holds is cut here, and a
/// warning about it (with its own row) is added to `warnings`.
pub(super) fn rows<'a>(
    problems: impl Iterator<Item = &'a Problem>,
    warnings: &mut Vec<Problem>,
) -> Vec<Vec<Value>> {
    let mut cut = Vec::new();
    let mut rows: Vec<Vec<Value>> = problems
        .enumerate()
        .map(|(i, p)| {
            let mut field = |col: u32, t: Option<String>| match t {
                None => Value::Empty,
                Some(t) => {
                    let t = clean::controls(&t).into_owned();
                    match clean::fit_cell(&t) {
                        None => Value::text(t),
                        Some(short) => {
                            let what = match col {
                                4 => "the text of a problem",
                                5 => "the value found, in a problem",
                                6 => "what was expected, in a problem",
                                7 => "the hint of a problem",
                                _ => "the place of a problem",
                            };
                            cut.push(Problem::new(
                                p.place.clone(),
                                OutputProblem::TextCut {
                                    what: what.into(),
                                    to: format!(
                                        "the Problems sheet, cell {}",
                                        crate::text::cellref::a1(i as u32 + 1, col)
                                    ),
                                    chars: t.chars().count(),
                                    whole: Whole::Terminal,
                                },
                            ));
                            Value::text(short)
                        }
                    }
                }
            };
            vec![
                Value::text(p.severity().as_str()),
                field(1, Some(p.place.file_name().to_string())),
                field(2, p.place.sheet_name().map(str::to_string)),
                field(3, p.place.position()),
                field(4, Some(p.message())),
                field(5, p.found()),
                field(6, p.expected()),
                field(7, p.hint()),
            ]
        })
        .collect();
    // The warnings about cut problems are short: they are listed as they are.
    for p in &cut {
        rows.push(vec![
            Value::text(p.severity().as_str()),
            Value::text(p.place.file_name()),
            p.place.sheet_name().map(Value::text).unwrap_or_default(),
            p.place.position().map(Value::text).unwrap_or_default(),
            Value::text(p.message()),
            Value::Empty,
            Value::Empty,
            p.hint().map(Value::text).unwrap_or_default(),
        ]);
    }
    warnings.extend(cut);
    rows
}

/// Writes the Problems sheet, continued on further sheets (`names`) when its rows are more
/// than one sheet holds.
pub(super) fn write(
    names: &[String],
    rows: &[Vec<Value>],
    report_title: &str,
    f: &Formats,
) -> Result<Vec<Worksheet>> {
    let headers = headers(&[
        "Severity",
        "File",
        "Sheet",
        "Cell or line",
        "Problem",
        "Found",
        "Expected",
        "Hint",
    ]);
    let formats = vec![NumberFormat::Plain; headers.len()];
    let whole = Grid {
        headers: headers.clone(),
        rows,
        formats: formats.clone(),
        wrap: true,
    };
    let mut widths = whole.widths();
    for (c, w) in widths.iter_mut().enumerate() {
        let max = match c {
            4 => PROBLEM_WIDTH,
            7 => HINT_WIDTH,
            _ => OTHER_WIDTH,
        };
        *w = w.min(max);
    }
    let per_sheet = limits::sheet_rows() as usize - 1;
    let mut sheets = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let part = &rows[(i * per_sheet).min(rows.len())..((i + 1) * per_sheet).min(rows.len())];
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        let grid = Grid {
            headers: headers.clone(),
            rows: part,
            formats: formats.clone(),
            wrap: true,
        };
        write_grid(&mut ws, 0, &grid, &widths, false, f)?;
        ws.set_freeze_panes(1, 0)?;
        page::setup(&mut ws, report_title, widths.iter().sum(), Some((0, 0)))?;
        sheets.push(ws);
    }
    Ok(sheets)
}
