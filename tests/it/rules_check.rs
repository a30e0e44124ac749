//! Rules a coordinator changes in Excel, and checks that catch everything, each on a project
//! written here: typed settings and rules checked at their cells and read by `rule()`; the
//! dictionary's Required forms ("yes", "column only", "when Kind is annual"); repeated rows left
//! out, empty key cells compared; a text too long for an Excel cell; `check`, `build` and
//! `template` telling the same problems; `explain` grouping thousands.

use crate::support::{Workdir, C};

/// A reports project: its dictionary (with the Required forms), a States list, settings with
/// a typed Cut-off date, rules, and the rows of the Reports sheet (State, Year, Kind,
/// Received, Note) and of the Rules sheet (Rule, Value, Unit) given.
fn project(name: &str, reports: &[Vec<C>], rules: &[Vec<C>], cutoff: C) -> Workdir {
    let wd = Workdir::new(name);
    let t = C::T;
    wd.book("workbooks/dictionary.xlsx")
        .sheet(
            "Sheets",
            &[
                vec![t("Sheet"), t("Role"), t("One row per")],
                vec![t("States"), t("States list"), t("State")],
                vec![t("Settings"), t("settings"), t("Setting")],
                vec![t("Rules"), t("rules"), t("Rule")],
                vec![t("Reports"), t("data"), t("State; Year; Kind")],
            ],
        )
        .sheet(
            "Columns",
            &[
                vec![
                    t("Sheet"),
                    t("Column"),
                    t("Type"),
                    t("Required"),
                    t("Values"),
                ],
                vec![t("States"), t("State"), t("text"), t("yes")],
                vec![t("States"), t("Deposited"), t("date"), t("column only")],
                vec![t("Settings"), t("Setting"), t("text"), t("yes")],
                vec![t("Settings"), t("Value"), t("any"), t("no")],
                vec![t("Settings"), t("Type"), t("text"), t("no")],
                vec![t("Rules"), t("Rule"), t("text"), t("yes")],
                vec![t("Rules"), t("Value"), t("any"), t("column only")],
                vec![t("Rules"), t("Unit"), t("text"), t("column only")],
                vec![t("Reports"), t("State"), t("State"), t("yes")],
                vec![
                    t("Reports"),
                    t("Year"),
                    t("whole number"),
                    t("when Kind is annual"),
                ],
                vec![
                    t("Reports"),
                    t("Kind"),
                    t("one of a list"),
                    t("yes"),
                    t("initial; annual"),
                ],
                vec![t("Reports"), t("Received"), t("date"), t("column only")],
                vec![t("Reports"), t("Note"), t("text"), t("no")],
            ],
        )
        .save();
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![t("State"), t("Deposited")],
                vec![t("Chile"), C::D(2010, 12, 16)],
                vec![t("Norway"), C::D(2008, 12, 3)],
                vec![t("Peru"), C::E],
            ],
        )
        .save();
    let mut rule_rows = vec![vec![t("Rule"), t("Value"), t("Unit")]];
    rule_rows.extend(rules.iter().cloned());
    wd.book("workbooks/settings.xlsx")
        .sheet(
            "Settings",
            &[
                vec![t("Setting"), t("Value"), t("Type")],
                vec![t("Next meeting"), t("2MSP"), C::E],
                vec![t("Cut-off date"), cutoff, t("date")],
            ],
        )
        .sheet("Rules", &rule_rows)
        .save();
    let mut rows = vec![vec![
        t("State"),
        t("Year"),
        t("Kind"),
        t("Received"),
        t("Note"),
    ]];
    rows.extend(reports.iter().cloned());
    wd.book("workbooks/reports.xlsx")
        .sheet("Reports", &rows)
        .save();
    wd.write(
        "plugins/01_reports.lua",
        r#"return { number = 1, title = "Reports", reads = { "Reports" }, run = function()
  local cutoff = setting("Cut-off date")
  local due = rule("Annual report due (day of the year)")
  local annual = sheet("Reports"):where("Kind", "annual")
  figure{ name = "annual", value = #annual, rows = annual, label = "Annual reports received" }
  paragraph("%s annual reports were received for a deadline of %s; initial reports are due %s after entry into force (%s).",
            number(#annual), date(2011, due.month, due.day), count(rule("Initial report (days after entry into force)"), "day"), as_of(cutoff))
end }"#,
    );
    wd
}

/// A stand-in for a text longer than a cell holds (see `replace_text`).
const LONG: &str = "LONG TEXT";

/// Replaces a text of an xlsx file's shared strings with another, in the package itself.
fn replace_text(path: &std::path::Path, from: &str, to: &str) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains(from), "{text}");
            bytes = text.replace(from, to).into_bytes();
        }
        parts.push((name, bytes));
    }
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

