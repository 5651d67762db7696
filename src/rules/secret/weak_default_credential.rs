use super::engine::{Candidate, Source};
use super::report;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds weak or default credentials committed in files that are not
    /// clearly local-only: `production_password`, `admin`, `root`,
    /// `postgres`, `123456`, and a password equal to its user name
    /// (`postgres:postgres`, `admin/admin`), in the same places
    /// `secret/hardcoded-credential-in-config` looks (env files, compose
    /// `environment:` and `command:`, CI, Dockerfile, settings, connection
    /// URLs, env-var defaults).
    ///
    /// Files that are plainly for local development or tests are skipped:
    /// test files, `tests/`, `fixtures/`, `examples/`, `dev/` folders and
    /// names such as `docker-compose.override.yml`, `.env.local`,
    /// `.env.development`, `.env.example`. So is a connection URL to the
    /// machine itself (`@localhost`, `@127.0.0.1`): a test suite's or a
    /// developer's database, which no other machine reaches.
    ///
    /// ## Why is this bad?
    /// Default credentials are the first thing an attacker tries. A value
    /// named `production_password` in a compose file is either the real
    /// production password (leaked) or a default that nobody changed.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   redis:
    ///     command: redis-server --requirepass production_password
    /// ```
    ///
    /// ## How to fix
    /// Generate a strong secret per environment and inject it:
    /// ```yaml
    ///     command: redis-server --requirepass ${REDIS_PASSWORD}
    /// ```
    pub struct WeakDefaultCredential {
        id: "secret/weak-default-credential",
        severity: Warning,
        summary: "Weak or default credential committed outside local-only files",
    }
}

impl Rule for WeakDefaultCredential {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        report(
            ctx,
            &Self::META,
            out,
            |h| format!("Weak or default credential: {}", h.what),
            "Replace it with a strong generated secret injected from the environment or a secret store",
        );
    }
}

/// A weak or default value under a credential key, outside files that are
/// plainly local-only, templates and documentation examples.
pub(super) fn claims(c: &Candidate, _rel: &str, _text: &str) -> bool {
    matches!(
        &c.source,
        Source::Context(v) if !v.placeholder && v.weak && !v.local && !v.template && !v.docs
    )
}
