//! The report as a Word document for circulation (report.docx): a consumer of the walk of the
//! circulated documents (`narrative::circulated`), laid out as United Nations documents are.
//! A title block; each section's heading; its paragraphs numbered consecutively through the
//! whole document (1., 2., ...), the questions as bullets; the report's tables as Word tables
//! and its charts as pictures (`chart`), each under a numbered caption; on A4 with the page
//! number in the footer. Headings and captions are kept with what follows them, and a table's
//! rows are not split across pages.
//!
//! A text, table or chart that draws, or may draw, on illustrative rows is followed by the
//! mark (" †"; for a table or chart, in its caption, and in a picture's title), explained once
//! by the note after the title block.
//!
//! docx-rs writes the package. Two things it does not set are mended in the written package
//! (`finish`): every picture gets its own id, its title and its text alternative, and the
//! document its title; the creation date is fixed, so that two builds of the same inputs give the same file.

use std::io::{Cursor, Read, Write};

use anyhow::{Context, Result};
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, IndentLevel, Level, LevelJc, LevelText,
    LineSpacing, NumPages, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic, Run,
    RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};

use super::chart;
use super::narrative::{self, Captions, Item, Mark, NotProduced, Reader, ILLUSTRATIVE_NOTE, MARK};
use crate::model::report::{self, NumberFormat, Report, ReportTable};
use crate::model::value::Value;

/// A4 in twentieths of a point, and margins of 2.5 cm.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_418;
/// The text's width, in twentieths of a point.
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN as u32;
/// English Metric Units in a pixel of the charts' pictures (96 to the inch).
const EMU_PER_PX: u32 = 9_525;

/// The numberings: paragraphs numbered through the document, and bullets.
const PARAGRAPHS: usize = 1;
const BULLETS: usize = 2;

/// Body text: Times New Roman, 12 points (sizes are in half-points).
const BODY_SIZE: usize = 24;

fn styles(docx: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .size(size)
            .bold()
            .based_on("Normal")
            .next("Normal")
    };
    docx.add_style(heading("Title", "Title", 34))
        .add_style(heading("Heading1", "heading 1", 28))
        .add_style(heading("Heading2", "heading 2", 24))
        .add_style(heading("Caption", "caption", 22))
        .add_style(
            Style::new("Subtitle", StyleType::Paragraph)
                .name("Subtitle")
                .italic()
                .based_on("Normal"),
        )
        .add_style(
            // The footer's text and its page number fields alike: a field's run has no size
            // of its own, it takes the paragraph's.
            Style::new("Footer", StyleType::Paragraph)
                .name("footer")
                .size(18)
                .based_on("Normal"),
        )
        .add_style(
            Style::new("Note", StyleType::Paragraph)
                .name("Note")
                .size(20)
                .italic()
                .based_on("Normal"),
        )
}

