use crate::Language;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds Python test functions (`test*` functions at module level or in
    /// a test class: `Test*`, `*Test(s)`, a `TestCase` subclass) in test
    /// files of any tier that check nothing. A test checks something when
    /// its body, or a function of the same file it calls (followed through
    /// helpers), has an `assert` or a `raise`, calls `pytest.raises`,
    /// `pytest.warns`, `pytest.fail`, `pytest.approx`, calls anything whose
    /// name has a checking word (`assert…`, `expect`, `check`, `verify`,
    /// `ensure`, `validate`, `should`, `must`, `snapshot`, `approve`,
    /// `fail`, `compare`, `match`, `test`, as whole words: `checkout` is
    /// not one) or is a nose-style checker (`eq_`, `is_`, `in_`), or calls
    /// a name imported from a test-support module (`sqlalchemy.testing`,
    /// `tests.helpers`, `conftest`) (`self.assertEqual`,
    /// `mock.assert_called_once_with`, `snapshot.assert_match`). Nested
    /// functions (route handlers inside a test) are not tests. Python only
    /// for now.
    ///
    /// A call to a method of the test class that the file does not define
    /// (`self._run_cache_key_fixture(...)`, inherited from a fixture base
    /// class elsewhere) is taken to assert, as is a call through a name
    /// imported from a test-support module (`profiling.function_call_count`).
    /// Assertions inside functions nested in the test (a signal receiver or
    /// a patched function that asserts) count for the test.
    ///
    /// Not findings: skipped and expected-failure tests, fixtures, hypothesis
    /// `@given` and benchmark tests (`@benchmark`, a `benchmark` fixture),
    /// and functions outside test files.
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
        // A file with no `def test…` has no test function; it is not parsed.
        if !file.tier.is_test()
            || file.language != Language::Python
            || !file.text.contains("def test")
        {
            return;
        }
        let Some(module) = ctx.python() else {
            return;
        };
        for (range, name) in super::python_assertions::assertion_free_tests(module) {
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
