//! The narrative report as Markdown: a consumer of the walk (`narrative`). Figures, tables
//! and charts are in the workbook and not shown here yet.

use std::fmt::{Result, Write};

use super::narrative::{self, Item, Mark, NotProduced, Reader, Texts, ILLUSTRATIVE_NOTE, MARK};
use crate::model::report::Report;
use crate::model::table::Dataset;

pub fn render(report: &Report, _dataset: &Dataset) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_items(&mut out, report);
    // Every block ends with a blank line: the last one's goes.
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn write_items(out: &mut String, report: &Report) -> Result {
    for item in narrative::walk(report) {
        match item {
            Item::Title {
                title,
                subtitle,
                period,
            } => {
                writeln!(out, "# {title}\n")?;
                if let Some(sub) = subtitle {
                    writeln!(out, "*{sub}*\n")?;
                }
                if let Some(period) = period {
                    writeln!(out, "{period}\n")?;
                }
            }
            Item::IllustrativeNote => writeln!(out, "> {MARK} {ILLUSTRATIVE_NOTE}\n")?,
            Item::SectionStart(heading) => writeln!(out, "## {heading}\n")?,
            Item::NotProduced(notice) => writeln!(
                out,
                "> **{}** {}\n",
                NotProduced::LEAD,
                notice.rest(Reader::Document)
            )?,
            Item::Paragraph(p) => writeln!(out, "{p}{}\n", mark(p.mark))?,
            Item::Heading(h) => writeln!(out, "### {h}{}\n", mark(h.mark))?,
            Item::Bullets(items) => list(out, items)?,
            Item::Challenges { heading, items } => {
                writeln!(out, "### {heading}\n")?;
                for ch in items {
                    writeln!(out, "{ch}{}\n", mark(ch.mark))?;
                }
            }
            Item::Questions { intro, items } => {
                writeln!(out, "{intro}{}\n", mark(intro.mark))?;
                list(out, items)?;
            }
            Item::Figures(_) | Item::Table(..) | Item::Chart(..) | Item::SectionEnd => {}
        }
    }
    Ok(())
}

/// A bulleted list and the blank line after it.
fn list(out: &mut String, items: Texts) -> Result {
    for i in items {
        writeln!(out, "- {i}{}", mark(i.mark))?;
    }
    writeln!(out)
}

/// The mark after a text that draws, or may draw, on illustrative rows: " †".
fn mark(m: Mark) -> String {
    match m {
        Mark::Illustrative => format!(" {MARK}"),
        Mark::None => String::new(),
    }
}
