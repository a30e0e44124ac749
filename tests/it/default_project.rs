//! The repository's own project, the Beirut Progress Report: it builds all 14 sections without
//! an error, its report matches the reviewed tests/expected/report.md, the key figures of every
//! section agree with values computed here independently from the same workbooks, and no
//! circulated text (report.md, report.html, report.docx: paragraphs, tables, charts) names a
//! State. The States sheet gives each State Party's entry into force and reporting deadlines
//! as computed here from the Convention's rules, and those per-State values never reach the
//! narrative.
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
                let rows: Vec<Vec<Data>> = range.rows().map(<[calamine::Data]>::to_vec).collect();
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

/// The opening day of the 1MSP, the adoption of the action plan on its last day, and the
/// opening day of the 2MSP (13 September 2011, as the Meetings sheet gives it): the report
/// counts as of that day, included, and its period runs from the adoption to that day.
const P1_START: (i32, u32, u32) = (2010, 11, 9);
const P1_END: (i32, u32, u32) = (2010, 11, 12);
const P2: (i32, u32, u32) = (2011, 9, 13);

fn day(t: (i32, u32, u32)) -> NaiveDate {
    ymd(t.0, t.1, t.2)
}

/// A date in the period the report covers; an undated row counts (the sheets hold what was
/// reported for the period).
fn in_period(d: Option<NaiveDate>) -> bool {
    d.is_none_or(|d| d >= day(P1_END) && d <= day(P2))
}

fn distinct<'a>(rows: impl Iterator<Item = &'a Record>, col: &str) -> BTreeSet<String> {
    rows.map(|r| text(r, col))
        .filter(|s| !s.is_empty())
        .collect()
}

/// States Parties (by deposit, on the opening day of the 2MSP) with an obligation under an
/// Article not fulfilled by then.
fn holders(book: &Book, t: &Treaty, article: i64) -> BTreeSet<String> {
    book.sheet("Obligations")
        .iter()
        .filter(|r| num(r, "Article") == Some(article as f64))
        .filter(|r| t.party(&text(r, "State"), day(P2)))
        .filter(|r| date(r, "Completed").is_none_or(|c| c > day(P2)))
        .map(|r| text(r, "State"))
        .collect()
}

/// Every step reported on some actions, whoever reported it and whenever.
fn all_steps_on<'a>(book: &'a Book, actions: &[i64]) -> impl Iterator<Item = &'a Record> + 'a {
    let actions = actions.to_vec();
    book.sheet("Reported steps")
        .iter()
        .filter(move |r| num(r, "Action").is_some_and(|a| actions.contains(&(a as i64))))
}

/// The steps of States Parties on some actions in the period.
fn steps_on<'a>(
    book: &'a Book,
    t: &'a Treaty,
    actions: &[i64],
) -> impl Iterator<Item = &'a Record> + 'a {
    all_steps_on(book, actions)
        .filter(move |r| t.party(&text(r, "State"), day(P2)) && in_period(date(r, "Date")))
}

fn states_on(
    book: &Book,
    t: &Treaty,
    actions: &[i64],
    among: Option<&BTreeSet<String>>,
) -> BTreeSet<String> {
    steps_on(book, t, actions)
        .map(|r| text(r, "State"))
        .filter(|s| among.is_none_or(|set| set.contains(s)))
        .collect()
}

/// Where the holders stand on a time-bound action whose time limit is `months` after entry
/// into force: (due, in time, late, undated, missing). Every step up to the opening day counts,
/// even one taken before the plan was adopted.
fn time_bound(
    book: &Book,
    t: &Treaty,
    actions: &[i64],
    months: u32,
    holders: &BTreeSet<String>,
) -> [usize; 5] {
    let mut out = [0; 5];
    for s in holders {
        let limit = add_months(t.eif(s).unwrap(), months);
        if limit > day(P2) {
            continue;
        }
        out[0] += 1;
        let own: Vec<&Record> = all_steps_on(book, actions)
            .filter(|r| &text(r, "State") == s && date(r, "Date").is_none_or(|d| d <= day(P2)))
            .collect();
        match own.iter().filter_map(|r| date(r, "Date")).min() {
            Some(d) if d <= limit => out[1] += 1,
            Some(_) => out[2] += 1,
            None if own.is_empty() => out[4] += 1,
            None => out[3] += 1,
        }
    }
    out
}

