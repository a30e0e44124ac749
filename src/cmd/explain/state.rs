//! `explain` for a State: every value the sections computed about it (`track`), each with its
//! rule and the rows behind it, then every row about it in every workbook (any sheet with a
//! State column), grouped by workbook and sheet. Also one value of a State, and one column of
//! the States sheet.

use std::fmt::Write as _;

use super::{Answer, Ask, Refusal};
use crate::check::dictionary::ColumnType;
use crate::model::report::{Record, RowRef};
use crate::model::table::{DataTable, Dataset};
use crate::model::tracker::{Reading, StateValue};
use crate::text::grammar::{count, group_thousands, list};
use crate::text::suggest::{self, fold, fold_eq};
use crate::write::workbook::tracker::{cell_name, state_cell_name, TRACKER};
use crate::write::workbook::AUDIT_ROWS_PER_FIGURE;

/// Rows behind one value listed in the State's overview; the value alone lists them all.
const ROWS_PER_VALUE: usize = 5;

/// Everything about one State (its name as the States list writes it).
pub(super) fn explain_state(ask: &Ask, state: &str) -> String {
    let mut out = String::new();
    let row = ask.tracker.row_of(state);
    let _ = writeln!(out, "State {state}");
    if let (Some(r), false) = (row, ask.tracker.is_empty()) {
        let _ = writeln!(
            out,
            "  Its row in consolidated.xlsx: {TRACKER}!{}",
            state_cell_name(r)
        );
    }
    out.push('\n');

    let values = row.map(|r| ask.tracker.of_state(r)).unwrap_or_default();
    if values.is_empty() {
        let _ = writeln!(out, "No section computed a value about {state}.");
    } else {
        let _ = writeln!(
            out,
            "{} computed by the sections:",
            capital(&count(values.len() as i64, "value"))
        );
        let mut group = None;
        for (c, v) in &values {
            let g = ask.tracker.group_of(*c);
            if group != Some(g.first) {
                group = Some(g.first);
                let _ = writeln!(out, "\n  {}", g.section.heading());
            }
            let column = &ask.tracker.columns[*c];
            let _ = writeln!(
                out,
                "    {} ({}): {}",
                column.column.label,
                column.qualified(),
                reading(&v.reading)
            );
            let _ = writeln!(out, "      Rule: {}", v.rule(&column.section.file));
            let places: Vec<String> = v
                .rows
                .iter()
                .take(ROWS_PER_VALUE)
                .map(|r| place(ask.dataset, r))
                .collect();
            for (i, p) in places.iter().enumerate() {
                let _ = writeln!(out, "      {} {p}", if i == 0 { "Rows:" } else { "     " });
            }
            if v.rows.len() > ROWS_PER_VALUE {
                let _ = writeln!(
                    out,
                    "            … and {} more: actionplan explain \"{state}\" {}",
                    group_thousands((v.rows.len() - ROWS_PER_VALUE) as i64),
                    column.qualified()
                );
            }
        }
    }

    let rows = rows_about(ask.dataset, state);
    out.push('\n');
    if rows.is_empty() {
        let _ = writeln!(out, "No row of the workbooks is about {state}.");
        return out;
    }
    let _ = writeln!(
        out,
        "{} about {state} in the workbooks:",
        capital(&count(rows.len() as i64, "row"))
    );
    let mut sheet: Option<(&str, &str)> = None;
    let mut in_sheet = 0;
    let mut skipped = 0;
    // The rows left out of a long list are all in the table's Data sheet.
    let mut table = "";
    let flush = |out: &mut String, skipped: &mut usize, table: &str| {
        if *skipped > 0 {
            let _ = writeln!(
                out,
                "    … and {} more {}: all are in the Data sheet of {table} in consolidated.xlsx",
                group_thousands(*skipped as i64),
                if *skipped == 1 { "row" } else { "rows" }
            );
            *skipped = 0;
        }
    };
    for (name, record) in &rows {
        let here = (record.workbook(), record.sheet());
        if sheet != Some(here) {
            flush(&mut out, &mut skipped, table);
            table = name;
            sheet = Some(here);
            in_sheet = 0;
            let _ = writeln!(out, "\n  {}, sheet {}", here.0, here.1);
        }
        in_sheet += 1;
        if in_sheet > AUDIT_ROWS_PER_FIGURE {
            skipped += 1;
            continue;
        }
        let _ = writeln!(out, "    row {}: {record}", record.sheet_row());
    }
    flush(&mut out, &mut skipped, table);
    out
}

