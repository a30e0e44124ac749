//! The functions a section plugin calls: reading sheets and settings, dates, grammatical
//! text, and producing paragraphs, figures, tables and charts. Each is documented, with a
//! tested example, in docs/plugins.md.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use mlua::{
    chunk::ChunkMode, Function, Lua, MultiValue, Table as LuaTable, Value as LuaValue, Variadic,
};

use super::context::{caller, Ctx};
use super::data::{self, Row, View};
use super::datetime;
use crate::grammar;
use crate::problem::{Location, Problem};
use crate::report::{Block, Chart, ChartKind, Figure, OutTable, RowRef, Series};
use crate::suggest::{self, fold};

fn err<T>(message: impl Into<String>) -> mlua::Result<T> {
    Err(mlua::Error::RuntimeError(message.into()))
}

fn with_ctx<R>(lua: &Lua, f: impl FnOnce(&mut Ctx) -> R) -> R {
    let mut ctx = lua
        .app_data_mut::<Ctx>()
        .expect("section context installed");
    f(&mut ctx)
}

/// Text from a Lua value for narrative: strings as they are, numbers without ".0", dates long.
fn text_of(v: &LuaValue) -> mlua::Result<String> {
    Ok(match v {
        LuaValue::String(s) => s.to_str()?.to_string(),
        LuaValue::Integer(i) => i.to_string(),
        LuaValue::Number(n) => crate::value::Value::Number(*n).to_string(),
        LuaValue::Boolean(b) => if *b { "yes" } else { "no" }.to_string(),
        LuaValue::UserData(_) => data::from_lua(v)?.to_string(),
        LuaValue::Nil => return err("expected text, found nil (an empty cell or a missing value)"),
        other => return err(format!("expected text, found a {}", other.type_name())),
    })
}

/// Counts what a section produces (kept in Rust, outside Lua's memory limit) against its
/// memory limit, so that a loop of paragraph(huge) cannot exhaust the build's memory.
fn charge(lua: &Lua, bytes: usize) -> mlua::Result<()> {
    let over = with_ctx(lua, |c| {
        c.output_bytes = c.output_bytes.saturating_add(bytes);
        (c.output_bytes > c.output_limit).then_some(c.output_limit)
    });
    match over {
        Some(limit) => err(format!(
            "the section was stopped: what it produced (text, tables and figures) needs more than {} MB of memory, its limit",
            limit / (1024 * 1024)
        )),
        None => Ok(()),
    }
}

fn value_size(v: &crate::value::Value) -> usize {
    use crate::value::Value;
    32 + match v {
        Value::Text(t) | Value::Error(t) => t.len(),
        _ => 0,
    }
}

fn number_of(v: &LuaValue, what: &str) -> mlua::Result<f64> {
    match v {
        LuaValue::Integer(i) => Ok(*i as f64),
        LuaValue::Number(n) => Ok(*n),
        LuaValue::Nil => err(format!(
            "{what}: expected a number, found nil (an empty cell or a missing value)"
        )),
        other => err(format!(
            "{what}: expected a number, found a {}",
            other.type_name()
        )),
    }
}

/// Compiled helper libraries (`plugins/lib/*.lua`), kept for the other sections' Lua states:
/// each library is compiled from its text once per build, not once per section.
pub type Compiled = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>>;

