//! `actionplan __read-workbook FILE`: the child side of isolated reading.

use crate::cli::ReadWorkbookArgs;
use crate::read::{isolate, ReadLimits};

pub fn run(args: &ReadWorkbookArgs) -> i32 {
    let limits = ReadLimits {
        max_cells: args.max_cells,
        max_file_bytes: args.max_file_bytes,
        memory_bytes: args.memory_bytes,
        ..ReadLimits::default()
    };
    isolate::worker_main(&args.path, &limits)
}
