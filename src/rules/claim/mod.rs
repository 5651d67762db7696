//! `claim/` rules: documentation that claims more than the code shows.
//! See SPEC.md section 5. Phrase lists are data (`rules/claims.toml`),
//! extended from `[claim]` in the configuration.

pub mod analysis;
mod settings;
pub use settings::ClaimSettings;
mod common;
pub mod evidence;
pub mod instructions;
pub mod phrases;
pub mod project;

/// The rules that read the environment variables the code reads
/// ([`crate::index::FactRequest::env_reads`] asks for them).
pub const READS_ENV: &[&str] = &["claim/unread-env-var", "claim/undocumented-env-var"];

/// The rules about documented instructions that do not work (the markdown
/// report's "Docs that do not work" section).
pub const INSTRUCTION_RULES: &[&str] = &[
    "claim/unknown-command",
    "claim/broken-link",
    "claim/unread-env-var",
    "claim/undocumented-env-var",
    "claim/stale-version",
];

super::family_rules! {
    broken_link::BrokenLink,
    contradiction::Contradiction,
    pass_rate_as_coverage::PassRateAsCoverage,
    stale_version::StaleVersion,
    stub_marked_complete::StubMarkedComplete,
    undocumented_env_var::UndocumentedEnvVar,
    unknown_command::UnknownCommand,
    unread_env_var::UnreadEnvVar,
    unsupported_readiness::UnsupportedReadiness,
    unsupported_scale::UnsupportedScale,
    unsupported_security::UnsupportedSecurity,
    unsupported_testing::UnsupportedTesting,
}

#[cfg(test)]
mod tests;
