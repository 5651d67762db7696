//! Mocking constructs in Python, from ruff's AST.

use std::ops::Range;

use regex::Regex;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Decorator, Expr, ModModule, Stmt};
use ruff_text_size::{Ranged, TextRange};
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use super::facts::{
    MockFact, NOT_A_CONSTRUCT, PYTHON_MOCK_FIXTURES, UNITTEST_MOCK_CONSTRUCTS,
    is_double_function_name, is_mock_switch_name, is_production_double_name,
    is_stand_in_class_name, python_library,
};
use crate::lang::python_imports::{ImportMap, dotted};

fn span(r: TextRange) -> Range<usize> {
    r.start().to_usize()..r.end().to_usize()
}

/// The library a call or decorator of `qualified` creates a double with.
fn construct_library(qualified: &str) -> Option<&'static str> {
    let (module, library) = python_library(qualified)?;
    let rest = qualified[module.len()..].trim_start_matches('.');
    if rest.is_empty()
        || rest
            .split('.')
            .any(|s| NOT_A_CONSTRUCT.contains(&s) || s.starts_with('_'))
    {
        return None;
    }
    match module {
        "unittest.mock" | "mock" => {
            let first = rest.split('.').next()?;
            UNITTEST_MOCK_CONSTRUCTS.contains(&first).then_some(library)
        }
        // Only types live there (`MockerFixture`); the fixture is the construct.
        "pytest_mock" | "pytest_httpx" => None,
        // moto's own helpers (`moto.core.utils.utcnow`) are not doubles;
        // its entry points are the `mock_*` decorators and the server.
        "moto" => {
            let first = rest.split('.').next()?;
            (first.starts_with("mock_") || rest.ends_with("ThreadedMotoServer")).then_some(library)
        }
        "fakeredis" => rest
            .rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with("Fake"))
            .then_some(library),
        "mongomock" => matches!(
            rest.rsplit('.').next(),
            Some("MongoClient" | "patch" | "Connection")
        )
        .then_some(library),
        "aioresponses" => (rest == "aioresponses").then_some(library),
        _ => Some(library),
    }
}

fn is_environ(imports: &ImportMap, e: &Expr) -> bool {
    match e {
        Expr::StringLiteral(s) => s.value.to_str().starts_with("os.environ"),
        _ => {
            imports.resolve(e).as_deref() == Some("os.environ")
                || dotted(e).as_deref() == Some("os.environ")
        }
    }
}

fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase())
}

/// Mocking constructs in a test file.
pub fn test_constructs(module: &ModModule) -> Vec<MockFact> {
    let imports = ImportMap::from_module(module);
    let mut names = NameLoads::default();
    names.visit_body(&module.body);
    let referenced = names.0;
    let mut doubles = FxHashSet::default();
    let mut out = Vec::new();
    let mut seen_statements = FxHashSet::default();
    for b in &imports.bindings {
        let library = python_library(&b.qualified).or_else(|| python_library(&b.module));
        if is_stand_in_class_name(&b.local) && library.is_none() {
            doubles.insert(b.local.clone());
        }
        // The import itself is the first construct: a test that imports
        // `responses` for its fixtures mocks even without a call here.
        // An import the file never refers to still mocks: a fixture or
        // plugin the library registers does the work (`import responses`
        // for its pytest plugin). Referenced imports are reported at their
        // constructs instead, and `from unittest.mock import ANY` describes
        // calls only.
        let creates = library.is_some_and(|(module, _)| {
            b.qualified == module || construct_library(&b.qualified).is_some()
        });
        if let Some((_, library)) = library
            && creates
            && !referenced.contains(b.local.as_str())
            && seen_statements.insert(b.statement.start())
        {
            out.push(MockFact::new(
                span(b.statement),
                format!("mocking library `{library}` imported"),
            ));
        }
    }
    let mut classes = ClassNames::default();
    classes.visit_body(&module.body);
    doubles.extend(classes.0);
    let mut spies = PassThrough::default();
    spies.visit_body(&module.body);
    let mut v = TestVisitor {
        imports: &imports,
        doubles,
        pass_through: spies.wrappers(),
        scopes: Vec::new(),
        out,
    };
    v.visit_body(&module.body);
    v.out
}

/// Every name the module reads.
#[derive(Default)]
struct NameLoads(FxHashSet<String>);

