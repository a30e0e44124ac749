//! Loading a project's workbooks: read every file (in parallel, each in its own limited
//! process), read the dictionary, find each sheet's header, check every cell, and merge
//! sheets of the same name into typed tables.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{bail, Result};

use crate::check::dictionary::{self, Dictionary, Role, SheetSpec};
use crate::check::header::{self, HeaderHint, SheetTable};
use crate::check::states::StateList;
use crate::check::validate;
use crate::model::table::{DataTable, Dataset, Input, PartTable, Settings};
use crate::problem::{Place, Problem, Problems};
use crate::project::Project;
use crate::read::{self, Isolation, RawWorkbook, ReadLimits};
use crate::text::suggest::{self, fold};

/// A table name, its description in the dictionary, and the sheets (with their workbook) that hold it.
type Group = (String, Option<SheetSpec>, Vec<(String, bool, SheetTable)>);

pub struct Loaded {
    pub dataset: Dataset,
    pub dictionary: Dictionary,
    pub problems: Problems,
}

/// Options for reading workbooks.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub isolation: Isolation,
    pub limits: ReadLimits,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            isolation: Isolation::current_exe(),
            limits: ReadLimits::default(),
        }
    }
}

pub fn load(project: &Project, options: &LoadOptions) -> Result<Loaded> {
    let mut problems = Problems::new();
    let files = project.workbook_files()?;
    if files.files.is_empty() {
        let unread: Vec<String> = files.unread.iter().map(|p| project.relative(p)).collect();
        let found = if unread.is_empty() {
            String::new()
        } else {
            format!(
                "; {} cannot be read as such: open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)",
                crate::text::grammar::list(&unread, "and")
            )
        };
        bail!(
            "there are no workbooks in {}/ (expected .xlsx, .xlsm, .xls, .xlsb or .ods files){found}",
            project.relative(&project.workbooks)
        );
    }
    for path in &files.unread {
        problems.push(
            Problem::warning(
                Place::file(project.relative(path)),
                "the file is not read: actionplan reads only workbooks saved as .xlsx, .xlsm, .xls, .xlsb or .ods",
            )
            .with_hint("open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx), then delete this copy"),
        );
    }
    for (lock, original) in &files.locked {
        let target = project.workbooks.join(original);
        if target.exists() {
            problems.push(
                Problem::warning(
                    Place::file(project.relative(&target)),
                    format!(
                        "the workbook is open in a spreadsheet program (its lock file {} is present); \
                         the last saved version was read",
                        lock.file_name().unwrap_or_default().to_string_lossy()
                    ),
                )
                .with_hint("save the workbook to include your latest changes, then build again"),
            );
        }
    }

    let raws = read_all(&files.files, options);
    crate::timing::lap("reading workbooks");
    Ok(assemble(project, &files.files, raws, problems))
}

