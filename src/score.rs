//! The readiness scorecard: criteria, each pass / partial / fail /
//! not-applicable with the evidence that decided it, weighted to a score
//! out of 10.
//!
//! The model is OpenSSF Scorecard's: each criterion has a risk weight
//! (critical 10, high 7.5, medium 5, low 2.5); pass counts 1, partial 0.5,
//! fail 0; a criterion that does not apply (or cannot be decided because the
//! rules that feed it are turned off) is left out of both the numerator and
//! the denominator, never counted as a pass or a fail. The score is
//! `10 × Σ(weight × value) / Σ(weight)`, rounded to one decimal. Weights are
//! configurable: `[claim.score-weights]` in the configuration, by criterion
//! id (`tests-ci = 10`); 0 leaves a criterion out.
//!
//! Criteria fed by other families read the findings by family prefix
//! (`mock/`, `node/`, `migration/`, `secret/`, `claim/`) and are
//! not-applicable when no rule of that family is enabled. The index does not
//! expose which registration conventions or models matched, so
//! "registrations" and "migrations" decide applicability from the presence
//! of relevant files (text markers such as `register_node`, `add_node(`,
//! `__tablename__`, `models.Model`), documented on each criterion.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::finding::Finding;
use crate::finding::Severity;
use crate::index::Index;
use crate::index::evidence::Evidence;
use crate::workspace::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Partial,
    Fail,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Partial => "partial",
            Status::Fail => "fail",
            Status::NotApplicable => "n/a",
        }
    }

    fn value(self) -> Option<f64> {
        match self {
            Status::Pass => Some(1.0),
            Status::Partial => Some(0.5),
            Status::Fail => Some(0.0),
            Status::NotApplicable => None,
        }
    }

    fn emoji(self) -> &'static str {
        match self {
            Status::Pass => "✅ pass",
            Status::Partial => "🟡 partial",
            Status::Fail => "❌ fail",
            Status::NotApplicable => "➖ n/a",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub id: &'static str,
    pub title: &'static str,
    pub status: Status,
    pub weight: f64,
    /// What decided the status: file paths, counts.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// Out of 10, one decimal.
    pub score: f64,
    pub criteria: Vec<Criterion>,
}

/// Criterion ids, titles and default risk weights, in display order.
pub const CRITERIA: &[(&str, &str, f64)] = &[
    ("tests-ci", "Tests exist and CI runs them", 10.0),
    ("coverage", "Coverage measured with a threshold", 5.0),
    (
        "integration-real",
        "Integration tests use real services",
        7.5,
    ),
    (
        "no-mocks-in-production",
        "No mocks or stubs in production code",
        7.5,
    ),
    ("registrations", "Registrations complete", 5.0),
    ("migrations", "Schema under migrations", 7.5),
    ("secrets", "No committed secrets", 10.0),
    ("security-policy", "Security policy and SAST", 5.0),
    ("observability", "Observability wired in", 5.0),
    ("load-tests", "Load/performance tests", 2.5),
    ("backup-restore", "Backup/restore procedure", 2.5),
    ("honest-docs", "Honest docs (no open claim/ findings)", 7.5),
];

/// `mock/` rules about what tests prove, not about mocks or fakes.
const TEST_QUALITY_RULES: &[&str] = &["mock/assertion-free-test", "mock/asserts-on-own-mock"];

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// What the scorecard reads: the files, the index (with its evidence), the
/// findings that survived suppressions, and the configuration's choices.
pub struct ScoreInput<'a> {
    pub files: &'a [SourceFile],
    pub index: &'a Index,
    pub findings: &'a [Finding],
    pub enabled_rules: &'a [&'static str],
    /// Criterion id -> weight (`[score] weights`).
    pub weights: &'a BTreeMap<String, f64>,
}

struct Ctx<'a> {
    repo: &'a ScoreInput<'a>,
    by_family: BTreeMap<&'static str, Vec<&'a crate::finding::Finding>>,
}

