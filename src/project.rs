//! A project folder: `workbooks/` in, `plugins/` for the sections, `out/` for the results.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

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
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
                out.files.push(path);
            } else if UNREAD_SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
                out.unread.push(path);
            }
        }
        out.files.sort();
        out.locked.sort();
        out.unread.sort();
        Ok(out)
    }

    /// Section plugins: the `.lua` files directly in `plugins/`, in file-name order.
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
            if path.is_file() && name.ends_with(".lua") && !name.starts_with('.') {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }
}

fn display_dir(p: &Path) -> String {
    if p.as_os_str().is_empty() || p == Path::new(".") {
        "the current folder".to_string()
    } else {
        format!("the folder {}", p.display())
    }
}
