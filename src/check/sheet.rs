//! Checking one sheet: its [`ColumnPlan`], then every cell converted to its column's type.
//! Problems are reported with their cell (at most [`MAX_PER_COLUMN`] a column, then one line
//! for the rest); a refused cell becomes empty in the result.

use crate::check::columns::ColumnPlan;
use crate::check::convert::convert;
use crate::check::dictionary::SheetSpec;
use crate::check::header::HeaderedSheet;
use crate::check::states::StateList;
use crate::model::table::Column;
use crate::model::value::Value;
use crate::problem::{CellProblem, Place, Problem, Problems};
use crate::text::suggest::fold;

/// Problems of one kind reported per column (or per table, for repeated keys) before the
/// rest are summed up in one line.
pub const MAX_PER_COLUMN: usize = 10;

/// The longest text an Excel cell holds, in UTF-16 units: a longer text is cut when it is
/// written into consolidated.xlsx, so the cell is pointed out while it can still be fixed.
pub const EXCEL_CELL_TEXT: usize = 32_767;

/// The length of a text that a cell of Excel cannot hold, in UTF-16 units; `None` when it fits.
/// (UTF-8 never takes fewer bytes than UTF-16 takes units, so most texts need no counting.)
pub fn too_long_for_excel(text: &str) -> Option<usize> {
    if text.len() <= EXCEL_CELL_TEXT {
        return None;
    }
    Some(text.encode_utf16().count()).filter(|units| *units > EXCEL_CELL_TEXT)
}

/// One sheet's checked rows, before it is merged with the sheets of the same name in other
/// workbooks into a [`crate::model::table::DataTable`].
#[derive(Clone, Debug)]
pub struct CheckedSheet {
    /// The table's name: the dictionary's spelling, or the sheet's.
    pub name: String,
    pub workbook: String,
    pub sheet: String,
    pub columns: Vec<Column>,
    /// For each column, the 0-based sheet column it was read from, if any.
    pub cols: Vec<Option<u32>>,
    /// Row-major values, `columns.len()` per row.
    pub values: Vec<Value>,
    /// 1-based sheet row of each row.
    pub row_numbers: Vec<u32>,
}

