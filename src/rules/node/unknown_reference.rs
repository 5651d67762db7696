use rustc_hash::FxHashSet;

use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

use super::{file_uses_pack, generated_names, node_classes};

crate::declare_rule! {
    /// ## What it does
    /// Finds string references to workflow nodes that name no node: the
    /// first argument of a convention's reference call
    /// (`workflow.add_node("CSVReaderNode", "reader", {...})` for Kailash)
    /// that is neither a class of the repository, nor a registration alias
    /// (`@register_node(alias="CSV")`), nor one of the nodes the SDK ships
    /// (the pack's `builtin-nodes`). The closest known name is suggested.
    ///
    /// Names a convention generates count as known: for Kailash DataFlow,
    /// every `@db.model` class `Product` brings `ProductCreateNode`,
    /// `ProductListNode`, `ProductBulkUpsertNode` and the rest of the
    /// pack's `[[generated]]` templates. In the older call shape
    /// `add_node("node_id", SomeNode(...))` (the node passed at the pack's
    /// `node-argument`), the string is an id and is not checked.
    ///
    /// Serialized workflows count too: in a JSON or YAML file whose
    /// top-level `nodes` maps ids to entries (or lists entries), each
    /// entry's `type`/`node_type` is a reference (Kailash
    /// `Workflow.from_dict`), checked when the repository's code uses the
    /// convention.
    ///
    /// Only files that use the convention's packages are checked, and only
    /// calls with at least two positional arguments whose first is a
    /// class-like string, so `graph.add_node("A")` (networkx) is not a
    /// reference. Test files are skipped unless `[node] check-tests = true`.
    ///
    /// ## Why is this bad?
    /// The runtime looks the name up when the workflow is built. A typo or
    /// a node that was never written fails there, in production, and no
    /// import error or type checker warns about a string.
    ///
    /// ## Example
    /// ```python
    /// workflow.add_node("FraudScoreNode", "fraud", {"threshold": 0.8})
    /// ```
    /// when no `FraudScoreNode` exists anywhere.
    ///
    /// ## How to fix
    /// Fix the name, write and register the node, or add a node your SDK
    /// provides to the pack's `builtin-nodes` (`[[node.conventions]]`).
    pub struct UnknownReference {
        id: "node/unknown-reference",
        severity: Error,
        summary: "String reference to a workflow node that does not exist",
    }
}

/// The older call shape: the node itself is passed at the pack's
/// `node-argument`, so the string is the node's id, not its type.
pub(super) fn names_an_id(r: &crate::index::NodeRef, pack: &super::Pack) -> bool {
    pack.node_argument.is_some_and(|p| r.node_args.contains(&p))
}

impl Rule for UnknownReference {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let index = repo.index;
        if !index.files.iter().any(|f| !f.node_refs.is_empty()) {
            return;
        }
        let mut known: FxHashSet<&str> = FxHashSet::default();
        for f in &index.files {
            for c in &f.classes {
                known.insert(c.name.as_str());
                for d in &c.decorators {
                    known.extend(d.strings.iter().map(String::as_str));
                }
            }
        }
        let packs = repo.settings.node.packs();
        let generated: Vec<String> = packs
            .iter()
            .flat_map(|p| generated_names(index, p))
            .collect();
        known.extend(generated.iter().map(String::as_str));
        let mut suggestions: Vec<&str> = generated.iter().map(String::as_str).collect();
        for pack in &packs {
            known.extend(pack.builtin_nodes.iter().map(String::as_str));
            suggestions.extend(pack.builtin_nodes.iter().map(String::as_str));
            for (fi, ci, _) in node_classes(index, pack) {
                suggestions.push(index.files[fi].classes[ci].name.as_str());
            }
        }
        suggestions.sort_unstable();
        suggestions.dedup();
        for (fi, f) in index.files.iter().enumerate() {
            if f.node_refs.is_empty() || (f.is_test && !repo.settings.node.check_tests) {
                continue;
            }
            // A workflow file has no imports: it belongs to a convention
            // the repository's code uses.
            let pack = if f.workflow_file {
                packs
                    .iter()
                    .find(|p| index.files.iter().any(|g| !g.workflow_file && file_uses_pack(g, p)))
            } else {
                packs.iter().find(|p| file_uses_pack(f, p))
            };
            let Some(pack) = pack else {
                continue;
            };
            for r in &f.node_refs {
                if known.contains(r.name.as_str()) || names_an_id(r, pack) {
                    continue;
                }
                let hint = crate::text::closest(&r.name, suggestions.iter().copied());
                let message = match hint {
                    Some(h) => format!("no node named `{}` exists (did you mean `{h}`?)", r.name),
                    None => format!(
                        "no node named `{}` exists in the repository or among the {} built-in nodes",
                        r.name, pack.name
                    ),
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        &repo.files[fi],
                        r.span.clone(),
                        message,
                    )
                    .with_fix(match hint {
                        Some(h) => format!("Use `{h}`, or write and register `{}`", r.name),
                        None => format!("Write and register `{}`, or fix the name", r.name),
                    }),
                );
            }
        }
    }
}
