//! `mock/` rules. See SPEC.md.

pub mod facts;
mod settings;
mod vocabulary;
pub use settings::MockSettings;
mod pretence;
pub mod python;
mod python_assertions;
mod python_pretence;
pub mod rust;
mod rust_pretence;
pub mod typescript;
mod typescript_assertions;
mod typescript_pretence;

super::family_rules! {
    assertion_free_test::AssertionFreeTest,
    asserts_on_own_mock::AssertsOnOwnMock,
    fake_implementation::FakeImplementation,
    in_integration_test::InIntegrationTest,
    in_production_code::InProductionCode,
    silent_fallback::SilentFallback,
}

/// Whether a file is shipped code the production rules read: not a test, not
/// a type stub, not a mocking library's own source, not in a
/// `non-production` folder.
fn is_shipped_code(ctx: &crate::rules::FileContext) -> bool {
    let file = ctx.file;
    !(file.tier.is_test()
        || file.rel.ends_with(".pyi")
        || file.rel.ends_with(".d.ts")
        || facts::is_mocking_library_source(&file.rel)
        || matches!(ctx.settings.mock.non_production_globs(), Ok(g) if g.is_match(&file.rel)))
}

/// Whether a test file is one whose tests are checked for what they
/// assert: not in an examples, demo or docs folder of the `non-production`
/// list, where tests are examples of tests. The test-support entries of
/// that list (`test_utils/`, `test_helpers.py`) stay checked: a suite's
/// `tests/test_utils.py` tests the package's `utils`.
fn is_checked_test(ctx: &crate::rules::FileContext) -> bool {
    let rel = &ctx.file.rel;
    let illustrative = rel
        .split('/')
        .rev()
        .skip(1)
        .any(|dir| matches!(dir, "examples" | "example" | "demo" | "demos" | "docs"));
    ctx.file.tier.is_test()
        && !(illustrative
            && matches!(ctx.settings.mock.non_production_globs(), Ok(g) if g.is_match(rel)))
}

/// Whether a file has any construct a pretence needs (a function, a
/// handler, a fallback operator); files without one are not parsed.
fn may_pretend(ctx: &crate::rules::FileContext) -> bool {
    let text = &ctx.file.text;
    match ctx.file.language {
        crate::Language::Python => text.contains("def ") || text.contains("except"),
        // Methods, arrows and functions have no one keyword in common.
        crate::Language::TypeScript => true,
        crate::Language::Rust => text.contains("fn "),
        _ => false,
    }
}

/// The pretences of one kind in a shipped file.
fn file_pretences(
    ctx: &crate::rules::FileContext,
    kind: facts::PretenceKind,
) -> Vec<facts::Pretence> {
    if !is_shipped_code(ctx) || !may_pretend(ctx) {
        return Vec::new();
    }
    let vocab = ctx.settings.mock.vocabulary();
    let all = match ctx.file.language {
        crate::Language::Python => ctx
            .python()
            .map(|m| python_pretence::pretences(m, &ctx.file.text, vocab)),
        crate::Language::TypeScript => ctx
            .typescript()
            .map(|p| typescript_pretence::pretences(p, &ctx.file.text, vocab)),
        crate::Language::Rust => ctx
            .rust()
            .map(|f| rust_pretence::pretences(f, &ctx.file.text, vocab)),
        _ => None,
    };
    all.unwrap_or_default()
        .into_iter()
        .filter(|p| p.kind == kind)
        .collect()
}

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
    // Named for tests (`scripts/release_tests.py`) outside a test folder.
    "**/*_tests.py",
    "**/test_utils.py",
    "**/test_helpers.py",
    "**/testing.py",
    "**/testsupport/**",
];
