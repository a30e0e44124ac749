//! Promises about section plugins, which coordinators share by e-mail:
//!
//! - every escape attempt (os.execute, io.open, require outside plugins/lib/, package.loadlib,
//!   load of a binary chunk, string.dump, debug.*, collectgarbage, metatable tricks,
//!   coroutines used to get round the limits) is refused with a sentence that says so, and
//!   has no effect outside its own section;
//! - an endless loop, a memory bomb, deep recursion, a runaway pattern match and an overlong
//!   run are each stopped within the configured bound, and the section is named in the
//!   report as not produced while the other sections are produced;
//! - a section cannot change the data (sheets, other sections' results, shared helpers)
//!   that another section sees;
//! - a section that trips an internal error of actionplan fails alone.

use std::time::{Duration, Instant};

use crate::support::{small_project, Workdir};

const LIMIT: Duration = Duration::from_secs(120);

/// A last section that checks that nothing the others did reached it.
const CANARY: &str = r#"return { number = 99, title = "Canary", reads = { "States" }, run = function()
  assert(("abc"):upper() == "ABC", "string methods changed")
  assert(getmetatable("").__index == string, "the string metatable changed")
  assert(getmetatable(_G) ~= nil, "the globals changed")
  assert(type(paragraph) == "function" and type(sheet) == "function", "the API changed")
  assert(table.concat({ "a", "b" }) == "ab", "the table library changed")
  local s = sheet("States")
  assert(#s == 3 and s[1].State == "Norway", "the data changed")
  paragraph("The canary is well.")
end }"#;

/// Runs a build and returns (the problems printed, report.md, how long it took).
fn build(wd: &Workdir, extra: &[&str]) -> (Vec<String>, String, Duration) {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let started = Instant::now();
    let run = wd.run_within(&args, LIMIT);
    let took = started.elapsed();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.status, 1, "{}", run.stderr);
    (run.problems(), wd.read("out/report.md"), took)
}

/// Asserts that section `n` was not produced, with this reason, in the problems and the report.
fn refused(problems: &[String], report: &str, file: &str, n: u32, title: &str, reason: &str) {
    let line = problems
        .iter()
        .find(|l| {
            l.starts_with(&format!("error: plugins/{file}"))
                && l.contains(&format!("section {n} ({title}) was not produced: "))
        })
        .unwrap_or_else(|| {
            panic!(
                "no problem for section {n} ({title}) in:\n{}",
                problems.join("\n")
            )
        });
    assert!(
        line.contains(reason),
        "section {n}: expected {reason:?} in\n{line}"
    );
    let heading = format!("## {n}. {title}\n\n> **This section was not produced:** ");
    let at = report.find(&heading).unwrap_or_else(|| {
        panic!("section {n} is not marked as not produced in report.md:\n{report}")
    });
    // report.md escapes the characters of Markdown's markup ("\\_\\_gc").
    assert!(
        report[at..]
            .lines()
            .nth(2)
            .unwrap()
            .replace('\\', "")
            .contains(reason),
        "report.md, section {n}"
    );
}

