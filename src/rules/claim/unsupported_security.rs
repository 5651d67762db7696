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
    /// is not a step). Each missing piece is a separate reason. A claim that
    /// only an audit can back ("penetration tested", "security audited",
    /// "SOC 2 compliant", "zero vulnerabilities") also needs its sentence to
    /// link the report (a file in the repository or a URL); without one it
    /// is reported as unverifiable, whatever else the repository has. Hedged and roadmap statements are not claims.
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
            |c, ev| {
                let mut rs = Vec::new();
                if attests_an_audit(&c.phrase) && !links_a_report(repo, c) {
                    rs.push(format!(
                        "\"{}\" attests an external audit, and the sentence links no report (a file in the repository or a URL), so it cannot be checked",
                        c.phrase.trim()
                    ));
                }
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

/// Claims only an audit can back: penetration tests, audits, SOC 2 / ISO
/// certification, "zero vulnerabilities".
fn attests_an_audit(phrase: &str) -> bool {
    let p = phrase.to_ascii_lowercase();
    ["penetration", "pen test", "pen-test", "audited", "soc", "iso 27001", "vulnerabilit"]
        .iter()
        .any(|w| p.contains(w))
}

/// Whether the claim's sentence links a report: a Markdown link to an
/// `http(s)` URL or to a non-empty file in the repository.
fn links_a_report(repo: &RepoContext, c: &super::analysis::Claim) -> bool {
    let file = &repo.files[c.file];
    let Some(raw) = file.text.get(c.sentence.clone()) else {
        return false;
    };
    let dir = file.rel.rsplit_once('/').map_or("", |(d, _)| d);
    raw.match_indices("](").any(|(i, _)| {
        let target = raw[i + 2..].split([')', ' ', '#']).next().unwrap_or("");
        if target.starts_with("http://") || target.starts_with("https://") {
            return true;
        }
        let joined = if dir.is_empty() {
            target.trim_start_matches("./").to_string()
        } else {
            format!("{dir}/{}", target.trim_start_matches("./"))
        };
        !target.is_empty()
            && repo.files.iter().any(|f| {
                (f.rel == joined || f.rel == target.trim_start_matches('/')) && !f.text.trim().is_empty()
            })
    })
}
