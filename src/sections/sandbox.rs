//! A fresh Lua state for each section, with nothing that reaches outside it.
//!
//! Plugins arrive as e-mail attachments, so a section gets only the table, string, math,
//! utf8 and coroutine libraries: no `io`, `os`, `debug` or `package`, no loading of code
//! except text files from `plugins/lib/` through our own `require`, a memory limit, and an
//! instruction and time limit that `pcall` cannot swallow. Reaching for something removed
//! gives a sentence saying it is not available, rather than "attempt to index a nil value".
//! (A single call into Lua's C library that runs too long, such as a pathological pattern
//! match, never returns to the hook: `worker.rs` abandons such a section.)

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

use mlua::{Function, HookTriggers, Lua, LuaOptions, MultiValue, StdLib, Value, VmState};

use std::sync::Arc;

use super::api::ApiError;
use super::budget::{self, Budget};
use super::reason::Reason;

/// Resource bounds of one section, and the memory all sections of a build share. The
/// defaults are documented in docs/robustness.md.
#[derive(Clone, Debug)]
pub struct Limits {
    pub memory_bytes: usize,
    pub instructions: u64,
    pub time: Duration,
    /// The memory of all sections together (`budget.rs`): one budget for every clone of these
    /// limits, that is for every section of one build.
    pub shared: Arc<Budget>,
}

/// The default memory of all sections together.
pub const TOTAL_MEMORY_MB: usize = 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 256 * 1024 * 1024,
            instructions: 2_000_000_000,
            time: Duration::from_secs(60),
            shared: Budget::new(TOTAL_MEMORY_MB * 1024 * 1024),
        }
    }
}

/// Counts what a section has used, and remembers why it was stopped once it has been.
#[derive(Debug)]
pub struct Guard {
    stop: RefCell<Option<Reason>>,
    executed: Cell<u64>,
    started: Cell<Instant>,
}

impl Guard {
    fn new() -> Guard {
        Guard {
            stop: RefCell::new(None),
            executed: Cell::new(0),
            started: Cell::new(Instant::now()),
        }
    }

    /// Starts the count afresh: loading a plugin and running its section each get the full limits.
    pub fn reset(&self) {
        self.executed.set(0);
        self.started.set(Instant::now());
    }

    /// Why the section was stopped, if it was.
    pub fn stopped(&self) -> Option<Reason> {
        self.stop.borrow().clone()
    }
}

impl Default for Guard {
    fn default() -> Guard {
        Guard::new()
    }
}

pub type Stop = Rc<Guard>;

/// How often the instruction hook runs.
const HOOK_EVERY: u32 = 10_000;

/// What is not there, and why, in words for the person who wrote the plugin.
const REMOVED_GLOBALS: &[(&str, &str)] = &[
    ("os", "a section cannot run programs, read the clock or the environment"),
    ("io", "a section cannot open files; it reads the sheets it declares with sheet(\"Name\")"),
    ("debug", "a section cannot inspect or change other code"),
    ("package", "a section loads its helpers with require(\"name\"), from plugins/lib/ only"),
    ("load", "a section cannot run code made up while it runs; put shared code in plugins/lib/ and require it"),
    ("loadstring", "a section cannot run code made up while it runs; put shared code in plugins/lib/ and require it"),
    ("loadfile", "a section loads its helpers with require(\"name\"), from plugins/lib/ only"),
    ("dofile", "a section loads its helpers with require(\"name\"), from plugins/lib/ only"),
    ("collectgarbage", "memory is managed by actionplan"),
];