fn rules() -> Vec<Vec<C>> {
    vec![
        vec![
            C::T("Initial report (days after entry into force)"),
            C::N(180.0),
            C::T("days"),
        ],
        vec![
            C::T("Annual report due (day of the year)"),
            C::T("30 April"),
            C::T("day of the year"),
        ],
        vec![C::T("Convention in force"), C::D(2010, 8, 1), C::T("date")],
    ]
}

fn report(state: &'static str, year: Option<f64>, kind: &'static str) -> Vec<C> {
    vec![
        C::T(state),
        year.map_or(C::E, C::N),
        C::T(kind),
        C::D(2011, 4, 20),
        C::E,
    ]
}

#[test]
fn rules_and_typed_settings_reach_the_plugins_typed() {
    let wd = project(
        "rules-clean",
        &[
            report("Chile", None, "initial"),
            report("Chile", Some(2010.0), "annual"),
            report("Norway", Some(2010.0), "annual"),
        ],
        &rules(),
        C::D(2011, 9, 12),
    );
    let check = wd.run(&["check"]);
    assert_eq!(
        check.stderr,
        "Checked four workbooks (four tables, 11 rows) and one section plugin: no problems.\n"
    );
    let build = wd.run(&["build"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(wd.read("out/report.md").contains(
        "Two annual reports were received for a deadline of 30 April 2011; initial reports are due 180 days after entry into force (as of 12 September 2011).\n"
    ));

    // A rule changed in the Rules sheet changes the report; nothing else is edited.
    let mut changed = rules();
    changed[0][1] = C::N(90.0);
    changed[1][1] = C::D(2025, 3, 31); // Excel makes "31 March" a date of this year: its day and month are used
    let wd = project(
        "rules-changed",
        &[report("Norway", Some(2010.0), "annual")],
        &changed,
        C::D(2011, 9, 12),
    );
    assert_eq!(wd.run(&["build"]).status, 0);
    assert!(wd.read("out/report.md").contains(
        "One annual reports were received for a deadline of 31 March 2011; initial reports are due 90 days after entry into force (as of 12 September 2011).\n"
    ));
}

#[test]
fn every_problem_is_reported_at_its_cell_and_check_and_build_report_the_same() {
    let reports = vec![
        report("Chile", Some(2010.0), "annual"),
        report("Chile", Some(2010.0), "annual"), // repeated: left out
        report("Norway", None, "annual"),        // Year is required for annual reports
        report("Peru", None, "initial"),
        report("Peru", None, "initial"), // an empty Year is a value of the key too
    ];
    let mut rules = rules();
    rules[1][1] = C::T("April");
    rules.push(vec![
        C::T("Stockpile destruction"),
        C::N(8.0),
        C::T("yeers"),
    ]);
    rules.push(vec![C::T("Clearance"), C::E, C::T("years")]);
    let wd = project("rules-problems", &reports, &rules, C::T("end of Sept 2011"));
    // A section that fails on the data only when it runs.
    wd.write(
        "plugins/02_notes.lua",
        r#"return { number = 2, title = "Notes", reads = { "Reports" }, run = function()
  paragraph("The first note says %s.", sheet("Reports")[1].Note:lower())
end }"#,
    );
    let check = wd.run(&["check"]);
    let build = wd.run(&["build"]);
    assert_eq!((check.status, build.status), (1, 1));
    let expected = [
        "error: workbooks/settings.xlsx, sheet Settings, cell B3: expected a date, found \"end of Sept 2011\"",
        "  hint: type a date such as 2011-09-13, or leave the cell empty if it is not known",
        "error: workbooks/settings.xlsx, sheet Rules, cell B3: expected a day of the year such as 30 April, found \"April\"",
        "  hint: type the day and the month, e.g. 30 April (a date of any year also does: only its day and month are used)",
        "error: workbooks/settings.xlsx, sheet Rules, cell C5: unknown unit \"yeers\"",
        "  hint: did you mean \"years\"?",
        "error: workbooks/settings.xlsx, sheet Rules, cell B6: the rule \"Clearance\" has no value",
        "  hint: type its value: the plugins that use the rule stop without it",
        "error: workbooks/reports.xlsx, sheet Reports, cell B4: expected a whole number when Kind is \"annual\", found an empty cell",
        "  hint: the dictionary requires this column in the rows where Kind is \"annual\": fill it in, or correct Kind",
        "error: workbooks/reports.xlsx, sheet Reports, cell A3: \"Chile, 2010, annual\" appears twice (also in A2); this sheet has one row per State, Year and Kind, so this row was left out",
        "  hint: keep one row and delete or merge the other",
        "error: workbooks/reports.xlsx, sheet Reports, cell A6: \"Peru, (empty), initial\" appears twice (also in A5); this sheet has one row per State, Year and Kind, so this row was left out",
        "  hint: keep one row and delete or merge the other",
        "error: plugins/01_reports.lua, line 2: section 1 (Reports) was not produced: the setting \"Cut-off date\" has no usable value (workbooks/settings.xlsx, sheet Settings, cell B3): see the problem reported there",
        "error: plugins/02_notes.lua, line 2: section 2 (Notes) was not produced: attempt to index a nil value (field 'Note')",
    ];
    assert_eq!(check.problems(), expected, "{}", check.stderr);
    assert_eq!(build.problems(), expected, "{}", build.stderr);
    assert!(check
        .stderr
        .ends_with("and two section plugins: nine errors.\n"));
    assert!(build.stderr.ends_with("Finished with nine errors.\n"));
    assert_eq!(wd.problem_rows().len(), 9);

    // template counts them in check's words.
    let template = wd.run(&["template", "--out", "blank"]);
    assert_eq!(template.status, 0, "{}", template.stderr);
    assert!(template.stderr.starts_with(
        "(`actionplan check` finds nine errors in this project and lists them; the templates depend only on the dictionary, which has none.)\n"
    ), "{}", template.stderr);
}

#[test]
fn a_column_that_must_be_present_is_an_error_when_its_header_is_renamed() {
    let wd = project(
        "rules-column-only",
        &[
            report("Chile", Some(2010.0), "annual"),
            vec![C::T("Norway"), C::N(2010.0), C::T("annual"), C::E, C::E],
        ],
        &rules(),
        C::D(2011, 9, 12),
    );
    wd.write(
        "plugins/02_received.lua",
        r#"return { number = 2, title = "Received", reads = { "Reports" }, run = function()
  paragraph("%s reports have a date of receipt.", number(#sheet("Reports"):where("Received", "~=", nil)))
end }"#,
    );
    // Its empty cells are fine: "column only" asks for the column, not for values.
    assert_eq!(wd.run(&["check"]).status, 0);

    // Renamed, as a coordinator might: the column is missing, which is an error, not a
    // sheet of empty cells, and the section that reads it is not produced rather than wrong.
    crate::support::edit::edit_sheet(&wd.path("workbooks/reports.xlsx"), "Reports", |grid| {
        grid[0][3] = calamine::Data::String("Date received".into());
    });
    let check = wd.run(&["check"]);
    assert_eq!(check.status, 1);
    assert_eq!(
        check.problems(),
        [
            "error: workbooks/reports.xlsx, sheet Reports, row 1: the required column \"Received\" is missing",
            "  hint: did you mean \"Date received\"? (rename the header, or the column in the dictionary)",
            "error: plugins/02_received.lua, line 2: section 2 (Received) was not produced: the sheet \"Reports\" has no column \"Received\"; did you mean \"Date received\"?",
            "warning: workbooks/reports.xlsx, sheet Reports, cell D1: the column \"Date received\" is not in the dictionary; it was loaded as found",
            "  hint: did you mean \"Received\"?",
        ]
    );
}

#[test]
fn a_condition_in_required_is_checked_against_the_dictionary() {
    let wd = project("rules-condition", &[], &rules(), C::D(2011, 9, 12));
    crate::support::edit::edit_sheet(&wd.path("workbooks/dictionary.xlsx"), "Columns", |grid| {
        let year = grid
            .iter()
            .position(|r| r.get(1) == Some(&calamine::Data::String("Year".into())))
            .unwrap();
        grid[year][3] = calamine::Data::String("when Kind is anual".into());
        let note = grid.len() - 1;
        grid[note][3] = calamine::Data::String("sometimes".into());
    });
    let check = wd.run(&["check"]);
    assert_eq!(
        check.problems(),
        [
            "error: workbooks/dictionary.xlsx, sheet Columns, cell D14: unknown Required value \"sometimes\"",
            "  hint: write yes, column only, no or a condition such as \"when Kind is annual\"",
            "error: workbooks/dictionary.xlsx, sheet Columns, cell D11: \"Required\" names the value \"anual\", which is not one of the values of \"Kind\"; the column is required, but its cells are not",
            "  hint: did you mean \"annual\"?",
        ]
    );
}

#[test]
fn repeated_rows_are_counted_once_and_explain_shows_big_numbers_as_the_report_does() {
    let wd = project(
        "rules-explain",
        &[
            report("Chile", Some(2010.0), "annual"),
            report("Norway", Some(2010.0), "annual"),
            report("Norway", Some(2010.0), "annual"),
            // Two unknown States: reported each, not as the same row twice.
            report("Narnia", None, "initial"),
            report("Narnia", None, "initial"),
        ],
        &rules(),
        C::D(2011, 9, 12),
    );
    let check = wd.run(&["check"]);
    assert_eq!(
        check.problems().iter().filter(|p| p.starts_with("error")).collect::<Vec<_>>(),
        [
            "error: workbooks/reports.xlsx, sheet Reports, cell A5: \"Narnia\" is not in the States list",
            "error: workbooks/reports.xlsx, sheet Reports, cell A6: \"Narnia\" is not in the States list",
            "error: workbooks/reports.xlsx, sheet Reports, cell A4: \"Norway, 2010, annual\" appears twice (also in A3); this sheet has one row per State, Year and Kind, so this row was left out",
        ]
    );
    wd.write(
        "plugins/03_big.lua",
        r#"return { number = 3, title = "Big", run = function()
  figure{ name = "submunitions", value = 7120159, label = "Submunitions destroyed" }
  paragraph("%s submunitions were destroyed.", number(7120159))
end }"#,
    );
    let explain = wd.run(&["explain", "annual"]);
    assert_eq!(explain.status, 0, "{}", explain.stderr);
    assert!(
        explain.stdout.contains("  Value:  2\n")
            && explain.stdout.contains("The 2 rows behind it:\n"),
        "{}",
        explain.stdout
    );
    assert_eq!(
        explain.stdout.matches("State: Norway").count(),
        1,
        "{}",
        explain.stdout
    );

    let big = wd.run(&["explain", "submunitions"]);
    assert!(
        big.stdout.contains("  Value:  7,120,159\n"),
        "{}",
        big.stdout
    );
    wd.run(&["build"]);
    assert!(wd
        .read("out/report.md")
        .contains("7,120,159 submunitions were destroyed."));
}

#[test]
fn a_text_too_long_for_an_excel_cell_is_pointed_out_at_its_cell() {
    let mut reports = vec![report("Chile", Some(2010.0), "annual")];
    reports[0][4] = C::T(LONG);
    let wd = project("rules-long-text", &reports, &rules(), C::D(2011, 9, 12));
    // rust_xlsxwriter refuses to write a text longer than a cell holds, as Excel would: the
    // file is changed afterwards, as a program that does not check would have written it.
    replace_text(
        &wd.path("workbooks/reports.xlsx"),
        LONG,
        &"é".repeat(40_000),
    );
    let check = wd.run(&["check"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert_eq!(
        check.problems(),
        [
            "warning: workbooks/reports.xlsx, sheet Reports, cell E2: the text is 40,000 characters long, more than the 32,767 an Excel cell holds; it will be cut in consolidated.xlsx",
            "  hint: shorten the text, or split it over several rows",
        ]
    );
}
