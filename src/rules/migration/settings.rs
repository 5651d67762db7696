//! `[migration]` settings (none yet; the table is accepted so it can grow).

use serde::Deserialize;

/// `[migration]` in the configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MigrationSettings {}
