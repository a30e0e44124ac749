//! Matching a sheet's header with the dictionary: the [`ColumnPlan`] says, for each column of
//! the checked sheet, where its values come from in the sheet and how they are checked. A
//! column of the dictionary that no header names is reported; an optional one stays empty,
//! but a required one (Required "yes", "column only" or a condition) is left out of the sheet,
//! so that a section reading it stops with a message ("no column \"Completed\"; did you mean
//! \"Date completed\"?") instead of counting every row as empty. A header the dictionary does
//! not describe is reported and loaded as found.

use crate::check::convert::ColumnCheck;
use crate::check::dictionary::{Required, SheetSpec};
use crate::check::header::HeaderedSheet;
use crate::model::table::Column;
use crate::problem::{MissingColumn, Place, Problem, Problems, SheetProblem};
use crate::text::suggest::{did_you_mean, fold};

/// One column of the checked sheet.
#[derive(Debug)]
pub struct PlannedColumn {
    /// Its name, declared type and description, as the table shows them.
    pub column: Column,
    /// The headered sheet's column it is read from, when the sheet has it.
    pub source: Option<usize>,
    /// The 0-based sheet column it is read from, for problems' places.
    pub sheet_col: Option<u32>,
    /// How its cells are checked; `None` for a column loaded as found.
    pub check: Option<ColumnCheck>,
    /// Required only in some rows: when another column of the row holds one of some values.
    pub when: Option<When>,
}

/// A column required in the rows where another column holds one of some values.
#[derive(Debug)]
pub struct When {
    /// The other column, by its index in the plan.
    pub column: usize,
    /// Its name, for messages.
    pub name: String,
    /// The values, folded for comparing.
    pub folded: Vec<String>,
}

/// For each column of the checked sheet: its column in the dictionary (if any), its column
/// in the sheet (if any), and its check. The dictionary's columns come first, in its order,
/// then the sheet's other columns, in the sheet's order.
#[derive(Debug)]
pub struct ColumnPlan {
    pub columns: Vec<PlannedColumn>,
    /// How many columns the headered sheet has.
    width_in: usize,
}

impl ColumnPlan {
    /// The plan for `sheet` as `spec` describes it (or, without one, the sheet's columns as
    /// found); columns missing from the sheet and columns the dictionary lacks are reported.
    pub fn new(sheet: &HeaderedSheet, spec: Option<&SheetSpec>, problems: &mut Problems) -> Self {
        let mut plan = ColumnPlan {
            columns: Vec::with_capacity(sheet.columns.len()),
            width_in: sheet.columns.len(),
        };
        let mut used = vec![false; sheet.columns.len()];
        if let Some(spec) = spec {
            for c in &spec.columns {
                let source = sheet.column(&c.name);
                match source {
                    Some(p) => used[p] = true,
                    None => {
                        problems.push(missing(sheet, spec, &c.name, c.required.column()));
                        if c.required.column() {
                            continue;
                        }
                    }
                }
                plan.columns.push(PlannedColumn {
                    column: Column {
                        name: c.name.clone(),
                        ty: Some(c.ty.clone()),
                        description: c.description.clone(),
                    },
                    source,
                    sheet_col: source.map(|p| sheet.columns[p].col),
                    check: Some(ColumnCheck::new(
                        &c.ty,
                        c.required.every_row() && source.is_some(),
                    )),
                    when: None,
                });
            }
            let at = |plan: &ColumnPlan, name: &str| {
                plan.columns
                    .iter()
                    .position(|p| fold(&p.column.name) == fold(name))
            };
            for c in &spec.columns {
                let Required::When { column, values } = &c.required else {
                    continue;
                };
                if let (Some(i), Some(other)) = (at(&plan, &c.name), at(&plan, column)) {
                    plan.columns[i].when = Some(When {
                        column: other,
                        name: plan.columns[other].column.name.clone(),
                        folded: values.iter().map(|v| fold(v)).collect(),
                    });
                }
            }
        }
        let missing: Vec<&str> = spec
            .map(|spec| {
                spec.columns
                    .iter()
                    .filter(|c| sheet.column(&c.name).is_none())
                    .map(|c| c.name.as_str())
                    .collect()
            })
            .unwrap_or_default();
        for (p, h) in sheet.columns.iter().enumerate() {
            if used[p] {
                continue;
            }
            if spec.is_some() {
                let problem = SheetProblem::UndeclaredColumn {
                    column: h.name.clone(),
                    suggestion: did_you_mean(&h.name, missing.iter().copied()).map(Into::into),
                };
                let place = Place::cell(&sheet.workbook, &sheet.sheet, sheet.header_rows.0, h.col);
                problems.push(Problem::new(place, problem));
            }
            plan.columns.push(PlannedColumn {
                column: Column {
                    name: h.name.clone(),
                    ty: None,
                    description: String::new(),
                },
                source: Some(p),
                sheet_col: Some(h.col),
                check: None,
                when: None,
            });
        }
        plan
    }

    /// Whether the checked sheet's columns are the headered sheet's, in the same order: then
    /// values are converted in place instead of moved into a new vector.
    pub fn is_identity(&self) -> bool {
        self.columns.len() == self.width_in
            && self
                .columns
                .iter()
                .enumerate()
                .all(|(i, c)| c.source == Some(i))
    }

