//! The Audit sheet: every row behind every figure, with the workbook, sheet and row it came
//! from and the record it holds (`model::report::Record`, as `explain` shows it).

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{headers, write_grid, Grid};
use super::{page, Formats};
use crate::model::report::{Figure, NumberFormat, Record, Report, RowRef};
use crate::model::table::Dataset;
use crate::model::value::Value;
use crate::problem::{OutputProblem, Place, Problem, Whole};
use crate::text::{cellref, grammar};
use crate::write::limits;

/// Rows listed in the Audit sheet for one figure; the rest are counted in a closing line.
/// A figure counted over a whole sheet of casualty records would otherwise list it again.
pub const AUDIT_ROWS_PER_FIGURE: usize = 1_000;
/// Fields of a record shown in its cell: enough to recognise the row, which is in its Data
/// sheet whole.
const RECORD_FIELDS: usize = 8;

/// Widest the Label and Record columns get. Their text stays on one line (the cell holds it
/// whole, and shows it when selected): the sheet lists thousands of rows, and rows of one line
/// keep it to a few dozen printed pages.
const LABEL_WIDTH: f64 = 50.0;
const RECORD_WIDTH: f64 = 120.0;
/// Widest the Provenance column gets, on one line as the record.
const PROVENANCE_WIDTH: f64 = 60.0;
/// The columns of a record and of its provenance, whose texts come from the workbooks.
const RECORD_COL: usize = 7;
const PROVENANCE_COL: usize = 9;

/// The Audit sheet's rows: for each figure, every row behind it (at most
/// [`AUDIT_ROWS_PER_FIGURE`]). `data_names` are the names of the Data sheets, in the order of
/// the dataset's tables.
pub(super) fn rows(report: &Report, dataset: &Dataset, data_names: &[String]) -> Vec<Vec<Value>> {
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
    rows
}

/// Writes the Audit sheet, continued on further sheets (`names`) when its rows are more than
/// one sheet holds.
pub(super) fn write(
    names: &[String],
    rows: &[Vec<Value>],
    report: &Report,
    f: &Formats,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<Worksheet>> {
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
    use NumberFormat::{Number, Plain};
    let formats = vec![
        Plain, Plain, Plain, Number, Plain, Plain, Plain, Plain, Plain, Plain,
    ];
    let whole = Grid {
        headers: headers.clone(),
        rows,
        formats: formats.clone(),
        wrap: false,
    };
    let mut widths = whole.widths();
    widths[2] = whole.widest(2).min(LABEL_WIDTH);
    widths[RECORD_COL] = whole.widest(RECORD_COL).min(RECORD_WIDTH);
    widths[PROVENANCE_COL] = whole.widest(PROVENANCE_COL).min(PROVENANCE_WIDTH);
    let per_sheet = limits::sheet_rows() as usize - 1;
    if names.len() > 1 {
        warnings.push(Problem::new(
            Place::file("plugins/"),
            OutputProblem::RowsContinued {
                what: "the list of the rows behind the figures".into(),
                rows: rows.len(),
                sheets: names.to_vec(),
            },
        ));
    }
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
            wrap: false,
        };
        let written = write_grid(&mut ws, 0, &grid, &widths, false, f)?;
        for (r, c, chars) in written.cuts {
            let row = &part[r];
            // A label comes from its plugin; a record from the workbook it was read from.
            let plugin = || {
                let n = row[0].as_number().map(|n| n as i64);
                report
                    .sections
                    .iter()
                    .find(|s| s.number.is_some() && s.number == n)
                    .map_or(Place::file("plugins/"), |s| Place::file(&s.file))
            };
            let source = || match row[6].as_number() {
                Some(n) if n >= 1.0 => {
                    Place::row(row[4].to_string(), row[5].to_string(), n as u32 - 1)
                }
                _ => Place::file(row[4].to_string()),
            };
            let (place, what) = match c {
                2 => (plugin(), format!("the label of the figure {}", row[1])),
                RECORD_COL => (source(), format!("a record behind the figure {}", row[1])),
                PROVENANCE_COL => (
                    source(),
                    format!("the provenance of a record behind the figure {}", row[1]),
                ),
                _ => (plugin(), format!("a value of the figure {}", row[1])),
            };
            warnings.push(Problem::new(
                place,
                OutputProblem::TextCut {
                    what,
                    to: format!("sheet {name}, cell {}", cellref::a1(r as u32 + 1, c as u32)),
                    chars,
                    whole: if c == RECORD_COL || c == PROVENANCE_COL {
                        Whole::Workbook
                    } else {
                        Whole::Plugin
                    },
                },
            ));
        }
        ws.set_freeze_panes(1, 0)?;
        page::setup(&mut ws, &report.title, widths.iter().sum(), Some((0, 0)))?;
        sheets.push(ws);
    }
    Ok(sheets)
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
