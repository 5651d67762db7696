//! Shared by the integration tests: scan a folder through the same path the
//! CLI takes, and print findings in a compact, snapshot-friendly form.
#![allow(dead_code)]

use std::path::Path;
use std::sync::atomic::AtomicUsize;

use candor::discover::{self, Request};
use candor::{Report, ScanOptions};

pub fn scan(dir: &Path, select: Option<Vec<String>>) -> Report {
    scan_with(dir, select, ScanOptions::default())
}

pub fn scan_with(dir: &Path, select: Option<Vec<String>>, options: ScanOptions) -> Report {
    let request = Request {
        paths: vec![dir.to_path_buf()],
        select,
        options,
        ..Request::default()
    };
    discover::run(&request, &AtomicUsize::new(0))
        .expect("scan runs")
        .report
}

/// `path:line:col-end_line:end_col severity rule message`, paths relative to
/// `dir`, one finding per line.
pub fn compact(report: &Report, dir: &Path) -> String {
    let prefix = format!("{}/", dir.to_string_lossy().replace('\\', "/"));
    let mut out = String::new();
    for f in &report.findings {
        let path = f.path.strip_prefix(&prefix).unwrap_or(&f.path);
        out.push_str(&format!(
            "{path}:{}:{}-{}:{} {} {} {}\n",
            f.line, f.column, f.end_line, f.end_column, f.severity, f.rule, f.message
        ));
    }
    for d in &report.diagnostics {
        let path = d.path.strip_prefix(&prefix).unwrap_or(&d.path);
        out.push_str(&format!("diagnostic {path}: {}\n", d.message));
    }
    out
}