/// Everything after reading: the dictionary, each sheet's header, every cell checked, sheets
/// merged into tables. Pure (no files are touched), so it can be fuzzed with made-up
/// workbooks: whatever the cells hold, it must not panic.
pub fn assemble(
    project: &Project,
    files: &[PathBuf],
    raws: Vec<Result<RawWorkbook, String>>,
    mut problems: Problems,
) -> Loaded {
    let mut inputs = Vec::new();
    let mut workbooks: Vec<(String, RawWorkbook)> = Vec::new();
    for (path, result) in files.iter().zip(raws) {
        let rel = project.relative(path);
        match result {
            Ok(mut raw) => {
                for s in &mut raw.sheets {
                    if s.keep_to_grid() {
                        problems.push(Problem::warning(
                            Place::sheet(&rel, &s.name),
                            "the sheet has cells beyond row 1,048,576 or column XFD, the largest sheet a spreadsheet program makes; they were ignored (the file may be damaged)",
                        ));
                    }
                }
                for note in &raw.notes {
                    problems.push(Problem::warning(
                        Place::file(&rel),
                        format!("the file {note}"),
                    ));
                }
                for s in &raw.sheets {
                    if let Some(error) = &s.error {
                        problems.push(Problem::error(
                            Place::sheet(&rel, &s.name),
                            format!("the sheet {error}"),
                        ));
                    }
                }
                inputs.push(Input {
                    path: rel.clone(),
                    sheets: raw.sheets.iter().map(|s| s.name.clone()).collect(),
                    read: true,
                });
                workbooks.push((rel, raw));
            }
            Err(message) => {
                problems.push(Problem::error(
                    Place::file(&rel),
                    format!("the file {message}"),
                ));
                inputs.push(Input {
                    path: rel,
                    sheets: Vec::new(),
                    read: false,
                });
            }
        }
    }

    let dictionary_at = workbooks.iter().position(|(rel, _)| {
        let stem = rel
            .rsplit('/')
            .next()
            .unwrap_or("")
            .split('.')
            .next()
            .unwrap_or("");
        fold(stem) == "dictionary"
    });
    let dictionary = match dictionary_at {
        Some(i) => {
            let (rel, raw) = workbooks.remove(i);
            read_dictionary(&rel, &raw, &mut problems)
        }
        None => {
            let dictionary_failed = inputs
                .iter()
                .any(|i| !i.read && i.path.to_lowercase().contains("dictionary"));
            if !dictionary_failed {
                problems.push(
                    Problem::warning(
                        Place::file(format!("{}/", project.relative(&project.workbooks))),
                        "there is no dictionary workbook, so no column is checked; every sheet was loaded with the types found",
                    )
                    .with_hint("add workbooks/dictionary.xlsx (`actionplan init` shows its layout)"),
                );
            }
            Dictionary::default()
        }
    };

    // Every sheet's table, grouped by table name in the order first met. The raw cells are
    // consumed sheet by sheet: each is freed once its table is built.
    let all_sheets: Vec<String> = workbooks
        .iter()
        .flat_map(|(_, w)| w.sheets.iter().map(|s| s.name.clone()))
        .collect();
    let mut groups: Vec<Group> = Vec::new();
    for (rel, raw) in workbooks {
        let date1904 = raw.date1904;
        for s in raw.sheets {
            if s.error.is_some() {
                continue;
            }
            let spec = dictionary.sheet(&s.name).cloned();
            if spec.is_none() && crate::template::is_helper_sheet(&s.name) {
                continue; // the Instructions and Lists of a filled-in template
            }
            let hint = HeaderHint {
                row: spec.as_ref().and_then(|s| s.header_row),
                expected: spec
                    .as_ref()
                    .map(|s| s.columns.iter().map(|c| c.name.clone()).collect())
                    .unwrap_or_default(),
            };
            let name = spec
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_else(|| s.name.trim().to_string());
            let sheet_name = s.name.clone();
            let Some(table) = header::extract(s, &hint) else {
                if spec.is_some() {
                    problems.push(Problem::warning(
                        Place::sheet(&rel, &sheet_name),
                        "the sheet is empty",
                    ));
                }
                continue;
            };
            match groups.iter_mut().find(|(n, _, _)| fold(n) == fold(&name)) {
                Some(group) => group.2.push((rel.clone(), date1904, table)),
                None => groups.push((name, spec, vec![(rel.clone(), date1904, table)])),
            }
        }
    }

    crate::timing::lap("finding headers");

    // Declared sheets that no workbook has: most often a renamed tab.
    let undeclared: Vec<String> = groups
        .iter()
        .filter(|g| g.1.is_none())
        .map(|g| g.0.clone())
        .collect();
    for spec in &dictionary.sheets {
        if !groups.iter().any(|g| fold(&g.0) == fold(&spec.name)) {
            if all_sheets.iter().any(|s| fold(s) == fold(&spec.name)) {
                continue; // present but empty, reported above
            }
            problems.push(
                Problem::error(
                    Place::sheet(dictionary.file.clone().unwrap_or_default(), "Sheets"),
                    format!("the dictionary describes the sheet \"{}\", but no workbook has a sheet of that name", spec.name),
                )
                .maybe_hint(
                    suggest::hint(&spec.name, undeclared.iter().map(String::as_str))
                        .map(|h| format!("{h} (a renamed sheet tab?)")),
                ),
            );
        }
    }

    // The States list first: the other sheets are checked against it.
    let order = |g: &Group| match g.1.as_ref().map(|s| s.role) {
        Some(Role::States) => 0,
        Some(Role::Settings) => 1,
        _ => 2,
    };
    let mut indices: Vec<usize> = (0..groups.len()).collect();
    indices.sort_by_key(|i| order(&groups[*i]));

    let mut states = StateList::default();
    let mut settings = Settings::default();
    let mut tables: HashMap<usize, Arc<DataTable>> = HashMap::new();
    let declared_names: Vec<&str> = dictionary.sheets.iter().map(|s| s.name.as_str()).collect();
    let group_names: Vec<String> = groups.iter().map(|g| fold(&g.0)).collect();
    // Each group is consumed in turn: its sheets' values move into its table.
    let mut groups: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    for i in indices {
        let (name, spec, parts) = groups[i].take().expect("each group once");
        let (name, spec) = (&name, &spec);
        let check_states = (!states.is_empty()).then_some(&states);
        if spec.is_none() {
            let (rel, _, first) = &parts[0];
            let missing: Vec<&str> = declared_names
                .iter()
                .copied()
                .filter(|d| !group_names.contains(&fold(d)))
                .collect();
            if dictionary.file.is_some() {
                problems.push(
                    Problem::warning(
                        Place::sheet(rel, &first.sheet),
                        format!("the sheet \"{name}\" is not in the dictionary; its columns were loaded with the types found"),
                    )
                    .maybe_hint(suggest::hint(name, missing)),
                );
            }
        }
        let checked: Vec<PartTable> = parts
            .into_iter()
            .map(|(rel, date1904, t)| {
                validate::check_sheet(
                    &rel,
                    date1904,
                    t,
                    spec.as_ref(),
                    check_states,
                    &mut problems,
                )
            })
            .collect();
        let table = DataTable::merge(
            name,
            spec.as_ref().map(|s| s.description.as_str()).unwrap_or(""),
            spec.is_some(),
            checked,
        );
        if let Some(spec) = spec {
            validate::check_unique(&table, &spec.one_row_per, &mut problems);
            match spec.role {
                Role::States if states.is_empty() => {
                    if table.column_index("State").is_none() {
                        problems.push(Problem::error(
                            Place::sheet(&table.parts[0].workbook, &table.parts[0].sheet),
                            "the States list needs a column headed \"State\"",
                        ));
                    }
                    let checked = spec.one_row_per.iter().any(|k| fold(k) == "state");
                    states = StateList::from_table(&table, checked, &mut problems);
                }
                Role::Settings => settings = read_settings(&table),
                _ => {}
            }
        }
        tables.insert(i, Arc::new(table));
    }
    crate::timing::lap("checking cells");
    let mut ordered: Vec<(usize, Arc<DataTable>)> = tables.into_iter().collect();
    ordered.sort_by_key(|(i, _)| *i);
    Loaded {
        dataset: Dataset {
            tables: ordered.into_iter().map(|(_, t)| t).collect(),
            states,
            settings,
            inputs,
        },
        dictionary,
        problems,
    }
}

