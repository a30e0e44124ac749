//! The repository's own project, the Beirut Progress Report: it builds all 14 sections without
//! an error, its report matches the reviewed tests/expected/report.md, the key figures of every
//! section agree with values computed here independently from the same workbooks, and no
//! circulated text (report.md, report.html, report.docx: paragraphs, tables, charts) names a
//! State.
//!
//! After a reviewed change to the default project, refresh the expected report with
//! `UPDATE_EXPECTED=1 cargo test --test it default_project` and read the diff before committing.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::support::{repo, Run, Workdir};
use calamine::{open_workbook_auto, Data, Reader};
use chrono::{Datelike, NaiveDate};

// ---------------------------------------------------------------------------------------------
// Running the default project in a scratch copy.

/// A scratch copy of the repository's workbooks/ and plugins/, built.
fn built() -> (Workdir, Run) {
    let wd = Workdir::default_project("default-project");
    let run = wd.run(&["build"]);
    (wd, run)
}

fn assert_clean(run: &Run) {
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert!(
        errors.is_empty(),
        "the default project has errors:\n{}",
        run.stderr
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Reading the workbooks independently of the tool: same-named sheets of all workbooks merged.

type Record = HashMap<String, Data>;

struct Book {
    sheets: HashMap<String, Vec<Record>>,
}

impl Book {
    fn load(dir: &Path) -> Book {
        let mut sheets: HashMap<String, Vec<Record>> = HashMap::new();
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            if file.extension().and_then(|e| e.to_str()) != Some("xlsx")
                || file.file_stem().unwrap() == "dictionary"
            {
                continue;
            }
            let mut wb = open_workbook_auto(&file).unwrap();
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).unwrap();
                let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
                // The header is the first row with at least two filled cells (a title row has one).
                let Some(h) = rows
                    .iter()
                    .position(|r| r.iter().filter(|c| !matches!(c, Data::Empty)).count() >= 2)
                else {
                    continue;
                };
                let header: Vec<String> = rows[h]
                    .iter()
                    .map(|c| c.to_string().trim().to_string())
                    .collect();
                let records = sheets.entry(name.clone()).or_default();
                for row in &rows[h + 1..] {
                    if row.iter().all(|c| matches!(c, Data::Empty)) {
                        continue;
                    }
                    let mut rec = Record::new();
                    for (i, col) in header.iter().enumerate() {
                        rec.insert(col.clone(), row.get(i).cloned().unwrap_or(Data::Empty));
                    }
                    records.push(rec);
                }
            }
        }
        Book { sheets }
    }

    fn sheet(&self, name: &str) -> &[Record] {
        self.sheets
            .get(name)
            .unwrap_or_else(|| panic!("no sheet {name}"))
    }
}

fn text(r: &Record, col: &str) -> String {
    match r.get(col) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(d) => d.to_string().trim().to_string(),
    }
}

fn num(r: &Record, col: &str) -> Option<f64> {
    match r.get(col) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

fn date(r: &Record, col: &str) -> Option<NaiveDate> {
    match r.get(col) {
        Some(Data::DateTime(dt)) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
        }
        _ => None,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(months)).unwrap()
}

/// The treaty's rules, written again here so that a plugin bug cannot hide in both places.
struct Treaty {
    deposited: HashMap<String, NaiveDate>,
}

impl Treaty {
    fn new(book: &Book) -> Treaty {
        let deposited = book
            .sheet("States")
            .iter()
            .filter_map(|r| date(r, "Deposited").map(|d| (text(r, "State"), d)))
            .collect();
        Treaty { deposited }
    }
    fn party(&self, state: &str, day: NaiveDate) -> bool {
        self.deposited.get(state).is_some_and(|d| *d <= day)
    }
    /// Article 17(2): first day of the sixth month after the month of deposit, not before 1 August 2010.
    fn eif(&self, state: &str) -> Option<NaiveDate> {
        let d = self.deposited.get(state)?;
        Some(add_months(d.with_day(1).unwrap(), 6).max(ymd(2010, 8, 1)))
    }
    fn in_force(&self, state: &str, day: NaiveDate) -> bool {
        self.eif(state).is_some_and(|e| e <= day)
    }
    fn initial_due(&self, state: &str) -> Option<NaiveDate> {
        self.eif(state).map(|e| e + chrono::Duration::days(180))
    }
}

const P1_START: (i32, u32, u32) = (2010, 11, 9);
const P1_END: (i32, u32, u32) = (2010, 11, 12);
const P2: (i32, u32, u32) = (2011, 9, 12);

