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
use crate::workspace::Language;
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

    fn any_text(&self, langs: &[Language], markers: &[&str]) -> Option<String> {
        self.repo
            .files
            .iter()
            .filter(|f| langs.contains(&f.language) && !f.tier.is_test())
            .find(|f| markers.iter().any(|m| f.text.contains(m)))
            .map(|f| f.path.clone())
    }
}

fn family_result(
    ctx: &Ctx,
    family: &str,
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
        (
            status,
            vec![format!("{} of {family}/", plural(findings, "open finding"))],
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
                        let mut r = family_result(&ctx, "mock", in_tests, in_tests, String::new());
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
                            in_prod,
                            in_prod,
                            format!(
                                "no mock/ findings in {}",
                                plural(ev.source_files, "source file")
                            ),
                        )
                    }
                }
                "registrations" => {
                    match ctx.any_text(
                        &[Language::Python, Language::TypeScript],
                        &["register_node", "add_node(", "@register", "registerNode"],
                    ) {
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
                                n,
                                e,
                                format!("no node/ findings (registrations in {path})"),
                            );
                            if r.0 == Status::Partial {
                                r.0 = Status::Fail;
                            }
                            r
                        }
                    }
                }
                "migrations" => {
                    match ctx.any_text(
                        &[
                            Language::Python,
                            Language::TypeScript,
                            Language::Rust,
                            Language::Prisma,
                        ],
                        &[
                            "__tablename__",
                            "models.Model",
                            "table=True",
                            "@Entity",
                            "table!",
                            "DeriveEntityModel",
                            "\nmodel ",
                        ],
                    ) {
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
                                n,
                                e,
                                format!("no migration/ findings (models in {path})"),
                            )
                        }
                    }
                }
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
                "load-tests" => {
                    if !code {
                        (Status::NotApplicable, vec!["no code".into()])
                    } else if ev.perf_tests.is_empty() {
                        (
                            Status::Fail,
                            vec!["no load/performance tests or benchmarks".into()],
                        )
                    } else {
                        (
                            Status::Pass,
                            vec![format!(
                                "{} ({})",
                                plural(ev.perf_tests.len(), "file"),
                                ev.perf_tests[0]
                            )],
                        )
                    }
                }
                "backup-restore" => match &ev.stores_data {
                    None => (
                        Status::NotApplicable,
                        vec!["no database or data store found".into()],
                    ),
                    Some(store) => {
                        if ev.backup.is_empty() {
                            (
                                Status::Fail,
                                vec![format!(
                                    "stores data ({store}), no backup/restore procedure"
                                )],
                            )
                        } else {
                            (
                                Status::Pass,
                                vec![format!("backup/restore in {}", ev.backup[0])],
                            )
                        }
                    }
                },
                "honest-docs" => {
                    if ev.doc_files == 0 && ctx.findings("claim").is_empty() {
                        (Status::NotApplicable, vec!["no documentation".into()])
                    } else {
                        let fs = ctx.findings("claim");
                        let e = fs.iter().filter(|f| f.severity == Severity::Error).count();
                        let mut r = family_result(
                            &ctx,
                            "claim",
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
        Some((file, cmd)) => (Status::Pass, vec![tests, format!("{file} runs `{cmd}`")]),
        None => (
            Status::Partial,
            vec![tests, ev.ci_reason().unwrap_or_default()],
        ),
    }
}

fn coverage(ev: &Evidence, code: bool) -> (Status, Vec<String>) {
    if !code {
        return (Status::NotApplicable, vec!["no code".into()]);
    }
    match (&ev.coverage_config, &ev.coverage_threshold) {
        (_, Some(t)) => (Status::Pass, vec![format!("threshold in {t}")]),
        (Some(c), None) => (
            Status::Partial,
            vec![format!("measured ({c}), no threshold")],
        ),
        (None, None) => (Status::Fail, vec!["no coverage configuration".into()]),
    }
}

fn security(ev: &Evidence, code: bool) -> (Status, Vec<String>) {
    if !code {
        return (Status::NotApplicable, vec!["no code".into()]);
    }
    let policy = ev
        .security_policy
        .as_ref()
        .map_or("no SECURITY.md".to_string(), |p| format!("policy {p}"));
    let sast = ev
        .sast
        .as_ref()
        .map_or("no SAST step in CI".to_string(), |(f, t)| {
            format!("{t} in {f}")
        });
    let status = match (ev.security_policy.is_some(), ev.sast.is_some()) {
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
                "metrics/tracing/logging library used in {} ({f})",
                plural(ev.observability.len(), "file")
            )],
        ),
        None => (
            Status::Fail,
            vec![
                "no metrics, tracing or error-reporting library imported by production code".into(),
            ],
        ),
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
