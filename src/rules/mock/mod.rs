//! `mock/` rules. See SPEC.md.

use std::sync::OnceLock;

use globset::GlobSet;
use serde::Deserialize;

use super::Rule;

pub mod facts;
mod in_integration_test;
mod in_production_code;
pub mod python;
pub mod rust;
pub mod typescript;

pub use in_integration_test::InIntegrationTest;
pub use in_production_code::InProductionCode;

pub static RULES: &[&dyn Rule] = &[&InIntegrationTest, &InProductionCode];

/// Which constructs to extract: those that matter in tests, or in
/// production code.
#[derive(Clone, Copy)]
enum Scope {
    Test,
    Production,
}

/// The mocking facts of a file, from its one shared parse; `None` when the
/// language has no extractor or the file does not parse.
fn file_facts(ctx: &crate::rules::FileContext, scope: Scope) -> Option<Vec<facts::MockFact>> {
    let text = &ctx.file.text;
    Some(match (ctx.file.language, scope) {
        (crate::Language::Python, Scope::Test) => python::test_constructs(ctx.python()?),
        (crate::Language::Python, Scope::Production) => {
            python::production_facts(ctx.python()?, text)
        }
        (crate::Language::TypeScript, Scope::Test) => {
            typescript::test_constructs(ctx.typescript()?)
        }
        (crate::Language::TypeScript, Scope::Production) => {
            typescript::production_facts(ctx.typescript()?)
        }
        (crate::Language::Rust, Scope::Test) => rust::test_constructs(ctx.rust()?, text),
        (crate::Language::Rust, Scope::Production) => rust::production_facts(ctx.rust()?, text),
        _ => return None,
    })
}

/// Folders whose code is not shipped: examples, demos, samples, docs,
/// benches and test helpers (`rel` paths, relative to the project root).
pub const DEFAULT_NON_PRODUCTION: &[&str] = &[
    "examples/**",
    "**/examples/**",
    "example/**",
    "**/example/**",
    "demo/**",
    "**/demo/**",
    "demos/**",
    "**/demos/**",
    "samples/**",
    "**/samples/**",
    "sample/**",
    "**/sample/**",
    "docs/**",
    "**/docs/**",
    "benches/**",
    "**/benches/**",
    "**/__mocks__/**",
    "**/__fixtures__/**",
    "**/test_utils/**",
    "**/testutils/**",
    "**/test_helpers/**",
    "**/test_support/**",
    "**/testutils.py",
    "**/test_utils.py",
    "**/test_helpers.py",
    "**/testing.py",
    "**/testsupport/**",
];

/// `[mock]` in the configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MockSettings {
    /// Globs (on paths relative to the project root) of code that is not
    /// production code; replaces the default list.
    pub non_production: Option<Vec<String>>,
    /// Globs added to the default `non-production` list.
    #[serde(default)]
    pub extend_non_production: Vec<String>,
    #[serde(skip)]
    compiled: OnceLock<Result<GlobSet, String>>,
}

impl MockSettings {
    /// The compiled `non-production` globs, or the error naming the bad one.
    pub fn non_production_globs(&self) -> &Result<GlobSet, String> {
        self.compiled.get_or_init(|| {
            let mut globs: Vec<String> = match &self.non_production {
                Some(v) => v.clone(),
                None => DEFAULT_NON_PRODUCTION
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            };
            globs.extend(self.extend_non_production.iter().cloned());
            crate::tier::globset(&globs, "mock.non-production")
        })
    }
}
