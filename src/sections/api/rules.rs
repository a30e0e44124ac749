//! `rule(name)`: a rule of the treaty from the Rules sheet, typed by its unit (check/rules.rs),
//! so that plugins/lib reads the numbers behind deadlines instead of keeping them in Lua.
//! Like `setting`, it needs no entry in the section's reads; like `sheet`, it reads only inside
//! `run`.

use mlua::{Lua, Value as LuaValue};

use super::errors::ApiError;
use super::with_ctx;
use crate::check::rules::RuleValue;
use crate::sections::datetime::LuaDate;
use crate::text::suggest;

/// Days, months, years and whole numbers come as whole numbers, a date as a date, a day of
/// the year as a table `{ month = 4, day = 30 }`, text as text and yes/no as true/false.
pub fn rule(lua: &Lua, name: String) -> mlua::Result<LuaValue> {
    // As sheets: declarations read no data (`actionplan sections` loads none).
    if with_ctx(lua, |c| c.reads.is_none()) {
        return Err(ApiError::RuleOutsideRun.into());
    }
    let found = with_ctx(lua, |c| {
        let rules = &c.dataset.rules;
        match rules.get(&name) {
            Some(rule) => Ok(rule
                .value
                .clone()
                .ok_or_else(|| ApiError::RuleWithoutValue {
                    name: rule.name.clone(),
                    place: rule.place.to_string(),
                })),
            None => Err(ApiError::NoSuchRule {
                close: suggest::did_you_mean(&name, rules.names()).map(str::to_string),
                name: name.clone(),
            }),
        }
    });
    let value = found.and_then(|v| v)?;
    let dataset = with_ctx(lua, |c| c.dataset.clone());
    crate::sections::data::observe_keyed(lua, &dataset, "Rule", &name);
    Ok(match value {
        RuleValue::Whole(n) => LuaValue::Integer(n),
        RuleValue::Number(n) => LuaValue::Number(n),
        RuleValue::Date(d) => LuaValue::UserData(lua.create_userdata(LuaDate(d))?),
        RuleValue::DayOfYear { month, day } => {
            let t = lua.create_table()?;
            t.set("month", month)?;
            t.set("day", day)?;
            LuaValue::Table(t)
        }
        RuleValue::Text(t) => LuaValue::String(lua.create_string(&t)?),
        RuleValue::Bool(b) => LuaValue::Boolean(b),
    })
}
