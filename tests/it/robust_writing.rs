//! One value must never cost the whole output (issue 10): a value that an output cannot hold
//! as it is (a text longer than a cell, a chart with nothing to draw, a sheet name Excel would
//! refuse, a control character, more rows or columns than a sheet holds, a chart title that
//! Excel would read as a formula, text that would become Markdown or HTML) is written in the
//! nearest form it can take, with a warning that says where it came from and where it went,
//! and every output is written and opens. Each test failed before the change it covers (the
//! build stopped with status 2 and wrote nothing, or wrote a file that clients refuse, or
//! wrote the markup); docs/robustness.md lists them. The last test throws hostile text, names
//! and sizes at every output, a bounded number of times.

use crate::package_xml::{broken_parts, part, word_text};
use crate::support::{dictionary, put, Run, SmallProject, Workdir, C};
use calamine::{open_workbook_auto, Reader};

/// The mark at the end of a text cut to what a cell holds.
fn cut_mark(chars: usize) -> String {
    let mut n = chars.to_string();
    let mut i = n.len();
    while i > 3 {
        i -= 3;
        n.insert(i, ',');
    }
    format!(" […cut: {n} characters in all]")
}

/// The four outputs are there, and every package opens: calamine reads every sheet of the
/// workbook, and every XML part of both packages is well-formed.
fn all_outputs_open(wd: &Workdir) {
    for f in [
        "consolidated.xlsx",
        "report.md",
        "report.html",
        "report.docx",
    ] {
        assert!(wd.path("out").join(f).exists(), "out/{f} was not written");
    }
    let xlsx = wd.path("out/consolidated.xlsx");
    let mut book = open_workbook_auto(&xlsx).expect("consolidated.xlsx opens");
    for name in book.sheet_names() {
        book.worksheet_range(&name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    }
    for package in ["out/consolidated.xlsx", "out/report.docx"] {
        let broken = broken_parts(&wd.path(package));
        assert!(broken.is_empty(), "{package}: {broken:?}");
    }
}

/// The warnings the build printed, first lines only.
fn warnings(run: &Run) -> Vec<String> {
    run.problems()
        .into_iter()
        .filter(|l| l.starts_with("warning: "))
        .collect()
}

fn sheets(wd: &Workdir) -> Vec<String> {
    open_workbook_auto(wd.path("out/consolidated.xlsx"))
        .unwrap()
        .sheet_names()
}

/// Every cell of a sheet, as text.
fn cells(wd: &Workdir, sheet: &str) -> Vec<String> {
    wd.sheet_text("out/consolidated.xlsx", sheet).concat()
}

#[test]
fn texts_longer_than_a_cell_are_cut_with_a_mark_and_a_warning_and_everything_is_written() {
    let wd = Workdir::new("writing-long-texts");
    dictionary(
        &wd,
        &[
            ("States", "States list", "State"),
            ("Notes", "data", "Note A, Note B"),
        ],
        &[
            ("States", "State", "text", true, ""),
            ("Notes", "State", "State", true, ""),
            ("Notes", "Note A", "text", true, ""),
            ("Notes", "Note B", "text", true, ""),
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![C::T("State")],
                vec![C::T("Norway")],
                vec![C::T("Chile")],
            ],
        )
        .save();
    // A coordinator's long note, in two cells of 20,000 characters each, entered twice: the
    // Audit sheet's record of the row, and the message about the repeated key, are 40,000 long.
    let (a, b) = ("a".repeat(20_000), "b".repeat(20_000));
    let note = vec![C::T("Norway"), C::S(a.clone()), C::S(b.clone())];
    wd.book("workbooks/notes.xlsx")
        .sheet(
            "Notes",
            &[
                vec![C::T("State"), C::T("Note A"), C::T("Note B")],
                note.clone(),
                note,
            ],
        )
        .save();
    wd.write(
        "plugins/01_long.lua",
        r#"return { number = 1, title = "Long texts", reads = { "Notes" }, run = function()
  local notes = sheet("Notes")
  figure{ name = "notes", value = #notes, rows = notes, label = string.rep("L", 40000) }
  paragraph(string.rep("p", 40000))
  add_table{ title = "A long cell", columns = { "Text" }, rows = { { string.rep("c", 40000) } } }
  add_chart{ title = "A long category", categories = { string.rep("k", 40000) },
             series = { { name = "Notes", values = { 1 } } } }
end }"#,
    );
    wd.write(
        "plugins/02_failing.lua",
        r#"return { number = 2, title = "Failing", run = function()
  error(string.rep("e", 40000), 0)
end }"#,
    );
    let run = wd.run(&["build"]);
    // The repeated note and the failing plugin are errors; the outputs are written all the same.
    assert_eq!(run.status, 1, "{}", run.stderr);
    all_outputs_open(&wd);
    let cell = "more than an Excel cell holds (32,767)";
    assert_eq!(
        warnings(&run),
        [
            format!("warning: plugins/01_long.lua: the label of the figure notes of section 1 (Long texts) has 40,000 characters, {cell}: sheet Summary, cell D5 shows its beginning, marked as cut"),
            format!("warning: plugins/01_long.lua: a cell of the figures of section 1 (Long texts) has 40,000 characters, {cell}: sheet 1 Long texts, cell A6 shows its beginning, marked as cut"),
            format!("warning: plugins/01_long.lua: a cell of the table \"A long cell\" of section 1 (Long texts) has 40,000 characters, {cell}: sheet 1 Long texts, cell A10 shows its beginning, marked as cut"),
            format!("warning: plugins/01_long.lua: a cell of the chart \"A long category\" of section 1 (Long texts) has 40,000 characters, {cell}: sheet 1 Long texts, cell A14 shows its beginning, marked as cut"),
            format!("warning: plugins/01_long.lua: a text of section 1 (Long texts) has 40,000 characters, {cell}: sheet 1 Long texts, cell A3 shows its beginning, marked as cut"),
            format!("warning: plugins/01_long.lua: the label of the figure notes has 40,000 characters, {cell}: sheet Audit, cell C2 shows its beginning, marked as cut"),
            format!("warning: workbooks/notes.xlsx, sheet Notes, row 2: a record behind the figure notes has 40,033 characters, {cell}: sheet Audit, cell H2 shows its beginning, marked as cut"),
            format!("warning: workbooks/notes.xlsx, sheet Notes, cell B3: the text of a problem has 40,103 characters, {cell}: the Problems sheet, cell E2 shows its beginning, marked as cut"),
            format!("warning: workbooks/notes.xlsx, sheet Notes, cell B3: the value found, in a problem has 40,002 characters, {cell}: the Problems sheet, cell F2 shows its beginning, marked as cut"),
        ]
    );
    // Each cut cell holds the text's beginning and the mark, within the limit.
    let long = cells(&wd, "1 Long texts");
    // paragraph() capitalizes its text.
    let paragraph = long.iter().find(|c| c.starts_with("Ppp")).unwrap();
    assert!(paragraph.ends_with(&cut_mark(40_000)));
    assert!(paragraph.encode_utf16().count() <= 32_767);
    assert!(long
        .iter()
        .any(|c| c.starts_with("ccc") && c.ends_with(&cut_mark(40_000))));
    assert!(long
        .iter()
        .any(|c| c.starts_with("kkk") && c.ends_with(&cut_mark(40_000))));
    let audit = cells(&wd, "Audit");
    assert!(audit
        .iter()
        .any(|c| c.starts_with("State: Norway; Note A: aaa") && c.ends_with(&cut_mark(40_033))));
    // A failing plugin's message is cut before it reaches any output (sections/failure.rs),
    // to what a cell holds and more: no warning of a cell is needed for it.
    let problems = wd.problem_rows();
    assert!(problems.iter().any(
        |r| r[4].starts_with("section 2 (Failing) was not produced: eee")
            && r[4].ends_with("(the rest is left out: the message is 40,000 characters long)")
    ));
    // The message about the repeated note quotes it: its end, cut, is in the terminal.
    assert!(problems
        .iter()
        .any(|r| r[4].starts_with("\"aaaa") && r[4].ends_with(&cut_mark(40_103))));
    assert!(
        run.stderr.contains("\" appears twice (also in B2)"),
        "{}",
        &run.stderr[..300]
    );
    // The documents have every text whole.
    let md = wd.read("out/report.md");
    assert!(md.contains(&format!("\nP{}\n", "p".repeat(39_999))));
    assert!(md.contains(&"c".repeat(40_000)) && md.contains(&"k".repeat(40_000)));
    assert!(run.stderr.contains(
        "Wrote out/consolidated.xlsx, out/report.md, out/report.html and out/report.docx."
    ));
}

