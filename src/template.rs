//! Blank input workbooks made from the dictionary, ready for a coordinator to fill in.
//!
//! Each workbook holds the sheets that the dictionary's Workbook column assigns to it, with
//! the header row styled and frozen, readable column widths, a dropdown for every "one of a
//! list", State and yes/no column, date and number validation, and an input message taken
//! from the column's description. The lists behind the dropdowns are on a hidden sheet
//! ("Lists"), each under a defined name, because lists typed into a validation stop at 255
//! characters (the master list of States is much longer). An Instructions sheet comes first.
//!
//! The Instructions and Lists sheets are skipped when a filled-in template is read back.

use anyhow::Result;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, Formula, Workbook, Worksheet,
};

use crate::check::dictionary::{ColumnSpec, ColumnType, Dictionary, Role, SheetSpec};
use crate::check::states::StateList;
use crate::text::grammar;
use crate::text::suggest::fold;
use crate::write::excel::{formats, sheet_names};

/// The sheet that explains the workbook, first in every template.
pub const INSTRUCTIONS: &str = "Instructions";
/// The hidden sheet that holds the dropdown lists.
pub const LISTS: &str = "Lists";
/// The defined name of the master list of States.
pub const STATES_NAME: &str = "list_States";

/// Last row (0-based) that validations cover: the whole column below the header.
const LAST_ROW: u32 = 1_048_575;

/// Whether a sheet is one that templates add (skipped when a workbook is read, unless the
/// dictionary describes a sheet of that name).
pub fn is_helper_sheet(name: &str) -> bool {
    fold(name) == fold(INSTRUCTIONS) || fold(name) == fold(LISTS)
}

/// One template workbook: its file name and the sheets it holds, in dictionary order.
#[derive(Clone, Debug)]
pub struct Plan {
    pub file: String,
    pub sheets: Vec<SheetSpec>,
}

/// The template workbooks a dictionary calls for, in the order their first sheet is described.
/// A sheet goes into the workbook its Workbook column names; without one, into the workbook
/// that holds it now (`current`, e.g. "settings.xlsx"), or else one named after the sheet.
pub fn plan(dictionary: &Dictionary, current: impl Fn(&str) -> Option<String>) -> Vec<Plan> {
    let mut plans: Vec<Plan> = Vec::new();
    for spec in &dictionary.sheets {
        let file = match (&spec.workbook, current(&spec.name)) {
            (None, Some(found)) => SheetSpec {
                workbook: Some(found),
                ..spec.clone()
            }
            .workbook_file(),
            _ => spec.workbook_file(),
        };
        match plans
            .iter_mut()
            .find(|p| p.file.to_lowercase() == file.to_lowercase())
        {
            Some(p) => p.sheets.push(spec.clone()),
            None => plans.push(Plan {
                file,
                sheets: vec![spec.clone()],
            }),
        }
    }
    plans
}

/// What a template needs besides the dictionary.
pub struct Context<'a> {
    /// The master list of States, for State dropdowns (may be empty).
    pub states: &'a StateList,
    /// Where the States list is kept, e.g. `workbooks/states.xlsx`.
    pub states_file: Option<String>,
    /// The report's title, from the settings.
    pub title: Option<String>,
    /// The dictionary the template was made from, e.g. `workbooks/dictionary.xlsx`.
    pub dictionary_file: String,
    /// Today, for "made on".
    pub today: crate::model::dates::Date,
}

struct Formats {
    header: Format,
    required_header: Format,
    title: Format,
    heading: Format,
    subtitle: Format,
    date: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: formats::header(),
            required_header: formats::required_header(),
            title: formats::title(),
            heading: formats::heading(),
            subtitle: formats::subtitle(),
            // Not aligned left like the dates of the other workbooks: kept as templates
            // have always been.
            date: Format::new().set_num_format(formats::SHORT_DATE),
            wrap: formats::wrapped(),
        }
    }
}

/// A dropdown list placed on the Lists sheet.
struct ListRange {
    name: String,
    len: usize,
}