pub fn install(lua: &Lua, compiled: &Compiled) -> mlua::Result<()> {
    let g = lua.globals();
    let format: Function = g.get::<LuaTable>("string")?.get("format")?;
    let tostring: Function = g.get("tostring")?;

    // ---- data ----
    g.set(
        "sheet",
        lua.create_function(|lua, name: String| {
            let (dataset, reads) = with_ctx(lua, |c| (c.dataset.clone(), c.reads.clone()));
            let Some(reads) = reads else {
                return err("sheet(): sheets can only be read inside run()");
            };
            if !reads.iter().any(|r| fold(r) == fold(&name)) {
                // A typo of a sheet the section reads is likelier than a sheet it forgot.
                if let Some(close) = suggest::did_you_mean(&name, reads.iter().map(String::as_str)) {
                    return err(format!("sheet \"{name}\" is not in this section's reads list; did you mean \"{close}\"?"));
                }
                return err(format!(
                    "sheet \"{name}\" is not in this section's reads list; add it there: reads = {{ {} }}",
                    reads.iter().chain(std::iter::once(&name)).map(|r| format!("\"{r}\"")).collect::<Vec<_>>().join(", ")
                ));
            }
            match dataset.table(&name) {
                Some(t) => Ok(View::all(t.clone())),
                None => {
                    let hint = suggest::did_you_mean(&name, dataset.table_names())
                        .map(|s| format!("; did you mean \"{s}\"?"))
                        .unwrap_or_default();
                    err(format!("no workbook has a sheet named \"{name}\"{hint}"))
                }
            }
        })?,
    )?;
    g.set(
        "setting",
        lua.create_function(|lua, key: String| {
            let value = with_ctx(lua, |c| c.dataset.settings.get(&key).cloned());
            match value {
                Some(v) => data::to_lua(lua, &v),
                None => {
                    let keys: Vec<String> = with_ctx(lua, |c| {
                        c.dataset
                            .settings
                            .entries
                            .iter()
                            .map(|(k, _)| k.clone())
                            .collect()
                    });
                    let hint = suggest::did_you_mean(&key, keys.iter().map(String::as_str))
                        .map(|s| format!("; did you mean \"{s}\"?"))
                        .unwrap_or_default();
                    err(format!(
                        "there is no setting \"{key}\" in the Settings sheet{hint}"
                    ))
                }
            }
        })?,
    )?;
    g.set(
        "section_result",
        lua.create_function(|lua, number: i64| {
            let (uses, other) = with_ctx(lua, |c| (c.uses.clone(), c.others.iter().find(|o| o.number == number).cloned()));
            if !uses.contains(&number) {
                return err(format!("section_result({number}): add {number} to this section's uses list: uses = {{ {number} }}"));
            }
            let Some(other) = other else { return Ok(LuaValue::Nil) };
            let Some(content) = other.content else { return Ok(LuaValue::Nil) };
            let t = lua.create_table()?;
            t.set("number", other.number)?;
            t.set("title", other.title)?;
            let figures = lua.create_table()?;
            let labels = lua.create_table()?;
            for f in &content.figures {
                figures.set(f.name.as_str(), data::to_lua(lua, &f.value)?)?;
                labels.set(f.name.as_str(), f.label.as_str())?;
            }
            t.set("figures", figures)?;
            t.set("labels", labels)?;
            t.set("challenges", content.challenges.clone())?;
            t.set("questions", content.questions.clone())?;
            let paragraphs: Vec<String> = content
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Paragraph(p) => Some(p.clone()),
                    _ => None,
                })
                .collect();
            t.set("paragraphs", paragraphs)?;
            Ok(LuaValue::Table(t))
        })?,
    )?;

    // ---- dates ----
    g.set("date", lua.create_function(datetime::make)?)?;
    g.set(
        "as_of",
        lua.create_function(|_, d: LuaValue| {
            Ok(format!(
                "as of {}",
                crate::dates::long(datetime::date_arg(&d, "as_of")?)
            ))
        })?,
    )?;

    // ---- text ----
    g.set(
        "count",
        lua.create_function(|_, (n, noun, plural): (LuaValue, String, Option<String>)| {
            let n = number_of(&n, "count")?;
            if n.fract() != 0.0 {
                return err("count: the number must be whole");
            }
            Ok(grammar::count_with(n as i64, &noun, plural.as_deref()))
        })?,
    )?;
    g.set(
        "number",
        lua.create_function(|_, n: LuaValue| Ok(grammar::number(number_of(&n, "number")?)))?,
    )?;
    g.set(
        "plural",
        lua.create_function(|_, noun: String| Ok(grammar::plural(&noun)))?,
    )?;
    g.set(
        "agree",
        lua.create_function(|_, (n, one, many): (LuaValue, String, String)| {
            let n = number_of(&n, "agree")?;
            Ok(if n == 1.0 { one } else { many })
        })?,
    )?;
    g.set(
        "list",
        lua.create_function(|_, (items, conjunction): (LuaTable, Option<String>)| {
            let words: Vec<String> = items
                .sequence_values::<LuaValue>()
                .map(|v| text_of(&v?))
                .collect::<mlua::Result<_>>()?;
            Ok(grammar::list(
                &words,
                conjunction.as_deref().unwrap_or("and"),
            ))
        })?,
    )?;
    g.set(
        "percent",
        lua.create_function(
            |_, (part, whole, decimals): (LuaValue, LuaValue, Option<usize>)| {
                Ok(grammar::percent(
                    number_of(&part, "percent")?,
                    number_of(&whole, "percent")?,
                    decimals.unwrap_or(0).min(6),
                ))
            },
        )?,
    )?;
    g.set(
        "ordinal",
        lua.create_function(|_, n: i64| Ok(grammar::ordinal(n)))?,
    )?;
    g.set(
        "capitalize",
        lua.create_function(|_, s: String| Ok(grammar::capitalize(&s)))?,
    )?;

    // ---- output ----
    let fmt = format.clone();
    let formatted = move |lua: &Lua, args: Variadic<LuaValue>| -> mlua::Result<String> {
        let mut args: Vec<LuaValue> = args.into_iter().collect();
        if args.is_empty() {
            return err("expected some text");
        }
        if args.len() == 1 {
            return text_of(&args[0]);
        }
        // Dates and whole numbers print as a reader expects inside %s.
        for a in args.iter_mut().skip(1) {
            if let LuaValue::UserData(_) = a {
                *a = LuaValue::String(lua.create_string(text_of(a)?)?);
            }
        }
        fmt.call::<String>(MultiValue::from_iter(args))
    };
    let formatted = Rc::new(formatted);
    let f = formatted.clone();
    g.set(
        "paragraph",
        lua.create_function(move |lua, args: Variadic<LuaValue>| {
            let text = grammar::capitalize(f(lua, args)?.trim());
            charge(lua, 32 + text.len())?;
            with_ctx(lua, |c| c.content.blocks.push(Block::Paragraph(text)));
            Ok(())
        })?,
    )?;
    let f = formatted.clone();
    g.set(
        "heading",
        lua.create_function(move |lua, args: Variadic<LuaValue>| {
            let text = f(lua, args)?;
            charge(lua, 32 + text.len())?;
            with_ctx(lua, |c| c.content.blocks.push(Block::Heading(text)));
            Ok(())
        })?,
    )?;
    g.set(
        "bullets",
        lua.create_function(|lua, items: LuaTable| {
            let items: Vec<String> = items
                .sequence_values::<LuaValue>()
                .map(|v| text_of(&v?).map(|t| grammar::capitalize(&t)))
                .collect::<mlua::Result<_>>()?;
            charge(lua, items.iter().map(|i| 32 + i.len()).sum())?;
            with_ctx(lua, |c| c.content.blocks.push(Block::Bullets(items)));
            Ok(())
        })?,
    )?;
    let f = formatted.clone();
    g.set(
        "challenge",
        lua.create_function(move |lua, args: Variadic<LuaValue>| {
            let text = grammar::capitalize(f(lua, args)?.trim());
            charge(lua, 32 + text.len())?;
            with_ctx(lua, |c| c.content.challenges.push(text));
            Ok(())
        })?,
    )?;
    let f = formatted.clone();
    g.set(
        "question",
        lua.create_function(move |lua, args: Variadic<LuaValue>| {
            let text = grammar::capitalize(f(lua, args)?.trim());
            charge(lua, 32 + text.len())?;
            with_ctx(lua, |c| c.content.questions.push(text));
            Ok(())
        })?,
    )?;
    g.set(
        "questions_intro",
        lua.create_function(|lua, text: String| {
            charge(lua, 32 + text.len())?;
            with_ctx(lua, |c| c.content.questions_intro = Some(text));
            Ok(())
        })?,
    )?;
    g.set("figure", lua.create_function(figure)?)?;
    g.set("add_table", lua.create_function(add_table)?)?;
    g.set("add_chart", lua.create_function(add_chart)?)?;
    g.set(
        "warn",
        lua.create_function(|lua, message: String| {
            let (_, line) = caller(lua);
            charge(lua, 128 + message.len())?;
            with_ctx(lua, |c| {
                let p = Problem::warning(Location::line(c.file.clone(), line), message);
                c.warnings.push(p);
            });
            Ok(())
        })?,
    )?;
    g.set(
        "print",
        lua.create_function(move |lua, args: Variadic<LuaValue>| {
            let mut parts = Vec::new();
            for a in args {
                parts.push(tostring.call::<String>(a)?);
            }
            let (file, n) = with_ctx(lua, |c| {
                c.printed += 1;
                (c.file.clone(), c.printed)
            });
            if n <= 200 {
                eprintln!("{file}: {}", parts.join("\t"));
            } else if n == 201 {
                eprintln!("{file}: (further output of print is not shown)");
            }
            Ok(())
        })?,
    )?;

    install_require(lua, compiled.clone())?;
    Ok(())
}

