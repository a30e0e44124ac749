//! A big worksheet read in two halves by two reading processes at once.
//!
//! Parsing a worksheet's XML is what reading a big workbook costs, and one process parses on
//! one core. So a big xlsx file is read by two processes, each given a part ([`Part`]): the
//! first parses the rows above the middle row of the sheet's declared dimension, the second
//! the rows from there on, and the build puts the two halves together. Each process is
//! handed, by the rebuilt package ([`super::package`]), a worksheet XML of its own rows only
//! ([`Split`]): the first half ends with `</sheetData></worksheet>` made up at the middle row;
//! the second goes from the sheet's start tag straight to the middle row (the rows above are
//! inflated, searched for where they end, and not parsed). Both take the same decision from
//! the same bytes: when the sheet has no dimension, is small, or has a row without its number
//! above the middle, the first process reads it whole and the second sees it empty.

use std::io::{self, Read};

use memchr::memmem;

/// Which part of each big worksheet a reading process reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// 0 or 1.
    pub index: u8,
    /// 1 (the whole sheet) or 2.
    pub count: u8,
}

impl Part {
    pub const WHOLE: Part = Part { index: 0, count: 1 };

    pub fn is_whole(&self) -> bool {
        self.count < 2
    }
}

/// Worksheets of fewer declared rows are not split.
pub const SPLIT_ROWS: u32 = 20_000;

/// The end made up for the first half, and for the second half of a sheet not split.
const END: &[u8] = b"</sheetData></worksheet>";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the rows: passed on, the dimension looked for.
    Prefix,
    /// Among the rows.
    Rows,
    /// Everything else passed on as it comes.
    Rest,
    /// Only the made-up end is left to pass on.
    Closed,
}

/// The part of a worksheet's XML one reading process parses.
pub struct Split<R: Read> {
    inner: R,
    second: bool,
    /// Inflated bytes not yet passed on or dropped, from `pos`; those up to `ready` are to be
    /// passed on.
    buf: Vec<u8>,
    pos: usize,
    ready: usize,
    eof: bool,
    phase: Phase,
    /// The first row of the second half, 0-based.
    middle: u32,
    /// Bytes of [`END`] passed on.
    ended: usize,
    row: memmem::Finder<'static>,
    rows_end: memmem::Finder<'static>,
}

/// A worksheet whose rows are not found within this many bytes is refused.
const MAX_PREFIX: usize = 16 << 20;

impl<R: Read> Split<R> {
    pub fn new(inner: R, part: Part) -> Split<R> {
        Split {
            inner,
            second: part.index > 0,
            buf: Vec::new(),
            pos: 0,
            ready: 0,
            eof: false,
            phase: Phase::Prefix,
            middle: 0,
            ended: 0,
            row: memmem::Finder::new(b"row"),
            rows_end: memmem::Finder::new(b"sheetData"),
        }
    }

