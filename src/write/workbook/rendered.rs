//! A section's sheet written exactly as `build` writes it, but into memory, and read back with
//! calamine: `explain "5 Stockpile destruction!D8"` finds what a cell holds from the sheet
//! itself, so that a change in how section sheets are laid out cannot make it answer for
//! another cell than the one the user sees.

use std::io::Cursor;

use anyhow::{Context, Result};
use calamine::{Data, Range, Reader, Xlsx};
use rust_xlsxwriter::Workbook;

use super::{section_sheet, Formats};
use crate::model::report::Section;

/// The cells of the sheet `name` of a section, as calamine reads them from the workbook.
pub fn section_sheet_cells(section: &Section, name: &str) -> Result<Range<Data>> {
    let mut wb = Workbook::new();
    section_sheet::write(wb.add_worksheet(), name, section, &Formats::new())?;
    let bytes = wb
        .save_to_buffer()
        .context("cannot lay out the section's sheet")?;
    let mut xlsx = Xlsx::new(Cursor::new(bytes)).context("cannot read the section's sheet")?;
    xlsx.worksheet_range(name)
        .context("cannot read the section's sheet")
}
