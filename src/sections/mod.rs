//! Running the section plugins: one Lua file per report section in `plugins/`, each in its
//! own sandboxed state, in file-name order except that a section runs after the sections
//! whose results it uses. A section that fails is reported and the others still run.

mod api;
mod context;
mod data;
mod datetime;
mod failure;
mod sandbox;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use mlua::{chunk::ChunkMode, Function, Lua, Value as LuaValue};

pub use failure::Failure;
pub use sandbox::Limits;

use context::{Ctx, Other};
use sandbox::Stop;

use crate::model::report::{Content, Outcome, Section};
use crate::model::table::Dataset;
use crate::problem::{Place, Problem, Problems, SectionProblem};
use crate::project::Project;
use crate::text::suggest;

/// Largest plugin file accepted.
const MAX_PLUGIN_BYTES: u64 = 1024 * 1024;

/// Stack of the thread that runs one section: room for Lua's 200 nested C calls in a debug build.
const SECTION_STACK: usize = 16 * 1024 * 1024;

/// How long past its time limit a section that does not return (stuck in one long call into
/// Lua's C library, where the instruction hook cannot stop it) is waited for before it is
/// abandoned and reported as not produced.
const ABANDON_AFTER: Duration = Duration::from_secs(2);

/// What a plugin says about itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Declaration {
    pub number: i64,
    pub title: String,
    pub reads: Vec<String>,
    pub uses: Vec<i64>,
}

/// A plugin file with its declaration, or the reason it could not be loaded.
pub struct Plugin {
    /// Relative to the project: `plugins/04_universalization.lua`.
    pub file: String,
    pub declared: Result<Declaration, Failure>,
}

struct Instance {
    file: String,
    lua: Lua,
    guard: Stop,
    declared: Result<(Declaration, Function), Failure>,
}

fn instantiate(
    project: &Project,
    path: &std::path::Path,
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
                declared: Err(Failure::new(format!("could not prepare Lua: {e}"))),
            };
        }
    };
    lua.set_app_data(Ctx::new(
        file.clone(),
        dataset.clone(),
        project.plugins.join("lib"),
        limits.memory_bytes,
    ));
    let declared = api::install(&lua, compiled)
        .map_err(|e| Failure::from_lua(&e, &sandbox::memory_message(limits)))
        .and_then(|()| declare(&lua, path, &file, limits));
    Instance {
        file,
        lua,
        guard,
        declared,
    }
}

