//! What every fuzz target runs: the whole per-file and repository scan on
//! some files, then every output format. Any panic is a crash.

use candor::workspace::InputFile;
use candor::{Config, ScanOptions, Workspace};

/// Scans `files` (path relative to the root, raw bytes) with every rule
/// enabled, and renders the report in every format.
pub fn scan(files: &[(String, Vec<u8>)]) {
    // Built once: compiling the default globs per input would be most of
    // the time of an execution.
    static CONFIG: std::sync::LazyLock<Config> = std::sync::LazyLock::new(Config::default);
    let config = &*CONFIG;
    let inputs = files
        .iter()
        .map(|(path, bytes)| InputFile {
            path: path.clone(),
            rel: path.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    let ws = Workspace::new(inputs, &config.file_rules());
    let options = ScanOptions {
        report_unused_suppressions: true,
        ..ScanOptions::default()
    };
    let report = candor::scan(&ws, config, &options);
    let style = candor::report::text::Style { color: false };
    let _ = candor::report::text::render(&report, style, false);
    let _ = candor::report::text::diagnostics(&report, style);
    let _ = report.to_json();
    let _ = candor::report::sarif::render(&report);
    let _ = candor::report::github::render(&report);
    let _ =
        candor::report::markdown::render(&report, candor::report::markdown::GITHUB_COMMENT_LIMIT);
    let _ = candor::report::junit::render(&report, config.enabled_rules());
    let _ = candor::report::badge::svg(report.scorecard.as_ref());
}

/// One file at each of `paths`, all holding `bytes`: a front-end target
/// reaches its parser through every file name that selects it.
pub fn scan_as(paths: &[&str], bytes: &[u8]) {
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| (p.to_string(), bytes.to_vec()))
        .collect();
    scan(&files);
}

/// Decodes arbitrary bytes into `(path, bytes)` pairs: each record is a
/// path length byte, the path, two length bytes (little-endian), the
/// content; a short tail becomes one last file named `tail.py`.
pub fn decode_files(mut data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    while files.len() < 16 {
        let Some((&n, rest)) = data.split_first() else {
            break;
        };
        let n = usize::from(n % 64);
        if rest.len() < n + 2 {
            if !rest.is_empty() {
                files.push(("tail.py".to_string(), rest.to_vec()));
            }
            break;
        }
        let (name, rest) = rest.split_at(n);
        let len = usize::from(u16::from_le_bytes([rest[0], rest[1]]));
        let rest = &rest[2..];
        let (content, rest) = rest.split_at(len.min(rest.len()));
        let name = String::from_utf8_lossy(name)
            .replace('\\', "/")
            .trim_start_matches('/')
            .to_string();
        if !name.is_empty() && !files.iter().any(|(p, _)| *p == name) {
            files.push((name, content.to_vec()));
        }
        data = rest;
    }
    files
}
