//! Checking a sheet against the dictionary: every column present, every cell of the declared
//! type, every State on the master list, no row twice. Problems are collected with their
//! cell; a bad cell becomes empty in the table so that one typo never stops a report.

use std::collections::HashMap;

use crate::check::dictionary::{ColumnType, SheetSpec};
use crate::check::header::SheetTable;
use crate::check::states::StateList;
use crate::model::dates::{self, TextDate};
use crate::model::table::{Column, DataTable, PartTable};
use crate::model::value::Value;
use crate::problem::{Place, Problem, Problems, Severity};
use crate::text::grammar::group_thousands;
use crate::text::suggest::{self, fold};

/// Problems of one kind reported per column before the rest are summed up in one line.
const MAX_PER_COLUMN: usize = 10;

/// Checks one sheet of one workbook and returns its typed rows. The sheet's values move
/// into the result (converted in place when the sheet's columns are the dictionary's, in order).
pub fn check_sheet(
    workbook: &str,
    date1904: bool,
    sheet: SheetTable,
    spec: Option<&SheetSpec>,
    states: Option<&StateList>,
    problems: &mut Problems,
) -> PartTable {
    for ((row, col), note) in &sheet.notes {
        problems.push(Problem::warning(
            Place::cell(workbook, &sheet.sheet, *row, *col),
            note.clone(),
        ));
    }
    let header_row = sheet.header_rows.0;
    let found: Vec<String> = sheet.columns.iter().map(|c| c.name.clone()).collect();
    let mut columns = Vec::new();
    let mut cols = Vec::new();
    // For each output column: where its values come from in the sheet table.
    let mut sources: Vec<Option<usize>> = Vec::new();
    let mut types: Vec<Option<(ColumnType, bool)>> = Vec::new();

    match spec {
        Some(spec) => {
            let mut used = vec![false; sheet.columns.len()];
            for c in &spec.columns {
                let position = sheet
                    .columns
                    .iter()
                    .position(|h| fold(&h.name) == fold(&c.name));
                match position {
                    Some(p) => used[p] = true,
                    None => {
                        let unmatched: Vec<&str> = sheet
                            .columns
                            .iter()
                            .filter(|h| spec.column(&h.name).is_none())
                            .map(|h| h.name.as_str())
                            .collect();
                        let message = if c.required {
                            format!("the required column \"{}\" is missing", c.name)
                        } else {
                            format!(
                                "the column \"{}\" is missing; it is treated as empty",
                                c.name
                            )
                        };
                        let severity = if c.required {
                            Severity::Error
                        } else {
                            Severity::Warning
                        };
                        problems.push(
                            Problem::legacy(
                                severity,
                                Place::row(workbook, &sheet.sheet, header_row),
                                message,
                            )
                            .with_expected(format!("a column headed \"{}\"", c.name))
                            .maybe_hint(
                                suggest::hint(&c.name, unmatched.iter().copied())
                                    .map(|h| format!("{h} (rename the header, or the column in the dictionary)"))
                                    .or_else(|| Some(format!("the header row is row {}; columns found: {}", header_row + 1, found.join(", ")))),
                            ),
                        );
                    }
                }
                columns.push(Column {
                    name: c.name.clone(),
                    ty: Some(c.ty.clone()),
                    description: c.description.clone(),
                });
                cols.push(position.map(|p| sheet.columns[p].col));
                sources.push(position);
                types.push(Some((c.ty.clone(), c.required)));
            }
            let missing: Vec<&str> = spec
                .columns
                .iter()
                .filter(|c| !sheet.columns.iter().any(|h| fold(&h.name) == fold(&c.name)))
                .map(|c| c.name.as_str())
                .collect();
            for (p, h) in sheet.columns.iter().enumerate() {
                if used[p] {
                    continue;
                }
                problems.push(
                    Problem::warning(
                        Place::cell(workbook, &sheet.sheet, header_row, h.col),
                        format!(
                            "the column \"{}\" is not in the dictionary; it was loaded as found",
                            h.name
                        ),
                    )
                    .maybe_hint(suggest::hint(&h.name, missing.iter().copied())),
                );
                columns.push(Column {
                    name: h.name.clone(),
                    ty: None,
                    description: String::new(),
                });
                cols.push(Some(h.col));
                sources.push(Some(p));
                types.push(None);
            }
        }
        None => {
            for (p, h) in sheet.columns.iter().enumerate() {
                columns.push(Column {
                    name: h.name.clone(),
                    ty: None,
                    description: String::new(),
                });
                cols.push(Some(h.col));
                sources.push(Some(p));
                types.push(None);
            }
        }
    }

    let checks: Vec<Option<ColumnCheck>> = types
        .iter()
        .zip(&sources)
        .map(|(t, source)| {
            t.as_ref()
                .map(|(ty, required)| ColumnCheck::new(ty, *required && source.is_some()))
        })
        .collect();
    let mut counts: HashMap<usize, usize> = HashMap::new();
    let width_in = sheet.columns.len();
    let width = columns.len();
    let identity = width == width_in && sources.iter().enumerate().all(|(i, s)| *s == Some(i));
    // Two columns of the dictionary read from the same sheet column (a name listed twice)
    // each need the value: it is copied rather than moved.
    let shared_source = {
        let mut seen = vec![false; width_in];
        sources
            .iter()
            .flatten()
            .any(|&p| std::mem::replace(&mut seen[p], true))
    };
    let SheetTable {
        sheet: sheet_name,
        values: mut input,
        rows: numbers,
        ..
    } = sheet;
    let mut output: Vec<Value> = if identity {
        Vec::new()
    } else {
        Vec::with_capacity(numbers.len() * width)
    };
    for (r, row) in numbers.iter().enumerate() {
        for (i, source) in sources.iter().enumerate() {
            let raw = match source {
                Some(p) if shared_source => input[r * width_in + p].clone(),
                Some(p) => std::mem::take(&mut input[r * width_in + p]),
                None => Value::Empty,
            };
            let value = match &checks[i] {
                None => raw,
                Some(check) => {
                    let (value, problem) = match convert(&raw, check, states, date1904) {
                        Ok((v, problem)) => (v, problem),
                        Err(problem) => (Value::Empty, Some(*problem)),
                    };
                    if let Some(problem) = problem {
                        let n = counts.entry(i).or_insert(0);
                        *n += 1;
                        if *n <= MAX_PER_COLUMN {
                            let at = Place::cell(workbook, &sheet_name, *row, cols[i].unwrap_or(0));
                            problems.push(problem.at(at));
                        }
                    }
                    value
                }
            };
            if identity {
                input[r * width_in + i] = value;
            } else {
                output.push(value);
            }
        }
    }
    let values = if identity { input } else { output };
    let row_numbers: Vec<u32> = numbers.into_iter().map(|r| r + 1).collect();
    for (i, n) in counts {
        if n > MAX_PER_COLUMN {
            problems.push(Problem::warning(
                Place::column(workbook, &sheet_name, cols[i].unwrap_or(0)),
                format!(
                    "{} more cells in column \"{}\" have problems like those above; fix the first ones and check again",
                    group_thousands((n - MAX_PER_COLUMN) as i64),
                    columns[i].name
                ),
            ));
        }
    }
    PartTable {
        name: spec
            .map(|s| s.name.clone())
            .unwrap_or_else(|| sheet_name.clone()),
        workbook: workbook.to_string(),
        sheet: sheet_name,
        columns,
        cols,
        values,
        row_numbers,
    }
}

