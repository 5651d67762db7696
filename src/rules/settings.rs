//! What rules see of the configuration: which rules are on, their
//! severities, and each family's own settings (`rules/<family>/settings.rs`).
//! Built by `config.rs` from the user's file; rules never read the file
//! format itself.

use rustc_hash::FxHashMap;

use super::RuleMeta;
use super::{claim::ClaimSettings, migration::MigrationSettings, mock::MockSettings};
use super::{node::NodeSettings, secret::SecretSettings};
use crate::finding::Severity;

#[derive(Debug, Clone)]
pub struct Settings {
    enabled: Vec<&'static str>,
    severity: FxHashMap<&'static str, Severity>,
    pub secret: SecretSettings,
    pub mock: MockSettings,
    pub node: NodeSettings,
    pub migration: MigrationSettings,
    pub claim: ClaimSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            enabled: super::select::resolve(&["ALL".to_string()], &[], &[]),
            severity: FxHashMap::default(),
            secret: SecretSettings::default(),
            mock: MockSettings::default(),
            node: NodeSettings::default(),
            migration: MigrationSettings::default(),
            claim: ClaimSettings::default(),
        }
    }
}

impl Settings {
    pub fn new(
        enabled: Vec<&'static str>,
        severity: FxHashMap<&'static str, Severity>,
        families: (
            SecretSettings,
            MockSettings,
            NodeSettings,
            MigrationSettings,
            ClaimSettings,
        ),
    ) -> Self {
        let (secret, mock, node, migration, claim) = families;
        Self {
            enabled,
            severity,
            secret,
            mock,
            node,
            migration,
            claim,
        }
    }

    pub fn is_enabled(&self, rule: &str) -> bool {
        self.enabled.contains(&rule)
    }

    /// Whether any rule of these families is enabled.
    pub fn any_enabled_in(&self, families: &[&str]) -> bool {
        self.enabled
            .iter()
            .any(|id| families.contains(&crate::finding::family_of(id)))
    }

    pub fn enabled_rules(&self) -> &[&'static str] {
        &self.enabled
    }

    pub fn set_enabled(&mut self, enabled: Vec<&'static str>) {
        self.enabled = enabled;
    }

    /// The severity a finding of `meta` gets: the configured override, or
    /// the rule's default.
    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity.get(meta.id).copied().unwrap_or(meta.severity)
    }
}
