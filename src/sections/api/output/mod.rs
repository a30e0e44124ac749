//! What a section puts in the report (registered in `api.rs`): text blocks (`paragraph`,
//! `heading`, `bullets`, `challenge`, `question`, `questions_intro`), figures, tables and
//! charts.
//!
//! All of it is kept in Rust, outside Lua's memory limit, so each function first charges
//! what it adds against the section's limit (`charge`): a loop of paragraph(huge) cannot
//! exhaust the build's memory.

mod chart;
mod figure;
mod table;

use mlua::{Function, Lua, MultiValue, Table as LuaTable, Value as LuaValue, Variadic};

use super::args::text_of;
use super::errors::ApiError;
use super::with_ctx;
use crate::model::report::{Content, Origin};
use crate::sections::context::caller;
use crate::sections::reason::Reason;
use crate::text::grammar;

pub use chart::add_chart;
pub use figure::figure;
pub use table::add_table;

/// `bullets({ ... })`: a bulleted list, each item capitalized.
pub fn bullets(lua: &Lua, items: LuaTable) -> mlua::Result<()> {
    let items: Vec<String> = items
        .sequence_values::<LuaValue>()
        .map(|v| text_of(&v?).map(|t| grammar::capitalize(&t)))
        .collect::<mlua::Result<_>>()?;
    charge(lua, items.iter().map(|i| 32 + i.len()).sum())?;
    let at = origin(lua);
    with_ctx(lua, |c| c.content.push_bullets(items, at));
    Ok(())
}

/// `questions_intro(text)`: the sentence before the section's questions, kept as written.
pub fn questions_intro(lua: &Lua, text: String) -> mlua::Result<()> {
    charge(lua, 32 + text.len())?;
    let at = origin(lua);
    with_ctx(lua, |c| c.content.set_questions_intro(text, at));
    Ok(())
}

/// A function that writes one block of text given as for string.format, such as
/// `paragraph("%s had joined.", count(n, "State"))`, and `put`s it into the section's content.
/// A `sentence` is trimmed, and each of its sentences starts with a capital ("... in 2011. nine
/// submitted it" reads "... in 2011. Nine submitted it"). `put` is also given where the plugin
/// wrote it.
pub fn text_block(
    lua: &Lua,
    format: &Function,
    sentence: bool,
    put: fn(&mut Content, String, Origin),
) -> mlua::Result<Function> {
    let format = format.clone();
    lua.create_function(move |lua, args: Variadic<LuaValue>| {
        let text = formatted(lua, &format, args)?;
        // Charged before the text is worked on, so that a huge text stops at the limit.
        charge(lua, 32 + text.len())?;
        let text = if sentence {
            grammar::capitalize_sentences(text.trim())
        } else {
            text
        };
        let at = origin(lua);
        with_ctx(lua, |c| put(&mut c.content, text, at));
        Ok(())
    })
}

/// The text of `paragraph(...)` and the like: one value as text, or string.format over the
/// arguments.
fn formatted(lua: &Lua, format: &Function, args: Variadic<LuaValue>) -> mlua::Result<String> {
    let mut args: Vec<LuaValue> = args.into_iter().collect();
    if args.is_empty() {
        return Err(ApiError::NoText.into());
    }
    if args.len() == 1 {
        return text_of(&args[0]);
    }
    // Dates and whole numbers print as a reader expects inside %s.
    for a in args.iter_mut().skip(1) {
        if let LuaValue::UserData(_) = a {
            *a = LuaValue::String(lua.create_string(text_of(a)?)?);
        }
    }
    format.call::<String>(MultiValue::from_iter(args))
}

/// The plugin file and line that called the function, kept with what it wrote so that a
/// check on the assembled report (src/review) can point at it.
pub fn origin(lua: &Lua) -> Origin {
    let (file, line) = caller(lua);
    Origin { file, line }
}

/// Counts `bytes` of output against the section's limit, and against the memory all sections
/// share (`sections/budget.rs`): the output stays in memory until the report is written.
pub fn charge(lua: &Lua, bytes: usize) -> mlua::Result<()> {
    let over = with_ctx(lua, |c| {
        c.output_bytes = c.output_bytes.saturating_add(bytes);
        if c.output_bytes > c.output_limit {
            Some(Reason::Output {
                mb: c.output_limit / (1024 * 1024),
            })
        } else if !c.budget.take(bytes) {
            Some(Reason::TotalMemory {
                mb: c.budget.limit() / (1024 * 1024),
            })
        } else {
            None
        }
    });
    match over {
        Some(reason) => Err(reason.into()),
        None => Ok(()),
    }
}

/// Bytes charged for one value of a figure or table.
fn value_size(v: &crate::model::value::Value) -> usize {
    use crate::model::value::Value;
    32 + match v {
        Value::Text(t) | Value::Error(t) => t.len(),
        _ => 0,
    }
}
