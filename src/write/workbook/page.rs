//! How every sheet of the consolidated workbook prints: A4, one page wide (as many pages tall
//! as needed), portrait or landscape by the sheet's width, its header rows on every page, and
//! a footer with the report's title, the sheet and the page number.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use crate::write::clean;

/// Excel's paper size for A4.
const A4: u8 = 9;
/// Margins in inches: left and right, top and bottom, header and footer.
const SIDE: f64 = 0.5;
const TOP: f64 = 0.6;
const BOTTOM: f64 = 0.7;
const HEADER: f64 = 0.3;
const FOOTER: f64 = 0.3;

/// Width of the printable part of an A4 page, in Excel's column units: a "0" of 11-point
/// Calibri is about 7 pixels of 96 to the inch, and a column takes a little more than its
/// width. Measured: LibreOffice prints a sheet of 200 or 300 units one landscape page wide at
/// 70.8% and 47.2%, that is 141.6 units to the page.
const PORTRAIT_WIDTH: f64 = (8.27 - 2.0 * SIDE) * 96.0 / 7.0 * 0.966;
const LANDSCAPE_WIDTH: f64 = (11.69 - 2.0 * SIDE) * 96.0 / 7.0 * 0.966;
/// Height of the printable part, in points.
const PORTRAIT_HEIGHT: f64 = (11.69 - TOP - BOTTOM) * 72.0;
const LANDSCAPE_HEIGHT: f64 = (8.27 - TOP - BOTTOM) * 72.0;

/// How a sheet `width` units wide prints: its orientation, and the scale at which one page
/// holds its width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Paper {
    pub landscape: bool,
    pub scale: f64,
}

impl Paper {
    /// Portrait when the sheet fits across a portrait page, else landscape, shrunk to fit.
    pub fn for_width(width: f64) -> Paper {
        if width <= PORTRAIT_WIDTH {
            Paper {
                landscape: false,
                scale: 1.0,
            }
        } else {
            Paper {
                landscape: true,
                scale: (LANDSCAPE_WIDTH / width).min(1.0),
            }
        }
    }

    /// The width of one page, in column units, at full scale.
    pub fn page_width(landscape: bool) -> f64 {
        if landscape {
            LANDSCAPE_WIDTH
        } else {
            PORTRAIT_WIDTH
        }
    }

    /// Points of sheet that one page holds, below `repeated` points of repeated rows.
    pub fn page_height(&self, repeated: f64) -> f64 {
        let printable = if self.landscape {
            LANDSCAPE_HEIGHT
        } else {
            PORTRAIT_HEIGHT
        };
        // Readers round sizes their own way: keep a little in hand.
        printable * 0.95 / self.scale - repeated
    }
}

/// Sets up printing of `ws`, whose columns are `width` units wide in all; `repeat` are the
/// first and last rows printed atop every page. Returns the paper chosen.
pub(super) fn setup(
    ws: &mut Worksheet,
    report_title: &str,
    width: f64,
    repeat: Option<(u32, u32)>,
) -> Result<Paper> {
    let paper = Paper::for_width(width);
    ws.set_paper_size(A4);
    if paper.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(SIDE, SIDE, TOP, BOTTOM, HEADER, FOOTER);
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_footer(footer(report_title));
    Ok(paper)
}

/// Sets up printing of a sheet that is read across several pages (the States sheet, a column
/// per value): A4 landscape, `across` pages wide, as the other sheets otherwise; `repeat` are
/// the rows printed atop every page.
pub(super) fn setup_across(
    ws: &mut Worksheet,
    report_title: &str,
    across: u16,
    repeat: Option<(u32, u32)>,
) -> Result<()> {
    setup(ws, report_title, f64::INFINITY, repeat)?;
    ws.set_print_fit_to_pages(across.max(1), 0);
    Ok(())
}

/// "&L<title>&C&A&RPage &P of &N": the report's title on the left, the sheet in the middle,
/// the page on the right. An ampersand in the title is doubled, as footers want; the whole is
/// kept within the 255 characters Excel allows.
fn footer(title: &str) -> String {
    let title = clean::controls(title).replace('\n', " ");
    let title: String = title.chars().take(150).collect();
    format!("&L&8{}&C&8&A&R&8Page &P of &N", title.replace('&', "&&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_sheets_print_portrait_and_wide_ones_landscape_shrunk() {
        assert_eq!(
            Paper::for_width(90.0),
            Paper {
                landscape: false,
                scale: 1.0
            }
        );
        let wide = Paper::for_width(300.0);
        assert!(wide.landscape && wide.scale < 0.5, "{wide:?}");
        assert!(Paper::for_width(120.0).landscape);
    }

    #[test]
    fn the_footer_escapes_ampersands() {
        assert_eq!(
            footer("Mines & munitions"),
            "&L&8Mines && munitions&C&8&A&R&8Page &P of &N"
        );
    }
}