#[test]
fn escape_attempts_are_refused_with_a_clear_message_and_no_effect_outside_the_section() {
    let wd = small_project("escape");
    let marker = wd.path("escaped");
    let m = marker.display().to_string();
    wd.write("secret.lua", "error('the secret was loaded')");
    wd.write("plugins/lib/shared.lua", "return { value = 1 }");
    // A library that is bytecode rather than text.
    wd.write(
        "plugins/lib/compiled.lua",
        "\x1bLuaT\x00\x19\u{93}\r\n\x1a\nbytes",
    );
    let plugins: &[(&str, u32, &str, String)] = &[
        (
            "10_os.lua",
            10,
            "Run a program",
            format!("os.execute('touch {m}')"),
        ),
        (
            "11_io.lua",
            11,
            "Write a file",
            format!("io.open('{m}', 'w'):write('x')"),
        ),
        (
            "12_require_path.lua",
            12,
            "Require a path",
            "require('../../secret')".into(),
        ),
        (
            "13_require_std.lua",
            13,
            "Require a library",
            "require('os')".into(),
        ),
        (
            "14_loadlib.lua",
            14,
            "Load a C library",
            "package.loadlib('libc.so.6', 'system')".into(),
        ),
        (
            "15_load.lua",
            15,
            "Load bytecode",
            "load('\\27LuaT\\0')()".into(),
        ),
        (
            "16_require_bytecode.lua",
            16,
            "Require bytecode",
            "require('compiled')".into(),
        ),
        (
            "17_dump.lua",
            17,
            "Dump a function",
            "string.dump(function() end)".into(),
        ),
        (
            "18_dump_method.lua",
            18,
            "Dump as a method",
            "local f = (''):dump()".into(),
        ),
        (
            "19_debug.lua",
            19,
            "Debug library",
            "debug.sethook()".into(),
        ),
        (
            "20_gc.lua",
            20,
            "Collect garbage",
            "collectgarbage('stop')".into(),
        ),
        (
            "21_loadfile.lua",
            21,
            "Load a file",
            format!("dofile('{m}')"),
        ),
        (
            "22_rawget.lua",
            22,
            "Raw get",
            "rawget(_G, 'os').exit(1)".into(),
        ),
        // Lua runs finalizers with the hook switched off, so a loop there could not be stopped.
        (
            "23_finalizer.lua",
            23,
            "Finalizer",
            "setmetatable({}, { __gc = function() while true do end end })".into(),
        ),
    ];
    for (file, n, title, body) in plugins {
        wd.write(
            &format!("plugins/{file}"),
            &format!(
                "return {{ number = {n}, title = \"{title}\", run = function()\n  {body}\nend }}"
            ),
        );
    }
    // Tricks on what every section shares in a single Lua state: here each has its own.
    wd.write(
        "plugins/30_tricks.lua",
        r#"return { number = 30, title = "Tricks", reads = { "States" }, run = function()
  getmetatable("").__index = function() error("hijacked") end
  string.upper = function() return "hijacked" end
  table.concat = nil
  require("shared").value = 99
  local ok = pcall(function() sheet("States")[1].State = "Hijacked" end)
  assert(not ok, "a row could be changed")
  setmetatable(_G, nil)
  paragraph = nil
  sheet = nil
end }"#,
    );
    // Coroutines and error handlers used to outlive the instruction limit.
    let loops: &[(&str, u32, &str, &str)] = &[
        ("40_wrap.lua", 40, "Wrap in pcall", "while true do pcall(coroutine.wrap(function() while true do end end)) end"),
        ("41_resume.lua", 41, "Resume again", "while true do coroutine.resume(coroutine.create(function() while true do end end)) end"),
        ("42_xpcall.lua", 42, "Loop in a handler", "while true do xpcall(error, function() while true do end end) end"),
        ("43_pcall.lua", 43, "Loop in pcall", "while true do pcall(function() while true do end end) end"),
        ("44_yield.lua", 44, "Yield forever", "local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do pcall(co) end"),
    ];
    for (file, n, title, body) in loops {
        wd.write(
            &format!("plugins/{file}"),
            &format!(
                "return {{ number = {n}, title = \"{title}\", run = function()\n  {body}\nend }}"
            ),
        );
    }
    wd.write("plugins/99_canary.lua", CANARY);

    let (problems, report, _) = build(
        &wd,
        &[
            "--section-instructions",
            "20000000",
            "--section-seconds",
            "20",
        ],
    );
    let not = |what: &str, why: &str| format!("{what} is not available to plugins: {why}");
    let lib_only = "plugins may only load their own helpers from plugins/lib/ by plain name (available: compiled, shared)";
    let expected: &[(&str, u32, &str, String)] = &[
        (
            "10_os.lua",
            10,
            "Run a program",
            not("os", "a section cannot run programs"),
        ),
        (
            "11_io.lua",
            11,
            "Write a file",
            not("io", "a section cannot open files"),
        ),
        (
            "12_require_path.lua",
            12,
            "Require a path",
            format!("require(\"../../secret\"): {lib_only}"),
        ),
        (
            "13_require_std.lua",
            13,
            "Require a library",
            format!("require(\"os\"): {lib_only}"),
        ),
        (
            "14_loadlib.lua",
            14,
            "Load a C library",
            not(
                "package",
                "a section loads its helpers with require(\"name\"), from plugins/lib/ only",
            ),
        ),
        (
            "15_load.lua",
            15,
            "Load bytecode",
            not("load", "a section cannot run code made up while it runs"),
        ),
        (
            "16_require_bytecode.lua",
            16,
            "Require bytecode",
            "the file is compiled Lua (bytecode), which is not accepted".into(),
        ),
        (
            "17_dump.lua",
            17,
            "Dump a function",
            not(
                "string.dump",
                "a section cannot turn functions into bytecode",
            ),
        ),
        (
            "18_dump_method.lua",
            18,
            "Dump as a method",
            not(
                "string.dump",
                "a section cannot turn functions into bytecode",
            ),
        ),
        (
            "19_debug.lua",
            19,
            "Debug library",
            not("debug", "a section cannot inspect or change other code"),
        ),
        (
            "20_gc.lua",
            20,
            "Collect garbage",
            not("collectgarbage", "memory is managed by actionplan"),
        ),
        (
            "21_loadfile.lua",
            21,
            "Load a file",
            not("dofile", "a section loads its helpers"),
        ),
        (
            "22_rawget.lua",
            22,
            "Raw get",
            "attempt to index a nil value".into(),
        ),
        (
            "23_finalizer.lua",
            23,
            "Finalizer",
            not(
                "__gc (a finalizer)",
                "a section cannot run code when memory is freed",
            ),
        ),
    ];
    for (file, n, title, reason) in expected {
        refused(&problems, &report, file, *n, title, reason);
    }
    for (file, n, title, _) in loops {
        refused(
            &problems,
            &report,
            file,
            *n,
            title,
            "the section was stopped after 20,000,000 Lua instructions, its limit",
        );
    }
    assert!(!marker.exists(), "a plugin reached the file system");
    // The tricks section ran to its end and changed nothing for the canary.
    assert!(report.contains("## 30. Tricks\n\n##"), "{report}");
    assert!(
        report.contains("## 99. Canary\n\nThe canary is well."),
        "{report}"
    );
    // The library's error line names the library file.
    assert!(
        problems
            .iter()
            .any(|l| l.starts_with("error: plugins/lib/compiled.lua")
                || l.contains("plugins/16_require_bytecode.lua")),
        "{problems:#?}"
    );
}

