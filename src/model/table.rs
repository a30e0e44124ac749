//! Typed tables: one per sheet name, merged across workbooks, each row remembering the
//! workbook, sheet and row it came from. This is what sections read and writers print.

use std::collections::HashMap;
use std::sync::Arc;

use crate::check::dictionary::ColumnType;
use crate::check::sheet::CheckedSheet;
use crate::check::states::StateList;
use crate::model::provenance::{Provenance, Rule};
use crate::model::value::Value;
use crate::problem::Place;
use crate::text::suggest::fold;

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    /// The declared type, or `None` for a column the dictionary does not describe.
    pub ty: Option<ColumnType>,
    pub description: String,
}

/// One sheet of one workbook that contributed rows to a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// Project-relative path of the workbook.
    pub workbook: String,
    pub sheet: String,
    /// For each table column, the 0-based sheet column it was read from, if any.
    pub cols: Vec<Option<u32>>,
}

/// Where a row came from: a part of the table and the 1-based sheet row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowSource {
    pub part: u32,
    pub row: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataTable {
    pub name: String,
    pub description: String,
    pub declared: bool,
    pub columns: Vec<Column>,
    /// Row-major values, `columns.len()` per row.
    values: Vec<Value>,
    pub sources: Vec<RowSource>,
    pub parts: Vec<Part>,
    index: HashMap<String, usize>,
    /// Which rows are an illustrative sample, when the dictionary declares the column that
    /// says where each row comes from (model::provenance); set once the rows are final.
    pub provenance: Option<Provenance>,
}

impl DataTable {
    /// A table as one sheet of one workbook holds it, for tests: untyped columns named
    /// `columns`, and `rows` from the sheet's second row down (below the header).
    #[cfg(test)]
    pub fn sheet(
        workbook: &str,
        name: &str,
        columns: &[&str],
        rows: impl IntoIterator<Item = Vec<Value>>,
    ) -> DataTable {
        let columns = columns
            .iter()
            .map(|name| Column {
                name: name.to_string(),
                ty: None,
                description: String::new(),
            })
            .collect();
        let mut t = DataTable::new(name, columns);
        t.parts.push(Part {
            workbook: workbook.into(),
            sheet: name.into(),
            cols: (0..t.width() as u32).map(Some).collect(),
        });
        for (i, row) in rows.into_iter().enumerate() {
            let source = RowSource {
                part: 0,
                row: i as u32 + 2,
            };
            t.push_row(row, source);
        }
        t
    }

