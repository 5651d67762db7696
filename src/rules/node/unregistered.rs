use rustc_hash::FxHashSet;

use crate::finding::Finding;
use crate::index::{ClassFact, Index, Span, Symbol};
use crate::rules::{RepoContext, Rule};

use super::{Pack, node_classes};
use super::unknown_reference::names_an_id;

/// A documentation snippet that imports the class from its own module
/// (`from app.nodes.enrich import EnrichNode`) and names it.
fn doc_lookup(index: &Index, pack: &Pack, name: &str, module: &str) -> Option<(usize, Span)> {
    index.files.iter().enumerate().find_map(|(fi, f)| {
        f.doc_refs
            .iter()
            .find(|(r, from)| {
                r.name == name
                    && !names_an_id(r, pack)
                    && (module == from || module.ends_with(&format!(".{from}")))
            })
            .map(|(r, _)| (fi, r.span.clone()))
    })
}

/// Where a node class is looked up by name: the first string reference
/// (`add_node("X", ...)`) anywhere in the repository, else an export from
/// the `__all__` of a package the pack names (`app.nodes`).
fn lookups<'a>(index: &'a Index, pack: &Pack) -> rustc_hash::FxHashMap<&'a str, (usize, Span, &'static str)> {
    let mut out = rustc_hash::FxHashMap::default();
    for (fi, f) in index.files.iter().enumerate() {
        for r in &f.node_refs {
            if !names_an_id(r, pack) {
                out.entry(r.name.as_str())
                    .or_insert((fi, r.span.clone(), "is looked up by name"));
            }
        }
    }
    for (fi, f) in index.files.iter().enumerate() {
        let exports_nodes = f.module.as_deref().is_some_and(|m| {
            m.split('.').any(|seg| pack.node_packages.iter().any(|p| p == seg))
        });
        if !exports_nodes {
            continue;
        }
        for (name, span) in &f.exports {
            out.entry(name.as_str())
                .or_insert((fi, span.clone(), "is exported as a node"));
        }
    }
    out
}

crate::declare_rule! {
    /// ## What it does
    /// Finds workflow nodes that are looked up by name but never
    /// registered: classes deriving, directly or through other classes
    /// anywhere in the repository, from a base of a registration convention
    /// (Kailash: `Node`, `AsyncNode`, `CycleAwareNode`, …) without the
    /// registration the convention requires (`@register_node()`, or a
    /// registry call such as `registry.register(MyPlugin)`).
    ///
    /// Only classes the runtime must find by name are reported: one named
    /// by a string reference (`workflow.add_node("EnrichOrderNode", ...)`
    /// anywhere in the repository, or the `type` of an entry in a JSON or
    /// YAML workflow's `nodes`, or a call in a Python code block of the
    /// Markdown documentation that imports the class from its module), or
    /// exported from the `__all__` of a
    /// package the pack names in `node-packages` (`app/nodes/__init__.py`).
    /// The message gives that reference's location. A class only ever
    /// instantiated directly (`EnrichOrderNode(...)`,
    /// `add_node("enrich", EnrichOrderNode(...))`, `add_node(EnrichOrderNode,
    /// "enrich")`) does not go through the registry and is not a finding.
    ///
    /// Bases are resolved across files: imports, `as` aliases, re-exports
    /// through `__init__.py`, module aliases (`MyBase = base.Node`) and star
    /// imports. A base counts only when it comes from the convention's
    /// packages, so `rclpy.node.Node` is not a Kailash node.
    ///
    /// Exempt: abstract classes (an `ABC` base, an `ABCMeta` metaclass, an
    /// `@abstractmethod`), names starting with `Base` or `Abstract` or
    /// ending with `Mixin`, private names (`_Helper`), intermediate bases
    /// (node classes other node classes of the repository derive from),
    /// classes defined
    /// inside functions, and classes in test files unless
    /// `[node] check-tests = true`. Conventions are data: see
    /// `rules/registration/README.md` for the pack format.
    ///
    /// ## Why is this bad?
    /// Workflows refer to nodes by name (`workflow.add_node("EnrichOrderNode",
    /// ...)`). An unregistered node is invisible to the runtime: the
    /// workflow fails when it is built, in production, although every unit
    /// test of the class passes.
    ///
    /// ## Example
    /// ```python
    /// from kailash.nodes.base import Node
    ///
    /// class EnrichOrderNode(Node):
    ///     def run(self, order): ...
    /// ```
    ///
    /// ## How to fix
    /// ```python
    /// from kailash.nodes.base import Node, register_node
    ///
    /// @register_node()
    /// class EnrichOrderNode(Node):
    ///     def run(self, order): ...
    /// ```
    /// If the class is a base for other nodes, make that explicit: name it
    /// `Base…`, or derive from `ABC`.
    pub struct Unregistered {
        id: "node/unregistered",
        severity: Error,
        summary: "Workflow node class without the registration its convention requires",
    }
}

