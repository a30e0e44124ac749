//! What a plugin declares about its section: number, title, the sheets it reads and the
//! sections whose results it uses. Read from the table the plugin file returns, and checked
//! against the workbooks and the other plugins.

use mlua::{chunk::ChunkMode, Function, Lua, Value as LuaValue};

use super::failure::Failure;
use super::reason::Reason;
use super::sandbox::Limits;
use super::schedule;
use crate::model::report::{Outcome, Section};
use crate::model::table::Dataset;
use crate::problem::{Place, Problem, Problems, SectionProblem};
use crate::text::suggest;

/// What a plugin says about itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Declaration {
    pub number: i64,
    pub title: String,
    pub reads: Vec<String>,
    pub uses: Vec<i64>,
    /// A short name for the section's sheet (`sheet = "Trends"`), when the title is long.
    pub sheet: Option<String>,
}

/// A plugin file with its declaration, or the reason it could not be loaded.
pub struct Plugin {
    /// Relative to the project: `plugins/04_universalization.lua`.
    pub file: String,
    pub declared: Result<Declaration, Failure>,
}

impl Declaration {
    /// The section's entry in the report.
    pub fn section(&self, file: &str, outcome: Outcome) -> Section {
        Section {
            number: Some(self.number),
            title: self.title.clone(),
            file: file.to_string(),
            sheet: self.sheet.clone(),
            outcome,
        }
    }
}

/// The report's entry for a plugin whose section has no number to be placed by: it was not
/// declared, or its number was taken. It is listed after the numbered sections.
pub fn unplaced_section(file: &str, failure: &Failure) -> Section {
    Section {
        number: None,
        title: file.to_string(),
        file: file.to_string(),
        sheet: None,
        outcome: Outcome::Failed(failure.message.clone()),
    }
}

