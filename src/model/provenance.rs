//! Provenance: which rows of the data are an illustrative sample rather than official records,
//! and what the report drew on them.
//!
//! - The dictionary declares it: on the row of a sheet's Source column, the Provenance cell of
//!   its Columns sheet holds a [`Rule`] such as `illustrative when it contains "illustrative"`
//!   (read in check/dictionary.rs).
//! - The check stage works out once per table which of its rows are illustrative
//!   ([`Provenance`]: a bitmap and its count), so that the sections can tell at once whether a
//!   row, or any row of a view, is illustrative.
//! - The report keeps what each figure drew on ([`Drawn`]) and which texts, tables and charts
//!   were written after their section had looked at illustrative rows (each `report::Text`, table
//!   and chart holds its `marked`, by the rule at `report::Content::observed`).

use crate::model::value::Value;
use crate::text::grammar::group_thousands;
use crate::text::suggest::{fold, fold_chars};

/// A set of the rows of one table, one bit each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowSet {
    bits: Vec<u64>,
    count: usize,
}

impl RowSet {
    pub fn new(rows: usize) -> RowSet {
        RowSet {
            bits: vec![0; rows.div_ceil(64)],
            count: 0,
        }
    }

    pub fn insert(&mut self, row: usize) {
        let (word, bit) = (row / 64, 1u64 << (row % 64));
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        if self.bits[word] & bit == 0 {
            self.bits[word] |= bit;
            self.count += 1;
        }
    }

    pub fn contains(&self, row: usize) -> bool {
        self.bits
            .get(row / 64)
            .is_some_and(|w| w & (1u64 << (row % 64)) != 0)
    }

    /// How many rows the set holds.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// What marks a row as illustrative, as the Provenance cell of the dictionary says it.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// `illustrative when it contains "illustrative"`: the cell's text contains one of these
    /// (capitals, accents and spacing do not matter).
    Contains(Vec<String>),
    /// `illustrative when it is "estimate" or "illustrative"`: the cell holds one of these.
    Is(Vec<String>),
    /// A Provenance cell that could not be read (it is reported at its cell): until it is
    /// corrected every row of the sheet counts as illustrative, on the safe side.
    Unreadable,
}

/// The words that may stand between "when" and the verb of a rule, for the column itself.
const SUBJECTS: [&str; 5] = ["it", "the cell", "the text", "the value", "its text"];

impl Rule {
    /// The form shown in hints and in the docs.
    pub const EXAMPLE: &'static str = "illustrative when it contains \"illustrative\"";

    /// Reads a Provenance cell of the column `column`: `illustrative when it contains
    /// "illustrative"`, `illustrative when it is "estimate" or "illustrative"` (also `is one
    /// of`; the column's own name may stand for "it"; quotes are optional). `None` when the
    /// cell is none of these forms.
    pub fn parse(cell: &str, column: &str) -> Option<Rule> {
        let words: Vec<&str> = cell.split_whitespace().collect();
        let lower: Vec<String> = words.iter().map(|w| fold(w)).collect();
        if lower.len() < 4 || lower[0] != "illustrative" || lower[1] != "when" {
            return None;
        }
        let verb = lower
            .iter()
            .skip(2)
            .position(|w| ["contains", "contain", "is", "equals"].contains(&w.as_str()))?
            + 2;
        let subject = lower[2..verb].join(" ");
        let subject = subject.trim_matches(QUOTES);
        if !subject.is_empty() && !SUBJECTS.contains(&subject) && fold(subject) != fold(column) {
            return None;
        }
        let contains = lower[verb].starts_with("contain");
        let mut rest = verb + 1;
        if !contains && lower.get(rest).map(String::as_str) == Some("one") {
            if lower.get(rest + 1).map(String::as_str) != Some("of") {
                return None;
            }
            rest += 2;
        }
        let values = split_values(&words[rest.min(words.len())..].join(" "));
        if values.is_empty() {
            return None;
        }
        Some(if contains {
            Rule::Contains(values)
        } else {
            Rule::Is(values)
        })
    }

    /// Whether a cell marks its row as illustrative.
    pub fn matches(&self, cell: &Value) -> bool {
        let text = match cell {
            Value::Empty => return matches!(self, Rule::Unreadable),
            Value::Text(t) => std::borrow::Cow::Borrowed(t.as_ref()),
            other => std::borrow::Cow::Owned(other.to_string()),
        };
        match self {
            Rule::Unreadable => true,
            Rule::Is(values) => values.iter().any(|v| fold_chars(v).eq(fold_chars(&text))),
            Rule::Contains(values) => {
                let folded = fold(&text);
                values.iter().any(|v| folded.contains(&fold(v)))
            }
        }
    }
}

