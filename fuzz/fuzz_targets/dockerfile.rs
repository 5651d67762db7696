#![no_main]
//! The dockerfile front-end, through the whole scan: the same bytes as
//! Dockerfile, docker/Dockerfile.worker.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan_as(&["Dockerfile", "docker/Dockerfile.worker"], data);
});
