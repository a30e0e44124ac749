//! An xlsx package as calamine reads it, with each worksheet inflated once.
//!
//! calamine reads a worksheet's cells from its zip entry and stops at the end of the cells;
//! the merged regions come after them, and calamine would parse the whole sheet again to find
//! them. Here calamine is given a package rebuilt in memory around the file: its directory
//! says the worksheets are stored (not compressed), and when calamine reads one, the real
//! entry is inflated on the fly, once, and searched for `<mergeCell ref="…"/>` as it passes
//! ([`super::merges::Scanner`]); when calamine is done with the cells, the rest of the entry
//! goes through the search alone ([`Merges::finish`]). Every other part is the file's own
//! bytes. The directory keeps each entry's CRC-32 and sizes, so the zip reader checks the
//! inflated bytes as it would have checked its own.
//!
//! A package with anything unusual (ZIP64 sizes, non-ASCII names, encryption, a compression
//! other than deflate) is read as it is, and its merged regions are found by reading the
//! sheet again ([`super::merges::xlsx_merges`]).

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use zip::CompressionMethod;

use super::merges::Scanner;
use super::raw::Rect;
use super::split::{Part, Split};

/// What calamine reads an xlsx file through: the file itself, or the package rebuilt around
/// it.
pub enum Package {
    File(BufReader<File>),
    Rebuilt(Rebuilt),
}

impl Package {
    /// The package of the file at `path`, rebuilt when it can be, with the handle that gives
    /// each worksheet's merged regions. Of each big worksheet, only the rows of `part` are
    /// read ([`super::split`]); that needs the package rebuilt.
    pub fn open(path: &Path, part: Part) -> io::Result<(Package, Option<Merges>)> {
        let file = File::open(path)?;
        #[cfg(unix)]
        if let Some(mut state) = rebuild(&file) {
            state.part = part;
            let state = Rc::new(RefCell::new(state));
            return Ok((
                Package::Rebuilt(Rebuilt(state.clone())),
                Some(Merges(state)),
            ));
        }
        Ok((Package::File(BufReader::new(file)), None))
    }
}

impl Read for Package {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Package::File(f) => f.read(buf),
            Package::Rebuilt(r) => r.0.borrow_mut().read(buf),
        }
    }
}

impl Seek for Package {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match self {
            Package::File(f) => f.seek(to),
            Package::Rebuilt(r) => r.0.borrow_mut().seek(to),
        }
    }
}

/// The rebuilt package, shared with [`Merges`].
pub struct Rebuilt(Rc<RefCell<State>>);

/// Gives the merged regions of the worksheet calamine read last.
pub struct Merges(Rc<RefCell<State>>);

impl Merges {
    /// The merged regions (at most `max`) of the worksheet whose cells calamine has just
    /// read: the rest of its entry is inflated and searched. `None` when no worksheet was
    /// being read, or when its entry could not be inflated to its end.
    pub fn finish(&self, max: usize) -> Option<Vec<Rect>> {
        let mut state = self.0.borrow_mut();
        let mut sheet = state.sheet.take()?;
        if let Source::Split(split) = &sheet.source {
            if split.closed() {
                // The rest is the other process's (or there is none).
                return Some(Vec::new());
            }
        }
        sheet.drain().ok()?;
        Some(sheet.scanner.finish(max))
    }

    /// Whether the sheet calamine is reading is one the package inflates (and so reads only
    /// the part of, when parts are asked for).
    pub fn inflating(&self) -> bool {
        self.0.borrow().last.is_some()
    }
}

/// A part of the rebuilt package: bytes made here, the file's own bytes, or a worksheet
/// inflated on the fly.
enum Piece {
    Made(Vec<u8>),
    Own {
        offset: u64,
        len: u64,
    },
    Sheet {
        entry: usize,
        offset: u64,
        compressed: u64,
        len: u64,
        deflated: bool,
    },
}

impl Piece {
    fn len(&self) -> u64 {
        match self {
            Piece::Made(b) => b.len() as u64,
            Piece::Own { len, .. } | Piece::Sheet { len, .. } => *len,
        }
    }
}

struct State {
    file: Rc<File>,
    /// The pieces in order, each with where it starts in the rebuilt package.
    pieces: Vec<(u64, Piece)>,
    len: u64,
    pos: u64,
    /// The worksheet being inflated.
    sheet: Option<Inflating>,
    /// The worksheet entry of the last read, if it was of one.
    last: Option<usize>,
    part: Part,
}

/// What a worksheet entry is read through.
enum Source {
    Whole(Box<dyn Read>),
    Split(Box<Split<Box<dyn Read>>>),
}

/// A worksheet entry being inflated: what has come out so far is served from `buf` and
/// searched for merged regions on the way.
struct Inflating {
    entry: usize,
    source: Source,
    /// Bytes of the entry served so far.
    at: u64,
    len: u64,
    scanner: Scanner,
}

