//! The catalogue's problems with files: the workbooks found in `workbooks/`, and what the
//! reader says about each (a file or sheet it cannot read, a file whose name lies about its
//! format). The reader's own outcomes ([`ReadFailure`], [`ReadNote`]) say what is true of
//! "the file" or "the sheet"; [`InputProblem`] puts them in a sentence.

use std::fmt;
use std::time::Duration;

use super::file::{self, FileProblem};
use super::kind::Kind;
use super::Severity;
use crate::read::Format;
use crate::text::grammar::{group_thousands, list};

/// A problem with a file in `workbooks/` or with reading it.
#[derive(Clone, Debug, PartialEq)]
pub enum InputProblem {
    /// `workbooks/` holds no workbook at all: nothing can be built (the command stops).
    NoWorkbooks {
        /// The folder, project-relative ("workbooks").
        folder: String,
        /// Files there that are not workbooks (.csv, .numbers), project-relative.
        unread: Vec<String>,
    },
    /// A file that is not a workbook actionplan reads (.csv, .numbers).
    NotAWorkbook,
    /// The workbook is open in a spreadsheet program, which left its lock file beside it.
    OpenElsewhere { lock_file: String },
    /// The file cannot be read at all.
    FileUnreadable(ReadFailure),
    /// One sheet of the file cannot be read; the others were.
    SheetUnreadable(ReadFailure),
    /// Something the reader noticed that did not stop it.
    FileNote(ReadNote),
    /// A sheet with cells beyond the largest sheet a spreadsheet program makes.
    BeyondGrid,
}

/// Why the reader could not read a file (or one of its sheets). Each says what is true of
/// it: "is empty (0 bytes): …", and what to do, after a semicolon.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadFailure {
    /// Not a file that can be read: a link to nothing, a named pipe, a device (found before
    /// any reading starts, so never sent by a reading process).
    NotAFile(FileProblem),
    Empty,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// A web page or XML file saved under a spreadsheet name.
    Markup {
        extension: String,
    },
    /// Bytes that do not start like any spreadsheet.
    NotASpreadsheet {
        extension: String,
    },
    Password,
    /// The reader panicked; `detail` is its message, when it gave one.
    ReaderPanicked {
        detail: String,
    },
    NotFound,
    PermissionDenied,
    /// Another error of the file system.
    Io {
        detail: String,
    },
    /// A zip package that cannot be unpacked.
    CannotUnpack {
        detail: String,
    },
    /// The file ends before its content does.
    Truncated {
        detail: String,
    },
    /// The file declares more cells than any workbook holds.
    DeclaresTooManyCells {
        detail: String,
    },
    MacroSheet {
        detail: String,
    },
    Codepage {
        detail: String,
    },
    /// Part of the content is not valid (broken XML).
    InvalidContent {
        detail: String,
    },
    /// Any other error of the reader.
    Reader {
        detail: String,
    },
    /// No reader accepted the file, and none said why.
    Unknown,
    TooManyCells {
        limit: u64,
    },
    /// The reading process could not be started.
    NotStarted {
        detail: String,
    },
    /// The reading process could not be waited for.
    LostTrack {
        detail: String,
    },
    TimedOut {
        limit: Duration,
    },
    OutOfMemory {
        limit: u64,
    },
    /// The reading process died (`status` as the system words it).
    Crashed {
        status: String,
    },
    /// No result came back for the file.
    NoResult,
}

/// Something the reader noticed that did not stop it, said of "the file".
#[derive(Clone, Debug, PartialEq)]
pub enum ReadNote {
    /// The content is another format than the name says; it was read as what it is.
    ReadAs { format: Format, extension: String },
}

/// The name of the formats read, as shown to users.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "an Excel workbook (.xlsx)",
        Format::Xlsb => "an Excel binary workbook (.xlsb)",
        Format::Ods => "an OpenDocument spreadsheet (.ods)",
        Format::Xls => "an Excel 97-2003 workbook (.xls)",
    }
}

/// "2 GB", "256 MB", "1.5 MB", "12 KB", "68 bytes" (binary units, as file managers show).
pub(crate) fn size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    const GB: u64 = 1024 * MB;
    let (unit, name) = match bytes {
        b if b >= GB => (GB, "GB"),
        b if b >= MB => (MB, "MB"),
        b if b >= KB => (KB, "KB"),
        b => return format!("{} bytes", b),
    };
    if bytes % unit == 0 || bytes / unit >= 100 {
        format!("{} {name}", group_thousands((bytes / unit) as i64))
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

/// "120 seconds", "1 second", "0.5 seconds".
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s == 1.0 {
        "1 second".to_string()
    } else if s.fract() == 0.0 {
        format!("{} seconds", group_thousands(s as i64))
    } else {
        format!("{s:.1} seconds")
    }
}

const SAVE_AS_XLSX: &str =
    "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)";
const SAVE_AGAIN: &str = "open it in Excel or LibreOffice and save it again as .xlsx";
const FORMATS: &str = ".xlsx, .xlsm, .xls, .xlsb or .ods";

