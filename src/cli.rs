//! Command-line interface: the commands, their options and worked examples, and the
//! mapping of outcomes to exit statuses (0 clean, 1 problems of severity error, 2 could not run).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::cmd;

#[derive(Parser, Debug)]
#[command(
    name = "actionplan",
    version,
    about = "Turns coordinators' workbooks into an aggregate progress report",
    long_about = "actionplan reads every workbook in workbooks/, checks it against the data dictionary, runs one Lua \
                  plugin per report section from plugins/, and writes out/consolidated.xlsx, out/report.md and \
                  out/report.html.",
    after_help = "Exit status: 0 when all went well, 1 when problems of severity error were found \
                  (the report is still written where it can be), 2 when the command could not run."
)]
pub struct Cli {
    /// The project folder, holding workbooks/ and plugins/ [default: the current folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read the workbooks, run the sections and write the report into out/
    #[command(
        after_help = "Example:\n  actionplan build\n  actionplan build --project ~/ccm-2msp --out ~/ccm-2msp/draft-1\n\n\
Writes consolidated.xlsx (Contents, Summary, States, one sheet per section, Audit, Problems, Data sheets), report.md, report.html and report.docx.\n\
Problems are listed with their workbook, sheet and cell; the report is written even when some are found."
    )]
    Build(BuildArgs),
    /// Read and check every workbook and run every section, writing nothing; list every problem
    #[command(after_help = "Example:\n  actionplan check\n\n\
error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14: expected a date, found \"end of 2011\"\n  \
hint: type a date such as 2011-09-13, or leave the cell empty if it is not known\n\n\
Lists the same problems as build: the sections are run too (a plugin that stops is reported), but nothing is written.")]
    Check(CheckArgs),
    /// List the report's sections: plugin file, number, title and the sheets each reads
    #[command(after_help = "Example:\n  actionplan sections\n\n\
  4  Universalization            plugins/04_universalization.lua   reads: States, Meetings")]
    Sections,
    /// Create a new project in DIR: a dictionary, a States list, settings and one example section
    #[command(
        after_help = "Example:\n  actionplan init ~/my-report\n  actionplan --project ~/my-report build\n\n\
Writes workbooks/dictionary.xlsx, states.xlsx (a few example States), settings.xlsx (title, period, \
meeting dates, the treaty's rules), reports.xlsx (example rows), plugins/01_reporting.lua (one section, \
with a comment on every step), plugins/lib/treaty.lua and the guides docs/workbooks.md and docs/plugins.md. \
It builds a report at once; then replace the examples with your own."
    )]
    Init(InitArgs),
    /// Write blank workbooks for coordinators to fill in, made from the dictionary
    #[command(
        after_help = "Examples:\n  actionplan template\n  actionplan template stockpiles.xlsx --out ~/to-send\n\n\
Writes one workbook per workbook named in the dictionary's Workbook column (into templates/ unless --out \
is given): an Instructions sheet, then each sheet with its header row, dropdowns for lists and States, \
and date and number checks. An existing file is never replaced without --force; with --force a copy of \
it is first kept in backups/."
    )]
    Template(TemplateArgs),
    /// Show where a figure, a State's values or a cell of the workbook come from
    #[command(
        after_help = "Examples:\n  actionplan explain parties_at_1msp          a figure: value, label, rule and every row behind it\n  \
actionplan explain 4.parties_at_1msp        the same, with its section number\n  \
actionplan explain Albania                  every value computed about a State, and every row about it\n  \
actionplan explain \"Lao PDR\" initial_due    one value of a State, by name (11.initial_due) or heading\n  \
actionplan explain \"States!F12\"             a cell of the States sheet of consolidated.xlsx\n  \
actionplan explain \"11 Transparency!B9\"     a cell of a section's sheet (a row about a State, or a figure)\n\n\
Runs the same reading and sections as build, but writes nothing. Figure names are in the Figure column \
of the Summary sheet; a name used by several sections takes its section number first (4.parties_at_1msp). \
A State is named as in the States list or by one of its aliases; when a figure has the same name as a \
State, the State is explained, and the figure is reached with its section number. A cell is written \
SHEET!CELL as in Excel, in quotes when the sheet's name has spaces."
    )]
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell)
    #[command(
        after_help = "Examples:\n  actionplan completions bash > ~/.local/share/bash-completion/completions/actionplan\n  \
actionplan completions zsh > ~/.zfunc/_actionplan\n  actionplan completions fish > ~/.config/fish/completions/actionplan.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (man format)
    #[command(
        after_help = "Example:\n  actionplan man > ~/.local/share/man/man1/actionplan.1 && man actionplan"
    )]
    Man,
    /// Read workbooks in a limited child process, their paths given on stdin (used by
    /// actionplan itself)
    #[command(name = "__read-workbook", hide = true)]
    ReadWorkbook(ReadWorkbookArgs),
}

