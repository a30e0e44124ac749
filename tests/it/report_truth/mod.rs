//! A report that is true under any data. The default project's plugins write every sentence of
//! the narrative from counts; these tests build variants of the default project, generated here
//! from the repository's own workbooks (data sheets emptied to their header, cut to one row or
//! two, multiplied; the obligations or the steps alone emptied or cut; the meeting moved
//! earlier or later), and check every sentence of each report with the rules of `rules.rs`:
//! agreement, zero, capitals, the digit rule of UN documents, no double negative, nothing left
//! empty, and no section lost.
//!
//! They also check that the sections agree: two figures with the same label and date in two
//! sections (the States Parties on the opening day, the States Parties with contaminated
//! areas...) have the same value, in the default project and in every variant; and that the
//! check fails when one section counts otherwise.
//!
//! `KEEP_VARIANTS=1 cargo test --test it report_truth` keeps the variants' folders under
//! target/tmp/ (a failing variant is always kept), to read their reports.

mod rules;

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use crate::support::edit::{edit_sheet, Grid};
use crate::support::{Run, Workdir};

// ---------------------------------------------------------------------------------------------
// The variants.

/// Sheets that are not data: the States list, the settings, the rules, the meetings, the
/// actions of the plan and the wording. A variant keeps them as they are (unless it says
/// otherwise), so that every section has its frame and only its data change.
const FRAME: [&str; 6] = [
    "States", "Settings", "Rules", "Meetings", "Actions", "Wording",
];

/// What a variant does to a data sheet.
#[derive(Clone, Copy, Debug)]
enum Cut {
    /// Keep the sheet as it is.
    Keep,
    /// Keep the header and the first `n` rows of data.
    First(usize),
    /// Every row three times (sheets whose rows have no key; a keyed sheet is kept).
    Triple,
}

/// A variant of the default project: a name, and for each data sheet what it does to it.
struct Variant {
    name: &'static str,
    cut: fn(&str) -> Cut,
    /// Changes to the frame: (sheet, key in the first column, column, new value).
    frame: &'static [(&'static str, &'static str, usize, &'static str)],
}

/// The variants: the counts of every sentence go through zero, one, two and many, alone and
/// together (no obligation but many steps, many obligations but no step...), and through the
/// branches that depend on the day (an annual report not yet due, every time limit passed).
fn variants() -> Vec<Variant> {
    vec![
        Variant {
            name: "empty",
            cut: |_| Cut::First(0),
            frame: &[],
        },
        Variant {
            name: "one-row",
            cut: |_| Cut::First(1),
            frame: &[],
        },
        Variant {
            name: "two-rows",
            cut: |_| Cut::First(2),
            frame: &[],
        },
        Variant {
            name: "tripled",
            cut: |_| Cut::Triple,
            frame: &[],
        },
        Variant {
            name: "no-obligations",
            cut: |sheet| {
                if sheet == "Obligations" {
                    Cut::First(0)
                } else {
                    Cut::Keep
                }
            },
            frame: &[],
        },
        Variant {
            name: "no-steps",
            cut: |sheet| {
                if sheet == "Reported steps" {
                    Cut::First(0)
                } else {
                    Cut::Keep
                }
            },
            frame: &[],
        },
        Variant {
            name: "one-obligation-each",
            cut: |sheet| {
                if sheet == "Obligations" {
                    Cut::First(1)
                } else {
                    Cut::Keep
                }
            },
            frame: &[],
        },
        Variant {
            name: "early-meeting",
            cut: |_| Cut::Keep,
            frame: &[
                ("Meetings", "2MSP", 3, "2011-02-01"),
                ("Settings", "Cut-off date", 1, "2011-02-01"),
            ],
        },
        Variant {
            name: "late-meeting",
            cut: |sheet| {
                if sheet == "Reported steps" {
                    Cut::First(1)
                } else {
                    Cut::Keep
                }
            },
            frame: &[
                ("Meetings", "2MSP", 3, "2019-09-02"),
                ("Settings", "Cut-off date", 1, "2019-09-02"),
            ],
        },
    ]
}

