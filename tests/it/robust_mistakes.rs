//! Promises about the mistakes coordinators make in their workbooks: each gives one message
//! that names the workbook, the sheet and the cell (or row) and says what to do, and none
//! stops the build:
//!
//! - dates typed as text ("12/09/2011", "Sept 2011"), numbers stored as text, #N/A in a
//!   required column, the same State twice, a State misspelt;
//! - a sheet renamed, a column renamed; a column moved, a header not on row 1, merged cells
//!   and hidden rows are read correctly without complaint;
//! - a workbook left open in Excel or LibreOffice (lock file present) is read as last saved,
//!   with a warning, and the lock file is not mistaken for a workbook;
//! - input workbooks are never modified: their bytes and times are the same after a build.

use std::time::Duration;

use crate::support::{corpus, dictionary, Workdir, C};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

const LIMIT: Duration = Duration::from_secs(60);

/// A project with States and a Stockpiles sheet checked by the dictionary, and a section that
/// reports what it read.
fn project(name: &str) -> Workdir {
    let wd = Workdir::new(name);
    dictionary(
        &wd,
        &[
            ("States", "States list", "State"),
            ("Stockpiles", "", "State"),
        ],
        &[
            ("States", "State", "text", true, ""),
            ("Stockpiles", "State", "State", true, ""),
            ("Stockpiles", "Destroyed", "number", true, ""),
            ("Stockpiles", "Deadline", "date", true, ""),
            ("Stockpiles", "Completed", "date", false, ""),
        ],
    );
    let mut states = vec![vec![C::T("State")]];
    for s in ["Norway", "Chile", "Canada", "Peru", "Lebanon"] {
        states.push(vec![C::T(s)]);
    }
    wd.book("workbooks/states.xlsx")
        .sheet("States", &states)
        .save();
    wd.write(
        "plugins/01_stockpiles.lua",
        r#"return { number = 1, title = "Stockpiles", reads = { "Stockpiles" }, run = function()
  local s = sheet("Stockpiles")
  local parts = {}
  for i = 1, #s do
    local r = s[i]
    parts[#parts + 1] = string.format("%s %s %s", r.State, r.Destroyed or "-", r.Deadline and r.Deadline:iso() or "-")
  end
  paragraph("Read: %s.", table.concat(parts, "; "))
end }"#,
    );
    wd
}

fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

fn run_build(wd: &Workdir) -> (Vec<String>, String) {
    let run = wd.run_within(&["build"], LIMIT);
    assert!(run.status == 0 || run.status == 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.problems(), wd.read("out/report.md"))
}

/// Asserts a problem line (and, if given, the hint right after it).
fn has(problems: &[String], line: &str, hint: Option<&str>) {
    let at = problems
        .iter()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("no problem\n  {line}\nin\n{}", problems.join("\n")));
    if let Some(hint) = hint {
        assert_eq!(
            problems.get(at + 1).map(String::as_str),
            Some(format!("  hint: {hint}").as_str()),
            "hint of {line}"
        );
    }
}

