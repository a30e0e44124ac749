//! Entry points for fuzzing (fuzz/ and tests/robust_fuzz.rs); not part of the tool's interface.
//!
//! The workbook *reader* runs in a limited child process, so what it does with a hostile file
//! can only cost that process. Everything after it — the dictionary, header detection, cell
//! checks, merging, the report renderers — runs in the build itself, so it must accept any
//! sheet a reader can hand over. [`validation`] turns arbitrary bytes into such sheets (a
//! dictionary and up to three workbooks, built from words coordinators use and from raw
//! bytes) and runs that whole layer over them. [`read_file`] runs the in-process reader over
//! arbitrary bytes, to find what the child process is there to contain.

use std::path::{Path, PathBuf};

use crate::model::dates::Date;
use crate::model::value::Value;
use crate::problem::{Problems, ReadFailure};
use crate::project::Project;
use crate::read::{RawCell, RawSheet, RawWorkbook, ReadLimits, Rect};

/// Reads fuzz bytes one decision at a time; zeros once they run out.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.byte() as usize % items.len()]
    }

    /// Mostly small numbers, sometimes the edges of a sheet or of u32.
    fn coordinate(&mut self, small: u32) -> u32 {
        match self.byte() % 16 {
            0 => [1_048_575, 16_383, u32::MAX, u32::MAX - 1, 65_535][self.byte() as usize % 5],
            1 => self.u32(),
            _ => self.byte() as u32 % small,
        }
    }

    fn text(&mut self) -> String {
        match self.byte() % 4 {
            0 => {
                let len = self.byte() as usize % 24;
                let raw: Vec<u8> = (0..len).map(|_| self.byte()).collect();
                String::from_utf8_lossy(&raw).into_owned()
            }
            1 => self.pick(WORDS).repeat(1 + self.byte() as usize % 3),
            _ => self.pick(WORDS).to_string(),
        }
    }

    fn value(&mut self) -> Value {
        match self.byte() % 10 {
            0 => Value::Empty,
            1 | 2 => Value::Number(match self.byte() % 8 {
                0 => f64::NAN,
                1 => f64::INFINITY,
                2 => -1e308,
                3 => f64::from_bits(u64::from(self.u32()) << 32 | u64::from(self.u32())),
                4 => 40_799.0 + self.byte() as f64,
                5 => (self.byte() as f64) / 4.0,
                _ => self.byte() as f64,
            }),
            3 => Value::Bool(self.byte() % 2 == 0),
            4 => Date::from_num_days_from_ce_opt(self.u32() as i32 % 4_000_000)
                .map(Value::Date)
                .unwrap_or_default(),
            5 => Value::Error(self.pick(&["#N/A", "#DIV/0!", "#VALUE!", "#REF!"]).into()),
            _ => Value::text(self.text()),
        }
    }

    fn sheet(&mut self, name: String, rows: u32, cols: u32) -> RawSheet {
        let mut cells = Vec::new();
        let n = self.byte() as usize % 48;
        for _ in 0..n {
            if self.done() {
                break;
            }
            cells.push(RawCell {
                row: self.coordinate(rows),
                col: self.coordinate(cols),
                value: self.value(),
            });
        }
        cells.sort_by_key(|c| (c.row, c.col));
        let mut merges = Vec::new();
        for _ in 0..self.byte() % 4 {
            let (r0, c0) = (self.coordinate(rows), self.coordinate(cols));
            let (r1, c1) = (self.coordinate(rows), self.coordinate(cols));
            merges.push(Rect {
                first_row: r0.min(r1),
                first_col: c0.min(c1),
                last_row: r0.max(r1),
                last_col: c0.max(c1),
            });
        }
        RawSheet {
            name,
            cells,
            merges,
            error: None,
        }
    }

    /// A sheet laid out as a table: a header row of `header` (some words swapped for others),
    /// then rows of values, with some noise.
    fn table(&mut self, name: &str, header: &[&str]) -> RawSheet {
        let mut sheet = self.sheet(name.to_string(), 6, 6);
        let top = if self.byte() % 4 == 0 {
            self.byte() as u32 % 5
        } else {
            0
        };
        let mut cells = Vec::new();
        for (c, h) in header.iter().enumerate() {
            let h = if self.byte() % 8 == 0 {
                self.pick(WORDS)
            } else {
                h
            };
            cells.push(RawCell {
                row: top,
                col: c as u32,
                value: Value::text(h),
            });
        }
        let rows = self.byte() % 8;
        for r in 0..rows as u32 {
            for c in 0..header.len() as u32 {
                cells.push(RawCell {
                    row: top + 1 + r,
                    col: c,
                    value: self.value(),
                });
            }
        }
        cells.append(&mut sheet.cells);
        cells.sort_by_key(|c| (c.row, c.col));
        sheet.cells = cells;
        sheet
    }
}

