//! Running the built binary in a `Workdir`: with a deadline (a hang fails the test instead of
//! stopping the suite), with its output captured, or on a pseudo-terminal.

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
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

    /// Runs `actionplan ARGS` in the project with a pseudo-terminal as its standard input,
    /// output and error, as in a terminal window of 100 columns; returns its exit status and
    /// everything it wrote to the terminal.
    pub fn run_on_terminal(&self, args: &[&str]) -> (i32, String) {
        let (terminal, screen) = pseudo_terminal();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_actionplan"));
        cmd.args(args)
            .current_dir(&self.root)
            .env("TERM", "xterm")
            .env_remove("ACTIONPLAN_NO_PROGRESS")
            .stdin(Stdio::from(screen.try_clone().unwrap()))
            .stdout(Stdio::from(screen.try_clone().unwrap()))
            .stderr(Stdio::from(screen));
        let mut child = cmd.spawn().expect("the actionplan binary starts");
        // Only the child holds the terminal's end now, so reading ends when it exits.
        drop(cmd);
        let mut terminal = std::fs::File::from(terminal);
        let reader = std::thread::spawn(move || {
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            // Linux reports EIO once the other end is closed.
            while let Ok(n @ 1..) = terminal.read(&mut buf) {
                seen.extend_from_slice(&buf[..n]);
            }
            seen
        });
        let deadline = Instant::now() + DEADLINE;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("actionplan did not finish within {DEADLINE:?} on a terminal");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let seen = reader.join().unwrap();
        (
            status.code().unwrap_or(-1),
            String::from_utf8_lossy(&seen).into_owned(),
        )
    }
}

/// A new pseudo-terminal of 24 rows and 100 columns: (the side a terminal window reads, the
/// side a program writes to). Both are closed on exec, so that programs that other tests start
/// meanwhile do not inherit them.
fn pseudo_terminal() -> (OwnedFd, OwnedFd) {
    let check = |r: libc::c_int, what: &str| {
        assert!(r >= 0, "{what}: {}", std::io::Error::last_os_error());
        r
    };
    // SAFETY: plain calls on file descriptors this function opens and then owns; ptsname_r
    // writes at most `name.len()` bytes.
    unsafe {
        let master = check(
            libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC),
            "posix_openpt",
        );
        let master = OwnedFd::from_raw_fd(master);
        use std::os::fd::AsRawFd;
        check(libc::grantpt(master.as_raw_fd()), "grantpt");
        check(libc::unlockpt(master.as_raw_fd()), "unlockpt");
        let size = libc::winsize {
            ws_row: 24,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        check(
            libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size),
            "TIOCSWINSZ",
        );
        let mut name = [0 as libc::c_char; 128];
        let r = libc::ptsname_r(master.as_raw_fd(), name.as_mut_ptr(), name.len());
        assert_eq!(r, 0, "ptsname_r: {}", std::io::Error::from_raw_os_error(r));
        let slave = check(
            libc::open(
                name.as_ptr(),
                libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
            ),
            "opening the terminal",
        );
        (master, OwnedFd::from_raw_fd(slave))
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

/// Runs a command line as a user types it in `dir`, with `actionplan` on the PATH; returns
/// what it printed, standard output and error together as a terminal shows them. For the
/// documents' walk-throughs, whose commands are tested as written.
pub fn sh(dir: &Path, command: &str) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_actionplan"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("{command} 2>&1"))
        .current_dir(dir)
        .env("PATH", path)
        .env("ACTIONPLAN_NO_PROGRESS", "1")
        .output()
        .expect("sh runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}