/// What checking a column needs, worked out once for all its cells.
struct ColumnCheck {
    ty: ColumnType,
    /// Required in the dictionary, and present in the sheet.
    required: bool,
    /// "a date", "one of \"plan\" or \"budget\"".
    expected: String,
    /// For a list: each allowed value folded, and as the dictionary spells it.
    allowed: Vec<(String, Value)>,
}

impl ColumnCheck {
    fn new(ty: &ColumnType, required: bool) -> ColumnCheck {
        let allowed = match ty {
            ColumnType::OneOf(values) => values.iter().map(|v| (fold(v), Value::text(v))).collect(),
            _ => Vec::new(),
        };
        ColumnCheck {
            ty: ty.clone(),
            required,
            expected: ty.expected(),
            allowed,
        }
    }
}

/// A problem found in a cell, before its location is known.
#[derive(Debug)]
struct CellProblem {
    severity: Severity,
    message: String,
    found: String,
    expected: String,
    hint: Option<String>,
}

impl CellProblem {
    fn error(message: impl Into<String>, found: &Value, expected: &str) -> CellProblem {
        CellProblem {
            severity: Severity::Error,
            message: message.into(),
            found: found.to_string(),
            expected: expected.to_string(),
            hint: None,
        }
    }

    fn warning(message: impl Into<String>, found: &Value, expected: &str) -> CellProblem {
        CellProblem {
            severity: Severity::Warning,
            ..CellProblem::error(message, found, expected)
        }
    }

