//! The treaty's rules, typed: the numbers behind every deadline of the report (180 days, 8
//! and 10 years, 30 April, the number of report forms), read from the sheet with the Rules
//! role so that a coordinator changes a rule in Excel, not in Lua.
//!
//! One row per rule: its name in the Rule column, its value in Value, and in Unit what the
//! value is (days, months, years, a date, a day of the year, a whole number...). Each value is
//! checked against its unit when the workbooks are read, and a bad one is reported at its
//! cell; plugins get them typed through `rule(name)` (src/sections/api/rules.rs).

use crate::check::dictionary::ColumnType;
use crate::check::settings::typed;
use crate::model::dates::{self, Date, TextDate};
use crate::model::table::DataTable;
use crate::model::value::Value;
use crate::problem::{CellProblem, Place, Problem, Problems, SettingProblem};
use crate::text::suggest::{did_you_mean, fold, fold_eq};

/// What a rule's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Days,
    Months,
    Years,
    Date,
    /// A day and a month, the same every year ("30 April").
    DayOfYear,
    WholeNumber,
    Number,
    Text,
    YesNo,
}

impl Unit {
    /// The words of the Unit column, as messages and the dictionary list them.
    pub const NAMES: [&'static str; 9] = [
        "days",
        "months",
        "years",
        "date",
        "day of the year",
        "whole number",
        "number",
        "text",
        "yes/no",
    ];

    pub fn parse(word: &str) -> Option<Unit> {
        Some(match fold(word).as_str() {
            "days" | "day" => Unit::Days,
            "months" | "month" => Unit::Months,
            "years" | "year" => Unit::Years,
            "date" => Unit::Date,
            "day of the year" | "day of year" | "day and month" => Unit::DayOfYear,
            "whole number" | "integer" | "count" => Unit::WholeNumber,
            "number" | "decimal" => Unit::Number,
            "text" => Unit::Text,
            "yes/no" | "yes or no" | "boolean" => Unit::YesNo,
            _ => return None,
        })
    }

    /// The column type that checks a value of this unit (a day of the year is read apart).
    fn column_type(self) -> ColumnType {
        match self {
            Unit::Days | Unit::Months | Unit::Years | Unit::WholeNumber => ColumnType::WholeNumber,
            Unit::Number => ColumnType::Number,
            Unit::Date | Unit::DayOfYear => ColumnType::Date,
            Unit::Text => ColumnType::Text,
            Unit::YesNo => ColumnType::YesNo,
        }
    }
}

/// A rule's value, of its unit.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleValue {
    /// Days, months, years or a whole number.
    Whole(i64),
    Number(f64),
    Date(Date),
    DayOfYear {
        month: u32,
        day: u32,
    },
    Text(String),
    Bool(bool),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub name: String,
    pub unit: Option<Unit>,
    /// `None` when the Value cell is empty or was refused (reported when read).
    pub value: Option<RuleValue>,
    /// The Value cell.
    pub place: Place,
}

/// Every rule of the project, in the order of the Rules sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rules {
    pub rules: Vec<Rule>,
}

impl Rules {
    /// A rule by name, compared as folded text ("initial report (days after entry into force)").
    pub fn get(&self, name: &str) -> Option<&Rule> {
        // Compared character by character: plugins ask for a rule State by State.
        self.rules.iter().find(|r| fold_eq(&r.name, name))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.name.as_str())
    }
}

/// Reads the rules from the table of the Rules sheet (columns Rule, Value and Unit; without
/// Rule and Value there are none). Values are checked against their unit; problems are
/// reported at their cell.
pub fn read(table: &DataTable, problems: &mut Problems) -> Rules {
    let (Some(k), Some(v)) = (table.column_index("Rule"), table.column_index("Value")) else {
        return Rules::default();
    };
    let unit_col = table.column_index("Unit");
    let mut rules = Rules::default();
    for r in 0..table.len() {
        let name = table.get(r, k).to_string().trim().to_string();
        if name.is_empty() {
            continue;
        }
        let place = table.location(r, Some(v));
        let word = unit_col
            .map(|c| table.get(r, c).to_string().trim().to_string())
            .unwrap_or_default();
        let unit = if word.is_empty() {
            None
        } else {
            let unit = Unit::parse(&word);
            if unit.is_none() {
                let problem = SettingProblem::UnknownUnit {
                    suggestion: did_you_mean(&word, Unit::NAMES).map(Into::into),
                    word,
                };
                problems.push(Problem::new(table.location(r, unit_col), problem));
            }
            unit
        };
        let raw = table.get(r, v);
        let value = if raw.is_empty() {
            let problem = SettingProblem::RuleWithoutValue { rule: name.clone() };
            problems.push(Problem::new(place.clone(), problem));
            None
        } else {
            let (value, problem) = value_of(raw, unit);
            if let Some(problem) = problem {
                problems.push(Problem::new(place.clone(), problem));
            }
            value
        };
        rules.rules.push(Rule {
            name,
            unit,
            value,
            place,
        });
    }
    rules
}