#[test]
fn cell_mistakes_are_each_located_and_explained() {
    let wd = project("cells");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Stockpiles").unwrap();
    let d = date_format();
    for (c, h) in ["State", "Destroyed", "Deadline", "Completed"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let deadline = ExcelDateTime::from_ymd(2011, 12, 31).unwrap();
    // Row 2: a date typed as text that could be 12 September or 9 December.
    ws.write_string(1, 0, "Norway").unwrap();
    ws.write_number(1, 1, 10.0).unwrap();
    ws.write_datetime_with_format(1, 2, &deadline, &d).unwrap();
    ws.write_string(1, 3, "12/09/2011").unwrap();
    // Row 3: a number stored as text, a month without a day.
    ws.write_string(2, 0, "Chile").unwrap();
    ws.write_string(2, 1, "1,234").unwrap();
    ws.write_string(2, 2, "Sept 2011").unwrap();
    // Row 4: #N/A from a formula in a required column.
    ws.write_string(3, 0, "Canada").unwrap();
    ws.write_formula(3, 1, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    ws.write_datetime_with_format(3, 2, &deadline, &d).unwrap();
    // Row 5: the same State twice.
    ws.write_string(4, 0, "Norway").unwrap();
    ws.write_number(4, 1, 3.0).unwrap();
    ws.write_datetime_with_format(4, 2, &deadline, &d).unwrap();
    // Row 6: a State misspelt.
    ws.write_string(5, 0, "Chilee").unwrap();
    ws.write_number(5, 1, 4.0).unwrap();
    ws.write_datetime_with_format(5, 2, &deadline, &d).unwrap();
    book.save(wd.path("workbooks/stockpiles.xlsx")).unwrap();

    let (p, report) = run_build(&wd);
    let at = "workbooks/stockpiles.xlsx, sheet Stockpiles";
    has(&p, &format!("error: {at}, cell D2: expected a date, found \"12/09/2011\", which could be 12 September 2011 or 9 December 2011"), Some("type it as year-month-day: 2011-09-12 or 2011-12-09"));
    has(&p, &format!("warning: {at}, cell B3: the number \"1,234\" was typed as text; it was read as a number"), Some("select the cell and choose Convert to Number, or retype it without quotes or spaces"));
    has(
        &p,
        &format!("error: {at}, cell C3: expected a date, found \"Sept 2011\""),
        Some("a date needs a day: if it is not known, type 1 September 2011 and say so in a note"),
    );
    has(&p, &format!("error: {at}, cell B4: expected a number, found the Excel error #N/A"), Some("this column is required: replace the error with a value (check the formula that produced it)"));
    has(&p, &format!("error: {at}, cell A5: \"Norway\" appears twice (also in A2); this sheet has one row per State, so this row was left out"), Some("keep one row and delete or merge the other"));
    has(
        &p,
        &format!("error: {at}, cell A6: \"Chilee\" is not in the States list"),
        Some("did you mean \"Chile\"? (or add the name to the Aliases column of the States list)"),
    );
    // Nothing stopped the report; bad cells are left empty, good ones are kept, and the row
    // that repeats Norway is left out.
    assert!(
        report.contains(
            "Read: Norway 10 2011-12-31; Chile 1234 -; Canada - 2011-12-31; nil 4 2011-12-31."
        ),
        "{report}"
    );
}

#[test]
fn a_renamed_sheet_and_a_renamed_column_are_named_with_a_suggestion() {
    let wd = project("renamed");
    let rows = vec![
        vec![C::T("State"), C::T("Destroyd"), C::T("Deadline")],
        vec![C::T("Peru"), C::N(5.0), C::D(2011, 12, 31)],
    ];
    wd.book("workbooks/stockpiles.xlsx")
        .sheet("Stockpiles", &rows)
        .save();
    wd.book("workbooks/other.xlsx")
        .sheet("Stockpile", &rows)
        .save();
    // The sheet is only in other.xlsx, under a renamed tab.
    std::fs::remove_file(wd.path("workbooks/stockpiles.xlsx")).unwrap();
    let (p, _) = run_build(&wd);
    has(&p, "error: workbooks/dictionary.xlsx, sheet Sheets: the dictionary describes the sheet \"Stockpiles\", but no workbook has a sheet of that name", Some("did you mean \"Stockpile\"? (a renamed sheet tab?)"));
    assert!(p.iter().any(|l| l.starts_with("warning: workbooks/other.xlsx, sheet Stockpile: the sheet \"Stockpile\" is not in the dictionary")), "{p:#?}");

    // The tab name right, a header misspelt.
    let wd = project("renamed-column");
    wd.book("workbooks/stockpiles.xlsx")
        .sheet("Stockpiles", &rows)
        .save();
    let (p, _) = run_build(&wd);
    has(&p, "error: workbooks/stockpiles.xlsx, sheet Stockpiles, row 1: the required column \"Destroyed\" is missing", Some("did you mean \"Destroyd\"? (rename the header, or the column in the dictionary)"));
}

#[test]
fn moved_columns_a_header_below_a_title_merged_cells_and_hidden_rows_are_read_correctly() {
    let wd = project("layout");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Stockpiles").unwrap();
    let d = date_format();
    // A merged title, a blank row, then the header on row 3 with the columns moved about.
    ws.merge_range(0, 0, 0, 3, "Stockpile destruction, 2011", &Format::new())
        .unwrap();
    for (c, h) in ["Deadline", "Destroyed", "State", "Completed"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let deadline = ExcelDateTime::from_ymd(2011, 12, 31).unwrap();
    // One deadline merged over two rows: it applies to both.
    ws.merge_range(3, 0, 4, 0, "", &d).unwrap();
    ws.write_datetime_with_format(3, 0, &deadline, &d).unwrap();
    ws.write_number(3, 1, 7.0).unwrap();
    ws.write_string(3, 2, "Peru").unwrap();
    ws.write_number(4, 1, 8.0).unwrap();
    ws.write_string(4, 2, "Lebanon").unwrap();
    // A hidden row is still data.
    ws.write_datetime_with_format(5, 0, &deadline, &d).unwrap();
    ws.write_number(5, 1, 9.0).unwrap();
    ws.write_string(5, 2, "Chile").unwrap();
    ws.set_row_hidden(5).unwrap();
    // A bad value below: its cell reference counts from the top of the sheet.
    ws.write_string(6, 0, "soon").unwrap();
    ws.write_number(6, 1, 1.0).unwrap();
    ws.write_string(6, 2, "Norway").unwrap();
    book.save(wd.path("workbooks/stockpiles.xlsx")).unwrap();

    let (p, report) = run_build(&wd);
    assert!(
        report.contains(
            "Read: Peru 7 2011-12-31; Lebanon 8 2011-12-31; Chile 9 2011-12-31; Norway 1 -."
        ),
        "{report}\n{p:#?}"
    );
    has(&p, "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell A7: expected a date, found \"soon\"", Some("type a date such as 2011-09-13, or leave the cell empty if it is not known"));
    assert_eq!(
        p.iter().filter(|l| l.starts_with("error:")).count(),
        1,
        "{p:#?}"
    );
}

#[test]
fn a_workbook_open_in_a_spreadsheet_program_is_read_as_last_saved_with_a_warning() {
    for lock in ["~$stockpiles.xlsx", ".~lock.stockpiles.xlsx#"] {
        let wd = project("locked");
        let rows = vec![
            vec![C::T("State"), C::T("Destroyed"), C::T("Deadline")],
            vec![C::T("Peru"), C::N(5.0), C::D(2011, 12, 31)],
        ];
        wd.book("workbooks/stockpiles.xlsx")
            .sheet("Stockpiles", &rows)
            .save();
        // Excel's owner file is a small binary file; LibreOffice's is a line of text.
        std::fs::write(
            wd.path(&format!("workbooks/{lock}")),
            b"\x0bJane Smith\x00\x00\x00",
        )
        .unwrap();
        let run = wd.run_within(&["build"], LIMIT);
        assert_eq!(run.status, 0, "{}", run.stderr);
        has(
            &run.problems(),
            &format!("warning: workbooks/stockpiles.xlsx: the workbook is open in a spreadsheet program (its lock file {lock} is present); the last saved version was read"),
            Some("save the workbook to include your latest changes, then build again"),
        );
        assert!(wd
            .read("out/report.md")
            .contains("Read: Peru 5 2011-12-31."));
        assert!(
            run.stderr.contains("Read three workbooks"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn input_workbooks_are_never_modified() {
    let wd = project("untouched");
    let rows = vec![
        vec![C::T("State"), C::T("Destroyed"), C::T("Deadline")],
        vec![C::T("Peru"), C::T("five"), C::T("12/09/2011")],
    ];
    wd.book("workbooks/stockpiles.xlsx")
        .sheet("Stockpiles", &rows)
        .save();
    wd.copy(&corpus("sheetjs__1904.xls"), "workbooks/legacy.xls");
    let times = |wd: &Workdir| -> Vec<(String, std::time::SystemTime)> {
        let mut v: Vec<_> = std::fs::read_dir(wd.path("workbooks"))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = wd.files("workbooks");
    let before_times = times(&wd);
    for args in [&["build"][..], &["check"][..], &["sections"][..]] {
        let run = wd.run_within(args, LIMIT);
        assert!(run.status <= 1, "{}", run.stderr);
    }
    assert!(
        wd.files("workbooks") == before,
        "a workbook's bytes changed, or a file appeared in workbooks/"
    );
    assert_eq!(times(&wd), before_times);
}