#[test]
fn a_plugin_file_that_is_bytecode_is_refused() {
    let wd = small_project("bytecode-plugin");
    wd.write(
        "plugins/05_compiled.lua",
        "\x1bLuaT\x00\x19\u{93}\r\n\x1a\nbytes",
    );
    wd.write("plugins/99_canary.lua", CANARY);
    let (problems, report, _) = build(&wd, &[]);
    assert!(
        problems.iter().any(|l| l.starts_with("error: plugins/05_compiled.lua")
            && l.contains("the section plugin cannot be loaded: the file is compiled Lua (bytecode), which is not accepted: send the plugin as Lua source text (.lua)")),
        "{problems:#?}"
    );
    assert!(report.contains("The canary is well."));
}

#[test]
fn each_resource_limit_stops_its_section_within_the_bound_and_the_others_are_produced() {
    let wd = small_project("limits");
    let cases: &[(&str, u32, &str, &str)] = &[
        ("10_loop.lua", 10, "Endless loop", "while true do end"),
        (
            "11_string_bomb.lua",
            11,
            "String bomb",
            "local s = string.rep('x', 4 * 1024 * 1024 * 1024)",
        ),
        (
            "12_doubling.lua",
            12,
            "Doubling bomb",
            "local s = 'x' while true do s = s .. s end",
        ),
        (
            "13_table_bomb.lua",
            13,
            "Table bomb",
            "local t = {} for i = 1, 1e12 do t[i] = { i, i, i } end",
        ),
        (
            "17_pattern.lua",
            17,
            "Runaway pattern",
            "string.find(string.rep('a', 5000), 'a*a*a*a*a*a*b')",
        ),
        // Text handed to the report lives outside Lua's memory: it counts against the limit too.
        ("18_output_bomb.lua", 18, "Output bomb", "local s = string.rep('x', 1024 * 1024) for i = 1, 100000 do paragraph(s) end"),
        ("19_table_output_bomb.lua", 19, "Table output bomb", "local s = string.rep('x', 1024 * 1024) for i = 1, 100000 do add_table{ title = 't', columns = { 'a' }, rows = { { s } } } end"),
    ];
    for (file, n, title, body) in cases {
        wd.write(
            &format!("plugins/{file}"),
            &format!(
                "return {{ number = {n}, title = \"{title}\", run = function()\n  {body}\nend }}"
            ),
        );
    }
    wd.write("plugins/99_canary.lua", CANARY);
    let (problems, report, took) = build(
        &wd,
        &[
            "--section-memory",
            "32",
            "--section-instructions",
            "30000000",
            "--section-seconds",
            "2",
        ],
    );
    let memory = "the section was stopped: it needed more than 32 MB of memory, its limit";
    refused(&problems, &report, "10_loop.lua", 10, "Endless loop", "the section was stopped after 30,000,000 Lua instructions, its limit (is there a loop that never ends?)");
    refused(
        &problems,
        &report,
        "11_string_bomb.lua",
        11,
        "String bomb",
        memory,
    );
    refused(
        &problems,
        &report,
        "12_doubling.lua",
        12,
        "Doubling bomb",
        memory,
    );
    refused(
        &problems,
        &report,
        "13_table_bomb.lua",
        13,
        "Table bomb",
        memory,
    );
    // One call into Lua's pattern matcher never returns to the instruction hook: the section
    // is abandoned two seconds after its time limit.
    refused(&problems, &report, "17_pattern.lua", 17, "Runaway pattern", "the section was stopped after 2 seconds, its time limit (it was stuck in one long step, such as a search with a very complex pattern, and was abandoned)");
    let output = "the section was stopped: what it produced (text, tables and figures) needs more than 32 MB of memory, its limit";
    refused(
        &problems,
        &report,
        "18_output_bomb.lua",
        18,
        "Output bomb",
        output,
    );
    refused(
        &problems,
        &report,
        "19_table_output_bomb.lua",
        19,
        "Table output bomb",
        output,
    );
    assert!(
        report.contains("## 99. Canary\n\nThe canary is well."),
        "{report}"
    );
    assert!(took < Duration::from_secs(30), "the build took {took:?}");

    // The time limit on its own, with an instruction limit too high to matter; and deep
    // recursion, with the default memory limit (at 32 MB memory runs out first).
    let wd = small_project("time");
    let cases: &[(&str, u32, &str, &str)] = &[
        ("10_slow.lua", 10, "Slow", "while true do end"),
        ("14_recursion.lua", 14, "Deep recursion", "local function f(n) return 1 + f(n + 1) end f(1)"),
        ("15_c_recursion.lua", 15, "Recursion through C", "local function f() return (string.gsub('x', 'x', f)) end f()"),
        ("16_meta_recursion.lua", 16, "Recursion through metamethods", "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k .. 'x'] end local v = t.a"),
    ];
    for (file, n, title, body) in cases {
        wd.write(
            &format!("plugins/{file}"),
            &format!(
                "return {{ number = {n}, title = \"{title}\", run = function()\n  {body}\nend }}"
            ),
        );
    }
    wd.write("plugins/99_canary.lua", CANARY);
    let (problems, report, took) = build(
        &wd,
        &[
            "--section-instructions",
            "1000000000000000",
            "--section-seconds",
            "1",
        ],
    );
    refused(
        &problems,
        &report,
        "10_slow.lua",
        10,
        "Slow",
        "the section was stopped after 1 second, its time limit",
    );
    let stack =
        "stack overflow: a function keeps calling itself (is there a recursion that never ends?)";
    refused(
        &problems,
        &report,
        "14_recursion.lua",
        14,
        "Deep recursion",
        stack,
    );
    refused(
        &problems,
        &report,
        "15_c_recursion.lua",
        15,
        "Recursion through C",
        stack,
    );
    refused(
        &problems,
        &report,
        "16_meta_recursion.lua",
        16,
        "Recursion through metamethods",
        stack,
    );
    assert!(report.contains("The canary is well."));
    assert!(took < Duration::from_secs(15), "the build took {took:?}");
}

