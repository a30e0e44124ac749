//! Reading a workbook in a child process with a memory limit and a deadline.
//!
//! A panic can be caught in-process, but an allocation failure or an endless loop inside a
//! reader cannot; a child that dies or overruns takes only its own file down with it.

use std::io::{BufReader, BufWriter, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::raw::{decode, Decoded, Encoder};
use super::{excel, RawWorkbook, ReadLimits};
use crate::problem::ReadFailure;

pub const WORKER_COMMAND: &str = "__read-workbook";

/// Starts `exe __read-workbook …` on `path` and decodes what it sends back.
pub fn read_in_child(
    exe: &Path,
    path: &Path,
    limits: &ReadLimits,
) -> Result<RawWorkbook, ReadFailure> {
    let mut child = Command::new(exe)
        .arg(WORKER_COMMAND)
        .arg("--max-cells")
        .arg(limits.max_cells.to_string())
        .arg("--max-file-bytes")
        .arg(limits.max_file_bytes.to_string())
        .arg("--memory-bytes")
        .arg(limits.memory_bytes.to_string())
        // The path after "--": a project folder named "-x" is not an option.
        .arg("--")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0")
        .spawn()
        .map_err(|e| ReadFailure::NotStarted {
            detail: e.to_string(),
        })?;

    let stdout = child.stdout.take().expect("piped stdout");
    widen_pipe(&stdout);
    let mut stderr = child.stderr.take().expect("piped stderr");
    let decoder = thread::spawn(move || decode(BufReader::with_capacity(1 << 16, stdout)));
    let errors = thread::spawn(move || {
        let mut kept = Vec::new();
        let _ = (&mut stderr).take(16 * 1024).read_to_end(&mut kept);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        String::from_utf8_lossy(&kept).into_owned()
    });

    let deadline = Instant::now() + limits.timeout;
    let mut pause = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(e) => {
                return Err(ReadFailure::LostTrack {
                    detail: e.to_string(),
                })
            }
        }
    };
    let decoded = decoder.join().unwrap_or(Decoded::Cut);
    let stderr = errors.join().unwrap_or_default();
    match (decoded, status) {
        (Decoded::Done(workbook), _) => Ok(workbook),
        (Decoded::Failed(failure), _) => Err(failure),
        (Decoded::Cut, None) => Err(ReadFailure::TimedOut {
            limit: limits.timeout,
        }),
        (Decoded::Cut, Some(_))
            if stderr.contains("memory allocation") || stderr.contains("out of memory") =>
        {
            Err(ReadFailure::OutOfMemory {
                limit: limits.memory_bytes,
            })
        }
        (Decoded::Cut, Some(status)) => Err(ReadFailure::Crashed {
            status: status.to_string(),
        }),
    }
}

/// Lets the child run up to 1 MB ahead of the decoding (a pipe holds 64 KB by default, so
/// the child waited whenever the decoding paused).
#[cfg(target_os = "linux")]
fn widen_pipe(pipe: &std::process::ChildStdout) {
    use std::os::fd::AsRawFd;
    // SAFETY: F_SETPIPE_SZ only resizes the pipe's buffer; failure leaves it as it was.
    unsafe {
        libc::fcntl(pipe.as_raw_fd(), libc::F_SETPIPE_SZ, 1 << 20);
    }
}

#[cfg(not(target_os = "linux"))]
fn widen_pipe(_pipe: &std::process::ChildStdout) {}

/// The child's side: limit this process, read, stream the result to stdout.
pub fn worker_main(path: &Path, limits: &ReadLimits) -> i32 {
    limit_memory(limits.memory_bytes);
    // The panic message travels in the result; the default hook would only add noise.
    std::panic::set_hook(Box::new(|_| {}));
    let stdout = std::io::stdout();
    let out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let Ok(mut encoder) = Encoder::new(out) else {
        return 2;
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        excel::read_into(path, limits, &mut encoder)
    }));
    let finished = match result {
        Ok(Ok(())) => encoder.done(),
        Ok(Err(failure)) => encoder.failed(&failure),
        Err(panic) => encoder.failed(&excel::panicked(panic.as_ref())),
    };
    match finished.and_then(|mut w| w.flush()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

#[cfg(unix)]
fn limit_memory(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct passed by pointer; failure leaves the old limit.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_memory(_bytes: u64) {}
