//! `warn(message)`, a warning in the Problems list with the plugin's file and line, and
//! `print(...)`, which writes to the screen while a plugin is being written.

use mlua::{Function, Lua, Value as LuaValue, Variadic};

use super::output::charge;
use super::with_ctx;
use crate::problem::{Place, Problem, SectionProblem};
use crate::sections::context::caller;

/// Lines of `print` shown per section: a print in a loop over every row must not flood the
/// screen.
const MAX_PRINTED: usize = 200;

/// `warn(message)`: the section is still produced.
pub fn warn(lua: &Lua, message: String) -> mlua::Result<()> {
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
            parts.push(tostring.call::<String>(a)?);
        }
        let (file, n) = with_ctx(lua, |c| {
            c.printed += 1;
            (c.file.clone(), c.printed)
        });
        if n <= MAX_PRINTED {
            eprintln!("{file}: {}", parts.join("\t"));
        } else if n == MAX_PRINTED + 1 {
            eprintln!("{file}: (further output of print is not shown)");
        }
        Ok(())
    })
}