    /// The second half of a sheet whose rows are all the first's (or the first half, cut at
    /// the middle): what comes after is not this process's to read.
    pub fn closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    /// Inflates more; false at the end.
    fn more(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.ready -= self.pos;
            self.pos = 0;
        }
        let had = self.buf.len();
        self.buf.resize(had + 256 * 1024, 0);
        let n = self.inner.read(&mut self.buf[had..])?;
        self.buf.truncate(had + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    /// The sheet is read whole by the first process; the second passes on what it has given
    /// and an end.
    fn not_split(&mut self) {
        if self.second {
            self.phase = Phase::Closed;
        } else {
            self.phase = Phase::Rest;
        }
    }

    /// Decides about the rows from `pos`, as far as the inflated bytes go: the first half
    /// passes on its rows, the second drops them. False when more bytes are needed.
    fn rows(&mut self) -> bool {
        let mut q = self.pos;
        let done = loop {
            let rest = &self.buf[q..];
            let row = find_start(&self.row, rest, b"row");
            // The end of the rows, looked for only before the next row.
            let end = find_end(
                &self.rows_end,
                &rest[..row.unwrap_or(rest.len())],
                b"sheetData",
            );
            match (row, end) {
                (Some(r), None) => {
                    let at = q + r;
                    let Some(close) = memchr::memchr(b'>', &self.buf[at..]) else {
                        break false;
                    };
                    let number = std::str::from_utf8(&self.buf[at..at + close])
                        .ok()
                        .and_then(|t| super::merges::attribute(t, "r"))
                        .and_then(|n| n.trim().parse::<u32>().ok());
                    match number {
                        // A row without its number: where the middle is cannot be known
                        // alike by both.
                        None => {
                            self.not_split();
                            break true;
                        }
                        Some(n) if n.saturating_sub(1) >= self.middle => {
                            if self.second {
                                q = at;
                                self.phase = Phase::Rest;
                            } else {
                                self.ready = at;
                                self.phase = Phase::Closed;
                            }
                            break true;
                        }
                        Some(_) => q = at + close + 1,
                    }
                }
                // The rows end before the middle: all of them are the first half's.
                (_, Some(_)) => {
                    self.not_split();
                    break true;
                }
                _ => {
                    // Up to where a tag cut at the end could start.
                    q = q.max(self.buf.len().saturating_sub(64));
                    break false;
                }
            }
        };
        if self.second {
            // Dropped; the second half starts at `q` (when it has started).
            self.pos = q;
            if self.phase == Phase::Rest {
                self.ready = q;
            } else {
                self.ready = self.pos;
            }
        } else if self.phase == Phase::Rows || self.phase == Phase::Rest {
            self.ready = if self.phase == Phase::Rest {
                self.buf.len()
            } else {
                q
            };
        }
        done
    }
}

impl<R: Read> Read for Split<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if self.pos < self.ready {
                let n = (self.ready - self.pos).min(out.len());
                out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            match self.phase {
                Phase::Closed => {
                    let n = (END.len() - self.ended).min(out.len());
                    out[..n].copy_from_slice(&END[self.ended..self.ended + n]);
                    self.ended += n;
                    return Ok(n);
                }
                Phase::Rest => {
                    if self.pos < self.buf.len() {
                        self.ready = self.buf.len();
                        continue;
                    }
                    return self.inner.read(out);
                }
                Phase::Prefix => {
                    let start = find_start(&self.rows_end, &self.buf, b"sheetData");
                    let close =
                        start.and_then(|at| memchr::memchr(b'>', &self.buf[at..]).map(|c| at + c));
                    let (Some(at), Some(close)) = (start, close) else {
                        if self.buf.len() > MAX_PREFIX {
                            return Err(io::Error::new(
                                io::ErrorKind::InvalidData,
                                "the worksheet's rows were not found where they should start",
                            ));
                        }
                        if !self.more()? {
                            // No rows at all: passed on as it is.
                            self.phase = Phase::Rest;
                        }
                        continue;
                    };
                    let dimension = find_start(
                        &memmem::Finder::new(b"dimension"),
                        &self.buf[..at],
                        b"dimension",
                    )
                    .and_then(|d| {
                        let end = memchr::memchr(b'>', &self.buf[d..at])?;
                        let tag = std::str::from_utf8(&self.buf[d..d + end]).ok()?;
                        let r = super::merges::region(super::merges::attribute(tag, "ref")?)?;
                        Some((r.first_row, r.last_row))
                    });
                    self.ready = close + 1;
                    if self.buf[close - 1] == b'/' {
                        // `<sheetData/>`: no rows.
                        self.phase = Phase::Rest;
                        continue;
                    }
                    match dimension
                        .filter(|(first, last)| last.saturating_sub(*first) >= SPLIT_ROWS)
                    {
                        Some((first, last)) => {
                            self.middle = first + (last - first).div_ceil(2);
                            self.phase = Phase::Rows;
                        }
                        None => self.not_split(),
                    }
                }
                Phase::Rows => {
                    if !self.rows() && !self.more()? {
                        // No end of the rows: what is left is passed on by the first.
                        self.not_split();
                        if !self.second {
                            self.ready = self.buf.len();
                        }
                    }
                }
            }
        }
    }
}

/// Where the start tag `<name` or `<prefix:name` begins in `buf` (at its `<`); `finder`
/// finds `name`.
fn find_start(finder: &memmem::Finder, buf: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = finder.find(&buf[from..]) {
        let p = from + i;
        from = p + 1;
        let after = buf.get(p + name.len()).copied();
        if !after.is_some_and(|c| c.is_ascii_whitespace() || c == b'>' || c == b'/') {
            continue;
        }
        if let Some(lt) = tag_open(buf, p) {
            if buf.get(lt + 1) != Some(&b'/') {
                return Some(lt);
            }
        }
    }
    None
}

