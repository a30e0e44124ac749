//! Sheets laid out the way coordinators lay them out: columns in another order, a merged
//! title above the header, a header on two rows under a merged label, blank rows inside the
//! table, spaces around headers. None of it is a problem; every value lands under its
//! column and keeps its real sheet row.

use crate::support::{dictionary, put, Run, Workdir, C};
use rust_xlsxwriter::{Format, Worksheet};

const BOOK: &str = "workbooks/stockpiles.xlsx";

/// A States list and a Stockpiles sheet whose stockpile is given in two columns.
fn project(wd: &Workdir) {
    dictionary(
        wd,
        &[
            ("States", "States list", "State"),
            ("Stockpiles", "data", "State"),
        ],
        &[
            ("States", "State", "text", true, ""),
            ("Stockpiles", "State", "State", true, ""),
            ("Stockpiles", "Declared", "date", true, ""),
            (
                "Stockpiles",
                "Stockpile Submunitions",
                "whole number",
                false,
                "",
            ),
            (
                "Stockpiles",
                "Stockpile Munitions",
                "whole number",
                false,
                "",
            ),
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![C::T("State")],
                vec![C::T("Chile")],
                vec![C::T("Lebanon")],
                vec![C::T("Spain")],
            ],
        )
        .save();
}

/// Builds with the Stockpiles sheet laid out by `layout`.
fn build(name: &str, layout: impl FnOnce(&mut Worksheet)) -> (Workdir, Run) {
    let wd = Workdir::new(name);
    project(&wd);
    wd.book(BOOK).custom("Stockpiles", layout).save();
    let run = wd.run(&["build"]);
    (wd, run)
}

/// Data Stockpiles without its header and the source workbook and sheet: (row, values...).
fn data(wd: &Workdir) -> Vec<Vec<String>> {
    let rows = wd.sheet_text("out/consolidated.xlsx", "Data Stockpiles");
    assert_eq!(
        rows[0],
        [
            "Source workbook",
            "Source sheet",
            "Source row",
            "State",
            "Declared",
            "Stockpile Submunitions",
            "Stockpile Munitions"
        ]
    );
    rows[1..].iter().map(|r| r[2..].to_vec()).collect()
}

fn clean(run: &Run) {
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.problems(), Vec::<String>::new());
}

#[test]
fn columns_in_another_order_are_read_by_their_headers() {
    let (wd, run) = build("core-layout-moved", |ws| {
        put(
            ws,
            0,
            0,
            &[
                vec![
                    C::T("Stockpile Munitions"),
                    C::T("State"),
                    C::T("Stockpile Submunitions"),
                    C::T("Declared"),
                ],
                vec![C::N(12.0), C::T("Chile"), C::N(28_000.0), C::D(2011, 6, 9)],
            ],
        );
    });
    clean(&run);
    assert_eq!(data(&wd), [vec!["2", "Chile", "2011-06-09", "28000", "12"]]);
}

#[test]
fn a_header_under_a_merged_title_and_a_blank_row_is_found() {
    let (wd, run) = build("core-layout-title", |ws| {
        let bold = Format::new().set_bold();
        ws.merge_range(
            0,
            0,
            0,
            3,
            "Stockpiles declared under Article 7, as of September 2011",
            &bold,
        )
        .unwrap();
        put(
            ws,
            2,
            0,
            &[
                vec![
                    C::T("State"),
                    C::T("Declared"),
                    C::T("Stockpile Submunitions"),
                    C::T("Stockpile Munitions"),
                ],
                vec![C::T("Chile"), C::D(2011, 6, 9), C::N(28_000.0), C::N(12.0)],
            ],
        );
    });
    clean(&run);
    assert_eq!(data(&wd), [vec!["4", "Chile", "2011-06-09", "28000", "12"]]);
}

#[test]
fn a_merged_title_right_above_the_header_is_not_part_of_it() {
    let (wd, run) = build("core-layout-title-above", |ws| {
        ws.merge_range(0, 0, 0, 3, "Stockpiles", &Format::new())
            .unwrap();
        put(
            ws,
            1,
            0,
            &[
                vec![
                    C::T("State"),
                    C::T("Declared"),
                    C::T("Stockpile Submunitions"),
                    C::T("Stockpile Munitions"),
                ],
                vec![C::T("Chile"), C::D(2011, 6, 9), C::N(28_000.0), C::N(12.0)],
            ],
        );
    });
    clean(&run);
    assert_eq!(data(&wd), [vec!["3", "Chile", "2011-06-09", "28000", "12"]]);
}

