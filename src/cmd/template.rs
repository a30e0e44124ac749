//! `actionplan template`: blank input workbooks from the dictionary, one per coordinator
//! workbook. Nothing is written over an existing file unless `--force` is given, and then
//! the old file is first copied into `backups/` beside it.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::check::dictionary::Role;
use crate::cli::TemplateArgs;
use crate::model::dates::Date;
use crate::pipeline;
use crate::problem::terminal::visible;
use crate::problem::Place;
use crate::project::Project;
use crate::template::{self, Plan};
use crate::text::grammar::list;
use crate::text::suggest::{self, fold};
use crate::write::Staged;

pub fn run(dir: &Path, args: &TemplateArgs) -> Result<i32> {
    let mut loaded = pipeline::open(dir)?;
    // The sections run as in `check`, so that the count of problems below is check's own.
    loaded.report(&crate::sections::Limits::default())?;
    let project = &loaded.project;
    let dictionary = &loaded.dictionary;
    let Some(dictionary_file) = dictionary.file.clone() else {
        bail!(
            "there is no dictionary workbook in {}/, so there is nothing to make templates from; \
             add workbooks/dictionary.xlsx (see docs/workbooks.md)",
            project.relative(&project.workbooks)
        );
    };
    // Problems in the dictionary change the templates; the others are for `check`.
    // A sheet that the dictionary describes but no workbook has yet is what templates are for.
    let not_yet = |p: &&crate::problem::Problem| {
        p.place.file_name() == dictionary_file && matches!(p.place, Place::Sheet { .. })
    };
    let mine: Vec<_> = loaded
        .problems
        .iter()
        .filter(|p| !not_yet(p) && p.place.file_name() == dictionary_file)
        .collect();
    for p in &mine {
        eprintln!("{}", p.for_terminal());
    }
    // In check's own words and count, so that the two never seem to disagree.
    if mine.len() < loaded.problems.len() {
        eprintln!(
            "(`actionplan check` finds {} in this project and lists them; the templates depend only on {}.)",
            loaded.problems.summary(),
            if mine.is_empty() {
                "the dictionary, which has none"
            } else {
                "the dictionary's, shown above"
            }
        );
    }

    // Where each sheet is now, when it is in exactly one workbook.
    let current = |sheet: &str| -> Option<String> {
        let table = loaded.dataset.table(sheet)?;
        let mut files: Vec<&str> = table.parts.iter().map(|p| p.workbook.as_str()).collect();
        files.dedup();
        match files.as_slice() {
            [one] => one.rsplit('/').next().map(str::to_string),
            _ => None,
        }
    };
    let mut plans = template::plan(dictionary, current);
    if plans.is_empty() {
        bail!("the dictionary {dictionary_file} describes no sheets, so there is nothing to make templates from");
    }
    if !args.workbooks.is_empty() {
        plans = choose(plans, &args.workbooks)?;
    }

    let out = args
        .out
        .clone()
        .unwrap_or_else(|| project.root.join("templates"));
    let shown = |p: &Path| show(project, p);

    // Refuse before writing anything.
    let mut existing = Vec::new();
    for plan in &plans {
        let target = out.join(&plan.file);
        if let Some(lock) = lock_file(&out, &plan.file) {
            bail!(
                "{} is open in a spreadsheet program (its lock file {} is present); close it and run again",
                shown(&target),
                lock
            );
        }
        if target.exists() {
            existing.push(target);
        }
    }
    if !existing.is_empty() && !args.force {
        let names: Vec<String> = existing.iter().map(|p| shown(p)).collect();
        eprintln!(
            "error: {} already {}; nothing was written",
            list(&names, "and"),
            if names.len() == 1 { "exists" } else { "exist" }
        );
        eprintln!(
            "  hint: to replace {}, run again with --force (a copy of {} is first kept in {}/), or write elsewhere with --out DIR",
            if names.len() == 1 { "it" } else { "them" },
            if names.len() == 1 { "it" } else { "each" },
            shown(&out.join("backups"))
        );
        return Ok(2);
    }
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create the folder {}", shown(&out)))?;

    let today = today();
    let states_file = dictionary.with_role(Role::States).next().and_then(|s| {
        loaded
            .dataset
            .table(&s.name)
            .and_then(|t| t.parts.first())
            .map(|p| p.workbook.clone())
    });
    let ctx = template::Context {
        states: &loaded.dataset.states,
        states_file,
        title: loaded.dataset.settings.text("Title"),
        dictionary_file: dictionary_file.clone(),
        today,
    };
    for plan in &plans {
        let target = out.join(&plan.file);
        if target.exists() {
            let backup = backup(&out, &plan.file, today)?;
            std::fs::copy(&target, &backup).with_context(|| {
                format!(
                    "cannot keep a copy of {} in {}",
                    shown(&target),
                    shown(&backup)
                )
            })?;
            eprintln!(
                "{}",
                visible(&format!(
                    "Kept the previous {} as {}.",
                    plan.file,
                    shown(&backup)
                ))
            );
        }
        let mut wb = template::workbook(plan, &ctx)
            .with_context(|| format!("cannot make the template {}", plan.file))?;
        Staged::write_with(&out, &plan.file, |w| {
            wb.save_to_writer(w)?;
            Ok(())
        })?
        .commit()?;
        let sheets: Vec<String> = plan.sheets.iter().map(|s| s.name.clone()).collect();
        // File and sheet names come from the dictionary's cells.
        eprintln!(
            "{}",
            visible(&format!(
                "Wrote {} ({}: {}).",
                shown(&target),
                if sheets.len() == 1 { "sheet" } else { "sheets" },
                list(&sheets, "and")
            ))
        );
    }
    eprintln!(
        "Each template starts with an Instructions sheet. Once filled in, a workbook goes into {}/.",
        project.relative(&project.workbooks)
    );
    Ok(0)
}

