//! The human format: ruff-like code frames and a summary line.

use std::fmt::Write;

use super::Report;
use crate::finding::{Finding, Severity};

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(self, s: &str) -> String {
        self.paint("2;34", s)
    }
    fn severity(self, sev: Severity, s: &str) -> String {
        match sev {
            Severity::Error => self.paint("1;31", s),
            Severity::Warning => self.paint("1;33", s),
            Severity::Info => self.paint("1;36", s),
        }
    }
}

/// Findings with code frames, then a summary line. `quiet` prints only the
/// one-line `path:line:col: rule message` form and no summary.
pub fn render(report: &Report, style: Style, quiet: bool) -> String {
    let mut out = String::new();
    for f in &report.findings {
        if quiet {
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {}",
                f.path, f.line, f.column, f.rule, f.message
            );
        } else {
            render_finding(&mut out, f, style);
        }
    }
    if !quiet {
        out.push_str(&summary_line(report, style));
    }
    out
}

fn render_finding(out: &mut String, f: &Finding, style: Style) {
    let _ = writeln!(
        out,
        "{}:{}:{}: {} {}",
        style.bold(&f.path),
        f.line,
        f.column,
        style.severity(f.severity, f.rule),
        f.message
    );
    let gutter = f.line.to_string().len();
    let pad = " ".repeat(gutter);
    let s = &f.snippet;
    let _ = writeln!(out, "{pad} {}", style.dim("|"));
    let text = s.text.replace('\t', " ");
    let _ = writeln!(
        out,
        "{} {} {}",
        style.dim(&f.line.to_string()),
        style.dim("|"),
        text
    );
    let caret = format!(
        "{}{}",
        " ".repeat(s.caret_column.saturating_sub(1)),
        "^".repeat(s.caret_width.max(1))
    );
    let _ = writeln!(
        out,
        "{pad} {} {}",
        style.dim("|"),
        style.severity(f.severity, &caret)
    );
    for r in &f.related {
        let _ = writeln!(
            out,
            "{pad} {} also at {}:{}:{}: {}",
            style.dim("="),
            r.path,
            r.line,
            r.column,
            r.message
        );
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(out, "{pad} {} fix: {fix}", style.dim("="));
    }
    out.push('\n');
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn summary_line(report: &Report, style: Style) -> String {
    let s = &report.summary;
    if s.findings == 0 {
        return format!(
            "{} in {}.\n",
            style.bold("No findings"),
            plural(s.files, "file", "files")
        );
    }
    let mut sev = Vec::new();
    for (n, one, many) in [
        (s.errors, "error", "errors"),
        (s.warnings, "warning", "warnings"),
        (s.infos, "info", "infos"),
    ] {
        if n > 0 {
            sev.push(plural(n, one, many));
        }
    }
    let fams: Vec<String> = s
        .by_family
        .iter()
        .map(|(f, n)| format!("{f}: {n}"))
        .collect();
    format!(
        "{} ({}) in {}. By family: {}.\n",
        style.bold(&format!(
            "Found {}",
            plural(s.findings, "finding", "findings")
        )),
        sev.join(", "),
        plural(s.files, "file", "files"),
        fams.join(", ")
    )
}

/// `--statistics`: one line per rule, most frequent first (like ruff).
pub fn statistics(report: &Report) -> String {
    let mut rows: Vec<(&String, &usize)> = report.summary.by_rule.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (rule, n) in rows {
        let summary = crate::rules::find(rule).map_or("", |m| m.summary);
        let _ = writeln!(out, "{n:>5}  {rule:<width$}  {summary}");
    }
    out
}

/// Diagnostics, one per line, for stderr.
pub fn diagnostics(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(
            out,
            "{}: {}: {}",
            style.paint("1;33", "warning"),
            d.path,
            d.message
        );
    }
    out
}