impl Inflating {
    /// Up to `out.len()` more bytes of the entry.
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let want = (out.len() as u64).min(self.len - self.at) as usize;
        if want == 0 {
            return Ok(0);
        }
        let n = match &mut self.source {
            Source::Whole(r) => r.read(&mut out[..want])?,
            // A part is shorter than the sheet.
            Source::Split(r) => {
                return r.read(&mut out[..want]).inspect(|n| {
                    self.scanner.feed(&out[..*n]);
                    self.at += *n as u64;
                })
            }
        };
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "unexpected EOF: the sheet's content ends before its declared size",
            ));
        }
        self.scanner.feed(&out[..n]);
        self.at += n as u64;
        Ok(n)
    }

    /// Inflates what calamine did not read, for the search.
    fn drain(&mut self) -> io::Result<()> {
        let mut buf = vec![0u8; 64 * 1024];
        while self.at < self.len {
            if self.read(&mut buf)? == 0 {
                break;
            }
        }
        Ok(())
    }
}

impl State {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len || out.is_empty() {
            return Ok(0);
        }
        let i = self
            .pieces
            .partition_point(|(start, _)| *start <= self.pos)
            .saturating_sub(1);
        let (start, piece) = &self.pieces[i];
        let within = self.pos - start;
        let room = (piece.len() - within).min(out.len() as u64) as usize;
        let out = &mut out[..room];
        let n = match piece {
            Piece::Made(bytes) => {
                out.copy_from_slice(&bytes[within as usize..within as usize + room]);
                room
            }
            Piece::Own { offset, .. } => {
                self.last = None;
                read_at(&self.file, offset + within, out)?
            }
            &Piece::Sheet {
                entry,
                offset,
                compressed,
                len,
                deflated,
            } => {
                let current = self
                    .sheet
                    .as_ref()
                    .is_some_and(|s| s.entry == entry && s.at == within);
                if !current {
                    // A worksheet read from its start (or, which calamine does not do, from
                    // elsewhere: inflated again up to there).
                    let raw = BufReader::with_capacity(
                        64 * 1024,
                        At {
                            file: self.file.clone(),
                            offset,
                            left: compressed,
                        },
                    );
                    let inflated: Box<dyn Read> = if deflated {
                        Box::new(flate2::read::DeflateDecoder::new(raw))
                    } else {
                        Box::new(raw)
                    };
                    let source = if self.part.is_whole() {
                        Source::Whole(inflated)
                    } else {
                        Source::Split(Box::new(Split::new(inflated, self.part)))
                    };
                    let mut sheet = Inflating {
                        entry,
                        source,
                        at: 0,
                        len,
                        scanner: Scanner::new(super::excel::MAX_MERGES),
                    };
                    let mut skip = vec![0u8; 64 * 1024];
                    while sheet.at < within {
                        let n = (within - sheet.at).min(skip.len() as u64) as usize;
                        if sheet.read(&mut skip[..n])? == 0 {
                            break;
                        }
                    }
                    self.sheet = Some(sheet);
                }
                self.last = Some(entry);
                self.sheet.as_mut().expect("set above").read(out)?
            }
        };
        self.pos += n as u64;
        Ok(n)
    }

    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = pos.ok_or(io::ErrorKind::InvalidInput)?;
        Ok(self.pos)
    }
}

/// The compressed bytes of an entry, read from the file at their offset.
struct At {
    file: Rc<File>,
    offset: u64,
    left: u64,
}

