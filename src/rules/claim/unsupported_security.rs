use super::analysis::Category;
use super::common;
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds security claims ("security audited", "hardened",
    /// "penetration tested", "enterprise-grade security", "zero
    /// vulnerabilities") in a repository with no security policy that names
    /// a reporting channel (`SECURITY.md` at the root, in `.github/` or
    /// `docs/`, with an e-mail address or a link; an empty policy is none)
    /// or no static analysis step that CI runs (the CodeQL analyze action,
    /// Semgrep, Bandit, gosec, cargo-audit, cargo-deny, npm/pnpm/yarn
    /// audit, pip-audit, Trivy, OSV-Scanner, Snyk; a step name or an `echo`
    /// is not a step). Each missing piece is a separate reason. Hedged and roadmap statements are not claims.
    ///
    /// ## Why is this bad?
    /// Users decide what to expose to the internet from this sentence. An
    /// audit that left no trace in the repository (no policy for reporting
    /// vulnerabilities, no automated scanning) cannot be checked.
    ///
    /// ## Example
    /// ```markdown
    /// The API is security audited and hardened.
    /// ```
    ///
    /// ## How to fix
    /// Add a `SECURITY.md` and a SAST step (for example
    /// `github/codeql-action`), link the audit report, or reword the claim.
    pub struct UnsupportedSecurity {
        id: "claim/unsupported-security",
        severity: Warning,
        summary: "Security claim with no security policy or SAST in the repository",
    }
}

impl Rule for UnsupportedSecurity {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        common::unsupported(
            repo,
            &Self::META,
            Category::Security,
            "claims security",
            "add SECURITY.md and a SAST step in CI, link the audit, or reword the claim",
            |_, ev| {
                let mut rs = Vec::new();
                match (&ev.security_policy, &ev.security_channel) {
                    (None, _) => rs.push("no SECURITY.md".to_string()),
                    (Some(p), None) => rs.push(format!(
                        "{} names no reporting channel (no e-mail address or link)",
                        p.path
                    )),
                    _ => {}
                }
                if ev.sast.is_none() {
                    rs.push("no SAST step in CI".to_string());
                }
                rs
            },
            out,
        );
    }
}
