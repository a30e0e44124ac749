//! Caveats by provenance: the rows that the dictionary's Provenance column marks as an
//! illustrative sample, and what the report marks because it draws on them.
//!
//! - On the repository's own project: every marked passage is marked alike in report.md,
//!   report.html and the section sheets of consolidated.xlsx (report.docx: circulate.rs holds
//!   each line of report.md, mark and all, to be a paragraph of it), and an official one
//!   (section 4's count of States Parties) in none; every table and chart is marked alike in
//!   the captions of the three documents and in its title on the section's sheet; every figure whose rows include an illustrative one is
//!   marked in the Summary sheet; the Audit sheet gives each row's Source; section 1's count
//!   covers every sheet with a Source column, as counted here from the workbooks themselves.
//! - On a small project: the taint rule (a passage written before the section looks at an
//!   illustrative row is not marked, one written after is; a view of official rows only marks
//!   nothing), a dictionary without a Provenance column, and a mistake in one.

use std::collections::BTreeMap;

use calamine::{open_workbook_auto, Reader};

use crate::support::{text, Workdir, C};

const DAGGER: &str = " †";
const NOTE: &str = "† Drawn, or possibly drawn, from records marked in the workbooks as an illustrative sample, not official records: the figures it gives show the method, not findings.";

/// A narrative text as an output shows it: its words, and whether it carries the mark.
type Marked = (String, bool);

/// The narrative texts of report.md, by section heading ("4. Universalization"): paragraphs,
/// headings, bullets, challenges and questions, in order. Tables and charts (their captions in
/// bold, their rows, a chart's note in italics) are left out: see [`captions`].
fn markdown(report: &str) -> BTreeMap<String, Vec<Marked>> {
    let mut out: BTreeMap<String, Vec<Marked>> = BTreeMap::new();
    let mut section = None;
    for line in report.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = Some(h.to_string());
            out.entry(h.to_string()).or_default();
            continue;
        }
        let Some(s) = &section else { continue };
        if line.starts_with(['|', '*']) {
            continue;
        }
        let line = line
            .strip_prefix("### ")
            .or_else(|| line.strip_prefix("- "))
            .unwrap_or(line);
        if line.is_empty() || line == "Challenges" {
            continue;
        }
        let marked = line.ends_with(DAGGER);
        let words = line.strip_suffix(DAGGER).unwrap_or(line).to_string();
        out.get_mut(s).unwrap().push((words, marked));
    }
    out
}

/// The same from report.html: each <p>, <li> and <h3> of each <section>.
fn html(page: &str) -> BTreeMap<String, Vec<Marked>> {
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    let mark = " <sup class=\"illustrative\">";
    let mut out: BTreeMap<String, Vec<Marked>> = BTreeMap::new();
    for part in page.split("<section>").skip(1) {
        let part = part.split("</section>").next().unwrap();
        let heading = part
            .split("<h2>")
            .nth(1)
            .unwrap()
            .split("</h2>")
            .next()
            .unwrap();
        let texts = out.entry(unescape(heading)).or_default();
        for line in part.lines() {
            let Some(open) = ["<p>", "<p class=\"questions\">", "<li>", "<h3>"]
                .iter()
                .find(|o| line.starts_with(*o))
            else {
                continue;
            };
            let inner = &line[open.len()..line.rfind("</").unwrap()];
            if inner == "Challenges" {
                continue;
            }
            let (words, marked) = match inner.find(mark) {
                Some(at) => (&inner[..at], true),
                None => (inner, false),
            };
            texts.push((unescape(words), marked));
        }
    }
    out
}

/// The captions of the tables and charts of report.md ("Table 9.1. Amounts reported by
/// channel"), each with whether it carries the mark.
fn captions(report: &str) -> Vec<Marked> {
    report
        .lines()
        .filter_map(|l| l.strip_prefix("**")?.strip_suffix("**"))
        .filter(|c| c.starts_with("Table ") || c.starts_with("Figure "))
        .map(|c| {
            let marked = c.ends_with(DAGGER);
            (c.strip_suffix(DAGGER).unwrap_or(c).to_string(), marked)
        })
        .collect()
}

