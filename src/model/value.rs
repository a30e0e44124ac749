//! A cell value with its type kept: text, number, yes/no, date, an Excel error, or nothing.

use std::fmt;
use std::sync::Arc;

use crate::model::dates::{self, Date};

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Empty,
    /// Shared so that the thousands of repeated names in a big sheet are stored once.
    Text(Arc<str>),
    Number(f64),
    Bool(bool),
    Date(Date),
    /// An Excel error value such as `#N/A` or `#DIV/0!`, kept by its display form.
    Error(Arc<str>),
}

impl Value {
    pub fn text(s: impl AsRef<str>) -> Value {
        Value::Text(Arc::from(s.as_ref()))
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<Date> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// How a problem message shows the value found: text in quotes, others by kind.
    pub fn describe(&self) -> String {
        match self {
            Value::Empty => "an empty cell".to_string(),
            Value::Text(s) => format!("\"{}\"", shorten(s, 60)),
            Value::Number(_) => format!("the number {self}"),
            Value::Bool(b) => format!("the logical value {}", if *b { "TRUE" } else { "FALSE" }),
            Value::Date(d) => format!("the date {}", dates::long(*d)),
            Value::Error(e) => format!("the Excel error {e}"),
        }
    }

    /// As a reader of the report sees it: numbers with their thousands separated as the report
    /// writes them ("7,120,159", "1,234.5"), anything else as displayed.
    pub fn grouped(&self) -> String {
        match self {
            Value::Number(n) if n.is_finite() && n.abs() < 1e15 => {
                let whole = n.trunc();
                let grouped = crate::text::grammar::group_thousands(whole as i64);
                let shown = self.to_string();
                match shown.split_once('.') {
                    Some((_, fraction)) => {
                        let sign = if *n < 0.0 && whole == 0.0 { "-" } else { "" };
                        format!("{sign}{grouped}.{fraction}")
                    }
                    None => grouped,
                }
            }
            _ => self.to_string(),
        }
    }

    /// A word for the kind of value, for "type found" columns.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Empty => "empty",
            Value::Text(_) => "text",
            Value::Number(_) => "number",
            Value::Bool(_) => "yes/no",
            Value::Date(_) => "date",
            Value::Error(_) => "error",
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max).collect();
        format!("{head}…")
    }
}

/// Numbers print without a trailing ".0"; dates in the report's long form.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Empty => Ok(()),
            Value::Text(s) => f.write_str(s),
            Value::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    write!(f, "{}", *n as i64)
                } else {
                    write!(f, "{n}")
                }
            }
            Value::Bool(b) => f.write_str(if *b { "yes" } else { "no" }),
            Value::Date(d) => f.write_str(&dates::long(*d)),
            Value::Error(e) => f.write_str(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_and_describes() {
        assert_eq!(Value::Number(14.0).to_string(), "14");
        assert_eq!(Value::Number(2.5).to_string(), "2.5");
        assert_eq!(Value::text("end of 2011").describe(), "\"end of 2011\"");
        assert_eq!(
            Value::Error("#N/A".into()).describe(),
            "the Excel error #N/A"
        );
        assert!(Value::text("  ").is_empty());
        assert_eq!(Value::Number(7120159.0).grouped(), "7,120,159");
        assert_eq!(Value::Number(-1234.5).grouped(), "-1,234.5");
        assert_eq!(Value::Number(-0.5).grouped(), "-0.5");
        assert_eq!(Value::Number(999.0).grouped(), "999");
        assert_eq!(Value::text("1234").grouped(), "1234");
    }
}
