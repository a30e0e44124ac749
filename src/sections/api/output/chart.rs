//! `add_chart{ title, type, categories, series, x_title, y_title, note, format,
//! workbook_only }`: a chart on the section's sheet of the consolidated workbook and, unless it
//! is for the workbook only, a picture in the circulated documents.

use mlua::{Lua, Table as LuaTable, Value as LuaValue};

use super::{charge, origin};
use crate::model::report::{Chart, ChartKind, NumberFormat, Series};
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
        let given: LuaTable = s.get("values")?;
        // A value not known is nil, a gap in the list: it is drawn as a gap, not as 0. The
        // list is as long as its last value.
        let mut last = 0;
        for pair in given.pairs::<LuaValue, LuaValue>() {
            if let (LuaValue::Integer(i), _) = pair? {
                last = last.max(i.max(0) as usize);
            }
        }
        if last != categories.len() {
            return Err(ApiError::ChartSeriesLength {
                name,
                values: last,
                categories: categories.len(),
            }
            .into());
        }
        let mut values = Vec::with_capacity(last);
        for i in 1..=last {
            values.push(match given.raw_get::<LuaValue>(i)? {
                LuaValue::Nil => None,
                v => Some(number_of(&v, "add_chart")?),
            });
        }
        series.push(Series { name, values });
    }
    if series.is_empty() {
        return Err(ApiError::ChartEmpty.into());
    }
    let text = |field: &str| -> mlua::Result<Option<String>> {
        match spec.get::<LuaValue>(field)? {
            LuaValue::Nil => Ok(None),
            v => text_of(&v).map(Some),
        }
    };
    let (x_title, y_title, note) = (text("x_title")?, text("y_title")?, text("note")?);
    let format = match spec.get::<Option<String>>("format")? {
        None => None,
        Some(name) => Some(
            NumberFormat::from_name(&name).ok_or(ApiError::UnknownFormat {
                what: "add_chart",
                format: name,
            })?,
        ),
    };
    let workbook_only = spec.get::<Option<bool>>("workbook_only")?.unwrap_or(false);
    let texts = [&x_title, &y_title, &note]
        .iter()
        .map(|t| t.as_ref().map_or(0, String::len))
        .sum::<usize>();
    charge(
        lua,
        64 + title.len()
            + texts
            + categories.iter().map(|c| 32 + c.len()).sum::<usize>()
            + series
                .iter()
                .map(|s| 32 + s.name.len() + 16 * s.values.len())
                .sum::<usize>(),
    )?;
    let at = origin(lua);
    let chart = Chart {
        title,
        kind,
        categories,
        series,
        x_title,
        y_title,
        note,
        format,
        workbook_only,
    };
    with_ctx(lua, |c| c.content.push_chart(chart, at));
    Ok(())
}
