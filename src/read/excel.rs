//! The calamine side of reading: open a file as what its bytes say it is, stream its visible
//! worksheets cell by cell into a [`Sink`], and tell reader failures apart ([`ReadFailure`]).
//!
//! Streaming matters: calamine's dense `Range` over a sheet with values in A1 and XFD1048576
//! would ask for hundreds of gigabytes, while the cell reader holds one cell at a time.

use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{
    Data, DataRef, ExcelDateTime, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx,
};

use super::package::{Merges, Package};
use super::raw::{Builder, Rect, Sink};
use super::sniff::{self, Kind};
use super::split::Part;
use super::{RawWorkbook, ReadLimits};
use crate::model::dates::Date;
use crate::model::value::Value;
use crate::problem::{ReadFailure, ReadNote};

/// The formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

impl Format {
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "ods" => Some(Format::Ods),
            "xls" => Some(Format::Xls),
            _ => None,
        }
    }
}

type Source = BufReader<File>;

enum Opened {
    /// With the merged regions of each sheet as it is read, when the package was rebuilt.
    Xlsx(Box<Xlsx<Package>>, Option<Merges>),
    Xlsb(Box<Xlsb<Source>>),
    Ods(Box<Ods<Source>>),
    Xls(Box<Xls<Source>>),
}

/// Reads in this process, turning a panic inside the reader into a failure.
pub fn read_guarded(path: &Path, limits: &ReadLimits) -> Result<RawWorkbook, ReadFailure> {
    let mut builder = Builder::default();
    let read = || read_part(path, limits, Part::WHOLE, &mut builder);
    match catch_unwind(AssertUnwindSafe(read)) {
        Ok(Ok(())) => Ok(builder.workbook),
        Ok(Err(failure)) => Err(failure),
        Err(panic) => Err(panicked(panic.as_ref())),
    }
}

/// The failure of a reader that panicked on a file, with the panic's message.
pub fn panicked(panic: &(dyn std::any::Any + Send)) -> ReadFailure {
    let detail = panic
        .downcast_ref::<&str>()
        .map(std::string::ToString::to_string)
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    ReadFailure::ReaderPanicked { detail }
}

