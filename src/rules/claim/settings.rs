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
    /// Read claims in files written for AI coding agents too (`.claude/`,
    /// `.cursor/`, `AGENTS.md`, `CLAUDE.md`, `.github/copilot-instructions.md`,
    /// prompt folders). Off: those files instruct a tool, they do not
    /// describe the repository.
    #[serde(default)]
    pub include_agent_files: bool,
    /// Read claims in archived documents too (a folder named `archive`,
    /// `archived`, `archives` or `attic`). Off: an archived status report
    /// records what someone once believed, not what the repository claims.
    #[serde(default)]
    pub include_archived: bool,
    /// Scorecard weights by criterion id (`tests-ci = 10`); a weight of 0
    /// leaves a criterion out of the score.
    #[serde(default)]
    pub score_weights: BTreeMap<String, f64>,
}