fn figure(lua: &Lua, spec: LuaTable) -> mlua::Result<LuaValue> {
    let name: Option<String> = spec.get("name")?;
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return err("figure: give it a name, e.g. figure{ name = \"parties_at_1msp\", value = n, label = \"...\" }");
    };
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return err(format!(
            "figure: the name \"{name}\" may contain only letters, digits and _"
        ));
    }
    let label: Option<String> = spec.get("label")?;
    let Some(label) = label else {
        return err(format!(
            "figure \"{name}\": give it a label, the words a reader sees next to the value"
        ));
    };
    let raw: LuaValue = spec.get("value")?;
    if raw.is_nil() {
        return err(format!(
            "figure \"{name}\": the value is nil (an empty cell or a missing value?)"
        ));
    }
    let value = data::from_lua(&raw)?;
    let as_of = match spec.get::<LuaValue>("as_of")? {
        LuaValue::Nil => None,
        v => Some(datetime::date_arg(&v, &format!("figure \"{name}\" as_of"))?),
    };
    let mut rows = Vec::new();
    match spec.get::<LuaValue>("rows")? {
        LuaValue::Nil => {}
        LuaValue::UserData(u) => {
            if let Ok(v) = u.borrow::<View>() {
                let table: std::sync::Arc<str> = Arc::from(v.table.name.as_str());
                rows.extend(v.indices().into_iter().map(|r| RowRef {
                    table: table.clone(),
                    row: r,
                }));
            } else if let Ok(r) = u.borrow::<Row>() {
                rows.push(RowRef {
                    table: Arc::from(r.table.name.as_str()),
                    row: r.row,
                });
            } else {
                return err(format!(
                    "figure \"{name}\": rows must be a sheet, a row or a list of rows"
                ));
            }
        }
        LuaValue::Table(t) => {
            let mut names: std::collections::HashMap<String, Arc<str>> = Default::default();
            for v in t.sequence_values::<LuaValue>() {
                match v? {
                    LuaValue::UserData(u) => {
                        let mut shared = |table: &str| match names.get(table) {
                            Some(name) => name.clone(),
                            None => {
                                let name: Arc<str> = Arc::from(table);
                                names.insert(table.to_string(), name.clone());
                                name
                            }
                        };
                        if let Ok(r) = u.borrow::<Row>() {
                            rows.push(RowRef {
                                table: shared(&r.table.name),
                                row: r.row,
                            });
                        } else if let Ok(v) = u.borrow::<View>() {
                            // A list may also hold sheets (views): the rows behind a figure
                            // counted over several sheets, without a Lua list of every row.
                            let table = shared(&v.table.name);
                            rows.extend(v.indices().into_iter().map(|r| RowRef {
                                table: table.clone(),
                                row: r,
                            }));
                        } else {
                            return err(format!(
                                "figure \"{name}\": rows must be a sheet, a row or a list of rows"
                            ));
                        }
                    }
                    _ => {
                        return err(format!(
                            "figure \"{name}\": rows must be a sheet, a row or a list of rows"
                        ))
                    }
                }
            }
        }
        _ => {
            return err(format!(
                "figure \"{name}\": rows must be a sheet, a row or a list of rows"
            ))
        }
    }
    rows.sort();
    rows.dedup();
    let (file, line) = caller(lua);
    let duplicate = with_ctx(lua, |c| !c.figure_names.insert(name.clone()));
    if duplicate {
        return err(format!(
            "figure \"{name}\" is defined twice in this section"
        ));
    }
    charge(
        lua,
        64 + name.len()
            + label.len()
            + value_size(&value)
            + rows.iter().map(|r| 32 + r.table.len()).sum::<usize>(),
    )?;
    with_ctx(lua, |c| {
        c.content.figures.push(Figure {
            name,
            label,
            value,
            as_of,
            file,
            line,
            rows,
        })
    });
    Ok(raw)
}

