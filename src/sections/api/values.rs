//! Cell values in Lua and back: whole numbers as integers, dates as date objects, empty cells
//! as nil; and the order and equality of cell values that `where`, `sort`, `group` and
//! `distinct` share (text ignoring case, empty cells last).

use std::cmp::Ordering;

use mlua::{Lua, Value as LuaValue};

use super::errors::ApiError;
use crate::model::value::Value;
use crate::sections::data::Row;
use crate::sections::datetime::LuaDate;
use crate::text::suggest::{fold, fold_chars, fold_eq};

/// A cell value as Lua sees it: whole numbers as integers (so they print as "14", not
/// "14.0"), dates as date objects, empty cells and Excel errors as nil.
pub fn to_lua(lua: &Lua, v: &Value) -> mlua::Result<LuaValue> {
    Ok(match v {
        Value::Empty | Value::Error(_) => LuaValue::Nil,
        Value::Text(s) => LuaValue::String(lua.create_string(s.as_bytes())?),
        Value::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                LuaValue::Integer(*n as i64)
            } else {
                LuaValue::Number(*n)
            }
        }
        Value::Bool(b) => LuaValue::Boolean(*b),
        Value::Date(d) => LuaValue::UserData(lua.create_userdata(LuaDate(*d))?),
    })
}

/// A Lua value as a cell value (for figures and the tables a section writes).
pub fn from_lua(v: &LuaValue) -> mlua::Result<Value> {
    Ok(match v {
        LuaValue::Nil => Value::Empty,
        LuaValue::Boolean(b) => Value::Bool(*b),
        LuaValue::Integer(i) => Value::Number(*i as f64),
        LuaValue::Number(n) => Value::Number(*n),
        LuaValue::String(s) => Value::text(&*s.to_str()?),
        LuaValue::UserData(u) => {
            if let Ok(d) = u.borrow::<LuaDate>() {
                Value::Date(d.0)
            } else if let Ok(r) = u.borrow::<Row>() {
                Value::text(r.describe())
            } else {
                return Err(ApiError::SheetAsValue.into());
            }
        }
        other => {
            return Err(ApiError::NotAValue {
                type_name: other.type_name(),
            }
            .into())
        }
    })
}

/// Orders cell values: numbers, dates, text (ignoring case) and yes/no among their own kind;
/// empty cells last.
pub fn compare(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Number(_) => 0,
            Value::Date(_) => 1,
            Value::Text(_) => 2,
            Value::Bool(_) => 3,
            Value::Error(_) => 4,
            Value::Empty => 5,
        }
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => {
            if x == y {
                return Ordering::Equal;
            }
            fold_chars(x).cmp(fold_chars(y)).then_with(|| x.cmp(y))
        }
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => fold_eq(x, y),
        (Value::Empty, Value::Empty) => true,
        _ => {
            compare(a, b) == Ordering::Equal
                && std::mem::discriminant(a) == std::mem::discriminant(b)
        }
    }
}

/// A value as a key of `group` and `distinct`: equal keys for values that `equal` finds
/// equal (text folded, numbers by value), apart by kind.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Empty,
    Text(String),
    Number(u64),
    Bool(bool),
    Date(crate::model::dates::Date),
    Error(String),
}

impl Key {
    pub fn of(v: &Value) -> Key {
        match v {
            Value::Empty => Key::Empty,
            Value::Text(t) => Key::Text(fold(t)),
            // -0 and 0 are the same number.
            Value::Number(n) => Key::Number(if *n == 0.0 { 0 } else { n.to_bits() }),
            Value::Bool(b) => Key::Bool(*b),
            Value::Date(d) => Key::Date(*d),
            Value::Error(e) => Key::Error(fold(e)),
        }
    }
}

/// A key usable in a Lua table: dates become "2011-09-13".
pub fn key_to_lua(lua: &Lua, v: &Value) -> mlua::Result<LuaValue> {
    match v {
        Value::Date(d) => Ok(LuaValue::String(
            lua.create_string(crate::model::dates::iso(*d))?,
        )),
        other => to_lua(lua, other),
    }
}
