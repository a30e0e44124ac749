//! The naming policy (src/review): a project whose Settings sheet says "Report may name States:
//! no" gets, at every build, an error at the plugin line of each circulated text that names a
//! State (by its name or an alias, in any capitals), and no report.md, report.html or
//! report.docx; the workbook is still written. "Niger" is not found in "Nigeria", allowed mentions pass, and a
//! project that has not set the policy is not checked.
//!
//! The default project is built here with the policy rows it is to have in its Settings sheet
//! (workbooks/settings.xlsx), added to a copy when the repository's does not have them yet.

use calamine::{open_workbook_auto, Data, Reader};

use crate::support::{dictionary, put, repo, Workdir, C};

/// The rows the default project's Settings sheet is to hold.
const DEFAULT_POLICY: &[(&str, &str)] = &[
    ("Report may name States", "no"),
    (
        "Allowed mentions of States",
        "Beirut, Lebanon; Vientiane, Lao PDR",
    ),
];

/// The repository's project, with the policy rows in its Settings sheet: settings.xlsx is
/// written again, each sheet with the same cells, and the rows it lacks added to Settings.
fn default_project(name: &str) -> Workdir {
    let wd = Workdir::default_project(name);
    let path = wd.path("workbooks/settings.xlsx");
    let mut original = open_workbook_auto(&path).unwrap();
    let mut book = wd.book("workbooks/settings.xlsx");
    for sheet in original.sheet_names() {
        let range = original.worksheet_range(&sheet).unwrap();
        let mut rows: Vec<Vec<C>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        if sheet == "Settings" {
            for (setting, value) in DEFAULT_POLICY {
                let has = range
                    .rows()
                    .any(|r| matches!(&r[0], Data::String(s) if s == setting));
                if !has {
                    rows.push(vec![C::S(setting.to_string()), C::S(value.to_string())]);
                }
            }
        }
        let (row, col) = range.start().unwrap_or((0, 0));
        book = book.custom(&sheet, |ws| put(ws, row, col as u16, &rows));
    }
    book.save();
    wd
}

/// A cell of the settings workbook as the test workbooks write it.
fn cell(d: &Data) -> C {
    match d {
        Data::Empty => C::E,
        Data::String(s) => C::S(s.clone()),
        Data::Float(f) => C::N(*f),
        Data::Int(i) => C::N(*i as f64),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            C::D(y, m, d)
        }
        other => panic!("settings.xlsx holds an unexpected cell: {other:?}"),
    }
}

/// Inserts `lines` into a plugin before its first line that starts (after its indent) with
/// `before`; returns the (1-based) line number of the first line inserted.
fn insert(wd: &Workdir, plugin: &str, before: &str, lines: &[&str]) -> usize {
    let source = wd.read(plugin);
    let mut all: Vec<&str> = source.lines().collect();
    let at = all
        .iter()
        .position(|l| l.trim_start().starts_with(before))
        .unwrap_or_else(|| panic!("{plugin} has no line starting with {before}"));
    for (i, line) in lines.iter().enumerate() {
        all.insert(at + i, line);
    }
    wd.write(plugin, &(all.join("\n") + "\n"));
    at + 1
}

/// The first line a command printed.
fn first_line(stderr: &str) -> &str {
    stderr.lines().next().unwrap_or_default()
}

const HINT: &str = "  hint: write it without naming a State; if the mention is allowed (the host of a meeting, say), add it to the setting \"Allowed mentions of States\"; if this project's report may name States, set \"Report may name States\" to yes";

#[test]
fn the_default_project_names_no_state_with_the_check_on() {
    let wd = default_project("naming-default");
    let run = wd.run(&["build"]);
    let read = first_line(&run.stderr);
    assert!(read.starts_with("Read 12 workbooks ("), "{read}");
    assert_eq!(
        run.stderr,
        format!(
            "{read}\n\
             Wrote out/consolidated.xlsx, out/report.md, out/report.html and out/report.docx.\n\
             Finished with no problems.\n"
        )
    );
    assert_eq!(run.status, 0);
    let expected = std::fs::read_to_string(repo().join("tests/expected/report.md")).unwrap();
    assert!(
        wd.read("out/report.md") == expected,
        "the report differs from tests/expected/report.md"
    );
}

