//! Helper libraries are compiled once for all the sections that require them; an error in
//! one still names the library's file and line, whichever section called it.

use crate::support::SmallProject;

#[test]
fn a_helper_compiled_once_still_names_its_file_and_line_in_every_section() {
    let wd = SmallProject::new()
        .date_column("Ratified")
        .without_section()
        .create("compiled-once-helper");
    wd.write(
        "plugins/lib/treaty.lua",
        r#"local M = {}

function M.parties(on)
  return sheet("States"):where("Ratified", "<=", on)
end

function M.broken()
  return sheet("States"):where("Ratification", "<=", date(2011, 9, 12))
end

return M
"#,
    );
    wd.write(
        "plugins/01_parties.lua",
        r#"local treaty = require("treaty")
return { number = 1, title = "Universalization", reads = { "States" }, run = function()
  paragraph("%s.", count(#treaty.parties(date(2011, 9, 12)), "State Party", "States Parties"))
end }
"#,
    );
    wd.write(
        "plugins/02_broken.lua",
        r#"local treaty = require("treaty")
return { number = 2, title = "Stockpile destruction", reads = { "States" }, run = function()
  paragraph("%s.", count(#treaty.broken(), "State"))
end }
"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: plugins/lib/treaty.lua, line 8: section 2 (Stockpile destruction) was not produced: the sheet \"States\" has no column \"Ratification\"; its columns are: State, Ratified",
            "  hint: called from plugins/02_broken.lua, line 3, in a function",
        ]
    );
    assert_eq!(
        wd.read("out/report.md").lines().nth(4),
        Some("Two States Parties.")
    );
}
