//! The default project's outputs are fit to circulate (issue 13): consolidated.xlsx prints as it
//! is (A4, one page wide, titles repeated, a footer, a Contents sheet, widths and number
//! formats, charts below their tables with labels and axis titles, frozen headers and
//! filters); report.docx is a Word document with every paragraph and circulated table of
//! report.md, numbered paragraphs, the charts as pictures and page numbers; report.html has the
//! tables and the charts as SVG. All read back from the files (calamine, the package XML).
//!
//! How the printed pages look is checked by hand with LibreOffice (docs/outputs.md); these
//! tests hold what makes them look so.

use std::collections::BTreeMap;

use crate::package_xml::{broken_parts, part, parts, word_text};
use crate::support::{xlsx, Run, Workdir};
use calamine::{open_workbook_auto, Reader};

fn built(name: &str) -> (Workdir, Run) {
    let wd = Workdir::default_project(name);
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    (wd, run)
}

/// The value of attribute `name` in an opening tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The opening tags `<name ...` in a piece of XML.
fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let end = rest[i..].find('>').unwrap();
        out.push(&rest[i..i + end]);
        rest = &rest[i + end..];
    }
    out
}

/// The width of column `col` (1-based) in a sheet's XML: Excel's default when not set.
fn col_width(sheet: &str, col: u32) -> f64 {
    tags(sheet, "col")
        .into_iter()
        .find(|t| {
            let n = |a: &str| attr(t, a).unwrap().parse::<u32>().unwrap();
            (n("min")..=n("max")).contains(&col)
        })
        .map_or(8.43, |t| attr(t, "width").unwrap().parse().unwrap())
}

/// The sections' sheet names of the default project, in order.
const SECTION_SHEETS: [&str; 14] = [
    "1 Introduction",
    "2 General trends",
    "3 Partnerships",
    "4 Universalization",
    "5 Stockpile destruction",
    "6 Clearance",
    "7 Risk reduction",
    "8 Victim assistance",
    "9 Cooperation and assistance",
    "10 Implementation support",
    "11 Transparency",
    "12 National implementation",
    "13 Compliance",
    "14 Possible additions",
];

#[test]
fn every_sheet_prints_on_a4_one_page_wide_with_its_titles_and_a_footer() {
    let (wd, _) = built("circulate-print");
    let path = wd.path("out/consolidated.xlsx");
    let book = open_workbook_auto(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "Contents");
    assert_eq!(names[1], "Summary");
    assert_eq!(names[2], "States");
    assert_eq!(&names[3..17], SECTION_SHEETS);
    assert_eq!(&names[17..19], ["Audit", "Problems"]);
    assert!(
        names[19..].iter().all(|n| n.starts_with("Data ")),
        "{names:?}"
    );
    let titles: BTreeMap<String, String> = xlsx::defined_names(&path)
        .into_iter()
        .filter(|(n, _)| n == "_xlnm.Print_Titles")
        .map(|(_, f)| {
            (
                f.split('!').next().unwrap().trim_matches('\'').to_string(),
                f,
            )
        })
        .collect();
    for name in &names {
        let sheet = xlsx::sheet_xml(&path, name);
        let setup = tags(&sheet, "pageSetup");
        assert_eq!(setup.len(), 1, "{name}");
        assert_eq!(attr(setup[0], "paperSize"), Some("9"), "{name}: A4");
        assert_eq!(attr(setup[0], "fitToHeight"), Some("0"), "{name}");
        assert!(
            sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "{name}: one page wide"
        );
        assert!(
            sheet.contains("<oddFooter>&amp;L&amp;8Beirut Progress Report&amp;C&amp;8&amp;A&amp;R&amp;8Page &amp;P of &amp;N</oddFooter>"),
            "{name}: the footer"
        );
        assert!(
            titles.contains_key(name.as_str()),
            "{name}: no rows repeated on each page"
        );
        assert!(sheet.contains("<pane "), "{name}: no frozen header");
        assert!(sheet.contains(" ySplit=\""), "{name}: no frozen header");
        // The States sheet merges its subtitle across the legend and each section's heading
        // over its columns, above the table's header row: its filter is not affected.
        if name != "States" {
            assert!(!sheet.contains("<mergeCell "), "{name}: merged cells");
        }
        assert!(name.encode_utf16().count() <= 31);
    }
    // The narrow sheets print portrait, the wide ones landscape.
    let orientation = |name: &str| {
        let sheet = xlsx::sheet_xml(&path, name);
        attr(tags(&sheet, "pageSetup")[0], "orientation")
            .unwrap()
            .to_string()
    };
    assert_eq!(orientation("Contents"), "portrait");
    assert_eq!(orientation("Audit"), "landscape");
    assert_eq!(orientation("Data Wording"), "landscape");
}