    fn hint(mut self, hint: Option<String>) -> CellProblem {
        self.hint = hint;
        self
    }

    fn at(self, location: Place) -> Problem {
        Problem::legacy(self.severity, location, self.message)
            .with_found(self.found)
            .with_expected(self.expected)
            .maybe_hint(self.hint)
    }
}

type Converted = Result<(Value, Option<CellProblem>), Box<CellProblem>>;

/// Converts one cell to the declared type. A warning keeps the converted value; an error
/// leaves the cell empty. Texts kept as they are share their storage with the cell read.
fn convert(
    raw: &Value,
    check: &ColumnCheck,
    states: Option<&StateList>,
    date1904: bool,
) -> Converted {
    let (ty, required, expected) = (&check.ty, check.required, &check.expected);
    let mismatch = |raw: &Value| -> CellProblem {
        CellProblem::error(
            format!("expected {expected}, found {}", raw.describe()),
            raw,
            expected,
        )
    };
    match raw {
        Value::Error(e) => {
            return if required {
                Err(Box::new(CellProblem::error(format!("expected {expected}, found the Excel error {e}"), raw, expected)
                        .hint(Some("this column is required: replace the error with a value (check the formula that produced it)".into())),
                ))
            } else {
                Ok((
                    Value::Empty,
                    Some(CellProblem::warning(
                        format!("the Excel error {e} was treated as an empty cell"),
                        raw,
                        expected,
                    )),
                ))
            };
        }
        v if v.is_empty() => {
            return if required {
                Err(Box::new(
                    CellProblem::error(
                        format!("expected {expected}, found an empty cell"),
                        raw,
                        expected,
                    )
                    .hint(Some("this column is required in the dictionary".into())),
                ))
            } else {
                Ok((Value::Empty, None))
            };
        }
        _ => {}
    }
    match ty {
        ColumnType::Any => Ok((raw.clone(), None)),
        ColumnType::Text => Ok((
            match raw {
                Value::Text(t) if t.trim().len() == t.len() => Value::Text(t.clone()),
                Value::Text(t) => Value::text(t.trim()),
                Value::Date(d) => Value::text(dates::long(*d)),
                other => Value::text(other.to_string()),
            },
            None,
        )),
        ColumnType::Number | ColumnType::WholeNumber => {
            let whole = matches!(ty, ColumnType::WholeNumber);
            let (n, as_text) = match raw {
                Value::Number(n) => (*n, false),
                Value::Text(t) => match parse_number(t) {
                    Some(n) => (n, true),
                    None => {
                        return Err(Box::new(mismatch(raw).hint(Some(
                            "type only the number (1200, not \"about 1,200\"), or leave the cell empty if it is not known; put remarks in a note column".into(),
                        ))))
                    }
                },
                _ => return Err(Box::new(mismatch(raw))),
            };
            if whole && n.fract() != 0.0 {
                return Err(Box::new(mismatch(raw)));
            }
            let warning = as_text.then(|| {
                CellProblem::warning(
                    format!("the number {} was typed as text; it was read as a number", raw.describe()),
                    raw,
                    expected,
                )
                .hint(Some("select the cell and choose Convert to Number, or retype it without quotes or spaces".into()))
            });
            Ok((Value::Number(n), warning))
        }
        ColumnType::Date => match raw {
            Value::Date(d) => Ok((Value::Date(*d), None)),
            Value::Number(n) if (20_000.0..80_000.0).contains(n) => {
                let d = dates::from_excel_serial(*n, date1904).expect("in range");
                Ok((
                    Value::Date(d),
                    Some(
                        CellProblem::warning(
                            format!("the number {} was read as the date {}", raw, dates::long(d)),
                            raw,
                            expected,
                        )
                        .hint(Some("format the cell as a date so that everyone sees the same thing".into())),
                    ),
                ))
            }
            Value::Text(t) => match dates::parse_text(t) {
                TextDate::Clear(d) => Ok((
                    Value::Date(d),
                    Some(
                        CellProblem::warning(
                            format!("the date {} was typed as text; it was read as {}", raw.describe(), dates::long(d)),
                            raw,
                            expected,
                        )
                        .hint(Some("format the cell as a date so that it sorts and compares as one".into())),
                    ),
                )),
                TextDate::Ambiguous(day_first, month_first) => Err(Box::new(CellProblem::error(
                        format!(
                            "expected a date, found {}, which could be {} or {}",
                            raw.describe(),
                            dates::long(day_first),
                            dates::long(month_first)
                        ),
                        raw,
                        expected,
                    )
                    .hint(Some(format!(
                        "type it as year-month-day: {} or {}",
                        dates::iso(day_first),
                        dates::iso(month_first)
                    ))),
                )),
                TextDate::MonthOnly { month, year } => Err(Box::new(mismatch(raw).hint(Some(format!(
                        "a date needs a day: if it is not known, type 1 {} {year} and say so in a note",
                        dates::month_name(month)
                    ))),
                )),
                TextDate::NotADate => Err(Box::new(mismatch(raw).hint(Some("type a date such as 2011-09-13, or leave the cell empty if it is not known".into())),
                )),
            },
            _ => Err(Box::new(mismatch(raw))),
        },
        ColumnType::YesNo => match raw {
            Value::Bool(b) => Ok((Value::Bool(*b), None)),
            Value::Number(n) if *n == 0.0 || *n == 1.0 => Ok((Value::Bool(*n == 1.0), None)),
            Value::Text(t) => match fold(t).as_str() {
                "yes" | "y" | "true" | "x" | "✓" | "oui" | "sí" | "si" => Ok((Value::Bool(true), None)),
                "no" | "n" | "false" | "non" => Ok((Value::Bool(false), None)),
                _ => Err(Box::new(mismatch(raw))),
            },
            _ => Err(Box::new(mismatch(raw))),
        },
        ColumnType::OneOf(allowed) => {
            // Most cells hold a value exactly as the dictionary spells it.
            if let Value::Text(t) = raw {
                if let Some(i) = allowed.iter().position(|a| a.as_str() == t.as_ref()) {
                    return Ok((check.allowed[i].1.clone(), None));
                }
            }
            let text = raw.to_string();
            let folded = fold(&text);
            match check.allowed.iter().find(|(f, _)| *f == folded) {
                Some((_, a)) => Ok((a.clone(), None)),
                None => Err(Box::new(mismatch(raw).hint(suggest::hint(&text, allowed.iter().map(String::as_str))),
                )),
            }
        }
        ColumnType::State => {
            let Value::Text(t) = raw else {
                return Err(Box::new(mismatch(raw)));
            };
            let Some(states) = states.filter(|s| !s.is_empty()) else {
                return Ok((Value::text(t.trim()), None));
            };
            match states.resolve_shared(t) {
                Some(name) => Ok((Value::Text(name), None)),
                None => Err(Box::new(CellProblem::error(
                        format!("\"{}\" is not in the States list", t.trim()),
                        raw,
                        expected,
                    )
                    .hint(
                        states
                            .suggest(t)
                            .map(|s| format!("did you mean \"{s}\"? (or add the name to the Aliases column of the States list)"))
                            .or_else(|| Some("add the State to the States list, or the spelling to its Aliases column".into())),
                    ),
                )),
            }
        }
    }
}

