//! Sheets grouped into tables by name: every sheet of one name (compared folded), in every
//! workbook, makes one table. The dictionary's sheets that no workbook has are reported here;
//! then each table is checked, sheet by sheet, and its sheets merged.

use crate::check::dictionary::{Dictionary, Role, SheetSpec};
use crate::check::header::HeaderedSheet;
use crate::check::states::StateList;
use crate::check::{sheet, unique};
use crate::model::table::DataTable;
use crate::problem::{Place, Problem, Problems, SheetProblem};
use crate::text::suggest::{did_you_mean, fold};

/// The sheets that make one table, in the order met.
#[derive(Debug)]
pub struct SheetGroup {
    /// The table's name: the dictionary's spelling, or the first sheet's (trimmed).
    pub name: String,
    /// What the dictionary says of it, if anything.
    pub spec: Option<SheetSpec>,
    pub sheets: Vec<HeaderedSheet>,
    /// For a table the dictionary does not describe: a table the dictionary describes and
    /// no workbook has, which this one may be, misspelt.
    pub suggestion: Option<String>,
}

/// Groups the sheets into tables, in the order first met, and reports the dictionary's
/// sheets that no workbook has (`sheet_names`: every sheet of the workbooks, so that a sheet
/// that is there but empty is not reported again).
pub fn group(
    sheets: Vec<HeaderedSheet>,
    sheet_names: &[String],
    dictionary: &Dictionary,
    problems: &mut Problems,
) -> Vec<SheetGroup> {
    let mut groups: Vec<SheetGroup> = Vec::new();
    for sheet in sheets {
        let spec = dictionary.sheet(&sheet.sheet);
        let name = match spec {
            Some(spec) => spec.name.clone(),
            None => sheet.sheet.trim().to_string(),
        };
        match groups.iter_mut().find(|g| fold(&g.name) == fold(&name)) {
            Some(group) => group.sheets.push(sheet),
            None => groups.push(SheetGroup {
                name,
                spec: spec.cloned(),
                sheets: vec![sheet],
                suggestion: None,
            }),
        }
    }

    // Declared sheets that no workbook has: most often a renamed tab.
    let has = |name: &str| groups.iter().any(|g| fold(&g.name) == fold(name));
    let undeclared: Vec<&str> = groups
        .iter()
        .filter(|g| g.spec.is_none())
        .map(|g| g.name.as_str())
        .collect();
    for spec in &dictionary.sheets {
        let empty = || sheet_names.iter().any(|s| fold(s) == fold(&spec.name));
        if has(&spec.name) || empty() {
            continue; // an empty sheet is reported as such
        }
        let problem = SheetProblem::Absent {
            sheet: spec.name.clone(),
            suggestion: did_you_mean(&spec.name, undeclared.iter().copied()).map(Into::into),
        };
        let place = Place::sheet(dictionary.file.clone().unwrap_or_default(), "Sheets");
        problems.push(Problem::new(place, problem));
    }

    // And the other way round: a sheet the dictionary does not describe may be one of those.
    let absent: Vec<String> = dictionary
        .sheets
        .iter()
        .filter(|s| !has(&s.name))
        .map(|s| s.name.clone())
        .collect();
    for group in groups.iter_mut().filter(|g| g.spec.is_none()) {
        group.suggestion =
            did_you_mean(&group.name, absent.iter().map(String::as_str)).map(Into::into);
    }
    groups
}

/// The groups in the order they are checked, each with its place in the original order:
/// the States list first (the other tables' State columns are checked against it), then
/// the settings, then the others.
pub fn states_first(groups: Vec<SheetGroup>) -> Vec<(usize, SheetGroup)> {
    let mut ordered: Vec<(usize, SheetGroup)> = groups.into_iter().enumerate().collect();
    ordered.sort_by_key(|(_, g)| match g.spec.as_ref().map(|s| s.role) {
        Some(Role::States) => 0,
        Some(Role::Settings | Role::Rules) => 1,
        _ => 2,
    });
    ordered
}

