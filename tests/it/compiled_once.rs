//! Helper libraries are compiled once for all the sections that require them; an error in
//! one still names the library's file and line, whichever section called it.

//! The cache is observed through `build --timings`, which prints a line for each library
//! compiled from its text.

use crate::support::{repo, SmallProject, Workdir};

/// How many times `build --timings` says it compiled the library `lib` from its text.
fn compilations(stderr: &str, lib: &str) -> usize {
    let line = format!("timing: (compiled {lib}) ");
    stderr.lines().filter(|l| l.starts_with(&line)).count()
}

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
    let run = wd.run(&["build", "--timings"]);
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
    // Both sections loaded the library (the first counts with it, the second fails in it),
    // and it was compiled from its text once.
    assert_eq!(
        compilations(&run.stderr, "plugins/lib/treaty.lua"),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn each_library_of_the_default_project_is_compiled_once_for_all_its_sections() {
    let wd = Workdir::default_project("compiled-once-default");
    let run = wd.run(&["build", "--timings"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for lib in ["ccm", "steps", "wording"] {
        let sections = std::fs::read_dir(repo().join("plugins"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
            .filter(|source| source.contains(&format!("require(\"{lib}\")")))
            .count();
        assert!(sections >= 2, "{lib} is required by {sections} sections");
        assert_eq!(
            compilations(&run.stderr, &format!("plugins/lib/{lib}.lua")),
            1,
            "plugins/lib/{lib}.lua, required by {sections} sections:\n{}",
            run.stderr
        );
    }
}
