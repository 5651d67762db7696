use crate::Language;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds Python tests (any tier) whose every `assert` checks only what
    /// the test configured on its own doubles: the assertion reads nothing
    /// but doubles the test created (`Mock()`, `MagicMock()`,
    /// `create_autospec`, `patch(...)` as a context manager, `mocker.*`) and
    /// literals, or it compares with a literal the test set as a double's
    /// `return_value`.
    ///
    /// A double the test hands to other code (as an argument) may be changed
    /// by it, so assertions on its attributes check side effects and are not
    /// findings; a comparison with a configured `return_value` literal still
    /// is (`source.price.return_value = 42; assert quote(source) == 42`).
    /// Reading recorded calls (`call_args`, `called`, `call_count`,
    /// `mock_calls`, …) is checking what the code did, not a finding.
    ///
    /// Not findings: tests with at least one assertion on something else
    /// (the result of the code under test computed from more than the
    /// configured value), interaction checks (`m.assert_called_once_with`),
    /// and tests without `assert` statements (see
    /// `mock/assertion-free-test`).
    ///
    /// ## Why is this bad?
    /// The test can only fail if the mocking library breaks: it proves the
    /// mock returns what it was told to return, not that the code works.
    ///
    /// ## Example
    /// ```python
    /// def test_total_uses_price_source():
    ///     prices = MagicMock()
    ///     prices.lookup.return_value = 250
    ///     assert prices.lookup("sku-1") * 2 == 500
    /// ```
    ///
    /// ## How to fix
    /// Assert on the result of the code under test, computed from the
    /// double's answer, or replace the double with the real dependency.
    pub struct AssertsOnOwnMock {
        id: "mock/asserts-on-own-mock",
        severity: Warning,
        summary: "Test that asserts only values it configured on its own mock",
    }
}

impl Rule for AssertsOnOwnMock {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        let file = ctx.file;
        // Only a file that asserts can assert on its own mock; others are not parsed.
        if !file.tier.is_test()
            || file.language != Language::Python
            || !file.text.contains("assert")
        {
            return;
        }
        let Some(module) = ctx.python() else {
            return;
        };
        let imports = crate::lang::python_imports::ImportMap::from_module(module);
        for (range, test, double) in super::python_assertions::asserts_on_own_mock(module, &imports)
        {
            out.push(
                Finding::new(
                    Self::META.id,
                    Self::META.severity,
                    file,
                    range,
                    format!(
                        "test `{test}` asserts only what it configured on its own mock `{double}`"
                    ),
                )
                .with_fix("assert on the result of the code under test"),
            );
        }
    }
}
