//! Promises about out/ and about faults while writing it:
//!
//! - out/ files appear whole or not at all: a build killed with a real signal after reading,
//!   after the sections, while writing each file, or just before putting them in place leaves
//!   the previous outputs byte for byte and no partial or temporary file behind;
//! - temporary files of a build killed long ago are cleared by the next build;
//! - an output open in another program, a read-only out/, a full disk: one clear message
//!   naming the file or folder and what to do, exit status 2, previous outputs kept;
//! - exit statuses are those documented in docs/robustness.md.
//!
//! Kill points are reached with the documented test hook ACTIONPLAN_TEST_PAUSE_AT.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use crate::support::{small_project, states, wait_within, Workdir};

const LIMIT: Duration = Duration::from_secs(60);
const OUTPUTS: [&str; 4] = [
    "consolidated.xlsx",
    "report.docx",
    "report.html",
    "report.md",
];

/// Starts a build that pauses at `stage`, waits until it is there, then sends `signal`.
fn kill_build_at(wd: &Workdir, stage: &str, signal: i32) {
    let mut child = wd
        .command(&["build"])
        .env("ACTIONPLAN_TEST_PAUSE_AT", stage)
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wanted = format!("paused at {stage}");
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(LIMIT) {
            Ok(line) if line.contains(&wanted) => break,
            Ok(line) => seen.push(line),
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the build never reached {stage}; it printed:\n{}",
                    seen.join("\n")
                );
            }
        }
    }
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let status = child.wait().unwrap();
    assert!(
        status.code().is_none(),
        "the build was not killed at {stage}: {status}"
    );
}

#[test]
fn a_build_killed_at_any_stage_leaves_the_previous_outputs_and_nothing_else() {
    let wd = small_project("kill");
    let first = wd.run_within(&["build"], LIMIT);
    assert_eq!(first.status, 0, "{}", first.stderr);
    let before = wd.files("out");
    assert_eq!(wd.file_names("out"), OUTPUTS);
    // The next build would write different outputs.
    states(&wd, &["Norway", "Chile", "Canada", "Peru"]);
    for stage in [
        "after-read",
        "after-sections",
        "writing-consolidated.xlsx",
        "writing-report.md",
        "writing-report.html",
        "writing-report.docx",
        "before-commit",
    ] {
        kill_build_at(&wd, stage, libc::SIGKILL);
        assert!(
            wd.files("out") == before,
            "after SIGKILL at {stage}, out/ holds {:?} or changed content",
            wd.file_names("out")
        );
    }
    // Ctrl-C and a polite termination behave the same.
    for signal in [libc::SIGINT, libc::SIGTERM] {
        kill_build_at(&wd, "writing-report.md", signal);
        assert!(wd.files("out") == before, "signal {signal} changed out/");
    }
    // And the outputs really were about to change.
    let next = wd.run_within(&["build"], LIMIT);
    assert_eq!(next.status, 0, "{}", next.stderr);
    assert!(wd.read("out/report.md").contains("Four States are listed."));
}

#[test]
fn a_first_build_killed_while_writing_leaves_no_file_at_all() {
    let wd = small_project("kill-first");
    for stage in [
        "writing-consolidated.xlsx",
        "writing-report.html",
        "before-commit",
    ] {
        kill_build_at(&wd, stage, libc::SIGKILL);
        assert_eq!(wd.file_names("out"), Vec::<String>::new(), "at {stage}");
    }
}

#[test]
fn temporary_files_of_a_build_killed_earlier_are_removed_by_the_next_build() {
    let wd = small_project("stale");
    std::fs::create_dir_all(wd.path("out")).unwrap();
    // Where unnamed files are not supported, a killed build leaves such a named file behind;
    // pid 2^22+1 is above Linux's largest pid, so no live process owns it.
    let stale = wd.path("out/.actionplan-4194305-report.md.tmp");
    std::fs::write(&stale, "half a rep").unwrap();
    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!stale.exists());
    assert_eq!(wd.file_names("out"), OUTPUTS);
}

#[test]
fn an_output_open_in_a_spreadsheet_program_is_named_and_nothing_is_replaced() {
    for lock in ["out/~$consolidated.xlsx", "out/.~lock.consolidated.xlsx#"] {
        let wd = small_project("open");
        assert_eq!(wd.run_within(&["build"], LIMIT).status, 0);
        wd.write(lock, "owner");
        let before = wd.files("out");
        states(&wd, &["Peru"]);
        let run = wd.run_within(&["build"], LIMIT);
        assert_eq!(run.status, 2, "{}", run.stderr);
        let lock_name = lock.trim_start_matches("out/");
        assert!(
            run.stderr.contains(&format!(
                "error: out/consolidated.xlsx is open in another program (its lock file {lock_name} is present)"
            )) && run.stderr.contains("close it and build again"),
            "{}",
            run.stderr
        );
        assert!(wd.files("out") == before);
    }
}

/// True when this process can write into a folder whose write permission is removed: it runs
/// as root, whose capability CAP_DAC_OVERRIDE overrides the permissions of files and folders.
fn permissions_are_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::create_dir_all(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let ignored = std::fs::write(probe.join("x"), b"x").is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _ = std::fs::remove_dir_all(&probe);
    ignored
}

