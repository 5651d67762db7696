//! How claims rules read the repository's evidence (computed once, in the
//! [`Index`](crate::index::Index)): components named by status rows, and
//! the open findings of other families.

use std::collections::BTreeMap;

use crate::rules::RepoContext;
use crate::workspace::{Language, SourceFile};

pub use crate::index::evidence::{Component, Evidence, Version};

/// Resolves a component name ("Fraud scoring") to a Python package or
/// module: a folder with `__init__.py` or a `.py` file named like the
/// joined words or one distinctive word. Returns the path and whether every
/// Python file in it is a stub (with the file count).
pub fn resolve_component(repo: &RepoContext, component: &str) -> Option<(String, bool, usize)> {
    const GENERIC: &[&str] = &[
        "api",
        "app",
        "system",
        "service",
        "services",
        "module",
        "modules",
        "core",
        "backend",
        "frontend",
        "database",
        "layer",
        "engine",
        "support",
        "integration",
        "management",
        "component",
        "components",
        "framework",
        "pipeline",
        "tests",
        "test",
        "docs",
        "documentation",
        "the",
        "and",
        "with",
        "for",
        "handling",
        "error",
        "errors",
        "basic",
        "main",
        "utils",
        "lib",
        "src",
        "data",
        "model",
        "models",
    ];
    let words: Vec<String> = component
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut candidates = vec![words.join("_"), words.join("")];
    candidates.extend(
        words
            .iter()
            .filter(|w| w.len() >= 3 && !GENERIC.contains(&w.as_str()))
            .cloned(),
    );
    candidates.dedup();
    for cand in &candidates {
        // A package: some file `<...>/<cand>/__init__.py` (not in tests).
        let mut pkg: Option<String> = None;
        let mut module: Option<&SourceFile> = None;
        for f in repo.files {
            if f.tier.is_test() || f.language != Language::Python {
                continue;
            }
            let rel = f.rel.as_str();
            if let Some(dir) = rel.strip_suffix("/__init__.py")
                && dir.rsplit('/').next() == Some(cand.as_str())
            {
                pkg = Some(dir.to_string());
                break;
            }
            let stem = rel.rsplit('/').next().and_then(|n| n.strip_suffix(".py"));
            if stem == Some(cand.as_str()) && module.is_none() {
                module = Some(f);
            }
        }
        if let Some(dir) = pkg {
            let prefix = format!("{dir}/");
            let files: Vec<&SourceFile> = repo
                .files
                .iter()
                .filter(|f| f.language == Language::Python && f.rel.starts_with(&prefix))
                .collect();
            let stub = files.iter().all(|f| repo.index.evidence.is_stub_python(f));
            let shown = files.first().map_or(dir.clone(), |f| {
                f.path.trim_end_matches(&f.rel[dir.len()..]).to_string()
            });
            return Some((format!("{shown}/"), stub, files.len()));
        }
        if let Some(f) = module {
            return Some((f.path.clone(), repo.index.evidence.is_stub_python(f), 1));
        }
    }
    None
}

