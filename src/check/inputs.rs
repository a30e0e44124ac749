//! The first stage: the workbook files of the project, and what reading them gave. Files
//! that are not workbooks, workbooks open in a spreadsheet program, and files or sheets that
//! could not be read become problems; the workbooks that were read go on to the next stage.

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::model::table::Input;
use crate::problem::{InputProblem, Place, Problem, Problems, ReadFailure};
use crate::project::Project;
use crate::read::RawWorkbook;

/// A workbook that was read.
pub struct Workbook {
    /// Project-relative path ("workbooks/states.xlsx").
    pub file: String,
    pub raw: RawWorkbook,
}

/// The workbook files to read, with a warning for each file that is not read (another
/// format) and each workbook open in a spreadsheet program. Fails when there is none.
pub fn workbook_files(project: &Project, problems: &mut Problems) -> Result<Vec<PathBuf>> {
    let files = project.workbook_files()?;
    if files.files.is_empty() {
        let problem = InputProblem::NoWorkbooks {
            folder: project.relative(&project.workbooks),
            unread: files.unread.iter().map(|p| project.relative(p)).collect(),
        };
        bail!("{problem}");
    }
    for path in &files.unread {
        let place = Place::file(project.relative(path));
        problems.push(Problem::new(place, InputProblem::NotAWorkbook));
    }
    for (lock, original) in &files.locked {
        let target = project.workbooks.join(original);
        if target.exists() {
            let lock_file = lock.file_name().unwrap_or_default().to_string_lossy();
            let problem = InputProblem::OpenElsewhere {
                lock_file: lock_file.into_owned(),
            };
            problems.push(Problem::new(
                Place::file(project.relative(&target)),
                problem,
            ));
        }
    }
    Ok(files.files)
}

/// What reading gave, file by file: the workbooks read, and a record of every file (read or
/// not) for the report. Reading problems are reported with their file or sheet.
pub fn gather(
    project: &Project,
    files: &[PathBuf],
    read: Vec<Result<RawWorkbook, ReadFailure>>,
    problems: &mut Problems,
) -> (Vec<Workbook>, Vec<Input>) {
    let mut workbooks = Vec::new();
    let mut inputs = Vec::new();
    for (path, result) in files.iter().zip(read) {
        let file = project.relative(path);
        match result {
            Ok(mut raw) => {
                for s in &mut raw.sheets {
                    if s.keep_to_grid() {
                        let place = Place::sheet(&file, &s.name);
                        problems.push(Problem::new(place, InputProblem::BeyondGrid));
                    }
                }
                for note in &raw.notes {
                    let problem = InputProblem::FileNote(note.clone());
                    problems.push(Problem::new(Place::file(&file), problem));
                }
                for s in &raw.sheets {
                    if let Some(failure) = &s.error {
                        let problem = InputProblem::SheetUnreadable(failure.clone());
                        problems.push(Problem::new(Place::sheet(&file, &s.name), problem));
                    }
                }
                inputs.push(Input {
                    path: file.clone(),
                    sheets: raw.sheets.iter().map(|s| s.name.clone()).collect(),
                    read: true,
                });
                workbooks.push(Workbook { file, raw });
            }
            Err(failure) => {
                let problem = InputProblem::FileUnreadable(failure);
                problems.push(Problem::new(Place::file(&file), problem));
                inputs.push(Input {
                    path: file,
                    sheets: Vec::new(),
                    read: false,
                });
            }
        }
    }
    (workbooks, inputs)
}

/// The name of every sheet of the workbooks, readable or not, in order.
pub fn sheet_names(workbooks: &[Workbook]) -> Vec<String> {
    workbooks
        .iter()
        .flat_map(|w| w.raw.sheets.iter().map(|s| s.name.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::RawSheet;

    fn project() -> Project {
        let root = PathBuf::from("/p");
        Project {
            root: root.clone(),
            workbooks: root.join("workbooks"),
            plugins: root.join("plugins"),
        }
    }

    #[test]
    fn files_and_sheets_that_cannot_be_read_are_reported_and_recorded() {
        let p = project();
        let files = vec![p.workbooks.join("a.xlsx"), p.workbooks.join("b.xlsx")];
        let mut a = RawWorkbook::default();
        for (name, error) in [("S", None), ("T", Some(ReadFailure::Unknown))] {
            a.sheets.push(RawSheet {
                name: name.into(),
                error,
                ..RawSheet::default()
            });
        }
        let read = vec![Ok(a), Err(ReadFailure::Password)];
        let mut problems = Problems::new();
        let (workbooks, inputs) = gather(&p, &files, read, &mut problems);
        assert_eq!(workbooks.len(), 1);
        assert_eq!(workbooks[0].file, "workbooks/a.xlsx");
        assert_eq!(sheet_names(&workbooks), ["S", "T"]);
        assert_eq!(
            inputs
                .iter()
                .map(|i| (i.path.as_str(), i.read))
                .collect::<Vec<_>>(),
            [("workbooks/a.xlsx", true), ("workbooks/b.xlsx", false)]
        );
        let shown: Vec<String> = problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(shown.len(), 2);
        assert_eq!(
            shown[0],
            "error: workbooks/a.xlsx, sheet T: the sheet cannot be read"
        );
        assert!(
            shown[1].starts_with("error: workbooks/b.xlsx: the file is protected with a password")
        );
    }
}
