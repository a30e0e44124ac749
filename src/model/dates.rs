//! Calendar dates: Excel serial numbers in both date systems, text typed as a date, month
//! arithmetic for treaty deadlines, and the long form used in reports ("13 September 2011").

use chrono::{Datelike, Duration, NaiveDate};

pub use chrono::NaiveDate as Date;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "13 September 2011".
pub fn long(d: Date) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "2011-09-13".
pub fn iso(d: Date) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// Adds calendar months, keeping the day where the month has it and the month's last day
/// otherwise (31 August + 6 months = 29 February in a leap year). Dates that fall outside
/// the calendar give back `d` unchanged; use [`checked_add_months`] to know.
pub fn add_months(d: Date, months: i32) -> Date {
    checked_add_months(d, months as i64).unwrap_or(d)
}

/// [`add_months`], or `None` when the result is outside the calendar.
pub fn checked_add_months(d: Date, months: i64) -> Option<Date> {
    let total = (d.year() as i64 * 12 + d.month0() as i64).checked_add(months)?;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = total.rem_euclid(12) as u32 + 1;
    (1..=d.day())
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
}

/// Adds days, or `None` when the result is outside the calendar.
pub fn checked_add_days(d: Date, days: i64) -> Option<Date> {
    d.checked_add_signed(Duration::try_days(days)?)
}

/// The date of an Excel serial number. Excel's 1900 system counts 1900 as a leap year,
/// so serials below 61 are one day off from a plain count; the 1904 system has no such quirk.
pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<Date> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    if is_1904 {
        return NaiveDate::from_ymd_opt(1904, 1, 1)?.checked_add_signed(Duration::days(days));
    }
    if days == 0 {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 61 { days + 1 } else { days };
    base.checked_add_signed(Duration::days(days))
}

/// What a piece of text typed into a date column turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum TextDate {
    /// A complete date that can be read one way only ("2011-09-12", "12 September 2011").
    Clear(Date),
    /// Day and month could be swapped ("12/09/2011").
    Ambiguous(Date, Date),
    /// A month without a day ("Sept 2011").
    MonthOnly {
        month: u32,
        year: i32,
    },
    NotADate,
}

/// Reads the forms coordinators type: ISO, "12 September 2011", "September 12, 2011",
/// "12/09/2011", "12.09.2011", "Sept 2011".
pub fn parse_text(text: &str) -> TextDate {
    let t = text.trim().trim_end_matches('.');
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return TextDate::Clear(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y/%m/%d") {
        return TextDate::Clear(d);
    }
    let numeric: Vec<&str> = t.split(['/', '.', '-']).collect();
    if numeric.len() == 3
        && numeric
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let (a, b, y) = (
            numeric[0].parse::<u32>().unwrap_or(0),
            numeric[1].parse::<u32>().unwrap_or(0),
            numeric[2].parse::<i32>().unwrap_or(0),
        );
        let y = if numeric[2].len() == 2 { 2000 + y } else { y };
        let day_first = NaiveDate::from_ymd_opt(y, b, a);
        let month_first = NaiveDate::from_ymd_opt(y, a, b);
        return match (day_first, month_first) {
            (Some(d), Some(m)) if d != m => TextDate::Ambiguous(d, m),
            (Some(d), _) => TextDate::Clear(d),
            (None, Some(m)) => TextDate::Clear(m),
            (None, None) => TextDate::NotADate,
        };
    }
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let month_of = |w: &str| -> Option<u32> {
        if w.len() < 3 {
            return None;
        }
        MONTHS
            .iter()
            .position(|m| m.to_lowercase().starts_with(w.trim_end_matches('.')))
            .map(|i| i as u32 + 1)
    };
    let num = |w: &str| {
        w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
            .parse::<i64>()
            .ok()
    };
    match words.as_slice() {
        [d, m, y] | [m, d, y] if month_of(m).is_some() && num(d).is_some() && num(y).is_some() => {
            let (d, m, y) = (
                num(d).unwrap_or(0),
                month_of(m).unwrap_or(0),
                num(y).unwrap_or(0),
            );
            match NaiveDate::from_ymd_opt(y as i32, m, d as u32) {
                Some(date) if y > 1000 => TextDate::Clear(date),
                _ => TextDate::NotADate,
            }
        }
        [m, y] if month_of(m).is_some() && num(y).is_some_and(|y| y > 1000) => {
            TextDate::MonthOnly {
                month: month_of(m).unwrap_or(1),
                year: num(y).unwrap_or(0) as i32,
            }
        }
        _ => TextDate::NotADate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formats_and_adds() {
        assert_eq!(long(d(2011, 9, 13)), "13 September 2011");
        assert_eq!(add_months(d(2010, 11, 29), 6), d(2011, 5, 29));
        assert_eq!(add_months(d(2011, 8, 31), 6), d(2012, 2, 29));
        assert_eq!(add_months(d(2011, 1, 15), -2), d(2010, 11, 15));
        assert_eq!(checked_add_months(d(2011, 1, 1), i64::MAX), None);
        assert_eq!(checked_add_months(d(2011, 1, 1), 2_147_483_647), None);
        assert_eq!(checked_add_days(d(2011, 1, 1), 1 << 62), None);
        assert_eq!(checked_add_days(d(2011, 1, 1), i64::MIN), None);
    }

    #[test]
    fn excel_serials_in_both_systems() {
        assert_eq!(from_excel_serial(40799.0, false), Some(d(2011, 9, 13)));
        assert_eq!(from_excel_serial(39337.0, true), Some(d(2011, 9, 13)));
        assert_eq!(from_excel_serial(1.0, false), Some(d(1900, 1, 1)));
        assert_eq!(from_excel_serial(-3.0, false), None);
    }

    #[test]
    fn text_dates() {
        assert_eq!(parse_text("2011-09-12"), TextDate::Clear(d(2011, 9, 12)));
        assert_eq!(
            parse_text("12 September 2011"),
            TextDate::Clear(d(2011, 9, 12))
        );
        assert_eq!(parse_text("Sept 12, 2011"), TextDate::Clear(d(2011, 9, 12)));
        assert_eq!(
            parse_text("12/09/2011"),
            TextDate::Ambiguous(d(2011, 9, 12), d(2011, 12, 9))
        );
        assert_eq!(parse_text("25/09/2011"), TextDate::Clear(d(2011, 9, 25)));
        assert_eq!(
            parse_text("Sept 2011"),
            TextDate::MonthOnly {
                month: 9,
                year: 2011
            }
        );
        assert_eq!(parse_text("end of 2011"), TextDate::NotADate);
    }
}
