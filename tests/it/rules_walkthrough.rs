//! The README's whirlwind tour and its walk-through step "Change a rule", run for real: each
//! `$ command` is run (through sh, with `actionplan` on the PATH) and must print what the
//! README shows, so that `init` and the guides cannot drift apart. Where the README says a
//! coordinator edited a workbook, the test makes the same edit (support/edit.rs).

use std::path::{Path, PathBuf};

use calamine::Data;

use crate::support::edit::{edit_sheet, row_of};
use crate::support::{repo, sh, Workdir};

/// The README's text between a heading and the next heading of the same level.
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let level = heading.split(' ').next().unwrap();
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no heading {heading}"));
    let body = &readme[start + heading.len() + 2..];
    let end = body.find(&format!("\n{level} ")).unwrap_or(body.len());
    &body[..end]
}

/// The `$ command` lines of the indented code blocks of `text`, each with the lines it prints
/// (the block's indent taken off, trailing empty lines dropped).
fn commands(text: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut in_command = false;
    for line in text.lines() {
        match line.strip_prefix("    ") {
            Some(code) => {
                if let Some(command) = code.strip_prefix("$ ") {
                    found.push((command.to_string(), String::new()));
                    in_command = true;
                } else if in_command {
                    let out = &mut found.last_mut().unwrap().1;
                    out.push_str(code);
                    out.push('\n');
                }
            }
            // An empty line may be part of the output (report.md has some); prose ends it.
            None if line.is_empty() => {
                if in_command {
                    found.last_mut().unwrap().1.push('\n');
                }
            }
            None => in_command = false,
        }
    }
    for (_, out) in &mut found {
        let kept = out.trim_end_matches('\n').len();
        out.truncate(kept);
        if kept > 0 {
            out.push('\n');
        }
    }
    found
}

#[test]
fn the_readme_tour_works_on_a_new_project_as_written() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let tour = commands(section(&readme, "## A whirlwind tour"));
    assert!(tour.len() >= 9, "the tour has lost its commands: {tour:?}");

    let wd = Workdir::new("rules-tour");
    // The repository's own project, for the command the README runs there.
    let own = Workdir::default_project("rules-tour-own");
    let mut dir: PathBuf = wd.root.clone();
    let mut checked = false;
    for (command, expected) in &tour {
        if let Some(folder) = command.strip_prefix("cd ") {
            dir = dir.join(folder.trim());
            continue;
        }
        let (command, here) = match command.split_once('#') {
            Some((c, note)) if note.contains("repository's own project") => {
                (c.trim_end(), own.root.clone())
            }
            _ => (command.as_str(), dir.clone()),
        };
        if command == "actionplan check" {
            coordinator_adds_two_rows(&here.join("workbooks/reports.xlsx"));
            checked = true;
        }
        let got = sh(&here, command);
        assert_eq!(
            got, *expected,
            "README.md: `{command}` printed something else than the tour shows"
        );
    }
    assert!(checked, "the tour no longer runs actionplan check");
}

/// The rows the README's coordinator adds to reports.xlsx: a misspelt State, a misspelt kind
/// and a date written as words (row 9), and Norway's report again (row 10).
fn coordinator_adds_two_rows(reports: &Path) {
    edit_sheet(reports, "Reports", |grid| {
        grid.push(vec![
            Data::String("New Zeland".into()),
            Data::Float(2024.0),
            Data::String("anual".into()),
            Data::String("end of April 2025".into()),
            Data::String("Added by a coordinator".into()),
        ]);
        let norway = grid[row_of(grid, "Norway")].clone();
        grid.push(norway);
    });
}

#[test]
fn changing_a_rule_in_the_rules_sheet_changes_the_report_as_the_readme_shows() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let step = section(
        &readme,
        "### 1. Change a rule: days of grace for transparency reports",
    );
    let diff = step
        .split("```\n")
        .nth(1)
        .expect("the step shows the diff in a ``` block");
    // The check's output is shown without its command line: put it back before the first line.
    let check = commands(&step.replacen("\n    error:", "\n    $ actionplan check\n    error:", 1));

    let wd = Workdir::default_project("rules-walkthrough");
    assert!(sh(&wd.root, "actionplan build").ends_with("Finished with no problems.\n"));
    std::fs::copy(wd.path("out/report.md"), wd.path("before.md")).unwrap();

    // In workbooks/settings.xlsx, sheet Rules: 14 in the Value cell of "Days of grace for reports" (B6).
    let settings = wd.path("workbooks/settings.xlsx");
    let set = |value: Data| {
        edit_sheet(&settings, "Rules", |grid| {
            let row = row_of(grid, "Days of grace for reports");
            assert_eq!(row, 5, "the README says B6");
            grid[row][1] = value;
        });
    };
    set(Data::Float(14.0));
    let build = sh(&wd.root, "actionplan build");
    assert!(build.ends_with("Finished with no problems.\n"), "{build}");
    assert_eq!(sh(&wd.root, "diff before.md out/report.md"), diff);

    // The same cell mistyped: reported at the cell, and the sections that use the rule stop.
    set(Data::String("two weeks".into()));
    let [(_, expected)] = check.as_slice() else {
        panic!("the step shows one check: {check:?}")
    };
    assert_eq!(sh(&wd.root, "actionplan check"), *expected);

    // Back to 0: the report is the expected one again.
    set(Data::Float(0.0));
    sh(&wd.root, "actionplan build");
    assert_eq!(
        wd.read("out/report.md"),
        std::fs::read_to_string(repo().join("tests/expected/report.md")).unwrap()
    );
}
