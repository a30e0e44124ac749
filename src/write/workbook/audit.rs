//! The Audit sheet: every row behind every figure, with the workbook, sheet and row it came
//! from and the record it holds (`model::report::Record`, as `explain` shows it).

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{headers, write_table};
use super::Formats;
use crate::model::report::{Figure, Record, Report, RowRef};
use crate::model::table::Dataset;
use crate::model::value::Value;
use crate::text::grammar;

/// Rows listed in the Audit sheet for one figure; the rest are counted in a closing line.
/// A figure counted over a whole sheet of casualty records would otherwise list it again.
pub const AUDIT_ROWS_PER_FIGURE: usize = 1_000;
/// Fields of a record shown in its cell: enough to recognise the row, which is in its Data
/// sheet whole.
const RECORD_FIELDS: usize = 8;

/// `data_names` are the names of the Data sheets, in the order of the dataset's tables.
pub(super) fn write(
    ws: &mut Worksheet,
    name: &str,
    report: &Report,
    dataset: &Dataset,
    data_names: &[String],
    f: &Formats,
) -> Result<()> {
    ws.set_name(name)?;
    let headers = headers(&[
        "Section",
        "Figure",
        "Label",
        "Value",
        "Source workbook",
        "Source sheet",
        "Source row",
        "Record",
        "Illustrative",
        "Provenance",
    ]);
    let mut rows = Vec::new();
    for s in &report.sections {
        let Some(c) = s.content() else { continue };
        let number = s
            .number
            .map(|n| Value::Number(n as f64))
            .unwrap_or_default();
        for fig in &c.figures {
            // Every line of a figure starts with the section and the figure.
            let mut line = |tail: [Value; 6]| {
                let mut v = vec![
                    number.clone(),
                    Value::text(&fig.name),
                    Value::text(&fig.label),
                    fig.value.clone(),
                ];
                v.extend(tail);
                rows.push(v);
            };
            let note = |text: String| {
                let e = || Value::Empty;
                [e(), e(), e(), Value::text(text), e(), e()]
            };
            if fig.rows.is_empty() {
                line(note("(no rows given for this figure)".to_string()));
            }
            for r in fig.rows.iter().take(AUDIT_ROWS_PER_FIGURE) {
                let Some(record) = dataset.table(&r.table).and_then(|t| Record::new(t, r.row))
                else {
                    continue;
                };
                let (illustrative, provenance) = provenance(dataset, r);
                line([
                    Value::text(record.workbook()),
                    Value::text(record.sheet()),
                    Value::Number(record.sheet_row() as f64),
                    Value::text(record.first_fields(RECORD_FIELDS).unquoted().to_string()),
                    illustrative,
                    provenance,
                ]);
            }
            if let Some(more) = more_rows(fig, dataset, data_names) {
                line(note(more));
            }
        }
    }
    write_table(ws, 0, &headers, &mut rows.into_iter(), f, true)?;
    for (c, w) in [9, 26, 50, 12, 28, 20, 11, 90, 12, 40].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

/// Whether a row is illustrative ("yes" or "no") and the cell that says where it comes from
/// (its Source, shown whole however many fields the record has); both empty for a row of a
/// sheet without a provenance column.
fn provenance(dataset: &Dataset, r: &RowRef) -> (Value, Value) {
    let Some(table) = dataset.table(&r.table).filter(|t| t.provenance.is_some()) else {
        return (Value::Empty, Value::Empty);
    };
    let yes_no = if table.is_illustrative(r.row) {
        "yes"
    } else {
        "no"
    };
    let cell = table.provenance_cell(r.row).cloned().unwrap_or_default();
    (Value::text(yes_no), cell)
}

/// "… and 23,456 more rows: see sheet Data Casualties", for a figure with more rows than
/// the sheet lists.
fn more_rows(fig: &Figure, dataset: &Dataset, data_names: &[String]) -> Option<String> {
    let rest = fig
        .rows
        .get(AUDIT_ROWS_PER_FIGURE..)
        .filter(|r| !r.is_empty())?;
    let mut tables: Vec<&str> = Vec::new();
    for r in rest {
        if tables.last() != Some(&&*r.table) && !tables.contains(&&*r.table) {
            tables.push(&r.table);
        }
    }
    let sheets: Vec<&str> = tables
        .iter()
        .filter_map(|name| dataset.tables.iter().position(|t| t.name == *name))
        .filter_map(|i| data_names.get(i).map(String::as_str))
        .collect();
    let more = rest.len();
    let words = if more == 1 { "more row" } else { "more rows" };
    let see = match sheets.len() {
        0 => String::new(),
        1 => format!(": see sheet {}", sheets[0]),
        _ => format!(": see sheets {}", grammar::list(&sheets, "and")),
    };
    Some(format!(
        "… and {} {words}{see}",
        grammar::group_thousands(more as i64)
    ))
}
