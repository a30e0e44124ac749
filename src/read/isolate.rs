//! Reading workbooks in child processes with a memory limit and a deadline.
//!
//! A panic can be caught in-process, but an allocation failure or an endless loop inside a
//! reader cannot; a child that dies or overruns takes only its own file down with it.
//!
//! A reading process (`actionplan __read-workbook`) is started once and reads file after file:
//! the parent sends it a path, it answers with the file's byte form ([`super::raw`]) and one
//! byte more, [`MORE`] when it is ready for another file or [`RETIRING`] when it is about to
//! exit. Starting a process costs a few milliseconds, reading a coordinator's workbook a
//! fraction of one, so a project of 200 workbooks no longer spends most of its reading time
//! starting processes. What a fresh process per file guaranteed still holds:
//!
//! - memory: the process's address space is limited to the per-workbook limit, and before
//!   each file the limit is moved up by what the process has grown since it started, so each
//!   file has exactly the room it would have in a fresh process; and the process retires
//!   after any file that left it more than [`RETIRE_GROWTH`] bigger than it started (and
//!   after a panic), so that it stays small;
//! - time: the parent waits for each file's answer with `poll`, never sleeping, until that
//!   file's deadline, then kills the process;
//! - a process that dies, overruns or sends nonsense fails only the file it was reading, and
//!   a fresh process takes the next file. A file that crashed a process that had read others
//!   before is read once more by a fresh one, so that a crash is never blamed on the wrong
//!   file (a file that runs out of memory or time is not: its limit was its own).

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::raw::{Decoded, Decoder, Encoder};
use super::split::Part;
use super::{excel, RawWorkbook, ReadLimits};
use crate::problem::ReadFailure;

pub const WORKER_COMMAND: &str = "__read-workbook";

/// Sent after a file's byte form: the process waits for the next path.
pub const MORE: u8 = b'+';
/// Sent after a file's byte form: the process exits now.
pub const RETIRING: u8 = b'.';

/// A reading process retires after a file that left its address space more than this much
/// bigger than when it started: the next file then gets a fresh process, with the whole
/// memory limit to itself.
pub const RETIRE_GROWTH: u64 = 64 * 1024 * 1024;

/// The longest path a reading process accepts.
const MAX_REQUEST: u32 = 1 << 20;

/// Reads files one after the other in a reading process, started on the first file and
/// replaced whenever it retires, dies or overruns.
pub struct Reader<'a> {
    exe: &'a Path,
    limits: &'a ReadLimits,
    process: Option<Process>,
    /// Processes that retired by themselves, reaped at the end.
    retired: Vec<Child>,
}

/// One reading process and the pipes to it.
struct Process {
    child: Child,
    requests: ChildStdin,
    answers: Decoder<Deadline>,
    /// What the process writes on stderr (a panic or an allocation failure), kept by a thread.
    errors: Option<JoinHandle<String>>,
    /// Files it has answered.
    answered: usize,
}

impl<'a> Reader<'a> {
    pub fn new(exe: &'a Path, limits: &'a ReadLimits) -> Reader<'a> {
        Reader {
            exe,
            limits,
            process: None,
            retired: Vec::new(),
        }
    }

    /// Reads one file, or `part` of it ([`super::split`]).
    pub fn read(&mut self, path: &Path, part: Part) -> Result<RawWorkbook, ReadFailure> {
        let mut retried = false;
        loop {
            let mut process = match self.process.take() {
                Some(p) => p,
                None => self.start()?,
            };
            if process.send(path, part).is_err() {
                // Gone before it took the file (it cannot have retired: it would have said
                // so). One that had read files before is replaced; a fresh one says why.
                let fresh = process.answered == 0;
                let (status, stderr) = process.end();
                if fresh {
                    return Err(died(status, &stderr, self.limits));
                }
                continue;
            }
            process.answers.input_mut().until = Instant::now() + self.limits.timeout;
            let answer = match process.answers.workbook() {
                Decoded::Done(workbook) => Ok(workbook),
                Decoded::Failed(failure) => Err(failure),
                Decoded::Cut => {
                    let timed_out = process.answers.input_mut().expired;
                    let fresh = process.answered == 0;
                    let (status, stderr) = process.end();
                    if timed_out {
                        return Err(ReadFailure::TimedOut {
                            limit: self.limits.timeout,
                        });
                    }
                    let failure = died(status, &stderr, self.limits);
                    if matches!(failure, ReadFailure::Crashed { .. }) && !fresh && !retried {
                        retried = true;
                        continue;
                    }
                    return Err(failure);
                }
            };
            process.answered += 1;
            match process.answers.byte() {
                Ok(MORE) => self.process = Some(process),
                Ok(RETIRING) => {
                    drop(process.requests);
                    self.retired.push(process.child);
                }
                _ => {
                    let _ = process.end();
                }
            }
            return answer;
        }
    }

    fn start(&self) -> Result<Process, ReadFailure> {
        let mut child = Command::new(self.exe)
            .arg(WORKER_COMMAND)
            .arg("--max-cells")
            .arg(self.limits.max_cells.to_string())
            .arg("--max-file-bytes")
            .arg(self.limits.max_file_bytes.to_string())
            .arg("--memory-bytes")
            .arg(self.limits.memory_bytes.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("RUST_BACKTRACE", "0")
            .spawn()
            .map_err(|e| ReadFailure::NotStarted {
                detail: e.to_string(),
            })?;
        let requests = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        widen_pipe(&stdout);
        let mut stderr = child.stderr.take().expect("piped stderr");
        let errors = thread::Builder::new()
            .name("reader stderr".into())
            .spawn(move || {
                let mut kept = Vec::new();
                let _ = (&mut stderr).take(16 * 1024).read_to_end(&mut kept);
                let _ = io::copy(&mut stderr, &mut io::sink());
                String::from_utf8_lossy(&kept).into_owned()
            })
            .ok();
        Ok(Process {
            child,
            requests,
            answers: Decoder::new(Deadline {
                pipe: stdout,
                until: Instant::now() + self.limits.timeout,
                expired: false,
                eof: false,
            }),
            errors,
            answered: 0,
        })
    }
}

