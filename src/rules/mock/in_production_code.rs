use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

use crate::Language;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds mocks, fakes and mock switches shipped in production code (any
    /// file that is not a test and not in a `non-production` folder):
    ///
    /// - an import of a mocking library (`unittest.mock`, `mock`,
    ///   `pytest_mock`, `responses`, `requests_mock`, `httpretty`, `respx`,
    ///   `aioresponses`, `moto`, `fakeredis`, `mongomock`; `sinon`, `nock`,
    ///   `msw`, `testdouble`, …; Rust `use mockall`/`mockito`/`wiremock`/
    ///   `httpmock`/`faux` outside `#[cfg(test)]`), and mockall's
    ///   `#[automock]` outside `#[cfg_attr(test, automock)]`;
    /// - a public class or function named `Mock*`/`Fake*` (`mock_*`,
    ///   `fake_*`) that the same module uses in a fallback: in an `except`
    ///   (`catch`) handler, or in a branch on a mock switch
    ///   (`FakeLLM() if USE_MOCK else RealLLM()`). `Dummy*` and `Stub*`
    ///   names and private `_Fake*` helpers are not findings here: in real
    ///   libraries they are null objects (`threading._DummyThread`), type
    ///   stubs and adapters far more often than shipped test doubles. A
    ///   double defined in a production module but used only by tests (a
    ///   `FakeClock` next to `Clock`) is not a finding either;
    /// - a `USE_MOCK`-style switch: a variable, setting or parameter such as
    ///   `USE_MOCK_LLM`, `MOCK_MODE`, `enable_fake_payments`, `useMockApi`
    ///   (reported where it is defined, or where an `if` reads it when it is
    ///   defined elsewhere); in JS/TS a mode derived by a conditional from
    ///   program data (`const fakeMode = type === "default-only" ? 0 : 2`)
    ///   is not one unless the condition reads the environment or mentions
    ///   mocking;
    /// - a function returning a literal next to a comment that says it is
    ///   fake (`# For now, return a mock response` above `return "..."`;
    ///   "stub" only as a stubbed answer, "stub response": a "stub class"
    ///   is a type stub).
    ///   This is the only place a comment matters; otherwise comments,
    ///   docstrings and strings that mention mocking are never findings.
    ///
    /// Not production code: tests (see `[tiers]`), type stubs (`.pyi`,
    /// `.d.ts`), the sources of the mocking libraries themselves (a vendored
    /// or installed `moto/`, `unittest/mock.py`), and, by default,
    /// `examples/`, `example/`, `demo/`, `demos/`, `samples/`, `sample/`,
    /// `docs/`, `benches/`, `__mocks__/`, `__fixtures__/`, `test_utils/`,
    /// `testutils/`, `test_helpers/`, `test_support/` folders and
    /// `testutils.py`, `test_utils.py`, `test_helpers.py`, `testing.py`,
    /// `*_tests.py` files anywhere in the project. Configure with `[mock] non-production = [globs]` (replaces
    /// the list) or `extend-non-production = [globs]`; globs match paths
    /// relative to the project root.
    ///
    /// ## Why is this bad?
    /// A mock in production code means some path does not do the real work:
    /// a flag left on, or a fallback that silently answers with canned data,
    /// ships a system that looks finished and is not ("the LLM integration
    /// still has mocks and fallbacks").
    ///
    /// ## Example
    /// ```python
    /// USE_MOCK_LLM = os.getenv("USE_MOCK_LLM", "false") == "true"
    ///
    /// def summarize(order):
    ///     if USE_MOCK_LLM:
    ///         # For now, return a mock response
    ///         return "Mock summary: order looks fine"
    /// ```
    ///
    /// ## How to fix
    /// Implement the real call and delete the switch and the canned answer;
    /// if the call can fail, fail loudly. Test doubles belong in the tests
    /// (or a `test_utils/` package the tests import).
    pub struct InProductionCode {
        id: "mock/in-production-code",
        severity: Error,
        summary: "Mock, fake or mock switch in production code",
    }
}

/// Files that contain none of these cannot hold a finding; they are not
/// parsed.
static KEYWORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        // Only `is_match` is asked: leftmost-first gets the SIMD prefilter.
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build([
            "mock",
            "fake",
            "stub",
            "dummy",
            "simulat",
            "responses",
            "httpretty",
            "respx",
            "moto",
            "nock",
            "sinon",
            "msw",
            "testdouble",
            "faux",
        ])
        .expect("keywords compile")
});

impl Rule for InProductionCode {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        let file = ctx.file;
        if file.tier.is_test()
            || !matches!(
                file.language,
                Language::Python | Language::TypeScript | Language::Rust
            )
            || !KEYWORDS.is_match(&file.text)
        {
            return;
        }
        // Type stubs describe APIs (typeshed's `unittest/mock.pyi`); mocking
        // libraries' own sources use themselves by design.
        if file.rel.ends_with(".pyi")
            || file.rel.ends_with(".d.ts")
            || super::facts::is_mocking_library_source(&file.rel)
        {
            return;
        }
        match ctx.settings.mock.non_production_globs() {
            Ok(globs) if globs.is_match(&file.rel) => return,
            _ => {}
        }
        let Some(facts) = super::file_facts(ctx, super::Scope::Production) else {
            return;
        };
        let severity = Self::META.severity;
        for fact in facts {
            out.push(
                Finding::new(
                    Self::META.id,
                    severity,
                    file,
                    fact.range,
                    format!("{} in production code", fact.what),
                )
                .with_fix("do the real work here; keep doubles and switches in the tests"),
            );
        }
    }
}