/// The sheets whose rows have a key (the dictionary's "One row per"): tripling them would only
/// repeat keys, so a tripled variant keeps them.
fn keyed_sheets(project: &Path) -> Vec<String> {
    let mut book = open_workbook_auto(project.join("workbooks/dictionary.xlsx")).unwrap();
    let range = book.worksheet_range("Sheets").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[calamine::Data]>::to_vec).collect();
    let header: Vec<String> = rows[0]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let key = header.iter().position(|h| h == "One row per").unwrap();
    rows[1..]
        .iter()
        .filter(|r| {
            !r.get(key)
                .map(std::string::ToString::to_string)
                .unwrap_or_default()
                .is_empty()
        })
        .map(|r| r[0].to_string())
        .collect()
}

/// The row of a grid that holds the header: the first with at least two cells filled (a title
/// row above it has one).
fn header_row(grid: &Grid) -> Option<usize> {
    grid.iter()
        .position(|r| r.iter().filter(|c| !matches!(c, Data::Empty)).count() >= 2)
}

/// Writes the variant into a copy of the default project.
fn make(variant: &Variant) -> Workdir {
    let wd = Workdir::default_project(&format!("variant-{}", variant.name));
    let keyed = keyed_sheets(&wd.root);
    let mut files: Vec<_> = std::fs::read_dir(wd.path("workbooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "dictionary.xlsx")
        .collect();
    files.sort();
    for file in files {
        let names = open_workbook_auto(&file).unwrap().sheet_names();
        for sheet in names {
            if FRAME.contains(&sheet.as_str()) {
                for (frame_sheet, key, column, new) in variant.frame {
                    if *frame_sheet == sheet {
                        edit_sheet(&file, &sheet, |grid| {
                            let row = crate::support::edit::row_of(grid, key);
                            grid[row][*column] = Data::String(new.to_string());
                        });
                    }
                }
                continue;
            }
            let cut = match (variant.cut)(&sheet) {
                Cut::Triple if keyed.contains(&sheet) => Cut::Keep,
                cut => cut,
            };
            match cut {
                Cut::Keep => {}
                Cut::First(n) => edit_sheet(&file, &sheet, |grid| {
                    if let Some(h) = header_row(grid) {
                        grid.truncate(h + 1 + n);
                    }
                }),
                Cut::Triple => edit_sheet(&file, &sheet, |grid| {
                    if let Some(h) = header_row(grid) {
                        let rows: Vec<Vec<Data>> = grid[h + 1..].to_vec();
                        grid.extend(rows.iter().cloned());
                        grid.extend(rows);
                    }
                }),
            }
        }
    }
    wd
}

// ---------------------------------------------------------------------------------------------
// What a build must give.

/// Every section there, none not produced, no error.
fn sections_lost(run: &Run, report: &str) -> Vec<String> {
    let mut lost = Vec::new();
    let headings: Vec<&str> = report.lines().filter(|l| l.starts_with("## ")).collect();
    if headings.len() != 14 {
        lost.push(format!(
            "{} sections instead of 14: {headings:?}",
            headings.len()
        ));
    }
    if report.contains("This section was not produced") {
        lost.push("a section was not produced".into());
    }
    for line in run.stderr.lines().filter(|l| l.starts_with("error:")) {
        lost.push(line.to_string());
    }
    lost
}

/// A figure of the Summary sheet: (section, name) → (label, value, as of).
type Figures = BTreeMap<(String, String), (String, String, String)>;

/// The figures of the Summary sheet.
fn figures(wd: &Workdir) -> Figures {
    let rows = wd.sheet_text("out/consolidated.xlsx", "Summary");
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Section"))
        .expect("a header row in the Summary sheet");
    let col = |name: &str| rows[header].iter().position(|h| h == name).unwrap();
    let (section, figure, label, value, as_of) = (
        col("Section"),
        col("Figure"),
        col("Label"),
        col("Value"),
        col("As of"),
    );
    rows[header + 1..]
        .iter()
        .filter(|r| r.len() > value)
        .map(|r| {
            let cell = |i: usize| r.get(i).cloned().unwrap_or_default();
            (
                (cell(section), cell(figure)),
                (cell(label), cell(value), cell(as_of)),
            )
        })
        .collect()
}

/// Two sections that give a figure with the same label and date give the same value: the
/// States Parties on the opening day (sections 4 and 12), the States Parties with contaminated
/// areas (6 and 7), the instances of use and the States Parties that reacted (4 and 13)...
/// Each disagreement is one line.
fn disagreements(wd: &Workdir) -> Vec<String> {
    // (label, as of) → the (section, name, value) of each figure that has them.
    let mut by_meaning: BTreeMap<(String, String), Vec<[String; 3]>> = BTreeMap::new();
    for ((section, name), (label, value, as_of)) in figures(wd) {
        by_meaning
            .entry((label, as_of))
            .or_default()
            .push([section, name, value]);
    }
    let mut out = Vec::new();
    for ((label, as_of), given) in &by_meaning {
        let sections: std::collections::BTreeSet<&String> = given.iter().map(|g| &g[0]).collect();
        let values: std::collections::BTreeSet<&String> = given.iter().map(|g| &g[2]).collect();
        if sections.len() > 1 && values.len() > 1 {
            let all: Vec<String> = given
                .iter()
                .map(|[s, n, v]| format!("{s}.{n} = {v}"))
                .collect();
            out.push(format!("\"{label}\" (as of {as_of}): {}", all.join(", ")));
        }
    }
    out
}

/// The sections whose same counts the tests expect to be given by both, so that the check is
/// not empty because a label changed.
const SHARED: [(&str, &str, &str, &str); 4] = [
    ("4", "parties", "12", "parties"),
    ("6", "article4_states", "7", "article4_states"),
    ("4", "instances_of_use", "13", "instances_of_use"),
    ("4", "states_reacting_to_use", "13", "states_reacting"),
];

fn shared_figures_present(wd: &Workdir) {
    let all = figures(wd);
    for (a, an, b, bn) in SHARED {
        let first = all.get(&(a.to_string(), an.to_string()));
        let second = all.get(&(b.to_string(), bn.to_string()));
        let (Some(first), Some(second)) = (first, second) else {
            panic!("figures {a}.{an} and {b}.{bn} are both given");
        };
        assert_eq!(
            first.0, second.0,
            "{a}.{an} and {b}.{bn} have the same label"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn the_sentence_rules_find_each_kind_of_mistake() {
    let bad = [
        (
            "agreement",
            "One of these States Parties have reported steps.",
        ),
        ("agreement", "No States Parties have reported steps."),
        ("agreement", "Two State Party reported steps."),
        ("agreement", "Nine States Parties has reported steps."),
        (
            "agreement",
            "None of the 12 States Parties with victims have reported steps.",
        ),
        ("agreement", "Of the one State Party with victims, it did."),
        (
            "agreement",
            "None of the two States Parties with victims has reported steps.",
        ),
        ("zero", "Of these, 0 have made their needs known."),
        (
            "zero",
            "It was based on one initial and 0 annual transparency reports.",
        ),
        ("zero", "Nine reported a plan, none a budget."),
        ("double negative", "No States Parties had not submitted it."),
        ("capitals", "It was due by 2011. nine submitted it."),
        (
            "digits",
            "Twenty were on time: 20 on time and six late, one without a recorded date.",
        ),
        ("digits", "There were 6 of them."),
        ("digits", "3 of the 14 States Parties reported."),
        ("empty value", "Working in partnership with ."),
        ("empty value", "Examples include the the steps."),
    ];
    for (rule, sentence) in bad {
        let found: Vec<&str> = rules::check_text(sentence).iter().map(|b| b.rule).collect();
        assert!(
            found.contains(&rule),
            "{sentence:?} should break {rule}: {found:?}"
        );
    }
    let good = [
        "No State Party has reported steps on action 26 since the VAP was adopted.",
        "None of the 12 States Parties with victims has reported steps on actions 24 to 29.",
        "One of the 10 signatories with stockpiles has provided information on its plans.",
        "Four of the nine States Parties with contaminated areas have reported steps on action 14 or action 17.",
        "For six States Parties with victims this time limit had passed by 13 September 2011: four did so in time, one did so after the time limit and one had not reported doing so.",
        "The annual transparency report due by 30 April 2011, covering the calendar year 2010, was owed by 31 States Parties: 20 submitted it on time, 6 submitted it late, 1 submitted it without a recorded date and 4 had not submitted it.",
        "By number of States Parties reporting: action 24 (five), action 25 (two), action 27 (three), action 28 (one) and action 29 (three).",
        "Three of the 14 States Parties with stockpiles have disclosed problems.",
        "Based on the analysis above, no step was reported on 19 of the 66 actions of the VAP (actions 5, 7, 18, 19, 43 to 50, 58 to 62, 64 and 66).",
        "In the reports covering 2010, five States Parties reported clearing a total of 9.1 square kilometres.",
        "Neither had reported doing so.",
    ];
    for sentence in good {
        let found = rules::check_text(sentence);
        assert!(found.is_empty(), "{sentence:?} breaks no rule: {found:?}");
    }
}

#[test]
fn every_sentence_holds_in_generated_variants_of_the_default_project() {
    let started = std::time::Instant::now();
    // Two builds at a time: each is one process, and the machines that run the tests have two
    // cores or more.
    let variants = variants();
    let mut failures: Vec<String> = Vec::new();
    let mut checked = 0;
    for pair in variants.chunks(2) {
        let results: Vec<(String, Vec<String>, usize)> = std::thread::scope(|s| {
            let handles: Vec<_> = pair
                .iter()
                .map(|variant| {
                    s.spawn(move || {
                        let wd = make(variant);
                        let run = wd.run(&["build"]);
                        let mut found = Vec::new();
                        let report =
                            std::fs::read_to_string(wd.path("out/report.md")).unwrap_or_default();
                        if report.is_empty() {
                            found.push(format!("no report.md:\n{}", run.stderr));
                        }
                        found.extend(sections_lost(&run, &report));
                        for breach in rules::check_report(&report) {
                            found.push(format!(
                                "{}: {} in {:?}",
                                breach.rule, breach.detail, breach.sentence
                            ));
                        }
                        found.extend(
                            disagreements(&wd)
                                .into_iter()
                                .map(|d| format!("sections disagree: {d}")),
                        );
                        let sentences = rules::sentences(&report).len();
                        let keep = std::env::var_os("KEEP_VARIANTS").is_some();
                        if !found.is_empty() {
                            // Kept for a look: the failure names its folder.
                            found.push(format!("(the variant is in {})", wd.root.display()));
                        }
                        if found.is_empty() && !keep {
                            drop(wd);
                        } else {
                            std::mem::forget(wd);
                        }
                        (variant.name.to_string(), found, sentences)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (name, found, sentences) in results {
            checked += sentences;
            for f in found {
                failures.push(format!("variant {name}: {f}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        checked > 500,
        "the variants' reports were read ({checked} sentences)"
    );
    eprintln!(
        "checked {checked} sentences of {} variants in {:.1} s",
        variants.len(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn every_sentence_of_the_default_report_holds() {
    let report =
        std::fs::read_to_string(crate::support::repo().join("tests/expected/report.md")).unwrap();
    let breaches = rules::check_report(&report);
    assert!(
        breaches.is_empty(),
        "{}",
        breaches
            .iter()
            .map(|b| format!("{}: {} in {:?}", b.rule, b.detail, b.sentence))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn sections_give_the_same_count_of_the_same_thing() {
    let wd = Workdir::default_project("same-counts");
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    shared_figures_present(&wd);
    assert_eq!(disagreements(&wd), Vec::<String>::new());

    // A section that draws the boundary of the day otherwise (deposits before the opening day,
    // not on or before it) disagrees with the others, and the check says where.
    let plugin = wd.read("plugins/12_national_implementation.lua");
    let changed = plugin.replace(
        "local parties = scope.parties()",
        "local parties = sheet(\"States\"):where(\"Deposited\", \"<\", scope.day())",
    );
    assert_ne!(
        plugin, changed,
        "section 12 counts the States Parties with scope.parties()"
    );
    wd.write("plugins/12_national_implementation.lua", &changed);
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let found = disagreements(&wd);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("4.parties = 63") && found[0].contains("12.parties = 62"),
        "{found:#?}"
    );
}
