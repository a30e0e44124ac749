//! Whole-or-nothing files.
//!
//! On Linux each output is first written into an *unnamed* file in the output folder
//! (`O_TMPFILE`): if the process is killed while writing, the kernel frees it and nothing is
//! left behind. Once complete and synced it gets a hidden temporary name and is renamed over
//! the target in one step. Where unnamed files are not supported (another system, some
//! network or FUSE file systems) a hidden named temporary file is written instead, and a
//! later build removes those of builds that were killed ([`clean_stale_temporaries`]).
//!
//! A named temporary file is always a new file (`O_EXCL`, and `O_NOFOLLOW`): its name can be
//! guessed, and whatever is already there under it (a link planted in a shared folder to make
//! the build overwrite a file elsewhere) is removed, never written through.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};

const PREFIX: &str = ".actionplan-";
const SUFFIX: &str = ".tmp";

/// A complete file waiting to be renamed into place.
pub struct Staged {
    file: File,
    /// The hidden name of a named temporary file; `None` while the file is still unnamed.
    temp: Option<PathBuf>,
    target: PathBuf,
}

fn temp_name(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{PREFIX}{}-{name}{SUFFIX}", std::process::id()))
}

impl Staged {
    /// Writes a temporary file with `fill`, flushed and synced, ready to commit.
    pub fn write_with(
        dir: &Path,
        name: &str,
        fill: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
    ) -> Result<Staged> {
        Staged::write_in(dir, name, open_unnamed(dir), fill)
    }

    /// `write_with`, given the unnamed file (or `None` where there is none, as the tests of
    /// the named fallback ask).
    fn write_in(
        dir: &Path,
        name: &str,
        unnamed: Option<std::io::Result<File>>,
        fill: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
    ) -> Result<Staged> {
        let target = dir.join(name);
        let (file, temp) = match unnamed {
            Some(Ok(file)) => (file, None),
            Some(Err(e)) => return Err(explain(e, dir).context(format!("cannot write {name}"))),
            None => {
                let temp = temp_name(dir, name);
                let file = create_new(&temp)
                    .map_err(|e| explain(e, dir).context(format!("cannot write {name}")))?;
                (file, Some(temp))
            }
        };
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        let done = fill(&mut writer)
            .map_err(|e| explain_any(e, dir))
            .and_then(|()| {
                crate::testhook::pause(&format!("writing-{name}"));
                writer.flush().map_err(|e| explain(e, dir))
            })
            .and_then(|()| writer.get_ref().sync_all().map_err(|e| explain(e, dir)));
        if let Err(e) = done {
            drop(writer);
            if let Some(temp) = &temp {
                let _ = std::fs::remove_file(temp);
            }
            return Err(e.context(format!("cannot write {name}")));
        }
        // Flushed above, so taking the file back cannot fail.
        let file = writer
            .into_inner()
            .map_err(|e| explain(e.into_error(), dir))?;
        Ok(Staged { file, temp, target })
    }

    /// Renames the file into place.
    pub fn commit(mut self) -> Result<PathBuf> {
        let dir = self
            .target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = match self.temp.take() {
            Some(temp) => temp,
            None => {
                let temp = temp_name(&dir, &name);
                give_name(&self.file, &temp)
                    .map_err(|e| explain(e, &dir).context(format!("cannot write {name}")))?;
                temp
            }
        };
        std::fs::rename(&temp, &self.target).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            explain(e, &dir).context(format!("cannot replace {}", shown(&self.target)))
        })?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(self.target)
    }

    pub fn discard(self) {
        if let Some(temp) = &self.temp {
            let _ = std::fs::remove_file(temp);
        }
        // An unnamed file disappears when it is closed.
    }
}

/// An unnamed file in `dir`, or `None` when the system or file system has none.
#[cfg(target_os = "linux")]
fn open_unnamed(dir: &Path) -> Option<std::io::Result<File>> {
    use std::os::unix::fs::OpenOptionsExt;
    match OpenOptions::new()
        .write(true)
        .read(true)
        .custom_flags(libc::O_TMPFILE)
        .mode(0o644)
        .open(dir)
    {
        Ok(file) => Some(Ok(file)),
        Err(e) => match e.raw_os_error() {
            // Not supported here: fall back to a named temporary file.
            Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL) => None,
            // A missing folder, a read-only disk, no permission: the named file would fail the same way.
            _ => Some(Err(e)),
        },
    }
}

#[cfg(not(target_os = "linux"))]
fn open_unnamed(_dir: &Path) -> Option<std::io::Result<File>> {
    None
}

