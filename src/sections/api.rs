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
mod provenance;
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
/// methods of their own (`data.rs`). `provenance()` counts the illustrative records of every
/// sheet.
fn register_sheets(lua: &Lua) -> mlua::Result<()> {
    let g = lua.globals();
    g.set("sheet", lua.create_function(sheets::sheet)?)?;
    g.set("provenance", lua.create_function(provenance::provenance)?)?;
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
    g.set("quote", lua.create_function(results::quote)?)?;
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
    use output::text_block;
    let g = lua.globals();
    g.set(
        "paragraph",
        text_block(
            lua,
            format,
            true,
            super::super::model::report::Content::push_paragraph,
        )?,
    )?;
    g.set(
        "heading",
        text_block(
            lua,
            format,
            false,
            super::super::model::report::Content::push_heading,
        )?,
    )?;
    g.set("bullets", lua.create_function(output::bullets)?)?;
    g.set(
        "challenge",
        text_block(
            lua,
            format,
            true,
            super::super::model::report::Content::push_challenge,
        )?,
    )?;
    g.set(
        "question",
        text_block(
            lua,
            format,
            true,
            super::super::model::report::Content::push_question,
        )?,
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
    use crate::model::report::{Block, Content, Text};
    use crate::model::table::Dataset;
    use crate::sections::failure::Failure;
    use crate::sections::reason::Reason;
    use crate::sections::sandbox::{self, Limits};

    /// Runs `code` in a sandboxed state with the API, as a section's `run` would, and gives
    /// what it produced.
    /// Each block as a tag and its words, to compare with what a plugin wrote.
    fn blocks(content: &Content) -> Vec<String> {
        content
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(t) => format!("paragraph {t}"),
                Block::Heading(t) => format!("heading {t}"),
                Block::Bullets(items) => {
                    let words: Vec<&str> = items.iter().map(|t| &*t.text).collect();
                    format!("bullets {}", words.join(", "))
                }
            })
            .collect()
    }

    /// Whether each block is marked (a list by its first item: they share their mark).
    fn block_marks(content: &Content) -> Vec<bool> {
        content
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(t) | Block::Heading(t) => t.marked,
                Block::Bullets(items) => items.first().is_some_and(|t| t.marked),
            })
            .collect()
    }

    fn words(texts: &[Text]) -> Vec<&str> {
        texts.iter().map(|t| &*t.text).collect()
    }

    fn marks(texts: &[Text]) -> Vec<bool> {
        texts.iter().map(|t| t.marked).collect()
    }

    fn produce(code: &str, output_limit: usize) -> mlua::Result<Content> {
        produce_from(code, output_limit, Dataset::default())
    }

    /// The same, over `dataset`, inside `run` (every sheet of it in the section's reads).
    fn produce_from(code: &str, output_limit: usize, dataset: Dataset) -> mlua::Result<Content> {
        let (lua, _guard) = sandbox::new_lua(&Limits::default())?;
        let mut ctx = Ctx::new(
            "plugins/04_x.lua".into(),
            Arc::new(dataset),
            std::env::temp_dir().join("actionplan-no-lib"),
            output_limit,
        );
        let reads: Vec<String> = ctx.dataset.table_names().map(str::to_string).collect();
        if !reads.is_empty() {
            ctx.reads = Some(reads);
        }
        lua.set_app_data(ctx);
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
            blocks(&content),
            [
                // A sentence does not start with a figure below 10 (grammar::capitalize_sentences).
                "paragraph Five States joined by 13 September 2011.",
                "heading  As written ",
                "paragraph 12",
            ]
        );
        assert_eq!(words(&content.challenges), ["The first one"]);
        assert_eq!(words(&content.questions), ["Why?"]);
        // Each text carries the plugin line that wrote it.
        let lines: Vec<Option<u32>> = content
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(t) | Block::Heading(t) => t.origin.line,
                Block::Bullets(_) => None,
            })
            .collect();
        assert_eq!(lines, [Some(3), Some(4), Some(7)]);
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

    /// A sheet "Steps" of four rows, two of them illustrative, and a sheet "States" of two
    /// official rows, both with a Source column that the dictionary declares.
    fn sample() -> Dataset {
        use crate::model::provenance::Rule;
        use crate::model::table::{Column, DataTable, Part, RowSource};
        use crate::model::value::Value;
        let table = |name: &str, rows: &[(&str, &str)]| {
            let column = |name: &str| Column {
                name: name.into(),
                ty: None,
                description: String::new(),
            };
            let mut t = DataTable::new(name, vec![column("State"), column("Source")]);
            t.parts.push(Part {
                workbook: "workbooks/w.xlsx".into(),
                sheet: name.into(),
                cols: vec![Some(0), Some(1)],
            });
            for (i, (state, source)) in rows.iter().enumerate() {
                let source_row = RowSource {
                    part: 0,
                    row: i as u32 + 2,
                };
                t.push_row(vec![Value::text(state), Value::text(source)], source_row);
            }
            t.set_provenance("Source", Rule::Contains(vec!["illustrative".into()]));
            Arc::new(t)
        };
        let sample = "Illustrative sample";
        Dataset {
            tables: vec![
                table(
                    "Steps",
                    &[
                        ("Chile", sample),
                        ("Ghana", "Monitor 2011"),
                        ("Norway", sample),
                        ("Chile", "Monitor 2011"),
                    ],
                ),
                table("States", &[("Chile", "UN"), ("Ghana", "UN")]),
            ],
            ..Dataset::default()
        }
    }

    #[test]
    fn what_a_section_writes_after_looking_at_illustrative_rows_is_marked() {
        let content = produce_from(
            r#"
            paragraph("Before any row.")
            local steps = sheet("Steps")
            local official = steps:where("Source", "Monitor 2011"):sort("State")
            paragraph("%s States, %s official steps.", #sheet("States"), #official)
            for row in official:rows() do local _ = row.State end
            figure{ name = "steps", value = 4, rows = steps, label = "Steps" }
            add_table{ title = "Steps", columns = { "State" }, from = steps }
            local p = provenance()
            paragraph("%s of %s records are illustrative.", p.illustrative, p.records)
            challenge("Not yet.")
            paragraph("%s steps.", #steps)
            heading("After")
            question("Why?")
            add_chart{ title = "Steps", categories = { "a" }, series = { { name = "n", values = { 1 } } } }
            figure{ name = "later", value = 1, label = "Later" }
            "#,
            1 << 20,
            sample(),
        )
        .unwrap();
        assert_eq!(block_marks(&content), [false, false, false, true, true]);
        assert_eq!(marks(&content.challenges), [false]);
        assert_eq!(marks(&content.questions), [true]);
        let placed: Vec<bool> = content.tables.iter().map(|t| t.marked).collect();
        assert_eq!(placed, [true]);
        let placed: Vec<bool> = content.charts.iter().map(|c| c.marked).collect();
        assert_eq!(placed, [true]);
        assert!(content.observed && content.draws_on_illustrative());
        let drawn: Vec<(usize, bool)> = content
            .figures
            .iter()
            .map(|f| (f.drawn.illustrative_rows, f.drawn.after_illustrative))
            .collect();
        assert_eq!(drawn, [(2, false), (0, true)]);
        assert_eq!(
            blocks(&content)[2],
            "paragraph Two of 6 records are illustrative."
        );
    }

    #[test]
    fn every_way_of_seeing_an_illustrative_row_marks_what_follows() {
        let looks = [
            "local _ = #steps",
            "local _ = tostring(steps)",
            "local _ = steps[1]",
            "local _ = steps[9]",
            "for _ in steps:rows() do end",
            "steps:count()",
            "steps:filter(function() return true end)",
            "steps:sort(function(a, b) return false end)",
            "steps:first()",
            "steps:last()",
            "steps:find('State', 'Chile')",
            "steps:column('State')",
            "steps:distinct('State')",
            "steps:sum('State')",
            "steps:min('State')",
            "steps:max('State')",
            "steps:group('State')",
            "steps:count_by('State')",
            "steps:index('State')",
        ];
        for look in looks {
            let code = format!("local steps = sheet('Steps')\n{look}\nparagraph('After.')");
            let content = produce_from(&code, 1 << 20, sample()).unwrap();
            assert_eq!(block_marks(&content), [true], "{look}");
        }
        // A row is looked at when it is illustrative: reading an official row marks nothing,
        // nor do the sheet's name and columns, nor a row's sheet.
        let quiet = [
            "local _ = steps:name(), steps:columns()",
            "local _ = steps:where('Source', 'Monitor 2011')[1].State",
            "local _ = steps:where('Source', 'Monitor 2011'):sort('State'):first()._row",
            "local _ = sheet('States'):group('State')",
        ];
        for look in quiet {
            let code = format!("local steps = sheet('Steps')\n{look}\nparagraph('After.')");
            let content = produce_from(&code, 1 << 20, sample()).unwrap();
            assert_eq!(block_marks(&content), [false], "{look}");
        }
        // Rows of a view that holds an illustrative row: only an illustrative one marks.
        let code = "local rows = {}
            for r in sheet('Steps'):where('Source', 'Monitor 2011'):rows() do rows[#rows + 1] = r end
            local _ = rows[1].State
            paragraph('Official.')
            local all = sheet('Steps')
            local first = all:where('State', 'Chile'):where('Source', '~=', 'Monitor 2011'):sort('State')
            figure{ name = 'first', value = 1, label = 'First', rows = first }
            paragraph('Still official.')";
        let content = produce_from(code, 1 << 20, sample()).unwrap();
        assert_eq!(block_marks(&content), [false, false]);
        assert_eq!(content.figures[0].drawn.illustrative_rows, 1);
    }

    #[test]
    fn a_setting_or_a_rule_from_an_illustrative_row_marks_what_follows() {
        use crate::model::provenance::Rule;
        use crate::model::table::{Column, DataTable, Part, RowSource, Settings};
        use crate::model::value::Value;
        let column = |name: &str| Column {
            name: name.into(),
            ty: None,
            description: String::new(),
        };
        let mut t = DataTable::new(
            "Settings",
            vec![column("Setting"), column("Value"), column("Source")],
        );
        t.parts.push(Part {
            workbook: "workbooks/settings.xlsx".into(),
            sheet: "Settings".into(),
            cols: vec![Some(0), Some(1), Some(2)],
        });
        for (i, (key, source)) in [("Title", "Secretariat"), ("Cut-off date", "illustrative")]
            .iter()
            .enumerate()
        {
            let row = vec![Value::text(key), Value::text("x"), Value::text(source)];
            t.push_row(
                row,
                RowSource {
                    part: 0,
                    row: i as u32 + 2,
                },
            );
        }
        t.set_provenance("Source", Rule::Contains(vec!["illustrative".into()]));
        let mut dataset = sample();
        dataset.tables.push(Arc::new(t));
        dataset.settings = Settings {
            entries: vec![
                ("Title".into(), Value::text("x")),
                ("Cut-off date".into(), Value::text("x")),
            ],
        };
        let code =
            "paragraph(setting('title'))\nparagraph(setting('cut-off date'))\nparagraph('After.')";
        let content = produce_from(code, 1 << 20, dataset).unwrap();
        // The second paragraph gives the setting itself: it is written after the look.
        assert_eq!(block_marks(&content), [false, true, true]);
    }
}
