//! `secret/`: credentials committed to the repository.
//!
//! The token detectors are data (`rules/secrets.toml`, compiled once in
//! [`detectors`]); [`engine`] runs them and the context detectors once per
//! file, and each rule below reports its own kind of hit.

use super::FileContext;
use crate::finding::Finding;

pub mod detectors;
pub mod engine;
mod settings;
pub use settings::SecretSettings;

super::family_rules! {
    private_key::PrivateKey,
    known_token::KnownToken,
    generic_credential::GenericCredential,
    hardcoded_credential_in_config::HardcodedCredentialInConfig,
    weak_default_credential::WeakDefaultCredential,
}

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
                meta.severity,
                ctx.file,
                h.range.clone(),
                message(h),
            )
            .with_fix(fix),
        );
    }
}
