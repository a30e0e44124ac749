//! The Summary sheet: the report's title, then every figure of every section in one table,
//! with a line for a section that gives none or was not produced.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{headers, write_grid, write_text, Grid};
use super::{illustrative, page, Formats, ILLUSTRATIVE};
use crate::model::report::{NumberFormat, Outcome, Report};
use crate::model::value::Value;
use crate::problem::{OutputProblem, Place, Problem, Whole};
use crate::write::limits;

/// The row of the table's header.
const HEADER_ROW: u32 = 3;
/// Widest the Title and Label columns get; their text wraps beyond.
const TITLE_WIDTH: f64 = 32.0;
const LABEL_WIDTH: f64 = 58.0;
/// Widest the column of how a figure drew on illustrative rows gets; its text wraps beyond.
const ILLUSTRATIVE_WIDTH: f64 = 30.0;

pub(super) fn write(
    ws: &mut Worksheet,
    name: &str,
    report: &Report,
    f: &Formats,
    warnings: &mut Vec<Problem>,
) -> Result<()> {
    ws.set_name(name)?;
    write_text(ws, 0, 0, &report.title, &f.title)?;
    if let Some(period) = &report.period {
        write_text(ws, 1, 0, period, &f.subtitle)?;
    }
    let headers = headers(&[
        "Section",
        "Title",
        "Figure",
        "Label",
        "Value",
        "As of",
        "Rows behind it",
        ILLUSTRATIVE,
    ]);
    let mut rows = Vec::new();
    // The section of each row, to say where a text that had to be cut came from.
    let mut whose = Vec::new();
    for (i, s) in report.sections.iter().enumerate() {
        let number = s
            .number
            .map(|n| Value::Number(n as f64))
            .unwrap_or_default();
        // A section without figures still gets its line, saying why in the Label column.
        let line = |label: String| {
            vec![
                number.clone(),
                Value::text(&s.title),
                Value::Empty,
                Value::text(label),
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
            ]
        };
        match &s.outcome {
            Outcome::Produced(c) if c.figures.is_empty() => {
                rows.push(line("(this section gives no figures)".to_string()));
                whose.push(i);
            }
            Outcome::Produced(c) => {
                for fig in &c.figures {
                    rows.push(vec![
                        number.clone(),
                        Value::text(&s.title),
                        Value::text(&fig.name),
                        Value::text(&fig.label),
                        fig.value.clone(),
                        fig.as_of.map(Value::Date).unwrap_or_default(),
                        Value::Number(fig.rows.len() as f64),
                        illustrative(fig),
                    ]);
                    whose.push(i);
                }
            }
            Outcome::Failed(reason) => {
                rows.push(line(format!("not produced: {reason}")));
                whose.push(i);
            }
        }
    }
    let room = (limits::sheet_rows() - HEADER_ROW - 1) as usize;
    if rows.len() > room {
        warnings.push(Problem::new(
            Place::file("plugins/"),
            OutputProblem::RowsCut {
                what: "the list of every section's figures".into(),
                to: format!("sheet {name}"),
                rows: rows.len(),
                kept: room,
            },
        ));
        rows.truncate(room);
    }
    use NumberFormat::{Number, Plain};
    let grid = Grid {
        headers,
        rows: &rows,
        formats: vec![Plain, Plain, Plain, Plain, Number, Plain, Number, Plain],
        wrap: true,
    };
    let mut widths = grid.widths();
    widths[1] = widths[1].min(TITLE_WIDTH);
    widths[3] = widths[3].min(LABEL_WIDTH);
    widths[7] = widths[7].min(ILLUSTRATIVE_WIDTH);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let written = write_grid(ws, HEADER_ROW, &grid, &widths, false, f)?;
    for (r, c, chars) in written.cuts {
        let s = &report.sections[whose[r]];
        let what = match (c, &s.outcome) {
            (3, Outcome::Failed(_)) => {
                format!("the reason {} was not produced", s.heading().in_sentence())
            }
            (3, _) => format!(
                "the label of the figure {} of {}",
                rows[r][2],
                s.heading().in_sentence()
            ),
            (1, _) => format!("the title of {}", s.heading().in_sentence()),
            _ => format!("a value of {}", s.heading().in_sentence()),
        };
        warnings.push(Problem::new(
            Place::file(&s.file),
            OutputProblem::TextCut {
                what,
                to: format!(
                    "sheet {name}, cell {}",
                    crate::text::cellref::a1(HEADER_ROW + 1 + r as u32, c as u32)
                ),
                chars,
                // The reason a section was not produced is in the documents; labels are not.
                whole: if matches!(s.outcome, Outcome::Failed(_)) {
                    Whole::Documents
                } else {
                    Whole::Plugin
                },
            },
        ));
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    page::setup(
        ws,
        &report.title,
        widths.iter().sum(),
        Some((HEADER_ROW, HEADER_ROW)),
    )?;
    Ok(())
}
