//! The checking layer (dictionary, headers, cell checks, tables, renderers) over sheets made
//! from the fuzzer's bytes. Any panic is a bug: this layer runs inside the build itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    actionplan::testing::validation(data);
});
