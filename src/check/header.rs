//! From raw cells to a table: find the header row (wherever it is, merged or not), name the
//! columns, and gather the data rows below it.
//!
//! Coordinators put titles above tables, merge header cells, leave blank rows and type
//! trailing spaces; none of that should matter. When the dictionary names the columns a sheet
//! should have, the header is the row that matches them best.

use std::collections::{BTreeSet, HashMap};

use crate::check::dictionary::{Dictionary, SheetSpec};
use crate::check::inputs::Workbook;
use crate::model::value::Value;
use crate::problem::{Place, Problem, Problems, SheetProblem};
use crate::read::{RawCell, RawSheet, Rect};
use crate::text::cellref;
use crate::text::suggest::fold;

/// A sheet whose header has been found: its columns named, its data rows gathered below
/// the header. The values are still as read; the next stage checks them.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderedSheet {
    /// Project-relative path of the workbook.
    pub workbook: String,
    /// The workbook counts dates from 1904.
    pub date1904: bool,
    /// The sheet's name, as on its tab.
    pub sheet: String,
    /// First and last header rows, 0-based (two rows when a header is merged vertically).
    pub header_rows: (u32, u32),
    pub columns: Vec<HeaderColumn>,
    /// The data rows' values, row after row, one per column (`columns.len()` a row): one
    /// allocation for the whole sheet rather than one per row.
    pub values: Vec<Value>,
    /// 0-based sheet row of each data row.
    pub rows: Vec<u32>,
    /// Things about the layout the user should know.
    pub notes: Vec<Note>,
}

/// Something about a sheet's layout the user should know, with the cell it concerns
/// (0-based).
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub row: u32,
    pub col: u32,
    pub problem: SheetProblem,
}

impl HeaderedSheet {
    /// The column whose header is `name` (compared folded).
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = fold(name);
        self.columns.iter().position(|h| fold(&h.name) == name)
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

impl HeaderHint {
    /// What the sheet's description in the dictionary says, if it has one.
    pub fn from_spec(spec: Option<&SheetSpec>) -> HeaderHint {
        HeaderHint {
            row: spec.and_then(|s| s.header_row),
            expected: spec
                .map(|s| s.columns.iter().map(|c| c.name.clone()).collect())
                .unwrap_or_default(),
        }
    }
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

/// Finds the header of every sheet of the workbooks, in order, consuming them. Sheets that
/// could not be read are left out (they are reported already), and so are the helper sheets
/// of a filled-in template (Instructions, Lists) when the dictionary does not describe them;
/// a sheet the dictionary describes that holds nothing is reported.
pub fn find_all(
    workbooks: Vec<Workbook>,
    dictionary: &Dictionary,
    problems: &mut Problems,
) -> Vec<HeaderedSheet> {
    let mut found = Vec::new();
    for Workbook { file, raw } in workbooks {
        let date1904 = raw.date1904;
        for sheet in raw.sheets {
            if sheet.error.is_some() {
                continue;
            }
            let spec = dictionary.sheet(&sheet.name);
            if spec.is_none() && crate::template::is_helper_sheet(&sheet.name) {
                continue;
            }
            let name = sheet.name.clone();
            match find(&file, date1904, sheet, &HeaderHint::from_spec(spec)) {
                Some(headered) => found.push(headered),
                None if spec.is_some() => {
                    let place = Place::sheet(&file, &name);
                    problems.push(Problem::new(place, SheetProblem::Empty));
                }
                None => {}
            }
        }
    }
    found
}

/// Finds the header of one sheet and gathers its data rows, or `None` when the sheet holds
/// nothing. The sheet is consumed: its values move into the result, and its cells are freed
/// as soon as it is built.
pub fn find(
    workbook: &str,
    date1904: bool,
    sheet: RawSheet,
    hint: &HeaderHint,
) -> Option<HeaderedSheet> {
    let RawSheet {
        name,
        mut cells,
        merges,
        ..
    } = sheet;
    fill_merges(&mut cells, &merges);
    if cells.is_empty() {
        return None;
    }
    let layout = Layout::new(&cells, &merges);
    let expected: BTreeSet<String> = hint.expected.iter().map(|e| fold(e)).collect();
    let header = match hint.row.filter(|r| *r >= 1) {
        Some(declared) => layout.block_at(declared - 1, &expected),
        None => layout.best_header(&expected),
    };
    let (columns, notes) = layout.name_columns(header);
    let spans = layout.rows;
    let (values, rows) = take_rows(&mut cells, &spans, header, &columns);
    Some(HeaderedSheet {
        workbook: workbook.to_string(),
        date1904,
        sheet: name,
        header_rows: header,
        columns,
        values,
        rows,
        notes,
    })
}

/// A sheet's filled cells, by row: what the header is found among.
struct Layout<'a> {
    cells: &'a [RawCell],
    merges: &'a [Rect],
    /// (row, start, end) of each row that holds something, its cells `cells[start..end]`.
    rows: Vec<(u32, usize, usize)>,
}

impl<'a> Layout<'a> {
    fn new(cells: &'a [RawCell], merges: &'a [Rect]) -> Layout<'a> {
        Layout {
            cells,
            merges,
            rows: row_spans(cells),
        }
    }