fn day(t: (i32, u32, u32)) -> NaiveDate {
    ymd(t.0, t.1, t.2)
}

fn distinct<'a>(rows: impl Iterator<Item = &'a Record>, col: &str) -> BTreeSet<String> {
    rows.map(|r| text(r, col))
        .filter(|s| !s.is_empty())
        .collect()
}

/// States with an obligation under an Article that holds at the 2MSP.
fn holders(book: &Book, t: &Treaty, article: i64) -> BTreeSet<String> {
    book.sheet("Obligations")
        .iter()
        .filter(|r| num(r, "Article") == Some(article as f64))
        .filter(|r| t.party(&text(r, "State"), day(P2)))
        .filter(|r| date(r, "Completed").is_none_or(|c| c > day(P2)))
        .map(|r| text(r, "State"))
        .collect()
}

fn steps_on<'a>(book: &'a Book, actions: &[i64]) -> impl Iterator<Item = &'a Record> + 'a {
    let actions = actions.to_vec();
    book.sheet("Reported steps")
        .iter()
        .filter(move |r| num(r, "Action").is_some_and(|a| actions.contains(&(a as i64))))
}

fn states_on(book: &Book, actions: &[i64], among: Option<&BTreeSet<String>>) -> BTreeSet<String> {
    steps_on(book, actions)
        .map(|r| text(r, "State"))
        .filter(|s| among.is_none_or(|set| set.contains(s)))
        .collect()
}

