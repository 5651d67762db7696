use crate::Language;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds test functions (Python, TypeScript/JavaScript) in test files of
    /// any tier that check nothing. In Python a test is a `test*` function in
    /// a test class (`Test*`, `*Test(s)`, a `TestCase` subclass), or at
    /// module level in a file pytest collects by default (`test_*.py`,
    /// `*_test.py`, and pytest-django's `tests.py`, `*_tests.py`); not an
    /// `@overload` stub, and not a function that returns a value (a view,
    /// predicate or decorator named `test…`). A test checks something when
    /// its body, or a function of the same file it calls (followed through
    /// helpers), has an `assert` or a `raise`, calls `pytest.raises`,
    /// `pytest.warns`, `pytest.fail`, `pytest.approx`,
    /// `warnings.simplefilter("error")`, runs a command that raises when it
    /// fails (`subprocess.run(..., check=True)`, `subprocess.check_call`),
    /// takes a verifying fixture (`fp`,
    /// `httpx_mock`, `respx_mock`), calls anything whose
    /// name has a checking word (`assert…`, `expect`, `check`, `verify`,
    /// `ensure`, `validate`, `should`, `must`, `snapshot`, `approve`,
    /// `fail`, `compare`, `match`, `test`, as whole words: `checkout` is
    /// not one) or is a nose-style checker (`eq_`, `is_`, `in_`), or
    /// pytest-check's `check.equal(...)`, or calls
    /// a name imported from a test-support module (`sqlalchemy.testing`,
    /// `tests.helpers`, `conftest`, any relative import; after a star import
    /// from one, any name the file does not bind) (`self.assertEqual`,
    /// `mock.assert_called_once_with`, `snapshot.assert_match`). Nested
    /// functions (route handlers inside a test) are not tests.
    ///
    /// In TypeScript/JavaScript a test is the callback of `it(...)`,
    /// `test(...)`, `specify(...)`, `it.only`/`it.concurrent`, or
    /// `test.each(table)(...)` (jest, vitest, mocha, node:test; not `.skip`,
    /// `.todo`, `xit`). It checks something when its callback (nested
    /// callbacks included) calls `expect(...)` (also `expect.assertions`,
    /// `.rejects`/`.resolves`, `toMatchSnapshot`), `assert`/`chai`, reads
    /// `.should`, calls a checking name as above (supertest's
    /// `.expect(200)`, `verify…`, `sinon.assert.*`), a Testing Library query
    /// that throws when nothing matches (`getBy*`, `findBy*`), a method of
    /// the ava/tap context `t` (`t.is(...)`), throws, skips (mocha's
    /// `this.skip()`), or calls a function of
    /// the same file that asserts (followed through helpers) or a name
    /// imported from a test-support module (`./helpers`, `test-utils`,
    /// `@testing-library/*`). A type test asserts too: a `satisfies`
    /// expression or a `// @ts-expect-error` directive in the callback, or
    /// a value the test itself declares with a type (`const s: Schema =
    /// z.string()`, `let t!: z.infer<typeof s>`; not `any`/`unknown`), or a
    /// type alias or interface it declares: the compiler checks them. A
    /// test whose callback takes a completion callback (mocha's and jest's
    /// `done`) and hands it to the code under test (`server.close(done)`,
    /// `{ end: done }`) ends only if that code calls it. And a bare call of
    /// a method that another test of the file expects to throw or reject
    /// (`expect(() => schema.parse(bad)).toThrow()`, `assert.throws(...)`)
    /// is the other half of that check (`schema.parse(good)` fails the test
    /// by throwing).
    ///
    /// A call to a method of the test class that the file does not define
    /// (`self._run_cache_key_fixture(...)`, inherited from a fixture base
    /// class elsewhere) is taken to assert, as is a call through a name
    /// imported from a test-support module (`profiling.function_call_count`).
    /// Assertions inside functions nested in the test (a signal receiver or
    /// a patched function that asserts) count for the test, as does a
    /// decorator that checks: one of the same file that asserts (it wraps
    /// the test in an assertion), one with a checking name other than
    /// "test" (`@expect_deprecated(...)`; `@async_test` only runs it), or
    /// SQLAlchemy's `@profiling.function_call_count()`, pytest-memray's
    /// `limit_memory` / `limit_leaks`. `typecheck` and
    /// `fnmatch` are checking words too (`mypy_typecheck_file(path)`,
    /// pytester's `result.stdout.fnmatch_lines([...])`).
    ///
    /// Not findings: skipped and expected-failure tests (also those whose
    /// body calls `pytest.skip(...)` / `self.skipTest(...)` at its top
    /// level; a skip under a condition still leaves a test), fixtures, hypothesis
    /// `@given` and benchmark tests (`@benchmark`, a `benchmark` fixture, a
    /// module marked `pytestmark = pytest.mark.benchmark()`), functions
    /// turned into something else by a `@…tool` decorator (agent tools named
    /// `test_…`), functions outside test files, and tests in the
    /// examples, demo and docs folders of the `non-production` list
    /// (examples of tests, not the suite).
    ///
    /// ## Why is this bad?
    /// A test that asserts nothing passes whatever the code does: it adds to
    /// the pass rate and the coverage figure and proves only that the code
    /// did not raise. Reports that say "all 400 tests pass" count it.
    ///
    /// ## Example
    /// ```python
    /// def test_checkout():
    ///     cart = Cart()
    ///     cart.add("sku-1")
    ///     checkout(cart)
    /// ```
    ///
    /// ```ts
    /// it("charges the card", async () => {
    ///   await checkout(new Cart());
    /// });
    /// ```
    ///
    /// ## How to fix
    /// Assert the outcome (`assert order.status == "paid"`), or, when "does
    /// not raise" is the point, say so (`pytest.raises` for the failing
    /// case, or an assertion on the result).
    pub struct AssertionFreeTest {
        id: "mock/assertion-free-test",
        severity: Warning,
        summary: "Test that asserts nothing",
    }
}

impl Rule for AssertionFreeTest {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        let file = ctx.file;
        if !super::is_checked_test(ctx) {
            return;
        }
        // A file with no test call or `def test…` has no test; it is not parsed.
        let tests = match file.language {
            Language::Python if file.text.contains("def test") => ctx
                .python()
                .map(|m| super::python_assertions::assertion_free_tests(m, collects_module_tests(&file.rel))),
            Language::TypeScript if file.text.contains("it(") || file.text.contains("test") => ctx
                .typescript()
                .map(super::typescript_assertions::assertion_free_tests),
            _ => None,
        };
        for (range, name) in tests.unwrap_or_default() {
            out.push(
                Finding::new(
                    Self::META.id,
                    Self::META.severity,
                    file,
                    range,
                    format!("test `{name}` asserts nothing; it only shows that the code does not raise"),
                )
                .with_fix("assert the outcome the test is about"),
            );
        }
    }
}

/// Whether pytest collects module-level test functions from a file of this
/// name: its default `python_files` (`test_*.py`, `*_test.py`) and the
/// `tests.py` / `*_tests.py` that pytest-django adds. A module-level
/// `test_…` function elsewhere (a type-checker fixture, a view in a test
/// app's `urls/http.py`) is not run as a test.
fn collects_module_tests(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let Some(stem) = name.strip_suffix(".py") else {
        return false;
    };
    stem.starts_with("test_") || stem.ends_with("_test") || stem.ends_with("_tests") || stem == "tests"
}
