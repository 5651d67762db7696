//! The readiness scorecard: criteria, each pass / partial / fail /
//! not-applicable with the evidence that decided it, weighted to a score
//! out of 10.
//!
//! INTERFACE SKELETON: the claim/scorecard work fills in `compute`; the
//! types and method names below are what other surfaces (markdown, badge,
//! GitHub, WASM) call.

use serde::Serialize;

use crate::rules::RepoContext;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Partial,
    Fail,
    NotApplicable,
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

impl Scorecard {
    /// Computes the scorecard from the repository and every finding.
    pub fn compute(_repo: &RepoContext) -> Option<Scorecard> {
        None
    }

    /// The scorecard as a Markdown table (job summary, PR comment).
    pub fn markdown_table(&self) -> String {
        let mut out = format!(
            "**Readiness: {:.1}/10**\n\n| criterion | status | evidence |\n|---|---|---|\n",
            self.score
        );
        for c in &self.criteria {
            out.push_str(&format!(
                "| {} | {:?} | {} |\n",
                c.title,
                c.status,
                c.evidence.join("; ")
            ));
        }
        out
    }
}
