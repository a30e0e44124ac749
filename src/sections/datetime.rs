//! Dates in Lua: `date(2011, 9, 13)` and `as_of(date)`, and date objects that compare with
//! < and ==, add months and days, subtract to get days, and print as "13 September 2011".

use chrono::Datelike;
use mlua::{Lua, MetaMethod, UserData, UserDataFields, UserDataMethods, Value as LuaValue};

use super::api::{ApiError, Found};
use crate::model::dates::{self, Date};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LuaDate(pub Date);

/// A Lua value as a date: a date object, "2011-09-13", or "13 September 2011" (the form in
/// which a date reaches Lua from a text column, such as the Value column of the Settings sheet).
pub fn date_arg(v: &LuaValue, what: &str) -> mlua::Result<Date> {
    match v {
        LuaValue::UserData(u) => u
            .borrow::<LuaDate>()
            .map(|d| d.0)
            .map_err(|_| not_a_date(what, v)),
        LuaValue::String(s) => {
            let s = s.to_str()?.to_string();
            let t = s.trim();
            Date::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .or_else(|| match dates::parse_text(t) {
                    dates::TextDate::Clear(d) if dates::long(d) == t => Some(d),
                    _ => None,
                })
                .ok_or_else(|| {
                    ApiError::NotADate {
                        what: what.to_string(),
                        text: s.clone(),
                    }
                    .into()
                })
        }
        _ => Err(not_a_date(what, v)),
    }
}

fn not_a_date(what: &str, v: &LuaValue) -> mlua::Error {
    ApiError::ExpectedDate {
        what: what.to_string(),
        found: Found::of(v),
    }
    .into()
}

fn outside(what: &'static str, from: Date, n: i64, unit: &'static str) -> mlua::Error {
    ApiError::OutsideCalendar {
        what,
        from,
        n,
        unit,
    }
    .into()
}

/// `as_of(date)`: "as of 12 September 2011".
pub fn as_of(_: &Lua, d: LuaValue) -> mlua::Result<String> {
    Ok(format!("as of {}", dates::long(date_arg(&d, "as_of")?)))
}

/// `date(2011, 9, 13)` or `date("2011-09-13")`.
pub fn make(_: &Lua, (a, m, d): (LuaValue, Option<u32>, Option<u32>)) -> mlua::Result<LuaDate> {
    match (a, m, d) {
        (LuaValue::Integer(y), Some(m), Some(d)) => i32::try_from(y)
            .ok()
            .and_then(|y| Date::from_ymd_opt(y, m, d))
            .map(LuaDate)
            .ok_or_else(|| {
                ApiError::InvalidDate {
                    year: y,
                    month: m,
                    day: d,
                }
                .into()
            }),
        (v, None, None) => date_arg(&v, "date").map(LuaDate),
        _ => Err(ApiError::DateUsage.into()),
    }
}

impl UserData for LuaDate {
    fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
        fields.add_field_method_get("year", |_, this| Ok(this.0.year()));
        fields.add_field_method_get("month", |_, this| Ok(this.0.month()));
        fields.add_field_method_get("day", |_, this| Ok(this.0.day()));
    }

    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method("add_months", |_, this, n: i64| {
            dates::checked_add_months(this.0, n)
                .map(LuaDate)
                .ok_or_else(|| outside("add_months", this.0, n, "months"))
        });
        methods.add_method("add_years", |_, this, n: i64| {
            n.checked_mul(12)
                .and_then(|m| dates::checked_add_months(this.0, m))
                .map(LuaDate)
                .ok_or_else(|| outside("add_years", this.0, n, "years"))
        });
        methods.add_method("add_days", |_, this, n: i64| {
            dates::checked_add_days(this.0, n)
                .map(LuaDate)
                .ok_or_else(|| outside("add_days", this.0, n, "days"))
        });
        methods.add_method("start_of_month", |_, this, ()| {
            Ok(LuaDate(this.0.with_day(1).unwrap_or(this.0)))
        });
        methods.add_method("end_of_month", |_, this, ()| {
            let first = this.0.with_day(1).unwrap_or(this.0);
            dates::checked_add_months(first, 1)
                .and_then(|next| dates::checked_add_days(next, -1))
                .map(LuaDate)
                .ok_or_else(|| outside("end_of_month", this.0, 1, "months"))
        });
        methods.add_method("days_until", |_, this, other: LuaValue| {
            let other = date_arg(&other, "days_until")?;
            Ok((other - this.0).num_days())
        });
        methods.add_method("format", |_, this, ()| Ok(dates::long(this.0)));
        methods.add_method("iso", |_, this, ()| Ok(dates::iso(this.0)));
        methods.add_method("month_name", |_, this, ()| {
            Ok(dates::month_name(this.0.month()))
        });
        methods.add_meta_method(MetaMethod::ToString, |_, this, ()| Ok(dates::long(this.0)));
        methods.add_meta_function(MetaMethod::Eq, |_, (a, b): (LuaValue, LuaValue)| {
            Ok(date_arg(&a, "==").ok() == date_arg(&b, "==").ok())
        });
        methods.add_meta_function(MetaMethod::Lt, |_, (a, b): (LuaValue, LuaValue)| {
            Ok(date_arg(&a, "<")? < date_arg(&b, "<")?)
        });
        methods.add_meta_function(MetaMethod::Le, |_, (a, b): (LuaValue, LuaValue)| {
            Ok(date_arg(&a, "<=")? <= date_arg(&b, "<=")?)
        });
        // later - earlier gives a number of days.
        methods.add_meta_function(MetaMethod::Sub, |_, (a, b): (LuaValue, LuaValue)| {
            Ok((date_arg(&a, "-")? - date_arg(&b, "-")?).num_days())
        });
        methods.add_meta_function(MetaMethod::Concat, |_, (a, b): (LuaValue, LuaValue)| {
            let text = |v: &LuaValue| -> mlua::Result<String> {
                match v {
                    LuaValue::UserData(u) => u
                        .borrow::<LuaDate>()
                        .map(|d| dates::long(d.0))
                        .map_err(|_| ApiError::JoinThis.into()),
                    LuaValue::String(s) => Ok(s.to_str()?.to_string()),
                    LuaValue::Integer(i) => Ok(i.to_string()),
                    LuaValue::Number(n) => Ok(n.to_string()),
                    other => Err(ApiError::JoinType {
                        type_name: other.type_name(),
                    }
                    .into()),
                }
            };
            Ok(text(&a)? + &text(&b)?)
        });
    }
}
