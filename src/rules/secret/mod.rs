//! `secret/`: credentials committed to the repository.
//!
//! The token detectors are data (`rules/secrets.toml`, compiled once in
//! [`detectors`]); [`engine`] runs them and the context detectors once per
//! file, and each rule below reports its own kind of hit.

use super::FileContext;
use crate::finding::Finding;

mod context;
pub mod detectors;
pub mod engine;
mod keywords;
mod settings;
pub mod values;
pub use settings::SecretSettings;

super::family_rules! {
    private_key::PrivateKey,
    known_token::KnownToken,
    generic_credential::GenericCredential,
    hardcoded_credential_in_config::HardcodedCredentialInConfig,
    weak_default_credential::WeakDefaultCredential,
}

/// Byte ranges in `text` (a line or message about to be shown) that a
/// secret detector matches, read as part of the file `rel` and, so a
/// path-based allowance or a file-kind context cannot hide one, as neutral
/// text too. The pipeline masks them in every finding and diagnostic.
pub fn displayed_spans(rel: &str, text: &str) -> Vec<std::ops::Range<usize>> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut spans: Vec<std::ops::Range<usize>> = engine::compute(rel, text, false)
        .into_iter()
        .chain(engine::compute("displayed-line.txt", text, false))
        .map(|h| h.range)
        .filter(|r| r.start < r.end && r.end <= text.len())
        .collect();
    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(spans.len());
    for r in spans {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The order in which rules claim a candidate, most specific first; where
/// two claimed hits overlap, the earlier rule's wins.
const PRIORITY: &[(&str, Claims)] = &[
    (KnownToken::META.id, known_token::claims),
    (
        HardcodedCredentialInConfig::META.id,
        hardcoded_credential_in_config::claims,
    ),
    (
        WeakDefaultCredential::META.id,
        weak_default_credential::claims,
    ),
    (GenericCredential::META.id, generic_credential::claims),
];

/// A rule's decision over one candidate of a file (`rel`, `text`).
type Claims = fn(&engine::Candidate, &str, &str) -> bool;

/// The first rule in [`PRIORITY`] that claims the candidate.
fn claim(c: &engine::Candidate, rel: &str, text: &str) -> Option<(usize, &'static str)> {
    PRIORITY
        .iter()
        .enumerate()
        .find(|(_, (_, claims))| claims(c, rel, text))
        .map(|(i, (id, _))| (i, *id))
}

/// Reports the hits a rule claimed as redacted findings.
fn report(
    ctx: &FileContext,
    meta: &crate::rules::RuleMeta,
    out: &mut Vec<Finding>,
    message: impl Fn(&engine::Hit) -> String,
    fix: &str,
) {
    for h in ctx.secret_hits().iter().filter(|h| h.rule == meta.id) {
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
