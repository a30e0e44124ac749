//! The raw content of a workbook, and the byte form in which the reading child sends it.
//!
//! The byte form is a stream of tagged records, written as cells are read so the child never
//! holds a whole sheet. A stream that ends without its final record means the child died.

use std::io::{self, Read, Write};
use std::sync::Arc;

use super::Format;
use crate::model::dates::Date;
use crate::model::value::Value;
use crate::problem::{ReadFailure, ReadNote};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawWorkbook {
    pub sheets: Vec<RawSheet>,
    /// Things worth telling the user that did not stop the reading (a wrong file extension).
    pub notes: Vec<ReadNote>,
    /// The workbook counts dates from 1904 (old Mac Excel): plain numbers typed into date
    /// columns must be read in that system.
    pub date1904: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawSheet {
    pub name: String,
    /// Non-empty cells, in row then column order.
    pub cells: Vec<RawCell>,
    pub merges: Vec<Rect>,
    /// Set when this sheet could not be read although the others could.
    pub error: Option<ReadFailure>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RawCell {
    pub row: u32,
    pub col: u32,
    pub value: Value,
}

/// The largest sheet Excel (and LibreOffice since 7.4) can hold: rows and columns beyond it
/// come only from damaged or hostile files.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLS: u32 = 16_384;

impl RawSheet {
    /// Drops cells outside the largest possible sheet and trims merged regions to it, so
    /// that row and column arithmetic further on cannot overflow. True when anything was cut.
    pub fn keep_to_grid(&mut self) -> bool {
        let before = (self.cells.len(), self.merges.clone());
        self.cells.retain(|c| c.row < MAX_ROWS && c.col < MAX_COLS);
        self.merges
            .retain(|m| m.first_row < MAX_ROWS && m.first_col < MAX_COLS);
        for m in &mut self.merges {
            m.last_row = m.last_row.clamp(m.first_row, MAX_ROWS - 1);
            m.last_col = m.last_col.clamp(m.first_col, MAX_COLS - 1);
        }
        before.0 != self.cells.len() || before.1 != self.merges
    }
}

/// A block of cells, inclusive, 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Rect {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }

    pub fn area(&self) -> u64 {
        (self.last_row as u64)
            .abs_diff(self.first_row as u64)
            .saturating_add(1)
            .saturating_mul(
                (self.last_col as u64)
                    .abs_diff(self.first_col as u64)
                    .saturating_add(1),
            )
    }
}

/// Receives what a reader finds, in order: a sheet, its cells and merges, its end.
pub trait Sink {
    fn note(&mut self, note: &ReadNote) -> io::Result<()>;
    fn date1904(&mut self) -> io::Result<()>;
    fn sheet(&mut self, name: &str) -> io::Result<()>;
    fn merge(&mut self, rect: Rect) -> io::Result<()>;
    fn cell(&mut self, row: u32, col: u32, value: &Value) -> io::Result<()>;
    /// A text cell, given without building a [`Value`] for it.
    fn text(&mut self, row: u32, col: u32, text: &str) -> io::Result<()> {
        self.cell(row, col, &Value::text(text))
    }
    fn sheet_error(&mut self, failure: &ReadFailure) -> io::Result<()>;
    fn end_sheet(&mut self) -> io::Result<()>;
}

/// Builds a [`RawWorkbook`] in memory (reading in this process).
#[derive(Default)]
pub struct Builder {
    pub workbook: RawWorkbook,
}

impl Sink for Builder {
    fn note(&mut self, note: &ReadNote) -> io::Result<()> {
        self.workbook.notes.push(note.clone());
        Ok(())
    }
    fn date1904(&mut self) -> io::Result<()> {
        self.workbook.date1904 = true;
        Ok(())
    }
    fn sheet(&mut self, name: &str) -> io::Result<()> {
        self.workbook.sheets.push(RawSheet {
            name: name.to_string(),
            ..RawSheet::default()
        });
        Ok(())
    }
    fn merge(&mut self, rect: Rect) -> io::Result<()> {
        if let Some(s) = self.workbook.sheets.last_mut() {
            s.merges.push(rect);
        }
        Ok(())
    }
    fn cell(&mut self, row: u32, col: u32, value: &Value) -> io::Result<()> {
        if let Some(s) = self.workbook.sheets.last_mut() {
            s.cells.push(RawCell {
                row,
                col,
                value: value.clone(),
            });
        }
        Ok(())
    }
    fn sheet_error(&mut self, failure: &ReadFailure) -> io::Result<()> {
        if let Some(s) = self.workbook.sheets.last_mut() {
            s.error = Some(failure.clone());
        }
        Ok(())
    }
    fn end_sheet(&mut self) -> io::Result<()> {
        if let Some(s) = self.workbook.sheets.last_mut() {
            sort_cells(&mut s.cells);
        }
        Ok(())
    }
}

/// Readers give cells in file order, which is nearly always row order; make it certain.
pub fn sort_cells(cells: &mut [RawCell]) {
    if !cells
        .windows(2)
        .all(|w| (w[0].row, w[0].col) <= (w[1].row, w[1].col))
    {
        cells.sort_by_key(|c| (c.row, c.col));
    }
}

const MAGIC: &[u8; 5] = b"APRW1";
const T_NOTE: u8 = b'N';
const T_1904: u8 = b'D';
const T_SHEET: u8 = b'S';
const T_MERGE: u8 = b'M';
const T_CELL: u8 = b'C';
const T_SHEET_ERROR: u8 = b'X';
const T_END_SHEET: u8 = b'E';
const T_DONE: u8 = b'Z';
const T_FAILED: u8 = b'F';

const V_EMPTY: u8 = 0;
const V_TEXT: u8 = 1;
const V_NUMBER: u8 = 2;
const V_BOOL: u8 = 3;
const V_DATE: u8 = 4;
const V_ERROR: u8 = 5;

/// Writes the byte form (in the child).
pub struct Encoder<W: Write> {
    out: W,
}

impl<W: Write> Encoder<W> {
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(MAGIC)?;
        Ok(Encoder { out })
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.out.write_all(&(s.len() as u32).to_le_bytes())?;
        self.out.write_all(s.as_bytes())
    }

    pub fn done(mut self) -> io::Result<W> {
        self.out.write_all(&[T_DONE])?;
        self.out.flush()?;
        Ok(self.out)
    }

    /// A failure or a note: its name and fields, as texts.
    fn fields(&mut self, fields: &[String]) -> io::Result<()> {
        self.out.write_all(&[fields.len() as u8])?;
        for f in fields {
            self.str(f)?;
        }
        Ok(())
    }

    pub fn failed(mut self, failure: &ReadFailure) -> io::Result<W> {
        self.out.write_all(&[T_FAILED])?;
        self.fields(&failure_fields(failure))?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Sink for Encoder<W> {
    fn note(&mut self, note: &ReadNote) -> io::Result<()> {
        self.out.write_all(&[T_NOTE])?;
        self.fields(&note_fields(note))
    }
    fn date1904(&mut self) -> io::Result<()> {
        self.out.write_all(&[T_1904])
    }
    fn sheet(&mut self, name: &str) -> io::Result<()> {
        self.out.write_all(&[T_SHEET])?;
        self.str(name)
    }
    fn merge(&mut self, r: Rect) -> io::Result<()> {
        self.out.write_all(&[T_MERGE])?;
        for n in [r.first_row, r.first_col, r.last_row, r.last_col] {
            self.out.write_all(&n.to_le_bytes())?;
        }
        Ok(())
    }
    fn cell(&mut self, row: u32, col: u32, value: &Value) -> io::Result<()> {
        self.out.write_all(&[T_CELL])?;
        self.out.write_all(&row.to_le_bytes())?;
        self.out.write_all(&col.to_le_bytes())?;
        match value {
            Value::Empty => self.out.write_all(&[V_EMPTY]),
            Value::Text(s) => {
                self.out.write_all(&[V_TEXT])?;
                self.str(s)
            }
            Value::Number(n) => {
                self.out.write_all(&[V_NUMBER])?;
                self.out.write_all(&n.to_le_bytes())
            }
            Value::Bool(b) => self.out.write_all(&[V_BOOL, u8::from(*b)]),
            Value::Date(d) => {
                self.out.write_all(&[V_DATE])?;
                self.out
                    .write_all(&chrono::Datelike::num_days_from_ce(d).to_le_bytes())
            }
            Value::Error(e) => {
                self.out.write_all(&[V_ERROR])?;
                self.str(e)
            }
        }
    }
    fn text(&mut self, row: u32, col: u32, text: &str) -> io::Result<()> {
        self.out.write_all(&[T_CELL])?;
        self.out.write_all(&row.to_le_bytes())?;
        self.out.write_all(&col.to_le_bytes())?;
        self.out.write_all(&[V_TEXT])?;
        self.str(text)
    }
    fn sheet_error(&mut self, failure: &ReadFailure) -> io::Result<()> {
        self.out.write_all(&[T_SHEET_ERROR])?;
        self.fields(&failure_fields(failure))
    }
    fn end_sheet(&mut self) -> io::Result<()> {
        self.out.write_all(&[T_END_SHEET])
    }
}

/// How a byte stream ended.
#[derive(Debug)]
pub enum Decoded {
    Done(RawWorkbook),
    /// The child reported that the file cannot be read.
    Failed(ReadFailure),
    /// The stream stopped early: the child died (its exit status tells why).
    Cut,
}

/// Reads the byte form of one workbook (in the parent). Short repeated texts are shared, not
/// copied.
#[cfg(test)]
pub fn decode<R: Read>(input: R) -> Decoded {
    Decoder::new(input).workbook()
}

/// Texts up to this length are shared between the cells that hold them (a Source column
/// repeats the same long text on every row).
const SHARED_MAX: usize = 256;
/// Slots of the cache of shared texts.
const RECENT_SLOTS: usize = 1 << 14;
/// Slots of the fingerprints of texts met once.
const SEEN_SLOTS: usize = 1 << 16;

/// A quick hash of a text (FNV-1a, 64 bits) to pick its slots and tell texts met once apart.
/// It needs no key: a crafted file can only make texts be shared less (or a text met once
/// be kept), never make the decoding slow.
fn fingerprint(s: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s {
        h = (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Reads workbooks one after the other from one stream (a reading process that reads many
/// files sends them in turn, each followed by a byte of its own, [`Decoder::byte`]). The
/// shared texts are kept from one workbook to the next: coordinator workbooks repeat the
/// same State names, sheets and headers.
pub struct Decoder<R: Read> {
    input: R,
    /// Bytes read and not yet decoded: `buf[pos..end]`. Records are decoded from here rather
    /// than with a read call per field.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// A text that repeats, in its slot: cells that hold it share it.
    recent: Vec<Option<Arc<str>>>,
    /// The fingerprints of texts met once: a text is kept in `recent` when it is met again
    /// (a text met once, such as an incident's reference, would only push the repeated ones
    /// out).
    seen: Vec<u64>,
}

impl<R: Read> Decoder<R> {
    pub fn new(input: R) -> Decoder<R> {
        Decoder {
            input,
            buf: vec![0; 1 << 16],
            pos: 0,
            end: 0,
            recent: vec![None; RECENT_SLOTS],
            seen: vec![0; SEEN_SLOTS],
        }
    }

    /// The stream the decoder reads from.
    pub fn input_mut(&mut self) -> &mut R {
        &mut self.input
    }

    /// The next workbook of the stream.
    pub fn workbook(&mut self) -> Decoded {
        self.run().unwrap_or(Decoded::Cut)
    }

    /// The next byte of the stream, outside a workbook.
    pub fn byte(&mut self) -> io::Result<u8> {
        self.u8()
    }

    /// Makes `n` bytes available at `buf[pos..]`, reading more as needed.
    fn fill(&mut self, n: usize) -> io::Result<()> {
        if self.end - self.pos >= n {
            return Ok(());
        }
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        if self.buf.len() < n {
            self.buf.resize(n.next_power_of_two(), 0);
        }
        while self.end < n {
            let got = self.input.read(&mut self.buf[self.end..])?;
            if got == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.end += got;
        }
        Ok(())
    }
    fn bytes<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        self.fill(N)?;
        let b: [u8; N] = self.buf[self.pos..self.pos + N]
            .try_into()
            .expect("N bytes");
        self.pos += N;
        Ok(b)
    }
    fn u8(&mut self) -> io::Result<u8> {
        Ok(self.bytes::<1>()?[0])
    }
    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.bytes::<4>()?))
    }
    /// The next text, as a slice of the buffer.
    fn str(&mut self) -> io::Result<&str> {
        let len = self.u32()? as usize;
        self.fill(len)?;
        let at = self.pos;
        self.pos += len;
        std::str::from_utf8(&self.buf[at..at + len]).map_err(|_| io::ErrorKind::InvalidData.into())
    }
    fn string(&mut self) -> io::Result<String> {
        self.str().map(str::to_string)
    }
    fn fields(&mut self) -> io::Result<Vec<String>> {
        let n = self.u8()?;
        (0..n).map(|_| self.string()).collect()
    }
    fn shared(&mut self) -> io::Result<Arc<str>> {
        let len = self.u32()? as usize;
        self.fill(len)?;
        let at = self.pos;
        self.pos += len;
        let s = std::str::from_utf8(&self.buf[at..at + len])
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidData))?;
        if s.len() > SHARED_MAX {
            return Ok(Arc::from(s));
        }
        let print = fingerprint(s.as_bytes());
        let slot = print as usize % RECENT_SLOTS;
        if let Some(a) = &self.recent[slot] {
            if **a == *s {
                return Ok(a.clone());
            }
        }
        let a: Arc<str> = Arc::from(s);
        let seen = (print >> 32) as usize % SEEN_SLOTS;
        if self.seen[seen] == print {
            // Met before: a text that repeats, worth a slot.
            self.recent[slot] = Some(a.clone());
        } else {
            self.seen[seen] = print;
        }
        Ok(a)
    }

    fn run(&mut self) -> io::Result<Decoded> {
        let magic = self.bytes::<5>()?;
        if &magic != MAGIC {
            return Ok(Decoded::Cut);
        }
        let mut b = Builder::default();
        loop {
            match self.u8()? {
                T_NOTE => match note_from(&self.fields()?) {
                    Some(note) => b.note(&note)?,
                    None => return Ok(Decoded::Cut),
                },
                T_1904 => b.date1904()?,
                T_SHEET => {
                    let s = self.string()?;
                    b.sheet(&s)?;
                }
                T_MERGE => {
                    let r = Rect {
                        first_row: self.u32()?,
                        first_col: self.u32()?,
                        last_row: self.u32()?,
                        last_col: self.u32()?,
                    };
                    b.merge(r)?;
                }
                T_CELL => {
                    let row = self.u32()?;
                    let col = self.u32()?;
                    let value = match self.u8()? {
                        V_EMPTY => Value::Empty,
                        V_TEXT => Value::Text(self.shared()?),
                        V_NUMBER => Value::Number(f64::from_le_bytes(self.bytes::<8>()?)),
                        V_BOOL => Value::Bool(self.u8()? != 0),
                        V_DATE => {
                            let days = self.u32()? as i32;
                            Date::from_num_days_from_ce_opt(days)
                                .map(Value::Date)
                                .unwrap_or(Value::Empty)
                        }
                        V_ERROR => Value::Error(self.shared()?),
                        _ => return Ok(Decoded::Cut),
                    };
                    if let Some(s) = b.workbook.sheets.last_mut() {
                        s.cells.push(RawCell { row, col, value });
                    }
                }
                T_SHEET_ERROR => match failure_from(&self.fields()?) {
                    Some(failure) => b.sheet_error(&failure)?,
                    None => return Ok(Decoded::Cut),
                },
                T_END_SHEET => b.end_sheet()?,
                T_DONE => return Ok(Decoded::Done(b.workbook)),
                T_FAILED => {
                    return Ok(failure_from(&self.fields()?).map_or(Decoded::Cut, Decoded::Failed))
                }
                _ => return Ok(Decoded::Cut),
            }
        }
    }
}

