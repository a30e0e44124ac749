//! Why a section was not produced, as a coordinator needs it: the file, the line, the message
//! in plain words, and the few calls that led there; read from a Lua error, or made from one
//! of actionplan's own reasons (`reason.rs`). And the problem reported for it.

use mlua::Error;

use super::reason::Reason;
use super::sandbox::Limits;
use crate::problem::{Place, Problem, SectionProblem};

#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The plugin or library file where it happened, when known.
    pub file: Option<String>,
    pub line: Option<u32>,
    pub message: String,
    /// "plugins/lib/ccm.lua, line 30, in function 'entry_into_force'", innermost first, without
    /// the place of the error itself.
    pub trace: Vec<String>,
}

impl Failure {
    /// A failure for one of actionplan's own reasons, with no place in the code.
    pub fn new(reason: Reason) -> Failure {
        Failure {
            file: None,
            line: None,
            message: reason.to_string(),
            trace: Vec::new(),
        }
    }

    /// A failure for one of actionplan's own reasons, placed in the plugin's file.
    pub fn in_file(file: &str, reason: Reason) -> Failure {
        Failure {
            file: Some(file.to_string()),
            ..Failure::new(reason)
        }
    }

    /// The message with the place of the error, for the report's note on a section that was
    /// not produced: "attempt to ... (plugins/04_u.lua, line 12)".
    pub fn with_place(&self, plugin: &str) -> String {
        match self.line {
            Some(line) => format!(
                "{} ({}, line {line})",
                self.message,
                self.file.as_deref().unwrap_or(plugin)
            ),
            None => self.message.clone(),
        }
    }

    /// Where it happened: the file where Lua stopped, or else the plugin's own file.
    fn place(&self, plugin: &str) -> Place {
        Place::plugin(
            self.file.clone().unwrap_or_else(|| plugin.to_string()),
            self.line,
        )
    }

    /// The problem of a plugin that failed before it declared its section.
    pub fn not_loaded(&self, plugin: &str) -> Problem {
        Problem::new(
            self.place(plugin),
            SectionProblem::NotLoaded {
                reason: self.message.clone(),
                trace: self.trace.clone(),
            },
        )
    }

    /// The problem of a declared section that failed or was stopped.
    pub fn not_produced(&self, plugin: &str, number: i64, title: &str) -> Problem {
        Problem::new(
            self.place(plugin),
            SectionProblem::NotProduced {
                number,
                title: title.to_string(),
                reason: self.message.clone(),
                trace: self.trace.clone(),
            },
        )
    }

