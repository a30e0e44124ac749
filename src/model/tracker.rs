//! Per-State values: what a section computed about one State (the date its initial report
//! was due, whether it came on time), declared with `track{ ... }` and kept with the rule that
//! made it and the rows behind it, like a figure.
//!
//! They are for the people who prepare the report, never for the circulated narrative: the
//! *States* sheet of the consolidated workbook shows them (`write::workbook::tracker`) and
//! `actionplan explain` answers for them, but the Markdown and HTML documents do not read them.
//!
//! [`Tracker`] gathers the values of every section into one grid, one row per State of the
//! States list and one column per declared value, grouped by section: the sheet and `explain`
//! both read the grid, so that a cell reference such as `States!F12` means the same to both.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::check::states::StateList;
use crate::model::report::{Report, RowRef, Section};
use crate::model::value::Value;
use crate::text::suggest::{fold, fold_chars};

/// Where a State stands on something with a deadline: a small fixed vocabulary, so that the
/// States sheet can colour it and a reader knows what each word means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Done,
    OnTime,
    Late,
    Overdue,
    DueSoon,
    NotYetDue,
    Missing,
    NotApplicable,
}

impl Status {
    /// Every status, in the order the legend shows them.
    pub const ALL: [Status; 8] = [
        Status::Done,
        Status::OnTime,
        Status::Late,
        Status::Overdue,
        Status::DueSoon,
        Status::NotYetDue,
        Status::Missing,
        Status::NotApplicable,
    ];

    /// The word a plugin writes and the sheet shows.
    pub fn word(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTime => "on time",
            Status::Late => "late",
            Status::Overdue => "overdue",
            Status::DueSoon => "due soon",
            Status::NotYetDue => "not yet due",
            Status::Missing => "missing",
            Status::NotApplicable => "not applicable",
        }
    }

    /// What the word means, for the legend and `explain`.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::Done => "done, no deadline to compare with",
            Status::OnTime => "done by its deadline",
            Status::Late => "done after its deadline",
            Status::Overdue => "deadline passed, not done",
            Status::DueSoon => "deadline close, not done yet",
            Status::NotYetDue => "deadline still ahead",
            Status::Missing => "not recorded: the date or fact needed is missing",
            Status::NotApplicable => "the obligation does not apply",
        }
    }

    /// The status a plugin's word stands for: case, spaces, `-` and `_` do not matter
    /// ("On-time", "not_yet_due").
    pub fn parse(word: &str) -> Option<Status> {
        let wanted = Status::key(word);
        Status::ALL
            .into_iter()
            .find(|s| Status::key(s.word()) == wanted)
    }

    fn key(word: &str) -> String {
        fold_chars(word)
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect()
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// What a per-State value holds: a cell value (a date, a number, a short text) or a status.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    Value(Value),
    Status(Status),
}

/// "28 January 2011", "late", or "(none)" for a value the rule left empty.
impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reading::Value(v) if v.is_empty() => f.write_str("(none)"),
            Reading::Value(v) => write!(f, "{v}"),
            Reading::Status(s) => write!(f, "{s}"),
        }
    }
}

/// One kind of value a section tracks: a column of the States sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Letters, digits and `_`, as a figure's name: "initial_due".
    pub name: String,
    /// The column's heading: "Initial report due".
    pub label: String,
}

/// One value about one State.
#[derive(Clone, Debug)]
pub struct StateValue {
    /// The State's name as the States list writes it.
    pub state: Arc<str>,
    /// Index into the section's [`Tracked::columns`].
    pub column: usize,
    pub reading: Reading,
    /// The plugin (or library) file and line of the `track` call, shared by the values the
    /// same line made.
    pub file: Option<Arc<str>>,
    pub line: Option<u32>,
    pub rows: Vec<RowRef>,
    /// Where the State's row goes in the States sheet (`order = n`), if the value says.
    pub order: Option<f64>,
}

impl StateValue {
    /// "plugins/11_transparency.lua, line 58".
    pub fn rule(&self, section_file: &str) -> String {
        let file = self.file.as_deref().unwrap_or(section_file);
        match self.line {
            Some(line) => format!("{file}, line {line}"),
            None => file.to_string(),
        }
    }
}

/// What one section tracked: its columns in the order first declared, and the values.
#[derive(Clone, Debug, Default)]
pub struct Tracked {
    pub columns: Vec<Column>,
    pub values: Vec<StateValue>,
}

/// Value columns of the grid: a sheet has 16,384 columns, one of which holds the States' names.
pub const MAX_COLUMNS: usize = 16_000;

/// A column of the grid: a section's column with its section.
#[derive(Clone, Copy, Debug)]
pub struct GridColumn<'a> {
    pub section: &'a Section,
    pub column: &'a Column,
}

impl GridColumn<'_> {
    /// "11.initial_due" (or "initial_due" for a section without a number).
    pub fn qualified(&self) -> String {
        match self.section.number {
            Some(n) => format!("{n}.{}", self.column.name),
            None => self.column.name.clone(),
        }
    }
}

/// The columns of one section, side by side in the grid.
#[derive(Clone, Copy, Debug)]
pub struct Group<'a> {
    pub section: &'a Section,
    /// Index of its first column in [`Tracker::columns`].
    pub first: usize,
    pub len: usize,
}

/// The per-State values of every section as one grid: a row per State of the States list,
/// a column per tracked value, the columns of each section together in report order.
pub struct Tracker<'a> {
    pub groups: Vec<Group<'a>>,
    pub columns: Vec<GridColumn<'a>>,
    /// The States in the order of the sheet: by their smallest `order`, those without one
    /// last, then by name.
    pub states: Vec<&'a str>,
    /// `cells[state * columns.len() + column]`.
    cells: Vec<Option<&'a StateValue>>,
    row_of: HashMap<&'a str, usize>,
}

