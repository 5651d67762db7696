use super::analysis::{Category, Claims};
use super::common;
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds a test pass rate reported as coverage: "99.1% test coverage
    /// (644/650 tests passing)", "Test Coverage: 99.1% (644/650 tests)", or
    /// a coverage figure equal (to one decimal) to a pass rate `N/M tests
    /// passing` that a document of the repository states elsewhere.
    ///
    /// ## Why is this bad?
    /// Coverage is the share of code the tests execute; a pass rate is the
    /// share of tests that pass. 644 of 650 tests passing says nothing about
    /// how much code they reach, and readers take "99.1% coverage" as the
    /// latter.
    ///
    /// ## Example
    /// ```markdown
    /// - 99.1% test coverage (644/650 tests passing)
    /// ```
    ///
    /// ## How to fix
    /// Say "644/650 tests passing (99.1% pass rate)", and report coverage
    /// only from a coverage tool.
    pub struct PassRateAsCoverage {
        id: "claim/pass-rate-as-coverage",
        severity: Error,
        summary: "Test pass rate reported as coverage",
    }
}

/// Claims (by index) whose coverage figure is a pass rate, with the reason.
pub fn pass_rate_claims(claims: &Claims) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, c) in claims.claims.iter().enumerate() {
        if c.category != Category::Testing || !c.coverage {
            continue;
        }
        if let Some((n, m)) = c.pass_rate {
            out.push((
                i,
                format!("{n}/{m} is the share of tests passing, not of code the tests execute"),
            ));
            continue;
        }
        let Some(v) = c.coverage_value else { continue };
        let equal = |p: &&super::analysis::PassRate| {
            let rate = p.passed as f64 * 100.0 / p.total as f64;
            p.passed < p.total && ((rate * 10.0).round() / 10.0 - v).abs() < 0.051
        };
        // Prefer a pass rate stated in the same document.
        let same = claims
            .pass_rates
            .iter()
            .filter(|p| p.file == c.file)
            .find(equal);
        if let Some(p) = same.or_else(|| claims.pass_rates.iter().find(equal)) {
            out.push((
                i,
                format!(
                    "{v}% is the pass rate {}/{} tests (stated at {{{}:{}}})",
                    p.passed, p.total, p.file, p.range.start
                ),
            ));
        }
    }
    out
}

impl Rule for PassRateAsCoverage {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let claims = repo.memo.claims(repo);
        for (i, reason) in pass_rate_claims(claims) {
            let c = &claims.claims[i];
            // Resolve the `{file:offset}` placeholder to `path:line`.
            let reason = match reason.split_once("{") {
                Some((head, tail)) => {
                    let (loc, rest) = tail.split_once('}').unwrap_or((tail, ""));
                    let (f, off) = loc.split_once(':').unwrap_or(("0", "0"));
                    let f: usize = f.parse().unwrap_or(0);
                    let off: usize = off.parse().unwrap_or(0);
                    format!("{head}{}{rest}", common::location(repo, f, off))
                }
                None => reason,
            };
            out.push(
                common::finding(
                    repo,
                    &Self::META,
                    c.file,
                    c.range.clone(),
                    format!("pass rate reported as coverage (\"{}\"): {reason}", c.phrase.trim()),
                )
                .with_fix("report it as a pass rate (\"644/650 tests passing\") and take coverage from a coverage tool"),
            );
        }
    }
}