#[test]
fn a_chart_with_no_categories_is_a_note_and_a_warning() {
    // The start of a reporting cycle: cooperation.xlsx holds its titles and headers, no rows.
    // Section 9 then gives no chart of its own; a section that charts the channels whatever
    // there are (as section 9 once did) gets a chart with no categories.
    let wd = Workdir::default_project("writing-empty-chart");
    wd.write(
        "plugins/15_channels.lua",
        r#"return { number = 15, title = "Channels", reads = { "Cooperation" }, run = function()
  local categories, counts = {}, {}
  for _, group in ipairs(sheet("Cooperation"):group("Channel")) do
    categories[#categories + 1] = group.key
    counts[#counts + 1] = group.count
  end
  add_chart{ title = "Contributions by channel", type = "bar", categories = categories,
             series = { { name = "Contributions", values = counts } } }
end }
"#,
    );
    let source = crate::support::repo().join("workbooks/cooperation.xlsx");
    let mut book = wd.book("workbooks/cooperation.xlsx");
    for name in open_workbook_auto(&source).unwrap().sheet_names() {
        let rows = crate::support::sheet_text(&source, &name);
        let header = rows
            .iter()
            .position(|r| r.iter().filter(|c| !c.is_empty()).count() >= 2)
            .unwrap();
        let kept: Vec<Vec<C>> = rows[..=header]
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| if c.is_empty() { C::E } else { C::S(c.clone()) })
                    .collect()
            })
            .collect();
        book = book.custom(&name, |ws| put(ws, 0, 0, &kept));
    }
    book.save();
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    all_outputs_open(&wd);
    assert_eq!(
        run.problems(),
        [
            "warning: plugins/15_channels.lua: the chart \"Contributions by channel\" of section 15 (Channels) has no categories, so there is nothing to draw: the outputs say so where the chart would be",
            "  hint: the chart appears once its sheet has rows",
        ]
    );
    let sheet = cells(&wd, "15 Channels");
    let at = sheet
        .iter()
        .position(|c| c == "Contributions by channel")
        .unwrap();
    assert_eq!(
        sheet[at + 1],
        "No data yet: this chart has no categories (its sheet has no rows)."
    );
    let md = wd.read("out/report.md");
    assert!(md.contains("**Figure 15.1. Contributions by channel**\n\n*No data yet: this chart has no categories.*\n"));
    assert!(wd.read("out/report.html").contains("<figcaption>Figure 15.1. Contributions by channel</figcaption>\n<p class=\"note\">No data yet: this chart has no categories.</p>"));
    let word = word_text(&part(&wd.path("out/report.docx"), "word/document.xml"));
    let at = word
        .paragraphs
        .iter()
        .position(|p| p == "Figure 15.1. Contributions by channel")
        .unwrap();
    assert_eq!(
        word.paragraphs[at + 1],
        "No data yet: this chart has no categories."
    );
}