    /// Whether two columns read the same sheet column (a name the dictionary lists twice):
    /// then each needs the value, which is copied rather than moved.
    pub fn shares_a_source(&self) -> bool {
        let mut seen = vec![false; self.width_in];
        self.columns
            .iter()
            .filter_map(|c| c.source)
            .any(|p| std::mem::replace(&mut seen[p], true))
    }
}

/// The problem for a column of the dictionary that the sheet's header lacks: the hint names a
/// header the dictionary lacks that may be it, misspelt, or else lists the headers found.
fn missing(sheet: &HeaderedSheet, spec: &SheetSpec, column: &str, required: bool) -> Problem {
    let unmatched = sheet
        .columns
        .iter()
        .filter(|h| spec.column(&h.name).is_none())
        .map(|h| h.name.as_str());
    let missing = MissingColumn {
        column: column.to_string(),
        header_row: sheet.header_rows.0,
        suggestion: did_you_mean(column, unmatched).map(Into::into),
        headers: sheet.columns.iter().map(|c| c.name.clone()).collect(),
    };
    let problem = if required {
        SheetProblem::MissingRequiredColumn(missing)
    } else {
        SheetProblem::MissingColumn(missing)
    };
    let place = Place::row(&sheet.workbook, &sheet.sheet, sheet.header_rows.0);
    Problem::new(place, problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::dictionary::{ColumnSpec, ColumnType, Role, SheetSpec};
    use crate::check::header::HeaderColumn;

    fn sheet(headers: &[&str]) -> HeaderedSheet {
        HeaderedSheet {
            workbook: "workbooks/w.xlsx".into(),
            date1904: false,
            sheet: "Stockpiles".into(),
            header_rows: (0, 0),
            columns: headers
                .iter()
                .enumerate()
                .map(|(i, h)| HeaderColumn {
                    name: h.to_string(),
                    col: i as u32 * 2,
                })
                .collect(),
            values: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn spec(columns: &[(&str, bool)]) -> SheetSpec {
        let mut spec = SheetSpec::new("Stockpiles", Role::Data);
        spec.columns = columns
            .iter()
            .map(|(name, required)| ColumnSpec {
                name: name.to_string(),
                ty: ColumnType::Text,
                required: if *required {
                    Required::Yes
                } else {
                    Required::No
                },
                description: String::new(),
            })
            .collect();
        spec
    }

    fn shown(problems: &Problems) -> Vec<String> {
        problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }

    #[test]
    fn the_dictionary_s_columns_come_first_then_the_sheet_s_others() {
        let sheet = sheet(&["Note", "state", "Deadline"]);
        let spec = spec(&[("State", true), ("Deadline", false), ("Reaction", true)]);
        let mut problems = Problems::new();
        let plan = ColumnPlan::new(&sheet, Some(&spec), &mut problems);
        let summary: Vec<(&str, Option<usize>, Option<u32>, bool)> = plan
            .columns
            .iter()
            .map(|c| {
                let required = c.check.as_ref().is_some_and(|k| k.required);
                (c.column.name.as_str(), c.source, c.sheet_col, required)
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("State", Some(1), Some(2), true),
                ("Deadline", Some(2), Some(4), false),
                ("Note", Some(0), Some(0), false),
            ]
        );
        assert!(plan.columns[2].check.is_none());
        assert!(!plan.is_identity() && !plan.shares_a_source());
        assert_eq!(
            shown(&problems),
            [
                "error: workbooks/w.xlsx, sheet Stockpiles, row 1: the required column \"Reaction\" is missing\n  hint: the header row is row 1; columns found: Note, state, Deadline",
                "warning: workbooks/w.xlsx, sheet Stockpiles, cell A1: the column \"Note\" is not in the dictionary; it was loaded as found",
            ]
        );
    }

    #[test]
    fn a_misspelt_header_is_suggested_both_ways() {
        let sheet = sheet(&["State", "Reactoin"]);
        let spec = spec(&[("State", true), ("Reaction", false)]);
        let mut problems = Problems::new();
        ColumnPlan::new(&sheet, Some(&spec), &mut problems);
        let hints: Vec<Option<String>> =
            problems.iter().map(crate::problem::Problem::hint).collect();
        assert_eq!(
            hints,
            [
                Some("did you mean \"Reactoin\"? (rename the header, or the column in the dictionary)".to_string()),
                Some("did you mean \"Reaction\"?".to_string()),
            ]
        );
    }

    #[test]
    fn a_sheet_s_own_columns_in_order_are_checked_in_place() {
        let sheet = sheet(&["State", "Deadline"]);
        let mut problems = Problems::new();
        let plan = ColumnPlan::new(&sheet, None, &mut problems);
        assert!(plan.is_identity() && problems.is_empty());
        let plan = ColumnPlan::new(
            &sheet,
            Some(&spec(&[("State", true), ("Deadline", true)])),
            &mut problems,
        );
        assert!(plan.is_identity() && problems.is_empty());
        // A column listed twice in the dictionary reads the same sheet column twice.
        let twice = spec(&[("State", true), ("state", false), ("Deadline", true)]);
        let plan = ColumnPlan::new(&sheet, Some(&twice), &mut problems);
        assert!(!plan.is_identity() && plan.shares_a_source());
    }
}
