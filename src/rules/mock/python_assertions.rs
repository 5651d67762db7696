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
///
/// `module_tests`: whether pytest collects module-level `test*` functions
/// from this file (its default `python_files`); test classes are collected
/// either way.
pub fn assertion_free_tests(module: &ModModule, module_tests: bool) -> Vec<(Range<usize>, String)> {
    // Helpers imported from test-support modules (`sqlalchemy.testing`,
    // `tests.helpers`) are taken to assert: their bodies are elsewhere.
    let imports = crate::lang::python_imports::ImportMap::from_module(module);
    let support: FxHashSet<String> = imports
        .bindings
        .iter()
        .filter(|b| {
            // By segment: `unittest.mock` is a mocking library, not support.
            b.module.split('.').any(|m| {
                matches!(m, "test" | "tests" | "testing" | "conftest" | "testutils")
                    || m.starts_with("test_")
                    || m.ends_with("_test")
                    || m.ends_with("_tests")
                    || m.contains("assert")
            })
        })
        .map(|b| b.local.clone())
        .collect();
    let mut support = support;
    // Relative imports in a test file come from the test package itself
    // (`from .helpers import request_with_validation`): support code. A
    // star import from there (`from .utils import *`) may bind any helper.
    let mut star_support = false;
    for s in &module.body {
        if let Stmt::ImportFrom(i) = s {
            let from_support = i.level > 0
                || i.module.as_ref().is_some_and(|m| {
                    m.split('.').any(|seg| {
                        matches!(seg, "test" | "tests" | "testing" | "conftest" | "testutils")
                            || seg.starts_with("test_")
                    })
                });
            for a in &i.names {
                if a.name.as_str() == "*" {
                    star_support |= from_support;
                } else if i.level > 0 {
                    let local = a.asname.as_ref().unwrap_or(&a.name);
                    support.insert(local.to_string());
                }
            }
        }
    }
    // `pytestmark = pytest.mark.benchmark()`: every test of the module is a
    // benchmark (CodSpeed), which measures and does not check.
    if module.body.iter().any(|s| {
        matches!(s, Stmt::Assign(a)
            if a.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "pytestmark"))
                && marks_benchmark(&a.value))
    }) {
        return Vec::new();
    }
    let explicit: FxHashSet<String> = imports.bindings.iter().map(|b| b.local.clone()).collect();
    let mut functions = Functions {
        module_tests,
        ..Functions::default()
    };
    functions.visit_body(&module.body);
    // Which functions assert, directly or through same-file helpers.
    let mut asserting: FxHashSet<String> = functions
        .all
        .iter()
        .filter(|f| f.direct)
        .map(|f| f.name.clone())
        .chain(support)
        .collect();
    let defined: FxHashSet<String> = functions.all.iter().map(|f| f.name.clone()).collect();
    for f in &mut functions.all {
        let own: Vec<String> = f
            .self_calls
            .iter()
            .filter(|c| defined.contains(*c))
            .cloned()
            .collect();
        f.calls.extend(own);
    }
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
        .filter(|f| {
            f.is_test
                && !f.direct
                && !f.calls.iter().any(|c| asserting.contains(c))
                // A method the file does not define comes from a base
                // class elsewhere (a fixture mixin) that may assert.
                && !f.self_calls.iter().any(|c| asserting.contains(c) || !defined.contains(c))
                // `@raises_mutation()` defined here wraps the test in an
                // assertion; `@expect_deprecated(...)` checks by its name.
                && !f.decorators.iter().any(|d| {
                    is_checking_decorator(d) || defined.contains(d) && asserting.contains(d)
                })
                // A name bound by nothing visible came from the star import.
                && (!star_support
                    || f.bare_calls.iter().all(|c| {
                        defined.contains(c) || explicit.contains(c) || is_builtin(c)
                    }))
        })
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
    self_calls: FxHashSet<String>,
    /// Calls of bare names (`helper(...)`).
    bare_calls: FxHashSet<String>,
    /// Last names of its decorators (`@testing.expect_deprecated(...)` →
    /// `expect_deprecated`).
    decorators: Vec<String>,
}

