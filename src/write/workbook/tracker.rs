//! The States sheet: every State at a glance. One row per State of the States list, one
//! column per value the sections track about a State (`track{ ... }`), the columns of each
//! section under a merged heading with the section's name; statuses coloured, with a legend.
//!
//! Each value's source stays reachable: the heading of a column has a note with its name and
//! rule, and each value a note with its rule and the rows behind it, up to [`TRACKER_NOTES`]
//! values (a note is a drawing Excel keeps for every cell: thousands slow a workbook down,
//! 100,000 make it unusable). Beyond that the cells have no note, the sheet says so, and
//! `actionplan explain "States!F12"` gives the same for any cell. `explain` finds cells
//! through [`cell_at`], so the two cannot disagree on what a cell holds.
//!
//! The sheet is left out when no section tracks anything. It prints as the other sheets do
//! (`page`: A4, the report's title and the page in the footer, its headings on every page),
//! landscape and as many pages wide as its columns need.
//!
//! Its two merged ranges, the subtitle across the legend and each section's heading over its
//! columns, are above the table's header row: the filter and sorting of the table, which
//! merged cells would break, are not affected.

use anyhow::Result;
use chrono::Datelike;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Worksheet};

use super::cells;
use super::{page, Formats};
use crate::model::report::{NumberFormat, Record};
use crate::model::table::Dataset;
use crate::model::tracker::{Reading, StateValue, Status, Tracker};
use crate::model::value::Value;
use crate::text::cellref;
use crate::text::grammar;
use crate::write::excel::formats;

/// The sheet's name, as `explain` accepts it in "States!F12".
pub const TRACKER: &str = "States";
/// Values that get a note of their own; with more, none does (see the module's comment).
pub const TRACKER_NOTES: usize = 5_000;
/// Rows behind a value listed in its note; `explain` lists them all.
const NOTE_ROWS: usize = 8;

const TITLE_ROW: u32 = 0;
const SUBTITLE_ROW: u32 = 1;
const LEGEND_ROW: u32 = 2;
const MEANING_ROW: u32 = 3;
/// The merged headings over each section's columns.
const GROUP_ROW: u32 = 4;
const HEADER_ROW: u32 = 5;
const FIRST_STATE_ROW: u32 = 6;
/// Value columns start after the State column.
const FIRST_VALUE_COL: u32 = 1;
/// Value columns printed on one page across; wider sheets take more pages.
const COLUMNS_PER_PAGE: usize = 12;
/// Characters kept of a text in a cell or a heading (Excel refuses 32,767 and more).
const CELL_CHARS: usize = 2_000;

/// What a cell of the States sheet holds, for `explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackerCell {
    /// The name of the State on row `state` (0-based among the States).
    State(usize),
    /// The value of a State in a column (which may be empty).
    Value { state: usize, column: usize },
    /// The heading of a column (or the section's heading over it).
    Column(usize),
    /// Anything else: the title, the legend, beyond the table.
    Outside,
}

/// The cell at a 0-based sheet position.
pub fn cell_at(tracker: &Tracker, row: u32, col: u32) -> TrackerCell {
    let states = tracker.states.len() as u32;
    let columns = tracker.columns.len() as u32;
    let column = col.checked_sub(FIRST_VALUE_COL).filter(|c| *c < columns);
    match (row, column) {
        (GROUP_ROW | HEADER_ROW, Some(c)) => TrackerCell::Column(c as usize),
        (r, _) if r < FIRST_STATE_ROW || r >= FIRST_STATE_ROW + states => TrackerCell::Outside,
        (r, None) if col == 0 => TrackerCell::State((r - FIRST_STATE_ROW) as usize),
        (r, Some(c)) => TrackerCell::Value {
            state: (r - FIRST_STATE_ROW) as usize,
            column: c as usize,
        },
        _ => TrackerCell::Outside,
    }
}

/// "F12": where a State's value in a column is.
pub fn cell_name(state: usize, column: usize) -> String {
    cellref::a1(
        FIRST_STATE_ROW + state as u32,
        FIRST_VALUE_COL + column as u32,
    )
}

/// "A12": where a State's name is.
pub fn state_cell_name(state: usize) -> String {
    cellref::a1(FIRST_STATE_ROW + state as u32, 0)
}

/// The formats of this sheet, besides the workbook's.
struct Look {
    short_date: Format,
    group: Format,
    legend: Format,
    meaning: Format,
    statuses: Vec<(Status, Format)>,
}