const QUOTES: &[char] = &['"', '\'', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}'];

/// `"estimate" or "illustrative"` → ["estimate", "illustrative"]; "or", commas and semicolons
/// separate the values, quotes around each are dropped.
fn split_values(rest: &str) -> Vec<String> {
    let mut values = Vec::new();
    for part in rest.split([',', ';']) {
        let mut current: Vec<&str> = Vec::new();
        for w in part.split_whitespace() {
            if w.eq_ignore_ascii_case("or") && !current.is_empty() {
                values.push(current.join(" "));
                current.clear();
            } else {
                current.push(w);
            }
        }
        if !current.is_empty() {
            values.push(current.join(" "));
        }
    }
    values
        .into_iter()
        .map(|v| v.trim().trim_matches(QUOTES).trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The provenance of a table's rows: the column that says where each row comes from, and
/// which rows it marks as illustrative, worked out once when the table is checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    /// The column, as the dictionary names it ("Source").
    pub column: String,
    /// Its index in the table; `None` when no sheet of the table has it (then every row
    /// counts as illustrative: where it comes from cannot be read).
    pub index: Option<usize>,
    pub rule: Rule,
    illustrative: RowSet,
}

impl Provenance {
    /// Works out which of `rows` rows are illustrative: `cell(row)` is the row's provenance
    /// cell, `None` when the row's sheet lacks the column (such a row counts as illustrative).
    /// Consecutive rows often hold the same text (a whole sheet "Illustrative sample"), so a
    /// row that repeats the previous row's cell is not matched again.
    pub fn work_out<'v>(
        column: &str,
        index: Option<usize>,
        rule: Rule,
        rows: usize,
        cell: impl Fn(usize) -> Option<&'v Value>,
    ) -> Provenance {
        let mut illustrative = RowSet::new(rows);
        let mut last: Option<(&Value, bool)> = None;
        for row in 0..rows {
            let marked = match cell(row) {
                None => true,
                Some(v) => match last {
                    Some((previous, answer)) if same(previous, v) => answer,
                    _ => {
                        let answer = rule.matches(v);
                        last = Some((v, answer));
                        answer
                    }
                },
            };
            if marked {
                illustrative.insert(row);
            }
        }
        Provenance {
            column: column.to_string(),
            index,
            rule,
            illustrative,
        }
    }

    pub fn is_illustrative(&self, row: usize) -> bool {
        self.illustrative.contains(row)
    }

    /// How many rows are illustrative.
    pub fn count(&self) -> usize {
        self.illustrative.count()
    }
}

/// The same cell value, cheaply: the same shared text, or equal values.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => std::sync::Arc::ptr_eq(x, y) || x == y,
        _ => a == b,
    }
}

/// What a figure drew on illustrative rows: how many of the rows behind it are illustrative,
/// and whether its section had already looked at illustrative rows when it made it (its value
/// may then draw on them, whatever rows it names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    pub illustrative_rows: usize,
    pub after_illustrative: bool,
}

impl Drawn {
    /// Whether the figure is marked as drawn, or possibly drawn, from illustrative rows.
    pub fn is_illustrative(self) -> bool {
        self.illustrative_rows > 0 || self.after_illustrative
    }

    /// What the Summary sheet says of it, given the number of rows behind the figure: "12 of
    /// 40 rows are illustrative", or why it may draw on them; `None` when it does not.
    pub fn describe(self, rows: usize) -> Option<String> {
        let n = self.illustrative_rows;
        if n > 0 {
            Some(match rows {
                1 => "its one row is illustrative".to_string(),
                _ if n == rows => {
                    format!("all {} rows are illustrative", group_thousands(rows as i64))
                }
                _ => format!(
                    "{} of {} rows are illustrative",
                    group_thousands(n as i64),
                    group_thousands(rows as i64)
                ),
            })
        } else if self.after_illustrative {
            Some("possibly: made after its section read illustrative rows".to_string())
        } else {
            None
        }
    }

