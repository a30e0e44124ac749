//! Problems in coordinators' workbooks, each with its exact message on stderr and its row
//! in the Problems sheet: wrong types, Excel errors, unknown or repeated States, aliases and
//! missing columns. A bad cell never stops the report: it is written, with the cell empty.

use crate::support::{dictionary, Run, Workdir, C};
use calamine::{open_workbook_auto, CellErrorType, Data, Reader};

const STOCKPILES: &str = "workbooks/stockpiles.xlsx";

/// A dictionary with a States list and a Stockpiles sheet, one row per State.
fn project(wd: &Workdir) {
    dictionary(
        wd,
        &[
            ("States", "States list", "State"),
            ("Stockpiles", "data", "State"),
        ],
        &[
            ("States", "State", "text", true, ""),
            ("States", "Aliases", "text", false, ""),
            ("Stockpiles", "State", "State", true, ""),
            ("Stockpiles", "Declared", "date", true, ""),
            ("Stockpiles", "Submunitions", "whole number", false, ""),
            ("Stockpiles", "Destroyed", "date", false, ""),
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![C::T("State"), C::T("Aliases")],
                vec![C::T("Chile"), C::E],
                vec![C::T("Guinea-Bissau"), C::E],
                vec![
                    C::T("Lao People's Democratic Republic"),
                    C::T("Lao PDR; Laos"),
                ],
                vec![C::T("Lebanon"), C::E],
                vec![C::T("Spain"), C::E],
            ],
        )
        .save();
}

fn header() -> Vec<C> {
    vec![
        C::T("State"),
        C::T("Declared"),
        C::T("Submunitions"),
        C::T("Destroyed"),
    ]
}

/// Builds with workbooks/stockpiles.xlsx holding the header and `rows`.
fn build(name: &str, rows: &[Vec<C>]) -> (Workdir, Run) {
    let wd = Workdir::new(name);
    project(&wd);
    let mut all = vec![header()];
    all.extend(rows.iter().cloned());
    wd.book(STOCKPILES).sheet("Stockpiles", &all).save();
    let run = wd.run(&["build"]);
    (wd, run)
}

/// The Data Stockpiles sheet without its three source columns or its header.
fn stockpiles(wd: &Workdir) -> Vec<Vec<String>> {
    wd.sheet_text("out/consolidated.xlsx", "Data Stockpiles")[1..]
        .iter()
        .map(|r| r[3..].to_vec())
        .collect()
}

/// A Problems sheet row as `problem_rows` gives it: trailing empty cells dropped.
fn row(cells: [&str; 8]) -> Vec<String> {
    let mut row: Vec<String> = cells.iter().map(std::string::ToString::to_string).collect();
    while row.last().is_some_and(std::string::String::is_empty) {
        row.pop();
    }
    row
}

/// The last line of a build's stderr, which counts the problems.
fn finished(run: &Run) -> &str {
    run.stderr.lines().last().unwrap_or("")
}

#[test]
fn text_in_a_date_column_is_an_error_on_its_cell_and_the_report_is_still_written() {
    let (wd, run) = build(
        "core-problems-date-text",
        &[
            vec![C::T("Chile"), C::D(2011, 6, 9), C::N(28_000.0)],
            vec![C::T("Spain"), C::T("end of 2011"), C::N(1_100_000.0)],
        ],
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell B3: expected a date, found \"end of 2011\"",
            "  hint: type a date such as 2011-09-13, or leave the cell empty if it is not known",
        ]
    );
    assert_eq!(finished(&run), "Finished with one error.");
    assert_eq!(
        wd.problem_rows(),
        [row([
            "error",
            STOCKPILES,
            "Stockpiles",
            "B3",
            "expected a date, found \"end of 2011\"",
            "end of 2011",
            "a date",
            "type a date such as 2011-09-13, or leave the cell empty if it is not known",
        ])]
    );
    // The rest of the row is kept; the bad cell is left empty.
    assert_eq!(
        stockpiles(&wd),
        [
            vec!["Chile", "2011-06-09", "28000"],
            vec!["Spain", "", "1100000"]
        ]
    );
    assert!(wd.path("out/report.md").is_file() && wd.path("out/report.html").is_file());
}

