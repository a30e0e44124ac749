//! Sheets as Lua sees them: a table view (a sheet, or a filtered, sorted part of it) and its
//! rows, whose fields are read by column name. Views share the loaded data instead of
//! copying it into Lua tables, and nothing can change it, so no section can alter what
//! another section sees.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use mlua::{Function, Lua, MetaMethod, UserData, UserDataMethods, Value as LuaValue, Variadic};

use super::datetime::{date_arg, LuaDate};
use crate::model::table::DataTable;
use crate::model::value::Value;
use crate::text::suggest::{self, fold, fold_chars, fold_eq};

#[derive(Clone)]
pub enum Rows {
    All,
    Some(Arc<[u32]>),
}

/// A sheet or a selection of its rows, in some order.
#[derive(Clone)]
pub struct View {
    pub table: Arc<DataTable>,
    pub rows: Rows,
}

/// One row of a sheet.
#[derive(Clone)]
pub struct Row {
    pub table: Arc<DataTable>,
    pub row: usize,
}

impl View {
    pub fn all(table: Arc<DataTable>) -> View {
        View {
            table,
            rows: Rows::All,
        }
    }

    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::All => self.table.len(),
            Rows::Some(r) => r.len(),
        }
    }

    /// The table row at position `i` of the view.
    pub fn at(&self, i: usize) -> usize {
        match &self.rows {
            Rows::All => i,
            Rows::Some(r) => r[i] as usize,
        }
    }

    pub fn indices(&self) -> Vec<usize> {
        (0..self.len()).map(|i| self.at(i)).collect()
    }

    fn with(&self, rows: Vec<usize>) -> View {
        View {
            table: self.table.clone(),
            rows: Rows::Some(rows.into_iter().map(|r| r as u32).collect()),
        }
    }

    fn row(&self, i: usize) -> Row {
        Row {
            table: self.table.clone(),
            row: self.at(i),
        }
    }
}

/// The column index for a name, or an error a coordinator can act on.
pub fn column(table: &DataTable, name: &str) -> mlua::Result<usize> {
    table.column_index(name).ok_or_else(|| {
        let hint = suggest::did_you_mean(name, table.column_names())
            .map(|s| format!("; did you mean \"{s}\"?"))
            .unwrap_or_else(|| {
                format!(
                    "; its columns are: {}",
                    table.column_names().collect::<Vec<_>>().join(", ")
                )
            });
        mlua::Error::RuntimeError(format!(
            "the sheet \"{}\" has no column \"{name}\"{hint}",
            table.name
        ))
    })
}

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
                Value::text(describe_row(&r))
            } else {
                return Err(mlua::Error::RuntimeError(
                    "a sheet cannot be used as a value".into(),
                ));
            }
        }
        other => {
            return Err(mlua::Error::RuntimeError(format!(
                "a {} cannot be used as a value (use text, a number, yes/no or a date)",
                other.type_name()
            )))
        }
    })
}

fn describe_row(r: &Row) -> String {
    r.table.location(r.row, None).to_string()
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

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => fold_eq(x, y),
        (Value::Empty, Value::Empty) => true,
        _ => {
            compare(a, b) == Ordering::Equal
                && std::mem::discriminant(a) == std::mem::discriminant(b)
        }
    }
}

/// A value looked for in a column. Text that is a date ("2011-09-12") is compared as a date
/// with cells that hold dates, as everywhere else a plugin gives a date as text.
struct Wanted {
    value: Value,
    date: Option<Value>,
}

impl Wanted {
    fn new(v: &LuaValue) -> mlua::Result<Wanted> {
        let date = match v {
            LuaValue::String(_) => date_arg(v, "").ok().map(Value::Date),
            _ => None,
        };
        Ok(Wanted {
            value: from_lua(v)?,
            date,
        })
    }

    /// What to compare `cell` with.
    fn for_cell(&self, cell: &Value) -> &Value {
        match (&self.date, cell) {
            (Some(date), Value::Date(_)) => date,
            _ => &self.value,
        }
    }
}

/// The comparison of `where(column, op, value)`.
#[derive(Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn parse(op: &str) -> mlua::Result<Op> {
        Ok(match op {
            "=" | "==" => Op::Eq,
            "~=" | "!=" => Op::Ne,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            other => {
                return Err(mlua::Error::RuntimeError(format!(
                    "where: unknown comparison \"{other}\" (use =, ~=, <, <=, > or >=)"
                )))
            }
        })
    }
}