/// Builds the template workbook for one plan.
pub fn workbook(plan: &Plan, ctx: &Context) -> Result<Workbook> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(format!("{} (blank template)", plan.file))
        .set_comment(format!(
            "Made by actionplan template from {}",
            ctx.dictionary_file
        ));
    if let Some(title) = &ctx.title {
        properties = properties.set_subject(title);
    }
    wb.set_properties(&properties);

    // The lists first, so that every validation can name its list.
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    let states_used = plan
        .sheets
        .iter()
        .flat_map(|s| &s.columns)
        .any(|c| c.ty == ColumnType::State);
    if states_used && !ctx.states.is_empty() {
        lists.push((STATES_NAME.to_string(), ctx.states.names().to_vec()));
    }
    let mut column_lists: Vec<(String, String, String)> = Vec::new(); // sheet, column, name
    for spec in &plan.sheets {
        for c in &spec.columns {
            if let ColumnType::OneOf(values) = &c.ty {
                let name = unique_name(
                    &format!("list_{}_{}", name_part(&spec.name), name_part(&c.name)),
                    &lists,
                );
                column_lists.push((spec.name.clone(), c.name.clone(), name.clone()));
                lists.push((name, values.clone()));
            }
        }
    }

    // Each sheet's name once, regardless of case: two dictionary sheets cut to the same 31
    // characters, or one named like a helper sheet, would make a workbook Excel refuses. The
    // dictionary's sheets are named first, so that theirs are the names kept.
    let mut names = sheet_names::SheetNames::new();
    let data_names: Vec<String> = plan.sheets.iter().map(|s| names.take(&s.name)).collect();
    let instructions_name = names.take(INSTRUCTIONS);
    let lists_name = names.take(LISTS);
    {
        let ws = wb.add_worksheet();
        ws.set_name(&instructions_name)?;
        instructions(ws, plan, ctx, &f)?;
    }
    for (spec, name) in plan.sheets.iter().zip(&data_names) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        data_sheet(ws, spec, ctx, &lists, &column_lists, &f)?;
    }
    if !lists.is_empty() {
        let ranges = {
            let ws = wb.add_worksheet();
            ws.set_name(&lists_name)?;
            lists_sheet(ws, &lists, &column_lists, &f)?
        };
        // Quoted when it has more than letters and digits ("Lists (2)"), as a formula needs.
        let sheet = if lists_name.chars().all(char::is_alphanumeric) {
            lists_name.clone()
        } else {
            format!("'{}'", lists_name.replace('\'', "''"))
        };
        for (i, r) in ranges.iter().enumerate() {
            let col = column_letters(i as u16);
            wb.define_name(
                &r.name,
                &format!("={sheet}!${col}$2:${col}${}", r.len.max(1) + 1),
            )?;
        }
    }
    Ok(wb)
}

fn lists_sheet(
    ws: &mut Worksheet,
    lists: &[(String, Vec<String>)],
    column_lists: &[(String, String, String)],
    f: &Formats,
) -> Result<Vec<ListRange>> {
    let mut ranges = Vec::new();
    for (i, (name, values)) in lists.iter().enumerate() {
        let col = i as u16;
        let heading = if name == STATES_NAME {
            "States".to_string()
        } else {
            column_lists
                .iter()
                .find(|(_, _, n)| n == name)
                .map(|(s, c, _)| format!("{s}: {c}"))
                .unwrap_or_else(|| name.clone())
        };
        ws.write_string_with_format(0, col, &heading, &f.header)?;
        for (r, v) in values.iter().enumerate() {
            ws.write_string(r as u32 + 1, col, v)?;
        }
        let width = values
            .iter()
            .chain(std::iter::once(&heading))
            .map(|v| v.chars().count())
            .max()
            .unwrap_or(10)
            .clamp(10, 60);
        ws.set_column_width(col, width as f64 + 2.0)?;
        ranges.push(ListRange {
            name: name.clone(),
            len: values.len(),
        });
    }
    ws.set_hidden(true);
    // Unhidden by mistake, the lists still cannot be typed over.
    ws.protect();
    Ok(ranges)
}

