//! `provenance()`: how many records of the data are an illustrative sample, sheet by sheet, as
//! the dictionary's Provenance column marks them (model::provenance), so that a section that
//! states it uses the tool's count rather than its own.
//!
//! It counts the rows of every table with a provenance column, read by the section or not, and
//! shows nothing of the rows themselves: how many records are illustrative is a fact about the
//! workbooks, not a figure drawn from the sample, so calling it does not mark what the section
//! writes.

use mlua::{Lua, Table as LuaTable};

use super::errors::ApiError;
use super::with_ctx;

pub fn provenance(lua: &Lua, (): ()) -> mlua::Result<LuaTable> {
    // As sheets: declarations read no data (`actionplan sections` loads none).
    if with_ctx(lua, |c| c.reads.is_none()) {
        return Err(ApiError::ProvenanceOutsideRun.into());
    }
    let dataset = with_ctx(lua, |c| c.dataset.clone());
    let sheets = lua.create_table()?;
    let (mut records, mut illustrative) = (0usize, 0usize);
    for table in &dataset.tables {
        let Some(p) = &table.provenance else {
            continue;
        };
        let entry = lua.create_table()?;
        entry.raw_set("sheet", table.name.as_str())?;
        entry.raw_set("column", p.column.as_str())?;
        entry.raw_set("records", table.len())?;
        entry.raw_set("illustrative", p.count())?;
        sheets.raw_push(entry)?;
        records += table.len();
        illustrative += p.count();
    }
    let out = lua.create_table()?;
    out.raw_set("records", records)?;
    out.raw_set("illustrative", illustrative)?;
    out.raw_set("sheets", sheets)?;
    Ok(out)
}
