//! Runs every example of docs/plugins.md and checks the output the document shows.
//!
//! The document is the test's input:
//!
//! - "## The example project" holds one `### Sheet NAME (workbooks/FILE.xlsx)` heading per sheet,
//!   each followed by a Markdown table. The test writes those workbooks (cells that look like
//!   2011-09-12 become dates, numbers become numbers) and a dictionary for them. A column named
//!   Source says where each row comes from: the dictionary marks a row whose Source contains
//!   "illustrative" as an illustrative sample (its Provenance column).
//! - A ```` ```lua ```` block is an example: the body of a section's `run` function. The test
//!   makes it a plugin of its own, `plugins/example_N.lua` with N from 1001 in the order of the
//!   document: `return { number = N, title = "Example", reads = { every sheet but Settings and Rules },
//!   run = function() BODY end }`, BODY starting on line 1 so that line numbers match.
//! - A ```` ```lua file=plugins/NAME.lua ```` block is a whole plugin file, written as it is; one
//!   under `plugins/lib/` is a library that other examples `require`. Words after the file that
//!   start with `--` are options for `actionplan build`: such an example is built on its own.
//! - The blocks after an example (other than a library), up to the next `lua` block, show what it
//!   produced, all compared exactly (prose may come between them):
//!   - `text`: what report.md holds for the section (with its `## ` heading if the block starts
//!     with one); without this block the section must hold nothing (or have failed, which then
//!     shows in `terminal`);
//!   - `terminal`: the lines that `actionplan build` prints about the plugin file (print output,
//!     then errors and warnings with their hints); without it there must be none;
//!   - `summary`, `audit`: the section's rows of those sheets of consolidated.xlsx, after a
//!     header line, without the Section and Title columns;
//!   - `sheet`: the section's own sheet of consolidated.xlsx below its title, empty rows left
//!     out; cells are separated by " | ", dates shown as 2011-09-12;
//!   - `states`: the section's columns of the States sheet of consolidated.xlsx (the values it
//!     tracks about each State): their headings after "State", then the row of each State that
//!     has a value in them, in the sheet's order.
//!
//! Every fenced block must be one of these, every example must show something, every message of
//! the build must belong to exactly one example (so the example project itself is clean), every
//! library must be required by an example, and every function and method that src/sections
//! registers must have a `#### ` entry with an example in the API reference, so the document
//! cannot drift from the program.
//!
//! When an example's output changes, the failure shows the actual output in the form of the
//! block, ready to be checked and copied into the document.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::support::{repo, sheet_text, text, Workdir, C};
use calamine::{open_workbook_auto, Reader};

const DOC: &str = "docs/plugins.md";
const PROJECT_HEADING: &str = "## The example project";
const REFERENCE_HEADING: &str = "## API reference";
/// Body examples get section numbers from here on, in the order of the document.
const FIRST_BODY_NUMBER: i64 = 1001;
const EXPECTATIONS: [&str; 6] = ["text", "terminal", "summary", "audit", "sheet", "states"];

/// A fenced block of the document.
#[derive(Clone, Debug)]
struct Block {
    info: String,
    body: String,
    /// 1-based line of the opening fence.
    line: usize,
    /// The heading (of any level) the block is under.
    heading: String,
}

#[derive(Debug)]
struct Example {
    line: usize,
    heading: String,
    /// Project-relative path of the plugin file.
    file: String,
    source: String,
    /// The section number, when the file declares one that can be read.
    number: Option<i64>,
    flags: Vec<String>,
    expected: Vec<(String, String, usize)>,
}