fn numberings(docx: Docx) -> Docx {
    // UN documents number their paragraphs at the margin, the text indented after a tab.
    let numbered = AbstractNumbering::new(PARAGRAPHS).add_level(
        Level::new(
            0,
            Start::new(1),
            docx_rs::NumberFormat::new("decimal"),
            LevelText::new("%1."),
            LevelJc::new("left"),
        )
        .indent(Some(567), Some(SpecialIndentType::Hanging(567)), None, None),
    );
    let bullets = AbstractNumbering::new(BULLETS).add_level(
        Level::new(
            0,
            Start::new(1),
            docx_rs::NumberFormat::new("bullet"),
            LevelText::new("•"),
            LevelJc::new("left"),
        )
        .indent(
            Some(1134),
            Some(SpecialIndentType::Hanging(567)),
            None,
            None,
        ),
    );
    docx.add_abstract_numbering(numbered)
        .add_numbering(Numbering::new(PARAGRAPHS, PARAGRAPHS))
        .add_abstract_numbering(bullets)
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

fn run(text: &str) -> Run {
    Run::new().add_text(text)
}

/// `text` with the mark after it when it draws, or may draw, on illustrative rows: "… †".
fn marked(text: &str, mark: Mark) -> String {
    match mark {
        Mark::Illustrative if text.is_empty() => MARK.to_string(),
        // A no-break space: Word would otherwise put a lone † at the start of a line.
        Mark::Illustrative => format!("{text}\u{a0}{MARK}"),
        Mark::None => text.to_string(),
    }
}

fn spaced(p: Paragraph, after: u32) -> Paragraph {
    p.line_spacing(LineSpacing::new().after(after))
}

fn numbered(text: &str) -> Paragraph {
    spaced(Paragraph::new().add_run(run(text)), 120)
        .numbering(NumberingId::new(PARAGRAPHS), IndentLevel::new(0))
        .align(AlignmentType::Both)
}

fn bullet(text: &str) -> Paragraph {
    spaced(Paragraph::new().add_run(run(text)), 60)
        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
}

/// A heading kept on the page of what follows it.
fn heading(text: &str, style: &str) -> Paragraph {
    spaced(
        Paragraph::new()
            .style(style)
            .add_run(run(text))
            .keep_next(true),
        120,
    )
}

/// A table's cell: its text, right-aligned for a number.
fn cell(v: &Value, format: NumberFormat, header: bool) -> TableCell {
    let (text, right) = match v {
        Value::Number(n) => (format.text(*n), true),
        other => (other.to_string(), false),
    };
    let mut r = run(&text).size(20);
    if header {
        r = r.bold();
    }
    let mut p = Paragraph::new().add_run(r);
    if right {
        p = p.align(AlignmentType::Right);
    }
    let c = TableCell::new().add_paragraph(p);
    if header {
        c.shading(Shading::new().fill("DDE7F0"))
    } else {
        c
    }
}

fn table(t: &ReportTable) -> Table {
    let columns = t.columns.len().max(1);
    let width = TEXT_WIDTH as usize / columns;
    let header = TableRow::new(
        t.columns
            .iter()
            .map(|c| cell(&Value::text(c), NumberFormat::Plain, true).width(width, WidthType::Dxa))
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for r in &t.rows {
        rows.push(
            TableRow::new(
                (0..t.columns.len())
                    .map(|c| {
                        cell(r.get(c).unwrap_or(&Value::Empty), t.format(c), false)
                            .width(width, WidthType::Dxa)
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(vec![width; t.columns.len()])
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
}

/// A picture's title (its caption, with the mark) and text alternative, for [`finish`].
struct Described {
    title: String,
    description: String,
}

/// The document's paragraphs, tables and pictures, from the walk; the pictures' titles and
/// texts alternative, in order, for [`finish`].
fn body(report: &Report, mut docx: Docx) -> (Docx, Vec<Described>) {
    let mut captions = Captions::default();
    let mut descriptions = Vec::new();
    for item in narrative::circulated(report) {
        match item {
            Item::Title {
                title,
                subtitle,
                period,
            } => {
                docx = docx.add_paragraph(spaced(
                    Paragraph::new().style("Title").add_run(run(title)),
                    240,
                ));
                for line in [subtitle, period].into_iter().flatten() {
                    docx = docx.add_paragraph(spaced(
                        Paragraph::new().style("Subtitle").add_run(run(line)),
                        120,
                    ));
                }
            }
            Item::IllustrativeNote => {
                let note = format!("{MARK} {ILLUSTRATIVE_NOTE}");
                docx = docx.add_paragraph(spaced(
                    Paragraph::new().style("Note").add_run(run(&note)),
                    240,
                ));
            }
            Item::SectionStart(h) => {
                captions.start(&h);
                docx = docx.add_paragraph(
                    heading(&h.to_string(), "Heading1")
                        .line_spacing(LineSpacing::new().before(360).after(120)),
                );
            }
            Item::NotProduced(notice) => {
                docx = docx.add_paragraph(spaced(
                    Paragraph::new()
                        .add_run(run(NotProduced::LEAD).bold().italic())
                        .add_run(run(&format!(" {}", notice.rest(Reader::Document))).italic()),
                    120,
                ));
            }
            Item::Paragraph(p) => docx = docx.add_paragraph(numbered(&marked(&p, p.mark))),
            Item::Heading(h) => docx = docx.add_paragraph(heading(&marked(&h, h.mark), "Heading2")),
            Item::Bullets(items) => {
                for i in items {
                    docx = docx.add_paragraph(bullet(&marked(&i, i.mark)));
                }
            }
            Item::Challenges { heading: h, items } => {
                docx = docx.add_paragraph(heading(h, "Heading2"));
                for c in items {
                    docx = docx.add_paragraph(numbered(&marked(&c, c.mark)));
                }
            }
            Item::Questions { intro, items } => {
                let intro = marked(&intro, intro.mark);
                docx = docx.add_paragraph(numbered(&intro).keep_next(true));
                for q in items {
                    docx = docx.add_paragraph(bullet(&marked(&q, q.mark)));
                }
            }
            // Left out of the circulated walk; listed for the match to be whole.
            Item::Figures(_) => {}
            Item::Table(t) => {
                let caption = marked(&captions.table(&t.title), Mark::from(t.marked));
                docx = docx
                    .add_paragraph(heading(&caption, "Caption"))
                    .add_table(table(t))
                    .add_paragraph(spaced(Paragraph::new(), 120));
            }
            Item::Chart(c) => {
                let caption = marked(&captions.figure(&c.title), Mark::from(c.marked));
                docx = docx.add_paragraph(heading(&caption, "Caption"));
                docx = picture(docx, c, caption, &mut descriptions);
            }
            Item::SectionEnd => {}
        }
    }
    (docx, descriptions)
}

/// A chart as a picture the width of the text, and its note; a chart with nothing to draw
/// says so instead. The picture's title is its caption: a picture is often copied on its own,
/// and its mark goes with it.
fn picture(
    docx: Docx,
    c: &report::Chart,
    caption: String,
    descriptions: &mut Vec<Described>,
) -> Docx {
    let Some(scene) = chart::layout(c) else {
        return docx.add_paragraph(spaced(
            Paragraph::new()
                .style("Note")
                .add_run(run("No data yet: this chart has no categories.")),
            120,
        ));
    };
    let png = scene.png(2.0);
    let (w, h) = (scene.width as u32, scene.height as u32);
    let max = TEXT_WIDTH / 15; // in pixels: twentieths of a point at 96 pixels to the inch
    let (w_px, h_px) = if w > max { (max, h * max / w) } else { (w, h) };
    let pic =
        Pic::new_with_dimensions(png, w * 2, h * 2).size(w_px * EMU_PER_PX, h_px * EMU_PER_PX);
    descriptions.push(Described {
        title: caption,
        description: chart::describe(c),
    });
    let mut docx = docx.add_paragraph(
        spaced(Paragraph::new().add_run(Run::new().add_image(pic)), 60).keep_lines(true),
    );
    if let Some(note) = &c.note {
        docx = docx.add_paragraph(spaced(
            Paragraph::new().style("Note").add_run(run(note)),
            120,
        ));
    } else {
        docx = docx.add_paragraph(spaced(Paragraph::new(), 60));
    }
    docx
}

/// The Word document of `report`, as the bytes of a .docx file; `created` is its date
/// (yyyy-mm-dd).
pub fn render(report: &Report, created: &str) -> Result<Vec<u8>> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .align(AlignmentType::Center)
            .add_run(run(&report.title))
            .add_run(run(" — page "))
            .add_page_num(PageNum::new())
            .add_run(run(" of "))
            .add_num_pages(NumPages::new()),
    );
    let docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 708,
            footer: 708,
            gutter: 0,
        })
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman"),
        )
        .default_size(BODY_SIZE)
        .footer(footer)
        .created_at(&format!("{created}T00:00:00Z"))
        .updated_at(&format!("{created}T00:00:00Z"));
    let (docx, descriptions) = body(report, numberings(styles(docx)));
    let mut packed = Vec::new();
    docx.build()
        .pack(Cursor::new(&mut packed))
        .context("cannot write the Word document")?;
    finish(&packed, &report.title, &descriptions)
}

/// The package docx-rs wrote, with each picture's own id, title and text alternative, and the
/// document's title.
fn finish(packed: &[u8], title: &str, descriptions: &[Described]) -> Result<Vec<u8>> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(packed)).context("reading back the Word document")?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        let name = entry.name()?.to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if name == "word/document.xml" {
            data = pictures(&String::from_utf8_lossy(&data), descriptions).into_bytes();
        } else if name == "docProps/core.xml" {
            data = titled(&String::from_utf8_lossy(&data), title).into_bytes();
        }
        // A picture is compressed already: it is stored as it is.
        let options = if name.ends_with(".png") {
            options.compression_method(zip::CompressionMethod::Stored)
        } else {
            options
        };
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}

