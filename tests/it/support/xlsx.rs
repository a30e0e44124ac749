//! The package XML of an xlsx file (data validations, defined names), which calamine does
//! not read.

use std::io::Read;
use std::path::Path;

/// One part of an xlsx package, as text.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).expect("an xlsx file is a zip package");
    let mut entry = zip
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name} in {}: {e}", path.display()));
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

/// The XML of the worksheet with a given tab name, found through the workbook's relationships.
pub fn sheet_xml(path: &Path, sheet: &str) -> String {
    let workbook = part(path, "xl/workbook.xml");
    let tag = elements(&workbook, "sheet")
        .into_iter()
        .find(|t| attr(t, "name").as_deref() == Some(sheet))
        .unwrap_or_else(|| panic!("no sheet {sheet} in {}", path.display()));
    let id = attr(&tag, "r:id").expect("r:id");
    let rels = part(path, "xl/_rels/workbook.xml.rels");
    let rel = elements(&rels, "Relationship")
        .into_iter()
        .find(|t| attr(t, "Id").as_deref() == Some(id.as_str()))
        .expect("relationship");
    let target = attr(&rel, "Target").expect("Target");
    let target = target.trim_start_matches('/');
    let name = if target.starts_with("xl/") {
        target.to_string()
    } else {
        format!("xl/{target}")
    };
    part(path, &name)
}

/// Defined names of a workbook: (name, formula).
pub fn defined_names(path: &Path) -> Vec<(String, String)> {
    let workbook = part(path, "xl/workbook.xml");
    let mut out = Vec::new();
    let mut rest = workbook.as_str();
    while let Some(start) = rest.find("<definedName ") {
        let after = &rest[start..];
        let open_end = after.find('>').unwrap();
        let close = after.find("</definedName>").unwrap();
        let name = attr(&after[..open_end], "name").unwrap();
        out.push((name, unescape(&after[open_end + 1..close])));
        rest = &after[close..];
    }
    out
}

/// A data validation of a worksheet: its attributes and first formula.
#[derive(Debug, Clone)]
pub struct Validation {
    pub kind: String,
    pub sqref: String,
    pub formula1: String,
    pub prompt: String,
    pub prompt_title: String,
    pub error: String,
    pub error_style: String,
}

pub fn validations(sheet_xml: &str) -> Vec<Validation> {
    let mut out = Vec::new();
    let mut rest = sheet_xml;
    while let Some(start) = rest.find("<dataValidation ") {
        let after = &rest[start..];
        let open_end = after.find('>').unwrap();
        let tag = &after[..open_end];
        let close = after.find("</dataValidation>").unwrap_or(open_end);
        let body = &after[open_end + 1..close.max(open_end + 1)];
        let formula1 = body
            .find("<formula1>")
            .map(|i| {
                let f = &body[i + 10..];
                unescape(&f[..f.find("</formula1>").unwrap()])
            })
            .unwrap_or_default();
        let get = |a: &str| attr(tag, a).unwrap_or_default();
        out.push(Validation {
            kind: attr(tag, "type").unwrap_or_else(|| "none".into()),
            sqref: get("sqref"),
            formula1,
            prompt: get("prompt"),
            prompt_title: get("promptTitle"),
            error: get("error"),
            error_style: attr(tag, "errorStyle").unwrap_or_else(|| "stop".into()),
        });
        rest = &after[open_end..];
    }
    out
}

/// The opening tags `<name ...>` in a piece of XML.
fn elements(xml: &str, name: &str) -> Vec<String> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let end = after.find('>').unwrap();
        out.push(after[..end].to_string());
        rest = &after[end..];
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + end]))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