    /// Reads an mlua error; `limits` are the section's, for the message of an exhausted
    /// memory limit.
    pub fn from_lua(error: &Error, limits: &Limits) -> Failure {
        // Refused by the section's own limit, or by the budget of all sections (which one is
        // known in this thread, the section's own).
        let memory = || {
            if super::budget::last_refusal_was_the_budget() {
                Reason::TotalMemory {
                    mb: limits.shared.limit() / (1024 * 1024),
                }
            } else {
                Reason::Memory {
                    mb: limits.memory_bytes / (1024 * 1024),
                }
            }
            .to_string()
        };
        let mut traceback = String::new();
        let mut cause = error;
        loop {
            match cause {
                Error::CallbackError {
                    traceback: t,
                    cause: c,
                } => {
                    if traceback.is_empty() {
                        traceback = t.clone();
                    }
                    cause = c;
                }
                Error::WithContext { cause: c, .. } => cause = c,
                _ => break,
            }
        }
        // A syntax error's place is given by Lua's parser from the name actionplan gave the file.
        let syntax = matches!(cause, Error::SyntaxError { .. });
        let raw = match cause {
            Error::RuntimeError(m) => m.clone(),
            Error::SyntaxError { message, .. } => message.clone(),
            Error::MemoryError(_) => memory(),
            Error::BadArgument { to, pos, cause, .. } => Reason::BadArgument {
                function: to.clone(),
                position: *pos,
                reason: Failure::from_lua(cause, limits).message,
            }
            .to_string(),
            // Text in another encoding than UTF-8: Rust's words for it ("expected &str, found
            // string (invalid utf-8 sequence ...)") mean nothing to the plugin's author.
            Error::FromLuaConversionError {
                from: "string",
                message: Some(m),
                ..
            } if m.contains("utf-8") => Reason::NotUtf8.to_string(),
            Error::FromLuaConversionError { from, to, message } => Reason::Conversion {
                from: from.to_string(),
                to: to.clone(),
                detail: message.clone(),
            }
            .to_string(),
            other => other.to_string(),
        };
        // The traceback Lua adds comes last: a message can itself hold the words "stack
        // traceback:", to make up calls that never happened.
        let (message, inline_trace) = match raw.rsplit_once("\nstack traceback:") {
            Some((m, t)) => (m.to_string(), t.to_string()),
            None => (raw, String::new()),
        };
        if traceback.is_empty() {
            traceback = inline_trace;
        }
        let frames_seen = frames(&traceback);
        // "file:line:" before the message, as Lua puts it; once more for each coroutine.wrap
        // the error came through (the innermost is the error's own place). A place is believed
        // only when that file is among the calls that led to the error: error("plugins/01_x.lua:
        // 24: ...", 0) in another plugin must not file the failure under 01_x.
        let (places, rest) = split_locations(&message);
        let believed = places.last().filter(|(file, _)| {
            syntax || traceback.trim().is_empty() || frames_seen.iter().any(|(f, _, _)| f == file)
        });
        let (file, line, message) = match believed {
            Some((file, line)) => (Some(file.clone()), Some(*line), rest),
            None => {
                let first = trace_location(&traceback);
                (
                    first.as_ref().map(|f| f.0.clone()),
                    first.map(|f| f.1),
                    message,
                )
            }
        };
        let trace = frames_seen
            .into_iter()
            .filter(|(f, l, _)| Some(f) != file.as_ref() || Some(*l) != line)
            .map(|(f, l, what)| format!("{f}, line {l}, {what}"))
            .take(5)
            .collect();
        let message = if message.contains("not enough memory")
            || message.contains("resulting string too large")
            || message.contains("table overflow")
        {
            memory()
        } else if message.contains("attempt to load a binary chunk") {
            Reason::Bytecode.to_string()
        } else if message == "stack overflow"
            || message.starts_with("stack overflow ")
            || message.starts_with("C stack overflow")
        {
            Reason::StackOverflow.to_string()
        } else {
            message
        };
        Failure {
            file,
            line,
            message: shortened(message),
            trace,
        }
    }
}

/// Longest message kept, in characters: a message is a sentence or two, and one made of a
/// megabyte of text would flood the screen and the Problems sheet.
const MAX_MESSAGE_CHARS: usize = 1000;

/// The message, cut at `MAX_MESSAGE_CHARS` with a note of its length.
fn shortened(message: String) -> String {
    let length = message.chars().count();
    if length <= MAX_MESSAGE_CHARS {
        return message;
    }
    let kept: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    format!(
        "{kept}… (the rest is left out: the message is {} characters long)",
        crate::text::grammar::group_thousands(length as i64)
    )
}

/// "plugins/04_x.lua:12: message" → (file, 12, "message").
fn split_location(message: &str) -> Option<(String, u32, String)> {
    let rest = message.strip_prefix("plugins/").map(|_| message)?;
    let colon = rest.find(".lua:")? + 4;
    let file = rest[..colon].to_string();
    if file.contains(char::is_whitespace) {
        return None;
    }
    let after = &rest[colon + 1..];
    let end = after.find(':')?;
    let line = after[..end].parse().ok()?;
    Some((file, line, after[end + 1..].trim().to_string()))
}

/// Every "file:line:" at the start of the message, outermost first, and the message after them.
fn split_locations(message: &str) -> (Vec<(String, u32)>, String) {
    let mut places = Vec::new();
    let mut rest = message.to_string();
    while let Some((file, line, after)) = split_location(&rest) {
        places.push((file, line));
        rest = after;
    }
    (places, rest)
}