    fn row_cells(&self, row: u32) -> &'a [RawCell] {
        match self.rows.binary_search_by_key(&row, |(r, _, _)| *r) {
            Ok(i) => &self.cells[self.rows[i].1..self.rows[i].2],
            Err(_) => &[],
        }
    }

    /// How many of the dictionary's column names a header block holds.
    fn score(&self, block: (u32, u32), expected: &BTreeSet<String>) -> usize {
        self.names(block)
            .values()
            .filter(|n| expected.contains(&fold(n)))
            .count()
    }

    /// The header block that starts at `row`: one row, or more when cells of it are merged
    /// downwards, or when a label merged across columns stands over sub-headers.
    fn block_at(&self, row: u32, expected: &BTreeSet<String>) -> (u32, u32) {
        let small = |m: &&Rect| m.area() <= MAX_MERGE_AREA;
        let end = self
            .merges
            .iter()
            .filter(small)
            .filter(|m| m.first_row == row && m.last_row > row)
            .map(|m| m.last_row.min(row + 2))
            .max()
            .unwrap_or(row);
        // A label merged across columns over a sub-header in each ("Stockpile" over
        // "Submunitions" and "Munitions") makes two header rows even when no cell beside
        // it is merged downwards; unless the dictionary's names fit the single row better
        // (a header merged only to be wide, over a first data row).
        let grouped = self.merges.iter().filter(small).any(|m| {
            m.first_row == row && m.last_row == row && m.last_col > m.first_col && {
                self.sub_headers(row + 1, m) >= 2
            }
        });
        let extended = (row, end.max(row + 1));
        if !grouped || extended == (row, end) {
            return (row, end);
        }
        if self.score(extended, expected) >= self.score((row, end), expected) {
            extended
        } else {
            (row, end)
        }
    }

    /// The header among the first rows: the block holding most of the dictionary's names
    /// (the highest of equals), or else the first row with two different texts.
    fn best_header(&self, expected: &BTreeSet<String>) -> (u32, u32) {
        let candidates: Vec<(u32, u32)> = self
            .rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .map(|(r, _, _)| self.block_at(*r, expected))
            .collect();
        let best = candidates
            .iter()
            .map(|block| (self.score(*block, expected), *block))
            .filter(|(score, _)| *score > 0)
            .max_by_key(|(score, block)| (*score, std::cmp::Reverse(block.0)));
        match best {
            Some((_, block)) => block,
            None => candidates
                .iter()
                .find(|block| self.distinct_texts(block.0) >= 2)
                .or(candidates.first())
                .copied()
                .unwrap_or((0, 0)),
        }
    }

    /// Names the columns with a header or a value below it: a column without a header is
    /// "Column F", a repeated header is numbered ("Date (2)"); each is noted once per sheet.
    fn name_columns(&self, header: (u32, u32)) -> (Vec<HeaderColumn>, Vec<Note>) {
        let names = self.names(header);
        // Columns with a header or a value below it: a flag per sheet column (at most 16,384).
        let width = self
            .cells
            .iter()
            .map(|c| c.col as usize + 1)
            .max()
            .unwrap_or(0);
        let mut in_use = vec![false; width];
        for col in names.keys() {
            in_use[*col as usize] = true;
        }
        for (_, start, end) in self.rows.iter().filter(|(r, _, _)| *r > header.1) {
            for c in &self.cells[*start..*end] {
                if !in_use[c.col as usize] && !c.value.is_empty() {
                    in_use[c.col as usize] = true;
                }
            }
        }
        let mut columns = Vec::with_capacity(width);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut unnamed: Vec<u32> = Vec::new();
        let mut renamed: Vec<(u32, String, String)> = Vec::new();
        for col in (0..width as u32).filter(|c| in_use[*c as usize]) {
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
        let mut notes = Vec::new();
        if let Some(first) = unnamed.first() {
            let letters = unnamed.iter().map(|c| cellref::column_name(*c)).collect();
            notes.push(Note {
                row: header.1,
                col: *first,
                problem: SheetProblem::UnnamedColumns { letters },
            });
        }
        if let Some((first, _, example)) = renamed.first() {
            let mut headers: Vec<String> = Vec::new();
            for (_, old, _) in &renamed {
                if !headers.contains(old) {
                    headers.push(old.clone());
                }
            }
            let example = example.clone();
            notes.push(Note {
                row: header.0,
                col: *first,
                problem: SheetProblem::RepeatedHeaders { headers, example },
            });
        }
        (columns, notes)
    }

    /// Distinct texts in `row` under the columns of `merge`: sub-headers, when there are two or more.
    fn sub_headers(&self, row: u32, merge: &Rect) -> usize {
        let texts: BTreeSet<String> = self
            .row_cells(row)
            .iter()
            .filter(|c| (merge.first_col..=merge.last_col).contains(&c.col))
            .filter_map(|c| c.value.as_text())
            .map(clean_header)
            .filter(|t| !t.is_empty())
            .collect();
        texts.len()
    }

    fn distinct_texts(&self, row: u32) -> usize {
        let texts: BTreeSet<String> = self
            .row_cells(row)
            .iter()
            .filter(|c| !c.value.is_empty())
            .map(|c| c.value.to_string())
            .collect();
        texts.len()
    }

    /// Column → name over a header block: a label merged across the columns of a sub-header
    /// row is joined with each sub-header ("Stockpile" over "Submunitions" → "Stockpile Submunitions").
    fn names(&self, block: (u32, u32)) -> HashMap<u32, String> {
        let mut parts: HashMap<u32, Vec<String>> = HashMap::new();
        for row in block.0..=block.1 {
            for cell in self.row_cells(row) {
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
}

/// Moves the values of the rows below the header into one row-major vector, a value per
/// column; returns it with the 0-based sheet row of each data row.
fn take_rows(
    cells: &mut [RawCell],
    spans: &[(u32, usize, usize)],
    header: (u32, u32),
    columns: &[HeaderColumn],
) -> (Vec<Value>, Vec<u32>) {
    let data_spans: Vec<&(u32, usize, usize)> =
        spans.iter().filter(|(r, _, _)| *r > header.1).collect();
    // Each sheet column's place in the table.
    let width = columns
        .iter()
        .map(|c| c.col as usize + 1)
        .max()
        .unwrap_or(0);
    let mut position: Vec<Option<usize>> = vec![None; width];
    for (i, c) in columns.iter().enumerate() {
        position[c.col as usize] = Some(i);
    }
    let w = columns.len();
    let mut values = Vec::with_capacity(data_spans.len() * w);
    let mut rows = Vec::with_capacity(data_spans.len());
    for (row, start, end) in data_spans {
        // Every data span holds a non-empty cell, and every column with a non-empty data
        // cell is in the table: the row is kept.
        let at = values.len();
        values.resize(at + w, Value::Empty);
        for cell in &mut cells[*start..*end] {
            if cell.value.is_empty() {
                continue;
            }
            if let Some(i) = position.get(cell.col as usize).copied().flatten() {
                values[at + i] = std::mem::take(&mut cell.value);
            }
        }
        rows.push(*row);
    }
    (values, rows)
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
        let t = find("w.xlsx", false, s.clone(), &HeaderHint::default()).unwrap();
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
        let t = find("w.xlsx", false, s.clone(), &HeaderHint::default()).unwrap();
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
        let t = find("w.xlsx", false, s.clone(), &HeaderHint::default()).unwrap();
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
        let t = find("w.xlsx", false, s.clone(), &hint).unwrap();
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
            let t = find("w.xlsx", false, s.clone(), &hint).unwrap();
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
        let t = find("w.xlsx", false, s.clone(), &hint).unwrap();
        assert_eq!(t.header_rows, (4, 4));
    }

    #[test]
    fn columns_without_a_header_or_with_a_repeated_one_are_named_and_noted() {
        let s = sheet(
            &[
                (0, 0, "State"),
                (0, 1, "Date"),
                (0, 2, "Date"),
                (1, 0, "Chile"),
                (1, 1, "2011"),
                (1, 2, "2012"),
                (1, 4, "stray"),
            ],
            vec![],
        );
        let t = find("w.xlsx", true, s, &HeaderHint::default()).unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["State", "Date", "Date (2)", "Column E"]);
        assert_eq!((t.workbook.as_str(), t.date1904), ("w.xlsx", true));
        assert_eq!(t.values[3], Value::text("stray")); // the first data row, column E
        let notes: Vec<((u32, u32), String)> = t
            .notes
            .iter()
            .map(|n| ((n.row, n.col), n.problem.to_string()))
            .collect();
        assert_eq!(
            notes,
            [
                (
                    (0, 4),
                    "column E has data but no header; it was named \"Column E\"".to_string()
                ),
                (
                    (0, 2),
                    "the header \"Date\" appears more than once; the repeats were numbered, as \"Date (2)\"".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_declared_header_row_is_taken_as_it_is_and_an_empty_sheet_gives_nothing() {
        let s = sheet(
            &[
                (0, 0, "Title"),
                (0, 1, "x"),
                (2, 0, "Meeting"),
                (3, 0, "1MSP"),
            ],
            vec![],
        );
        let hint = HeaderHint {
            row: Some(3),
            expected: vec![],
        };
        let t = find("w.xlsx", false, s, &hint).unwrap();
        assert_eq!(t.header_rows, (2, 2));
        assert_eq!(t.rows, [3]);
        assert_eq!(t.column("meeting"), Some(0));
        assert_eq!(
            find("w.xlsx", false, sheet(&[], vec![]), &HeaderHint::default()),
            None
        );
    }
}
