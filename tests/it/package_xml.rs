//! Reading back the packages the build writes (consolidated.xlsx, report.docx): every part of
//! the zip, whether each XML part is well-formed XML 1.0 (what Word, Excel, LibreOffice and
//! python-docx require), and the text of a Word document's paragraphs and tables.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

/// Every part of a zip package, by name, with its bytes.
pub fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file)
        .unwrap_or_else(|e| panic!("{} is not a zip package: {e}", path.display()));
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.insert(name, data);
    }
    out
}

/// One part of a package as text.
pub fn part(path: &Path, name: &str) -> String {
    let parts = parts(path);
    let data = parts
        .get(name)
        .unwrap_or_else(|| panic!("no part {name} in {}", path.display()));
    String::from_utf8(data.clone()).unwrap_or_else(|_| panic!("{name} is not UTF-8"))
}

/// Whether `c` may appear in an XML 1.0 document.
fn xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Why `xml` is not a well-formed XML 1.0 document, if it is not: a parse error, an element
/// closed by another's name, one left open, or a character (raw or as a reference) that XML
/// does not allow.
pub fn not_well_formed(xml: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(xml) {
        Ok(t) => t,
        Err(e) => return Some(format!("not UTF-8: {e}")),
    };
    if let Some(c) = text.chars().find(|c| !xml_char(*c as u32)) {
        return Some(format!("the character U+{:04X}", c as u32));
    }
    // Character references to characters XML does not allow (&#7; &#x1F;).
    let mut rest = text;
    while let Some(i) = rest.find("&#") {
        let after = &rest[i + 2..];
        let end = after.find(';').unwrap_or(0);
        let code = if let Some(hex) = after[..end].strip_prefix('x') {
            u32::from_str_radix(hex, 16).ok()
        } else {
            after[..end].parse().ok()
        };
        if code.is_some_and(|c| !xml_char(c)) {
            return Some(format!("the reference &#{};", &after[..end]));
        }
        rest = &after[end..];
    }
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut open = Vec::new();
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Err(e) => return Some(format!("{e} at byte {}", reader.buffer_position())),
            Ok(Event::Start(e)) => {
                if open.is_empty() {
                    roots += 1;
                }
                open.push(e.name().0.to_string());
            }
            Ok(Event::Empty(_)) if open.is_empty() => roots += 1,
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
        }
    }
    if !open.is_empty() {
        return Some(format!("{} elements left open", open.len()));
    }
    if roots != 1 {
        return Some(format!("{roots} root elements"));
    }
    None
}

/// The parts of a package that are not well-formed XML, with why.
pub fn broken_parts(path: &Path) -> Vec<String> {
    parts(path)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xml") || name.ends_with(".rels"))
        .filter_map(|(name, data)| not_well_formed(&data).map(|why| format!("{name}: {why}")))
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A Word document's body: each paragraph's text (its runs' `w:t` joined), in order, and for
/// each table its rows of cell texts. A paragraph inside a table is in the table only. A
/// no-break space reads as a space, as a reader sees it.
pub struct WordText {
    pub paragraphs: Vec<String>,
    pub tables: Vec<Vec<Vec<String>>>,
}

pub fn word_text(document_xml: &str) -> WordText {
    let mut reader = Reader::from_str(document_xml);
    let mut paragraphs = Vec::new();
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut depth_tbl = 0;
    let mut paragraph = String::new();
    let mut cell = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("document.xml parses") {
            Event::Start(e) => match e.name().0 {
                "w:tbl" => {
                    depth_tbl += 1;
                    tables.push(Vec::new());
                }
                "w:tr" => tables.last_mut().unwrap().push(Vec::new()),
                "w:tc" => cell.clear(),
                "w:p" => paragraph.clear(),
                "w:t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match e.name().0 {
                "w:tbl" => depth_tbl -= 1,
                "w:tc" => tables
                    .last_mut()
                    .unwrap()
                    .last_mut()
                    .unwrap()
                    .push(cell.trim().to_string()),
                "w:p" if depth_tbl > 0 => {
                    if !cell.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(&paragraph);
                }
                "w:p" => paragraphs.push(paragraph.clone()),
                "w:t" => in_t = false,
                _ => {}
            },
            Event::Text(t) if in_t => {
                paragraph.push_str(&unescape(t.as_ref()).replace('\u{a0}', " "));
            }
            Event::GeneralRef(r) if in_t => {
                paragraph.push_str(&unescape(&format!("&{};", AsRef::<str>::as_ref(&r))));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    WordText { paragraphs, tables }
}

#[test]
fn the_checker_finds_what_readers_refuse() {
    assert_eq!(not_well_formed(b"<a><b/>x</a>"), None);
    assert!(not_well_formed(b"<a><b></a>").is_some());
    assert!(not_well_formed(b"<a>\x07</a>").is_some());
    assert!(not_well_formed(b"<a>&#7;</a>").is_some());
    assert!(not_well_formed(b"<a>&#x1F;</a>").is_some());
    assert!(not_well_formed(b"<a/><b/>").is_some());
    assert!(not_well_formed("<a>\u{FFFF}</a>".as_bytes()).is_some());
    let w = word_text(
        r#"<w:document><w:body><w:p><w:r><w:t>A &amp; B</w:t></w:r><w:r><w:t xml:space="preserve"> c</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>"#,
    );
    assert_eq!(w.paragraphs, ["A & B c"]);
    assert_eq!(w.tables, [[["x", ""]]]);
}