impl fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ReadFailure::*;
        match self {
            NotAFile(problem) => problem.fmt(f),
            Empty => f.write_str(
                "is empty (0 bytes): it was probably not saved or copied completely; ask for the file again",
            ),
            TooLarge { bytes, limit } => write!(
                f,
                "is {}, larger than the {} a workbook may be; remove pictures or unused sheets, or split it into smaller workbooks",
                size(*bytes),
                size(*limit)
            ),
            Markup { extension } => write!(
                f,
                "is a web page or XML file saved under a spreadsheet name (.{extension}), not a real workbook; {SAVE_AS_XLSX}"
            ),
            NotASpreadsheet { extension } => write!(
                f,
                "is not a spreadsheet: it does not start like an Excel or OpenDocument file \
                 (it may be damaged, or another kind of file renamed to .{extension}); \
                 ask for the workbook again, saved from Excel or LibreOffice as .xlsx"
            ),
            Password => f.write_str(
                "is protected with a password, so it cannot be read; remove the password \
                 (in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it) and save it again",
            ),
            ReaderPanicked { detail } => {
                f.write_str("is damaged or built in an unusual way that cannot be read: its internal structure is not valid")?;
                if !detail.is_empty() {
                    write!(f, " (the reader stopped on: {detail})")?;
                }
                write!(f, "; {SAVE_AGAIN}")
            }
            NotFound => f.write_str("was not found (it may have been moved or deleted while reading)"),
            PermissionDenied => f.write_str("cannot be opened: permission denied"),
            Io { detail } => write!(f, "cannot be read ({detail})"),
            CannotUnpack { detail } => write!(
                f,
                "is damaged or incomplete: its content cannot be unpacked (was a download or copy interrupted?); \
                 ask for the file again ({detail})"
            ),
            Truncated { detail } => write!(
                f,
                "is damaged or incomplete: it ends before its content does (was a download or copy interrupted?); \
                 ask for the file again ({detail})"
            ),
            DeclaresTooManyCells { detail } => write!(
                f,
                "declares far more cells than any workbook holds, so it is damaged or deliberately malformed; \
                 ask for the file again, or open it in LibreOffice and save it again as .xlsx ({detail})"
            ),
            MacroSheet { detail } => write!(
                f,
                "contains an Excel 4.0 macro sheet or a dialog sheet, which cannot be read; \
                 copy its worksheets into a new workbook and save that as .xlsx ({detail})"
            ),
            Codepage { detail } => write!(
                f,
                "uses a character encoding that cannot be read ({detail}); {SAVE_AS_XLSX}"
            ),
            InvalidContent { detail } => write!(
                f,
                "is damaged: part of its content is not valid ({detail}); {SAVE_AGAIN}"
            ),
            Reader { detail } => write!(f, "cannot be read ({detail}); {SAVE_AGAIN}"),
            Unknown => f.write_str("cannot be read"),
            TooManyCells { limit } => write!(
                f,
                "has more than {} filled cells, the most one workbook may hold; split it into smaller workbooks",
                group_thousands(*limit as i64)
            ),
            NotStarted { detail } => write!(
                f,
                "could not be read: the reading process did not start ({detail})"
            ),
            LostTrack { detail } => write!(
                f,
                "could not be read: lost track of the reading process ({detail})"
            ),
            TimedOut { limit } => write!(
                f,
                "took longer than {} to read and was abandoned; it may be damaged or deliberately malformed: \
                 {SAVE_AGAIN}, or ask for the file again",
                seconds(*limit)
            ),
            OutOfMemory { limit } => write!(
                f,
                "needs more than {} of memory to read and was abandoned; it may be damaged or deliberately malformed: \
                 {SAVE_AGAIN}, or ask for the file again",
                size(*limit)
            ),
            Crashed { status } => write!(
                f,
                "could not be read: the reader stopped unexpectedly ({status}); it may be damaged, {SAVE_AGAIN}"
            ),
            NoResult => f.write_str("could not be read"),
        }
    }
}

impl fmt::Display for ReadNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadNote::ReadAs { format, extension } => write!(
                f,
                "is really {} although its name ends in .{extension}; it was read as such (rename it to avoid confusion)",
                format_name(*format)
            ),
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputProblem::NoWorkbooks { folder, unread } => {
                write!(
                    f,
                    "there are no workbooks in {folder}/ (expected {FORMATS} files)"
                )?;
                if !unread.is_empty() {
                    write!(
                        f,
                        "; {} cannot be read as such: {SAVE_AS_XLSX}",
                        list(unread, "and")
                    )?;
                }
                Ok(())
            }
            InputProblem::NotAWorkbook => write!(
                f,
                "the file is not read: actionplan reads only workbooks saved as {FORMATS}"
            ),
            InputProblem::OpenElsewhere { lock_file } => write!(
                f,
                "the workbook is open in a spreadsheet program (its lock file {lock_file} is present); \
                 the last saved version was read"
            ),
            InputProblem::FileUnreadable(why) => write!(f, "the file {why}"),
            InputProblem::SheetUnreadable(why) => write!(f, "the sheet {why}"),
            InputProblem::FileNote(note) => write!(f, "the file {note}"),
            InputProblem::BeyondGrid => f.write_str(
                "the sheet has cells beyond row 1,048,576 or column XFD, the largest sheet a spreadsheet \
                 program makes; they were ignored (the file may be damaged)",
            ),
        }
    }
}

