//! Rows that repeat a key: a sheet described with "One row per" in the dictionary has one row
//! for each value of those columns (compared as folded text), across all its workbooks. An
//! empty cell of the key is a value like another ("Chile" with no Year twice is a repeat),
//! except in a column required on every row: there the cell was reported already (empty, or
//! refused and left empty), and two such rows are not the same row. A row whose key cells are
//! all empty has no key. A repeat is reported and left out of the table by the caller, so
//! that nothing counts it twice.

use std::collections::HashMap;

use crate::check::sheet::MAX_PER_COLUMN;
use crate::model::table::DataTable;
use crate::model::value::Value;
use crate::problem::{CellProblem, Place, Problem, Problems};
use crate::text::suggest::fold;

/// Reports rows that repeat the key of an earlier row ("One row per" in the dictionary), and
/// gives them, in ascending order. Keys compare as folded text; rows are found by a hash of
/// their folded key, so that a sheet of a million rows costs no string per row.
/// `filled`: the key's columns that must be filled on every row (see the module's comment).
pub fn check(
    table: &DataTable,
    key: &[String],
    filled: &[String],
    problems: &mut Problems,
) -> Vec<usize> {
    let mut repeated = Vec::new();
    let cols: Vec<usize> = key.iter().filter_map(|k| table.column_index(k)).collect();
    if cols.is_empty() || cols.len() != key.len() {
        return repeated;
    }
    let must_fill: Vec<bool> = key
        .iter()
        .map(|k| filled.iter().any(|f| fold(f) == fold(k)))
        .collect();
    let mut buf = String::new();
    // Hash of a folded key → the first row with that hash.
    let mut seen: HashMap<u64, usize> = HashMap::with_capacity(table.len());
    // Keys whose hash an earlier, different key already had (practically never).
    let mut collided: HashMap<Vec<String>, usize> = HashMap::new();
    let mut repeats = 0usize;
    for row in 0..table.len() {
        let Some(hash) = key_hash(table, row, &cols, &must_fill, &mut buf) else {
            continue; // every key cell is empty, or one that must be filled
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
        repeated.push(row);
        if repeats > MAX_PER_COLUMN {
            continue;
        }
        let shown: Vec<String> = cols
            .iter()
            .map(|c| match table.get(row, *c) {
                v if v.is_empty() => "(empty)".to_string(),
                v => v.to_string(),
            })
            .collect();
        let first_at = table.location(first, Some(cols[0]));
        let here = table.location(row, Some(cols[0]));
        let same_sheet =
            first_at.file_name() == here.file_name() && first_at.sheet_name() == here.sheet_name();
        let problem = CellProblem::RepeatedKey {
            values: shown,
            first: first_at,
            same_sheet,
            key: key.to_vec(),
        };
        problems.push(Problem::new(here, problem));
    }
    if repeats > MAX_PER_COLUMN {
        let first = &table.parts[0];
        let problem = CellProblem::MoreRepeats {
            count: repeats - MAX_PER_COLUMN,
            key: key.to_vec(),
        };
        problems.push(Problem::new(
            Place::sheet(&first.workbook, &first.sheet),
            problem,
        ));
    }
    repeated
}

/// A hash of a row's folded key (the UTF-8 bytes of each cell's folded text), or `None` when
/// every key cell folds to nothing (empty), or a cell of `must_fill` does.
fn key_hash(
    table: &DataTable,
    row: usize,
    cols: &[usize],
    must_fill: &[bool],
    buf: &mut String,
) -> Option<u64> {
    let mut filled = false;
    use std::fmt::Write;
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (c, must) in cols.iter().zip(must_fill) {
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
        if folded.is_empty() && *must {
            return None;
        }
        filled |= !folded.is_empty();
        h.write(folded.as_bytes());
        h.write_u8(0xff); // between the key's cells (never a byte of UTF-8 text)
    }
    filled.then(|| h.finish())
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
        let h = |r: usize, buf: &mut String| key_hash(&t, r, &[0], &[false], buf);
        assert!(is_folded("c-0001234") && !is_folded("C-1") && !is_folded("a  b"));
        assert_eq!(h(0, &mut buf), h(1, &mut buf));
        assert_eq!(h(2, &mut buf), h(3, &mut buf));
        assert_eq!(h(4, &mut buf), h(5, &mut buf));
        assert_ne!(h(0, &mut buf), h(2, &mut buf));
        assert_eq!(h(6, &mut buf), None);
        // A cell of a column that must be filled, empty, makes no key: it was reported already.
        assert_eq!(key_hash(&t, 0, &[0], &[true], &mut buf), h(0, &mut buf));
        assert_eq!(key_hash(&t, 6, &[0], &[true], &mut buf), None);
        let mut problems = Problems::new();
        check(&t, &["Key".to_string()], &[], &mut problems);
        assert_eq!(problems.iter().count(), 3);
    }

    #[test]
    fn a_repeat_names_the_first_row_by_its_cell_in_the_same_sheet_else_by_its_place() {
        use crate::model::table::{Column, Part, RowSource};
        let column = |name: &str| Column {
            name: name.into(),
            ty: None,
            description: String::new(),
        };
        let mut t = DataTable::new("Reports", vec![column("State"), column("Year")]);
        for (workbook, col) in [("a.xlsx", 0), ("b.xlsx", 3)] {
            t.parts.push(Part {
                workbook: workbook.into(),
                sheet: "Reports".into(),
                cols: vec![Some(col), Some(col + 1)],
            });
        }
        let rows = [
            (0, 2, "Chile", 2010.0),
            (0, 3, "Chile", 2011.0),
            (0, 4, "chile ", 2010.0),
            (1, 2, "Chile", 2011.0),
            (1, 3, "Peru", 2011.0),
        ];
        for (part, row, state, year) in rows {
            let values = vec![Value::text(state), Value::Number(year)];
            t.push_row(values, RowSource { part, row });
        }
        let mut problems = Problems::new();
        check(
            &t,
            &["State".to_string(), "Year".to_string()],
            &[],
            &mut problems,
        );
        let shown: Vec<String> = problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "error: a.xlsx, sheet Reports, cell A4: \"chile , 2010\" appears twice (also in A2); this sheet has one row per State and Year, so this row was left out\n  hint: keep one row and delete or merge the other",
                "error: b.xlsx, sheet Reports, cell D2: \"Chile, 2011\" appears twice (also in a.xlsx, sheet Reports, cell A3); this sheet has one row per State and Year, so this row was left out\n  hint: keep one row and delete or merge the other",
            ]
        );
        // A key the table does not have checks nothing.
        let mut problems = Problems::new();
        check(&t, &["Region".to_string()], &[], &mut problems);
        assert!(problems.is_empty());
    }
}