/// A decorator that checks the test it wraps: a checking name (not merely
/// "test", as in `@async_test`), SQLAlchemy's call-count profile, or
/// pytest-memray's limits (`@pytest.mark.limit_memory("100 MB")`, also
/// through a wrapper such as `@memray_limit_memory(...)`).
fn is_checking_decorator(last: &str) -> bool {
    last == "function_call_count"
        || last.ends_with("limit_memory")
        || last.ends_with("limit_leaks")
        || is_checking_name(last) && !super::vocabulary::words(last).iter().any(|w| w == "test")
}

/// Whether a function answers a value (`return {...}`, `return wrap`): a
/// view, a predicate or a decorator named `test…`, not a collected test.
/// Nested functions' returns are their own.
fn returns_value(body: &[Stmt]) -> bool {
    struct Returns(bool);
    impl<'a> Visitor<'a> for Returns {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::Return(r) => {
                    if r.value
                        .as_deref()
                        .is_some_and(|v| !v.is_none_literal_expr())
                    {
                        self.0 = true;
                    }
                }
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => visitor::walk_stmt(self, stmt),
            }
        }
        fn visit_expr(&mut self, _: &'a Expr) {}
    }
    let mut r = Returns(false);
    r.visit_body(body);
    r.0
}

fn decorator_names(f: &StmtFunctionDef) -> Vec<String> {
    f.decorator_list
        .iter()
        .filter_map(|d| {
            let e = match &d.expression {
                Expr::Call(c) => c.func.as_ref(),
                e => e,
            };
            dotted(e).map(|n| n.rsplit('.').next().unwrap_or(&n).to_string())
        })
        .collect()
}

fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "print"
            | "len"
            | "str"
            | "int"
            | "float"
            | "list"
            | "dict"
            | "set"
            | "tuple"
            | "range"
            | "enumerate"
            | "zip"
            | "open"
            | "sorted"
            | "min"
            | "max"
            | "sum"
            | "any"
            | "all"
            | "isinstance"
            | "getattr"
            | "setattr"
            | "hasattr"
            | "iter"
            | "next"
            | "repr"
            | "bool"
            | "bytes"
            | "type"
            | "map"
            | "filter"
            | "super"
            | "abs"
            | "round"
            | "id"
    )
}

#[derive(Default)]
struct Functions {
    all: Vec<FunctionFacts>,
    /// Enclosing classes: whether each is a test class.
    classes: Vec<bool>,
    /// Inside a function: nested functions are route handlers, callbacks
    /// and helpers, never collected tests.
    in_function: bool,
    /// Module-level `test*` functions are collected from this file.
    module_tests: bool,
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
            // `@function_tool def test_tool()` is an agent tool named
            // "test…", not a collected test.
            || n.rsplit('.').next().is_some_and(|last| {
                super::vocabulary::words(last).iter().any(|w| w == "tool" || w == "tools")
            })
    })
}

/// Whether a test body skips at its top level, whatever happens
/// (`pytest.skip("not on HTTPS")`, `self.skipTest(...)`): a skipped test,
/// reported as skipped, not one that passes without checking.
fn skips_unconditionally(body: &[Stmt]) -> bool {
    body.iter().any(|s| {
        matches!(s, Stmt::Expr(e) if matches!(e.value.as_ref(), Expr::Call(c)
        if dotted(&c.func).is_some_and(|n| matches!(
            n.as_str(),
            "pytest.skip" | "pytest.xfail" | "self.skipTest" | "skip" | "xfail"
        ))))
    })
}

/// Whether a `pytestmark` value holds `pytest.mark.benchmark` (alone, called,
/// or in a list).
fn marks_benchmark(e: &Expr) -> bool {
    match e {
        Expr::Call(c) => marks_benchmark(&c.func),
        Expr::List(l) => l.elts.iter().any(marks_benchmark),
        Expr::Tuple(t) => t.elts.iter().any(marks_benchmark),
        e => dotted(e).is_some_and(|n| n.ends_with("mark.benchmark")),
    }
}

