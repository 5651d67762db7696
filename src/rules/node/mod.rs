//! `node/` rules: registration conventions of workflow SDKs. See SPEC.md.
//!
//! Conventions are data: registration packs (`rules/registration/*.toml`,
//! format in `rules/registration/README.md`) and `[[node.conventions]]`
//! tables in the configuration, same format.

use serde::Deserialize;
use std::sync::OnceLock;

mod settings;
pub use settings::NodeSettings;

super::family_rules! {
    unregistered::Unregistered,
    unknown_reference::UnknownReference,
    duplicate_name::DuplicateName,
}

/// One registration convention.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pack {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Packages a base must come from (empty: any).
    #[serde(default)]
    pub packages: Vec<String>,
    /// Base class names; a concrete subclass must be registered.
    pub bases: Vec<String>,
    /// Decorators that register a class (last dotted segment compared).
    #[serde(default)]
    pub decorators: Vec<String>,
    /// Calls whose first argument registers a class (`registry.register`).
    #[serde(default)]
    pub registry_calls: Vec<String>,
    /// Method calls whose first string argument names a node (`add_node`).
    #[serde(default)]
    pub reference_calls: Vec<String>,
    /// Names the SDK itself provides.
    #[serde(default)]
    pub builtin_nodes: Vec<String>,
    /// The SDK release `builtin-nodes` was generated from, and the FNV-1a
    /// hash of the names (written by `scripts/gen-kailash-pack`).
    #[serde(default)]
    pub builtin_nodes_version: Option<String>,
    #[serde(default)]
    pub builtin_nodes_hash: Option<String>,
    /// Position at which a reference call's older shape passes the node
    /// itself (a class or an instance): there, the first string is an id.
    #[serde(default)]
    pub node_argument: Option<usize>,
    /// Packages (a dotted-path segment) whose `__all__` exports nodes that
    /// are looked up by name.
    #[serde(default)]
    pub node_packages: Vec<String>,
    /// Nodes generated from a decorated class (DataFlow's `@db.model`).
    #[serde(default)]
    pub generated: Vec<Generated>,
}

/// Nodes a decorator generates from each class it decorates.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Generated {
    /// The decorator, compared by its last dotted name (`@db.model`).
    pub decorator: String,
    /// The decorator counts in files importing one of these (empty: any).
    #[serde(default)]
    pub packages: Vec<String>,
    /// Node names, `{Model}` standing for the class name.
    pub templates: Vec<String>,
}

/// FNV-1a 64 of the names joined by newlines: the hash
/// `scripts/gen-kailash-pack` records with a generated name list.
#[cfg(test)]
fn names_hash(names: &[String]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in names.join("\n").bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Every node name the pack's generators derive from the repository's
/// decorated classes.
pub(crate) fn generated_names(index: &crate::index::Index, pack: &Pack) -> Vec<String> {
    let mut out = Vec::new();
    for g in &pack.generated {
        for f in &index.files {
            if !g.packages.is_empty() && !file_imports(f, &g.packages) {
                continue;
            }
            for c in &f.classes {
                let decorated = c
                    .decorators
                    .iter()
                    .any(|d| d.name.rsplit('.').next().unwrap_or(&d.name) == g.decorator);
                if decorated {
                    out.extend(g.templates.iter().map(|t| t.replace("{Model}", &c.name)));
                }
            }
        }
    }
    out
}

/// The packs shipped in `rules/registration/`.
pub fn builtin_packs() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    PACKS.get_or_init(|| {
        [include_str!("../../../rules/registration/kailash.toml")]
            .iter()
            .map(|t| toml::from_str(t).expect("built-in registration packs are valid"))
            .collect()
    })
}

/// Whether a dotted module path lies in one of `packages` (anywhere in
/// the path, so a `src/kailash/...` checkout counts as `kailash`).
pub(crate) fn in_packages(module: &str, packages: &[String]) -> bool {
    packages.is_empty()
        || packages.iter().any(|p| {
            module == p
                || module.starts_with(&format!("{p}."))
                || module.contains(&format!(".{p}."))
                || module.ends_with(&format!(".{p}"))
        })
}

