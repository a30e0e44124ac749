//! The report's settings (title, period, meeting dates), read from the table of the sheet
//! with the Settings role: a name in its Setting column, a value of any type in its Value
//! column. Rows without a name are skipped; without those two columns there are no settings.
//!
//! A setting can be typed in an optional Type column ("date" for the Cut-off date): its value
//! is then checked here, like a cell of a typed column, and a bad one is reported at its cell
//! of the Settings sheet rather than at the plugin line that reads it. The setting is then
//! left empty. Untyped settings are given to plugins as they were typed.

use crate::check::convert::{convert, ColumnCheck};
use crate::check::dictionary::ColumnType;
use crate::model::table::{DataTable, Settings};
use crate::model::value::Value;
use crate::problem::{Problem, Problems, SettingProblem};
use crate::text::suggest::did_you_mean;

/// The words of the Type column, first the one shown in messages.
pub const TYPES: [&str; 6] = ["text", "date", "number", "whole number", "yes/no", "any"];

/// A type word of the Type column (or of the Unit column of rules); lists and States are
/// not settings' types.
pub fn parse_type(word: &str) -> Option<ColumnType> {
    match ColumnType::parse(word, &[])? {
        ColumnType::OneOf(_) | ColumnType::State => None,
        ty => Some(ty),
    }
}

/// Converts `value` to `ty` as a cell of such a column would be: the value (empty if refused)
/// and the problem to report at the cell, if any.
pub fn typed(value: &Value, ty: &ColumnType) -> (Value, Option<crate::problem::CellProblem>) {
    match convert(value, &ColumnCheck::new(ty, false), None, false) {
        Ok((value, warning)) => (value, warning.map(|w| *w)),
        Err(problem) => (Value::Empty, Some(*problem)),
    }
}

/// The settings, and those whose value was refused for their Type (name, place of the value).
pub fn read(table: &DataTable, problems: &mut Problems) -> (Settings, Vec<(String, String)>) {
    let (Some(k), Some(v)) = (table.column_index("Setting"), table.column_index("Value")) else {
        return (Settings::default(), Vec::new());
    };
    let type_col = table.column_index("Type");
    let mut entries = Vec::new();
    let mut refused = Vec::new();
    for r in 0..table.len() {
        let name = table.get(r, k).to_string();
        if name.trim().is_empty() {
            continue;
        }
        let mut value = table.get(r, v).clone();
        let word = type_col.map(|c| table.get(r, c).to_string());
        match word.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            None => {}
            Some(word) => match parse_type(word) {
                Some(ty) => {
                    let (converted, problem) = typed(&value, &ty);
                    if let Some(problem) = problem {
                        let place = table.location(r, Some(v));
                        if converted.is_empty() && !value.is_empty() {
                            refused.push((name.clone(), place.to_string()));
                        }
                        problems.push(Problem::new(place, problem));
                    }
                    value = converted;
                }
                None => {
                    let problem = SettingProblem::UnknownType {
                        word: word.to_string(),
                        suggestion: did_you_mean(word, TYPES).map(Into::into),
                    };
                    problems.push(Problem::new(table.location(r, type_col), problem));
                }
            },
        }
        entries.push((name, value));
    }
    (Settings { entries }, refused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::Date;
    use crate::model::value::Value;

    fn table(columns: &[&str], rows: Vec<Vec<Value>>) -> DataTable {
        DataTable::sheet("workbooks/settings.xlsx", "Settings", columns, rows)
    }

    #[test]
    fn names_with_their_values_of_any_type() {
        let opening = Date::from_ymd_opt(2011, 9, 13).unwrap();
        let t = table(
            &["Setting", "Value", "Note"],
            vec![
                vec![
                    Value::text("Title"),
                    Value::text("Beirut Progress Report"),
                    Value::Empty,
                ],
                vec![Value::text(" "), Value::text("no name"), Value::Empty],
                vec![
                    Value::text("Opening"),
                    Value::Date(opening),
                    Value::text("2MSP"),
                ],
            ],
        );
        let (settings, _) = read(&t, &mut Problems::new());
        assert_eq!(settings.entries.len(), 2);
        assert_eq!(
            settings.text("title").as_deref(),
            Some("Beirut Progress Report")
        );
        assert_eq!(settings.get("Opening"), Some(&Value::Date(opening)));
    }

    #[test]
    fn without_a_setting_or_a_value_column_there_are_none() {
        let t = table(
            &["Name", "Value"],
            vec![vec![Value::text("Title"), Value::text("x")]],
        );
        assert!(read(&t, &mut Problems::new()).0.entries.is_empty());
    }
}
