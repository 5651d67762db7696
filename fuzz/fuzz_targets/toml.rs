#![no_main]
//! The TOML front-end: the bytes as candor's own configuration (both file
//! forms), then through the whole scan as pyproject.toml, Cargo.toml and a
//! settings file.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = candor::Config::from_file_text(&text, "candor.toml");
    let _ = candor::Config::from_file_text(&text, "pyproject.toml");
    candor_fuzz::scan_as(
        &["pyproject.toml", "Cargo.toml", "config/settings.toml"],
        data,
    );
});
