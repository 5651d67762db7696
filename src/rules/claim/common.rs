//! Helpers shared by the `claim/` rules.

use std::ops::Range;

use super::analysis::{Category, Claim};
use super::evidence::{self, Evidence};
use crate::finding::{Finding, Related};
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

/// Emits one finding per document and `category`: at the first claim
/// with at least one reason from `reasons`, naming every reason of the
/// document's claims; the document's other unsupported claims of the
/// category are its related locations. A README that says
/// "production-ready" forty times makes one claim, reported once.
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
    let ev = &repo.index.evidence;
    let mut by_file: std::collections::BTreeMap<usize, Vec<(&Claim, Vec<String>)>> =
        std::collections::BTreeMap::new();
    // The same sentence with the same verdict in several documents (a
    // README copied into a package, a page included twice) is one claim:
    // reported in the first document, the copies as related locations.
    let mut first_seen: std::collections::HashMap<(String, Vec<String>), usize> =
        std::collections::HashMap::new();
    let mut copies: std::collections::BTreeMap<usize, Vec<&Claim>> =
        std::collections::BTreeMap::new();
    for c in claims.claims.iter().filter(|c| c.category == category) {
        let rs = reasons(c, ev);
        if rs.is_empty() {
            continue;
        }
        let text = repo.files[c.file]
            .text
            .get(c.sentence.clone())
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let seen = *first_seen.entry((text, rs.clone())).or_insert(c.file);
        if seen == c.file {
            by_file.entry(c.file).or_default().push((c, rs));
        } else {
            copies.entry(seen).or_default().push(c);
        }
    }
    for (file, items) in by_file {
        let (first, _) = items[0];
        let mut rs: Vec<&str> = Vec::new();
        for r in items.iter().flat_map(|(_, rs)| rs) {
            if !rs.contains(&r.as_str()) {
                rs.push(r);
            }
        }
        let more = match items.len() - 1 {
            0 => String::new(),
            n => format!(
                " ({n} more claim{} of this kind in the document)",
                if n == 1 { "" } else { "s" }
            ),
        };
        let msg = format!(
            "{what} (\"{}\") without evidence: {}{more}",
            first.phrase.trim(),
            rs.join("; ")
        );
        let related = items[1..]
            .iter()
            .map(|(c, _)| {
                Related::new(
                    &repo.files[file],
                    c.range.clone(),
                    format!("also claims \"{}\"", c.phrase.trim()),
                )
            })
            .chain(copies.get(&file).into_iter().flatten().map(|c| {
                Related::new(
                    &repo.files[c.file],
                    c.range.clone(),
                    format!("the same sentence claims \"{}\"", c.phrase.trim()),
                )
            }))
            .collect();
        out.push(
            finding(repo, meta, file, first.range.clone(), msg)
                .with_fix(fix)
                .with_related(related),
        );
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
    let dir = evidence::component_of(repo, c.file);
    let ecosystems = evidence::component_ecosystems(repo, &dir);
    let comp = evidence::Component {
        dir: &dir,
        ecosystems: &ecosystems,
    };
    if let Some(r) = ev.ci_reason_for(comp) {
        rs.push(r);
    }
    if let Some(r) = evidence::describe_findings(&evidence::other_findings(repo, &[], &dir), &dir) {
        rs.push(r);
    }
    rs
}
