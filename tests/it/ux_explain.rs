//! `actionplan explain FIGURE`: the value, label, rule and every row behind a figure, found by
//! name or by section number and name; ambiguity and typos are answered in words.

use crate::support::{dictionary, Workdir, C};

fn project(wd: &Workdir) {
    dictionary(
        wd,
        &[("States", "States list", "State"), ("Reports", "", "")],
        &[
            ("States", "State", "text", true, ""),
            ("States", "Deposited", "date", false, ""),
            ("States", "Aliases", "text", false, ""),
            ("Reports", "State", "State", true, ""),
            ("Reports", "Year", "whole number", true, ""),
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![C::T("State"), C::T("Deposited"), C::T("Aliases")],
                vec![C::T("Norway"), C::D(2008, 12, 3), C::E],
                vec![C::T("Chile"), C::D(2010, 12, 16), C::E],
                vec![
                    C::T("Lao People's Democratic Republic"),
                    C::D(2009, 3, 18),
                    C::T("Lao PDR; Laos"),
                ],
                vec![C::T("Canada"), C::E, C::E],
            ],
        )
        .save();
    wd.book("workbooks/reports.xlsx")
        .sheet(
            "Reports",
            &[
                vec![C::T("State"), C::T("Year")],
                vec![C::T("Norway"), C::N(2010.0)],
                vec![C::T("Lao PDR"), C::N(2010.0)],
            ],
        )
        .save();
    wd.write(
        "plugins/01_members.lua",
        r#"return { number = 1, title = "Members", reads = { "States" }, run = function()
  local parties = sheet("States"):where("Deposited", "<=", date(2010, 11, 12))
  figure{ name = "parties", value = #parties, label = "States Parties", rows = parties,
          as_of = date(2010, 11, 12) }
  figure{ name = "total", value = 2, label = "A total" }
end }"#,
    );
    wd.write(
        "plugins/02_reports.lua",
        r#"return { number = 2, title = "Reports", reads = { "Reports" }, run = function()
  local reports = sheet("Reports")
  figure{ name = "total", value = #reports, label = "Reports received", rows = reports }
end }"#,
    );
}

#[test]
fn explains_a_figure_with_every_row_behind_it() {
    let wd = Workdir::new("ux-explain");
    project(&wd);
    let run = wd.run(&["explain", "parties"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Figure 1.parties (section 1, Members)\n\
         \x20 Value:  2\n\
         \x20 Label:  States Parties\n\
         \x20 As of:  12 November 2010\n\
         \x20 Rule:   plugins/01_members.lua, line 3\n\
         \n\
         The 2 rows behind it:\n\
         \x20 workbooks/states.xlsx, sheet States, row 2: State: Norway; Deposited: 3 December 2008\n\
         \x20 workbooks/states.xlsx, sheet States, row 4: State: Lao People's Democratic Republic; Deposited: 18 March 2009; Aliases: \"Lao PDR; Laos\"\n"
    );
    assert_eq!(run.stderr, "");
    assert!(!wd.path("out").exists(), "explain writes nothing");

    // With the section number; rows from another workbook, under the master spelling.
    let run = wd.run(&["explain", "2.total"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Figure 2.total (section 2, Reports)\n  Value:  2\n  Label:  Reports received\n  Rule:   plugins/02_reports.lua, line 3\n"), "{}", run.stdout);
    assert!(run.stdout.contains("  workbooks/reports.xlsx, sheet Reports, row 3: State: Lao People's Democratic Republic; Year: 2010\n"), "{}", run.stdout);

    // A figure without rows says so.
    let run = wd.run(&["explain", "1.total"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("The plugin gave no rows for this figure"),
        "{}",
        run.stdout
    );
}

#[test]
fn ambiguous_and_unknown_names_are_answered_in_words() {
    let wd = Workdir::new("ux-explain-names");
    project(&wd);
    let run = wd.run(&["explain", "total"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.problems(),
        [
            "error: two sections have a figure called \"total\": 1.total and 2.total",
            "  hint: name one with its section number, e.g. actionplan explain 1.total"
        ]
    );

    let run = wd.run(&["explain", "partys"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.problems(),
        [
            "error: the report has no figure called \"partys\"",
            "  hint: did you mean \"1.parties\"?"
        ]
    );

    let run = wd.run(&["explain", "3.parties"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.problems(),
        [
            "error: the report has no figure called \"3.parties\"",
            "  hint: did you mean \"1.parties\"?"
        ]
    );

    // A section that failed is named, since its figures are missing.
    wd.write(
        "plugins/03_broken.lua",
        r#"return { number = 3, title = "Broken", run = function() error("no data") end }"#,
    );
    let run = wd.run(&["explain", "stockpiles"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains(
            "  note: section 3 (Broken) was not produced, so its figures are missing: no data"
        ),
        "{}",
        run.stderr
    );
}