#[test]
fn a_label_merged_over_two_sub_headers_names_both_columns() {
    // "State" and "Declared" merged down over both header rows, "Stockpile" across two.
    let (wd, run) = build("core-layout-two-level-merged", |ws| {
        let f = Format::new();
        ws.merge_range(0, 0, 1, 0, "State", &f).unwrap();
        ws.merge_range(0, 1, 1, 1, "Declared", &f).unwrap();
        ws.merge_range(0, 2, 0, 3, "Stockpile", &f).unwrap();
        put(ws, 1, 2, &[vec![C::T("Submunitions"), C::T("Munitions")]]);
        put(
            ws,
            2,
            0,
            &[
                vec![C::T("Chile"), C::D(2011, 6, 9), C::N(28_000.0), C::N(12.0)],
                vec![
                    C::T("Spain"),
                    C::D(2010, 5, 19),
                    C::N(1_100_000.0),
                    C::N(5_000.0),
                ],
            ],
        );
    });
    clean(&run);
    assert_eq!(
        data(&wd),
        [
            vec!["3", "Chile", "2011-06-09", "28000", "12"],
            vec!["4", "Spain", "2010-05-19", "1100000", "5000"]
        ]
    );
}

#[test]
fn a_label_merged_over_two_sub_headers_needs_no_other_merged_cell() {
    // Only "Stockpile" is merged; "State" and "Declared" sit on the first header row alone.
    let (wd, run) = build("core-layout-two-level-plain", |ws| {
        put(ws, 0, 0, &[vec![C::T("State"), C::T("Declared")]]);
        ws.merge_range(0, 2, 0, 3, "Stockpile", &Format::new())
            .unwrap();
        put(ws, 1, 2, &[vec![C::T("Submunitions"), C::T("Munitions")]]);
        put(
            ws,
            2,
            0,
            &[vec![
                C::T("Chile"),
                C::D(2011, 6, 9),
                C::N(28_000.0),
                C::N(12.0),
            ]],
        );
    });
    clean(&run);
    assert_eq!(data(&wd), [vec!["3", "Chile", "2011-06-09", "28000", "12"]]);
}

#[test]
fn blank_rows_inside_a_table_are_skipped_and_rows_keep_their_sheet_numbers() {
    let (wd, run) = build("core-layout-blank-rows", |ws| {
        put(
            ws,
            0,
            0,
            &[
                vec![
                    C::T("State"),
                    C::T("Declared"),
                    C::T("Stockpile Submunitions"),
                    C::T("Stockpile Munitions"),
                ],
                vec![C::T("Chile"), C::D(2011, 6, 9), C::N(28_000.0)],
                vec![],
                vec![],
                vec![C::T("Lebanon"), C::D(2011, 4, 1)],
                // A row of blanks typed as spaces is a blank row too.
                vec![C::T(" "), C::T("  ")],
                vec![C::T("Spain"), C::D(2010, 5, 19), C::N(1_100_000.0)],
            ],
        );
    });
    clean(&run);
    assert_eq!(
        data(&wd),
        [
            vec!["2", "Chile", "2011-06-09", "28000"],
            vec!["5", "Lebanon", "2011-04-01"],
            vec!["7", "Spain", "2010-05-19", "1100000"],
        ]
    );
}

#[test]
fn spaces_around_and_inside_headers_do_not_matter() {
    let (wd, run) = build("core-layout-spaces", |ws| {
        put(
            ws,
            0,
            0,
            &[
                vec![
                    C::T("State "),
                    C::T(" Declared"),
                    C::T("Stockpile  Submunitions  "),
                    C::T("stockpile munitions"),
                ],
                vec![C::T("Chile"), C::D(2011, 6, 9), C::N(28_000.0), C::N(12.0)],
            ],
        );
    });
    clean(&run);
    assert_eq!(data(&wd), [vec!["2", "Chile", "2011-06-09", "28000", "12"]]);
}
