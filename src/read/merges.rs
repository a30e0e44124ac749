//! The merged cells of an xlsx worksheet, found without parsing the sheet's XML again.
//!
//! calamine gives merged regions only by parsing the whole worksheet a second time after its
//! cells have been read: on a sheet of a million rows that took 40% of the reading. The
//! `<mergeCell ref="A1:H1"/>` elements come after the cells, so the sheet's XML is only
//! searched for them ([`Scanner`]): as calamine reads it, through the rebuilt package of
//! [`super::package`], or else by inflating the sheet's part again ([`xlsx_merges`]).
//! Anything unusual about the package (a workbook or sheet that cannot be located this way)
//! returns `None`, and the caller asks calamine instead.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use super::raw::Rect;

/// The merged regions of the worksheet `sheet` of the xlsx file at `path`, or `None` when the
/// sheet's part cannot be found simply.
pub fn xlsx_merges(path: &Path, sheet: &str, max: usize) -> Option<Vec<Rect>> {
    let file = File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    let part = sheet_part(&mut zip, sheet)?;
    let entry = zip.by_name(&part).ok()?;
    Some(scan(entry, max))
}

/// The zip path of a worksheet, through the package's and the workbook's relationships.
fn sheet_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    sheet: &str,
) -> Option<String> {
    let document = relationships(zip, "_rels/.rels")?
        .into_iter()
        .find(|(_, typ, _)| typ.ends_with("/officeDocument"))
        .map(|(_, _, target)| target.trim_start_matches('/').to_string())?;
    let (dir, name) = match document.rfind('/') {
        Some(i) => (&document[..=i], &document[i + 1..]),
        None => ("", document.as_str()),
    };
    let rels = relationships(zip, &format!("{dir}_rels/{name}.rels"))?;
    let id = sheet_id(zip, &document, sheet)?;
    let (_, typ, target) = rels.into_iter().find(|(i, _, _)| *i == id)?;
    if !typ.ends_with("/worksheet") {
        return None;
    }
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    })
}

fn read_part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let mut entry = zip.by_name(name).ok()?;
    if entry.size() > 64 * 1024 * 1024 {
        return None;
    }
    let mut text = String::new();
    entry.read_to_string(&mut text).ok()?;
    Some(text)
}