fn read_settings(table: &DataTable) -> Settings {
    let (Some(k), Some(v)) = (table.column_index("Setting"), table.column_index("Value")) else {
        return Settings::default();
    };
    Settings {
        entries: (0..table.len())
            .map(|r| (table.get(r, k).to_string(), table.get(r, v).clone()))
            .filter(|(k, _)| !k.trim().is_empty())
            .collect(),
    }
}

fn read_dictionary(rel: &str, raw: &RawWorkbook, problems: &mut Problems) -> Dictionary {
    let meta = dictionary::meta();
    let mut found: HashMap<String, DataTable> = HashMap::new();
    for spec in &meta.sheets {
        let Some(s) = raw
            .sheets
            .iter()
            .find(|s| fold(&s.name) == fold(&spec.name))
        else {
            if spec.name == "Columns" {
                problems.push(Problem::error(
                    Place::file(rel),
                    "the dictionary has no sheet named \"Columns\", so no column is checked",
                ));
            }
            continue;
        };
        let hint = HeaderHint {
            row: None,
            expected: spec.columns.iter().map(|c| c.name.clone()).collect(),
        };
        let Some(st) = header::extract(s.clone(), &hint) else {
            continue;
        };
        // The dictionary's optional columns may be left out without a warning: older
        // dictionaries have no Workbook column, small ones no Header row or Description.
        let mut spec = spec.clone();
        spec.columns
            .retain(|c| c.required || st.columns.iter().any(|h| fold(&h.name) == fold(&c.name)));
        let spec = &spec;
        let part = validate::check_sheet(rel, raw.date1904, st, Some(spec), None, problems);
        let table = DataTable::merge(&spec.name, "", true, vec![part]);
        validate::check_unique(&table, &spec.one_row_per, problems);
        found.insert(spec.name.clone(), table);
    }
    Dictionary::from_tables(rel, found.get("Sheets"), found.get("Columns"), problems)
}

/// Reads the files on as many threads as there are cores, biggest first; results keep the
/// files' order.
fn read_all(files: &[PathBuf], options: &LoadOptions) -> Vec<Result<RawWorkbook, String>> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(files.len())
        .max(1);
    // Biggest files first: the longest read starts at once instead of after the others.
    let mut order: Vec<usize> = (0..files.len()).collect();
    let size = |i: &usize| std::fs::metadata(&files[*i]).map(|m| m.len()).unwrap_or(0);
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let next = AtomicUsize::new(0);
    let progress = crate::progress::Progress::new("Reading workbooks", files.len());
    let results: Vec<Mutex<Option<Result<RawWorkbook, String>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let path = &files[i];
                    let result = read::read_workbook(path, &options.isolation, &options.limits);
                    if let Some(name) = path.file_name() {
                        progress.working_on(&name.to_string_lossy());
                    }
                    progress.step();
                    *results[i].lock().expect("no panics while holding") = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err("could not be read".to_string()))
        })
        .collect()
}