fn is_exempt(index: &Index, file: usize, class: usize, c: &ClassFact, check_tests: bool) -> bool {
    let name = c.name.as_str();
    let after = |p: &str| {
        name.strip_prefix(p).is_some_and(|r| {
            r.is_empty() || r.starts_with(|ch: char| ch.is_uppercase() || ch == '_')
        })
    };
    if (index.files[file].is_test && !check_tests)
        || c.nested
        || name.starts_with('_')
        || after("Base")
        || after("Abstract")
        || name.ends_with("Mixin")
        || c.has_abstract_method
        || c.keywords
            .iter()
            .any(|(k, v)| k == "metaclass" && v.ends_with("ABCMeta"))
    {
        return true;
    }
    index.bases(file, class).iter().any(|b| match b {
        Symbol::External(d) => d == "abc.ABC" || d == "ABC" || d.ends_with(".ABC"),
        Symbol::Class { .. } => false,
    })
}

fn is_registered(c: &ClassFact, pack: &Pack, registry: &FxHashSet<&str>) -> bool {
    c.decorators.iter().any(|d| {
        let last = d.name.rsplit('.').next().unwrap_or(&d.name);
        pack.decorators.iter().any(|p| p == last)
    }) || registry.contains(c.name.as_str())
}

impl Rule for Unregistered {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let index = repo.index;
        let registry: FxHashSet<&str> = index
            .files
            .iter()
            .flat_map(|f| f.registry_calls.iter().map(String::as_str))
            .collect();
        let mut seen = FxHashSet::default();
        for pack in repo.settings.node.packs() {
            let nodes = node_classes(index, pack);
            let lookups = lookups(index, pack);
            // A node class other node classes derive from is an
            // intermediate base (`TypedNode`, `EdgeNode`), not a node.
            let mut derived_from: FxHashSet<(usize, usize)> = FxHashSet::default();
            for (fi, ci, _) in &nodes {
                for b in index.bases(*fi, *ci) {
                    if let Symbol::Class { file, class } = b {
                        derived_from.insert((file, class));
                    }
                }
            }
            for (fi, ci, base) in nodes {
                let c = &index.files[fi].classes[ci];
                if derived_from.contains(&(fi, ci))
                    || is_registered(c, pack, &registry)
                    || is_exempt(index, fi, ci, c, repo.settings.node.check_tests)
                {
                    continue;
                }
                // A class only ever instantiated directly (`X(...)`,
                // `add_node("id", X(...))`, `add_node(X, "id")`) never goes
                // through the registry.
                let module = index.files[fi].module.as_deref().unwrap_or("");
                let Some((rf, rspan, how_used)) =
                    lookups.get(c.name.as_str()).cloned().or_else(|| {
                        doc_lookup(index, pack, &c.name, module)
                            .map(|(f, s)| (f, s, "is looked up by name in documented code"))
                    })
                else {
                    continue;
                };
                if !seen.insert((fi, ci)) {
                    continue;
                }
                let rfile = &repo.files[rf];
                let (line, col) = rfile.line_index().position(&rfile.text, rspan.start);
                let at = format!("{}:{line}:{col}", rfile.rel);
                let file = &repo.files[fi];
                let how = if pack.decorators.is_empty() {
                    format!("a call to `{}`", pack.registry_calls.join("`/`"))
                } else {
                    format!("`@{}()`", pack.decorators[0])
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        file,
                        c.span.clone(),
                        format!(
                            "`{}` derives from {} `{base}` and {how_used} at {at}, but is not registered (the convention requires {how})",
                            c.name, pack.name
                        ),
                    )
                    .with_fix(if pack.decorators.is_empty() {
                        format!("Register it: `{}({})`", pack.registry_calls.first().map_or("register", String::as_str), c.name)
                    } else {
                        format!("Add `@{}()` above the class, or mark it abstract (ABC, `Base…` name)", pack.decorators[0])
                    }),
                );
            }
        }
    }
}