fn add_table(lua: &Lua, spec: LuaTable) -> mlua::Result<()> {
    let title: String = spec.get::<Option<String>>("title")?.unwrap_or_default();
    let columns: Vec<String> = spec.get::<Option<Vec<String>>>("columns")?.ok_or_else(|| {
        mlua::Error::RuntimeError(
            "add_table: give the column headings: columns = { \"State\", \"Stage\" }".into(),
        )
    })?;
    let mut out = OutTable {
        title,
        columns: columns.clone(),
        rows: Vec::new(),
    };
    match (spec.get::<LuaValue>("from")?, spec.get::<LuaValue>("rows")?) {
        (LuaValue::UserData(u), _) => {
            let view = u
                .borrow::<View>()
                .map_err(|_| mlua::Error::RuntimeError("add_table: from must be a sheet".into()))?;
            let cols: Vec<usize> = columns
                .iter()
                .map(|c| data::column(&view.table, c))
                .collect::<mlua::Result<_>>()?;
            for i in 0..view.len() {
                let r = view.at(i);
                out.rows
                    .push(cols.iter().map(|c| view.table.get(r, *c).clone()).collect());
            }
        }
        (_, LuaValue::Table(rows)) => {
            for row in rows.sequence_values::<LuaTable>() {
                let row = row?;
                let mut values = Vec::with_capacity(columns.len());
                for i in 1..=columns.len() {
                    values.push(data::from_lua(&row.raw_get::<LuaValue>(i)?)?);
                }
                out.rows.push(values);
            }
        }
        _ => return err("add_table: give rows = { {...}, ... } or from = a sheet"),
    }
    charge(
        lua,
        64 + out.title.len()
            + out.columns.iter().map(|c| 32 + c.len()).sum::<usize>()
            + out
                .rows
                .iter()
                .map(|r| 32 + r.iter().map(value_size).sum::<usize>())
                .sum::<usize>(),
    )?;
    with_ctx(lua, |c| c.content.tables.push(out));
    Ok(())
}

