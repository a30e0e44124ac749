//! The Summary sheet: the report's title, then every figure of every section in one table,
//! with a line for a section that gives none or was not produced.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{headers, write_table};
use super::{illustrative, Formats, ILLUSTRATIVE};
use crate::model::report::{Outcome, Report};
use crate::model::value::Value;

pub(super) fn write(ws: &mut Worksheet, name: &str, report: &Report, f: &Formats) -> Result<()> {
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, &report.title, &f.title)?;
    if let Some(period) = &report.period {
        ws.write_string_with_format(1, 0, period, &f.subtitle)?;
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
    for s in &report.sections {
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
                rows.push(line("(this section gives no figures)".to_string()))
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
                }
            }
            Outcome::Failed(reason) => rows.push(line(format!("not produced: {reason}"))),
        }
    }
    write_table(ws, 3, &headers, &mut rows.into_iter(), f, true)?;
    for (c, w) in [9, 28, 26, 70, 14, 18, 14, 40].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}
