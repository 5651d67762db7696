use crate::Language;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds Python and TypeScript/JavaScript tests (any tier) whose every
    /// assertion checks only what the test configured on its own doubles (in
    /// Python): the assertion reads nothing
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
    /// A `patch(..., new=obj)` binds `obj`, not a double (`patch("sys.stdout",
    /// new=StringIO())` captures the code's output), and a double assigned to
    /// an attribute or an item (`factory.return_value = settings`, also
    /// inside a container: `arbiter.WORKERS = {42: worker}`) or passed in a
    /// container (`Pool([worker])`) is handed to the code under test. A name the test also binds to something else (`resp =
    /// await session.ws_connect(...)` after `resp = Mock()`) is not taken
    /// for a double.
    ///
    /// In TypeScript/JavaScript the doubles are `jest.fn()`, `vi.fn()`,
    /// `sinon.stub()`/`sinon.spy()`/`sinon.fake()` bound in the test (with
    /// their chains: `jest.fn().mockReturnValue(5)`); the configured literals
    /// come from `mockReturnValue(Once)`, `mockResolvedValue(Once)`,
    /// `mockImplementation(() => 5)`, `.returns(5)`, `.resolves(5)`,
    /// `jest.fn(() => 5)`; the expectations are `expect(subject).matcher(...)`
    /// chains and `sinon.assert.*`/`assert.*` calls. A test is a finding when
    /// every expectation's subject reads only its own doubles and none of
    /// them was handed to other code (referenced anywhere but as a callee,
    /// in an expectation, or its own declaration: an argument, an object
    /// property, a JSX attribute, a closure), or compares with a literal the
    /// test configured (`const stub = sinon.stub().returns(42);
    /// expect(total(stub)).toBe(42)`). `expect(m).toHaveBeenCalled()` after
    /// the test called `m()` itself checks nothing; after the code under
    /// test was given `m` it checks an interaction and is not a finding.
    ///
    /// Not findings: tests with at least one assertion on something else
    /// (the result of the code under test computed from more than the
    /// configured value), interaction checks (`m.assert_called_once_with`),
    /// tests without `assert` statements (see `mock/assertion-free-test`),
    /// and tests in the examples, demo and docs folders of the
    /// `non-production` list.
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
    /// ```ts
    /// it("calls the price source", () => {
    ///   const source = vi.fn();
    ///   source("sku-1");
    ///   expect(source).toHaveBeenCalledWith("sku-1");
    /// });
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
        if !super::is_checked_test(ctx) {
            return;
        }
        // Only a file that asserts can assert on its own mock; others are not parsed.
        let found = match file.language {
            Language::Python if file.text.contains("assert") => ctx.python().map(|module| {
                let imports = crate::lang::python_imports::ImportMap::from_module(module);
                super::python_assertions::asserts_on_own_mock(module, &imports)
            }),
            Language::TypeScript if file.text.contains("expect") || file.text.contains("assert") => ctx
                .typescript()
                .map(super::typescript_assertions::asserts_on_own_mock),
            _ => None,
        };
        for (range, test, double) in found.unwrap_or_default() {
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
