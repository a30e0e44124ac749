//! `add_chart{ title, type, categories, series }`: a chart on the section's sheet of the
//! consolidated workbook.

use mlua::{Lua, Table as LuaTable, Value as LuaValue};

use super::{charge, origin};
use crate::model::report::{Chart, ChartKind, Series};
use crate::sections::api::args::{number_of, text_of};
use crate::sections::api::errors::ApiError;
use crate::sections::api::with_ctx;
use crate::text::suggest::fold;

pub fn add_chart(lua: &Lua, spec: LuaTable) -> mlua::Result<()> {
    let title: String = spec.get::<Option<String>>("title")?.unwrap_or_default();
    let kind = match spec
        .get::<Option<String>>("type")?
        .as_deref()
        .map(fold)
        .as_deref()
    {
        None | Some("column") => ChartKind::Column,
        Some("bar") => ChartKind::Bar,
        Some("line") => ChartKind::Line,
        Some("pie") => ChartKind::Pie,
        Some(other) => {
            return Err(ApiError::ChartUnknownType {
                kind: other.to_string(),
            }
            .into())
        }
    };
    let categories: Vec<String> = spec
        .get::<Option<LuaTable>>("categories")?
        .ok_or(ApiError::ChartNoCategories)?
        .sequence_values::<LuaValue>()
        .map(|v| text_of(&v?))
        .collect::<mlua::Result<_>>()?;
    let mut series = Vec::new();
    let list: LuaTable = spec
        .get::<Option<LuaTable>>("series")?
        .ok_or(ApiError::ChartNoSeries)?;
    for s in list.sequence_values::<LuaTable>() {
        let s = s?;
        let name: String = s.get::<Option<String>>("name")?.unwrap_or_default();
        let values: Vec<f64> = s
            .get::<LuaTable>("values")?
            .sequence_values::<LuaValue>()
            .map(|v| number_of(&v?, "add_chart"))
            .collect::<mlua::Result<_>>()?;
        if values.len() != categories.len() {
            return Err(ApiError::ChartSeriesLength {
                name,
                values: values.len(),
                categories: categories.len(),
            }
            .into());
        }
        series.push(Series { name, values });
    }
    if series.is_empty() {
        return Err(ApiError::ChartEmpty.into());
    }
    charge(
        lua,
        64 + title.len()
            + categories.iter().map(|c| 32 + c.len()).sum::<usize>()
            + series
                .iter()
                .map(|s| 32 + s.name.len() + 8 * s.values.len())
                .sum::<usize>(),
    )?;
    let at = origin(lua);
    let chart = Chart {
        title,
        kind,
        categories,
        series,
    };
    with_ctx(lua, |c| c.content.push_chart(chart, at));
    Ok(())
}
