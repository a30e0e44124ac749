//! Turning a Lua error into what a coordinator needs: the file, the line, the message in
//! plain words, and the few calls that led there.

use mlua::Error;

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
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            file: None,
            line: None,
            message: message.into(),
            trace: Vec::new(),
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

    /// Reads an mlua error. `memory` is the message for an exhausted memory limit.
    pub fn from_lua(error: &Error, memory: &str) -> Failure {
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
        let raw = match cause {
            Error::RuntimeError(m) => m.clone(),
            Error::SyntaxError { message, .. } => message.clone(),
            Error::MemoryError(_) => memory.to_string(),
            Error::BadArgument { to, pos, cause, .. } => {
                let inner = Failure::from_lua(cause, memory).message;
                match to {
                    Some(f) => format!("{f}: argument {pos}: {inner}"),
                    None => format!("argument {pos}: {inner}"),
                }
            }
            Error::FromLuaConversionError { from, to, message } => match message {
                Some(m) => format!("expected {to}, found {from} ({m})"),
                None => format!(
                    "expected {}, found {}",
                    friendly_type(to),
                    friendly_type(from)
                ),
            },
            other => other.to_string(),
        };
        let (message, inline_trace) = match raw.split_once("\nstack traceback:") {
            Some((m, t)) => (m.to_string(), t.to_string()),
            None => (raw, String::new()),
        };
        if traceback.is_empty() {
            traceback = inline_trace;
        }
        let (file, line, message) = match split_location(&message) {
            Some((file, line, rest)) => (Some(file), Some(line), rest),
            None => {
                let first = trace_location(&traceback);
                (
                    first.as_ref().map(|f| f.0.clone()),
                    first.map(|f| f.1),
                    message,
                )
            }
        };
        let trace = frames(&traceback)
            .into_iter()
            .filter(|(f, l, _)| Some(f) != file.as_ref() || Some(*l) != line)
            .map(|(f, l, what)| format!("{f}, line {l}, {what}"))
            .take(5)
            .collect();
        let message = if message.contains("not enough memory")
            || message.contains("resulting string too large")
            || message.contains("table overflow")
        {
            memory.to_string()
        } else if message.contains("attempt to load a binary chunk") {
            "the file is compiled Lua (bytecode), which is not accepted: send the plugin as Lua source text (.lua)".to_string()
        } else if message == "stack overflow"
            || message.starts_with("stack overflow ")
            || message.starts_with("C stack overflow")
        {
            "stack overflow: a function keeps calling itself (is there a recursion that never ends?)".to_string()
        } else {
            message
        };
        Failure {
            file,
            line,
            message,
            trace,
        }
    }
}

fn friendly_type(t: &str) -> &str {
    match t {
        "nil" => "nil (an empty cell or a missing value)",
        "userdata" => "a sheet, row or date",
        other => other,
    }
}

/// "plugins/04_x.lua:12: message" → (file, 12, "message").
fn split_location(message: &str) -> Option<(String, u32, String)> {
    let start = message.find("plugins/")?;
    if start > 0 {
        return None;
    }
    let rest = &message[start..];
    let colon = rest.find(".lua:")? + 4;
    let file = rest[..colon].to_string();
    let after = &rest[colon + 1..];
    let end = after.find(':')?;
    let line = after[..end].parse().ok()?;
    Some((file, line, after[end + 1..].trim().to_string()))
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
}