/// Reads every visible worksheet of the file into `sink`; of big xlsx worksheets, only the
/// rows of `part` ([`super::split`]). The second part of a file that cannot be read in parts
/// (another format, a package that cannot be rebuilt) has no sheets.
pub fn read_part(
    path: &Path,
    limits: &ReadLimits,
    part: Part,
    sink: &mut dyn Sink,
) -> Result<(), ReadFailure> {
    let second = part.index > 0;
    let size = std::fs::metadata(path).map_err(|e| io_failure(&e))?.len();
    if size == 0 {
        return Err(ReadFailure::Empty);
    }
    if size > limits.max_file_bytes {
        return Err(ReadFailure::TooLarge {
            bytes: size,
            limit: limits.max_file_bytes,
        });
    }
    let mut head = [0u8; 512];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| io_failure(&e))?;
    let head = &head[..n];
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let expected = Format::from_extension(&ext);
    let candidates = match sniff::kind(head) {
        Kind::Empty => return Err(ReadFailure::Empty),
        Kind::Markup => return Err(ReadFailure::Markup { extension: ext }),
        Kind::Unknown => return Err(ReadFailure::NotASpreadsheet { extension: ext }),
        Kind::Ole if second => return Ok(()),
        Kind::Ole => {
            let bytes = std::fs::read(path).map_err(|e| io_failure(&e))?;
            if sniff::is_encrypted_ooxml(&bytes) || sniff::is_password_biff(&bytes) {
                return Err(ReadFailure::Password);
            }
            vec![Format::Xls]
        }
        Kind::Zip => {
            let mut order = vec![Format::Xlsx, Format::Xlsb, Format::Ods];
            if let Some(e) = expected.filter(|e| *e != Format::Xls) {
                order.retain(|f| *f != e);
                order.insert(0, e);
            }
            order
        }
    };

    let mut first_error = None;
    let mut opened = None;
    for format in &candidates {
        if second && *format != Format::Xlsx {
            continue;
        }
        match open(*format, path, part) {
            Ok(o) => {
                opened = Some((*format, o));
                break;
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let Some((format, mut opened)) = opened else {
        if second {
            return Ok(());
        }
        return Err(first_error.unwrap_or(ReadFailure::Unknown));
    };
    if second && matches!(&opened, Opened::Xlsx(_, None)) {
        return Ok(());
    }
    if expected.is_some_and(|e| e != format) || expected.is_none() {
        sink.note(&ReadNote::ReadAs {
            format,
            extension: ext,
        })
        .map_err(|e| io_failure(&e))?;
    }
    let date1904 = match &opened {
        Opened::Xlsx(w, _) => w.has_1904_epoch(),
        Opened::Xlsb(w) => w.has_1904_epoch(),
        Opened::Xls(w) => w.has_1904_epoch(),
        Opened::Ods(_) => false,
    };
    if date1904 {
        sink.date1904().map_err(|e| io_failure(&e))?;
    }
    read_sheets(&mut opened, path, limits, part, sink)
}

fn open(format: Format, path: &Path, part: Part) -> Result<Opened, ReadFailure> {
    let source = || {
        File::open(path)
            .map(BufReader::new)
            .map_err(|e| io_failure(&e))
    };
    Ok(match format {
        Format::Xlsx => {
            let (package, merges) = Package::open(path, part).map_err(|e| io_failure(&e))?;
            match (Xlsx::new(package), merges) {
                (Ok(w), merges) => Opened::Xlsx(Box::new(w), merges),
                // What the file itself says, had the rebuilt package anything wrong.
                (Err(_), Some(_)) if part.index == 0 => {
                    let file = Package::File(source()?);
                    Opened::Xlsx(Box::new(Xlsx::new(file).map_err(|e| explain(&e))?), None)
                }
                (Err(e), _) => return Err(explain(&e)),
            }
        }
        Format::Xlsb => Opened::Xlsb(Box::new(Xlsb::new(source()?).map_err(|e| explain(&e))?)),
        Format::Ods => Opened::Ods(Box::new(Ods::new(source()?).map_err(|e| explain(&e))?)),
        Format::Xls => Opened::Xls(Box::new(Xls::new(source()?).map_err(|e| explain(&e))?)),
    })
}

fn visible_worksheets(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// Counts cells against the limit while passing them on.
struct Counter<'a> {
    sink: &'a mut dyn Sink,
    cells: u64,
    max: u64,
}

impl Counter<'_> {
    /// A text cell straight from the reader's buffer (most cells of big sheets are texts).
    fn text(&mut self, row: u32, col: u32, text: &str) -> Result<(), ReadFailure> {
        if text.is_empty() {
            return Ok(());
        }
        self.count()?;
        self.sink.text(row, col, text).map_err(|e| io_failure(&e))
    }

    fn count(&mut self) -> Result<(), ReadFailure> {
        self.cells += 1;
        if self.cells > self.max {
            return Err(ReadFailure::TooManyCells { limit: self.max });
        }
        Ok(())
    }

    fn cell(&mut self, row: u32, col: u32, value: Value) -> Result<(), ReadFailure> {
        if value.is_empty() && !matches!(value, Value::Text(_)) {
            return Ok(());
        }
        if let Value::Text(t) = &value {
            if t.is_empty() {
                return Ok(());
            }
        }
        self.count()?;
        self.sink.cell(row, col, &value).map_err(|e| io_failure(&e))
    }
}

/// Merged regions kept of one sheet.
pub(super) const MAX_MERGES: usize = 100_000;

fn read_sheets(
    opened: &mut Opened,
    path: &Path,
    limits: &ReadLimits,
    part: Part,
    sink: &mut dyn Sink,
) -> Result<(), ReadFailure> {
    let names = match opened {
        Opened::Xlsx(w, _) => visible_worksheets(w.sheets_metadata()),
        Opened::Xlsb(w) => visible_worksheets(w.sheets_metadata()),
        Opened::Ods(w) => visible_worksheets(w.sheets_metadata()),
        Opened::Xls(w) => visible_worksheets(w.sheets_metadata()),
    };
    let mut counter = Counter {
        sink,
        cells: 0,
        max: limits.max_cells,
    };
    for name in names {
        counter.sink.sheet(&name).map_err(|e| io_failure(&e))?;
        let outcome = match opened {
            Opened::Xlsx(w, merges) => {
                read_xlsx_sheet(w, merges.as_ref(), part, path, &name, &mut counter)
            }
            Opened::Xlsb(w) => read_xlsb_sheet(w, &name, &mut counter),
            Opened::Ods(w) => match w.worksheet_range(&name) {
                Ok(range) => read_range(&range, &mut counter),
                Err(e) => Err(SheetError::Sheet(explain(&e))),
            },
            Opened::Xls(w) => {
                let merges = w.merge_cells_by_sheet_name(&name).unwrap_or_default();
                for d in merges.iter().take(MAX_MERGES) {
                    counter.sink.merge(rect(d)).map_err(|e| io_failure(&e))?;
                }
                match w.worksheet_range(&name) {
                    Ok(range) => read_range(&range, &mut counter),
                    Err(e) => Err(SheetError::Sheet(explain(&e))),
                }
            }
        };
        match outcome {
            Ok(()) => {}
            Err(SheetError::Sheet(message)) => counter
                .sink
                .sheet_error(&message)
                .map_err(|e| io_failure(&e))?,
            Err(SheetError::Workbook(message)) => return Err(message),
        }
        counter.sink.end_sheet().map_err(|e| io_failure(&e))?;
    }
    Ok(())
}

/// A failure that loses one sheet, or one that stops the whole workbook (the cell limit).
enum SheetError {
    Sheet(ReadFailure),
    Workbook(ReadFailure),
}

pub(crate) fn rect(d: &calamine::Dimensions) -> Rect {
    Rect {
        first_row: d.start.0.min(d.end.0),
        first_col: d.start.1.min(d.end.1),
        last_row: d.start.0.max(d.end.0),
        last_col: d.start.1.max(d.end.1),
    }
}

fn read_xlsx_sheet(
    w: &mut Xlsx<Package>,
    found: Option<&Merges>,
    part: Part,
    path: &Path,
    name: &str,
    counter: &mut Counter,
) -> Result<(), SheetError> {
    {
        let mut cells = w
            .worksheet_cells_reader(name)
            .map_err(|e| SheetError::Sheet(explain(&e)))?;
        // A sheet the package does not inflate is read whole, by the first part.
        if part.index > 0 && !found.is_some_and(Merges::inflating) {
            return Ok(());
        }
        while let Some(cell) = cells
            .next_cell()
            .map_err(|e| SheetError::Sheet(explain(&e)))?
        {
            let (row, col) = cell.get_position();
            match cell.get_value() {
                DataRef::String(s) => counter.text(row, col, s),
                DataRef::SharedString(s) => counter.text(row, col, s),
                other => counter.cell(row, col, from_data_ref(other)),
            }
            .map_err(SheetError::Workbook)?;
        }
    }
    // Found as the sheet was read; else by inflating the sheet again (calamine would parse it
    // again).
    let merges = found
        .and_then(|m| m.finish(MAX_MERGES))
        .or_else(|| super::merges::xlsx_merges(path, name, MAX_MERGES));
    let merges = match merges {
        Some(merges) => merges,
        None => w
            .merge_cells_by_sheet_name(name)
            .map(|m| m.iter().take(MAX_MERGES).map(rect).collect())
            .unwrap_or_default(),
    };
    for r in merges {
        counter
            .sink
            .merge(r)
            .map_err(|e| SheetError::Workbook(io_failure(&e)))?;
    }
    Ok(())
}

fn read_xlsb_sheet(
    w: &mut Xlsb<Source>,
    name: &str,
    counter: &mut Counter,
) -> Result<(), SheetError> {
    let mut cells = w
        .worksheet_cells_reader(name)
        .map_err(|e| SheetError::Sheet(explain(&e)))?;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| SheetError::Sheet(explain(&e)))?
    {
        let (row, col) = cell.get_position();
        counter
            .cell(row, col, from_data_ref(cell.get_value()))
            .map_err(SheetError::Workbook)?;
    }
    Ok(())
}