#[test]
fn a_date_typed_as_12_09_2011_is_ambiguous_and_both_readings_are_offered() {
    let (wd, run) = build(
        "core-problems-date-ambiguous",
        &[vec![C::T("Chile"), C::T("12/09/2011")]],
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell B2: expected a date, found \"12/09/2011\", which could be 12 September 2011 or 9 December 2011",
            "  hint: type it as year-month-day: 2011-09-12 or 2011-12-09",
        ]
    );
    assert_eq!(
        wd.problem_rows(),
        [row([
            "error",
            STOCKPILES,
            "Stockpiles",
            "B2",
            "expected a date, found \"12/09/2011\", which could be 12 September 2011 or 9 December 2011",
            "12/09/2011",
            "a date",
            "type it as year-month-day: 2011-09-12 or 2011-12-09",
        ])]
    );
    assert_eq!(stockpiles(&wd), [vec!["Chile"]]);
}

#[test]
fn a_month_without_a_day_is_not_a_date() {
    let (wd, run) = build(
        "core-problems-date-month",
        &[vec![C::T("Chile"), C::T("Sept 2011")]],
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell B2: expected a date, found \"Sept 2011\"",
            "  hint: a date needs a day: if it is not known, type 1 September 2011 and say so in a note",
        ]
    );
    assert_eq!(
        wd.problem_rows(),
        [row([
            "error",
            STOCKPILES,
            "Stockpiles",
            "B2",
            "expected a date, found \"Sept 2011\"",
            "Sept 2011",
            "a date",
            "a date needs a day: if it is not known, type 1 September 2011 and say so in a note",
        ])]
    );
}

#[test]
fn a_date_typed_as_unambiguous_text_is_read_with_a_warning() {
    let (wd, run) = build(
        "core-problems-date-clear-text",
        &[vec![C::T("Chile"), C::T("9 June 2011")]],
    );
    assert_eq!(run.status, 0, "warnings alone do not fail the build");
    assert_eq!(
        run.problems(),
        [
            "warning: workbooks/stockpiles.xlsx, sheet Stockpiles, cell B2: the date \"9 June 2011\" was typed as text; it was read as 9 June 2011",
            "  hint: format the cell as a date so that it sorts and compares as one",
        ]
    );
    assert_eq!(stockpiles(&wd), [vec!["Chile", "2011-06-09"]]);
    let data = wd.sheet("out/consolidated.xlsx", "Data Stockpiles");
    assert!(
        matches!(data[1][4], Data::DateTime(_)),
        "written as a real date: {:?}",
        data[1][4]
    );
}

#[test]
fn text_in_a_number_column_is_an_error() {
    let (wd, run) = build(
        "core-problems-number-text",
        &[vec![C::T("Chile"), C::D(2011, 6, 9), C::T("unknown")]],
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C2: expected a whole number, found \"unknown\"",
            "  hint: type only the number (1200, not \"about 1,200\"), or leave the cell empty if it is not known; put remarks in a note column"
        ]
    );
    assert_eq!(
        wd.problem_rows(),
        [row([
            "error",
            STOCKPILES,
            "Stockpiles",
            "C2",
            "expected a whole number, found \"unknown\"",
            "unknown",
            "a whole number",
            "type only the number (1200, not \"about 1,200\"), or leave the cell empty if it is not known; put remarks in a note column",
        ])]
    );
    assert_eq!(stockpiles(&wd), [vec!["Chile", "2011-06-09"]]);
}

#[test]
fn a_number_stored_as_text_is_a_warning_and_is_read_as_a_number() {
    let (wd, run) = build(
        "core-problems-number-as-text",
        &[vec![C::T("Chile"), C::D(2011, 6, 9), C::T("28,000")]],
    );
    assert_eq!(run.status, 0, "warnings alone do not fail the build");
    assert_eq!(
        run.problems(),
        [
            "warning: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C2: the number \"28,000\" was typed as text; it was read as a number",
            "  hint: select the cell and choose Convert to Number, or retype it without quotes or spaces",
        ]
    );
    assert_eq!(finished(&run), "Finished with one warning.");
    assert_eq!(
        wd.problem_rows(),
        [row([
            "warning",
            STOCKPILES,
            "Stockpiles",
            "C2",
            "the number \"28,000\" was typed as text; it was read as a number",
            "28,000",
            "a whole number",
            "select the cell and choose Convert to Number, or retype it without quotes or spaces",
        ])]
    );
    let data = wd.sheet("out/consolidated.xlsx", "Data Stockpiles");
    assert_eq!(data[1][5], Data::Float(28_000.0));
}

