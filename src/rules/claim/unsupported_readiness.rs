use super::analysis::Category;
use super::common;
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds claims of production readiness
    /// ("production-ready", "enterprise-grade", "battle-tested", a pyproject
    /// classifier `Development Status :: 5 - Production/Stable` or `6 -
    /// Mature`, a package.json / Cargo.toml description) when the repository
    /// shows otherwise. Each finding names every piece of missing evidence:
    ///
    /// - the version of the nearest manifest (pyproject.toml, package.json,
    ///   Cargo.toml) is 0.x or a pre-release;
    /// - there are no test files;
    /// - no CI configuration (`.github/workflows/*.yml`, `.gitlab-ci.yml`,
    ///   and others) runs a test command;
    /// - other candor families have open findings (mocks in production code,
    ///   committed secrets, missing migrations, broken registrations).
    ///
    /// Prose is read from Markdown and reStructuredText with a Markdown
    /// parser: code blocks, inline code, block quotes, HTML comments, link
    /// targets and struck-through text are not claims. Negated, hedged,
    /// conditional and future statements ("not yet production-ready", "near
    /// production-ready", "to be production-ready", "75% production-ready",
    /// "→ Target: Production-Ready"), quoted words, unchecked task items, and
    /// sections whose heading, lead-in or table column says roadmap, plan,
    /// target, goals, next steps, requirements or "Before (MISLEADING)" are
    /// not claims. Headings themselves are never claims.
    ///
    /// ## Why is this bad?
    /// "Production-ready" is the sentence users act on. When it is written
    /// next to a 0.x version, with no CI running the tests, teams deploy on
    /// the strength of the README and discover the gaps in production; later
    /// the claim has to be retracted by hand.
    ///
    /// ## Example
    /// ```markdown
    /// OrderFlow is a **production-ready** order-processing service.
    /// ```
    /// with `version = "0.4.0"` in pyproject.toml and a CI workflow that
    /// only lints.
    ///
    /// ## How to fix
    /// Make the claim true (a 1.0 release, CI that runs the tests, the other
    /// findings fixed) or say what is true: "validated for development and
    /// staging; see the roadmap for production".
    pub struct UnsupportedReadiness {
        id: "claim/unsupported-readiness",
        severity: Warning,
        summary: "Production-readiness claim the repository does not support",
    }
}

impl Rule for UnsupportedReadiness {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        common::unsupported(
            repo,
            &Self::META,
            Category::Readiness,
            "claims production readiness",
            "make the claim true (release 1.0, run the tests in CI, fix the open findings) or state what has been validated",
            |c, ev| common::readiness_reasons(repo, c, ev),
            out,
        );
    }
}
