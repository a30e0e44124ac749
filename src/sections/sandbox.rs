//! A fresh Lua state for each section, with nothing that reaches outside it.
//!
//! Plugins arrive as e-mail attachments, so a section gets only the table, string, math,
//! utf8 and coroutine libraries: no `io`, `os`, `debug` or `package`, no loading of code
//! except text files from `plugins/lib/` through our own `require`, a memory limit, and an
//! instruction and time limit that `pcall` cannot swallow.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

use mlua::{Function, HookTriggers, Lua, LuaOptions, MultiValue, StdLib, VmState};

use crate::grammar::group_thousands;

/// Resource bounds of one section. The defaults are documented in docs/plugins.md.
#[derive(Clone, Debug)]
pub struct Limits {
    pub memory_bytes: usize,
    pub instructions: u64,
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 256 * 1024 * 1024,
            instructions: 2_000_000_000,
            time: Duration::from_secs(60),
        }
    }
}

/// Why a section was stopped, once it has been.
pub type Stop = Rc<RefCell<Option<String>>>;

/// How often the instruction hook runs.
const HOOK_EVERY: u32 = 10_000;

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

    let stop: Stop = Rc::new(RefCell::new(None));
    let clock = Clock {
        executed: Rc::new(Cell::new(0u64)),
        started: Rc::new(Cell::new(Instant::now())),
    };
    lua.set_app_data(clock.clone());
    let Clock { executed, started } = clock;
    let (max_instructions, max_time) = (limits.instructions, limits.time);
    let hook_stop = stop.clone();
    lua.set_global_hook(HookTriggers::new().every_nth_instruction(HOOK_EVERY), move |_, _| {
        if let Some(reason) = hook_stop.borrow().as_ref() {
            return Err(mlua::Error::RuntimeError(reason.clone()));
        }
        executed.set(executed.get() + HOOK_EVERY as u64);
        let reason = if executed.get() > max_instructions {
            Some(format!(
                "the section was stopped after {} Lua instructions, its limit (is there a loop that never ends?)",
                group_thousands(max_instructions as i64)
            ))
        } else if started.get().elapsed() > max_time {
            let secs = max_time.as_secs();
            let unit = if secs == 1 { "second" } else { "seconds" };
            Some(format!("the section was stopped after {secs} {unit}, its time limit"))
        } else {
            None
        };
        match reason {
            Some(reason) => {
                *hook_stop.borrow_mut() = Some(reason.clone());
                Err(mlua::Error::RuntimeError(reason))
            }
            None => Ok(VmState::Continue),
        }
    })?;
    lua.set_memory_limit(limits.memory_bytes)?;

    // Once stopped, stay stopped: catching the error must not let the loop go on.
    let coroutine: mlua::Table = globals.get("coroutine")?;
    for (table, name) in [
        (&globals, "pcall"),
        (&globals, "xpcall"),
        (&coroutine, "resume"),
    ] {
        let original: Function = table.get(name)?;
        let stop = stop.clone();
        let guarded = lua.create_function(move |_, args: MultiValue| {
            let result: MultiValue = original.call(args)?;
            if let Some(reason) = stop.borrow().as_ref() {
                return Err(mlua::Error::RuntimeError(reason.clone()));
            }
            Ok(result)
        })?;
        table.raw_set(name, guarded)?;
    }
    Ok((lua, stop))
}

/// What the instruction and time limits are counted from.
#[derive(Clone)]
struct Clock {
    executed: Rc<Cell<u64>>,
    started: Rc<Cell<Instant>>,
}

/// Starts counting a section's instructions and time afresh, when its `run` begins. Every
/// section's Lua state is made before the first one runs, so without this a section's time
/// would include the time of the sections that ran before it.
pub fn start_clock(lua: &Lua) {
    if let Some(clock) = lua.app_data_ref::<Clock>() {
        clock.executed.set(0);
        clock.started.set(Instant::now());
    }
}

/// The message for a section that ran out of memory.
pub fn memory_message(limits: &Limits) -> String {
    format!(
        "the section was stopped: it needed more than {} MB of memory, its limit",
        limits.memory_bytes / (1024 * 1024)
    )
}
