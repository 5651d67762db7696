use rustc_hash::FxHashMap;

use crate::finding::Finding;
use crate::index::ClassFact;
use crate::rules::{RepoContext, Rule};

use super::{Pack, node_classes};

crate::declare_rule! {
    /// ## What it does
    /// Finds two node classes registered under the same name: both derive
    /// from a base of a registration convention (Kailash: `Node`,
    /// `AsyncNode`, …), both carry the convention's decorator without an
    /// alias (`@register_node()`), so both register under their class name,
    /// and the names are equal. The second and later definitions are
    /// reported, each pointing at the first.
    ///
    /// Classes in test files, classes defined inside functions and private
    /// names (`_Helper`) are left out, as are registrations with an alias
    /// (`@register_node(alias="CSV")`), which register under another name.
    ///
    /// ## Why is this bad?
    /// Workflows refer to nodes by name (`add_node("CSVReaderNode", ...)`).
    /// With two classes registered under one name, the registry keeps
    /// whichever module was imported last: the workflow runs a different
    /// node depending on import order, and the other class is unreachable.
    ///
    /// ## Example
    /// ```python
    /// # app/readers/csv.py
    /// @register_node()
    /// class CSVReaderNode(Node): ...
    ///
    /// # app/legacy/readers.py
    /// @register_node()
    /// class CSVReaderNode(Node): ...   # same name: one of them is lost
    /// ```
    ///
    /// ## How to fix
    /// Rename one of the classes, or register it under an explicit alias
    /// (`@register_node(alias="LegacyCSVReaderNode")`), or delete the copy.
    pub struct DuplicateName {
        id: "node/duplicate-name",
        severity: Error,
        summary: "Two node classes register under the same name",
    }
}

impl Rule for DuplicateName {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let index = repo.index;
        for pack in repo.settings.node.packs() {
            let mut first: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
            let mut classes = node_classes(index, pack);
            classes.sort_by(|a, b| index.files[a.0].path.cmp(&index.files[b.0].path));
            classes.dedup_by_key(|(fi, ci, _)| (*fi, *ci));
            for (fi, ci, _) in classes {
                let c = &index.files[fi].classes[ci];
                if index.files[fi].is_test
                    || c.nested
                    || c.name.starts_with('_')
                    || !registers_under_its_name(c, pack)
                {
                    continue;
                }
                let Some(&(ff, _)) = first.get(c.name.as_str()) else {
                    first.insert(c.name.as_str(), (fi, ci));
                    continue;
                };
                if ff == fi {
                    // Redefinition within one module: Python keeps the last.
                    continue;
                }
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        &repo.files[fi],
                        c.span.clone(),
                        format!(
                            "`{}` is also registered in {}: both register as `{}`, and the {} registry keeps only one",
                            c.name, index.files[ff].path, c.name, pack.name
                        ),
                    )
                    .with_fix(format!(
                        "Rename one class, or register it under an alias (`@{}(alias=\"...\")`)",
                        pack.decorators.first().map_or("register_node", String::as_str)
                    )),
                );
            }
        }
    }
}

/// Registered by the convention's decorator with no string argument (an
/// alias names the registration otherwise).
fn registers_under_its_name(c: &ClassFact, pack: &Pack) -> bool {
    c.decorators.iter().any(|d| {
        let last = d.name.rsplit('.').next().unwrap_or(&d.name);
        pack.decorators.iter().any(|p| p == last) && d.strings.is_empty()
    })
}