/// A failure's byte form: its name, then its fields as texts.
fn failure_fields(failure: &ReadFailure) -> Vec<String> {
    use ReadFailure::*;
    let (name, fields): (&str, Vec<String>) = match failure {
        // Found by the parent before a reading process starts, so never sent; as text if it were.
        NotAFile(problem) => ("io", vec![problem.to_string()]),
        Empty => ("empty", vec![]),
        TooLarge { bytes, limit } => ("too-large", vec![bytes.to_string(), limit.to_string()]),
        Markup { extension } => ("markup", vec![extension.clone()]),
        NotASpreadsheet { extension } => ("not-a-spreadsheet", vec![extension.clone()]),
        Password => ("password", vec![]),
        ReaderPanicked { detail } => ("panicked", vec![detail.clone()]),
        NotFound => ("not-found", vec![]),
        PermissionDenied => ("permission-denied", vec![]),
        Io { detail } => ("io", vec![detail.clone()]),
        CannotUnpack { detail } => ("cannot-unpack", vec![detail.clone()]),
        Truncated { detail } => ("truncated", vec![detail.clone()]),
        DeclaresTooManyCells { detail } => ("declares-too-many-cells", vec![detail.clone()]),
        MacroSheet { detail } => ("macro-sheet", vec![detail.clone()]),
        Codepage { detail } => ("codepage", vec![detail.clone()]),
        InvalidContent { detail } => ("invalid-content", vec![detail.clone()]),
        Reader { detail } => ("reader", vec![detail.clone()]),
        Unknown => ("unknown", vec![]),
        TooManyCells { limit } => ("too-many-cells", vec![limit.to_string()]),
        NotStarted { detail } => ("not-started", vec![detail.clone()]),
        LostTrack { detail } => ("lost-track", vec![detail.clone()]),
        TimedOut { limit } => ("timed-out", vec![limit.as_nanos().to_string()]),
        OutOfMemory { limit } => ("out-of-memory", vec![limit.to_string()]),
        Crashed { status } => ("crashed", vec![status.clone()]),
        NoResult => ("no-result", vec![]),
    };
    std::iter::once(name.to_string()).chain(fields).collect()
}

