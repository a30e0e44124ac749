//! The smallest end-to-end run: one States list, one section, all three outputs.

use crate::support::SmallProject;

#[test]
fn builds_a_report_from_a_states_list_and_one_section() {
    let wd = SmallProject::new().without_section().create("smoke");
    wd.write(
        "plugins/01_members.lua",
        r#"return { number = 1, title = "Members", reads = { "States" }, run = function()
  local parties = sheet("States"):where("Deposited", "<=", date(2010, 11, 12))
  figure{ name = "parties", value = #parties, label = "States Parties", rows = parties }
  paragraph("%s %s.", count(#parties, "State"), agree(#parties, "was a Party", "were Parties"))
end }"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        wd.read("out/report.md"),
        "# Progress report\n\n## 1. Members\n\nOne State was a Party.\n"
    );
    let summary = wd.sheet_text("out/consolidated.xlsx", "Summary");
    assert_eq!(
        summary[3],
        [
            "Section",
            "Title",
            "Figure",
            "Label",
            "Value",
            "As of",
            "Rows behind it",
            "Drawn from illustrative rows"
        ]
    );
    assert_eq!(
        summary[4],
        ["1", "Members", "parties", "States Parties", "1", "", "1"]
    );
    let audit = wd.sheet_text("out/consolidated.xlsx", "Audit");
    assert_eq!(audit[1][4..7], ["workbooks/states.xlsx", "States", "2"]);
}
