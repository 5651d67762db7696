//! Python import bindings: which dotted name a local name stands for.
//!
//! `from unittest import mock as m` binds `m` to `unittest.mock`, so
//! `m.patch.object` resolves to `unittest.mock.patch.object`. Relative
//! imports (`from . import x`) name project modules and are not bound.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ModModule, Stmt};
use ruff_text_size::{Ranged, TextRange};
use rustc_hash::FxHashMap;

/// One imported name: `qualified` is the full dotted path it binds.
#[derive(Debug, Clone)]
pub struct ImportBinding {
    pub local: String,
    pub qualified: String,
    /// The module the import statement names (`unittest.mock` for
    /// `from unittest.mock import patch`).
    pub module: String,
    /// The alias in the import statement.
    pub range: TextRange,
    /// The whole import statement.
    pub statement: TextRange,
}

/// Every absolute import of a module, wherever it appears (module level,
/// inside functions, under `if TYPE_CHECKING:`). Later bindings of the same
/// local name win, which is what Python does for straight-line code.
#[derive(Debug, Default, Clone)]
pub struct ImportMap {
    by_local: FxHashMap<String, usize>,
    pub bindings: Vec<ImportBinding>,
}

impl ImportMap {
    pub fn from_module(module: &ModModule) -> Self {
        let mut collector = Collector::default();
        collector.visit_body(&module.body);
        collector.map
    }

    /// The binding of a local name, if an import made it.
    pub fn get(&self, local: &str) -> Option<&ImportBinding> {
        self.by_local.get(local).map(|&i| &self.bindings[i])
    }

    /// The dotted name an expression stands for when its root is an
    /// imported name: `m.patch.object` → `unittest.mock.patch.object`.
    pub fn resolve(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(n) => self.get(n.id.as_str()).map(|b| b.qualified.clone()),
            Expr::Attribute(a) => {
                let mut base = self.resolve(&a.value)?;
                base.push('.');
                base.push_str(a.attr.as_str());
                Some(base)
            }
            _ => None,
        }
    }

    fn bind(&mut self, b: ImportBinding) {
        self.by_local.insert(b.local.clone(), self.bindings.len());
        self.bindings.push(b);
    }
}

/// The dotted text of a `Name`/`Attribute` chain (`a.b.c`), unresolved.
/// Every visitor asks it of every call: one allocation of the exact size.
pub fn dotted(expr: &Expr) -> Option<String> {
    fn len(expr: &Expr) -> Option<usize> {
        match expr {
            Expr::Name(n) => Some(n.id.len()),
            Expr::Attribute(a) => Some(len(&a.value)? + 1 + a.attr.len()),
            _ => None,
        }
    }
    fn write(expr: &Expr, out: &mut String) {
        match expr {
            Expr::Name(n) => out.push_str(n.id.as_str()),
            Expr::Attribute(a) => {
                write(&a.value, out);
                out.push('.');
                out.push_str(a.attr.as_str());
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(len(expr)?);
    write(expr, &mut out);
    Some(out)
}

#[derive(Default)]
struct Collector {
    map: ImportMap,
}

impl<'a> Visitor<'a> for Collector {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    let name = alias.name.as_str();
                    let (local, qualified) = match &alias.asname {
                        Some(asname) => (asname.to_string(), name.to_string()),
                        // `import a.b.c` binds `a`.
                        None => {
                            let root = name.split('.').next().unwrap_or(name);
                            (root.to_string(), root.to_string())
                        }
                    };
                    self.map.bind(ImportBinding {
                        local,
                        qualified,
                        module: name.to_string(),
                        range: alias.range(),
                        statement: imp.range(),
                    });
                }
            }
            Stmt::ImportFrom(imp) => {
                let (Some(module), 0) = (&imp.module, imp.level) else {
                    return;
                };
                for alias in &imp.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        continue;
                    }
                    let local = alias.asname.as_ref().map_or(name, |a| a.as_str());
                    self.map.bind(ImportBinding {
                        local: local.to_string(),
                        qualified: format!("{}.{name}", module.as_str()),
                        module: module.to_string(),
                        range: alias.range(),
                        statement: imp.range(),
                    });
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    // Imports are statements; expressions cannot hold them (lambdas hold
    // no statements), so skip expression walking entirely.
    fn visit_expr(&mut self, _expr: &'a Expr) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(src: &str, expr: &str) -> Option<String> {
        let parsed = crate::lang::python::parse(src).unwrap();
        let map = ImportMap::from_module(parsed.syntax());
        let e = ruff_python_parser::parse_expression(expr).unwrap();
        map.resolve(e.expr())
    }

    #[test]
    fn aliases() {
        assert_eq!(
            resolve("from unittest import mock as m\n", "m.patch.object").as_deref(),
            Some("unittest.mock.patch.object")
        );
        assert_eq!(
            resolve("import unittest.mock\n", "unittest.mock.patch").as_deref(),
            Some("unittest.mock.patch")
        );
        assert_eq!(
            resolve("import unittest.mock as um\n", "um.MagicMock").as_deref(),
            Some("unittest.mock.MagicMock")
        );
        assert_eq!(
            resolve("def f():\n    from moto import mock_aws as aws\n", "aws").as_deref(),
            Some("moto.mock_aws")
        );
        assert_eq!(resolve("from . import mock\n", "mock.patch"), None);
        assert_eq!(resolve("x = 1\n", "patch"), None);
    }
}
