//! Bounded property tests, the normal suite's share of the fuzzing (fuzz/README.md has the
//! long runs):
//!
//! - whatever sheets a reader hands over, the checking layer (dictionary, header detection,
//!   cell checks, merging into tables, report renderers) never panics;
//! - damaged copies of real workbooks are each read or refused by the limited reading
//!   process, within its time limit, and never take the build down.
//!
//! Cases are drawn from a fixed seed, so a failure repeats; ACTIONPLAN_FUZZ_CASES=N runs N
//! cases of each instead of the default, and ACTIONPLAN_FUZZ_SEED=S another sequence.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use actionplan::testing::{read_workbook, Isolation, ReadLimits};

use crate::support::corpus;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn the_checking_layer_accepts_any_sheet_a_reader_can_hand_over() {
    let cases = setting("ACTIONPLAN_FUZZ_CASES", 2000);
    let mut rng = Rng(setting("ACTIONPLAN_FUZZ_SEED", 0x5EED) | 1);
    let started = Instant::now();
    for case in 0..cases {
        let len = rng.below(1500);
        let data = rng.bytes(len);
        if let Err(panic) =
            catch_unwind(AssertUnwindSafe(|| actionplan::testing::validation(&data)))
        {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| {
                    panic
                        .downcast_ref::<&str>()
                        .map(std::string::ToString::to_string)
                })
                .unwrap_or_default();
            panic!(
                "case {case} panicked: {message}\nreproduce with fuzz/ (cargo fuzz run validation <file>) on the bytes:\n{}",
                data.iter().map(|b| format!("{b:02x}")).collect::<String>()
            );
        }
    }
    eprintln!("{cases} cases in {:?}", started.elapsed());
}

/// One random change: flip bytes, cut the file short, repeat or delete a stretch.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    match rng.below(5) {
        0 | 1 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(data.len());
                if let Some(b) = data.get_mut(i) {
                    *b = rng.next() as u8;
                }
            }
        }
        2 => data.truncate(rng.below(data.len())),
        3 => {
            let start = rng.below(data.len());
            let end = (start + rng.below(4096)).min(data.len());
            let copy = data[start..end].to_vec();
            let at = rng.below(data.len());
            data.splice(at..at, copy);
        }
        _ => {
            let start = rng.below(data.len());
            let end = (start + rng.below(512)).min(data.len());
            data.drain(start..end);
        }
    }
}

#[test]
fn damaged_copies_of_real_workbooks_are_read_or_refused_within_the_limits() {
    let seeds = [
        "gen__rust_xlsxwriter_sample.xlsx",
        "sheetjs__1904.xls",
        "gen__multiscript_libreoffice.ods",
        "calamine__any_sheets.xlsb",
        "sheetjs__DataTypesFormats.xlsx",
        "sheetjs__issue2717.biff5.xls",
    ];
    let cases = setting("ACTIONPLAN_FUZZ_CASES", 120);
    let mut rng = Rng(setting("ACTIONPLAN_FUZZ_SEED", 0xF11E) | 1);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = Isolation::Child(PathBuf::from(env!("CARGO_BIN_EXE_actionplan")));
    let limits = ReadLimits {
        memory_bytes: 512 * 1024 * 1024,
        timeout: Duration::from_secs(10),
        ..ReadLimits::default()
    };
    let (mut read, mut refused) = (0, 0);
    for case in 0..cases {
        let seed = seeds[rng.below(seeds.len())];
        let mut data = std::fs::read(corpus(seed)).unwrap();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut data);
        }
        let ext = seed.rsplit('.').next().unwrap();
        let path = dir.join(format!("case-{case}.{ext}"));
        std::fs::write(&path, &data).unwrap();
        let started = Instant::now();
        match read_workbook(&path, &exe, &limits) {
            Ok(_) => read += 1,
            Err(message) => {
                refused += 1;
                assert!(
                    !message.trim().is_empty(),
                    "case {case} ({seed}): an empty message"
                );
            }
        }
        // The reading process is abandoned at 10 s; allow for a slow machine on top.
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "case {case} ({seed}) took {:?}",
            started.elapsed()
        );
        std::fs::remove_file(&path).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("{cases} damaged files: {read} read, {refused} refused");
}