#[test]
fn na_in_a_required_column_is_an_error_and_in_an_optional_one_a_warning() {
    let (wd, run) = build(
        "core-problems-na",
        &[
            vec![C::T("Chile"), C::F("=NA()", "#N/A"), C::N(28_000.0)],
            vec![
                C::T("Spain"),
                C::D(2010, 5, 19),
                C::N(1_100_000.0),
                C::F("=NA()", "#N/A"),
            ],
        ],
    );
    // What the formula cells hold as calamine reads them: the cached error, not 0.
    let mut input = open_workbook_auto(wd.path(STOCKPILES)).unwrap();
    let range = input.worksheet_range("Stockpiles").unwrap();
    assert_eq!(
        range.get_value((1, 1)),
        Some(&Data::Error(CellErrorType::NA))
    );
    assert_eq!(
        range.get_value((2, 3)),
        Some(&Data::Error(CellErrorType::NA))
    );

    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell B2: expected a date, found the Excel error #N/A",
            "  hint: this column is required: replace the error with a value (check the formula that produced it)",
            "warning: workbooks/stockpiles.xlsx, sheet Stockpiles, cell D3: the Excel error #N/A was treated as an empty cell",
        ]
    );
    assert_eq!(
        wd.problem_rows(),
        [
            row([
                "error",
                STOCKPILES,
                "Stockpiles",
                "B2",
                "expected a date, found the Excel error #N/A",
                "#N/A",
                "a date",
                "this column is required: replace the error with a value (check the formula that produced it)",
            ]),
            row([
                "warning",
                STOCKPILES,
                "Stockpiles",
                "D3",
                "the Excel error #N/A was treated as an empty cell",
                "#N/A",
                "a date",
                "",
            ]),
        ]
    );
    assert_eq!(
        stockpiles(&wd),
        [
            vec!["Chile", "", "28000"],
            vec!["Spain", "2010-05-19", "1100000"]
        ]
    );
}

#[test]
fn an_unknown_state_is_an_error_with_the_closest_name_suggested() {
    let (wd, run) = build(
        "core-problems-unknown-state",
        &[
            vec![C::T("Lebanonn"), C::D(2011, 6, 9)],
            vec![C::T("Narnia"), C::D(2011, 6, 9)],
        ],
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell A2: \"Lebanonn\" is not in the States list",
            "  hint: did you mean \"Lebanon\"? (or add the name to the Aliases column of the States list)",
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell A3: \"Narnia\" is not in the States list",
            "  hint: add the State to the States list, or the spelling to its Aliases column",
        ]
    );
    assert_eq!(
        wd.problem_rows()[0],
        row([
            "error",
            STOCKPILES,
            "Stockpiles",
            "A2",
            "\"Lebanonn\" is not in the States list",
            "Lebanonn",
            "a State name from the States list",
            "did you mean \"Lebanon\"? (or add the name to the Aliases column of the States list)",
        ])
    );
    assert_eq!(
        stockpiles(&wd),
        [vec!["", "2011-06-09"], vec!["", "2011-06-09"]]
    );
}

#[test]
fn an_alias_or_another_spelling_is_stored_under_the_master_name_without_a_problem() {
    let (wd, run) = build(
        "core-problems-alias",
        &[
            vec![C::T("Lao PDR"), C::D(2011, 6, 9)],
            vec![C::T("guinea-bissau "), C::D(2011, 6, 9)],
            vec![C::T("Spain"), C::D(2011, 6, 9)],
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.problems(), Vec::<String>::new());
    assert_eq!(wd.problem_rows(), Vec::<Vec<String>>::new());
    assert_eq!(
        stockpiles(&wd),
        [
            vec!["Lao People's Democratic Republic", "2011-06-09"],
            vec!["Guinea-Bissau", "2011-06-09"],
            vec!["Spain", "2011-06-09"],
        ]
    );
}

#[test]
fn the_same_state_twice_is_an_error_when_the_sheet_has_one_row_per_state() {
    let (wd, run) = build(
        "core-problems-duplicate",
        &[
            vec![C::T("Chile"), C::D(2011, 6, 9)],
            vec![C::T("Lao PDR"), C::D(2011, 6, 9)],
            vec![C::T("Chile"), C::D(2011, 7, 1)],
            // The same State under its alias is the same State.
            vec![C::T("Laos"), C::D(2011, 7, 1)],
        ],
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell A4: \"Chile\" appears twice (also in A2); this sheet has one row per State, so this row was left out",
            "  hint: keep one row and delete or merge the other",
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell A5: \"Lao People's Democratic Republic\" appears twice (also in A3); this sheet has one row per State, so this row was left out",
            "  hint: keep one row and delete or merge the other",
        ]
    );
    assert_eq!(
        wd.problem_rows()[0],
        row([
            "error",
            STOCKPILES,
            "Stockpiles",
            "A4",
            "\"Chile\" appears twice (also in A2); this sheet has one row per State, so this row was left out",
            "Chile",
            "",
            "keep one row and delete or merge the other",
        ])
    );
}

