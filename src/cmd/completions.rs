//! `actionplan completions SHELL`: the shell's completion script, generated from the command
//! line definition (clap_complete), on standard output.

use anyhow::Result;
use clap::{Command, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;

pub fn run(shell: Shell) -> Result<i32> {
    let mut command = visible();
    clap_complete::generate(shell, &mut command, "actionplan", &mut std::io::stdout());
    Ok(0)
}

/// The command line less its hidden commands (the generators would offer them).
fn visible() -> Command {
    let full = Cli::command();
    let mut command = Command::new("actionplan")
        .version(env!("CARGO_PKG_VERSION"))
        .args(full.get_arguments().filter(|a| !a.is_hide_set()).cloned())
        .subcommands(full.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if let Some(about) = full.get_about() {
        command = command.about(about.clone());
    }
    command
}
