//! Shell completions and the man page, generated from the command line; progress shown on a
//! terminal and never in captured output.

use std::process::Command;

use crate::support::{small_project, Workdir};

#[test]
fn completions_for_every_shell_without_hidden_commands() {
    let wd = Workdir::new("ux-completions");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = wd.run(&["completions", shell]);
        assert_eq!(run.status, 0, "{shell}: {}", run.stderr);
        for command in ["build", "check", "template", "init", "explain", "man"] {
            assert!(run.stdout.contains(command), "{shell} completes {command}");
        }
        assert!(
            !run.stdout.contains("read-workbook"),
            "{shell}: the hidden command is not offered"
        );
    }
    // The bash script is valid bash and completes the commands and their options.
    let script = wd.run(&["completions", "bash"]).stdout;
    wd.write("actionplan.bash", &script);
    if let Ok(out) = Command::new("bash")
        .arg("-c")
        .arg(
            "source ./actionplan.bash && COMP_WORDS=(actionplan te) COMP_CWORD=1 && _actionplan actionplan te actionplan \
             && echo \"${COMPREPLY[@]}\" && COMP_WORDS=(actionplan template --f) COMP_CWORD=2 \
             && _actionplan actionplan --f template && echo \"${COMPREPLY[@]}\"",
        )
        .current_dir(&wd.root)
        .output()
    {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "template\n--force\n");
    }
    let bad = wd.run(&["completions", "tcsh"]);
    assert_eq!(bad.status, 2);
}

#[test]
fn man_page_documents_every_command() {
    let wd = Workdir::new("ux-man");
    let run = wd.run(&["man"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .nth(2)
            .is_some_and(|l| l.starts_with(".TH actionplan 1")),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches(".ds Aq").count(),
        2,
        "roff's preamble once"
    );
    for command in [
        "build",
        "check",
        "sections",
        "template",
        "init",
        "explain",
        "completions",
        "man",
    ] {
        assert!(
            run.stdout
                .contains(&format!(".SS \"actionplan {command}\"")),
            "{command}"
        );
    }
    assert!(run.stdout.contains(".SH \"EXIT STATUS\""));
    assert!(run.stdout.contains("\\-\\-force"), "options are listed");
    assert!(!run.stdout.contains("read\\-workbook"));
}

#[test]
fn progress_is_shown_on_a_terminal_only() {
    let wd = small_project("ux-progress");
    // Captured output (a pipe) has no progress bar.
    let run = wd.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\r') && !run.stderr.contains("Reading workbooks"),
        "{}",
        run.stderr
    );

    // On a terminal (a pseudo-terminal the test opens) the bar is drawn.
    let (status, screen) = wd.run_on_terminal(&["build"]);
    assert_eq!(status, 0, "{screen}");
    assert!(screen.contains("Reading workbooks ["), "{screen}");
    assert!(screen.contains("Finished with no problems."), "{screen}");
}
