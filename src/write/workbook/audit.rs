//! The Audit sheet: every row behind every figure, with the workbook, sheet and row it came
//! from and the record it holds (`model::report::Record`, as `explain` shows it).
//!
//! A project of a hundred sections lists some hundred thousand rows, which held whole (the
//! lines, then a sheet's cells) were the write's peak of memory. So the lines are made twice,
//! one at a time, and none is kept: a first pass counts them and measures the columns
//! ([`plan`]), a second writes them in order ([`write`]), a big Audit straight to a temporary
//! file (rust_xlsxwriter's low-memory mode).

use anyhow::{Context, Result};
use rust_xlsxwriter::{Workbook, Worksheet};

use super::cells::{headers, start_grid, GridRow, Measure};
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

/// An Audit with more lines is written row by row straight to a temporary file, in
/// rust_xlsxwriter's low-memory mode (which keeps only the shared texts), rather than held in
/// memory. Not constant-memory mode, even for the longest: its texts written in every cell
/// make the sheet's XML twice as big (105 MB against 46 on a hundred sections) and the save
/// slower, for 4 MB of memory less (measured on the perf branch). Below, a sheet in memory
/// costs little and needs no temporary file.
const BIG_AUDIT_ROWS: usize = 5_000;

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

/// The Audit's columns, and the format of each column's numbers.
const HEADERS: [&str; 10] = [
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
];
const FORMATS: [NumberFormat; 10] = {
    use NumberFormat::{Number, Plain};
    [
        Plain, Plain, Plain, Number, Plain, Plain, Plain, Plain, Plain, Plain,
    ]
};

/// What the Audit is, known before it is written: how many lines it has, the widths of its
/// columns (measured over every line) and whether it is big.
pub(super) struct Plan {
    pub lines: usize,
    widths: Vec<f64>,
    /// Written to a temporary file as it goes ([`BIG_AUDIT_ROWS`]).
    pub big: bool,
}

/// Counts the Audit's lines and measures its columns, keeping no line. `data_names` are the
/// names of the Data sheets, in the order of the dataset's tables.
pub(super) fn plan(report: &Report, dataset: &Dataset, data_names: &[String]) -> Result<Plan> {
    let mut measure = Measure::new(&headers(&HEADERS), &FORMATS);
    let mut lines = 0;
    each_line(report, dataset, data_names, |line| {
        measure.row(line);
        lines += 1;
        Ok(())
    })?;
    let mut widths = measure.widths();
    widths[2] = measure.widest(2).min(LABEL_WIDTH);
    widths[RECORD_COL] = measure.widest(RECORD_COL).min(RECORD_WIDTH);
    widths[PROVENANCE_COL] = measure.widest(PROVENANCE_COL).min(PROVENANCE_WIDTH);
    Ok(Plan {
        lines,
        widths,
        big: lines > BIG_AUDIT_ROWS,
    })
}

/// Makes the Audit's lines one after another and hands each to `visit`: for each figure,
/// every row behind it (at most [`AUDIT_ROWS_PER_FIGURE`]). The same lines in the same order
/// each time.
fn each_line(
    report: &Report,
    dataset: &Dataset,
    data_names: &[String],
    mut visit: impl FnMut(&[Value]) -> Result<()>,
) -> Result<()> {
    for s in &report.sections {
        let Some(c) = s.content() else { continue };
        let number = s
            .number
            .map(|n| Value::Number(n as f64))
            .unwrap_or_default();
        for fig in &c.figures {
            // Every line of a figure starts with the section and the figure.
            let mut line = |tail: [Value; 6]| {
                let mut v = Vec::with_capacity(HEADERS.len());
                v.extend([
                    number.clone(),
                    Value::text(&fig.name),
                    Value::text(&fig.label),
                    fig.value.clone(),
                ]);
                v.extend(tail);
                visit(&v)
            };
            let note = |text: String| {
                let e = || Value::Empty;
                [e(), e(), e(), Value::text(text), e(), e()]
            };
            if fig.rows.is_empty() {
                line(note("(no rows given for this figure)".to_string()))?;
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
                ])?;
            }
            if let Some(more) = more_rows(fig, dataset, data_names) {
                line(note(more))?;
            }
        }
    }
    Ok(())
}