impl Kind for InputProblem {
    fn severity(&self) -> Severity {
        match self {
            InputProblem::NoWorkbooks { .. }
            | InputProblem::FileUnreadable(_)
            | InputProblem::SheetUnreadable(_) => Severity::Error,
            InputProblem::NotAWorkbook
            | InputProblem::OpenElsewhere { .. }
            | InputProblem::FileNote(_)
            | InputProblem::BeyondGrid => Severity::Warning,
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            InputProblem::NotAWorkbook => Some(format!("{SAVE_AS_XLSX}, then delete this copy")),
            InputProblem::OpenElsewhere { .. } => Some(
                "save the workbook to include your latest changes, then build again".to_string(),
            ),
            _ => None,
        }
    }
}

impl InputProblem {
    /// One example of each kind, as in docs/workbooks.md.
    pub fn examples() -> Vec<InputProblem> {
        let mut examples = vec![
            InputProblem::NoWorkbooks {
                folder: "workbooks".into(),
                unread: vec!["workbooks/states.csv".into()],
            },
            InputProblem::NotAWorkbook,
            InputProblem::OpenElsewhere {
                lock_file: "~$states.xlsx".into(),
            },
        ];
        examples.extend(
            ReadFailure::examples()
                .into_iter()
                .map(InputProblem::FileUnreadable),
        );
        examples.extend([
            InputProblem::SheetUnreadable(ReadFailure::Reader {
                detail: "invalid sheet data".into(),
            }),
            InputProblem::FileNote(ReadNote::ReadAs {
                format: Format::Xls,
                extension: "xlsx".into(),
            }),
            InputProblem::BeyondGrid,
        ]);
        examples
    }
}

impl ReadFailure {
    /// One example of each reason a file cannot be read.
    pub fn examples() -> Vec<ReadFailure> {
        use ReadFailure::*;
        vec![
            NotAFile(FileProblem::NotAFile {
                what: file::NotAFile::NamedPipe,
            }),
            NotAFile(FileProblem::DanglingLink {
                target: "../common/states.xlsx".into(),
            }),
            Empty,
            TooLarge {
                bytes: 300 * 1024 * 1024,
                limit: 256 * 1024 * 1024,
            },
            Markup {
                extension: "xls".into(),
            },
            NotASpreadsheet {
                extension: "xlsx".into(),
            },
            Password,
            ReaderPanicked {
                detail: "index out of bounds".into(),
            },
            NotFound,
            PermissionDenied,
            Io {
                detail: "disk full".into(),
            },
            CannotUnpack {
                detail: "Zip error: invalid Zip archive".into(),
            },
            Truncated {
                detail: "Cfb error: Sector 48 points past end of file".into(),
            },
            DeclaresTooManyCells {
                detail: "cell limit exceeded".into(),
            },
            MacroSheet {
                detail: "Unsupported sheet type: macrosheets".into(),
            },
            Codepage {
                detail: "Cfb error: Codepage 272D not found".into(),
            },
            InvalidContent {
                detail: "Unexpected end of xml".into(),
            },
            Reader {
                detail: "invalid sheet data".into(),
            },
            Unknown,
            TooManyCells { limit: 20_000_000 },
            NotStarted {
                detail: "permission denied".into(),
            },
            LostTrack {
                detail: "no child process".into(),
            },
            TimedOut {
                limit: Duration::from_secs(120),
            },
            OutOfMemory {
                limit: 2 * 1024 * 1024 * 1024,
            },
            Crashed {
                status: "signal: 9 (SIGKILL)".into(),
            },
            NoResult,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_as_file_managers_show_them() {
        assert_eq!(size(68), "68 bytes");
        assert_eq!(size(1536), "1.5 KB");
        assert_eq!(size(256 * 1024 * 1024), "256 MB");
        assert_eq!(size(2 * 1024 * 1024 * 1024), "2 GB");
        assert_eq!(seconds(Duration::from_secs(1)), "1 second");
        assert_eq!(seconds(Duration::from_millis(500)), "0.5 seconds");
        assert_eq!(seconds(Duration::from_secs(1200)), "1,200 seconds");
    }

    #[test]
    fn the_reader_s_outcomes_are_said_of_the_file_or_the_sheet() {
        assert_eq!(
            InputProblem::FileUnreadable(ReadFailure::Empty).to_string(),
            "the file is empty (0 bytes): it was probably not saved or copied completely; ask for the file again"
        );
        assert_eq!(
            InputProblem::SheetUnreadable(ReadFailure::Unknown).to_string(),
            "the sheet cannot be read"
        );
        assert_eq!(
            InputProblem::NoWorkbooks {
                folder: "workbooks".into(),
                unread: vec![]
            }
            .to_string(),
            "there are no workbooks in workbooks/ (expected .xlsx, .xlsm, .xls, .xlsb or .ods files)"
        );
    }
}
