//! The rule registry. One folder per family, one file per rule.
//!
//! A rule is a unit struct declared with [`declare_rule!`]: its doc comment
//! (ruff's shape: *What it does / Why is this bad? / Example / How to fix*)
//! is the user documentation, printed by `candor rule ID` and generated into
//! `docs/rules/<family>/<name>.md`.

use crate::finding::{Finding, Severity};
use crate::index::Index;
pub use crate::lang::parsed::ParsedFile;
use crate::workspace::SourceFile;
use std::cell::OnceCell;

pub use settings::Settings;

/// A family's rules, one line each (`module::Rule`): declares the rule's
/// module, re-exports the rule and lists it in the family's `RULES`. Adding
/// a rule to a family is one line here plus the rule's own file.
macro_rules! family_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(mod $module;
        pub use $module::$rule;)*

        /// The family's rules, in registration order.
        pub static RULES: &[&dyn $crate::rules::Rule] = &[$(&$rule),*];
    };
}
pub(crate) use family_rules;

pub mod candor;
pub mod claim;
pub mod migration;
pub mod mock;
pub mod node;
pub mod secret;
pub mod select;
pub mod settings;

/// Static facts about a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// `family/name`, stable once released.
    pub id: &'static str,
    pub severity: Severity,
    /// One line, shown in `candor rules` and as SARIF `shortDescription`.
    pub summary: &'static str,
    /// The rule's documentation (Markdown), from its doc comment.
    pub doc: &'static str,
    /// Whether `select = ["ALL"]` (the default) turns it on.
    pub default_enabled: bool,
}

impl RuleMeta {
    pub fn family(&self) -> &'static str {
        crate::finding::family_of(self.id)
    }

    pub fn name(&self) -> &'static str {
        self.id.split_once('/').map_or(self.id, |(_, n)| n)
    }

    /// The doc comment with rustdoc's leading space removed, and the
    /// lines rustdoc hides in Rust examples (`# struct Mailer;`, which only
    /// make the example compile as a doctest) left out.
    pub fn documentation(&self) -> String {
        let mut out = String::new();
        let mut in_rust = false;
        for line in self.doc.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if let Some(info) = line.strip_prefix("```") {
                in_rust = !in_rust && info.trim() == "rust";
            } else if in_rust && (line == "#" || line.starts_with("# ")) {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// The rule's whole page: `candor rule ID` prints it and
    /// `docs/rules/<family>/<name>.md` holds it.
    pub fn page(&self) -> String {
        format!(
            "# {}\n\n{}.\n\n- Family: `{}`\n- Default severity: `{}`\n- Enabled by default: {}\n\n{}",
            self.id,
            self.summary,
            self.family(),
            self.severity,
            if self.default_enabled {
                "yes"
            } else {
                "no (opt-in)"
            },
            self.documentation()
        )
    }

    /// The page a SARIF `helpUri` and annotations link to.
    pub fn help_uri(&self) -> String {
        format!(
            "https://github.com/candor-dev/candor/blob/main/docs/rules/{}.md",
            self.id
        )
    }
}

/// Declares a rule: a unit struct with its doc comment and metadata.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub struct PrivateKey {
///         id: "secret/private-key",
///         severity: Error,
///         summary: "Private key committed to the repository",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            id: $id:literal,
            severity: $sev:ident,
            summary: $summary:literal
            $(, default_enabled: $enabled:literal)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                id: $id,
                severity: $crate::finding::Severity::$sev,
                summary: $summary,
                doc: concat!($($doc, "\n",)*),
                default_enabled: $crate::rules::default_enabled(&[$($enabled)?]),
            };
        }

        impl $crate::rules::HasMeta for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
        }
    };
}

#[doc(hidden)]
pub const fn default_enabled(v: &[bool]) -> bool {
    v.is_empty() || v[0]
}

/// What a per-file rule sees: one file and its parse cache (through
/// `Deref`), the rule settings, and the `secret/` family's shared hits.
pub struct FileContext<'p, 'a> {
    pub parsed: &'p ParsedFile<'a>,
    pub settings: &'p Settings,
    /// The `secret/` family's hits, computed once for all its rules.
    secret_hits: OnceCell<Vec<secret::engine::Hit>>,
}

impl<'a> std::ops::Deref for FileContext<'_, 'a> {
    type Target = ParsedFile<'a>;
    fn deref(&self) -> &ParsedFile<'a> {
        self.parsed
    }
}

impl<'p, 'a> FileContext<'p, 'a> {
    pub fn new(parsed: &'p ParsedFile<'a>, settings: &'p Settings) -> Self {
        Self {
            parsed,
            settings,
            secret_hits: OnceCell::new(),
        }
    }

    /// The `secret/` family's detector and context hits for this file,
    /// computed on first use and shared by the family's rules.
    pub fn secret_hits(&self) -> &[secret::engine::Hit] {
        self.secret_hits.get_or_init(|| {
            secret::engine::compute(&self.file.rel, &self.file.text, self.file.tier.is_test())
        })
    }
}

