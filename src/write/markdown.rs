//! The narrative report as Markdown: title, then each section's paragraphs, Challenges and
//! Questions, in report order.

use std::fmt::Write;

use super::workbook::DEFAULT_QUESTIONS_INTRO;
use crate::model::report::{Block, Outcome, Report};
use crate::model::table::Dataset;

pub fn render(report: &Report, _dataset: &Dataset) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", report.title);
    if let Some(sub) = &report.subtitle {
        let _ = writeln!(out, "*{sub}*\n");
    }
    if let Some(period) = &report.period {
        let _ = writeln!(out, "{period}\n");
    }
    for s in &report.sections {
        let _ = writeln!(out, "## {}\n", s.heading());
        let c = match &s.outcome {
            Outcome::Failed(reason) => {
                let _ = writeln!(
                    out,
                    "> **This section was not produced:** {reason}. The problem is listed in the Problems sheet of consolidated.xlsx.\n"
                );
                continue;
            }
            Outcome::Produced(c) => c,
        };
        for block in &c.blocks {
            match block {
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "{p}\n");
                }
                Block::Heading(h) => {
                    let _ = writeln!(out, "### {h}\n");
                }
                Block::Bullets(items) => {
                    for i in items {
                        let _ = writeln!(out, "- {i}");
                    }
                    out.push('\n');
                }
            }
        }
        if !c.challenges.is_empty() {
            out.push_str("### Challenges\n\n");
            for ch in &c.challenges {
                let _ = writeln!(out, "{ch}\n");
            }
        }
        if !c.questions.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                c.questions_intro
                    .as_deref()
                    .unwrap_or(DEFAULT_QUESTIONS_INTRO)
            );
            for q in &c.questions {
                let _ = writeln!(out, "- {q}");
            }
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
