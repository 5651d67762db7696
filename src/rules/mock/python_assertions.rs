//! Which Python test functions assert anything, from ruff's AST.

use std::ops::Range;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ModModule, Stmt, StmtFunctionDef};
use ruff_text_size::TextRange;
use rustc_hash::FxHashSet;

use crate::lang::python_imports::dotted;

fn span(r: TextRange) -> Range<usize> {
    r.start().to_usize()..r.end().to_usize()
}

/// The name spans and names of test functions that assert nothing: no
/// `assert`, no `assert*`/`expect*`/`check*`/`verify*` call, no
/// `pytest.raises`/`warns`/`fail`, no `self.fail`, no `raise`, no snapshot
/// or approval call, and no call to a function of the same file that
/// asserts (followed through helpers).
pub fn assertion_free_tests(module: &ModModule) -> Vec<(Range<usize>, String)> {
    // Helpers imported from test-support modules (`sqlalchemy.testing`,
    // `tests.helpers`) are taken to assert: their bodies are elsewhere.
    let imports = crate::lang::python_imports::ImportMap::from_module(module);
    let support: FxHashSet<String> = imports
        .bindings
        .iter()
        .filter(|b| {
            b.module
                .split('.')
                .any(|m| m.contains("test") || m.contains("assert") || m == "conftest")
        })
        .map(|b| b.local.clone())
        .collect();
    let mut functions = Functions::default();
    functions.visit_body(&module.body);
    // Which functions assert, directly or through same-file helpers.
    let mut asserting: FxHashSet<String> = functions
        .all
        .iter()
        .filter(|f| f.direct)
        .map(|f| f.name.clone())
        .chain(support)
        .collect();
    loop {
        let before = asserting.len();
        for f in &functions.all {
            if !asserting.contains(&f.name) && f.calls.iter().any(|c| asserting.contains(c)) {
                asserting.insert(f.name.clone());
            }
        }
        if asserting.len() == before {
            break;
        }
    }
    functions
        .all
        .iter()
        .filter(|f| f.is_test && !f.direct && !f.calls.iter().any(|c| asserting.contains(c)))
        .map(|f| (f.name_range.clone(), f.name.clone()))
        .collect()
}

struct FunctionFacts {
    name: String,
    name_range: Range<usize>,
    is_test: bool,
    /// Asserts by itself.
    direct: bool,
    /// Last names of what it calls (`self._check_page` → `_check_page`).
    calls: FxHashSet<String>,
}

#[derive(Default)]
struct Functions {
    all: Vec<FunctionFacts>,
    /// Enclosing classes: whether each is a test class.
    classes: Vec<bool>,
    /// Inside a function: nested functions are route handlers, callbacks
    /// and helpers, never collected tests.
    in_function: bool,
}

fn is_skipped_or_fixture(f: &StmtFunctionDef) -> bool {
    f.decorator_list.iter().any(|d| {
        let e = match &d.expression {
            Expr::Call(c) => c.func.as_ref(),
            e => e,
        };
        let n = dotted(e).unwrap_or_default();
        n.ends_with("fixture")
            || n.ends_with("skip")
            || n.ends_with("skipif")
            || n.ends_with("xfail")
            || n.ends_with("expectedFailure")
            || n.ends_with("skipIf")
            || n.ends_with("skipUnless")
            // hypothesis and benchmark tests check by other means
            || n.ends_with("given")
            || n.ends_with("benchmark")
    })
}

impl<'a> Visitor<'a> for Functions {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::ClassDef(c) => {
                let name = c.name.as_str();
                let test_class = name.starts_with("Test")
                    || name.ends_with("Test")
                    || name.ends_with("Tests")
                    || c.bases().iter().any(|b| {
                        dotted(b).is_some_and(|n| n.ends_with("TestCase") || n.ends_with("Test"))
                    });
                self.classes.push(test_class);
                visitor::walk_stmt(self, stmt);
                self.classes.pop();
            }
            Stmt::FunctionDef(f) => {
                let in_test_class = self.classes.last().copied().unwrap_or(true);
                let mut body = Body::default();
                for s in &f.body {
                    body.visit_stmt(s);
                }
                self.all.push(FunctionFacts {
                    name: f.name.to_string(),
                    name_range: span(f.name.range),
                    is_test: f.name.as_str().starts_with("test")
                        && !self.in_function
                        && in_test_class
                        && !is_skipped_or_fixture(f),
                    direct: body.asserts,
                    calls: body.calls,
                });
                // Nested helpers are functions of their own.
                let saved = std::mem::take(&mut self.classes);
                let was_in_function = std::mem::replace(&mut self.in_function, true);
                self.classes.push(true);
                for s in &f.body {
                    self.visit_stmt(s);
                }
                self.classes = saved;
                self.in_function = was_in_function;
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }
}

#[derive(Default)]
struct Body {
    asserts: bool,
    calls: FxHashSet<String>,
}

/// A call that checks something by its name: `assert*`, `expect*`, a
/// `_test_*` helper, or the short checkers of nose-style suites
/// (SQLAlchemy's `eq_`, `is_`, `in_`).
fn is_checking_name(last: &str) -> bool {
    // Whole words: `checkout` and `matchmaker` check nothing.
    super::vocabulary::words(last).iter().any(|w| {
        w.starts_with("assert")
            || matches!(
                w.as_str(),
                "expect"
                    | "expects"
                    | "check"
                    | "checks"
                    | "verify"
                    | "verifies"
                    | "ensure"
                    | "validate"
                    | "should"
                    | "must"
                    | "snapshot"
                    | "approve"
                    | "fail"
                    | "compare"
                    | "match"
                    | "matches"
                    | "test"
            )
    }) || matches!(
        last,
        "eq_"
            | "ne_"
            | "is_"
            | "is_not"
            | "is_not_"
            | "is_true"
            | "is_false"
            | "in_"
            | "not_in"
            | "not_in_"
            | "lt_"
            | "le_"
            | "gt_"
            | "ge_"
            | "is_none"
            | "is_not_none"
            | "is_instance_of"
            | "ok_"
    )
}

impl<'a> Visitor<'a> for Body {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assert(_) | Stmt::Raise(_) => self.asserts = true,
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(c) = expr {
            let name = dotted(&c.func).unwrap_or_default();
            let last = match c.func.as_ref() {
                Expr::Attribute(a) => a.attr.to_string(),
                Expr::Name(n) => n.id.to_string(),
                _ => String::new(),
            };
            let pytest_check = matches!(
                name.as_str(),
                "pytest.raises"
                    | "pytest.warns"
                    | "pytest.fail"
                    | "pytest.deprecated_call"
                    | "pytest.approx"
            );
            if pytest_check || is_checking_name(&last) || name.contains("snapshot") {
                self.asserts = true;
            }
            if !last.is_empty() {
                self.calls.insert(last);
            }
        }
        visitor::walk_expr(self, expr);
    }
}
