//! What every workbook actionplan writes shares: the consolidated workbook (`workbook`), the
//! blank templates (`crate::template`) and the starter project's workbooks
//! (`crate::starter`) look alike because they take their formats from here, and get sheet
//! names that Excel accepts from the same rules.

pub mod formats;
pub mod sheet_names;
