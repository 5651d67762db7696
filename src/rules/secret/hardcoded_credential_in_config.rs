use super::engine::{Candidate, Source};
use super::report;
use super::values::k8s_placeholder;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds real-looking credentials in the places deployments read them
    /// from, where token scanners do not look for context:
    ///
    /// - `.env` files (`DATABASE_PASSWORD=...`); templates such as
    ///   `.env.example` / `.env.sample` only when the value looks random;
    /// - docker-compose `environment:` (map and list forms) and `command:`
    ///   flags (`--requirepass`, `--password`), `NEO4J_AUTH`-style
    ///   `user/password` values (the span is the password part);
    /// - CI workflow `env:` and other YAML (Helm values, settings);
    /// - Dockerfile `ENV` / `ARG` defaults;
    /// - Kubernetes `Secret` manifests: `data` values are base64-decoded for
    ///   the check (never printed), `stringData` values read as they are;
    /// - settings files (INI, TOML, properties, `settings*.py`,
    ///   `appsettings*.json`);
    /// - connection URLs with an inline password (`postgres://app:...@db`);
    /// - defaults of `os.environ.get` / `os.getenv`,
    ///   `process.env.X ?? "..."` / `||`, `env::var("X").unwrap_or("...")`.
    ///
    /// Only credential-named keys count (`*PASSWORD*`, `*SECRET*`,
    /// `*TOKEN*`, `*API_KEY*`, ...; not `PASSWORD_FILE`, `TOKEN_TTL`).
    /// Placeholders (`changeme`, `<your-key>`, `${VAR}`, `{{ .Values.x }}`,
    /// `xxx`, `example`, empty, `***`) are never findings; weak default
    /// values (`production_password`, `postgres`) are reported by
    /// `secret/weak-default-credential` instead. In test files, and for a
    /// connection URL in documentation, a Python docstring or a comment of
    /// a program (Python, JavaScript/TypeScript, Rust: an example in a
    /// note), only random-looking values count.
    ///
    /// ## Why is this bad?
    /// Configuration is copied everywhere: images, CI logs, support bundles.
    /// A password in a committed `.env` or compose file is a production
    /// password known to everyone with read access to the repository.
    ///
    /// ## Example
    /// ```text
    /// # .env
    /// DATABASE_PASSWORD=Xk9vQ2mLp7RtZw4sNb8c
    /// ```
    ///
    /// ## How to fix
    /// Rotate the credential, keep only a template in the repository
    /// (`DATABASE_PASSWORD=changeme` in `.env.example`), add `.env` to
    /// `.gitignore`, and reference secrets indirectly
    /// (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}`, `secretKeyRef`).
    pub struct HardcodedCredentialInConfig {
        id: "secret/hardcoded-credential-in-config",
        severity: Error,
        summary: "Credential hard-coded in configuration",
    }
}

impl Rule for HardcodedCredentialInConfig {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        report(
            ctx,
            &Self::META,
            out,
            |h| format!("Credential hard-coded: {}", h.what),
            "Rotate it, commit only a placeholder and inject the real value from the environment or a secret store",
        );
    }
}

/// A detector hit routed here by the data, or a value under a credential
/// key that is not a placeholder, not weak (the weak-default rule's), not
/// a name, and random-looking where the place is a template or test code
/// (both are full of throwaway values) or documentation; a Kubernetes
/// Secret's value that is a placeholder (plain or base64) is a template.
pub(super) fn claims(c: &Candidate, _rel: &str, text: &str) -> bool {
    match &c.source {
        Source::Detector { rule, .. } => {
            *rule == HardcodedCredentialInConfig::META.id
                && !k8s_placeholder(&text[c.range.clone()])
        }
        Source::Context(v) => {
            !v.placeholder
                && !v.weak
                && !v.name_like
                && (!v.template || v.random)
                && (!(v.test || v.docs) || v.random)
        }
    }
}
