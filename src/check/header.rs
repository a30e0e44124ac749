//! From raw cells to a table: find the header row (wherever it is, merged or not), name the
//! columns, and gather the data rows below it.
//!
//! Coordinators put titles above tables, merge header cells, leave blank rows and type
//! trailing spaces; none of that should matter. When the dictionary names the columns a sheet
//! should have, the header is the row that matches them best.

use std::collections::{BTreeSet, HashMap};

use crate::model::value::Value;
use crate::read::{RawCell, RawSheet, Rect};
use crate::text::cellref;
use crate::text::suggest::fold;

#[derive(Clone, Debug, PartialEq)]
pub struct SheetTable {
    pub sheet: String,
    /// First and last header rows, 0-based (two rows when a header is merged vertically).
    pub header_rows: (u32, u32),
    pub columns: Vec<HeaderColumn>,
    /// The data rows' values, row after row, one per column (`columns.len()` a row): one
    /// allocation for the whole sheet rather than one per row.
    pub values: Vec<Value>,
    /// 0-based sheet row of each data row.
    pub rows: Vec<u32>,
    /// Things about the layout the user should know, with the cell they concern.
    pub notes: Vec<((u32, u32), String)>,
}

impl SheetTable {
    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The values of data row `i`.
    pub fn row(&self, i: usize) -> &[Value] {
        let w = self.columns.len();
        &self.values[i * w..(i + 1) * w]
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HeaderColumn {
    /// The header text, trimmed and with runs of spaces made single.
    pub name: String,
    /// 0-based sheet column.
    pub col: u32,
}

/// What the dictionary says about where the header is and what it should contain.
#[derive(Clone, Debug, Default)]
pub struct HeaderHint {
    /// 1-based header row, when declared.
    pub row: Option<u32>,
    /// The declared column names.
    pub expected: Vec<String>,
}

/// How far down a sheet the header is looked for.
const HEADER_SEARCH_ROWS: usize = 30;
/// Merged regions larger than this are not copied into every cell (a hostile file can
/// declare one over the whole sheet).
const MAX_MERGE_AREA: u64 = 10_000;
const MAX_MERGE_FILL: u64 = 1_000_000;

/// A header cell's text, trimmed, with line breaks and repeated spaces made single spaces.
pub fn clean_header(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds the table of one sheet, or `None` when the sheet holds nothing. The sheet is
/// consumed: its values move into the table, and its cells are freed as soon as it is built.
pub fn extract(sheet: RawSheet, hint: &HeaderHint) -> Option<SheetTable> {
    let RawSheet {
        name,
        mut cells,
        merges,
        ..
    } = sheet;
    fill_merges(&mut cells, &merges);
    let cells = &mut cells[..];
    if cells.is_empty() {
        return None;
    }
    let rows = row_spans(cells);
    let expected: BTreeSet<String> = hint.expected.iter().map(|e| fold(e)).collect();

    // Candidate header blocks among the first rows that hold something.
    let block_of = |row: u32| -> (u32, u32) {
        let end = merges
            .iter()
            .filter(|m| m.first_row == row && m.last_row > row && m.area() <= MAX_MERGE_AREA)
            .map(|m| m.last_row.min(row + 2))
            .max()
            .unwrap_or(row);
        // A label merged across columns over a sub-header in each ("Stockpile" over
        // "Submunitions" and "Munitions") makes two header rows even when no cell beside
        // it is merged downwards; unless the dictionary's names fit the single row better
        // (a header merged only to be wide, over a first data row).
        let grouped = merges.iter().any(|m| {
            m.first_row == row
                && m.last_row == row
                && m.last_col > m.first_col
                && m.area() <= MAX_MERGE_AREA
                && sub_headers(cells, &rows, row + 1, m) >= 2
        });
        let extended = (row, end.max(row + 1));
        if !grouped || extended == (row, end) {
            return (row, end);
        }
        let score = |block: (u32, u32)| {
            header_names(cells, &rows, block)
                .values()
                .filter(|n| expected.contains(&fold(n)))
                .count()
        };
        if score(extended) >= score((row, end)) {
            extended
        } else {
            (row, end)
        }
    };
    let header = if let Some(declared) = hint.row.filter(|r| *r >= 1) {
        block_of(declared - 1)
    } else {
        let candidates: Vec<(u32, u32)> = rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .map(|(r, _, _)| block_of(*r))
            .collect();
        let scored = candidates
            .iter()
            .map(|block| {
                let names = header_names(cells, &rows, *block);
                let score = names
                    .values()
                    .filter(|n| expected.contains(&fold(n)))
                    .count();
                (score, *block)
            })
            .filter(|(score, _)| *score > 0)
            .max_by_key(|(score, block)| (*score, std::cmp::Reverse(block.0)));
        match scored {
            Some((_, block)) => block,
            None => candidates
                .iter()
                .find(|block| distinct_texts(cells, &rows, block.0) >= 2)
                .or(candidates.first())
                .copied()
                .unwrap_or((0, 0)),
        }
    };

    let names = header_names(cells, &rows, header);
    let mut notes = Vec::new();
    let data_spans: Vec<&(u32, usize, usize)> =
        rows.iter().filter(|(r, _, _)| *r > header.1).collect();
    // Columns with a header or a value below it: a flag per sheet column (at most 16,384).
    let width = cells.iter().map(|c| c.col as usize + 1).max().unwrap_or(0);
    let mut in_use = vec![false; width];
    for col in names.keys() {
        in_use[*col as usize] = true;
    }
    for (_, start, end) in &data_spans {
        for c in &cells[*start..*end] {
            if !in_use[c.col as usize] && !c.value.is_empty() {
                in_use[c.col as usize] = true;
            }
        }
    }
    let used = (0..width as u32).filter(|c| in_use[*c as usize]);
    let mut columns = Vec::with_capacity(width);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut unnamed: Vec<u32> = Vec::new();
    let mut renamed: Vec<(u32, String, String)> = Vec::new();
    for col in used {
        let name = match names.get(&col) {
            Some(n) => n.clone(),
            None => {
                unnamed.push(col);
                format!("Column {}", cellref::column_name(col))
            }
        };
        let n = seen.entry(fold(&name)).or_insert(0);
        *n += 1;
        let name = if *n > 1 {
            let new_name = format!("{name} ({n})");
            renamed.push((col, name, new_name.clone()));
            new_name
        } else {
            name
        };
        columns.push(HeaderColumn { name, col });
    }
    // One note per kind and sheet: a wide form can have dozens of such columns.
    if let Some(first) = unnamed.first() {
        let letters: Vec<String> = unnamed.iter().map(|c| cellref::column_name(*c)).collect();
        let message = if unnamed.len() == 1 {
            format!(
                "column {} has data but no header; it was named \"Column {}\"",
                letters[0], letters[0]
            )
        } else {
            format!(
                "columns {} have data but no header; they were named \"Column {}\" and so on",
                short_list(&letters),
                letters[0]
            )
        };
        notes.push(((header.1, *first), message));
    }
    if let Some((first, _, example)) = renamed.first() {
        let mut repeated: Vec<String> = Vec::new();
        for (_, old, _) in &renamed {
            let quoted = format!("\"{old}\"");
            if !repeated.contains(&quoted) {
                repeated.push(quoted);
            }
        }
        let message = if repeated.len() == 1 {
            format!(
                "the header {} appears more than once; the repeats were numbered, as \"{example}\"",
                repeated[0]
            )
        } else {
            format!(
                "the headers {} appear more than once; the repeats were numbered, as \"{example}\"",
                short_list(&repeated)
            )
        };
        notes.push(((header.0, *first), message));
    }

    // Each sheet column's place in the table.
    let mut position: Vec<Option<usize>> = vec![None; width];
    for (i, c) in columns.iter().enumerate() {
        position[c.col as usize] = Some(i);
    }
    let w = columns.len();
    let mut values = Vec::with_capacity(data_spans.len() * w);
    let mut out_rows = Vec::with_capacity(data_spans.len());
    for (row, start, end) in data_spans {
        // Every data span holds a non-empty cell, and every column with a non-empty data
        // cell is in the table: the row is kept.
        let at = values.len();
        values.resize(at + w, Value::Empty);
        for cell in &mut cells[*start..*end] {
            if cell.value.is_empty() {
                continue;
            }
            if let Some(i) = position[cell.col as usize] {
                values[at + i] = std::mem::take(&mut cell.value);
            }
        }
        out_rows.push(*row);
    }
    Some(SheetTable {
        sheet: name,
        header_rows: header,
        columns,
        values,
        rows: out_rows,
        notes,
    })
}

/// "A, B, C, D, E, F and 12 more".
fn short_list(items: &[String]) -> String {
    const SHOWN: usize = 6;
    if items.len() <= SHOWN + 1 {
        crate::text::grammar::list(items, "and")
    } else {
        format!(
            "{} and {} more",
            items[..SHOWN].join(", "),
            items.len() - SHOWN
        )
    }
}

/// (row, start, end) of each row's cells in `cells`.
fn row_spans(cells: &[RawCell]) -> Vec<(u32, usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for i in 1..=cells.len() {
        if i == cells.len() || cells[i].row != cells[start].row {
            if cells[start..i].iter().any(|c| !c.value.is_empty()) {
                spans.push((cells[start].row, start, i));
            }
            start = i;
        }
    }
    spans
}

fn row_cells<'a>(cells: &'a [RawCell], rows: &[(u32, usize, usize)], row: u32) -> &'a [RawCell] {
    match rows.binary_search_by_key(&row, |(r, _, _)| *r) {
        Ok(i) => &cells[rows[i].1..rows[i].2],
        Err(_) => &[],
    }
}

/// Distinct texts in `row` under the columns of `merge`: sub-headers, when there are two or more.
fn sub_headers(cells: &[RawCell], rows: &[(u32, usize, usize)], row: u32, merge: &Rect) -> usize {
    let texts: BTreeSet<String> = row_cells(cells, rows, row)
        .iter()
        .filter(|c| (merge.first_col..=merge.last_col).contains(&c.col))
        .filter_map(|c| c.value.as_text())
        .map(clean_header)
        .filter(|t| !t.is_empty())
        .collect();
    texts.len()
}

fn distinct_texts(cells: &[RawCell], rows: &[(u32, usize, usize)], row: u32) -> usize {
    let texts: BTreeSet<String> = row_cells(cells, rows, row)
        .iter()
        .filter(|c| !c.value.is_empty())
        .map(|c| c.value.to_string())
        .collect();
    texts.len()
}

/// Column → name over a header block: a label merged across the columns of a sub-header
/// row is joined with each sub-header ("Stockpile" over "Submunitions" → "Stockpile Submunitions").
fn header_names(
    cells: &[RawCell],
    rows: &[(u32, usize, usize)],
    block: (u32, u32),
) -> HashMap<u32, String> {
    let mut parts: HashMap<u32, Vec<String>> = HashMap::new();
    for row in block.0..=block.1 {
        for cell in row_cells(cells, rows, row) {
            let text = clean_header(&cell.value.to_string());
            if text.is_empty() {
                continue;
            }
            let entry = parts.entry(cell.col).or_default();
            if !entry.contains(&text) {
                entry.push(text);
            }
        }
    }
    parts
        .into_iter()
        .map(|(col, p)| (col, p.join(" ")))
        .collect()
}

/// Copies each merged region's value into all its cells, as a reader of the sheet sees it.
/// `cells` are in row then column order, and stay so.
fn fill_merges(cells: &mut Vec<RawCell>, merges: &[Rect]) {
    let mut budget = MAX_MERGE_FILL;
    let present = |cells: &[RawCell], row: u32, col: u32| {
        cells
            .binary_search_by_key(&(row, col), |c| (c.row, c.col))
            .is_ok()
    };
    let mut extra: Vec<RawCell> = Vec::new();
    for m in merges {
        let area = m.area();
        if area > MAX_MERGE_AREA || area > budget {
            continue;
        }
        budget -= area;
        let Ok(i) = cells.binary_search_by_key(&(m.first_row, m.first_col), |c| (c.row, c.col))
        else {
            continue;
        };
        let value = cells[i].value.clone();
        for row in m.first_row..=m.last_row {
            for col in m.first_col..=m.last_col {
                if (row, col) != (m.first_row, m.first_col) && !present(cells, row, col) {
                    extra.push(RawCell {
                        row,
                        col,
                        value: value.clone(),
                    });
                }
            }
        }
    }
    if extra.is_empty() {
        return;
    }
    // Overlapping regions may fill a cell twice: the first region met wins, as before.
    extra.sort_by_key(|c| (c.row, c.col));
    extra.dedup_by_key(|c| (c.row, c.col));
    // Merge the new cells in among the rows they fall on; the rows after them move once.
    let first = (extra[0].row, extra[0].col);
    let last = (extra[extra.len() - 1].row, extra[extra.len() - 1].col);
    let from = cells.partition_point(|c| (c.row, c.col) < first);
    let to = cells.partition_point(|c| (c.row, c.col) <= last);
    let middle: Vec<RawCell> = cells.drain(from..to).collect();
    let mut merged = Vec::with_capacity(middle.len() + extra.len());
    let (mut a, mut b) = (middle.into_iter().peekable(), extra.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => (x.row, x.col) < (y.row, y.col),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        merged.push(if take_a { a.next() } else { b.next() }.expect("peeked"));
    }
    cells.splice(from..from, merged);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[(u32, u32, &str)], merges: Vec<Rect>) -> RawSheet {
        RawSheet {
            name: "S".into(),
            cells: cells
                .iter()
                .map(|(r, c, v)| RawCell {
                    row: *r,
                    col: *c,
                    value: Value::text(v),
                })
                .collect(),
            merges,
            error: None,
        }
    }

