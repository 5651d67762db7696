#![no_main]
//! The rust front-end, through the whole scan: the same bytes as
//! src/lib.rs, tests/integration.rs, migration/src/m20240101_create.rs.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan_as(
        &[
            "src/lib.rs",
            "tests/integration.rs",
            "migration/src/m20240101_create.rs",
        ],
        data,
    );
});
