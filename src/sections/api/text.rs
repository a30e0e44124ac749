//! Grammatical text: `count`, `number`, `agree`, `subject`, `numbers`, `counts`, `plural`,
//! `list`, `percent`, `ordinal` and `capitalize`, thin wrappers over `text::grammar`, so that the
//! report's sentences read the same whichever section wrote them. The report's rules: numbers
//! one to nine in words and others in figures, all in figures in a series where one is 10 or
//! more (`numbers`, `counts`); zero is "none" alone and "no" before a noun, and takes the
//! singular, as one does ("no State Party has").

use mlua::{Lua, Table as LuaTable, Value as LuaValue, Variadic};

use super::args::{number_of, text_of};
use super::errors::ApiError;
use crate::text::grammar::{self, Style};

/// A whole number for `what`.
fn whole(v: &LuaValue, what: &str) -> mlua::Result<i64> {
    let n = number_of(v, what)?;
    if n.fract() != 0.0 {
        return Err(ApiError::CountNotWhole {
            what: what.to_string(),
        }
        .into());
    }
    Ok(n as i64)
}

/// `count(5, "State")` is "five States", `count(0, "State")` "no State"; an irregular plural
/// can be given.
pub fn count(
    _: &Lua,
    (n, noun, plural): (LuaValue, String, Option<String>),
) -> mlua::Result<String> {
    let n = whole(&n, "count")?;
    Ok(grammar::report_count(
        n,
        &noun,
        plural.as_deref(),
        Style::Words,
    ))
}

/// `number(5)` is "five", `number(0)` "none", `number(14)` "14".
pub fn number(_: &Lua, n: LuaValue) -> mlua::Result<String> {
    Ok(grammar::report_number(
        number_of(&n, "number")?,
        Style::Words,
    ))
}

pub fn plural(_: &Lua, noun: String) -> mlua::Result<String> {
    Ok(grammar::plural(&noun))
}

/// `agree(n, "has", "have")`: the first for one and for zero, the second for more; without
/// the second, the verb for more is made from the first ("has reported" → "have reported").
pub fn agree(_: &Lua, (n, one, many): (LuaValue, String, Option<String>)) -> mlua::Result<String> {
    let n = number_of(&n, "agree")?;
    Ok(if grammar::takes_singular(n) {
        one
    } else {
        many.unwrap_or_else(|| grammar::plural_verb(&one))
    })
}

/// `subject(n, "State Party", "has reported")`: the count and its verb, agreeing.
pub fn subject(
    _: &Lua,
    (n, noun, verb, plural): (LuaValue, String, String, Option<String>),
) -> mlua::Result<String> {
    let n = whole(&n, "subject")?;
    Ok(grammar::subject(
        n,
        &noun,
        &verb,
        plural.as_deref(),
        Style::Words,
    ))
}

/// `numbers(20, 6, 1)`: the numbers of one series, each as `number` writes it, all in figures
/// when one of them is 10 or more ("20", "6", "1").
pub fn numbers(_: &Lua, values: Variadic<LuaValue>) -> mlua::Result<Variadic<String>> {
    let values: Vec<f64> = values
        .iter()
        .map(|v| number_of(v, "numbers"))
        .collect::<mlua::Result<_>>()?;
    let style = Style::of(&values);
    Ok(values
        .iter()
        .map(|n| grammar::report_number(*n, style))
        .collect())
}

/// `counts({ { 7, "démarche" }, { 11, "statement" } })`: the counts of one series, each as
/// `count` writes it, all in figures when one of them is 10 or more; an item that is a plain
/// number (or has no noun) is written as `numbers` writes it.
pub fn counts(lua: &Lua, items: LuaTable) -> mlua::Result<LuaTable> {
    let mut parsed: Vec<(i64, Option<String>, Option<String>)> = Vec::new();
    for (i, item) in items.sequence_values::<LuaValue>().enumerate() {
        let bad = || ApiError::CountsItem { index: i + 1 };
        match item? {
            LuaValue::Table(t) => {
                let n = whole(&t.get::<LuaValue>(1)?, "counts")?;
                let noun = match t.get::<LuaValue>(2)? {
                    LuaValue::Nil => None,
                    LuaValue::String(s) => Some(s.to_str()?.to_string()),
                    _ => return Err(bad().into()),
                };
                let plural = match t.get::<LuaValue>(3)? {
                    LuaValue::Nil => None,
                    LuaValue::String(s) => Some(s.to_str()?.to_string()),
                    _ => return Err(bad().into()),
                };
                parsed.push((n, noun, plural));
            }
            v @ (LuaValue::Integer(_) | LuaValue::Number(_)) => {
                parsed.push((whole(&v, "counts")?, None, None));
            }
            _ => return Err(bad().into()),
        }
    }
    let values: Vec<f64> = parsed.iter().map(|(n, ..)| *n as f64).collect();
    let style = Style::of(&values);
    lua.create_sequence_from(parsed.iter().map(|(n, noun, plural)| match noun {
        Some(noun) => grammar::report_count(*n, noun, plural.as_deref(), style),
        None => grammar::report_number(*n as f64, style),
    }))
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