fn read_doc() -> String {
    std::fs::read_to_string(repo().join(DOC)).unwrap_or_else(|e| panic!("{DOC}: {e}"))
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut open: Option<Block> = None;
    for (i, line) in doc.lines().enumerate() {
        // The tutorial runs on the default project: tests/plugin_tutorial.rs checks it.
        if open.is_none() && line == "## Tutorial" {
            break;
        }
        match &mut open {
            Some(b) => {
                if line.trim_end() == "```" {
                    out.push(open.take().unwrap());
                } else {
                    b.body.push_str(line);
                    b.body.push('\n');
                }
            }
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        body: String::new(),
                        line: i + 1,
                        heading: heading.clone(),
                    });
                } else if line.starts_with('#') {
                    heading = line.to_string();
                } else if line.starts_with("    ") {
                    panic!(
                        "{DOC}, line {}: text indented by four spaces is a code block that is not run; put code in a ```lua block",
                        i + 1
                    );
                } else if ["```", "~~~"]
                    .iter()
                    .any(|f| line.trim_start().starts_with(f))
                {
                    panic!(
                        "{DOC}, line {}: code blocks start with ``` at the beginning of a line",
                        i + 1
                    );
                }
            }
        }
    }
    assert!(open.is_none(), "{DOC}: a ``` block is not closed");
    out
}

/// `number = 12` in a plugin file.
fn declared_number(source: &str) -> Option<i64> {
    let at = source.find("number =")?;
    let digits: String = source[at + 8..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The examples and library files of the document, checked for shape.
fn examples(blocks: &[Block]) -> (Vec<Example>, Vec<(String, String)>) {
    let mut examples: Vec<Example> = Vec::new();
    let mut libs: Vec<(String, String)> = Vec::new();
    let mut last_was_lib = false;
    let mut body_number = FIRST_BODY_NUMBER;
    let mut files = HashSet::new();
    for b in blocks {
        let mut words = b.info.split_whitespace();
        let kind = words.next().unwrap_or("");
        let at = format!("{DOC}, line {}", b.line);
        if EXPECTATIONS.contains(&kind) {
            assert!(
                words.next().is_none(),
                "{at}: a ```{kind} block takes no words after {kind}"
            );
            assert!(
                !last_was_lib,
                "{at}: a ```{kind} block follows a library file; put it after the example that uses the library"
            );
            let example = examples.last_mut().unwrap_or_else(|| {
                panic!("{at}: a ```{kind} block with no ```lua example before it")
            });
            assert!(
                !example.expected.iter().any(|(k, _, _)| k == kind),
                "{at}: a second ```{kind} block for the example at line {}",
                example.line
            );
            example
                .expected
                .push((kind.to_string(), b.body.clone(), b.line));
            continue;
        }
        assert_eq!(
            kind, "lua",
            "{at}: every block must be a ```lua example or one of {EXPECTATIONS:?} showing its output (found ```{kind}); examples that are not run are not allowed"
        );
        if let Some(previous) = examples.last() {
            assert!(
                !previous.expected.is_empty() || last_was_lib,
                "{DOC}, line {}: the example has no ```text, ```terminal, ```summary, ```audit, ```sheet or ```states block showing what it produces",
                previous.line
            );
        }
        let mut file = None;
        let mut flags = Vec::new();
        for w in words {
            if let Some(f) = w.strip_prefix("file=") {
                file = Some(f.to_string());
            } else if w.starts_with("--") {
                flags.push(w.to_string());
            } else {
                panic!("{at}: unknown word \"{w}\" after ```lua (use file=plugins/NAME.lua and --build-options)");
            }
        }
        match file {
            Some(f) if f.starts_with("plugins/lib/") => {
                assert!(flags.is_empty(), "{at}: a library takes no build options");
                assert!(
                    files.insert(f.clone()),
                    "{at}: {f} is written by two blocks"
                );
                libs.push((f, b.body.clone()));
                last_was_lib = true;
            }
            Some(f) => {
                assert!(
                    f.starts_with("plugins/") && f.ends_with(".lua") && !f[8..].contains('/'),
                    "{at}: a plugin file is plugins/NAME.lua"
                );
                assert!(
                    files.insert(f.clone()),
                    "{at}: {f} is written by two blocks"
                );
                examples.push(Example {
                    line: b.line,
                    heading: b.heading.clone(),
                    file: f,
                    number: declared_number(&b.body),
                    source: b.body.clone(),
                    flags,
                    expected: Vec::new(),
                });
                last_was_lib = false;
            }
            None => {
                assert!(
                    flags.is_empty(),
                    "{at}: build options need a whole plugin file (```lua file=plugins/NAME.lua --option)"
                );
                let n = body_number;
                body_number += 1;
                examples.push(Example {
                    line: b.line,
                    heading: b.heading.clone(),
                    file: format!("plugins/example_{n}.lua"),
                    number: Some(n),
                    source: b.body.clone(),
                    flags,
                    expected: Vec::new(),
                });
                last_was_lib = false;
            }
        }
    }
    if let Some(last) = examples.last() {
        assert!(
            !last.expected.is_empty(),
            "{DOC}, line {}: the example has no block showing what it produces",
            last.line
        );
    }
    for e in &examples {
        if let Some(n) = e.number {
            if e.file.starts_with("plugins/example_") {
                continue;
            }
            assert!(
                n < FIRST_BODY_NUMBER,
                "{DOC}, line {}: whole plugins must use section numbers below {FIRST_BODY_NUMBER}",
                e.line
            );
        }
    }
    (examples, libs)
}

/// One sheet of the example project as the document shows it.
struct FixtureSheet {
    name: String,
    workbook: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The text under a `## ` heading, up to the next one (headings in code blocks do not count).
fn section_of<'a>(doc: &'a str, heading: &str) -> &'a str {
    let mut start = None;
    let mut end = doc.len();
    let mut in_code = false;
    let mut at = 0;
    for line in doc.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with("## ") {
            if start.is_some() {
                end = at;
                break;
            }
            if line.trim_end() == heading {
                start = Some(at + line.len());
            }
        }
        at += line.len() + 1;
    }
    let start = start.unwrap_or_else(|| panic!("{DOC} has no heading \"{heading}\""));
    &doc[start..end]
}