/// The figures computed independently, by (section, figure name).
fn expected_figures(book: &Book) -> Vec<(i64, &'static str, f64)> {
    let t = Treaty::new(book);
    let p2 = day(P2);
    let mut out: Vec<(i64, &'static str, f64)> = Vec::new();
    let n = |x: usize| x as f64;

    // 1 Introduction.
    let reports = book.sheet("Transparency reports");
    let received = |kind: &str| {
        reports
            .iter()
            .filter(|r| {
                text(r, "Kind") == kind && date(r, "Date submitted").is_none_or(|d| d <= p2)
            })
            .count()
    };
    out.push((1, "initial_reports", n(received("initial"))));
    out.push((1, "annual_reports", n(received("annual"))));
    let statements: Vec<&Record> = book
        .sheet("Statements")
        .iter()
        .filter(|r| text(r, "Meeting") == "Intersessional")
        .collect();
    out.push((1, "statements", n(statements.len())));
    out.push((
        1,
        "states_making_statements",
        n(distinct(statements.iter().copied(), "State").len()),
    ));

    // 2 General trends: the questions marked Key for sections 3 to 13.
    let key = book
        .sheet("Wording")
        .iter()
        .filter(|r| {
            text(r, "Kind") == "question"
                && text(r, "Key") == "yes"
                && num(r, "Section").is_some_and(|s| (3.0..=13.0).contains(&s))
        })
        .count();
    out.push((2, "key_questions", n(key)));
    out.push((2, "sections_summarised", 11.0));

    // 3 Partnerships.
    out.push((3, "action1_states", n(states_on(book, &[1], None).len())));
    out.push((
        3,
        "partners_with_views",
        n(distinct(book.sheet("Partner views").iter(), "Partner").len()),
    ));

    // 4 Universalization.
    let states = book.sheet("States");
    let parties_1msp = states
        .iter()
        .filter(|r| t.party(&text(r, "State"), day(P1_START)))
        .count();
    let joined = states
        .iter()
        .filter(|r| date(r, "Deposited").is_some_and(|d| d > day(P1_START) && d < p2))
        .count();
    let in_force = states
        .iter()
        .filter(|r| t.in_force(&text(r, "State"), p2))
        .count();
    out.push((4, "parties_at_1msp", n(parties_1msp)));
    out.push((4, "joined_since_1msp", n(joined)));
    out.push((4, "in_force_at_2msp", n(in_force)));
    // Only what States Parties did counts: a signatory's reaction or step is left out.
    let by_parties = |sheet: &str| -> Vec<&Record> {
        book.sheet(sheet)
            .iter()
            .filter(|r| t.party(&text(r, "State"), p2))
            .collect()
    };
    let reactions = by_parties("Reactions to use");
    out.push((
        4,
        "states_reacting_to_use",
        n(distinct(reactions.iter().copied(), "State").len()),
    ));
    let discouraging: Vec<&Record> = by_parties("Reported steps")
        .into_iter()
        .filter(|r| text(r, "Kind") == "discouraged use")
        .collect();
    out.push((
        4,
        "states_discouraging_use",
        n(distinct(discouraging.iter().copied(), "State").len()),
    ));

    // 5 Stockpile destruction.
    let a3 = holders(book, &t, 3);
    out.push((5, "article3_states", n(a3.len())));
    out.push((
        5,
        "article3_in_force",
        n(a3.iter().filter(|s| t.in_force(s, p2)).count()),
    ));
    out.push((
        5,
        "action8_states",
        n(states_on(book, &[8], Some(&a3)).len()),
    ));
    let within8: BTreeSet<String> = steps_on(book, &[8])
        .filter(|r| a3.contains(&text(r, "State")))
        .filter(|r| {
            let limit = add_months(t.eif(&text(r, "State")).unwrap(), 12);
            date(r, "Date").is_some_and(|d| d <= limit)
        })
        .map(|r| text(r, "State"))
        .collect();
    out.push((5, "action8_within_first_year", n(within8.len())));
    for (name, stage) in [
        ("action8_stage_plan", "plan"),
        ("action8_stage_budget", "budget"),
        ("action8_stage_implementation", "implementation"),
    ] {
        let k: BTreeSet<String> = steps_on(book, &[8])
            .filter(|r| a3.contains(&text(r, "State")) && text(r, "Stage") == stage)
            .map(|r| text(r, "State"))
            .collect();
        out.push((5, name, n(k.len())));
    }
    let completed = book
        .sheet("Obligations")
        .iter()
        .filter(|r| num(r, "Article") == Some(3.0))
        .filter(|r| date(r, "Completed").is_some_and(|c| c > day(P1_END) && c < p2))
        .count();
    out.push((5, "completed_between_meetings", n(completed)));
    let signatories = book
        .sheet("Obligations")
        .iter()
        .filter(|r| {
            num(r, "Article") == Some(3.0)
                && !t.party(&text(r, "State"), p2)
                && date(r, "Completed").is_none()
        })
        .count();
    out.push((5, "signatories_with_stockpiles", n(signatories)));
    out.push((
        5,
        "action9_states",
        n(states_on(book, &[9], Some(&a3)).len()),
    ));
    let retained: f64 = book
        .sheet("Retention")
        .iter()
        .filter(|r| num(r, "Year") == Some(2010.0))
        .filter_map(|r| num(r, "Cluster munitions retained"))
        .sum();
    out.push((5, "munitions_retained", retained));

    // 6 Clearance.
    let a4 = holders(book, &t, 4);
    out.push((6, "article4_states", n(a4.len())));
    let first_four = [10, 11, 12, 13];
    out.push((
        6,
        "actions10_13_states",
        n(states_on(book, &first_four, Some(&a4)).len()),
    ));
    let within: BTreeSet<String> = steps_on(book, &first_four)
        .filter(|r| a4.contains(&text(r, "State")))
        .filter(|r| {
            date(r, "Date").is_some_and(|d| d <= add_months(t.eif(&text(r, "State")).unwrap(), 12))
        })
        .map(|r| text(r, "State"))
        .collect();
    out.push((6, "actions10_13_within_first_year", n(within.len())));
    let capacity: BTreeSet<String> = steps_on(book, &first_four)
        .filter(|r| a4.contains(&text(r, "State")) && text(r, "Kind") == "increased capacity")
        .filter(|r| date(r, "Date").is_some_and(|d| d.year() == 2011))
        .map(|r| text(r, "State"))
        .collect();
    out.push((6, "increased_capacity_2011", n(capacity.len())));
    let area: f64 = book
        .sheet("Clearance")
        .iter()
        .filter(|r| num(r, "Year") == Some(2010.0))
        .filter_map(|r| num(r, "Area cleared (square metres)"))
        .sum();
    out.push((6, "area_cleared_km2", (area / 100_000.0).round() / 10.0));

    // 7 Risk reduction.
    out.push((
        7,
        "action17_states",
        n(states_on(book, &[17], Some(&a4)).len()),
    ));
    out.push((
        7,
        "action14_states",
        n(states_on(book, &[14], Some(&a4)).len()),
    ));

    // 8 Victim assistance: deadlines of 6 and 12 months from entry into force.
    let a5 = holders(book, &t, 5);
    out.push((8, "article5_states", n(a5.len())));
    let cap20: BTreeSet<String> = steps_on(book, &[20])
        .filter(|r| {
            a5.contains(&text(r, "State")) && date(r, "Date").is_some_and(|d| d.year() == 2011)
        })
        .map(|r| text(r, "State"))
        .collect();
    out.push((8, "action20_states", n(cap20.len())));
    for (action, months, names) in [
        (
            21,
            6,
            [
                "action21_due",
                "action21_met",
                "action21_late",
                "action21_missing",
            ],
        ),
        (
            22,
            12,
            [
                "action22_due",
                "action22_met",
                "action22_late",
                "action22_missing",
            ],
        ),
        (
            23,
            12,
            [
                "action23_due",
                "action23_met",
                "action23_late",
                "action23_missing",
            ],
        ),
    ] {
        let (mut due, mut met, mut late, mut missing) = (0, 0, 0, 0);
        for s in &a5 {
            let limit = add_months(t.eif(s).unwrap(), months);
            if limit > p2 {
                continue;
            }
            due += 1;
            let own: Vec<&Record> = steps_on(book, &[action])
                .filter(|r| &text(r, "State") == s)
                .collect();
            let first = own.iter().filter_map(|r| date(r, "Date")).min();
            match first {
                Some(d) if d <= limit => met += 1,
                Some(_) => late += 1,
                None if own.is_empty() => missing += 1,
                None => {}
            }
        }
        out.push((8, names[0], due as f64));
        out.push((8, names[1], met as f64));
        out.push((8, names[2], late as f64));
        out.push((8, names[3], missing as f64));
    }

    // 8 Victim assistance: casualties, killed and injured, in the year before the 2MSP, in its
    // year up to its opening, and children since the start of the year before.
    let casualties = book.sheet("Casualties");
    let people = |from: NaiveDate, to_before: NaiveDate, child_only: bool| -> f64 {
        casualties
            .iter()
            .filter(|r| date(r, "Date").is_some_and(|d| d >= from && d < to_before))
            .filter(|r| !child_only || text(r, "Age group") == "child")
            .map(|r| num(r, "Killed").unwrap_or(0.0) + num(r, "Injured").unwrap_or(0.0))
            .sum()
    };
    let jan = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    out.push((
        8,
        "casualties_last_year",
        people(jan(2010), jan(2011), false),
    ));
    out.push((8, "casualties_this_year", people(jan(2011), p2, false)));
    out.push((8, "child_casualties", people(jan(2010), p2, true)));

    // 9 Cooperation.
    let affected: BTreeSet<String> = a3.iter().chain(&a4).chain(&a5).cloned().collect();
    out.push((9, "states_with_obligations", n(affected.len())));
    out.push((
        9,
        "action33_states",
        n(states_on(book, &[33], Some(&affected)).len()),
    ));
    let mut providers = states_on(book, &[37, 38, 39, 40, 41, 42], None);
    providers.extend(distinct(book.sheet("Cooperation").iter(), "Donor"));
    out.push((9, "states_providing_assistance", n(providers.len())));
    let amount: f64 = book
        .sheet("Cooperation")
        .iter()
        .filter_map(|r| num(r, "Amount (USD)"))
        .sum();
    out.push((9, "amount_usd", amount));

    // 10 Implementation support.
    out.push((
        10,
        "actions51_57_states",
        n(states_on(book, &[51, 52, 53, 54, 55, 56, 57], None).len()),
    ));

    // 11 Transparency: initial report 180 days after entry into force; annual report due
    // 30 April 2011 from the States whose initial report was due before that day.
    let parties: Vec<String> = states
        .iter()
        .map(|r| text(r, "State"))
        .filter(|s| t.party(s, p2))
        .collect();
    let find = |state: &str, kind: &str| {
        reports
            .iter()
            .find(|r| text(r, "State") == state && text(r, "Kind") == kind)
    };
    let (mut due, mut on_time, mut late, mut missing) = (0, 0, 0, 0);
    for s in &parties {
        let limit = t.initial_due(s).unwrap();
        if limit > p2 {
            continue;
        }
        due += 1;
        match find(s, "initial").map(|r| date(r, "Date submitted")) {
            None => missing += 1,
            Some(Some(d)) if d <= limit => on_time += 1,
            Some(Some(_)) => late += 1,
            Some(None) => {}
        }
    }
    out.extend([
        (11, "initial_due", due as f64),
        (11, "initial_on_time", on_time as f64),
        (11, "initial_late", late as f64),
        (11, "initial_missing", missing as f64),
    ]);
    let annual_due = ymd(2011, 4, 30);
    let (mut due, mut on_time, mut late, mut missing) = (0, 0, 0, 0);
    for s in &parties {
        if t.initial_due(s).unwrap() >= annual_due {
            continue;
        }
        due += 1;
        match find(s, "annual").map(|r| date(r, "Date submitted")) {
            None => missing += 1,
            Some(Some(d)) if d <= annual_due => on_time += 1,
            Some(Some(_)) => late += 1,
            Some(None) => {}
        }
    }
    out.extend([
        (11, "annual_due", due as f64),
        (11, "annual_on_time", on_time as f64),
        (11, "annual_late", late as f64),
        (11, "annual_missing", missing as f64),
    ]);
    let complete = reports
        .iter()
        .filter(|r| {
            let letters: BTreeSet<String> = text(r, "Forms completed")
                .split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            letters.len() == 10
        })
        .count();
    out.push((11, "reports_complete", n(complete)));

    // 12 National implementation measures.
    let measures = book.sheet("National measures");
    let had: BTreeSet<String> = measures
        .iter()
        .filter(|r| {
            [
                "specific legislation adopted",
                "existing legislation considered sufficient",
            ]
            .contains(&text(r, "Measure").as_str())
        })
        .filter(|r| date(r, "Date").is_some_and(|d| d < day(P1_START)))
        .map(|r| text(r, "State"))
        .collect();
    let should: BTreeSet<&String> = parties.iter().filter(|s| !had.contains(*s)).collect();
    out.push((12, "should_implement_63", n(should.len())));
    let reported: BTreeSet<String> = measures
        .iter()
        .filter(|r| {
            should.contains(&text(r, "State")) && date(r, "Date").is_none_or(|d| d >= day(P1_START))
        })
        .map(|r| text(r, "State"))
        .collect();
    out.push((12, "reported_63", n(reported.len())));
    out.push((12, "reported_65", n(states_on(book, &[65], None).len())));

    // 13 Compliance.
    let against = book
        .sheet("Allegations of use")
        .iter()
        .filter(|r| date(r, "Date reported").is_some_and(|d| t.party(&text(r, "Alleged user"), d)))
        .count();
    out.push((13, "allegations_against_parties", n(against)));
    out.push((
        13,
        "states_reacting",
        n(distinct(reactions.iter().copied(), "State").len()),
    ));
    out.push((13, "reactions", n(reactions.len())));

    // 14 Possible additions: actions with no step (Form I implements 37-42, Form A action 63).
    let mut with_steps: BTreeSet<i64> = book
        .sheet("Reported steps")
        .iter()
        .filter_map(|r| num(r, "Action"))
        .map(|a| a as i64)
        .collect();
    with_steps.extend(
        book.sheet("Cooperation")
            .iter()
            .filter_map(|r| num(r, "Action"))
            .map(|a| a as i64),
    );
    if !measures.is_empty() {
        with_steps.insert(63);
    }
    let actions = book
        .sheet("Actions")
        .iter()
        .filter_map(|r| num(r, "Action"))
        .filter(|a| !with_steps.contains(&(*a as i64)))
        .count();
    out.push((14, "actions_without_steps", n(actions)));
    out
}

/// The Summary sheet: (section, figure) → value.
fn summary(wd: &Workdir) -> HashMap<(i64, String), Data> {
    let rows = wd.sheet("out/consolidated.xlsx", "Summary");
    rows.iter()
        .skip(4)
        .filter_map(|r| {
            let section = match r.first()? {
                Data::Float(f) => *f as i64,
                _ => return None,
            };
            Some((
                (section, r.get(2)?.to_string()),
                r.get(4).cloned().unwrap_or(Data::Empty),
            ))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn builds_all_fourteen_sections_without_errors() {
    let (wd, run) = built();
    assert_clean(&run);
    let report = wd.read("out/report.md");
    let headings: Vec<&str> = report.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), 14, "{headings:#?}");
    for (i, h) in headings.iter().enumerate() {
        assert!(h.starts_with(&format!("## {}. ", i + 1)), "{h}");
    }
    assert!(
        !report.contains("This section was not produced"),
        "{report}"
    );
    // Charts: membership growth, stages of destruction, cooperation channels, reports on time.
    let sheet_text = |name: &str| {
        wd.sheet_text("out/consolidated.xlsx", name)
            .concat()
            .join(" ")
    };
    assert!(sheet_text("5 Stockpile destruction")
        .contains("States Parties by stage of stockpile destruction reported"));
    assert!(sheet_text("11 Transparency").contains("on time, late or missing"));
}

#[test]
fn the_report_matches_the_reviewed_expected_report() {
    let (wd, run) = built();
    assert_clean(&run);
    let report = wd.read("out/report.md");
    let expected_path = repo().join("tests/expected/report.md");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected_path, &report).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    if report != expected {
        let first = report
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b);
        panic!(
            "report.md differs from tests/expected/report.md (first different line: {:?})\n--- produced ---\n{report}",
            first.map(|i| i + 1)
        );
    }
}

