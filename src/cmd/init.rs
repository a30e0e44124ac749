//! `actionplan init DIR`: a new, working project in DIR (see `starter`), which `build` turns
//! into a report at once, with the guides its messages point to. Never writes into a folder
//! that already holds a project.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::cli::InitArgs;
use crate::starter;
use crate::write::Staged;

pub fn run(args: &InitArgs) -> Result<i32> {
    let root = &args.dir;
    let shown = root.display().to_string();
    for existing in ["workbooks", "plugins"] {
        if root.join(existing).exists() {
            bail!(
                "{shown} already has a {existing}/ folder, so it holds a project already; nothing was written. \
                 Choose a new folder: actionplan init NEW-FOLDER"
            );
        }
    }
    let workbooks = starter::workbooks();
    let files = starter::files();
    let width = workbooks
        .iter()
        .map(|w| w.path.len())
        .chain(files.iter().map(|f| f.path.len()))
        .max()
        .unwrap_or(20);
    let mut written = Vec::new();
    for def in &workbooks {
        let mut wb = starter::workbook(def).with_context(|| format!("cannot make {}", def.path))?;
        let (dir, name) = place(root, def.path)?;
        Staged::write_with(&dir, &name, |w| {
            wb.save_to_writer(w)?;
            Ok(())
        })?
        .commit()?;
        written.push((def.path, def.what));
    }
    for def in &files {
        let (dir, name) = place(root, def.path)?;
        Staged::write_with(&dir, &name, |w| {
            use std::io::Write;
            w.write_all(def.text.as_bytes())?;
            Ok(())
        })?
        .commit()?;
        written.push((def.path, def.what));
    }
    eprintln!("Created a new project in {shown}:");
    for (path, what) in written {
        eprintln!("  {path:<width$}  {what}");
    }
    eprintln!(
        "Build its report with: actionplan --project {shown} build\n\
         Then replace the example rows with your own, and add sheets and columns in workbooks/dictionary.xlsx \
         (see {shown}/docs/workbooks.md); `actionplan template` writes blank workbooks for coordinators."
    );
    Ok(0)
}

/// The folder (created) and file name of a project-relative path.
fn place(root: &Path, rel: &str) -> Result<(std::path::PathBuf, String)> {
    let path = root.join(rel);
    let dir = path.parent().unwrap_or(root).to_path_buf();
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((dir, name))
}