    /// What `explain` says of it, in a sentence: `None` when it does not draw on them.
    pub fn sentence(self, rows: usize) -> Option<String> {
        let why = "rows marked as an illustrative sample, not official records";
        if self.illustrative_rows > 0 {
            let described = self.describe(rows)?;
            Some(format!(
                "{}: drawn from {why}; it shows the method, not a finding.",
                crate::text::grammar::capitalize(&described)
            ))
        } else if self.after_illustrative {
            Some(format!(
                "Possibly drawn from {why}: it was made after its section had read some."
            ))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::text(s)
    }

    #[test]
    fn rules_are_read_in_their_forms() {
        let contains = Some(Rule::Contains(vec!["illustrative".into()]));
        assert_eq!(
            Rule::parse("illustrative when it contains \"illustrative\"", "Source"),
            contains
        );
        assert_eq!(
            Rule::parse("Illustrative when Source contains illustrative", "Source"),
            contains
        );
        assert_eq!(
            Rule::parse(
                "illustrative when it is “estimate” or 'illustrative'",
                "Status"
            ),
            Some(Rule::Is(vec!["estimate".into(), "illustrative".into()]))
        );
        assert_eq!(
            Rule::parse("illustrative when it is one of sample, made up", "Status"),
            Some(Rule::Is(vec!["sample".into(), "made up".into()]))
        );
        for wrong in [
            "",
            "yes",
            "illustrative",
            "illustrative when it contains",
            "illustrative when Kind is sample",
            "when it contains illustrative",
            "illustrative when it is one illustrative",
        ] {
            assert_eq!(Rule::parse(wrong, "Source"), None, "{wrong}");
        }
    }

    #[test]
    fn a_rule_matches_folded_text_and_an_unreadable_one_everything() {
        let contains = Rule::Contains(vec!["Illustrative".into()]);
        assert!(contains.matches(&t("ILLUSTRATIVE sample (not an official record)")));
        assert!(!contains.matches(&t("UN depositary records")));
        assert!(!contains.matches(&Value::Empty));
        let is = Rule::Is(vec!["estimate".into()]);
        assert!(is.matches(&t(" Estimate ")));
        assert!(!is.matches(&t("estimates")));
        assert!(Rule::Unreadable.matches(&Value::Empty));
        assert!(Rule::Unreadable.matches(&t("official")));
    }

    #[test]
    fn provenance_is_worked_out_once_per_row_and_a_row_without_the_column_is_illustrative() {
        let cells = [
            Some(t("Illustrative sample")),
            Some(t("Illustrative sample")),
            Some(t("Monitor 2011")),
            None,
            Some(Value::Empty),
        ];
        let rule = Rule::Contains(vec!["illustrative".into()]);
        let p = Provenance::work_out("Source", Some(3), rule, cells.len(), |r| cells[r].as_ref());
        let marked: Vec<bool> = (0..cells.len()).map(|r| p.is_illustrative(r)).collect();
        assert_eq!(marked, [true, true, false, true, false]);
        assert_eq!(p.count(), 3);
        let mut set = RowSet::new(0);
        set.insert(130);
        set.insert(130);
        assert!(set.contains(130) && !set.contains(129) && !set.contains(100_000));
        assert_eq!(set.count(), 1);
    }

    #[test]
    fn a_figure_says_how_much_it_drew_on_illustrative_rows() {
        let d = |illustrative_rows, after_illustrative| Drawn {
            illustrative_rows,
            after_illustrative,
        };
        assert_eq!(d(0, false).describe(40), None);
        assert_eq!(d(0, false).sentence(40), None);
        assert_eq!(
            d(12, false).describe(1_040).as_deref(),
            Some("12 of 1,040 rows are illustrative")
        );
        assert_eq!(
            d(3, true).describe(3).as_deref(),
            Some("all 3 rows are illustrative")
        );
        assert_eq!(
            d(1, true).describe(1).as_deref(),
            Some("its one row is illustrative")
        );
        assert_eq!(
            d(0, true).describe(0).as_deref(),
            Some("possibly: made after its section read illustrative rows")
        );
        assert_eq!(
            d(12, false).sentence(40).as_deref(),
            Some("12 of 40 rows are illustrative: drawn from rows marked as an illustrative sample, not official records; it shows the method, not a finding.")
        );
        assert_eq!(
            d(0, true).sentence(40).as_deref(),
            Some("Possibly drawn from rows marked as an illustrative sample, not official records: it was made after its section had read some.")
        );
        assert!(d(0, true).is_illustrative() && !d(0, false).is_illustrative());
    }
}
