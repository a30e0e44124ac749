//! The narrative report as Markdown: a consumer of the walk of the circulated documents
//! (`narrative::circulated`), with the report's tables as Markdown tables and each chart as
//! the table of its data under its caption.
//!
//! Every text from a cell or a plugin is escaped ([`text`]): it reads as the words it is, and
//! can never become markup of its own (HTML, a link, a heading forged with a line break).
//!
//! A text, table or chart that draws, or may draw, on illustrative rows is followed by the
//! mark (" †"; for a table or chart, in its caption), explained once by the note after the
//! title.

use std::fmt::{Result, Write};

use super::narrative::{
    self, Captions, Item, Mark, NotProduced, Reader, Texts, ILLUSTRATIVE_NOTE, MARK,
};
use crate::model::report::{Chart, NumberFormat, Report, ReportTable};
use crate::model::table::Dataset;
use crate::model::value::Value;

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

/// `s` as a Markdown block of text that shows as it is: [`inline`], and nothing at its start
/// that would make it a heading, a list, a quote or a rule.
pub fn text(s: &str) -> String {
    let mut out = inline(s);
    let first = out.chars().next();
    if matches!(first, Some('#' | '-' | '+' | '=')) {
        out.insert(0, '\\');
    } else if let Some(end) = out.find(|c: char| !c.is_ascii_digit()) {
        if end > 0 && end <= 9 && matches!(out[end..].chars().next(), Some('.' | ')')) {
            out.insert(end, '\\');
        }
    }
    out
}

/// `s` as Markdown text within a line (a heading, a table's cell): on one line (a line break
/// would start a new block), with the characters that make markup escaped.
pub fn inline(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len() + 8);
    let chars: Vec<char> = one_line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
        match c {
            // Between two letters or digits an underscore makes no emphasis ("add_years").
            '_' if i > 0 && word(chars.get(i - 1)) && word(chars.get(i + 1)) => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // An entity (&lt;, &#60;) would be read as the character it names.
            '&' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            _ => out.push(c),
        }
    }
    out
}

fn write_items(out: &mut String, report: &Report) -> Result {
    let mut captions = Captions::default();
    for item in narrative::circulated(report) {
        match item {
            Item::Title {
                title,
                subtitle,
                period,
            } => {
                writeln!(out, "# {}\n", inline(title))?;
                if let Some(sub) = subtitle {
                    writeln!(out, "*{}*\n", inline(sub))?;
                }
                if let Some(period) = period {
                    writeln!(out, "{}\n", text(period))?;
                }
            }
            Item::IllustrativeNote => writeln!(out, "> {MARK} {}\n", text(ILLUSTRATIVE_NOTE))?,
            Item::SectionStart(heading) => {
                captions.start(&heading);
                writeln!(out, "## {}\n", inline(&heading.to_string()))?;
            }
            Item::NotProduced(notice) => writeln!(
                out,
                "> **{}** {}\n",
                NotProduced::LEAD,
                text(&notice.rest(Reader::Document))
            )?,
            Item::Paragraph(p) => writeln!(out, "{}{}\n", text(&p), mark(p.mark))?,
            Item::Heading(h) => writeln!(out, "### {}{}\n", inline(&h), mark(h.mark))?,
            Item::Bullets(items) => list(out, items)?,
            Item::Challenges { heading, items } => {
                writeln!(out, "### {heading}\n")?;
                for ch in items {
                    writeln!(out, "{}{}\n", text(&ch), mark(ch.mark))?;
                }
            }
            Item::Questions { intro, items } => {
                writeln!(out, "{}{}\n", text(&intro), mark(intro.mark))?;
                list(out, items)?;
            }
            // Left out of the circulated walk; listed for the match to be whole.
            Item::Figures(_) | Item::SectionEnd => {}
            Item::Table(t) => {
                let caption = inline(&captions.table(&t.title));
                writeln!(out, "**{caption}{}**\n", mark(Mark::from(t.marked)))?;
                table(out, t)?;
            }
            Item::Chart(c) => {
                let caption = inline(&captions.figure(&c.title));
                writeln!(out, "**{caption}{}**\n", mark(Mark::from(c.marked)))?;
                chart(out, c)?;
            }
        }
    }
    Ok(())
}

/// A table: its header, a rule that right-aligns the columns of numbers, and its rows.
fn table(out: &mut String, t: &ReportTable) -> Result {
    if t.columns.is_empty() {
        return Ok(());
    }
    let numeric: Vec<bool> = (0..t.columns.len())
        .map(|c| {
            t.rows
                .iter()
                .any(|r| matches!(r.get(c), Some(Value::Number(_))))
                && t.rows
                    .iter()
                    .all(|r| matches!(r.get(c), Some(Value::Number(_) | Value::Empty) | None))
        })
        .collect();
    let header: Vec<String> = t.columns.iter().map(|c| inline(c)).collect();
    writeln!(out, "| {} |", header.join(" | "))?;
    let rule: Vec<&str> = numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", rule.join("|"))?;
    for r in &t.rows {
        let cells: Vec<String> = (0..t.columns.len())
            .map(|c| match r.get(c) {
                Some(Value::Number(n)) => t.format(c).text(*n),
                Some(v) => inline(&v.to_string()),
                None => String::new(),
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    writeln!(out)
}

/// A chart, as the table of its data (Markdown has no pictures of its own), and its note.
fn chart(out: &mut String, c: &Chart) -> Result {
    if c.categories.is_empty() {
        return writeln!(out, "*No data yet: this chart has no categories.*\n");
    }
    let (columns, rows) = c.as_table();
    let mut formats = vec![Some(NumberFormat::Plain)];
    formats.extend(c.series.iter().map(|_| Some(c.number_format())));
    table(
        out,
        &ReportTable {
            columns,
            rows,
            formats,
            ..Default::default()
        },
    )?;
    if let Some(note) = &c.note {
        writeln!(out, "*{}*\n", inline(note))?;
    }
    Ok(())
}

/// A bulleted list and the blank line after it.
fn list(out: &mut String, items: Texts) -> Result {
    for i in items {
        writeln!(out, "- {}{}", text(&i), mark(i.mark))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_cells_cannot_become_markup() {
        assert_eq!(
            text("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)\\>"
        );
        assert_eq!(
            text("[click](javascript:alert(1))"),
            "\\[click\\](javascript:alert(1))"
        );
        assert_eq!(text("one\n# Forged heading"), "one # Forged heading");
        assert_eq!(text("# Heading"), "\\# Heading");
        assert_eq!(text("2011. A year"), "2011\\. A year");
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(text("plugins/02_x.lua _y_"), "plugins/02_x.lua \\_y\\_");
        assert_eq!(text("&lt;b&gt; & co"), "\\&lt;b\\&gt; & co");
        assert_eq!(text("42 States Parties (62%)"), "42 States Parties (62%)");
        // Within a line (a heading), a number and a full stop are only text.
        assert_eq!(inline("4. Universalization"), "4. Universalization");
    }
}