impl<'a> Tracker<'a> {
    pub fn new(report: &'a Report, list: &'a StateList) -> Tracker<'a> {
        let mut groups = Vec::new();
        let mut columns = Vec::new();
        for section in &report.sections {
            let Some(tracked) = section.content().map(|c| &c.tracked) else {
                continue;
            };
            // A section whose columns would not fit in a sheet is left out, whole.
            if tracked.columns.is_empty() || columns.len() + tracked.columns.len() > MAX_COLUMNS {
                continue;
            }
            groups.push(Group {
                section,
                first: columns.len(),
                len: tracked.columns.len(),
            });
            columns.extend(
                tracked
                    .columns
                    .iter()
                    .map(|column| GridColumn { section, column }),
            );
        }

        // The order each State gets from its values: the smallest given.
        let mut order: HashMap<&str, f64> = HashMap::new();
        for v in Self::all_values(&groups) {
            if let Some(o) = v.order {
                let e = order.entry(&*v.state).or_insert(o);
                *e = e.min(o);
            }
        }
        let mut states: Vec<&'a str> = list.names().iter().map(String::as_str).collect();
        states.sort_by(|a, b| {
            let (oa, ob) = (order.get(a), order.get(b));
            let rank = |o: Option<&f64>| o.copied().unwrap_or(f64::INFINITY);
            rank(oa)
                .total_cmp(&rank(ob))
                .then_with(|| fold_chars(a).cmp(fold_chars(b)))
                .then_with(|| a.cmp(b))
        });
        let row_of: HashMap<&'a str, usize> =
            states.iter().enumerate().map(|(i, s)| (*s, i)).collect();

        let width = columns.len();
        let mut cells = vec![None; states.len() * width];
        for g in &groups {
            let tracked = &g.section.content().expect("a group's section").tracked;
            for v in &tracked.values {
                if let Some(&row) = row_of.get(&*v.state) {
                    cells[row * width + g.first + v.column] = Some(v);
                }
            }
        }
        Tracker {
            groups,
            columns,
            states,
            cells,
            row_of,
        }
    }

    fn all_values<'b>(groups: &'b [Group<'a>]) -> impl Iterator<Item = &'a StateValue> + 'b {
        groups.iter().flat_map(|g| {
            g.section
                .content()
                .expect("a group's section")
                .tracked
                .values
                .iter()
        })
    }

    /// Whether any section tracked anything: without values there is no States sheet.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Every value in the grid.
    pub fn values(&self) -> impl Iterator<Item = &'a StateValue> + '_ {
        Self::all_values(&self.groups)
    }

    pub fn get(&self, state: usize, column: usize) -> Option<&'a StateValue> {
        self.cells[state * self.columns.len() + column]
    }

    /// The row of a State (its master name), 0-based among the States.
    pub fn row_of(&self, state: &str) -> Option<usize> {
        self.row_of.get(state).copied()
    }

    /// The group a column belongs to.
    pub fn group_of(&self, column: usize) -> &Group<'a> {
        self.groups
            .iter()
            .find(|g| column >= g.first && column < g.first + g.len)
            .expect("every column is in a group")
    }

    /// The values of one State, column by column (empty cells left out).
    pub fn of_state(&self, state: usize) -> Vec<(usize, &'a StateValue)> {
        (0..self.columns.len())
            .filter_map(|c| self.get(state, c).map(|v| (c, v)))
            .collect()
    }

    /// The columns a name stands for: "11.initial_due", "initial_due" (in any section) or a
    /// label ("Initial report due"); case and spacing do not matter.
    pub fn find_columns(&self, wanted: &str) -> Vec<usize> {
        let wanted = wanted.trim();
        let (number, name) = match wanted.split_once('.') {
            Some((n, rest)) if n.trim().parse::<i64>().is_ok() => {
                (n.trim().parse::<i64>().ok(), rest.trim())
            }
            _ => (None, wanted),
        };
        let in_section = |c: &GridColumn| number.is_none_or(|n| c.section.number == Some(n));
        let by = |matches: &dyn Fn(&GridColumn) -> bool| -> Vec<usize> {
            self.columns
                .iter()
                .enumerate()
                .filter(|(_, c)| in_section(c) && matches(c))
                .map(|(i, _)| i)
                .collect()
        };
        let folded = fold(name);
        let found = by(&|c| fold(&c.column.name) == folded);
        if !found.is_empty() {
            return found;
        }
        by(&|c| fold(&c.column.label) == folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_read_whatever_their_case_spacing_or_hyphens() {
        assert_eq!(Status::parse("On time"), Some(Status::OnTime));
        assert_eq!(Status::parse("on-time"), Some(Status::OnTime));
        assert_eq!(Status::parse(" NOT_YET_DUE "), Some(Status::NotYetDue));
        assert_eq!(Status::parse("n/a"), None);
        assert_eq!(Status::parse("overdo"), None);
        for s in Status::ALL {
            assert_eq!(Status::parse(s.word()), Some(s));
        }
    }

    #[test]
    fn a_reading_shows_as_the_report_writes_values() {
        assert_eq!(Reading::Status(Status::DueSoon).to_string(), "due soon");
        assert_eq!(Reading::Value(Value::Empty).to_string(), "(none)");
        assert_eq!(Reading::Value(Value::Number(3.0)).to_string(), "3");
    }
}