impl Ctx<'_> {
    fn family_enabled(&self, family: &str) -> bool {
        self.repo
            .enabled_rules
            .iter()
            .any(|id| crate::finding::family_of(id) == family)
    }

    fn findings(&self, family: &str) -> &[&crate::finding::Finding] {
        self.by_family.get(family).map_or(&[], Vec::as_slice)
    }

    /// Findings of `family` split by whether their file is a test.
    fn split(&self, family: &str) -> (usize, usize) {
        let tests: Vec<&str> = self
            .repo
            .files
            .iter()
            .filter(|f| f.tier.is_test())
            .map(|f| f.path.as_str())
            .collect();
        let fs = self.findings(family);
        let in_tests = fs
            .iter()
            .filter(|f| tests.contains(&f.path.as_str()))
            .count();
        (in_tests, fs.len() - in_tests)
    }

    fn is_test_path(&self, path: &str) -> bool {
        self.repo
            .files
            .iter()
            .any(|f| f.path == path && f.tier.is_test())
    }

    /// `path:line` of an offset in the file at `file` (workspace order).
    fn at(&self, file: usize, offset: usize) -> String {
        let f = &self.repo.files[file];
        format!("{}:{}", f.path, f.line_index().position(&f.text, offset).0)
    }

    /// Where a registration pack's convention is in use: a node reference
    /// or a registry call the index read from production code.
    fn registrations(&self) -> Option<String> {
        let files = &self.repo.index.files;
        if let Some((i, r)) = files
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.is_test)
            .find_map(|(i, f)| f.node_refs.first().map(|r| (i, r)))
        {
            return Some(format!(
                "{} references `{}`",
                self.at(i, r.span.start),
                r.name
            ));
        }
        files
            .iter()
            .find(|f| !f.is_test && !f.registry_calls.is_empty())
            .map(|f| format!("{} registers `{}`", f.path, f.registry_calls[0]))
    }

    /// The first database model the index recognised.
    fn first_model(&self) -> Option<String> {
        self.repo
            .index
            .models
            .iter()
            .find(|m| !self.repo.files[m.file].tier.is_test())
            .map(|m| format!("{} `{}`", self.at(m.file, m.fact.span.start), m.fact.name))
    }
}

/// `tier`: name the first finding in test files (`Some(true)`), in
/// production files (`Some(false)`), or anywhere.
fn family_result(
    ctx: &Ctx,
    family: &str,
    tier: Option<bool>,
    findings: usize,
    errors: usize,
    clean: String,
) -> (Status, Vec<String>) {
    if !ctx.family_enabled(family) {
        return (
            Status::NotApplicable,
            vec![format!("no {family}/ rule is enabled")],
        );
    }
    if findings == 0 {
        (Status::Pass, vec![clean])
    } else {
        let status = if errors > 0 {
            Status::Fail
        } else {
            Status::Partial
        };
        let first = ctx
            .findings(family)
            .iter()
            .find(|f| tier.is_none_or(|t| ctx.is_test_path(&f.path) == t))
            .map(|f| format!(", first at {}:{} ({})", f.path, f.line, f.rule))
            .unwrap_or_default();
        (
            status,
            vec![format!(
                "{} of {family}/{first}",
                plural(findings, "open finding")
            )],
        )
    }
}

