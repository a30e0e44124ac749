//! The workbook reader (calamine and our streaming around it) over arbitrary files, in this
//! process. In the tool each file is read in a child process with a memory limit and a
//! deadline, so what this finds (a panic caught as "damaged", a long loop, a large
//! allocation) is what those limits contain; run with -rss_limit_mb and -timeout to see it.
//! The first byte of an input chooses the extension: 0 xlsx, 1 xls, 2 xlsb, 3 ods (mod 4).
#![no_main]

use std::collections::HashSet;
use std::sync::{Mutex, Once};

use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();
static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    // Panics inside the reader are caught and reported as a damaged file, as in the tool:
    // print each place once instead of stopping the run.
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
            if seen.get_or_insert_with(HashSet::new).insert(at.clone()) {
                eprintln!("caught panic at {at}: {info}");
            }
        }));
    });
    let dir = std::env::temp_dir();
    actionplan::testing::read_file(&dir, data);
});
