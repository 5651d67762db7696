//! Helpers shared by the `claim/` rules.

use std::ops::Range;

use super::analysis::{Category, Claim};
use super::evidence::{self, Evidence};
use crate::finding::Finding;
use crate::rules::{RepoContext, RuleMeta};

/// `path:line` of an offset in a file.
pub fn location(repo: &RepoContext, file: usize, offset: usize) -> String {
    let f = &repo.files[file];
    let (line, _) = f.line_index().position(&f.text, offset);
    format!("{}:{line}", f.path)
}

pub fn finding(
    repo: &RepoContext,
    meta: &RuleMeta,
    file: usize,
    range: Range<usize>,
    message: String,
) -> Finding {
    Finding::new(meta.id, meta.severity, &repo.files[file], range, message)
}

/// Emits one finding per claim of `category` with at least one reason from
/// `reasons`, naming every reason.
pub fn unsupported(
    repo: &RepoContext,
    meta: &RuleMeta,
    category: Category,
    what: &str,
    fix: &str,
    reasons: impl Fn(&Claim, &Evidence) -> Vec<String>,
    out: &mut Vec<Finding>,
) {
    let claims = repo.memo.claims(repo);
    if !claims.claims.iter().any(|c| c.category == category) {
        return;
    }
    let ev = &repo.index.evidence;
    for c in claims.claims.iter().filter(|c| c.category == category) {
        let rs = reasons(c, ev);
        if rs.is_empty() {
            continue;
        }
        let msg = format!(
            "{what} (\"{}\") without evidence: {}",
            c.phrase.trim(),
            rs.join("; ")
        );
        out.push(finding(repo, meta, c.file, c.range.clone(), msg).with_fix(fix));
    }
}

/// Reasons shared by readiness-like claims: versions, CI, tests, findings.
pub fn readiness_reasons(repo: &RepoContext, c: &Claim, ev: &Evidence) -> Vec<String> {
    let mut rs = Vec::new();
    if let Some(r) = ev
        .version_for(&repo.files[c.file].rel)
        .and_then(|v| v.immature())
    {
        rs.push(r);
    }
    if ev.test_files == 0 {
        rs.push("no test files".to_string());
    }
    if let Some(r) = ev.ci_reason() {
        rs.push(r);
    }
    if let Some(r) = evidence::describe_findings(&evidence::other_findings(repo, &[])) {
        rs.push(r);
    }
    rs
}