impl Scorecard {
    /// Computes the scorecard from the repository and every finding.
    /// `None` when no criterion applies (nothing to score).
    pub fn compute(repo: &ScoreInput) -> Option<Scorecard> {
        let ev = &repo.index.evidence;
        let mut by_family: BTreeMap<&'static str, Vec<&crate::finding::Finding>> = BTreeMap::new();
        for f in repo.findings {
            // Tests that prove nothing are not mocking where reality was
            // promised: they do not decide the mock criteria.
            if TEST_QUALITY_RULES.contains(&f.rule) {
                continue;
            }
            by_family.entry(f.family()).or_default().push(f);
        }
        let ctx = Ctx { repo, by_family };
        let code = ev.source_files + ev.test_files > 0;
        let mut criteria = Vec::new();
        for &(id, title, default_weight) in CRITERIA {
            let (status, evidence) = match id {
                "tests-ci" => tests_ci(ev),
                "coverage" => coverage(ev, code),
                "integration-real" => {
                    if ev.integration_test_files == 0 {
                        (
                            Status::NotApplicable,
                            vec!["no integration or e2e test files".into()],
                        )
                    } else {
                        let (in_tests, _) = ctx.split("mock");
                        let mut r = family_result(
                            &ctx,
                            "mock",
                            Some(true),
                            in_tests,
                            in_tests,
                            String::new(),
                        );
                        if r.0 == Status::Pass {
                            r.1 = vec![format!(
                                "{}, no mock/ findings in tests",
                                plural(ev.integration_test_files, "integration/e2e test file")
                            )];
                        }
                        r
                    }
                }
                "no-mocks-in-production" => {
                    if ev.source_files == 0 {
                        (
                            Status::NotApplicable,
                            vec!["no production source files".into()],
                        )
                    } else {
                        let (_, in_prod) = ctx.split("mock");
                        family_result(
                            &ctx,
                            "mock",
                            Some(false),
                            in_prod,
                            in_prod,
                            format!(
                                "no mock/ findings in {}",
                                plural(ev.source_files, "source file")
                            ),
                        )
                    }
                }
                "registrations" => match ctx.registrations() {
                    None => (
                        Status::NotApplicable,
                        vec!["no node registrations or references in the code".into()],
                    ),
                    Some(path) => {
                        let n = ctx.findings("node").len();
                        let e = ctx
                            .findings("node")
                            .iter()
                            .filter(|f| f.severity == Severity::Error)
                            .count();
                        let mut r = family_result(
                            &ctx,
                            "node",
                            None,
                            n,
                            e,
                            format!("no node/ findings (registrations: {path})"),
                        );
                        if r.0 == Status::Partial {
                            r.0 = Status::Fail;
                        }
                        r
                    }
                },
                "migrations" => match ctx.first_model() {
                    None => (
                        Status::NotApplicable,
                        vec!["no database models found".into()],
                    ),
                    Some(path) => {
                        let n = ctx.findings("migration").len();
                        let e = ctx
                            .findings("migration")
                            .iter()
                            .filter(|f| f.severity == Severity::Error)
                            .count();
                        family_result(
                            &ctx,
                            "migration",
                            None,
                            n,
                            e,
                            format!("no migration/ findings (models: {path})"),
                        )
                    }
                },
                "secrets" => {
                    let n = ctx.findings("secret").len();
                    let e = ctx
                        .findings("secret")
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count();
                    family_result(
                        &ctx,
                        "secret",
                        None,
                        n,
                        e,
                        format!(
                            "no secret/ findings in {}",
                            plural(repo.files.len(), "file")
                        ),
                    )
                }
                "security-policy" => security(ev, code),
                "observability" => observability(ev),
                "load-tests" => load_tests(ev, code),
                "backup-restore" => backup(ev),
                "honest-docs" => {
                    if ev.doc_files == 0 && ctx.findings("claim").is_empty() {
                        (Status::NotApplicable, vec!["no documentation".into()])
                    } else {
                        let fs = ctx.findings("claim");
                        let e = fs.iter().filter(|f| f.severity == Severity::Error).count();
                        let mut r = family_result(
                            &ctx,
                            "claim",
                            None,
                            fs.len(),
                            e,
                            format!("no claim/ findings in {}", plural(ev.doc_files, "document")),
                        );
                        if r.0 == Status::Partial {
                            r.0 = Status::Fail;
                        }
                        r
                    }
                }
                _ => (Status::NotApplicable, Vec::new()),
            };
            let weight = repo
                .weights
                .get(id)
                .copied()
                .filter(|w| w.is_finite() && *w >= 0.0)
                .unwrap_or(default_weight);
            criteria.push(Criterion {
                id,
                title,
                status,
                weight,
                evidence,
            });
        }
        let (mut num, mut den) = (0.0, 0.0);
        for c in &criteria {
            if let Some(v) = c.status.value() {
                num += c.weight * v;
                den += c.weight;
            }
        }
        if den <= 0.0 {
            return None;
        }
        let score = (num / den * 100.0).round() / 10.0;
        Some(Scorecard { score, criteria })
    }

    /// The scorecard as a Markdown table (job summary, PR comment).
    pub fn markdown_table(&self) -> String {
        let mut out = format!(
            "**Readiness: {:.1}/10**\n\n| criterion | status | weight | evidence |\n|---|---|---|---|\n",
            self.score
        );
        for c in &self.criteria {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                c.title,
                c.status.emoji(),
                c.weight,
                c.evidence.join("; ").replace('|', "\\|")
            ));
        }
        out
    }

    /// The scorecard as a plain-text table.
    pub fn text_table(&self) -> String {
        let w = self
            .criteria
            .iter()
            .map(|c| c.title.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = format!("Readiness: {:.1}/10\n\n", self.score);
        for c in &self.criteria {
            out.push_str(&format!(
                "{:<w$}  {:<7}  {:>4}  {}\n",
                c.title,
                c.status.as_str(),
                c.weight,
                c.evidence.join("; ")
            ));
        }
        out
    }

    /// The badge colour for the score (shields.io names and hex).
    pub fn color(&self) -> (&'static str, &'static str) {
        color_for(self.score)
    }
}

/// Colour bands: ≥9 brightgreen, ≥7.5 green, ≥6 yellowgreen, ≥4.5 yellow,
/// ≥3 orange, else red.
pub fn color_for(score: f64) -> (&'static str, &'static str) {
    if score >= 9.0 {
        ("brightgreen", "#4c1")
    } else if score >= 7.5 {
        ("green", "#97ca00")
    } else if score >= 6.0 {
        ("yellowgreen", "#a4a61d")
    } else if score >= 4.5 {
        ("yellow", "#dfb317")
    } else if score >= 3.0 {
        ("orange", "#fe7d37")
    } else {
        ("red", "#e05d44")
    }
}