/// Makes `cmd` start without the capability CAP_DAC_OVERRIDE, so that it (and every process it
/// starts) cannot write where permissions forbid it, even as root. It still reads and searches
/// every folder (that is CAP_DAC_READ_SEARCH), so the project and the binary stay reachable
/// wherever they are.
fn without_permission_override(cmd: &mut Command) {
    const CAP_DAC_OVERRIDE: u32 = 1;
    const CAPABILITY_VERSION_3: u32 = 0x2008_0522;
    #[repr(C)]
    struct Header {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct Sets {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    // SAFETY: only system calls (async-signal-safe) between fork and exec, on this process.
    unsafe {
        cmd.pre_exec(|| {
            // Out of the bounding set, so that exec does not give it back to root...
            if libc::prctl(
                libc::PR_CAPBSET_DROP,
                CAP_DAC_OVERRIDE as libc::c_ulong,
                0,
                0,
                0,
            ) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            // ...and out of the sets this process holds and hands on.
            let mut header = Header {
                version: CAPABILITY_VERSION_3,
                pid: 0,
            };
            let mut sets = [Sets::default(); 2];
            if libc::syscall(libc::SYS_capget, &mut header, sets.as_mut_ptr()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let bit = !(1u32 << CAP_DAC_OVERRIDE);
            sets[0].effective &= bit;
            sets[0].permitted &= bit;
            sets[0].inheritable &= bit;
            if libc::syscall(libc::SYS_capset, &mut header, sets.as_ptr()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[test]
fn a_read_only_output_folder_gives_a_clear_message_and_status_2() {
    use std::os::unix::fs::PermissionsExt;
    let wd = small_project("readonly");
    std::fs::create_dir_all(wd.path("out")).unwrap();
    std::fs::set_permissions(wd.path("out"), std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = wd.command(&["build"]);
    // Root writes into a read-only folder all the same: the build runs without that power.
    let as_root = permissions_are_ignored(&wd.root);
    if as_root {
        without_permission_override(&mut cmd);
    }
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("the build could not be started (as root: {as_root}): {e}"));
    let run = wait_within(child, LIMIT);
    std::fs::set_permissions(wd.path("out"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: cannot write consolidated.xlsx: permission denied: cannot write in out; make the folder writable, or choose another output folder with --out DIR"),
        "{}",
        run.stderr
    );
    assert_eq!(wd.file_names("out"), Vec::<String>::new());
    // An output folder that cannot be a folder fails the same way for everyone.
    wd.write("blocked", "a file where the output folder should be");
    let run = wd.run_within(&["build", "--out", "blocked/out"], LIMIT);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: cannot create the output folder blocked/out"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_full_disk_gives_a_clear_message_status_2_and_keeps_the_previous_outputs() {
    let wd = small_project("full");
    assert_eq!(wd.run_within(&["build"], LIMIT).status, 0);
    let before = wd.files("out");
    states(&wd, &["Peru"]);
    // The build may write files of at most 2 KB: as if the disk filled up after that.
    let mut cmd = wd.command(&["build"]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 2048,
                rlim_max: 2048,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let run = wait_within(cmd.spawn().unwrap(), LIMIT);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: cannot write consolidated.xlsx: the disk is full: there is no room left in out for the outputs; free some space (or choose another output folder with --out DIR) and build again"),
        "{}",
        run.stderr
    );
    assert!(wd.files("out") == before);
}

#[test]
fn exit_statuses_are_as_documented() {
    // 0: everything read, every section produced.
    let wd = small_project("status");
    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("produced one section."),
        "{}",
        run.stderr
    );
    // 1: a problem of severity error; the report is still written.
    wd.write(
        "plugins/02_broken.lua",
        "return { number = 2, title = \"Broken\", run = function() error(\"no data\") end }",
    );
    std::fs::remove_dir_all(wd.path("out")).unwrap();
    let run = wd.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(wd.file_names("out"), OUTPUTS);
    // check runs the sections as build does, so the section that stops is an error there too,
    // and so is a plugin that cannot be loaded.
    assert_eq!(wd.run_within(&["check"], LIMIT).status, 1);
    std::fs::remove_file(wd.path("plugins/02_broken.lua")).unwrap();
    assert_eq!(wd.run_within(&["check"], LIMIT).status, 0);
    wd.write("plugins/03_syntax.lua", "return {");
    assert_eq!(wd.run_within(&["check"], LIMIT).status, 1);
    // 2: no project folder.
    let run = wd.run_within(&["build", "--project", "nowhere"], LIMIT);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: the folder nowhere has no workbooks/ folder"),
        "{}",
        run.stderr
    );
    // 2: no workbooks.
    let empty = Workdir::new("status-empty");
    let run = empty.run_within(&["build"], LIMIT);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: there are no workbooks in workbooks/"),
        "{}",
        run.stderr
    );
    // 2: a mistyped command line.
    assert_eq!(wd.run_within(&["biuld"], LIMIT).status, 2);
}