/// Gives an unnamed file the name `temp` (a hard link through /proc, or a copy without /proc).
#[cfg(target_os = "linux")]
fn give_name(file: &File, temp: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;

    let _ = std::fs::remove_file(temp);
    let target = CString::new(temp.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    let source =
        CString::new(format!("/proc/self/fd/{}", file.as_raw_fd())).expect("no NUL in a number");
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let linked = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            source.as_ptr(),
            libc::AT_FDCWD,
            target.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if linked == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        // No /proc, or a file system that refuses the link: copy the content instead.
        Some(libc::ENOENT | libc::EXDEV | libc::EPERM | libc::ENOTDIR) => copy_to(file, temp),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn give_name(file: &File, temp: &Path) -> std::io::Result<()> {
    copy_to(file, temp)
}

/// A new file at `path`, opened for writing: never an existing file, nor through a link. What
/// is already there under this name (a file left by an earlier process of the same number, or a
/// planted link) is removed first: only the name, never what a link points at.
fn create_new(path: &Path) -> std::io::Result<File> {
    let open = || {
        let mut options = OpenOptions::new();
        options.write(true).read(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW).mode(0o644);
        }
        options.open(path)
    };
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()
        }
        result => result,
    }
}

fn copy_to(mut file: &File, temp: &Path) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    file.seek(SeekFrom::Start(0))?;
    let result = (|| {
        let mut out = create_new(temp)?;
        std::io::copy(&mut file, &mut out)?;
        out.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(temp);
    }
    result
}

/// Removes temporary files left by a build that was killed (its process no longer exists).
pub fn clean_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix(PREFIX)
            .and_then(|r| r.strip_suffix(SUFFIX))
        else {
            continue;
        };
        let pid: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
        let alive = pid
            .is_some_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// How long a build waits for another build writing into the same folder.
const LOCK_WAIT: Duration = Duration::from_secs(60);

/// Test hook: `ACTIONPLAN_TEST_LOCK_WAIT=SECONDS` waits that long instead (docs/robustness.md).
const LOCK_WAIT_VAR: &str = "ACTIONPLAN_TEST_LOCK_WAIT";

/// Held while a build writes into its output folder: a second build into the same folder
/// waits for the first to finish, so that out/ never holds report.md of one build and
/// consolidated.xlsx of another. The lock is on the folder itself (`flock`), so it leaves no
/// file behind and the system releases it when the build ends, even when it is killed.
pub struct OutputLock {
    _folder: Option<File>,
}

