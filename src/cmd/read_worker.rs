//! `actionplan __read-workbook`: the child side of isolated reading (the paths of the files
//! to read come on stdin, see `read::isolate`).

use crate::cli::ReadWorkbookArgs;
use crate::read::{isolate, ReadLimits};

pub fn run(args: &ReadWorkbookArgs) -> i32 {
    let limits = ReadLimits {
        max_cells: args.max_cells,
        max_file_bytes: args.max_file_bytes,
        memory_bytes: args.memory_bytes,
        ..ReadLimits::default()
    };
    isolate::worker_main(&limits)
}