/// Fixtures that fail the test at teardown when what the test set up was
/// not used as expected: pytest-subprocess's `fp` (an unregistered command
/// raises), pytest-httpx's `httpx_mock` and respx's `respx_mock` (every
/// registered response must be requested).
fn uses_verifying_fixture(f: &StmtFunctionDef) -> bool {
    ["fp", "fake_process", "httpx_mock", "respx_mock"]
        .iter()
        .any(|n| f.parameters.find(n).is_some())
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
                let in_test_class = self.classes.last().copied().unwrap_or(self.module_tests);
                let decorators = decorator_names(f);
                let mut body = Body::default();
                for s in &f.body {
                    body.visit_stmt(s);
                }
                self.all.push(FunctionFacts {
                    name: f.name.to_string(),
                    name_range: span(f.name.range),
                    is_test: f.name.as_str().starts_with("test")
                        && !self.in_function
                        // pytest-benchmark tests measure, they do not check.
                        && f.parameters.find("benchmark").is_none()
                        && in_test_class
                        && !is_skipped_or_fixture(f)
                        // `@overload` stubs declare a signature and run nothing.
                        && !decorators.iter().any(|d| d == "overload")
                        && !skips_unconditionally(&f.body)
                        && !returns_value(&f.body),
                    direct: body.asserts || uses_verifying_fixture(f),
                    calls: body.calls,
                    self_calls: body.self_calls,
                    bare_calls: body.bare_calls,
                    decorators,
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
    /// `self.x(...)` calls, by method name.
    self_calls: FxHashSet<String>,
    bare_calls: FxHashSet<String>,
}

/// A call that checks something by its name: `assert*`, `expect*`, a
/// `_test_*` helper, or the short checkers of nose-style suites
/// (SQLAlchemy's `eq_`, `is_`, `in_`).
pub(super) fn is_checking_name(last: &str) -> bool {
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
                    // `mypy_typecheck_file(path)`, pytester's
                    // `result.stdout.fnmatch_lines([...])`
                    | "typecheck"
                    | "fnmatch"
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
            // A callback the test hands out may hold its assertions (a
            // signal receiver, a patched function): walk nested functions
            // too, so the test counts as asserting.
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
            // `warnings.simplefilter("error")`: any warning fails the test.
            let warnings_fail = matches!(last.as_str(), "simplefilter" | "filterwarnings")
                && matches!(c.arguments.args.first(), Some(Expr::StringLiteral(s)) if s.value.to_str() == "error");
            // pytest-check's `check.equal(a, b)`: the root names the check.
            let checking_root = name
                .split_once('.')
                .is_some_and(|(root, _)| root != "self" && matches!(root, "check" | "checks"));
            // `subprocess.run([...], check=True)`, `check_call`,
            // `check_output`: a failing command raises.
            let checked_run = (matches!(last.as_str(), "check_call" | "check_output")
                && name.starts_with("subprocess."))
                || (last == "run"
                    && c.arguments.keywords.iter().any(|k| {
                        k.arg.as_ref().is_some_and(|a| a.as_str() == "check")
                            && matches!(k.value, Expr::BooleanLiteral(ref b) if b.value)
                    }));
            if pytest_check
                || warnings_fail
                || checked_run
                || checking_root
                || is_checking_name(&last)
                || name.contains("snapshot")
            {
                self.asserts = true;
            }
            // `profiling.function_call_count()`: the root may be a
            // test-support import; `self._run_fixture()`: a method of the
            // test class, possibly inherited from a support base class.
            if let Some((root, _)) = name.split_once('.') {
                if root == "self" && name.matches('.').count() == 1 {
                    self.self_calls.insert(last.clone());
                } else {
                    self.calls.insert(root.to_string());
                }
            }
            if let Expr::Name(n) = c.func.as_ref() {
                self.bare_calls.insert(n.id.to_string());
            }
            if !last.is_empty() {
                self.calls.insert(last);
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// Tests whose every `assert` reads only the test's own doubles and
/// literals (`prices.lookup.return_value = 250; assert
/// prices.lookup("sku") == 250`), or compares with a literal it configured
/// as a double's `return_value`: the span of the first such `assert`, the
/// test's name and the double.
pub fn asserts_on_own_mock(
    module: &ModModule,
    imports: &crate::lang::python_imports::ImportMap,
) -> Vec<(Range<usize>, String, String)> {
    let mut out = Vec::new();
    let mut tests = Vec::new();
    collect_tests(&module.body, false, &mut tests);
    for f in tests {
        let mut own = OwnMocks {
            imports,
            doubles: FxHashSet::default(),
            rebound: FxHashSet::default(),
            configured: FxHashSet::default(),
            asserts: Vec::new(),
        };
        for s in &f.body {
            own.visit_stmt(s);
        }
        let rebound = std::mem::take(&mut own.rebound);
        own.doubles.retain(|d| !rebound.contains(d));
        if own.asserts.is_empty() || own.doubles.is_empty() {
            continue;
        }
        // A double handed to other code may be changed by it: asserting
        // on its attributes then checks the code's side effects.
        let mut escapes = Escapes {
            doubles: &own.doubles,
            escaped: FxHashSet::default(),
        };
        for s in &f.body {
            escapes.visit_stmt(s);
        }
        let escaped = escapes.escaped;
        let mut first: Option<(Range<usize>, String)> = None;
        let all_own = own.asserts.iter().all(|a| {
            let mut names = ReadNames::default();
            names.visit_expr(a);
            let doubles_read: Vec<&String> = names
                .0
                .iter()
                .filter(|n| own.doubles.contains(*n))
                .collect();
            let Some(double) = doubles_read.first() else {
                return false;
            };
            // `m.call_args`, `m.called`: what the code under test did to the
            // double, not what the test told it to answer.
            let only_doubles = !names.1
                && names
                    .0
                    .iter()
                    .all(|n| own.doubles.contains(n) && !escaped.contains(n));
            let configured_literal = match a {
                Expr::Compare(c) => std::iter::once(c.left.as_ref())
                    .chain(c.comparators.iter())
                    .any(|e| own.configured.contains(&literal_key(e))),
                _ => false,
            };
            if only_doubles || configured_literal {
                if first.is_none() {
                    first = Some((span(ruff_text_size::Ranged::range(a)), (*double).clone()));
                }
                true
            } else {
                false
            }
        });
        if all_own && let Some((range, double)) = first {
            out.push((range, f.name.to_string(), double));
        }
    }
    out
}

/// Doubles passed as an argument to anything but another double.
struct Escapes<'d> {
    doubles: &'d FxHashSet<String>,
    escaped: FxHashSet<String>,
}

impl<'a> Visitor<'a> for Escapes<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // `factory.return_value = settings`, `obj.client = settings`: the
        // double is handed to whatever reads that attribute.
        // `arbiter.WORKERS = {42: worker}`, `registry["w"] = worker`: also
        // inside a container.
        if let Stmt::Assign(a) = stmt
            && a.targets
                .iter()
                .any(|t| matches!(t, Expr::Attribute(_) | Expr::Subscript(_)))
        {
            let mut names = ReadNames::default();
            names.visit_expr(&a.value);
            self.escaped.extend(names.0);
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(c) = expr {
            let root = dotted(&c.func).and_then(|d| d.split('.').next().map(str::to_string));
            if !root.is_some_and(|r| self.doubles.contains(&r)) {
                for a in c
                    .arguments
                    .args
                    .iter()
                    .chain(c.arguments.keywords.iter().map(|k| &k.value))
                {
                    match a {
                        Expr::Name(n) => {
                            self.escaped.insert(n.id.to_string());
                        }
                        // `Pool([worker])`, `run(workers={1: worker})`
                        Expr::List(_) | Expr::Tuple(_) | Expr::Dict(_) | Expr::Set(_) => {
                            let mut names = ReadNames::default();
                            names.visit_expr(a);
                            self.escaped.extend(names.0);
                        }
                        _ => {}
                    }
                }
            }
        }
        visitor::walk_expr(self, expr);
    }
}

fn collect_tests<'a>(body: &'a [Stmt], in_class: bool, out: &mut Vec<&'a StmtFunctionDef>) {
    for s in body {
        match s {
            Stmt::FunctionDef(f) if f.name.as_str().starts_with("test") => out.push(f),
            Stmt::ClassDef(c) if !in_class => collect_tests(&c.body, true, out),
            _ => {}
        }
    }
}

/// A literal's identity for comparing a configured value with an asserted
/// one; empty for anything else.
fn literal_key(e: &Expr) -> String {
    match e {
        Expr::NumberLiteral(n) => format!("{:?}", n.value),
        Expr::StringLiteral(s) => format!("s:{}", s.value.to_str()),
        Expr::BooleanLiteral(_) | Expr::NoneLiteral(_) => String::new(),
        _ => String::new(),
    }
}

struct OwnMocks<'i> {
    imports: &'i crate::lang::python_imports::ImportMap,
    /// Local names bound to a double.
    doubles: FxHashSet<String>,
    /// Local names also bound to something else.
    rebound: FxHashSet<String>,
    /// Literals configured as a double's `return_value`.
    configured: FxHashSet<String>,
    /// The tests of `assert` statements.
    asserts: Vec<&'i Expr>,
}

