//! `actionplan template`: blank workbooks from the dictionary, read back with calamine (headers,
//! the hidden list sheet) and from the package XML (validations, defined names); existing
//! files are refused, or replaced with --force after a backup.

use crate::support::xlsx::{defined_names, sheet_xml, validations};
use crate::support::{dictionary_with_workbooks, Workdir, C};
use calamine::{open_workbook_auto, Reader, SheetVisible};

const STATES: [&str; 40] = [
    "Afghanistan",
    "Albania",
    "Antigua and Barbuda",
    "Austria",
    "Belgium",
    "Bosnia and Herzegovina",
    "Botswana",
    "Bulgaria",
    "Burkina Faso",
    "Burundi",
    "Chile",
    "Croatia",
    "Denmark",
    "Ecuador",
    "France",
    "Germany",
    "Ghana",
    "Guatemala",
    "Holy See",
    "Ireland",
    "Italy",
    "Japan",
    "Lao People's Democratic Republic",
    "Lebanon",
    "Lesotho",
    "Luxembourg",
    "Malawi",
    "Mali",
    "Malta",
    "Mexico",
    "Moldova",
    "Montenegro",
    "Netherlands",
    "New Zealand",
    "Nicaragua",
    "Niger",
    "Norway",
    "Portugal",
    "San Marino",
    "Zambia",
];

/// Stockpile kinds long enough that an inline list (255 characters at most) could not hold them.
fn kinds() -> Vec<String> {
    (1..=12)
        .map(|i| format!("cluster munition type {i}, with its explosive submunitions and bomblets"))
        .collect()
}

fn project(wd: &Workdir) {
    let kinds = kinds().join("; ");
    dictionary_with_workbooks(
        wd,
        &[
            ("States", "States list", "State", "states.xlsx"),
            ("Stockpiles", "", "State", "stockpiles.xlsx"),
            ("Destruction", "", "", "Stockpiles"),
            ("Contacts", "", "", ""),
            ("Focal points", "", "", ""),
        ],
        &[
            ("States", "State", "text", true, "", "Name of the State"),
            ("States", "Aliases", "text", false, "", "Other spellings"),
            (
                "Stockpiles",
                "State",
                "State",
                true,
                "",
                "State Party that holds the stockpile",
            ),
            (
                "Stockpiles",
                "Kind",
                "one of a list",
                true,
                &kinds,
                "Kind of munition",
            ),
            (
                "Stockpiles",
                "Declared",
                "date",
                false,
                "",
                "Date of the declaration",
            ),
            (
                "Stockpiles",
                "Quantity",
                "whole number",
                false,
                "",
                "Number of munitions",
            ),
            (
                "Stockpiles",
                "Tonnes",
                "number",
                false,
                "",
                "Weight in tonnes",
            ),
            (
                "Stockpiles",
                "Destroyed",
                "yes/no",
                false,
                "",
                "yes once all are destroyed",
            ),
            ("Stockpiles", "Notes", "text", false, "", ""),
            ("Destruction", "State", "State", true, "", "State Party"),
            (
                "Destruction",
                "Destroyed on",
                "date",
                true,
                "",
                "Day of destruction",
            ),
            ("Contacts", "Name", "text", true, "", "Contact person"),
            ("Focal points", "Name", "text", true, "", "Focal point"),
        ],
    );
    let mut rows = vec![vec![C::T("State"), C::T("Aliases")]];
    for s in STATES {
        rows.push(vec![
            C::T(s),
            if s == "Moldova" {
                C::T("Republic of Moldova")
            } else {
                C::E
            },
        ]);
    }
    wd.book("workbooks/states.xlsx")
        .sheet("States", &rows)
        .save();
    wd.book("workbooks/people.xlsx")
        .sheet(
            "Focal points",
            &[vec![C::T("Name")], vec![C::T("A. Person")]],
        )
        .save();
}

