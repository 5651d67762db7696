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

/// Emits one finding per component (the nearest project root above the
/// document) and `category`: a repository whose forty status documents each
/// say "production-ready" makes one claim about itself, and a maintainer
/// acts on it once. The finding sits at the claim of the component's own
/// README when it makes one (else at the first claim in path order) and
/// names that claim's reasons and how many other claims share the verdict;
/// every other unsupported claim of the component is a related location
/// with its own reasons where they differ, so PR mode can annotate the one
/// a change adds.
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
    let mut components: std::collections::HashMap<usize, String> = Default::default();
    let mut by_component: std::collections::BTreeMap<String, Vec<(&Claim, Vec<String>)>> =
        Default::default();
    let mut first_seen: std::collections::HashMap<(String, Vec<String>), String> =
        Default::default();
    for c in claims.claims.iter().filter(|c| c.category == category) {
        let rs = reasons(c, ev);
        if rs.is_empty() {
            continue;
        }
        let dir = components
            .entry(c.file)
            .or_insert_with(|| evidence::component_of(repo, c.file))
            .clone();
        // The same sentence with the same verdict in another component (a
        // README copied into a package, a page included twice) is one
        // claim, reported with the first.
        let text = repo.files[c.file]
            .text
            .get(c.sentence.clone())
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let dir = first_seen.entry((text, rs.clone())).or_insert(dir).clone();
        by_component.entry(dir).or_default().push((c, rs));
    }
    for (dir, mut items) in by_component {
        // The component's README first, then documents in path order,
        // claims in document order.
        let is_readme = |file: usize| {
            let rel = &repo.files[file].rel;
            let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            parent == dir && name.to_ascii_lowercase().starts_with("readme")
        };
        items.sort_by(|(a, _), (b, _)| {
            (!is_readme(a.file), &repo.files[a.file].path, a.range.start).cmp(&(
                !is_readme(b.file),
                &repo.files[b.file].path,
                b.range.start,
            ))
        });
        let (first, first_rs) = &items[0];
        let here = items.iter().filter(|(c, _)| c.file == first.file).count() - 1;
        let elsewhere = items.len() - 1 - here;
        let documents = {
            let mut files: Vec<usize> = items
                .iter()
                .map(|(c, _)| c.file)
                .filter(|f| *f != first.file)
                .collect();
            files.sort_unstable();
            files.dedup();
            files.len()
        };
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let more = match (here, elsewhere) {
            (0, 0) => String::new(),
            (n, 0) => format!(
                " ({} of this kind in the document)",
                plural(n, "more claim")
            ),
            (0, m) => format!(
                " ({} of this kind in {})",
                plural(m, "more claim"),
                plural(documents, "other document")
            ),
            (n, m) => format!(
                " ({} of this kind in the document and {m} in {})",
                plural(n, "more claim"),
                plural(documents, "other document")
            ),
        };
        let msg = format!(
            "{what} (\"{}\") without evidence: {}{more}",
            first.phrase.trim(),
            first_rs.join("; ")
        );
        let related = items[1..]
            .iter()
            .map(|(c, rs)| {
                let own = if rs == first_rs {
                    String::new()
                } else {
                    format!(": {}", rs.join("; "))
                };
                Related::new(
                    &repo.files[c.file],
                    c.range.clone(),
                    format!("also claims \"{}\"{own}", c.phrase.trim()),
                )
            })
            .collect();
        out.push(
            finding(repo, meta, first.file, first.range.clone(), msg)
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
    let component = evidence::FileComponent::of(repo, c.file);
    let (dir, comp) = (component.dir.as_str(), component.get());
    if let Some(r) = ev.ci_reason_for(comp) {
        rs.push(r);
    }
    // The code that ships: a weak test among many is a testing matter
    // (`unsupported-testing` reads those), not a verdict on production.
    let found = evidence::other_findings(repo, &[], dir, evidence::Code::Production);
    if let Some(r) = evidence::describe_findings(&found, dir) {
        rs.push(r);
    }
    rs
}
