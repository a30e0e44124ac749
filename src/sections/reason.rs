//! The catalogue of reasons actionplan itself gives for a section that was not produced: a
//! plugin that does not declare its section properly, a limit reached, sections that wait on
//! each other, Lua's own errors reworded, and failures of actionplan itself. Each reason
//! carries the facts; its `Display` is the sentence after "was not produced:" (or after
//! "cannot be loaded:").
//!
//! Errors raised by the API functions are in `api/errors.rs`; errors of the plugin's own code
//! ("attempt to index a nil value") come from Lua and are shown as Lua words them.

use std::fmt;

use crate::problem::file::{FileProblem, NotAFile};
use crate::text::grammar;

/// The end of every message about a plugin that does not return its section properly.
const USAGE: &str = "end the plugin with: return { number = 4, title = \"...\", reads = { \"Sheet\" }, run = function() ... end }";

#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    // ---- loading the plugin ----
    /// The Lua state could not be made (only a broken Lua build gets here).
    LuaNotPrepared {
        error: String,
    },
    TooBig {
        kb: u64,
    },
    Unreadable {
        error: String,
    },
    /// A plugin sent as bytecode, which could crash the interpreter.
    Bytecode,
    /// The plugin file is a link out of plugins/, a link to nothing, or not a file.
    PluginFile(FileProblem),

    // ---- what the plugin returns ----
    NoSection,
    NoNumber,
    NoTitle,
    NoRun,
    /// `reads` or `uses` given as something other than a list.
    NotAList {
        field: &'static str,
    },
    ReadsNotSheets,
    UsesNotNumbers,
    /// `sheet` given as something other than text.
    SheetNotText,

    // ---- where the section goes in the report ----
    /// A later plugin with the number of an earlier one (which is reported as a problem).
    NumberTaken {
        number: i64,
    },
    /// The section uses sections (`waiting`) that, directly or not, use it.
    Cycle {
        waiting: Vec<i64>,
    },

    // ---- limits (docs/robustness.md) ----
    Instructions {
        limit: u64,
    },
    Time {
        seconds: u64,
    },
    /// Stuck in one call into Lua's C library, where the instruction hook never runs.
    Abandoned {
        seconds: u64,
    },
    Memory {
        mb: usize,
    },
    /// What the section produced (kept outside Lua) passed its memory limit.
    Output {
        mb: usize,
    },
    /// The memory of all sections together (`--total-section-memory`) ran out in this section.
    TotalMemory {
        mb: usize,
    },
    StackOverflow,

    // ---- Lua's own errors, in plainer words ----
    /// A wrong argument to a function of the API (`function`, when known), by position.
    BadArgument {
        function: Option<String>,
        position: usize,
        reason: String,
    },
    /// A Lua value that does not convert into what a function wanted. Without `detail`, the
    /// type names are made friendlier ("nil (an empty cell or a missing value)").
    Conversion {
        from: String,
        to: String,
        detail: Option<String>,
    },
    /// Text that is not UTF-8: most often a plugin saved in another encoding (Windows'
    /// "ANSI"), where "Côte" has a byte that UTF-8 does not allow.
    NotUtf8,

    // ---- actionplan itself ----
    /// The placeholder of a plugin whose thread has not yet said anything.
    NotLoaded,
    NotStarted {
        error: String,
    },
    RanBeforeDeclared,
    /// A panic in actionplan's own code, with its message.
    Panicked {
        message: String,
    },
    ThreadEnded,
    ThreadGone,
    DeclaredTwice,
}

fn friendly_type(t: &str) -> &str {
    match t {
        "nil" => "nil (an empty cell or a missing value)",
        "userdata" => "a sheet, row or date",
        other => other,
    }
}

/// "the section was stopped after 60 seconds, its time limit"
fn time_limit(f: &mut fmt::Formatter<'_>, seconds: u64) -> fmt::Result {
    write!(
        f,
        "the section was stopped after {} second{}, its time limit",
        grammar::group_thousands(seconds as i64),
        if seconds == 1 { "" } else { "s" }
    )
}

