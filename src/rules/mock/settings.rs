//! `[mock]` settings: which code is not production code.

use globset::GlobSet;
use serde::Deserialize;
use std::sync::OnceLock;

use super::DEFAULT_NON_PRODUCTION;
use super::vocabulary::Vocabulary;

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
    /// Words and patterns added to the lists of `rules/fakes.toml`.
    #[serde(default)]
    pub extend_work_verbs: Vec<String>,
    #[serde(default)]
    pub extend_weak_verbs: Vec<String>,
    #[serde(default)]
    pub extend_success_keys: Vec<String>,
    #[serde(default)]
    pub extend_result_words: Vec<String>,
    #[serde(default)]
    pub extend_random_purposes: Vec<String>,
    #[serde(default)]
    pub extend_fake_words: Vec<String>,
    #[serde(default)]
    pub extend_availability_words: Vec<String>,
    #[serde(default)]
    pub extend_confessions: Vec<String>,
    #[serde(skip)]
    compiled: OnceLock<Result<GlobSet, String>>,
    #[serde(skip)]
    vocabulary: OnceLock<Vocabulary>,
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

    /// `rules/fakes.toml` with this configuration's extensions.
    pub fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary.get_or_init(|| Vocabulary::build(self))
    }
}
