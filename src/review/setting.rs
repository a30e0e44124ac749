//! The naming policy as the project sets it, in the Settings sheet:
//!
//! | Setting | Value |
//! |---|---|
//! | Report may name States | no |
//! | Allowed mentions of States | Beirut, Lebanon; Vientiane, Lao PDR |
//!
//! "Report may name States" is a yes/no value, read as a yes/no column is (yes, no, TRUE,
//! FALSE, y, n, 1, 0). `no` turns the check on. **A project whose Settings sheet has no such
//! row (or leaves its value empty) is not checked**: naming States is the project's choice
//! (an Ottawa Convention report named the States past their deadlines), so a project that has
//! not made it is not stopped, and projects made before the setting existed build as they did.
//! The default project says `no`. A value that is neither yes nor no is an error at its cell,
//! and is taken as `no`: whoever typed it meant to set the policy, and a name that reaches a
//! circulated report cannot be taken back.
//!
//! "Allowed mentions of States" lists phrases separated by semicolons (not commas: "Beirut,
//! Lebanon" is one phrase). A State named within one of them is not a problem.

use crate::check::convert::{convert, ColumnCheck};
use crate::check::dictionary::{ColumnType, Dictionary, Role};
use crate::model::table::Dataset;
use crate::model::value::Value;
use crate::problem::{Place, Problem, Problems};
use crate::text::suggest::fold_eq;

/// The setting that says whether the circulated report may name States.
pub const MAY_NAME_STATES: &str = "Report may name States";
/// The setting that lists the mentions allowed when it may not.
pub const ALLOWED_MENTIONS: &str = "Allowed mentions of States";

/// What the project's settings say about naming States.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Whether the circulated report may name States (the check is off).
    pub may_name_states: bool,
    /// Phrases that may be in the report although they name a State ("Beirut, Lebanon").
    pub allowed: Vec<String>,
}

/// Reads the policy from the settings; a value that is not yes or no is reported.
pub fn read(dataset: &Dataset, dictionary: &Dictionary, problems: &mut Problems) -> Policy {
    let settings = &dataset.settings;
    let may_name_states = match settings.get(MAY_NAME_STATES) {
        // Not set: the project has not chosen, and is not checked (see above).
        None => true,
        Some(raw) if raw.is_empty() => true,
        Some(raw) => match convert(
            raw,
            &ColumnCheck::new(&ColumnType::YesNo, false),
            None,
            false,
        ) {
            Ok((Value::Bool(yes), _)) => yes,
            // convert gives a yes/no column only true or false, or a problem.
            Ok(_) => false,
            Err(problem) => {
                problems.push(Problem::new(
                    place(MAY_NAME_STATES, dataset, dictionary),
                    *problem,
                ));
                false
            }
        },
    };
    let allowed = settings
        .text(ALLOWED_MENTIONS)
        .map(|list| {
            list.split([';', '\n'])
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Policy {
        may_name_states,
        allowed,
    }
}

/// Where a setting's value is: the Value cell of its row in the sheet with the Settings role
/// (the last such sheet, as the settings are read from it); else that sheet; else the
/// workbooks folder.
pub fn place(name: &str, dataset: &Dataset, dictionary: &Dictionary) -> Place {
    let sheet = dictionary
        .with_role(Role::Settings)
        .filter_map(|spec| dataset.table(&spec.name))
        .last();
    let Some(table) = sheet else {
        return Place::file("workbooks/");
    };
    let (Some(k), v) = (table.column_index("Setting"), table.column_index("Value")) else {
        return Place::file("workbooks/");
    };
    match (0..table.len()).find(|&r| fold_eq(&table.get(r, k).to_string(), name)) {
        Some(row) => table.location(row, v),
        None => match table.parts.first() {
            Some(part) => Place::sheet(&part.workbook, &part.sheet),
            None => Place::file("workbooks/"),
        },
    }
}
