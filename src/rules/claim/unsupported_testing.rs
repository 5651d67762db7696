use super::analysis::Category;
use super::common;
use super::evidence;
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds testing claims ("fully tested", "95% test coverage",
    /// "coverage: 90%", "no mocks", "integration tests run against real
    /// services") that the repository does not back. Each finding names the
    /// missing evidence:
    ///
    /// - there are no test files;
    /// - no CI step runs a test runner (read from the parsed workflow:
    ///   step names, comments, `echo`, `if: false`, workflows that never
    ///   run on push or pull request add nothing; npm scripts, Makefile
    ///   targets and the repository's shell scripts a step runs by path
    ///   (`scripts/test`, `bash ci/run.sh`) are resolved to what they run);
    /// - for a coverage figure: no threshold above 0 is enforced
    ///   (coverage.py `fail_under`, `--cov-fail-under`, jest/vitest
    ///   `coverageThreshold`, c8/nyc `check-coverage`, a codecov target,
    ///   `cargo llvm-cov --fail-under-*`), no CI step measures coverage so
    ///   the threshold is never applied, or the claimed figure is above the
    ///   enforced threshold (claim 99%, `fail_under = 80`: both are named);
    /// - for "no mocks": open `mock/` findings.
    ///
    /// In a monorepo the CI steps, thresholds and coverage runs are those of
    /// the claim's component (the folder of the nearest package manifest
    /// above the document; see `claim/unsupported-readiness` for how a step
    /// is placed): a threshold applies to the folder of the configuration
    /// that sets it (a root `pyproject.toml` or `codecov.yml` to all, a
    /// `services/web/package.json` jest threshold to `services/web/` only)
    /// or to the folders the CI step that sets it tests
    /// (`pytest services/api --cov-fail-under=90`).
    ///
    /// A coverage figure that is really a pass rate is reported by
    /// `claim/pass-rate-as-coverage` instead. Hedged, negated, future and
    /// roadmap statements are not claims (see `claim/unsupported-readiness`).
    ///
    /// ## Why is this bad?
    /// A coverage number nobody measures, or "no mocks" next to mocked
    /// integration tests, tells reviewers the code is safer than it is.
    ///
    /// ## Example
    /// ```markdown
    /// - Integration tests run against real services, no mocks.
    /// ```
    /// with no CI job running them.
    ///
    /// ## How to fix
    /// Run the tests in CI, measure coverage with a threshold
    /// (`fail_under` in `[tool.coverage.report]`), remove the mocks, or
    /// reword the claim.
    pub struct UnsupportedTesting {
        id: "claim/unsupported-testing",
        severity: Warning,
        summary: "Testing or coverage claim the repository does not support",
    }
}

impl Rule for UnsupportedTesting {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let claims = repo.memo.claims(repo);
        let pass_rate_claims = super::pass_rate_as_coverage::pass_rate_claims(claims);
        common::unsupported(
            repo,
            &Self::META,
            Category::Testing,
            "claims testing",
            "run the tests in CI, configure coverage with a threshold, or reword the claim",
            |c, ev| {
                if c.coverage
                    && pass_rate_claims.iter().any(|(i, _)| {
                        claims.claims[*i].range == c.range && claims.claims[*i].file == c.file
                    })
                {
                    return Vec::new();
                }
                let mut rs = Vec::new();
                if ev.test_files == 0 {
                    rs.push("no test files".to_string());
                }
                let component = evidence::FileComponent::of(repo, c.file);
                let (dir, comp) = (component.dir.as_str(), component.get());
                if let Some(r) = ev.ci_reason_for(comp) {
                    rs.push(r);
                }
                if c.coverage {
                    rs.extend(coverage_reasons(c.coverage_value, ev, comp));
                }
                let mocks = evidence::other_findings(repo, &["mock"], dir, evidence::Code::Any);
                if c.no_mocks
                    && let Some(n) = mocks.get("mock")
                {
                    rs.push(format!(
                        "{n} open mock/ finding{}",
                        if *n == 1 { "" } else { "s" }
                    ));
                }
                rs
            },
            out,
        );
    }
}

/// Why a coverage claim is not backed: nothing enforces a threshold in CI,
/// or the enforced threshold is below the claimed figure.
fn coverage_reasons(
    claimed: Option<f64>,
    ev: &evidence::Evidence,
    comp: evidence::Component,
) -> Vec<String> {
    let (threshold, run) = ev.coverage_for(comp);
    let Some(t) = threshold else {
        let zero = ev
            .coverage_zero_threshold
            .as_ref()
            .map(|z| format!(" (the threshold at {} is 0)", z.at()))
            .unwrap_or_default();
        return vec![format!(
            "no coverage threshold above 0 is enforced{}{zero}",
            scope(comp)
        )];
    };
    if run.is_none() {
        return vec![format!(
            "no CI step measures coverage{}, so the threshold of {}% at {} is never enforced",
            scope(comp),
            t.value,
            t.at.at()
        )];
    }
    match claimed {
        Some(v) if v > t.value => vec![format!(
            "claims {v}% but the enforced threshold is {}% ({})",
            t.value,
            t.at.at()
        )],
        _ => Vec::new(),
    }
}

/// " of services/api/" for a component below the root.
fn scope(comp: evidence::Component) -> String {
    if comp.dir.is_empty() {
        String::new()
    } else {
        format!(" for {}/", comp.dir)
    }
}