/// The plans the user named: "stockpiles.xlsx", "stockpiles" or "Stockpiles".
fn choose(plans: Vec<Plan>, wanted: &[String]) -> Result<Vec<Plan>> {
    let key = |s: &str| fold(s.strip_suffix(".xlsx").unwrap_or(s));
    for w in wanted {
        if !plans.iter().any(|p| key(&p.file) == key(w)) {
            let files: Vec<&str> = plans.iter().map(|p| p.file.as_str()).collect();
            let stems: Vec<&str> = files
                .iter()
                .map(|f| f.strip_suffix(".xlsx").unwrap_or(f))
                .collect();
            let hint = suggest::did_you_mean(w.strip_suffix(".xlsx").unwrap_or(w), stems)
                .map(|s| format!("did you mean \"{s}.xlsx\"?"))
                .unwrap_or_else(|| {
                    format!("the dictionary's workbooks are {}", list(&files, "and"))
                });
            bail!("the dictionary has no workbook called \"{w}\"; {hint}");
        }
    }
    Ok(plans
        .into_iter()
        .filter(|p| wanted.iter().any(|w| key(&p.file) == key(w)))
        .collect())
}

/// The lock file a spreadsheet program keeps beside a workbook it has open.
fn lock_file(dir: &Path, file: &str) -> Option<String> {
    [format!("~${file}"), format!(".~lock.{file}#")]
        .into_iter()
        .find(|l| dir.join(l).exists())
}

/// `backups/stockpiles backup 2025-11-27.xlsx`, numbered when that is taken.
fn backup(out: &Path, file: &str, today: Date) -> Result<PathBuf> {
    let dir = out.join("backups");
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, "xlsx"));
    let day = crate::model::dates::iso(today);
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem} backup {day}.{ext}")
        } else {
            format!("{stem} backup {day} ({n}).{ext}")
        };
        let path = dir.join(name);
        if !path.exists() {
            return Ok(path);
        }
        n += 1;
    }
}

fn today() -> Date {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
}

fn show(project: &Project, p: &Path) -> String {
    let rel = project.relative(p);
    if rel.starts_with('/') || rel.starts_with("..") {
        p.display().to_string()
    } else {
        rel
    }
}
