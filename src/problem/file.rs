//! Why a file in a project folder was not read: a link that leads out of its folder or to
//! nothing, something that is not a file (a named pipe, a device), a file too large to be what
//! it claims. Each kind carries the facts; its `Display` is what follows the file's name
//! ("plugins/lib/helpers.lua is a link to ..."; "the file is not a file but a named pipe ..."),
//! so the same sentence serves a plugin, a helper library and a workbook.

use std::fmt;
use std::fs::FileType;

use super::input::size;

/// What a path is when it is not a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAFile {
    Folder,
    NamedPipe,
    Device,
    Socket,
    Other,
}

impl NotAFile {
    /// What `kind` is, or `None` for a regular file.
    pub fn of(kind: FileType) -> Option<NotAFile> {
        if kind.is_file() {
            return None;
        }
        if kind.is_dir() {
            return Some(NotAFile::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Some(NotAFile::NamedPipe);
            }
            if kind.is_char_device() || kind.is_block_device() {
                return Some(NotAFile::Device);
            }
            if kind.is_socket() {
                return Some(NotAFile::Socket);
            }
        }
        Some(NotAFile::Other)
    }
}

impl fmt::Display for NotAFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NotAFile::Folder => "a folder",
            NotAFile::NamedPipe => "a named pipe (FIFO)",
            NotAFile::Device => "a device",
            NotAFile::Socket => "a socket",
            NotAFile::Other => "a special file",
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum FileProblem {
    /// A plugin or helper that is a link (or lies behind a linked folder) whose real place is
    /// outside plugins/: a plugin could read any file into the report through it.
    LinkOutside {
        target: String,
    },
    /// A link to something that does not exist.
    DanglingLink {
        target: String,
    },
    /// Not a regular file: reading a named pipe would wait for ever, a device has no end.
    NotAFile {
        what: NotAFile,
    },
    /// Larger than a file of its kind can sensibly be (`kind`: "a plugin", "a helper library").
    TooBig {
        bytes: u64,
        limit: u64,
        kind: &'static str,
    },
    Unreadable {
        error: String,
    },
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::LinkOutside { target } => write!(
                f,
                "is a link to {target}, outside the plugins folder, so it was not read: plugins may read only \
                 files inside plugins/ (a link out of it could put any file of this computer into the report); \
                 copy the file into plugins/ instead"
            ),
            FileProblem::DanglingLink { target } => write!(
                f,
                "is a link to {target}, which does not exist (was it moved or deleted?), so it was not read; \
                 put the file itself in its place, or remove the link"
            ),
            FileProblem::NotAFile { what } => write!(
                f,
                "is {what}, not an ordinary file, so it was not read; remove it, and put the file itself in its place"
            ),
            FileProblem::TooBig { bytes, limit, kind } => write!(
                f,
                "is {}, larger than the {} {kind} may be (it is a few pages of Lua: is it the right file?)",
                size(*bytes),
                size(*limit)
            ),
            FileProblem::Unreadable { error } => write!(f, "cannot be read ({error})"),
        }
    }
}

impl FileProblem {
    /// One of each kind, for tests and for documentation of the messages.
    pub fn examples() -> Vec<FileProblem> {
        vec![
            FileProblem::LinkOutside {
                target: "/home/me/.env".into(),
            },
            FileProblem::DanglingLink {
                target: "../common/states.xlsx".into(),
            },
            FileProblem::NotAFile {
                what: NotAFile::NamedPipe,
            },
            FileProblem::NotAFile {
                what: NotAFile::Device,
            },
            FileProblem::TooBig {
                bytes: 1536 * 1024 * 1024,
                limit: 1024 * 1024,
                kind: "a helper library",
            },
            FileProblem::Unreadable {
                error: "permission denied".into(),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_as_written() {
        let shown: Vec<String> = FileProblem::examples()
            .iter()
            .map(|p| format!("plugins/lib/helpers.lua {p}"))
            .collect();
        assert_eq!(
            shown,
            [
                "plugins/lib/helpers.lua is a link to /home/me/.env, outside the plugins folder, so it was not read: plugins may read only files inside plugins/ (a link out of it could put any file of this computer into the report); copy the file into plugins/ instead",
                "plugins/lib/helpers.lua is a link to ../common/states.xlsx, which does not exist (was it moved or deleted?), so it was not read; put the file itself in its place, or remove the link",
                "plugins/lib/helpers.lua is a named pipe (FIFO), not an ordinary file, so it was not read; remove it, and put the file itself in its place",
                "plugins/lib/helpers.lua is a device, not an ordinary file, so it was not read; remove it, and put the file itself in its place",
                "plugins/lib/helpers.lua is 1.5 GB, larger than the 1 MB a helper library may be (it is a few pages of Lua: is it the right file?)",
                "plugins/lib/helpers.lua cannot be read (permission denied)",
            ]
        );
    }
}