/// A failure of actionplan itself, which the coordinator can only report.
fn internal(f: &mut fmt::Formatter<'_>, detail: &str) -> fmt::Result {
    write!(
        f,
        "actionplan itself failed while running this section ({detail}); \
         the other sections are not affected; please report this with the plugin file"
    )
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Reason::*;
        match self {
            LuaNotPrepared { error } => write!(f, "could not prepare Lua: {error}"),
            TooBig { kb } => write!(f, "the plugin file is larger than {kb} KB"),
            Unreadable { error } => write!(f, "cannot read the plugin file ({error})"),
            PluginFile(problem) => write!(f, "the plugin file {problem}"),
            Bytecode => f.write_str(
                "the file is compiled Lua (bytecode), which is not accepted: send the plugin as Lua source text (.lua)",
            ),

            NoSection => write!(f, "the plugin did not return its section; {USAGE}"),
            NoNumber => write!(f, "the section has no number (number = 4); {USAGE}"),
            NoTitle => write!(
                f,
                "the section has no title (title = \"Universalization\"); {USAGE}"
            ),
            NoRun => write!(f, "the section has no run function; {USAGE}"),
            NotAList { field } => write!(f, "{field} must be a list, e.g. {field} = {{ ... }}"),
            ReadsNotSheets => {
                f.write_str("reads must list sheet names: reads = { \"States\", \"Meetings\" }")
            }
            UsesNotNumbers => f.write_str("uses must list section numbers: uses = { 4, 5 }"),
            SheetNotText => f.write_str(
                "sheet must be the short name of the section's sheet, e.g. sheet = \"Trends\"",
            ),

            NumberTaken { number } => {
                write!(f, "section number {number} is used by another plugin")
            }
            Cycle { waiting } => {
                let one = waiting.len() == 1;
                let numbers: Vec<String> = waiting.iter().map(i64::to_string).collect();
                write!(
                    f,
                    "it uses the results of {} {}, which in turn {} for it; remove one of the uses",
                    if one { "section" } else { "sections" },
                    grammar::list(&numbers, "and"),
                    if one { "waits" } else { "wait" },
                )
            }

            Instructions { limit } => write!(
                f,
                "the section was stopped after {} Lua instructions, its limit (is there a loop that never ends?)",
                grammar::group_thousands(*limit as i64)
            ),
            Time { seconds } => time_limit(f, *seconds),
            Abandoned { seconds } => {
                time_limit(f, *seconds)?;
                f.write_str(
                    " (it was stuck in one long step, such as a search with a very complex pattern, and was abandoned)",
                )
            }
            Memory { mb } => write!(
                f,
                "the section was stopped: it needed more than {mb} MB of memory, its limit"
            ),
            Output { mb } => write!(
                f,
                "the section was stopped: what it produced (text, tables and figures) needs more than {mb} MB of memory, its limit"
            ),
            TotalMemory { mb } => write!(
                f,
                "the section was stopped: the sections together needed more than {} MB of memory, the limit for all of them; \
                 if the plugins are known to need it, build again with a larger --total-section-memory",
                grammar::group_thousands(*mb as i64)
            ),
            StackOverflow => f.write_str(
                "stack overflow: a function keeps calling itself (is there a recursion that never ends?)",
            ),

            BadArgument {
                function: Some(function),
                position,
                reason,
            } => write!(f, "{function}: argument {position}: {reason}"),
            BadArgument {
                function: None,
                position,
                reason,
            } => write!(f, "argument {position}: {reason}"),
            Conversion {
                from,
                to,
                detail: Some(detail),
            } => write!(f, "expected {to}, found {from} ({detail})"),
            Conversion {
                from,
                to,
                detail: None,
            } => write!(
                f,
                "expected {}, found {}",
                friendly_type(to),
                friendly_type(from)
            ),
            NotUtf8 => f.write_str(
                "the text is not in UTF-8, the encoding plugins are read in (was the plugin saved in another encoding, such as Windows' ANSI?); save the plugin, and its helpers in plugins/lib/, as UTF-8",
            ),

            NotLoaded => f.write_str("the plugin was not loaded"),
            NotStarted { error } => write!(f, "the plugin could not be started ({error})"),
            RanBeforeDeclared => f.write_str("the plugin ran before it was declared"),
            Panicked { message } => internal(f, message),
            ThreadEnded => internal(f, "the section's thread ended"),
            ThreadGone => internal(f, "the section's thread is gone"),
            DeclaredTwice => internal(f, "the section was declared twice"),
        }
    }
}

/// A reason raised inside Lua (a limit reached in the instruction hook or by the output
/// charge) is a runtime error with the sentence as its message.
impl From<Reason> for mlua::Error {
    fn from(r: Reason) -> Self {
        mlua::Error::RuntimeError(r.to_string())
    }
}

/// Why a plugin file was not read: too large and unreadable keep their sentences of old.
impl From<FileProblem> for Reason {
    fn from(problem: FileProblem) -> Reason {
        match problem {
            FileProblem::TooBig { limit, .. } => Reason::TooBig { kb: limit / 1024 },
            FileProblem::Unreadable { error } => Reason::Unreadable { error },
            other => Reason::PluginFile(other),
        }
    }
}

