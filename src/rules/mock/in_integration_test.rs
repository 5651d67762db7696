use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds mocking constructs in tests of the integration and e2e tiers
    /// (see `[tiers]`: `tests/integration/**`, `**/e2e/**`, `*.e2e.*`,
    /// Cargo's top-level `tests/`, `@pytest.mark.integration`,
    /// `pytestmark = pytest.mark.e2e`, `describe.e2e`, …). One finding per
    /// construct, naming the library:
    ///
    /// - Python: `unittest.mock` (and the `mock` backport) `patch`,
    ///   `patch.object`, `patch.multiple`, `patch.dict`, `Mock`, `MagicMock`,
    ///   `AsyncMock`, `PropertyMock`, `create_autospec`, `mock_open` — as
    ///   calls, decorators or context managers, through any import alias;
    ///   pytest-mock's `mocker` fixture (each `mocker.patch(...)`, or the
    ///   parameter itself when the test only passes it on), also requested via
    ///   `pytest.mark.usefixtures("mocker")`; `monkeypatch.setattr` that
    ///   replaces code (a function, class or lambda); `responses`,
    ///   `requests_mock` (also its fixture), `httpretty`, `respx` (also
    ///   `respx_mock`), `aioresponses`, `moto` (`mock_aws`, …), `fakeredis`,
    ///   `mongomock`, `pytest-httpx`'s `httpx_mock`.
    /// - TypeScript/JavaScript: `jest.mock`/`fn`/`spyOn`/`doMock`,
    ///   `vi.mock`/`fn`/`spyOn`/`stubGlobal`, `sinon`, `nock`, `msw`
    ///   (`setupServer`, `http.get`, …), `testdouble`, and a few more
    ///   (`fetch-mock`, `axios-mock-adapter`, `jest-mock-extended`,
    ///   `ts-mockito`), through default, named, namespace and `require`
    ///   imports.
    /// - Rust: mockall's `#[automock]` (also inside `cfg_attr`) and `mock!`,
    ///   `mockito::Server`, `wiremock::MockServer`/`Mock`,
    ///   `httpmock::MockServer`, faux's `#[faux::create]`/`#[faux::methods]`.
    /// - Hand-written doubles: a class named `Mock*`, `Fake*`, `Stub*`,
    ///   `Dummy*`, `InMemory*` or `Simulated*` defined in, or imported into,
    ///   the test, and (Python) a subclass of a production class defined in
    ///   the test whose methods all return literals without using their
    ///   inputs (`class CannedGateway(PaymentGateway): def charge(...):
    ///   return {"status": "approved"}`) — each where it is constructed or
    ///   passed as an argument. A subclass whose methods a decorator
    ///   registers with a framework (`class ReviewFlow(Flow): @start() def
    ///   review(self): return "content"`) is the definition under test, not
    ///   a double.
    /// - An import of a mocking library that the file never refers to
    ///   (`import responses` for its pytest plugin, `import "msw/node"`): the
    ///   import is the construct. Imports the file uses are reported at each
    ///   use instead, and `from unittest.mock import ANY, call` (describing
    ///   calls) is not a construct.
    ///
    /// Not findings: unit tests (they may mock freely); tests in the
    /// examples, demo and docs folders of the `non-production` list (examples
    /// of tests); configuration such as
    /// `monkeypatch.setenv`, `monkeypatch.setattr` with a plain value or
    /// with a function that calls the original it replaces (`original =
    /// AsyncResponses.create` … `return await original(...)`: a spy on the
    /// live API),
    /// `patch.dict(os.environ, ...)` and `vi.stubEnv`; the terminal a person
    /// would sit at (`patch("builtins.input")`, `patch("builtins.print")`,
    /// `patch("sys.stdin")`, `sys.stdout`, `sys.stderr`); real services
    /// (testcontainers, docker-compose fixtures, a real database URL); and
    /// any mention of mocking inside comments, docstrings or strings.
    ///
    /// ## Why is this bad?
    /// An integration test exists to prove that the parts work together for
    /// real. With the database, the HTTP API or the LLM replaced by a mock it
    /// proves only that the code calls the mock the way the test expects,
    /// while the documentation says "validated against PostgreSQL". Teams
    /// with a NO MOCKING policy for these tiers count exactly these
    /// constructs.
    ///
    /// ## Example
    /// ```python
    /// # tests/integration/test_orders_api.py
    /// from unittest.mock import MagicMock, patch
    ///
    /// @patch("app.llm.httpx.post")
    /// def test_enrich_order(mock_post):
    ///     mock_post.return_value = MagicMock(json=lambda: {"text": "ok"})
    /// ```
    ///
    /// ## How to fix
    /// Run the real dependency: a testcontainers container, a docker-compose
    /// service started by a fixture, a local server. If the test really is a
    /// unit test, move it to the unit tier (`tests/unit/`).
    pub struct InIntegrationTest {
        id: "mock/in-integration-test",
        severity: Error,
        summary: "Mocking construct in an integration or e2e test",
    }
}

impl Rule for InIntegrationTest {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        let file = ctx.file;
        if !file.tier.is_integration_or_e2e() || !super::is_checked_test(ctx) {
            return;
        }
        let Some(facts) = super::file_facts(ctx, super::Scope::Test) else {
            return;
        };
        let tier = file.tier.as_str();
        let severity = Self::META.severity;
        for fact in facts {
            out.push(
                Finding::new(
                    Self::META.id,
                    severity,
                    file,
                    fact.range,
                    format!("{} in an {tier} test", fact.what),
                )
                .with_fix(
                    "use the real dependency (testcontainers, a compose service) or move the test to the unit tier",
                ),
            );
        }
    }
}