/// `explain STATE VALUE`: one value of a State, by its name or its column's heading.
pub(super) fn value_of(ask: &Ask, state: &str, value: &str) -> Answer {
    let states = &ask.dataset.states;
    let Some(name) = states.resolve(state) else {
        // "explain initial_due Albania" is understood too.
        if let Some(name) = states.resolve(value) {
            return value_of(ask, name, state);
        }
        let refusal = Refusal::new(format!("\"{state}\" is not in the States list"));
        return Err(match states.suggest(state) {
            Some(close) => refusal.hint(format!("did you mean \"{close}\"?")),
            None => refusal
                .hint("write the State as the States list does, or one of the aliases given there"),
        });
    };
    let columns = ask.tracker.find_columns(value);
    let row = ask.tracker.row_of(name);
    match (columns.as_slice(), row) {
        ([c], Some(r)) => Ok(explain_value(ask, r, *c)),
        ([], _) | (_, None) => Err(no_such_value(ask, value)),
        (several, Some(r)) => {
            // A bare name of several sections: the one the State has a value for, if only one.
            let with: Vec<usize> = several
                .iter()
                .copied()
                .filter(|c| ask.tracker.get(r, *c).is_some())
                .collect();
            if let [c] = with.as_slice() {
                return Ok(explain_value(ask, r, *c));
            }
            let names: Vec<String> = several
                .iter()
                .map(|c| ask.tracker.columns[*c].qualified())
                .collect();
            Err(Refusal::new(format!(
                "{} sections have a value called \"{value}\": {}",
                crate::text::grammar::number(names.len() as f64),
                list(&names, "and")
            ))
            .hint(format!(
                "name one with its section number, e.g. actionplan explain \"{name}\" {}",
                names[0]
            )))
        }
    }
}

fn no_such_value(ask: &Ask, value: &str) -> Refusal {
    let refusal = Refusal::new(format!("no section computes a value called \"{value}\""));
    if ask.tracker.is_empty() {
        return refusal.hint("the sections of this project compute no value about each State (see track in docs/plugins.md)");
    }
    let mut names: Vec<String> = ask
        .tracker
        .columns
        .iter()
        .map(crate::model::tracker::GridColumn::qualified)
        .collect();
    let labels: Vec<&str> = ask
        .tracker
        .columns
        .iter()
        .map(|c| c.column.label.as_str())
        .collect();
    let bare: Vec<&str> = ask
        .tracker
        .columns
        .iter()
        .map(|c| c.column.name.as_str())
        .collect();
    let close = suggest::did_you_mean(value, names.iter().map(String::as_str))
        .or_else(|| suggest::did_you_mean(value, bare.iter().copied()))
        .or_else(|| suggest::did_you_mean(value, labels.iter().copied()));
    match close {
        Some(close) => refusal.hint(format!("did you mean \"{close}\"?")),
        None => {
            names.truncate(40);
            refusal.hint(format!(
                "the values are named in the notes on the headings of the {TRACKER} sheet, e.g. {}",
                list(&names[..names.len().min(3)], "and")
            ))
        }
    }
}

/// One value of a State (`state` and `column` index the grid), as `explain` prints a figure.
pub(super) fn explain_value(ask: &Ask, state: usize, column: usize) -> String {
    let name = ask.tracker.states[state];
    let c = &ask.tracker.columns[column];
    let mut out = format!(
        "{} of {name} ({}, {})\n",
        c.column.label,
        c.qualified(),
        c.section.heading().aside()
    );
    let Some(v) = ask.tracker.get(state, column) else {
        let _ = writeln!(out, "  Value:  none: the section gave no value for {name}");
        let _ = writeln!(
            out,
            "  Cell:   {TRACKER}!{} (empty)",
            cell_name(state, column)
        );
        return out;
    };
    let _ = writeln!(out, "  Value:  {}", reading(&v.reading));
    let _ = writeln!(out, "  Rule:   {}", v.rule(&c.section.file));
    let _ = writeln!(out, "  Cell:   {TRACKER}!{}", cell_name(state, column));
    out.push('\n');
    rows_behind(&mut out, ask.dataset, v);
    out
}