impl Read for At {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = (buf.len() as u64).min(self.left) as usize;
        if want == 0 {
            return Ok(0);
        }
        let n = read_at(&self.file, self.offset, &mut buf[..want])?;
        self.offset += n as u64;
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(_file: &File, _offset: u64, _buf: &mut [u8]) -> io::Result<usize> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether an entry is a worksheet's XML.
fn is_worksheet(name: &str) -> bool {
    let low = name.to_ascii_lowercase();
    low.contains("worksheets/") && low.ends_with(".xml")
}

/// The package rebuilt around `file`, or `None` when it has anything unusual.
#[cfg(unix)]
fn rebuild(file: &File) -> Option<State> {
    // What the directory must say of each entry.
    struct Entry {
        name: Vec<u8>,
        method: u16,
        crc: u32,
        compressed: u64,
        size: u64,
        data: u64,
        sheet: bool,
    }
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    if zip.len() > u16::MAX as usize {
        return None;
    }
    let mut entries = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).ok()?;
        let name = f.name_raw().to_vec();
        let (compressed, size) = (f.compressed_size(), f.size());
        if !name.is_ascii()
            || name.is_empty()
            || f.encrypted()
            || compressed >= u32::MAX as u64
            || size >= u32::MAX as u64
        {
            return None;
        }
        let method = match f.compression() {
            CompressionMethod::Stored => 0,
            CompressionMethod::Deflated => 8,
            _ => return None,
        };
        let data = f.data_start()?;
        let sheet = is_worksheet(std::str::from_utf8(&name).ok()?);
        entries.push(Entry {
            name,
            method,
            crc: f.crc32(),
            compressed,
            size,
            data,
            sheet,
        });
    }
    drop(zip);

    let mut pieces = Vec::new();
    let mut at: u64 = 0;
    let mut directory = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        // A worksheet is said to be stored, at its inflated size.
        let (method, stored_size) = if e.sheet {
            (0, e.size)
        } else {
            (e.method, e.compressed)
        };
        let header_at = u32::try_from(at).ok()?;
        let mut local = Vec::with_capacity(30 + e.name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&20u16.to_le_bytes()); // version needed
        local.extend_from_slice(&0u16.to_le_bytes()); // flags
        local.extend_from_slice(&method.to_le_bytes());
        local.extend_from_slice(&0u32.to_le_bytes()); // time and date
        local.extend_from_slice(&e.crc.to_le_bytes());
        local.extend_from_slice(&(stored_size as u32).to_le_bytes());
        local.extend_from_slice(&(e.size as u32).to_le_bytes());
        local.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes()); // extra field
        local.extend_from_slice(&e.name);
        at += local.len() as u64;
        pieces.push((at - local.len() as u64, Piece::Made(local)));
        let piece = if e.sheet {
            Piece::Sheet {
                entry: i,
                offset: e.data,
                compressed: e.compressed,
                len: e.size,
                deflated: e.method == 8,
            }
        } else {
            Piece::Own {
                offset: e.data,
                len: e.compressed,
            }
        };
        if piece.len() > 0 {
            pieces.push((at, piece));
            at += stored_size;
        }
        directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        directory.extend_from_slice(&20u16.to_le_bytes()); // version made by
        directory.extend_from_slice(&20u16.to_le_bytes()); // version needed
        directory.extend_from_slice(&0u16.to_le_bytes()); // flags
        directory.extend_from_slice(&method.to_le_bytes());
        directory.extend_from_slice(&0u32.to_le_bytes()); // time and date
        directory.extend_from_slice(&e.crc.to_le_bytes());
        directory.extend_from_slice(&(stored_size as u32).to_le_bytes());
        directory.extend_from_slice(&(e.size as u32).to_le_bytes());
        directory.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        directory.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
        directory.extend_from_slice(&header_at.to_le_bytes());
        directory.extend_from_slice(&e.name);
    }
    let directory_at = u32::try_from(at).ok()?;
    let mut end = Vec::with_capacity(22);
    end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    end.extend_from_slice(&[0; 4]); // disk numbers
    end.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    end.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    end.extend_from_slice(&u32::try_from(directory.len()).ok()?.to_le_bytes());
    end.extend_from_slice(&directory_at.to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes()); // comment
    at += directory.len() as u64;
    pieces.push((at - directory.len() as u64, Piece::Made(directory)));
    pieces.push((at, Piece::Made(end)));
    at += 22;
    Some(State {
        file: Rc::new(file.try_clone().ok()?),
        pieces,
        len: at,
        pos: 0,
        sheet: None,
        last: None,
        part: Part::WHOLE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    fn cells<R: Read + Seek>(wb: &mut Xlsx<R>, name: &str) -> Option<Vec<((u32, u32), String)>> {
        let mut r = wb.worksheet_cells_reader(name).ok()?;
        let mut v = Vec::new();
        while let Ok(Some(c)) = r.next_cell() {
            v.push((c.get_position(), format!("{:?}", c.get_value())));
        }
        Some(v)
    }

    /// Every default workbook and every xlsx file of the corpus: the same cells through the
    /// rebuilt package, and the merged regions calamine finds.
    #[test]
    fn the_rebuilt_package_reads_as_the_file_and_finds_the_merged_regions() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for dir in ["workbooks", "tests/corpus/xlsx"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "xlsx" || x == "xlsm") {
                    files.push(p);
                }
            }
        }
        files.sort();
        let (mut rebuilt, mut searched, mut merges) = (0, 0, 0);
        for path in &files {
            let Ok(mut plain) = calamine::open_workbook::<Xlsx<_>, _>(path) else {
                continue;
            };
            let (package, handle) = Package::open(path, Part::WHOLE).unwrap();
            let Some(handle) = handle else { continue };
            let mut ours = Xlsx::new(package).expect("opens as the file does");
            rebuilt += 1;
            for name in plain.sheet_names() {
                let expected = cells(&mut plain, &name);
                assert_eq!(
                    cells(&mut ours, &name),
                    expected,
                    "{} {name}",
                    path.display()
                );
                if expected.is_none() {
                    continue;
                }
                let found = handle.finish(100_000);
                let wanted: Vec<Rect> = plain
                    .merge_cells_by_sheet_name(&name)
                    .unwrap_or_default()
                    .iter()
                    .map(crate::read::excel::rect)
                    .collect();
                // None: the sheet's part is not in a worksheets/ folder (a package with its
                // parts at the root), and the caller searches it again.
                if let Some(found) = found {
                    merges += wanted.len();
                    searched += 1;
                    assert_eq!(found, wanted, "{} {name}", path.display());
                }
            }
        }
        assert!(rebuilt > 20, "{rebuilt} packages rebuilt");
        assert!(
            searched > 40,
            "{searched} sheets searched as they were read"
        );
        assert!(merges > 5);
    }
}