pub fn new_lua(limits: &Limits) -> mlua::Result<(Lua, Stop)> {
    let libs = StdLib::TABLE | StdLib::STRING | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE;
    let lua = Lua::new_with(libs, LuaOptions::default())?;
    let globals = lua.globals();
    for name in [
        "dofile",
        "loadfile",
        "load",
        "require",
        "collectgarbage",
        "print",
    ] {
        globals.raw_remove(name)?;
    }
    let string: mlua::Table = globals.get("string")?;
    string.raw_remove("dump")?;

    // Friendly refusals: reading a removed name raises an error that says so.
    let refuse = |table: &mlua::Table,
                  prefix: &'static str,
                  names: &'static [(&'static str, &'static str)]|
     -> mlua::Result<()> {
        let index =
            lua.create_function(move |_, (_, key): (Value, Value)| -> mlua::Result<Value> {
                if let Value::String(k) = &key {
                    let k = k.to_string_lossy();
                    if let Some((name, why)) = names.iter().find(|(n, _)| *n == k) {
                        return Err(ApiError::NotAvailable {
                            name: format!("{prefix}{name}"),
                            why,
                        }
                        .into());
                    }
                }
                Ok(Value::Nil)
            })?;
        let meta = lua.create_table()?;
        meta.raw_set("__index", index)?;
        table.set_metatable(Some(meta))
    };
    refuse(&globals, "", REMOVED_GLOBALS)?;
    refuse(
        &string,
        "string.",
        &[("dump", "a section cannot turn functions into bytecode")],
    )?;

    let guard: Stop = Rc::new(Guard::new());
    let (max_instructions, max_time) = (limits.instructions, limits.time);
    let hook_guard = guard.clone();
    lua.set_global_hook(
        HookTriggers::new().every_nth_instruction(HOOK_EVERY),
        move |_, _| {
            let g = &hook_guard;
            if let Some(reason) = g.stop.borrow().as_ref() {
                return Err(reason.clone().into());
            }
            g.executed.set(g.executed.get() + HOOK_EVERY as u64);
            let reason = if g.executed.get() > max_instructions {
                Some(Reason::Instructions {
                    limit: max_instructions,
                })
            } else if g.started.get().elapsed() > max_time {
                Some(Reason::Time {
                    seconds: max_time.as_secs(),
                })
            } else {
                None
            };
            match reason {
                Some(reason) => {
                    *g.stop.borrow_mut() = Some(reason.clone());
                    Err(reason.into())
                }
                None => Ok(VmState::Continue),
            }
        },
    )?;
    lua.set_memory_limit(limits.memory_bytes)?;
    // From here on mlua's limit is fixed: the budget's allocator wraps mlua's.
    budget::count(&lua, limits.memory_bytes, &limits.shared)?;

    // Lua runs error handlers that follow an error raised by the hook, and finalizers (__gc),
    // with hooks switched off: a loop there could not be stopped. So a handler is skipped once
    // the section is stopped, and finalizers are refused.
    let original_xpcall: Function = globals.get("xpcall")?;
    let handler_guard = guard.clone();
    let xpcall = lua.create_function(move |lua, mut args: MultiValue| {
        if let Some(Value::Function(handler)) = args.get(1).cloned() {
            let g = handler_guard.clone();
            let wrapped = lua.create_function(move |_, message: MultiValue| {
                if g.stop.borrow().is_some() {
                    return Ok(message);
                }
                handler.call::<MultiValue>(message)
            })?;
            args[1] = Value::Function(wrapped);
        }
        original_xpcall.call::<MultiValue>(args)
    })?;
    globals.raw_set("xpcall", xpcall)?;
    let original_setmetatable: Function = globals.get("setmetatable")?;
    let setmetatable = lua.create_function(move |_, args: MultiValue| {
        if let Some(Value::Table(meta)) = args.get(1) {
            if !meta.raw_get::<Value>("__gc")?.is_nil() {
                return Err(ApiError::NotAvailable {
                    name: "__gc (a finalizer)".into(),
                    why: "a section cannot run code when memory is freed",
                }
                .into());
            }
        }
        original_setmetatable.call::<MultiValue>(args)
    })?;
    globals.raw_set("setmetatable", setmetatable)?;

    // Once stopped, stay stopped: catching the error must not let the loop go on.
    let coroutine: mlua::Table = globals.get("coroutine")?;
    for (table, name) in [
        (&globals, "pcall"),
        (&globals, "xpcall"),
        (&coroutine, "resume"),
    ] {
        let original: Function = table.get(name)?;
        let guard = guard.clone();
        let guarded = lua.create_function(move |_, args: MultiValue| {
            let result: MultiValue = original.call(args)?;
            if let Some(reason) = guard.stop.borrow().as_ref() {
                return Err(reason.clone().into());
            }
            Ok(result)
        })?;
        table.raw_set(name, guarded)?;
    }
    Ok((lua, guard))
}
