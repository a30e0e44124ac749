//! Nothing outside its place (docs/robustness.md, "Nothing outside its place"):
//!
//! - plugins read only regular files inside plugins/: a helper library or a plugin that is a
//!   link out of plugins/ (to a `.env`, say), a link to nothing or a named pipe is refused
//!   with a message saying so, and nothing of the file reaches the report; links inside
//!   plugins/ still work;
//! - text from workbooks and plugins reaches the terminal with its control and invisible
//!   characters shown (`<U+001B>`), and cannot begin a line of its own; the stored data keeps
//!   it as it was;
//! - a project folder whose name starts with a dash is read like any other.
//!
//! (The named temporary files of the outputs, used where O_TMPFILE is not available, are
//! tested directly in src/write/atomic.rs: `the_named_fallback_never_writes_through_a_planted_link`.)

use std::path::Path;
use std::time::Duration;

use crate::support::{dictionary, small_project, states, Workdir, C};

const LIMIT: Duration = Duration::from_secs(60);

/// The message for a file that is a link out of plugins/ to `target`.
fn link_outside(target: &Path) -> String {
    format!(
        "is a link to {}, outside the plugins folder, so it was not read: plugins may read only files inside plugins/ \
         (a link out of it could put any file of this computer into the report); copy the file into plugins/ instead",
        target.canonicalize().unwrap().display()
    )
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[test]
fn require_reads_only_regular_files_inside_plugins() {
    let wd = small_project("require-links");
    // A file of KEY="value" lines is valid Lua: required, it would set globals.
    wd.write(".env", "SECRET_TOKEN=\"hunter2\"\n");
    std::os::unix::fs::symlink(wd.path(".env"), wd.path("plugins/lib/helpers.lua")).unwrap();
    std::os::unix::fs::symlink("gone.lua", wd.path("plugins/lib/moved.lua")).unwrap();
    mkfifo(&wd.path("plugins/lib/pipe.lua"));
    // A link inside plugins/ is fine.
    wd.write("plugins/lib/real.lua", "return { word = \"shared\" }");
    std::os::unix::fs::symlink("real.lua", wd.path("plugins/lib/alias.lua")).unwrap();
    let section = |n: u32, lib: &str| {
        wd.write(
            &format!("plugins/0{n}_{lib}.lua"),
            &format!(
                "return {{ number = {n}, title = \"Needs {lib}\", run = function()\n  local h = require(\"{lib}\")\n  paragraph(\"Token %s %s.\", tostring(SECRET_TOKEN), tostring(type(h) == \"table\" and h.word))\nend }}"
            ),
        );
    };
    section(2, "helpers");
    section(3, "moved");
    section(4, "pipe");
    section(5, "alias");

    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let not_produced = |n: u32, lib: &str, why: &str| {
        format!(
            "error: plugins/0{n}_{lib}.lua, line 2: section {n} (Needs {lib}) was not produced: require(\"{lib}\"): plugins/lib/{lib}.lua {why}"
        )
    };
    assert_eq!(
        run.problems(),
        [
            not_produced(2, "helpers", &link_outside(&wd.path(".env"))),
            not_produced(
                3,
                "moved",
                "is a link to gone.lua, which does not exist (was it moved or deleted?), so it was not read; put the file itself in its place, or remove the link"
            ),
            not_produced(
                4,
                "pipe",
                "is a named pipe (FIFO), not an ordinary file, so it was not read; remove it, and put the file itself in its place"
            ),
        ]
    );
    let report = wd.read("out/report.md");
    assert!(!report.contains("hunter2"), "{report}");
    assert!(report.contains("Token nil shared."), "{report}");
}

#[test]
fn plugin_files_are_only_regular_files_inside_plugins() {
    let wd = small_project("plugin-links");
    wd.write(
        "elsewhere/02_outside.lua",
        "return { number = 2, title = \"Outside\", run = function() paragraph(\"From outside.\") end }",
    );
    std::os::unix::fs::symlink(
        wd.path("elsewhere/02_outside.lua"),
        wd.path("plugins/02_outside.lua"),
    )
    .unwrap();
    // A plugin linked to a file that is not Lua: before, Lua's syntax error quoted its text.
    wd.write("elsewhere/passwords.txt", "root:x:0:0:secret\n");
    std::os::unix::fs::symlink(
        wd.path("elsewhere/passwords.txt"),
        wd.path("plugins/03_words.lua"),
    )
    .unwrap();
    std::os::unix::fs::symlink("04_gone.lua", wd.path("plugins/04_moved.lua")).unwrap();
    mkfifo(&wd.path("plugins/05_pipe.lua"));
    // A whole folder linked in is outside too.
    std::os::unix::fs::symlink(wd.path("elsewhere"), wd.path("plugins/lib/more")).unwrap();

    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let not_loaded = |file: &str, why: &str| {
        format!("error: plugins/{file}: the section plugin cannot be loaded: the plugin file {why}")
    };
    assert_eq!(
        run.problems(),
        [
            not_loaded("02_outside.lua", &link_outside(&wd.path("elsewhere/02_outside.lua"))),
            not_loaded("03_words.lua", &link_outside(&wd.path("elsewhere/passwords.txt"))),
            not_loaded(
                "04_moved.lua",
                "is a link to 04_gone.lua, which does not exist (was it moved or deleted?), so it was not read; put the file itself in its place, or remove the link"
            ),
            not_loaded(
                "05_pipe.lua",
                "is a named pipe (FIFO), not an ordinary file, so it was not read; remove it, and put the file itself in its place"
            ),
        ]
    );
    let report = wd.read("out/report.md");
    assert!(
        !report.contains("From outside") && !report.contains("root"),
        "{report}"
    );
    assert!(report.contains("Three States are listed."), "{report}");

    // `sections` says the same, and does not wait on the pipe either.
    let run = wd.run_within(&["sections"], LIMIT);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "plugins/02_outside.lua  cannot be loaded: the plugin file {}",
            link_outside(&wd.path("elsewhere/02_outside.lua"))
        )),
        "{}",
        run.stdout
    );
}

