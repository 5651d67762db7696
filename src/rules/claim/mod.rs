//! `claim/` rules. See SPEC.md.

use serde::Deserialize;

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];

/// `[claim]` in the configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClaimSettings {}
