//! Whole-or-nothing files: write to a hidden temporary name beside the target, flush it to
//! disk, then rename it over the target.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};

const PREFIX: &str = ".actionplan-";
const SUFFIX: &str = ".tmp";

/// A complete file waiting to be renamed into place.
pub struct Staged {
    temp: PathBuf,
    target: PathBuf,
}

impl Staged {
    /// Writes a temporary file with `fill`, flushed and synced, ready to commit.
    pub fn write_with(
        dir: &Path,
        name: &str,
        fill: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
    ) -> Result<Staged> {
        let temp = dir.join(format!("{PREFIX}{}-{name}{SUFFIX}", std::process::id()));
        let target = dir.join(name);
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)
            .map_err(|e| explain(e, dir))?;
        let staged = Staged { temp, target };
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        let done = fill(&mut writer)
            .and_then(|()| writer.flush().map_err(|e| explain(e, dir)))
            .and_then(|()| writer.get_ref().sync_all().map_err(|e| explain(e, dir)));
        match done {
            Ok(()) => Ok(staged),
            Err(e) => {
                staged.discard();
                Err(e.context(format!("cannot write {}", name)))
            }
        }
    }

    /// Renames the file into place.
    pub fn commit(self) -> Result<PathBuf> {
        std::fs::rename(&self.temp, &self.target).map_err(|e| {
            let _ = std::fs::remove_file(&self.temp);
            explain(e, self.target.parent().unwrap_or(Path::new(".")))
                .context(format!("cannot replace {}", self.target.display()))
        })?;
        if let Some(dir) = self.target.parent() {
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(self.target)
    }

    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.temp);
    }
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

/// An I/O error in words: a full disk, a read-only folder, a file held by another program.
pub fn explain(e: std::io::Error, dir: &Path) -> anyhow::Error {
    let dir = dir.display();
    match e.raw_os_error() {
        Some(libc::ENOSPC) => {
            anyhow!("the disk is full: there is no room left in {dir} for the outputs")
        }
        Some(libc::EDQUOT) => anyhow!("the disk quota is used up: there is no room left in {dir}"),
        Some(libc::EROFS) => {
            anyhow!("{dir} is on a read-only disk; choose another output folder with --out DIR")
        }
        Some(libc::EACCES) | Some(libc::EPERM) => {
            anyhow!("permission denied: cannot write in {dir}; choose another output folder with --out DIR")
        }
        Some(libc::ETXTBSY) | Some(libc::EBUSY) => {
            anyhow!("a file in {dir} is in use by another program; close it (for example in Excel) and build again")
        }
        _ => anyhow!("cannot write in {dir}: {e}"),
    }
}
