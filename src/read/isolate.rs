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
use crate::text::grammar::group_thousands;

pub const WORKER_COMMAND: &str = "__read-workbook";

/// Starts `exe __read-workbook …` on `path` and decodes what it sends back.
pub fn read_in_child(exe: &Path, path: &Path, limits: &ReadLimits) -> Result<RawWorkbook, String> {
    // A link to nothing, a named pipe (whose opening would wait for a writer), a device: said
    // so, and never handed to the reader.
    if let Some(problem) = crate::project::not_a_file(path) {
        return Err(problem.to_string());
    }
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
        .map_err(|e| format!("could not be read: the reading process did not start ({e})"))?;

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
                return Err(format!(
                    "could not be read: lost track of the reading process ({e})"
                ))
            }
        }
    };
    let decoded = decoder.join().unwrap_or(Decoded::Cut);
    let stderr = errors.join().unwrap_or_default();
    match (decoded, status) {
        (Decoded::Done(workbook), _) => Ok(workbook),
        (Decoded::Failed(message), _) => Err(message),
        (Decoded::Cut, None) => Err(format!(
            "took longer than {} to read and was abandoned; it may be damaged or deliberately malformed: \
             open it in Excel or LibreOffice and save it again as .xlsx, or ask for the file again",
            seconds(limits.timeout)
        )),
        (Decoded::Cut, Some(_)) if stderr.contains("memory allocation") || stderr.contains("out of memory") => {
            Err(format!(
                "needs more than {} of memory to read and was abandoned; it may be damaged or deliberately malformed: \
                 open it in Excel or LibreOffice and save it again as .xlsx, or ask for the file again",
                size(limits.memory_bytes)
            ))
        }
        (Decoded::Cut, Some(status)) => Err(format!(
            "could not be read: the reader stopped unexpectedly ({status}); it may be damaged, \
             open it in Excel or LibreOffice and save it again as .xlsx"
        )),
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

/// "2 GB", "256 MB", "1.5 MB", "12 KB", "68 bytes" (binary units, as file managers show).
pub fn size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    const GB: u64 = 1024 * MB;
    let (unit, name) = match bytes {
        b if b >= GB => (GB, "GB"),
        b if b >= MB => (MB, "MB"),
        b if b >= KB => (KB, "KB"),
        b => return format!("{} bytes", b),
    };
    if bytes % unit == 0 || bytes / unit >= 100 {
        format!("{} {name}", group_thousands((bytes / unit) as i64))
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

/// "120 seconds", "1 second", "0.5 seconds".
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s == 1.0 {
        "1 second".to_string()
    } else if s.fract() == 0.0 {
        format!("{} seconds", group_thousands(s as i64))
    } else {
        format!("{s:.1} seconds")
    }
}

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
        Ok(Err(message)) => encoder.failed(&message),
        Err(panic) => encoder.failed(&excel::panic_message(panic.as_ref())),
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