/// Locks the output folder `dir` (created if needed), waiting up to a minute for another
/// build that holds it. Where the file system cannot lock a folder (some network shares), the
/// build goes on unlocked.
pub fn lock_output(dir: &Path) -> Result<OutputLock> {
    std::fs::create_dir_all(dir)
        .map_err(|e| explain(e, dir))
        .with_context(|| format!("cannot create the output folder {}", shown(dir)))?;
    let wait = std::env::var(LOCK_WAIT_VAR)
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .map(Duration::from_secs_f64)
        .unwrap_or(LOCK_WAIT);
    let Ok(folder) = File::open(dir) else {
        return Ok(OutputLock { _folder: None });
    };
    let started = Instant::now();
    let mut told = false;
    loop {
        match try_lock(&folder) {
            Locked::Yes => return Ok(OutputLock { _folder: Some(folder) }),
            Locked::Unsupported => return Ok(OutputLock { _folder: None }),
            Locked::Busy if started.elapsed() >= wait => bail!(
                "another build is still writing into {} after {}; wait for it to finish and build again \
                 (or write elsewhere with --out DIR)",
                shown(dir),
                seconds(wait)
            ),
            Locked::Busy => {
                if !told {
                    eprintln!(
                        "Another build is writing into {}; waiting for it to finish…",
                        crate::problem::terminal::visible(&shown(dir))
                    );
                    told = true;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

enum Locked {
    Yes,
    Busy,
    Unsupported,
}

#[cfg(unix)]
fn try_lock(folder: &File) -> Locked {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this process owns; it changes nothing but the lock.
    if unsafe { libc::flock(folder.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Locked::Yes;
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::EWOULDBLOCK) => Locked::Busy,
        Some(libc::EINTR) => Locked::Busy,
        _ => Locked::Unsupported,
    }
}

#[cfg(not(unix))]
fn try_lock(_folder: &File) -> Locked {
    Locked::Unsupported
}

/// "60 seconds", "1 second", "0.5 seconds".
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s == 1.0 {
        "1 second".to_string()
    } else if s.fract() == 0.0 {
        format!("{} seconds", s as u64)
    } else {
        format!("{s:.1} seconds")
    }
}

/// The lock file a spreadsheet program keeps beside a workbook it has open, if any:
/// `~$name` (Excel) or `.~lock.name#` (LibreOffice).
pub fn lock_file_of(target: &Path) -> Option<PathBuf> {
    let dir = target.parent()?;
    let name = target.file_name()?.to_string_lossy().into_owned();
    [format!("~${name}"), format!(".~lock.{name}#")]
        .into_iter()
        .map(|l| dir.join(l))
        .find(|l| l.exists())
}

/// An error from writing, in words when an I/O error is behind it.
fn explain_any(e: anyhow::Error, dir: &Path) -> anyhow::Error {
    for cause in e.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            if let Some(code) = io.raw_os_error() {
                return explain(std::io::Error::from_raw_os_error(code), dir);
            }
        }
        if let Some(rust_xlsxwriter::XlsxError::IoError(io)) =
            cause.downcast_ref::<rust_xlsxwriter::XlsxError>()
        {
            if let Some(code) = io.raw_os_error() {
                return explain(std::io::Error::from_raw_os_error(code), dir);
            }
        }
    }
    // Errors wrapped where the I/O error cannot be reached (inside the zip writer).
    let text = format!("{e:#}");
    for code in [
        libc::ENOSPC,
        libc::EFBIG,
        libc::EDQUOT,
        libc::EACCES,
        libc::EROFS,
    ] {
        if text.contains(&format!("(os error {code})")) {
            return explain(std::io::Error::from_raw_os_error(code), dir);
        }
    }
    e
}

/// An I/O error in words: a full disk, a read-only folder, a file held by another program.
pub fn explain(e: std::io::Error, dir: &Path) -> anyhow::Error {
    let dir = shown(dir);
    match e.raw_os_error() {
        // EFBIG: the file is larger than this process or file system allows (RLIMIT_FSIZE,
        // a FAT disk); to the user it is the same as a full disk.
        Some(libc::ENOSPC | libc::EFBIG) => anyhow!(
            "the disk is full: there is no room left in {dir} for the outputs; \
             free some space (or choose another output folder with --out DIR) and build again"
        ),
        Some(libc::EDQUOT) => anyhow!(
            "the disk quota is used up: there is no room left in {dir}; \
             free some space (or choose another output folder with --out DIR) and build again"
        ),
        Some(libc::EROFS) => {
            anyhow!("{dir} is on a read-only disk; choose another output folder with --out DIR")
        }
        Some(libc::EACCES | libc::EPERM) => {
            anyhow!("permission denied: cannot write in {dir}; make the folder writable, or choose another output folder with --out DIR")
        }
        Some(libc::ETXTBSY | libc::EBUSY) => {
            anyhow!("a file in {dir} is in use by another program; close it (for example in Excel) and build again")
        }
        _ => anyhow!("cannot write in {dir}: {e}"),
    }
}

/// A path as messages show it: `out/report.md` rather than `./out/report.md`.
pub fn shown(p: &Path) -> String {
    let p = p.strip_prefix(".").unwrap_or(p);
    if p.as_os_str().is_empty() {
        "the current folder".to_string()
    } else {
        p.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("actionplan-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn staged_files_are_invisible_until_committed_and_discard_leaves_nothing() {
        let dir = scratch("stage");
        let staged = Staged::write_with(&dir, "report.md", |w| Ok(w.write_all(b"whole")?)).unwrap();
        let discarded = Staged::write_with(&dir, "other.md", |w| Ok(w.write_all(b"x")?)).unwrap();
        // On Linux both are unnamed until committed.
        #[cfg(target_os = "linux")]
        assert_eq!(listing(&dir), Vec::<String>::new());
        discarded.discard();
        staged.commit().unwrap();
        assert_eq!(listing(&dir), ["report.md"]);
        assert_eq!(std::fs::read(dir.join("report.md")).unwrap(), b"whole");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_copy_fallback_names_a_complete_file() {
        let dir = scratch("copy");
        let mut file = tempfile_in(&dir);
        file.write_all(b"complete").unwrap();
        copy_to(&file, &dir.join("named.tmp")).unwrap();
        assert_eq!(std::fs::read(dir.join("named.tmp")).unwrap(), b"complete");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A link planted under the temporary name, to a file outside the folder.
    #[cfg(unix)]
    fn plant(dir: &Path, name: &str) -> PathBuf {
        let victim = dir.with_extension("victim");
        std::fs::write(&victim, b"precious").unwrap();
        std::os::unix::fs::symlink(&victim, temp_name(dir, name)).unwrap();
        victim
    }

    #[test]
    #[cfg(unix)]
    fn the_named_fallback_never_writes_through_a_planted_link() {
        let dir = scratch("planted");
        let victim = plant(&dir, "report.md");
        // None: as where the system or the file system has no unnamed files.
        let staged =
            Staged::write_in(&dir, "report.md", None, |w| Ok(w.write_all(b"new")?)).unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(dir.join("report.md")).unwrap(), b"new");
        assert!(std::fs::symlink_metadata(dir.join("report.md"))
            .unwrap()
            .is_file());
        assert_eq!(listing(&dir), ["report.md"]);
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(&victim);
    }

    #[test]
    #[cfg(unix)]
    fn the_copy_fallback_never_writes_through_a_planted_link() {
        let dir = scratch("planted-copy");
        let victim = plant(&dir, "report.md");
        let mut file = tempfile_in(&dir);
        file.write_all(b"complete").unwrap();
        copy_to(&file, &temp_name(&dir, "report.md")).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(
            std::fs::read(temp_name(&dir, "report.md")).unwrap(),
            b"complete"
        );
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(&victim);
    }

    fn tempfile_in(dir: &Path) -> File {
        let path = dir.join("source");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        file
    }
}
