//! The master list of States: every State name anywhere else must be one of these, or one of
//! their aliases ("Lao PDR"), and is stored under the master spelling.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::table::DataTable;
use crate::problem::{Problem, Problems};
use crate::text::suggest::{self, fold};

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
                problems.push(Problem::error(
                    table.location(row, Some(state_col)),
                    format!(
                        "\"{name}\" is already in the States list (as \"{}\")",
                        list.names[other]
                    ),
                ));
                continue;
            }
            let index = list.names.len();
            list.names.push(name.clone());
            list.lookup.insert(fold(&name), index);
            list.spellings.push((name, index));
            if let Some(c) = alias_col {
                for alias in crate::check::dictionary::split_list(&table.get(row, c).to_string()) {
                    match list.lookup.get(&fold(&alias)) {
                        Some(&other) if other != index => problems.push(Problem::error(
                            table.location(row, Some(c)),
                            format!(
                                "the alias \"{alias}\" already stands for \"{}\"",
                                list.names[other]
                            ),
                        )),
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
}
