//! Every output of a report made from the fuzzer's bytes (texts of raw bytes, numbers at the
//! edges, charts with gaps or no categories): each must be written, and open. See
//! `actionplan::testing::outputs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("actionplan-fuzz-outputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    actionplan::testing::outputs(&dir, data);
});
