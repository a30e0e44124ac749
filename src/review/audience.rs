//! Who reads each part of the report: the one place where that is decided.
//!
//! The documents (report.md, report.html, report.docx) are circulated to delegations; the
//! consolidated workbook stays with the secretariat, and names belong there (the Audit sheet
//! lists the States behind every figure). Only what the documents show is reviewed, and all of
//! it is. A unit test in `review` renders every document from a report whose every text is
//! marked, and fails if a document shows a text that this function calls workbook-only: a
//! renderer that starts to show figures cannot do so unreviewed.

use crate::model::report::{Chart, ReportTable};
use crate::write::narrative::Item;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// In the documents meant for circulation.
    Circulated,
    /// Only in the consolidated workbook.
    WorkbookOnly,
}

/// The audience of an item of the narrative walk (the one walk every renderer consumes).
pub fn of(item: &Item) -> Audience {
    match item {
        Item::Title { .. }
        | Item::SectionStart(_)
        | Item::NotProduced(_)
        | Item::Paragraph(_)
        | Item::Heading(_)
        | Item::Bullets(_)
        | Item::Challenges { .. }
        | Item::Questions { .. }
        | Item::SectionEnd => Audience::Circulated,
        // The Summary and Audit sheets, and the Figures table of a section's sheet.
        Item::Figures(_) => Audience::WorkbookOnly,
        Item::Table(table) => of_table(table),
        Item::Chart(chart) => of_chart(chart),
        // The note that explains the mark of what draws on illustrative rows.
        Item::IllustrativeNote => Audience::Circulated,
    }
}

/// The audience of a table, as its plugin said (`add_table{ ..., workbook_only = true }`): the
/// default project's tables of sections 4, 5, 6 and 8 list States, as the secretariat needs,
/// and stay in the workbook; any other table is in the documents, and reviewed cell by cell.
/// The circulated documents leave out the same tables (`narrative::circulated`).
pub fn of_table(table: &ReportTable) -> Audience {
    if table.workbook_only {
        Audience::WorkbookOnly
    } else {
        Audience::Circulated
    }
}

/// The audience of a chart, as for a table (`add_chart{ ..., workbook_only = true }`).
pub fn of_chart(chart: &Chart) -> Audience {
    if chart.workbook_only {
        Audience::WorkbookOnly
    } else {
        Audience::Circulated
    }
}