impl<'a> Visitor<'a> for NameLoads {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(n) = expr {
            self.0.insert(n.id.to_string());
        }
        visitor::walk_expr(self, expr);
    }
}

#[derive(Default)]
struct ClassNames(Vec<String>);

impl<'a> Visitor<'a> for ClassNames {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // A stand-in by name, or a subclass of a production class whose
        // methods all answer with literals.
        if let Stmt::ClassDef(c) = stmt
            && (is_stand_in_class_name(c.name.as_str())
                || (!c.bases().is_empty()
                    && !c.name.as_str().starts_with("Test")
                    && super::python_pretence::is_canned_class(c)))
        {
            self.0.push(c.name.to_string());
        }
        visitor::walk_stmt(self, stmt);
    }
    fn visit_expr(&mut self, _: &'a Expr) {}
}

struct FixtureParam {
    name: String,
    library: &'static str,
    range: Range<usize>,
    used: bool,
}

/// Functions that call the original they replace: `original_create =
/// AsyncResponses.create` bound somewhere in the file, and a function that
/// calls `original_create(...)`. Patched in, such a function records the
/// call and passes it on to the real code: a spy, not a double.
#[derive(Default)]
struct PassThrough {
    /// Names bound to an attribute (`original = Obj.method`).
    originals: FxHashSet<String>,
    /// Each function and the bare names it calls.
    functions: Vec<(String, FxHashSet<String>)>,
}

impl PassThrough {
    fn wrappers(self) -> FxHashSet<String> {
        self.functions
            .into_iter()
            .filter(|(_, calls)| calls.iter().any(|c| self.originals.contains(c)))
            .map(|(name, _)| name)
            .collect()
    }
}

impl<'a> Visitor<'a> for PassThrough {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(a) if matches!(a.value.as_ref(), Expr::Attribute(_)) => {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        self.originals.insert(n.id.to_string());
                    }
                }
            }
            Stmt::FunctionDef(f) => {
                #[derive(Default)]
                struct BareCalls(FxHashSet<String>);
                impl<'a> Visitor<'a> for BareCalls {
                    fn visit_expr(&mut self, expr: &'a Expr) {
                        if let Expr::Call(c) = expr
                            && let Expr::Name(n) = c.func.as_ref()
                        {
                            self.0.insert(n.id.to_string());
                        }
                        visitor::walk_expr(self, expr);
                    }
                }
                let mut calls = BareCalls::default();
                calls.visit_body(&f.body);
                self.functions.push((f.name.to_string(), calls.0));
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }
}

struct TestVisitor<'m> {
    imports: &'m ImportMap,
    doubles: FxHashSet<String>,
    pass_through: FxHashSet<String>,
    scopes: Vec<Vec<FixtureParam>>,
    out: Vec<MockFact>,
}

impl TestVisitor<'_> {
    fn fixture_call(&mut self, func: &Expr) -> Option<String> {
        let text = dotted(func)?;
        let (root, rest) = text.split_once('.')?;
        if self.imports.get(root).is_some() || rest.split('.').any(|s| NOT_A_CONSTRUCT.contains(&s))
        {
            return None;
        }
        for scope in self.scopes.iter_mut().rev() {
            if let Some(p) = scope.iter_mut().find(|p| p.name == root) {
                p.used = true;
                return Some(format!("`{text}` ({})", p.library));
            }
        }
        None
    }

    fn monkeypatch_setattr(&self, call: &ruff_python_ast::ExprCall) -> Option<String> {
        let Expr::Attribute(attr) = call.func.as_ref() else {
            return None;
        };
        if attr.attr.as_str() != "setattr" {
            return None;
        }
        let owner = dotted(&attr.value)?;
        if owner.rsplit('.').next() != Some("monkeypatch") {
            return None;
        }
        let args = &call.arguments.args;
        let keyword = |n: &str| {
            call.arguments
                .keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == n))
                .map(|k| &k.value)
        };
        let (target, value) = match args.len() {
            0 => (keyword("target")?, keyword("value")?),
            1 => (&args[0], keyword("value").or_else(|| keyword("name"))?),
            2 => (&args[0], &args[1]),
            _ => (&args[0], &args[2]),
        };
        if is_environ(self.imports, target) {
            return None;
        }
        let code = match value {
            Expr::Lambda(_) => true,
            Expr::Name(n) if self.pass_through.contains(n.id.as_str()) => false,
            Expr::Name(n) => !is_constant_name(n.id.as_str()),
            Expr::Attribute(a) => !is_constant_name(a.attr.as_str()),
            _ => false,
        };
        code.then(|| "`monkeypatch.setattr` replacing code".to_string())
    }

    fn double_ref(&mut self, e: &Expr) {
        if let Expr::Name(n) = e
            && self.doubles.contains(n.id.as_str())
        {
            self.out.push(MockFact::new(
                span(n.range),
                format!("hand-written fake `{}` passed as a dependency", n.id),
            ));
        }
    }
}

