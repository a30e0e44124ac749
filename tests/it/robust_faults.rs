//! Limits and faults (docs/robustness.md, "Limits and faults"):
//!
//! - all sections together have one memory budget (`--total-section-memory`), as they are
//!   all loaded at once; a helper library over 1 MB is refused without being read;
//! - two builds into the same output folder do not mix their files: the second waits for the
//!   first, or stops with a message;
//! - a link to nothing, a named pipe or a device named like a workbook is an error naming the
//!   file, and never makes the build wait;
//! - a plugin's failures are told in plain words and filed under the plugin itself: text that
//!   is not UTF-8, errors through nested coroutines, an error that names another plugin.

use std::io::{BufRead, BufReader};
use std::process::Child;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{small_project, wait_within, Workdir};

const LIMIT: Duration = Duration::from_secs(60);

#[test]
fn all_sections_together_have_one_memory_budget() {
    let wd = small_project("budget");
    // 02 holds 50 MB from the moment it is loaded until its section has run; 01 runs first
    // (02 uses it, so waits for it even with sections running side by side) and asks for
    // 80 MB: within its own limit of 100 MB, but not beside 02's 50 within 120.
    let hold = |mb: u32| {
        format!(
            "local held = {{}}\nfor i = 1, {mb} do held[i] = string.rep(string.char(64 + i % 26), 1024 * 1024) end"
        )
    };
    wd.write(
        "plugins/01_members.lua",
        &format!(
            "return {{ number = 1, title = \"Big\", run = function()\n{}\nparagraph(\"Held %s.\", #held)\nend }}",
            hold(80)
        ),
    );
    wd.write(
        "plugins/02_hold.lua",
        &format!(
            "{}\nreturn {{ number = 2, title = \"Hold\", uses = {{ 1 }}, run = function() paragraph(\"Held %s.\", #held) end }}",
            hold(50)
        ),
    );
    let limits = ["--section-memory", "100", "--total-section-memory", "120"];
    let run = wd.run_within(&[&["build"][..], &limits[..]].concat(), LIMIT);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.problems(),
        ["error: plugins/01_members.lua: section 1 (Big) was not produced: the section was stopped: the sections together needed more than 120 MB of memory, the limit for all of them; if the plugins are known to need it, build again with a larger --total-section-memory"]
    );
    assert!(wd.read("out/report.md").contains("Held 50."));

    // With room for both, both are produced.
    let run = wd.run_within(
        &[
            "build",
            "--section-memory",
            "100",
            "--total-section-memory",
            "200",
        ],
        LIMIT,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = wd.read("out/report.md");
    assert!(
        report.contains("Held 80.") && report.contains("Held 50."),
        "{report}"
    );
}

#[test]
fn a_helper_library_over_1_mb_is_refused_unread() {
    let wd = small_project("big-library");
    // A valid Lua comment of 3 MB.
    let mut text = "-- ".to_string();
    text.push_str(&"x".repeat(3 * 1024 * 1024 - 3));
    wd.write("plugins/lib/big.lua", &text);
    wd.write(
        "plugins/02_big.lua",
        "return { number = 2, title = \"Big\", run = function()\n  require(\"big\")\n  paragraph(\"Loaded.\")\nend }",
    );
    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.problems(),
        ["error: plugins/02_big.lua, line 2: section 2 (Big) was not produced: require(\"big\"): plugins/lib/big.lua is 3 MB, larger than the 1 MB a helper library may be (it is a few pages of Lua: is it the right file?)"]
    );
}

/// Starts `build` with the test hook pausing it at `stage`; returns it once it is there,
/// holding the output folder.
fn paused_build(wd: &Workdir, stage: &str) -> Child {
    let mut child = wd
        .command(&["build"])
        .env("ACTIONPLAN_TEST_PAUSE_AT", stage)
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    let wanted = format!("paused at {stage}");
    loop {
        match lines.recv_timeout(LIMIT) {
            Ok(line) if line.contains(&wanted) => return child,
            Ok(_) => {}
            Err(_) => {
                let _ = child.kill();
                panic!("the first build never reached {stage}");
            }
        }
    }
}

/// The lines a child writes to its standard error, as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

