//! The cell formats of actionplan's workbooks, each defined once.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Dates as the report writes them: "13 September 2011".
pub const LONG_DATE: &str = "d mmmm yyyy";
/// Dates in workbooks that people type into: "13 Sep 2011".
pub const SHORT_DATE: &str = "d mmm yyyy";

/// The blue of a header row.
const HEADER_BLUE: u32 = 0xDDE7F0;
/// A darker blue for the header of a column that is required on every row.
const REQUIRED_BLUE: u32 = 0xB4C9E0;
const GREY: u32 = 0x555555;
/// Excel's own dark red ("bad" cell style), for what went wrong.
const DARK_RED: u32 = 0x9C0006;

/// A header row: bold on blue, a line below, wrapped. Every table and input sheet has one.
pub fn header() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(HEADER_BLUE))
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// The header of a column required on every row (templates).
pub fn required_header() -> Format {
    header().set_background_color(Color::RGB(REQUIRED_BLUE))
}

/// The title atop a sheet.
pub fn title() -> Format {
    Format::new().set_bold().set_font_size(16)
}

/// A line under the title (the report's period, where a template comes from).
pub fn subtitle() -> Format {
    Format::new().set_italic().set_font_color(Color::RGB(GREY))
}

/// A heading within a sheet.
pub fn heading() -> Format {
    Format::new().set_bold().set_font_size(12)
}

/// Text that wraps, top-aligned so that a row of several cells reads from the top.
pub fn wrapped() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

pub fn bold() -> Format {
    Format::new().set_bold()
}

/// A notice that something went wrong (a section that was not produced).
pub fn warning() -> Format {
    Format::new()
        .set_italic()
        .set_font_color(Color::RGB(DARK_RED))
        .set_text_wrap()
}

/// A date cell in `num_format` ([`LONG_DATE`], [`SHORT_DATE`]), aligned left like the text
/// beside it rather than right like a number.
pub fn date(num_format: &str) -> Format {
    Format::new()
        .set_num_format(num_format)
        .set_align(FormatAlign::Left)
}
