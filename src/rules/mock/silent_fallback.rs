use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

use super::facts::PretenceKind;

crate::declare_rule! {
    /// ## What it does
    /// Finds failure and absence branches in production code (Python,
    /// TypeScript/JavaScript, Rust) that answer
    /// with made-up data instead of raising, returning an error, or
    /// returning an empty result the caller can see:
    ///
    /// - an `except` handler (JS/TS `catch`) that does not re-raise and
    ///   returns made-up data: a literal record (a dict/object of literals
    ///   with at least one informative value and no error key such as
    ///   `error`, `detail`, `reason`), a list of such records, a string that
    ///   says it is sample data (`"Sample result"`, `"Mock result from
    ///   search"`: `fake-words` in `rules/fakes.toml`), a fixed fractional
    ///   number (`0.95`), or a constant or call named so (`SAMPLE_RESULTS`,
    ///   `demo_results()`);
    /// - the same in the branch of an availability test (`if not
    ///   REDIS_AVAILABLE:`, `if client is None:`, the `else` of `if
    ///   HAS_NUMPY:`; `availability-words`); in JS/TS also `res.json(...)`
    ///   with such data inside a `catch`, and the right side of `??` / `||`
    ///   when it is a list of literal records, sample strings, a record with
    ///   sample text, or a constant named so (`data ?? SAMPLE_ITEMS`); a
    ///   single record of defaults there (`opts ?? { retries: 3 }`), or a
    ///   list holding one (`config.matchers ?? [{ regexp: ".*" }]`), is
    ///   configuration, not a finding;
    /// - an `ImportError`/`ModuleNotFoundError` handler that binds a
    ///   stand-in class: one named `Mock*`/`Fake*`/`Stub*`/`Dummy*`/
    ///   `InMemory*`/`Simulated*`, or one whose every method returns a
    ///   literal without using its inputs.
    ///
    /// - in Rust: a `match` arm `Err(_) => ...`, the `else` of `let Ok(x) =
    ///   ... else { ... }` and of `if let Ok(x) = ...`, and
    ///   `.unwrap_or_else(|_err| ...)` / `.or_else(|_| ...)` whose value is
    ///   made-up data (a struct of literals, `vec![...]` of them, a sample
    ///   string, a fixed fractional number, a name such as `SAMPLE_HITS`);
    ///   `.unwrap_or(...)`, `.unwrap_or_else(|| ...)` and the `else` of `if
    ///   let Some(x) = ...` only with a list of records, sample text or a
    ///   name that says so (a single default there is configuration:
    ///   `threshold.unwrap_or(0.75)`); the branch of `if self.client.is_none()`
    ///   / `if !self.enabled` (`availability-words`). `None =>` arms are
    ///   ordinary cases of an `Option`, not failures.
    ///
    /// Names count as made-up data only when they are not a default or a
    /// quantity (`DEFAULT_SAMPLE`, `sampleRate`, `sample_size`) and not a
    /// type or variant (`Shard::Dummy` is a state, not a double).
    ///
    /// A comment in the branch that confesses a simulation ("for now we
    /// return sample data") goes into the message. `USE_MOCK`-style switches
    /// inside functions and conditions are reported by
    /// `mock/in-production-code`.
    ///
    /// Not findings: handlers that return `None`, an empty or zero result,
    /// an error dict (`{"error": str(e)}`, also nested, and records that
    /// report a skip or an absence: `{"result": "skipped"}`,
    /// `{"type": "none"}`, `{"type": "http.disconnect"}`, a timeout), a
    /// record naming the exception caught
    /// (`except ClientDisconnect: return {"type": "http.disconnect"}`), or a
    /// value computed from their inputs; strings that report a failure
    /// ("does not match any registered mock"); names of errors and of what
    /// throws them (`trackMissingSampleErrorAndThrow`), and in JS/TS names
    /// the file binds to a function or a computed value (`function dummy()
    /// {}`, `const fakeCwd = path.join(...)`); JS/TS `catch` blocks that
    /// hand the error to other code (`renderError(err, …)`); handlers that
    /// re-raise, also on some path only (`if not entry: raise`); optional-dependency fallbacks that
    /// bind `None` or a real pure-Python implementation; tests and the
    /// `non-production` folders.
    ///
    /// ## Why is this bad?
    /// When the backend fails, the user gets sample results that look real
    /// and nobody learns that the search, the database or the model is
    /// down. The failure is silent in production and invisible to tests.
    ///
    /// ## Example
    /// ```python
    /// def search(query):
    ///     try:
    ///         return client.search(query)
    ///     except Exception:
    ///         return [{"title": "Sample article", "score": 0.9}]
    /// ```
    ///
    /// ## How to fix
    /// Let the error propagate, or return an explicit error or an empty
    /// result the caller can tell apart from real data.
    pub struct SilentFallback {
        id: "mock/silent-fallback",
        severity: Error,
        summary: "Failure branch that answers with made-up data",
    }
}

impl Rule for SilentFallback {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        for p in super::file_pretences(ctx, PretenceKind::SilentFallback) {
            out.push(
                Finding::new(Self::META.id, Self::META.severity, ctx.file, p.range, p.message)
                    .with_fix("raise, return an explicit error, or return an empty result"),
            );
        }
    }
}