fn tests_ci(ev: &Evidence) -> (Status, Vec<String>) {
    if ev.source_files + ev.test_files == 0 {
        return (Status::NotApplicable, vec!["no code".into()]);
    }
    if ev.test_files == 0 {
        return (Status::Fail, vec!["no test files".into()]);
    }
    let tests = plural(ev.test_files, "test file");
    match &ev.ci_test {
        Some(at) => (Status::Pass, vec![tests, at.to_string()]),
        None => (
            Status::Partial,
            vec![tests, ev.ci_reason().unwrap_or_default()],
        ),
    }
}

/// Pass: a threshold above 0 and a CI step that measures coverage (so the
/// threshold is enforced). Partial: CI measures coverage with no threshold.
/// A threshold nothing runs, or `fail_under = 0`, enforces nothing.
fn coverage(ev: &Evidence, code: bool) -> (Status, Vec<String>) {
    if !code {
        return (Status::NotApplicable, vec!["no code".into()]);
    }
    let threshold = ev
        .coverage_threshold
        .as_ref()
        .map(|t| format!("threshold {}% ({})", t.value, t.at));
    let zero = ev
        .coverage_zero_threshold
        .as_ref()
        .map(|z| format!("threshold 0 enforces nothing ({})", z.at()));
    match (&ev.coverage_threshold, &ev.coverage_in_ci) {
        (Some(_), Some(ci)) => (
            Status::Pass,
            vec![
                threshold.unwrap_or_default(),
                format!("measured in CI: {ci}"),
            ],
        ),
        (None, Some(ci)) => (
            Status::Partial,
            [
                Some(format!("measured in CI: {ci}")),
                zero,
                Some("no threshold above 0".into()),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        (Some(_), None) => (
            Status::Fail,
            vec![
                threshold.unwrap_or_default(),
                "no CI step measures coverage, so the threshold is never enforced".into(),
            ],
        ),
        (None, None) => (
            Status::Fail,
            [zero, Some("no CI step measures coverage".into())]
                .into_iter()
                .flatten()
                .collect(),
        ),
    }
}

/// Pass: a security policy that names a reporting channel and a SAST step
/// in CI; partial: one of the two. A policy with no channel is none.
fn security(ev: &Evidence, code: bool) -> (Status, Vec<String>) {
    if !code {
        return (Status::NotApplicable, vec!["no code".into()]);
    }
    let policy = match (&ev.security_policy, &ev.security_channel) {
        (_, Some(ch)) => ch.to_string(),
        (Some(p), None) => format!("{} names no reporting channel", p.path),
        (None, None) => "no SECURITY.md".to_string(),
    };
    let sast = ev
        .sast
        .as_ref()
        .map_or("no SAST step in CI".to_string(), |s| s.to_string());
    let status = match (ev.security_channel.is_some(), ev.sast.is_some()) {
        (true, true) => Status::Pass,
        (false, false) => Status::Fail,
        _ => Status::Partial,
    };
    (status, vec![policy, sast])
}

fn observability(ev: &Evidence) -> (Status, Vec<String>) {
    if ev.source_files == 0 {
        return (
            Status::NotApplicable,
            vec!["no production source files".into()],
        );
    }
    match ev.observability.first() {
        Some(f) => (
            Status::Pass,
            vec![format!(
                "production code calls a metrics/tracing/logging library in {} ({f})",
                plural(ev.observability.len(), "file")
            )],
        ),
        None => (
            Status::Fail,
            vec!["no production code calls a metrics, tracing or error-reporting library".into()],
        ),
    }
}

fn load_tests(ev: &Evidence, code: bool) -> (Status, Vec<String>) {
    if !code {
        return (Status::NotApplicable, vec!["no code".into()]);
    }
    match ev.perf_tests.first() {
        None => (
            Status::Fail,
            vec!["no file uses a load-test tool or benchmark harness".into()],
        ),
        Some(first) => {
            let mut evidence = vec![format!(
                "{} ({first})",
                plural(ev.perf_tests.len(), "load test or benchmark file")
            )];
            if let Some(run) = &ev.perf_run {
                evidence.push(format!("run: {run}"));
            }
            (Status::Pass, evidence)
        }
    }
}

fn backup(ev: &Evidence) -> (Status, Vec<String>) {
    match &ev.stores_data {
        None => (
            Status::NotApplicable,
            vec!["no database or data store found".into()],
        ),
        Some(store) => match ev.backup.first() {
            None => (
                Status::Fail,
                vec![format!(
                    "stores data ({store}), no document or script runs a backup or restore command"
                )],
            ),
            Some(b) => (Status::Pass, vec![format!("backup/restore: {b}")]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        assert_eq!(color_for(9.5).0, "brightgreen");
        assert_eq!(color_for(6.5).0, "yellowgreen");
        assert_eq!(color_for(0.0).0, "red");
    }
}
