//! Values about each State (`track`): the States sheet of consolidated.xlsx read back (layout,
//! order, statuses and their colours, notes, filter, frozen headings, page setup, the cap on
//! notes), the mistakes a plugin can make with `track`, and `explain` for a State, one of its
//! values, a cell of the States sheet and a cell of a section's sheet, with exact outputs.

use std::io::Read;
use std::path::Path;

use crate::support::{dictionary, sheet_text, xlsx, Workdir, C};
use calamine::{open_workbook_auto, Reader};

/// Five States (three Parties, a signatory and a State not party), two reports, and two
/// sections that track values: standing and entry into force (1), the initial report's due
/// date and status (2). Statuses are worked out as of 12 September 2011.
fn project(wd: &Workdir) {
    dictionary(
        wd,
        &[("States", "States list", "State"), ("Reports", "", "")],
        &[
            ("States", "State", "text", true, ""),
            ("States", "Signed", "date", false, ""),
            ("States", "Deposited", "date", false, ""),
            ("States", "Aliases", "text", false, ""),
            ("Reports", "State", "State", true, ""),
            ("Reports", "Received", "date", false, ""),
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet(
            "States",
            &[
                vec![
                    C::T("State"),
                    C::T("Signed"),
                    C::T("Deposited"),
                    C::T("Aliases"),
                ],
                vec![C::T("Norway"), C::D(2008, 12, 3), C::D(2008, 12, 3), C::E],
                vec![C::T("Canada"), C::D(2008, 12, 3), C::E, C::E],
                vec![C::T("Chile"), C::D(2008, 12, 3), C::D(2010, 12, 16), C::E],
                vec![
                    C::T("Lao People's Democratic Republic"),
                    C::D(2008, 12, 3),
                    C::D(2009, 3, 18),
                    C::T("Lao PDR; Laos"),
                ],
                vec![C::T("Thailand"), C::E, C::E, C::E],
            ],
        )
        .save();
    wd.book("workbooks/reports.xlsx")
        .sheet(
            "Reports",
            &[
                vec![C::T("State"), C::T("Received")],
                vec![C::T("Norway"), C::D(2011, 1, 20)],
                vec![C::T("Lao PDR"), C::D(2011, 3, 1)],
            ],
        )
        .save();
    wd.write(
        "plugins/lib/rules.lua",
        r#"local rules = {}
function rules.entry_into_force(deposited)
  local eif = deposited:start_of_month():add_months(6)
  if eif < date(2010, 8, 1) then return date(2010, 8, 1) end
  return eif
end
return rules
"#,
    );
    wd.write(
        "plugins/01_membership.lua",
        r#"local rules = require("rules")
return { number = 1, title = "Membership", reads = { "States" }, run = function()
  for s in sheet("States"):rows() do
    local standing, order = "Not a signatory", 3
    if s.Deposited ~= nil then standing, order = "State Party", 1
    elseif s.Signed ~= nil then standing, order = "Signatory", 2 end
    -- Standing: States Parties first, then signatories, then the others.
    track{ state = s.State, name = "standing", label = "Standing", value = standing, order = order, rows = s }
    if s.Deposited ~= nil then
      -- Entry into force (Article 17).
      track{ state = s.State, name = "eif", label = "Entry into force", value = rules.entry_into_force(s.Deposited), rows = s }
    end
  end
  local parties = sheet("States"):where("Deposited", "~=", nil)
  figure{ name = "parties", value = #parties, label = "States Parties", rows = parties }
  figure{ name = "chile", value = 1, label = "A figure named like a State" }
  paragraph("%s had joined.", count(#parties, "State"))
end }
"#,
    );
    wd.write(
        "plugins/02_reports.lua",
        r#"local rules = require("rules")
return { number = 2, title = "Reports", reads = { "States", "Reports" }, run = function()
  local day = date(2011, 9, 12)
  local received = sheet("Reports"):index("State")
  local rows = {}
  for s in sheet("States"):where("Deposited", "~=", nil):rows() do
    local due = rules.entry_into_force(s.Deposited):add_days(180)
    local report = received[s.State]
    local status = "not yet due"
    if report ~= nil then
      status = report.Received <= due and "on time" or "late"
    elseif due <= day then
      status = "overdue"
    elseif due <= day:add_days(90) then
      status = "due soon"
    end
    rows[#rows + 1] = {
      s.State,
      -- Article 7(1): due 180 days after entry into force.
      track{ state = s.State, name = "initial_due", label = "Initial report due", value = due, rows = s },
      -- Where the State stands on it.
      track{ state = s.State, name = "initial", label = "Initial report", status = status, rows = { s, report } },
    }
  end
  -- It names States: for the workbook only.
  add_table{ title = "Initial reports", columns = { "State", "Initial report due", "Initial report" }, rows = rows,
             workbook_only = true }
  paragraph("%s had a deadline.", count(#rows, "State Party"))
end }
"#,
    );
}

fn built(name: &str) -> Workdir {
    let wd = Workdir::new(name);
    project(&wd);
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    wd
}

/// The text of each note of a worksheet, by cell ("C8" → text), read from the package.
fn notes(path: &Path, sheet: &str) -> Vec<(String, String)> {
    let sheet_xml = xlsx::sheet_xml(path, sheet);
    if !sheet_xml.contains("<legacyDrawing") {
        return Vec::new();
    }
    // Only one sheet of these workbooks has notes, so its comments are the first part.
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/comments1.xml")
        .expect("the notes of the sheet")
        .read_to_string(&mut xml)
        .unwrap();
    let mut out = Vec::new();
    for part in xml.split("<comment ref=\"").skip(1) {
        let cell = part[..part.find('"').unwrap()].to_string();
        let mut text = String::new();
        for run in part
            .split("<t")
            .skip(1)
            .filter(|r| r.starts_with('>') || r.starts_with(' '))
        {
            let start = run.find('>').unwrap() + 1;
            let end = run.find("</t>").unwrap();
            text.push_str(&run[start..end]);
        }
        out.push((cell, unescape(&text)));
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The fill colour ("FFFFC7CE") of a cell, through its style in styles.xml.
fn fill_of(path: &Path, sheet: &str, cell: &str) -> Option<String> {
    let sheet_xml = xlsx::sheet_xml(path, sheet);
    let at = sheet_xml.find(&format!("<c r=\"{cell}\""))?;
    let tag = &sheet_xml[at..at + sheet_xml[at..].find('>')?];
    let style: usize = tag.split(" s=\"").nth(1)?.split('"').next()?.parse().ok()?;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    let xfs = &styles[styles.find("<cellXfs")?..];
    let xf = xfs.split("<xf ").nth(style + 1)?;
    let fill: usize = xf
        .split("fillId=\"")
        .nth(1)?
        .split('"')
        .next()?
        .parse()
        .ok()?;
    let fills = &styles[styles.find("<fills")?..styles.find("</fills>")?];
    let fill = fills.split("<fill>").nth(fill + 1)?;
    let rgb = fill.split("fgColor rgb=\"").nth(1)?.split('"').next()?;
    Some(rgb.to_string())
}

#[test]
fn the_states_sheet_has_a_row_per_state_and_a_column_per_value_grouped_by_section() {
    let wd = built("tracker-sheet");
    let path = wd.path("out/consolidated.xlsx");
    let book = open_workbook_auto(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Contents",
            "Summary",
            "States",
            "1 Membership",
            "2 Reports",
            "Audit",
            "Problems",
            "Data Reports",
            "Data States"
        ]
    );
    let rows = sheet_text(&path, "States");
    assert_eq!(rows[0], ["Every State at a glance"]);
    assert_eq!(
        rows[1],
        ["One row per State of the States list (five States), one column per value a section computes about a State, \
          under the section's heading. Each value's note gives the rule that computed it and the rows behind it; \
          actionplan explain \"States!B7\" shows a value's rule and every row behind it, and actionplan explain \
          \"Chile\" everything about a State."]
    );
    assert_eq!(
        rows[2],
        [
            "Status",
            "done",
            "on time",
            "late",
            "overdue",
            "due soon",
            "not yet due",
            "missing",
            "not applicable"
        ]
    );
    assert_eq!(rows[3][0], "what it means");
    assert_eq!(rows[3][4], "deadline passed, not done");
    // States Parties first, then the signatory, then the State not party; each by name.
    assert_eq!(
        rows[4..],
        [
            vec!["", "1. Membership", "", "2. Reports"],
            vec![
                "State",
                "Standing",
                "Entry into force",
                "Initial report due",
                "Initial report"
            ],
            vec![
                "Chile",
                "State Party",
                "2011-06-01",
                "2011-11-28",
                "due soon"
            ],
            vec![
                "Lao People's Democratic Republic",
                "State Party",
                "2010-08-01",
                "2011-01-28",
                "late"
            ],
            vec![
                "Norway",
                "State Party",
                "2010-08-01",
                "2011-01-28",
                "on time"
            ],
            vec!["Canada", "Signatory"],
            vec!["Thailand", "Not a signatory"],
        ]
        .iter()
        .map(|r| r
            .iter()
            .map(std::string::ToString::to_string)
            .collect::<Vec<_>>())
        .collect::<Vec<_>>()
    );
    // Real dates, not text.
    let cells = wd.sheet("out/consolidated.xlsx", "States");
    assert!(matches!(cells[6][2], calamine::Data::DateTime(_)));

    // The subtitle across the legend, and a merged heading over each section's columns.
    let mut wb = calamine::open_workbook::<calamine::Xlsx<_>, _>(&path).unwrap();
    let merged: Vec<String> = wb
        .merge_cells_by_sheet_name("States")
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}{}:{}{}",
                (b'A' + d.start.1 as u8) as char,
                d.start.0 + 1,
                (b'A' + d.end.1 as u8) as char,
                d.end.0 + 1
            )
        })
        .collect();
    assert_eq!(merged, ["A2:I2", "B5:C5", "D5:E5"]);

    // Filter on the headings, headings and State column frozen, A4 landscape, the headings and
    // the State column repeated on every printed page.
    let xml = xlsx::sheet_xml(&path, "States");
    assert!(xml.contains("<autoFilter ref=\"A6:E11\"/>"), "{xml}");
    assert!(
        xml.contains(
            "<pane xSplit=\"1\" ySplit=\"6\" topLeftCell=\"B7\" activePane=\"bottomRight\" state=\"frozen\"/>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
        "{xml}"
    );
    assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{xml}");
    // The footer of every sheet of the workbook: the report's title, the sheet, the page.
    assert!(
        xml.contains("<oddFooter>&amp;L&amp;8Progress report&amp;C&amp;8&amp;A&amp;R&amp;8Page &amp;P of &amp;N</oddFooter>"),
        "{xml}"
    );
    let names = xlsx::defined_names(&path);
    assert!(
        names.contains(&(
            "_xlnm.Print_Titles".to_string(),
            "States!$A:$A,States!$5:$6".to_string()
        )),
        "{names:?}"
    );

    // Statuses coloured as Excel's good, neutral and bad styles; the legend in the same colours.
    assert_eq!(fill_of(&path, "States", "E8").as_deref(), Some("FFFFEB9C")); // late
    assert_eq!(fill_of(&path, "States", "E9").as_deref(), Some("FFC6EFCE")); // on time
    assert_eq!(fill_of(&path, "States", "E7").as_deref(), Some("FFFCD5B4")); // due soon
    assert_eq!(fill_of(&path, "States", "E3").as_deref(), Some("FFFFC7CE")); // legend: overdue
    assert_eq!(fill_of(&path, "States", "I3").as_deref(), Some("FFEDEDED")); // not applicable
}

#[test]
fn each_value_and_heading_has_a_note_with_its_rule_and_rows() {
    let wd = built("tracker-notes");
    let path = wd.path("out/consolidated.xlsx");
    let notes = notes(&path, "States");
    // Four headings, then 3 + 3 + 3 + 3 + 2 values of the five States.
    assert_eq!(notes.len(), 4 + 14, "{notes:#?}");
    let note = |cell: &str| {
        notes
            .iter()
            .find(|(c, _)| c == cell)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no note on {cell}: {notes:#?}"))
    };
    assert_eq!(
        note("D6"),
        "Initial report due (2.initial_due), section 2, Reports: three values for three States.\n\
         Rule: plugins/02_reports.lua, line 20"
    );
    assert_eq!(
        note("E8"),
        "Initial report (2.initial)\n\
         late: done after its deadline\n\
         Rule: plugins/02_reports.lua, line 22\n\
         The 2 rows behind it:\n\
         workbooks/reports.xlsx, sheet Reports, row 3\n\
         workbooks/states.xlsx, sheet States, row 5"
    );
    assert_eq!(
        note("B10"),
        "Standing (1.standing)\n\
         Rule: plugins/01_membership.lua, line 8\n\
         The row behind it:\n\
         workbooks/states.xlsx, sheet States, row 3"
    );
}

#[test]
fn beyond_5000_values_the_cells_have_no_notes_and_the_sheet_says_so() {
    let wd = Workdir::new("tracker-many");
    dictionary(
        &wd,
        &[("States", "States list", "State")],
        &[("States", "State", "text", true, "")],
    );
    let mut states = vec![vec![C::T("State")]];
    states.extend((1..=60).map(|i| vec![C::S(format!("State {i:02}"))]));
    wd.book("workbooks/states.xlsx")
        .sheet("States", &states)
        .save();
    wd.write(
        "plugins/01_many.lua",
        r#"return { number = 1, title = "Many", reads = { "States" }, run = function()
  for s in sheet("States"):rows() do
    for i = 1, 100 do
      track{ state = s.State, name = "v" .. i, label = "Value " .. i, value = i, rows = s }
    end
  end
end }
"#,
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let path = wd.path("out/consolidated.xlsx");
    let rows = sheet_text(&path, "States");
    assert!(
        rows[1][0].contains(
            "There are too many values (6,000) for a note on each (at most 5,000); actionplan explain \"States!B7\" shows"
        ),
        "{:?}",
        rows[1]
    );
    assert_eq!(rows.len(), 6 + 60);
    assert_eq!(rows[65][100], "100");
    // The headings keep theirs: the rule of each column.
    let notes = notes(&path, "States");
    assert_eq!(notes.len(), 100);
    assert!(notes.iter().all(|(c, _)| c.ends_with('6')), "{notes:?}");
}

#[test]
fn a_project_that_tracks_nothing_has_no_states_sheet() {
    let wd = Workdir::new("tracker-none");
    project(&wd);
    wd.write(
        "plugins/01_membership.lua",
        r#"return { number = 1, title = "Membership", reads = { "States" }, run = function()
  paragraph("Nothing about each State.")
end }"#,
    );
    std::fs::remove_file(wd.path("plugins/02_reports.lua")).unwrap();
    assert_eq!(wd.run(&["build"]).status, 0);
    let book = open_workbook_auto(wd.path("out/consolidated.xlsx")).unwrap();
    assert!(!book.sheet_names().contains(&"States".to_string()));
    let run = wd.run(&["explain", "States!B7"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.problems(),
        ["error: no section computes values about each State, so consolidated.xlsx has no States sheet"]
    );
    // A State is still explained: its rows.
    let run = wd.run(&["explain", "Norway"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "State Norway\n\
         \n\
         No section computed a value about Norway.\n\
         \n\
         Two rows about Norway in the workbooks:\n\
         \n\
         \x20 workbooks/reports.xlsx, sheet Reports\n\
         \x20   row 2: State: Norway; Received: 20 January 2011\n\
         \n\
         \x20 workbooks/states.xlsx, sheet States\n\
         \x20   row 2: State: Norway; Signed: 3 December 2008; Deposited: 3 December 2008\n"
    );
}

/// The first lines a build prints about a plugin that makes one mistake with `track`.
fn mistake(code: &str) -> Vec<String> {
    let wd = Workdir::new("tracker-mistake");
    project(&wd);
    std::fs::remove_file(wd.path("plugins/02_reports.lua")).unwrap();
    wd.write(
        "plugins/03_mistake.lua",
        &format!(
            "return {{ number = 3, title = \"Mistake\", reads = {{ \"States\" }}, run = function()\n{code}\nend }}\n"
        ),
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    run.problems()
}

#[test]
fn mistakes_with_track_stop_the_section_with_a_message_that_says_what_to_do() {
    let not_produced =
        "error: plugins/03_mistake.lua, line 2: section 3 (Mistake) was not produced: ";
    let cases = [
        (
            r#"track{ state = "Chile", name = "initial", label = "Initial", status = "overdo" }"#,
            "track \"initial\": unknown status \"overdo\"; did you mean \"overdue\"?",
        ),
        (
            r#"track{ state = "Chile", name = "initial", label = "Initial", status = "pending" }"#,
            "track \"initial\": unknown status \"pending\"; a status is one of \"done\", \"on time\", \"late\", \
             \"overdue\", \"due soon\", \"not yet due\", \"missing\" or \"not applicable\"",
        ),
        (
            r#"track{ state = "Chle", name = "initial", label = "Initial", value = 1 }"#,
            "track \"initial\": \"Chle\" is not in the States list; did you mean \"Chile\"?",
        ),
        (
            r#"track{ state = sheet("States")[1].Stat, name = "initial", label = "Initial", value = 1 }"#,
            "the sheet \"States\" has no column \"Stat\"; did you mean \"State\"?",
        ),
        (
            r#"track{ state = nil, name = "initial", label = "Initial", value = 1 }"#,
            "track \"initial\": state must be the name of a State, e.g. state = row.State; found nil (an empty \
             cell or a missing value)",
        ),
        (
            r#"track{ state = "Chile", name = "initial", label = "Initial", value = 1, status = "late" }"#,
            "track \"initial\": give a value or a status, not both",
        ),
        (
            r#"track{ state = "Chile", name = "initial", label = "Initial", value = 1 }; track{ state = "chile", name = "initial", label = "Initial", value = 2 }"#,
            "track \"initial\": this section already gave a value for Chile",
        ),
        (
            r#"track{ state = "Chile", name = "initial", label = "Initial", value = 1 }; track{ state = "Norway", name = "initial", label = "First", value = 2 }"#,
            "track \"initial\": the label \"First\" differs from the one given before (\"Initial\"); the values of \
             one name share one label, the heading of their column",
        ),
        (
            r#"track{ state = "Chile", name = "initial due", label = "Initial", value = 1 }"#,
            "track: the name \"initial due\" may contain only letters, digits and _",
        ),
        (
            r#"track{ state = "Chile", name = "initial", value = 1 }"#,
            "track \"initial\": give it a label, the heading of its column in the States sheet",
        ),
        (
            r#"track{ state = "Chile", name = "initial", label = "Initial", value = 1, rows = "all" }"#,
            "track \"initial\": rows must be a sheet, a row or a list of rows",
        ),
        (
            r#"for i = 1, 1001 do track{ state = "Chile", name = "v" .. i, label = "Value " .. i, value = i } end"#,
            "track \"v1001\": a section can track at most 1,000 names (columns of the States sheet); is a name \
             made from a value, such as a date or a State?",
        ),
        (
            r#"track{ state = "Chile", name = "initial", label = "Initial", value = {} }"#,
            "a table cannot be used as a value (use text, a number, yes/no or a date)",
        ),
    ];
    for (code, message) in cases {
        let problems = mistake(code);
        assert_eq!(
            problems.first().map(String::as_str),
            Some(format!("{not_produced}{message}").as_str()),
            "{code}"
        );
    }
}

#[test]
fn explain_a_state_prints_every_value_with_its_rule_and_every_row_about_it() {
    let wd = built("tracker-explain-state");
    std::fs::remove_dir_all(wd.path("out")).unwrap();
    let run = wd.run(&["explain", "Lao PDR"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "State Lao People's Democratic Republic\n\
         \x20 Its row in consolidated.xlsx: States!A8\n\
         \n\
         Four values computed by the sections:\n\
         \n\
         \x20 1. Membership\n\
         \x20   Standing (1.standing): State Party\n\
         \x20     Rule: plugins/01_membership.lua, line 8\n\
         \x20     Rows: workbooks/states.xlsx, sheet States, row 5\n\
         \x20   Entry into force (1.eif): 1 August 2010\n\
         \x20     Rule: plugins/01_membership.lua, line 11\n\
         \x20     Rows: workbooks/states.xlsx, sheet States, row 5\n\
         \n\
         \x20 2. Reports\n\
         \x20   Initial report due (2.initial_due): 28 January 2011\n\
         \x20     Rule: plugins/02_reports.lua, line 20\n\
         \x20     Rows: workbooks/states.xlsx, sheet States, row 5\n\
         \x20   Initial report (2.initial): late (done after its deadline)\n\
         \x20     Rule: plugins/02_reports.lua, line 22\n\
         \x20     Rows: workbooks/reports.xlsx, sheet Reports, row 3\n\
         \x20           workbooks/states.xlsx, sheet States, row 5\n\
         \n\
         Two rows about Lao People's Democratic Republic in the workbooks:\n\
         \n\
         \x20 workbooks/reports.xlsx, sheet Reports\n\
         \x20   row 3: State: Lao People's Democratic Republic; Received: 1 March 2011\n\
         \n\
         \x20 workbooks/states.xlsx, sheet States\n\
         \x20   row 5: State: Lao People's Democratic Republic; Signed: 3 December 2008; Deposited: 18 March 2009; \
         Aliases: \"Lao PDR; Laos\"\n"
    );
    assert!(!wd.path("out").exists(), "explain writes nothing");
}

#[test]
fn explain_one_value_by_name_heading_or_cell() {
    let wd = built("tracker-explain-value");
    let expected = "Initial report of Lao People's Democratic Republic (2.initial, section 2, Reports)\n\
                    \x20 Value:  late (done after its deadline)\n\
                    \x20 Rule:   plugins/02_reports.lua, line 22\n\
                    \x20 Cell:   States!E8\n\
                    \n\
                    The 2 rows behind it:\n\
                    \x20 workbooks/reports.xlsx, sheet Reports, row 3: State: Lao People's Democratic Republic; Received: 1 March 2011\n\
                    \x20 workbooks/states.xlsx, sheet States, row 5: State: Lao People's Democratic Republic; Signed: 3 December 2008; \
                    Deposited: 18 March 2009; Aliases: \"Lao PDR; Laos\"\n";
    for args in [
        &["explain", "Laos", "initial"][..],
        &["explain", "lao pdr", "2.initial"],
        &["explain", "Lao PDR", "Initial report"],
        &["explain", "initial", "Lao PDR"],
        &["explain", "States!E8"],
        &["explain", "'States'!$E$8"],
    ] {
        let run = wd.run(args);
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, expected, "{args:?}");
    }

    // The State's name in column A is the State; a heading is its column.
    let run = wd.run(&["explain", "States!A8"]);
    assert!(
        run.stdout
            .starts_with("State Lao People's Democratic Republic\n"),
        "{}",
        run.stdout
    );
    let run = wd.run(&["explain", "States!D6"]);
    assert_eq!(
        run.stdout,
        "Column \"Initial report due\" of the States sheet (2.initial_due, section 2, Reports)\n\
         \x20 Values: 3 of five States\n\
         \x20 Rule:   plugins/02_reports.lua, line 20\n\
         \n\
         For one State's value: actionplan explain \"Chile\" 2.initial_due\n"
    );
    // An empty cell of the grid: the State has no such value.
    let run = wd.run(&["explain", "States!C10"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Entry into force of Canada (1.eif, section 1, Membership)\n\
         \x20 Value:  none: the section gave no value for Canada\n\
         \x20 Cell:   States!C10 (empty)\n"
    );
}

#[test]
fn explain_a_cell_of_a_section_sheet() {
    let wd = built("tracker-explain-section-cell");
    // Where the table puts Chile, as the workbook the user looks at has it.
    let rows = wd.sheet_text("out/consolidated.xlsx", "2 Reports");
    let row = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Chile"))
        .expect("Chile in the table")
        + 1;
    let run = wd.run(&["explain", &format!("2 Reports!C{row}")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "Cell 2 Reports!C{row} is \"Initial report\" of Chile: due soon\n\
             \n\
             Initial report of Chile (2.initial, section 2, Reports)\n\
             \x20 Value:  due soon (deadline close, not done yet)\n\
             \x20 Rule:   plugins/02_reports.lua, line 22\n\
             \x20 Cell:   States!E7\n\
             \n\
             The one row behind it:\n\
             \x20 workbooks/states.xlsx, sheet States, row 4: State: Chile; Signed: 3 December 2008; Deposited: 16 December 2010\n"
        )
    );
    // The State's own cell is the State; a figure's row is the figure.
    let run = wd.run(&["explain", &format!("2 reports!a{row}")]);
    assert!(run.stdout.starts_with("State Chile\n"), "{}", run.stdout);
    let rows = wd.sheet_text("out/consolidated.xlsx", "1 Membership");
    // The Figures table gives each figure's name in its fourth column (Name).
    let figure = rows
        .iter()
        .position(|r| r.get(3).map(String::as_str) == Some("parties"))
        .expect("the Figures table")
        + 1;
    let run = wd.run(&["explain", &format!("1 Membership!B{figure}")]);
    assert!(
        run.stdout.starts_with(&format!(
            "Cell 1 Membership!B{figure} is in the row of the figure parties.\n\nFigure 1.parties (section 1, Membership)\n  Value:  3\n"
        )),
        "{}",
        run.stdout
    );
    // Elsewhere: the title, an unknown sheet, the Summary.
    let run = wd.run(&["explain", "2 Reports!A1"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.problems(),
        [
            "error: cell A1 of the sheet \"2 Reports\" is not in a row about a State or a figure",
            "  hint: explain answers for the cells of tables with a State column, of the Figures table, and of the States sheet"
        ]
    );
    let run = wd.run(&["explain", "2 Report!C9"]);
    assert_eq!(
        run.problems(),
        [
            "error: explain reads the States sheet and the sections' sheets of consolidated.xlsx, and none is called \"2 Report\"",
            "  hint: did you mean \"2 Reports!C9\"?"
        ]
    );
    let run = wd.run(&["explain", "Summary!C5"]);
    assert_eq!(
        run.problems()[1],
        "  hint: for a figure of the Summary sheet, give its name from the Figure column: actionplan explain NAME"
    );
    let run = wd.run(&["explain", "States!E8x"]);
    assert_eq!(
        run.problems(),
        [
            "error: \"E8x\" is not a cell such as F12 (in \"States!E8x\")",
            "  hint: write the sheet, an exclamation mark and the cell: \"States!F12\""
        ]
    );
    let run = wd.run(&["explain", "States!A3"]);
    assert_eq!(
        run.problems(),
        [
            "error: cell A3 of the States sheet is neither a State, a value nor a heading",
            "  hint: the States are in column A from row 7, their values on their rows, e.g. \"States!B7\""
        ]
    );
}

#[test]
fn a_state_name_wins_over_a_figure_of_the_same_name_which_keeps_its_section_number() {
    let wd = built("tracker-explain-names");
    let run = wd.run(&["explain", "chile"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("State Chile\n"), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "note: \"chile\" is also the name of a figure; for the figure: actionplan explain 1.chile\n"
    );
    let run = wd.run(&["explain", "1.chile"]);
    assert!(
        run.stdout
            .starts_with("Figure 1.chile (section 1, Membership)\n"),
        "{}",
        run.stdout
    );
    // A misspelt State is suggested when no figure is close.
    let run = wd.run(&["explain", "Norwey"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.problems(),
        [
            "error: the report has no figure called \"Norwey\"",
            "  hint: did you mean the State \"Norway\"?"
        ]
    );
    let run = wd.run(&["explain", "Norwey", "initial"]);
    assert_eq!(
        run.problems(),
        [
            "error: \"Norwey\" is not in the States list",
            "  hint: did you mean \"Norway\"?"
        ]
    );
    let run = wd.run(&["explain", "Norway", "initail_due"]);
    assert_eq!(
        run.problems(),
        [
            "error: no section computes a value called \"initail_due\"",
            "  hint: did you mean \"initial_due\"?"
        ]
    );
    // The forms are in --help.
    let help = wd.run(&["explain", "--help"]).stdout;
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for form in [
        "actionplan explain 4.parties_at_1msp",
        "actionplan explain Albania",
        "actionplan explain \"Lao PDR\" initial_due",
        "actionplan explain \"States!F12\"",
        "actionplan explain \"11 Transparency!B9\"",
        "the State is explained, and the figure is reached with its section number",
    ] {
        assert!(help.contains(form), "{form}: {help}");
    }
}

#[test]
fn per_state_values_stay_out_of_the_narrative() {
    let wd = built("tracker-narrative");
    let report = wd.read("out/report.md");
    assert_eq!(
        report.split("## 1. ").nth(1).unwrap_or_default(),
        "Membership\n\nThree States had joined.\n\n## 2. Reports\n\nThree States Parties had a deadline.\n"
    );
    for file in ["out/report.md", "out/report.html"] {
        let text = wd.read(file);
        for word in [
            "due soon",
            "Initial report due",
            "State Party",
            "Chile",
            "28 January 2011",
        ] {
            assert!(!text.contains(word), "{file} holds {word:?}");
        }
    }
}

#[test]
fn explain_a_state_lists_at_most_1000_rows_of_a_sheet() {
    let wd = Workdir::new("tracker-explain-many-rows");
    project(&wd);
    let mut reports = vec![vec![C::T("State"), C::T("Received")]];
    reports.extend((0..1_002).map(|_| vec![C::T("Norway"), C::D(2011, 1, 20)]));
    reports.push(vec![C::T("Lao PDR"), C::D(2011, 3, 1)]);
    wd.book("workbooks/reports.xlsx")
        .sheet("Reports", &reports)
        .save();
    let run = wd.run(&["explain", "Norway"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("1,003 rows about Norway in the workbooks:\n"),
        "{}",
        run.stdout
    );
    let listed = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("    row ") && l.contains("Received"))
        .count();
    assert_eq!(listed, 1_000);
    assert!(
        run.stdout.contains(
            "    row 1001: State: Norway; Received: 20 January 2011\n    … and 2 more rows: all are in the Data sheet of Reports in consolidated.xlsx\n"
        ),
        "{}",
        run.stdout
    );
}
