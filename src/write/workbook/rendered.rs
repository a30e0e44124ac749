//! A section's sheet written exactly as `build` writes it, but into memory, and read back with
//! calamine: `explain "5 Stockpile destruction!D8"` finds what a cell holds from the sheet
//! itself, so that a change in how section sheets are laid out cannot make it answer for
//! another cell than the one the user sees.
//!
//! `build` writes the sheet from the report made ready for the outputs (`write::prepare`,
//! which mends texts no output can hold): the section is made ready the same way here, as
//! the paragraphs it mends could otherwise take other rows.

use std::io::Cursor;

use anyhow::{Context, Result};
use calamine::{Data, Range, Reader, Xlsx};
use rust_xlsxwriter::Workbook;

use super::{section_sheet, Formats};
use crate::model::report::{Report, Section};

/// The cells of the sheet `name` of a section, as calamine reads them from the workbook.
pub fn section_sheet_cells(section: &Section, name: &str) -> Result<Range<Data>> {
    let alone = Report {
        sections: vec![section.clone()],
        ..Report::default()
    };
    let (prepared, _) = crate::write::prepare::prepare(&alone);
    let mut wb = Workbook::new();
    // The sheet's warnings (a text cut to a cell) are build's to give, not explain's; and the
    // report's title is only in the printed footer, which holds no cell.
    let mut warnings = Vec::new();
    section_sheet::write(
        wb.add_worksheet(),
        name,
        &prepared.sections[0],
        "",
        &Formats::new(),
        &mut warnings,
    )?;
    let bytes = wb
        .save_to_buffer()
        .context("cannot lay out the section's sheet")?;
    let mut xlsx = Xlsx::new(Cursor::new(bytes)).context("cannot read the section's sheet")?;
    xlsx.worksheet_range(name)
        .context("cannot read the section's sheet")
}