/// A project with a States list and a Reports sheet whose State column is checked against it.
fn reports_project(name: &str, reported: &[&str]) -> Workdir {
    let wd = Workdir::new(name);
    dictionary(
        &wd,
        &[("States", "States list", "State"), ("Reports", "", "State")],
        &[
            ("States", "State", "text", true, ""),
            ("States", "Deposited", "date", false, ""),
            ("Reports", "State", "State", true, ""),
        ],
    );
    states(&wd, &["Norway", "Chile", "Canada"]);
    let mut rows = vec![vec![C::T("State")]];
    rows.extend(reported.iter().map(|s| vec![C::S(s.to_string())]));
    wd.book("workbooks/reports.xlsx")
        .sheet("Reports", &rows)
        .save();
    wd
}

#[test]
fn text_from_workbooks_and_plugins_reaches_the_terminal_visibly() {
    // A Cyrillic С in "Сhile"; escape sequences that erase the line above and move up.
    let wd = reports_project("terminal", &["\u{421}hile", "Chile\u{1b}[2K\u{1b}[1A"]);
    wd.write(
        "plugins/01_loud.lua",
        "return { number = 1, title = \"Loud\u{202e}sdrawkcab\", reads = { \"States\" }, run = function()\n\
         print(\"a\\27[31mred\\nFinished with no problems.\")\n\
         warn(\"ok\\nerror: forged\")\n\
         warn(\"Nor\\u{200B}way\\27[2K\")\n\
         figure{ name = \"n\", value = 3, label = \"States\\27[2K\\27[1A listed\", rows = sheet(\"States\") }\n\
         paragraph(\"Done.\")\n\
         end }",
    );
    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let expected = [
        "plugins/01_loud.lua: a<U+001B>[31mred",
        "plugins/01_loud.lua: Finished with no problems.",
        "error: workbooks/reports.xlsx, sheet Reports, cell A2: \"<U+0421>hile\" is not in the States list",
        "  hint: did you mean \"Chile\"? (or add the name to the Aliases column of the States list)",
        "error: workbooks/reports.xlsx, sheet Reports, cell A3: \"Chile<U+001B>[2K<U+001B>[1A\" is not in the States list",
        "  hint: did you mean \"Chile\"? (or add the name to the Aliases column of the States list)",
        "warning: plugins/01_loud.lua, line 3: ok",
        "    error: forged",
        "warning: plugins/01_loud.lua, line 4: Nor<U+200B>way<U+001B>[2K",
        // The outputs hold no control character (write/prepare.rs): the label is mended, and
        // the warning shows the section's title as the terminal shows any text.
        "warning: plugins/01_loud.lua: the figure n of section 1 (Loud<U+202E>sdrawkcab) holds control characters (invisible codes such as a form feed), which the outputs cannot hold: they were left out",
        "Read three workbooks (five rows); produced one section.",
        "Wrote out/consolidated.xlsx, out/report.md, out/report.html and out/report.docx.",
        "Finished with two errors and three warnings.",
    ];
    assert_eq!(lines, expected, "{}", run.stderr);

    // The stored data keeps the text as it was.
    let rows = wd.problem_rows();
    assert!(rows.iter().any(|r| r[4] == "ok\nerror: forged"), "{rows:?}");

    let run = wd.run_within(&["sections"], LIMIT);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "  1  Loud<U+202E>sdrawkcab  plugins/01_loud.lua  reads: States\n"
    );
    let run = wd.run_within(&["explain", "n"], LIMIT);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    assert!(
        run.stdout
            .contains("  Label:  States<U+001B>[2K<U+001B>[1A listed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_project_folder_whose_name_starts_with_a_dash_is_read() {
    let wd = small_project("dash");
    std::fs::create_dir(wd.path("-x")).unwrap();
    for folder in ["workbooks", "plugins"] {
        std::fs::rename(wd.path(folder), wd.path(&format!("-x/{folder}"))).unwrap();
    }
    let run = wd.run_within(&["--project=-x", "build"], LIMIT);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.problems().is_empty(), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Read two workbooks (three rows); produced one section."),
        "{}",
        run.stderr
    );
    assert!(wd
        .read("-x/out/report.md")
        .contains("Three States are listed."));
}