impl Reason {
    /// One of each kind, for tests and for documentation of the messages.
    pub fn examples() -> Vec<Self> {
        use Reason::*;
        vec![
            LuaNotPrepared {
                error: "out of memory".into(),
            },
            TooBig { kb: 1024 },
            Unreadable {
                error: "permission denied".into(),
            },
            Bytecode,
            PluginFile(FileProblem::LinkOutside {
                target: "/etc/passwd".into(),
            }),
            PluginFile(FileProblem::NotAFile {
                what: NotAFile::NamedPipe,
            }),
            NoSection,
            NoNumber,
            NoTitle,
            NoRun,
            NotAList { field: "reads" },
            ReadsNotSheets,
            UsesNotNumbers,
            SheetNotText,
            NumberTaken { number: 4 },
            Cycle {
                waiting: vec![5, 6],
            },
            Instructions {
                limit: 2_000_000_000,
            },
            Time { seconds: 1 },
            Abandoned { seconds: 60 },
            Memory { mb: 256 },
            Output { mb: 256 },
            TotalMemory { mb: 1024 },
            StackOverflow,
            BadArgument {
                function: Some("count".into()),
                position: 2,
                reason: "expected string, found nil (an empty cell or a missing value)".into(),
            },
            Conversion {
                from: "nil".into(),
                to: "string".into(),
                detail: None,
            },
            NotUtf8,
            NotLoaded,
            NotStarted {
                error: "Resource temporarily unavailable".into(),
            },
            RanBeforeDeclared,
            Panicked {
                message: "index out of bounds".into(),
            },
            ThreadEnded,
            ThreadGone,
            DeclaredTwice,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_reads_as_before() {
        let shown: Vec<String> = Reason::examples()
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        let internal = |detail: &str| {
            format!(
                "actionplan itself failed while running this section ({detail}); the other sections are not affected; please report this with the plugin file"
            )
        };
        let expected = [
            "could not prepare Lua: out of memory".to_string(),
            "the plugin file is larger than 1024 KB".into(),
            "cannot read the plugin file (permission denied)".into(),
            "the file is compiled Lua (bytecode), which is not accepted: send the plugin as Lua source text (.lua)".into(),
            "the plugin file is a link to /etc/passwd, outside the plugins folder, so it was not read: plugins may read only files inside plugins/ (a link out of it could put any file of this computer into the report); copy the file into plugins/ instead".into(),
            "the plugin file is a named pipe (FIFO), not an ordinary file, so it was not read; remove it, and put the file itself in its place".into(),
            format!("the plugin did not return its section; {USAGE}"),
            format!("the section has no number (number = 4); {USAGE}"),
            format!("the section has no title (title = \"Universalization\"); {USAGE}"),
            format!("the section has no run function; {USAGE}"),
            "reads must be a list, e.g. reads = { ... }".into(),
            "reads must list sheet names: reads = { \"States\", \"Meetings\" }".into(),
            "uses must list section numbers: uses = { 4, 5 }".into(),
            "sheet must be the short name of the section's sheet, e.g. sheet = \"Trends\"".into(),
            "section number 4 is used by another plugin".into(),
            "it uses the results of sections 5 and 6, which in turn wait for it; remove one of the uses".into(),
            "the section was stopped after 2,000,000,000 Lua instructions, its limit (is there a loop that never ends?)".into(),
            "the section was stopped after 1 second, its time limit".into(),
            "the section was stopped after 60 seconds, its time limit (it was stuck in one long step, such as a search with a very complex pattern, and was abandoned)".into(),
            "the section was stopped: it needed more than 256 MB of memory, its limit".into(),
            "the section was stopped: what it produced (text, tables and figures) needs more than 256 MB of memory, its limit".into(),
            "the section was stopped: the sections together needed more than 1,024 MB of memory, the limit for all of them; if the plugins are known to need it, build again with a larger --total-section-memory".into(),
            "stack overflow: a function keeps calling itself (is there a recursion that never ends?)".into(),
            "count: argument 2: expected string, found nil (an empty cell or a missing value)".into(),
            "expected string, found nil (an empty cell or a missing value)".into(),
            "the text is not in UTF-8, the encoding plugins are read in (was the plugin saved in another encoding, such as Windows' ANSI?); save the plugin, and its helpers in plugins/lib/, as UTF-8".into(),
            "the plugin was not loaded".into(),
            "the plugin could not be started (Resource temporarily unavailable)".into(),
            "the plugin ran before it was declared".into(),
            internal("index out of bounds"),
            internal("the section's thread ended"),
            internal("the section's thread is gone"),
            internal("the section was declared twice"),
        ];
        assert_eq!(shown, expected);
        assert_eq!(
            USAGE,
            "end the plugin with: return { number = 4, title = \"...\", reads = { \"Sheet\" }, run = function() ... end }"
        );
    }

    #[test]
    fn a_cycle_of_one_section_waits() {
        assert_eq!(
            Reason::Cycle { waiting: vec![4] }.to_string(),
            "it uses the results of section 4, which in turn waits for it; remove one of the uses"
        );
    }
}