#[test]
fn a_sentence_naming_a_state_is_located_and_the_documents_are_withheld() {
    let wd = default_project("naming-sentence");
    let before = wd.run(&["build"]);
    assert_eq!(before.status, 0);
    // "Read 12 workbooks (N rows); produced 14 sections.", which the sentences do not change.
    let read = first_line(&before.stderr);
    for file in ["out/report.md", "out/report.html", "out/report.docx"] {
        assert!(wd.path(file).exists(), "{file}");
    }
    // Before `wording.add(4)`: by its name, by an alias in other capitals, in capitals with a
    // curly apostrophe; and an allowed mention, which passes.
    let plugin = "plugins/04_universalization.lua";
    let at = insert(
        &wd,
        plugin,
        "wording.add(4)",
        &[
            r#"    paragraph("In 2011, Chile and lao pdr reported steps on action 3.")"#,
            r#"    paragraph("The 2MSP met in Beirut, Lebanon, from 12 to 16 September 2011.")"#,
            r#"    question("how can CÔTE D’IVOIRE be helped to report?")"#,
        ],
    );
    let run = wd.run(&["build"]);
    assert_eq!(
        run.stderr,
        format!(
            "error: plugins/04_universalization.lua, line {at}: this paragraph names Chile and Lao People's Democratic Republic (as \"lao pdr\"), but the report may not name States: \"In 2011, Chile and lao pdr reported steps on action 3.\"\n{HINT}\n\
             error: plugins/04_universalization.lua, line {}: this question names Côte d'Ivoire, but the report may not name States: \"How can CÔTE D’IVOIRE be helped to report?\"\n{HINT}\n\
             {read}\n\
             Wrote out/consolidated.xlsx.\n\
             Did not write out/report.md, out/report.html and out/report.docx: the report names States, which this project's report may not do (see the errors above); those of an earlier build were removed, so that they are not taken for this one.\n\
             Finished with two errors.\n",
            at + 2
        )
    );
    assert_eq!(run.status, 1);
    // The earlier build's documents are gone; the workbook lists the problems.
    for file in ["out/report.md", "out/report.html", "out/report.docx"] {
        assert!(!wd.path(file).exists(), "{file}");
    }
    let problems = wd.problem_rows();
    let found: Vec<(&str, &str, &str, &str)> = problems
        .iter()
        .map(|r| (r[1].as_str(), r[3].as_str(), r[5].as_str(), r[6].as_str()))
        .collect();
    let (line_at, line_after) = (format!("line {at}"), format!("line {}", at + 2));
    assert_eq!(
        found,
        [
            (
                "plugins/04_universalization.lua",
                line_at.as_str(),
                "Chile and lao pdr",
                "no State named in the circulated report"
            ),
            (
                "plugins/04_universalization.lua",
                line_after.as_str(),
                "CÔTE D’IVOIRE",
                "no State named in the circulated report"
            ),
        ]
    );
    // A second build says nothing about earlier documents: there are none.
    let again = wd.run(&["build"]);
    assert!(again.stderr.contains(
        "Did not write out/report.md, out/report.html and out/report.docx: the report names States, which this project's report may not do (see the errors above).\n"
    ), "{}", again.stderr);
}