#[test]
fn the_same_state_in_two_workbooks_names_the_other_workbook() {
    let wd = Workdir::new("core-problems-duplicate-two-books");
    project(&wd);
    wd.book("workbooks/stockpiles_a.xlsx")
        .sheet(
            "Stockpiles",
            &[header(), vec![C::T("Chile"), C::D(2011, 6, 9)]],
        )
        .save();
    wd.book("workbooks/stockpiles_b.xlsx")
        .sheet(
            "Stockpiles",
            &[
                header(),
                vec![C::T("Spain"), C::D(2010, 5, 19)],
                vec![C::T("Chile"), C::D(2011, 6, 9)],
            ],
        )
        .save();
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles_b.xlsx, sheet Stockpiles, cell A3: \"Chile\" appears twice (also in workbooks/stockpiles_a.xlsx, sheet Stockpiles, cell A2); this sheet has one row per State, so this row was left out",
            "  hint: keep one row and delete or merge the other",
        ]
    );
}

#[test]
fn a_missing_required_column_is_an_error_with_the_renamed_header_suggested() {
    let wd = Workdir::new("core-problems-missing-column");
    project(&wd);
    wd.book(STOCKPILES)
        .sheet(
            "Stockpiles",
            &[
                vec![
                    C::T("State"),
                    C::T("Date declared"),
                    C::T("Submunitions"),
                    C::T("Destroyed"),
                ],
                vec![C::T("Chile"), C::D(2011, 6, 9), C::N(28_000.0)],
            ],
        )
        .save();
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: workbooks/stockpiles.xlsx, sheet Stockpiles, row 1: the required column \"Declared\" is missing",
            "  hint: did you mean \"Date declared\"? (rename the header, or the column in the dictionary)",
            "warning: workbooks/stockpiles.xlsx, sheet Stockpiles, cell B1: the column \"Date declared\" is not in the dictionary; it was loaded as found",
            "  hint: did you mean \"Declared\"?",
        ]
    );
    assert_eq!(
        wd.problem_rows(),
        [
            row([
                "error",
                STOCKPILES,
                "Stockpiles",
                "row 1",
                "the required column \"Declared\" is missing",
                "",
                "a column headed \"Declared\"",
                "did you mean \"Date declared\"? (rename the header, or the column in the dictionary)",
            ]),
            row([
                "warning",
                STOCKPILES,
                "Stockpiles",
                "B1",
                "the column \"Date declared\" is not in the dictionary; it was loaded as found",
                "",
                "",
                "did you mean \"Declared\"?",
            ]),
        ]
    );
    // The rows are loaded all the same, the unknown column kept; the missing required one is
    // left out, so that a section reading it stops instead of counting its cells as empty.
    assert_eq!(
        wd.sheet_text("out/consolidated.xlsx", "Data Stockpiles"),
        [
            vec![
                "Source workbook",
                "Source sheet",
                "Source row",
                "State",
                "Submunitions",
                "Destroyed",
                "Date declared"
            ],
            vec![
                STOCKPILES,
                "Stockpiles",
                "2",
                "Chile",
                "28000",
                "",
                "2011-06-09"
            ],
        ]
    );
}

#[test]
fn a_missing_optional_column_is_a_warning_listing_the_columns_found() {
    let wd = Workdir::new("core-problems-missing-optional");
    project(&wd);
    wd.book(STOCKPILES)
        .sheet(
            "Stockpiles",
            &[
                vec![C::T("State"), C::T("Declared")],
                vec![C::T("Chile"), C::D(2011, 6, 9)],
            ],
        )
        .save();
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.problems(),
        [
            "warning: workbooks/stockpiles.xlsx, sheet Stockpiles, row 1: the column \"Submunitions\" is missing; it is treated as empty",
            "  hint: the header row is row 1; columns found: State, Declared",
            "warning: workbooks/stockpiles.xlsx, sheet Stockpiles, row 1: the column \"Destroyed\" is missing; it is treated as empty",
            "  hint: the header row is row 1; columns found: State, Declared",
        ]
    );
}