#[test]
fn the_contents_sheet_links_to_every_sheet() {
    let (wd, _) = built("circulate-contents");
    let path = wd.path("out/consolidated.xlsx");
    let names = open_workbook_auto(&path).unwrap().sheet_names();
    let contents = wd.sheet_text("out/consolidated.xlsx", "Contents");
    assert_eq!(contents[0], ["Beirut Progress Report"]);
    let header = contents
        .iter()
        .position(|r| r == &["Sheet", "What it holds"])
        .unwrap();
    let listed: Vec<&str> = contents[header + 1..]
        .iter()
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(listed, names[1..]);
    assert_eq!(
        contents[header + 1 + 1],
        [
            "States",
            "Every State at a glance: 113 States, 30 values that the sections compute about each"
        ]
    );
    assert_eq!(
        contents[header + 1 + 5],
        ["4 Universalization", "Section 4. Universalization"]
    );
    let sheet = xlsx::sheet_xml(&path, "Contents");
    let links: Vec<&str> = tags(&sheet, "hyperlink")
        .into_iter()
        .filter_map(|t| attr(t, "location"))
        .collect();
    let expected: Vec<String> = names[1..]
        .iter()
        .map(|n| format!("'{}'!A1", n.replace('\'', "''")))
        .collect();
    assert_eq!(links, expected);
}

#[test]
fn numbers_and_dates_are_formatted_and_have_room() {
    let (wd, _) = built("circulate-formats");
    let path = wd.path("out/consolidated.xlsx");
    let styles = part(&path, "xl/styles.xml");
    let formats: BTreeMap<String, String> = tags(&styles, "numFmt")
        .into_iter()
        .map(|t| {
            let code = attr(t, "formatCode").unwrap().replace("&quot;", "\"");
            (attr(t, "numFmtId").unwrap().to_string(), code)
        })
        .collect();
    let xf_section = &styles[styles.find("<cellXfs").unwrap()..];
    let xfs: Vec<String> = tags(xf_section, "xf")
        .into_iter()
        .map(|t| {
            let id = attr(t, "numFmtId").unwrap_or("0");
            formats
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("builtin {id}"))
        })
        .collect();
    // The Summary's cell holding the total amount (14,212,000 US dollars in section 9).
    let summary = xlsx::sheet_xml(&path, "Summary");
    let cell = tags(&summary, "c")
        .into_iter()
        .find(|t| {
            let at = summary.find(*t).unwrap();
            summary[at..].starts_with(&format!("{t}><v>14212000</v>"))
        })
        .expect("the Summary holds the amount");
    let style: usize = attr(cell, "s").unwrap().parse().unwrap();
    assert_eq!(xfs[style], "#,##0");
    // The dates of the Summary are long ("12 September 2011") in a column wide enough.
    let date_xf = xfs
        .iter()
        .position(|f| f == "d mmmm yyyy")
        .expect("a long date format");
    assert!(summary.contains(&format!(" s=\"{date_xf}\"")));
    assert!(col_width(&summary, 6) >= 17.0, "As of");
    // Every column that holds a long date, in every sheet, has room for the longest one
    // ("30 September 2011"): none shows as ###, however far down the date is.
    let names = open_workbook_auto(&path).unwrap().sheet_names();
    for name in &names {
        let sheet = xlsx::sheet_xml(&path, name);
        for cell in tags(&sheet, "c")
            .into_iter()
            .filter(|t| attr(t, "s") == Some(&date_xf.to_string()))
        {
            let at = attr(cell, "r").unwrap();
            let letters: String = at.chars().take_while(char::is_ascii_uppercase).collect();
            let col = letters
                .bytes()
                .fold(0, |n, b| n * 26 + u32::from(b - b'A' + 1));
            let width = col_width(&sheet, col);
            assert!(
                width >= 17.0,
                "{name}, cell {at}: a date in a column {width} wide"
            );
        }
    }
    // The section's table of amounts formats them as amounts.
    let sheet = xlsx::sheet_xml(&path, "9 Cooperation and assistance");
    let amount = tags(&sheet, "c")
        .into_iter()
        .find(|t| {
            let at = sheet.find(*t).unwrap();
            sheet[at..].starts_with(&format!("{t}><v>8250000</v>"))
        })
        .expect("the amount of bilateral contributions");
    assert_eq!(
        xfs[attr(amount, "s").unwrap().parse::<usize>().unwrap()],
        "#,##0"
    );
    // A missing amount is left empty, not 0.
    let rows = wd.sheet_text("out/consolidated.xlsx", "9 Cooperation and assistance");
    let regional = rows
        .iter()
        .find(|r| {
            r.first().map(String::as_str) == Some("regional organisation")
                && r.len() > 1
                && r[1] == "1"
        })
        .expect("the table's row for regional organisations");
    assert_eq!(regional, &["regional organisation", "1"]);
}

