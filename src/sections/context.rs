//! What a section's Lua functions can see: its own declaration and output, the shared data
//! (read-only), and the results of the sections it declared it uses.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use mlua::Lua;

use super::budget::Budget;
use crate::model::report::Content;
use crate::model::table::Dataset;
use crate::problem::Problem;

/// The finished result of another section, as `section_result(n)` shows it.
#[derive(Clone, Debug)]
pub struct Other {
    pub number: i64,
    pub title: String,
    pub content: Option<Arc<Content>>,
}

pub struct Ctx {
    /// The plugin file, relative to the project: `plugins/04_universalization.lua`.
    pub file: String,
    pub dataset: Arc<Dataset>,
    /// The sheets the section declared; `None` until `run` starts.
    pub reads: Option<Vec<String>>,
    pub uses: Vec<i64>,
    pub others: Vec<Other>,
    pub content: Content,
    pub figure_names: HashSet<String>,
    /// What `track` needs to remember between calls (its values are in `content`).
    pub tracking: super::api::Tracking,
    pub lib_dir: PathBuf,
    pub warnings: Vec<Problem>,
    pub printed: usize,
    /// Bytes of text, tables and figures produced so far: they live outside Lua's memory
    /// limit, so they are counted against it here.
    pub output_bytes: usize,
    pub output_limit: usize,
    /// The memory all sections share; output is counted against it too.
    pub budget: Arc<Budget>,
}

impl Ctx {
    pub fn new(file: String, dataset: Arc<Dataset>, lib_dir: PathBuf, output_limit: usize) -> Ctx {
        Ctx {
            file,
            dataset,
            reads: None,
            uses: Vec::new(),
            others: Vec::new(),
            content: Content::default(),
            figure_names: HashSet::new(),
            tracking: Default::default(),
            lib_dir,
            warnings: Vec::new(),
            printed: 0,
            output_bytes: 0,
            output_limit,
            budget: Budget::new(usize::MAX),
        }
    }
}

/// File and line of the Lua code that called the current Rust function.
pub fn caller(lua: &Lua) -> (Option<String>, Option<u32>) {
    for level in 1..4 {
        let found = lua.inspect_stack(level, |d| {
            let source = d.source();
            let file = source
                .short_src
                .as_ref()
                .map(std::string::ToString::to_string);
            (file, d.current_line().map(|l| l as u32))
        });
        match found {
            Some((Some(file), Some(line))) if file.ends_with(".lua") => {
                return (Some(file), Some(line))
            }
            Some(_) => continue,
            None => break,
        }
    }
    (None, None)
}
