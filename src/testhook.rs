//! A test hook, not a feature: `ACTIONPLAN_TEST_PAUSE_AT=STAGE` makes a build stop for a
//! while at a named stage, so that a test can kill it there with a real signal and check that
//! `out/` is left as it was. Stages: `after-read`, `after-sections`,
//! `writing-consolidated.xlsx`, `writing-report.md`, `writing-report.html`, `writing-report.docx`
//! (the file is written but not yet in place) and `before-commit` (all four written, none in
//! place).
//! Several stages can be given, separated by commas. Documented in docs/robustness.md.

use std::time::Duration;

/// The environment variable that names the stages to pause at.
pub const PAUSE_AT: &str = "ACTIONPLAN_TEST_PAUSE_AT";

/// How long a pause lasts before the build goes on by itself.
const PAUSE: Duration = Duration::from_secs(30);

/// Pauses at `stage` when the test hook asks for it; otherwise does nothing.
pub fn pause(stage: &str) {
    let Some(wanted) = std::env::var_os(PAUSE_AT) else {
        return;
    };
    if wanted
        .to_string_lossy()
        .split(',')
        .any(|s| s.trim() == stage)
    {
        eprintln!("actionplan: paused at {stage} ({PAUSE_AT})");
        std::thread::sleep(PAUSE);
    }
}