fn fixture(doc: &str) -> Vec<FixtureSheet> {
    let part = section_of(doc, PROJECT_HEADING);
    let mut sheets: Vec<FixtureSheet> = Vec::new();
    // Whether the lines belong to the last sheet: other headings end it.
    let mut in_sheet = false;
    for line in part.lines() {
        if line.starts_with('#') {
            in_sheet = false;
        }
        if let Some(rest) = line.strip_prefix("### Sheet ") {
            in_sheet = true;
            let (name, workbook) = rest
                .rsplit_once(" (")
                .and_then(|(n, w)| Some((n, w.strip_suffix(')')?)))
                .unwrap_or_else(|| {
                    panic!("{DOC}: write \"### Sheet NAME (workbooks/FILE.xlsx)\", not \"{line}\"")
                });
            sheets.push(FixtureSheet {
                name: name.to_string(),
                workbook: workbook.to_string(),
                header: Vec::new(),
                rows: Vec::new(),
            });
        } else if line.starts_with('|') && in_sheet {
            let sheet = sheets.last_mut().expect("in a sheet");
            let cells: Vec<String> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| "-: ".contains(ch)))
            {
                continue;
            }
            if sheet.header.is_empty() {
                sheet.header = cells;
            } else {
                assert_eq!(
                    cells.len(),
                    sheet.header.len(),
                    "{DOC}: a row of sheet {} has {} cells for {} columns",
                    sheet.name,
                    cells.len(),
                    sheet.header.len()
                );
                sheet.rows.push(cells);
            }
        }
    }
    assert!(
        !sheets.is_empty(),
        "{DOC}: the example project shows no sheets"
    );
    sheets
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn cell(s: &str) -> C {
    if s.is_empty() {
        C::E
    } else if is_date(s) {
        let n = |r: std::ops::Range<usize>| s[r].parse::<u16>().unwrap();
        C::D(n(0..4), n(5..7) as u8, n(8..10) as u8)
    } else if let Ok(n) = s.parse::<f64>() {
        C::N(n)
    } else {
        C::S(s.to_string())
    }
}

