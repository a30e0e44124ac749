//! Section plugins: one that fails does not stop the others, shows as not produced in every
//! output, sets exit status 1, and is reported with its file and line; `actionplan sections`
//! lists the sections by number.

use crate::support::{SmallProject, Workdir};

/// The small project's States list with ratification dates, section 1 that counts the
/// States Parties, and section 3 that uses its result.
fn project(wd: &Workdir) {
    SmallProject::new()
        .date_column("Ratified")
        .without_section()
        .write(wd);
    wd.write(
        "plugins/01_universalization.lua",
        r#"return { number = 1, title = "Universalization", reads = { "States" }, run = function()
  local parties = sheet("States"):where("Ratified", "<=", date(2011, 9, 12))
  figure{ name = "parties", value = #parties, label = "States Parties", rows = parties }
  paragraph("%s had ratified the Convention.", count(#parties, "State"))
end }
"#,
    );
    wd.write(
        "plugins/03_cooperation.lua",
        r#"return { number = 3, title = "Cooperation", reads = { "States" }, uses = { 1 }, run = function()
  local first = section_result(1)
  figure{ name = "partners", value = first.figures.parties, label = "Potential partners" }
  paragraph("%s could cooperate.", count(first.figures.parties, "State Party", "States Parties"))
end }
"#,
    );
}

/// Section 2 fails on line 4: a row that is not there.
const FAILING: &str = r#"return { number = 2, title = "Stockpile destruction", reads = { "States" }, run = function()
  local states = sheet("States")
  local norway = states:find("State", "Norwey")
  paragraph("Norway ratified on %s.", norway.Ratified)
end }
"#;

const FAILURE: &str = "attempt to index a nil value (local 'norway')";

/// The summary line says what was produced in words that hold for any count: one section
/// that fails is "its only section", several that all fail are "any of its … sections".
#[test]
fn the_summary_line_is_grammatical_when_no_section_is_produced() {
    let wd = Workdir::new("core-sections-none");
    SmallProject::new()
        .date_column("Ratified")
        .without_section()
        .write(&wd);
    wd.write("plugins/02_stockpiles.lua", FAILING);
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("Read two workbooks (three rows); could not produce the only section.\n"),
        "{}",
        run.stderr
    );

    wd.write(
        "plugins/03_stockpiles.lua",
        &FAILING.replace("number = 2", "number = 3"),
    );
    let run = wd.run(&["build"]);
    assert!(
        run.stderr.contains(
            "Read two workbooks (three rows); could not produce any of the two sections.\n"
        ),
        "{}",
        run.stderr
    );

    std::fs::write(wd.root.join("workbooks/extra.xlsx"), "not a workbook").unwrap();
    let run = wd.run(&["build"]);
    assert!(
        run.stderr.contains(
            "Read two of three workbooks (three rows; one could not be read); could not produce any of the two sections.\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failing_section_is_reported_with_its_file_and_line_and_the_others_are_produced() {
    let wd = Workdir::new("core-sections-failing");
    project(&wd);
    wd.write("plugins/02_stockpiles.lua", FAILING);
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: plugins/02_stockpiles.lua, line 4: section 2 (Stockpile destruction) was not produced: {FAILURE}\n\
             Read two workbooks (three rows); produced two of three sections (one not produced).\n\
             Wrote out/consolidated.xlsx, out/report.md, out/report.html and out/report.docx.\n\
             Finished with one error.\n"
        )
    );
    assert_eq!(
        wd.problem_rows(),
        [vec![
            "error".to_string(),
            "plugins/02_stockpiles.lua".to_string(),
            String::new(),
            "line 4".to_string(),
            format!("section 2 (Stockpile destruction) was not produced: {FAILURE}"),
        ]]
    );

    // The Summary keeps the report's order, with the failed section in its place.
    let summary = wd.sheet_text("out/consolidated.xlsx", "Summary");
    assert_eq!(
        summary[4..],
        [
            vec![
                "1".to_string(),
                "Universalization".into(),
                "parties".into(),
                "States Parties".into(),
                "2".into(),
                "".into(),
                "2".into()
            ],
            vec![
                "2".to_string(),
                "Stockpile destruction".into(),
                "".into(),
                format!("not produced: {FAILURE} (plugins/02_stockpiles.lua, line 4)"),
            ],
            vec![
                "3".to_string(),
                "Cooperation".into(),
                "partners".into(),
                "Potential partners".into(),
                "2".into(),
                "".into(),
                "0".into()
            ],
        ]
    );
    let sheet = wd.sheet_text("out/consolidated.xlsx", "2 Stockpile destruction");
    assert_eq!(sheet[0], ["2. Stockpile destruction"]);
    assert_eq!(
        sheet[2][0],
        format!("This section was not produced: {FAILURE} (plugins/02_stockpiles.lua, line 4). See the Problems sheet.")
    );

    assert_eq!(
        wd.read("out/report.md"),
        format!(
            "# Progress report\n\n\
             ## 1. Universalization\n\n\
             Two States had ratified the Convention.\n\n\
             ## 2. Stockpile destruction\n\n\
             > **This section was not produced:** {FAILURE} (plugins/02_stockpiles.lua, line 4). \
             The problem is listed in the Problems sheet of consolidated.xlsx.\n\n\
             ## 3. Cooperation\n\n\
             Two States Parties could cooperate.\n"
        )
    );
    let html = wd.read("out/report.html");
    let failed = format!(
        "<h2>2. Stockpile destruction</h2>\n<p class=\"failed\"><strong>This section was not produced:</strong> \
         {FAILURE} (plugins/02_stockpiles.lua, line 4). The problem is listed in the Problems sheet of consolidated.xlsx.</p>"
    );
    assert!(html.contains(&failed), "{html}");
    assert!(
        html.contains("<h2>3. Cooperation</h2>\n<p>Two States Parties could cooperate.</p>"),
        "{html}"
    );
}

