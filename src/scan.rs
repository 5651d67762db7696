//! The pipeline: per-file rules and facts, the index, repository rules,
//! late rules, then filters (per-file ignores, suppressions) and sorting.

use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::finding::{Diagnostic, Finding};
use crate::index::evidence::{Evidence, FileEvidence};
use crate::index::{FactRequest, FileFacts, Index};
use crate::lang::parsed::ParsedFile;
use crate::report::Report;
use crate::rules::{self, FileContext, RepoContext, Rule};
use crate::suppression;
pub use crate::workspace::{ChangeStatus, ChangedFile};
use crate::workspace::{SourceFile, Workspace};

#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Report `candor: ignore[...]` selectors that matched nothing.
    pub report_unused_suppressions: bool,
    /// In PR mode: the files the pull request changes (display paths).
    /// Rules about changes (a model changed without a migration) read it.
    pub changed_files: Option<Vec<ChangedFile>>,
}

struct FileOutput {
    findings: Vec<Finding>,
    facts: FileFacts,
    /// `None`: the file shows no evidence (most files; a record is about
    /// 500 bytes, 50 MB on a 100k-file tree).
    evidence: Option<Box<FileEvidence>>,
    diagnostics: Vec<Diagnostic>,
}

/// A [`FileOutput`] as [`scan`] unzips it: facts, evidence, and what is
/// reported (findings, diagnostics).
type SplitOutput = (
    FileFacts,
    (Option<Box<FileEvidence>>, (Vec<Finding>, Vec<Diagnostic>)),
);

impl FileOutput {
    fn split(self) -> SplitOutput {
        (
            self.facts,
            (self.evidence, (self.findings, self.diagnostics)),
        )
    }
}

/// Analyses one file; a panic anywhere in its rules or parsers becomes an
/// internal-error diagnostic for that file instead of ending the scan. The
/// panic's payload is not shown: it can quote the file's text.
fn analyze_file(
    file: &SourceFile,
    settings: &rules::Settings,
    rules: &[&'static dyn Rule],
    wanted: &FactRequest,
) -> FileOutput {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze_file_unguarded(file, settings, rules, wanted)
    }))
    .unwrap_or_else(|_| FileOutput {
        findings: Vec::new(),
        facts: FileFacts {
            path: file.path.clone(),
            rel: file.rel.clone(),
            is_test: file.tier.is_test(),
            ..FileFacts::default()
        },
        evidence: None,
        diagnostics: vec![Diagnostic::internal_error(&file.path)],
    })
}

fn analyze_file_unguarded(
    file: &SourceFile,
    settings: &rules::Settings,
    rules: &[&'static dyn Rule],
    wanted: &FactRequest,
) -> FileOutput {
    let arena = crate::lang::typescript::Allocator::default();
    let parsed = ParsedFile::new(file, &arena);
    let mut findings = Vec::new();
    {
        let ctx = FileContext::new(&parsed, settings);
        for rule in rules {
            let from = findings.len();
            rule.check_file(&ctx, &mut findings);
            apply_severity(&mut findings[from..], *rule, settings);
        }
    }
    let facts = FileFacts::collect(&parsed, wanted);
    let evidence = FileEvidence::collect(&parsed, wanted.stubs).boxed();
    FileOutput {
        findings,
        facts,
        evidence,
        diagnostics: parsed.into_diagnostics(),
    }
}

/// The one place secrets are masked in what is shown: every span a secret
/// detector matches in a finding's line or message, whatever its rule, and
/// in every diagnostic. Every surface prints from the report, so nothing
/// shown escapes this.
fn mask_secrets(ws: &Workspace, findings: &mut [Finding], diagnostics: &mut [Diagnostic]) {
    let rel: FxHashMap<&str, &str> = ws
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.rel.as_str()))
        .collect();
    for f in findings {
        let file = rel
            .get(f.path.as_str())
            .copied()
            .unwrap_or("displayed-line.txt");
        let file = file.to_string();
        f.mask(|t| rules::secret::displayed_spans(&file, t));
    }
    for d in diagnostics {
        d.mask(|t| {
            crate::finding::mask_text(t, rules::secret::displayed_spans("diagnostic.txt", t))
        });
    }
}

/// The one place a configured severity is applied: rules report at their
/// default severity, and the pipeline sets the configured one as each
/// rule's findings come out (so late rules see final severities).
fn apply_severity(findings: &mut [Finding], rule: &dyn Rule, settings: &rules::Settings) {
    let severity = settings.severity_of(rule.meta());
    for f in findings {
        f.severity = severity;
    }
}

