//! What one sheet holds (A1:XFD1048576). A test hook, `ACTIONPLAN_TEST_SHEET_ROWS=N`, makes
//! the consolidated workbook take N rows for the limit instead, so that the tests of what
//! happens beyond it do not need a million rows (docs/robustness.md).

/// Rows of a sheet in Excel and LibreOffice.
pub const SHEET_ROWS: u32 = 1_048_576;
/// Columns of a sheet (A to XFD).
pub const SHEET_COLUMNS: u16 = 16_384;
/// The test hook's environment variable.
pub const ROWS_HOOK: &str = "ACTIONPLAN_TEST_SHEET_ROWS";

/// The rows one sheet holds: [`SHEET_ROWS`], or fewer when the test hook asks for it.
pub fn sheet_rows() -> u32 {
    std::env::var(ROWS_HOOK)
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| (4..SHEET_ROWS).contains(n))
        .unwrap_or(SHEET_ROWS)
}
