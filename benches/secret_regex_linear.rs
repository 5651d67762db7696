//! Inputs crafted to be slow for the secret detectors: long runs right
//! after credential keywords, quotes never closed, `=` repeated, base64
//! alphabets without an end. Prints the time per byte at growing sizes;
//! linear scanning keeps the column flat (a backtracking regex would grow
//! with the size).
//!
//!     cargo bench --bench secret_regex_linear

use std::time::{Duration, Instant};

fn bait(size: usize) -> String {
    let unit = [
        "password = \"",
        "api_key=",
        "Authorization: Bearer ",
        "token: '",
        "secret",
        " = ",
        "AKIA",
        "ghp_",
        "-----BEGIN ",
    ];
    let mut text = String::with_capacity(size + 64);
    let mut i = 0;
    while text.len() < size {
        text.push_str(unit[i % unit.len()]);
        // A long run of what a secret is made of, never terminated.
        let run = "A1b2C3d4".repeat(64 + (i % 7) * 32);
        text.push_str(&run);
        i += 1;
    }
    text
}

fn time(f: impl Fn()) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        f();
        best = best.min(start.elapsed());
    }
    best
}

fn main() {
    println!("{:>10}  {:>12}  {:>10}", "bytes", "best of 3", "ns/byte");
    for size in [64 << 10, 256 << 10, 1 << 20, 4 << 20] {
        for (name, rel) in [("settings", "config/settings.env"), ("code", "app/main.py")] {
            let text = bait(size);
            let t = time(|| {
                std::hint::black_box(candor::rules::secret::engine::compute(rel, &text, false));
            });
            println!(
                "{:>10}  {:>10.1}ms  {:>10.2}  {name}",
                text.len(),
                t.as_secs_f64() * 1e3,
                t.as_nanos() as f64 / text.len() as f64
            );
        }
    }
}
