//! `actionplan check` reads and checks everything and writes nothing; every command exits
//! with status 2, writing nothing, when there is no project or no workbook to read.

use crate::support::{dictionary, Run, Workdir, C};

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
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![C::T("State")],
                vec![C::T("Chile")],
                vec![C::T("Lebanon")],
            ],
        )
        .save();
    wd.write(
        "plugins/01_stockpiles.lua",
        r#"return { number = 1, title = "Stockpile destruction", reads = { "Stockpiles" }, run = function()
  paragraph("%s declared stockpiles.", count(#sheet("Stockpiles"), "State"))
end }
"#,
    );
}

fn stockpiles(wd: &Workdir, rows: &[Vec<C>]) {
    let mut all = vec![vec![C::T("State"), C::T("Declared")]];
    all.extend(rows.iter().cloned());
    wd.book("workbooks/stockpiles.xlsx")
        .sheet("Stockpiles", &all)
        .save();
}

#[test]
fn check_of_a_clean_project_exits_0_and_writes_nothing() {
    let wd = Workdir::new("core-check-clean");
    project(&wd);
    stockpiles(&wd, &[vec![C::T("Chile"), C::D(2011, 6, 9)]]);
    let before = wd.files("");
    let run = wd.run(&["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "Checked three workbooks (two tables, three rows) and one section plugin: no problems.\n"
    );
    assert!(wd.files("") == before, "check changed or added files");
    assert!(!wd.path("out").exists());
}

#[test]
fn check_lists_every_problem_in_workbooks_and_plugins_and_exits_1() {
    let wd = Workdir::new("core-check-problems");
    project(&wd);
    stockpiles(
        &wd,
        &[
            vec![C::T("Chile"), C::T("end of 2011")],
            vec![C::T("Lebanonn"), C::D(2011, 4, 1)],
        ],
    );
    wd.write(
        "plugins/02_clearance.lua",
        r#"return { number = 2, title = "Clearance", reads = { "Stockpile" }, run = function() end }
"#,
    );
    let before = wd.files("");
    let run = wd.run(&["check"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell B2: expected a date, found \"end of 2011\"\n  \
           hint: type a date such as 2011-09-13, or leave the cell empty if it is not known\n\
         error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell A3: \"Lebanonn\" is not in the States list\n  \
           hint: did you mean \"Lebanon\"? (or add the name to the Aliases column of the States list)\n\
         error: plugins/02_clearance.lua: the section reads the sheet \"Stockpile\", which no workbook has\n  \
           hint: did you mean \"Stockpiles\"?\n\
         Checked three workbooks (two tables, four rows) and two section plugins: three errors.\n"
    );
    assert!(wd.files("") == before, "check changed or added files");
    assert!(!wd.path("out").exists());
}

#[test]
fn check_with_warnings_only_exits_0() {
    let wd = Workdir::new("core-check-warnings");
    project(&wd);
    stockpiles(&wd, &[vec![C::T("Chile"), C::T("2011-06-09")]]);
    let run = wd.run(&["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.problems(),
        [
            "warning: workbooks/stockpiles.xlsx, sheet Stockpiles, cell B2: the date \"2011-06-09\" was typed as text; it was read as 9 June 2011",
            "  hint: format the cell as a date so that it sorts and compares as one",
        ]
    );
}

#[test]
fn a_folder_without_workbooks_folder_is_not_a_project_exit_2() {
    let wd = Workdir::new("core-no-project");
    std::fs::remove_dir_all(wd.path("workbooks")).unwrap();
    for command in ["build", "check", "sections"] {
        let run = wd.run(&[command]);
        assert_eq!(run.status, 2, "{command}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{command}");
        assert_eq!(
            run.stderr,
            "error: the current folder has no workbooks/ folder, so it is not an actionplan project; \
             pass the project folder with --project DIR, or create one with `actionplan init DIR`\n",
            "{command}"
        );
    }
    assert!(!wd.path("out").exists());

    // The same through --project, naming the folder.
    let elsewhere = wd.path("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let run = wd.run(&["build", "--project", "elsewhere"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: the folder elsewhere has no workbooks/ folder, so it is not an actionplan project; \
         pass the project folder with --project DIR, or create one with `actionplan init DIR`\n"
    );
    assert!(!elsewhere.join("out").exists());
}

#[test]
fn a_workbooks_folder_without_workbooks_exits_2_and_writes_nothing() {
    let wd = Workdir::new("core-no-workbooks");
    // Neither notes nor the lock file of a workbook open in Excel are workbooks.
    wd.write(
        "workbooks/notes.txt",
        "send the stockpile figures by 1 August\n",
    );
    wd.write("workbooks/~$stockpiles.xlsx", "lock");
    wd.write(
        "plugins/01_x.lua",
        "return { number = 1, title = \"X\", run = function() paragraph(\"x\") end }\n",
    );
    for command in ["build", "check"] {
        let run = wd.run(&[command]);
        assert_eq!(run.status, 2, "{command}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            "error: there are no workbooks in workbooks/ (expected .xlsx, .xlsm, .xls, .xlsb or .ods files)\n",
            "{command}"
        );
    }
    assert!(!wd.path("out").exists());
}

/// When not one workbook can be read, a build writes nothing: an empty report would replace
/// the last good one. Every problem is printed, as there is no Problems sheet.
#[test]
fn a_build_that_can_read_no_workbook_keeps_the_previous_outputs_and_exits_2() {
    let wd = Workdir::new("core-nothing-read");
    project(&wd);
    stockpiles(&wd, &[vec![C::T("Chile"), C::D(2011, 6, 9)]]);
    let first = wd.run(&["build"]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    let before = std::fs::read(wd.path("out/consolidated.xlsx")).unwrap();

    // Every workbook replaced by something that is not a workbook.
    let books = ["dictionary.xlsx", "states.xlsx", "stockpiles.xlsx"];
    for book in books {
        wd.write(
            &format!("workbooks/{book}"),
            "<html>Sign in to see this file</html>",
        );
    }
    let not_a_workbook = |book: &str| {
        format!(
            "error: workbooks/{book}: the file is a web page or XML file saved under a spreadsheet \
             name (.xlsx), not a real workbook; open it in Excel or LibreOffice and save it as an \
             Excel Workbook (.xlsx)\n"
        )
    };
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "{}error: could not read any of the three workbooks, so nothing was written: out \
             keeps the outputs of the previous build\n",
            books.map(not_a_workbook).concat(),
        )
    );
    assert_eq!(
        std::fs::read(wd.path("out/consolidated.xlsx")).unwrap(),
        before
    );

    // Into a new folder: nothing there to keep.
    let run = wd.run(&["build", "--out", "elsewhere"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.ends_with(
            "error: could not read any of the three workbooks, so nothing was written\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!wd.path("elsewhere").exists());
}

#[test]
fn build_prints_the_first_60_problems_and_check_prints_them_all() {
    let wd = Workdir::new("core-many-problems");
    project(&wd);
    // Seven coordinators' workbooks with ten unknown States each: 70 errors.
    for book in 1..=7 {
        let rows: Vec<Vec<C>> = (1..=10)
            .map(|i| vec![C::S(format!("Unknown {book}-{i}")), C::D(2011, 6, 9)])
            .collect();
        let mut all = vec![vec![C::T("State"), C::T("Declared")]];
        all.extend(rows);
        wd.book(&format!("workbooks/stockpiles_{book}.xlsx"))
            .sheet("Stockpiles", &all)
            .save();
    }
    let errors = |run: &Run| {
        run.problems()
            .iter()
            .filter(|l| l.starts_with("error: "))
            .count()
    };

    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(errors(&run), 60);
    assert!(
        run.stderr.contains(
            "\n… and 10 more, listed in the Problems sheet of consolidated.xlsx\n\
             Read nine workbooks (72 rows); produced one section.\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().last(), Some("Finished with 70 errors."));
    let rows = wd.problem_rows();
    assert_eq!(rows.len(), 70);
    assert_eq!(
        rows[69],
        [
            "error",
            "workbooks/stockpiles_7.xlsx",
            "Stockpiles",
            "A11",
            "\"Unknown 7-10\" is not in the States list",
            "Unknown 7-10",
            "a State name from the States list",
            "add the State to the States list, or the spelling to its Aliases column"
        ]
    );

    let run = wd.run(&["check"]);
    assert_eq!(run.status, 1);
    assert_eq!(errors(&run), 70);
    assert!(!run.stderr.contains("more, listed in"), "{}", run.stderr);
}
