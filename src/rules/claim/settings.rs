//! `[claim]` settings: extra phrases and hedges.

use serde::Deserialize;
use std::collections::BTreeMap;

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
