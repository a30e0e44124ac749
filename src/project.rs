//! A project folder: `workbooks/` in, `plugins/` for the sections, `out/` for the results.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::problem::file::{FileProblem, NotAFile};

pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// Spreadsheet-like files that are not read: worth a warning, since a coordinator may have
/// saved a workbook in one of these forms by mistake.
pub const UNREAD_SPREADSHEET_EXTENSIONS: [&str; 10] = [
    "csv", "tsv", "numbers", "xlt", "xltx", "xltm", "ots", "fods", "xlw", "gsheet",
];

#[derive(Clone, Debug)]
pub struct Project {
    pub root: PathBuf,
    pub workbooks: PathBuf,
    pub plugins: PathBuf,
}

/// The workbook files of a project, and the lock files of those open in Excel.
#[derive(Clone, Debug, Default)]
pub struct WorkbookFiles {
    pub files: Vec<PathBuf>,
    /// `~$name.xlsx` files: Excel (or LibreOffice's `.~lock.name#`) has `name` open.
    pub locked: Vec<(PathBuf, String)>,
    /// Spreadsheet-like files that are not read (a CSV export, a template, a Numbers file).
    pub unread: Vec<PathBuf>,
}

impl Project {
    pub fn open(root: &Path) -> Result<Project> {
        let project = Project {
            root: root.to_path_buf(),
            workbooks: root.join("workbooks"),
            plugins: root.join("plugins"),
        };
        if !project.workbooks.is_dir() {
            bail!(
                "{} has no workbooks/ folder, so it is not an actionplan project; \
                 pass the project folder with --project DIR, or create one with `actionplan init DIR`",
                display_dir(root)
            );
        }
        Ok(project)
    }

    /// Path relative to the project, with forward slashes, as shown in messages.
    pub fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }

    pub fn workbook_files(&self) -> Result<WorkbookFiles> {
        let mut out = WorkbookFiles::default();
        let entries = std::fs::read_dir(&self.workbooks).with_context(|| {
            format!("cannot list the folder {}", self.relative(&self.workbooks))
        })?;
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(original) = name.strip_prefix("~$") {
                out.locked.push((path, original.to_string()));
                continue;
            }
            if let Some(original) = name
                .strip_prefix(".~lock.")
                .and_then(|n| n.strip_suffix('#'))
            {
                out.locked.push((path, original.to_string()));
                continue;
            }
            if name.starts_with('.') {
                continue;
            }
            // A link and a special file named like a workbook are listed with the workbooks, so
            // that reading them says what they are (`not_a_file`): a link whose workbook was
            // moved, a named pipe, a device would otherwise leave its data out unnoticed.
            let real_folder = entry.file_type().is_ok_and(|t| t.is_dir());
            if real_folder {
                continue;
            }
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
                out.files.push(path);
            } else if UNREAD_SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) && path.is_file() {
                out.unread.push(path);
            }
        }
        out.files.sort();
        out.locked.sort();
        out.unread.sort();
        Ok(out)
    }

    /// Section plugins: the `.lua` files directly in `plugins/`, in file-name order. Links
    /// and special files are listed too, so that loading them says why they are not read
    /// ([`Project::read_plugin_file`]).
    pub fn plugin_files(&self) -> Result<Vec<PathBuf>> {
        if !self.plugins.is_dir() {
            return Ok(Vec::new());
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&self.plugins).context("cannot list the plugins/ folder")? {
            let path = entry?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let real_folder = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if !real_folder && name.ends_with(".lua") && !name.starts_with('.') {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }
}

/// Largest plugin file.
pub const MAX_PLUGIN_BYTES: u64 = 1024 * 1024;
/// Largest helper library in plugins/lib/.
pub const MAX_LIBRARY_BYTES: u64 = 1024 * 1024;

impl Project {
    /// Reads a plugin or a helper library: a regular file of at most `limit` bytes whose real
    /// place, once every link is followed, is inside plugins/. A plugin is untrusted code, and
    /// a link such as plugins/lib/helpers.lua → ~/.env would otherwise let it read any file
    /// into the report. `kind` names the file in the message: "a plugin", "a helper library".
    pub fn read_plugin_file(
        &self,
        path: &Path,
        limit: u64,
        kind: &'static str,
    ) -> Result<Vec<u8>, FileProblem> {
        read_inside(&self.plugins, path, limit, kind)
    }
}

/// Reads `path` as [`Project::read_plugin_file`] does, for the folder `plugins`.
pub fn read_inside(
    plugins: &Path,
    path: &Path,
    limit: u64,
    kind: &'static str,
) -> Result<Vec<u8>, FileProblem> {
    let unreadable = |e: std::io::Error| FileProblem::Unreadable {
        error: e.to_string(),
    };
    let root = std::fs::canonicalize(plugins).map_err(unreadable)?;
    if let Some(problem) = not_a_file(path) {
        return Err(problem);
    }
    let real = std::fs::canonicalize(path).map_err(unreadable)?;
    if !real.starts_with(&root) {
        return Err(FileProblem::LinkOutside {
            target: real.display().to_string(),
        });
    }
    let mut file = open_no_follow(&real).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if let Some(what) = NotAFile::of(meta.file_type()) {
        return Err(FileProblem::NotAFile { what });
    }
    // The file as opened: a folder of the path replaced by a link meanwhile shows here.
    if let Some(opened) = opened_path(&file) {
        if !opened.starts_with(&root) {
            return Err(FileProblem::LinkOutside {
                target: opened.display().to_string(),
            });
        }
    }
    let too_big = |bytes: u64| FileProblem::TooBig { bytes, limit, kind };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Why `path` cannot be read as a file, if it cannot: a link to nothing, or something that is
/// not a file (a named pipe, whose reading would wait for ever; a device; a folder). Nothing
/// is opened to find out.
pub fn not_a_file(path: &Path) -> Option<FileProblem> {
    let own = std::fs::symlink_metadata(path).ok()?;
    match std::fs::metadata(path) {
        Ok(meta) => NotAFile::of(meta.file_type()).map(|what| FileProblem::NotAFile { what }),
        Err(_) if own.file_type().is_symlink() => Some(FileProblem::DanglingLink {
            target: std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default(),
        }),
        Err(_) => None,
    }
}

/// Opens a file for reading without following a link at its end, and without waiting on a
/// named pipe.
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Where an open file really is, when the system says (Linux).
fn opened_path(file: &std::fs::File) -> Option<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        None
    }
}

fn display_dir(p: &Path) -> String {
    if p.as_os_str().is_empty() || p == Path::new(".") {
        "the current folder".to_string()
    } else {
        format!("the folder {}", p.display())
    }
}
