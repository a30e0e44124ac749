//! Sheets as Lua sees them: a table view (a sheet, or a filtered, sorted part of it) and its
//! rows, whose fields are read by column name. Views share the loaded data instead of
//! copying it into Lua tables, and nothing can change it, so no section can alter what
//! another section sees.
//!
//! Every method that lets the plugin see something of a view's rows (its length, a row, a
//! cell, a sum, the rows a Lua function is called with...) first notes that the section has
//! looked at illustrative rows, when the view holds one ([`View::observe`]); from then on,
//! whatever the section writes is marked (model::report::Content::observed). Methods that only make
//! another view without showing anything to Lua (`where`, `sort` by a column) do not: what
//! they select is looked at, and noted, when it is used. Whether a view holds an illustrative
//! row is worked out once, when the view is made.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use mlua::{Function, Lua, MetaMethod, UserData, UserDataMethods, Value as LuaValue, Variadic};

use super::api::values::{compare, equal, from_lua, key_to_lua, to_lua, Key};
use super::api::ApiError;
use super::context::Ctx;
use super::datetime::date_arg;
use crate::model::table::{DataTable, Dataset};
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
    /// Whether any of its rows is illustrative (model::provenance).
    pub illustrative: bool,
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
            illustrative: table.illustrative_count() > 0,
            table,
            rows: Rows::All,
        }
    }

    /// Notes that the section looks at the view's rows: from now on what it writes is marked,
    /// if one of them is illustrative.
    pub fn observe(&self, lua: &Lua) {
        if self.illustrative {
            observed(lua);
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
        let rows: Arc<[u32]> = rows.into_iter().map(|r| r as u32).collect();
        let illustrative = match self.table.illustrative_count() {
            0 => false,
            n if n == self.table.len() => !rows.is_empty(),
            _ => self.illustrative && rows.iter().any(|r| self.table.is_illustrative(*r as usize)),
        };
        View {
            table: self.table.clone(),
            rows: Rows::Some(rows),
            illustrative,
        }
    }

    fn row(&self, i: usize) -> Row {
        Row {
            table: self.table.clone(),
            row: self.at(i),
        }
    }
}

impl Row {
    /// "workbooks/states.xlsx, sheet States, row 4": where the row is, for a reader.
    pub fn describe(&self) -> String {
        self.table.location(self.row, None).to_string()
    }

    /// Notes that the section looks at the row, if it is illustrative (see [`View::observe`]).
    pub fn observe(&self, lua: &Lua) {
        if self.table.is_illustrative(self.row) {
            observed(lua);
        }
    }
}

/// Notes that the section looks at the row whose `key_column` holds `key` in any table with
/// illustrative rows: a setting or a rule (`setting`, `rule`) read from a sheet that the
/// dictionary gives a provenance column. (Settings and rules reach Lua as values, not rows.)
pub fn observe_keyed(lua: &Lua, dataset: &Dataset, key_column: &str, key: &str) {
    // Once marked, a section stays marked: a plugin that calls `setting` in a loop over 200
    // States would otherwise search every illustrative sheet 200 times for nothing.
    if lua
        .app_data_ref::<Ctx>()
        .is_some_and(|c| c.content.observed)
    {
        return;
    }
    for table in dataset.tables.iter().filter(|t| t.illustrative_count() > 0) {
        let Some(col) = table.column_index(key_column) else {
            continue;
        };
        let marked = (0..table.len()).any(|row| {
            table.is_illustrative(row)
                && matches!(table.get(row, col), Value::Text(t) if fold_eq(t, key))
        });
        if marked {
            observed(lua);
        }
    }
}

/// Notes that the section has looked at an illustrative row: what it writes from now on is
/// marked (model::report::Content::observed).
pub fn observed(lua: &Lua) {
    if let Some(mut ctx) = lua.app_data_mut::<Ctx>() {
        ctx.content.observe();
    }
}