    pub fn new(name: impl Into<String>, columns: Vec<Column>) -> DataTable {
        let index = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (fold(&c.name), i))
            .collect();
        DataTable {
            name: name.into(),
            columns,
            index,
            ..DataTable::default()
        }
    }

    /// Merges the checked sheets of one table: columns in first-seen order, rows in sheet
    /// order. The sheets' values are moved, not copied: a table of one sheet takes its values
    /// as they are.
    pub fn merge(
        name: &str,
        description: &str,
        declared: bool,
        parts: Vec<CheckedSheet>,
    ) -> DataTable {
        let mut columns: Vec<Column> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for part in &parts {
            for c in &part.columns {
                index.entry(fold(&c.name)).or_insert_with(|| {
                    columns.push(c.clone());
                    columns.len() - 1
                });
            }
        }
        let width = columns.len();
        let total: usize = parts.iter().map(|p| p.row_numbers.len()).sum();
        let single = parts.len() == 1;
        let mut table = DataTable {
            name: name.to_string(),
            description: description.to_string(),
            declared,
            columns,
            values: if single {
                Vec::new()
            } else {
                Vec::with_capacity(total * width)
            },
            sources: Vec::with_capacity(total),
            parts: Vec::with_capacity(parts.len()),
            index,
            provenance: None,
        };
        for part in parts {
            let map: Vec<usize> = part
                .columns
                .iter()
                .map(|c| table.index[&fold(&c.name)])
                .collect();
            let mut cols = vec![None; width];
            for (from, to) in map.iter().enumerate() {
                cols[*to] = part.cols[from];
            }
            let part_no = table.parts.len() as u32;
            table.parts.push(Part {
                workbook: part.workbook,
                sheet: part.sheet,
                cols,
            });
            let identity = map.iter().enumerate().all(|(i, t)| i == *t) && map.len() == width;
            table.sources.extend(
                part.row_numbers
                    .iter()
                    .map(|&row| RowSource { part: part_no, row }),
            );
            if identity && single {
                table.values = part.values;
            } else if identity {
                table.values.extend(part.values);
            } else {
                let from_width = map.len();
                let mut values = part.values.into_iter();
                for _ in 0..part.row_numbers.len() {
                    let at = table.values.len();
                    table.values.resize(at + width, Value::Empty);
                    for to in map.iter().take(from_width) {
                        table.values[at + to] = values.next().expect("a value per column");
                    }
                }
            }
        }
        table
    }

    /// Adds a row (tables built in code, such as tests or settings).
    pub fn push_row(&mut self, values: Vec<Value>, source: RowSource) {
        assert_eq!(values.len(), self.columns.len(), "row width");
        self.values.extend(values);
        self.sources.push(source);
    }

    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// Leaves rows out (`rows`: indexes in ascending order), as if the sheet did not have
    /// them: the rows that repeat a key (check/unique.rs), so that nothing counts them.
    pub fn remove_rows(&mut self, rows: &[usize]) {
        if rows.is_empty() {
            return;
        }
        debug_assert!(
            self.provenance.is_none(),
            "provenance is worked out once the rows are final"
        );
        let width = self.columns.len();
        let mut drop = rows.iter().peekable();
        let mut kept = 0;
        for row in 0..self.sources.len() {
            if drop.peek() == Some(&&row) {
                drop.next();
                continue;
            }
            if kept != row {
                self.sources[kept] = self.sources[row];
                for c in 0..width {
                    self.values.swap(kept * width + c, row * width + c);
                }
            }
            kept += 1;
        }
        self.sources.truncate(kept);
        self.values.truncate(kept * width);
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    pub fn width(&self) -> usize {
        self.columns.len()
    }

    pub fn row(&self, i: usize) -> &[Value] {
        let w = self.columns.len();
        &self.values[i * w..(i + 1) * w]
    }

    pub fn get(&self, row: usize, col: usize) -> &Value {
        &self.values[row * self.columns.len() + col]
    }

    /// Column index by name: exact spelling, or the same name with other case and spacing.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| self.index.get(&fold(name)).copied())
    }

    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// Works out which rows are illustrative by the rule of the provenance column `column`
    /// (model::provenance): after the rows are final, as it is kept row by row. A row whose
    /// sheet lacks the column counts as illustrative, since where it comes from cannot be read.
    pub fn set_provenance(&mut self, column: &str, rule: Rule) {
        let index = self.column_index(column);
        let provenance = Provenance::work_out(column, index, rule, self.len(), |row| {
            let c = index?;
            self.part_of(row).cols[c]?;
            Some(self.get(row, c))
        });
        self.provenance = Some(provenance);
    }

    /// Whether the row is marked as an illustrative sample (never, without a provenance column).
    pub fn is_illustrative(&self, row: usize) -> bool {
        self.provenance
            .as_ref()
            .is_some_and(|p| p.is_illustrative(row))
    }

    /// How many rows are marked as an illustrative sample.
    pub fn illustrative_count(&self) -> usize {
        self.provenance.as_ref().map_or(0, Provenance::count)
    }

    /// The cell that says where a row comes from (its Source), when the table has one.
    pub fn provenance_cell(&self, row: usize) -> Option<&Value> {
        let c = self.provenance.as_ref()?.index?;
        Some(self.get(row, c))
    }

    pub fn part_of(&self, row: usize) -> &Part {
        &self.parts[self.sources[row].part as usize]
    }

    /// Workbook, sheet and the row (or the cell, given a column) a value came from.
    pub fn location(&self, row: usize, col: Option<usize>) -> Place {
        let part = self.part_of(row);
        let number = self.sources[row].row;
        match col.and_then(|c| part.cols.get(c).copied().flatten()) {
            Some(sheet_col) => Place::cell(&part.workbook, &part.sheet, number - 1, sheet_col),
            None => Place::row(&part.workbook, &part.sheet, number - 1),
        }
    }
}

/// Key/value settings of the report, from the sheet with the Settings role.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub entries: Vec<(String, Value)>,
}

impl Settings {
    pub fn get(&self, key: &str) -> Option<&Value> {
        let key = fold(key);
        self.entries
            .iter()
            .find(|(k, _)| fold(k) == key)
            .map(|(_, v)| v)
    }

    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key)
            .filter(|v| !v.is_empty())
            .map(Value::to_string)
    }
}

/// A workbook that was read, and what it held.
#[derive(Clone, Debug, Default)]
pub struct Input {
    pub path: String,
    pub sheets: Vec<String>,
    pub read: bool,
}

/// Everything the workbooks hold, checked and typed.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub tables: Vec<Arc<DataTable>>,
    pub states: StateList,
    pub settings: Settings,
    /// Settings whose value was refused for their Type, with the place of the value (reported
    /// when read): `setting` then says so rather than give nothing.
    pub refused_settings: Vec<(String, String)>,
    /// The treaty's rules, typed (the sheet with the Rules role).
    pub rules: crate::check::rules::Rules,
    pub inputs: Vec<Input>,
}

impl Dataset {
    pub fn table(&self, name: &str) -> Option<&Arc<DataTable>> {
        self.tables
            .iter()
            .find(|t| t.name == name)
            .or_else(|| self.tables.iter().find(|t| fold(&t.name) == fold(name)))
    }

    pub fn table_names(&self) -> impl Iterator<Item = &str> {
        self.tables.iter().map(|t| t.name.as_str())
    }
}