/// "1,234", " 12 ", "12.5", "-3", "40%" → numbers; anything else is not a number.
fn parse_number(text: &str) -> Option<f64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '\u{a0}' && *c != ' ')
        .collect();
    if let Some(p) = t.strip_suffix('%') {
        return p.parse::<f64>().ok().map(|n| n / 100.0);
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Reports rows that repeat the key of an earlier row ("One row per" in the dictionary).
/// Keys compare as folded text; rows are found by a hash of their folded key, so that a
/// sheet of a million rows costs no string per row.
pub fn check_unique(table: &DataTable, key: &[String], problems: &mut Problems) {
    let cols: Vec<usize> = key.iter().filter_map(|k| table.column_index(k)).collect();
    if cols.is_empty() || cols.len() != key.len() {
        return;
    }
    let mut buf = String::new();
    // Hash of a folded key → the first row with that hash.
    let mut seen: HashMap<u64, usize> = HashMap::with_capacity(table.len());
    // Keys whose hash an earlier, different key already had (practically never).
    let mut collided: HashMap<Vec<String>, usize> = HashMap::new();
    let mut repeats = 0usize;
    for row in 0..table.len() {
        let Some(hash) = key_hash(table, row, &cols, &mut buf) else {
            continue; // a key cell is empty
        };
        let first = match seen.get(&hash) {
            None => {
                seen.insert(hash, row);
                continue;
            }
            Some(&first) if same_key(table, first, row, &cols) => first,
            Some(_) => {
                let folded: Vec<String> = cols
                    .iter()
                    .map(|c| fold(&table.get(row, *c).to_string()))
                    .collect();
                match collided.get(&folded) {
                    Some(&first) => first,
                    None => {
                        collided.insert(folded, row);
                        continue;
                    }
                }
            }
        };
        repeats += 1;
        if repeats > MAX_PER_COLUMN {
            continue;
        }
        let shown: Vec<String> = cols
            .iter()
            .map(|c| table.get(row, *c).to_string())
            .collect();
        let first_at = table.location(first, Some(cols[0]));
        let here = table.location(row, Some(cols[0]));
        let same_sheet =
            first_at.file_name() == here.file_name() && first_at.sheet_name() == here.sheet_name();
        let where_first = if same_sheet {
            first_at.position().unwrap_or_default()
        } else {
            first_at.to_string()
        };
        problems.push(
            Problem::error(
                here,
                format!(
                    "\"{}\" appears twice (also in {where_first}); this sheet has one row per {}",
                    shown.join(", "),
                    crate::text::grammar::list(key, "and")
                ),
            )
            .with_found(shown.join(", "))
            .with_hint("keep one row and delete or merge the other"),
        );
    }
    if repeats > MAX_PER_COLUMN {
        let first = &table.parts[0];
        problems.push(Problem::error(
            Place::sheet(&first.workbook, &first.sheet),
            format!(
                "{} more rows repeat a {} already listed; fix the first ones and check again",
                group_thousands((repeats - MAX_PER_COLUMN) as i64),
                crate::text::grammar::list(key, "and")
            ),
        ));
    }
}

/// A hash of a row's folded key (the UTF-8 bytes of each cell's folded text), or `None` when
/// a key cell folds to nothing (empty).
fn key_hash(table: &DataTable, row: usize, cols: &[usize], buf: &mut String) -> Option<u64> {
    use std::fmt::Write;
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in cols {
        let folded: &str = match table.get(row, *c) {
            // Most keys ("C-0001234", "Lebanon" after the first) fold to themselves... or
            // nearly: only texts that are already folded skip the folding.
            Value::Text(t) if is_folded(t) => t,
            value => {
                let mut text = String::new();
                let source: &str = match value {
                    Value::Text(t) => t,
                    other => {
                        let _ = write!(text, "{other}");
                        &text
                    }
                };
                buf.clear();
                buf.extend(crate::text::suggest::fold_chars(source));
                buf.as_str()
            }
        };
        if folded.is_empty() {
            return None;
        }
        h.write(folded.as_bytes());
        h.write_u8(0xff); // between the key's cells (never a byte of UTF-8 text)
    }
    Some(h.finish())
}

/// Whether `fold(s) == s`, for the common plain-ASCII case (false means: fold it).
fn is_folded(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && b.iter().all(|c| {
            c.is_ascii()
                && !c.is_ascii_uppercase()
                && *c != b'`'
                && (!c.is_ascii_whitespace() || *c == b' ')
        })
        && !s.contains("  ")
}

/// Whether two rows have the same folded key.
fn same_key(table: &DataTable, a: usize, b: usize, cols: &[usize]) -> bool {
    cols.iter()
        .all(|c| match (table.get(a, *c), table.get(b, *c)) {
            (Value::Text(x), Value::Text(y)) => crate::text::suggest::fold_eq(x, y),
            (x, y) => fold(&x.to_string()) == fold(&y.to_string()),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::Date;

    fn conv(
        raw: &Value,
        ty: &ColumnType,
        required: bool,
        states: Option<&StateList>,
        date1904: bool,
    ) -> Converted {
        convert(raw, &ColumnCheck::new(ty, required), states, date1904)
    }

    fn msg(r: Converted) -> String {
        match r {
            Ok((_, Some(p))) => p.message,
            Err(p) => p.message,
            Ok((_, None)) => String::new(),
        }
    }

    #[test]
    fn keys_hash_alike_when_they_fold_alike() {
        use crate::model::table::{Column, Part, RowSource};
        let column = Column {
            name: "Key".into(),
            ty: None,
            description: String::new(),
        };
        let mut t = DataTable::new("T", vec![column]);
        t.parts.push(Part {
            workbook: "w.xlsx".into(),
            sheet: "T".into(),
            cols: vec![Some(0)],
        });
        for (i, v) in [
            Value::text("côte d'ivoire"),
            Value::text(" Côte  D’Ivoire"),
            Value::text("2010"),
            Value::Number(2010.0),
            Value::text("a`b"),
            Value::text("a'b"),
            Value::text("  "),
        ]
        .into_iter()
        .enumerate()
        {
            t.push_row(
                vec![v],
                RowSource {
                    part: 0,
                    row: i as u32 + 2,
                },
            );
        }
        let mut buf = String::new();
        let h = |r: usize, buf: &mut String| key_hash(&t, r, &[0], buf);
        assert!(is_folded("c-0001234") && !is_folded("C-1") && !is_folded("a  b"));
        assert_eq!(h(0, &mut buf), h(1, &mut buf));
        assert_eq!(h(2, &mut buf), h(3, &mut buf));
        assert_eq!(h(4, &mut buf), h(5, &mut buf));
        assert_ne!(h(0, &mut buf), h(2, &mut buf));
        assert_eq!(h(6, &mut buf), None);
        let mut problems = Problems::new();
        check_unique(&t, &["Key".to_string()], &mut problems);
        assert_eq!(problems.iter().count(), 3);
    }

    #[test]
    fn dates() {
        let d = Date::from_ymd_opt(2011, 9, 13).unwrap();
        assert_eq!(
            conv(&Value::Date(d), &ColumnType::Date, true, None, false)
                .unwrap()
                .0,
            Value::Date(d)
        );
        assert_eq!(
            msg(conv(
                &Value::text("end of 2011"),
                &ColumnType::Date,
                true,
                None,
                false
            )),
            "expected a date, found \"end of 2011\""
        );
        assert_eq!(
            msg(conv(&Value::text("12/09/2011"), &ColumnType::Date, true, None, false)),
            "expected a date, found \"12/09/2011\", which could be 12 September 2011 or 9 December 2011"
        );
        assert_eq!(
            msg(conv(
                &Value::text("2011-09-13"),
                &ColumnType::Date,
                true,
                None,
                false
            )),
            "the date \"2011-09-13\" was typed as text; it was read as 13 September 2011"
        );
    }

    #[test]
    fn plain_numbers_in_date_columns_follow_the_workbook_date_system() {
        let n = Value::Number(39337.0);
        let in_1904 = conv(&n, &ColumnType::Date, true, None, true).unwrap().0;
        assert_eq!(
            in_1904,
            Value::Date(Date::from_ymd_opt(2011, 9, 13).unwrap())
        );
        let in_1900 = conv(&n, &ColumnType::Date, true, None, false).unwrap().0;
        assert_eq!(
            in_1900,
            Value::Date(Date::from_ymd_opt(2007, 9, 12).unwrap())
        );
    }

    #[test]
    fn numbers_states_and_errors() {
        assert_eq!(
            conv(
                &Value::text(" 1,234 "),
                &ColumnType::Number,
                false,
                None,
                false
            )
            .unwrap()
            .0,
            Value::Number(1234.0)
        );
        let states = StateList::from_names(&["Lebanon", "Chile"]);
        assert_eq!(
            msg(conv(
                &Value::text("Lebanonn"),
                &ColumnType::State,
                true,
                Some(&states),
                false
            )),
            "\"Lebanonn\" is not in the States list"
        );
        assert_eq!(
            msg(conv(
                &Value::Error("#N/A".into()),
                &ColumnType::Date,
                true,
                None,
                false
            )),
            "expected a date, found the Excel error #N/A"
        );
        assert_eq!(
            msg(conv(
                &Value::text("maybe"),
                &ColumnType::OneOf(vec!["plan".into(), "budget".into()]),
                false,
                None,
                false
            )),
            "expected one of \"plan\" or \"budget\", found \"maybe\""
        );
    }
}