/// Whether the file imports from, or lives in, one of the pack's packages.
pub(crate) fn file_uses_pack(f: &crate::index::FileFacts, pack: &Pack) -> bool {
    pack.packages.is_empty() || file_imports(f, &pack.packages)
}

fn file_imports(f: &crate::index::FileFacts, packages: &[String]) -> bool {
    f.imports
        .iter()
        .map(|i| i.module.as_str())
        .chain(f.star_imports.iter().map(String::as_str))
        .chain(f.module.as_deref())
        .any(|m| in_packages(m, packages))
}

/// Whether `qualified` (`module.Name`) is one of the pack's bases.
pub(crate) fn is_pack_base(qualified: &str, pack: &Pack) -> bool {
    let (module, name) = qualified.rsplit_once('.').unwrap_or(("", qualified));
    pack.bases.iter().any(|b| b == name) && in_packages(module, &pack.packages)
}

/// Concrete or not, every class of the repository that derives from one
/// of the pack's bases: (file, class, the base reached).
pub(crate) fn node_classes(
    index: &crate::index::Index,
    pack: &Pack,
) -> Vec<(usize, usize, String)> {
    if !index.files.iter().any(|f| file_uses_pack(f, pack)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (fi, f) in index.files.iter().enumerate() {
        for (ci, class) in f.classes.iter().enumerate() {
            if class.bases.is_empty() {
                continue;
            }
            let own = format!("{}.{}", f.module.as_deref().unwrap_or(""), class.name);
            if is_pack_base(&own, pack) {
                continue;
            }
            let mut reached = String::new();
            let found = index.any_ancestor(fi, ci, &mut |_, q| {
                let hit = is_pack_base(q, pack);
                if hit {
                    reached = q.rsplit('.').next().unwrap_or(q).to_string();
                }
                hit
            });
            if found {
                out.push((fi, ci, reached));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated built-in list is what `scripts/gen-kailash-pack`
    /// wrote for the recorded release: a hand edit, or a regeneration
    /// without the hash, fails here.
    #[test]
    fn builtin_nodes_match_their_recorded_release() {
        for p in builtin_packs() {
            let Some(hash) = &p.builtin_nodes_hash else {
                continue;
            };
            assert!(
                p.builtin_nodes_version.is_some(),
                "{}: hash without version",
                p.name
            );
            let mut sorted = p.builtin_nodes.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(
                sorted, p.builtin_nodes,
                "{}: names not sorted/unique",
                p.name
            );
            assert_eq!(
                &names_hash(&p.builtin_nodes),
                hash,
                "{}: builtin-nodes differ from what scripts/gen-kailash-pack wrote for {:?}; rerun it",
                p.name,
                p.builtin_nodes_version
            );
        }
    }

    #[test]
    fn names_hash_is_fnv1a() {
        // FNV-1a 64 of "a" (the published test vector).
        assert_eq!(names_hash(&["a".to_string()]), "af63dc4c8601ec8c");
    }

    #[test]
    fn builtin_pack_loads() {
        let p = &builtin_packs()[0];
        assert_eq!(p.name, "kailash");
        assert!(p.bases.contains(&"Node".to_string()));
        assert!(p.builtin_nodes.contains(&"CSVReaderNode".to_string()));
    }

    /// The second convention documented in rules/registration/README.md
    /// parses as a configuration.
    #[test]
    fn documented_plugin_convention_parses() {
        let readme = include_str!("../../../rules/registration/README.md");
        let start = readme.find("```toml\n").expect("README has a toml example") + 8;
        let end = start + readme[start..].find("```").expect("closed fence");
        let config = crate::Config::from_candor_toml(&readme[start..end], "README.md").unwrap();
        let packs = config.rules.node.packs();
        assert_eq!(packs.len(), 2);
        assert_eq!(packs[1].registry_calls, ["registry.register"]);
    }

    #[test]
    fn unknown_pack_is_an_error() {
        let err = crate::Config::from_candor_toml("[node]\npacks = [\"kailsh\"]\n", "candor.toml")
            .unwrap_err();
        assert!(
            err.message.contains("did you mean `kailash`"),
            "{}",
            err.message
        );
    }
}
