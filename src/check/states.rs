//! The master list of States: every State name anywhere else must be one of these, or one of
//! their aliases ("Lao PDR"), and is stored under the master spelling.

use std::collections::HashMap;
use std::sync::Arc;

use crate::check::dictionary::SheetSpec;
use crate::model::table::DataTable;
use crate::problem::{Place, Problem, Problems, SheetProblem};
use crate::text::suggest::{self, fold};

/// Reads the States list from the table of the sheet with the States role (`spec`). It
/// needs a State column; repeated names are reported here unless the dictionary already
/// checks the sheet for one row per State.
pub fn read(table: &DataTable, spec: Option<&SheetSpec>, problems: &mut Problems) -> StateList {
    if table.column_index("State").is_none() {
        let first = &table.parts[0];
        let place = Place::sheet(&first.workbook, &first.sheet);
        problems.push(Problem::new(place, SheetProblem::NoStateColumn));
    }
    let checked = spec.is_some_and(|s| s.one_row_per.iter().any(|k| fold(k) == "state"));
    StateList::from_table(table, checked, problems)
}

#[derive(Clone, Debug, Default)]
pub struct StateList {
    names: Vec<String>,
    /// Folded name or alias → index into `names`.
    lookup: HashMap<String, usize>,
    /// Every name and alias as written, for suggestions.
    spellings: Vec<(String, usize)>,
    /// The master names, shared by every cell that names the State.
    shared: Vec<Arc<str>>,
    /// Names and aliases exactly as written → index: most cells need no folding.
    exact: HashMap<String, usize>,
}

impl StateList {
    /// Builds the list from the States table (columns State and, optionally, Aliases).
    /// Duplicates are reported here unless the dictionary already checks the sheet for
    /// one row per State (`checked`), so that one mistake gives one message.
    pub fn from_table(table: &DataTable, checked: bool, problems: &mut Problems) -> StateList {
        let mut list = StateList::default();
        let Some(state_col) = table.column_index("State") else {
            return list;
        };
        let alias_col = table
            .column_index("Aliases")
            .or_else(|| table.column_index("Alias"));
        for row in 0..table.len() {
            let name = table.get(row, state_col).to_string().trim().to_string();
            if name.is_empty() {
                continue;
            }
            if let Some(&other) = list.lookup.get(&fold(&name)) {
                if checked && fold(&list.names[other]) == fold(&name) {
                    continue;
                }
                let problem = SheetProblem::StateTwice {
                    name,
                    first: list.names[other].clone(),
                };
                problems.push(Problem::new(table.location(row, Some(state_col)), problem));
                continue;
            }
            let index = list.names.len();
            list.names.push(name.clone());
            list.lookup.insert(fold(&name), index);
            list.spellings.push((name, index));
            if let Some(c) = alias_col {
                for alias in crate::check::dictionary::split_list(&table.get(row, c).to_string()) {
                    match list.lookup.get(&fold(&alias)) {
                        Some(&other) if other != index => {
                            let problem = SheetProblem::AliasTaken {
                                alias,
                                state: list.names[other].clone(),
                            };
                            problems.push(Problem::new(table.location(row, Some(c)), problem));
                        }
                        Some(_) => {}
                        None => {
                            list.lookup.insert(fold(&alias), index);
                            list.spellings.push((alias, index));
                        }
                    }
                }
            }
        }
        list.index()
    }

    pub fn from_names<S: AsRef<str>>(names: &[S]) -> StateList {
        let mut list = StateList::default();
        for n in names {
            let index = list.names.len();
            list.names.push(n.as_ref().to_string());
            list.lookup.insert(fold(n.as_ref()), index);
            list.spellings.push((n.as_ref().to_string(), index));
        }
        list.index()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Every name and alias as written in the States list, each with the name it stands for:
    /// ("Lao PDR", "Lao People's Democratic Republic"). For finding names in a text (src/review).
    pub fn spellings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.spellings
            .iter()
            .map(|(s, i)| (s.as_str(), self.names[*i].as_str()))
    }

    /// The master spelling of a name or alias, shared with the other cells that name it.
    pub fn resolve_shared(&self, name: &str) -> Option<Arc<str>> {
        let i = match self.exact.get(name.trim()) {
            Some(&i) => i,
            None => *self.lookup.get(&fold(name))?,
        };
        Some(
            self.shared
                .get(i)
                .cloned()
                .unwrap_or_else(|| Arc::from(self.names[i].as_str())),
        )
    }

    /// Fills the shared names and the exact-spelling index once the list is complete.
    fn index(mut self) -> StateList {
        self.shared = self.names.iter().map(|n| Arc::from(n.as_str())).collect();
        self.exact = self
            .spellings
            .iter()
            .map(|(s, i)| (s.trim().to_string(), *i))
            .collect();
        self
    }

    /// The master spelling of a name or alias.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.lookup
            .get(&fold(name))
            .map(|&i| self.names[i].as_str())
    }

    /// A master name close to a misspelt one, to suggest.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let found = suggest::did_you_mean(name, self.spellings.iter().map(|(s, _)| s.as_str()))?;
        self.resolve(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_and_suggests() {
        let mut list = StateList::from_names(&["Lao People's Democratic Republic", "Lebanon"]);
        list.lookup.insert(fold("Lao PDR"), 0);
        list.spellings.push(("Lao PDR".into(), 0));
        assert_eq!(
            list.resolve("lao pdr"),
            Some("Lao People's Democratic Republic")
        );
        assert_eq!(list.resolve("Lebanon "), Some("Lebanon"));
        assert_eq!(list.suggest("Lebanonn"), Some("Lebanon"));
        assert_eq!(
            list.suggest("Lao PRD"),
            Some("Lao People's Democratic Republic")
        );
    }

    fn table(columns: &[&str], rows: &[&[&str]]) -> DataTable {
        use crate::model::value::Value;
        let rows = rows.iter().map(|r| r.iter().map(Value::text).collect());
        DataTable::sheet("workbooks/states.xlsx", "States", columns, rows)
    }

    fn shown(problems: &Problems) -> Vec<String> {
        problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }

    #[test]
    fn names_and_aliases_are_listed_once() {
        let t = table(
            &["State", "Aliases"],
            &[
                &["Chile", ""],
                &["Lao People's Democratic Republic", "Lao PDR; Laos"],
                &["chile ", ""],
                &["Peru", "Laos"],
            ],
        );
        let mut problems = Problems::new();
        let list = read(&t, None, &mut problems);
        assert_eq!(
            list.names(),
            ["Chile", "Lao People's Democratic Republic", "Peru"]
        );
        assert_eq!(
            list.resolve("lao pdr"),
            Some("Lao People's Democratic Republic")
        );
        assert_eq!(
            shown(&problems),
            [
                "error: workbooks/states.xlsx, sheet States, cell A4: \"chile\" is already in the States list (as \"Chile\")",
                "error: workbooks/states.xlsx, sheet States, cell B5: the alias \"Laos\" already stands for \"Lao People's Democratic Republic\"",
            ]
        );
        // When the dictionary checks one row per State, the repeat is reported there.
        let mut spec = SheetSpec::new("States", crate::check::dictionary::Role::States);
        spec.one_row_per = vec!["State".into()];
        let mut problems = Problems::new();
        read(&t, Some(&spec), &mut problems);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn the_list_needs_a_state_column() {
        let t = table(&["Name"], &[&["Chile"]]);
        let mut problems = Problems::new();
        assert!(read(&t, None, &mut problems).is_empty());
        assert_eq!(
            shown(&problems),
            ["error: workbooks/states.xlsx, sheet States: the States list needs a column headed \"State\""]
        );
    }
}