/// The same from report.html: each table's <caption> (a chart's table of values, folded away
/// under its figure, repeats the figure's caption and is left out) and each <figcaption>.
fn html_captions(page: &str) -> Vec<Marked> {
    let mark = " <sup class=\"illustrative\">";
    let mut out = Vec::new();
    let mut folded = false;
    for line in page.lines() {
        folded = (folded || line.starts_with("<details>")) && !line.starts_with("</details>");
        let inner = [
            "<table>\n<caption>",
            "<caption>",
            "<figure>\n<figcaption>",
            "<figcaption>",
        ]
        .iter()
        .find_map(|o| line.strip_prefix(*o))
        .and_then(|rest| rest.rfind("</").map(|end| &rest[..end]));
        let Some(inner) = inner.filter(|_| !folded) else {
            continue;
        };
        let (words, marked) = match inner.find(mark) {
            Some(at) => (&inner[..at], true),
            None => (inner, false),
        };
        out.push((words.replace("&amp;", "&"), marked));
    }
    out
}

/// The same from a section's sheet: the cells of column A below the title, up to its Figures
/// table, or its first table or chart when it has no figures (`stop`: their titles).
fn section_sheet(rows: &[Vec<String>], stop: &[String]) -> Vec<Marked> {
    let mut texts = Vec::new();
    for row in rows.iter().skip(1) {
        let Some(cell) = row.first().filter(|c| !c.is_empty()) else {
            continue;
        };
        let bare = cell.strip_suffix(DAGGER).unwrap_or(cell);
        if cell == "Figures" || stop.iter().any(|s| s == bare) || cell == NOTE {
            break;
        }
        if cell == "Challenges" {
            continue;
        }
        let cell = cell.strip_prefix("•  ").unwrap_or(cell);
        let marked = cell.ends_with(DAGGER);
        texts.push((
            cell.strip_suffix(DAGGER).unwrap_or(cell).to_string(),
            marked,
        ));
    }
    texts
}

/// Every sheet of every workbook of `dir` (the dictionary aside) with a Source column: its
/// rows, and those whose Source says "illustrative". Counted here from the files, with
/// calamine, as a check on actionplan's own count.
fn sourced_rows(dir: &std::path::Path) -> BTreeMap<String, (usize, usize)> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_stem().and_then(|s| s.to_str()) == Some("dictionary") {
            continue;
        }
        let mut book = open_workbook_auto(&path).unwrap();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).unwrap();
            let rows: Vec<Vec<String>> =
                range.rows().map(|r| r.iter().map(text).collect()).collect();
            let Some((header, source)) = rows
                .iter()
                .enumerate()
                .find_map(|(i, r)| r.iter().position(|c| c == "Source").map(|c| (i, c)))
            else {
                continue;
            };
            let count = counts.entry(name.clone()).or_default();
            for r in &rows[header + 1..] {
                if r.iter().all(std::string::String::is_empty) {
                    continue;
                }
                count.0 += 1;
                if r[source].to_lowercase().contains("illustrative") {
                    count.1 += 1;
                }
            }
        }
    }
    counts
}

