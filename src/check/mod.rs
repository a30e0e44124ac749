//! Checking the workbooks: from what the reader found to the typed [`Dataset`], in stages
//! that each take the previous one's result. [`check`] runs them in order; each module is one
//! stage, with its own tests:
//!
//! 1. [`inputs`]: the files read, and problems with files and sheets that could not be read;
//! 2. [`dictionary`]: the dictionary workbook, itself checked by the stages below against
//!    the dictionary's own description ([`dictionary::meta`]);
//! 3. [`header`]: each sheet's header found and its data rows gathered ([`header::HeaderedSheet`]);
//! 4. [`tables`]: sheets grouped by name into tables ([`tables::SheetGroup`]), then each table
//!    checked: for each sheet ([`sheet`]) a [`columns::ColumnPlan`] and every cell
//!    converted to its column's type ([`convert`]), giving a [`sheet::CheckedSheet`]; the
//!    sheets merged into a [`DataTable`]; its rows checked for repeated keys ([`unique`]);
//! 5. [`states`], [`settings`] and [`rules`]: the States list (checked first, as the other
//!    tables' State columns are checked against it), the report's settings and the treaty's
//!    rules, read from their tables; typed settings and rules are checked at their cells.

pub mod columns;
pub mod convert;
pub mod dictionary;
pub mod header;
pub mod inputs;
pub mod rules;
pub mod settings;
pub mod sheet;
pub mod states;
pub mod tables;
pub mod unique;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;

use crate::model::table::{DataTable, Dataset, Settings};
use crate::problem::{Problems, ReadFailure};
use crate::project::Project;
use crate::read::{self, Isolation, RawWorkbook, ReadLimits};
use dictionary::{Dictionary, Role};
use states::StateList;

/// A project's workbooks, read and checked.
pub struct Loaded {
    pub dataset: Dataset,
    pub dictionary: Dictionary,
    pub problems: Problems,
}

/// Options for reading workbooks.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub isolation: Isolation,
    pub limits: ReadLimits,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            isolation: Isolation::current_exe(),
            limits: ReadLimits::default(),
        }
    }
}

/// Reads every workbook of the project (in parallel, each in its own limited process) and
/// checks them. Fails only when there is no workbook at all.
pub fn load(project: &Project, options: &LoadOptions) -> Result<Loaded> {
    let mut problems = Problems::new();
    let files = inputs::workbook_files(project, &mut problems)?;
    let read = read::read_all(&files, &options.isolation, &options.limits);
    crate::timing::lap("reading workbooks");
    Ok(check(project, &files, read, problems))
}

/// The stages after reading, in order. Pure (no file is touched), so that it can be fuzzed
/// with made-up workbooks: whatever the cells hold, it must not panic.
pub fn check(
    project: &Project,
    files: &[PathBuf],
    read: Vec<Result<RawWorkbook, ReadFailure>>,
    mut problems: Problems,
) -> Loaded {
    let (workbooks, inputs) = inputs::gather(project, files, read, &mut problems);
    let (dictionary, workbooks) = dictionary::take(project, workbooks, &inputs, &mut problems);
    let sheet_names = inputs::sheet_names(&workbooks);
    let sheets = header::find_all(workbooks, &dictionary, &mut problems);
    crate::timing::lap("finding headers");
    let groups = tables::group(sheets, &sheet_names, &dictionary, &mut problems);

    let mut states = StateList::default();
    let mut settings = Settings::default();
    let mut refused_settings = Vec::new();
    let mut rules = rules::Rules::default();
    let mut checked: Vec<Option<Arc<DataTable>>> = vec![None; groups.len()];
    // The States list first: the other tables' State columns are checked against it.
    for (at, group) in tables::states_first(groups) {
        let spec = group.spec.clone();
        let table = tables::check(group, &dictionary, &states, &mut problems);
        match spec.as_ref().map(|s| s.role) {
            Some(Role::States) if states.is_empty() => {
                states = states::read(&table, spec.as_ref(), &mut problems);
            }
            Some(Role::Settings) => {
                (settings, refused_settings) = settings::read(&table, &mut problems);
            }
            Some(Role::Rules) => rules = rules::read(&table, &mut problems),
            _ => {}
        }
        checked[at] = Some(Arc::new(table));
    }
    crate::timing::lap("checking cells");

    Loaded {
        dataset: Dataset {
            tables: checked.into_iter().flatten().collect(),
            states,
            settings,
            refused_settings,
            rules,
            inputs,
        },
        dictionary,
        problems,
    }
}

