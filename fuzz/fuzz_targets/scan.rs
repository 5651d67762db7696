#![no_main]
//! The whole scan on arbitrary `(path, bytes)` pairs (see
//! `candor_fuzz::decode_files` for the encoding).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan(&candor_fuzz::decode_files(data));
});