#[test]
fn every_output_marks_what_draws_on_illustrative_rows_and_nothing_official() {
    let wd = Workdir::default_project("provenance-default");
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = wd.read("out/report.md");
    let page = wd.read("out/report.html");

    // The note under the title, once, in each document.
    assert_eq!(report.matches(NOTE).count(), 1);
    let title_end = report.find("## 1. Introduction").unwrap();
    assert!(report[..title_end].contains(&format!("> {NOTE}")));
    assert_eq!(page.matches(NOTE).count(), 1);
    assert!(page.contains("<p class=\"illustrative-note\" id=\"illustrative\">"));

    // The same texts, marked alike, in report.md, report.html and the section sheets.
    let md = markdown(&report);
    assert_eq!(md.len(), 14);
    assert_eq!(html(&page), md, "report.html marks what report.md marks");

    // The tables and charts of the documents, marked alike in their captions: report.md's,
    // report.html's and report.docx's; on the section sheets, in their titles.
    let shown = captions(&report);
    assert_eq!(shown.len(), 6, "{shown:?}");
    assert!(shown
        .iter()
        .any(|(c, m)| c == "Table 9.1. Amounts reported by channel" && *m));
    assert_eq!(
        html_captions(&page),
        shown,
        "report.html marks what report.md marks"
    );
    let document = crate::package_xml::part(&wd.path("out/report.docx"), "word/document.xml");
    let paragraphs = crate::package_xml::word_text(&document).paragraphs;
    for (caption, marked) in &shown {
        let in_word = if *marked {
            format!("{caption}{DAGGER}")
        } else {
            caption.clone()
        };
        assert!(paragraphs.contains(&in_word), "report.docx: {in_word:?}");
    }
    // In Word the mark keeps to the word before it (a no-break space), never alone on a line.
    assert!(document.contains("\u{a0}†"));
    assert!(!document.contains(" †<"), "a mark after a breaking space");
    let titled = |sheet: &str, title: &str| -> bool {
        wd.sheet_text("out/consolidated.xlsx", sheet)
            .iter()
            .filter_map(|r| r.first())
            .any(|c| c == title)
    };
    assert!(titled(
        "9 Cooperation and assistance",
        "Amounts reported by channel †"
    ));
    assert!(titled(
        "9 Cooperation and assistance",
        "Contributions by channel †"
    ));
    let names = open_workbook_auto(wd.path("out/consolidated.xlsx"))
        .unwrap()
        .sheet_names();
    let mut marked = 0;
    for (heading, texts) in &md {
        let number = heading.split('.').next().unwrap();
        let name = names
            .iter()
            .find(|n| n.split(' ').next() == Some(number))
            .unwrap();
        let rows = wd.sheet_text("out/consolidated.xlsx", name);
        assert_eq!(rows[0][0], *heading);
        // Tables and charts come after the narrative, each under its title.
        let stop: Vec<String> = rows
            .iter()
            .skip_while(|r| r.first().is_none_or(|c| c != "Figures"))
            .filter_map(|r| r.first().cloned())
            .collect();
        assert_eq!(
            section_sheet(&rows, &stop),
            *texts,
            "sheet {name} marks what report.md marks"
        );
        let is_marked = texts.iter().any(|t| t.1);
        let last = rows.iter().rev().find_map(|r| r.first()).unwrap();
        assert_eq!(
            last == NOTE,
            is_marked,
            "sheet {name}: the note when marked"
        );
        marked += texts.iter().filter(|t| t.1).count();
    }
    assert!(marked > 50, "{marked} passages marked");

    // Official passages are not marked; passages drawn from the sample are.
    let find = |section: &str, start: &str| -> bool {
        md[section]
            .iter()
            .find(|(t, _)| t.starts_with(start))
            .unwrap_or_else(|| panic!("{section}: no text starting {start:?}"))
            .1
    };
    assert!(!find(
        "4. Universalization",
        "46 States were Parties to the CCM on 9 November 2010"
    ));
    assert!(!find(
        "4. Universalization",
        "Two instances of use by States not party"
    ));
    assert!(!find(
        "5. Stockpile destruction",
        "As of 13 September 2011, the opening day of the 2MSP, 14 States Parties held stockpiles"
    ));
    assert!(find(
        "4. Universalization",
        "24 States Parties have reported reacting"
    ));
    assert!(find(
        "11. Transparency",
        "The initial transparency report, due 180 days"
    ));
    assert!(find(
        "8. Victim assistance",
        "States Parties with victims recorded 71 new casualties"
    ));

    // Section 1 counts every sheet with a Source column: the Casualties sheet, the States
    // list and the Actions sheet too.
    let sourced = sourced_rows(&wd.path("workbooks"));
    let sheets: BTreeMap<&str, (usize, usize)> =
        sourced.iter().fold(BTreeMap::new(), |mut m, (name, c)| {
            let e = m.entry(name.as_str()).or_insert((0, 0));
            e.0 += c.0;
            e.1 += c.1;
            m
        });
    assert_eq!(sheets["Casualties"], (102, 102));
    assert_eq!(sheets["States"].1, 0);
    let (records, illustrative) = sheets.values().fold((0, 0), |(r, i), c| (r + c.0, i + c.1));
    assert_eq!((records, illustrative), (742, 506));
    let introduction = &md["1. Introduction"];
    let sentence = format!(
        "Of the {records} records in the workbooks that give their source, {illustrative} are marked in their Source column as an illustrative sample"
    );
    assert!(
        introduction.iter().any(|(t, _)| t.starts_with(&sentence)),
        "{introduction:?}"
    );

    // The Summary marks every figure one of whose rows is illustrative (as the Audit sheet
    // says of each row), and no figure of official rows made before any illustrative one.
    let summary = wd.sheet_text("out/consolidated.xlsx", "Summary");
    let header = summary
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Section"))
        .unwrap();
    assert_eq!(summary[header][7], "Drawn from illustrative rows");
    let drawn: BTreeMap<(String, String), String> = summary[header + 1..]
        .iter()
        .filter(|r| r.len() > 2 && !r[2].is_empty())
        .map(|r| {
            (
                (r[0].clone(), r[2].clone()),
                r.get(7).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let audit = wd.sheet_text("out/consolidated.xlsx", "Audit");
    assert_eq!(audit[0][8..], ["Illustrative", "Provenance"]);
    let mut checked = 0;
    for row in &audit[1..] {
        if row.get(8).map(String::as_str) == Some("yes") {
            let mark = &drawn[&(row[0].clone(), row[1].clone())];
            assert!(mark.contains("illustrative"), "{row:?}: {mark:?}");
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} illustrative rows behind figures");
    assert_eq!(drawn[&("4".into(), "parties_at_1msp".into())], "");
    assert_eq!(
        drawn[&("4".into(), "states_reacting_to_use".into())],
        "all 29 rows are illustrative"
    );
    // The Source of a casualty row, which its record (first eight fields) leaves out.
    let casualty = audit.iter().find(|r| r[5] == "Casualties").unwrap();
    assert!(!casualty[7].contains("Source:"), "{casualty:?}");
    assert_eq!(
        casualty[8..],
        ["yes", "Illustrative sample (not an official record)"]
    );

    // explain says it of a figure, and not of an official one.
    let explain = wd.run(&["explain", "4.states_reacting_to_use"]);
    assert!(
        explain.stdout.contains("\n  Note:   All 29 rows are illustrative: drawn from rows marked as an illustrative sample, not official records; it shows the method, not a finding.\n"),
        "{}",
        explain.stdout
    );
    let official = wd.run(&["explain", "4.parties_at_1msp"]);
    assert!(
        !official.stdout.contains("\n  Note:   "),
        "{}",
        official.stdout
    );
}

/// A small project: a States list (official) and a Steps sheet of three rows, two of them an
/// illustrative sample; `provenance` is the Provenance cell of the Steps sheet's Source column.
fn steps_project(name: &str, provenance: Option<&str>) -> Workdir {
    let wd = Workdir::new(name);
    let mut columns = vec![vec![
        C::T("Sheet"),
        C::T("Column"),
        C::T("Type"),
        C::T("Required"),
        C::T("Provenance"),
    ]];
    let rule = provenance.map_or(C::E, |p| C::S(p.to_string()));
    for (sheet, column, ty, rule) in [
        ("States", "State", "text", C::E),
        ("States", "Source", "text", rule.clone()),
        ("Steps", "State", "State", C::E),
        ("Steps", "Step", "text", C::E),
        ("Steps", "Source", "text", rule),
    ] {
        columns.push(vec![C::T(sheet), C::T(column), C::T(ty), C::T("yes"), rule]);
    }
    wd.book("workbooks/dictionary.xlsx")
        .sheet(
            "Sheets",
            &[
                vec![C::T("Sheet"), C::T("Role"), C::T("One row per")],
                vec![C::T("States"), C::T("States list"), C::T("State")],
                vec![C::T("Steps"), C::T("data"), C::E],
            ],
        )
        .sheet("Columns", &columns)
        .save();
    let sample = "Illustrative sample (not an official record)";
    wd.book("workbooks/data.xlsx")
        .sheet(
            "States",
            &[
                vec![C::T("State"), C::T("Source")],
                vec![C::T("Chile"), C::T("UN depositary")],
                vec![C::T("Ghana"), C::T("UN depositary")],
            ],
        )
        .sheet(
            "Steps",
            &[
                vec![C::T("State"), C::T("Step"), C::T("Source")],
                vec![C::T("Chile"), C::T("Workshop"), C::T(sample)],
                vec![C::T("Ghana"), C::T("Statement"), C::T("Monitor 2011")],
                vec![C::T("Ghana"), C::T("Letter"), C::T(sample)],
            ],
        )
        .save();
    wd.write(
        "plugins/01_steps.lua",
        r#"return { number = 1, title = "Steps", reads = { "States", "Steps" }, run = function()
  challenge("written first, shown last.")
  paragraph("Before any row is read.")
  local states = sheet("States")
  paragraph("%s are listed.", count(#states, "State"))
  local steps = sheet("Steps")
  local official = steps:where("Source", "Monitor 2011")
  for row in official:rows() do paragraph("%s: %s.", row.State, row.Step) end
  figure{ name = "steps", value = 3, rows = steps, label = "Steps" }
  paragraph("%s were reported.", count(#steps, "step"))
  paragraph("After the sample was read.")
  question("what next?")
end }"#,
    );
    wd.write(
        "plugins/02_summary.lua",
        r#"return { number = 2, title = "Summary", uses = { 1 }, run = function()
  paragraph("Before the results.")
  local steps = section_result(1)
  paragraph("Section 1 counts %s.", count(steps.figures.steps, "step"))
end }"#,
    );
    wd.write(
        "plugins/03_states.lua",
        r#"return { number = 3, title = "States", reads = { "States" }, run = function()
  local states = sheet("States")
  for row in states:rows() do local _ = row.State end
  figure{ name = "states", value = #states, rows = states, label = "States" }
  paragraph("%s are listed.", count(#states, "State"))
end }"#,
    );
    wd
}

#[test]
fn a_passage_is_marked_once_its_section_has_looked_at_an_illustrative_row() {
    let wd = steps_project(
        "provenance-taint",
        Some("illustrative when it contains \"illustrative\""),
    );
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = wd.read("out/report.md");
    assert_eq!(
        report,
        format!(
            "# Progress report\n\n> {NOTE}\n\n\
             ## 1. Steps\n\n\
             Before any row is read.\n\n\
             Two States are listed.\n\n\
             Ghana: Statement.\n\n\
             Three steps were reported. †\n\n\
             After the sample was read. †\n\n\
             ### Challenges\n\n\
             Written first, shown last.\n\n\
             States Parties could discuss the following questions:\n\n\
             - What next? †\n\n\
             ## 2. Summary\n\n\
             Before the results.\n\n\
             Section 1 counts three steps. †\n\n\
             ## 3. States\n\n\
             Two States are listed.\n"
        )
    );
    assert_eq!(html(&wd.read("out/report.html")), markdown(&report));
    for (sheet, marked) in [("1 Steps", true), ("2 Summary", true), ("3 States", false)] {
        let rows = wd.sheet_text("out/consolidated.xlsx", sheet);
        let texts = section_sheet(&rows, &[]);
        assert_eq!(texts, markdown(&report)[&rows[0][0]], "{sheet}");
        let last = rows.iter().rev().find_map(|r| r.first()).unwrap();
        assert_eq!(last == NOTE, marked, "{sheet}");
    }
    let summary = wd.sheet_text("out/consolidated.xlsx", "Summary");
    let figures: Vec<(&str, &str)> = summary[4..]
        .iter()
        .filter(|r| !r[2].is_empty())
        .map(|r| (r[2].as_str(), r.get(7).map_or("", String::as_str)))
        .collect();
    assert_eq!(
        figures,
        [("steps", "2 of 3 rows are illustrative"), ("states", "")]
    );
    let audit = wd.sheet_text("out/consolidated.xlsx", "Audit");
    let steps: Vec<&[String]> = audit[1..].iter().map(|r| &r[8..]).collect();
    assert_eq!(
        steps,
        [
            ["yes", "Illustrative sample (not an official record)"].as_slice(),
            ["no", "Monitor 2011"].as_slice(),
            ["yes", "Illustrative sample (not an official record)"].as_slice(),
            ["no", "UN depositary"].as_slice(),
            ["no", "UN depositary"].as_slice(),
        ]
    );
}

#[test]
fn a_dictionary_without_provenance_marks_nothing_and_a_mistake_in_it_marks_everything() {
    // Without a Provenance column: no mark, no note, no new column filled in.
    let wd = steps_project("provenance-none", None);
    assert_eq!(wd.run(&["build"]).status, 0);
    let report = wd.read("out/report.md");
    assert!(!report.contains('†'), "{report}");
    let page = wd.read("out/report.html");
    assert!(
        !page.contains("<sup class=\"illustrative\">") && !page.contains("id=\"illustrative\"")
    );
    let audit = wd.sheet_text("out/consolidated.xlsx", "Audit");
    assert!(audit[1..].iter().all(|r| r.len() <= 8), "{audit:?}");

    // A rule that cannot be read: reported at its cell, and every row of those sheets counts
    // as illustrative until it is corrected.
    let wd = steps_project("provenance-mistake", Some("yes"));
    let check = wd.run(&["check"]);
    assert_eq!(check.status, 1);
    assert!(
        check.stderr.contains(
            "error: workbooks/dictionary.xlsx, sheet Columns, cell E3: unknown Provenance rule \"yes\"; until it is corrected, every row of sheet \"States\" counts as illustrative\n"
        ),
        "{}",
        check.stderr
    );
    assert_eq!(wd.run(&["build"]).status, 1);
    let report = wd.read("out/report.md");
    assert!(report.contains("Two States are listed. †"), "{report}");
}
