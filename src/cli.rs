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
Writes consolidated.xlsx (Summary, one sheet per section, Audit, Problems, Data sheets), report.md and report.html.\n\
Problems are listed with their workbook, sheet and cell; the report is written even when some are found."
    )]
    Build(BuildArgs),
    /// Read and check every workbook and plugin without writing anything; list every problem
    #[command(after_help = "Example:\n  actionplan check\n\n\
error: workbooks/stockpiles.xlsx, sheet Stockpiles, cell C14: expected a date, found \"end of 2011\"\n  \
hint: type a date such as 2011-09-13, or leave the cell empty if it is not known")]
    Check,
    /// List the report's sections: plugin file, number, title and the sheets each reads
    #[command(after_help = "Example:\n  actionplan sections\n\n\
  4  Universalization            plugins/04_universalization.lua   reads: States, Meetings")]
    Sections,
    /// Create a new project in DIR: a dictionary, a States list, settings and one example section
    #[command(
        after_help = "Example:\n  actionplan init ~/my-report\n  actionplan --project ~/my-report build\n\n\
Writes workbooks/dictionary.xlsx, states.xlsx (a few example States), settings.xlsx (title, period, \
meeting dates), reports.xlsx (example rows), plugins/01_reporting.lua (one section, with a comment on \
every step) and plugins/lib/treaty.lua. It builds a report at once; then replace the examples with your own."
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
    /// Show where a figure of the report comes from: its value, label, rule and every row behind it
    #[command(
        after_help = "Examples:\n  actionplan explain parties_at_1msp\n  actionplan explain 4.parties_at_1msp\n\n\
Runs the same reading and sections as build, but writes nothing. The figure names are in the Figure \
column of the Summary sheet of consolidated.xlsx; a name used by several sections takes its section \
number first (4.parties_at_1msp)."
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
pub struct ExplainArgs {
    /// The figure's name, e.g. parties_at_1msp, or with its section number: 4.parties_at_1msp
    pub figure: String,
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
            memory_bytes: self.section_memory.max(1) * 1024 * 1024,
            instructions: self.section_instructions,
            time: std::time::Duration::from_secs(self.section_seconds),
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
        Command::Check => cmd::check::run(&project),
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
            eprintln!("error: {}", chain(&e));
            2
        }
    }
}

/// "cannot write out/report.md: the disk is full", outermost context first.
pub fn chain(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}