#[test]
fn charts_sit_below_their_tables_with_labels_axis_titles_and_legends_where_needed() {
    let (wd, _) = built("circulate-charts");
    let path = wd.path("out/consolidated.xlsx");
    let all = parts(&path);
    let charts: Vec<String> = all
        .iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .map(|(_, d)| String::from_utf8(d.clone()).unwrap())
        .collect();
    assert_eq!(charts.len(), 5);
    for chart in &charts {
        assert!(
            chart.contains("<c:showVal val=\"1\"/>"),
            "data labels:\n{chart}"
        );
        let axis_titles = chart.matches("<c:title>").count() - 1;
        assert_eq!(axis_titles, 2, "a title and two axis titles:\n{chart}");
        let series = chart.matches("<c:ser>").count();
        assert_eq!(
            chart.contains("<c:legend>"),
            series > 1,
            "legend with {series} series"
        );
        // The title is the cell above the table: a reference, shown as that cell's text.
        let title = &chart[chart.find("<c:title>").unwrap()..];
        assert!(title[..title.find("</c:title>").unwrap()].contains("<c:f>"));
    }
    // Each drawing anchors its chart in column A, below the table.
    for (name, data) in all
        .iter()
        .filter(|(n, _)| n.starts_with("xl/drawings/drawing"))
    {
        let drawing = String::from_utf8(data.clone()).unwrap();
        assert!(drawing.contains("<xdr:from><xdr:col>0</xdr:col>"), "{name}");
    }
    // The casualty chart says which part of the meeting's year it counts.
    let rows = wd.sheet_text("out/consolidated.xlsx", "8 Victim assistance");
    let text: Vec<String> = rows.concat();
    assert!(
        text.contains(&"2011 (to 13 September)".to_string()),
        "{text:?}"
    );
    assert!(text.contains(
        &"2011 counts casualties recorded up to the opening day of the 2MSP (13 September 2011), not the whole year."
            .to_string()
    ));
    assert!(broken_parts(&path).is_empty(), "{:?}", broken_parts(&path));
}

