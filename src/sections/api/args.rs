//! Reading the arguments a plugin passes, with errors in the coordinator's words: "expected a
//! number, found nil (an empty cell or a missing value)" rather than Lua's own.

use mlua::Value as LuaValue;

use super::errors::{ApiError, Found};
use super::values;

/// Text from a Lua value for narrative: strings as they are, numbers without ".0", dates long.
pub fn text_of(v: &LuaValue) -> mlua::Result<String> {
    Ok(match v {
        LuaValue::String(s) => s.to_str()?.to_string(),
        LuaValue::Integer(i) => i.to_string(),
        LuaValue::Number(n) => crate::model::value::Value::Number(*n).to_string(),
        LuaValue::Boolean(b) => if *b { "yes" } else { "no" }.to_string(),
        LuaValue::UserData(_) => values::from_lua(v)?.to_string(),
        other => {
            return Err(ApiError::ExpectedText {
                found: Found::of(other),
            }
            .into())
        }
    })
}

/// A number; `what` names the function in the error ("percent: expected a number, ...").
pub fn number_of(v: &LuaValue, what: &str) -> mlua::Result<f64> {
    match v {
        LuaValue::Integer(i) => Ok(*i as f64),
        LuaValue::Number(n) => Ok(*n),
        other => Err(ApiError::ExpectedNumber {
            what: what.to_string(),
            found: Found::of(other),
        }
        .into()),
    }
}
