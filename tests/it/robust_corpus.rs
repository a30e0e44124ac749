//! Promises about workbook files as they arrive by e-mail, from every spreadsheet program:
//!
//! - every file of tests/corpus/xlsx/ (55 real-world and hostile files, described in
//!   MANIFEST.tsv) either loads or fails with exactly one clear message that names the file
//!   and says what to do; never a panic, an abort, a hang or unbounded memory, and the whole
//!   corpus builds into a report that opens;
//! - password-protected, truncated, empty, HTML-disguised and wrong-extension files each get
//!   their own message;
//! - a sheet whose used range spans A1:XFD1048576 is streamed, not allocated;
//! - the read limits (file size, filled cells, memory, time) stop a file with a message that
//!   states the limit.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::support::{corpus, repo, Workdir, C};
use actionplan::testing::{
    read_workbook, read_workbook_part, read_workbooks, Isolation, Part, ReadLimits,
};

/// What must happen to each corpus file.
enum Expect {
    Loads,
    /// Fails with one error about the file containing all of these.
    Fails(&'static [&'static str]),
}
use Expect::*;

const SAVE_AGAIN: &str = "open it in Excel or LibreOffice and save it again as .xlsx";
const ASK_AGAIN: &str = "ask for the file again";
const PASSWORD: &str =
    "the file is protected with a password, so it cannot be read; remove the password";

const CORPUS: &[(&str, Expect)] = &[
    ("calamine__any_sheets.xlsb", Loads),
    ("calamine__date.xlsx", Loads),
    ("calamine__empty_sheet.xlsx", Loads),
    ("calamine__header-row.xlsx", Loads),
    ("calamine__issue_174.xlsx", Loads),
    ("calamine__issue_261.xlsx", Loads),
    ("calamine__issue_553.xlsx", Loads),
    (
        "calamine__issue_594_dos.ods",
        Fails(&["declares far more cells than any workbook holds", ASK_AGAIN]),
    ),
    ("calamine__nonstandard-xml-ns-prefix.xlsx", Loads),
    ("calamine__pass_protected.ods", Fails(&[PASSWORD])),
    ("calamine__pass_protected.xlsx", Fails(&[PASSWORD])),
    ("calamine__table-multiple.xlsx", Loads),
    ("calamine__temperature-in-middle.xlsx", Loads),
    (
        "calamine__too_small.xls",
        Fails(&[
            "the file is not a spreadsheet",
            "ask for the workbook again",
        ]),
    ),
    (
        "gen__html_disguised.xls",
        Fails(&[
            "the file is a web page or XML file saved under a spreadsheet name (.xls)",
            "save it as an Excel Workbook (.xlsx)",
        ]),
    ),
    // calamine 0.38 panics on this one when it is opened as a dense range; streaming reads it.
    ("gen__minimal_package_rootparts.xlsx", Loads),
    ("gen__multiscript_libreoffice.ods", Loads),
    ("gen__multiscript_libreoffice.xlsx", Loads),
    ("gen__multiscript_openpyxl.xlsx", Loads),
    ("gen__rust_xlsxwriter_sample.xlsx", Loads),
    (
        "gen__truncated_1904.xls",
        Fails(&[
            "the file is damaged or incomplete: it ends before its content does",
            ASK_AGAIN,
        ]),
    ),
    (
        "gen__truncated_formula_stress_test.xlsx",
        Fails(&[
            "the file is damaged or incomplete: its content cannot be unpacked",
            ASK_AGAIN,
        ]),
    ),
    (
        "gen__zero_bytes.xlsx",
        Fails(&["the file is empty (0 bytes)", ASK_AGAIN]),
    ),
    ("phpss__OOCalcTest.ods", Loads),
    ("phpss__data_with_tables.xlsx", Loads),
    ("phpss__issue.2301.xlsx", Loads),
    ("phpss__issue.3093.xlsx", Loads),
    ("phpss__issue.3552.xlsx", Loads),
    ("phpss__issue.3613.xlsx", Loads),
    ("phpss__issue.3982.xlsx", Loads),
    ("phpss__issue.4528.ods", Loads),
    (
        "phpss__maccentraleurope.biff5.xls",
        Fails(&[
            "the file uses a character encoding that cannot be read",
            "save it as an Excel Workbook (.xlsx)",
        ]),
    ),
    // Allocates without bound inside calamine: stopped by the reading process's memory limit.
    (
        "phpss__oleloop.xls",
        Fails(&[
            "the file needs more than 2 GB of memory to read and was abandoned",
            SAVE_AGAIN,
        ]),
    ),
    (
        "phpss__utf16be.xlsx",
        Fails(&[
            "the file is damaged: part of its content is not valid",
            SAVE_AGAIN,
        ]),
    ),
    ("sheetjs__1904.xls", Loads),
    ("sheetjs__1904.xlsx", Loads),
    (
        "sheetjs__BlankSheetTypes.xlsm",
        Fails(&[
            "the file contains an Excel 4.0 macro sheet or a dialog sheet",
            "copy its worksheets into a new workbook",
        ]),
    ),
    ("sheetjs__DataTypesFormats.xlsx", Loads),
    ("sheetjs__ErrorTypes.xlsx", Loads),
    ("sheetjs__LONumbers.xlsx", Loads),
    ("sheetjs__apachepoi_51535.xls.xlsb", Loads),
    ("sheetjs__formula_stress_test.xlsx", Loads),
    ("sheetjs__issue2717.biff5.xls", Loads),
    ("sheetjs__large_strings.xlsx", Loads),
    ("sheetjs__metadata_2019.xlsx", Loads),
    ("sheetjs__minimal_112.xlsx", Loads),
    ("sheetjs__number_format.xlsm", Loads),
    ("sheetjs__password_2002_40_xor.xls", Fails(&[PASSWORD])),
    ("sheetjs__phonetic_text.xlsx", Loads),
    ("sheetjs__rich_text_stress.xlsx", Loads),
    ("sheetjs__sheet_visibility.xlsx", Loads),
    ("sheetjs__sheet_visibility_strict.xlsx", Loads),
    ("sheetjs__text_and_numbers.xlsx", Loads),
    ("sheetjs__wps_fn.xlsx", Loads),
    ("sheetjs__xlsx-stream-d-date-cell.xlsx", Loads),
];