/// A cell's value read as a rule of `unit` (without one, as typed), and the problem to report
/// at the cell, if any.
fn value_of(raw: &Value, unit: Option<Unit>) -> (Option<RuleValue>, Option<CellProblem>) {
    let Some(unit) = unit else {
        return (as_typed(raw), None);
    };
    if unit == Unit::DayOfYear {
        return match day_of_year(raw) {
            Some((month, day)) => (Some(RuleValue::DayOfYear { month, day }), None),
            None => (
                None,
                Some(CellProblem::NotADayOfYear { found: raw.clone() }),
            ),
        };
    }
    let (value, problem) = typed(raw, &unit.column_type());
    (as_typed(&value), problem)
}

/// A value as it is: whole numbers as whole numbers.
fn as_typed(value: &Value) -> Option<RuleValue> {
    Some(match value {
        Value::Empty | Value::Error(_) => return None,
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => RuleValue::Whole(*n as i64),
        Value::Number(n) => RuleValue::Number(*n),
        Value::Date(d) => RuleValue::Date(*d),
        Value::Bool(b) => RuleValue::Bool(*b),
        Value::Text(t) => RuleValue::Text(t.trim().to_string()),
    })
}

/// "30 April", "April 30", "30 Apr", or a date of any year (Excel turns "30 April" typed into
/// a cell into a date of the current year): its month and day. 29 February is refused, as it
/// is not a day of every year.
fn day_of_year(raw: &Value) -> Option<(u32, u32)> {
    use chrono::Datelike;
    let date = match raw {
        Value::Date(d) => *d,
        Value::Text(t) => {
            let t = t.trim();
            let with_year = if t.split_whitespace().count() == 2 {
                format!("{t} 2001") // a year that is not a leap year
            } else {
                return None;
            };
            match dates::parse_text(&with_year) {
                TextDate::Clear(d) => d,
                _ => return None,
            }
        }
        _ => return None,
    };
    Some((date.month(), date.day())).filter(|md| *md != (2, 29))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<[Value; 3]>) -> DataTable {
        let rows = rows.into_iter().map(|r| r.to_vec());
        DataTable::sheet(
            "workbooks/settings.xlsx",
            "Rules",
            &["Rule", "Value", "Unit"],
            rows,
        )
    }

    fn t(s: &str) -> Value {
        Value::text(s)
    }

    #[test]
    fn rules_are_typed_by_their_unit_and_bad_values_reported_at_their_cell() {
        let d = |y, m, day| Date::from_ymd_opt(y, m, day).unwrap();
        let table = table(vec![
            [t("Initial report (days)"), Value::Number(180.0), t("days")],
            [t("Annual report due"), t("30 April"), t("day of the year")],
            [
                t("Annual report (as a date)"),
                Value::Date(d(2025, 4, 30)),
                t("day of year"),
            ],
            [t("In force"), Value::Date(d(2010, 8, 1)), t("date")],
            [t("Stockpiles"), t("eight"), t("years")],
            [t("Leap day"), t("29 February"), t("day of the year")],
            [t("Forms"), Value::Number(10.0), t("nunber")],
            [t("Grace"), Value::Empty, t("days")],
            [Value::Empty, Value::Number(1.0), t("days")],
        ]);
        let mut problems = Problems::new();
        let rules = read(&table, &mut problems);
        let values: Vec<(&str, Option<RuleValue>)> = rules
            .rules
            .iter()
            .map(|r| (r.name.as_str(), r.value.clone()))
            .collect();
        assert_eq!(
            values,
            [
                ("Initial report (days)", Some(RuleValue::Whole(180))),
                (
                    "Annual report due",
                    Some(RuleValue::DayOfYear { month: 4, day: 30 })
                ),
                (
                    "Annual report (as a date)",
                    Some(RuleValue::DayOfYear { month: 4, day: 30 })
                ),
                ("In force", Some(RuleValue::Date(d(2010, 8, 1)))),
                ("Stockpiles", None),
                ("Leap day", None),
                ("Forms", Some(RuleValue::Whole(10))),
                ("Grace", None),
            ]
        );
        assert_eq!(
            rules.get("initial REPORT (days)").unwrap().unit,
            Some(Unit::Days)
        );
        let shown: Vec<String> = problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "error: workbooks/settings.xlsx, sheet Rules, cell B6: expected a whole number, found \"eight\"\n  hint: type only the number (1200, not \"about 1,200\"), or leave the cell empty if it is not known; put remarks in a note column",
                "error: workbooks/settings.xlsx, sheet Rules, cell B7: expected a day of the year such as 30 April, found \"29 February\"\n  hint: type the day and the month, e.g. 30 April (a date of any year also does: only its day and month are used)",
                "error: workbooks/settings.xlsx, sheet Rules, cell C8: unknown unit \"nunber\"\n  hint: did you mean \"number\"?",
                "error: workbooks/settings.xlsx, sheet Rules, cell B9: the rule \"Grace\" has no value\n  hint: type its value: the plugins that use the rule stop without it",
            ]
        );
    }
}