#[test]
fn an_error_raised_by_the_plugin_itself_keeps_its_words_file_and_line() {
    let wd = Workdir::new("core-sections-raised");
    project(&wd);
    wd.write(
        "plugins/02_stockpiles.lua",
        r#"return { number = 2, title = "Stockpile destruction", reads = { "States" }, run = function()
  if #sheet("States") < 10 then
    error("fewer than 10 States: is the States list complete?")
  end
end }
"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        ["error: plugins/02_stockpiles.lua, line 3: section 2 (Stockpile destruction) was not produced: fewer than 10 States: is the States list complete?"]
    );
}

#[test]
fn an_error_in_a_shared_helper_names_the_helper_and_the_plugin_that_called_it() {
    let wd = Workdir::new("core-sections-helper");
    project(&wd);
    wd.write(
        "plugins/lib/ccm.lua",
        r#"local M = {}

function M.parties(states, on)
  return states:where("Ratification", "<=", on)
end

return M
"#,
    );
    wd.write(
        "plugins/02_stockpiles.lua",
        r#"local ccm = require("ccm")
return { number = 2, title = "Stockpile destruction", reads = { "States" }, run = function()
  local parties = ccm.parties(sheet("States"), date(2011, 9, 12))
  paragraph("%s.", count(#parties, "State Party", "States Parties"))
end }
"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: plugins/lib/ccm.lua, line 4: section 2 (Stockpile destruction) was not produced: the sheet \"States\" has no column \"Ratification\"; its columns are: State, Ratified",
            "  hint: called from plugins/02_stockpiles.lua, line 3, in a function",
        ]
    );
    let summary = wd.sheet_text("out/consolidated.xlsx", "Summary");
    assert_eq!(
        summary[5],
        [
            "2",
            "Stockpile destruction",
            "",
            "not produced: the sheet \"States\" has no column \"Ratification\"; its columns are: State, Ratified (plugins/lib/ccm.lua, line 4)"
        ]
    );
}

#[test]
fn a_plugin_that_cannot_be_loaded_is_reported_under_its_file_name() {
    let wd = Workdir::new("core-sections-syntax");
    project(&wd);
    wd.write(
        "plugins/02_stockpiles.lua",
        "return { number = 2, title = \"Stockpile destruction\", run = function()\n  paragraph(\"Done.\"\nend }\n",
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    let message = "')' expected (to close '(' at line 2) near 'end'";
    assert_eq!(
        run.problems(),
        [format!(
            "error: plugins/02_stockpiles.lua, line 3: the section plugin cannot be loaded: {message}"
        )]
    );
    // Its number is unknown, so it comes after the numbered sections.
    let summary = wd.sheet_text("out/consolidated.xlsx", "Summary");
    assert_eq!(
        summary[6],
        [
            "",
            "plugins/02_stockpiles.lua",
            "",
            &format!("not produced: {message}")
        ]
    );
    assert!(
        wd.read("out/report.md").ends_with(&format!(
            "## 3. Cooperation\n\nTwo States Parties could cooperate.\n\n\
             ## plugins/02_stockpiles.lua\n\n\
             > **This section was not produced:** {message}. The problem is listed in the Problems sheet of consolidated.xlsx.\n"
        )),
        "{}",
        wd.read("out/report.md")
    );
}

#[test]
fn sections_lists_number_title_file_sheets_read_and_sections_used() {
    let wd = Workdir::new("core-sections-list");
    project(&wd);
    wd.write(
        "plugins/10_transparency.lua",
        r#"return { number = 10, title = "Transparency measures", reads = { "States", "Reports" }, run = function() end }
"#,
    );
    let run = wd.run(&["sections"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "  1  Universalization       plugins/01_universalization.lua  reads: States\n  \
           3  Cooperation            plugins/03_cooperation.lua       reads: States  uses sections: 1\n \
          10  Transparency measures  plugins/10_transparency.lua      reads: States, Reports\n"
    );
}

#[test]
fn sections_marks_a_plugin_that_cannot_be_loaded_and_exits_1() {
    let wd = Workdir::new("core-sections-list-broken");
    project(&wd);
    wd.write(
        "plugins/02_stockpiles.lua",
        "return { number = 2, run = function() end }\n",
    );
    let run = wd.run(&["sections"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stdout,
        "  1  Universalization  plugins/01_universalization.lua  reads: States\n  \
           3  Cooperation       plugins/03_cooperation.lua       reads: States  uses sections: 1\n  \
           ?                    plugins/02_stockpiles.lua        cannot be loaded: the section has no title \
         (title = \"Universalization\"); end the plugin with: return { number = 4, title = \"...\", \
         reads = { \"Sheet\" }, run = function() ... end }\n"
    );
}

#[test]
fn sections_needs_no_workbooks_and_says_when_there_are_no_plugins() {
    let wd = Workdir::new("core-sections-none");
    let run = wd.run(&["sections"]);
    assert_eq!(run.status, 0);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "There are no section plugins in plugins/.\n");

    project(&wd);
    for f in ["workbooks/states.xlsx", "workbooks/dictionary.xlsx"] {
        std::fs::remove_file(wd.path(f)).unwrap();
    }
    let run = wd.run(&["sections"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "  1  Universalization  plugins/01_universalization.lua  reads: States\n  \
           3  Cooperation       plugins/03_cooperation.lua       reads: States  uses sections: 1\n"
    );
}

#[test]
fn a_misspelt_sheet_name_in_a_plugin_gets_did_you_mean() {
    let wd = Workdir::new("core-sections-sheet-typo");
    project(&wd);
    wd.write(
        "plugins/02_stockpiles.lua",
        r#"return { number = 2, title = "Stockpile destruction", reads = { "States" }, run = function()
  paragraph("%s.", count(#sheet("Sates"), "State"))
end }
"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        ["error: plugins/02_stockpiles.lua, line 2: section 2 (Stockpile destruction) was not produced: sheet \"Sates\" is not in this section's reads list; did you mean \"States\"?"]
    );
}

/// A misspelt function of the API: Lua only says the name is nil; the message suggests the
/// function meant.
#[test]
fn a_misspelt_function_gets_did_you_mean() {
    let wd = Workdir::new("core-sections-misspelt-function");
    project(&wd);
    wd.write(
        "plugins/02_stockpiles.lua",
        "return { number = 2, title = \"Stockpile destruction\", run = function()\n  paragraf(\"Two.\")\nend }\n",
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        ["error: plugins/02_stockpiles.lua, line 2: section 2 (Stockpile destruction) was not produced: attempt to call a nil value (global 'paragraf') (did you mean \"paragraph\"?)"]
    );
}
