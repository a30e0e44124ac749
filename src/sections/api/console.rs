//! `warn(message)`, a warning in the Problems list with the plugin's file and line, and
//! `print(...)`, which writes to the screen while a plugin is being written.
//!
//! Both take text as it is, even when it is not valid UTF-8 (the bytes that are not are shown
//! as �): a message meant to help must not itself fail the section. What `print` shows goes
//! through `terminal::visible`, one line at a time, each after the plugin's file name, so a
//! plugin can neither send control sequences to the terminal nor print a line that looks like
//! one of actionplan's own.

use mlua::{Function, Lua, Value as LuaValue, Variadic};

use super::output::charge;
use super::with_ctx;
use crate::problem::terminal::visible;
use crate::problem::{Place, Problem, SectionProblem};
use crate::sections::context::caller;

/// Lines of `print` shown per section: a print in a loop over every row (or one print of a
/// text of a million lines) must not flood the screen.
const MAX_PRINTED: usize = 200;

/// `warn(message)`: the section is still produced.
pub fn warn(lua: &Lua, message: mlua::LuaString) -> mlua::Result<()> {
    let message = message.to_string_lossy();
    let (_, line) = caller(lua);
    // Warnings are kept until the end of the build: they count as output.
    charge(lua, 128 + message.len())?;
    with_ctx(lua, |c| {
        let p = Problem::new(
            Place::plugin(c.file.clone(), line),
            SectionProblem::Warned { message },
        );
        c.warnings.push(p);
    });
    Ok(())
}

/// `print(...)`, which shows its arguments as Lua's `tostring` does.
pub fn print(lua: &Lua, tostring: Function) -> mlua::Result<Function> {
    lua.create_function(move |lua, args: Variadic<LuaValue>| {
        let mut parts = Vec::new();
        for a in args {
            parts.push(tostring.call::<mlua::LuaString>(a)?.to_string_lossy());
        }
        let text = parts.join("\t");
        let (file, already) = with_ctx(lua, |c| (c.file.clone(), c.printed));
        let mut shown = String::new();
        let mut printed = already;
        for line in text.split('\n') {
            if printed >= MAX_PRINTED {
                if printed == MAX_PRINTED {
                    shown.push_str(&format!(
                        "{}: (further output of print is not shown)\n",
                        visible(&file)
                    ));
                    printed += 1;
                }
                break;
            }
            shown.push_str(&format!("{}: {}\n", visible(&file), visible(line)));
            printed += 1;
        }
        with_ctx(lua, |c| c.printed = printed);
        // One write: the lines of one print stay together when sections print at once.
        eprint!("{shown}");
        Ok(())
    })
}
