//! `secret/`: credentials committed to the repository.

use serde::Deserialize;

use super::Rule;

mod private_key;

pub use private_key::PrivateKey;

pub static RULES: &[&dyn Rule] = &[&PrivateKey];

/// `[secret]` in the configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretSettings {}