impl Drop for Reader<'_> {
    /// Closes the pipe of the process still running (it exits when it sees the end of its
    /// input) and reaps every process this reader started.
    fn drop(&mut self) {
        if let Some(process) = self.process.take() {
            drop(process.requests);
            self.retired.push(process.child);
        }
        for mut child in self.retired.drain(..) {
            let _ = child.wait();
        }
    }
}

impl Process {
    /// Asks for a file: the length of its path, the path, and the part.
    fn send(&mut self, path: &Path, part: Part) -> io::Result<()> {
        let bytes = path_bytes(path);
        let len = u32::try_from(bytes.len())
            .ok()
            .filter(|n| *n <= MAX_REQUEST)
            .ok_or(io::ErrorKind::InvalidInput)?;
        let mut request = Vec::with_capacity(6 + bytes.len());
        request.extend_from_slice(&len.to_le_bytes());
        request.extend_from_slice(&bytes);
        request.extend_from_slice(&[part.index, part.count]);
        self.requests.write_all(&request)?;
        self.requests.flush()
    }

    /// Ends the process (it has died or overrun, or it sent nonsense): its exit status and
    /// what it wrote on stderr.
    fn end(mut self) -> (Option<ExitStatus>, String) {
        drop(self.requests);
        // A process whose output has ended has exited (or is exiting); any other is killed.
        if !self.answers.input_mut().eof {
            let _ = self.child.kill();
        }
        let status = self.child.wait().ok();
        let stderr = self
            .errors
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default();
        (status, stderr)
    }
}

/// Why a reading process died, from its exit status and stderr.
fn died(status: Option<ExitStatus>, stderr: &str, limits: &ReadLimits) -> ReadFailure {
    if stderr.contains("memory allocation") || stderr.contains("out of memory") {
        return ReadFailure::OutOfMemory {
            limit: limits.memory_bytes,
        };
    }
    match status {
        Some(status) => ReadFailure::Crashed {
            status: status.to_string(),
        },
        None => ReadFailure::LostTrack {
            detail: "the reading process could not be waited for".to_string(),
        },
    }
}

/// The answers' pipe, read until a deadline: the parent blocks in `poll` until data comes,
/// the pipe closes or the deadline passes.
struct Deadline {
    pipe: ChildStdout,
    until: Instant,
    /// The deadline passed.
    expired: bool,
    /// The pipe was closed: the process has exited.
    eof: bool,
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let left = self.until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                self.expired = true;
                return Err(io::ErrorKind::TimedOut.into());
            }
            if wait_readable(&self.pipe, left)? {
                break;
            }
        }
        let n = self.pipe.read(buf)?;
        if n == 0 {
            self.eof = true;
        }
        Ok(n)
    }
}