/// A column of the States sheet: what it is, its rule, how many States have a value.
pub(super) fn explain_column(ask: &Ask, column: usize) -> String {
    let c = &ask.tracker.columns[column];
    let mut rules: Vec<String> = Vec::new();
    let mut values = 0;
    for s in 0..ask.tracker.states.len() {
        if let Some(v) = ask.tracker.get(s, column) {
            values += 1;
            let rule = v.rule(&c.section.file);
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
    }
    let mut out = format!(
        "Column \"{}\" of the {TRACKER} sheet ({}, {})\n",
        c.column.label,
        c.qualified(),
        c.section.heading().aside()
    );
    let _ = writeln!(
        out,
        "  Values: {} of {}",
        group_thousands(values),
        count(ask.tracker.states.len() as i64, "State")
    );
    for (i, r) in rules.iter().enumerate() {
        let _ = writeln!(out, "  {} {r}", if i == 0 { "Rule:  " } else { "       " });
    }
    let _ = writeln!(
        out,
        "\nFor one State's value: actionplan explain \"{}\" {}",
        ask.tracker.states.first().copied().unwrap_or("State"),
        c.qualified()
    );
    out
}

/// "The 2 rows behind it:" and each row with its record, as for a figure.
fn rows_behind(out: &mut String, dataset: &Dataset, v: &StateValue) {
    if v.rows.is_empty() {
        out.push_str("The plugin gave no rows for this value; read the rule above.\n");
        return;
    }
    let n = v.rows.len() as i64;
    let _ = writeln!(
        out,
        "{} behind it:",
        if n == 1 {
            "The one row".to_string()
        } else {
            format!("The {} rows", group_thousands(n))
        }
    );
    for r in &v.rows {
        match dataset.table(&r.table).and_then(|t| Record::new(t, r.row)) {
            Some(record) => {
                let _ = writeln!(out, "  {}: {record}", record.place());
            }
            None => {
                let _ = writeln!(out, "  a row of the sheet {} (no longer loaded)", r.table);
            }
        }
    }
}

/// "late (done after its deadline)", "28 January 2011", "(none)".
fn reading(r: &Reading) -> String {
    match r {
        Reading::Status(s) => format!("{s} ({})", s.meaning()),
        other => other.to_string(),
    }
}

fn place(dataset: &Dataset, r: &RowRef) -> String {
    dataset
        .table(&r.table)
        .and_then(|t| Record::new(t, r.row))
        .map(|rec| rec.place().to_string())
        .unwrap_or_else(|| format!("a row of the sheet {} (no longer loaded)", r.table))
}

fn capital(s: &str) -> String {
    crate::text::grammar::capitalize(s)
}

/// Every row about a State: rows whose State column (the States list's, or any column of
/// type State) names it; by workbook, then sheet, then row.
/// Each row with the name of its table.
fn rows_about<'a>(dataset: &'a Dataset, state: &str) -> Vec<(&'a str, Record<'a>)> {
    let mut found: Vec<(&'a str, Record<'a>)> = Vec::new();
    for table in &dataset.tables {
        let columns: Vec<(usize, bool)> = state_columns(table).collect();
        if columns.is_empty() {
            continue;
        }
        for row in 0..table.len() {
            let about = columns.iter().any(|&(c, checked)| {
                let Some(t) = table.get(row, c).as_text() else {
                    return false;
                };
                // A column of type State holds the States list's spelling (the check made
                // it so); another may hold an alias.
                t == state
                    || (!checked
                        && (fold_eq(t, state)
                            || dataset.states.resolve(t).is_some_and(|s| s == state)))
            });
            if about {
                if let Some(r) = Record::new(table, row) {
                    found.push((&table.name, r));
                }
            }
        }
    }
    let sheet_order = |r: &Record| -> usize {
        dataset
            .inputs
            .iter()
            .find(|i| i.path == r.workbook())
            .and_then(|i| i.sheets.iter().position(|s| s == r.sheet()))
            .unwrap_or(usize::MAX)
    };
    found.sort_by_cached_key(|(_, r)| (r.workbook(), sheet_order(r), r.sheet(), r.sheet_row()));
    found
}

/// The columns of a table that name a State, each with whether the check gave it the States
/// list's spelling: those of type State, and a column called State (the States list's own, and
/// sheets the dictionary does not describe).
fn state_columns(table: &DataTable) -> impl Iterator<Item = (usize, bool)> + '_ {
    table.columns.iter().enumerate().filter_map(|(i, c)| {
        let checked = c.ty == Some(ColumnType::State);
        (checked || fold(&c.name) == "state").then_some((i, checked))
    })
}