#[test]
fn loading_a_plugin_is_limited_like_running_it() {
    let wd = small_project("load-limits");
    wd.write("plugins/10_top.lua", "while true do end");
    wd.write("plugins/99_canary.lua", CANARY);
    let (problems, report, _) = build(&wd, &["--section-instructions", "10000000"]);
    assert!(
        problems.iter().any(|l| l.contains("the section plugin cannot be loaded: the section was stopped after 10,000,000 Lua instructions")),
        "{problems:#?}"
    );
    assert!(report.contains("The canary is well."));
}

#[test]
fn a_section_cannot_change_the_data_another_section_sees() {
    let wd = small_project("isolation");
    wd.write("plugins/lib/shared.lua", "return { value = 1 }");
    wd.write(
        "plugins/02_first.lua",
        r#"return { number = 2, title = "First", reads = { "States" }, run = function()
  local s = sheet("States")
  figure{ name = "listed", value = #s, label = "States listed" }
  local ok, e = pcall(function() s[1].State = "Hijacked" end)
  paragraph("Changing a row: %s", ok and "allowed" or "refused")
  require("shared").value = 99
end }"#,
    );
    wd.write(
        "plugins/03_second.lua",
        r#"return { number = 3, title = "Second", uses = { 2 }, run = function()
  local r = section_result(2)
  r.figures.listed = 1000
  r.paragraphs[1] = "rewritten"
  paragraph("Second saw %s.", r.figures.listed)
end }"#,
    );
    wd.write(
        "plugins/04_third.lua",
        r#"return { number = 4, title = "Third", uses = { 2 }, reads = { "States" }, run = function()
  local r = section_result(2)
  paragraph("Third saw %s listed, %q, shared value %s, first State %s.", r.figures.listed, r.paragraphs[1], require("shared").value, sheet("States")[1].State)
end }"#,
    );
    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = wd.read("out/report.md");
    assert!(report.contains("Changing a row: refused"), "{report}");
    assert!(report.contains("Second saw 1000."), "{report}");
    assert!(
        report.contains(
            "Third saw 3 listed, \"Changing a row: refused\", shared value 1, first State Norway."
        ),
        "{report}"
    );
}

