//! The narrative report as one self-contained, printable HTML page: a consumer of the walk
//! (`narrative`). Figures, tables and charts are in the workbook and not shown here yet.

use std::fmt::{Result, Write};

use super::narrative::{self, Item, Mark, NotProduced, Reader, Texts, ILLUSTRATIVE_NOTE, MARK};
use super::workbook::{AUDIT, SUMMARY};
use super::WORKBOOK;
use crate::model::report::Report;
use crate::model::table::Dataset;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
  body { font-family: "Times New Roman", Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
         line-height: 1.45; color: #111; }
  h1 { font-size: 1.7em; margin-bottom: .2em; }
  .period { font-style: italic; color: #444; margin-top: 0; }
  h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #bbb; padding-bottom: .15em; }
  h3 { font-size: 1.05em; margin-top: 1.2em; }
  p.questions { font-weight: bold; }
  .failed { border-left: 4px solid #b00; background: #fdf2f2; padding: .5em 1em; }
  .illustrative-note { border-left: 4px solid #b60; background: #fdf6ec; padding: .5em 1em; }
  sup.illustrative a { color: #b60; text-decoration: none; }
  footer { margin-top: 3em; font-size: .85em; color: #555; }
  @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } @page { size: A4; margin: 2cm; } }
"#;

pub fn render(report: &Report, dataset: &Dataset) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_page(&mut out, report, dataset);
    out
}

fn write_page(out: &mut String, report: &Report, dataset: &Dataset) -> Result {
    for item in narrative::walk(report) {
        match item {
            Item::Title {
                title,
                subtitle,
                period,
            } => {
                let title = escape(title);
                write!(
                    out,
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
                )?;
                writeln!(out, "<h1>{title}</h1>")?;
                for line in [subtitle, period].into_iter().flatten() {
                    writeln!(out, "<p class=\"period\">{}</p>", escape(line))?;
                }
            }
            Item::IllustrativeNote => writeln!(
                out,
                "<p class=\"illustrative-note\" id=\"illustrative\">{MARK} {}</p>",
                escape(ILLUSTRATIVE_NOTE)
            )?,
            Item::SectionStart(heading) => {
                writeln!(out, "<section>\n<h2>{}</h2>", escape(&heading.to_string()))?
            }
            Item::NotProduced(notice) => writeln!(
                out,
                "<p class=\"failed\"><strong>{}</strong> {}</p>",
                NotProduced::LEAD,
                escape(&notice.rest(Reader::Document))
            )?,
            Item::Paragraph(p) => writeln!(out, "<p>{}{}</p>", escape(&p), mark(p.mark))?,
            Item::Heading(h) => writeln!(out, "<h3>{}{}</h3>", escape(&h), mark(h.mark))?,
            Item::Bullets(items) => list(out, items)?,
            Item::Challenges { heading, items } => {
                writeln!(out, "<h3>{heading}</h3>")?;
                for ch in items {
                    writeln!(out, "<p>{}{}</p>", escape(&ch), mark(ch.mark))?;
                }
            }
            Item::Questions { intro, items } => {
                let text = escape(&intro);
                writeln!(out, "<p class=\"questions\">{text}{}</p>", mark(intro.mark))?;
                list(out, items)?;
            }
            Item::Figures(_) | Item::Table(..) | Item::Chart(..) => {}
            Item::SectionEnd => out.push_str("</section>\n"),
        }
    }
    writeln!(
        out,
        "<footer>Prepared with actionplan from {}. Figures and the rows behind them are in {WORKBOOK} (sheets {SUMMARY} and {AUDIT}).</footer>",
        crate::text::grammar::count(dataset.inputs.len() as i64, "workbook"),
    )?;
    out.push_str("</body>\n</html>\n");
    Ok(())
}

/// A bulleted list.
fn list(out: &mut String, items: Texts) -> Result {
    out.push_str("<ul>\n");
    for i in items {
        writeln!(out, "<li>{}{}</li>", escape(&i), mark(i.mark))?;
    }
    out.push_str("</ul>\n");
    Ok(())
}

/// The mark after a text that draws, or may draw, on illustrative rows: a dagger that links
/// to the note explaining it.
fn mark(m: Mark) -> String {
    match m {
        Mark::Illustrative => format!(
            " <sup class=\"illustrative\"><a href=\"#illustrative\" title=\"drawn, or possibly drawn, from an illustrative sample\">{MARK}</a></sup>"
        ),
        Mark::None => String::new(),
    }
}
