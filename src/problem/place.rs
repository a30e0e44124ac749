//! Where a problem is, as precisely as it is known: a file, a sheet, a cell, a row or a
//! column of a sheet, or a plugin (and its line).

use std::fmt;

use crate::text::cellref;

/// A place in the project. Files are project-relative with forward slashes
/// (`workbooks/states.xlsx`); rows and columns are 0-based sheet positions and are shown
/// the way a spreadsheet shows them (`C14`, `row 14`, `column C`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A file or a folder (`workbooks/`).
    File(String),
    Sheet {
        file: String,
        sheet: String,
    },
    Cell {
        file: String,
        sheet: String,
        row: u32,
        col: u32,
    },
    /// A whole row, when no single cell is to blame.
    Row {
        file: String,
        sheet: String,
        row: u32,
    },
    /// A whole column.
    Column {
        file: String,
        sheet: String,
        col: u32,
    },
    /// A plugin or library file, with the line when it is known.
    Plugin {
        file: String,
        line: Option<u32>,
    },
}

impl Place {
    pub fn file(file: impl Into<String>) -> Place {
        Place::File(file.into())
    }

    pub fn sheet(file: impl Into<String>, sheet: impl Into<String>) -> Place {
        Place::Sheet {
            file: file.into(),
            sheet: sheet.into(),
        }
    }

    pub fn cell(file: impl Into<String>, sheet: impl Into<String>, row: u32, col: u32) -> Place {
        Place::Cell {
            file: file.into(),
            sheet: sheet.into(),
            row,
            col,
        }
    }

    pub fn row(file: impl Into<String>, sheet: impl Into<String>, row: u32) -> Place {
        Place::Row {
            file: file.into(),
            sheet: sheet.into(),
            row,
        }
    }

    pub fn column(file: impl Into<String>, sheet: impl Into<String>, col: u32) -> Place {
        Place::Column {
            file: file.into(),
            sheet: sheet.into(),
            col,
        }
    }

    pub fn plugin(file: impl Into<String>, line: Option<u32>) -> Place {
        Place::Plugin {
            file: file.into(),
            line,
        }
    }

    /// The file (or folder) the place is in.
    pub fn file_name(&self) -> &str {
        match self {
            Place::File(file)
            | Place::Sheet { file, .. }
            | Place::Cell { file, .. }
            | Place::Row { file, .. }
            | Place::Column { file, .. }
            | Place::Plugin { file, .. } => file,
        }
    }

    pub fn sheet_name(&self) -> Option<&str> {
        match self {
            Place::Sheet { sheet, .. }
            | Place::Cell { sheet, .. }
            | Place::Row { sheet, .. }
            | Place::Column { sheet, .. } => Some(sheet),
            Place::File(_) | Place::Plugin { .. } => None,
        }
    }

    /// What is within the sheet or file: "C14", "row 14", "column C", "line 8".
    pub fn position(&self) -> Option<String> {
        match self {
            Place::Cell { row, col, .. } => Some(cellref::a1(*row, *col)),
            Place::Row { row, .. } => Some(format!("row {}", *row as u64 + 1)),
            Place::Column { col, .. } => Some(format!("column {}", cellref::column_name(*col))),
            Place::Plugin { line: Some(l), .. } => Some(format!("line {l}")),
            Place::File(_) | Place::Sheet { .. } | Place::Plugin { line: None, .. } => None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())?;
        if let Some(sheet) = self.sheet_name() {
            write!(f, ", sheet {sheet}")?;
        }
        match self {
            Place::Cell { .. } => write!(f, ", cell {}", self.position().unwrap_or_default()),
            _ => match self.position() {
                Some(p) => write!(f, ", {p}"),
                None => Ok(()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_places_as_a_spreadsheet_user_reads_them() {
        let f = "workbooks/stockpiles.xlsx";
        assert_eq!(Place::file("workbooks/").to_string(), "workbooks/");
        assert_eq!(
            Place::sheet(f, "Stockpiles").to_string(),
            "workbooks/stockpiles.xlsx, sheet Stockpiles"
        );
        assert_eq!(
            Place::cell(f, "Stockpiles", 13, 2).to_string(),
            "workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14"
        );
        assert_eq!(
            Place::row(f, "Stockpiles", 13).to_string(),
            "workbooks/stockpiles.xlsx, sheet Stockpiles, row 14"
        );
        assert_eq!(
            Place::column(f, "Stockpiles", 2).to_string(),
            "workbooks/stockpiles.xlsx, sheet Stockpiles, column C"
        );
        assert_eq!(
            Place::plugin("plugins/04_x.lua", Some(8)).to_string(),
            "plugins/04_x.lua, line 8"
        );
        assert_eq!(
            Place::plugin("plugins/04_x.lua", None).to_string(),
            "plugins/04_x.lua"
        );
    }
}
