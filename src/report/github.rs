//! GitHub Actions workflow commands (`::error file=…::message`), the
//! `--format github` output and the fallback annotations of `candor github`.
//!
//! Escaping follows `actions/toolkit` (`packages/core/src/command.ts`): data
//! escapes `%`, `\r`, `\n`; property values also escape `:` and `,`.
//! GitHub shows at most 10 annotations per level per step and 50 per job and
//! drops the rest silently, so [`capped`] picks the most severe first.

use std::fmt::Write;

use super::Report;
use crate::finding::{Finding, Severity};

/// Annotations GitHub shows per level in one step.
pub const MAX_PER_LEVEL: usize = 10;
/// Annotations GitHub shows per job.
pub const MAX_PER_JOB: usize = 50;

/// Escapes a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command level for a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One finding as a workflow command line (with a trailing newline).
/// `path` is the repository-relative path GitHub should annotate.
pub fn annotation(f: &Finding, path: &str) -> String {
    let mut message = f.message.clone();
    if let Some(fix) = &f.fix {
        message.push_str(&format!("\nFix: {fix}"));
    }
    format!(
        "::{} file={},line={},endLine={},col={},endColumn={},title={}::{}\n",
        command(f.severity),
        escape_property(path),
        f.line,
        f.end_line.max(f.line),
        f.column,
        f.end_column,
        escape_property(&format!("candor {}", f.rule)),
        escape_data(&message)
    )
}

/// Every finding as a workflow command, in report order (`--format github`).
/// Uncapped: GitHub keeps the first 10 per level; `candor github` uses
/// [`capped`] instead.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&annotation(f, &f.path));
    }
    for d in &report.diagnostics {
        let _ = writeln!(
            out,
            "::warning file={},title=candor::{}",
            escape_property(&d.path),
            escape_data(&d.message)
        );
    }
    out
}

/// The findings GitHub will actually show when sent as workflow commands
/// from one step: most severe first (then report order), at most
/// [`MAX_PER_LEVEL`] per level and [`MAX_PER_JOB`] in all. Returns the chosen
/// findings and how many were left out.
pub fn capped<'a>(findings: &[&'a Finding]) -> (Vec<&'a Finding>, usize) {
    let mut sorted: Vec<&Finding> = findings.to_vec();
    sorted.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.sort_key().cmp(&b.sort_key()))
    });
    let mut per_level = [0usize; 3];
    let mut shown = Vec::new();
    for f in sorted {
        let slot = &mut per_level[f.severity as usize];
        if *slot < MAX_PER_LEVEL && shown.len() < MAX_PER_JOB {
            *slot += 1;
            shown.push(f);
        }
    }
    let omitted = findings.len() - shown.len();
    (shown, omitted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::SourceFile;

    fn finding(sev: Severity, line: usize) -> Finding {
        let text = "a\n".repeat(40);
        let file = SourceFile::for_test("x.py", &text);
        let start = (line - 1) * 2;
        Finding::new("mock/x", sev, &file, start..start + 1, "m")
    }

    #[test]
    fn escapes_per_the_toolkit() {
        assert_eq!(escape_data("50% a\r\nb:c,d"), "50%25 a%0D%0Ab:c,d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn annotation_escapes_path_title_and_message() {
        let file = SourceFile::for_test("a,b:c.py", "x = 1\n");
        let f = Finding::new("mock/x", Severity::Warning, &file, 0..1, "50%\nnext")
            .with_fix("do: this, now");
        assert_eq!(
            annotation(&f, &f.path),
            "::warning file=a%2Cb%3Ac.py,line=1,endLine=1,col=1,endColumn=2,title=candor mock/x::50%25%0Anext%0AFix: do: this, now\n"
        );
    }

    #[test]
    fn capped_keeps_the_most_severe_first() {
        let mut all = Vec::new();
        for i in 1..=15 {
            all.push(finding(Severity::Info, i));
            all.push(finding(Severity::Error, i));
            all.push(finding(Severity::Warning, i));
        }
        let refs: Vec<&Finding> = all.iter().collect();
        let (shown, omitted) = capped(&refs);
        assert_eq!(shown.len(), 30);
        assert_eq!(omitted, 15);
        assert!(shown[..10].iter().all(|f| f.severity == Severity::Error));
        assert_eq!(shown[0].line, 1);
        assert!(
            shown[10..20]
                .iter()
                .all(|f| f.severity == Severity::Warning)
        );
    }
}