#[test]
fn every_section_figure_agrees_with_an_independent_computation() {
    let (wd, run) = built();
    assert_clean(&run);
    let book = Book::load(&wd.path("workbooks"));
    let figures = summary(&wd);
    let mut sections_checked = BTreeSet::new();
    let mut wrong = Vec::new();
    for (section, name, value) in expected_figures(&book) {
        sections_checked.insert(section);
        match figures.get(&(section, name.to_string())) {
            Some(Data::Float(f)) if (f - value).abs() < 1e-9 => {}
            other => wrong.push(format!(
                "section {section}, {name}: expected {value}, the Summary sheet has {other:?}"
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        sections_checked.len(),
        14,
        "every section has figures checked"
    );
    // Computed dates: the earliest Article 3 or 4 deadline (8 years after 1 August 2010).
    match figures.get(&(13, "earliest_deadline".to_string())) {
        Some(Data::DateTime(d)) => {
            let (y, m, dd, ..) = d.to_ymd_hms_milli();
            assert_eq!((y, m, dd), (2018, 8, 1));
        }
        other => panic!("earliest_deadline: {other:?}"),
    }
}

/// Whole-word, case-sensitive occurrences: "Niger" does not match in "Nigeria", nor "Guinea" in
/// "Guinea-Bissau" (a hyphen joins words).
fn mentions(text: &str, name: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '\'');
    let mut from = 0;
    while let Some(i) = text[from..].find(name) {
        let start = from + i;
        let end = start + name.len();
        if !word(text[..start].chars().next_back()) && !word(text[end..].chars().next()) {
            return true;
        }
        from = start + name.len().max(1);
    }
    false
}

#[test]
fn the_narrative_names_no_state() {
    let (wd, run) = built();
    assert_clean(&run);
    let book = Book::load(&wd.path("workbooks"));
    let mut names = Vec::new();
    for r in book.sheet("States") {
        names.push(text(r, "State"));
        names.extend(
            text(r, "Aliases")
                .split(';')
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
        );
    }
    assert!(names.len() > 100, "the States list was read");
    assert!(names.iter().any(|n| n == "Lebanon") && names.iter().any(|n| n == "Lao PDR"));
    // Every circulated text: the Markdown (its tables and the values of its charts), the HTML
    // (its tables, and the charts' titles, labels and text alternatives in their SVG), and the
    // Word document (paragraphs, table cells, the charts' text alternatives; the pictures'
    // labels are drawn from the same chart as the SVG's).
    let docx = wd.path("out/report.docx");
    let document = crate::package_xml::part(&docx, "word/document.xml");
    let word = crate::package_xml::word_text(&document);
    let mut word_text = word.paragraphs.join("\n");
    for cell in word.tables.iter().flatten().flatten() {
        word_text.push('\n');
        word_text.push_str(cell);
    }
    for descr in document.split(" descr=\"").skip(1) {
        word_text.push('\n');
        word_text.push_str(&descr[..descr.find('"').unwrap()]);
    }
    assert!(word_text.contains("Amounts reported by channel") && word_text.contains("bilateral"));
    let html = wd.read("out/report.html");
    assert!(html.contains("<svg ") && html.contains("<td>bilateral</td>"));
    let texts = [
        ("out/report.md", wd.read("out/report.md")),
        ("out/report.html", html),
        ("out/report.docx", word_text),
    ];
    for (file, text) in &texts {
        let named: Vec<&String> = names.iter().filter(|n| mentions(text, n)).collect();
        assert!(named.is_empty(), "{file} names {named:?}");
    }
    // The meeting cities are fine, and the check itself finds a name where there is one.
    let report = wd.read("out/report.md");
    assert!(report.contains("Vientiane") && report.contains("Beirut"));
    assert!(mentions("support to Niger.", "Niger") && !mentions("support to Nigeria.", "Niger"));
    assert!(
        !mentions("in Guinea-Bissau", "Guinea") && mentions("in Guinea-Bissau", "Guinea-Bissau")
    );
}
