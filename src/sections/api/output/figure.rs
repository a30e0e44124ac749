//! `figure{ name, value, label, as_of, rows }`: a number the report states, kept with the rule
//! that computed it (the plugin's file and line) and the rows behind it, for the Audit sheet
//! and `actionplan explain`.

use std::collections::HashMap;
use std::sync::Arc;

use mlua::{AnyUserData, Lua, Table as LuaTable, Value as LuaValue};

use super::{charge, value_size};
use crate::model::provenance::Drawn;
use crate::model::report::{Figure, RowRef};
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
    // The illustrative rows among them, by table and row (a row given twice counts once).
    let mut illustrative: Vec<RowRef> = Vec::new();
    let bad_rows = || -> mlua::Error { ApiError::FigureBadRows { name: name.clone() }.into() };
    match spec.get::<LuaValue>("rows")? {
        LuaValue::Nil => {}
        LuaValue::UserData(u) => {
            let mut tables = Tables::default();
            if !tables.add(&u, &mut rows, &mut illustrative) {
                return Err(bad_rows());
            }
        }
        LuaValue::Table(t) => {
            let mut tables = Tables::default();
            for v in t.sequence_values::<LuaValue>() {
                match v? {
                    LuaValue::UserData(u) if tables.add(&u, &mut rows, &mut illustrative) => {}
                    _ => return Err(bad_rows()),
                }
            }
        }
        _ => return Err(bad_rows()),
    }
    rows.sort();
    rows.dedup();
    illustrative.sort();
    illustrative.dedup();
    // Giving rows shows the plugin nothing: the figure is marked by them, not the section.
    let drawn = Drawn {
        illustrative_rows: illustrative.len(),
        after_illustrative: with_ctx(lua, |c| c.content.marks().observed),
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
        })
    });
    Ok(raw)
}

/// The names of the sheets behind a figure, each shared by all its rows.
#[derive(Default)]
struct Tables(HashMap<String, Arc<str>>);

impl Tables {
    fn shared(&mut self, table: &str) -> Arc<str> {
        match self.0.get(table) {
            Some(name) => name.clone(),
            None => {
                let name: Arc<str> = Arc::from(table);
                self.0.insert(table.to_string(), name.clone());
                name
            }
        }
    }

    /// Adds the rows of a row or of a sheet (a view): a figure counted over several sheets
    /// needs no Lua list of every row; the illustrative ones go into `illustrative` too.
    /// False if `u` is neither.
    fn add(
        &mut self,
        u: &AnyUserData,
        rows: &mut Vec<RowRef>,
        illustrative: &mut Vec<RowRef>,
    ) -> bool {
        if let Ok(r) = u.borrow::<Row>() {
            let row = RowRef {
                table: self.shared(&r.table.name),
                row: r.row,
            };
            if r.table.is_illustrative(r.row) {
                illustrative.push(row.clone());
            }
            rows.push(row);
        } else if let Ok(v) = u.borrow::<View>() {
            let table = self.shared(&v.table.name);
            let at = rows.len();
            rows.extend(v.indices().into_iter().map(|r| RowRef {
                table: table.clone(),
                row: r,
            }));
            if v.illustrative {
                illustrative.extend(
                    rows[at..]
                        .iter()
                        .filter(|r| v.table.is_illustrative(r.row))
                        .cloned(),
                );
            }
        } else {
            return false;
        }
        true
    }
}