/// Reads back [`failure_fields`]; `None` for a malformed record.
fn failure_from(fields: &[String]) -> Option<ReadFailure> {
    use ReadFailure::*;
    let (name, f) = fields.split_first()?;
    let text = |i: usize| f.get(i).cloned();
    let number = |i: usize| f.get(i)?.parse::<u64>().ok();
    Some(match name.as_str() {
        "empty" => Empty,
        "too-large" => TooLarge {
            bytes: number(0)?,
            limit: number(1)?,
        },
        "markup" => Markup {
            extension: text(0)?,
        },
        "not-a-spreadsheet" => NotASpreadsheet {
            extension: text(0)?,
        },
        "password" => Password,
        "panicked" => ReaderPanicked { detail: text(0)? },
        "not-found" => NotFound,
        "permission-denied" => PermissionDenied,
        "io" => Io { detail: text(0)? },
        "cannot-unpack" => CannotUnpack { detail: text(0)? },
        "truncated" => Truncated { detail: text(0)? },
        "declares-too-many-cells" => DeclaresTooManyCells { detail: text(0)? },
        "macro-sheet" => MacroSheet { detail: text(0)? },
        "codepage" => Codepage { detail: text(0)? },
        "invalid-content" => InvalidContent { detail: text(0)? },
        "reader" => Reader { detail: text(0)? },
        "unknown" => Unknown,
        "too-many-cells" => TooManyCells { limit: number(0)? },
        "not-started" => NotStarted { detail: text(0)? },
        "lost-track" => LostTrack { detail: text(0)? },
        "timed-out" => TimedOut {
            limit: std::time::Duration::from_nanos(number(0)?),
        },
        "out-of-memory" => OutOfMemory { limit: number(0)? },
        "crashed" => Crashed { status: text(0)? },
        "no-result" => NoResult,
        _ => return None,
    })
}

