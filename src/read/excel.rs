//! The calamine side of reading: open a file as what its bytes say it is, stream its visible
//! worksheets cell by cell into a [`Sink`], and turn reader failures into plain sentences.
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

use super::raw::{Builder, Rect, Sink};
use super::sniff::{self, Kind};
use super::{RawWorkbook, ReadLimits};
use crate::model::dates::Date;
use crate::model::value::Value;
use crate::text::grammar::group_thousands;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

impl Format {
    fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "ods" => Some(Format::Ods),
            "xls" => Some(Format::Xls),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "an Excel workbook (.xlsx)",
            Format::Xlsb => "an Excel binary workbook (.xlsb)",
            Format::Ods => "an OpenDocument spreadsheet (.ods)",
            Format::Xls => "an Excel 97-2003 workbook (.xls)",
        }
    }
}

type Source = BufReader<File>;

enum Opened {
    Xlsx(Box<Xlsx<Source>>),
    Xlsb(Box<Xlsb<Source>>),
    Ods(Box<Ods<Source>>),
    Xls(Box<Xls<Source>>),
}

/// Reads in this process, turning a panic inside the reader into an error message.
pub fn read_guarded(path: &Path, limits: &ReadLimits) -> Result<RawWorkbook, String> {
    let mut builder = Builder::default();
    match catch_unwind(AssertUnwindSafe(|| read_into(path, limits, &mut builder))) {
        Ok(Ok(())) => Ok(builder.workbook),
        Ok(Err(message)) => Err(message),
        Err(panic) => Err(panic_message(panic.as_ref())),
    }
}

/// The message for a reader that panicked on a file.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let mut message = "is damaged or built in an unusual way that cannot be read: its internal structure is not valid".to_string();
    if !detail.is_empty() {
        message.push_str(&format!(" (the reader stopped on: {detail})"));
    }
    message.push_str("; open it in Excel or LibreOffice and save it again as .xlsx");
    message
}

const EMPTY: &str =
    "is empty (0 bytes): it was probably not saved or copied completely; ask for the file again";