/// Runs the plugin's text (`source`, as read by `Project::read_plugin_file`) in `lua` (its
/// API installed) and reads the section it returns: the declaration, and the `run` function
/// for later.
pub fn load(
    lua: &Lua,
    source: Vec<u8>,
    file: &str,
    limits: &Limits,
) -> Result<(Declaration, Function), Failure> {
    let lua_failure = |e: mlua::Error| Failure::from_lua(&e, limits);
    // Text only: crafted bytecode can crash the interpreter.
    let value: LuaValue = lua
        .load(source)
        .set_name(format!("@{file}"))
        .set_mode(ChunkMode::Text)
        .call(())
        .map_err(lua_failure)?;
    let LuaValue::Table(t) = value else {
        return Err(Failure::new(Reason::NoSection));
    };
    let field =
        |name: &str| -> Result<LuaValue, Failure> { t.get::<LuaValue>(name).map_err(lua_failure) };
    let number = match field("number")? {
        LuaValue::Integer(n) => n,
        LuaValue::Number(n) if n.fract() == 0.0 => n as i64,
        _ => return Err(Failure::new(Reason::NoNumber)),
    };
    let title = match field("title")? {
        LuaValue::String(s) => s.to_string_lossy(),
        _ => return Err(Failure::new(Reason::NoTitle)),
    };
    let list = |name: &'static str| -> Result<Vec<LuaValue>, Failure> {
        match field(name)? {
            LuaValue::Nil => Ok(Vec::new()),
            LuaValue::Table(list) => list
                .sequence_values::<LuaValue>()
                .collect::<mlua::Result<Vec<_>>>()
                .map_err(lua_failure),
            _ => Err(Failure::new(Reason::NotAList { field: name })),
        }
    };
    let reads = list("reads")?
        .into_iter()
        .map(|v| match v {
            LuaValue::String(s) => Ok(s.to_string_lossy()),
            _ => Err(Failure::new(Reason::ReadsNotSheets)),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let uses = list("uses")?
        .into_iter()
        .map(|v| match v {
            LuaValue::Integer(n) => Ok(n),
            _ => Err(Failure::new(Reason::UsesNotNumbers)),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sheet = match field("sheet")? {
        LuaValue::Nil => None,
        LuaValue::String(s) => Some(s.to_string_lossy()),
        _ => return Err(Failure::new(Reason::SheetNotText)),
    };
    let LuaValue::Function(run) = field("run")? else {
        return Err(Failure::new(Reason::NoRun));
    };
    Ok((
        Declaration {
            number,
            title,
            reads,
            uses,
            sheet,
        },
        run,
    ))
}

/// Problems in the plugins' declarations, plugin by plugin: a plugin that cannot be loaded,
/// a number another plugin has, sheets no workbook has, sections no plugin produces.
pub fn check(plugins: &[Plugin], dataset: &Dataset) -> Problems {
    let mut problems = Problems::new();
    let declared: Vec<Option<&Declaration>> =
        plugins.iter().map(|p| p.declared.as_ref().ok()).collect();
    let numbers: Vec<i64> = declared.iter().flatten().map(|d| d.number).collect();
    let duplicates = schedule::duplicates(&declared);
    for (i, plugin) in plugins.iter().enumerate() {
        let d = match &plugin.declared {
            Ok(d) => d,
            Err(failure) => {
                problems.push(failure.not_loaded(&plugin.file));
                continue;
            }
        };
        let place = || Place::file(&plugin.file);
        if let Some(&(_, first)) = duplicates.iter().find(|(later, _)| *later == i) {
            problems.push(Problem::new(
                place(),
                SectionProblem::DuplicateNumber {
                    number: d.number,
                    first: plugins[first].file.clone(),
                },
            ));
        }
        for sheet in &d.reads {
            if dataset.table(sheet).is_none() {
                let close = suggest::did_you_mean(sheet, dataset.table_names());
                problems.push(Problem::new(
                    place(),
                    SectionProblem::UnknownSheet {
                        sheet: sheet.clone(),
                        close: close.map(str::to_string),
                    },
                ));
            }
        }
        for used in &d.uses {
            if !numbers.contains(used) {
                problems.push(Problem::new(
                    place(),
                    SectionProblem::UnknownSection { number: *used },
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::table::DataTable;

    fn declared(number: i64, reads: &[&str], uses: &[i64]) -> Result<Declaration, Failure> {
        Ok(Declaration {
            number,
            title: format!("Section {number}"),
            reads: reads.iter().map(std::string::ToString::to_string).collect(),
            uses: uses.to_vec(),
            sheet: None,
        })
    }

    fn plugin(file: &str, declared: Result<Declaration, Failure>) -> Plugin {
        Plugin {
            file: file.into(),
            declared,
        }
    }

    /// Loads `source` as the plugin plugins/04_x.lua in a sandboxed state.
    fn load_source(source: &str) -> Result<Declaration, Failure> {
        let limits = Limits::default();
        let (lua, _guard) = crate::sections::sandbox::new_lua(&limits).unwrap();
        load(&lua, source.into(), "plugins/04_x.lua", &limits).map(|(d, _)| d)
    }

    #[test]
    fn reads_what_the_plugin_returns() {
        let d = load_source(
            "return { number = 4.0, title = \"Universalization\", reads = { \"States\" }, uses = { 2 }, run = function() end }",
        )
        .unwrap();
        assert_eq!(
            d,
            Declaration {
                number: 4,
                title: "Universalization".into(),
                reads: vec!["States".into()],
                uses: vec![2],
                sheet: None,
            }
        );
    }

    #[test]
    fn says_what_is_missing_from_the_declaration() {
        let message = |source: &str| load_source(source).unwrap_err().message;
        assert_eq!(message("return 4"), Reason::NoSection.to_string());
        assert_eq!(
            message("return { title = \"T\" }"),
            Reason::NoNumber.to_string()
        );
        assert_eq!(
            message("return { number = 4 }"),
            Reason::NoTitle.to_string()
        );
        assert_eq!(
            message("return { number = 4, title = \"T\" }"),
            Reason::NoRun.to_string()
        );
        assert_eq!(
            message("return { number = 4, title = \"T\", uses = 5, run = print }"),
            Reason::NotAList { field: "uses" }.to_string()
        );
        assert_eq!(
            message("return { number = 4, title = \"T\", reads = { 1 }, run = print }"),
            Reason::ReadsNotSheets.to_string()
        );
        assert_eq!(
            message("return { number = 4, title = \"T\", uses = { \"2\" }, run = print }"),
            Reason::UsesNotNumbers.to_string()
        );
    }

    #[test]
    fn an_error_while_loading_has_its_line() {
        let failure = load_source("local x = nil\nreturn x.y").unwrap_err();
        assert_eq!(failure.file.as_deref(), Some("plugins/04_x.lua"));
        assert_eq!(failure.line, Some(2));
    }

    #[test]
    fn checks_declarations_in_plugin_order() {
        let mut dataset = Dataset::default();
        dataset
            .tables
            .push(Arc::new(DataTable::new("Stockpiles", Vec::new())));
        let plugins = [
            plugin("plugins/01_a.lua", Err(Failure::new(Reason::NoTitle))),
            plugin("plugins/04_b.lua", declared(4, &["Stockpiles"], &[])),
            plugin(
                "plugins/04_c.lua",
                declared(4, &["Stockpile", "Nothing"], &[12, 4]),
            ),
        ];
        let shown: Vec<String> = check(&plugins, &dataset)
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                format!("error: plugins/01_a.lua: the section plugin cannot be loaded: {}", Reason::NoTitle),
                "error: plugins/04_c.lua: section number 4 is also used by plugins/04_b.lua; each section needs its own number".to_string(),
                "error: plugins/04_c.lua: the section reads the sheet \"Stockpile\", which no workbook has\n  hint: did you mean \"Stockpiles\"?".to_string(),
                "error: plugins/04_c.lua: the section reads the sheet \"Nothing\", which no workbook has".to_string(),
                "warning: plugins/04_c.lua: the section uses the results of section 12, which no plugin produces".to_string(),
            ]
        );
    }
}
