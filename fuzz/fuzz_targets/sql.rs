#![no_main]
//! The sql front-end, through the whole scan: the same bytes as
//! migrations/V1__init.sql, db/migrate/001_create.sql, schema.sql.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    candor_fuzz::scan_as(
        &[
            "migrations/V1__init.sql",
            "db/migrate/001_create.sql",
            "schema.sql",
        ],
        data,
    );
});