/// `document.xml` with each picture's `docPr` given its own id, a name, a title and a
/// description.
fn pictures(xml: &str, descriptions: &[Described]) -> String {
    let esc = |s: &str| crate::write::html::escape(s).replace('\n', " ");
    let mut out = String::with_capacity(
        xml.len()
            + descriptions
                .iter()
                .map(|d| d.title.len() + d.description.len())
                .sum::<usize>(),
    );
    let mut rest = xml;
    let mut n = 0;
    while let Some(i) = rest.find("<wp:docPr ") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("/>").map_or(rest.len(), |e| i + e + 2);
        n += 1;
        let (title, descr) = descriptions
            .get(n - 1)
            .map_or((String::new(), String::new()), |d| {
                (esc(&d.title), esc(&d.description))
            });
        out.push_str(&format!(
            "<wp:docPr id=\"{n}\" name=\"Chart {n}\" descr=\"{descr}\" title=\"{title}\"/>"
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `core.xml` with the document's title.
fn titled(xml: &str, title: &str) -> String {
    let title = crate::write::html::escape(title);
    match xml.find("</cp:coreProperties>") {
        Some(i) if !xml.contains("<dc:title>") => {
            format!("{}<dc:title>{title}</dc:title>{}", &xml[..i], &xml[i..])
        }
        _ => xml.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_picture_gets_its_id_and_description() {
        let xml =
            r#"<a><wp:docPr id="1" name="Figure" /><b/><wp:docPr id="1" name="Figure" /></a>"#;
        let described = |title: &str, description: &str| Described {
            title: title.into(),
            description: description.into(),
        };
        assert_eq!(
            pictures(
                xml,
                &[
                    described("Figure 1.1. <x> †", "Bar chart: <x> & y."),
                    described("Figure 1.2", "Pie chart."),
                ]
            ),
            "<a><wp:docPr id=\"1\" name=\"Chart 1\" descr=\"Bar chart: &lt;x&gt; &amp; y.\" title=\"Figure 1.1. &lt;x&gt; †\"/><b/><wp:docPr id=\"2\" name=\"Chart 2\" descr=\"Pie chart.\" title=\"Figure 1.2\"/></a>"
        );
        assert_eq!(
            titled("<cp:coreProperties><x/></cp:coreProperties>", "A & B"),
            "<cp:coreProperties><x/><dc:title>A &amp; B</dc:title></cp:coreProperties>"
        );
    }
}
