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
///
/// Its number and title are there at once; the rest is read through the table's metatable,
/// so that a section that only names another (as General trends does) has not looked at what
/// that section drew on: reading its figures or texts is looking at them
/// (model::report::Content::observed), and marks what the section writes afterwards when they drew
/// on illustrative rows.
pub fn section_result(lua: &Lua, number: i64) -> mlua::Result<LuaValue> {
    let Some(content) = used_content(lua, "section_result", number)? else {
        return Ok(LuaValue::Nil);
    };
    let title = with_ctx(lua, |c| {
        c.others
            .iter()
            .find(|o| o.number == number)
            .map(|o| o.title.clone())
    })
    .unwrap_or_default();
    let data = lua.create_table()?;
    let figures = lua.create_table()?;
    let labels = lua.create_table()?;
    for f in &content.figures {
        figures.set(f.name.as_str(), values::to_lua(lua, &f.value)?)?;
        labels.set(f.name.as_str(), f.label.as_str())?;
    }
    data.set("figures", figures)?;
    data.set("labels", labels)?;
    let texts = |list: &[crate::model::report::Text]| -> Vec<String> {
        list.iter().map(|t| t.text.clone()).collect()
    };
    data.set("challenges", texts(&content.challenges))?;
    data.set("questions", texts(&content.questions))?;
    let paragraphs: Vec<String> = content
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.clone()),
            _ => None,
        })
        .collect();
    data.set("paragraphs", paragraphs)?;
    let drew = content.draws_on_illustrative();
    let t = lua.create_table()?;
    t.set("number", number)?;
    t.set("title", title)?;
    let meta = lua.create_table()?;
    meta.set(
        "__index",
        lua.create_function(move |lua, (_, key): (LuaValue, LuaValue)| {
            let value: LuaValue = data.raw_get(key)?;
            if drew && !value.is_nil() {
                crate::sections::data::observed(lua);
            }
            Ok(value)
        })?,
    )?;
    t.set_metatable(Some(meta))?;
    Ok(LuaValue::Table(t))
}

/// `quote(n, name)`: the text that figure `name` of section `n` holds (a key finding the
/// section wrote as a sentence), written as a paragraph of this section. It is marked as the
/// figure is (drawn from illustrative rows, or made after its section looked at some), and
/// this section does not look at anything by quoting it: the text is copied as it is, never
/// seen by the plugin. False, and nothing written, when section `n` was not produced or has
/// no such figure.
pub fn quote(lua: &Lua, (number, name): (i64, String)) -> mlua::Result<bool> {
    let Some(content) = used_content(lua, "quote", number)? else {
        return Ok(false);
    };
    let Some(figure) = content
        .figures
        .iter()
        .find(|f| suggest::fold(&f.name) == suggest::fold(&name))
    else {
        return Ok(false);
    };
    let text = crate::text::grammar::capitalize_sentences(figure.value.to_string().trim());
    if text.is_empty() {
        return Ok(false);
    }
    super::output::charge(lua, 32 + text.len())?;
    let at = super::output::origin(lua);
    let marked = figure.drawn.is_illustrative();
    with_ctx(lua, |c| c.content.push_repeated(text, at, marked));
    Ok(true)
}

/// What section `number` produced, when this section declared it uses it; `None` when it was
/// not produced.
fn used_content(
    lua: &Lua,
    function: &'static str,
    number: i64,
) -> mlua::Result<Option<std::sync::Arc<crate::model::report::Content>>> {
    let (uses, other) = with_ctx(lua, |c| {
        (
            c.uses.clone(),
            c.others.iter().find(|o| o.number == number).cloned(),
        )
    });
    if !uses.contains(&number) {
        return Err(ApiError::ResultNotInUses { function, number }.into());
    }
    Ok(other.and_then(|o| o.content))
}