fn data_sheet(
    ws: &mut Worksheet,
    spec: &SheetSpec,
    ctx: &Context,
    lists: &[(String, Vec<String>)],
    column_lists: &[(String, String, String)],
    f: &Formats,
) -> Result<()> {
    // A header row further down leaves room for the sheet's description above it.
    let header = spec.header_row.map(|r| r - 1).unwrap_or(0).min(50);
    if header > 0 && !spec.description.is_empty() {
        ws.write_string_with_format(0, 0, &spec.description, &f.heading)?;
    }
    let first = header + 1;
    let states = lists.iter().any(|(n, _)| n == STATES_NAME);
    for (i, c) in spec.columns.iter().enumerate() {
        let col = i as u16;
        let format = if c.required.every_row() {
            &f.required_header
        } else {
            &f.header
        };
        ws.write_string_with_format(header, col, &c.name, format)?;
        ws.set_column_width(col, column_width(c, ctx.states) as f64)?;
        if c.ty == ColumnType::Date {
            ws.set_column_format(col, &f.date)?;
        }
        let list_name = column_lists
            .iter()
            .find(|(s, n, _)| *s == spec.name && *n == c.name)
            .map(|(_, _, name)| name.clone());
        let v = validation(c, list_name.as_deref(), states, ctx)?;
        ws.add_data_validation(first, col, LAST_ROW, col, &v)?;
    }
    ws.set_row_height(header, 30)?;
    ws.set_freeze_panes(first, 0)?;
    Ok(())
}

/// The validation of a column: what it accepts, the message shown when a cell is selected,
/// and the message shown when something else is typed.
fn validation(
    c: &ColumnSpec,
    list: Option<&str>,
    states: bool,
    ctx: &Context,
) -> Result<DataValidation> {
    let (v, help, error) = match &c.ty {
        ColumnType::Text | ColumnType::Any => (DataValidation::new().allow_any_value(), String::new(), None),
        ColumnType::Number => (
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(-1e15, 1e15)),
            "Type a number.".to_string(),
            Some(("Not a number", format!("\"{}\" takes a number, such as 1250 or 12.5.", c.name))),
        ),
        ColumnType::WholeNumber => (
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(i32::MIN, i32::MAX)),
            "Type a whole number.".to_string(),
            Some(("Not a whole number", format!("\"{}\" takes a whole number, such as 14.", c.name))),
        ),
        ColumnType::Date => (
            DataValidation::new().allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1900, 1, 1)?,
                ExcelDateTime::from_ymd(9999, 12, 31)?,
            )),
            "Type a date, such as 13 Sep 2011 or 2011-09-13.".to_string(),
            Some((
                "Not a date",
                format!(
                    "\"{}\" takes a date, such as 13 Sep 2011 or 2011-09-13. If only the month is known, type its first day and say so in a note.",
                    c.name
                ),
            )),
        ),
        ColumnType::YesNo => (
            DataValidation::new().allow_list_strings(&["yes", "no"])?,
            "Choose yes or no.".to_string(),
            Some(("yes or no", format!("\"{}\" takes yes or no.", c.name))),
        ),
        ColumnType::OneOf(values) => {
            let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            (
                DataValidation::new()
                    .allow_list_formula(Formula::new(format!("={}", list.unwrap_or("list")))),
                "Choose from the list.".to_string(),
                Some((
                    "Not in the list",
                    format!(
                        "\"{}\" takes one of {}. Choose from the list.",
                        c.name,
                        grammar::list(&quoted, "or")
                    ),
                )),
            )
        }
        ColumnType::State if states => {
            let where_ = ctx
                .states_file
                .as_deref()
                .map(|f| format!(" ({f})"))
                .unwrap_or_default();
            (
                DataValidation::new()
                    .allow_list_formula(Formula::new(format!("={STATES_NAME}")))
                    .set_error_style(DataValidationErrorStyle::Warning),
                "Choose the State from the list (type its first letters to jump).".to_string(),
                Some((
                    "Not in the States list",
                    format!(
                        "This name is not in the States list{where_}. Choose it from the list. Another spelling the States list gives as an alias is accepted too; a State missing from the list must be added there first."
                    ),
                )),
            )
        }
        ColumnType::State => (
            DataValidation::new().allow_any_value(),
            "Type the State's name as in the States list.".to_string(),
            None,
        ),
    };
    let mut message = c.description.trim().to_string();
    if !help.is_empty() {
        if !message.is_empty() {
            message.push_str(if message.ends_with('.') { " " } else { ". " });
        }
        message.push_str(&help);
    }
    if c.required.every_row() {
        if !message.is_empty() && !message.ends_with('.') {
            message.push('.');
        }
        message.push_str(" Required on every row.");
    } else if let crate::check::dictionary::Required::When { .. } = &c.required {
        if !message.is_empty() && !message.ends_with('.') {
            message.push('.');
        }
        message.push_str(&format!(" Required {}.", c.required.describe()));
    }
    let title = if c.required.every_row() {
        format!("{} (required)", c.name)
    } else {
        c.name.clone()
    };
    let mut v = v
        .set_input_title(shorten(&title, 32))?
        .set_input_message(shorten(message.trim(), 255))?;
    if let Some((title, text)) = error {
        v = v
            .set_error_title(shorten(title, 32))?
            .set_error_message(shorten(&text, 255))?;
    }
    Ok(v)
}