/// Writes the Audit sheet as `plan` says, continued on further sheets (`names`) when its
/// lines are more than one sheet holds. A big Audit's sheets come from `wb`, which holds the
/// texts they share: they must be written while no other sheet of `wb` is (the order of the
/// shared texts, and so the file's bytes, would change from one build to the next).
#[allow(clippy::too_many_arguments)]
pub(super) fn write(
    wb: &mut Workbook,
    names: &[String],
    plan: &Plan,
    report: &Report,
    dataset: &Dataset,
    data_names: &[String],
    f: &Formats,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<Worksheet>> {
    let headers = headers(&HEADERS);
    let widths = &plan.widths;
    let per_sheet = limits::sheet_rows() as usize - 1;
    if names.len() > 1 {
        warnings.push(Problem::new(
            Place::file("plugins/"),
            OutputProblem::RowsContinued {
                what: "the list of the rows behind the figures".into(),
                rows: plan.lines,
                sheets: names.to_vec(),
            },
        ));
    }
    let grid = GridRow {
        columns: headers.len(),
        formats: &FORMATS,
        wrap: false,
        widths,
        // The Audit fills whole columns: their formats are the columns' (a third of the time
        // of writing its cells went to looking a format up for each).
        formatted_columns: true,
    };
    // A sheet with its header, filter and widths in place, ready for its lines.
    let mut start = |i: usize| -> Result<(Worksheet, &str)> {
        let name = names
            .get(i)
            .context("the Audit has more lines than were counted")?;
        let mut ws = if plan.big {
            wb.new_worksheet_with_low_memory()?
        } else {
            Worksheet::new()
        };
        ws.set_name(name)?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        grid.format_columns(&mut ws, f)?;
        let rows = plan.lines.saturating_sub(i * per_sheet).min(per_sheet);
        start_grid(&mut ws, 0, &headers, widths, rows as u32, f)?;
        ws.set_freeze_panes(1, 0)?;
        page::setup(&mut ws, &report.title, widths.iter().sum(), Some((0, 0)))?;
        Ok((ws, name))
    };
    let mut sheets = Vec::new();
    let (mut ws, mut name) = start(0)?;
    // The line's index in its sheet.
    let mut r = 0;
    each_line(report, dataset, data_names, |row| {
        if r == per_sheet {
            let next = start(sheets.len() + 1)?;
            sheets.push(std::mem::replace(&mut ws, next.0));
            name = next.1;
            r = 0;
        }
        let mut cuts = Vec::new();
        grid.write(&mut ws, r as u32 + 1, row, f, |c, chars| {
            cuts.push((c, chars));
        })?;
        for (c, chars) in cuts {
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
        r += 1;
        Ok(())
    })?;
    sheets.push(ws);
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use calamine::{open_workbook, Data, Reader, Xlsx};

    use super::*;
    use crate::model::provenance::Rule;
    use crate::model::report::{Content, Outcome, Section};
    use crate::model::table::{Column, DataTable, Part, RowSource};

    /// A report of three figures over a table of `n` rows with a provenance column: one with
    /// more rows than are listed, one without rows, one whose record is longer than a cell.
    fn report(n: usize) -> (Report, Dataset) {
        let column = |name: &str| Column {
            name: name.to_string(),
            ty: None,
            description: String::new(),
        };
        let columns = vec![column("Incident"), column("Killed"), column("Source")];
        let mut t = DataTable::new("Casualties", columns);
        t.parts.push(Part {
            workbook: "workbooks/victims.xlsx".into(),
            sheet: "Casualties".into(),
            cols: vec![Some(0), Some(1), Some(2)],
        });
        for i in 0..n {
            let source = if i % 3 == 0 { "Illustrative" } else { "Survey" };
            t.push_row(
                vec![
                    Value::text(format!("C-{i}")),
                    Value::Number(i as f64),
                    Value::text(source),
                ],
                RowSource {
                    part: 0,
                    row: i as u32 + 2,
                },
            );
        }
        t.push_row(
            vec![Value::text("x".repeat(40_000)), Value::Empty, Value::Empty],
            RowSource {
                part: 0,
                row: n as u32 + 2,
            },
        );
        t.set_provenance("Source", Rule::Contains(vec!["illustrative".into()]));
        let name: Arc<str> = Arc::from("Casualties");
        let rows = |range: std::ops::Range<usize>| -> Vec<RowRef> {
            range
                .map(|row| RowRef {
                    table: name.clone(),
                    row,
                })
                .collect()
        };
        let figure = |name: &str, rows: Vec<RowRef>| Figure {
            name: name.to_string(),
            label: format!("The {name}"),
            value: Value::Number(rows.len() as f64),
            as_of: None,
            file: None,
            line: None,
            rows,
            drawn: Default::default(),
        };
        let content = Content {
            figures: vec![
                figure("all", rows(0..n)),
                figure("none", vec![]),
                figure("long", rows(n..n + 1)),
            ],
            ..Content::default()
        };
        let section = Section {
            number: Some(8),
            title: "Victim assistance".into(),
            file: "plugins/08_victims.lua".into(),
            sheet: None,
            outcome: Outcome::Produced(Box::new(content)),
        };
        let report = Report {
            title: "T".into(),
            period: None,
            subtitle: None,
            sections: vec![section],
        };
        let dataset = Dataset {
            tables: vec![Arc::new(t)],
            ..Dataset::default()
        };
        (report, dataset)
    }

    /// A big Audit (written to a file as it goes, its lines made twice and never kept) holds
    /// the cells, widths, filter and print setup of one held in memory, with the same warnings.
    #[test]
    fn big_audit_sheets_hold_what_normal_ones_do() {
        let dir = std::env::temp_dir().join(format!("actionplan-audit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (report, dataset) = report(AUDIT_ROWS_PER_FIGURE + 7);
        let data_names = ["Data Casualties".to_string()];
        let names = ["Audit".to_string()];
        let f = Formats::new();
        let mut plan = plan(&report, &dataset, &data_names).unwrap();
        assert_eq!(plan.lines, AUDIT_ROWS_PER_FIGURE + 1 + 1 + 1);
        assert!(!plan.big);
        let mut sheets = Vec::new();
        let mut warned = Vec::new();
        for big in [false, true] {
            plan.big = big;
            let mut wb = Workbook::new();
            wb.set_tempdir(&dir).unwrap();
            let mut warnings = Vec::new();
            let written = write(
                &mut wb,
                &names,
                &plan,
                &report,
                &dataset,
                &data_names,
                &f,
                &mut warnings,
            )
            .unwrap();
            for ws in written {
                wb.push_worksheet(ws);
            }
            let path = dir.join(format!("audit-{big}.xlsx"));
            wb.save(&path).unwrap();
            let mut book: Xlsx<_> = open_workbook(&path).unwrap();
            let range = book.worksheet_range("Audit").unwrap();
            let cells: Vec<Vec<Data>> = range.rows().map(<[calamine::Data]>::to_vec).collect();
            sheets.push((cells, super::super::tests_support::around_cells(&path)));
            warned.push(warnings);
        }
        let (cells, around) = &sheets[0];
        assert_eq!(cells.len(), 1 + plan.lines);
        assert_eq!(cells[0][0], Data::String("Section".into()));
        assert_eq!(cells[1][4], Data::String("workbooks/victims.xlsx".into()));
        assert_eq!(cells[1][8], Data::String("yes".into()));
        assert_eq!(cells[2][9], Data::String("Survey".into()));
        assert_eq!(
            cells[AUDIT_ROWS_PER_FIGURE + 1][7],
            Data::String("… and 7 more rows: see sheet Data Casualties".into())
        );
        assert_eq!(
            cells[AUDIT_ROWS_PER_FIGURE + 2][7],
            Data::String("(no rows given for this figure)".into())
        );
        for part in [
            "<cols>",
            "<autoFilter ref=\"A1:J1004\"/>",
            "<pageSetup ",
            "<pane ",
        ] {
            assert!(around.contains(part), "{part} not in {around}");
        }
        // The record longer than a cell is cut, and said so.
        assert_eq!(warned[0].len(), 1, "{:?}", warned[0]);
        assert_eq!(sheets[1], sheets[0]);
        assert_eq!(
            format!("{:?}", warned[1]),
            format!("{:?}", warned[0]),
            "the warnings"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