#[test]
fn calendar_arithmetic_out_of_range_fails_the_section_not_the_build() {
    let wd = small_project("calendar");
    let cases: &[(u32, &str, &str)] = &[
        (
            10,
            "date(2011, 1, 1):add_days(2^62 // 1)",
            "add_days: 4611686018427387904 days from 1 January 2011 is outside the calendar",
        ),
        (
            11,
            "date(2011, 1, 1):add_months(2147483647)",
            "add_months: 2147483647 months from 1 January 2011 is outside the calendar",
        ),
        (
            12,
            "date(2011, 1, 1):add_years(-9223372036854775807)",
            "add_years: -9223372036854775807 years from 1 January 2011 is outside the calendar",
        ),
        (
            13,
            "date(1099511627776, 1, 1)",
            "date: 1099511627776-1-1 is not a valid date",
        ),
    ];
    for (n, body, _) in cases {
        wd.write(
            &format!("plugins/{n}_calendar.lua"),
            &format!("return {{ number = {n}, title = \"Calendar {n}\", run = function()\n  local d = {body}\n  paragraph(tostring(d))\nend }}"),
        );
    }
    wd.write("plugins/99_canary.lua", CANARY);
    let (problems, report, _) = build(&wd, &[]);
    for (n, _, reason) in cases {
        refused(
            &problems,
            &report,
            &format!("{n}_calendar.lua"),
            *n,
            &format!("Calendar {n}"),
            reason,
        );
    }
    assert!(report.contains("The canary is well."));
}
