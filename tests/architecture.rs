//! The layering of `src/` (docs/architecture.md): each top-level module may
//! import only the layers below it, and no two top-level modules import
//! each other, directly or around a circle. Read from the `crate::` paths
//! of every source file, test code (`#[cfg(test)]` modules, `tests.rs`)
//! aside.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom to top. A module may import modules of its own layer or below;
/// the circle check keeps modules of one layer from importing each other
/// both ways.
const LAYERS: &[&[&str]] = &[
    &["text", "language", "lexical", "diagnostic"],
    &["tier"],
    &["workspace"],
    &["finding"],
    &["lang"],
    &["index"],
    &["rules"],
    &["score"],
    &["config"],
    &["report"],
    &["suppression", "scan", "baseline", "init"],
    &["discover"],
    &["github"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a file under `src/` belongs to (`None`: the crate
/// root and the binary, which may import anything).
fn module_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    let name = first.trim_end_matches(".rs");
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The source without `#[cfg(test)]` items (a `mod tests { ... }` block or
/// a `mod tests;` line), so test code may reach across layers.
fn without_test_code(src: &str) -> String {
    let mut out = String::new();
    let mut rest = src;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // Skip to the end of the item: a `;` before any `{`, or the
        // matching `}` of the first `{`.
        let semi = after.find(';');
        let brace = after.find('{');
        let end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => s + 1,
            (Some(s), None) => s + 1,
            (_, Some(b)) => {
                let mut depth = 0usize;
                let mut end = after.len();
                for (i, c) in after[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, None) => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Every `crate::name` the code names (in `use` items and inline paths),
/// comments aside.
fn crate_imports(src: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in src.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            let tail = &rest[at + "crate::".len()..];
            rest = tail;
            // `$crate::` in macros names the crate root of the caller.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let name: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
        // `use crate::{a, b::c}` groups.
        if let Some(group) = code.trim_start().strip_prefix("use crate::{") {
            for part in group.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// module -> (imported module -> the files that import it)
fn import_graph() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for path in files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with("/tests.rs") {
            continue;
        }
        let Some(module) = module_of(&rel) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for target in crate_imports(&without_test_code(&text)) {
            // Items of the crate root (`crate::VERSION`, re-exports) are
            // not a layer.
            if target == module || layer_of(&target).is_none() {
                continue;
            }
            graph
                .entry(module.clone())
                .or_default()
                .entry(target)
                .or_default()
                .insert(rel.clone());
        }
    }
    graph
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(module) = module_of(&name) else {
            continue;
        };
        assert!(
            layer_of(&module).is_some(),
            "src/{name} is in no layer: add it to LAYERS here and to docs/architecture.md"
        );
    }
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let mut violations = Vec::new();
    for (module, targets) in import_graph() {
        let own = layer_of(&module).unwrap();
        for (target, files) in targets {
            if layer_of(&target).unwrap() > own {
                violations.push(format!(
                    "{module} (layer {own}) imports {target} (layer {}) in {}",
                    layer_of(&target).unwrap(),
                    files.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "imports against the layering of docs/architecture.md:\n{}",
        violations.join("\n")
    );
}

#[test]
fn no_import_circle_among_top_level_modules() {
    let graph = import_graph();
    // Depth-first search for a back edge; report the circle it closes.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut circle = stack[at..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|t| t.keys()) {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(circle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!("import circle: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn the_reader_sees_crate_paths() {
    let src = "use crate::index::{Index, FileFacts};\nfn f() { crate::text::x(); $crate::rules::y(); }\n// crate::report in a comment\n#[cfg(test)]\nmod tests { use crate::scan; }\n";
    let found = crate_imports(&without_test_code(src));
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        vec!["index".to_string(), "text".to_string()]
    );
    let grouped = crate_imports("use crate::{config::Config, report};\n");
    assert!(grouped.contains("config") && grouped.contains("report"));
}
