//! Test-tier classification: path globs first, then in-file markers.

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

/// How far a test reaches. Unit tests may mock; integration and e2e tests
/// promise real collaborators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TestTier {
    /// Production code (or anything that is not a test).
    NotATest,
    Unit,
    Integration,
    E2e,
}

impl TestTier {
    pub fn is_test(self) -> bool {
        self != TestTier::NotATest
    }

    pub fn is_integration_or_e2e(self) -> bool {
        matches!(self, TestTier::Integration | TestTier::E2e)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TestTier::NotATest => "not-a-test",
            TestTier::Unit => "unit",
            TestTier::Integration => "integration",
            TestTier::E2e => "e2e",
        }
    }
}

/// `[tiers]` in the configuration. Each list replaces its default; the
/// `extend-*` lists add to it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TierSettings {
    pub test: Option<Vec<String>>,
    pub integration: Option<Vec<String>>,
    pub e2e: Option<Vec<String>>,
    pub integration_markers: Option<Vec<String>>,
    pub e2e_markers: Option<Vec<String>>,
    #[serde(default)]
    pub extend_test: Vec<String>,
    #[serde(default)]
    pub extend_integration: Vec<String>,
    #[serde(default)]
    pub extend_e2e: Vec<String>,
    #[serde(default)]
    pub extend_integration_markers: Vec<String>,
    #[serde(default)]
    pub extend_e2e_markers: Vec<String>,
}

/// Files that are tests at all (their tier is unit unless something says
/// integration or e2e).
pub const DEFAULT_TEST_GLOBS: &[&str] = &[
    "**/test_*.py",
    "**/*_test.py",
    "**/tests.py",
    "**/conftest.py",
    "**/tests/**",
    "**/test/**",
    "**/testing/**",
    "**/__tests__/**",
    "**/spec/**",
    "**/*.test.*",
    "**/*.spec.*",
    "**/*_test.rs",
    "**/*_test.go",
    "**/*_spec.rb",
];

/// Integration tests. Cargo's `tests/` folders hold integration tests by
/// definition; elsewhere an `integration` folder under a test root counts.
pub const DEFAULT_INTEGRATION_GLOBS: &[&str] = &[
    "tests/integration/**",
    "**/tests/integration/**",
    "**/{tests,test,__tests__,spec,testing}/**/integration/**",
    "**/integration_tests/**",
    "**/integration-tests/**",
    "**/*_integration_test.*",
    "**/*_integration_tests.*",
    "**/test_*_integration.py",
    "**/*.integration.*",
    "**/*.int.test.*",
    "tests/**/*.rs",
    "**/tests/**/*.rs",
];

pub const DEFAULT_E2E_GLOBS: &[&str] = &[
    "tests/e2e/**",
    "**/e2e/**",
    "**/e2e_tests/**",
    "**/*.e2e.*",
    "**/*_e2e_test.*",
    "**/*_e2e.py",
    "**/test_*_e2e.py",
];

/// In-file markers; a marker counts on a line that is not a comment.
pub const DEFAULT_INTEGRATION_MARKERS: &[&str] = &[
    "pytest.mark.integration",
    "describe.integration",
    "@Tag(\"integration\")",
];
pub const DEFAULT_E2E_MARKERS: &[&str] = &[
    "pytest.mark.e2e",
    "describe.e2e",
    "test.e2e",
    "@Tag(\"e2e\")",
];

/// Compiled tier rules.
#[derive(Debug, Clone)]
pub struct TierRules {
    test: GlobSet,
    integration: GlobSet,
    e2e: GlobSet,
    /// The integration markers then the e2e markers, in one automaton
    /// (one pass over a file, however many markers are configured);
    /// patterns from `e2e_from` on are e2e markers.
    markers: Option<aho_corasick::AhoCorasick>,
    e2e_from: usize,
}

impl Default for TierRules {
    fn default() -> Self {
        Self::new(&TierSettings::default()).expect("default tier globs compile")
    }
}

fn merged(base: &Option<Vec<String>>, default: &[&str], extend: &[String]) -> Vec<String> {
    let mut out: Vec<String> = match base {
        Some(v) => v.clone(),
        None => default.iter().map(|s| s.to_string()).collect(),
    };
    out.extend(extend.iter().cloned());
    out
}

/// Compiles globs, naming the offending key and pattern on error.
pub fn globset(patterns: &[String], key: &str) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| format!("`{key}`: invalid glob `{p}`: {e}"))?;
        b.add(glob);
    }
    b.build().map_err(|e| format!("`{key}`: {e}"))
}