#[test]
fn a_name_in_a_key_finding_is_reported_where_general_trends_writes_it() {
    let wd = default_project("naming-repeated");
    // Section 2 writes the key finding of section 4 (its figure "summary"); a name in it is
    // reported at the line of section 2 that writes it, the text that reaches the report.
    let plugin = "plugins/04_universalization.lua";
    insert(
        &wd,
        plugin,
        "figure{ name = \"summary\"",
        &[r#"    summary = summary .. " Since the 1MSP, Laos has promoted the Convention.""#],
    );
    let run = wd.run(&["build"]);
    let general_trends = wd.read("plugins/02_general_trends.lua");
    let line = general_trends
        .lines()
        .position(|l| l.contains("quote(n, \"summary\")"))
        .expect("section 2 writes each key finding")
        + 1;
    let excerpt = "\"…more than on the opening day of the 1MSP. Since the 1MSP, Laos has promoted the Convention. Two instances of use by…\"";
    assert_eq!(
        run.problems(),
        [
            format!("error: plugins/02_general_trends.lua, line {line}: this paragraph names Lao People's Democratic Republic (as \"Laos\"), but the report may not name States: {excerpt}"),
            HINT.to_string(),
        ]
    );
}

/// A small project with a States list (Niger, Lebanon and Lao People's Democratic Republic,
/// aliases Lao PDR and Laos), a Settings sheet with `settings`, and section 1 writing `body`.
fn small(name: &str, settings: &[(&str, &str)], body: &str) -> Workdir {
    let wd = Workdir::new(name);
    dictionary(
        &wd,
        &[
            ("States", "States list", "State"),
            ("Settings", "settings", "Setting"),
        ],
        &[
            ("States", "State", "text", true, ""),
            ("States", "Aliases", "text", false, ""),
            ("Settings", "Setting", "text", true, ""),
            ("Settings", "Value", "any", false, ""),
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![C::T("State"), C::T("Aliases")],
                vec![C::T("Niger"), C::E],
                vec![C::T("Lebanon"), C::E],
                vec![
                    C::T("Lao People's Democratic Republic"),
                    C::T("Lao PDR; Laos"),
                ],
            ],
        )
        .save();
    let mut rows = vec![vec![C::T("Setting"), C::T("Value")]];
    for (setting, value) in settings {
        rows.push(vec![C::S(setting.to_string()), C::S(value.to_string())]);
    }
    wd.book("workbooks/settings.xlsx")
        .sheet("Settings", &rows)
        .save();
    wd.write(
        "plugins/01_members.lua",
        &format!(
            "return {{ number = 1, title = \"Members\", reads = {{ \"States\" }}, run = function()\n{body}\nend }}\n"
        ),
    );
    wd
}

#[test]
fn niger_is_not_nigeria_and_an_allowed_mention_passes() {
    let settings = [
        ("Report may name States", "No"),
        ("Allowed mentions of States", "Beirut, Lebanon"),
    ];
    let body = r#"  paragraph("Support reached Nigeria; Nigerien and Lebanese experts met in Beirut, Lebanon.")"#;
    let wd = small("naming-niger", &settings, body);
    let run = wd.run(&["build"]);
    assert_eq!(run.problems(), Vec::<String>::new(), "{}", run.stderr);
    assert_eq!(run.status, 0);
    assert!(wd.read("out/report.md").contains(
        "Support reached Nigeria; Nigerien and Lebanese experts met in Beirut, Lebanon."
    ));

    // The same words, but Niger and Lebanon alone.
    let body = r#"  paragraph("Support reached Niger; the host, Lebanon, welcomed it in Beirut, Lebanon.")"#;
    let wd = small("naming-niger-named", &settings, body);
    let run = wd.run(&["build"]);
    assert_eq!(
        run.problems(),
        [
            "error: plugins/01_members.lua, line 2: this paragraph names Niger and Lebanon, but the report may not name States: \"Support reached Niger; the host, Lebanon, welcomed it in Beirut, Lebanon.\"",
            HINT,
        ]
    );
    assert_eq!(run.status, 1);
}

#[test]
fn a_project_that_has_not_set_the_policy_is_not_checked() {
    let body = r#"  paragraph("Niger and the Lao PDR reported.")"#;
    let wd = small("naming-unset", &[("Title", "Progress report")], body);
    let run = wd.run(&["build"]);
    assert_eq!(run.problems(), Vec::<String>::new(), "{}", run.stderr);
    assert!(wd
        .read("out/report.md")
        .contains("Niger and the Lao PDR reported."));
    // Nor is one that says yes, in any of the ways a yes/no cell may.
    let wd = small("naming-yes", &[("report may name states", "TRUE")], body);
    let run = wd.run(&["build"]);
    assert_eq!(run.problems(), Vec::<String>::new(), "{}", run.stderr);
}

#[test]
fn texts_from_the_settings_and_from_a_library_are_located_where_they_are_written() {
    let settings = [
        ("Title", "Progress report"),
        ("Subtitle", "The Laos meeting"),
        ("Report may name States", "maybe"),
    ];
    let body = r#"  require("words").say()"#;
    let wd = small("naming-places", &settings, body);
    wd.write(
        "plugins/lib/words.lua",
        "local words = {}\nfunction words.say()\n  bullets({ \"one\", \"niger\" })\nend\nreturn words\n",
    );
    let run = wd.run(&["build"]);
    let lines: Vec<String> = run
        .problems()
        .into_iter()
        .filter(|l| !l.starts_with("  hint:"))
        .collect();
    assert_eq!(
        lines,
        [
            "error: workbooks/settings.xlsx, sheet Settings, cell B4: expected yes or no, found \"maybe\"",
            "error: workbooks/settings.xlsx, sheet Settings, cell B3: the report's subtitle names Lao People's Democratic Republic (as \"Laos\"), but the report may not name States: \"The Laos meeting\"",
            "error: plugins/lib/words.lua, line 3: this bullet (section 1, Members) names Niger, but the report may not name States: \"Niger\"",
        ]
    );
    assert_eq!(run.status, 1);
    assert!(!wd.path("out/report.md").exists());
}