/// Words coordinators type into these workbooks and dictionaries.
const WORDS: &[&str] = &[
    "State",
    "States",
    "Deposited",
    "Destroyed",
    "Deadline",
    "Stockpiles",
    "Settings",
    "Setting",
    "Value",
    "Sheet",
    "Role",
    "Column",
    "Type",
    "Required",
    "Values",
    "One row per",
    "Header row",
    "Description",
    "Aliases",
    "Title",
    "Report date",
    "Norway",
    "Chile",
    "Chilee",
    "Côte d'Ivoire",
    "Lao People's Democratic Republic",
    "yes",
    "no",
    "x",
    "text",
    "number",
    "whole number",
    "date",
    "yes/no",
    "one of a list",
    "state",
    "states list",
    "settings",
    "data",
    "12/09/2011",
    "Sept 2011",
    "2011-09-13",
    "31/02/2011",
    "13.09.11",
    "September 12, 2011",
    "1,234",
    " 12 ",
    "40%",
    "-0",
    "1e400",
    " ",
    "",
    "#N/A",
    "plan; budget",
    "plan, budget",
    "State, Year",
    "3",
    "0",
    "-1",
    "Column A",
    "é",
    "\u{0}",
    "\u{202e}",
    "🙂",
    "ﷺ",
    "\t\n",
];

/// Runs the layer after reading (dictionary, headers, checks, tables, report renderers) over
/// workbooks made from `data`. Panics only if that layer has a bug.
pub fn validation(data: &[u8]) {
    let mut b = Bytes { data, at: 0 };
    let root = PathBuf::from("/fuzz");
    let project = Project {
        root: root.clone(),
        workbooks: root.join("workbooks"),
        plugins: root.join("plugins"),
    };
    let mut files = Vec::new();
    let mut raws = Vec::new();
    // The dictionary: a Sheets and a Columns sheet, mostly well formed.
    let mut dictionary = RawWorkbook::default();
    dictionary
        .sheets
        .push(b.table("Sheets", &["Sheet", "Role", "One row per", "Header row"]));
    dictionary.sheets.push(b.table(
        "Columns",
        &["Sheet", "Column", "Type", "Required", "Values"],
    ));
    files.push(root.join("workbooks/dictionary.xlsx"));
    raws.push(Ok(dictionary));
    let shapes: [(&str, &[&str]); 4] = [
        ("States", &["State", "Aliases", "Deposited"]),
        (
            "Stockpiles",
            &["State", "Destroyed", "Deadline", "Required"],
        ),
        ("Settings", &["Setting", "Value"]),
        ("Other", &["Column", "Value", "State"]),
    ];
    for i in 0..1 + b.byte() % 3 {
        let mut workbook = RawWorkbook::default();
        for _ in 0..1 + b.byte() % 3 {
            let (name, header) = shapes[b.byte() as usize % shapes.len()];
            let name = if b.byte() % 8 == 0 {
                b.text()
            } else {
                name.to_string()
            };
            let mut sheet = b.table(&name, header);
            if b.byte() % 16 == 0 {
                sheet.error = Some(ReadFailure::Unknown);
            }
            workbook.sheets.push(sheet);
        }
        files.push(root.join(format!("workbooks/w{i}.xlsx")));
        raws.push(if b.byte() % 16 == 0 {
            Err(ReadFailure::InvalidContent {
                detail: "fuzz".into(),
            })
        } else {
            Ok(workbook)
        });
    }
    let loaded = crate::check::check(&project, &files, raws, Problems::new());
    for p in loaded.problems.iter() {
        let _ = p.to_string();
    }
    let report = crate::model::report::Report {
        title: "Fuzz".into(),
        ..Default::default()
    };
    let _ = crate::write::markdown::render(&report, &loaded.dataset);
    let _ = crate::write::html::render(&report, &loaded.dataset);
}

