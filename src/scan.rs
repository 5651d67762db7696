//! The pipeline: per-file rules and facts, the index, repository rules,
//! late rules, then filters (per-file ignores, suppressions) and sorting.

use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::finding::{Diagnostic, Finding};
use crate::index::{FileFacts, Index};
use crate::report::Report;
use crate::rules::{self, FileContext, RepoContext, Rule};
use crate::suppression;
use crate::workspace::{SourceFile, Workspace};

#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Report `candor: ignore[...]` selectors that matched nothing.
    pub report_unused_suppressions: bool,
    /// In PR mode: the files the pull request changes (display paths).
    /// Rules about changes (a model changed without a migration) read it.
    pub changed_files: Option<Vec<ChangedFile>>,
}

/// A file a pull request touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    pub status: ChangeStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStatus {
    Added,
    Modified,
    Removed,
    Renamed,
}

struct FileOutput {
    findings: Vec<Finding>,
    facts: FileFacts,
    diagnostics: Vec<Diagnostic>,
}

/// Analyses one file; a panic anywhere in its rules or parsers becomes an
/// internal-error diagnostic for that file instead of ending the scan. The
/// panic's payload is not shown: it can quote the file's text.
fn analyze_file(file: &SourceFile, config: &Config, rules: &[&'static dyn Rule]) -> FileOutput {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze_file_unguarded(file, config, rules)
    }))
    .unwrap_or_else(|_| FileOutput {
        findings: Vec::new(),
        facts: FileFacts {
            path: file.path.clone(),
            rel: file.rel.clone(),
            is_test: file.tier.is_test(),
            ..FileFacts::default()
        },
        diagnostics: vec![Diagnostic::internal_error(&file.path)],
    })
}

fn analyze_file_unguarded(
    file: &SourceFile,
    config: &Config,
    rules: &[&'static dyn Rule],
) -> FileOutput {
    let arena = crate::lang::typescript::Allocator::default();
    let ctx = FileContext::new(file, config, &arena);
    let mut findings = Vec::new();
    for rule in rules {
        rule.check_file(&ctx, &mut findings);
    }
    let facts = FileFacts::collect(&ctx);
    FileOutput {
        findings,
        facts,
        diagnostics: ctx.into_diagnostics(),
    }
}

/// Scans a workspace. Pure: the same workspace and configuration always give
/// the same report.
pub fn scan(ws: &Workspace, config: &Config, options: &ScanOptions) -> Report {
    let enabled: Vec<&'static dyn Rule> = rules::registry()
        .iter()
        .copied()
        .filter(|r| config.is_enabled(r.meta().id))
        .collect();

    #[cfg(feature = "native")]
    let outputs: Vec<FileOutput> = {
        use rayon::prelude::*;
        ws.files
            .par_iter()
            .map(|f| analyze_file(f, config, &enabled))
            .collect()
    };
    #[cfg(not(feature = "native"))]
    let outputs: Vec<FileOutput> = ws
        .files
        .iter()
        .map(|f| analyze_file(f, config, &enabled))
        .collect();

    let mut findings = Vec::new();
    let mut diagnostics = ws.diagnostics.clone();
    let mut facts = Vec::with_capacity(outputs.len());
    for out in outputs {
        findings.extend(out.findings);
        diagnostics.extend(out.diagnostics);
        facts.push(out.facts);
    }
    let index = Index::build(facts);
    let memo = crate::rules::RepoMemo::default();

    let mut repo_findings = Vec::new();
    {
        let repo = RepoContext {
            files: &ws.files,
            index: &index,
            config,
            findings: &[],
            changed: options.changed_files.as_deref(),
            memo: &memo,
        };
        for rule in &enabled {
            rule.check_repo(&repo, &mut repo_findings);
        }
    }
    findings.extend(repo_findings);
    let mut late = Vec::new();
    {
        let repo = RepoContext {
            files: &ws.files,
            index: &index,
            config,
            findings: &findings,
            changed: options.changed_files.as_deref(),
            memo: &memo,
        };
        for rule in &enabled {
            rule.check_late(&repo, &mut late);
        }
    }
    findings.extend(late);

    let findings = filter(ws, config, findings, options);
    // The scorecard reads every finding that survived suppressions.
    let scorecard = crate::score::Scorecard::compute(&RepoContext {
        files: &ws.files,
        index: &index,
        config,
        findings: &findings,
        changed: options.changed_files.as_deref(),
        memo: &memo,
    });
    diagnostics.sort();
    diagnostics.dedup();
    let mut report = Report::new(findings, diagnostics, ws.files.len(), config);
    report.scorecard = scorecard;
    report
}

fn filter(
    ws: &Workspace,
    config: &Config,
    findings: Vec<Finding>,
    options: &ScanOptions,
) -> Vec<Finding> {
    let by_path: FxHashMap<&str, &SourceFile> =
        ws.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut per_file: FxHashMap<&str, Vec<Finding>> = FxHashMap::default();
    for mut f in findings {
        let Some(file) = by_path.get(f.path.as_str()) else {
            continue;
        };
        if config.is_ignored_for(f.rule, &file.rel) {
            continue;
        }
        if let Some(severity) = config.severity_override(f.rule) {
            f.severity = severity;
        }
        per_file.entry(file.path.as_str()).or_default().push(f);
    }
    let report_unused = options.report_unused_suppressions
        || config.is_enabled(rules::candor::UnusedSuppression::META.id);
    let mut out = Vec::new();
    for file in &ws.files {
        let mut fs = per_file.remove(file.path.as_str()).unwrap_or_default();
        if fs.is_empty() && !report_unused {
            continue;
        }
        suppression::apply(file, &mut fs, report_unused);
        out.extend(fs);
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup_by(|a, b| a.sort_key() == b.sort_key());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::rules::RuleMeta;

    /// A rule that panics on one file: the stand-in for any bug.
    struct PanicsOnBad;
    static META: RuleMeta = RuleMeta {
        id: "secret/test-panics",
        severity: Severity::Error,
        summary: "test",
        doc: "",
        default_enabled: true,
    };
    impl Rule for PanicsOnBad {
        fn meta(&self) -> &'static RuleMeta {
            &META
        }
        fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
            assert!(
                ctx.file.rel != "bad.py",
                "a bug that quotes {}",
                ctx.file.text
            );
            out.push(Finding::new(META.id, Severity::Error, ctx.file, 0..1, "ok"));
        }
    }

    #[test]
    fn a_panic_in_one_file_is_an_internal_error_for_that_file_only() {
        let config = Config::default();
        let rules: Vec<&'static dyn Rule> = vec![&PanicsOnBad];
        let bad = SourceFile::for_test("bad.py", "password = 'hunter2hunter2'\n");
        let good = SourceFile::for_test("good.py", "x = 1\n");
        let out = analyze_file(&bad, &config, &rules);
        assert!(out.findings.is_empty());
        assert_eq!(out.diagnostics.len(), 1);
        assert!(out.diagnostics[0].is_internal_error());
        assert_eq!(out.diagnostics[0].path, "bad.py");
        assert!(!out.diagnostics[0].message.contains("hunter2"));
        let out = analyze_file(&good, &config, &rules);
        assert_eq!(out.findings.len(), 1);
        assert!(out.diagnostics.is_empty());
    }
}
