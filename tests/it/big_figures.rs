//! A figure counted from thousands of rows: the Audit sheet lists the first 1,000 and says
//! where the others are, while the Summary keeps the full count. A figure over several
//! sheets given as a list of views, and `where` with a long list of names (looked up by hash)
//! choosing what the equivalent filter chooses.

use crate::support::{dictionary, Workdir, C};

#[test]
fn the_audit_lists_the_first_thousand_rows_of_a_figure_and_points_to_the_rest() {
    let wd = Workdir::new("big-figures-audit");
    dictionary(
        &wd,
        &[
            ("States", "States list", "State"),
            ("Casualties", "data", "Incident"),
        ],
        &[
            ("States", "State", "text", true, ""),
            ("Casualties", "Incident", "text", true, ""),
            ("Casualties", "State", "State", true, ""),
            ("Casualties", "Killed", "whole number", true, ""),
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![C::T("State")],
                vec![C::T("Lebanon")],
                vec![C::T("Lao PDR")],
            ],
        )
        .save();
    let mut rows = vec![vec![C::T("Incident"), C::T("State"), C::T("Killed")]];
    for i in 1..=1_234 {
        let state = if i % 2 == 1 { "Lebanon" } else { "Lao PDR" };
        rows.push(vec![C::S(format!("C-{i:04}")), C::T(state), C::N(1.0)]);
    }
    wd.book("workbooks/victims.xlsx")
        .sheet("Casualties", &rows)
        .save();
    wd.write(
        "plugins/08_victims.lua",
        r#"return { number = 8, title = "Victim assistance", reads = { "Casualties" }, run = function()
  local all = sheet("Casualties")
  figure{ name = "killed", value = all:sum("Killed"), label = "People killed", rows = all }
  local few = all:where("State", "Lebanon"):where("Incident", "<=", "C-0010")
  figure{ name = "killed_early", value = few:sum("Killed"), label = "People killed early on", rows = few }
  paragraph("%s people were killed.", all:sum("Killed"))
end }
"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);

    let audit = wd.sheet_text("out/consolidated.xlsx", "Audit");
    let killed: Vec<&Vec<String>> = audit.iter().filter(|r| r[1] == "killed").collect();
    assert_eq!(killed.len(), 1_000 + 1);
    assert_eq!(
        killed[0][4..7],
        ["workbooks/victims.xlsx", "Casualties", "2"]
    );
    assert_eq!(killed[999][6], "1001");
    assert_eq!(
        killed[1_000][4..],
        ["", "", "", "… and 234 more rows: see sheet Data Casualties"]
    );
    let early: Vec<&Vec<String>> = audit.iter().filter(|r| r[1] == "killed_early").collect();
    assert_eq!(
        early.len(),
        5,
        "a figure of few rows lists them all, with no closing line"
    );

    let summary = wd.sheet_text("out/consolidated.xlsx", "Summary");
    let row = summary
        .iter()
        .find(|r| r.get(2).is_some_and(|f| f == "killed"))
        .unwrap();
    assert_eq!(row[4], "1234");
    assert_eq!(row[6], "1234", "Rows behind it: all of them");
}

#[test]
fn where_with_a_long_list_of_names_and_figures_over_several_sheets() {
    let wd = Workdir::new("big-figures-lists");
    dictionary(
        &wd,
        &[
            ("States", "States list", "State"),
            ("Steps", "data", ""),
            ("Statements", "data", ""),
        ],
        &[
            ("States", "State", "text", true, ""),
            ("Steps", "State", "State", true, ""),
            ("Steps", "Action", "whole number", true, ""),
            ("Statements", "State", "State", true, ""),
        ],
    );
    let names = [
        "Chile",
        "Côte d'Ivoire",
        "Norway",
        "Peru",
        "Spain",
        "Togo",
        "Chad",
    ];
    let mut states = vec![vec![C::T("State")]];
    states.extend(names.iter().map(|n| vec![C::T(n)]));
    wd.book("workbooks/states.xlsx")
        .sheet("States", &states)
        .save();
    let mut steps = vec![vec![C::T("State"), C::T("Action")]];
    for (i, n) in names.iter().cycle().take(40).enumerate() {
        steps.push(vec![C::T(n), C::N(i as f64)]);
    }
    let statements = vec![vec![C::T("State")], vec![C::T("Togo")], vec![C::T("Chile")]];
    wd.book("workbooks/data.xlsx")
        .sheet("Steps", &steps)
        .sheet("Statements", &statements)
        .save();
    wd.write(
        "plugins/01_lists.lua",
        r#"return { number = 1, title = "Lists", reads = { "Steps", "Statements" }, run = function()
  local wanted = { "chile", "COTE D'IVOIRE", " Norway", "Peru", "Spain" }
  local listed = sheet("Steps"):where("State", wanted)
  local set = { Chile = true, ["Côte d'Ivoire"] = true, Norway = true, Peru = true, Spain = true }
  local filtered = sheet("Steps"):filter(function(r) return set[r.State] end)
  local same = #listed == #filtered
  for i = 1, #listed do same = same and listed[i] == filtered[i] end
  paragraph("%s of %s steps; the same as filter: %s.", #listed, #sheet("Steps"), same)
  local both = { sheet("Steps"):where("State", "Togo"), sheet("Statements"):where("State", "Togo") }
  figure{ name = "togo", value = #both[1] + #both[2], rows = both, label = "Togo's steps and statements" }
end }
"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        wd.read("out/report.md")
            .contains("30 of 40 steps; the same as filter: true."),
        "{}",
        wd.read("out/report.md")
    );
    let audit = wd.sheet_text("out/consolidated.xlsx", "Audit");
    let togo: Vec<(&str, &str)> = audit
        .iter()
        .filter(|r| r[1] == "togo")
        .map(|r| (r[5].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        togo,
        [
            ("Statements", "2"),
            ("Steps", "7"),
            ("Steps", "14"),
            ("Steps", "21"),
            ("Steps", "28"),
            ("Steps", "35")
        ]
    );
}
