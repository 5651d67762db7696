use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

use super::facts::PretenceKind;

crate::declare_rule! {
    /// ## What it does
    /// Finds production functions (Python, TypeScript/JavaScript, Rust)
    /// that promise work and fabricate the answer instead. The promise is read from the function's name: a work
    /// verb such as `fetch`, `load`, `search`, `query`, `call`, `request`,
    /// `send`, `publish`, `execute`, `run`, `predict`, `classify`, `score`,
    /// `evaluate`, `analyze`, `optimize` (the list is `work-verbs` in
    /// `rules/fakes.toml`). A finding is one of:
    ///
    /// - a function given inputs that returns a literal (a non-empty string,
    ///   list or dict of literals, a number other than 0, 1, -1) without
    ///   reading any of its parameters or calling anything but logging,
    ///   clocks, ids, conversions and the timers fakes use to simulate
    ///   latency (`def fetch_account(account_id): return {"id": 1, "name":
    ///   "Alice"}`; `await sleep(300); return {...}`; `Promise.resolve({...})`);
    /// - a success response returned without doing the action: a dict of
    ///   literals with a `success-keys` key set to a success value
    ///   (`{"status": 200}`, `{"success": True}`, `{"delivered": True}`),
    ///   in a function that calls nothing but logging, ids and clocks;
    /// - a random value returned as the result, score or confidence
    ///   (`return random.uniform(0.7, 0.99)`, `{"confidence":
    ///   random.random()}`, `Math.random()`, `np.random`) in a function
    ///   named for a result or a computation. Randomness for jitter,
    ///   backoff, delays, shuffling, sampling, ids, tokens and salts is not
    ///   a finding (`random-purposes`);
    /// - a function whose body only logs what it would do and then returns
    ///   `True`, or whose log message says "would …".
    ///
    /// In Rust the same decision reads a method's receiver as one of its
    /// inputs (`fn fetch_price(&self) -> f64 { 42.0 }`), the tail expression
    /// as a return, and `Ok(x)`/`Some(x)`/`x.to_string()`/`x.into()` as
    /// `x`. `Ok(())`, `Ok(true)` or `Ok(Default::default())` from a body
    /// that does nothing else is a fabricated success (`fn send_receipt(&self,
    /// order: u64) -> Result<()> { Ok(()) }`), unless every input is named
    /// `_…` (a deliberate no-op, such as a feature-gated edition's stub)
    /// and no comment confesses a simulation; `println!`/`tracing::info!`
    /// followed by `Ok(())` is a log-only body; `rand::random()`,
    /// `thread_rng().gen_range(..)`, `rng.gen()` are random values. Not
    /// findings in Rust: `todo!()`, `unimplemented!()`, `panic!()` and
    /// `unreachable!()` bodies (they fail loudly, which is the fix), trait
    /// default methods (placeholders by design, like an abstract base's),
    /// `impl Default`, types named as deliberate null objects (`Noop*`,
    /// `Null*`, `Disabled*`, `Discard*`, …), `#[cfg(test)]` items and
    /// `#[test]` functions; a scalar returned by a trait implementation's
    /// method overrides a hook (`fn run_length(&self) -> usize { 512 }`)
    /// unless a comment confesses a simulation.
    ///
    /// Names that promise work only weakly (`get`, `read`, `find`, `list`,
    /// `check`, `process`, `compute`, …: `weak-verbs`) count only next to a
    /// comment that confesses a simulation ("in a real implementation",
    /// "for now we simulate", "placeholder", "mock data", … :
    /// `confessions`). Such a comment also goes into the message; a comment
    /// alone, over code that does real work, is never a finding.
    ///
    /// Not findings: health checks and other functions with no work verb
    /// (`{"status": "ok"}`), functions that return defaults or
    /// configuration, methods of abstract bases and protocols (`ABC`,
    /// `Protocol`, `Base*`, `@abstractmethod`), `NotImplementedError`
    /// bodies, tests and test helpers, and the `non-production` folders of
    /// `mock/in-production-code` (`examples/`, `docs/`, …).
    ///
    /// The word lists are data (`rules/fakes.toml`); extend them with
    /// `[mock] extend-work-verbs`, `extend-weak-verbs`, `extend-success-keys`,
    /// `extend-result-words`, `extend-random-purposes`, `extend-confessions`.
    ///
    /// ## Why is this bad?
    /// Code that looks finished and is not: a tool that "calls the API" but
    /// returns canned output, an ML endpoint that returns a fixed 0.95
    /// confidence, an optimizer that scores candidates with `random()`. It
    /// passes every test that checks the shape of the answer and ships.
    ///
    /// ## Example
    /// ```python
    /// def fetch_account(account_id):
    ///     # In a real implementation this would call the accounts API
    ///     return {"id": 42, "name": "Alice", "balance": 100.0}
    /// ```
    ///
    /// ```rust
    /// # struct Mailer;
    /// # struct MailError;
    /// impl Mailer {
    ///     pub fn send_receipt(&self, order_id: u64, email: &str) -> Result<(), MailError> {
    ///         Ok(())
    ///     }
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Do the work the name promises (call the service, compute from the
    /// inputs), or fail loudly (`raise NotImplementedError`) until it is
    /// implemented.
    pub struct FakeImplementation {
        id: "mock/fake-implementation",
        severity: Error,
        summary: "Function that promises work and fabricates its answer",
    }
}

impl Rule for FakeImplementation {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        for p in super::file_pretences(ctx, PretenceKind::FakeImplementation) {
            out.push(
                Finding::new(Self::META.id, Self::META.severity, ctx.file, p.range, p.message)
                    .with_fix("do the work the name promises, or raise until it is implemented"),
            );
        }
    }
}