fn read_range(range: &calamine::Range<Data>, counter: &mut Counter) -> Result<(), SheetError> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    for (r, c, data) in range.used_cells() {
        counter
            .cell(row0 + r as u32, col0 + c as u32, from_data(data))
            .map_err(SheetError::Workbook)?;
    }
    Ok(())
}

fn from_data_ref(d: &DataRef) -> Value {
    match d {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => Value::text(s),
        DataRef::SharedString(s) => Value::text(s),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => from_excel_datetime(dt),
        DataRef::DateTimeIso(s) => from_iso(s),
        DataRef::DurationIso(s) => Value::text(s),
        DataRef::Error(e) => Value::Error(e.to_string().into()),
        DataRef::Empty => Value::Empty,
    }
}

fn from_data(d: &Data) -> Value {
    match d {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::text(s),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => from_excel_datetime(dt),
        Data::DateTimeIso(s) => from_iso(s),
        Data::DurationIso(s) => Value::text(s),
        Data::Error(e) => Value::Error(e.to_string().into()),
        Data::Empty => Value::Empty,
    }
}

/// A number shown with a date format: a date (time of day dropped), or a time or duration,
/// which reports do not need as dates and keep as text.
fn from_excel_datetime(dt: &ExcelDateTime) -> Value {
    let serial = dt.as_f64();
    if dt.is_duration() || (0.0..1.0).contains(&serial) {
        let seconds = (serial * 86_400.0).round() as i64;
        return Value::text(format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            (seconds / 60) % 60,
            seconds % 60
        ));
    }
    if !(0.0..2_958_466.0).contains(&serial) {
        return Value::Number(serial);
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Date::from_ymd_opt(y as i32, m as u32, d as u32)
        .map(Value::Date)
        .unwrap_or(Value::Number(serial))
}

