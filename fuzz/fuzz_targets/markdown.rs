#![no_main]
//! The markdown front-end, through the whole scan: the same bytes as
//! README.md, docs/STATUS.md, docs/guide.rst.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan_as(&["README.md", "docs/STATUS.md", "docs/guide.rst"], data);
});