/// The facts the enabled rules read: only node/ and migration/ read the
/// per-file index facts, so with both deselected no file is parsed for them.
pub(crate) fn fact_request(settings: &rules::Settings) -> FactRequest {
    let packs = settings.node.packs();
    FactRequest {
        enabled: settings.any_enabled_in(&["node", "migration"]),
        reference_calls: packs
            .iter()
            .flat_map(|p| p.reference_calls.iter().cloned())
            .collect(),
        registry_calls: packs
            .iter()
            .flat_map(|p| p.registry_calls.iter().cloned())
            .collect(),
        stubs: settings.any_enabled_in(&["claim"]),
        env_reads: crate::rules::claim::READS_ENV
            .iter()
            .any(|id| settings.is_enabled(id)),
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
    let settings = &config.rules;
    let wanted = fact_request(settings);

    // Unzipped as the files finish, so the per-file records are never
    // held twice (a 100k-file tree: ~100 MB of them).
    #[cfg(feature = "native")]
    let (facts, (evidence, reported)): (Vec<FileFacts>, (Vec<_>, Vec<_>)) = {
        use rayon::prelude::*;
        ws.files
            .par_iter()
            .map(|f| analyze_file(f, settings, &enabled, &wanted).split())
            .unzip()
    };
    #[cfg(not(feature = "native"))]
    let (facts, (evidence, reported)): (Vec<FileFacts>, (Vec<_>, Vec<_>)) = ws
        .files
        .iter()
        .map(|f| analyze_file(f, settings, &enabled, &wanted).split())
        .unzip();

    let mut findings = Vec::new();
    let mut diagnostics = ws.diagnostics.clone();
    let config_file = config.source.as_deref().unwrap_or("configuration");
    diagnostics.extend(
        config
            .warnings
            .iter()
            .map(|w| Diagnostic::new(config_file, w)),
    );
    for (found, diags) in reported {
        findings.extend(found);
        diagnostics.extend(diags);
    }
    let index = Index::build(facts, Evidence::gather(&ws.files, &evidence));
    let memo = crate::rules::RepoMemo::default();

    let mut repo_findings = Vec::new();
    {
        let repo = RepoContext {
            files: &ws.files,
            unread: &ws.unread,
            index: &index,
            settings,
            findings: &[],
            changed: options.changed_files.as_deref(),
            memo: &memo,
        };
        for rule in &enabled {
            let from = repo_findings.len();
            rule.check_repo(&repo, &mut repo_findings);
            apply_severity(&mut repo_findings[from..], *rule, settings);
        }
    }
    findings.extend(repo_findings);
    let mut late = Vec::new();
    {
        let repo = RepoContext {
            files: &ws.files,
            unread: &ws.unread,
            index: &index,
            settings,
            findings: &findings,
            changed: options.changed_files.as_deref(),
            memo: &memo,
        };
        for rule in &enabled {
            let from = late.len();
            rule.check_late(&repo, &mut late);
            apply_severity(&mut late[from..], *rule, settings);
        }
    }
    findings.extend(late);

    let mut findings = filter(ws, config, findings, options);
    mask_secrets(ws, &mut findings, &mut diagnostics);
    // The scorecard reads every finding that survived suppressions.
    let scorecard = crate::score::Scorecard::compute(&crate::score::ScoreInput {
        files: &ws.files,
        index: &index,
        findings: &findings,
        enabled_rules: settings.enabled_rules(),
        weights: &config.score_weights,
    });
    diagnostics.sort();
    diagnostics.dedup();
    let mut report = Report::new(findings, diagnostics, ws.files.len(), config.fail_on);
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
    for f in findings {
        let Some(file) = by_path.get(f.path.as_str()) else {
            continue;
        };
        if config.is_ignored_for(f.rule, &file.rel) {
            continue;
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
    impl crate::rules::HasMeta for PanicsOnBad {
        fn meta(&self) -> &'static RuleMeta {
            &META
        }
    }
    impl Rule for PanicsOnBad {
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
        // The planted value the panic must not show:
        // candor: ignore[secret/hardcoded-credential-in-config]
        let bad = SourceFile::for_test("bad.py", "password = 'hunter2hunter2'\n");
        let good = SourceFile::for_test("good.py", "x = 1\n");
        let wanted = FactRequest::default();
        let out = analyze_file(&bad, &config.rules, &rules, &wanted);
        assert!(out.findings.is_empty());
        assert_eq!(out.diagnostics.len(), 1);
        assert!(out.diagnostics[0].is_internal_error());
        assert_eq!(out.diagnostics[0].path, "bad.py");
        assert!(!out.diagnostics[0].message.contains("hunter2"));
        let out = analyze_file(&good, &config.rules, &rules, &wanted);
        assert_eq!(out.findings.len(), 1);
        assert!(out.diagnostics.is_empty());
    }
}
