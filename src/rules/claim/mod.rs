//! `claim/` rules: documentation that claims more than the code shows.
//! See SPEC.md section 5. Phrase lists are data (`rules/claims.toml`),
//! extended from `[claim]` in the configuration.

pub mod analysis;
mod settings;
pub use settings::ClaimSettings;
mod common;
pub mod evidence;
pub mod phrases;

super::family_rules! {
    contradiction::Contradiction,
    pass_rate_as_coverage::PassRateAsCoverage,
    stub_marked_complete::StubMarkedComplete,
    unsupported_readiness::UnsupportedReadiness,
    unsupported_scale::UnsupportedScale,
    unsupported_security::UnsupportedSecurity,
    unsupported_testing::UnsupportedTesting,
}

#[cfg(test)]
mod tests;