/// Reads `data` as a workbook file in this process, with the reader's own limits. The first
/// byte chooses the file's extension. Returns whether it was read.
pub fn read_file(dir: &Path, data: &[u8]) -> bool {
    let Some((&first, bytes)) = data.split_first() else {
        return false;
    };
    let ext = ["xlsx", "xls", "xlsb", "ods"][first as usize % 4];
    let path = dir.join(format!("fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return false;
    }
    let limits = ReadLimits {
        max_cells: 100_000,
        ..ReadLimits::default()
    };
    let read = crate::read::read_workbook(&path, &crate::read::Isolation::InProcess, &limits);
    let _ = std::fs::remove_file(&path);
    read.is_ok()
}

/// Writes every output of a report made from `data` into `dir` and checks that each can be
/// opened: every XML part of consolidated.xlsx and report.docx is well-formed XML 1.0, and the
/// Markdown and HTML hold no control character. Panics on a file a client could not open; an
/// error from the writers (a message, exit status 2) is allowed only for a reason of the
/// machine (a full disk), never for a value of the report.
pub fn outputs(dir: &Path, data: &[u8]) {
    use crate::model::report::{
        Chart, ChartKind, Content, Origin, Outcome, Report, ReportTable, Section, Series,
    };
    let mut b = Bytes { data, at: 0 };
    let mut sections = Vec::new();
    for n in 0..1 + b.byte() % 3 {
        let mut c = Content::default();
        for _ in 0..b.byte() % 4 {
            // Now and then the section has looked at illustrative rows: what follows is marked.
            if b.byte() % 4 == 0 {
                c.observe();
            }
            match b.byte() % 3 {
                0 => c.push_heading(b.text(), Origin::default()),
                1 => c.push_bullets(vec![b.text(), b.text()], Origin::default()),
                _ => c.push_paragraph(b.text(), Origin::default()),
            }
        }
        for _ in 0..b.byte() % 3 {
            let columns: Vec<String> = (0..b.byte() % 4).map(|_| b.text()).collect();
            let rows = (0..b.byte() % 5)
                .map(|_| (0..columns.len()).map(|_| b.value()).collect())
                .collect();
            let table = ReportTable {
                title: b.text(),
                formats: vec![None; columns.len()],
                columns,
                rows,
                workbook_only: b.byte() % 2 == 0,
            };
            c.push_table(table, Origin::default());
        }
        for _ in 0..b.byte() % 3 {
            let categories: Vec<String> = (0..b.byte() % 5).map(|_| b.text()).collect();
            let series = (0..1 + b.byte() % 3)
                .map(|_| Series {
                    name: b.text(),
                    values: categories
                        .iter()
                        .map(|_| match b.value() {
                            Value::Number(x) => Some(x),
                            _ => None,
                        })
                        .collect(),
                })
                .collect();
            let chart = Chart {
                title: b.text(),
                kind: [
                    ChartKind::Column,
                    ChartKind::Bar,
                    ChartKind::Line,
                    ChartKind::Pie,
                ][b.byte() as usize % 4],
                categories,
                series,
                x_title: Some(b.text()),
                y_title: (b.byte() % 2 == 0).then(|| b.text()),
                note: (b.byte() % 2 == 0).then(|| b.text()),
                ..Chart::default()
            };
            c.push_chart(chart, Origin::default());
        }
        sections.push(Section {
            number: Some(n as i64 + 1),
            title: b.text(),
            file: format!("plugins/{n}.lua"),
            sheet: (b.byte() % 2 == 0).then(|| b.text()),
            outcome: if b.byte() % 8 == 0 {
                Outcome::Failed(b.text())
            } else {
                Outcome::Produced(Box::new(c))
            },
        });
    }
    let report = Report {
        title: b.text(),
        subtitle: Some(b.text()),
        period: None,
        sections,
    };
    let dataset = std::sync::Arc::new(crate::model::table::Dataset::default());
    let Ok(started) = crate::write::start(dir, &dataset) else {
        return;
    };
    let mut problems = Problems::new();
    let documents = crate::write::Documents::Write;
    let written =
        crate::write::write_all(dir, started, &report, &dataset, &mut problems, documents)
            .unwrap_or_else(|e| panic!("the outputs were not written: {e:#}"));
    for path in written {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".md") || name.ends_with(".html") {
            let text = String::from_utf8(bytes).expect("UTF-8");
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{name} holds a control character"
            );
            continue;
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let part_name = part.name().unwrap().to_string();
            if !(part_name.ends_with(".xml") || part_name.ends_with(".rels")) {
                continue;
            }
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut part, &mut xml).expect("UTF-8 XML");
            if let Err(why) = well_formed(&xml) {
                panic!("{name}, {part_name}: {why}");
            }
        }
    }
}

/// Whether `xml` is well-formed XML 1.0: parsed, every element closed by its own name, one
/// root, and no character (raw or referenced) that XML does not allow.
pub fn well_formed(xml: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let allowed = |c: u32| matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
    if let Some(c) = xml.chars().find(|c| !allowed(*c as u32)) {
        return Err(format!("the character U+{:04X}", c as u32));
    }
    for reference in xml.split("&#").skip(1) {
        let code = reference.split(';').next().unwrap_or("");
        let value = match code.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => code.parse().ok(),
        };
        if value.is_some_and(|v| !allowed(v)) {
            return Err(format!("the reference &#{code};"));
        }
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut roots) = (0usize, 0);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(_) => {
                roots += usize::from(depth == 0);
                depth += 1;
            }
            Event::Empty(_) => roots += usize::from(depth == 0),
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
    }
    match (depth, roots) {
        (0, 1) => Ok(()),
        (0, n) => Err(format!("{n} root elements")),
        (d, _) => Err(format!("{d} elements left open")),
    }
}