/// (Id, Type, Target) of each relationship of a .rels part.
fn relationships<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<Vec<(String, String, String)>> {
    let text = read_part(zip, name)?;
    let mut reader = Reader::from_str(&text);
    let mut out = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (mut id, mut typ, mut target) = (None, None, None);
                for attr in e.attributes() {
                    let attr = attr.ok()?;
                    let value = attr
                        .normalized_value(XmlVersion::Implicit1_0)
                        .ok()?
                        .into_owned();
                    match attr.key.local_name().as_ref() {
                        "Id" => id = Some(value),
                        "Type" => typ = Some(value),
                        "Target" => target = Some(value),
                        _ => {}
                    }
                }
                out.push((id?, typ.unwrap_or_default(), target?));
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

/// The relationship id of the sheet named `sheet` in the workbook part.
fn sheet_id<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    workbook: &str,
    sheet: &str,
) -> Option<String> {
    let text = read_part(zip, workbook)?;
    let mut reader = Reader::from_str(&text);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let (mut name, mut id) = (None, None);
                for attr in e.attributes() {
                    let attr = attr.ok()?;
                    match attr.key.local_name().as_ref() {
                        "name" => {
                            name = Some(
                                attr.normalized_value(XmlVersion::Implicit1_0)
                                    .ok()?
                                    .into_owned(),
                            );
                        }
                        "id" => {
                            id = Some(
                                attr.normalized_value(XmlVersion::Implicit1_0)
                                    .ok()?
                                    .into_owned(),
                            );
                        }
                        _ => {}
                    }
                }
                if name.as_deref() == Some(sheet) {
                    return id;
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The longest element looked at; a `mergeCell` element is some 25 bytes.
const MAX_ELEMENT: usize = 4096;

/// Searches a worksheet's XML for `<mergeCell ref="…"/>` (with or without a namespace
/// prefix). Text cannot hold a literal `<`, so the name after `<` is always markup.
fn scan(mut input: impl Read, max: usize) -> Vec<Rect> {
    let mut scanner = Scanner::new(max);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match input.read(&mut buf) {
            Ok(0) | Err(_) => return scanner.finish(max),
            Ok(n) => scanner.feed(&buf[..n]),
        }
    }
}

/// Bytes gathered before they are searched.
const BLOCK: usize = 256 * 1024;

/// Searches a worksheet's XML, given piece by piece as it is inflated, for
/// `<mergeCell ref="…"/>` (with or without a namespace prefix). Text cannot hold a literal
/// `<`, so the name after `<` is always markup.
pub struct Scanner {
    buf: Vec<u8>,
    /// Where the search resumes in `buf`.
    from: usize,
    out: Vec<Rect>,
    max: usize,
    finder: memchr::memmem::Finder<'static>,
}

impl Scanner {
    /// A search that keeps at most `max` regions.
    pub fn new(max: usize) -> Scanner {
        Scanner {
            buf: Vec::new(),
            from: 0,
            out: Vec::new(),
            max,
            finder: memchr::memmem::Finder::new(b"mergeCell"),
        }
    }

    pub fn feed(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= BLOCK + MAX_ELEMENT {
            self.search(false);
        }
    }

    /// The regions found (at most `max`), once everything has been fed.
    pub fn finish(mut self, max: usize) -> Vec<Rect> {
        self.search(true);
        self.out.truncate(max);
        self.out
    }

    fn search(&mut self, end: bool) {
        // Matches that may run past what has been fed wait for more.
        let limit = if end {
            self.buf.len()
        } else {
            self.buf.len().saturating_sub(MAX_ELEMENT)
        };
        let mut at = self.from;
        while at < limit {
            let Some(i) = self.finder.find(&self.buf[at..]) else {
                break;
            };
            let p = at + i;
            if p >= limit {
                break;
            }
            if let Some(rect) = element(&self.buf, p) {
                if self.out.len() < self.max {
                    self.out.push(rect);
                }
            }
            at = p + 1;
        }
        // Keep a little before the limit for the `<prefix:` in front of a name.
        let keep = limit.saturating_sub(64);
        self.buf.drain(..keep);
        self.from = limit - keep;
    }
}

/// The region of the element whose name starts at `p`, if it is a `mergeCell` with a `ref`.
fn element(buf: &[u8], p: usize) -> Option<Rect> {
    let after = *buf.get(p + 9)?;
    if !(after.is_ascii_whitespace() || after == b'/' || after == b'>') {
        return None; // mergeCells, or a longer name
    }
    // `<mergeCell` or `<x:mergeCell`.
    let mut s = p.checked_sub(1)?;
    if buf[s] == b':' {
        s = s.checked_sub(1)?;
        while s > 0 && (buf[s].is_ascii_alphanumeric() || matches!(buf[s], b'_' | b'-' | b'.')) {
            s -= 1;
        }
    }
    if buf[s] != b'<' {
        return None;
    }
    let tail = &buf[p + 9..buf.len().min(p + 9 + MAX_ELEMENT)];
    let close = memchr::memchr(b'>', tail)?;
    let attrs = std::str::from_utf8(&tail[..close]).ok()?;
    region(attribute(attrs, "ref")?)
}

/// The value of an attribute in the text of a start tag.
pub(super) fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_whitespace());
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let value = &value[1..];
                    return value.find(quote).map(|end| &value[..end]);
                }
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

/// "A1:H1" (or a single cell "B2") as a 0-based block.
pub(super) fn region(text: &str) -> Option<Rect> {
    let (a, b) = match text.split_once(':') {
        Some((a, b)) => (cell(a)?, cell(b)?),
        None => {
            let c = cell(text)?;
            (c, c)
        }
    };
    Some(Rect {
        first_row: a.0.min(b.0),
        first_col: a.1.min(b.1),
        last_row: a.0.max(b.0),
        last_col: a.1.max(b.1),
    })
}

/// "H12" → (11, 7).
fn cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        col = col * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > 1_048_576 || col > 16_384 {
        return None;
    }
    Some((row - 1, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_merged_cells_in_the_xml() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCell &lt;mergeCell ref="Z9"/&gt;</t></is></c></row></sheetData>
            <mergeCells count="3"><mergeCell ref="A1:H1"/><x:mergeCell  ref = 'B2' /><mergeCell ref="$C$3:$A$10"></mergeCell></mergeCells></worksheet>"#;
        let rect = |first_row, first_col, last_row, last_col| Rect {
            first_row,
            first_col,
            last_row,
            last_col,
        };
        assert_eq!(
            scan(&xml[..], 100),
            vec![rect(0, 0, 0, 7), rect(1, 1, 1, 1), rect(2, 0, 9, 2)]
        );
        assert_eq!(scan(&xml[..], 1).len(), 1);
        assert_eq!(cell("AB12"), Some((11, 27)));
    }

    #[test]
    fn finds_what_calamine_finds_in_the_default_workbooks() {
        use calamine::{open_workbook, Reader, Xlsx};
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
            for name in wb.sheet_names() {
                let expected: Vec<Rect> = wb
                    .merge_cells_by_sheet_name(&name)
                    .unwrap()
                    .iter()
                    .map(crate::read::excel::rect)
                    .collect();
                checked += expected.len();
                assert_eq!(xlsx_merges(&path, &name, 1000), Some(expected), "{name}");
            }
        }
        assert!(checked > 5);
    }
}
