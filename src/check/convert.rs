//! One cell to its column's declared type. A value that reads as the type in another form (a
//! number typed as text, a date typed as text) is converted with a warning; a value that does
//! not is refused, and the cell counts as empty, so that one typo never stops a report.

use std::sync::Arc;

use crate::check::dictionary::ColumnType;
use crate::check::states::StateList;
use crate::model::dates::{self, TextDate};
use crate::model::value::Value;
use crate::problem::CellProblem;
use crate::text::suggest::{did_you_mean, fold};

/// What checking a column needs, worked out once for all its cells.
#[derive(Debug)]
pub struct ColumnCheck {
    pub ty: ColumnType,
    /// Required in the dictionary, and present in the sheet.
    pub required: bool,
    /// "a date", "one of \"plan\" or \"budget\"": shared by the problems of every cell.
    pub expected: Arc<str>,
    /// For a list: each allowed value folded, and as the dictionary spells it.
    allowed: Vec<(String, Value)>,
}

impl ColumnCheck {
    pub fn new(ty: &ColumnType, required: bool) -> ColumnCheck {
        let allowed = match ty {
            ColumnType::OneOf(values) => values.iter().map(|v| (fold(v), Value::text(v))).collect(),
            _ => Vec::new(),
        };
        ColumnCheck {
            ty: ty.clone(),
            required,
            expected: ty.expected().into(),
            allowed,
        }
    }
}

/// A cell converted, with a warning about how it was read; or the problem that refused it.
/// (Problems are boxed: most cells have none.)
pub type Converted = Result<(Value, Option<Box<CellProblem>>), Box<CellProblem>>;

/// Converts one cell to the declared type. A warning keeps the converted value; an error
/// leaves the cell empty. Texts kept as they are share their storage with the cell read.
/// State names are checked against `states` when the list is known (and not empty).
pub fn convert(
    raw: &Value,
    check: &ColumnCheck,
    states: Option<&StateList>,
    date1904: bool,
) -> Converted {
    let expected = || check.expected.clone();
    let found = || raw.clone();
    let refuse = |problem: CellProblem| Err(Box::new(problem));
    let warn = |value: Value, problem: CellProblem| Ok((value, Some(Box::new(problem))));
    let mismatch = || {
        refuse(CellProblem::NotOfType {
            expected: expected(),
            found: found(),
        })
    };
    match raw {
        Value::Error(error) if check.required => {
            return refuse(CellProblem::ErrorInRequired {
                expected: expected(),
                error: error.clone(),
            })
        }
        Value::Error(error) => {
            let problem = CellProblem::ErrorAsEmpty {
                expected: expected(),
                error: error.clone(),
            };
            return warn(Value::Empty, problem);
        }
        v if v.is_empty() && check.required => {
            return refuse(CellProblem::EmptyRequired {
                expected: expected(),
                found: found(),
            })
        }
        v if v.is_empty() => return Ok((Value::Empty, None)),
        _ => {}
    }
    match &check.ty {
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
            let whole = matches!(check.ty, ColumnType::WholeNumber);
            let (n, as_text) = match raw {
                Value::Number(n) => (*n, false),
                Value::Text(t) => match parse_number(t) {
                    Some(n) => (n, true),
                    None => {
                        return refuse(CellProblem::NotANumber {
                            expected: expected(),
                            found: found(),
                        })
                    }
                },
                _ => return mismatch(),
            };
            if whole && n.fract() != 0.0 {
                return mismatch();
            }
            if as_text {
                let problem = CellProblem::NumberAsText {
                    expected: expected(),
                    found: found(),
                };
                return warn(Value::Number(n), problem);
            }
            Ok((Value::Number(n), None))
        }
        ColumnType::Date => match raw {
            Value::Date(d) => Ok((Value::Date(*d), None)),
            Value::Number(n) if (20_000.0..80_000.0).contains(n) => {
                let date = dates::from_excel_serial(*n, date1904).expect("in range");
                let problem = CellProblem::SerialAsDate {
                    found: found(),
                    date,
                };
                warn(Value::Date(date), problem)
            }
            Value::Text(t) => match dates::parse_text(t) {
                TextDate::Clear(date) => {
                    let problem = CellProblem::DateAsText {
                        found: found(),
                        date,
                    };
                    warn(Value::Date(date), problem)
                }
                TextDate::Ambiguous(day_first, month_first) => refuse(CellProblem::AmbiguousDate {
                    found: found(),
                    day_first,
                    month_first,
                }),
                TextDate::MonthOnly { month, year } => refuse(CellProblem::DateWithoutDay {
                    found: found(),
                    month,
                    year,
                }),
                TextDate::NotADate => refuse(CellProblem::NotADate { found: found() }),
            },
            _ => mismatch(),
        },
        ColumnType::YesNo => match raw {
            Value::Bool(b) => Ok((Value::Bool(*b), None)),
            Value::Number(n) if *n == 0.0 || *n == 1.0 => Ok((Value::Bool(*n == 1.0), None)),
            Value::Text(t) => match fold(t).as_str() {
                "yes" | "y" | "true" | "x" | "✓" | "oui" | "sí" | "si" => {
                    Ok((Value::Bool(true), None))
                }
                "no" | "n" | "false" | "non" => Ok((Value::Bool(false), None)),
                _ => mismatch(),
            },
            _ => mismatch(),
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
                None => refuse(CellProblem::NotInList {
                    expected: expected(),
                    found: found(),
                    suggestion: did_you_mean(&text, allowed.iter().map(String::as_str))
                        .map(Into::into),
                }),
            }
        }
        ColumnType::State => {
            let Value::Text(t) = raw else {
                return mismatch();
            };
            let Some(states) = states.filter(|s| !s.is_empty()) else {
                return Ok((Value::text(t.trim()), None));
            };
            match states.resolve_shared(t) {
                Some(name) => Ok((Value::Text(name), None)),
                None => refuse(CellProblem::NotAState {
                    found: found(),
                    suggestion: states.suggest(t).map(Into::into),
                }),
            }
        }
    }
}