/// The dictionary type of a column from its values, as the example project describes it.
fn column_type(sheet: &FixtureSheet, c: usize) -> &'static str {
    let values: Vec<&str> = sheet
        .rows
        .iter()
        .map(|r| r[c].as_str())
        .filter(|v| !v.is_empty())
        .collect();
    if sheet.header[c] == "Value" && ["Settings", "Rules"].contains(&sheet.name.as_str()) {
        "any" // typed row by row, by the Type of a setting or the Unit of a rule
    } else if sheet.name != "States" && sheet.header[c] == "State" {
        "State"
    } else if !values.is_empty() && values.iter().all(|v| is_date(v)) {
        "date"
    } else if !values.is_empty() && values.iter().all(|v| v.parse::<f64>().is_ok()) {
        "number"
    } else {
        "text"
    }
}

/// Writes the example project's workbooks and its dictionary into a scratch project.
fn write_project(wd: &Workdir, sheets: &[FixtureSheet]) {
    let mut files: Vec<&str> = Vec::new();
    for s in sheets {
        if !files.contains(&s.workbook.as_str()) {
            files.push(&s.workbook);
        }
    }
    for file in files {
        let mut book = wd.book(file);
        for s in sheets.iter().filter(|s| s.workbook == file) {
            let mut rows = vec![s.header.iter().map(|h| C::S(h.clone())).collect::<Vec<_>>()];
            rows.extend(s.rows.iter().map(|r| r.iter().map(|v| cell(v)).collect()));
            book = book.sheet(&s.name, &rows);
        }
        book.save();
    }
    let t = |s: &str| C::S(s.to_string());
    let mut described = vec![vec![
        t("Sheet"),
        t("Role"),
        t("Header row"),
        t("One row per"),
        t("Description"),
    ]];
    let mut columns = vec![vec![
        t("Sheet"),
        t("Column"),
        t("Type"),
        t("Required"),
        t("Values"),
        t("Description"),
        t("Provenance"),
    ]];
    for s in sheets {
        let (role, key) = match s.name.as_str() {
            "States" => ("States list", "State"),
            "Settings" => ("settings", "Setting"),
            "Rules" => ("rules", "Rule"),
            _ => ("data", ""),
        };
        described.push(vec![t(&s.name), t(role), C::E, t(key), C::E]);
        for (c, name) in s.header.iter().enumerate() {
            let mut column = vec![t(&s.name), t(name), t(column_type(s, c)), t("no")];
            if name == "Source" {
                let rule = "illustrative when it contains \"illustrative\"";
                column.extend([C::E, C::E, t(rule)]);
            }
            columns.push(column);
        }
    }
    wd.book("workbooks/dictionary.xlsx")
        .sheet("Sheets", &described)
        .sheet("Columns", &columns)
        .save();
}

fn plugin_source(e: &Example, reads: &[&str]) -> String {
    if !e.file.starts_with("plugins/example_") {
        return e.source.clone();
    }
    let reads: Vec<String> = reads.iter().map(|r| format!("{r:?}")).collect();
    // The body starts on line 1, so the lines in messages are the lines of the example.
    format!(
        "return {{ number = {}, title = \"Example\", reads = {{ {} }}, run = function() {}end }}\n",
        e.number.unwrap(),
        reads.join(", "),
        e.source
    )
}

/// What one build produced.
struct Built {
    report: String,
    stderr: String,
    /// Problem entries (with their hints) and print lines, in the order printed.
    entries: Vec<String>,
    workbook: std::path::PathBuf,
    status: i32,
}

fn build(wd: &Workdir, flags: &[String]) -> Built {
    let mut args = vec!["build"];
    args.extend(flags.iter().map(String::as_str));
    let run = wd.run(&args);
    assert_ne!(
        run.status, 2,
        "actionplan build could not run:\n{}",
        run.stderr
    );
    let mut entries: Vec<String> = Vec::new();
    for line in run.stderr.lines() {
        if line.starts_with("error: ")
            || line.starts_with("warning: ")
            || line.starts_with("plugins/")
        {
            entries.push(line.to_string());
        } else if line.starts_with("  hint: ") {
            let last = entries.last_mut().expect("a hint follows a problem");
            last.push('\n');
            last.push_str(line);
        }
    }
    assert!(
        !run.stderr.contains("… and "),
        "more problems than actionplan prints; split the examples:\n{}",
        run.stderr
    );
    Built {
        report: wd.read("out/report.md"),
        stderr: run.stderr,
        entries,
        workbook: wd.path("out/consolidated.xlsx"),
        status: run.status,
    }
}