impl Look {
    fn new() -> Look {
        Look {
            short_date: formats::date(formats::SHORT_DATE),
            group: formats::header()
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin),
            legend: formats::bold(),
            meaning: Format::new()
                .set_italic()
                .set_font_size(9)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            statuses: Status::ALL
                .iter()
                .map(|s| (*s, status_format(*s)))
                .collect(),
        }
    }

    fn status(&self, s: Status) -> &Format {
        &self
            .statuses
            .iter()
            .find(|(x, _)| *x == s)
            .expect("a format per status")
            .1
    }
}

/// Fill and font of a status: Excel's own "good", "neutral" and "bad" cell styles for what
/// is done, late and overdue, so that the colours read as a secretariat expects.
fn status_format(s: Status) -> Format {
    let (fill, font) = match s {
        Status::Done | Status::OnTime => (Some(0xC6EFCE), 0x006100),
        Status::Late => (Some(0xFFEB9C), 0x9C5700),
        Status::Overdue => (Some(0xFFC7CE), 0x9C0006),
        Status::DueSoon => (Some(0xFCD5B4), 0x833C0B),
        Status::NotYetDue => (None, 0x000000),
        Status::Missing => (Some(0xE4DFEC), 0x5B3F86),
        Status::NotApplicable => (Some(0xEDEDED), 0x808080),
    };
    let format = Format::new().set_font_color(Color::RGB(font));
    match fill {
        Some(fill) => format.set_background_color(Color::RGB(fill)),
        None => format,
    }
}

pub(super) fn write(
    ws: &mut Worksheet,
    name: &str,
    tracker: &Tracker,
    dataset: &Dataset,
    report_title: &str,
    f: &Formats,
) -> Result<()> {
    ws.set_name(name)?;
    let look = Look::new();
    let values = tracker.values().count();
    let notes = values <= TRACKER_NOTES;
    let last_col = tracker.columns.len() as u16;

    ws.write_string_with_format(TITLE_ROW, 0, "Every State at a glance", &f.title)?;
    let subtitle = format!(
        "One row per State of the States list ({}), one column per value a section computes about a State, \
         under the section's heading. {} actionplan explain \"{TRACKER}!{}\" shows a value's rule and every row \
         behind it, and actionplan explain \"{}\" everything about a State.",
        grammar::count(tracker.states.len() as i64, "State"),
        if notes {
            "Each value's note gives the rule that computed it and the rows behind it;".to_string()
        } else {
            format!(
                "There are too many values ({}) for a note on each (at most {});",
                grammar::group_thousands(values as i64),
                grammar::group_thousands(TRACKER_NOTES as i64)
            )
        },
        cell_name(0, 0),
        tracker.states.first().copied().unwrap_or("State"),
    );
    // Across the legend's width, wrapped: a long line would be cut at the printed page's edge.
    let across = Status::ALL.len() as u16;
    ws.merge_range(
        SUBTITLE_ROW,
        0,
        SUBTITLE_ROW,
        across,
        &subtitle,
        &f.subtitle
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
    )?;
    ws.set_row_height(SUBTITLE_ROW, 30)?;

    // The legend: each status in its colour, its meaning below.
    ws.write_string_with_format(LEGEND_ROW, 0, "Status", &look.legend)?;
    ws.write_string_with_format(MEANING_ROW, 0, "what it means", &look.meaning)?;
    for (i, s) in Status::ALL.iter().enumerate() {
        let col = FIRST_VALUE_COL as u16 + i as u16;
        ws.write_string_with_format(LEGEND_ROW, col, s.word(), look.status(*s))?;
        ws.write_string_with_format(MEANING_ROW, col, s.meaning(), &look.meaning)?;
    }
    ws.set_row_height(MEANING_ROW, 36)?;

    // A heading per section over its columns, and the columns' headings.
    for g in &tracker.groups {
        let first = FIRST_VALUE_COL as u16 + g.first as u16;
        let last = first + g.len as u16 - 1;
        let heading = fit(&g.section.heading().to_string());
        if last > first {
            ws.merge_range(GROUP_ROW, first, GROUP_ROW, last, &heading, &look.group)?;
        } else {
            ws.write_string_with_format(GROUP_ROW, first, &heading, &look.group)?;
        }
    }
    ws.write_string_with_format(HEADER_ROW, 0, "State", &f.header)?;
    for (i, c) in tracker.columns.iter().enumerate() {
        let col = FIRST_VALUE_COL as u16 + i as u16;
        ws.write_string_with_format(HEADER_ROW, col, fit(&c.column.label), &f.header)?;
        let note = column_note(tracker, i);
        ws.insert_note(HEADER_ROW, col, &note_of(note))?;
    }
    ws.set_row_height(HEADER_ROW, 48)?;

    for (s, state) in tracker.states.iter().enumerate() {
        let row = FIRST_STATE_ROW + s as u32;
        ws.write_string(row, 0, *state)?;
        for c in 0..tracker.columns.len() {
            let Some(v) = tracker.get(s, c) else { continue };
            let col = FIRST_VALUE_COL as u16 + c as u16;
            match &v.reading {
                Reading::Status(st) => {
                    ws.write_string_with_format(row, col, st.word(), look.status(*st))?;
                }
                Reading::Value(Value::Date(d)) if d.year() >= 1900 => {
                    ws.write_datetime_with_format(
                        row,
                        col,
                        &cells::excel_date(*d)?,
                        &look.short_date,
                    )?;
                }
                Reading::Value(Value::Text(t)) => {
                    ws.write_string(row, col, fit(t))?;
                }
                Reading::Value(other) => {
                    let format = NumberFormat::for_column(&tracker.columns[c].column.label);
                    cells::write_value(ws, row, col, other, format, false, f)?;
                }
            }
            if notes {
                let text = value_note(tracker, s, c, v, dataset);
                ws.insert_note(row, col, &note_of(text))?;
            }
        }
    }

    let last_row = FIRST_STATE_ROW + tracker.states.len().max(1) as u32 - 1;
    ws.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    ws.set_freeze_panes(FIRST_STATE_ROW, FIRST_VALUE_COL as u16)?;
    ws.set_column_width(0, 34)?;
    for c in 0..tracker.columns.len() {
        ws.set_column_width(FIRST_VALUE_COL as u16 + c as u16, 14)?;
    }
    // Printing: A4 landscape, the headings and the State column on every page.
    let pages_across = tracker.columns.len().div_ceil(COLUMNS_PER_PAGE).max(1);
    page::setup_across(
        ws,
        report_title,
        pages_across as u16,
        Some((GROUP_ROW, HEADER_ROW)),
    )?;
    ws.set_repeat_columns(0, 0)?;
    Ok(())
}