fn note_fields(note: &ReadNote) -> Vec<String> {
    match note {
        ReadNote::ReadAs { format, extension } => {
            let format = match format {
                Format::Xlsx => "xlsx",
                Format::Xlsb => "xlsb",
                Format::Ods => "ods",
                Format::Xls => "xls",
            };
            vec!["read-as".into(), format.into(), extension.clone()]
        }
    }
}

fn note_from(fields: &[String]) -> Option<ReadNote> {
    match fields {
        [name, format, extension] if name == "read-as" => Some(ReadNote::ReadAs {
            format: Format::from_extension(format)?,
            extension: extension.clone(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut e = Encoder::new(Vec::new()).unwrap();
        let note = ReadNote::ReadAs {
            format: Format::Xls,
            extension: "xlsx".into(),
        };
        e.note(&note).unwrap();
        e.date1904().unwrap();
        e.sheet("States").unwrap();
        e.merge(Rect {
            first_row: 0,
            first_col: 0,
            last_row: 0,
            last_col: 3,
        })
        .unwrap();
        e.cell(0, 0, &Value::text("State")).unwrap();
        e.cell(1, 0, &Value::Number(2.5)).unwrap();
        e.cell(1, 1, &Value::Date(Date::from_ymd_opt(2011, 9, 13).unwrap()))
            .unwrap();
        e.cell(1, 2, &Value::Error("#N/A".into())).unwrap();
        e.cell(1, 3, &Value::Bool(true)).unwrap();
        e.end_sheet().unwrap();
        let bytes = e.done().unwrap();
        let Decoded::Done(wb) = decode(&bytes[..]) else {
            panic!("not decoded")
        };
        assert_eq!(wb.notes, vec![note]);
        assert!(wb.date1904);
        assert_eq!(wb.sheets[0].cells.len(), 5);
        assert_eq!(
            wb.sheets[0].cells[2].value,
            Value::Date(Date::from_ymd_opt(2011, 9, 13).unwrap())
        );
        assert!(matches!(decode(&bytes[..bytes.len() - 1]), Decoded::Cut));
    }

    #[test]
    fn every_failure_crosses_the_pipe() {
        // What is not a file is found by the parent, before any reading process starts.
        let sent = ReadFailure::examples()
            .into_iter()
            .filter(|f| !matches!(f, ReadFailure::NotAFile(_)));
        for failure in sent {
            assert_eq!(
                failure_from(&failure_fields(&failure)),
                Some(failure.clone())
            );
            let mut e = Encoder::new(Vec::new()).unwrap();
            e.sheet("S").unwrap();
            e.sheet_error(&failure).unwrap();
            e.end_sheet().unwrap();
            let Decoded::Done(wb) = decode(&e.done().unwrap()[..]) else {
                panic!("not decoded")
            };
            assert_eq!(wb.sheets[0].error.as_ref(), Some(&failure));
            let bytes = Encoder::new(Vec::new()).unwrap().failed(&failure).unwrap();
            assert!(matches!(decode(&bytes[..]), Decoded::Failed(f) if f == failure));
        }
    }
}