/// Whether a problem entry or print line is about a plugin file.
fn mentions(entry: &str, file: &str) -> bool {
    entry.match_indices(file).any(|(at, _)| {
        let before = entry[..at].chars().last();
        let after = entry[at + file.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '_')
            && after.is_none_or(|c| matches!(c, ',' | ':' | ' ' | ')' | '\n' | ';'))
    })
}

/// The text under a section's heading in report.md (the heading included).
fn report_section(report: &str, e: &Example) -> Option<String> {
    let headings = match e.number {
        Some(n) => vec![format!("## {n}. "), format!("## {}", e.file)],
        None => vec![format!("## {}", e.file)],
    };
    let lines: Vec<&str> = report.lines().collect();
    let start = lines.iter().position(|l| {
        headings
            .iter()
            .any(|h| l.starts_with(h.as_str()) && (h.ends_with(' ') || l.len() == h.len()))
    })?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.starts_with("## "))
        .map(|p| start + 1 + p)
        .unwrap_or(lines.len());
    Some(lines[start..end].join("\n").trim_end().to_string())
}

/// The section's own sheet: the one whose title cell is "N. Title".
fn section_sheet(path: &Path, number: i64) -> Option<Vec<Vec<String>>> {
    let mut wb = open_workbook_auto(path).expect("consolidated.xlsx opens");
    let names = wb.sheet_names().clone();
    for name in names {
        let range = wb.worksheet_range(&name).ok()?;
        let first = range.get((0, 0)).map(text).unwrap_or_default();
        if first.starts_with(&format!("{number}. ")) {
            return Some(
                sheet_text(path, &name)
                    .into_iter()
                    .skip(1)
                    .filter(|r| !r.is_empty())
                    .collect(),
            );
        }
    }
    None
}

/// The section's columns of the States sheet: under the heading "N. Title" of its group, from
/// that column up to the next group's heading.
fn states_rows(path: &Path, number: i64) -> String {
    let book = open_workbook_auto(path).expect("consolidated.xlsx opens");
    if !book.sheet_names().iter().any(|n| n == "States") {
        return String::new();
    }
    let rows = sheet_text(path, "States");
    let cell = |r: &Vec<String>, c: usize| r.get(c).cloned().unwrap_or_default();
    let heading = format!("{number}. ");
    let Some((g, first)) = rows.iter().enumerate().find_map(|(i, r)| {
        r.iter()
            .position(|c| c.starts_with(&heading))
            .map(|c| (i, c))
    }) else {
        return String::new();
    };
    // The headings row below ends where the last column ends.
    let width = rows.get(g + 1).map_or(0, Vec::len);
    let end = (first + 1..width)
        .find(|c| !cell(&rows[g], *c).is_empty())
        .unwrap_or(width);
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(g + 1) {
        let values: Vec<String> = (first..end).map(|c| cell(r, c)).collect();
        if i == g + 1 || values.iter().any(|v| !v.is_empty()) {
            let mut line = vec![cell(r, 0)];
            line.extend(values);
            out.push(line);
        }
    }
    join(&out)
}