impl<'a> Visitor<'a> for TestVisitor<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let Stmt::FunctionDef(f) = stmt else {
            return visitor::walk_stmt(self, stmt);
        };
        let params = &f.parameters;
        let scope = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .chain(&params.kwonlyargs)
            .filter_map(|p| {
                let name = p.parameter.name.as_str();
                let (_, library) = PYTHON_MOCK_FIXTURES.iter().find(|(n, _)| *n == name)?;
                (self.imports.get(name).is_none()).then(|| FixtureParam {
                    name: name.to_string(),
                    library,
                    range: span(p.parameter.name.range),
                    used: false,
                })
            })
            .collect();
        self.scopes.push(scope);
        visitor::walk_stmt(self, stmt);
        for p in self.scopes.pop().unwrap_or_default() {
            if !p.used {
                self.out.push(MockFact::new(
                    p.range,
                    format!("{} `{}` fixture", p.library, p.name),
                ));
            }
        }
    }

    fn visit_decorator(&mut self, decorator: &'a Decorator) {
        let e = &decorator.expression;
        if matches!(e, Expr::Name(_) | Expr::Attribute(_))
            && let Some(q) = self.imports.resolve(e)
            && let Some(_) = construct_library(&q)
        {
            self.out
                .push(MockFact::new(span(e.range()), format!("`{q}`")));
            return;
        }
        visitor::walk_decorator(self, decorator);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        let Expr::Call(call) = expr else {
            return visitor::walk_expr(self, expr);
        };
        let func = call.func.as_ref();
        let mut what = None;
        if let Some(q) = self.imports.resolve(func)
            && construct_library(&q).is_some()
        {
            let environ = q.ends_with("patch.dict") || q.ends_with(".patch");
            let config = environ
                && call
                    .arguments
                    .args
                    .first()
                    .is_some_and(|a| is_environ(self.imports, a));
            // `patch("builtins.input", return_value="yes")`,
            // `patch("builtins.print")`: the terminal a person would sit
            // at, not a backend the integration should reach.
            let terminal = q.ends_with(".patch")
                && matches!(call.arguments.args.first(), Some(Expr::StringLiteral(s))
                if matches!(
                    s.value.to_str(),
                    "builtins.input" | "builtins.print" | "sys.stdin" | "sys.stdout" | "sys.stderr"
                ));
            if !config && !terminal {
                what = Some(format!("`{q}`"));
            }
        } else if let Some(w) = self.fixture_call(func) {
            what = Some(w);
        } else if let Some(w) = self.monkeypatch_setattr(call) {
            what = Some(w);
        } else if let Expr::Name(n) = func
            && self.doubles.contains(n.id.as_str())
        {
            what = Some(format!("hand-written fake `{}`", n.id));
        } else if dotted(func).is_some_and(|d| d.ends_with("mark.usefixtures")) {
            for a in &call.arguments.args {
                if let Expr::StringLiteral(s) = a
                    && let Some((name, lib)) = PYTHON_MOCK_FIXTURES
                        .iter()
                        .find(|(n, _)| *n == s.value.to_str())
                {
                    self.out.push(MockFact::new(
                        span(a.range()),
                        format!("{lib} `{name}` fixture"),
                    ));
                }
            }
        }
        let matched = what.is_some();
        if let Some(w) = what {
            self.out.push(MockFact::new(span(expr.range()), w));
        }
        if !matched {
            self.visit_expr(func);
        }
        for a in &call.arguments.args {
            self.double_ref(a);
            self.visit_expr(a);
        }
        for k in &call.arguments.keywords {
            self.double_ref(&k.value);
            self.visit_expr(&k.value);
        }
    }
}

/// A comment that says the value next to it is not the real thing.
static CANNED_COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        // "stub" alone is a type stub (`.pyi`, "a decorated stub class");
        // a stubbed answer says what it stubs.
        r"(?i)\b(mock(ed|s)?|fake[ds]?|simulated?|simulation|stub(bed)?\s+(response|reply|data|result|value)s?|canned|hard-?coded)\b",
    )
    .expect("valid regex")
});

