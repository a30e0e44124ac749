//! `explain "SHEET!CELL"`: a cell of the consolidated workbook, written as Excel writes a
//! reference (`States!F12`, `'11 Transparency'!B9`).
//!
//! - On the States sheet, the grid of per-State values says what each cell is
//!   (`write::workbook::tracker::cell_at`).
//! - On a section's sheet, the sheet is laid out as `build` lays it out (in memory) and read
//!   back, and the cell is found in it: in a row about a State (a table with a State column)
//!   it is that State's value whose column has the same heading, or the same value, among the
//!   values the section tracks; in the Figures table, it is the figure of that row (named in
//!   its Name column, `FIGURE_NAME_COL`).

use calamine::{Data, DataType, Range};

use super::state::{explain_column, explain_state, explain_value};
use super::{Answer, Ask, Refusal};
use crate::model::report::Section;
use crate::model::tracker::Reading;
use crate::model::value::Value;
use crate::text::cellref;
use crate::text::suggest::{self, fold};
use crate::write::workbook::tracker::{cell_at, TrackerCell, TRACKER};
use crate::write::workbook::{
    section_sheet_cells, section_sheet_names, AUDIT, FIGURE_NAME_COL, SUMMARY,
};

pub(super) fn explain(ask: &Ask, reference: &str) -> Answer {
    let (sheet, cell) = reference
        .rsplit_once('!')
        .expect("a cell reference holds a !");
    let sheet = unquote(sheet);
    let Some((row, col)) = parse_cell(cell) else {
        return Err(Refusal::new(format!(
            "\"{}\" is not a cell such as F12 (in \"{reference}\")",
            cell.trim()
        ))
        .hint("write the sheet, an exclamation mark and the cell: \"States!F12\""));
    };
    let cell = cellref::a1(row, col);
    if fold(&sheet) == fold(TRACKER) {
        if ask.tracker.is_empty() {
            return Err(Refusal::new(format!(
                "no section computes values about each State, so consolidated.xlsx has no {TRACKER} sheet"
            )));
        }
        return tracker_cell(ask, row, col, &cell);
    }
    let names = section_sheet_names(ask.report, ask.dataset);
    match names.iter().position(|n| fold(n) == fold(&sheet)) {
        Some(i) => section_cell(ask, &ask.report.sections[i], &names[i], row, col, &cell),
        None => {
            let mut sheets: Vec<&str> = Vec::new();
            if !ask.tracker.is_empty() {
                sheets.push(TRACKER);
            }
            sheets.extend(names.iter().map(String::as_str));
            let refusal = Refusal::new(format!(
                "explain reads the {TRACKER} sheet and the sections' sheets of consolidated.xlsx, and none is called \"{sheet}\""
            ));
            if [SUMMARY, AUDIT].iter().any(|s| fold(s) == fold(&sheet)) {
                return Err(refusal.hint(format!(
                    "for a figure of the {sheet} sheet, give its name from the Figure column: actionplan explain NAME"
                )));
            }
            Err(
                match suggest::did_you_mean(&sheet, sheets.iter().copied()) {
                    Some(close) => refusal.hint(format!("did you mean \"{close}!{cell}\"?")),
                    None => refusal.hint(format!(
                        "the sheets are {}",
                        crate::text::grammar::list(&sheets, "and")
                    )),
                },
            )
        }
    }
}

fn tracker_cell(ask: &Ask, row: u32, col: u32, cell: &str) -> Answer {
    match cell_at(&ask.tracker, row, col) {
        TrackerCell::State(s) => Ok(explain_state(ask, ask.tracker.states[s])),
        TrackerCell::Value { state, column } => Ok(explain_value(ask, state, column)),
        TrackerCell::Column(c) => Ok(explain_column(ask, c)),
        TrackerCell::Outside => Err(Refusal::new(format!(
            "cell {cell} of the {TRACKER} sheet is neither a State, a value nor a heading"
        ))
        .hint(format!(
            "the States are in column A from row 7, their values on their rows, e.g. \"{TRACKER}!B7\""
        ))),
    }
}

fn section_cell(
    ask: &Ask,
    section: &Section,
    sheet: &str,
    row: u32,
    col: u32,
    cell: &str,
) -> Answer {
    let range = section_sheet_cells(section, sheet)
        .map_err(|e| Refusal::new(format!("cannot lay out the sheet \"{sheet}\": {e:#}")))?;
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let here = at(row, col);
    if here.is_empty() {
        return Err(Refusal::new(format!(
            "cell {cell} of the sheet \"{sheet}\" is empty"
        )));
    }

    // A row about a State: the first cell of the row that names one.
    let width = range.end().map_or(0, |(_, c)| c + 1);
    let state = (0..width).find_map(|c| {
        let text = at(row, c);
        let name = ask.dataset.states.resolve(text.get_string()?)?;
        Some((c, name))
    });
    if let Some((state_col, state)) = state {
        if state_col == col {
            return Ok(explain_state(ask, state));
        }
        let heading = heading_above(&range, row, col, state_col, ask);
        return Ok(state_cell(
            ask, section, sheet, cell, state, &heading, &here,
        ));
    }

    // A row of the Figures table: its Name column holds a figure's name.
    if let Some(figure) = at(row, FIGURE_NAME_COL)
        .get_string()
        .and_then(|name| ask.figure_of(section, name))
    {
        return Ok(format!(
            "Cell {sheet}!{cell} is in the row of the figure {}.\n\n{}",
            figure.name,
            super::explain(section, figure, ask.dataset)
        ));
    }
    Err(Refusal::new(format!(
        "cell {cell} of the sheet \"{sheet}\" is not in a row about a State or a figure"
    ))
    .hint(format!(
        "explain answers for the cells of tables with a State column, of the Figures table, and of the {TRACKER} sheet"
    )))
}