/// Waits until the pipe can be read (or is closed), at most `left`; false when the time is up.
#[cfg(unix)]
fn wait_readable(pipe: &ChildStdout, left: Duration) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    let mut fds = libc::pollfd {
        fd: pipe.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // Rounded up, so that the wait never ends just before the deadline and spins.
    let ms = left.as_micros().div_ceil(1000).min(i32::MAX as u128) as libc::c_int;
    // SAFETY: one valid pollfd, for the duration of the call.
    let n = unsafe { libc::poll(&mut fds, 1, ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        return if e.kind() == io::ErrorKind::Interrupted {
            Ok(false)
        } else {
            Err(e)
        };
    }
    Ok(n > 0)
}

#[cfg(not(unix))]
fn wait_readable(_pipe: &ChildStdout, _left: Duration) -> io::Result<bool> {
    Ok(true)
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn path_from(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// Lets the child run up to 1 MB ahead of the decoding (a pipe holds 64 KB by default, so
/// the child waited whenever the decoding paused).
#[cfg(target_os = "linux")]
fn widen_pipe(pipe: &ChildStdout) {
    use std::os::fd::AsRawFd;
    // SAFETY: F_SETPIPE_SZ only resizes the pipe's buffer; failure leaves it as it was.
    unsafe {
        libc::fcntl(pipe.as_raw_fd(), libc::F_SETPIPE_SZ, 1 << 20);
    }
}

#[cfg(not(target_os = "linux"))]
fn widen_pipe(_pipe: &ChildStdout) {}

/// The child's side: limit this process, then read each file whose path comes on stdin and
/// stream the result to stdout, until stdin ends or it is time to retire.
pub fn worker_main(limits: &ReadLimits) -> i32 {
    // The panic message travels in the result; the default hook would only add noise.
    std::panic::set_hook(Box::new(|_| {}));
    let mut requests = BufReader::new(io::stdin().lock());
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let started = address_space();
    let most = limits.memory_bytes.saturating_add(RETIRE_GROWTH);
    limit_memory(limits.memory_bytes, most);
    loop {
        let (path, part) = match request(&mut requests) {
            Ok(Some(asked)) => asked,
            Ok(None) => return 0,
            Err(_) => return 2,
        };
        // The room a fresh process would have: the limit, moved up by what this one has
        // grown (at most RETIRE_GROWTH, or it would have retired).
        if let (Some(a), Some(b)) = (started, address_space()) {
            let grown = b.saturating_sub(a).min(RETIRE_GROWTH);
            limit_memory(limits.memory_bytes.saturating_add(grown), most);
        }
        let Ok(mut encoder) = Encoder::new(&mut out) else {
            return 2;
        };
        let result = catch_unwind(AssertUnwindSafe(|| {
            excel::read_part(&path, limits, part, &mut encoder)
        }));
        let panicked = result.is_err();
        let finished = match result {
            Ok(Ok(())) => encoder.done(),
            Ok(Err(failure)) => encoder.failed(&failure),
            Err(panic) => encoder.failed(&excel::panicked(panic.as_ref())),
        };
        let Ok(out) = finished else {
            return 2;
        };
        let grown = match (started, address_space()) {
            (Some(a), Some(b)) => b.saturating_sub(a) > RETIRE_GROWTH,
            _ => false,
        };
        let retire = panicked || grown;
        let next = if retire { RETIRING } else { MORE };
        if out.write_all(&[next]).and_then(|()| out.flush()).is_err() {
            return 2;
        }
        if retire {
            return 0;
        }
    }
}

/// The next path and part asked for; `None` at the end of the requests.
fn request(input: &mut impl Read) -> io::Result<Option<(PathBuf, Part)>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_REQUEST {
        return Err(io::ErrorKind::InvalidData.into());
    }
    let mut bytes = vec![0; len as usize];
    input.read_exact(&mut bytes)?;
    let mut part = [0u8; 2];
    input.read_exact(&mut part)?;
    let part = match part {
        [index, count] if index < count && count <= 2 => Part { index, count },
        _ => return Err(io::ErrorKind::InvalidData.into()),
    };
    Ok(Some((path_from(bytes), part)))
}

/// The size of this process's address space (what RLIMIT_AS limits), in bytes.
#[cfg(target_os = "linux")]
fn address_space() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().next()?.parse().ok()?;
    // SAFETY: sysconf only reads a configuration value.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * u64::try_from(page).ok()?)
}

#[cfg(not(target_os = "linux"))]
fn address_space() -> Option<u64> {
    None
}

/// Limits this process's address space to `bytes`, and what it may raise that to later to
/// `most`.
#[cfg(unix)]
fn limit_memory(bytes: u64, most: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: most as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct passed by pointer; failure leaves the old limit.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_memory(_bytes: u64, _most: u64) {}
