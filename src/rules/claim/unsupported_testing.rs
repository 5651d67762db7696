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
    /// - no CI configuration runs a test command;
    /// - for a coverage figure: no coverage measurement is configured
    ///   (`[tool.coverage]`, `.coveragerc`, `--cov`, `coverageThreshold`,
    ///   nyc/c8, tarpaulin/llvm-cov, codecov);
    /// - for "no mocks": open `mock/` findings.
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
        let mocks = evidence::other_findings(repo, &["mock"]);
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
                if let Some(r) = ev.ci_reason() {
                    rs.push(r);
                }
                if c.coverage && ev.coverage_config.is_none() {
                    rs.push("no coverage measurement is configured".to_string());
                }
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