/// Reads every visible worksheet of the file into `sink`.
pub fn read_into(path: &Path, limits: &ReadLimits, sink: &mut dyn Sink) -> Result<(), String> {
    let size = std::fs::metadata(path).map_err(|e| io_message(&e))?.len();
    if size == 0 {
        return Err(EMPTY.to_string());
    }
    if size > limits.max_file_bytes {
        return Err(format!(
            "is {}, larger than the {} a workbook may be; remove pictures or unused sheets, or split it into smaller workbooks",
            super::isolate::size(size),
            super::isolate::size(limits.max_file_bytes)
        ));
    }
    let mut head = [0u8; 512];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| io_message(&e))?;
    let head = &head[..n];
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let expected = Format::from_extension(&ext);
    let candidates = match sniff::kind(head) {
        Kind::Empty => return Err(EMPTY.to_string()),
        Kind::Markup => {
            return Err(format!(
                "is a web page or XML file saved under a spreadsheet name (.{ext}), not a real workbook; \
                 open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
            ))
        }
        Kind::Unknown => {
            return Err(format!(
                "is not a spreadsheet: it does not start like an Excel or OpenDocument file \
                 (it may be damaged, or another kind of file renamed to .{ext}); \
                 ask for the workbook again, saved from Excel or LibreOffice as .xlsx"
            ))
        }
        Kind::Ole => {
            let bytes = std::fs::read(path).map_err(|e| io_message(&e))?;
            if sniff::is_encrypted_ooxml(&bytes) {
                return Err(sniff::PASSWORD.to_string());
            }
            if sniff::is_password_biff(&bytes) {
                return Err(sniff::PASSWORD.to_string());
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
        match open(*format, path) {
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
        return Err(first_error.unwrap_or_else(|| "cannot be read".to_string()));
    };
    if expected.is_some_and(|e| e != format) || expected.is_none() {
        sink.note(&format!(
            "is really {} although its name ends in .{ext}; it was read as such (rename it to avoid confusion)",
            format.name()
        ))
        .map_err(|e| io_message(&e))?;
    }
    let date1904 = match &opened {
        Opened::Xlsx(w) => w.has_1904_epoch(),
        Opened::Xlsb(w) => w.has_1904_epoch(),
        Opened::Xls(w) => w.has_1904_epoch(),
        Opened::Ods(_) => false,
    };
    if date1904 {
        sink.date1904().map_err(|e| io_message(&e))?;
    }
    read_sheets(&mut opened, path, limits, sink)
}

fn open(format: Format, path: &Path) -> Result<Opened, String> {
    let source = || {
        File::open(path)
            .map(BufReader::new)
            .map_err(|e| io_message(&e))
    };
    Ok(match format {
        Format::Xlsx => Opened::Xlsx(Box::new(Xlsx::new(source()?).map_err(|e| explain(&e))?)),
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
    fn text(&mut self, row: u32, col: u32, text: &str) -> Result<(), String> {
        if text.is_empty() {
            return Ok(());
        }
        self.count()?;
        self.sink.text(row, col, text).map_err(|e| io_message(&e))
    }

    fn count(&mut self) -> Result<(), String> {
        self.cells += 1;
        if self.cells > self.max {
            return Err(format!(
                "has more than {} filled cells, the most one workbook may hold; split it into smaller workbooks",
                group_thousands(self.max as i64)
            ));
        }
        Ok(())
    }

    fn cell(&mut self, row: u32, col: u32, value: Value) -> Result<(), String> {
        if value.is_empty() && !matches!(value, Value::Text(_)) {
            return Ok(());
        }
        if let Value::Text(t) = &value {
            if t.is_empty() {
                return Ok(());
            }
        }
        self.count()?;
        self.sink.cell(row, col, &value).map_err(|e| io_message(&e))
    }
}

const MAX_MERGES: usize = 100_000;

fn read_sheets(
    opened: &mut Opened,
    path: &Path,
    limits: &ReadLimits,
    sink: &mut dyn Sink,
) -> Result<(), String> {
    let names = match opened {
        Opened::Xlsx(w) => visible_worksheets(w.sheets_metadata()),
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
        counter.sink.sheet(&name).map_err(|e| io_message(&e))?;
        let outcome = match opened {
            Opened::Xlsx(w) => read_xlsx_sheet(w, path, &name, &mut counter),
            Opened::Xlsb(w) => read_xlsb_sheet(w, &name, &mut counter),
            Opened::Ods(w) => match w.worksheet_range(&name) {
                Ok(range) => read_range(&range, &mut counter),
                Err(e) => Err(SheetError::Sheet(explain(&e))),
            },
            Opened::Xls(w) => {
                let merges = w.merge_cells_by_sheet_name(&name).unwrap_or_default();
                for d in merges.iter().take(MAX_MERGES) {
                    counter.sink.merge(rect(d)).map_err(|e| io_message(&e))?;
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
                .map_err(|e| io_message(&e))?,
            Err(SheetError::Workbook(message)) => return Err(message),
        }
        counter.sink.end_sheet().map_err(|e| io_message(&e))?;
    }
    Ok(())
}

/// A failure that loses one sheet, or one that stops the whole workbook (the cell limit).
enum SheetError {
    Sheet(String),
    Workbook(String),
}

fn rect(d: &calamine::Dimensions) -> Rect {
    Rect {
        first_row: d.start.0.min(d.end.0),
        first_col: d.start.1.min(d.end.1),
        last_row: d.start.0.max(d.end.0),
        last_col: d.start.1.max(d.end.1),
    }
}

fn read_xlsx_sheet(
    w: &mut Xlsx<Source>,
    path: &Path,
    name: &str,
    counter: &mut Counter,
) -> Result<(), SheetError> {
    {
        let mut cells = w
            .worksheet_cells_reader(name)
            .map_err(|e| SheetError::Sheet(explain(&e)))?;
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
    // calamine would parse the whole sheet again to find its merged cells.
    let merges = match super::merges::xlsx_merges(path, name, MAX_MERGES) {
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
            .map_err(|e| SheetError::Workbook(io_message(&e)))?;
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

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            "was not found (it may have been moved or deleted while reading)".to_string()
        }
        std::io::ErrorKind::PermissionDenied => "cannot be opened: permission denied".to_string(),
        _ => format!("cannot be read ({e})"),
    }
}

/// A reader's error, in words for the person who has to fix the file.
fn explain(e: &dyn std::fmt::Display) -> String {
    let detail = e.to_string();
    let low = detail.to_lowercase();
    if low.contains("password") {
        sniff::PASSWORD.to_string()
    } else if low.contains("zip") || low.contains("central directory") || low.contains("eocd") {
        format!(
            "is damaged or incomplete: its content cannot be unpacked (was a download or copy interrupted?); \
             ask for the file again ({detail})"
        )
    } else if low.contains("past end of file") || low.contains("unexpected eof") {
        format!(
            "is damaged or incomplete: it ends before its content does (was a download or copy interrupted?); \
             ask for the file again ({detail})"
        )
    } else if low.contains("cell limit exceeded") {
        format!(
            "declares far more cells than any workbook holds, so it is damaged or deliberately malformed; \
             ask for the file again, or open it in LibreOffice and save it again as .xlsx ({detail})"
        )
    } else if low.contains("macrosheets") || low.contains("dialogsheets") {
        format!(
            "contains an Excel 4.0 macro sheet or a dialog sheet, which cannot be read; \
             copy its worksheets into a new workbook and save that as .xlsx ({detail})"
        )
    } else if low.contains("codepage") {
        format!(
            "uses a character encoding that cannot be read ({detail}); \
             open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
        )
    } else if low.contains("xml") || low.contains("eof") {
        format!(
            "is damaged: part of its content is not valid ({detail}); \
             open it in Excel or LibreOffice and save it again as .xlsx"
        )
    } else {
        format!(
            "cannot be read ({detail}); open it in Excel or LibreOffice and save it again as .xlsx"
        )
    }
}
