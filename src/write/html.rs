//! The narrative report as one self-contained, printable HTML page: a consumer of the walk of
//! the circulated documents (`narrative::circulated`), with the report's tables and its charts
//! drawn as SVG (`chart`), each chart with a text alternative and the table of its data.
//!
//! Every text is escaped, and the page's Content-Security-Policy allows no script, no outside
//! resource and no form: opened from a mail or a shared folder, it can only be read.
//!
//! A text, table or chart that draws, or may draw, on illustrative rows is followed by the
//! mark, a dagger linked to the note after the title that explains it.

use std::fmt::{Result, Write};

use super::chart;
use super::narrative::{
    self, Captions, Item, Mark, NotProduced, Reader, Texts, ILLUSTRATIVE_NOTE, MARK,
};
use super::workbook::{AUDIT, SUMMARY};
use super::WORKBOOK;
use crate::model::report::{Chart, Report, ReportTable};
use crate::model::table::Dataset;
use crate::model::value::Value;

/// What the page may load or run: its own inline styles and nothing else.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

/// `s` as HTML (and XML) text or attribute value; characters no XML holds are left out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c != '\n'
                && c != '\t'
                && (c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}') => {}
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
  table { border-collapse: collapse; margin: .5em 0 1.2em; font-size: .92em; }
  caption, figcaption { font-weight: bold; text-align: left; margin-bottom: .3em; }
  th, td { border: 1px solid #bbb; padding: .2em .5em; vertical-align: top; }
  th { background: #dde7f0; text-align: left; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  figure { margin: 1em 0 1.5em; }
  figure svg { max-width: 100%; height: auto; display: block; }
  details { font-size: .9em; margin-top: .3em; }
  .note { font-style: italic; color: #444; font-size: .92em; }
  footer { margin-top: 3em; font-size: .85em; color: #555; }
  @media (max-width: 40em) { body { margin: 1em auto; } table { font-size: .85em; } }
  @media print {
    body { margin: 0; max-width: none; }
    h1, h2, h3, caption, figcaption, p.questions { break-after: avoid; page-break-after: avoid; }
    /* A heading takes room for what follows it, so that it is never last on a page. */
    h2::after, h3::after { content: ""; display: block; height: 4em; margin-bottom: -4em; }
    figure, tr, li { break-inside: avoid; page-break-inside: avoid; }
    thead { display: table-header-group; }
    details { display: none; }
    @page { size: A4; margin: 2cm; }
  }
"#;

pub fn render(report: &Report, dataset: &Dataset) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_page(&mut out, report, dataset);
    out
}

fn write_page(out: &mut String, report: &Report, dataset: &Dataset) -> Result {
    let mut captions = Captions::default();
    for item in narrative::circulated(report) {
        match item {
            Item::Title {
                title,
                subtitle,
                period,
            } => {
                let title = escape(title);
                write!(
                    out,
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
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
                captions.start(&heading);
                writeln!(out, "<section>\n<h2>{}</h2>", escape(&heading.to_string()))?;
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
            // Left out of the circulated walk; listed for the match to be whole.
            Item::Figures(_) => {}
            Item::Table(t) => {
                table(out, t, &captions.table(&t.title), Mark::from(t.marked))?;
            }
            Item::Chart(c) => {
                figure(out, c, &captions.figure(&c.title), Mark::from(c.marked))?;
            }
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

/// A table with its caption (and its mark), a header row and the numbers right-aligned.
fn table(out: &mut String, t: &ReportTable, caption: &str, m: Mark) -> Result {
    let shown = escape(caption);
    writeln!(out, "<table>\n<caption>{shown}{}</caption>", mark(m))?;
    out.push_str("<thead><tr>");
    for c in &t.columns {
        write!(out, "<th scope=\"col\">{}</th>", escape(c))?;
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        out.push_str("<tr>");
        for c in 0..t.columns.len() {
            match r.get(c) {
                Some(Value::Number(n)) => {
                    write!(out, "<td class=\"n\">{}</td>", t.format(c).text(*n))?;
                }
                Some(v) => write!(out, "<td>{}</td>", escape(&v.to_string()))?,
                None => out.push_str("<td></td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    Ok(())
}

/// A chart as SVG under its caption (and its mark), with its text alternative (the SVG's
/// title and description) and, folded away, the table of its data.
fn figure(out: &mut String, c: &Chart, caption: &str, m: Mark) -> Result {
    let shown = escape(caption);
    writeln!(out, "<figure>\n<figcaption>{shown}{}</figcaption>", mark(m))?;
    let Some(scene) = chart::layout(c) else {
        out.push_str(
            "<p class=\"note\">No data yet: this chart has no categories.</p>\n</figure>\n",
        );
        return Ok(());
    };
    // The picture's own title carries the mark too: an SVG is often copied on its own.
    let title = match m {
        Mark::Illustrative => format!("{caption} {MARK}"),
        Mark::None => caption.to_string(),
    };
    writeln!(out, "{}", scene.svg(&title, &chart::describe(c)))?;
    if let Some(note) = &c.note {
        writeln!(out, "<p class=\"note\">{}</p>", escape(note))?;
    }
    let (columns, rows) = c.as_table();
    let mut formats = vec![None];
    formats.extend(c.series.iter().map(|_| Some(c.number_format())));
    out.push_str("<details><summary>The chart's data</summary>\n");
    table(
        out,
        &ReportTable {
            columns,
            rows,
            formats,
            ..Default::default()
        },
        caption,
        m,
    )?;
    out.push_str("</details>\n</figure>\n");
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