fn add_chart(lua: &Lua, spec: LuaTable) -> mlua::Result<()> {
    let title: String = spec.get::<Option<String>>("title")?.unwrap_or_default();
    let kind = match spec
        .get::<Option<String>>("type")?
        .as_deref()
        .map(fold)
        .as_deref()
    {
        None | Some("column") => ChartKind::Column,
        Some("bar") => ChartKind::Bar,
        Some("line") => ChartKind::Line,
        Some("pie") => ChartKind::Pie,
        Some(other) => {
            return err(format!(
                "add_chart: unknown type \"{other}\" (use column, bar, line or pie)"
            ))
        }
    };
    let categories: Vec<String> = spec
        .get::<Option<LuaTable>>("categories")?
        .ok_or_else(|| mlua::Error::RuntimeError("add_chart: give categories = { ... }".into()))?
        .sequence_values::<LuaValue>()
        .map(|v| text_of(&v?))
        .collect::<mlua::Result<_>>()?;
    let mut series = Vec::new();
    let list: LuaTable = spec.get::<Option<LuaTable>>("series")?.ok_or_else(|| {
        mlua::Error::RuntimeError(
            "add_chart: give series = { { name = ..., values = { ... } } }".into(),
        )
    })?;
    for s in list.sequence_values::<LuaTable>() {
        let s = s?;
        let name: String = s.get::<Option<String>>("name")?.unwrap_or_default();
        let values: Vec<f64> = s
            .get::<LuaTable>("values")?
            .sequence_values::<LuaValue>()
            .map(|v| number_of(&v?, "add_chart"))
            .collect::<mlua::Result<_>>()?;
        if values.len() != categories.len() {
            return err(format!(
                "add_chart: the series \"{name}\" has {} values for {} categories",
                values.len(),
                categories.len()
            ));
        }
        series.push(Series { name, values });
    }
    if series.is_empty() {
        return err("add_chart: give at least one series");
    }
    charge(
        lua,
        64 + title.len()
            + categories.iter().map(|c| 32 + c.len()).sum::<usize>()
            + series
                .iter()
                .map(|s| 32 + s.name.len() + 8 * s.values.len())
                .sum::<usize>(),
    )?;
    with_ctx(lua, |c| {
        c.content.charts.push(Chart {
            title,
            kind,
            categories,
            series,
        })
    });
    Ok(())
}

