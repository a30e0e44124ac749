//! One plugin's Lua state, inside the plugin's thread (see `worker.rs`): made with its
//! sandbox and API, its file run to get the declaration, then its section run once the
//! sections it uses are finished.

use std::path::Path;
use std::sync::Arc;

use mlua::{Function, Lua, Value as LuaValue};

use super::api;
use super::context::{Ctx, Other};
use super::declaration::{self, Declaration};
use super::failure::Failure;
use super::reason::Reason;
use super::sandbox::{self, Limits, Stop};
use crate::model::report::{Content, Outcome, Section};
use crate::model::table::Dataset;
use crate::problem::Problem;
use crate::project::{Project, MAX_PLUGIN_BYTES};

/// A loaded plugin: its Lua state, the guard of its limits, and its declaration with its
/// `run` function (or why it could not be loaded).
pub struct Instance {
    file: String,
    lua: Lua,
    guard: Stop,
    declared: Result<(Declaration, Function), Failure>,
}

/// A section as it ended: its record in the report, its content, the problems it raised.
pub struct Ran {
    pub section: Section,
    pub content: Option<Content>,
    pub problems: Vec<Problem>,
}

impl Ran {
    /// A declared section that was not produced, for a reason of actionplan's own.
    pub fn failed(file: &str, decl: &Declaration, reason: Reason) -> Ran {
        let failure = Failure::in_file(file, reason);
        Ran {
            problems: vec![failure.not_produced(file, decl.number, &decl.title)],
            section: decl.section(file, Outcome::Failed(failure.message)),
            content: None,
        }
    }
}

impl Instance {
    /// A fresh sandboxed state with the API, and the plugin file run in it.
    pub fn load(
        project: &Project,
        path: &Path,
        dataset: &Arc<Dataset>,
        limits: &Limits,
        compiled: &api::Compiled,
    ) -> Instance {
        let file = project.relative(path);
        let (lua, guard) = match sandbox::new_lua(limits) {
            Ok(x) => x,
            Err(e) => {
                // Only a broken Lua build gets here; report it against the plugin all the same.
                let lua = Lua::new_with(mlua::StdLib::NONE, mlua::LuaOptions::default())
                    .expect("an empty Lua state");
                return Instance {
                    file,
                    lua,
                    guard: Stop::default(),
                    declared: Err(Failure::new(Reason::LuaNotPrepared {
                        error: e.to_string(),
                    })),
                };
            }
        };
        let mut ctx = Ctx::new(
            file.clone(),
            dataset.clone(),
            super::lib_dir(project),
            limits.memory_bytes,
        );
        ctx.budget = limits.shared.clone();
        lua.set_app_data(ctx);
        let declared = api::install(&lua, compiled)
            .map_err(|e| Failure::from_lua(&e, limits))
            .and_then(|()| {
                let source = project
                    .read_plugin_file(path, MAX_PLUGIN_BYTES, "a plugin")
                    .map_err(|problem| Failure::new(Reason::from(problem)))?;
                declaration::load(&lua, source, &file, limits)
            });
        Instance {
            file,
            lua,
            guard,
            declared,
        }
    }

    /// The declaration, or why there is none, as the thread sends it back.
    pub fn declared(&self) -> Result<Declaration, Failure> {
        match &self.declared {
            Ok((d, _)) => Ok(d.clone()),
            Err(f) => Err(f.clone()),
        }
    }

    /// For "attempt to call a nil value (global 'paragraf')": the function of the API (or of
    /// the plugin) whose name is closest, if one is close.
    fn close_function(&self, message: &str) -> Option<String> {
        let name = message
            .strip_prefix("attempt to call a nil value (global '")?
            .strip_suffix("')")?;
        let functions: Vec<String> = self
            .lua
            .globals()
            .pairs::<String, LuaValue>()
            .filter_map(Result::ok)
            .filter(|(_, v)| v.is_function())
            .map(|(k, _)| k)
            .collect();
        crate::text::suggest::did_you_mean(name, functions.iter().map(String::as_str))
            .map(str::to_string)
    }

    /// Runs the declared section with the results of the sections it uses.
    pub fn run(&self, others: Vec<Other>, limits: &Limits) -> Ran {
        let (decl, run) = self.declared.as_ref().expect("ready sections are declared");
        {
            let mut ctx = self.lua.app_data_mut::<Ctx>().expect("context");
            ctx.reads = Some(decl.reads.clone());
            ctx.uses = decl.uses.clone();
            ctx.others = others;
        }
        // Loading the plugin used some of the limits: the run gets them whole.
        self.guard.reset();
        let result = run.call::<LuaValue>(());
        let stopped = self.guard.stopped();
        let ctx = self.lua.remove_app_data::<Ctx>().expect("context");
        let mut problems: Vec<Problem> = ctx.warnings;
        let (outcome, content) = match (result, stopped) {
            (Ok(_), None) => (
                Outcome::Produced(Box::new(ctx.content.clone())),
                Some(ctx.content),
            ),
            // Stopped, though the plugin caught the error and returned.
            (Ok(_), Some(reason)) => {
                let failure = Failure::in_file(&self.file, reason);
                problems.push(failure.not_produced(&self.file, decl.number, &decl.title));
                (Outcome::Failed(failure.message), None)
            }
            (Err(e), stopped) => {
                let mut failure = Failure::from_lua(&e, limits);
                // The error a stopped section ends with may be another one, raised as the
                // stop unwound through the plugin's code: the stop is the reason.
                if let Some(reason) = stopped {
                    failure.message = reason.to_string();
                } else if let Some(close) = self.close_function(&failure.message) {
                    // A misspelt function of the API ("paragraf"): Lua only says it is nil.
                    failure.message = format!("{} (did you mean \"{close}\"?)", failure.message);
                }
                problems.push(failure.not_produced(&self.file, decl.number, &decl.title));
                (Outcome::Failed(failure.with_place(&self.file)), None)
            }
        };
        Ran {
            section: decl.section(&self.file, outcome),
            content,
            problems,
        }
    }
}