fn instructions(ws: &mut Worksheet, plan: &Plan, ctx: &Context, f: &Formats) -> Result<()> {
    let mut row = 0u32;
    let mut line = |ws: &mut Worksheet, text: &str, format: Option<&Format>| -> Result<()> {
        match format {
            Some(fmt) => ws.write_string_with_format(row, 0, text, fmt)?,
            None => ws.write_string(row, 0, text)?,
        };
        row += 1;
        Ok(())
    };
    line(
        ws,
        &format!("{}: how to fill in this workbook", plan.file),
        Some(&f.title),
    )?;
    if let Some(title) = &ctx.title {
        line(ws, &format!("For the {title}"), Some(&f.subtitle))?;
    }
    line(
        ws,
        &format!(
            "Made by actionplan template on {} from the data dictionary {}.",
            crate::model::dates::long(ctx.today),
            ctx.dictionary_file
        ),
        Some(&f.subtitle),
    )?;
    line(ws, "", None)?;
    line(ws, "How to fill it in", Some(&f.heading))?;
    let names: Vec<String> = plan
        .sheets
        .iter()
        .map(|s| format!("\"{}\"", s.name))
        .collect();
    let mut steps = vec![
        format!(
            "1. Type your information on the {} {}, one row per record, starting under the blue header row.",
            grammar::agree(plan.sheets.len() as i64, "sheet", "sheets"),
            grammar::list(&names, "and")
        ),
        "2. Keep the names of the sheets and of the column headers as they are: actionplan finds the information by these names.".to_string(),
        "3. Select a cell to see what its column holds. Columns with a darker header are required on every row.".to_string(),
        "4. Where a cell has a dropdown arrow, choose from the list. Type dates as dates (13 Sep 2011, or 2011-09-13), not as words such as \"end of 2011\".".to_string(),
    ];
    let uses_states = plan
        .sheets
        .iter()
        .flat_map(|s| &s.columns)
        .any(|c| c.ty == ColumnType::State);
    if uses_states {
        let from = ctx
            .states_file
            .as_deref()
            .map(|f| format!(" in {f}"))
            .unwrap_or_default();
        steps.push(if ctx.states.is_empty() {
            format!("5. Write each State's name as in the States list{from}.")
        } else {
            format!(
                "5. The list of States is the master list{from} ({} on {}). If a State is missing, ask the secretariat to add it there.",
                grammar::count(ctx.states.len() as i64, "name"),
                crate::model::dates::long(ctx.today)
            )
        });
    }
    steps.push(format!(
        "{}. Save the file as an Excel Workbook (.xlsx), keeping its name, {}, and return it to the secretariat. `actionplan check` then lists anything to correct, by sheet and cell.",
        steps.len() + 1,
        plan.file
    ));
    for s in &steps {
        line(ws, s, None)?;
    }
    line(ws, "", None)?;

    line(ws, "The sheets", Some(&f.heading))?;
    let header = row;
    for (c, h) in ["Sheet", "What it records", "One row per"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(header, c as u16, *h, &f.header)?;
    }
    row += 1;
    for s in &plan.sheets {
        ws.write_string(row, 0, &s.name)?;
        let what = match s.role {
            Role::Data => s.description.clone(),
            Role::States => format!(
                "{}{}The master list of States: every State named in other workbooks must be here, or in its Aliases column.",
                s.description,
                if s.description.is_empty() { "" } else { ". " }
            ),
            Role::Settings => format!(
                "{}{}Settings of the report: one setting per row, its name under Setting and its value under Value.",
                s.description,
                if s.description.is_empty() { "" } else { ". " }
            ),
            Role::Rules => format!(
                "{}{}One rule per row: its name under Rule (as plugins ask for it), its value under Value, and under Unit what the value is (days, months, years, date, day of the year, whole number); the value is checked against its unit.",
                s.description,
                if s.description.is_empty() { "" } else { ". " }
            ),
        };
        ws.write_string_with_format(row, 1, &what, &f.wrap)?;
        ws.write_string(row, 2, grammar::list(&s.one_row_per, "and"))?;
        row += 1;
    }
    row += 1;

    ws.write_string_with_format(row, 0, "The columns", &f.heading)?;
    row += 1;
    for (c, h) in [
        "Sheet",
        "Column",
        "What to type",
        "Required",
        "What it means",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(row, c as u16, *h, &f.header)?;
    }
    row += 1;
    for s in &plan.sheets {
        for c in &s.columns {
            ws.write_string(row, 0, &s.name)?;
            ws.write_string(row, 1, &c.name)?;
            ws.write_string_with_format(row, 2, grammar::capitalize(&c.ty.expected()), &f.wrap)?;
            ws.write_string(row, 3, c.required.describe())?;
            ws.write_string_with_format(row, 4, &c.description, &f.wrap)?;
            row += 1;
        }
    }
    for (c, w) in [24.0, 26.0, 40.0, 10.0, 70.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_active(true);
    Ok(())
}

fn column_width(c: &ColumnSpec, states: &StateList) -> usize {
    let content = match &c.ty {
        ColumnType::Date => 14,
        ColumnType::YesNo => 8,
        ColumnType::Number | ColumnType::WholeNumber => 12,
        ColumnType::OneOf(values) => {
            values.iter().map(|v| v.chars().count()).max().unwrap_or(10) + 3
        }
        ColumnType::State => {
            states
                .names()
                .iter()
                .map(|n| n.chars().count())
                .max()
                .unwrap_or(24)
                .min(34)
                + 3
        }
        ColumnType::Text | ColumnType::Any => {
            if c.description.chars().count() > 40 {
                40
            } else {
                24
            }
        }
    };
    content.max(c.name.chars().count() + 2).clamp(10, 60)
}

/// "Reported steps" → "Reported_steps": the part of a defined name made from a sheet or column.
fn name_part(s: &str) -> String {
    let folded = fold(s);
    let mut out: String = folded
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    out.trim_matches('_').chars().take(100).collect()
}

fn unique_name(base: &str, taken: &[(String, Vec<String>)]) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while taken.iter().any(|(t, _)| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// Column letters of a 0-based column: 0 → A, 26 → AA.
fn column_letters(col: u16) -> String {
    crate::text::cellref::column_name(col as u32)
}

/// Cuts text to `max` UTF-16 units (Excel's measure), ending with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() > max - 1 {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_limits() {
        assert_eq!(name_part("Reported steps"), "reported_steps");
        assert_eq!(name_part("Côte d'Ivoire: notes"), "cote_d_ivoire_notes");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
        assert!(is_helper_sheet("instructions"));
        assert!(!is_helper_sheet("States"));
    }
}
