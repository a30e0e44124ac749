//! Helpers shared by the tests/robust_*.rs files: a small complete project, running the
//! binary with a deadline (a hang fails the test instead of stopping the suite), and
//! snapshots of folders to prove that files were left exactly as they were.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{dictionary, Run, Workdir, C};

/// A project with a dictionary, a States list of three and one section that counts them.
pub fn small_project(name: &str) -> Workdir {
    let wd = Workdir::new(name);
    dictionary(
        &wd,
        &[("States", "States list", "State")],
        &[
            ("States", "State", "text", true, ""),
            ("States", "Deposited", "date", false, ""),
        ],
    );
    states(&wd, &["Norway", "Chile", "Canada"]);
    wd.write(
        "plugins/01_members.lua",
        r#"return { number = 1, title = "Members", reads = { "States" }, run = function()
  local s = sheet("States")
  figure{ name = "states", value = #s, label = "States listed", rows = s }
  paragraph("%s are listed.", count(#s, "State"))
end }"#,
    );
    wd
}

/// Rewrites workbooks/states.xlsx with these States.
pub fn states(wd: &Workdir, names: &[&str]) {
    let mut rows = vec![vec![C::T("State"), C::T("Deposited")]];
    for n in names {
        rows.push(vec![C::S(n.to_string()), C::D(2010, 8, 1)]);
    }
    wd.book("workbooks/states.xlsx")
        .sheet("States", &rows)
        .save();
}

/// `actionplan ARGS` in the project folder, with extra environment variables, killed and
/// failed if it is not done within `limit`.
pub fn run_within(wd: &Workdir, args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
    let mut cmd = command(wd, args, env);
    let child = cmd.spawn().expect("the actionplan binary starts");
    wait_within(child, limit)
}

pub fn command(wd: &Workdir, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_actionplan"));
    cmd.args(args)
        .current_dir(&wd.root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Waits for a child, reading its output; kills it and panics after `limit`.
pub fn wait_within(mut child: Child, limit: Duration) -> Run {
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let outs = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let errs = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = String::from_utf8_lossy(&errs.join().unwrap()).into_owned();
            panic!("actionplan did not finish within {limit:?}; it printed:\n{stderr}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run::from(std::process::Output {
        status,
        stdout: outs.join().unwrap(),
        stderr: errs.join().unwrap(),
    })
}

/// Every file under `dir` (relative path → bytes); an absent folder is empty.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, files);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut files);
    files
}

/// The names in a snapshot.
pub fn names(s: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    s.keys().cloned().collect()
}

/// True when this process can write into a folder whose write permission is removed
/// (it runs as root), so a read-only folder cannot be simulated with chmod.
pub fn permissions_are_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::create_dir_all(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let ignored = std::fs::write(probe.join("x"), b"x").is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _ = std::fs::remove_dir_all(&probe);
    ignored
}
