//! Progress on a terminal: a bar on standard error while workbooks are read and sections
//! run. Nothing at all is shown when standard error is not a terminal (a pipe, a log file,
//! CI), nor when ACTIONPLAN_NO_PROGRESS is set, so captured output stays clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar, or nothing when progress is not shown. Cleared when dropped.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// "Reading workbooks" with `total` steps.
    pub fn new(what: &str, total: usize) -> Progress {
        if total == 0 || !shown() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len}  {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// Names what is being worked on: a workbook or a plugin file.
    pub fn working_on(&self, item: &str) {
        if let Some(bar) = &self.0 {
            // A file name is shown as any text from outside: control characters made visible.
            bar.set_message(crate::problem::terminal::visible(item).replace('\n', " "));
        }
    }

    /// One step done.
    pub fn step(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Whether progress is shown: standard error is a terminal and ACTIONPLAN_NO_PROGRESS is unset.
pub fn shown() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("ACTIONPLAN_NO_PROGRESS").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}
