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
    if pack.packages.is_empty() {
        return true;
    }
    f.imports
        .iter()
        .map(|i| i.module.as_str())
        .chain(f.star_imports.iter().map(String::as_str))
        .chain(f.module.as_deref())
        .any(|m| in_packages(m, &pack.packages))
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