impl OwnMocks<'_> {
    fn creates_double(&self, e: &Expr) -> bool {
        let Expr::Call(c) = e else { return false };
        // `patch("sys.stdout", new=StringIO())` binds the real object it
        // was given, not a double: asserting on it reads the code's output.
        let replaced_by = c
            .arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "new"));
        if let Some(k) = replaced_by {
            return self.creates_double(&k.value);
        }
        if let Some(q) = self.imports.resolve(&c.func)
            && q.starts_with("unittest.mock.")
        {
            return true;
        }
        dotted(&c.func).is_some_and(|d| {
            d.starts_with("mocker.") && !d.contains("spy")
                || matches!(d.as_str(), "Mock" | "MagicMock" | "AsyncMock")
        })
    }
}

impl<'a> Visitor<'a> for OwnMocks<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    match t {
                        Expr::Name(n) if self.creates_double(&a.value) => {
                            self.doubles.insert(n.id.to_string());
                        }
                        // `resp = await session.ws_connect(...)`: the name
                        // now holds what the code returned, not the double.
                        Expr::Name(n) => {
                            self.rebound.insert(n.id.to_string());
                        }
                        Expr::Attribute(attr) if attr.attr.as_str() == "return_value" => {
                            let root = dotted(&attr.value)
                                .and_then(|d| d.split('.').next().map(str::to_string));
                            if root.is_some_and(|r| self.doubles.contains(&r)) {
                                let key = literal_key(&a.value);
                                if !key.is_empty() {
                                    self.configured.insert(key);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(Expr::Name(n)) = item.optional_vars.as_deref()
                        && self.creates_double(&item.context_expr)
                    {
                        self.doubles.insert(n.id.to_string());
                    }
                }
            }
            Stmt::Assert(a) => self.asserts.push(&a.test),
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => return,
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }
    fn visit_expr(&mut self, _: &'a Expr) {}
}

/// The root names an expression reads (`prices` in `prices.lookup("x")`),
/// leaving out builtins, and whether it reads a double's recorded calls.
#[derive(Default)]
struct ReadNames(Vec<String>, bool);

impl<'a> Visitor<'a> for ReadNames {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Attribute(a) = expr
            && matches!(
                a.attr.as_str(),
                "call_args"
                    | "call_args_list"
                    | "called"
                    | "call_count"
                    | "mock_calls"
                    | "method_calls"
                    | "await_args"
                    | "await_args_list"
                    | "await_count"
                    | "awaited"
            )
        {
            self.1 = true;
        }
        if let Expr::Name(n) = expr
            && !matches!(
                n.id.as_str(),
                "len"
                    | "str"
                    | "int"
                    | "float"
                    | "list"
                    | "dict"
                    | "set"
                    | "tuple"
                    | "bool"
                    | "isinstance"
                    | "sorted"
                    | "round"
                    | "abs"
            )
        {
            self.0.push(n.id.to_string());
        }
        visitor::walk_expr(self, expr);
    }
}