/// Checks each sheet of the table (State names against `states`, unless it is empty) and
/// merges them; then checks the rows for repeated keys. The sheets' values move into the table.
pub fn check(
    group: SheetGroup,
    dictionary: &Dictionary,
    states: &StateList,
    problems: &mut Problems,
) -> DataTable {
    let SheetGroup {
        name,
        spec,
        sheets,
        suggestion,
    } = group;
    if spec.is_none() && dictionary.file.is_some() {
        let first = &sheets[0];
        let place = Place::sheet(&first.workbook, &first.sheet);
        let problem = SheetProblem::Undeclared {
            sheet: name.clone(),
            suggestion,
        };
        problems.push(Problem::new(place, problem));
    }
    let states = (!states.is_empty()).then_some(states);
    let checked = sheets
        .into_iter()
        .map(|s| sheet::check(s, spec.as_ref(), states, problems))
        .collect();
    let description = spec.as_ref().map(|s| s.description.as_str()).unwrap_or("");
    let mut table = DataTable::merge(&name, description, spec.is_some(), checked);
    if let Some(spec) = &spec {
        let filled: Vec<String> = spec
            .columns
            .iter()
            .filter(|c| c.required.every_row())
            .map(|c| c.name.clone())
            .collect();
        let repeated = unique::check(&table, &spec.one_row_per, &filled, problems);
        table.remove_rows(&repeated);
        if let Some(p) = &spec.provenance {
            table.set_provenance(&p.column, p.rule.clone());
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::dictionary::ColumnSpec;
    use crate::check::dictionary::ColumnType;
    use crate::check::header::{self, HeaderHint};
    use crate::check::testing::{sheet, shown, t};

    fn headered(workbook: &str, name: &str, header: &str, value: &str) -> HeaderedSheet {
        let raw = sheet(name, vec![vec![t(header)], vec![t(value)]]);
        header::find(workbook, false, raw, &HeaderHint::default()).unwrap()
    }

    fn dictionary(sheets: &[(&str, Role)]) -> Dictionary {
        let sheets = sheets
            .iter()
            .map(|(name, role)| {
                let mut spec = SheetSpec::new(name, *role);
                spec.columns.push(ColumnSpec {
                    name: "State".into(),
                    ty: ColumnType::Text,
                    required: crate::check::dictionary::Required::No,
                    description: String::new(),
                });
                spec
            })
            .collect();
        Dictionary {
            file: Some("workbooks/dictionary.xlsx".into()),
            sheets,
        }
    }

    #[test]
    fn sheets_of_one_name_make_one_table_and_absent_sheets_are_reported() {
        let dictionary = dictionary(&[("States", Role::States), ("Stockpiles", Role::Data)]);
        let sheets = vec![
            headered("a.xlsx", "Notes", "State", "Chile"),
            headered("a.xlsx", "states", "State", "Chile"),
            headered("b.xlsx", "Stockpile", "State", "Peru"),
            headered("b.xlsx", " States", "State", "Peru"),
        ];
        let names: Vec<String> = ["Notes", "states", "Stockpile", " States", "Empty"]
            .map(String::from)
            .to_vec();
        let mut problems = Problems::new();
        let groups = group(sheets, &names, &dictionary, &mut problems);
        let summary: Vec<(&str, usize, bool, Option<&str>)> = groups
            .iter()
            .map(|g| {
                let suggestion = g.suggestion.as_deref();
                (
                    g.name.as_str(),
                    g.sheets.len(),
                    g.spec.is_some(),
                    suggestion,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Notes", 1, false, None),
                ("States", 2, true, None),
                ("Stockpile", 1, false, Some("Stockpiles")),
            ]
        );
        assert_eq!(
            shown(&problems),
            ["error: workbooks/dictionary.xlsx, sheet Sheets: the dictionary describes the sheet \"Stockpiles\", but no workbook has a sheet of that name\n  hint: did you mean \"Stockpile\"? (a renamed sheet tab?)"]
        );
        let order: Vec<(usize, &str)> = states_first(groups)
            .into_iter()
            .map(|(at, g)| {
                (
                    at,
                    if g.name == "States" {
                        "States"
                    } else {
                        "other"
                    },
                )
            })
            .collect();
        assert_eq!(order, [(1, "States"), (0, "other"), (2, "other")]);
    }

    #[test]
    fn a_table_merges_its_sheets_and_an_undeclared_one_is_reported() {
        let dictionary = dictionary(&[("Stockpiles", Role::Data)]);
        let sheets = vec![
            headered("a.xlsx", "Stockpile", "State", "Chile"),
            headered("b.xlsx", "Stockpile", "State", "Peru"),
        ];
        let mut problems = Problems::new();
        let mut groups = group(sheets, &[], &dictionary, &mut problems);
        let table = check(
            groups.remove(0),
            &dictionary,
            &StateList::default(),
            &mut problems,
        );
        assert_eq!(table.len(), 2);
        assert_eq!(table.parts.len(), 2);
        assert!(!table.declared);
        assert_eq!(
            shown(&problems)[1],
            "warning: a.xlsx, sheet Stockpile: the sheet \"Stockpile\" is not in the dictionary; its columns were loaded with the types found\n  hint: did you mean \"Stockpiles\"?"
        );
    }
}
