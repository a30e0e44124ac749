//! The data dictionary: which sheets exist and what each column holds, kept as a workbook
//! (`workbooks/dictionary.xlsx`) that secretariat staff edit like any other.
//!
//! Sheet "Sheets": Sheet, Role, Header row, One row per, Workbook, Description (Workbook optional:
//! the file that holds the sheet, used by `actionplan template`).
//! Sheet "Columns": Sheet, Column, Type, Required, Values, Description, Provenance. Required
//! tells "the column must be in the sheet" from "every row must have a value" ([`Required`]);
//! Provenance, on the row of a sheet's Source column, says which rows are an illustrative
//! sample ([`ProvenanceColumn`], model::provenance).
//! The dictionary is itself read and checked against [`meta`], its own description, by the
//! same stages as other sheets ([`read`]).

use std::collections::HashMap;

use crate::check::header::{self, HeaderHint};
use crate::check::inputs::Workbook;
use crate::check::{sheet, unique};
use crate::model::provenance::Rule;
use crate::model::table::{DataTable, Input};
use crate::problem::{DictionaryProblem, Place, Problem, Problems};
use crate::project::Project;
use crate::read::RawWorkbook;
use crate::text::suggest::{did_you_mean, fold};

#[derive(Clone, Debug, PartialEq)]
pub enum ColumnType {
    Text,
    Number,
    WholeNumber,
    Date,
    YesNo,
    /// One of a list of allowed values (in the dictionary's spelling).
    OneOf(Vec<String>),
    /// A State name from the master list (or one of its aliases).
    State,
    /// Whatever the cell holds, kept with its own type (a Value column of settings that
    /// mixes text, numbers and dates).
    Any,
}

impl ColumnType {
    /// The names a user may write in the Type column, first the one shown in messages.
    pub const NAMES: [&'static str; 8] = [
        "text",
        "number",
        "whole number",
        "date",
        "yes/no",
        "one of a list",
        "State",
        "any",
    ];

    /// Reads a type name, accepting common synonyms.
    pub fn parse(word: &str, values: &[String]) -> Option<ColumnType> {
        Some(match fold(word).as_str() {
            "text" | "free text" => ColumnType::Text,
            "number" | "decimal" | "amount" => ColumnType::Number,
            "whole number" | "integer" | "count" => ColumnType::WholeNumber,
            "date" => ColumnType::Date,
            "yes/no" | "yes or no" | "yes-no" | "boolean" => ColumnType::YesNo,
            "one of a list" | "one of list" | "list" | "choice" => {
                ColumnType::OneOf(values.to_vec())
            }
            "state" | "state name" | "state (from the states list)" => ColumnType::State,
            "any" | "as typed" | "mixed" => ColumnType::Any,
            _ => return None,
        })
    }

    /// "a date", "one of: plan, budget or implementation" — what a cell should hold.
    pub fn expected(&self) -> String {
        match self {
            ColumnType::Text => "text".to_string(),
            ColumnType::Number => "a number".to_string(),
            ColumnType::WholeNumber => "a whole number".to_string(),
            ColumnType::Date => "a date".to_string(),
            ColumnType::YesNo => "yes or no".to_string(),
            ColumnType::OneOf(values) => {
                let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
                format!("one of {}", crate::text::grammar::list(&quoted, "or"))
            }
            ColumnType::State => "a State name from the States list".to_string(),
            ColumnType::Any => "any value".to_string(),
        }
    }

    /// The word for the Type column ("one of a list").
    pub fn name(&self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Number => "number",
            ColumnType::WholeNumber => "whole number",
            ColumnType::Date => "date",
            ColumnType::YesNo => "yes/no",
            ColumnType::OneOf(_) => "one of a list",
            ColumnType::State => "State",
            ColumnType::Any => "any",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Data,
    /// The master list of States: columns State and (optionally) Aliases.
    States,
    /// Report settings: columns Setting, Value and (optionally) Type.
    Settings,
    /// The treaty's rules, typed: columns Rule, Value and Unit (check/rules.rs).
    Rules,
}

impl Role {
    pub const NAMES: [&'static str; 4] = ["data", "States list", "settings", "rules"];

    fn parse(word: &str) -> Option<Role> {
        Some(match fold(word).as_str() {
            "" | "data" => Role::Data,
            "states list" | "states" | "state list" | "master list" => Role::States,
            "settings" | "setting" => Role::Settings,
            "rules" | "rule" => Role::Rules,
            _ => return None,
        })
    }
}

/// What the Required column of the dictionary says of a column. A spreadsheet user writes
/// "yes", "column only", "no" (or leaves it empty), or a condition: "when Kind is annual".
#[derive(Clone, Debug, PartialEq)]
pub enum Required {
    /// The column may be missing from the sheet (a warning), and its cells empty.
    No,
    /// The column must be in the sheet (an error if not); its cells may be empty. For columns
    /// whose empty cells mean something ("Completed": not yet), so that a renamed header is
    /// not read as "every cell empty".
    Column,
    /// The column must be in the sheet and every row must have a value.
    Yes,
    /// The column must be in the sheet, and a row must have a value when the row's cell in
    /// `column` is one of `values` (compared as folded text).
    When { column: String, values: Vec<String> },
}

impl Required {
    /// The forms a user may write, as hints list them.
    pub const FORMS: [&'static str; 4] = [
        "yes",
        "column only",
        "no",
        "a condition such as \"when Kind is annual\"",
    ];

