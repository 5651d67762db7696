//! `claim/` rules: documentation that claims more than the code shows.
//! See SPEC.md section 5. Phrase lists are data (`rules/claims.toml`),
//! extended from `[claim]` in the configuration.

use serde::Deserialize;
use std::collections::BTreeMap;

use super::Rule;

pub mod analysis;
mod common;
pub mod evidence;
pub mod phrases;

mod contradiction;
mod pass_rate_as_coverage;
mod stub_marked_complete;
mod unsupported_readiness;
mod unsupported_scale;
mod unsupported_security;
mod unsupported_testing;

pub use contradiction::Contradiction;
pub use pass_rate_as_coverage::PassRateAsCoverage;
pub use stub_marked_complete::StubMarkedComplete;
pub use unsupported_readiness::UnsupportedReadiness;
pub use unsupported_scale::UnsupportedScale;
pub use unsupported_security::UnsupportedSecurity;
pub use unsupported_testing::UnsupportedTesting;

pub static RULES: &[&dyn Rule] = &[
    &Contradiction,
    &PassRateAsCoverage,
    &StubMarkedComplete,
    &UnsupportedReadiness,
    &UnsupportedScale,
    &UnsupportedSecurity,
    &UnsupportedTesting,
];

/// `[claim]` in the configuration.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClaimSettings {
    /// Extra readiness phrases (regular expressions).
    #[serde(default)]
    pub readiness: Vec<String>,
    /// Extra testing phrases.
    #[serde(default)]
    pub testing: Vec<String>,
    /// Extra security phrases.
    #[serde(default)]
    pub security: Vec<String>,
    /// Extra scale/performance phrases.
    #[serde(default)]
    pub scale: Vec<String>,
    /// Extra words that make a statement hedged or negated.
    #[serde(default)]
    pub hedges: Vec<String>,
    /// Extra heading words whose sections hold plans, not claims.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Scorecard weights by criterion id (`tests-ci = 10`); a weight of 0
    /// leaves a criterion out of the score.
    #[serde(default)]
    pub score_weights: BTreeMap<String, f64>,
}

#[cfg(test)]
mod tests;