/// The figures computed independently, by (section, figure name).
fn expected_figures(book: &Book) -> Vec<(i64, &'static str, f64)> {
    let t = Treaty::new(book);
    let p2 = day(P2);
    let mut out: Vec<(i64, &'static str, f64)> = Vec::new();
    let n = |x: usize| x as f64;

    // 1 Introduction: the reports received up to the cut-off date, the opening day.
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
    out.push((
        3,
        "action1_states",
        n(states_on(book, &t, &[1], None).len()),
    ));
    out.push((
        3,
        "partners_with_views",
        n(distinct(book.sheet("Partner views").iter(), "Partner").len()),
    ));

    // 4 Universalization: by deposit, on the opening day of each meeting.
    let states = book.sheet("States");
    let parties_1msp = states
        .iter()
        .filter(|r| t.party(&text(r, "State"), day(P1_START)))
        .count();
    let joined = states
        .iter()
        .filter(|r| date(r, "Deposited").is_some_and(|d| d > day(P1_START) && d <= p2))
        .count();
    let parties_2msp = states
        .iter()
        .filter(|r| t.party(&text(r, "State"), p2))
        .count();
    let in_force = states
        .iter()
        .filter(|r| t.in_force(&text(r, "State"), p2))
        .count();
    out.push((4, "parties_at_1msp", n(parties_1msp)));
    out.push((4, "joined_since_1msp", n(joined)));
    out.push((4, "parties", n(parties_2msp)));
    out.push((4, "in_force_at_2msp", n(in_force)));
    // Only what States Parties did in the period counts: a signatory's reaction is left out.
    let reactions: Vec<&Record> = book
        .sheet("Reactions to use")
        .iter()
        .filter(|r| t.party(&text(r, "State"), p2) && in_period(date(r, "Date")))
        .collect();
    out.push((
        4,
        "states_reacting_to_use",
        n(distinct(reactions.iter().copied(), "State").len()),
    ));
    let discouraging: BTreeSet<String> = steps_on(book, &t, &[2, 3, 4, 5, 6, 7])
        .filter(|r| text(r, "Kind") == "discouraged use")
        .map(|r| text(r, "State"))
        .collect();
    out.push((4, "states_discouraging_use", n(discouraging.len())));

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
        n(states_on(book, &t, &[8], Some(&a3)).len()),
    ));
    let [due, met, late, _, missing] = time_bound(book, &t, &[8], 12, &a3);
    out.extend([
        (5, "action8_due", n(due)),
        (5, "action8_met", n(met)),
        (5, "action8_late", n(late)),
        (5, "action8_missing", n(missing)),
    ]);
    for (name, stage) in [
        ("action8_stage_plan", "plan"),
        ("action8_stage_budget", "budget"),
        ("action8_stage_implementation", "implementation"),
    ] {
        let k: BTreeSet<String> = steps_on(book, &t, &[8])
            .filter(|r| a3.contains(&text(r, "State")) && text(r, "Stage") == stage)
            .map(|r| text(r, "State"))
            .collect();
        out.push((5, name, n(k.len())));
    }
    let completed = book
        .sheet("Obligations")
        .iter()
        .filter(|r| num(r, "Article") == Some(3.0) && t.party(&text(r, "State"), p2))
        .filter(|r| date(r, "Completed").is_some_and(|c| c >= day(P1_END) && c <= p2))
        .count();
    out.push((5, "completed_between_meetings", n(completed)));
    // Signatories: signed, no instrument by the opening day.
    let signatory = |state: &str| {
        states.iter().any(|r| {
            text(r, "State") == state
                && date(r, "Signed").is_some()
                && date(r, "Deposited").is_none_or(|d| d > p2)
        })
    };
    let signatories = states
        .iter()
        .filter(|r| signatory(&text(r, "State")))
        .count();
    out.push((5, "signatories", n(signatories)));
    let stockpiling = book
        .sheet("Obligations")
        .iter()
        .filter(|r| {
            num(r, "Article") == Some(3.0)
                && signatory(&text(r, "State"))
                && date(r, "Completed").is_none_or(|c| c > p2)
        })
        .count();
    out.push((5, "signatories_with_stockpiles", n(stockpiling)));
    out.push((
        5,
        "action9_states",
        n(states_on(book, &t, &[9], Some(&a3)).len()),
    ));
    let retained: f64 = book
        .sheet("Retention")
        .iter()
        .filter(|r| num(r, "Year") == Some(2010.0) && t.party(&text(r, "State"), p2))
        .filter_map(|r| num(r, "Cluster munitions retained"))
        .sum();
    out.push((5, "munitions_retained", retained));

    // 6 Clearance: actions 10 to 13 share a time limit of 12 months.
    let a4 = holders(book, &t, 4);
    out.push((6, "article4_states", n(a4.len())));
    out.push((
        6,
        "article4_in_force",
        n(a4.iter().filter(|s| t.in_force(s, p2)).count()),
    ));
    let first_four = [10, 11, 12, 13];
    out.push((
        6,
        "actions10_13_states",
        n(states_on(book, &t, &first_four, Some(&a4)).len()),
    ));
    let [due, met, late, _, missing] = time_bound(book, &t, &first_four, 12, &a4);
    out.extend([
        (6, "actions10_13_due", n(due)),
        (6, "actions10_13_met", n(met)),
        (6, "actions10_13_late", n(late)),
        (6, "actions10_13_missing", n(missing)),
    ]);
    let capacity: BTreeSet<String> = steps_on(book, &t, &first_four)
        .filter(|r| a4.contains(&text(r, "State")) && text(r, "Kind") == "increased capacity")
        .filter(|r| date(r, "Date").is_some_and(|d| d.year() == 2011))
        .map(|r| text(r, "State"))
        .collect();
    out.push((6, "increased_capacity_2011", n(capacity.len())));
    let area: f64 = book
        .sheet("Clearance")
        .iter()
        .filter(|r| num(r, "Year") == Some(2010.0) && t.party(&text(r, "State"), p2))
        .filter_map(|r| num(r, "Area cleared (square metres)"))
        .sum();
    out.push((6, "area_cleared_km2", (area / 100_000.0).round() / 10.0));

    // 7 Risk reduction: the same States Parties with contaminated areas as section 6.
    out.push((7, "article4_states", n(a4.len())));
    out.push((
        7,
        "action17_states",
        n(states_on(book, &t, &[17], Some(&a4)).len()),
    ));
    out.push((
        7,
        "action14_states",
        n(states_on(book, &t, &[14], Some(&a4)).len()),
    ));

    // 8 Victim assistance: time limits of 6 and 12 months from entry into force.
    let a5 = holders(book, &t, 5);
    out.push((8, "article5_states", n(a5.len())));
    let cap20: BTreeSet<String> = steps_on(book, &t, &[20])
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
        let [due, met, late, _, missing] = time_bound(book, &t, &[action], months, &a5);
        out.push((8, names[0], n(due)));
        out.push((8, names[1], n(met)));
        out.push((8, names[2], n(late)));
        out.push((8, names[3], n(missing)));
    }

    // 8 Victim assistance: casualties in States Parties, killed and injured, in the year before
    // the 2MSP, in its year up to its opening day, and children since the start of the year before.
    let casualties = book.sheet("Casualties");
    let people = |from: NaiveDate, to: NaiveDate, child_only: bool| -> f64 {
        casualties
            .iter()
            .filter(|r| t.party(&text(r, "State"), p2))
            .filter(|r| date(r, "Date").is_some_and(|d| d >= from && d <= to))
            .filter(|r| !child_only || text(r, "Age group") == "child")
            .map(|r| num(r, "Killed").unwrap_or(0.0) + num(r, "Injured").unwrap_or(0.0))
            .sum()
    };
    out.push((
        8,
        "casualties_last_year",
        people(ymd(2010, 1, 1), ymd(2010, 12, 31), false),
    ));
    out.push((
        8,
        "casualties_this_year",
        people(ymd(2011, 1, 1), p2, false),
    ));
    out.push((8, "child_casualties", people(ymd(2010, 1, 1), p2, true)));

    // 9 Cooperation: the States of sections 5, 6 and 8, each once.
    let affected: BTreeSet<String> = a3.iter().chain(&a4).chain(&a5).cloned().collect();
    out.push((9, "states_with_obligations", n(affected.len())));
    out.push((
        9,
        "action33_states",
        n(states_on(book, &t, &[33], Some(&affected)).len()),
    ));
    let mut providers = states_on(book, &t, &[37, 38, 39, 40, 41, 42], None);
    let contributions: Vec<&Record> = book
        .sheet("Cooperation")
        .iter()
        .filter(|r| t.party(&text(r, "Donor"), p2))
        .collect();
    providers.extend(distinct(contributions.iter().copied(), "Donor"));
    out.push((9, "states_providing_assistance", n(providers.len())));
    let amount: f64 = contributions
        .iter()
        .filter_map(|r| num(r, "Amount (USD)"))
        .sum();
    out.push((9, "amount_usd", amount));

    // 10 Implementation support.
    out.push((
        10,
        "actions51_57_states",
        n(states_on(book, &t, &[51, 52, 53, 54, 55, 56, 57], None).len()),
    ));

    // 11 Transparency: initial report 180 days after entry into force; annual report due
    // 30 April 2011 from the States whose initial report was due before that day.
    let parties: Vec<String> = states
        .iter()
        .map(|r| text(r, "State"))
        .filter(|s| t.party(s, p2))
        .collect();
    let find = |state: &str, kind: &str| {
        reports.iter().find(|r| {
            text(r, "State") == state
                && text(r, "Kind") == kind
                && date(r, "Date submitted").is_none_or(|d| d <= p2)
        })
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
        .filter(|r| date(r, "Date submitted").is_none_or(|d| d <= p2))
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

    // 12 National implementation measures: in place before the adoption of the plan.
    let measures: Vec<&Record> = book
        .sheet("National measures")
        .iter()
        .filter(|r| t.party(&text(r, "State"), p2))
        .collect();
    let had: BTreeSet<String> = measures
        .iter()
        .filter(|r| {
            [
                "specific legislation adopted",
                "existing legislation considered sufficient",
            ]
            .contains(&text(r, "Measure").as_str())
        })
        .filter(|r| date(r, "Date").is_some_and(|d| d < day(P1_END)))
        .map(|r| text(r, "State"))
        .collect();
    let should: BTreeSet<&String> = parties.iter().filter(|s| !had.contains(*s)).collect();
    out.push((12, "parties", n(parties.len())));
    out.push((12, "should_implement_63", n(should.len())));
    let reported: BTreeSet<String> = measures
        .iter()
        .filter(|r| {
            should.contains(&text(r, "State")) && date(r, "Date").is_none_or(|d| d >= day(P1_END))
        })
        .map(|r| text(r, "State"))
        .collect();
    out.push((12, "reported_63", n(reported.len())));
    out.push((12, "reported_65", n(states_on(book, &t, &[65], None).len())));

    // 13 Compliance.
    let allegations: Vec<&Record> = book
        .sheet("Allegations of use")
        .iter()
        .filter(|r| in_period(date(r, "Date reported")))
        .collect();
    let against = allegations
        .iter()
        .filter(|r| date(r, "Date reported").is_some_and(|d| t.party(&text(r, "Alleged user"), d)))
        .count();
    out.push((13, "allegations_against_parties", n(against)));
    out.push((13, "instances_of_use", n(allegations.len() - against)));
    out.push((4, "instances_of_use", n(allegations.len() - against)));
    out.push((
        13,
        "states_reacting",
        n(distinct(reactions.iter().copied(), "State").len()),
    ));
    out.push((13, "reactions", n(reactions.len())));

    // 14 Possible additions: actions with no step (Form I implements 37-42, Form A action 63).
    let all: Vec<i64> = (1..=66).collect();
    let mut with_steps: BTreeSet<i64> = steps_on(book, &t, &all)
        .filter_map(|r| num(r, "Action"))
        .map(|a| a as i64)
        .collect();
    with_steps.extend(
        contributions
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

// ---------------------------------------------------------------------------------------------
// The States sheet: per-State values, for those who prepare the report.

/// The States sheet: its headings row (each column's section heading and label) and, by State,
/// its cells.
struct StatesSheet {
    /// (section heading, label) of each column.
    columns: Vec<(String, String)>,
    rows: Vec<Vec<Data>>,
}

impl StatesSheet {
    fn read(wd: &Workdir) -> StatesSheet {
        let cells = wd.sheet("out/consolidated.xlsx", "States");
        let header = cells
            .iter()
            .position(|r| {
                r.first().map(std::string::ToString::to_string).as_deref() == Some("State")
            })
            .expect("a headings row starting with State");
        let mut group = String::new();
        let columns = cells[header]
            .iter()
            .enumerate()
            .map(|(c, label)| {
                let above = cells[header - 1]
                    .get(c)
                    .map(std::string::ToString::to_string)
                    .unwrap_or_default();
                if !above.is_empty() {
                    group = above;
                }
                (group.clone(), label.to_string())
            })
            .collect();
        StatesSheet {
            columns,
            rows: cells[header + 1..].to_vec(),
        }
    }

    fn column(&self, section: &str, label: &str) -> usize {
        self.columns
            .iter()
            .position(|(g, l)| g.starts_with(section) && l == label)
            .unwrap_or_else(|| panic!("no column {label} under {section}: {:?}", self.columns))
    }

    fn states(&self) -> Vec<String> {
        self.rows.iter().map(|r| r[0].to_string()).collect()
    }

    fn date(&self, state: &str, column: usize) -> Option<NaiveDate> {
        let row = self.rows.iter().find(|r| r[0] == *state)?;
        match row.get(column)? {
            Data::DateTime(dt) => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
            }
            _ => None,
        }
    }
}

/// Names in the order of the States list's own sort: case and accents do not matter.
fn by_name(names: &mut [String]) {
    let key = |s: &String| {
        s.to_lowercase()
            .replace(['ô', 'ó', 'ò'], "o")
            .replace(['é', 'è', 'ê'], "e")
            .replace('’', "'")
    };
    names.sort_by_key(key);
}

#[test]
fn the_states_sheet_gives_each_state_partys_entry_into_force_and_initial_report_due() {
    let (wd, run) = built();
    assert_clean(&run);
    let book = Book::load(&wd.path("workbooks"));
    let t = Treaty::new(&book);
    let sheet = StatesSheet::read(&wd);

    // One row per State of the list: States Parties at the 2MSP first, then signatories, then
    // the other States, each group by name.
    let mut parties: Vec<String> = Vec::new();
    let mut signatories: Vec<String> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for r in book.sheet("States") {
        let name = text(r, "State");
        if t.party(&name, day(P2)) {
            parties.push(name);
        } else if date(r, "Signed").is_some() || text(r, "Note").starts_with("signatory") {
            signatories.push(name);
        } else {
            others.push(name);
        }
    }
    for group in [&mut parties, &mut signatories, &mut others] {
        by_name(group);
    }
    assert!(parties.len() > 50 && signatories.len() > 30 && !others.is_empty());
    let expected: Vec<String> = parties
        .iter()
        .chain(&signatories)
        .chain(&others)
        .cloned()
        .collect();
    assert_eq!(sheet.states(), expected);

    // Article 17(2) and Article 7(1), computed here, for every State that deposited an
    // instrument, and so for every State Party.
    let eif = sheet.column("4. ", "Entry into force");
    let due = sheet.column("11. ", "Initial report due");
    let mut checked = 0;
    for state in t.deposited.keys() {
        assert_eq!(
            sheet.date(state, eif),
            t.eif(state),
            "entry into force of {state}"
        );
        assert_eq!(
            sheet.date(state, due),
            t.initial_due(state),
            "initial report due of {state}"
        );
        checked += 1;
    }
    assert!(parties.iter().all(|p| t.deposited.contains_key(p)));
    assert_eq!(checked, 67);
    // Spot checks against the Convention's text: deposit 29 November 2010 (Guinea-Bissau) gives
    // 1 May 2011, and the initial report 180 days later, 28 October 2011.
    assert_eq!(sheet.date("Guinea-Bissau", eif), Some(ymd(2011, 5, 1)));
    assert_eq!(sheet.date("Guinea-Bissau", due), Some(ymd(2011, 10, 28)));
    assert_eq!(sheet.date("Norway", eif), Some(ymd(2010, 8, 1)));
    assert_eq!(sheet.date("Norway", due), Some(ymd(2011, 1, 28)));

    // Article 3 and 4 deadlines: 8 and 10 years after entry into force, for the holders.
    for (article, years, label) in [(3, 8, "Article 3 deadline"), (4, 10, "Article 4 deadline")] {
        let column = sheet.column(if article == 3 { "5. " } else { "6. " }, label);
        let holders: BTreeSet<String> = book
            .sheet("Obligations")
            .iter()
            .filter(|r| num(r, "Article") == Some(article as f64))
            .map(|r| text(r, "State"))
            .filter(|s| t.party(s, day(P2)))
            .collect();
        assert!(!holders.is_empty());
        for s in &holders {
            assert_eq!(
                sheet.date(s, column),
                t.eif(s).map(|e| add_months(e, years * 12)),
                "{label} of {s}"
            );
        }
    }
}

#[test]
fn per_state_values_never_reach_the_narrative() {
    // The same project with track made a no-op in every section: the report is the same.
    let (wd, run) = built();
    assert_clean(&run);
    let sheet = StatesSheet::read(&wd);
    assert!(sheet.columns.len() > 25 && sheet.rows.len() > 100);

    let quiet = Workdir::default_project("default-project-no-track");
    for entry in std::fs::read_dir(quiet.path("plugins")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("lua") {
            let source = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                format!("track = function(spec) return spec.status or spec.value end\n{source}"),
            )
            .unwrap();
        }
    }
    let run = quiet.run(&["build"]);
    assert_clean(&run);
    let book = open_workbook_auto(quiet.path("out/consolidated.xlsx")).unwrap();
    assert!(
        !book.sheet_names().contains(&"States".to_string()),
        "track was a no-op"
    );
    for file in ["out/report.md", "out/report.html"] {
        assert_eq!(wd.read(file), quiet.read(file), "{file}");
    }
    assert_eq!(
        wd.read("out/report.md"),
        std::fs::read_to_string(repo().join("tests/expected/report.md")).unwrap()
    );
}
