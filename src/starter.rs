//! The small, working project that `actionplan init` writes: a dictionary, a States list with
//! a few example States, settings with the title, period and meeting dates, the treaty's rules,
//! a sheet of reports received, one section plugin with a comment on every step, a helper
//! library, and the two guides (docs/workbooks.md, docs/plugins.md) that its messages point to.
//! `actionplan build` turns it into a report at once; users then replace the examples.
//!
//! Its sheets and columns are those the guides use ("Signed", "Deposited", the Rules sheet),
//! so that a new user can follow the guides on it.

use anyhow::Result;
use rust_xlsxwriter::{ExcelDateTime, Workbook};

use crate::write::excel::formats;

/// A cell of a starter workbook.
#[derive(Clone, Copy, Debug)]
pub enum Cell {
    T(&'static str),
    D(u16, u8, u8),
    N(f64),
    E,
}

use Cell::{D, E, N, T};

/// One sheet: name, column headers with widths, and rows.
pub struct SheetDef {
    pub name: &'static str,
    pub columns: Vec<(&'static str, f64)>,
    pub rows: Vec<Vec<Cell>>,
}

/// A workbook of the starter project, relative to the project folder.
pub struct WorkbookDef {
    pub path: &'static str,
    pub what: &'static str,
    pub sheets: Vec<SheetDef>,
}

/// A text file of the starter project.
pub struct FileDef {
    pub path: &'static str,
    pub what: &'static str,
    pub text: &'static str,
}

const EXAMPLE: &str = "Example row: replace with your own";

pub fn workbooks() -> Vec<WorkbookDef> {
    vec![
        WorkbookDef {
            path: "workbooks/dictionary.xlsx",
            what: "the data dictionary: what each sheet and column holds",
            sheets: vec![
                SheetDef {
                    name: "Sheets",
                    columns: vec![
                        ("Sheet", 14.0),
                        ("Role", 12.0),
                        ("Header row", 11.0),
                        ("One row per", 14.0),
                        ("Workbook", 16.0),
                        ("Description", 70.0),
                    ],
                    rows: vec![
                        vec![T("States"), T("States list"), E, T("State"), T("states.xlsx"), T("The master list of States: every State named in another workbook must be here, or in its Aliases column")],
                        vec![T("Settings"), T("settings"), E, T("Setting"), T("settings.xlsx"), T("Report settings: title, period, meetings")],
                        vec![T("Rules"), T("rules"), E, T("Rule"), T("settings.xlsx"), T("The treaty's rules: the time limits behind the report's deadlines, each typed by its unit")],
                        vec![T("Meetings"), T("data"), E, T("Meeting"), T("settings.xlsx"), T("Meetings of States Parties")],
                        vec![T("Reports"), T("data"), E, T("State; Year; Kind"), T("reports.xlsx"), T("Transparency reports received by the secretariat, one row per report")],
                    ],
                },
                SheetDef {
                    name: "Columns",
                    columns: vec![
                        ("Sheet", 12.0),
                        ("Column", 14.0),
                        ("Type", 14.0),
                        ("Required", 10.0),
                        ("Values", 40.0),
                        ("Description", 70.0),
                    ],
                    rows: vec![
                        vec![T("States"), T("State"), T("text"), T("yes"), E, T("Name of the State as it should appear in the report")],
                        vec![T("States"), T("Region"), T("one of a list"), T("yes"), T("Africa; Americas; Asia-Pacific; Europe; Middle East"), T("Regional group")],
                        vec![T("States"), T("Signed"), T("date"), T("no"), E, T("Date of signature of the treaty; empty if the State did not sign")],
                        vec![T("States"), T("Deposited"), T("date"), T("column only"), E, T("Date of deposit of the instrument of ratification or accession; empty for a State not party")],
                        vec![T("States"), T("Aliases"), T("text"), T("no"), E, T("Other spellings used in workbooks, separated by semicolons")],
                        vec![T("States"), T("Source"), T("text"), T("no"), E, T("Where the information comes from")],
                        vec![T("Settings"), T("Setting"), T("text"), T("yes"), E, T("Name of the setting, as plugins ask for it")],
                        vec![T("Settings"), T("Value"), T("any"), T("no"), E, T("Its value: text, a number or a date, kept as typed")],
                        vec![T("Settings"), T("Type"), T("one of a list"), T("no"), T("text; date; number; whole number; yes/no; any"), T("How the value is checked when the workbooks are read, e.g. date; empty: kept as typed")],
                        vec![T("Settings"), T("Note"), T("text"), T("no"), E, T("What the setting is for")],
                        vec![T("Rules"), T("Rule"), T("text"), T("yes"), E, T("Name of the rule, as plugins ask for it: rule(\"Initial report (days after entry into force)\")")],
                        vec![T("Rules"), T("Value"), T("any"), T("column only"), E, T("The rule's value, of its unit")],
                        vec![T("Rules"), T("Unit"), T("one of a list"), T("column only"), T("days; months; years; date; day of the year; whole number; number; text; yes/no"), T("What the value is; it is checked against it when the workbooks are read")],
                        vec![T("Rules"), T("Meaning"), T("text"), T("no"), E, T("What the rule says, and where it comes from")],
                        vec![T("Meetings"), T("Meeting"), T("text"), T("yes"), E, T("Short code used in settings and plugins, e.g. 2MSP")],
                        vec![T("Meetings"), T("Name"), T("text"), T("yes"), E, T("Full name of the meeting")],
                        vec![T("Meetings"), T("Start"), T("date"), T("yes"), E, T("First day")],
                        vec![T("Meetings"), T("End"), T("date"), T("yes"), E, T("Last day")],
                        vec![T("Reports"), T("State"), T("State"), T("yes"), E, T("State Party that submitted the report")],
                        vec![T("Reports"), T("Year"), T("whole number"), T("when Kind is annual"), E, T("Calendar year an annual report covers (an initial report covers the time since entry into force)")],
                        vec![T("Reports"), T("Kind"), T("one of a list"), T("yes"), T("initial; annual"), T("Initial report, or an annual update")],
                        vec![T("Reports"), T("Received"), T("date"), T("yes"), E, T("Date the secretariat received the report")],
                        vec![T("Reports"), T("Source"), T("text"), T("no"), E, T("Where the information comes from")],
                    ],
                },
            ],
        },
        WorkbookDef {
            path: "workbooks/states.xlsx",
            what: "the master list of States (examples)",
            sheets: vec![SheetDef {
                name: "States",
                columns: vec![
                    ("State", 34.0),
                    ("Region", 14.0),
                    ("Signed", 14.0),
                    ("Deposited", 14.0),
                    ("Aliases", 24.0),
                    ("Source", 36.0),
                ],
                rows: vec![
                    vec![T("Austria"), T("Europe"), D(2008, 12, 3), D(2009, 4, 2), E, T(EXAMPLE)],
                    vec![T("Chile"), T("Americas"), D(2008, 12, 3), D(2010, 12, 16), E, T(EXAMPLE)],
                    vec![T("Ghana"), T("Africa"), D(2008, 12, 3), D(2011, 2, 3), E, T(EXAMPLE)],
                    vec![T("Japan"), T("Asia-Pacific"), D(2008, 12, 3), D(2009, 7, 14), E, T(EXAMPLE)],
                    vec![T("Lao People's Democratic Republic"), T("Asia-Pacific"), D(2008, 12, 3), D(2009, 3, 18), T("Lao PDR; Laos"), T(EXAMPLE)],
                    vec![T("Mexico"), T("Americas"), D(2008, 12, 3), D(2009, 5, 6), E, T(EXAMPLE)],
                    vec![T("New Zealand"), T("Asia-Pacific"), D(2008, 12, 3), D(2009, 12, 22), E, T(EXAMPLE)],
                    vec![T("Norway"), T("Europe"), D(2008, 12, 3), D(2008, 12, 3), E, T(EXAMPLE)],
                    vec![T("Viet Nam"), T("Asia-Pacific"), E, E, T("Vietnam"), T(EXAMPLE)],
                ],
            }],
        },
        WorkbookDef {
            path: "workbooks/settings.xlsx",
            what: "title, period, meeting dates and the treaty's rules",
            sheets: vec![
                SheetDef {
                    name: "Settings",
                    columns: vec![("Setting", 18.0), ("Value", 60.0), ("Type", 10.0), ("Note", 60.0)],
                    rows: vec![
                        vec![T("Title"), T("Progress report"), E, T("The report's title")],
                        vec![T("Subtitle"), T("Implementation of the treaty by its States Parties"), E, T("Printed under the title")],
                        vec![T("Period"), T("From the First to the Second Meeting of States Parties"), E, T("The period the report covers")],
                        vec![T("Previous meeting"), T("1MSP"), E, T("Code in the Meetings sheet")],
                        vec![T("Next meeting"), T("2MSP"), E, T("Code in the Meetings sheet: the meeting this report is prepared for")],
                        vec![T("Cut-off date"), D(2025, 8, 31), T("date"), T("Information received up to this date; Type \"date\": a value that is not a date is reported at its cell")],
                    ],
                },
                SheetDef {
                    name: "Rules",
                    columns: vec![("Rule", 48.0), ("Value", 12.0), ("Unit", 16.0), ("Meaning", 80.0)],
                    rows: vec![
                        vec![T("Treaty in force"), D(2010, 8, 1), T("date"), T("The date the treaty entered into force, for the States that had deposited their instrument by then")],
                        vec![T("Entry into force (months after the month of deposit)"), N(6.0), T("months"), T("For a State that deposits later: the first day of this month after the month of its deposit")],
                        vec![T("Initial report (days after entry into force)"), N(180.0), T("days"), T("The initial report is due this many days after entry into force for the State")],
                        vec![T("Annual report due (day of the year)"), T("30 April"), T("day of the year"), T("Annual reports are due on this day each year, covering the previous calendar year")],
                    ],
                },
                SheetDef {
                    name: "Meetings",
                    columns: vec![("Meeting", 10.0), ("Name", 36.0), ("Start", 14.0), ("End", 14.0)],
                    rows: vec![
                        vec![T("1MSP"), T("First Meeting of States Parties"), D(2024, 9, 9), D(2024, 9, 13)],
                        vec![T("2MSP"), T("Second Meeting of States Parties"), D(2025, 9, 8), D(2025, 9, 12)],
                    ],
                },
            ],
        },
        WorkbookDef {
            path: "workbooks/reports.xlsx",
            what: "the reports received (examples)",
            sheets: vec![SheetDef {
                name: "Reports",
                columns: vec![
                    ("State", 34.0),
                    ("Year", 8.0),
                    ("Kind", 10.0),
                    ("Received", 14.0),
                    ("Source", 36.0),
                ],
                rows: vec![
                    vec![T("Austria"), N(2024.0), T("annual"), D(2025, 4, 28), T(EXAMPLE)],
                    vec![T("Chile"), N(2024.0), T("annual"), D(2025, 5, 15), T(EXAMPLE)],
                    vec![T("Ghana"), E, T("initial"), D(2012, 1, 20), T(EXAMPLE)],
                    vec![T("Japan"), N(2024.0), T("annual"), D(2025, 4, 30), T(EXAMPLE)],
                    vec![T("Lao PDR"), N(2024.0), T("annual"), D(2025, 6, 2), T(EXAMPLE)],
                    vec![T("Mexico"), N(2024.0), T("annual"), D(2025, 4, 15), T(EXAMPLE)],
                    vec![T("Norway"), N(2024.0), T("annual"), D(2025, 9, 20), T(EXAMPLE)],
                ],
            }],
        },
    ]
}

pub fn files() -> Vec<FileDef> {
    vec![
        FileDef {
            path: "plugins/01_reporting.lua",
            what: "section 1, with a comment on every step",
            text: include_str!("starter/01_reporting.lua"),
        },
        FileDef {
            path: "plugins/lib/treaty.lua",
            what: "the treaty's rules, which sections share",
            text: include_str!("starter/treaty.lua"),
        },
        FileDef {
            path: "docs/workbooks.md",
            what: "the guide to the workbooks, and to every problem message",
            text: include_str!("../docs/workbooks.md"),
        },
        FileDef {
            path: "docs/plugins.md",
            what: "the guide to writing sections",
            text: include_str!("../docs/plugins.md"),
        },
    ]
}

/// Builds a starter workbook: a styled, frozen header row and dates shown as dates.
pub fn workbook(def: &WorkbookDef) -> Result<Workbook> {
    let header = formats::header();
    let date = formats::date(formats::SHORT_DATE);
    let mut wb = Workbook::new();
    for sheet in &def.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name)?;
        for (c, (name, width)) in sheet.columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *name, &header)?;
            ws.set_column_width(c as u16, *width)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match *cell {
                    T(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    N(n) => {
                        ws.write_number(r, c, n)?;
                    }
                    D(y, m, d) => {
                        ws.write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(y, m, d)?,
                            &date,
                        )?;
                    }
                    E => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(wb)
}