/// Made-up projects and sheets for the stages' tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use crate::model::value::Value;
    use crate::problem::Problems;
    use crate::project::Project;
    use crate::read::{RawCell, RawSheet};

    /// A project in /p (nothing is read from it).
    pub fn project() -> Project {
        let root = PathBuf::from("/p");
        Project {
            root: root.clone(),
            workbooks: root.join("workbooks"),
            plugins: root.join("plugins"),
        }
    }

    pub fn t(s: &str) -> Value {
        Value::text(s)
    }

    /// A sheet whose rows start at A1; empty values leave no cell.
    pub fn sheet(name: &str, rows: Vec<Vec<Value>>) -> RawSheet {
        let mut cells = Vec::new();
        for (r, row) in rows.into_iter().enumerate() {
            for (c, value) in row.into_iter().enumerate() {
                if value != Value::Empty {
                    cells.push(RawCell {
                        row: r as u32,
                        col: c as u32,
                        value,
                    });
                }
            }
        }
        RawSheet {
            name: name.into(),
            cells,
            ..RawSheet::default()
        }
    }

    /// Each problem as the user sees it.
    pub fn shown(problems: &Problems) -> Vec<String> {
        problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{project, sheet, shown, t};
    use super::*;
    use crate::model::dates::Date;
    use crate::model::value::Value;

    fn dictionary() -> RawWorkbook {
        let sheets = sheet(
            "Sheets",
            vec![
                vec![t("Sheet"), t("Role"), t("One row per")],
                vec![t("States"), t("States list"), t("State")],
                vec![t("Stockpiles"), t("data"), t("State")],
                vec![t("Settings"), t("settings"), Value::Empty],
                vec![t("Meetings"), t("data"), Value::Empty],
                vec![t("Reports"), t("data"), Value::Empty],
            ],
        );
        let columns = sheet(
            "Columns",
            vec![
                vec![t("Sheet"), t("Column"), t("Type"), t("Required")],
                vec![t("States"), t("State"), t("text"), t("yes")],
                vec![t("States"), t("Aliases"), t("text")],
                vec![t("Stockpiles"), t("State"), t("State"), t("yes")],
                vec![t("Stockpiles"), t("Deadline"), t("date")],
                vec![t("Settings"), t("Setting"), t("text")],
                vec![t("Settings"), t("Value"), t("any")],
                vec![t("Reports"), t("Year"), t("nunber")],
            ],
        );
        RawWorkbook {
            sheets: vec![sheets, columns],
            ..RawWorkbook::default()
        }
    }

    #[test]
    fn the_stages_run_in_order_and_the_states_list_is_checked_first() {
        let p = project();
        let deadline = Value::Date(Date::from_ymd_opt(2011, 9, 13).unwrap());
        let stockpiles = sheet(
            "Stockpiles",
            vec![
                vec![t("State"), t("Deadline")],
                vec![t("Laos"), deadline.clone()],
                vec![t("Narnia"), deadline.clone()],
            ],
        );
        let states = sheet(
            "States",
            vec![
                vec![t("State"), t("Aliases")],
                vec![t("Chile")],
                vec![t("Lao People's Democratic Republic"), t("Laos; Chile")],
            ],
        );
        let settings = sheet(
            "Settings",
            vec![vec![t("Setting"), t("Value")], vec![t("Title"), t("Test")]],
        );
        let w1 = RawWorkbook {
            sheets: vec![stockpiles],
            ..RawWorkbook::default()
        };
        let w2 = RawWorkbook {
            sheets: vec![states, settings, sheet("Meetings", vec![])],
            ..RawWorkbook::default()
        };
        let files: Vec<PathBuf> = ["broken", "dictionary", "w1", "w2"]
            .iter()
            .map(|f| p.workbooks.join(format!("{f}.xlsx")))
            .collect();
        let read = vec![Err(ReadFailure::Password), Ok(dictionary()), Ok(w1), Ok(w2)];

        let loaded = check(&p, &files, read, Problems::new());

        // Problems come stage by stage: reading, the dictionary, headers, absent sheets,
        // then the tables, the States list first although it is met last.
        let problems: Vec<String> = shown(&loaded.problems)
            .iter()
            .map(|p| p.lines().next().unwrap().to_string())
            .collect();
        assert_eq!(
            problems,
            [
                "error: workbooks/broken.xlsx: the file is protected with a password, so it cannot be read; remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it) and save it again",
                "error: workbooks/dictionary.xlsx, sheet Columns, cell C8: unknown column type \"nunber\"",
                "warning: workbooks/w2.xlsx, sheet Meetings: the sheet is empty",
                "error: workbooks/dictionary.xlsx, sheet Sheets: the dictionary describes the sheet \"Reports\", but no workbook has a sheet of that name",
                "error: workbooks/w2.xlsx, sheet States, cell B3: the alias \"Chile\" already stands for \"Chile\"",
                "error: workbooks/w1.xlsx, sheet Stockpiles, cell A3: \"Narnia\" is not in the States list",
            ]
        );
        let dataset = &loaded.dataset;
        let names: Vec<&str> = dataset.table_names().collect();
        assert_eq!(names, ["Stockpiles", "States", "Settings"]);
        let stockpiles = dataset.table("Stockpiles").unwrap();
        assert_eq!(
            stockpiles.row(0),
            [t("Lao People's Democratic Republic"), deadline]
        );
        assert_eq!(stockpiles.row(1)[0], Value::Empty);
        assert_eq!(dataset.states.names().len(), 2);
        assert_eq!(dataset.settings.text("Title").as_deref(), Some("Test"));
        let read: Vec<bool> = dataset.inputs.iter().map(|i| i.read).collect();
        assert_eq!(read, [false, true, true, true]);
        assert_eq!(loaded.dictionary.sheets.len(), 5);
    }

    #[test]
    fn the_rows_of_a_table_are_marked_illustrative_by_its_provenance_column() {
        let p = project();
        let columns = sheet(
            "Columns",
            vec![
                vec![
                    t("Sheet"),
                    t("Column"),
                    t("Type"),
                    t("Required"),
                    t("Provenance"),
                ],
                vec![t("Steps"), t("Step"), t("text"), t("yes")],
                vec![
                    t("Steps"),
                    t("Source"),
                    t("text"),
                    t("no"),
                    t("illustrative when it contains \"illustrative\""),
                ],
                vec![t("Meetings"), t("Meeting"), t("text"), t("yes")],
            ],
        );
        let dictionary = RawWorkbook {
            sheets: vec![columns],
            ..RawWorkbook::default()
        };
        let steps = |rows: Vec<Vec<Value>>| RawWorkbook {
            sheets: vec![sheet("Steps", rows)],
            ..RawWorkbook::default()
        };
        let w1 = steps(vec![
            vec![t("Step"), t("Source")],
            vec![t("a"), t("Illustrative sample (not an official record)")],
            vec![t("b"), t("Monitor 2011")],
            vec![t("b"), t("Monitor 2011")],
            vec![t("c")],
        ]);
        // A sheet without the column: where its rows come from cannot be read.
        let w2 = steps(vec![vec![t("Step")], vec![t("d")]]);
        let w3 = RawWorkbook {
            sheets: vec![sheet("Meetings", vec![vec![t("Meeting")], vec![t("1MSP")]])],
            ..RawWorkbook::default()
        };
        let files: Vec<PathBuf> = ["dictionary", "w1", "w2", "w3"]
            .iter()
            .map(|f| p.workbooks.join(format!("{f}.xlsx")))
            .collect();
        let read = vec![Ok(dictionary), Ok(w1), Ok(w2), Ok(w3)];
        let loaded = check(&p, &files, read, Problems::new());
        let steps = loaded.dataset.table("Steps").unwrap();
        let marked: Vec<bool> = (0..steps.len()).map(|r| steps.is_illustrative(r)).collect();
        assert_eq!(marked, [true, false, false, false, true]);
        assert_eq!(steps.illustrative_count(), 2);
        assert_eq!(
            steps.provenance_cell(1),
            Some(&t("Monitor 2011")),
            "the Audit sheet shows it"
        );
        // "no" in Required is made "column only": a missing Source is an error, not a warning.
        assert!(shown(&loaded.problems)
            .iter()
            .any(|m| m.starts_with("error: workbooks/w2.xlsx, sheet Steps, row 1: the required column \"Source\" is missing")));
        let meetings = loaded.dataset.table("Meetings").unwrap();
        assert!(meetings.provenance.is_none() && !meetings.is_illustrative(0));
    }
}