fn join(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| r.join(" | "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rows of Summary or Audit for one section, with a header, without Section (and Title).
fn figure_rows(path: &Path, sheet: &str, number: i64) -> String {
    let rows = sheet_text(path, sheet);
    let header_at = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Section"))
        .unwrap_or_else(|| panic!("the {sheet} sheet has no header starting with Section"));
    let drop = if sheet == "Summary" { 2 } else { 1 };
    let mut out = vec![rows[header_at][drop..].to_vec()];
    for r in &rows[header_at + 1..] {
        if r.first().map(String::as_str) == Some(number.to_string().as_str()) {
            out.push(r[drop.min(r.len())..].to_vec());
        }
    }
    join(&out)
}

/// What the example produced, in the form of each kind of block.
fn actual(kind: &str, e: &Example, built: &Built) -> String {
    match kind {
        "text" => report_section(&built.report, e).unwrap_or_default(),
        "terminal" => built
            .entries
            .iter()
            .filter(|x| mentions(x, &e.file))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        "summary" | "audit" => match e.number {
            Some(n) => figure_rows(
                &built.workbook,
                if kind == "summary" {
                    "Summary"
                } else {
                    "Audit"
                },
                n,
            ),
            None => String::new(),
        },
        "sheet" => e
            .number
            .and_then(|n| section_sheet(&built.workbook, n))
            .map(|rows| join(&rows))
            .unwrap_or_default(),
        "states" => e
            .number
            .map(|n| states_rows(&built.workbook, n))
            .unwrap_or_default(),
        _ => unreachable!(),
    }
}

/// Compares an example with what it produced; returns the differences, in the document's form.
fn check(e: &Example, built: &Built) -> Option<String> {
    let mut wrong = String::new();
    for (kind, expected, line) in &e.expected {
        let mut got = actual(kind, e, built);
        let mut want = expected.trim_end().to_string();
        if kind == "text" && !want.starts_with("## ") {
            // Without the heading line.
            got = got
                .split_once('\n')
                .map(|x| x.1)
                .unwrap_or("")
                .trim_start()
                .to_string();
        }
        want = want.trim_end().to_string();
        if got != want {
            let _ = writeln!(
                wrong,
                "{DOC}, line {line}: the ```{kind} block differs from what the example produces:\n```{kind}\n{got}\n```"
            );
        }
    }
    let shown: HashSet<&str> = e.expected.iter().map(|(k, _, _)| k.as_str()).collect();
    if !shown.contains("terminal") {
        let got = actual("terminal", e, built);
        if !got.is_empty() {
            let _ = writeln!(
                wrong,
                "{DOC}, line {}: the example produced messages that the document does not show in a ```terminal block:\n```terminal\n{got}\n```",
                e.line
            );
        }
    }
    if !shown.contains("text") {
        let got = report_section(&built.report, e).unwrap_or_default();
        let body = got.split_once('\n').map(|x| x.1.trim()).unwrap_or("");
        if !body.is_empty() && !body.starts_with("> **This section was not produced:**") {
            let _ = writeln!(
                wrong,
                "{DOC}, line {}: the example wrote report text that the document does not show in a ```text block:\n```text\n{body}\n```",
                e.line
            );
        }
    }
    (!wrong.is_empty()).then_some(wrong)
}

/// Function and method names that src/sections gives plugins.
fn registered_names() -> Vec<String> {
    let read = |p: &str| std::fs::read_to_string(repo().join(p)).unwrap();
    let quoted_after = |src: &str, marker: &str| -> Vec<String> {
        src.match_indices(marker)
            .filter_map(|(at, _)| {
                let rest = src[at + marker.len()..].trim_start().strip_prefix('"')?;
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                rest[name.len()..].starts_with('"').then_some(name)
            })
            .collect()
    };
    let api = read("src/sections/api.rs");
    let data = read("src/sections/data.rs");
    let datetime = read("src/sections/datetime.rs");
    let mut names = quoted_after(&api, "g.set(");
    names.extend(quoted_after(&api, "globals().set("));
    names.extend(quoted_after(&data, "add_method("));
    names.extend(quoted_after(&datetime, "add_method("));
    names.extend(quoted_after(&datetime, "add_field_method_get("));
    // min and max are registered in a loop: [("min", Ordering::Less), ("max", ...)].
    for (at, _) in data.match_indices("\", Ordering::") {
        let start = data[..at].rfind("(\"").unwrap() + 2;
        names.push(data[start..at].to_string());
    }
    let mut seen = HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    assert!(names.len() > 40, "found only {names:?} in src/sections");
    names
}

/// Whether Lua code calls `name` (or reads the field `.name`).
fn uses(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().last();
        let after = code[at + name.len()..].trim_start().chars().next();
        let word_before = before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let word_after = code[at + name.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word_before
            && !word_after
            && (matches!(before, Some('.' | ':')) || matches!(after, Some('(' | '{' | '"')))
    })
}

#[test]
fn every_function_has_a_reference_entry_with_an_example() {
    let doc = read_doc();
    let all = blocks(&doc);
    let reference = section_of(&doc, REFERENCE_HEADING);
    let entries: Vec<(&str, &str)> = reference
        .split("\n#### ")
        .skip(1)
        .map(|s| s.split_once('\n').unwrap_or((s, "")))
        .collect();
    let mut missing = Vec::new();
    for name in registered_names() {
        let documented = entries.iter().any(|(heading, body)| {
            uses(heading, name.as_str())
                && all.iter().any(|b| {
                    b.info.starts_with("lua")
                        && !b.info.contains("plugins/lib/")
                        && b.heading == format!("#### {heading}")
                        && body.contains(b.body.as_str())
                        && uses(&b.body, &name)
                })
        });
        if !documented {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "{DOC}: the API reference needs a #### entry with a ```lua example for each of: {}",
        missing.join(", ")
    );
    assert!(
        doc.contains("\n## Tutorial\n"),
        "{DOC} keeps a \"## Tutorial\" heading"
    );
}

#[test]
fn every_example_produces_what_the_document_shows() {
    let doc = read_doc();
    let all = blocks(&doc);
    let (examples, libs) = examples(&all);
    let sheets = fixture(&doc);
    let reads: Vec<&str> = sheets
        .iter()
        .filter(|s| s.name != "Settings" && s.name != "Rules")
        .map(|s| s.name.as_str())
        .collect();

    // Every library is used by an example.
    for (lib, _) in &libs {
        let name = lib
            .trim_start_matches("plugins/lib/")
            .trim_end_matches(".lua");
        assert!(
            examples
                .iter()
                .any(|e| e.source.contains(&format!("require(\"{name}\")")))
                || libs
                    .iter()
                    .any(|(_, s)| s.contains(&format!("require(\"{name}\")"))),
            "{DOC}: no example requires {lib}"
        );
    }

    let project = |name: &str, chosen: &mut dyn Iterator<Item = &Example>| -> Workdir {
        let wd = Workdir::new(name);
        write_project(&wd, &sheets);
        for (file, source) in &libs {
            wd.write(file, source);
        }
        for e in chosen {
            wd.write(&e.file, &plugin_source(e, &reads));
        }
        wd
    };

    let mut failures = String::new();
    let mut checked = 0;
    // Examples without build options share one build; the others have one each.
    let mut groups: BTreeMap<Vec<String>, Vec<&Example>> = BTreeMap::new();
    for e in &examples {
        groups.entry(e.flags.clone()).or_default().push(e);
    }
    for (flags, group) in &groups {
        let wd = project("plugin-docs", &mut group.iter().copied());
        let built = build(&wd, flags);
        let files: Vec<&str> = group.iter().map(|e| e.file.as_str()).collect();
        for entry in &built.entries {
            let owners = files.iter().filter(|f| mentions(entry, f)).count();
            if owners != 1 {
                let _ = writeln!(
                    failures,
                    "actionplan build {} printed a message that belongs to {owners} examples (it should name one plugin file):\n{entry}\n",
                    flags.join(" ")
                );
            }
        }
        let errors = built.entries.iter().any(|x| x.starts_with("error: "));
        assert_eq!(
            built.status,
            i32::from(errors),
            "exit status of actionplan build {}:\n{}",
            flags.join(" "),
            built.stderr
        );
        for e in group {
            checked += 1;
            if let Some(wrong) = check(e, &built) {
                let _ = writeln!(
                    failures,
                    "example at {DOC}, line {} ({}):\n{wrong}",
                    e.line, e.heading
                );
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
    eprintln!("{checked} examples of {DOC} produce what it shows");
    assert!(checked > 0);
}
