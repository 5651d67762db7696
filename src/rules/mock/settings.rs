//! `[mock]` settings: which code is not production code.

use globset::GlobSet;
use serde::Deserialize;
use std::sync::OnceLock;

use super::DEFAULT_NON_PRODUCTION;

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