/// "1,234", " 12 ", "12.5", "-3", "40%" → numbers; anything else is not a number.
pub fn parse_number(text: &str) -> Option<f64> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::Date;
    use crate::problem::Kind;

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
            Ok((_, Some(p))) => p.to_string(),
            Err(p) => p.to_string(),
            Ok((_, None)) => String::new(),
        }
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
        let Err(p) = conv(
            &Value::text("Sept 2011"),
            &ColumnType::Date,
            true,
            None,
            false,
        ) else {
            panic!("a month is not a date")
        };
        assert_eq!(
            p.hint().as_deref(),
            Some("a date needs a day: if it is not known, type 1 September 2011 and say so in a note")
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

    #[test]
    fn empty_cells_and_errors_count_as_empty_unless_required() {
        let blank = Value::text("  ");
        assert_eq!(
            conv(&blank, &ColumnType::Number, false, None, false).unwrap(),
            (Value::Empty, None)
        );
        let Err(p) = conv(&blank, &ColumnType::Number, true, None, false) else {
            panic!("required")
        };
        assert_eq!(p.to_string(), "expected a number, found an empty cell");
        assert_eq!(p.found().as_deref(), Some("  "));
        let (value, warning) = conv(
            &Value::Error("#REF!".into()),
            &ColumnType::Text,
            false,
            None,
            false,
        )
        .unwrap();
        assert_eq!(value, Value::Empty);
        assert_eq!(
            warning.unwrap().to_string(),
            "the Excel error #REF! was treated as an empty cell"
        );
    }

    #[test]
    fn values_in_other_forms_are_read_as_the_type() {
        let yes = conv(&Value::text("Oui"), &ColumnType::YesNo, false, None, false).unwrap();
        assert_eq!(yes, (Value::Bool(true), None));
        let list = ColumnType::OneOf(vec!["plan".into(), "budget".into()]);
        let (value, _) = conv(&Value::text(" BUDGET"), &list, false, None, false).unwrap();
        assert_eq!(value, Value::text("budget"));
        let Err(p) = conv(&Value::text("buget"), &list, false, None, false) else {
            panic!("not in the list")
        };
        assert_eq!(p.hint().as_deref(), Some("did you mean \"budget\"?"));
        let Err(p) = conv(
            &Value::Number(2.5),
            &ColumnType::WholeNumber,
            false,
            None,
            false,
        ) else {
            panic!("not whole")
        };
        assert_eq!(
            p.to_string(),
            "expected a whole number, found the number 2.5"
        );
        let states = StateList::from_names(&["Chile"]);
        let (chile, _) = conv(
            &Value::text(" chile"),
            &ColumnType::State,
            true,
            Some(&states),
            false,
        )
        .unwrap();
        assert_eq!(chile, Value::text("Chile"));
        assert_eq!(parse_number("40%"), Some(0.4));
        assert_eq!(parse_number("about 12"), None);
    }
}