#[test]
fn sheet_names_and_texts_that_excel_would_refuse_are_mended() {
    let wd = SmallProject::new()
        .without_section()
        .create("writing-names");
    // Extra sheets of a coordinator's workbook, fine in Excel, become Data sheets: prefixed
    // with "Data " and cut to 31 units, one would end in an apostrophe, another split an
    // emoji (two UTF-16 units).
    let table = |title: &'static str| {
        vec![
            vec![C::T(title), C::T("Note")],
            vec![C::T("Norway"), C::T("x")],
        ]
    };
    wd.book("workbooks/extra.xlsx")
        .sheet("Victims and the families' needs", &table("State"))
        .sheet("Données 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", &table("State"))
        .sheet("History", &table("State"))
        .save();
    // A control character in a section's title, a table's header and cells, and a chart.
    wd.write(
        "plugins/01_controls.lua",
        "return { number = 1, title = \"Clearance\\7 of areas\", run = function()\n  paragraph(\"Bell\\7 and form feed\\12 in a paragraph.\")\n  add_table{ title = \"Odd\\1 table\", columns = { \"Head\\2er\", \"Count\" }, rows = { { \"Cell\\27 text\", 1 } } }\n  add_chart{ title = \"Chart\\3\", categories = { \"Cat\\4egory\" }, series = { { name = \"Se\\5ries\", values = { 1 } } } }\nend }",
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    all_outputs_open(&wd);
    assert_eq!(
        sheets(&wd),
        [
            "Contents",
            "Summary",
            "1 Clearance of areas",
            "Audit",
            "Problems",
            "Data Victims and the families",
            // Cut between characters, never within one (an emoji is two UTF-16 units).
            "Data Données 🙂🙂🙂🙂🙂🙂🙂🙂🙂",
            "Data History",
            "Data States",
        ]
    );
    assert!(sheets(&wd).iter().all(|n| n.encode_utf16().count() <= 31));
    let unlisted = |s: &str| {
        format!("warning: workbooks/extra.xlsx, sheet {s}: the sheet \"{s}\" is not in the dictionary; its columns were loaded with the types found")
    };
    assert_eq!(
        warnings(&run),
        [
            unlisted("Victims and the families' needs"),
            unlisted("Données 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"),
            unlisted("History"),
            "warning: plugins/01_controls.lua: the title of section 1 (Clearance of areas) holds control characters (invisible codes such as a form feed), which the outputs cannot hold: they were left out".into(),
            "warning: plugins/01_controls.lua: text block 1 of section 1 (Clearance of areas) holds control characters (invisible codes such as a form feed), which the outputs cannot hold: they were left out".into(),
            "warning: plugins/01_controls.lua: the table \"Odd table\" of section 1 (Clearance of areas) holds control characters (invisible codes such as a form feed), which the outputs cannot hold: they were left out".into(),
            "warning: plugins/01_controls.lua: the chart \"Chart\" of section 1 (Clearance of areas) holds control characters (invisible codes such as a form feed), which the outputs cannot hold: they were left out".into(),
        ]
    );
    let sheet = cells(&wd, "1 Clearance of areas");
    assert_eq!(sheet[0], "1. Clearance of areas");
    assert!(sheet.contains(&"Bell and form feed in a paragraph.".to_string()));
    assert!(sheet.contains(&"Header".to_string()) && sheet.contains(&"Cell text".to_string()));
    assert!(sheet.contains(&"Category".to_string()) && sheet.contains(&"Series".to_string()));
    let md = wd.read("out/report.md");
    assert!(md.contains("## 1. Clearance of areas\n\nBell and form feed in a paragraph.\n"));
    assert!(!md.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn more_rows_or_columns_than_a_sheet_holds_continue_on_further_sheets_or_are_cut() {
    let wd = Workdir::new("writing-sizes");
    let dates = ["Signed", "Deposited", "In force"];
    let mut columns = vec![("States", "State", "text", true, "")];
    columns.extend(dates.map(|d| ("States", d, "date", false, "")));
    dictionary(&wd, &[("States", "States list", "State")], &columns);
    // 45 States, with three dates that are not dates on each: many problems.
    let mut rows = vec![vec![
        C::T("State"),
        C::T("Signed"),
        C::T("Deposited"),
        C::T("In force"),
    ]];
    for i in 0..45 {
        rows.push(vec![
            C::S(format!("State {i:02}")),
            C::T("soon"),
            C::T("soon"),
            C::T("soon"),
        ]);
    }
    wd.book("workbooks/states.xlsx")
        .sheet("States", &rows)
        .save();
    wd.write(
        "plugins/01_sizes.lua",
        r#"return { number = 1, title = "Sizes", reads = { "States" }, run = function()
  local states = sheet("States")
  figure{ name = "states", value = #states, rows = states, label = "States listed" }
  add_table{ title = "Long", columns = { "State" }, from = states }
  local columns, row = {}, {}
  for i = 1, 16400 do columns[i] = "C" .. i; row[i] = i end
  add_table{ title = "Wide", columns = columns, rows = { row } }
end }"#,
    );
    // A sheet of 20 rows stands for Excel's 1,048,576.
    let mut cmd = wd.command(&["build"]);
    cmd.env("ACTIONPLAN_TEST_SHEET_ROWS", "20");
    let run: Run = cmd.output().unwrap().into();
    assert_eq!(run.status, 1, "{}", run.stderr);
    all_outputs_open(&wd);
    assert_eq!(
        sheets(&wd),
        [
            "Contents",
            "Summary",
            "1 Sizes",
            "Audit",
            "Audit (2)",
            "Audit (3)",
            "Problems",
            "Problems (2)",
            "Data States",
            "Data States (2)",
            "Data States (3)",
        ]
    );
    // The checks list the columns' overflow in no fixed order: compared sorted.
    let mut got = warnings(&run);
    got.sort();
    let more = |c: &str, name: &str| {
        format!("warning: workbooks/states.xlsx, sheet States, column {c}: 35 more cells in column \"{name}\" have problems like those above; fix the first ones and check again")
    };
    let mut expected: Vec<String> = vec![
            more("B", "Signed"),
            more("C", "Deposited"),
            more("D", "In force"),
            "warning: workbooks/states.xlsx, sheet States: the sheet States has 45 rows, more than one sheet holds (20): they continue on sheets Data States, Data States (2) and Data States (3)".into(),
            "warning: plugins/01_sizes.lua: the table \"Long\" of section 1 (Sizes) has 45 rows, more than the rest of the sheet holds: sheet 1 Sizes shows the first 10".into(),
            "warning: plugins/01_sizes.lua: the table \"Wide\" of section 1 (Sizes) has 16,400 columns, more than a sheet holds (16,384): sheet 1 Sizes shows the first 16,384".into(),
            "warning: plugins/01_sizes.lua: the table \"Wide\" of section 1 (Sizes) has one row, more than the rest of the sheet holds: sheet 1 Sizes shows none of them".into(),
            "warning: plugins/: the list of the rows behind the figures has 45 rows, more than one sheet holds (20): they continue on sheets Audit, Audit (2) and Audit (3)".into(),
        ];
    expected.sort();
    assert_eq!(got, expected);
    // Every row is somewhere, each sheet with its header.
    let data: Vec<Vec<String>> = ["Data States", "Data States (2)", "Data States (3)"]
        .iter()
        .flat_map(|s| {
            let rows = wd.sheet_text("out/consolidated.xlsx", s);
            assert_eq!(
                rows[0][..4],
                ["Source workbook", "Source sheet", "Source row", "State"]
            );
            rows[1..].to_vec()
        })
        .collect();
    assert_eq!(data.len(), 45);
    assert_eq!(data[44][3], "State 44");
    let problems: usize = ["Problems", "Problems (2)"]
        .iter()
        .map(|s| wd.sheet_text("out/consolidated.xlsx", s).len() - 1)
        .sum();
    // 30 cells (ten a column), three lines for the rest, and the eight warnings above.
    assert_eq!(problems, 30 + 3 + 5);
}

#[test]
fn a_chart_title_that_looks_like_a_formula_stays_text() {
    let wd = SmallProject::new()
        .without_section()
        .create("writing-formula-title");
    wd.write(
        "plugins/01_formulas.lua",
        r#"return { number = 1, title = "Formulas", run = function()
  add_chart{ title = "=SUM(A1:A2)", x_title = "=HYPERLINK(\"x\")", y_title = "Sheet1!A1",
             categories = { "=1+1", "b" }, series = { { name = "=A1", values = { 1, 2 } } } }
end }"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    all_outputs_open(&wd);
    assert_eq!(
        warnings(&run),
        [
            "warning: plugins/: the chart \"=SUM(A1:A2)\" of section 1 (Formulas), its axis title: \"=HYPERLINK(\"x\")\" would be read by Excel as a cell reference, so the chart shows \"＝HYPERLINK(\"x\")\"",
            "warning: plugins/: the chart \"=SUM(A1:A2)\" of section 1 (Formulas), its axis title: \"Sheet1!A1\" would be read by Excel as a cell reference, so the chart shows \"Sheet1ǃA1\"",
        ]
    );
    // The title is the text of the cell above the chart's table, which holds it as text.
    let sheet = wd.sheet_text("out/consolidated.xlsx", "1 Formulas");
    assert_eq!(sheet[2], ["=SUM(A1:A2)"]);
    let chart = part(&wd.path("out/consolidated.xlsx"), "xl/charts/chart1.xml");
    assert!(chart.contains("<c:f>'1 Formulas'!$A$3</c:f>"), "{chart}");
    assert!(!chart.contains("<c:f>SUM"));
}

#[test]
fn text_from_cells_and_plugins_cannot_become_markup_in_the_documents() {
    let wd = SmallProject::new()
        .without_section()
        .create("writing-markup");
    wd.write(
        "plugins/01_markup.lua",
        r#"return { number = 1, title = "Markup", reads = { "States" }, run = function()
  paragraph("<img src=x onerror=alert(1)>")
  paragraph("[click here](javascript:alert(1))")
  paragraph("One line.\n# A forged heading\n- a forged item")
  bullets({ "<b>bold</b>", "1. not a list" })
  add_table{ title = "<script>alert(1)</script>", columns = { "Name|pipe" },
             rows = { { "[x](javascript:alert(1))" }, { "a\7b" } } }
end }"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    all_outputs_open(&wd);
    let md = wd.read("out/report.md");
    assert_eq!(
        md,
        "# Progress report\n\n## 1. Markup\n\n\\<img src=x onerror=alert(1)\\>\n\n\\[click here\\](javascript:alert(1))\n\nOne line. # A forged heading - a forged item\n\n- \\<b\\>bold\\</b\\>\n- 1\\. not a list\n\n**Table 1.1. \\<script\\>alert(1)\\</script\\>**\n\n| Name\\|pipe |\n|---|\n| \\[x\\](javascript:alert(1)) |\n| ab |\n"
    );
    let html = wd.read("out/report.html");
    assert!(html.contains("<p>&lt;img src=x onerror=alert(1)&gt;</p>"));
    assert!(html.contains("<caption>Table 1.1. &lt;script&gt;alert(1)&lt;/script&gt;</caption>"));
    assert!(!html.contains("<img") && !html.contains("<script") && !html.contains("href="));
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
    );
    let word = word_text(&part(&wd.path("out/report.docx"), "word/document.xml"));
    assert!(word
        .paragraphs
        .contains(&"<img src=x onerror=alert(1)>".to_string()));
    assert_eq!(word.tables[0][2], ["ab"]);
}

/// A small generator of numbers (xorshift), seeded: a failing round can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A hostile text: pieces that break XML, Excel, Markdown or HTML, run together.
    fn text(&mut self) -> String {
        const PIECES: [&str; 24] = [
            "=SUM(A1:A2)",
            "Sheet1!A1",
            "<script>alert(1)</script>",
            "&amp;",
            "\u{7}",
            "\u{0}",
            "\u{1F}",
            "\r\n",
            "\n# heading",
            "'",
            "[x](javascript:alert(1))",
            "*",
            "_",
            "|",
            "🙂",
            "مرحبا",
            "\u{FFFF}",
            "  ",
            "History",
            "1. ",
            "&#7;",
            "]]>",
            "\"",
            "\t",
        ];
        let mut out = String::new();
        for _ in 0..1 + self.below(5) {
            out.push_str(PIECES[self.below(PIECES.len())]);
            out.push_str(["", " ", "word"][self.below(3)]);
        }
        // Now and then, longer than a cell holds.
        if self.below(12) == 0 {
            out.push_str(&"long ".repeat(7_000));
        }
        out
    }

    /// A sheet name that Excel and the test's own writer accept, from hostile pieces.
    fn sheet_name(&mut self) -> String {
        const PIECES: [&str; 8] = [
            "Notes", "States'", "🙂🙂", "Données", "x", "'s view", "History", "é",
        ];
        let mut name = String::new();
        for _ in 0..1 + self.below(6) {
            let piece = PIECES[self.below(PIECES.len())];
            if name.encode_utf16().count() + piece.encode_utf16().count() + 1 > 31 {
                break;
            }
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(piece);
        }
        name.trim_matches('\'').to_string()
    }
}

