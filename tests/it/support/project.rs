//! The small project that many tests start from.

use super::book::{dictionary, C};
use super::workdir::Workdir;

/// Section 1 of the small project: it counts the States ("Three States are listed.").
const MEMBERS: &str = r#"return { number = 1, title = "Members", reads = { "States" }, run = function()
  local s = sheet("States")
  figure{ name = "states", value = #s, label = "States listed", rows = s }
  paragraph("%s are listed.", count(#s, "State"))
end }"#;

/// A project with a dictionary, a States list of three (State and a date column: Norway,
/// 3 December 2008; Chile, 16 December 2010; Canada, no date) and plugins/01_members.lua,
/// section 1, which counts them. The date column is "Deposited" unless told otherwise.
pub struct SmallProject {
    date_column: &'static str,
    section: bool,
}

/// The small project, as it is, in a new `Workdir`.
pub fn small_project(name: &str) -> Workdir {
    SmallProject::new().create(name)
}

impl SmallProject {
    pub fn new() -> SmallProject {
        SmallProject {
            date_column: "Deposited",
            section: true,
        }
    }

    /// Another name for the States list's date column, e.g. "Ratified".
    pub fn date_column(mut self, name: &'static str) -> SmallProject {
        self.date_column = name;
        self
    }

    /// Without section 1: the test writes the plugins.
    pub fn without_section(mut self) -> SmallProject {
        self.section = false;
        self
    }

    /// The project in a new `Workdir`.
    pub fn create(&self, name: &str) -> Workdir {
        let wd = Workdir::new(name);
        self.write(&wd);
        wd
    }

    /// Writes the project's files into `wd`.
    pub fn write(&self, wd: &Workdir) {
        dictionary(
            wd,
            &[("States", "States list", "State")],
            &[
                ("States", "State", "text", true, ""),
                ("States", self.date_column, "date", false, ""),
            ],
        );
        wd.book("workbooks/states.xlsx")
            .sheet(
                "States",
                &[
                    vec![C::T("State"), C::T(self.date_column)],
                    vec![C::T("Norway"), C::D(2008, 12, 3)],
                    vec![C::T("Chile"), C::D(2010, 12, 16)],
                    vec![C::T("Canada"), C::E],
                ],
            )
            .save();
        if self.section {
            wd.write("plugins/01_members.lua", MEMBERS);
        }
    }
}

/// Rewrites workbooks/states.xlsx of a small project with these States, each deposited on
/// 1 August 2010.
pub fn states(wd: &Workdir, names: &[&str]) {
    let mut rows = vec![vec![C::T("State"), C::T("Deposited")]];
    for n in names {
        rows.push(vec![C::S(n.to_string()), C::D(2010, 8, 1)]);
    }
    wd.book("workbooks/states.xlsx")
        .sheet("States", &rows)
        .save();
}