/// The heading of a column of a State table: the cell above the rows that name States.
fn heading_above(range: &Range<Data>, row: u32, col: u32, state_col: u32, ask: &Ask) -> String {
    let names_state = |r: u32| {
        range
            .get_value((r, state_col))
            .and_then(|d| d.get_string())
            .is_some_and(|t| ask.dataset.states.resolve(t).is_some())
    };
    let mut r = row;
    while r > 0 && names_state(r - 1) {
        r -= 1;
    }
    match r.checked_sub(1).and_then(|h| range.get_value((h, col))) {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => String::new(),
    }
}

/// A cell in a State's row of a section table: the value the section tracked for that State
/// under the column's heading, or else with the cell's value.
fn state_cell(
    ask: &Ask,
    section: &Section,
    sheet: &str,
    cell: &str,
    state: &str,
    heading: &str,
    here: &Data,
) -> String {
    let what = if heading.is_empty() {
        format!("a cell of the row of {state}")
    } else {
        format!("\"{heading}\" of {state}")
    };
    let mut out = format!("Cell {sheet}!{cell} is {what}: {}\n", shown(here));
    let Some(r) = ask.tracker.row_of(state) else {
        out.push_str(&not_tracked(section, state, heading));
        return out;
    };
    let own = |c: &usize| std::ptr::eq(ask.tracker.columns[*c].section, section);
    let headed = |c: &usize| {
        let column = ask.tracker.columns[*c].column;
        !heading.is_empty()
            && ask.tracker.get(r, *c).is_some()
            && (fold(&column.label) == fold(heading) || fold(&column.name) == fold(heading))
    };
    let all = 0..ask.tracker.columns.len();
    // The section's own value under that heading; else another section's (a table of section 5
    // that repeats the entry into force that section 4 tracks); else the section's values
    // equal to the cell.
    let value = value_of(here);
    let mut chosen: Vec<usize> = all.clone().filter(|c| own(c) && headed(c)).collect();
    if chosen.is_empty() {
        chosen = all.clone().filter(headed).collect();
    }
    if chosen.is_empty() {
        chosen = all
            .filter(|c| {
                own(c)
                    && ask
                        .tracker
                        .get(r, *c)
                        .is_some_and(|v| same(&v.reading, &value))
            })
            .collect();
    }
    if chosen.is_empty() {
        out.push_str(&not_tracked(section, state, heading));
        return out;
    }
    for c in chosen {
        out.push('\n');
        out.push_str(&explain_value(ask, r, c));
    }
    out
}

fn not_tracked(section: &Section, state: &str, heading: &str) -> String {
    let column = if heading.is_empty() {
        "this value".to_string()
    } else {
        format!("\"{heading}\"")
    };
    format!(
        "\n{} computes no value {column} for {state} with track: the cell comes from a table of {}.\n\
         For every value and row about {state}: actionplan explain \"{state}\"\n",
        capitalize(&section.heading().in_sentence()),
        section.file
    )
}

fn capitalize(s: &str) -> String {
    crate::text::grammar::capitalize(s)
}

/// A cell read back as a value of the model, to compare with a tracked value.
fn value_of(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::text(s),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            crate::model::dates::Date::from_ymd_opt(y as i32, m as u32, day as u32)
                .map(Value::Date)
                .unwrap_or_default()
        }
        other => Value::text(other.to_string()),
    }
}

/// A cell as the report writes values: dates in full, numbers without ".0".
fn shown(d: &Data) -> String {
    value_of(d).to_string()
}

fn same(reading: &Reading, cell: &Value) -> bool {
    match (reading, cell) {
        (Reading::Status(s), Value::Text(t)) => fold(s.word()) == fold(t),
        // A yes/no is written as the words.
        (Reading::Value(Value::Bool(b)), Value::Text(t)) => {
            fold(t) == if *b { "yes" } else { "no" }
        }
        (Reading::Value(v), c) => v == c,
        _ => false,
    }
}

/// "'11 Transparency'" → "11 Transparency" (Excel quotes names with spaces, doubling ').
fn unquote(sheet: &str) -> String {
    let t = sheet.trim();
    match t.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => t.to_string(),
    }
}

/// "F12", "$F$12", "f12" → (11, 5), 0-based; `None` for anything else or beyond a sheet.
fn parse_cell(cell: &str) -> Option<(u32, u32)> {
    let cell: String = cell.trim().chars().filter(|c| *c != '$').collect();
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        col = col * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    ((1..=1_048_576).contains(&row) && col <= 16_384).then(|| (row - 1, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cells_as_excel_writes_them() {
        assert_eq!(parse_cell("F12"), Some((11, 5)));
        assert_eq!(parse_cell(" $f$12 "), Some((11, 5)));
        assert_eq!(parse_cell("AA1"), Some((0, 26)));
        assert_eq!(parse_cell("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell("XFE1"), None);
        assert_eq!(parse_cell("F0"), None);
        assert_eq!(parse_cell("12"), None);
        assert_eq!(parse_cell("F1x"), None);
        assert_eq!(unquote(" '11 Transparency' "), "11 Transparency");
        assert_eq!(unquote("'States'' list'"), "States' list");
        assert_eq!(unquote("States"), "States");
    }
}
