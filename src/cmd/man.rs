//! `actionplan man`: the manual page, generated from the command-line definition (clap_mangen),
//! in man format on standard output. One page holds every command with its options and
//! examples, so that `man actionplan` is complete on its own.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::Cli;

pub fn run() -> Result<i32> {
    std::io::stdout().write_all(&page()?)?;
    Ok(0)
}

/// The whole page, in man (roff) format.
pub fn page() -> Result<Vec<u8>> {
    let mut command = Cli::command();
    command.build();
    let man = Man::new(command.clone());
    let mut page = Page::default();
    man.render_title(&mut page.part())?;
    page.keep_preamble();
    man.render_name_section(&mut page.part())?;
    man.render_synopsis_section(&mut page.part())?;
    man.render_description_section(&mut page.part())?;
    man.render_options_section(&mut page.part())?;
    page.raw(".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub
            .get_bin_name()
            .map(str::to_string)
            .unwrap_or_else(|| format!("actionplan {}", sub.get_name()));
        page.raw(&format!(".SS \"{name}\"\n"));
        let man = Man::new(sub.clone());
        man.render_description_section(&mut page.part())?;
        page.section_text();
        page.raw(".PP\n");
        man.render_synopsis_section(&mut page.part())?;
        page.section_text();
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            page.raw(".PP\n");
            man.render_options_section(&mut page.part())?;
            page.section_text();
        }
        if sub.get_after_help().is_some() {
            page.raw(".PP\n");
            man.render_extra_section(&mut page.part())?;
            page.section_text();
        }
    }
    page.raw(".SH \"EXIT STATUS\"\n");
    man.render_extra_section(&mut page.part())?;
    page.section_text();
    man.render_version_section(&mut page.part())?;
    Ok(page.out.into_bytes())
}

/// The page being put together from separately rendered parts. Each part comes with roff's
/// preamble (kept once) and, inside a command, its own `.SH` heading (dropped: the command's
/// `.SS` heading stands for it).
#[derive(Default)]
struct Page {
    out: String,
    buffer: Vec<u8>,
    preamble_kept: bool,
}

impl Page {
    /// A buffer for the next rendered part; it is added by the next call.
    fn part(&mut self) -> &mut Vec<u8> {
        self.flush(false);
        &mut self.buffer
    }

    fn keep_preamble(&mut self) {
        let text = String::from_utf8_lossy(&self.buffer).into_owned();
        self.buffer.clear();
        self.out.push_str(&text);
        self.preamble_kept = true;
    }

    /// Adds the last part without its section heading.
    fn section_text(&mut self) {
        self.flush(true);
    }

    fn raw(&mut self, text: &str) {
        self.flush(false);
        self.out.push_str(text);
    }

    fn flush(&mut self, drop_headings: bool) {
        if self.buffer.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(&self.buffer).into_owned();
        self.buffer.clear();
        for line in text.lines() {
            let preamble = line.starts_with(".ie \\n(.g") || line.starts_with(".el .ds Aq");
            if (preamble && self.preamble_kept) || (drop_headings && line.starts_with(".SH")) {
                continue;
            }
            self.out.push_str(line);
            self.out.push('\n');
        }
    }
}
