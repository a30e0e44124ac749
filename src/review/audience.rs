//! Who reads each part of the report: the one place where that is decided.
//!
//! The documents (report.md, report.html) are circulated to delegations; the consolidated
//! workbook stays with the secretariat, and names belong there (the Audit sheet lists the
//! States behind every figure). Only what the documents show is reviewed, and all of it is.
//! A unit test in `review` renders every document from a report whose every text is marked,
//! and fails if a document shows a text that this function calls workbook-only: a renderer
//! that starts to show tables or figures cannot do so unreviewed.

use crate::model::report::ReportTable;
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
        // The Summary and Audit sheets.
        Item::Figures(_) => Audience::WorkbookOnly,
        Item::Table(table, _) => of_table(table),
        // No document draws charts yet; they will, and none needs to be kept from
        // delegations, so they are reviewed already.
        Item::Chart(..) => Audience::Circulated,
        // The note that explains the mark of what draws on illustrative rows.
        Item::IllustrativeNote => Audience::Circulated,
    }
}

/// The audience of a table: the seam where `add_table`'s option (a table for circulation, or
/// for the workbook only) is to be read once tables are in the documents.
///
/// Until then no document shows a table (Markdown and HTML skip them: write/narrative.rs), so
/// every table is workbook-only. The default project's tables of sections 4, 5, 6 and 8 list
/// States, as the secretariat needs; reviewing them as circulated would stop its report.
/// When a document shows tables, the test named above fails until this function reads the
/// option: a table not marked workbook-only is then circulated, and reviewed cell by cell.
pub fn of_table(_table: &ReportTable) -> Audience {
    Audience::WorkbookOnly
}