impl TierRules {
    pub fn new(s: &TierSettings) -> Result<Self, String> {
        Ok(Self {
            test: globset(
                &merged(&s.test, DEFAULT_TEST_GLOBS, &s.extend_test),
                "tiers.test",
            )?,
            integration: globset(
                &merged(
                    &s.integration,
                    DEFAULT_INTEGRATION_GLOBS,
                    &s.extend_integration,
                ),
                "tiers.integration",
            )?,
            e2e: globset(
                &merged(&s.e2e, DEFAULT_E2E_GLOBS, &s.extend_e2e),
                "tiers.e2e",
            )?,
            ..Self::markers(s)?
        })
    }

    /// The marker automaton of `s` (globs left empty).
    fn markers(s: &TierSettings) -> Result<Self, String> {
        let mut markers = merged(
            &s.integration_markers,
            DEFAULT_INTEGRATION_MARKERS,
            &s.extend_integration_markers,
        );
        markers.retain(|m| !m.is_empty());
        let e2e_from = markers.len();
        let mut e2e = merged(&s.e2e_markers, DEFAULT_E2E_MARKERS, &s.extend_e2e_markers);
        e2e.retain(|m| !m.is_empty());
        markers.extend(e2e);
        let automaton = if markers.is_empty() {
            None
        } else {
            Some(
                // Leftmost-longest, searched without overlaps: that search
                // gets the SIMD prefilter (an overlapping one fell back to
                // rare bytes like `.`, which every line of code holds, and
                // cost a tenth of a secret scan). Markers that overlap in
                // the text count as the longest.
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(&markers)
                    .map_err(|e| format!("`tiers` markers: {e}"))?,
            )
        };
        Ok(Self {
            test: GlobSet::empty(),
            integration: GlobSet::empty(),
            e2e: GlobSet::empty(),
            markers: automaton,
            e2e_from,
        })
    }

    /// The tier of a file at `rel` (relative to the project root) holding
    /// `text`. Markers win over paths (a `pytestmark = pytest.mark.e2e`
    /// module under `tests/unit/` is an e2e test), e2e wins over integration.
    pub fn classify(&self, rel: &str, text: &str) -> TestTier {
        if let Some(tier) = self.marker_tier(rel, text) {
            return tier;
        }
        if self.e2e.is_match(rel) {
            return TestTier::E2e;
        }
        if self.integration.is_match(rel) {
            return TestTier::Integration;
        }
        if self.test.is_match(rel) {
            return TestTier::Unit;
        }
        TestTier::NotATest
    }

    fn marker_tier(&self, rel: &str, text: &str) -> Option<TestTier> {
        // Markers only mean something in code: skip docs and data files.
        let code = [
            ".py", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".rs", ".java", ".kt",
        ];
        if !code.iter().any(|ext| rel.ends_with(ext)) {
            return None;
        }
        // A marker counts where code starts it (a decorator, a call, an
        // assignment), never inside a comment or a string literal
        // (`_tier = "pytest.mark.e2e"` is not a marker).
        let automaton = self.markers.as_ref()?;
        let regions = std::cell::OnceCell::new();
        let in_code = |at: usize| {
            regions
                .get_or_init(|| {
                    crate::lexical::Regions::new(crate::lexical::Syntax::for_path(rel), text)
                })
                .is_code(at)
        };
        let mut integration = false;
        for m in automaton.find_iter(text) {
            let e2e = m.pattern().as_usize() >= self.e2e_from;
            if (e2e || !integration) && in_code(m.start()) {
                if e2e {
                    return Some(TestTier::E2e);
                }
                integration = true;
            }
        }
        integration.then_some(TestTier::Integration)
    }
}

/// The `exclude` list, resolved. A path (`docs/old`) is anchored at the
/// project root; a bare name (`node_modules`, `.git`: no `/`, no glob
/// syntax) is any path component of that name. Both exclude everything
/// below them. A bare name is compared as a name rather than compiled as
/// the globs `**/name` and `**/name/**`: compiling the default list's globs
/// took ~12 of the hook's ~180 ms in WebAssembly (`node --cpu-prof`).
#[derive(Debug, Clone)]
pub struct Exclude {
    names: Vec<String>,
    globs: GlobSet,
}

impl Exclude {
    pub fn new(list: &[String]) -> Result<Self, String> {
        let mut names = Vec::new();
        let mut patterns = Vec::new();
        for e in list {
            let e = e.trim_end_matches('/');
            if !e.is_empty() && !e.contains(['/', '\\', '*', '?', '[', ']', '{', '}', '!']) {
                names.push(e.to_string());
                continue;
            }
            let anchored = if e.contains('/') {
                e.to_string()
            } else {
                format!("**/{e}")
            };
            patterns.push(format!("{anchored}/**"));
            patterns.push(anchored);
        }
        Ok(Exclude {
            names,
            globs: globset(&patterns, "exclude")?,
        })
    }

