//! `track{ state, name, label, value | status, rows, order }`: a value about one State (a
//! date, a number, a short text or a status), kept with the rule that computed it (the
//! plugin's file and line, as `figure` records them) and the rows behind it, for the States
//! sheet of the consolidated workbook and `actionplan explain`. It never reaches the
//! narrative, which stays aggregate.
//!
//! A section usually tracks in a loop over the States, so the work per call is kept small:
//! the names of tables and plugin files are shared by every value that uses them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use mlua::{AnyUserData, Lua, Table as LuaTable, Value as LuaValue};

use super::args::number_of;
use super::errors::{ApiError, Found};
use super::output::charge;
use super::values;
use super::with_ctx;
use crate::model::report::RowRef;
use crate::model::tracker::{Column, Reading, StateValue, Status};
use crate::sections::context::caller;
use crate::sections::data::{Row, View};
use crate::text::suggest;

/// Names (columns of the States sheet) one section may track: far more than a section reads
/// as a row, and few enough that all sections together fit in a sheet's 16,384 columns.
pub const TRACK_NAMES: usize = 1_000;

/// What a section has tracked so far, beyond the values themselves (in its `Content`).
#[derive(Default)]
pub struct Tracking {
    /// Column name → index into the section's columns.
    columns: HashMap<String, usize>,
    /// (column, State) pairs already given: a second value for one is a mistake.
    given: HashSet<(usize, Arc<str>)>,
    /// Table names and plugin files, shared by every value that refers to them.
    tables: HashMap<String, Arc<str>>,
    files: HashMap<String, Arc<str>>,
}

impl Tracking {
    fn shared(map: &mut HashMap<String, Arc<str>>, s: &str) -> Arc<str> {
        if let Some(a) = map.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        map.insert(s.to_string(), a.clone());
        a
    }
}

/// Returns the value (or the status word), so that a section can put it in a table too:
/// `rows[#rows + 1] = { s.State, track{ ... } }`.
pub fn track(lua: &Lua, spec: LuaTable) -> mlua::Result<LuaValue> {
    let name: Option<String> = spec.get("name")?;
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return Err(ApiError::TrackNoName.into());
    };
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(ApiError::TrackBadName { name }.into());
    }
    let label: Option<String> = spec.get("label")?;
    let Some(label) = label.filter(|l| !l.trim().is_empty()) else {
        return Err(ApiError::TrackNoLabel { name }.into());
    };
    let state = match spec.get::<LuaValue>("state")? {
        LuaValue::String(s) => s.to_str()?.to_string(),
        other => {
            return Err(ApiError::TrackNoState {
                name,
                found: Found::of(&other),
            }
            .into())
        }
    };
    let resolved = with_ctx(lua, |c| {
        let list = &c.dataset.states;
        list.resolve_shared(&state)
            .ok_or_else(|| list.suggest(&state).map(str::to_string))
    });
    let state = match resolved {
        Ok(s) => s,
        Err(close) => {
            return Err(ApiError::TrackUnknownState { name, state, close }.into());
        }
    };

    let raw: LuaValue = spec.get("value")?;
    let (reading, returned) = match spec.get::<LuaValue>("status")? {
        LuaValue::Nil => (Reading::Value(values::from_lua(&raw)?), raw),
        LuaValue::String(s) => {
            if !raw.is_nil() {
                return Err(ApiError::TrackValueAndStatus { name }.into());
            }
            let word = s.to_str()?.to_string();
            let Some(status) = Status::parse(&word) else {
                let close =
                    suggest::did_you_mean(&word, Status::ALL.map(Status::word)).map(str::to_string);
                return Err(ApiError::TrackUnknownStatus {
                    name,
                    status: word,
                    close,
                }
                .into());
            };
            let returned = LuaValue::String(lua.create_string(status.word())?);
            (Reading::Status(status), returned)
        }
        other => {
            return Err(ApiError::TrackStatusNotText {
                name,
                found: Found::of(&other),
            }
            .into())
        }
    };
    let order = match spec.get::<LuaValue>("order")? {
        LuaValue::Nil => None,
        v => Some(number_of(&v, &format!("track \"{name}\" order"))?),
    };

    let rows_spec: LuaValue = spec.get("rows")?;
    let (file, line) = caller(lua);
    let recorded = with_ctx(lua, |c| -> Result<usize, ApiError> {
        let t = &mut c.tracking;
        let mut rows = Vec::new();
        if !rows_of(&rows_spec, &mut t.tables, &mut rows) {
            return Err(ApiError::TrackBadRows { name: name.clone() });
        }
        rows.sort();
        rows.dedup();
        let tracked = &mut c.content.tracked;
        // A new column's name and label are stored once, with the column.
        let mut size = 96 + rows.len() * 16;
        let column = match t.columns.get(&name) {
            Some(&i) => {
                let first = &tracked.columns[i].label;
                if *first != label {
                    return Err(ApiError::TrackOtherLabel {
                        name: name.clone(),
                        label: label.clone(),
                        first: first.clone(),
                    });
                }
                i
            }
            None if tracked.columns.len() >= TRACK_NAMES => {
                return Err(ApiError::TrackTooManyNames {
                    name: name.clone(),
                    limit: TRACK_NAMES,
                });
            }
            None => {
                size += name.len() + label.len();
                tracked.columns.push(Column {
                    name: name.clone(),
                    label: label.clone(),
                });
                t.columns.insert(name.clone(), tracked.columns.len() - 1);
                tracked.columns.len() - 1
            }
        };
        if !t.given.insert((column, state.clone())) {
            return Err(ApiError::TrackTwice {
                name: name.clone(),
                state: state.to_string(),
            });
        }
        let file = file.as_deref().map(|f| Tracking::shared(&mut t.files, f));
        if let Reading::Value(v) = &reading {
            size += 32 + v.as_text().map_or(0, str::len);
        }
        tracked.values.push(StateValue {
            state: state.clone(),
            column,
            reading,
            file,
            line,
            rows,
            order,
        });
        Ok(size)
    });
    charge(lua, recorded?)?;
    Ok(returned)
}

/// Adds the rows of `spec` (nothing, a row, a sheet, or a list of rows and sheets); false
/// when it is none of these.
fn rows_of(
    spec: &LuaValue,
    tables: &mut HashMap<String, Arc<str>>,
    rows: &mut Vec<RowRef>,
) -> bool {
    let mut add = |u: &AnyUserData| -> bool {
        if let Ok(r) = u.borrow::<Row>() {
            rows.push(RowRef {
                table: Tracking::shared(tables, &r.table.name),
                row: r.row,
            });
        } else if let Ok(v) = u.borrow::<View>() {
            let table = Tracking::shared(tables, &v.table.name);
            rows.extend(v.indices().into_iter().map(|row| RowRef {
                table: table.clone(),
                row,
            }));
        } else {
            return false;
        }
        true
    };
    match spec {
        LuaValue::Nil => true,
        LuaValue::UserData(u) => add(u),
        LuaValue::Table(t) => t
            .clone()
            .sequence_values::<LuaValue>()
            .all(|v| matches!(v, Ok(LuaValue::UserData(u)) if add(&u))),
        _ => false,
    }
}
