//! The narrative report as one self-contained, printable HTML page.

use std::fmt::Write;

use super::workbook::DEFAULT_QUESTIONS_INTRO;
use crate::model::report::{Block, Outcome, Report};
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
  footer { margin-top: 3em; font-size: .85em; color: #555; }
  @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } @page { size: A4; margin: 2cm; } }
"#;

pub fn render(report: &Report, dataset: &Dataset) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&report.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&report.title));
    if let Some(sub) = &report.subtitle {
        let _ = writeln!(out, "<p class=\"period\">{}</p>", escape(sub));
    }
    if let Some(period) = &report.period {
        let _ = writeln!(out, "<p class=\"period\">{}</p>", escape(period));
    }
    for s in &report.sections {
        let _ = writeln!(
            out,
            "<section>\n<h2>{}</h2>",
            escape(&s.heading().to_string())
        );
        match &s.outcome {
            Outcome::Failed(reason) => {
                let _ = writeln!(
                    out,
                    "<p class=\"failed\"><strong>This section was not produced:</strong> {}. The problem is listed in the Problems sheet of consolidated.xlsx.</p>",
                    escape(reason)
                );
            }
            Outcome::Produced(c) => {
                for block in &c.blocks {
                    match block {
                        Block::Paragraph(p) => {
                            let _ = writeln!(out, "<p>{}</p>", escape(p));
                        }
                        Block::Heading(h) => {
                            let _ = writeln!(out, "<h3>{}</h3>", escape(h));
                        }
                        Block::Bullets(items) => {
                            out.push_str("<ul>\n");
                            for i in items {
                                let _ = writeln!(out, "<li>{}</li>", escape(i));
                            }
                            out.push_str("</ul>\n");
                        }
                    }
                }
                if !c.challenges.is_empty() {
                    out.push_str("<h3>Challenges</h3>\n");
                    for ch in &c.challenges {
                        let _ = writeln!(out, "<p>{}</p>", escape(ch));
                    }
                }
                if !c.questions.is_empty() {
                    let _ = writeln!(
                        out,
                        "<p class=\"questions\">{}</p>\n<ul>",
                        escape(
                            c.questions_intro
                                .as_deref()
                                .unwrap_or(DEFAULT_QUESTIONS_INTRO)
                        )
                    );
                    for q in &c.questions {
                        let _ = writeln!(out, "<li>{}</li>", escape(q));
                    }
                    out.push_str("</ul>\n");
                }
            }
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>Prepared with actionplan from {}. Figures and the rows behind them are in consolidated.xlsx (sheets Summary and Audit).</footer>",
        crate::text::grammar::count(dataset.inputs.len() as i64, "workbook")
    );
    out.push_str("</body>\n</html>\n");
    out
}
