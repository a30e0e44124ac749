//! `actionplan build` on a clean project: the figures in Summary, the rows behind them in
//! Audit, the merged Data sheets with their sources, real dates everywhere, the narrative,
//! byte-identical rebuilds, untouched inputs, and workbooks saved in the 1904 date system.

use crate::support::{corpus, dictionary, real_date, text, Workdir, C};
use calamine::{open_workbook_auto, Data, Reader};

/// A States list, Stockpiles reported by two coordinators in two workbooks (the second
/// with its columns in another order), and two sections.
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
            ("States", "Ratified", "date", false, ""),
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
                vec![C::T("State"), C::T("Aliases"), C::T("Ratified")],
                vec![C::T("Canada"), C::E, C::E],
                vec![C::T("Chile"), C::E, C::D(2010, 12, 16)],
                vec![C::T("Germany"), C::E, C::D(2009, 7, 8)],
                vec![
                    C::T("Lao People's Democratic Republic"),
                    C::T("Lao PDR; Laos"),
                    C::D(2009, 3, 18),
                ],
                vec![C::T("Norway"), C::E, C::D(2008, 12, 3)],
                vec![C::T("Spain"), C::E, C::D(2009, 6, 17)],
            ],
        )
        .save();
    wd.book("workbooks/stockpiles_east.xlsx")
        .sheet(
            "Stockpiles",
            &[
                vec![
                    C::T("State"),
                    C::T("Declared"),
                    C::T("Submunitions"),
                    C::T("Destroyed"),
                ],
                vec![C::T("Germany"), C::D(2011, 1, 5), C::N(60_000_000.0), C::E],
                vec![
                    C::T("Norway"),
                    C::D(2010, 7, 29),
                    C::N(3_300_000.0),
                    C::D(2010, 12, 20),
                ],
            ],
        )
        .save();
    wd.book("workbooks/stockpiles_west.xlsx")
        .sheet(
            "Stockpiles",
            &[
                vec![
                    C::T("Destroyed"),
                    C::T("Submunitions"),
                    C::T("State"),
                    C::T("Declared"),
                ],
                vec![
                    C::D(2011, 3, 18),
                    C::N(1_100_000.0),
                    C::T("Spain"),
                    C::D(2010, 5, 19),
                ],
                vec![C::E, C::N(28_000.0), C::T("Chile"), C::D(2011, 6, 9)],
            ],
        )
        .save();
    wd.write(
        "plugins/01_parties.lua",
        r#"return { number = 1, title = "Universalization", reads = { "States" }, run = function()
  local parties = sheet("States"):where("Ratified", "<=", date(2011, 9, 12))
  figure{ name = "parties", value = #parties, label = "States Parties", rows = parties, as_of = date(2011, 9, 12) }
  paragraph("%s had ratified the Convention %s.", count(#parties, "State"), as_of(date(2011, 9, 12)))
end }
"#,
    );
    wd.write(
        "plugins/02_stockpiles.lua",
        r#"return { number = 2, title = "Stockpile destruction", reads = { "Stockpiles" }, run = function()
  local s = sheet("Stockpiles")
  figure{ name = "submunitions_declared", value = s:sum("Submunitions"), label = "Submunitions declared", rows = s }
  local done = s:where("Destroyed", "<=", date(2011, 9, 12))
  figure{ name = "stockpiles_destroyed", value = #done, label = "States that completed destruction", rows = done }
  paragraph("%s declared stockpiles; %s completed their destruction.", count(#s, "State"), count(#done, "State"))
end }
"#,
    );
}

const OUTPUTS: [&str; 3] = ["out/consolidated.xlsx", "out/report.md", "out/report.html"];

#[test]
fn a_clean_build_exits_0_writes_every_sheet_and_says_what_it_did() {
    let wd = Workdir::new("core-build-clean");
    project(&wd);
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "Read four workbooks (10 rows); produced two sections.\n\
         Wrote out/consolidated.xlsx, out/report.md, out/report.html and out/report.docx.\n\
         Finished with no problems.\n"
    );
    let book = open_workbook_auto(wd.path("out/consolidated.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Contents",
            "Summary",
            "1 Universalization",
            "2 Stockpile destruction",
            "Audit",
            "Problems",
            "Data States",
            "Data Stockpiles"
        ]
    );
    assert_eq!(wd.problem_rows(), Vec::<Vec<String>>::new());
}

#[test]
fn summary_lists_each_figure_with_its_value_as_of_date_and_row_count() {
    let wd = Workdir::new("core-build-summary");
    project(&wd);
    assert_eq!(wd.run(&["build"]).status, 0);
    let summary = wd.sheet_text("out/consolidated.xlsx", "Summary");
    assert_eq!(summary[0], ["Progress report"]);
    assert_eq!(
        summary[3..],
        [
            vec![
                "Section",
                "Title",
                "Figure",
                "Label",
                "Value",
                "As of",
                "Rows behind it",
                "Drawn from illustrative rows"
            ],
            vec![
                "1",
                "Universalization",
                "parties",
                "States Parties",
                "5",
                "2011-09-12",
                "5"
            ],
            vec![
                "2",
                "Stockpile destruction",
                "submunitions_declared",
                "Submunitions declared",
                "64428000",
                "",
                "4"
            ],
            vec![
                "2",
                "Stockpile destruction",
                "stockpiles_destroyed",
                "States that completed destruction",
                "2",
                "",
                "2"
            ],
        ]
    );
    // Values are numbers and the as-of date a real date, not text, so they sort and sum in Excel.
    let cells = wd.sheet("out/consolidated.xlsx", "Summary");
    assert_eq!(cells[4][4], Data::Float(5.0));
    assert_eq!(cells[5][4], Data::Float(64_428_000.0));
    assert_eq!(real_date(&cells[4][5]).as_deref(), Some("2011-09-12"));
}

#[test]
fn audit_names_the_workbook_sheet_and_row_behind_each_figure() {
    let wd = Workdir::new("core-build-audit");
    project(&wd);
    assert_eq!(wd.run(&["build"]).status, 0);
    let audit = wd.sheet_text("out/consolidated.xlsx", "Audit");
    assert_eq!(
        audit[0],
        [
            "Section",
            "Figure",
            "Label",
            "Value",
            "Source workbook",
            "Source sheet",
            "Source row",
            "Record",
            "Illustrative",
            "Provenance"
        ]
    );
    let destroyed: Vec<&Vec<String>> = audit
        .iter()
        .filter(|r| r[1] == "stockpiles_destroyed")
        .collect();
    assert_eq!(
        destroyed,
        [
            &vec![
                "2",
                "stockpiles_destroyed",
                "States that completed destruction",
                "2",
                "workbooks/stockpiles_east.xlsx",
                "Stockpiles",
                "3",
                "State: Norway; Declared: 29 July 2010; Submunitions: 3300000; Destroyed: 20 December 2010"
            ],
            &vec![
                "2",
                "stockpiles_destroyed",
                "States that completed destruction",
                "2",
                "workbooks/stockpiles_west.xlsx",
                "Stockpiles",
                "2",
                "State: Spain; Declared: 19 May 2010; Submunitions: 1100000; Destroyed: 18 March 2011"
            ],
        ]
    );
    // One Audit row per row behind each figure: 5 parties, 4 stockpiles, 2 destroyed.
    assert_eq!(audit.len(), 1 + 5 + 4 + 2);
    let parties: Vec<(&str, &str, &str)> = audit
        .iter()
        .filter(|r| r[1] == "parties")
        .map(|r| (r[4].as_str(), r[5].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        parties,
        [
            ("workbooks/states.xlsx", "States", "3"),
            ("workbooks/states.xlsx", "States", "4"),
            ("workbooks/states.xlsx", "States", "5"),
            ("workbooks/states.xlsx", "States", "6"),
            ("workbooks/states.xlsx", "States", "7"),
        ]
    );
}

#[test]
fn data_sheet_merges_a_sheet_from_two_workbooks_with_source_columns_and_real_dates() {
    let wd = Workdir::new("core-build-data");
    project(&wd);
    assert_eq!(wd.run(&["build"]).status, 0);
    // The second workbook has its columns in another order: each value is under its heading.
    assert_eq!(
        wd.sheet_text("out/consolidated.xlsx", "Data Stockpiles"),
        [
            vec![
                "Source workbook",
                "Source sheet",
                "Source row",
                "State",
                "Declared",
                "Submunitions",
                "Destroyed"
            ],
            vec![
                "workbooks/stockpiles_east.xlsx",
                "Stockpiles",
                "2",
                "Germany",
                "2011-01-05",
                "60000000"
            ],
            vec![
                "workbooks/stockpiles_east.xlsx",
                "Stockpiles",
                "3",
                "Norway",
                "2010-07-29",
                "3300000",
                "2010-12-20"
            ],
            vec![
                "workbooks/stockpiles_west.xlsx",
                "Stockpiles",
                "2",
                "Spain",
                "2010-05-19",
                "1100000",
                "2011-03-18"
            ],
            vec![
                "workbooks/stockpiles_west.xlsx",
                "Stockpiles",
                "3",
                "Chile",
                "2011-06-09",
                "28000"
            ],
        ]
    );
    let cells = wd.sheet("out/consolidated.xlsx", "Data Stockpiles");
    for (row, declared) in [
        (1, "2011-01-05"),
        (2, "2010-07-29"),
        (3, "2010-05-19"),
        (4, "2011-06-09"),
    ] {
        assert_eq!(
            real_date(&cells[row][4]).as_deref(),
            Some(declared),
            "row {row}: {:?}",
            cells[row][4]
        );
    }
    assert_eq!(real_date(&cells[3][6]).as_deref(), Some("2011-03-18"));
    assert_eq!(cells[1][2], Data::Float(2.0), "the source row is a number");
    assert_eq!(cells[1][5], Data::Float(60_000_000.0));

    let states = wd.sheet("out/consolidated.xlsx", "Data States");
    assert_eq!(
        states[4].iter().map(text).collect::<Vec<_>>(),
        [
            "workbooks/states.xlsx",
            "States",
            "5",
            "Lao People's Democratic Republic",
            "Lao PDR; Laos",
            "2009-03-18"
        ]
    );
    assert_eq!(real_date(&states[4][5]).as_deref(), Some("2009-03-18"));
}

#[test]
fn report_md_has_each_section_in_order_and_the_html_the_same_text() {
    let wd = Workdir::new("core-build-report");
    project(&wd);
    assert_eq!(wd.run(&["build"]).status, 0);
    assert_eq!(
        wd.read("out/report.md"),
        "# Progress report\n\n\
         ## 1. Universalization\n\n\
         Five States had ratified the Convention as of 12 September 2011.\n\n\
         ## 2. Stockpile destruction\n\n\
         Four States declared stockpiles; two States completed their destruction.\n"
    );
    let html = wd.read("out/report.html");
    for fragment in [
        "<h2>1. Universalization</h2>\n<p>Five States had ratified the Convention as of 12 September 2011.</p>",
        "<h2>2. Stockpile destruction</h2>\n<p>Four States declared stockpiles; two States completed their destruction.</p>",
    ] {
        assert!(html.contains(fragment), "{fragment} not in:\n{html}");
    }
}

#[test]
fn two_builds_of_the_same_inputs_give_identical_bytes_and_leave_the_inputs_untouched() {
    let wd = Workdir::new("core-build-twice");
    project(&wd);
    let workbooks = wd.files("workbooks");
    let plugins = wd.files("plugins");
    assert_eq!(wd.run(&["build"]).status, 0);
    let first: Vec<Vec<u8>> = OUTPUTS
        .iter()
        .map(|f| std::fs::read(wd.path(f)).unwrap())
        .collect();
    // Past a second boundary, so that a timestamp written into the files would differ.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(wd.run(&["build"]).status, 0);
    for (f, bytes) in OUTPUTS.iter().zip(&first) {
        assert!(
            std::fs::read(wd.path(f)).unwrap() == *bytes,
            "{f} differs between two builds"
        );
    }
    // A copy of the project elsewhere gives the same bytes too: no path or time leaks in.
    let other = Workdir::new("core-build-twice-copy");
    project(&other);
    assert_eq!(other.run(&["build", "--out", "elsewhere"]).status, 0);
    for (f, bytes) in OUTPUTS.iter().zip(&first) {
        let moved = f.replace("out/", "elsewhere/");
        assert!(
            std::fs::read(other.path(&moved)).unwrap() == *bytes,
            "{moved} differs from {f}"
        );
    }
    // The inputs are byte-identical and nothing was added next to them.
    assert!(wd.files("workbooks") == workbooks, "workbooks/ changed");
    assert!(wd.files("plugins") == plugins, "plugins/ changed");
    assert_eq!(
        wd.file_names("out"),
        [
            "consolidated.xlsx",
            "report.docx",
            "report.html",
            "report.md"
        ]
    );
}

/// The corpus file was saved by Mac Excel in the 1904 date system; column B holds the serials
/// 11, 111, 1111 and 11111 formatted as dates, column C what Excel displays for them.
#[test]
fn dates_of_a_workbook_in_the_1904_date_system_are_read_as_excel_shows_them() {
    let wd = Workdir::new("core-build-1904");
    wd.copy(&corpus("sheetjs__1904.xlsx"), "workbooks/mac.xlsx");
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let data = wd.sheet("out/consolidated.xlsx", "Data Sheet1");
    // The file has no header row, so its first row serves as one.
    assert_eq!(
        data[0].iter().map(text).collect::<Vec<_>>(),
        [
            "Source workbook",
            "Source sheet",
            "Source row",
            "1",
            "2 January 1904",
            "1904-01-02",
            "1904-01-02 (2)"
        ]
    );
    let read: Vec<(String, Option<String>, String)> = data[1..]
        .iter()
        .map(|r| (text(&r[3]), real_date(&r[4]), text(&r[5])))
        .collect();
    assert_eq!(
        read,
        [
            (
                "11".to_string(),
                Some("1904-01-12".to_string()),
                "1904-01-12".to_string()
            ),
            (
                "111".to_string(),
                Some("1904-04-21".to_string()),
                "1904-04-21".to_string()
            ),
            (
                "1111".to_string(),
                Some("1907-01-16".to_string()),
                "1907-01-16".to_string()
            ),
            (
                "11111".to_string(),
                Some("1934-06-03".to_string()),
                "1934-06-03".to_string()
            ),
        ]
    );
}