#[test]
fn writes_one_template_per_workbook_with_headers_dropdowns_and_validations() {
    let wd = Workdir::new("ux-template");
    project(&wd);
    assert!(
        STATES.join(",").len() > 255,
        "the States list must not fit in an inline list"
    );

    let run = wd.run(&["template"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Wrote templates/stockpiles.xlsx (sheets: Stockpiles and Destruction)."),
        "{}",
        run.stderr
    );
    for file in ["states.xlsx", "stockpiles.xlsx", "contacts.xlsx"] {
        assert!(wd.path(&format!("templates/{file}")).is_file(), "{file}");
    }
    let path = wd.path("templates/stockpiles.xlsx");

    // calamine: the sheets in order, the headers, the hidden list sheet and its lists.
    let wb = open_workbook_auto(&path).unwrap();
    let names: Vec<(String, SheetVisible)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    assert_eq!(
        names,
        [
            ("Instructions".to_string(), SheetVisible::Visible),
            ("Stockpiles".to_string(), SheetVisible::Visible),
            ("Destruction".to_string(), SheetVisible::Visible),
            ("Lists".to_string(), SheetVisible::Hidden),
        ]
    );
    drop(wb);
    let stockpiles = wd.sheet_text("templates/stockpiles.xlsx", "Stockpiles");
    assert_eq!(
        stockpiles,
        [[
            "State",
            "Kind",
            "Declared",
            "Quantity",
            "Tonnes",
            "Destroyed",
            "Notes"
        ]]
    );
    assert_eq!(
        wd.sheet_text("templates/stockpiles.xlsx", "Destruction"),
        [["State", "Destroyed on"]]
    );
    let lists = wd.sheet_text("templates/stockpiles.xlsx", "Lists");
    assert_eq!(lists[0], ["States", "Stockpiles: Kind"]);
    let column = |c: usize| -> Vec<String> {
        lists[1..]
            .iter()
            .filter_map(|r| r.get(c).cloned())
            .filter(|v| !v.is_empty())
            .collect()
    };
    assert_eq!(column(0), STATES);
    assert_eq!(column(1), kinds());

    // Defined names over the hidden sheet.
    let defined = defined_names(&path);
    assert!(
        defined.contains(&("list_States".into(), "Lists!$A$2:$A$41".into())),
        "{defined:?}"
    );
    assert!(
        defined.contains(&("list_stockpiles_kind".into(), "Lists!$B$2:$B$13".into())),
        "{defined:?}"
    );

    // Validations: one per column, down the whole column, with the description as input message.
    let xml = sheet_xml(&path, "Stockpiles");
    assert!(
        xml.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "header row frozen"
    );
    let v = validations(&xml);
    let by_col = |col: &str| {
        v.iter()
            .find(|x| x.sqref == format!("{col}2:{col}1048576"))
            .unwrap_or_else(|| panic!("column {col}: {v:#?}"))
            .clone()
    };
    let state = by_col("A");
    assert_eq!(
        (
            state.kind.as_str(),
            state.formula1.as_str(),
            state.error_style.as_str()
        ),
        ("list", "list_States", "warning")
    );
    assert_eq!(state.prompt_title, "State (required)");
    assert!(
        state
            .prompt
            .starts_with("State Party that holds the stockpile. Choose the State from the list"),
        "{}",
        state.prompt
    );
    let kind = by_col("B");
    assert_eq!(
        (
            kind.kind.as_str(),
            kind.formula1.as_str(),
            kind.error_style.as_str()
        ),
        ("list", "list_stockpiles_kind", "stop")
    );
    let declared = by_col("C");
    assert_eq!(declared.kind, "date");
    assert_eq!(
        declared.prompt,
        "Date of the declaration. Type a date, such as 13 Sep 2011 or 2011-09-13."
    );
    assert!(
        declared.error.contains("takes a date"),
        "{}",
        declared.error
    );
    assert_eq!(by_col("D").kind, "whole");
    assert_eq!(by_col("E").kind, "decimal");
    let destroyed = by_col("F");
    assert_eq!(
        (destroyed.kind.as_str(), destroyed.formula1.as_str()),
        ("list", "\"yes,no\"")
    );
    assert_eq!(by_col("G").kind, "none");
    for x in &v {
        assert!(x.prompt.encode_utf16().count() <= 255 && x.error.encode_utf16().count() <= 255);
    }

    // The Instructions sheet lists every column with what to type.
    let instructions = wd.sheet_text("templates/stockpiles.xlsx", "Instructions");
    assert_eq!(
        instructions[0],
        ["stockpiles.xlsx: how to fill in this workbook"]
    );
    assert!(
        instructions.iter().any(|r| r
            .first()
            .is_some_and(|t| t.contains("master list in workbooks/states.xlsx (40 names"))),
        "{instructions:?}"
    );
    assert!(instructions.contains(&vec![
        "Stockpiles".to_string(),
        "Declared".into(),
        "A date".into(),
        "no".into(),
        "Date of the declaration".into()
    ]));
    assert!(instructions.contains(&vec![
        "Destruction".to_string(),
        "State".into(),
        "A State name from the States list".into(),
        "yes".into(),
        "State Party".into()
    ]));

    // A sheet without a Workbook goes where it is now, or else into a workbook named after it.
    assert_eq!(
        wd.sheet_text("templates/people.xlsx", "Focal points"),
        [["Name"]]
    );
    // The States list has no State dropdown.
    assert_eq!(
        wd.sheet_text("templates/contacts.xlsx", "Contacts"),
        [["Name"]]
    );
    let states_xml = sheet_xml(&wd.path("templates/states.xlsx"), "States");
    assert!(validations(&states_xml).iter().all(|x| x.kind == "none"));
}

#[test]
fn refuses_to_overwrite_and_keeps_a_backup_when_forced() {
    let wd = Workdir::new("ux-template-force");
    project(&wd);
    assert_eq!(wd.run(&["template", "contacts.xlsx"]).status, 0);
    assert!(
        !wd.path("templates/stockpiles.xlsx").exists(),
        "only the workbook asked for"
    );
    // A coordinator's work in the file must survive.
    std::fs::write(wd.path("templates/contacts.xlsx"), b"filled in").unwrap();

    let refused = wd.run(&["template"]);
    assert_eq!(refused.status, 2);
    assert!(
        refused
            .stderr
            .contains("error: templates/contacts.xlsx already exists; nothing was written"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("run again with --force"),
        "{}",
        refused.stderr
    );
    assert!(
        !wd.path("templates/stockpiles.xlsx").exists(),
        "nothing written when one is refused"
    );
    assert_eq!(
        std::fs::read(wd.path("templates/contacts.xlsx")).unwrap(),
        b"filled in"
    );

    let forced = wd.run(&["template", "--force"]);
    assert_eq!(forced.status, 0, "{}", forced.stderr);
    let backups: Vec<_> = std::fs::read_dir(wd.path("templates/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1);
    assert!(backups[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("contacts backup "));
    assert_eq!(std::fs::read(&backups[0]).unwrap(), b"filled in");
    assert_eq!(
        wd.sheet_text("templates/contacts.xlsx", "Contacts"),
        [["Name"]]
    );

    let typo = wd.run(&["template", "stokpiles"]);
    assert_eq!(typo.status, 2);
    assert!(
        typo.stderr.contains("did you mean \"stockpiles.xlsx\"?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn a_returned_template_reads_back_without_its_helper_sheets() {
    let wd = Workdir::new("ux-template-return");
    project(&wd);
    assert_eq!(wd.run(&["template", "stockpiles", "contacts"]).status, 0);
    for file in ["stockpiles.xlsx", "contacts.xlsx"] {
        std::fs::copy(
            wd.path(&format!("templates/{file}")),
            wd.path(&format!("workbooks/{file}")),
        )
        .unwrap();
    }
    // Neither the Instructions nor the hidden Lists sheet is taken for data, and a dictionary
    // with a Workbook column (and without Header row or Description) raises nothing.
    let check = wd.run(&["check"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(
        check.stderr.ends_with(
            "Checked five workbooks (five tables, 41 rows) and no section plugins: no problems.\n"
        ),
        "{}",
        check.stderr
    );
}

/// Sheet names a template cannot take as they are: two dictionary sheets whose names are the
/// same in their first 31 characters (as many as Excel allows), and one named like the
/// template's own list sheet. The dictionary's sheets keep their names first; the template
/// opens in calamine with every sheet named once, and its lists still work.
#[test]
fn a_template_names_each_sheet_once() {
    let wd = Workdir::new("ux-template-names");
    let long = "Reported steps of the thematic coordinators";
    let longer = "Reported steps of the thematic coordinators, 2011";
    dictionary_with_workbooks(
        &wd,
        &[
            ("States", "States list", "State", "states.xlsx"),
            (long, "", "", "steps.xlsx"),
            (longer, "", "", "steps.xlsx"),
            ("Lists", "", "", "steps.xlsx"),
        ],
        &[
            ("States", "State", "text", true, "", ""),
            (long, "Step", "one of a list", true, "plan; budget", ""),
            (longer, "Step", "text", true, "", ""),
            ("Lists", "Item", "text", true, "", ""),
        ],
    );
    wd.book("workbooks/states.xlsx")
        .sheet("States", &[vec![C::T("State")], vec![C::T("Chile")]])
        .save();
    let run = wd.run(&["template"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let path = wd.path("templates/steps.xlsx");
    let wb = open_workbook_auto(&path).unwrap();
    let names: Vec<String> = wb.sheet_names();
    assert_eq!(
        names,
        [
            "Instructions",
            "Reported steps of the thematic",
            "Reported steps of the (2)",
            "Lists",
            "Lists (2)",
        ]
    );
    // The list of steps is on the template's own list sheet, under its new name.
    let defined = crate::package_xml::part(&path, "xl/workbook.xml");
    assert!(defined.contains("'Lists (2)'!$A$2:$A$3"), "{defined}");
}