/// The column index for a name, or an error a coordinator can act on.
pub fn column(table: &DataTable, name: &str) -> mlua::Result<usize> {
    table.column_index(name).ok_or_else(|| {
        ApiError::NoSuchColumn {
            sheet: table.name.clone(),
            column: name.to_string(),
            close: suggest::did_you_mean(name, table.column_names()).map(str::to_string),
            columns: table.column_names().map(str::to_string).collect(),
        }
        .into()
    })
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
            other => return Err(ApiError::UnknownComparison { op: other.into() }.into()),
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
        methods.add_meta_method(MetaMethod::Len, |lua, this, ()| {
            this.observe(lua);
            Ok(this.len())
        });
        methods.add_meta_method(MetaMethod::ToString, |lua, this, ()| {
            this.observe(lua);
            Ok(format!("sheet {} ({} rows)", this.table.name, this.len()))
        });
        // view[i] gives the i-th row, so `ipairs(view)` works.
        methods.add_meta_method(MetaMethod::Index, |lua, this, key: LuaValue| match key {
            LuaValue::Integer(i) if i >= 1 && (i as usize) <= this.len() => {
                this.observe(lua);
                Ok(LuaValue::UserData(
                    lua.create_userdata(this.row(i as usize - 1))?,
                ))
            }
            LuaValue::Integer(_) => {
                this.observe(lua);
                Ok(LuaValue::Nil)
            }
            LuaValue::String(s) => Err(ApiError::SheetField {
                field: s.to_string_lossy(),
            }
            .into()),
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
        methods.add_method("count", |lua, this, f: Option<Function>| {
            this.observe(lua);
            match f {
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
            }
        });
        methods.add_method("rows", |lua, this, ()| {
            this.observe(lua);
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
        methods.add_method("filter", |lua, this, f: Function| {
            this.observe(lua);
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
                // Counted rather than read as an optional third argument, so that
                // where("Signed", "~=", nil) is not taken for where("Signed", "~=").
                let (op, list, wanted) = match args.as_slice() {
                    [value] => (Op::Eq, true, value.clone()),
                    [LuaValue::String(op), value] => {
                        let text = op.to_str()?;
                        (Op::parse(&text)?, &*text == "=", value.clone())
                    }
                    _ => return Err(ApiError::WhereUsage.into()),
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
            |lua, this, (by, order): (LuaValue, Option<String>)| {
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
                        // The function sees the rows; a sort by a column shows Lua nothing.
                        this.observe(lua);
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
                    _ => return Err(ApiError::SortUsage.into()),
                }
                Ok(this.with(rows))
            },
        );
        methods.add_method("first", |lua, this, ()| {
            this.observe(lua);
            Ok((this.len() > 0).then(|| this.row(0)))
        });
        methods.add_method("last", |lua, this, ()| {
            this.observe(lua);
            Ok((this.len() > 0).then(|| this.row(this.len() - 1)))
        });
        methods.add_method("find", |lua, this, (name, value): (String, LuaValue)| {
            let col = column(&this.table, &name)?;
            this.observe(lua);
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
            this.observe(lua);
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
            this.observe(lua);
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
        methods.add_method("sum", |lua, this, name: String| {
            let col = column(&this.table, &name)?;
            this.observe(lua);
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
                this.observe(lua);
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
            this.observe(lua);
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
            this.observe(lua);
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
            this.observe(lua);
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
            if key != "_sheet" {
                this.observe(lua);
            }
            match key.as_str() {
                "_source" => return Ok(LuaValue::String(lua.create_string(this.describe())?)),
                "_sheet" => return Ok(LuaValue::String(lua.create_string(&this.table.name)?)),
                "_row" => return Ok(LuaValue::Integer(this.table.sources[this.row].row as i64)),
                _ => {}
            }
            let col = column(&this.table, &key)?;
            to_lua(lua, this.table.get(this.row, col))
        });
        methods.add_meta_method(
            MetaMethod::NewIndex,
            |_, _, (_k, _v): (LuaValue, LuaValue)| -> mlua::Result<()> {
                Err(ApiError::RowsReadOnly.into())
            },
        );
        methods.add_meta_method(
            MetaMethod::Eq,
            |lua, this, other: mlua::UserDataRef<Row>| {
                this.observe(lua);
                other.observe(lua);
                Ok(Arc::ptr_eq(&this.table, &other.table) && this.row == other.row)
            },
        );
        methods.add_meta_method(MetaMethod::ToString, |lua, this, ()| {
            this.observe(lua);
            Ok(format!("row of {}", this.describe()))
        });
    }
}
