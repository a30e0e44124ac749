//! `figure{ name, value, label, as_of, rows }`: a number the report states, kept with the rule
//! that computed it (the plugin's file and line) and the rows behind it, for the Audit sheet
//! and `actionplan explain`.

use std::collections::HashMap;
use std::sync::Arc;

use mlua::{AnyUserData, Lua, Table as LuaTable, Value as LuaValue};

use super::{charge, value_size};
use crate::model::provenance::Drawn;
use crate::model::report::{Figure, RowRef};
use crate::model::table::DataTable;
use crate::sections::api::errors::ApiError;
use crate::sections::api::values;
use crate::sections::api::with_ctx;
use crate::sections::context::caller;
use crate::sections::data::{Row, View};
use crate::sections::datetime::date_arg;

/// Returns the value, so that `local n = figure{ ... }` reads naturally.
pub fn figure(lua: &Lua, spec: LuaTable) -> mlua::Result<LuaValue> {
    let name: Option<String> = spec.get("name")?;
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return Err(ApiError::FigureNoName.into());
    };
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(ApiError::FigureBadName { name }.into());
    }
    let label: Option<String> = spec.get("label")?;
    let Some(label) = label else {
        return Err(ApiError::FigureNoLabel { name }.into());
    };
    let raw: LuaValue = spec.get("value")?;
    if raw.is_nil() {
        return Err(ApiError::FigureNilValue { name }.into());
    }
    let value = values::from_lua(&raw)?;
    let as_of = match spec.get::<LuaValue>("as_of")? {
        LuaValue::Nil => None,
        v => Some(date_arg(&v, &format!("figure \"{name}\" as_of"))?),
    };
    let mut rows = Vec::new();
    let mut tables = Tables::default();
    let bad_rows = || -> mlua::Error { ApiError::FigureBadRows { name: name.clone() }.into() };
    match spec.get::<LuaValue>("rows")? {
        LuaValue::Nil => {}
        LuaValue::UserData(u) => {
            if !tables.add(&u, &mut rows) {
                return Err(bad_rows());
            }
        }
        LuaValue::Table(t) => {
            for v in t.sequence_values::<LuaValue>() {
                match v? {
                    LuaValue::UserData(u) if tables.add(&u, &mut rows) => {}
                    _ => return Err(bad_rows()),
                }
            }
        }
        _ => return Err(bad_rows()),
    }
    rows.sort();
    rows.dedup();
    // Giving rows shows the plugin nothing: the figure is marked by them, not the section.
    let drawn = Drawn {
        illustrative_rows: tables.illustrative(&rows),
        after_illustrative: with_ctx(lua, |c| c.content.observed),
    };
    let (file, line) = caller(lua);
    let duplicate = with_ctx(lua, |c| !c.figure_names.insert(name.clone()));
    if duplicate {
        return Err(ApiError::FigureTwice { name }.into());
    }
    charge(
        lua,
        64 + name.len()
            + label.len()
            + value_size(&value)
            + rows.iter().map(|r| 32 + r.table.len()).sum::<usize>(),
    )?;
    with_ctx(lua, |c| {
        c.content.figures.push(Figure {
            name,
            label,
            value,
            as_of,
            file,
            line,
            rows,
            drawn,
        });
    });
    Ok(raw)
}

/// The sheets behind a figure: each name shared by all its rows, and the table, to tell its
/// illustrative rows.
#[derive(Default)]
struct Tables(HashMap<String, (Arc<str>, Arc<DataTable>)>);

impl Tables {
    fn shared(&mut self, table: &Arc<DataTable>) -> Arc<str> {
        match self.0.get(&table.name) {
            Some((name, _)) => name.clone(),
            None => {
                let name: Arc<str> = Arc::from(table.name.as_str());
                self.0
                    .insert(table.name.clone(), (name.clone(), table.clone()));
                name
            }
        }
    }

    /// Adds the rows of a row or of a sheet (a view): a figure counted over several sheets
    /// needs no Lua list of every row. False if `u` is neither.
    fn add(&mut self, u: &AnyUserData, rows: &mut Vec<RowRef>) -> bool {
        if let Ok(r) = u.borrow::<Row>() {
            rows.push(RowRef {
                table: self.shared(&r.table),
                row: r.row,
            });
        } else if let Ok(v) = u.borrow::<View>() {
            let table = self.shared(&v.table);
            rows.extend(v.indices().into_iter().map(|r| RowRef {
                table: table.clone(),
                row: r,
            }));
        } else {
            return false;
        }
        true
    }

    /// How many of `rows` (sorted, each once) are illustrative.
    fn illustrative(&self, rows: &[RowRef]) -> usize {
        let mut n = 0;
        for same in rows.chunk_by(|a, b| Arc::ptr_eq(&a.table, &b.table)) {
            let (_, table) = &self.0[&*same[0].table];
            n += match table.illustrative_count() {
                0 => 0,
                all if all == table.len() => same.len(),
                _ => same.iter().filter(|r| table.is_illustrative(r.row)).count(),
            };
        }
        n
    }
}
