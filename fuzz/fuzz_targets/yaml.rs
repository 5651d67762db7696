#![no_main]
//! The yaml front-end, through the whole scan: the same bytes as
//! .github/workflows/ci.yml, docker-compose.yml, k8s/secret.yaml, .gitlab-ci.yml.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan_as(
        &[
            ".github/workflows/ci.yml",
            "docker-compose.yml",
            "k8s/secret.yaml",
            ".gitlab-ci.yml",
        ],
        data,
    );
});
