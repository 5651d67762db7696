//! `secret/`: credentials committed to the repository.
//!
//! The token detectors are data (`rules/secrets.toml`, compiled once in
//! [`detectors`]); [`engine`] runs them and the context detectors once per
//! file, and each rule below reports its own kind of hit.

use super::{FileContext, Rule};
use crate::finding::Finding;

pub mod detectors;
pub mod engine;
mod settings;
pub use settings::SecretSettings;
mod generic_credential;
mod hardcoded_credential_in_config;
mod known_token;
mod private_key;
mod weak_default_credential;

pub use generic_credential::GenericCredential;
pub use hardcoded_credential_in_config::HardcodedCredentialInConfig;
pub use known_token::KnownToken;
pub use private_key::PrivateKey;
pub use weak_default_credential::WeakDefaultCredential;

pub static RULES: &[&dyn Rule] = &[
    &PrivateKey,
    &KnownToken,
    &GenericCredential,
    &HardcodedCredentialInConfig,
    &WeakDefaultCredential,
];

/// Reports the engine's hits of one kind as redacted findings.
fn report(
    ctx: &FileContext,
    meta: &crate::rules::RuleMeta,
    kind: engine::Kind,
    out: &mut Vec<Finding>,
    message: impl Fn(&engine::Hit) -> String,
    fix: &str,
) {
    for h in ctx.secret_hits().iter().filter(|h| h.kind == kind) {
        out.push(
            Finding::redacted(
                meta.id,
                ctx.severity(meta),
                ctx.file,
                h.range.clone(),
                message(h),
            )
            .with_fix(fix),
        );
    }
}
