//! The functions a section plugin calls, registered area by area: this file is the table of
//! contents of the Lua API, and the functions themselves are in `api/`, one module per area.
//! Every function is documented, with a tested example, in docs/plugins.md (API reference);
//! tests/plugin_docs.rs finds the names to check in the `g.set("name", ...)` lines below and
//! in the methods of `data.rs` (sheets and rows) and `datetime.rs` (dates), so registrations
//! stay in these three files.
//!
//! Every error a plugin can get from these functions is an `ApiError` (`api/errors.rs`).

mod args;
mod console;
mod errors;
mod output;
mod require;
mod results;
mod rules;
mod sheets;
mod text;
mod track;
pub(super) mod values;

use mlua::{Function, Lua, Table as LuaTable};

pub use errors::{ApiError, Found};
pub use require::Compiled;
pub use track::Tracking;

use super::context::Ctx;
use super::datetime;

/// Puts the whole API into `lua`, whose sandbox is already in place (`sandbox::new_lua`) and
/// whose `Ctx` is set.
pub fn install(lua: &Lua, compiled: &Compiled) -> mlua::Result<()> {
    // Taken before any plugin code runs, so that a plugin that replaces string.format or
    // tostring changes neither paragraph() nor print().
    let globals = lua.globals();
    let format: Function = globals.get::<LuaTable>("string")?.get("format")?;
    let tostring: Function = globals.get("tostring")?;

    register_sheets(lua)?;
    register_results(lua)?;
    register_dates(lua)?;
    register_text(lua)?;
    register_output(lua, &format)?;
    register_tracker(lua)?;
    register_console(lua, tostring)?;
    register_require(lua, compiled.clone())
}

/// Sheets: `sheet(name)` gives a view of a sheet the section reads; views and rows have
/// methods of their own (`data.rs`).
fn register_sheets(lua: &Lua) -> mlua::Result<()> {
    let g = lua.globals();
    g.set("sheet", lua.create_function(sheets::sheet)?)?;
    Ok(())
}

/// Settings, the treaty's rules and the results of other sections.
fn register_results(lua: &Lua) -> mlua::Result<()> {
    let g = lua.globals();
    g.set("setting", lua.create_function(results::setting)?)?;
    g.set("rule", lua.create_function(rules::rule)?)?;
    g.set(
        "section_result",
        lua.create_function(results::section_result)?,
    )?;
    Ok(())
}

/// Dates: `date(...)` makes a date object (`datetime.rs`), `as_of(date)` the words for it.
fn register_dates(lua: &Lua) -> mlua::Result<()> {
    let g = lua.globals();
    g.set("date", lua.create_function(datetime::make)?)?;
    g.set("as_of", lua.create_function(datetime::as_of)?)?;
    Ok(())
}

/// Grammatical text.
fn register_text(lua: &Lua) -> mlua::Result<()> {
    let g = lua.globals();
    g.set("count", lua.create_function(text::count)?)?;
    g.set("number", lua.create_function(text::number)?)?;
    g.set("plural", lua.create_function(text::plural)?)?;
    g.set("agree", lua.create_function(text::agree)?)?;
    g.set("subject", lua.create_function(text::subject)?)?;
    g.set("numbers", lua.create_function(text::numbers)?)?;
    g.set("counts", lua.create_function(text::counts)?)?;
    g.set("list", lua.create_function(text::list)?)?;
    g.set("percent", lua.create_function(text::percent)?)?;
    g.set("ordinal", lua.create_function(text::ordinal)?)?;
    g.set("capitalize", lua.create_function(text::capitalize)?)?;
    Ok(())
}

/// What goes into the report. Sentences (paragraphs, challenges, questions) are trimmed and
/// each of their sentences starts with a capital; a heading is kept as written.
fn register_output(lua: &Lua, format: &Function) -> mlua::Result<()> {
    use crate::model::report::Block;
    use output::text_block;
    let g = lua.globals();
    g.set(
        "paragraph",
        text_block(lua, format, true, |c, text, at| {
            c.push_block(Block::Paragraph(text), at)
        })?,
    )?;
    g.set(
        "heading",
        text_block(lua, format, false, |c, text, at| {
            c.push_block(Block::Heading(text), at)
        })?,
    )?;
    g.set("bullets", lua.create_function(output::bullets)?)?;
    g.set(
        "challenge",
        text_block(lua, format, true, |c, text, at| c.push_challenge(text, at))?,
    )?;
    g.set(
        "question",
        text_block(lua, format, true, |c, text, at| c.push_question(text, at))?,
    )?;
    g.set(
        "questions_intro",
        lua.create_function(output::questions_intro)?,
    )?;
    g.set("figure", lua.create_function(output::figure)?)?;
    g.set("add_table", lua.create_function(output::add_table)?)?;
    g.set("add_chart", lua.create_function(output::add_chart)?)?;
    Ok(())
}

