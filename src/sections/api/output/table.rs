//! `add_table{ title, columns, rows | from, formats, workbook_only }`: a table of the section's
//! sheet in the consolidated workbook, either from rows the plugin builds or from a sheet's
//! columns; unless it is for the workbook only, it is also in the circulated documents.

use mlua::{Lua, Table as LuaTable, Value as LuaValue};

use super::{charge, origin, value_size};
use crate::model::report::{NumberFormat, ReportTable};
use crate::sections::api::errors::ApiError;
use crate::sections::api::values;
use crate::sections::api::with_ctx;
use crate::sections::data::{self, View};
use crate::text::suggest::fold;

pub fn add_table(lua: &Lua, spec: LuaTable) -> mlua::Result<()> {
    let title: String = spec.get::<Option<String>>("title")?.unwrap_or_default();
    let columns: Vec<String> = spec
        .get::<Option<Vec<String>>>("columns")?
        .ok_or(ApiError::TableNoColumns)?;
    let formats = formats(&spec, &columns)?;
    let workbook_only = spec.get::<Option<bool>>("workbook_only")?.unwrap_or(false);
    let mut out = ReportTable {
        title,
        columns: columns.clone(),
        rows: Vec::new(),
        formats,
        workbook_only,
    };
    // Rows copied from illustrative rows mark the table, though Lua sees nothing of them.
    let mut from_illustrative = false;
    match (spec.get::<LuaValue>("from")?, spec.get::<LuaValue>("rows")?) {
        (LuaValue::UserData(u), _) => {
            let view = u
                .borrow::<View>()
                .map_err(|_| ApiError::TableFromNotSheet)?;
            from_illustrative = view.illustrative;
            let cols: Vec<usize> = columns
                .iter()
                .map(|c| data::column(&view.table, c))
                .collect::<mlua::Result<_>>()?;
            for i in 0..view.len() {
                let r = view.at(i);
                out.rows
                    .push(cols.iter().map(|c| view.table.get(r, *c).clone()).collect());
            }
        }
        (_, LuaValue::Table(rows)) => {
            for row in rows.sequence_values::<LuaTable>() {
                let row = row?;
                let mut values = Vec::with_capacity(columns.len());
                for i in 1..=columns.len() {
                    values.push(values::from_lua(&row.raw_get::<LuaValue>(i)?)?);
                }
                out.rows.push(values);
            }
        }
        _ => return Err(ApiError::TableNoRows.into()),
    }
    charge(
        lua,
        64 + out.title.len()
            + out.columns.iter().map(|c| 32 + c.len()).sum::<usize>()
            + out
                .rows
                .iter()
                .map(|r| 32 + r.iter().map(value_size).sum::<usize>())
                .sum::<usize>(),
    )?;
    let at = origin(lua);
    with_ctx(lua, |c| {
        c.content.push_table(out, at);
        if from_illustrative {
            c.content.mark_last_table();
        }
    });
    Ok(())
}

/// `formats = { ["Amount (USD)"] = "currency" }`: each column's format, by the column's name
/// (compared as `sheet` compares names: case and accents aside).
fn formats(spec: &LuaTable, columns: &[String]) -> mlua::Result<Vec<Option<NumberFormat>>> {
    let mut out = vec![None; columns.len()];
    let Some(given) = spec.get::<Option<LuaTable>>("formats")? else {
        return Ok(out);
    };
    for pair in given.pairs::<String, String>() {
        let (column, name) = pair?;
        let format = NumberFormat::from_name(&name).ok_or_else(|| ApiError::UnknownFormat {
            what: "add_table",
            format: name.clone(),
        })?;
        let i = columns
            .iter()
            .position(|c| fold(c) == fold(&column))
            .ok_or_else(|| ApiError::FormatNoColumn {
                column: column.clone(),
                columns: columns.to_vec(),
            })?;
        out[i] = Some(format);
    }
    Ok(out)
}