#[test]
fn the_word_document_holds_every_paragraph_and_circulated_table_of_the_report() {
    let (wd, _) = built("circulate-docx");
    let path = wd.path("out/report.docx");
    assert!(broken_parts(&path).is_empty(), "{:?}", broken_parts(&path));
    let document = part(&path, "word/document.xml");
    let word = word_text(&document);
    let md = wd.read("out/report.md");
    // Every block of report.md is a paragraph of the document, as words (without Markdown's
    // marks); its tables are the document's tables, cell by cell.
    let unmark = |s: &str| s.replace('\\', "").replace("**", "");
    let mut md_tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut in_table = false;
    for line in md.lines().filter(|l| !l.is_empty()) {
        if line.starts_with("|-") {
            continue;
        }
        if let Some(row) = line.strip_prefix("| ") {
            let cells: Vec<String> = row
                .trim_end_matches(" |")
                .split(" | ")
                .map(&unmark)
                .collect();
            if !in_table {
                md_tables.push(Vec::new());
            }
            md_tables.last_mut().unwrap().push(cells);
            in_table = true;
            continue;
        }
        in_table = false;
        let text = line
            .trim_start_matches('#')
            .trim_start()
            .trim_start_matches("- ")
            .trim_start_matches("> ")
            .trim_matches('*');
        let text = unmark(text);
        assert!(
            word.paragraphs.contains(&text),
            "report.md's {text:?} is not a paragraph of report.docx"
        );
    }
    // The circulated tables: section 9's, and the values of the five charts in report.md.
    assert_eq!(md_tables.len(), 6);
    assert_eq!(word.tables.len(), 1);
    assert_eq!(word.tables[0], md_tables[3]);
    assert_eq!(
        word.tables[0][0],
        ["Channel", "Contributions", "Amount (USD)"]
    );
    assert_eq!(word.tables[0][1], ["bilateral", "5", "8,250,000"]);
    // Paragraphs numbered through the document, questions as bullets.
    let numbered = document.matches("<w:numId w:val=\"1\" />").count();
    assert!(numbered >= 90, "{numbered} numbered paragraphs");
    assert!(document.contains("<w:numId w:val=\"2\" />"));
    // Five charts as pictures, each with its text alternative; A4; page numbers.
    assert_eq!(document.matches("<pic:pic ").count(), 5);
    let descriptions: Vec<&str> = tags(&document, "wp:docPr")
        .into_iter()
        .map(|t| attr(t, "descr").unwrap())
        .collect();
    assert_eq!(descriptions.len(), 5);
    assert!(descriptions[0].starts_with("Line chart: States Parties (by deposit) from the opening of the 1MSP to the opening of the 2MSP. States Parties: 9 November 2010 46, Nov 2010 48, Dec 2010 49"), "{}", descriptions[0]);
    // Each picture's title is its caption, with the mark of what draws on illustrative rows.
    let titles: Vec<&str> = tags(&document, "wp:docPr")
        .into_iter()
        .map(|t| attr(t, "title").unwrap())
        .collect();
    assert_eq!(
        titles[2],
        "Figure 8.1. New casualties recorded each year\u{a0}†"
    );
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\""));
    let footer = parts(&path)
        .into_iter()
        .filter(|(n, _)| n.starts_with("word/footer"))
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .collect::<String>();
    assert!(footer.contains("<w:instrText>PAGE</w:instrText>") && footer.contains("NUMPAGES"));
    assert!(
        part(&path, "docProps/core.xml").contains("<dc:title>Beirut Progress Report</dc:title>")
    );
    let media = parts(&path)
        .into_iter()
        .filter(|(n, _)| n.starts_with("word/media/") && n.ends_with(".png"))
        .count();
    assert_eq!(media, 5);
}

#[test]
fn the_html_has_the_tables_and_the_charts_with_a_text_alternative() {
    let (wd, _) = built("circulate-html");
    let html = wd.read("out/report.html");
    assert!(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">"));
    assert!(!html.contains("<script"));
    assert_eq!(html.matches("<svg ").count(), 5);
    assert_eq!(html.matches("<figure>").count(), 5);
    // Section 9's table, and each chart's values folded under it.
    assert_eq!(html.matches("<table>").count(), 6);
    // Captions carry the mark of what draws on illustrative rows, linked to its note.
    let mark = " <sup class=\"illustrative\"><a href=\"#illustrative\"";
    assert!(html.contains(&format!(
        "<caption>Table 9.1. Amounts reported by channel{mark}"
    )));
    assert!(html.contains("<td>bilateral</td><td class=\"n\">5</td><td class=\"n\">8,250,000</td>"));
    assert!(html.contains(&format!(
        "<figcaption>Figure 8.1. New casualties recorded each year{mark}"
    )));
    assert!(html.contains("<title>Figure 8.1. New casualties recorded each year †</title>"));
    assert!(html.contains("<desc>Column chart: New casualties recorded each year. Casualties (killed and injured): 2009 84, 2010 71 and 2011 (to 13 September) 63."));
    // Printed, a heading stays with what follows it.
    assert!(html.contains("h1, h2, h3, caption, figcaption, p.questions { break-after: avoid; page-break-after: avoid; }"));
    // The tables that name States are in the workbook only.
    assert!(!html.contains("States that joined since the 1MSP"));
    assert!(!wd
        .read("out/report.md")
        .contains("States that joined since the 1MSP"));
}