/// The component a file belongs to: the folder of the nearest package
/// manifest above it (pyproject.toml, setup.py, package.json, Cargo.toml,
/// go.mod, pom.xml), "" for the repository root. A package's README makes
/// claims about that package; a monorepo's packages each get their own
/// verdict.
pub fn component_of(repo: &RepoContext, file: usize) -> String {
    let components = repo.memo.components(repo);
    let rel = repo.files[file].rel.as_str();
    let mut dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    loop {
        if dir.is_empty() || components.package_dirs.contains(dir) {
            return dir.to_string();
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
}

/// The repository's package folders and the ecosystems their manifests
/// declare, read once per scan (claims rules ask per claim; a monorepo has
/// thousands of claims and files).
#[derive(Debug, Default)]
pub struct Components {
    /// Folders holding a manifest [`component_of`] stops at ("" aside).
    package_dirs: rustc_hash::FxHashSet<String>,
    /// Folder -> the ecosystems of the manifests directly in it, sorted.
    ecosystems: rustc_hash::FxHashMap<String, Vec<&'static str>>,
}

impl Components {
    pub fn build(files: &[SourceFile]) -> Self {
        const MANIFESTS: &[&str] = &[
            "pyproject.toml",
            "setup.py",
            "package.json",
            "Cargo.toml",
            "go.mod",
            "pom.xml",
        ];
        let mut out = Components::default();
        for f in files {
            let (dir, name) = f.rel.rsplit_once('/').unwrap_or(("", f.rel.as_str()));
            if MANIFESTS.contains(&name) {
                out.package_dirs.insert(dir.to_string());
            }
            if let Some(eco) = crate::index::evidence::manifest_ecosystem(name) {
                out.ecosystems.entry(dir.to_string()).or_default().push(eco);
            }
        }
        for list in out.ecosystems.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        out
    }
}

/// The component (nearest manifest folder) holding a file, with its
/// ecosystems: what the index's per-component evidence questions take.
pub struct FileComponent {
    pub dir: String,
    ecosystems: Vec<&'static str>,
}

impl FileComponent {
    pub fn of(repo: &RepoContext, file: usize) -> Self {
        let dir = component_of(repo, file);
        let ecosystems = component_ecosystems(repo, &dir);
        Self { dir, ecosystems }
    }

    pub fn get(&self) -> Component<'_> {
        Component {
            dir: &self.dir,
            ecosystems: &self.ecosystems,
        }
    }
}

/// The ecosystems the manifests in a component's folder declare
/// (`pyproject.toml` -> python, `package.json` -> javascript, ...).
fn component_ecosystems(repo: &RepoContext, dir: &str) -> Vec<&'static str> {
    repo.memo
        .components(repo)
        .ecosystems
        .get(dir)
        .cloned()
        .unwrap_or_default()
}

/// Which files' findings [`other_findings`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Every file's.
    Any,
    /// Only those of files outside the test tiers: the code that ships.
    Production,
}

/// Open findings of other families (not `claim/`, not `candor/`) in the
/// component at `dir` ("" = the whole repository), counted by family.
pub fn other_findings(
    repo: &RepoContext,
    families: &[&str],
    dir: &str,
    code: Code,
) -> BTreeMap<String, usize> {
    let by_rel = repo.memo.findings_by_rel(repo);
    // Sorted by file: a component's findings are one run of the list.
    let (from, prefix) = if dir.is_empty() {
        (0, String::new())
    } else {
        let prefix = format!("{dir}/");
        (
            by_rel.partition_point(|(rel, _, _)| rel.as_str() < prefix.as_str()),
            prefix,
        )
    };
    let mut out = BTreeMap::new();
    for (_, fam, is_test) in by_rel[from..]
        .iter()
        .take_while(|(rel, _, _)| rel.starts_with(&prefix))
    {
        if (families.is_empty() || families.contains(fam))
            && !(*is_test && code == Code::Production)
        {
            *out.entry(fam.to_string()).or_default() += 1;
        }
    }
    out
}

/// (file, family, whether the file is a test file) of every finding of
/// another family than `claim/` and `candor/` in `repo.findings`, sorted by
/// the file's path relative to the root.
pub fn findings_by_rel(repo: &RepoContext) -> Vec<(String, &'static str, bool)> {
    let mut out: Vec<(String, &'static str, bool)> = repo
        .findings
        .iter()
        .filter(|f| !matches!(f.family(), "claim" | "candor"))
        .filter_map(|f| {
            // The files are sorted by path.
            let at = repo
                .files
                .binary_search_by(|file| file.path.as_str().cmp(f.path.as_str()))
                .ok()?;
            let file = &repo.files[at];
            Some((file.rel.clone(), f.family(), file.tier.is_test()))
        })
        .collect();
    out.sort_unstable();
    out
}

/// "3 open findings of other families (mock/: 2, secret/: 1)", with " in
/// `dir`/" for a component below the root.
pub fn describe_findings(counts: &BTreeMap<String, usize>, dir: &str) -> Option<String> {
    let total: usize = counts.values().sum();
    if total == 0 {
        return None;
    }
    let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k}/: {v}")).collect();
    let scope = if dir.is_empty() {
        String::new()
    } else {
        format!(" in {dir}/")
    };
    Some(format!(
        "{total} open finding{} of other families{scope} ({})",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}