/// Whether a cell passes `where(column, op, wanted)`.
fn test(op: Op, cell: &Value, wanted: &Value) -> bool {
    if !matches!(op, Op::Eq | Op::Ne) && (cell.is_empty() || wanted.is_empty()) {
        return false;
    }
    match op {
        Op::Eq => equal(cell, wanted),
        Op::Ne => !equal(cell, wanted),
        Op::Lt => compare(cell, wanted) == Ordering::Less,
        Op::Le => compare(cell, wanted) != Ordering::Greater,
        Op::Gt => compare(cell, wanted) == Ordering::Greater,
        Op::Ge => compare(cell, wanted) != Ordering::Less,
    }
}

/// A value as a key of `group` and `distinct`: equal keys for values that `equal` finds
/// equal (text folded, numbers by value), apart by kind.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Empty,
    Text(String),
    Number(u64),
    Bool(bool),
    Date(crate::model::dates::Date),
    Error(String),
}

impl Key {
    fn of(v: &Value) -> Key {
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
fn key_to_lua(lua: &Lua, v: &Value) -> mlua::Result<LuaValue> {
    match v {
        Value::Date(d) => Ok(LuaValue::String(
            lua.create_string(crate::model::dates::iso(*d))?,
        )),
        other => to_lua(lua, other),
    }
}

/// A stable merge sort that survives a comparison function that is not a proper order
/// (the standard sort may panic on those) and stops at the first Lua error.
fn merge_sort(
    items: &mut Vec<usize>,
    less: &mut dyn FnMut(usize, usize) -> mlua::Result<bool>,
) -> mlua::Result<()> {
    if items.len() <= 1 {
        return Ok(());
    }
    let mut right = items.split_off(items.len() / 2);
    merge_sort(items, less)?;
    merge_sort(&mut right, less)?;
    let left = std::mem::take(items);
    let (mut i, mut j) = (0, 0);
    items.reserve(left.len() + right.len());
    while i < left.len() && j < right.len() {
        if less(right[j], left[i])? {
            items.push(right[j]);
            j += 1;
        } else {
            items.push(left[i]);
            i += 1;
        }
    }
    items.extend_from_slice(&left[i..]);
    items.extend_from_slice(&right[j..]);
    Ok(())
}

fn truthy(v: &LuaValue) -> bool {
    !matches!(v, LuaValue::Nil | LuaValue::Boolean(false))
}

impl UserData for View {
    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_meta_method(MetaMethod::Len, |_, this, ()| Ok(this.len()));
        methods.add_meta_method(MetaMethod::ToString, |_, this, ()| {
            Ok(format!("sheet {} ({} rows)", this.table.name, this.len()))
        });
        // view[i] gives the i-th row, so `ipairs(view)` works.
        methods.add_meta_method(MetaMethod::Index, |lua, this, key: LuaValue| match key {
            LuaValue::Integer(i) if i >= 1 && (i as usize) <= this.len() => {
                Ok(LuaValue::UserData(lua.create_userdata(this.row(i as usize - 1))?))
            }
            LuaValue::Integer(_) => Ok(LuaValue::Nil),
            LuaValue::String(s) => Err(mlua::Error::RuntimeError(format!(
                "a sheet has no field \"{}\" (use sheet:method(...), e.g. sheet:filter(...), and row.Column for values)",
                s.to_string_lossy()
            ))),
            _ => Ok(LuaValue::Nil),
        });
        methods.add_method("name", |_, this, ()| Ok(this.table.name.clone()));
        methods.add_method("columns", |_, this, ()| {
            Ok(this
                .table
                .column_names()
                .map(str::to_string)
                .collect::<Vec<_>>())
        });
        methods.add_method("count", |_, this, f: Option<Function>| match f {
            None => Ok(this.len()),
            Some(f) => {
                let mut n = 0;
                for i in 0..this.len() {
                    if truthy(&f.call::<LuaValue>(this.row(i))?) {
                        n += 1;
                    }
                }
                Ok(n)
            }
        });
        methods.add_method("rows", |lua, this, ()| {
            let view = this.clone();
            let mut next = 0usize;
            lua.create_function_mut(move |lua, ()| {
                if next >= view.len() {
                    return Ok(LuaValue::Nil);
                }
                next += 1;
                Ok(LuaValue::UserData(lua.create_userdata(view.row(next - 1))?))
            })
        });
        methods.add_method("filter", |_, this, f: Function| {
            let mut keep = Vec::new();
            for i in 0..this.len() {
                if truthy(&f.call::<LuaValue>(this.row(i))?) {
                    keep.push(this.at(i));
                }
            }
            Ok(this.with(keep))
        });
        methods.add_method(
            "where",
            |_, this, (name, args): (String, Variadic<LuaValue>)| {
                let col = column(&this.table, &name)?;
                let usage = || {
                    mlua::Error::RuntimeError(
                        "where: use where(column, value) or where(column, \"<\", value)".into(),
                    )
                };
                // Counted rather than read as an optional third argument, so that
                // where("Signed", "~=", nil) is not taken for where("Signed", "~=").
                let (op, list, wanted) = match args.as_slice() {
                    [value] => (Op::Eq, true, value.clone()),
                    [LuaValue::String(op), value] => {
                        let text = op.to_str()?;
                        (Op::parse(&text)?, &*text == "=", value.clone())
                    }
                    _ => return Err(usage()),
                };
                let choices: Vec<Wanted> = match &wanted {
                    LuaValue::Table(t) if list => t
                        .sequence_values::<LuaValue>()
                        .map(|v| Wanted::new(&v?))
                        .collect::<mlua::Result<_>>()?,
                    other => vec![Wanted::new(other)?],
                };
                let mut keep = Vec::new();
                // A list of texts (such as the names of the States Parties) is looked up by
                // folded text instead of comparing each cell with each text: only a text cell
                // can equal a text that is not a date.
                let texts: Option<std::collections::HashSet<String>> = (op == Op::Eq
                    && choices.len() > 4)
                    .then(|| {
                        choices
                            .iter()
                            .map(|c| match (&c.value, &c.date) {
                                (Value::Text(t), None) => Some(fold(t)),
                                _ => None,
                            })
                            .collect()
                    })
                    .flatten();
                if let Some(texts) = texts {
                    let mut folded = String::new();
                    for i in 0..this.len() {
                        let r = this.at(i);
                        if let Value::Text(t) = this.table.get(r, col) {
                            folded.clear();
                            folded.extend(fold_chars(t));
                            if texts.contains(&folded) {
                                keep.push(r);
                            }
                        }
                    }
                    return Ok(this.with(keep));
                }
                for i in 0..this.len() {
                    let r = this.at(i);
                    let cell = this.table.get(r, col);
                    if choices.iter().any(|c| test(op, cell, c.for_cell(cell))) {
                        keep.push(r);
                    }
                }
                Ok(this.with(keep))
            },
        );
        methods.add_method(
            "sort",
            |_, this, (by, order): (LuaValue, Option<String>)| {
                let mut rows = this.indices();
                match by {
                    LuaValue::String(name) => {
                        let col = column(&this.table, &name.to_str()?)?;
                        let descending = matches!(
                            order.as_deref().map(fold).as_deref(),
                            Some("desc" | "descending")
                        );
                        let table = this.table.clone();
                        let mut less = |a: usize, b: usize| -> mlua::Result<bool> {
                            let (x, y) = (table.get(a, col), table.get(b, col));
                            let ord = compare(x, y);
                            // Empty cells stay last either way.
                            Ok(if descending && !x.is_empty() && !y.is_empty() {
                                ord == Ordering::Greater
                            } else {
                                ord == Ordering::Less
                            })
                        };
                        merge_sort(&mut rows, &mut less)?;
                    }
                    LuaValue::Function(f) => {
                        let table = this.table.clone();
                        let mut less = |a: usize, b: usize| -> mlua::Result<bool> {
                            let ra = Row {
                                table: table.clone(),
                                row: a,
                            };
                            let rb = Row {
                                table: table.clone(),
                                row: b,
                            };
                            Ok(truthy(&f.call::<LuaValue>((ra, rb))?))
                        };
                        merge_sort(&mut rows, &mut less)?;
                    }
                    _ => {
                        return Err(mlua::Error::RuntimeError(
                            "sort: give a column name or a function(a, b) returning a < b".into(),
                        ))
                    }
                }
                Ok(this.with(rows))
            },
        );
        methods.add_method("first", |_, this, ()| {
            Ok((this.len() > 0).then(|| this.row(0)))
        });
        methods.add_method("last", |_, this, ()| {
            Ok((this.len() > 0).then(|| this.row(this.len() - 1)))
        });
        methods.add_method("find", |_, this, (name, value): (String, LuaValue)| {
            let col = column(&this.table, &name)?;
            let wanted = Wanted::new(&value)?;
            Ok((0..this.len())
                .find(|i| {
                    let cell = this.table.get(this.at(*i), col);
                    equal(cell, wanted.for_cell(cell))
                })
                .map(|i| this.row(i)))
        });
        methods.add_method("column", |lua, this, name: String| {
            let col = column(&this.table, &name)?;
            let t = lua.create_table()?;
            for i in 0..this.len() {
                let v = this.table.get(this.at(i), col);
                if !v.is_empty() {
                    t.raw_push(to_lua(lua, v)?)?;
                }
            }
            Ok(t)
        });
        methods.add_method("distinct", |lua, this, name: String| {
            let col = column(&this.table, &name)?;
            let mut values: Vec<&Value> = Vec::new();
            let mut seen: std::collections::HashSet<Key> = std::collections::HashSet::new();
            for i in 0..this.len() {
                let v = this.table.get(this.at(i), col);
                if !v.is_empty() && !matches!(v, Value::Error(_)) && seen.insert(Key::of(v)) {
                    values.push(v);
                }
            }
            values.sort_by(|a, b| compare(a, b));
            let t = lua.create_table()?;
            for v in values {
                t.raw_push(to_lua(lua, v)?)?;
            }
            Ok(t)
        });
        methods.add_method("sum", |_, this, name: String| {
            let col = column(&this.table, &name)?;
            let mut sum = 0.0;
            for i in 0..this.len() {
                if let Value::Number(n) = this.table.get(this.at(i), col) {
                    sum += n;
                }
            }
            Ok(if sum.fract() == 0.0 && sum.abs() < 9.0e15 {
                LuaValue::Integer(sum as i64)
            } else {
                LuaValue::Number(sum)
            })
        });
        for (name, want) in [("min", Ordering::Less), ("max", Ordering::Greater)] {
            methods.add_method(name, move |lua, this, column_name: String| {
                let col = column(&this.table, &column_name)?;
                let mut best: Option<&Value> = None;
                for i in 0..this.len() {
                    let v = this.table.get(this.at(i), col);
                    if v.is_empty() || matches!(v, Value::Error(_)) {
                        continue;
                    }
                    if best.is_none_or(|b| compare(v, b) == want) {
                        best = Some(v);
                    }
                }
                best.map(|v| to_lua(lua, v)).unwrap_or(Ok(LuaValue::Nil))
            });
        }
        methods.add_method("group", |lua, this, name: String| {
            let col = column(&this.table, &name)?;
            let mut keys: Vec<Value> = Vec::new();
            let mut members: Vec<Vec<usize>> = Vec::new();
            let mut index: HashMap<Key, usize> = HashMap::new();
            for i in 0..this.len() {
                let r = this.at(i);
                let v = this.table.get(r, col);
                let g = *index.entry(Key::of(v)).or_insert_with(|| {
                    keys.push(if matches!(v, Value::Error(_)) {
                        Value::Empty
                    } else {
                        v.clone()
                    });
                    members.push(Vec::new());
                    keys.len() - 1
                });
                members[g].push(r);
            }
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by(|a, b| compare(&keys[*a], &keys[*b]));
            let out = lua.create_table()?;
            for g in order {
                let entry = lua.create_table()?;
                entry.raw_set("key", to_lua(lua, &keys[g])?)?;
                entry.raw_set("count", members[g].len())?;
                entry.raw_set("rows", this.with(std::mem::take(&mut members[g])))?;
                out.raw_push(entry)?;
            }
            Ok(out)
        });
        methods.add_method("count_by", |lua, this, name: String| {
            let col = column(&this.table, &name)?;
            let out = lua.create_table()?;
            for i in 0..this.len() {
                let v = this.table.get(this.at(i), col);
                if v.is_empty() || matches!(v, Value::Error(_)) {
                    continue;
                }
                let k = key_to_lua(lua, v)?;
                let n: i64 = out.raw_get::<Option<i64>>(k.clone())?.unwrap_or(0);
                out.raw_set(k, n + 1)?;
            }
            Ok(out)
        });
        methods.add_method("index", |lua, this, name: String| {
            let col = column(&this.table, &name)?;
            let out = lua.create_table()?;
            for i in 0..this.len() {
                let v = this.table.get(this.at(i), col);
                if v.is_empty() || matches!(v, Value::Error(_)) {
                    continue;
                }
                let k = key_to_lua(lua, v)?;
                if out.raw_get::<LuaValue>(k.clone())?.is_nil() {
                    out.raw_set(k, this.row(i))?;
                }
            }
            Ok(out)
        });
    }
}

impl UserData for Row {
    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_meta_method(MetaMethod::Index, |lua, this, key: String| {
            match key.as_str() {
                "_source" => return Ok(LuaValue::String(lua.create_string(describe_row(this))?)),
                "_sheet" => return Ok(LuaValue::String(lua.create_string(&this.table.name)?)),
                "_row" => return Ok(LuaValue::Integer(this.table.sources[this.row].row as i64)),
                _ => {}
            }
            let col = column(&this.table, &key)?;
            to_lua(lua, this.table.get(this.row, col))
        });
        methods.add_meta_method(MetaMethod::NewIndex, |_, _, (_k, _v): (LuaValue, LuaValue)| -> mlua::Result<()> {
            Err(mlua::Error::RuntimeError(
                "rows cannot be changed: every section sees the same data; keep the value in a local variable instead".into(),
            ))
        });
        methods.add_meta_method(MetaMethod::Eq, |_, this, other: mlua::UserDataRef<Row>| {
            Ok(Arc::ptr_eq(&this.table, &other.table) && this.row == other.row)
        });
        methods.add_meta_method(MetaMethod::ToString, |_, this, ()| {
            Ok(format!("row of {}", describe_row(this)))
        });
    }
}