    pub fn is_match(&self, rel: &str) -> bool {
        rel.split('/').any(|c| self.names.iter().any(|n| n == c)) || self.globs.is_match(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TestTier::*;

    fn tier(rel: &str, text: &str) -> TestTier {
        TierRules::default().classify(rel, text)
    }

    #[test]
    fn paths() {
        for (rel, want) in [
            ("src/app/service.py", NotATest),
            ("tests/test_service.py", Unit),
            ("tests/unit/test_service.py", Unit),
            ("app/test_models.py", Unit),
            ("web/src/api.test.ts", Unit),
            ("web/src/__tests__/api.ts", Unit),
            ("tests/integration/test_db.py", Integration),
            ("services/api/tests/integration/test_db.py", Integration),
            ("test/api/integration/users.test.ts", Integration),
            ("pkg/db_integration_test.py", Integration),
            ("tests/api.rs", Integration),
            ("crates/core/tests/parse.rs", Integration),
            ("tests/e2e/test_flow.py", E2e),
            ("web/e2e/login.spec.ts", E2e),
            ("web/src/login.e2e.ts", E2e),
            ("src/integration/client.py", NotATest),
            ("docs/integration/guide.md", NotATest),
        ] {
            assert_eq!(tier(rel, ""), want, "{rel}");
        }
    }

    #[test]
    fn e2e_wins_and_strings_do_not_count_in_one_pass() {
        let both = "@pytest.mark.integration\ndef a(): pass\n@pytest.mark.e2e\ndef b(): pass\n";
        assert_eq!(tier("tests/test_x.py", both), E2e);
        let quoted = "NOTE = 'pytest.mark.e2e'\n@pytest.mark.integration\ndef a(): pass\n";
        assert_eq!(tier("tests/test_x.py", quoted), Integration);
        let settings = TierSettings {
            integration_markers: Some(vec![String::new()]),
            extend_e2e_markers: vec!["@slow_e2e".into()],
            ..TierSettings::default()
        };
        let rules = TierRules::new(&settings).expect("compiles");
        assert_eq!(
            rules.classify("tests/test_x.py", "@slow_e2e\ndef a(): pass\n"),
            E2e
        );
        assert_eq!(
            rules.classify(
                "tests/test_x.py",
                "@pytest.mark.integration\ndef a(): pass\n"
            ),
            Unit
        );
    }

    #[test]
    fn markers() {
        assert_eq!(
            tier(
                "tests/test_db.py",
                "import pytest\n\n@pytest.mark.integration\ndef test_x(): pass\n"
            ),
            Integration
        );
        assert_eq!(
            tier(
                "tests/unit/test_flow.py",
                "import pytest\npytestmark = pytest.mark.e2e\n"
            ),
            E2e
        );
        assert_eq!(
            tier(
                "tests/test_x.py",
                "pytestmark = [pytest.mark.integration, pytest.mark.slow]\n"
            ),
            Integration
        );
        assert_eq!(
            tier("web/flow.test.ts", "describe.e2e('login', () => {})\n"),
            E2e
        );
        // A marker in a comment is not a marker.
        assert_eq!(
            tier("tests/test_x.py", "# see pytest.mark.integration\n"),
            Unit
        );
        // A marker inside a string literal is text: production stays production.
        assert_eq!(
            tier("app/flow.py", "_tier = \"pytest.mark.e2e\"\n"),
            NotATest
        );
        assert_eq!(
            tier("tests/flow.test.ts", "const doc = `describe.e2e(`;\n"),
            Unit
        );
        assert_eq!(tier("src/A.java", "@Tag(\"e2e\")\nclass A {}\n"), E2e);
        // Markers are code: a doc mentioning one is not a test.
        assert_eq!(
            tier("docs/testing.md", "use pytest.mark.integration\n"),
            NotATest
        );
    }

    #[test]
    fn configured_globs_replace_and_extend() {
        let s = TierSettings {
            integration: Some(vec!["it/**".into()]),
            extend_e2e: vec!["acceptance/**".into()],
            ..Default::default()
        };
        let rules = TierRules::new(&s).unwrap();
        assert_eq!(rules.classify("it/test_a.py", ""), Integration);
        assert_eq!(rules.classify("tests/integration/test_a.py", ""), Unit);
        assert_eq!(rules.classify("acceptance/test_a.py", ""), E2e);
    }

    #[test]
    fn bad_glob_is_an_error() {
        let s = TierSettings {
            integration: Some(vec!["a/[".into()]),
            ..Default::default()
        };
        assert!(
            TierRules::new(&s)
                .unwrap_err()
                .contains("tiers.integration")
        );
    }
}
