#![no_main]
//! The typescript front-end, through the whole scan: the same bytes as
//! src/service.ts, web/App.tsx, tests/e2e/login.spec.js.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan_as(
        &["src/service.ts", "web/App.tsx", "tests/e2e/login.spec.js"],
        data,
    );
});