    /// Reads a Required cell; `None` for a word that is none of the forms. A yes/no cell
    /// (TRUE, x, 1) reads as it did before conditions existed.
    pub fn parse(cell: &str) -> Option<Required> {
        let folded = fold(cell);
        Some(match folded.as_str() {
            "" | "no" | "n" | "false" | "0" | "optional" => Required::No,
            "yes" | "y" | "true" | "x" | "1" | "required" | "every row" => Required::Yes,
            "column only" | "column" | "column required" | "header only" | "present" => {
                Required::Column
            }
            _ => return Required::condition(cell),
        })
    }

    /// "when Kind is annual", "when Kind is initial or annual", "When Kind is \"annual\"".
    fn condition(cell: &str) -> Option<Required> {
        let words: Vec<&str> = cell.split_whitespace().collect();
        if !words.first()?.eq_ignore_ascii_case("when") {
            return None;
        }
        let is = words.iter().position(|w| w.eq_ignore_ascii_case("is"))?;
        let column = words[1..is].join(" ");
        let rest = words[is + 1..].join(" ");
        let quotes: &[char] = &['"', '\'', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}'];
        let values: Vec<String> = rest
            .split(" or ")
            .flat_map(|v| v.split([',', ';']))
            .map(|v| v.trim().trim_matches(quotes).trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        let column = column.trim_matches(quotes).trim().to_string();
        if column.is_empty() || values.is_empty() {
            return None;
        }
        Some(Required::When { column, values })
    }

    /// Whether the column must be in the sheet.
    pub fn column(&self) -> bool {
        !matches!(self, Required::No)
    }

    /// Whether every row must have a value.
    pub fn every_row(&self) -> bool {
        matches!(self, Required::Yes)
    }

    /// As the Instructions sheet of a template shows it.
    pub fn describe(&self) -> String {
        match self {
            Required::No => "no".into(),
            Required::Column => "column only (cells may be empty)".into(),
            Required::Yes => "yes".into(),
            Required::When { column, values } => {
                let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
                format!(
                    "when {column} is {}",
                    crate::text::grammar::list(&quoted, "or")
                )
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSpec {
    pub name: String,
    pub ty: ColumnType,
    pub required: Required,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SheetSpec {
    pub name: String,
    pub role: Role,
    /// 1-based, when the header is not to be found automatically.
    pub header_row: Option<u32>,
    /// Columns that together identify a row ("State", or "State, Year").
    pub one_row_per: Vec<String>,
    /// The workbook file that holds the sheet ("stockpiles.xlsx"), when the dictionary says.
    pub workbook: Option<String>,
    pub description: String,
    pub columns: Vec<ColumnSpec>,
    /// The column that says where each row comes from, and what marks a row as an
    /// illustrative sample (the Provenance column of the Columns sheet).
    pub provenance: Option<ProvenanceColumn>,
}

/// A sheet's provenance column, as the Provenance cell of its row in the Columns sheet
/// declares it: `illustrative when it contains "illustrative"` (model::provenance).
#[derive(Clone, Debug, PartialEq)]
pub struct ProvenanceColumn {
    pub column: String,
    pub rule: Rule,
}

impl SheetSpec {
    pub fn new(name: &str, role: Role) -> SheetSpec {
        SheetSpec {
            name: name.to_string(),
            role,
            header_row: None,
            one_row_per: Vec::new(),
            workbook: None,
            description: String::new(),
            columns: Vec::new(),
            provenance: None,
        }
    }

    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        let name = fold(name);
        self.columns.iter().find(|c| fold(&c.name) == name)
    }

    /// The file name of the workbook that holds the sheet: the dictionary's Workbook column
    /// ("stockpiles" or "stockpiles.xlsx" → "stockpiles.xlsx"), or else one named after the
    /// sheet ("Reported steps" → "reported-steps.xlsx").
    pub fn workbook_file(&self) -> String {
        match self
            .workbook
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            Some(w) => {
                let name = w.rsplit(['/', '\\']).next().unwrap_or(w);
                let lower = name.to_ascii_lowercase();
                if lower.ends_with(".xlsx") {
                    name.to_string()
                } else {
                    match name.rsplit_once('.') {
                        Some((stem, ext))
                            if crate::project::WORKBOOK_EXTENSIONS
                                .contains(&ext.to_ascii_lowercase().as_str()) =>
                        {
                            format!("{stem}.xlsx")
                        }
                        _ => format!("{name}.xlsx"),
                    }
                }
            }
            None => format!("{}.xlsx", file_stem(&self.name)),
        }
    }
}

/// "Reported steps" → "reported-steps": lower case, letters and digits, words joined by hyphens.
fn file_stem(name: &str) -> String {
    let words: Vec<String> = fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        "sheet".to_string()
    } else {
        words.join("-")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary {
    /// The workbook it was read from.
    pub file: Option<String>,
    pub sheets: Vec<SheetSpec>,
}

impl Dictionary {
    pub fn sheet(&self, name: &str) -> Option<&SheetSpec> {
        let name = fold(name);
        self.sheets.iter().find(|s| fold(&s.name) == name)
    }

    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &SheetSpec> {
        self.sheets.iter().filter(move |s| s.role == role)
    }

    /// Reads the dictionary from its checked "Sheets" and "Columns" tables.
    pub fn from_tables(
        file: &str,
        sheets: Option<&DataTable>,
        columns: Option<&DataTable>,
        problems: &mut Problems,
    ) -> Dictionary {
        let mut dict = Dictionary {
            file: Some(file.to_string()),
            sheets: Vec::new(),
        };
        let text = |t: &DataTable, row: usize, col: &str| -> String {
            t.column_index(col)
                .map(|c| t.get(row, c).to_string().trim().to_string())
                .unwrap_or_default()
        };
        if let Some(t) = sheets {
            for row in 0..t.len() {
                let name = text(t, row, "Sheet");
                if name.is_empty() {
                    continue;
                }
                let role_word = text(t, row, "Role");
                let role = Role::parse(&role_word).unwrap_or_else(|| {
                    let problem = DictionaryProblem::UnknownRole {
                        suggestion: did_you_mean(&role_word, Role::NAMES).map(Into::into),
                        word: role_word,
                    };
                    problems.push(Problem::new(
                        t.location(row, t.column_index("Role")),
                        problem,
                    ));
                    Role::Data
                });
                if dict.sheet(&name).is_some() {
                    let problem = DictionaryProblem::SheetTwice { sheet: name };
                    problems.push(Problem::new(
                        t.location(row, t.column_index("Sheet")),
                        problem,
                    ));
                    continue;
                }
                let mut spec = SheetSpec::new(&name, role);
                spec.description = text(t, row, "Description");
                spec.header_row = t
                    .column_index("Header row")
                    .and_then(|c| t.get(row, c).as_number())
                    .map(|n| n as u32)
                    .filter(|n| *n >= 1);
                spec.one_row_per = split_list(&text(t, row, "One row per"));
                spec.workbook = Some(text(t, row, "Workbook")).filter(|w| !w.is_empty());
                dict.sheets.push(spec);
            }
        }
        // The conditions of Required, checked once every column is known: (sheet, column,
        // place of the Required cell).
        let mut conditions: Vec<(String, String, Place)> = Vec::new();
        if let Some(t) = columns {
            for row in 0..t.len() {
                let sheet = text(t, row, "Sheet");
                let name = text(t, row, "Column");
                if sheet.is_empty() || name.is_empty() {
                    continue;
                }
                let values = split_list(&text(t, row, "Values"));
                let type_word = text(t, row, "Type");
                let Some(ty) = ColumnType::parse(&type_word, &values) else {
                    let problem = DictionaryProblem::UnknownType {
                        suggestion: did_you_mean(&type_word, ColumnType::NAMES).map(Into::into),
                        word: type_word,
                    };
                    problems.push(Problem::new(
                        t.location(row, t.column_index("Type")),
                        problem,
                    ));
                    continue;
                };
                if matches!(&ty, ColumnType::OneOf(v) if v.is_empty()) {
                    let problem = DictionaryProblem::NoValues { column: name };
                    problems.push(Problem::new(
                        t.location(row, t.column_index("Values")),
                        problem,
                    ));
                    continue;
                }
                let required_at = t.location(row, t.column_index("Required"));
                let required_word = text(t, row, "Required");
                let mut required = Required::parse(&required_word).unwrap_or_else(|| {
                    let problem = DictionaryProblem::UnknownRequired {
                        word: required_word,
                    };
                    problems.push(Problem::new(required_at.clone(), problem));
                    Required::No
                });
                if matches!(required, Required::When { .. }) {
                    conditions.push((sheet.clone(), name.clone(), required_at));
                }
                if dict.sheet(&sheet).is_none() {
                    dict.sheets.push(SheetSpec::new(&sheet, Role::Data));
                }
                let spec = dict
                    .sheets
                    .iter_mut()
                    .find(|s| fold(&s.name) == fold(&sheet))
                    .expect("just added");
                if spec.column(&name).is_some() {
                    let problem = DictionaryProblem::ColumnTwice {
                        column: name,
                        sheet,
                    };
                    problems.push(Problem::new(
                        t.location(row, t.column_index("Column")),
                        problem,
                    ));
                    continue;
                }
                let provenance_word = text(t, row, "Provenance");
                if !provenance_word.is_empty() {
                    let at = t.location(row, t.column_index("Provenance"));
                    let declared = provenance(spec, &name, &ty, &provenance_word, at, problems);
                    if declared && required == Required::No {
                        // A renamed Source header must not read as "no row is illustrative".
                        required = Required::Column;
                    }
                }
                spec.columns.push(ColumnSpec {
                    name,
                    ty,
                    required,
                    description: text(t, row, "Description"),
                });
            }
        }
        for (sheet, column, at) in conditions {
            check_condition(&mut dict, &sheet, &column, at, problems);
        }
        for spec in &dict.sheets {
            for key in &spec.one_row_per {
                if spec.column(key).is_none() && !spec.columns.is_empty() {
                    let at = sheets
                        .and_then(|t| {
                            (0..t.len())
                                .find(|r| fold(&text(t, *r, "Sheet")) == fold(&spec.name))
                                .map(|r| (t, r))
                        })
                        .map(|(t, r)| t.location(r, t.column_index("One row per")))
                        .unwrap_or_else(|| Place::file(file));
                    let columns = spec.columns.iter().map(|c| c.name.as_str());
                    let problem = DictionaryProblem::KeyNotAColumn {
                        key: key.clone(),
                        sheet: spec.name.clone(),
                        suggestion: did_you_mean(key, columns).map(Into::into),
                    };
                    problems.push(Problem::new(at, problem));
                }
            }
        }
        dict
    }
}

/// Reads the Provenance cell of the column `column` of `spec` into the sheet's provenance;
/// false when the sheet has one already (reported, and this one ignored). A rule that cannot
/// be read is reported at its cell and makes every row of the sheet count as illustrative, on
/// the safe side, until it is corrected.
fn provenance(
    spec: &mut SheetSpec,
    column: &str,
    ty: &ColumnType,
    cell: &str,
    at: Place,
    problems: &mut Problems,
) -> bool {
    if let Some(first) = &spec.provenance {
        let problem = DictionaryProblem::ProvenanceTwice {
            sheet: spec.name.clone(),
            column: column.to_string(),
            first: first.column.clone(),
        };
        problems.push(Problem::new(at, problem));
        return false;
    }
    let rule = match (Rule::parse(cell, column), ty) {
        (None, _) => {
            let problem = DictionaryProblem::UnknownProvenance {
                word: cell.to_string(),
                sheet: spec.name.clone(),
            };
            problems.push(Problem::new(at, problem));
            Rule::Unreadable
        }
        (Some(Rule::Is(values)), ColumnType::OneOf(allowed)) => {
            let mut spelt = Vec::new();
            let mut wrong = None;
            for v in &values {
                match allowed.iter().find(|a| fold(a) == fold(v)) {
                    Some(a) => spelt.push(a.clone()),
                    None => {
                        wrong.get_or_insert(DictionaryProblem::ProvenanceNotInList {
                            column: column.to_string(),
                            value: v.clone(),
                            sheet: spec.name.clone(),
                            suggestion: did_you_mean(v, allowed.iter().map(String::as_str))
                                .map(Into::into),
                        });
                    }
                }
            }
            match wrong {
                Some(problem) => {
                    problems.push(Problem::new(at, problem));
                    Rule::Unreadable
                }
                None => Rule::Is(spelt),
            }
        }
        (Some(rule), _) => rule,
    };
    spec.provenance = Some(ProvenanceColumn {
        column: column.to_string(),
        rule,
    });
    true
}

/// Checks the condition of a column "Required when ...": the column it names must be a column
/// of the sheet, and for a list, the values must be in the list (spelt as there). A condition
/// that is wrong is reported and the column is then only required to be present.
fn check_condition(
    dict: &mut Dictionary,
    sheet: &str,
    column: &str,
    at: Place,
    problems: &mut Problems,
) {
    let Some(spec) = dict
        .sheets
        .iter_mut()
        .find(|s| fold(&s.name) == fold(sheet))
    else {
        return;
    };
    let Some(i) = spec
        .columns
        .iter()
        .position(|c| fold(&c.name) == fold(column))
    else {
        return; // described twice: the second row was ignored
    };
    let Required::When {
        column: other,
        values,
    } = spec.columns[i].required.clone()
    else {
        return;
    };
    let problem: Option<DictionaryProblem> = match spec.column(&other) {
        None => Some(DictionaryProblem::ConditionNotAColumn {
            suggestion: did_you_mean(&other, spec.columns.iter().map(|c| c.name.as_str()))
                .map(Into::into),
            column: other,
            sheet: spec.name.clone(),
        }),
        Some(ColumnSpec {
            name,
            ty: ColumnType::OneOf(allowed),
            ..
        }) => {
            let mut spelt = Vec::new();
            let mut wrong = None;
            for v in &values {
                match allowed.iter().find(|a| fold(a) == fold(v)) {
                    Some(a) => spelt.push(a.clone()),
                    None => {
                        wrong.get_or_insert(DictionaryProblem::ConditionNotInList {
                            column: name.clone(),
                            value: v.clone(),
                            suggestion: did_you_mean(v, allowed.iter().map(String::as_str))
                                .map(Into::into),
                        });
                    }
                }
            }
            if wrong.is_none() {
                let name = name.clone();
                spec.columns[i].required = Required::When {
                    column: name,
                    values: spelt,
                };
            }
            wrong
        }
        Some(c) => {
            let name = c.name.clone();
            spec.columns[i].required = Required::When {
                column: name,
                values,
            };
            None
        }
    };
    if let Some(problem) = problem {
        spec.columns[i].required = Required::Column;
        problems.push(Problem::new(at, problem));
    }
}

/// Takes the dictionary workbook (`dictionary.xlsx`, or another format of that name) out
/// of the workbooks and reads it. Without one, the dictionary is empty and every sheet is
/// loaded as found: a warning says so, unless the dictionary is there but could not be read.
pub fn take(
    project: &Project,
    mut workbooks: Vec<Workbook>,
    inputs: &[Input],
    problems: &mut Problems,
) -> (Dictionary, Vec<Workbook>) {
    let is_dictionary = |file: &str| {
        let name = file.rsplit('/').next().unwrap_or("");
        fold(name.split('.').next().unwrap_or("")) == "dictionary"
    };
    if let Some(at) = workbooks.iter().position(|w| is_dictionary(&w.file)) {
        let dictionary = workbooks.remove(at);
        return (read(&dictionary.file, &dictionary.raw, problems), workbooks);
    }
    let unreadable = inputs
        .iter()
        .any(|i| !i.read && i.path.to_lowercase().contains("dictionary"));
    if !unreadable {
        let folder = Place::file(format!("{}/", project.relative(&project.workbooks)));
        problems.push(Problem::new(folder, DictionaryProblem::Missing));
    }
    (Dictionary::default(), workbooks)
}

/// Reads the dictionary workbook `file`: its sheets are found, checked and merged by the
/// same stages as other sheets, against [`meta`].
pub fn read(file: &str, raw: &RawWorkbook, problems: &mut Problems) -> Dictionary {
    let meta = meta();
    let mut found: HashMap<String, DataTable> = HashMap::new();
    for spec in &meta.sheets {
        let Some(s) = raw
            .sheets
            .iter()
            .find(|s| fold(&s.name) == fold(&spec.name))
        else {
            if spec.name == "Columns" {
                let problem = DictionaryProblem::NoColumnsSheet;
                problems.push(Problem::new(Place::file(file), problem));
            }
            continue;
        };
        let hint = HeaderHint::from_spec(Some(spec));
        let Some(headered) = header::find(file, raw.date1904, s.clone(), &hint) else {
            continue;
        };
        // The dictionary's optional columns may be left out without a warning: older
        // dictionaries have no Workbook column, small ones no Header row or Description.
        let mut spec = spec.clone();
        spec.columns
            .retain(|c| c.required.column() || headered.column(&c.name).is_some());
        let checked = sheet::check(headered, Some(&spec), None, problems);
        let table = DataTable::merge(&spec.name, "", true, vec![checked]);
        // A repeated row stays: "described twice" below says that the first one is used.
        let filled = ["Sheet".to_string()];
        unique::check(&table, &spec.one_row_per, &filled, problems);
        found.insert(spec.name.clone(), table);
    }
    Dictionary::from_tables(file, found.get("Sheets"), found.get("Columns"), problems)
}

/// "plan; budget; implementation" → ["plan", "budget", "implementation"]. Semicolons, commas
/// or line breaks separate items.
pub fn split_list(s: &str) -> Vec<String> {
    let sep = if s.contains(';') || s.contains('\n') {
        &[';', '\n'][..]
    } else {
        &[','][..]
    };
    s.split(sep)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The dictionary's own two sheets, described the way it describes others.
pub fn meta() -> Dictionary {
    let col = |name: &str, ty: ColumnType, required: bool, description: &str| ColumnSpec {
        name: name.to_string(),
        ty,
        required: if required {
            Required::Yes
        } else {
            Required::No
        },
        description: description.to_string(),
    };
    let mut sheets = SheetSpec::new("Sheets", Role::Data);
    sheets.one_row_per = vec!["Sheet".into()];
    sheets.columns = vec![
        col(
            "Sheet",
            ColumnType::Text,
            true,
            "Name of the sheet, as on its tab",
        ),
        col(
            "Role",
            ColumnType::Text,
            false,
            "data (the default), States list, settings or rules",
        ),
        col(
            "Header row",
            ColumnType::WholeNumber,
            false,
            "Row of the header, when it should not be found automatically",
        ),
        col(
            "One row per",
            ColumnType::Text,
            false,
            "Columns that identify a row, e.g. State, or State; Year",
        ),
        col(
            "Workbook",
            ColumnType::Text,
            false,
            "The workbook that holds the sheet, e.g. stockpiles.xlsx; `actionplan template` writes the sheet into it (without it: a workbook named after the sheet)",
        ),
        col(
            "Description",
            ColumnType::Text,
            false,
            "What the sheet records",
        ),
    ];
    let mut columns = SheetSpec::new("Columns", Role::Data);
    columns.columns = vec![
        col(
            "Sheet",
            ColumnType::Text,
            true,
            "Sheet the column belongs to",
        ),
        col(
            "Column",
            ColumnType::Text,
            true,
            "Header of the column, as typed in the sheet",
        ),
        col(
            "Type",
            ColumnType::Text,
            true,
            "text, number, whole number, date, yes/no, one of a list, State, or any (kept as typed)",
        ),
        col(
            "Required",
            ColumnType::Text,
            false,
            "yes: every row must have a value; column only: the column must be there, its cells may be empty; no (or empty): the column may be left out; or a condition, e.g. when Kind is annual",
        ),
        col(
            "Values",
            ColumnType::Text,
            false,
            "For \"one of a list\": the allowed values, separated by semicolons",
        ),
        col(
            "Description",
            ColumnType::Text,
            false,
            "What the column means; shown as help in templates",
        ),
        col(
            "Provenance",
            ColumnType::Text,
            false,
            "For the column that says where each row comes from (a Source column): which rows are an illustrative sample rather than official records, e.g. illustrative when it contains \"illustrative\"",
        ),
    ];
    Dictionary {
        file: None,
        sheets: vec![sheets, columns],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Value;

    #[test]
    fn parses_types_and_lists() {
        assert_eq!(
            ColumnType::parse("Whole number", &[]),
            Some(ColumnType::WholeNumber)
        );
        assert_eq!(
            ColumnType::parse("State name", &[]),
            Some(ColumnType::State)
        );
        assert_eq!(ColumnType::parse("nonsense", &[]), None);
        assert_eq!(
            split_list("plan; budget;implementation"),
            ["plan", "budget", "implementation"]
        );
        assert_eq!(split_list("State, Year"), ["State", "Year"]);
        assert_eq!(
            ColumnType::OneOf(vec!["plan".into(), "budget".into()]).expected(),
            "one of \"plan\" or \"budget\""
        );
    }

    #[test]
    fn workbook_file_from_the_workbook_column_or_the_sheet_name() {
        let mut spec = SheetSpec::new("Reported steps", Role::Data);
        assert_eq!(spec.workbook_file(), "reported-steps.xlsx");
        spec.workbook = Some("stockpiles".into());
        assert_eq!(spec.workbook_file(), "stockpiles.xlsx");
        spec.workbook = Some("Stockpiles.XLSX".into());
        assert_eq!(spec.workbook_file(), "Stockpiles.XLSX");
        spec.workbook = Some("old/stockpiles.xls".into());
        assert_eq!(spec.workbook_file(), "stockpiles.xlsx");
        assert_eq!(
            SheetSpec::new("Côte / notes", Role::Data).workbook_file(),
            "cote-notes.xlsx"
        );
    }

    use crate::check::testing::{project, sheet, shown, t};

    #[test]
    fn without_a_dictionary_every_sheet_is_loaded_as_found() {
        let p = project();
        let workbooks = vec![Workbook {
            file: "workbooks/states.xlsx".into(),
            raw: RawWorkbook::default(),
        }];
        let mut problems = Problems::new();
        let (dictionary, workbooks) = take(&p, workbooks, &[], &mut problems);
        assert_eq!((dictionary, workbooks.len()), (Dictionary::default(), 1));
        assert_eq!(
            shown(&problems),
            ["warning: workbooks/: there is no dictionary workbook, so no column is checked; every sheet was loaded with the types found\n  hint: add workbooks/dictionary.xlsx (`actionplan init` shows its layout)"]
        );
        // A dictionary that could not be read is reported as such, not as missing.
        let unread = Input {
            path: "workbooks/Dictionary.xlsx".into(),
            sheets: Vec::new(),
            read: false,
        };
        let mut problems = Problems::new();
        take(&p, Vec::new(), &[unread], &mut problems);
        assert!(problems.is_empty());
    }

    #[test]
    fn the_dictionary_is_taken_out_and_checked_against_its_own_description() {
        let sheets = sheet(
            "Sheets",
            vec![
                vec![t("Sheet"), t("Role"), t("One row per")],
                vec![t("States"), t("statelist"), Value::Empty],
                vec![t("Reports"), t("data"), t("State; Yeer")],
                vec![t("reports"), t("data"), Value::Empty],
            ],
        );
        let columns = sheet(
            "Columns",
            vec![
                vec![t("Sheet"), t("Column"), t("Type"), t("Values")],
                vec![t("Reports"), t("State"), t("State")],
                vec![t("Reports"), t("Year"), t("whole number")],
                vec![t("Reports"), t("Kind"), t("one of a list")],
                vec![t("Reports"), t("state"), t("text")],
            ],
        );
        let workbooks = vec![
            Workbook {
                file: "workbooks/reports.xlsx".into(),
                raw: RawWorkbook::default(),
            },
            Workbook {
                file: "workbooks/Dictionary.xlsx".into(),
                raw: RawWorkbook {
                    sheets: vec![sheets, columns],
                    ..RawWorkbook::default()
                },
            },
        ];
        let mut problems = Problems::new();
        let (dictionary, workbooks) = take(&project(), workbooks, &[], &mut problems);
        assert_eq!(workbooks.len(), 1);
        assert_eq!(
            dictionary.file.as_deref(),
            Some("workbooks/Dictionary.xlsx")
        );
        let reports = dictionary.sheet("REPORTS").unwrap();
        let columns: Vec<&str> = reports.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(columns, ["State", "Year"]);
        assert_eq!(dictionary.sheet("States").unwrap().role, Role::Data);
        let at = "error: workbooks/Dictionary.xlsx, sheet";
        assert_eq!(
            shown(&problems),
            [
                format!("{at} Sheets, cell A4: \"reports\" appears twice (also in A3); this sheet has one row per Sheet, so this row was left out\n  hint: keep one row and delete or merge the other"),
                format!("{at} Sheets, cell B2: unknown role \"statelist\"\n  hint: did you mean \"States list\"?"),
                format!("{at} Sheets, cell A4: the sheet \"reports\" is described twice"),
                format!("{at} Columns, cell D4: column \"Kind\" is \"one of a list\" but no values are given\n  hint: list the allowed values in the Values column, separated by semicolons: plan; budget; implementation"),
                format!("{at} Columns, cell B5: column \"state\" of sheet \"Reports\" is described twice"),
                format!("{at} Sheets, cell C3: \"One row per\" names the column \"Yeer\", which sheet \"Reports\" does not have\n  hint: did you mean \"Year\"?"),
            ]
        );
        // Without a Columns sheet no column is checked.
        let mut problems = Problems::new();
        let raw = RawWorkbook::default();
        let dictionary = read("workbooks/dictionary.xlsx", &raw, &mut problems);
        assert!(dictionary.sheets.is_empty());
        assert_eq!(
            shown(&problems),
            ["error: workbooks/dictionary.xlsx: the dictionary has no sheet named \"Columns\", so no column is checked"]
        );
    }

    #[test]
    fn provenance_is_declared_on_a_column_and_its_mistakes_are_reported_at_their_cell() {
        let columns = sheet(
            "Columns",
            vec![
                vec![
                    t("Sheet"),
                    t("Column"),
                    t("Type"),
                    t("Required"),
                    t("Values"),
                    t("Description"),
                    t("Provenance"),
                ],
                vec![t("Steps"), t("State"), t("text")],
                vec![
                    t("Steps"),
                    t("Source"),
                    t("text"),
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    t("illustrative when it contains \"Illustrative\""),
                ],
                vec![
                    t("Steps"),
                    t("Note"),
                    t("text"),
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    t("illustrative when it contains \"sample\""),
                ],
                vec![
                    t("Casualties"),
                    t("Status"),
                    t("one of a list"),
                    t("yes"),
                    t("official; estimate; illustrative"),
                    Value::Empty,
                    t("illustrative when it is estimat or illustrative"),
                ],
                vec![
                    t("Stockpiles"),
                    t("Source"),
                    t("text"),
                    t("no"),
                    Value::Empty,
                    Value::Empty,
                    t("yes"),
                ],
                vec![
                    t("Retention"),
                    t("Status"),
                    t("one of a list"),
                    Value::Empty,
                    t("official; Estimate"),
                    Value::Empty,
                    t("illustrative when it is estimate"),
                ],
            ],
        );
        let raw = RawWorkbook {
            sheets: vec![columns],
            ..RawWorkbook::default()
        };
        let mut problems = Problems::new();
        let dictionary = read("workbooks/dictionary.xlsx", &raw, &mut problems);
        let declared = |sheet: &str| dictionary.sheet(sheet).unwrap().provenance.clone();
        let source = ProvenanceColumn {
            column: "Source".into(),
            rule: Rule::Contains(vec!["Illustrative".into()]),
        };
        assert_eq!(declared("Steps"), Some(source));
        // A value of a list is spelt as the list spells it.
        assert_eq!(
            declared("Retention").unwrap().rule,
            Rule::Is(vec!["Estimate".into()])
        );
        // A rule that cannot be read makes every row illustrative, and the column required.
        assert_eq!(declared("Casualties").unwrap().rule, Rule::Unreadable);
        assert_eq!(declared("Stockpiles").unwrap().rule, Rule::Unreadable);
        let required = |sheet: &str, column: &str| {
            dictionary
                .sheet(sheet)
                .unwrap()
                .column(column)
                .unwrap()
                .required
                .clone()
        };
        assert_eq!(required("Stockpiles", "Source"), Required::Column);
        assert_eq!(required("Retention", "Status"), Required::Column);
        assert_eq!(required("Steps", "Note"), Required::No);
        let at = "error: workbooks/dictionary.xlsx, sheet Columns, cell";
        assert_eq!(
            shown(&problems),
            [
                format!("{at} G4: sheet \"Steps\" already has a Provenance rule, on column \"Source\"; the rule on \"Note\" is ignored\n  hint: keep the rule on the one column that says where each row comes from"),
                format!("{at} G5: the Provenance rule names the value \"estimat\", which is not one of the values of \"Status\"; until it is corrected, every row of sheet \"Casualties\" counts as illustrative\n  hint: did you mean \"estimate\"?"),
                format!("{at} G6: unknown Provenance rule \"yes\"; until it is corrected, every row of sheet \"Stockpiles\" counts as illustrative\n  hint: write illustrative when it contains \"illustrative\", or illustrative when it is \"estimate\" or \"illustrative\" (for a column of type one of a list)"),
            ]
        );
    }
}
