//! The report's settings (title, period, meeting dates), read from the table of the sheet
//! with the Settings role: a name in its Setting column, a value of any type in its Value
//! column. Rows without a name are skipped; without those two columns there are no settings.

use crate::model::table::{DataTable, Settings};

pub fn read(table: &DataTable) -> Settings {
    let (Some(k), Some(v)) = (table.column_index("Setting"), table.column_index("Value")) else {
        return Settings::default();
    };
    Settings {
        entries: (0..table.len())
            .map(|r| (table.get(r, k).to_string(), table.get(r, v).clone()))
            .filter(|(k, _)| !k.trim().is_empty())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::Date;
    use crate::model::table::{Column, RowSource};
    use crate::model::value::Value;

    fn table(columns: &[&str], rows: Vec<Vec<Value>>) -> DataTable {
        let columns = columns
            .iter()
            .map(|name| Column {
                name: name.to_string(),
                ty: None,
                description: String::new(),
            })
            .collect();
        let mut t = DataTable::new("Settings", columns);
        for (i, row) in rows.into_iter().enumerate() {
            t.push_row(
                row,
                RowSource {
                    part: 0,
                    row: i as u32 + 2,
                },
            );
        }
        t
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
        let settings = read(&t);
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
        assert!(read(&t).entries.is_empty());
    }
}
