use super::engine::{Candidate, Source};
use super::report;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds credentials in a provider's own token format anywhere in the
    /// repository: cloud keys (AWS access key ids, GCP API keys, Azure AD
    /// client secrets), VCS tokens (GitHub classic, fine-grained and app
    /// tokens, GitLab), LLM providers (OpenAI, Anthropic, Hugging Face,
    /// Cohere), payment (Stripe), chat (Slack tokens and webhooks, Discord,
    /// Telegram), package registries (npm, PyPI), mail and SMS (SendGrid,
    /// Twilio, Mailgun), JWTs: nearly eight hundred formats in all (CI/CD,
    /// observability, AI providers, databases as a service, ...).
    ///
    /// The detectors are data: `rules/secrets.toml` (gitleaks' default set,
    /// same detector ids) and `rules/secrets-candor.toml` (candor's own, in
    /// the same schema, each with true and false examples that a test
    /// checks), each a keyword list, a regex whose capture group
    /// is the secret, an entropy floor and allowlists. The message names the
    /// detector that fired (`github-pat`, `slack-bot-token`, ...). Lines
    /// marked `gitleaks:allow`, `pragma: allowlist secret` or `nosec` are
    /// skipped, as are lock files, images and vendored dependencies.
    ///
    /// The finding spans the secret value; every output shows only its
    /// first 4 characters and its length.
    ///
    /// ## Why is this bad?
    /// A token in the repository is readable by everyone who can clone it,
    /// forever (git history keeps it after deletion). Provider tokens are
    /// scraped from public repositories within minutes of a push.
    ///
    /// ## Example
    /// ```python
    /// GITHUB_TOKEN = "ghp_R2d2C3po4Wx5Yz6Ab7Cd8Ef9Gh0Ij1Kl2Mn3"
    /// ```
    ///
    /// ## How to fix
    /// Revoke the token at the provider now, then read it at runtime from the
    /// environment or a secret store:
    /// ```python
    /// GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
    /// ```
    pub struct KnownToken {
        id: "secret/known-token",
        severity: Error,
        summary: "Provider token committed to the repository",
    }
}

impl Rule for KnownToken {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        report(
            ctx,
            &Self::META,
            out,
            |h| {
                format!(
                    "Token matching detector `{}` committed to the repository",
                    h.what
                )
            },
            "Revoke the token at the provider, remove it and load it from the environment or a secret store",
        );
    }
}

/// A token detector's hit whose `rule` (in `rules/secrets.toml`) is this
/// rule.
pub(super) fn claims(c: &Candidate, _rel: &str, _text: &str) -> bool {
    matches!(c.source, Source::Detector { rule, .. } if rule == KnownToken::META.id)
}