/// Checks one sheet of one workbook and returns its typed rows. The sheet's values move
/// into the result (converted in place when the sheet's columns are the dictionary's, in
/// order). State names are checked against `states` when given and not empty.
pub fn check(
    sheet: HeaderedSheet,
    spec: Option<&SheetSpec>,
    states: Option<&StateList>,
    problems: &mut Problems,
) -> CheckedSheet {
    for note in &sheet.notes {
        let place = Place::cell(&sheet.workbook, &sheet.sheet, note.row, note.col);
        problems.push(Problem::new(place, note.problem.clone()));
    }
    let plan = ColumnPlan::new(&sheet, spec, problems);
    let identity = plan.is_identity();
    let shared = plan.shares_a_source();
    let HeaderedSheet {
        workbook,
        date1904,
        sheet,
        columns: columns_in,
        values: mut input,
        rows,
        ..
    } = sheet;
    let (width_in, width) = (columns_in.len(), plan.columns.len());
    let mut output: Vec<Value> = if identity {
        Vec::new()
    } else {
        Vec::with_capacity(rows.len() * width)
    };
    // Problems found in each column, reported or not.
    let mut counts = vec![0usize; width];
    // Columns required only in some rows are checked once the row is converted; a cell
    // refused for its type is not reported again as empty.
    let conditional = plan.columns.iter().any(|c| c.when.is_some());
    let mut refused = vec![false; if conditional { width } else { 0 }];
    let mut report = |i: usize, row: u32, problem: CellProblem, counts: &mut Vec<usize>| {
        counts[i] += 1;
        if counts[i] <= MAX_PER_COLUMN {
            let col = plan.columns[i].sheet_col.unwrap_or(0);
            let place = Place::cell(&workbook, &sheet, row, col);
            problems.push(Problem::new(place, problem));
        }
    };
    for (r, row) in rows.iter().enumerate() {
        for (i, planned) in plan.columns.iter().enumerate() {
            let raw = match planned.source {
                Some(p) if shared => input[r * width_in + p].clone(),
                Some(p) => std::mem::take(&mut input[r * width_in + p]),
                None => Value::Empty,
            };
            let (value, problem) = match &planned.check {
                None => (raw, None),
                Some(check) => match convert(&raw, check, states, date1904) {
                    Ok(converted) => converted,
                    Err(problem) => {
                        if conditional {
                            refused[i] = true;
                        }
                        (Value::Empty, Some(problem))
                    }
                },
            };
            let problem = problem.or_else(|| match &value {
                Value::Text(t) => too_long_for_excel(t)
                    .map(|length| Box::new(CellProblem::TooLongForExcel { length })),
                _ => None,
            });
            if let Some(problem) = problem {
                report(i, *row, *problem, &mut counts);
            }
            if identity {
                input[r * width_in + i] = value;
            } else {
                output.push(value);
            }
        }
        if conditional {
            let values = if identity {
                &input[r * width_in..r * width_in + width]
            } else {
                &output[output.len() - width..]
            };
            for (i, planned) in plan.columns.iter().enumerate() {
                let (Some(when), Some(check)) = (&planned.when, &planned.check) else {
                    continue;
                };
                let other = &values[when.column];
                if refused[i] || !values[i].is_empty() || other.is_empty() {
                    continue;
                }
                let shown = other.to_string();
                if when.folded.contains(&fold(&shown)) {
                    let problem = CellProblem::EmptyRequiredWhen {
                        expected: check.expected.clone(),
                        column: when.name.clone(),
                        value: shown,
                    };
                    report(i, *row, problem, &mut counts);
                }
            }
            refused.iter_mut().for_each(|r| *r = false);
        }
    }
    for (planned, n) in plan.columns.iter().zip(counts) {
        if n > MAX_PER_COLUMN {
            let place = Place::column(&workbook, &sheet, planned.sheet_col.unwrap_or(0));
            let problem = CellProblem::MoreInColumn {
                count: n - MAX_PER_COLUMN,
                column: planned.column.name.clone(),
            };
            problems.push(Problem::new(place, problem));
        }
    }
    let cols = plan.columns.iter().map(|c| c.sheet_col).collect();
    let columns = plan.columns.into_iter().map(|c| c.column).collect();
    CheckedSheet {
        name: spec
            .map(|s| s.name.clone())
            .unwrap_or_else(|| sheet.clone()),
        workbook,
        sheet,
        columns,
        cols,
        values: if identity { input } else { output },
        row_numbers: rows.into_iter().map(|r| r + 1).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::dictionary::{ColumnSpec, ColumnType, Role};
    use crate::check::header::{self, HeaderHint};
    use crate::read::{RawCell, RawSheet};

    fn headered(rows: &[&[&str]]) -> HeaderedSheet {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    cells.push(RawCell {
                        row: r as u32,
                        col: c as u32,
                        value: Value::text(v),
                    });
                }
            }
        }
        let raw = RawSheet {
            name: "Stockpiles".into(),
            cells,
            ..RawSheet::default()
        };
        header::find("workbooks/w.xlsx", false, raw, &HeaderHint::default()).unwrap()
    }

    fn spec() -> SheetSpec {
        let mut spec = SheetSpec::new("Stockpiles", Role::Data);
        for (name, ty, required) in [
            ("State", ColumnType::Text, true),
            ("Destroyed", ColumnType::Number, false),
        ] {
            spec.columns.push(ColumnSpec {
                name: name.into(),
                ty,
                required: if required {
                    crate::check::dictionary::Required::Yes
                } else {
                    crate::check::dictionary::Required::No
                },
                description: String::new(),
            });
        }
        spec
    }

    #[test]
    fn cells_are_converted_and_refused_cells_left_empty() {
        let sheet = headered(&[
            &["State", "Destroyed"],
            &["Chile", "1,200"],
            &["Peru", "many"],
        ]);
        let mut problems = Problems::new();
        let checked = check(sheet, Some(&spec()), None, &mut problems);
        assert_eq!(checked.row_numbers, [2, 3]);
        assert_eq!(checked.cols, [Some(0), Some(1)]);
        assert_eq!(
            checked.values,
            [
                Value::text("Chile"),
                Value::Number(1200.0),
                Value::text("Peru"),
                Value::Empty
            ]
        );
        let places: Vec<String> = problems.iter().map(|p| p.place.to_string()).collect();
        assert_eq!(
            places,
            [
                "workbooks/w.xlsx, sheet Stockpiles, cell B2",
                "workbooks/w.xlsx, sheet Stockpiles, cell B3"
            ]
        );
    }

    #[test]
    fn columns_are_reordered_as_the_dictionary_lists_them() {
        let sheet = headered(&[&["Note", "Destroyed", "State"], &["x", "3", "Chile"]]);
        let mut problems = Problems::new();
        let checked = check(sheet, Some(&spec()), None, &mut problems);
        let names: Vec<&str> = checked.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["State", "Destroyed", "Note"]);
        assert_eq!(checked.cols, [Some(2), Some(1), Some(0)]);
        assert_eq!(
            checked.values,
            [Value::text("Chile"), Value::Number(3.0), Value::text("x")]
        );
    }

    #[test]
    fn past_ten_problems_a_column_the_rest_are_counted_in_one_line() {
        let mut rows: Vec<Vec<&str>> = vec![vec!["State", "Destroyed"]];
        rows.extend((0..13).map(|_| vec!["Chile", "many"]));
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let mut problems = Problems::new();
        check(headered(&rows), Some(&spec()), None, &mut problems);
        assert_eq!(problems.len(), MAX_PER_COLUMN + 1);
        assert_eq!(
            problems.iter().last().unwrap().to_string(),
            "warning: workbooks/w.xlsx, sheet Stockpiles, column B: 3 more cells in column \"Destroyed\" have problems like those above; fix the first ones and check again"
        );
    }
}
