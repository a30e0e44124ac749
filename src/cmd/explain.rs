//! `actionplan explain FIGURE`: where a figure of the report comes from. Runs the same
//! reading and sections as `build`, writes nothing, and prints the figure's value, label,
//! the plugin line that made it, and every row behind it with its workbook, sheet and row.

use std::path::Path;

use anyhow::Result;

use crate::cli::ExplainArgs;
use crate::model::report::{Figure, Outcome, Record, Section};
use crate::model::table::Dataset;
use crate::pipeline;
use crate::text::grammar::{count, list};
use crate::text::suggest::{self, fold};

pub fn run(dir: &Path, args: &ExplainArgs) -> Result<i32> {
    let mut checked = pipeline::open(dir)?;
    let report = checked.report(&args.limits.limits())?;
    let (sections, dataset, problems) = (&report.sections, &checked.dataset, &checked.problems);

    let figures: Vec<(&Section, &Figure)> = sections
        .iter()
        .filter_map(|s| s.content().map(|c| (s, c)))
        .flat_map(|(s, c)| c.figures.iter().map(move |f| (s, f)))
        .collect();
    let wanted = args.figure.trim();
    let found = find(&figures, wanted);
    let status = match found.as_slice() {
        [(section, figure)] => {
            print!("{}", explain(section, figure, dataset));
            if problems.has_errors() {
                eprintln!(
                    "Note: reading the workbooks and running the sections found {}; a cell with an error \
                     counts as empty, which can change a figure. `actionplan check` lists them.",
                    count(problems.errors() as i64, "error")
                );
            }
            0
        }
        [] => {
            not_found(wanted, &figures, sections);
            2
        }
        several => {
            let names: Vec<String> = several.iter().map(|(s, f)| qualified(s, f)).collect();
            eprintln!(
                "error: {} sections have a figure called \"{wanted}\": {}",
                crate::text::grammar::number(several.len() as f64),
                list(&names, "and")
            );
            eprintln!(
                "  hint: name one with its section number, e.g. actionplan explain {}",
                names[0]
            );
            2
        }
    };
    Ok(status)
}

/// "4.parties_at_1msp".
fn qualified(section: &Section, figure: &Figure) -> String {
    match section.number {
        Some(n) => format!("{n}.{}", figure.name),
        None => figure.name.clone(),
    }
}

/// The figures a name stands for: "4.parties_at_1msp" (section 4 only) or "parties_at_1msp"
/// (any section); case does not matter.
fn find<'a>(figures: &[(&'a Section, &'a Figure)], wanted: &str) -> Vec<(&'a Section, &'a Figure)> {
    let (number, name) = match wanted.split_once('.') {
        Some((n, rest)) if n.trim().parse::<i64>().is_ok() => {
            (n.trim().parse::<i64>().ok(), rest.trim())
        }
        _ => (None, wanted),
    };
    figures
        .iter()
        .filter(|(s, f)| fold(&f.name) == fold(name) && number.is_none_or(|n| s.number == Some(n)))
        .copied()
        .collect()
}

fn not_found(wanted: &str, figures: &[(&Section, &Figure)], sections: &[Section]) {
    eprintln!("error: the report has no figure called \"{wanted}\"");
    let names: Vec<String> = figures.iter().map(|(s, f)| qualified(s, f)).collect();
    let bare = wanted
        .split_once('.')
        .map(|(_, rest)| rest)
        .unwrap_or(wanted);
    let close = suggest::did_you_mean(wanted, names.iter().map(String::as_str)).or_else(|| {
        let name = suggest::did_you_mean(bare, figures.iter().map(|(_, f)| f.name.as_str()))?;
        let i = figures.iter().position(|(_, f)| f.name == name)?;
        Some(names[i].as_str())
    });
    match close {
        Some(name) => eprintln!("  hint: did you mean \"{name}\"?"),
        None if names.is_empty() => {}
        None if names.len() <= 40 => eprintln!("  hint: the figures are {}", list(&names, "and")),
        None => eprintln!(
            "  hint: the Summary sheet of out/consolidated.xlsx lists all {} figures",
            names.len()
        ),
    }
    for s in sections {
        if let Outcome::Failed(reason) = &s.outcome {
            eprintln!(
                "  note: {} was not produced, so its figures are missing: {reason}",
                s.heading().in_sentence()
            );
        }
    }
}

/// The text printed for a figure.
pub fn explain(section: &Section, figure: &Figure, dataset: &Dataset) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Figure {} ({})\n",
        qualified(section, figure),
        section.heading().aside()
    ));
    out.push_str(&format!("  Value:  {}\n", figure.value.grouped()));
    out.push_str(&format!("  Label:  {}\n", figure.label));
    if let Some(d) = figure.as_of {
        out.push_str(&format!("  As of:  {}\n", crate::model::dates::long(d)));
    }
    let file = figure.file.as_deref().unwrap_or(&section.file);
    let rule = match figure.line {
        Some(line) => format!("{file}, line {line}"),
        None => file.to_string(),
    };
    out.push_str(&format!("  Rule:   {rule}\n\n"));
    if figure.rows.is_empty() {
        out.push_str(
            "The plugin gave no rows for this figure (it is worked out from other figures or settings); \
             read the rule above.\n",
        );
        return out;
    }
    let rows = figure.rows.len() as i64;
    out.push_str(&format!(
        "{} behind it:\n",
        if rows == 1 {
            "The one row".to_string()
        } else {
            format!("The {} rows", crate::text::grammar::group_thousands(rows))
        }
    ));
    for r in &figure.rows {
        let Some(table) = dataset.table(&r.table) else {
            out.push_str(&format!(
                "  a row of the sheet {} (no longer loaded)\n",
                r.table
            ));
            continue;
        };
        let Some(record) = Record::new(table, r.row) else {
            continue;
        };
        out.push_str(&format!("  {}: {record}\n", record.place()));
    }
    out
}
