#![no_main]
//! The python front-end, through the whole scan: the same bytes as
//! app/service.py, tests/integration/test_api.py, app/migrations/0001_initial.py.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan_as(
        &[
            "app/service.py",
            "tests/integration/test_api.py",
            "app/migrations/0001_initial.py",
        ],
        data,
    );
});
