#![no_main]
//! The dotenv front-end, through the whole scan: the same bytes as
//! .env, .env.example, config/.env.production.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan_as(&[".env", ".env.example", "config/.env.production"], data);
});