fn note_of(text: String) -> Note {
    Note::new(text)
        .set_author("actionplan")
        .add_author_prefix(false)
        .set_width(320)
        .set_height(150)
}

/// A text cut to what a cell takes, with a visible mark.
fn fit(s: &str) -> String {
    if s.chars().count() <= CELL_CHARS {
        return s.to_string();
    }
    let head: String = s.chars().take(CELL_CHARS - 1).collect();
    format!("{head}…")
}

/// The note on a column's heading: what the column is and the rule (or rules) behind it.
fn column_note(tracker: &Tracker, column: usize) -> String {
    let c = &tracker.columns[column];
    let mut rules: Vec<String> = Vec::new();
    let mut values = 0;
    for s in 0..tracker.states.len() {
        if let Some(v) = tracker.get(s, column) {
            values += 1;
            let rule = v.rule(&c.section.file);
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
    }
    let mut text = format!(
        "{} ({}), {}: {} for {}.\n",
        c.column.label,
        c.qualified(),
        c.section.heading().aside(),
        grammar::count(values as i64, "value"),
        grammar::count(values as i64, "State")
    );
    match rules.as_slice() {
        [one] => text.push_str(&format!("Rule: {one}")),
        many => {
            text.push_str("Rules:");
            for r in many.iter().take(NOTE_ROWS) {
                text.push_str(&format!("\n{r}"));
            }
            if many.len() > NOTE_ROWS {
                text.push_str(&format!("\n… and {} more", many.len() - NOTE_ROWS));
            }
        }
    }
    fit(&text)
}

/// The note on a value: rule and rows behind it.
fn value_note(
    tracker: &Tracker,
    state: usize,
    column: usize,
    v: &StateValue,
    dataset: &Dataset,
) -> String {
    let c = &tracker.columns[column];
    let mut text = format!("{} ({})", c.column.label, c.qualified());
    if let Reading::Status(s) = v.reading {
        text.push_str(&format!("\n{s}: {}", s.meaning()));
    }
    text.push_str(&format!("\nRule: {}", v.rule(&c.section.file)));
    match v.rows.len() {
        0 => text.push_str("\nNo rows given."),
        1 => text.push_str("\nThe row behind it:"),
        n => text.push_str(&format!(
            "\nThe {} rows behind it:",
            grammar::group_thousands(n as i64)
        )),
    }
    for r in v.rows.iter().take(NOTE_ROWS) {
        let place = dataset
            .table(&r.table)
            .and_then(|t| Record::new(t, r.row))
            .map(|rec| rec.place().to_string())
            .unwrap_or_else(|| format!("a row of the sheet {}", r.table));
        text.push_str(&format!("\n{place}"));
    }
    if v.rows.len() > NOTE_ROWS {
        text.push_str(&format!(
            "\n… and {} more: actionplan explain \"{TRACKER}!{}\"",
            v.rows.len() - NOTE_ROWS,
            cell_name(state, column)
        ));
    }
    fit(&text)
}