/// `s` as a Lua string literal: every byte that is not a letter or digit as a decimal escape.
fn lua(s: &str) -> String {
    let mut out = String::from("\"");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b' ' {
            out.push(b as char);
        } else {
            out.push_str(&format!("\\{b:03}"));
        }
    }
    out.push('"');
    out
}

#[test]
fn hostile_text_names_and_sizes_never_give_a_file_that_a_client_cannot_open() {
    for round in 0..8u64 {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (round + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let wd = SmallProject::new()
            .without_section()
            .create(&format!("writing-hostile-{round}"));
        // A coordinator's extra sheet: a hostile name, header and cells.
        let name = rng.sheet_name();
        let header: Vec<C> = (0..3)
            .map(|_| C::S(rng.text().chars().take(200).collect()))
            .collect();
        let row: Vec<C> = (0..3)
            .map(|_| C::S(rng.text().chars().take(30_000).collect()))
            .collect();
        if !name.is_empty() {
            wd.book("workbooks/extra.xlsx")
                .sheet(&name, &[header, row])
                .save();
        }
        let mut t = |_: ()| lua(&rng.text());
        let plugin = format!(
            "return {{ number = {n}, title = {title}, sheet = {sheet}, reads = {{ \"States\" }}, run = function()\n\
             paragraph({p})\n\
             heading({h})\n\
             bullets({{ {b1}, {b2} }})\n\
             challenge({c})\n\
             question({q})\n\
             figure{{ name = \"f\", value = {v}, label = {l}, rows = sheet(\"States\") }}\n\
             add_table{{ title = {tt}, columns = {{ {c1}, {c2}, {c1} }}, rows = {{ {{ {x1}, 1, {x2} }}, {{ {x3}, 2.5, 3 }} }} }}\n\
             add_table{{ title = {tt2}, columns = {{ {c3} }}, rows = {{ {{ {x4} }} }}, workbook_only = true }}\n\
             add_chart{{ title = {ct}, type = {ty}, categories = {{ {k1}, {k2} }}, x_title = {xt}, y_title = {yt}, note = {note},\n\
                         series = {{ {{ name = {sn}, values = {{ nil, 1 }} }}, {{ name = {sn2}, values = {{ -2, 3 }} }} }} }}\n\
             add_chart{{ title = {ct2}, categories = {{}}, series = {{ {{ name = {sn}, values = {{}} }} }} }}\n\
             end }}",
            n = 1 + round,
            title = t(()),
            sheet = t(()),
            p = t(()),
            h = t(()),
            b1 = t(()),
            b2 = t(()),
            c = t(()),
            q = t(()),
            v = t(()),
            l = t(()),
            tt = t(()),
            c1 = t(()),
            c2 = t(()),
            x1 = t(()),
            x2 = t(()),
            x3 = t(()),
            tt2 = t(()),
            c3 = t(()),
            x4 = t(()),
            ct = t(()),
            ty = ["\"column\"", "\"bar\"", "\"line\"", "\"pie\""][(round % 4) as usize],
            k1 = t(()),
            k2 = t(()),
            xt = t(()),
            yt = t(()),
            note = t(()),
            sn = t(()),
            sn2 = t(()),
            ct2 = t(()),
        );
        wd.write("plugins/01_hostile.lua", &plugin);
        let run = wd.run(&["build"]);
        assert!(
            run.status == 0 || run.status == 1,
            "round {round}: status {}\n{}",
            run.status,
            run.stderr
        );
        assert!(
            !run.stderr.contains("was not produced"),
            "round {round}: the plugin failed:\n{}",
            run.stderr
        );
        all_outputs_open(&wd);
        for doc in ["out/report.md", "out/report.html"] {
            let text = wd.read(doc);
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "round {round}: {doc} holds a control character"
            );
            // Markdown shows "\\<script" as text; only a bare one would be markup.
            let bare = text
                .match_indices("<script")
                .any(|(i, _)| !text[..i].ends_with('\\'));
            assert!(!bare, "round {round}: {doc} holds a script");
        }
    }
}

/// The cargo-fuzz target `outputs` (fuzz/), bounded: reports made from seeded bytes, written
/// through the library, every output checked as the target checks it.
#[test]
fn the_outputs_fuzz_target_holds_for_a_bounded_number_of_cases() {
    let dir = Workdir::new("writing-fuzz-outputs").path("out");
    let mut rng = Rng(0xA076_1D64_78BD_642F);
    for _ in 0..60 {
        let len = rng.below(600);
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        actionplan::testing::outputs(&dir, &data);
    }
}
