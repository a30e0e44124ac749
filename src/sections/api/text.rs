//! Grammatical text: `count`, `number`, `plural`, `agree`, `list`, `percent`, `ordinal` and
//! `capitalize`, thin wrappers over `text::grammar`, so that the report's sentences read the
//! same whichever section wrote them.

use mlua::{Lua, Table as LuaTable, Value as LuaValue};

use super::args::{number_of, text_of};
use super::errors::ApiError;
use crate::text::grammar;

/// `count(5, "State")` is "five States"; an irregular plural can be given.
pub fn count(
    _: &Lua,
    (n, noun, plural): (LuaValue, String, Option<String>),
) -> mlua::Result<String> {
    let n = number_of(&n, "count")?;
    if n.fract() != 0.0 {
        return Err(ApiError::CountNotWhole.into());
    }
    Ok(grammar::count_with(n as i64, &noun, plural.as_deref()))
}

pub fn number(_: &Lua, n: LuaValue) -> mlua::Result<String> {
    Ok(grammar::number(number_of(&n, "number")?))
}

pub fn plural(_: &Lua, noun: String) -> mlua::Result<String> {
    Ok(grammar::plural(&noun))
}

/// `agree(n, "has", "have")`.
pub fn agree(_: &Lua, (n, one, many): (LuaValue, String, String)) -> mlua::Result<String> {
    let n = number_of(&n, "agree")?;
    Ok(if n == 1.0 { one } else { many })
}

/// `list({ "a", "b", "c" })` is "a, b and c"; another conjunction can be given.
pub fn list(_: &Lua, (items, conjunction): (LuaTable, Option<String>)) -> mlua::Result<String> {
    let words: Vec<String> = items
        .sequence_values::<LuaValue>()
        .map(|v| text_of(&v?))
        .collect::<mlua::Result<_>>()?;
    Ok(grammar::list(
        &words,
        conjunction.as_deref().unwrap_or("and"),
    ))
}

/// `percent(part, whole)`, with up to six decimals when asked.
pub fn percent(
    _: &Lua,
    (part, whole, decimals): (LuaValue, LuaValue, Option<usize>),
) -> mlua::Result<String> {
    Ok(grammar::percent(
        number_of(&part, "percent")?,
        number_of(&whole, "percent")?,
        decimals.unwrap_or(0).min(6),
    ))
}

pub fn ordinal(_: &Lua, n: i64) -> mlua::Result<String> {
    Ok(grammar::ordinal(n))
}

pub fn capitalize(_: &Lua, s: String) -> mlua::Result<String> {
    Ok(grammar::capitalize(&s))
}
