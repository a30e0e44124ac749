//! `setting(key)`, a value of the Settings sheet, and `section_result(number)`, what an
//! earlier section produced (only a section listed in `uses`, so that the order in which
//! sections run can follow from the declarations).

use mlua::{Lua, Value as LuaValue};

use super::errors::ApiError;
use super::values;
use super::with_ctx;
use crate::model::report::Block;
use crate::text::suggest;

pub fn setting(lua: &Lua, key: String) -> mlua::Result<LuaValue> {
    let value = with_ctx(lua, |c| c.dataset.settings.get(&key).cloned());
    if let Some(v) = value {
        let dataset = with_ctx(lua, |c| c.dataset.clone());
        crate::sections::data::observe_keyed(lua, &dataset, "Setting", &key);
        let refused = with_ctx(lua, |c| {
            c.dataset
                .refused_settings
                .iter()
                .find(|(k, _)| suggest::fold(k) == suggest::fold(&key))
                .cloned()
        });
        if let Some((name, place)) = refused {
            return Err(ApiError::SettingRefused { name, place }.into());
        }
        return values::to_lua(lua, &v);
    }
    let keys: Vec<String> = with_ctx(lua, |c| {
        c.dataset
            .settings
            .entries
            .iter()
            .map(|(k, _)| k.clone())
            .collect()
    });
    Err(ApiError::NoSuchSetting {
        close: suggest::did_you_mean(&key, keys.iter().map(String::as_str)).map(str::to_string),
        key,
    }
    .into())
}

/// The other section's number, title, figures (and their labels), challenges, questions and
/// paragraphs; nil when that section was not produced.
pub fn section_result(lua: &Lua, number: i64) -> mlua::Result<LuaValue> {
    let (uses, other) = with_ctx(lua, |c| {
        (
            c.uses.clone(),
            c.others.iter().find(|o| o.number == number).cloned(),
        )
    });
    if !uses.contains(&number) {
        return Err(ApiError::ResultNotInUses { number }.into());
    }
    let Some(other) = other else {
        return Ok(LuaValue::Nil);
    };
    let Some(content) = other.content else {
        return Ok(LuaValue::Nil);
    };
    // Its figures and texts may draw on illustrative rows: reading them is looking at them.
    if content.draws_on_illustrative() {
        crate::sections::data::observed(lua);
    }
    let t = lua.create_table()?;
    t.set("number", other.number)?;
    t.set("title", other.title)?;
    let figures = lua.create_table()?;
    let labels = lua.create_table()?;
    for f in &content.figures {
        figures.set(f.name.as_str(), values::to_lua(lua, &f.value)?)?;
        labels.set(f.name.as_str(), f.label.as_str())?;
    }
    t.set("figures", figures)?;
    t.set("labels", labels)?;
    t.set("challenges", content.challenges.clone())?;
    t.set("questions", content.questions.clone())?;
    let paragraphs: Vec<String> = content
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    t.set("paragraphs", paragraphs)?;
    Ok(LuaValue::Table(t))
}
