//! Running the built binary in a `Workdir`: with a deadline (a hang fails the test instead of
//! stopping the suite), with its output captured.

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::workdir::Workdir;

/// How long `Workdir::run` waits: far longer than any build of the tests takes.
const DEADLINE: Duration = Duration::from_secs(300);

/// What a run printed and how it ended.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            status: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The `error:` and `warning:` lines (with their hints), in order.
    pub fn problems(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| {
                l.starts_with("error: ") || l.starts_with("warning: ") || l.starts_with("  hint: ")
            })
            .map(str::to_string)
            .collect()
    }
}

impl Workdir {
    /// `actionplan ARGS` with the project as the current folder, no input, output captured.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_actionplan"));
        cmd.args(args)
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs `actionplan ARGS` in the project.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_within(args, DEADLINE)
    }

    /// Runs `actionplan ARGS` in the project; kills it and fails if it is not done within `limit`.
    pub fn run_within(&self, args: &[&str], limit: Duration) -> Run {
        let child = self
            .command(args)
            .spawn()
            .expect("the actionplan binary starts");
        wait_within(child, limit)
    }
}

/// Waits for a child started with `Workdir::command`, reading its output; kills it and
/// panics after `limit`.
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
    Run::from(Output {
        status,
        stdout: outs.join().unwrap(),
        stderr: errs.join().unwrap(),
    })
}
