//! `claim/` rules: documentation that claims more than the code shows.
//! See SPEC.md section 5. Phrase lists are data (`rules/claims.toml`),
//! extended from `[claim]` in the configuration.

use super::Rule;

pub mod analysis;
mod settings;
pub use settings::ClaimSettings;
mod common;
pub mod evidence;
pub mod phrases;

mod contradiction;
mod pass_rate_as_coverage;
mod stub_marked_complete;
mod unsupported_readiness;
mod unsupported_scale;
mod unsupported_security;
mod unsupported_testing;

pub use contradiction::Contradiction;
pub use pass_rate_as_coverage::PassRateAsCoverage;
pub use stub_marked_complete::StubMarkedComplete;
pub use unsupported_readiness::UnsupportedReadiness;
pub use unsupported_scale::UnsupportedScale;
pub use unsupported_security::UnsupportedSecurity;
pub use unsupported_testing::UnsupportedTesting;

pub static RULES: &[&dyn Rule] = &[
    &Contradiction,
    &PassRateAsCoverage,
    &StubMarkedComplete,
    &UnsupportedReadiness,
    &UnsupportedScale,
    &UnsupportedSecurity,
    &UnsupportedTesting,
];

#[cfg(test)]
mod tests;