#[derive(Args, Debug, Clone)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// The folder of the new project (created if needed)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct TemplateArgs {
    /// Only these workbooks, e.g. stockpiles.xlsx [default: every workbook in the dictionary]
    #[arg(value_name = "WORKBOOK")]
    pub workbooks: Vec<String>,
    /// Where to write the templates [default: templates/ in the project folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace templates that already exist (a copy of each is first kept in backups/)
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub limits: SectionLimitArgs,
}

#[derive(Args, Debug, Clone)]
pub struct ExplainArgs {
    /// A figure (parties_at_1msp, 4.parties_at_1msp), a State (Albania), or a cell of the
    /// consolidated workbook ("States!F12")
    #[arg(value_name = "FIGURE|STATE|SHEET!CELL")]
    pub what: String,
    /// With a State: one of its values, by name (initial_due, 11.initial_due) or heading
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
    #[command(flatten)]
    pub limits: SectionLimitArgs,
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// Where to write the outputs [default: out/ in the project folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub limits: SectionLimitArgs,
    /// Print how long each stage took (reading, sections, writing)
    #[arg(long, hide = true)]
    pub timings: bool,
}

/// Resource limits of each section (defaults in docs/plugins.md and docs/robustness.md).
#[derive(Args, Debug, Clone)]
pub struct SectionLimitArgs {
    /// Memory one section may use, in MB
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub section_memory: usize,
    /// Memory all sections together may use, in MB (they are all loaded at once)
    #[arg(long, value_name = "MB", default_value_t = crate::sections::TOTAL_MEMORY_MB)]
    pub total_section_memory: usize,
    /// Seconds one section may run
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub section_seconds: u64,
    /// Lua instructions one section may execute
    #[arg(long, value_name = "N", default_value_t = 2_000_000_000)]
    pub section_instructions: u64,
}

impl SectionLimitArgs {
    pub fn limits(&self) -> crate::sections::Limits {
        crate::sections::Limits {
            memory_bytes: self.section_memory.max(1).saturating_mul(1024 * 1024),
            instructions: self.section_instructions,
            time: std::time::Duration::from_secs(self.section_seconds),
            shared: crate::sections::Budget::new(
                self.total_section_memory.max(1).saturating_mul(1024 * 1024),
            ),
        }
    }
}

#[derive(Args, Debug)]
pub struct ReadWorkbookArgs {
    #[arg(long)]
    pub max_cells: u64,
    #[arg(long)]
    pub max_file_bytes: u64,
    #[arg(long)]
    pub memory_bytes: u64,
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let project = cli.project.clone().unwrap_or_else(|| PathBuf::from("."));
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(&project, &args),
        Command::Check(args) => cmd::check::run(&project, &args),
        Command::Sections => cmd::sections::run(&project),
        Command::Template(args) => cmd::template::run(&project, &args),
        Command::Init(args) => cmd::init::run(&args),
        Command::Completions(args) => cmd::completions::run(args.shell),
        Command::Man => cmd::man::run(),
        Command::Explain(args) => cmd::explain::run(&project, &args),
        Command::ReadWorkbook(args) => Ok(cmd::read_worker::run(&args)),
    };
    match result {
        Ok(status) => status,
        Err(e) => {
            eprintln!(
                "{}",
                crate::problem::terminal::lines("error: ", &chain(&e), "    ")
            );
            2
        }
    }
}

/// "cannot write out/report.md: the disk is full", outermost context first.
pub fn chain(e: &anyhow::Error) -> String {
    e.chain()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