#[test]
fn the_table_above_covers_every_corpus_file_and_the_manifest() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let manifest = std::fs::read_to_string(repo().join("tests/corpus/MANIFEST.tsv")).unwrap();
    let listed: BTreeSet<String> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    // Each file has the size the manifest gives (its last column), and none is over 2 MB.
    for line in manifest.lines().skip(1).filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let size = std::fs::metadata(corpus(fields[0])).map(|m| m.len()).ok();
        assert_eq!(
            size.map(|s| s.to_string()).as_deref(),
            fields.last().copied(),
            "{}",
            fields[0]
        );
        assert!(
            size.unwrap_or(0) <= 2 * 1024 * 1024,
            "{} is over 2 MB",
            fields[0]
        );
    }
    let here: BTreeSet<String> = CORPUS.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(on_disk, listed, "MANIFEST.tsv and the folder differ");
    assert_eq!(
        on_disk, here,
        "add the new corpus files to CORPUS in this test"
    );
}

#[test]
fn every_corpus_file_loads_or_fails_with_one_clear_message_and_the_corpus_builds() {
    let wd = Workdir::new("corpus");
    for (file, _) in CORPUS {
        wd.copy(&corpus(file), &format!("workbooks/{file}"));
    }
    let started = Instant::now();
    // A hang fails the test; a crash of the tool would give another status than 1.
    let run = wd.run_within(&["build"], Duration::from_secs(300));
    let took = started.elapsed();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let problems = run.problems();
    let mut failures = Vec::new();
    for (file, expect) in CORPUS {
        let at = format!("workbooks/{file}");
        let errors: Vec<&String> = problems
            .iter()
            .filter(|l| l.starts_with(&format!("error: {at}")))
            .collect();
        let file_errors: Vec<&String> = errors
            .iter()
            .copied()
            .filter(|l| l.starts_with(&format!("error: {at}: the file ")))
            .collect();
        match expect {
            Loads if !errors.is_empty() => {
                failures.push(format!("{file} should load, but: {errors:?}"));
            }
            Fails(parts) => {
                if errors.len() != 1 || file_errors.len() != 1 {
                    failures.push(format!("{file} should fail with exactly one message about the file, got {errors:?}"));
                } else if let Some(missing) = parts.iter().find(|p| !file_errors[0].contains(*p)) {
                    failures.push(format!(
                        "{file}: {:?} does not say {missing:?}",
                        file_errors[0]
                    ));
                }
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The files that fail are not counted as read.
    let failing = CORPUS.iter().filter(|(_, e)| matches!(e, Fails(_))).count();
    let read = format!("Read {} of 55 workbooks (", 55 - failing);
    assert!(run.stderr.contains(&read), "{}", run.stderr);
    // The report of everything that loaded opens again, and lists what did not.
    let listed = wd
        .sheet_text("out/consolidated.xlsx", "Problems")
        .concat()
        .join(" ");
    for (file, expect) in CORPUS {
        if matches!(expect, Fails(_)) {
            assert!(
                listed.contains(&format!("workbooks/{file}")),
                "{file} is not in the Problems sheet"
            );
        }
    }
    // The slowest file is the one stopped at 2 GB (a few seconds); the rest take well under a second each.
    assert!(
        took < Duration::from_secs(120),
        "reading the corpus took {took:?}"
    );
}

#[test]
fn a_sheet_spanning_a1_to_xfd1048576_is_streamed_not_allocated() {
    let wd = Workdir::new("sparse");
    let path = wd.path("workbooks/sparse.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "first").unwrap();
    ws.write_string(1_048_575, 16_383, "last").unwrap();
    book.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    // In this very process: a dense range would ask for ~550 GB and abort the test.
    let started = Instant::now();
    let raw = read_workbook(&path, &Isolation::InProcess, &ReadLimits::default()).unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    let cells: Vec<(u32, u32)> = raw.sheets[0].cells.iter().map(|c| (c.row, c.col)).collect();
    assert_eq!(cells, [(0, 0), (1_048_575, 16_383)]);
    // And through the tool.
    let run = wd.run_within(&["check"], Duration::from_secs(60));
    assert_eq!(run.status, 0, "{}", run.stderr);
}

fn child() -> Isolation {
    Isolation::Child(PathBuf::from(env!("CARGO_BIN_EXE_actionplan")))
}

#[test]
fn each_read_limit_stops_a_file_with_a_message_that_states_it() {
    let wd = Workdir::new("limits");
    let path = wd.path("workbooks/many.xlsx");
    let rows: Vec<Vec<C>> = (0..50).map(|i| vec![C::N(i as f64), C::T("x")]).collect();
    wd.book("workbooks/many.xlsx").sheet("Data", &rows).save();
    let limits = ReadLimits::default();

    let cells = ReadLimits {
        max_cells: 40,
        ..limits.clone()
    };
    assert_eq!(
        read_workbook(&path, &child(), &cells).unwrap_err(),
        "has more than 40 filled cells, the most one workbook may hold; split it into smaller workbooks"
    );
    let bytes = ReadLimits {
        max_file_bytes: 1000,
        ..limits.clone()
    };
    let size = std::fs::metadata(&path).unwrap().len();
    assert_eq!(
        read_workbook(&path, &child(), &bytes).unwrap_err(),
        format!(
            "is {:.1} KB, larger than the 1000 bytes a workbook may be; remove pictures or unused sheets, or split it into smaller workbooks",
            size as f64 / 1024.0
        )
    );
    // The looping OLE file under a small memory limit: stopped quickly, the limit named.
    let oleloop = corpus("phpss__oleloop.xls");
    let memory = ReadLimits {
        memory_bytes: 256 * 1024 * 1024,
        ..limits.clone()
    };
    let message = read_workbook(&oleloop, &child(), &memory).unwrap_err();
    assert!(
        message.starts_with("needs more than 256 MB of memory to read and was abandoned"),
        "{message}"
    );
    // A file that takes longer than allowed: abandoned at the deadline (the looping file
    // again, with room to loop for about ten seconds).
    let time = ReadLimits {
        timeout: Duration::from_millis(500),
        memory_bytes: 8 * 1024 * 1024 * 1024,
        ..limits
    };
    let started = Instant::now();
    let message = read_workbook(&oleloop, &child(), &time).unwrap_err();
    assert!(
        message.starts_with("took longer than 0.5 seconds to read and was abandoned"),
        "{message}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// Reading processes read file after file: one that runs out of memory or time on a file is
/// replaced, and that file alone fails; the files before and after it are read.
#[test]
fn a_hostile_file_among_many_fails_alone_and_the_reading_goes_on() {
    let good = corpus("sheetjs__1904.xlsx");
    let oleloop = corpus("phpss__oleloop.xls");
    let empty = corpus("gen__zero_bytes.xlsx");
    let mut files = vec![good.clone(); 6];
    files.insert(2, oleloop.clone());
    files.insert(5, empty);
    files.insert(7, oleloop);
    let expect = |results: &[Result<_, String>], failure: &str| {
        for (i, r) in results.iter().enumerate() {
            match i {
                2 | 7 => assert!(
                    r.as_ref().is_err_and(|m| m.starts_with(failure)),
                    "file {i}: {:?}",
                    r.as_ref().err()
                ),
                5 => assert!(r
                    .as_ref()
                    .is_err_and(|m| m.starts_with("is empty (0 bytes)"))),
                _ => assert!(r.is_ok(), "file {i}: {:?}", r.as_ref().err()),
            }
        }
    };
    let memory = ReadLimits {
        memory_bytes: 256 * 1024 * 1024,
        ..ReadLimits::default()
    };
    expect(
        &read_workbooks(&files, &child(), &memory, u64::MAX),
        "needs more than 256 MB of memory to read",
    );
    let time = ReadLimits {
        timeout: Duration::from_millis(500),
        memory_bytes: 8 * 1024 * 1024 * 1024,
        ..ReadLimits::default()
    };
    let started = Instant::now();
    expect(
        &read_workbooks(&files, &child(), &time, u64::MAX),
        "took longer than 0.5 seconds to read",
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// A big xlsx file is read in two halves by two reading processes at once: put together,
/// they are what one process reads of the whole file; a damaged one fails as it does whole.
#[test]
fn a_big_workbook_read_in_two_halves_is_read_as_a_whole() {
    let wd = Workdir::new("halves");
    let path = wd.path("workbooks/big.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name("Casualties").unwrap();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    ws.merge_range(0, 0, 0, 2, "Casualties, all years", &bold)
        .unwrap();
    ws.write_string(1, 0, "Incident").unwrap();
    ws.write_string(1, 1, "Killed").unwrap();
    ws.write_string(1, 2, "Note").unwrap();
    for r in 2..25_002u32 {
        ws.write_string(r, 0, format!("C-{r:06}")).unwrap();
        ws.write_number(r, 1, (r % 7) as f64).unwrap();
        if r % 3 == 0 {
            ws.write_string(r, 2, "row <row r=\"5\"> in a text")
                .unwrap();
        }
    }
    ws.merge_range(25_010, 0, 25_010, 2, "End", &bold).unwrap();
    book.add_worksheet()
        .set_name("Notes")
        .unwrap()
        .write_string(0, 0, "small")
        .unwrap();
    book.save(&path).unwrap();

    let whole = read_workbook(&path, &Isolation::InProcess, &ReadLimits::default()).unwrap();
    let halves = read_workbooks(
        std::slice::from_ref(&path),
        &child(),
        &ReadLimits::default(),
        0,
    );
    let halves = halves[0].as_ref().unwrap();
    assert_eq!(halves, &whole);
    assert_eq!(
        whole.sheets[0].cells.len(),
        1 + 3 + 25_000 * 2 + 25_000 / 3 + 1
    );
    assert_eq!(whole.sheets[0].merges.len(), 2);
    // Each process read half the rows: the second starts at the middle of the dimension.
    let second = Part { index: 1, count: 2 };
    let second = read_workbook_part(&path, &child(), &ReadLimits::default(), second).unwrap();
    let rows: Vec<u32> = second.sheets[0].cells.iter().map(|c| c.row).collect();
    assert_eq!(rows.first(), Some(&(25_011 / 2)));
    assert!(second.sheets[1].cells.is_empty());

    // The limits hold for the file: its cells are counted together (each half holds fewer
    // than the limit, the file more), and a half out of time fails the file.
    let cells = ReadLimits {
        max_cells: 40_000,
        ..ReadLimits::default()
    };
    let halves = read_workbooks(std::slice::from_ref(&path), &child(), &cells, 0);
    assert!(
        halves[0]
            .as_ref()
            .is_err_and(|m| m.starts_with("has more than 40,000 filled cells")),
        "{:?}",
        halves[0].as_ref().err()
    );
    let time = ReadLimits {
        timeout: Duration::from_millis(1),
        ..ReadLimits::default()
    };
    let halves = read_workbooks(std::slice::from_ref(&path), &child(), &time, 0);
    assert!(halves[0]
        .as_ref()
        .is_err_and(|m| m.starts_with("took longer than")));

    // Cut short: the halves fail or differ, and the file is read whole, as it fails whole.
    let bytes = std::fs::read(&path).unwrap();
    let cut = wd.path("workbooks/cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let whole = read_workbook(&cut, &child(), &ReadLimits::default());
    let halves = read_workbooks(&[cut], &child(), &ReadLimits::default(), 0);
    assert_eq!(halves[0], whole);
}

#[test]
fn wrong_extensions_are_read_for_what_the_file_is_and_said_so() {
    let wd = Workdir::new("extensions");
    let states = vec![vec![C::T("State")], vec![C::T("Chile")]];
    wd.book("workbooks/renamed.xls")
        .sheet("States", &states)
        .save();
    wd.book("workbooks/renamed.ods")
        .sheet("Meetings", &states)
        .save();
    wd.book("workbooks/upper.XLSX")
        .sheet("Other", &states)
        .save();
    wd.write("workbooks/export.csv", "State\nChile\n");
    let run = wd.run_within(&["check"], Duration::from_secs(60));
    let p = run.problems();
    let has = |s: &str| p.iter().any(|l| l == s);
    assert!(has("warning: workbooks/renamed.xls: the file is really an Excel workbook (.xlsx) although its name ends in .xls; it was read as such (rename it to avoid confusion)"), "{p:#?}");
    assert!(has("warning: workbooks/renamed.ods: the file is really an Excel workbook (.xlsx) although its name ends in .ods; it was read as such (rename it to avoid confusion)"), "{p:#?}");
    assert!(!p.iter().any(|l| l.contains("upper.XLSX")), "{p:#?}");
    assert!(has("warning: workbooks/export.csv: the file is not read: actionplan reads only workbooks saved as .xlsx, .xlsm, .xls, .xlsb or .ods"), "{p:#?}");
    assert!(
        run.stderr.contains("Checked three workbooks"),
        "{}",
        run.stderr
    );
    // Only a CSV: nothing to build, and the message says why.
    let only = Workdir::new("extensions-csv");
    only.write("workbooks/states.csv", "State\nChile\n");
    let run = only.run_within(&["build"], Duration::from_secs(60));
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("error: there are no workbooks in workbooks/ (expected .xlsx, .xlsm, .xls, .xlsb or .ods files); workbooks/states.csv cannot be read as such: open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"), "{}", run.stderr);
}