/// Mocks, doubles and switches in a production module.
pub fn production_facts(module: &ModModule, text: &str) -> Vec<MockFact> {
    let imports = ImportMap::from_module(module);
    let mut out = Vec::new();
    let mut seen_statements = FxHashSet::default();
    for b in &imports.bindings {
        let lib = python_library(&b.qualified).or_else(|| python_library(&b.module));
        if let Some((_, library)) = lib
            && seen_statements.insert(b.statement.start())
        {
            out.push(MockFact::new(
                span(b.statement),
                format!("mocking library `{library}` imported"),
            ));
        }
    }
    let mut v = ProdVisitor {
        text,
        ..Default::default()
    };
    v.visit_body(&module.body);
    for (name, range, def_range) in &v.defs {
        let used = v.loads.iter().any(|(n, r, fallback)| {
            *fallback && n == name && !(def_range.start <= r.start && r.end <= def_range.end)
        });
        if used {
            out.push(MockFact::new(
                range.clone(),
                format!("test double `{name}` defined and used"),
            ));
        }
    }
    let mut switches: FxHashSet<String> = FxHashSet::default();
    for (name, range) in &v.switch_defs {
        if switches.insert(name.clone()) {
            out.push(MockFact::new(
                range.clone(),
                format!("mock switch `{name}`"),
            ));
        }
    }
    for (name, range) in &v.switch_reads {
        if switches.insert(name.clone()) {
            out.push(MockFact::new(
                range.clone(),
                format!("mock switch `{name}`"),
            ));
        }
    }
    out.extend(v.canned);
    out
}

#[derive(Default)]
struct ProdVisitor<'t> {
    text: &'t str,
    /// Doubles defined: name, name span, whole definition span.
    defs: Vec<(String, Range<usize>, Range<usize>)>,
    /// References to double-named things, and whether each sits in a
    /// fallback (an `except` handler, or a branch on a mock switch).
    loads: Vec<(String, Range<usize>, bool)>,
    fallback: usize,
    switch_defs: Vec<(String, Range<usize>)>,
    switch_reads: Vec<(String, Range<usize>)>,
    canned: Vec<MockFact>,
    in_function: usize,
}

fn is_literal(e: &Expr) -> bool {
    match e {
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::FString(_) => true,
        Expr::List(l) => !l.elts.is_empty() && l.elts.iter().all(is_literal_or_const),
        Expr::Tuple(t) => !t.elts.is_empty() && t.elts.iter().all(is_literal_or_const),
        Expr::Dict(d) => {
            !d.items.is_empty()
                && d.items.iter().all(|i| {
                    i.key.as_ref().is_some_and(is_literal_or_const) && is_literal_or_const(&i.value)
                })
        }
        _ => false,
    }
}

fn is_literal_or_const(e: &Expr) -> bool {
    is_literal(e)
        || matches!(
            e,
            Expr::BooleanLiteral(_) | Expr::NoneLiteral(_) | Expr::List(_) | Expr::Dict(_)
        )
}

impl ProdVisitor<'_> {
    /// The comment on the line of `at` after the code, or the block of
    /// comment lines directly above it.
    fn nearby_comment_says_canned(&self, range: TextRange) -> bool {
        let text = self.text;
        let start = range.start().to_usize();
        let end = range.end().to_usize().min(text.len());
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        if let Some(i) = text[end..line_end].find('#')
            && CANNED_COMMENT.is_match(&text[end + i..line_end])
        {
            return true;
        }
        let mut line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        while line_start > 0 {
            let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
            let line = text[prev_start..line_start - 1].trim();
            if !line.starts_with('#') {
                break;
            }
            if CANNED_COMMENT.is_match(line) {
                return true;
            }
            line_start = prev_start;
        }
        false
    }

    fn switch_target(&mut self, target: &Expr) {
        if let Expr::Name(n) = target
            && is_mock_switch_name(n.id.as_str())
        {
            self.switch_defs.push((n.id.to_string(), span(n.range)));
        }
    }
}