/// Where the end tag `</name>` or `</prefix:name>` begins in `buf`; `finder` finds `name`.
fn find_end(finder: &memmem::Finder, buf: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = finder.find(&buf[from..]) {
        let p = from + i;
        from = p + 1;
        let after = buf.get(p + name.len()).copied();
        if !after.is_some_and(|c| c.is_ascii_whitespace() || c == b'>') {
            continue;
        }
        // `</name` or `</prefix:name`.
        let mut s = p;
        if s >= 1 && buf[s - 1] == b':' {
            s -= 1;
            while s > 0
                && (buf[s - 1].is_ascii_alphanumeric() || matches!(buf[s - 1], b'_' | b'-' | b'.'))
            {
                s -= 1;
            }
        }
        if s >= 2 && buf[s - 1] == b'/' && buf[s - 2] == b'<' {
            return Some(s - 2);
        }
    }
    None
}

/// The `<` of a tag whose name starts at `p` (`<name` or `<prefix:name`).
fn tag_open(buf: &[u8], p: usize) -> Option<usize> {
    let mut s = p.checked_sub(1)?;
    if buf[s] == b':' {
        s = s.checked_sub(1)?;
        while s > 0 && (buf[s].is_ascii_alphanumeric() || matches!(buf[s], b'_' | b'-' | b'.')) {
            s -= 1;
        }
    }
    (buf[s] == b'<').then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: u32, numbered: bool, prefix: &str) -> Vec<u8> {
        let p = prefix;
        let mut xml = format!(
            r#"<?xml version="1.0"?><{p}worksheet><{p}dimension ref="A1:B{rows}"/><{p}sheetData>"#
        );
        for r in 1..=rows {
            let attr = if numbered {
                format!(r#" r="{r}""#)
            } else {
                String::new()
            };
            xml.push_str(&format!(
                r#"<{p}row{attr} spans="1:2"><{p}c r="A{r}" t="inlineStr"><{p}is><{p}t>row &lt;row r="9"&gt;</{p}t></{p}is></{p}c></{p}row>"#
            ));
        }
        xml.push_str(&format!(
            r#"</{p}sheetData><{p}mergeCells><{p}mergeCell ref="A1:B1"/></{p}mergeCells></{p}worksheet>"#
        ));
        xml.into_bytes()
    }

    /// Reads through `Split` in pieces of `size` bytes.
    fn part(xml: &[u8], index: u8, size: usize) -> String {
        let mut s = Split::new(xml, Part { index, count: 2 });
        let mut out = Vec::new();
        let mut buf = vec![0u8; size];
        loop {
            let n = s.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        String::from_utf8(out).unwrap()
    }

    fn row_numbers(xml: &str) -> Vec<u32> {
        xml.match_indices("row r=\"")
            .filter(|(i, _)| xml[..*i].ends_with('<') || xml[..*i].ends_with(':'))
            .map(|(i, m)| {
                let rest = &xml[i + m.len()..];
                rest[..rest.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn the_two_halves_hold_every_row_once() {
        for prefix in ["", "x:"] {
            let xml = sheet(SPLIT_ROWS + 101, true, prefix);
            for size in [7, 100, 8192, 1 << 20] {
                let first = part(&xml, 0, size);
                let second = part(&xml, 1, size);
                let (a, b) = (row_numbers(&first), row_numbers(&second));
                let middle = (SPLIT_ROWS + 101) / 2 + 1;
                assert_eq!(a, (1..middle).collect::<Vec<_>>(), "{prefix} {size}");
                assert_eq!(b, (middle..=SPLIT_ROWS + 101).collect::<Vec<_>>());
                assert!(first.ends_with("</sheetData></worksheet>"));
                assert!(first.contains("<dimension") || first.contains(":dimension"));
                assert!(second.contains("sheetData>") && second.contains("mergeCell ref"));
                assert!(!first.contains("mergeCell ref"));
            }
        }
    }

    #[test]
    fn small_sheets_and_rows_without_numbers_are_read_whole_by_the_first() {
        for xml in [sheet(100, true, ""), sheet(SPLIT_ROWS + 101, false, "")] {
            let first = part(&xml, 0, 4096);
            let second = part(&xml, 1, 4096);
            assert_eq!(first.as_bytes(), &xml[..]);
            assert!(
                second.ends_with("<sheetData></sheetData></worksheet>"),
                "{second}"
            );
            assert!(!second.contains("<row"));
        }
    }
}