fn trace_location(traceback: &str) -> Option<(String, u32)> {
    traceback.lines().find_map(|l| {
        let l = l.trim();
        let (file, rest) = l.split_once(".lua:")?;
        if !file.starts_with("plugins/") {
            return None;
        }
        let line = rest.split(':').next()?.parse().ok()?;
        Some((format!("{file}.lua"), line))
    })
}

/// The plugin frames of a traceback, as short phrases, repeats folded into one.
fn frames(traceback: &str) -> Vec<(String, u32, String)> {
    let mut out: Vec<(String, u32, String)> = Vec::new();
    for l in traceback.lines() {
        let l = l.trim();
        let Some((file, rest)) = l.split_once(".lua:") else {
            continue;
        };
        if !file.starts_with("plugins/") {
            continue;
        }
        let Some((line, what)) = rest.split_once(':') else {
            continue;
        };
        let Ok(line) = line.parse::<u32>() else {
            continue;
        };
        let what = what.trim();
        let what = if what.starts_with("in function <") {
            "in a function".to_string()
        } else {
            what.replace("in upvalue", "in function")
                .replace("in local", "in function")
                .replace("in field", "in function")
        };
        let frame = (format!("{file}.lua"), line, what);
        if out.last() != Some(&frame) {
            out.push(frame);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_location() {
        assert_eq!(
            split_location("plugins/04_u.lua:12: attempt to index a nil value (local 'row')"),
            Some((
                "plugins/04_u.lua".into(),
                12,
                "attempt to index a nil value (local 'row')".into()
            ))
        );
        assert_eq!(split_location("sheet \"X\" not found"), None);
    }

    fn limits() -> Limits {
        Limits {
            memory_bytes: 64 * 1024 * 1024,
            ..Limits::default()
        }
    }

    #[test]
    fn reads_the_place_and_the_calls_from_a_lua_error() {
        let error = Error::RuntimeError(
            "plugins/lib/ccm.lua:30: attempt to index a nil value (local 'd')\nstack traceback:\n\t[C]: in ?\n\tplugins/lib/ccm.lua:30: in upvalue 'entry_into_force'\n\tplugins/04_u.lua:12: in function <plugins/04_u.lua:10>\n\tplugins/04_u.lua:12: in function <plugins/04_u.lua:10>".into(),
        );
        let f = Failure::from_lua(&error, &limits());
        assert_eq!(f.file.as_deref(), Some("plugins/lib/ccm.lua"));
        assert_eq!(f.line, Some(30));
        assert_eq!(f.message, "attempt to index a nil value (local 'd')");
        // The error's own place is left out, and a repeated frame is shown once.
        assert_eq!(f.trace, ["plugins/04_u.lua, line 12, in a function"]);
        assert_eq!(
            f.with_place("plugins/04_u.lua"),
            "attempt to index a nil value (local 'd') (plugins/lib/ccm.lua, line 30)"
        );
    }

    #[test]
    fn rewords_what_lua_says() {
        let read = |e: Error| Failure::from_lua(&e, &limits()).message;
        let memory = "the section was stopped: it needed more than 64 MB of memory, its limit";
        assert_eq!(read(Error::MemoryError("not enough memory".into())), memory);
        assert_eq!(
            read(Error::RuntimeError("not enough memory".into())),
            memory
        );
        assert_eq!(
            read(Error::RuntimeError("stack overflow".into())),
            Reason::StackOverflow.to_string()
        );
        assert_eq!(
            read(Error::RuntimeError(
                "attempt to load a binary chunk (mode is 't')".into()
            )),
            Reason::Bytecode.to_string()
        );
        let nil = Error::FromLuaConversionError {
            from: "nil",
            to: "string".into(),
            message: None,
        };
        assert_eq!(
            read(Error::BadArgument {
                to: Some("plural".into()),
                pos: 1,
                name: None,
                cause: std::sync::Arc::new(nil),
            }),
            "plural: argument 1: expected string, found nil (an empty cell or a missing value)"
        );
    }

    #[test]
    fn a_place_repeated_by_nested_coroutines_is_given_once() {
        let places = "plugins/04_w.lua:1: ".repeat(200);
        let error = Error::RuntimeError(format!(
            "{places}boom\nstack traceback:\n\t[C]: in function 'error'\n\tplugins/04_w.lua:1: in function <plugins/04_w.lua:1>\n\tplugins/04_w.lua:2: in function <plugins/04_w.lua:2>"
        ));
        let f = Failure::from_lua(&error, &limits());
        assert_eq!(
            (f.file.as_deref(), f.line, f.message.as_str()),
            (Some("plugins/04_w.lua"), Some(1), "boom")
        );
        assert_eq!(f.trace, ["plugins/04_w.lua, line 2, in a function"]);
    }

    #[test]
    fn a_place_written_into_the_message_is_believed_only_from_the_calls() {
        // error("plugins/01_x.lua:24: ...", 0) in plugins/05_y.lua.
        let error = Error::RuntimeError(
            "plugins/01_x.lua:24: attempt to index a nil value\nstack traceback:\n\t[C]: in function 'error'\n\tplugins/05_y.lua:3: in function <plugins/05_y.lua:2>".into(),
        );
        let f = Failure::from_lua(&error, &limits());
        assert_eq!(
            (f.file.as_deref(), f.line, f.message.as_str()),
            (
                Some("plugins/05_y.lua"),
                Some(3),
                "plugins/01_x.lua:24: attempt to index a nil value"
            )
        );
        // A made-up traceback inside the message is not taken for Lua's.
        let error = Error::RuntimeError(
            "plugins/lib/ccm.lua:3: fake\nstack traceback:\n\tplugins/01_x.lua:9: in main chunk\nstack traceback:\n\t[C]: in function 'error'\n\tplugins/05_y.lua:3: in function <plugins/05_y.lua:2>".into(),
        );
        let f = Failure::from_lua(&error, &limits());
        assert_eq!(
            (f.file.as_deref(), f.line),
            (Some("plugins/05_y.lua"), Some(3))
        );
        assert!(f.trace.is_empty(), "{:?}", f.trace);
        // A syntax error's place comes from Lua's parser.
        let error = Error::SyntaxError {
            message: "plugins/lib/ccm.lua:7: unexpected symbol near '?'".into(),
            incomplete_input: false,
        };
        let f = Failure::from_lua(&error, &limits());
        assert_eq!(
            (f.file.as_deref(), f.line),
            (Some("plugins/lib/ccm.lua"), Some(7))
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_said_in_words() {
        let bytes = Error::FromLuaConversionError {
            from: "string",
            to: "&str".into(),
            message: Some("invalid utf-8 sequence of 1 bytes from index 0".into()),
        };
        assert_eq!(
            Failure::from_lua(&bytes, &limits()).message,
            Reason::NotUtf8.to_string()
        );
    }

    #[test]
    fn a_very_long_message_is_cut() {
        let error = Error::RuntimeError("x".repeat(5000));
        let message = Failure::from_lua(&error, &limits()).message;
        assert_eq!(
            message,
            format!(
                "{}… (the rest is left out: the message is 5,000 characters long)",
                "x".repeat(1000)
            )
        );
    }

    #[test]
    fn a_failure_of_our_own_is_placed_in_the_plugin() {
        let f = Failure::in_file("plugins/04_u.lua", Reason::NoRun);
        assert_eq!(f.with_place("plugins/04_u.lua"), Reason::NoRun.to_string());
        assert_eq!(
            f.not_produced("plugins/04_u.lua", 4, "Universalization")
                .to_string(),
            format!(
                "error: plugins/04_u.lua: section 4 (Universalization) was not produced: {}",
                Reason::NoRun
            )
        );
        assert_eq!(
            Failure::new(Reason::NoTitle)
                .not_loaded("plugins/04_u.lua")
                .to_string(),
            format!(
                "error: plugins/04_u.lua: the section plugin cannot be loaded: {}",
                Reason::NoTitle
            )
        );
    }
}