impl<'a> Visitor<'a> for ProdVisitor<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                if is_production_double_name(f.name.as_str()) {
                    self.defs
                        .push((f.name.to_string(), span(f.name.range), span(f.range)));
                }
                for p in f.parameters.iter_non_variadic_params() {
                    let name = p.parameter.name.as_str();
                    if p.default.is_some() && is_mock_switch_name(name) {
                        self.switch_defs
                            .push((name.to_string(), span(p.parameter.name.range)));
                    }
                }
                self.in_function += 1;
                visitor::walk_stmt(self, stmt);
                self.in_function -= 1;
                return;
            }
            Stmt::ClassDef(c) if is_production_double_name(c.name.as_str()) => {
                self.defs
                    .push((c.name.to_string(), span(c.name.range), span(c.range)));
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.switch_target(t);
                }
            }
            Stmt::AnnAssign(a) => self.switch_target(&a.target),
            Stmt::If(i) => {
                let mut tests = vec![i.test.as_ref()];
                tests.extend(i.elif_else_clauses.iter().filter_map(|c| c.test.as_ref()));
                let mut on_switch = false;
                for t in tests {
                    let mut reads = SwitchReads::default();
                    reads.visit_expr(t);
                    on_switch |= !reads.0.is_empty() || mentions_double(t);
                    self.switch_reads.extend(reads.0);
                }
                self.fallback += usize::from(on_switch);
                visitor::walk_stmt(self, stmt);
                self.fallback -= usize::from(on_switch);
                return;
            }
            Stmt::Try(t) => {
                self.visit_body(&t.body);
                self.fallback += 1;
                for h in &t.handlers {
                    self.visit_except_handler(h);
                }
                self.fallback -= 1;
                self.visit_body(&t.orelse);
                self.visit_body(&t.finalbody);
                return;
            }
            Stmt::Return(r) if self.in_function > 0 => {
                if let Some(value) = &r.value
                    && is_literal(value)
                    && self.nearby_comment_says_canned(r.range)
                {
                    self.canned.push(MockFact::new(
                        span(r.range),
                        "canned mock response returned".to_string(),
                    ));
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        let fallback = self.fallback > 0;
        match expr {
            Expr::Name(n) if is_double_function_name(n.id.as_str()) => {
                self.loads.push((n.id.to_string(), span(n.range), fallback));
            }
            Expr::Attribute(a) if is_double_function_name(a.attr.as_str()) => {
                self.loads
                    .push((a.attr.to_string(), span(a.attr.range), fallback));
            }
            // `FakeLLM() if USE_MOCK else RealLLM()`
            Expr::If(i) if mentions_double(&i.test) => {
                self.fallback += 1;
                visitor::walk_expr(self, expr);
                self.fallback -= 1;
                return;
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// Whether a condition is about mocking: it reads a mock switch, or a
/// name or string such as `settings.mock`, `os.getenv("USE_FAKE_LLM")`.
fn mentions_double(e: &Expr) -> bool {
    #[derive(Default)]
    struct Mentions(bool);
    impl<'a> Visitor<'a> for Mentions {
        fn visit_expr(&mut self, expr: &'a Expr) {
            let word = |s: &str| {
                let l = s.to_ascii_lowercase();
                is_mock_switch_name(s)
                    || l.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
                        matches!(
                            w,
                            "mock" | "mocks" | "mocked" | "fake" | "simulated" | "simulation"
                        )
                    })
            };
            match expr {
                Expr::Name(n) if word(n.id.as_str()) => self.0 = true,
                Expr::Attribute(a) if word(a.attr.as_str()) => self.0 = true,
                Expr::StringLiteral(s) if word(s.value.to_str()) => self.0 = true,
                // `isinstance(frame, FakeFrame)` asks about a type, not a switch.
                Expr::Call(c) if matches!(c.func.as_ref(), Expr::Name(n) if matches!(n.id.as_str(), "isinstance" | "issubclass")) =>
                    {}
                _ => visitor::walk_expr(self, expr),
            }
        }
    }
    let mut m = Mentions::default();
    m.visit_expr(e);
    m.0
}

/// `settings.USE_MOCK` / `config.mock_mode` read in an `if` test.
#[derive(Default)]
struct SwitchReads(Vec<(String, Range<usize>)>);

impl<'a> Visitor<'a> for SwitchReads {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(a) if is_mock_switch_name(a.attr.as_str()) => {
                self.0.push((a.attr.to_string(), span(a.range)));
            }
            Expr::Name(n) if is_mock_switch_name(n.id.as_str()) => {
                self.0.push((n.id.to_string(), span(n.range)));
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}