fn declare(
    lua: &Lua,
    path: &std::path::Path,
    file: &str,
    limits: &Limits,
) -> Result<(Declaration, Function), Failure> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_PLUGIN_BYTES {
        return Err(Failure::new(format!(
            "the plugin file is larger than {} KB",
            MAX_PLUGIN_BYTES / 1024
        )));
    }
    let source = std::fs::read(path)
        .map_err(|e| Failure::new(format!("cannot read the plugin file ({e})")))?;
    let memory = sandbox::memory_message(limits);
    let value: LuaValue = lua
        .load(source)
        .set_name(format!("@{file}"))
        .set_mode(ChunkMode::Text)
        .call(())
        .map_err(|e| Failure::from_lua(&e, &memory))?;
    let usage = "end the plugin with: return { number = 4, title = \"...\", reads = { \"Sheet\" }, run = function() ... end }";
    let LuaValue::Table(t) = value else {
        return Err(Failure::new(format!(
            "the plugin did not return its section; {usage}"
        )));
    };
    let field = |name: &str| -> Result<LuaValue, Failure> {
        t.get::<LuaValue>(name)
            .map_err(|e| Failure::from_lua(&e, &memory))
    };
    let number = match field("number")? {
        LuaValue::Integer(n) => n,
        LuaValue::Number(n) if n.fract() == 0.0 => n as i64,
        _ => {
            return Err(Failure::new(format!(
                "the section has no number (number = 4); {usage}"
            )))
        }
    };
    let title = match field("title")? {
        LuaValue::String(s) => s.to_string_lossy(),
        _ => {
            return Err(Failure::new(format!(
                "the section has no title (title = \"Universalization\"); {usage}"
            )))
        }
    };
    let list = |name: &str| -> Result<Vec<LuaValue>, Failure> {
        match field(name)? {
            LuaValue::Nil => Ok(Vec::new()),
            LuaValue::Table(list) => list
                .sequence_values::<LuaValue>()
                .collect::<mlua::Result<Vec<_>>>()
                .map_err(|e| Failure::from_lua(&e, &memory)),
            _ => Err(Failure::new(format!(
                "{name} must be a list, e.g. {name} = {{ ... }}"
            ))),
        }
    };
    let reads = list("reads")?
        .into_iter()
        .map(|v| match v {
            LuaValue::String(s) => Ok(s.to_string_lossy()),
            _ => Err(Failure::new(
                "reads must list sheet names: reads = { \"States\", \"Meetings\" }",
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let uses = list("uses")?
        .into_iter()
        .map(|v| match v {
            LuaValue::Integer(n) => Ok(n),
            _ => Err(Failure::new(
                "uses must list section numbers: uses = { 4, 5 }",
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let run = match field("run")? {
        LuaValue::Function(f) => f,
        _ => {
            return Err(Failure::new(format!(
                "the section has no run function; {usage}"
            )))
        }
    };
    Ok((
        Declaration {
            number,
            title,
            reads,
            uses,
        },
        run,
    ))
}

/// Loads every plugin's declaration without running it (for `sections` and `check`).
pub fn declarations(
    project: &Project,
    dataset: &Arc<Dataset>,
    limits: &Limits,
) -> Result<Vec<Plugin>> {
    let paths = project.plugin_files()?;
    let compiled = api::Compiled::default();
    let mut workers: Vec<Worker> = paths
        .iter()
        .map(|p| Worker::spawn(project, p, dataset, limits, &compiled))
        .collect();
    Ok(workers
        .iter_mut()
        .map(|w| {
            w.await_declaration(limits);
            Plugin {
                file: w.file.clone(),
                declared: w.declared.clone(),
            }
        })
        .collect())
}

/// What a section's thread sends back.
enum FromWorker {
    Declared(Result<Declaration, Failure>),
    Ran(Box<Ran>),
    Panicked(String),
}

/// A section as it ended: its record in the report, its content, the problems it raised.
struct Ran {
    section: Section,
    content: Option<Content>,
    problems: Vec<Problem>,
}

/// One plugin, loaded and run in a thread of its own, so that a section stuck where no
/// limit can reach it is abandoned at its deadline while the others go on. The Lua state
/// never leaves that thread; only declarations, results and problems cross.
struct Worker {
    file: String,
    declared: Result<Declaration, Failure>,
    /// Sends the other sections' results and starts the run; dropping it lets the thread end.
    start: Option<mpsc::Sender<Vec<Other>>>,
    results: mpsc::Receiver<FromWorker>,
    /// Its declaration is still to be received.
    waiting: bool,
}

impl Worker {
    fn spawn(
        project: &Project,
        path: &Path,
        dataset: &Arc<Dataset>,
        limits: &Limits,
        compiled: &api::Compiled,
    ) -> Worker {
        let file = project.relative(path);
        let (start, started) = mpsc::channel::<Vec<Other>>();
        let (report, results) = mpsc::channel::<FromWorker>();
        let (project_, path_, dataset_, limits_, compiled_) = (
            project.clone(),
            path.to_path_buf(),
            dataset.clone(),
            limits.clone(),
            compiled.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name(format!("section {file}"))
            .stack_size(SECTION_STACK)
            .spawn(move || {
                let report_ = report.clone();
                let outcome = catch_unwind(AssertUnwindSafe(move || {
                    let inst = instantiate(&project_, &path_, &dataset_, &limits_, &compiled_);
                    let declared = match &inst.declared {
                        Ok((d, _)) => Ok(d.clone()),
                        Err(f) => Err(f.clone()),
                    };
                    let ok = declared.is_ok();
                    if report_.send(FromWorker::Declared(declared)).is_err() || !ok {
                        return;
                    }
                    if let Ok(others) = started.recv() {
                        let ran = run_instance(&inst, others, &limits_);
                        let _ = report_.send(FromWorker::Ran(Box::new(ran)));
                    }
                }));
                if let Err(panic) = outcome {
                    let _ = report.send(FromWorker::Panicked(panic_text(panic.as_ref())));
                }
            });
        let mut worker = Worker {
            file: file.clone(),
            declared: Err(Failure::new("the plugin was not loaded")),
            start: Some(start),
            results,
            waiting: true,
        };
        if let Err(e) = spawned {
            worker.declared = Err(Failure::new(format!(
                "the plugin could not be started ({e})"
            )));
            worker.waiting = false;
        }
        worker
    }

    /// Waits for the plugin's declaration. All plugins load at once, each in its thread:
    /// waiting for each in turn would hand the processor back and forth fourteen times while
    /// the Data sheets are being written on another thread.
    fn await_declaration(&mut self, limits: &Limits) {
        if !self.waiting {
            return;
        }
        self.waiting = false;
        let worker = self;
        worker.declared = match worker.results.recv_timeout(limits.time + ABANDON_AFTER) {
            Ok(FromWorker::Declared(d)) => d,
            Ok(FromWorker::Panicked(m)) => Err(Failure::new(internal_error(&m))),
            Ok(FromWorker::Ran(_)) => Err(Failure::new("the plugin ran before it was declared")),
            Err(RecvTimeoutError::Timeout) => Err(Failure::new(sandbox::time_message(limits.time))),
            Err(RecvTimeoutError::Disconnected) => {
                Err(Failure::new(internal_error("the section's thread ended")))
            }
        };
    }

    /// Runs the section, waiting at most its time limit and a little more.
    fn run(&mut self, others: Vec<Other>, limits: &Limits) -> Ran {
        let decl = self
            .declared
            .clone()
            .expect("only declared sections are run");
        let failed = |message: String| {
            let failure = Failure {
                file: Some(self.file.clone()),
                line: None,
                message,
                trace: Vec::new(),
            };
            Ran {
                section: Section {
                    number: Some(decl.number),
                    title: decl.title.clone(),
                    file: self.file.clone(),
                    reads: decl.reads.clone(),
                    outcome: Outcome::Failed(failure.message.clone()),
                },
                content: None,
                problems: vec![failure.not_produced(&self.file, decl.number, &decl.title)],
            }
        };
        let Some(start) = self.start.take() else {
            return failed(internal_error("the section's thread is gone"));
        };
        if start.send(others).is_err() {
            return failed(internal_error("the section's thread ended"));
        }
        match self.results.recv_timeout(limits.time + ABANDON_AFTER) {
            Ok(FromWorker::Ran(ran)) => *ran,
            Ok(FromWorker::Panicked(m)) => failed(internal_error(&m)),
            Ok(FromWorker::Declared(_)) => failed(internal_error("the section was declared twice")),
            // Stuck in one long call (a pattern match that backtracks without end, say): the
            // thread is left behind and ends with the process.
            Err(RecvTimeoutError::Timeout) => failed(format!(
                "{} (it was stuck in one long step, such as a search with a very complex pattern, and was abandoned)",
                sandbox::time_message(limits.time)
            )),
            Err(RecvTimeoutError::Disconnected) => {
                failed(internal_error("the section's thread ended"))
            }
        }
    }
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no details".to_string())
}

fn internal_error(detail: &str) -> String {
    format!(
        "actionplan itself failed while running this section ({detail}); \
         the other sections are not affected; please report this with the plugin file"
    )
}

/// Runs one declared section in its own state (in the section's thread).
fn run_instance(inst: &Instance, others: Vec<Other>, limits: &Limits) -> Ran {
    let (decl, run) = inst.declared.as_ref().expect("ready sections are declared");
    {
        let mut ctx = inst.lua.app_data_mut::<Ctx>().expect("context");
        ctx.reads = Some(decl.reads.clone());
        ctx.uses = decl.uses.clone();
        ctx.others = others;
    }
    inst.guard.reset();
    let result = run.call::<LuaValue>(());
    let stopped = inst.guard.stopped();
    let ctx = inst.lua.remove_app_data::<Ctx>().expect("context");
    let mut problems: Vec<Problem> = ctx.warnings;
    let memory = sandbox::memory_message(limits);
    let (outcome, content) = match (result, stopped) {
        (Ok(_), None) => (Outcome::Produced(ctx.content.clone()), Some(ctx.content)),
        (Ok(_), Some(reason)) => {
            let failure = Failure {
                file: Some(inst.file.clone()),
                line: None,
                message: reason,
                trace: Vec::new(),
            };
            problems.push(failure.not_produced(&inst.file, decl.number, &decl.title));
            (Outcome::Failed(failure.message), None)
        }
        (Err(e), stopped) => {
            let mut failure = Failure::from_lua(&e, &memory);
            if let Some(reason) = stopped {
                failure.message = reason;
            }
            problems.push(failure.not_produced(&inst.file, decl.number, &decl.title));
            let at = match failure.line {
                Some(line) => format!(
                    " ({}, line {line})",
                    failure.file.as_deref().unwrap_or(&inst.file)
                ),
                None => String::new(),
            };
            (Outcome::Failed(format!("{}{at}", failure.message)), None)
        }
    };
    Ran {
        section: Section {
            number: Some(decl.number),
            title: decl.title.clone(),
            file: inst.file.clone(),
            reads: decl.reads.clone(),
            outcome,
        },
        content,
        problems,
    }
}

/// Problems in the plugins' declarations: unknown sheets, duplicate numbers, unknown uses.
pub fn check_declarations(plugins: &[Plugin], dataset: &Dataset) -> Problems {
    let mut problems = Problems::new();
    let numbers: Vec<i64> = plugins
        .iter()
        .filter_map(|p| p.declared.as_ref().ok().map(|d| d.number))
        .collect();
    for (i, plugin) in plugins.iter().enumerate() {
        let d = match &plugin.declared {
            Ok(d) => d,
            Err(failure) => {
                problems.push(failure.not_loaded(&plugin.file));
                continue;
            }
        };
        if let Some(first) = plugins[..i]
            .iter()
            .find(|p| p.declared.as_ref().is_ok_and(|o| o.number == d.number))
        {
            problems.push(Problem::new(
                Place::file(&plugin.file),
                SectionProblem::DuplicateNumber {
                    number: d.number,
                    first: first.file.clone(),
                },
            ));
        }
        for sheet in &d.reads {
            if dataset.table(sheet).is_none() {
                let close = suggest::did_you_mean(sheet, dataset.table_names());
                problems.push(Problem::new(
                    Place::file(&plugin.file),
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
                    Place::file(&plugin.file),
                    SectionProblem::UnknownSection { number: *used },
                ));
            }
        }
    }
    problems
}

/// Runs every section; returns them in report order, with the problems they raised.
pub fn run_all(
    project: &Project,
    dataset: &Arc<Dataset>,
    limits: &Limits,
) -> Result<(Vec<Section>, Problems)> {
    let paths = project.plugin_files()?;
    let compiled = api::Compiled::default();
    let mut workers: Vec<Worker> = paths
        .iter()
        .map(|p| Worker::spawn(project, p, dataset, limits, &compiled))
        .collect();
    for w in workers.iter_mut() {
        w.await_declaration(limits);
    }
    let plugins: Vec<Plugin> = workers
        .iter()
        .map(|w| Plugin {
            file: w.file.clone(),
            declared: w.declared.clone(),
        })
        .collect();
    let mut problems = check_declarations(&plugins, dataset);
    crate::timing::lap("sections: loading the plugins");

    // A duplicate number cannot be placed in the report: the later plugin does not run.
    for i in 0..workers.len() {
        let number = match &workers[i].declared {
            Ok(d) => d.number,
            Err(_) => continue,
        };
        let taken = workers[..i]
            .iter()
            .any(|o| matches!(&o.declared, Ok(d) if d.number == number));
        if taken {
            workers[i].declared = Err(Failure::new(format!(
                "section number {number} is used by another plugin"
            )));
            workers[i].start = None;
        }
    }

    // Each finished section, with its content shared with the sections that use it.
    let mut done: Vec<Option<(Section, Option<Arc<Content>>)>> =
        workers.iter().map(|_| None).collect();
    // Failed declarations are finished at once.
    for (i, w) in workers.iter().enumerate() {
        if let Err(failure) = &w.declared {
            done[i] = Some((
                Section {
                    number: None,
                    title: w.file.clone(),
                    file: w.file.clone(),
                    reads: Vec::new(),
                    outcome: Outcome::Failed(failure.message.clone()),
                },
                None,
            ));
        }
    }
    let declared_numbers: Vec<i64> = workers
        .iter()
        .filter_map(|w| w.declared.as_ref().ok().map(|d| d.number))
        .collect();
    let progress = crate::progress::Progress::new(
        "Running sections",
        done.iter().filter(|d| d.is_none()).count(),
    );
    loop {
        // The first section in file order whose used sections are finished.
        let ready = (0..workers.len()).find(|&i| {
            done[i].is_none()
                && workers[i].declared.as_ref().is_ok_and(|d| {
                    d.uses.iter().all(|u| {
                        !declared_numbers.contains(u)
                            || workers.iter().zip(&done).any(|(o, f)| {
                                f.is_some() && matches!(&o.declared, Ok(od) if od.number == *u)
                            })
                    })
                })
        });
        let Some(i) = ready else { break };
        let decl = workers[i]
            .declared
            .as_ref()
            .expect("ready sections are declared")
            .clone();
        // The results of the sections it declared it uses (section_result refuses others).
        let others: Vec<Other> = done
            .iter()
            .flatten()
            .filter_map(|(s, c)| {
                s.number
                    .filter(|n| decl.uses.contains(n))
                    .map(|number| Other {
                        number,
                        title: s.title.clone(),
                        content: c.clone(),
                    })
            })
            .collect();
        progress.working_on(&workers[i].file);
        let ran = workers[i].run(others, limits);
        problems.extend(ran.problems);
        done[i] = Some((ran.section, ran.content.map(Arc::new)));
        progress.step();
        crate::timing::lap(&format!("sections: {}", workers[i].file));
    }
    drop(progress);
    // Whatever is left waits on itself: sections that use each other.
    let stuck: Vec<i64> = workers
        .iter()
        .zip(&done)
        .filter(|(_, d)| d.is_none())
        .filter_map(|(w, _)| w.declared.as_ref().ok().map(|d| d.number))
        .collect();
    for (i, w) in workers.iter().enumerate() {
        if done[i].is_some() {
            continue;
        }
        let decl = w.declared.as_ref().expect("undeclared ones are done");
        // Name only the sections it waits for, not those of its uses that were produced.
        let waiting: Vec<String> = decl
            .uses
            .iter()
            .filter(|u| stuck.contains(u))
            .map(|u| u.to_string())
            .collect();
        let failure = Failure::new(format!(
            "it uses the results of {} {}, which in turn {} for it; remove one of the uses",
            if waiting.len() == 1 {
                "section"
            } else {
                "sections"
            },
            crate::text::grammar::list(&waiting, "and"),
            if waiting.len() == 1 { "waits" } else { "wait" },
        ));
        problems.push(failure.not_produced(&w.file, decl.number, &decl.title));
        done[i] = Some((
            Section {
                number: Some(decl.number),
                title: decl.title.clone(),
                file: w.file.clone(),
                reads: decl.reads.clone(),
                outcome: Outcome::Failed(failure.message),
            },
            None,
        ));
    }
    let mut sections: Vec<Section> = done.into_iter().flatten().map(|(s, _)| s).collect();
    sections.sort_by(|a, b| {
        (a.number.is_none(), a.number, &a.file).cmp(&(b.number.is_none(), b.number, &b.file))
    });
    Ok((sections, problems))
}

/// The folder of shared Lua helpers.
pub fn lib_dir(project: &Project) -> PathBuf {
    project.plugins.join("lib")
}