/// `require("name")` loads `plugins/lib/name.lua`, once; nothing else can be loaded.
fn install_require(lua: &Lua, compiled: Compiled) -> mlua::Result<()> {
    let loaded = lua.create_table()?;
    let loading: Rc<RefCell<HashSet<String>>> = Rc::default();
    let require = lua.create_function(move |lua, name: String| {
        if let Some(v) = loaded.raw_get::<Option<LuaValue>>(name.as_str())? {
            return Ok(v);
        }
        let valid = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        let lib_dir = with_ctx(lua, |c| c.lib_dir.clone());
        let available = || -> String {
            let mut names: Vec<String> = std::fs::read_dir(&lib_dir)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".lua")).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            if names.is_empty() {
                "there are none".to_string()
            } else {
                format!("available: {}", names.join(", "))
            }
        };
        let path = lib_dir.join(format!("{name}.lua"));
        if !valid || !path.is_file() {
            return err(format!(
                "require(\"{name}\"): plugins may only load their own helpers from plugins/lib/ by plain name ({})",
                available()
            ));
        }
        if !loading.borrow_mut().insert(name.clone()) {
            return err(format!("require(\"{name}\"): the library requires itself (directly or through another library)"));
        }
        // Bytecode is accepted only as compiled here from the library's text, never from a file.
        // The cache stays locked while a library is compiled: sections load at the same time,
        // each in its thread, and a library is compiled once for all of them.
        let mut cache = compiled.lock().ok();
        let cached = cache.as_ref().and_then(|c| c.get(&name).cloned());
        let chunk = match cached {
            Some(bytecode) => lua
                .load(bytecode)
                .set_name(format!("@plugins/lib/{name}.lua"))
                .set_mode(ChunkMode::Binary)
                .into_function(),
            None => {
                let started = std::time::Instant::now();
                let source = std::fs::read(&path).map_err(|e| mlua::Error::RuntimeError(format!("require(\"{name}\"): cannot read plugins/lib/{name}.lua ({e})")))?;
                let f = lua
                    .load(source)
                    .set_name(format!("@plugins/lib/{name}.lua"))
                    .set_mode(ChunkMode::Text)
                    .into_function();
                if let (Ok(f), Some(c)) = (&f, cache.as_mut()) {
                    c.insert(name.clone(), f.dump(false));
                }
                // `build --timings` shows each compilation (tests/it/compiled_once.rs counts them).
                crate::timing::aside(&format!("compiled plugins/lib/{name}.lua"), started.elapsed());
                f
            }
        };
        drop(cache);
        let result = chunk.and_then(|f| f.call::<LuaValue>(()));
        loading.borrow_mut().remove(&name);
        let value = match result? {
            LuaValue::Nil => LuaValue::Boolean(true),
            v => v,
        };
        loaded.raw_set(name.as_str(), value.clone())?;
        Ok(value)
    })?;
    lua.globals().set("require", require)?;
    Ok(())
}
