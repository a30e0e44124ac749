//! `actionplan init DIR`: a new project that builds a report at once, checks clean, and
//! gives templates; a folder that holds a project already is left alone.

use crate::support::Workdir;

#[test]
fn init_then_build_makes_a_report() {
    let wd = Workdir::new("ux-init");
    let run = wd.run(&["init", "new"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("Created a new project in new:\n"),
        "{}",
        run.stderr
    );
    for file in [
        "workbooks/dictionary.xlsx",
        "workbooks/states.xlsx",
        "workbooks/settings.xlsx",
        "workbooks/reports.xlsx",
        "plugins/01_reporting.lua",
        "plugins/lib/treaty.lua",
        "docs/workbooks.md",
        "docs/plugins.md",
    ] {
        assert!(wd.path(&format!("new/{file}")).is_file(), "{file}");
    }

    let check = wd.run(&["--project", "new", "check"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .ends_with("and one section plugin: no problems.\n"),
        "{}",
        check.stderr
    );

    let build = wd.run(&["--project", "new", "build"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(
        build.stderr.ends_with("Finished with no problems.\n"),
        "{}",
        build.stderr
    );
    let report = wd.read("new/out/report.md");
    assert!(report.starts_with("# Progress report\n"), "{report}");
    assert!(
        report.contains(
            "## 1. Transparency reports\n\nAt the opening of the Second Meeting of States Parties, eight States had joined \
             the treaty; five States Parties (62%) had submitted an annual report.\n\nThree States Parties are yet to \
             submit an annual report.\n"
        ),
        "{report}"
    );
    let summary = wd.sheet_text("new/out/consolidated.xlsx", "Summary");
    assert!(
        summary
            .iter()
            .any(|r| r.get(2).map(String::as_str) == Some("states_reporting") && r[4] == "5"),
        "{summary:?}"
    );

    // The example plugin's figures can be explained, and the alias "Lao PDR" is read as the master name.
    let explain = wd.run(&["--project", "new", "explain", "states_reporting"]);
    assert_eq!(explain.status, 0, "{}", explain.stderr);
    assert!(explain.stdout.contains("  workbooks/reports.xlsx, sheet Reports, row 6: State: Lao People's Democratic Republic; Year: 2024;"), "{}", explain.stdout);

    // Its dictionary names the workbooks, so the templates match the files.
    let template = wd.run(&["--project", "new", "template"]);
    assert_eq!(template.status, 0, "{}", template.stderr);
    assert!(
        template
            .stderr
            .contains("Wrote templates/settings.xlsx (sheets: Settings, Rules and Meetings)."),
        "{}",
        template.stderr
    );
    assert_eq!(
        wd.sheet_text("new/templates/reports.xlsx", "Reports"),
        [["State", "Year", "Kind", "Received", "Source"]]
    );
}

#[test]
fn init_leaves_an_existing_project_alone() {
    let wd = Workdir::new("ux-init-existing");
    // The Workdir is a project already: it has workbooks/ and plugins/.
    let run = wd.run(&["init", "."]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains(
            "already has a workbooks/ folder, so it holds a project already; nothing was written"
        ),
        "{}",
        run.stderr
    );
    assert!(!wd.path("workbooks/dictionary.xlsx").exists());
}