#[test]
fn a_second_build_into_the_same_folder_waits_for_the_first() {
    let wd = small_project("lock-wait");
    // The first build has written all three files and is about to put them in place.
    let mut first = paused_build(&wd, "before-commit");
    let mut second = wd.command(&["build"]).spawn().unwrap();
    let lines = lines_of(&mut second);
    let said = lines
        .recv_timeout(LIMIT)
        .expect("the second build says something");
    assert_eq!(
        said,
        "Another build is writing into out; waiting for it to finish…"
    );
    // It waits: nothing is written while the first holds the folder.
    std::thread::sleep(Duration::from_secs(1));
    assert!(second.try_wait().unwrap().is_none(), "it did not wait");
    assert!(!wd.path("out/report.md").exists());
    // The first ends (here killed: the system releases its lock all the same).
    first.kill().unwrap();
    first.wait().unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < LIMIT, "the second build never went on");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Every line up to the end of its output: the thread forwarding them may still be
    // behind when the process has exited (`try_iter` here made the test fail under load).
    let rest: Vec<String> = lines.iter().collect();
    assert_eq!(status.code(), Some(0), "{rest:?}");
    assert_eq!(
        rest.last().map(String::as_str),
        Some("Finished with no problems.")
    );
    assert_eq!(
        wd.file_names("out"),
        [
            "consolidated.xlsx",
            "report.docx",
            "report.html",
            "report.md"
        ]
    );
}

#[test]
fn a_build_that_waits_too_long_stops_with_a_message() {
    let wd = small_project("lock-give-up");
    let mut first = paused_build(&wd, "after-sections");
    let second = wd
        .command(&["build"])
        .env("ACTIONPLAN_TEST_LOCK_WAIT", "1")
        .spawn()
        .unwrap();
    let run = wait_within(second, LIMIT);
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "Another build is writing into out; waiting for it to finish…\n\
         error: another build is still writing into out after 1 second; wait for it to finish and build again (or write elsewhere with --out DIR)\n"
    );
}

#[test]
fn special_files_named_like_workbooks_are_errors_and_never_wait() {
    use std::os::unix::ffi::OsStrExt;
    let wd = small_project("special-workbooks");
    std::os::unix::fs::symlink("../archive/budget.xlsx", wd.path("workbooks/budget.xlsx")).unwrap();
    let pipe =
        std::ffi::CString::new(wd.path("workbooks/pipe.xlsx").as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink("/dev/zero", wd.path("workbooks/zero.xlsx")).unwrap();
    for command in ["build", "check"] {
        let run = wd.run_within(&[command], LIMIT);
        assert_eq!(run.status, 1, "{}", run.stderr);
        assert_eq!(
            run.problems(),
            [
                "error: workbooks/budget.xlsx: the file is a link to ../archive/budget.xlsx, which does not exist (was it moved or deleted?), so it was not read; put the file itself in its place, or remove the link",
                "error: workbooks/pipe.xlsx: the file is a named pipe (FIFO), not an ordinary file, so it was not read; remove it, and put the file itself in its place",
                "error: workbooks/zero.xlsx: the file is a device, not an ordinary file, so it was not read; remove it, and put the file itself in its place",
            ],
            "{command}"
        );
    }
    assert!(wd
        .read("out/report.md")
        .contains("Three States are listed."));
}

#[test]
fn plugin_failures_are_in_plain_words_and_filed_under_their_own_plugin() {
    let wd = small_project("plugin-words");
    // Text in Latin-1, as a plugin saved in Windows' "ANSI" has it: "Côte" with byte F4.
    std::fs::write(
        wd.path("plugins/02_ansi.lua"),
        b"return { number = 2, title = \"Ansi\", run = function()\n  paragraph(\"C\xf4te d'Ivoire\")\nend }",
    )
    .unwrap();
    wd.write(
        "plugins/03_wrap.lua",
        "local function nest(n)\n  if n == 0 then error(\"the list is empty\") end\n  return coroutine.wrap(function() return nest(n - 1) end)()\nend\n\
         return { number = 3, title = \"Wrap\", run = function() nest(150) end }",
    );
    wd.write(
        "plugins/04_blame.lua",
        "return { number = 4, title = \"Blame\", run = function()\n  error(\"plugins/01_members.lua:2: attempt to index a nil value\", 0)\nend }",
    );
    std::fs::write(
        wd.path("plugins/05_warn.lua"),
        b"return { number = 5, title = \"Warn\", run = function()\n  warn(\"C\xf4te\")\n  paragraph(\"Warned.\")\nend }",
    )
    .unwrap();
    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.problems(),
        [
            "error: plugins/02_ansi.lua, line 2: section 2 (Ansi) was not produced: the text is not in UTF-8, the encoding plugins are read in (was the plugin saved in another encoding, such as Windows' ANSI?); save the plugin, and its helpers in plugins/lib/, as UTF-8",
            "error: plugins/03_wrap.lua, line 2: section 3 (Wrap) was not produced: the list is empty",
            "  hint: called from plugins/03_wrap.lua, line 3, in function 'nest'; from plugins/03_wrap.lua, line 5, in a function",
            "error: plugins/04_blame.lua, line 2: section 4 (Blame) was not produced: plugins/01_members.lua:2: attempt to index a nil value",
            "warning: plugins/05_warn.lua, line 2: C\u{fffd}te",
        ]
    );
    let report = wd.read("out/report.md");
    assert!(report.contains("Three States are listed.") && report.contains("Warned."));
}