fn from_iso(s: &str) -> Value {
    s.get(..10)
        .and_then(|d| Date::parse_from_str(d, "%Y-%m-%d").ok())
        .map(Value::Date)
        .unwrap_or_else(|| Value::text(s))
}

fn io_failure(e: &std::io::Error) -> ReadFailure {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadFailure::NotFound,
        std::io::ErrorKind::PermissionDenied => ReadFailure::PermissionDenied,
        _ => ReadFailure::Io {
            detail: e.to_string(),
        },
    }
}

/// Tells a reader's error apart by its words, for a message the person who has to fix the
/// file understands.
fn explain(e: &dyn std::fmt::Display) -> ReadFailure {
    let detail = e.to_string();
    let low = detail.to_lowercase();
    if low.contains("password") {
        ReadFailure::Password
    } else if low.contains("zip") || low.contains("central directory") || low.contains("eocd") {
        ReadFailure::CannotUnpack { detail }
    } else if low.contains("past end of file") || low.contains("unexpected eof") {
        ReadFailure::Truncated { detail }
    } else if low.contains("cell limit exceeded") {
        ReadFailure::DeclaresTooManyCells { detail }
    } else if low.contains("macrosheets") || low.contains("dialogsheets") {
        ReadFailure::MacroSheet { detail }
    } else if low.contains("codepage") {
        ReadFailure::Codepage { detail }
    } else if low.contains("xml") || low.contains("eof") {
        ReadFailure::InvalidContent { detail }
    } else {
        ReadFailure::Reader { detail }
    }
}