/// Values about each State, for the States sheet and `explain`, never for the narrative.
fn register_tracker(lua: &Lua) -> mlua::Result<()> {
    let g = lua.globals();
    g.set("track", lua.create_function(track::track)?)?;
    Ok(())
}

/// Messages: `warn` to the Problems list, `print` to the screen.
fn register_console(lua: &Lua, tostring: Function) -> mlua::Result<()> {
    let g = lua.globals();
    g.set("warn", lua.create_function(console::warn)?)?;
    g.set("print", console::print(lua, tostring)?)?;
    Ok(())
}

/// `require(name)` of the helpers in plugins/lib/, replacing Lua's own (removed by the
/// sandbox).
fn register_require(lua: &Lua, compiled: Compiled) -> mlua::Result<()> {
    let g = lua.globals();
    g.set("require", require::function(lua, compiled)?)
}

/// The section's context, for the length of `f`. Never held across a call into Lua: the
/// plugin's code may call back into the API, which borrows it again.
fn with_ctx<R>(lua: &Lua, f: impl FnOnce(&mut Ctx) -> R) -> R {
    let mut ctx = lua
        .app_data_mut::<Ctx>()
        .expect("section context installed");
    f(&mut ctx)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::report::{Block, Content};
    use crate::model::table::Dataset;
    use crate::sections::failure::Failure;
    use crate::sections::reason::Reason;
    use crate::sections::sandbox::{self, Limits};

    /// Runs `code` in a sandboxed state with the API, as a section's `run` would, and gives
    /// what it produced.
    fn produce(code: &str, output_limit: usize) -> mlua::Result<Content> {
        let (lua, _guard) = sandbox::new_lua(&Limits::default())?;
        lua.set_app_data(Ctx::new(
            "plugins/04_x.lua".into(),
            Arc::new(Dataset::default()),
            std::env::temp_dir().join("actionplan-no-lib"),
            output_limit,
        ));
        install(&lua, &Compiled::default())?;
        let result = lua.load(code).set_name("@plugins/04_x.lua").exec();
        let ctx = lua.remove_app_data::<Ctx>().expect("context");
        result.map(|()| ctx.content)
    }

    #[test]
    fn text_blocks_format_their_arguments() {
        let content = produce(
            r#"
            string.format = nil -- a plugin's own change does not reach paragraph()
            paragraph("  %s States joined by %s. ", 5, date(2011, 9, 13))
            heading(" As written ")
            challenge("the %s one", "first")
            question("why?")
            paragraph(12)
            "#,
            1 << 20,
        )
        .unwrap();
        assert_eq!(
            content.blocks,
            [
                // A sentence does not start with a figure below 10 (grammar::capitalize_sentences).
                Block::Paragraph("Five States joined by 13 September 2011.".into()),
                Block::Heading(" As written ".into()),
                Block::Paragraph("12".into()),
            ]
        );
        assert_eq!(content.challenges, ["The first one"]);
        assert_eq!(content.questions, ["Why?"]);
    }

    #[test]
    fn text_blocks_refuse_nothing_and_count_against_the_limit() {
        let message = |code: &str, limit: usize| {
            let error = produce(code, limit).expect_err("an error");
            Failure::from_lua(&error, &Limits::default()).message
        };
        assert_eq!(
            message("paragraph()", 1 << 20),
            ApiError::NoText.to_string()
        );
        assert_eq!(
            message("question(nil)", 1 << 20),
            ApiError::ExpectedText { found: Found::Nil }.to_string()
        );
        assert_eq!(
            message("challenge(string.rep('x', 3000000))", 2 << 20),
            Reason::Output { mb: 2 }.to_string()
        );
    }
}
