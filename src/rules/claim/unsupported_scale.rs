use super::analysis::Category;
use super::common;
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds scale and performance claims ("scales to 10,000 requests per
    /// second", "load tested", "handles 1M users", "horizontally scalable")
    /// in a repository with no load or performance tests: no file that uses
    /// a load tool or benchmark harness (a locust `HttpUser` class, a k6
    /// script importing `k6/http`, an Artillery or JMeter plan, a
    /// pytest-benchmark test calling `benchmark`, a criterion or `#[bench]`
    /// benchmark). Folder and file names (`load/`, `perf/`, `benches/`)
    /// prove nothing. A claim with a figure ("10,000 requests per second")
    /// also needs the test to be run: a CI step, or a command in a
    /// document's code block or a shell script (`locust`, `k6 run`,
    /// `artillery run`, `wrk`, `vegeta`, `cargo bench`, `pytest
    /// --benchmark-*`). Hedged, target and roadmap
    /// statements ("Target Metrics: 1000+ requests/minute") are not claims.
    ///
    /// ## Why is this bad?
    /// A throughput figure with no test that measured it is a guess that
    /// users will size their deployments on.
    ///
    /// ## Example
    /// ```markdown
    /// - Scales to 10,000 requests per second.
    /// ```
    ///
    /// ## How to fix
    /// Commit the load test that produced the figure (and run it), or
    /// remove the figure.
    pub struct UnsupportedScale {
        id: "claim/unsupported-scale",
        severity: Warning,
        summary: "Scale or performance claim with no load or performance tests",
    }
}

impl Rule for UnsupportedScale {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        common::unsupported(
            repo,
            &Self::META,
            Category::Scale,
            "claims scale or performance",
            "commit and run the load test behind the figure, or remove the figure",
            |c, ev| {
                if ev.perf_tests.is_empty() {
                    vec!["no load or performance tests or benchmarks in the repository".to_string()]
                } else if c.phrase.chars().any(|ch| ch.is_ascii_digit()) && ev.perf_run.is_none() {
                    vec![format!(
                        "no CI step, document or script runs the load test behind the figure ({} is never run)",
                        ev.perf_tests[0].at()
                    )]
                } else {
                    Vec::new()
                }
            },
            out,
        );
    }
}