/// What a whole-repository rule sees.
pub struct RepoContext<'a> {
    pub files: &'a [SourceFile],
    /// Paths (relative to the project root) that exist but were not read:
    /// binary files, files over the size limit, excluded folders (every
    /// path below them exists as far as a rule can tell).
    pub unread: &'a [String],
    pub index: &'a Index,
    pub settings: &'a Settings,
    /// Findings of the per-file and repository phases, for rules that use
    /// other families' findings as evidence ([`Rule::check_late`]).
    pub findings: &'a [Finding],
    /// PR mode only: the files the pull request changes.
    pub changed: Option<&'a [crate::workspace::ChangedFile]>,
    /// Computations several rules share within one scan.
    pub memo: &'a RepoMemo,
}

/// Whole-repository computations that several rules (and the scorecard)
/// need, built once per scan on first use. Each depends only on the files
/// and the configuration, so every phase can share it; the one exception,
/// [`RepoMemo::findings_by_rel`], is rebuilt per phase.
#[derive(Default)]
pub struct RepoMemo {
    claims: std::sync::OnceLock<claim::analysis::Claims>,
    instructions: std::sync::OnceLock<claim::instructions::Instructions>,
    components: std::sync::OnceLock<claim::evidence::Components>,
    /// The one computation here that reads findings: kept with the number
    /// of findings it was built from, so the repository phase (no findings
    /// yet) and the late phase (every finding) each get their own.
    findings_by_rel: std::sync::Mutex<Option<(usize, FindingsByRel)>>,
}

/// (file relative to the root, family, whether the file is a test file).
type FindingsByRel = std::sync::Arc<Vec<(String, &'static str, bool)>>;

impl RepoMemo {
    /// The claims of the repository's docs and package metadata.
    pub fn claims(&self, repo: &RepoContext) -> &claim::analysis::Claims {
        self.claims.get_or_init(|| claim::analysis::collect(repo))
    }

    /// The commands, links and project facts of the repository's docs.
    pub fn instructions(&self, repo: &RepoContext) -> &claim::instructions::Instructions {
        self.instructions
            .get_or_init(|| claim::instructions::collect(repo))
    }

    /// Other families' findings by file, for the findings `repo` holds.
    pub fn findings_by_rel(&self, repo: &RepoContext) -> FindingsByRel {
        let mut cached = self
            .findings_by_rel
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((n, list)) if *n == repo.findings.len() => list.clone(),
            _ => {
                let list = std::sync::Arc::new(claim::evidence::findings_by_rel(repo));
                *cached = Some((repo.findings.len(), list.clone()));
                list
            }
        }
    }

    /// The repository's package folders and their ecosystems.
    pub fn components(&self, repo: &RepoContext) -> &claim::evidence::Components {
        self.components
            .get_or_init(|| claim::evidence::Components::build(repo.files))
    }
}

/// A rule's metadata; [`declare_rule!`] implements it.
pub trait HasMeta {
    fn meta(&self) -> &'static RuleMeta;
}

/// A rule. Implement the entry points it needs; the others do nothing.
pub trait Rule: HasMeta + Sync + Send {
    /// Runs once per file, in parallel across files on native targets.
    fn check_file(&self, _ctx: &FileContext, _out: &mut Vec<Finding>) {}

    /// Runs once per scan over the whole-repository index.
    fn check_repo(&self, _repo: &RepoContext, _out: &mut Vec<Finding>) {}

    /// Runs after every other rule, with their findings in
    /// [`RepoContext::findings`] (claims use them as evidence).
    fn check_late(&self, _repo: &RepoContext, _out: &mut Vec<Finding>) {}
}

/// Every rule, in a fixed order (families alphabetically, then rules).
pub fn registry() -> &'static [&'static dyn Rule] {
    static RULES: std::sync::OnceLock<Vec<&'static dyn Rule>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let mut all: Vec<&'static dyn Rule> = Vec::new();
        all.extend_from_slice(candor::RULES);
        all.extend_from_slice(claim::RULES);
        all.extend_from_slice(migration::RULES);
        all.extend_from_slice(mock::RULES);
        all.extend_from_slice(node::RULES);
        all.extend_from_slice(secret::RULES);
        all.sort_by_key(|r| r.meta().id);
        all
    })
}

pub fn all_meta() -> impl Iterator<Item = &'static RuleMeta> {
    registry().iter().map(|r| r.meta())
}

/// Every rule as pretty JSON (`candor rules --format json`, the WASM
/// `rules()` export): id, family, severity, summary, default, doc.
pub fn catalog_json() -> String {
    let list: Vec<serde_json::Value> = all_meta()
        .map(|m| {
            serde_json::json!({
                "id": m.id,
                "family": m.family(),
                "severity": m.severity,
                "summary": m.summary,
                "default_enabled": m.default_enabled,
                "doc": m.documentation(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&list).expect("rules serialize");
    s.push('\n');
    s
}

pub fn find(id: &str) -> Option<&'static RuleMeta> {
    all_meta().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut ids: Vec<&str> = all_meta().map(|m| m.id).collect();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule ids");
        for id in ids {
            let (family, name) = id.split_once('/').expect("family/name");
            assert!(!family.is_empty() && !name.is_empty());
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '/'),
                "{id}"
            );
        }
    }

    #[test]
    fn every_rule_is_documented_in_ruffs_shape() {
        for meta in all_meta() {
            let doc = meta.documentation();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(doc.contains(section), "{} lacks `{section}`", meta.id);
            }
            assert!(
                !meta.summary.is_empty() && !meta.summary.ends_with('.'),
                "{}: summary",
                meta.id
            );
        }
    }
}
