//! `[secret]` settings (none yet; the table is accepted so it can grow).

use serde::Deserialize;

/// `[secret]` in the configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretSettings {}