    #[test]
    fn skips_title_and_blank_rows() {
        let s = sheet(
            &[
                (0, 0, "Stockpiles 2011"),
                (2, 0, "State "),
                (2, 1, "Stage"),
                (3, 0, "Chile"),
                (3, 1, "plan"),
                (5, 0, "Peru"),
                (5, 1, "budget"),
            ],
            vec![],
        );
        let t = extract(s.clone(), &HeaderHint::default()).unwrap();
        assert_eq!(t.header_rows, (2, 2));
        assert_eq!(
            t.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["State", "Stage"]
        );
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1], 5);
    }

    #[test]
    fn merged_title_and_two_level_header() {
        let merges = vec![
            Rect {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 2,
            },
            Rect {
                first_row: 1,
                first_col: 0,
                last_row: 2,
                last_col: 0,
            },
            Rect {
                first_row: 1,
                first_col: 1,
                last_row: 1,
                last_col: 2,
            },
        ];
        let s = sheet(
            &[
                (0, 0, "Title"),
                (1, 0, "State"),
                (1, 1, "Stockpile"),
                (2, 1, "Submunitions"),
                (2, 2, "Munitions"),
                (3, 0, "Chile"),
                (3, 1, "10"),
                (3, 2, "2"),
            ],
            merges,
        );
        let t = extract(s.clone(), &HeaderHint::default()).unwrap();
        assert_eq!(t.header_rows, (1, 2));
        assert_eq!(
            t.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["State", "Stockpile Submunitions", "Stockpile Munitions"]
        );
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn label_merged_over_sub_headers_without_vertical_merges() {
        let merges = vec![Rect {
            first_row: 0,
            first_col: 1,
            last_row: 0,
            last_col: 2,
        }];
        let s = sheet(
            &[
                (0, 0, "State"),
                (0, 1, "Stockpile"),
                (1, 1, "Submunitions"),
                (1, 2, "Munitions"),
                (2, 0, "Chile"),
                (2, 1, "10"),
                (2, 2, "2"),
            ],
            merges,
        );
        let t = extract(s.clone(), &HeaderHint::default()).unwrap();
        assert_eq!(t.header_rows, (0, 1));
        assert_eq!(
            t.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["State", "Stockpile Submunitions", "Stockpile Munitions"]
        );
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn a_header_merged_only_to_be_wide_keeps_its_first_data_row() {
        let merges = vec![Rect {
            first_row: 0,
            first_col: 1,
            last_row: 0,
            last_col: 2,
        }];
        let s = sheet(
            &[
                (0, 0, "State"),
                (0, 1, "Comments"),
                (1, 0, "Chile"),
                (1, 1, "plan adopted"),
                (1, 2, "see report"),
            ],
            merges,
        );
        let hint = HeaderHint {
            row: None,
            expected: vec!["State".into(), "Comments".into()],
        };
        let t = extract(s.clone(), &hint).unwrap();
        assert_eq!(t.header_rows, (0, 0));
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn a_title_merged_over_the_header_is_not_part_of_it() {
        let merges = vec![Rect {
            first_row: 0,
            first_col: 0,
            last_row: 0,
            last_col: 1,
        }];
        let s = sheet(
            &[
                (0, 0, "Stockpiles 2011"),
                (1, 0, "State"),
                (1, 1, "Stage"),
                (2, 0, "Chile"),
                (2, 1, "plan"),
            ],
            merges,
        );
        let hint = HeaderHint {
            row: None,
            expected: vec!["State".into(), "Stage".into()],
        };
        for hint in [HeaderHint::default(), hint] {
            let t = extract(s.clone(), &hint).unwrap();
            assert_eq!(t.header_rows, (1, 1));
            assert_eq!(t.rows.len(), 1);
        }
    }

    #[test]
    fn dictionary_names_choose_the_header() {
        let s = sheet(
            &[
                (0, 0, "Notes"),
                (0, 1, "see below"),
                (4, 0, "State"),
                (4, 1, "Deposited"),
                (5, 0, "Chile"),
            ],
            vec![],
        );
        let hint = HeaderHint {
            row: None,
            expected: vec!["State".into(), "Deposited".into()],
        };
        let t = extract(s.clone(), &hint).unwrap();
        assert_eq!(t.header_rows, (4, 4));
    }
}
