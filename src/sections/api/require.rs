//! `require("name")`: loads `plugins/lib/name.lua`, once per section; nothing else can be
//! loaded: the library must be a regular file of at most 1 MB whose real place, links
//! followed, is inside plugins/ (`project::read_inside`). A library is compiled from its text once per build and the bytecode kept for the
//! other sections (`Compiled`); bytecode is never read from a file, as crafted bytecode can
//! crash the interpreter.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use mlua::{chunk::ChunkMode, Function, Lua, Value as LuaValue};

use super::errors::ApiError;
use super::with_ctx;
use crate::problem::file::FileProblem;
use crate::project::{read_inside, MAX_LIBRARY_BYTES};

/// Compiled helper libraries (`plugins/lib/*.lua`) by name, shared by the sections' Lua
/// states (each in its own thread): each library is compiled from its text once per build,
/// not once per section.
pub type Compiled = Arc<Mutex<HashMap<String, Vec<u8>>>>;

/// The `require` function of one section's Lua state.
pub fn function(lua: &Lua, compiled: Compiled) -> mlua::Result<Function> {
    let loaded = lua.create_table()?;
    // Libraries being loaded, to refuse one that requires itself instead of looping.
    let loading: Rc<RefCell<HashSet<String>>> = Rc::default();
    let require = lua.create_function(move |lua, name: String| {
        if let Some(v) = loaded.raw_get::<Option<LuaValue>>(name.as_str())? {
            return Ok(v);
        }
        let valid = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        let lib_dir = with_ctx(lua, |c| c.lib_dir.clone());
        let path = lib_dir.join(format!("{name}.lua"));
        // Present, whatever it is: a link or a special file is refused below, saying why.
        if !valid || std::fs::symlink_metadata(&path).is_err() {
            return Err(ApiError::RequireNotAllowed {
                available: available(&lib_dir),
                name,
            }
            .into());
        }
        if !loading.borrow_mut().insert(name.clone()) {
            return Err(ApiError::RequireCycle { name }.into());
        }
        // Bytecode is accepted only as compiled here from the library's text, never from a file.
        // The cache stays locked while a library is compiled: the sections load at the same
        // time, each in its thread, and a library is compiled once for all of them.
        let mut cache = compiled.lock().ok();
        let cached = cache.as_ref().and_then(|c| c.get(&name).cloned());
        let chunk = match cached {
            Some(bytecode) => lua
                .load(bytecode)
                .set_name(format!("@plugins/lib/{name}.lua"))
                .set_mode(ChunkMode::Binary)
                .into_function(),
            None => {
                let plugins = lib_dir.parent().unwrap_or(&lib_dir);
                match read_inside(plugins, &path, MAX_LIBRARY_BYTES, "a helper library") {
                    Ok(source) => compile(lua, cache.as_deref_mut(), &name, source),
                    Err(problem) => {
                        loading.borrow_mut().remove(&name);
                        return Err(match problem {
                            FileProblem::Unreadable { error } => ApiError::RequireUnreadable {
                                name: name.clone(),
                                error,
                            },
                            problem => ApiError::RequireRefused {
                                name: name.clone(),
                                problem,
                            },
                        }
                        .into());
                    }
                }
            }
        };
        // Never held while Lua code runs: the library's own code may take long.
        drop(cache);
        let result = chunk.and_then(|f| f.call::<LuaValue>(()));
        loading.borrow_mut().remove(&name);
        let value = match result? {
            LuaValue::Nil => LuaValue::Boolean(true),
            v => v,
        };
        loaded.raw_set(name.as_str(), value.clone())?;
        Ok(value)
    })?;
    Ok(require)
}

/// Compiles a library's text, and keeps its bytecode for the other sections.
fn compile(
    lua: &Lua,
    cache: Option<&mut HashMap<String, Vec<u8>>>,
    name: &str,
    source: Vec<u8>,
) -> mlua::Result<Function> {
    let started = std::time::Instant::now();
    let f = lua
        .load(source)
        .set_name(format!("@plugins/lib/{name}.lua"))
        .set_mode(ChunkMode::Text)
        .into_function();
    if let (Ok(f), Some(cache)) = (&f, cache) {
        cache.insert(name.to_string(), f.dump(false));
    }
    // `build --timings` shows each compilation (tests/it/compiled_once.rs counts them).
    crate::timing::aside(
        &format!("compiled plugins/lib/{name}.lua"),
        started.elapsed(),
    );
    f
}

/// The names of the libraries in plugins/lib/, sorted.
fn available(lib_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(lib_dir)
        .map(|d| {
            d.filter_map(std::result::Result::ok)
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".lua"))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
